"""A self-contained HTML review page of what textmend changed and why.

:func:`to_html` renders one page (no network, no external CSS, no script at all) with a
section per document: its spin score and the evidence behind it, the counts of edits and
suggestions, a chart of where the findings fall (with the regional spin rate when the
engine gives one), and the text with every applied edit marked as a deletion plus an
insertion and every suggestion marked apart. Marks are keyboard-focusable; hover or focus
shows the rule, confidence, explanation, alternatives and evidence.

The page is a Jinja2 template (``templates/report.html``) with autoescaping on: every
piece of user text is escaped by the template engine, never concatenated into markup.
A Content-Security-Policy meta tag forbids scripts and every request, as a second wall.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files
from typing import Any, NamedTuple

from .model import Edit, Result
from .records import RANKING_LABEL, LineIndex, edit_fields, other_candidates, ranking_score, shown

TEMPLATE = "report.html"

TEXT_COLOUR = "#1b1b1b"
"""Colour of the document text (and of suggestion marks)."""
DELETED_COLOUR = "#8a1010"
"""Colour of deleted (spun) text in an applied edit."""
INSERTED_COLOUR = "#0a4a17"
"""Colour of inserted (restored) text in an applied edit."""
PAGE_BACKGROUND = "#ffffff"


class Band(NamedTuple):
    """A confidence band: findings with ``low <= confidence`` (and below the next band)."""

    low: float
    name: str
    label: str
    background: str
    """Mark background of applied edits in this band; the text on it must meet WCAG AA."""
    line: str
    """Underline of suggestions and chart ticks in this band (non-text contrast >= 3:1)."""


BANDS: tuple[Band, ...] = (
    Band(0.9, "sure", "0.90 - 1.00", "#a8c4f0", "#1f4fa3"),
    Band(0.75, "likely", "0.75 - 0.90", "#c9dbf7", "#3b6bc0"),
    Band(0.5, "maybe", "0.50 - 0.75", "#e3ecfb", "#4f78c4"),
    Band(0.0, "weak", "0.00 - 0.50", "#f1f1f1", "#767676"),
)
"""Confidence bands, most confident first: colour follows confidence (the page's legend)."""


def band(confidence: float) -> Band:
    """The :data:`BANDS` entry for a confidence (0-1)."""
    for b in BANDS:
        if confidence >= b.low:
            return b
    return BANDS[-1]


class Section(NamedTuple):
    """One document of the page: a name, its input text and textmend's result on it."""

    name: str
    """How the document is named on the page (a path, a title)."""
    text: str | None
    """The input the result's offsets point into; ``None``: rebuilt from the result."""
    result: Result
    line: int | None = None
    """JSON Lines input: the record's line number (from 1)."""


def source_text(result: Result) -> str:
    """The input text of ``result``, rebuilt by undoing its applied edits on ``result.text``.

    Raises ``ValueError`` when the edits do not fit the repaired text (a hand-made
    ``Result`` whose replacements are not where its offsets say).
    """
    parts: list[str] = []
    pos = 0  # in result.text
    shift = 0  # len(result.text prefix) - len(input prefix)
    for edit in result.edits:
        at = edit.start + shift
        if at < pos or result.text[at : at + len(edit.replacement)] != edit.replacement:
            raise ValueError(f"edit at {edit.start} does not match the repaired text")
        parts += [result.text[pos:at], edit.original]
        pos = at + len(edit.replacement)
        shift += len(edit.replacement) - (edit.end - edit.start)
    parts.append(result.text[pos:])
    return "".join(parts)


def to_html(
    results: Result | Iterable[Result | Section | tuple[Any, ...]],
    *,
    title: str = "textmend review",
    sort: bool = True,
) -> str:
    """Render the review page of one or more results as one self-contained HTML string.

    ``results`` is a :class:`~textmend.model.Result`, or an iterable of Results,
    :class:`Section` objects, ``(name, text, result[, line])`` tuples or ``(name, result)``
    pairs. A bare Result is named "document N"; the input of a bare Result, of a pair and of
    a ``text`` of ``None`` is rebuilt from the result's edits (:func:`source_text`).
    With ``sort`` (default) documents are shown worst first (highest spin score; ties keep
    their order). Uses the v2 fields when present (``Edit.alternatives``,
    ``Edit.evidence``, ``Result.regions``) and renders without them.

    Raises ``ValueError`` when an edit's ``original`` is not at its offsets in the text.
    """
    items = [results] if isinstance(results, Result) else list(results)
    sections = [_section(item, n) for n, item in enumerate(items, start=1)]
    if sort:
        sections.sort(key=lambda s: -s.result.spin_score)
    views = [_view(s, n) for n, s in enumerate(sections, start=1)]
    return _template().render(
        title=title,
        docs=views,
        bands=BANDS,
        colours={
            "text": TEXT_COLOUR,
            "deleted": DELETED_COLOUR,
            "inserted": INSERTED_COLOUR,
            "page": PAGE_BACKGROUND,
        },
    )


@lru_cache(maxsize=1)
def _template() -> Any:
    import jinja2  # imported on first use: the repair path never pays for it

    source = files("textmend").joinpath("templates", TEMPLATE).read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["shown"] = shown  # scores and confidences rounded down, as the terminal shows them
    return env.from_string(source)


def _section(item: Result | Section | tuple[Any, ...], n: int) -> Section:
    if isinstance(item, Result):
        return Section(f"document {n}", None, item)
    if isinstance(item, Section):
        return item
    if isinstance(item, tuple) and 3 <= len(item) <= 4 and isinstance(item[2], Result):
        return Section(*item)
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], Result):
        return Section(item[0], None, item[1])
    raise TypeError(
        "to_html takes Results, Sections, (name, text, result[, line]) tuples or (name, result) pairs; "
        f"got {type(item).__name__}" + (f" of {len(item)}" if isinstance(item, tuple) else "")
    )


