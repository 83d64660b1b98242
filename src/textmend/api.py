"""The front door: ``repair``, ``detect`` and ``score``.

Pure functions of ``(text, config)``; the channel and language model load on first use and are shared.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Sequence

from .alternatives import reported, widened
from .config import Config, resolve_config
from .detect import Analysis, analyse, decide, observe
from .gcpause import paused
from .invisible import view
from .model import Edit, Result, compose_edits
from .parameters import get_parameters
from .recheck import first_look, look_again
from .rewrite import all_edits, choose, rewrite

MAX_ROUNDS = 4
"""Repair passes at most: the first, then re-checks of the output until it is stable."""
SUGGESTION_FLOOR = 0.05
"""``repair`` leaves out findings less confident than this (noise); ``detect`` keeps them all."""

NOT_TEXT = "textmend works on str; got {kind}."
NOT_TEXT_BYTES = "textmend works on str; got {kind}. Decode bytes first, e.g. data.decode('utf-8')."
NOT_TEXT_MISSING = "textmend works on str; got {kind} (a missing value?). Drop or fill missing values first."
MISSING_KINDS = {"NAType": "pd.NA", "NaTType": "NaT"}
"""Type names of pandas' missing-value singletons, and how the message names them (pandas is
not imported for this)."""


@paused
def repair(text: str, *, config: Config | None = None, **overrides: object) -> Result:
    """Repair spun phrases in ``text``.

    Findings at or above ``config.threshold`` are applied (``Result.edits``); the rest,
    down to ``SUGGESTION_FLOOR``, come back as ``Result.suggestions``. Offsets point into
    ``text``.

    Characters that render as nothing (soft hyphen, zero-width space, direction marks, word
    joiner, BOM: ``textmend.invisible.INVISIBLE``) are read as absent, so "war\u00adfare" is
    "warfare"; one inside an edited span is replaced with it, every other one is kept, and
    offsets still point into ``text``.

    Raises ``TypeError`` if ``text`` is not a ``str`` (decode bytes first), and ``TypeError`` or
    ``ValueError`` for a bad ``config`` or override (an unknown name, a threshold outside 0-1,
    an unknown pack; see :class:`~textmend.Config`).
    """
    cfg = resolve_config(config, overrides)
    _check_text(text)
    visible = view(text)
    if visible is None:
        return _repair(text, cfg)
    return visible.result(_repair(visible.text, cfg))


def _repair(text: str, cfg: Config) -> Result:
    """:func:`repair` of a ``text`` without invisible characters."""
    observed, seen = first_look(text, cfg)
    # the reported findings' alternatives from all their candidates (textmend.alternatives)
    analysis = decide(observed, get_parameters(), SUGGESTION_FLOOR)
    if cfg.wide_alternatives:
        analysis = widened(text, cfg, analysis, reported(analysis, observed))
    del observed
    applied, suggested = choose(_keeping_lines(all_edits(text, analysis, SUGGESTION_FLOOR)), cfg.threshold)
    spin_score = analysis.spin_score
    regions = analysis.regions
    del analysis  # the findings of a huge text are large: free them before any re-check
    fixed = rewrite(text, applied)
    changes: tuple[Edit, ...] = applied  # what turned the text seen last into ``fixed``
    # An edit can complete a new spun form with its neighbours, or shift the evidence;
    # repeat on the output until nothing more applies, so repair(repair(t)) changes nothing.
    # The re-check re-scores only the spans near the changes (textmend.recheck: same result).
    given_back: set[tuple[int, int, str]] = set()  # edits a later round undid: never applied again
    floor = max(cfg.threshold, SUGGESTION_FLOOR)  # threshold 0: still nothing below the floor
    for _ in range(MAX_ROUNDS - 1 if applied else 0):
        observed, seen = look_again(seen, fixed, [(e.start, e.end, e.replacement) for e in changes], cfg)
        again, _ = choose(
            _keeping_lines(all_edits(fixed, decide(observed, get_parameters(), floor), floor)),
            cfg.threshold,
        )
        del observed
        if not again:
            break
        composed = compose_edits(text, applied, again)
        given_back |= _given_back(applied, composed)
        composed = [e for e in composed if (e.start, e.end, e.replacement) not in given_back]
        if composed == list(applied):  # only re-applications of undone edits: a cycle, stop
            break
        applied = tuple(composed)
        fixed = rewrite(text, applied)
        changes = again
        suggested = _outside(suggested, applied)
    return Result(fixed, applied, suggested, spin_score, regions)


@paused
def detect(text: str, *, config: Config | None = None, **overrides: object) -> list[Edit]:
    """Every finding in ``text``, applied or not, in text order (overlaps included): a list of
    :class:`~textmend.Edit` with offsets into ``text`` (invisible characters read as
    :func:`repair` reads them); errors as :func:`repair`."""
    cfg = resolve_config(config, overrides)
    _check_text(text)
    visible = view(text)
    seen = text if visible is None else visible.text
    edits = _keeping_lines(all_edits(seen, _widely(seen, cfg)))
    return edits if visible is None else [visible.edit(e) for e in edits]


def _widely(text: str, cfg: Config) -> Analysis:
    """:func:`textmend.detect.analyse` of ``text`` (all findings) with the findings' alternatives
    widened (``textmend.alternatives``), re-using the decision's observations; those of the spans
    that yield no finding are let go first."""
    observed = observe(text, cfg)
    analysis = decide(observed, get_parameters())
    if not cfg.wide_alternatives:
        return analysis
    decided = reported(analysis, observed)
    del observed
    return widened(text, cfg, analysis, decided)


_LINE_BREAKS = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _keeping_lines(edits: list[Edit]) -> list[Edit]:
    """Drop findings that would join or split lines ("as\\nan alternative" -> "instead"):
    an edit keeps the line breaks of the text it replaces, so line numbers stay valid."""
    return [e for e in edits if _LINE_BREAKS.findall(e.original) == _LINE_BREAKS.findall(e.replacement)]


@paused
def score(text: str, *, config: Config | None = None, **overrides: object) -> float:
    """How spun ``text`` looks: a float from 0 (clean) to 1 (heavily spun), the calibrated
    probability that it holds spun passages (``Result.spin_score``; invisible characters read
    as :func:`repair` reads them); errors as :func:`repair`."""
    cfg = resolve_config(config, overrides)
    _check_text(text)
    visible = view(text)
    return _analyse(text if visible is None else visible.text, cfg).spin_score


def _given_back(before: Sequence[Edit], after: Sequence[Edit]) -> set[tuple[int, int, str]]:
    """The edits of ``before`` (start, end, replacement) that a later round gave back: gone from
    ``after`` with no edit of ``after`` over their span (a merge into a wider edit is not one).

    A text whose repair undoes its own edit ("10" -> "x" at a window edge, then "x" -> "10" seen
    in full context) would otherwise swing between the two for every round (``MAX_ROUNDS``)."""
    kept = {(e.start, e.end, e.replacement) for e in after}
    out = set()
    for e in before:
        key = (e.start, e.end, e.replacement)
        if key not in kept and not any(a.start < e.end and e.start < a.end or a.start == e.start for a in after):
            out.add(key)
    return out


def _outside(suggested: tuple[Edit, ...], applied: tuple[Edit, ...]) -> tuple[Edit, ...]:
    """The suggestions that overlap no applied edit (both lists in text order)."""
    kept: list[Edit] = []
    k = 0
    for s in suggested:
        while k < len(applied) and applied[k].end <= s.start:
            k += 1
        if k == len(applied) or applied[k].start >= s.end:
            kept.append(s)
    return tuple(kept)


def _analyse(text: str, config: Config, floor: float = 0.0) -> Analysis:
    _check_text(text)
    return analyse(text, config, floor)


def _check_text(text: object) -> None:
    if not isinstance(text, str):
        raise TypeError(not_text(text))


def not_text(value: object) -> str:
    """The ``TypeError`` message for a non-``str`` input: what it is and what to do. ``None``, a
    float NaN, ``pd.NA`` and ``NaT`` are most often missing values (a pandas column: ``Series.map``
    hands a gap over as NaN), ``bytes`` undecoded text."""
    missing = _missing_kind(value)
    if missing is not None:
        return NOT_TEXT_MISSING.format(kind=missing)
    message = NOT_TEXT_BYTES if isinstance(value, (bytes, bytearray, memoryview)) else NOT_TEXT
    return message.format(kind=type(value).__name__)


def _missing_kind(value: object) -> str | None:
    """How :func:`not_text` names ``value`` if it is a missing value, else ``None``."""
    if value is None:
        return "None"
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral) and math.isnan(value):
        return "NaN"
    return MISSING_KINDS.get(type(value).__name__)