def _view(section: Section, n: int) -> dict[str, Any]:
    """Everything the template shows of one document, as plain values (no markup)."""
    result = section.result
    text = section.text if section.text is not None else source_text(result)
    findings = sorted(
        [(e, True) for e in result.edits] + [(e, False) for e in result.suggestions],
        key=lambda p: (p[0].start, not p[1]),
    )
    for edit, _ in findings:
        if not (0 <= edit.start <= edit.end <= len(text)) or text[edit.start : edit.end] != edit.original:
            raise ValueError(f"{section.name}: edit {edit.original!r} is not at {edit.start}:{edit.end}")
    pieces: list[dict[str, Any]] = []
    marks: list[dict[str, Any]] = []
    pos = 0
    lines = LineIndex(text)
    for k, (edit, applied) in enumerate(findings, start=1):
        mark = _mark(edit, applied, f"d{n}-f{k}", lines)
        marks.append(mark)
        if edit.start < pos:  # overlaps a finding already shown: listed, not marked
            mark["inline"] = False
            continue
        if edit.start > pos:
            pieces.append({"kind": "text", "text": text[pos : edit.start]})
        pieces.append(mark)
        pos = edit.end
    if pos < len(text):
        pieces.append({"kind": "text", "text": text[pos:]})
    length = max(len(text), 1)
    rules: dict[str, list[int]] = {}
    for edit, applied in findings:
        rules.setdefault(edit.rule, [0, 0])[0 if applied else 1] += 1
    return {
        "id": f"d{n}",
        "name": section.name,
        "line": section.line,
        "spin_score": result.spin_score,
        "edits": len(result.edits),
        "suggestions": len(result.suggestions),
        "chars": len(text),
        "words": len(text.split()),
        "rules": sorted(rules.items(), key=lambda kv: -sum(kv[1])),
        "pieces": pieces,
        "marks": marks,
        "regions": [
            {
                "x": 1000 * r.start / length,
                "width": 1000 * (r.end - r.start) / length,
                "rate": r.spin_rate,
                "start": r.start,
                "end": r.end,
            }
            for r in result.regions
            if text[r.start : r.end].strip()  # an empty (or blank) input's one region: no rate to show
        ],
        "ticks": [{"x": 1000 * (m["start"] + m["end"]) / 2 / length, **m} for m in marks],
    }


def _mark(edit: Edit, applied: bool, ident: str, lines: LineIndex) -> dict[str, Any]:
    """One finding for the template: ``start``/``end`` are 0-based ``str`` offsets (the
    ``data-start``/``data-end`` attributes, as in JSON records); ``line``/``column`` count
    from 1, as ``textmend explain`` prints them, for the list people read."""
    b = band(edit.confidence)
    alternatives = [(alt, ranking_score(p)) for alt, p in other_candidates(edit)]
    return {
        "kind": "edit" if applied else "suggestion",
        "id": ident,
        "inline": True,
        **edit_fields(edit, lines),
        "explanation": edit.explanation,
        "band": b.name,
        "band_line": b.line,
        "alternatives": alternatives,  # (original, ranking score as shown)
        "alternatives_label": RANKING_LABEL,
        "evidence": edit.evidence,
    }
