"""Quality, harm and document-score metrics.

- :func:`score_document` maps one repair of a spun text against the spinner's gold.
- :func:`evaluate_quality` spins many texts and adds the scores up (precision, recall, F0.5,
  detection recall, by rule and by gold kind).
- :func:`evaluate_harm` counts applied edits on clean text (false edits).
- :func:`roc_auc` and :func:`check_precision_recall` score ``spin_score`` as a classifier.

For a quick look from a shell or a test::

    >>> from benchmarks.quality import quick_check
    >>> report = quick_check(limit=100)          # doctest: +SKIP
    >>> report["quality"][0.3].precision         # doctest: +SKIP

``repair`` is any function with textmend's ``repair(text) -> Result`` contract, so the
harness can be tested against a stand-in.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .corpus import Doc, count_word_tokens, count_words, load_texts
from .spinner import SpunText, Substitution

KINDS = ("content", "function", "number")
NO_GOLD = "(no gold)"


# -- scoring one document ---------------------------------------------------------------


class EditVerdict(NamedTuple):
    edit: Any
    label: str
    """``correct``: the repaired text equals the original there; ``wrong``: it touches gold
    spans but does not give back the original (``wrong-case`` if only case differs);
    ``false``: it touches no gold span (clean text was changed)."""
    kind: str
    """Gold kind of the spans it touches, or :data:`NO_GOLD`."""
    expected: str
    """What the original text says over the compared region (empty for ``false``)."""
    got: str
    """What the repaired text says over that region."""
    pos: str = ""
    """Part of speech (or kind, see :func:`pos_of`) of the first gold span it touches."""


class DocScore(NamedTuple):
    verdicts: tuple[EditVerdict, ...]
    restored: tuple[bool, ...]
    """Per gold substitution: restored exactly."""
    detected: tuple[bool, ...]
    """Per gold substitution: overlapped by any finding (edit or suggestion)."""
    consistent: bool
    """Applying the edits to the spun text gives ``Result.text``."""
    proposed: tuple[bool, ...] = ()
    """Per gold substitution: the right original is among the ``alternatives`` (or the
    ``replacement``) of a finding that overlaps it, at any confidence (see
    :func:`proposed_originals`)."""


def pos_of(gold: Substitution) -> str:
    """The part of speech of a gold swap if the spinner recorded one, else its kind."""
    return getattr(gold, "pos", "") or gold.kind


def _golds_over(golds: Sequence[Substitution], start: int, end: int) -> list[Substitution]:
    return [g for g in golds if _overlaps(start, end, g.start, g.end)]


def restores(spun: SpunText, finding: Any, replacement: str | None = None,
             ignore_case: bool = False) -> bool:
    """Whether applying ``finding`` alone (with ``replacement`` instead of its own, if given)
    gives back the original text over the finding and every gold span it touches.

    False when it touches no gold span. Spans are extended to whole gold spans, so "an" ->
    "a" inside the gold "an indication" <- "a sign" does not count on its own.
    """
    golds = _golds_over(spun.subs, finding.start, finding.end)
    if not golds:
        return False
    start = min([finding.start] + [g.start for g in golds])
    end = max([finding.end] + [g.end for g in golds])
    new = finding.replacement if replacement is None else replacement
    got = _apply(spun.text, start, end, [(finding.start, finding.end, new)])
    expected = _apply(spun.text, start, end, ((g.start, g.end, g.original) for g in golds))
    return got.lower() == expected.lower() if ignore_case else got == expected


def proposed_originals(spun: SpunText, findings: Sequence[Any]) -> tuple[bool, ...]:
    """Per gold substitution of ``spun``: is the right original proposed at any confidence?

    True when some finding (edit or suggestion) overlapping the gold span lists, among its
    ``alternatives`` (or as its ``replacement`` when it has none), a text that restores the
    original there (:func:`restores`, case-insensitive: the question is whether the engine
    knows the word, not how it cases it).
    """
    out = []
    for g in spun.subs:
        hit = False
        for f in findings:
            if not _overlaps(f.start, f.end, g.start, g.end):
                continue
            options = [alt for alt, _ in getattr(f, "alternatives", ())] or [f.replacement]
            if any(restores(spun, f, alt, ignore_case=True) for alt in options):
                hit = True
                break
        out.append(hit)
    return tuple(out)


def _apply(text: str, start: int, end: int, changes: Iterable[tuple[int, int, str]]) -> str:
    """``text[start:end]`` with the non-overlapping ``changes`` (absolute offsets) applied."""
    parts, pos = [], start
    for s, e, replacement in sorted(changes):
        parts.append(text[pos:s])
        parts.append(replacement)
        pos = e
    parts.append(text[pos:end])
    return "".join(parts)


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    if a_start == a_end:  # an insertion touches a span it sits inside or at the edge of
        return b_start <= a_start <= b_end
    if b_start == b_end:
        return a_start <= b_start <= a_end
    return a_start < b_end and b_start < a_end


def score_document(spun: SpunText, edits: Sequence[Any], suggestions: Sequence[Any] = (),
                   repaired: str | None = None) -> DocScore:
    """Score applied ``edits`` (offsets into ``spun.text``) against the gold substitutions.

    Edits and gold spans that overlap form clusters. Over a cluster's extent, the spun text
    with the cluster's edits applied is compared with the spun text with its gold spans put
    back to the original. Equal: every edit in the cluster is ``correct`` and every gold span
    in it ``restored``. Not equal: the edits are ``wrong``. Edits touching no gold are
    ``false``.
    """
    golds = list(spun.subs)
    items = [(e.start, e.end, "e", i) for i, e in enumerate(edits)]
    items += [(g.start, g.end, "g", i) for i, g in enumerate(golds)]
    items.sort(key=lambda t: (t[0], t[1]))
    clusters: list[list[tuple[int, int, str, int]]] = []
    cluster_end = -1
    for item in items:
        start, end = item[0], item[1]
        if clusters and (start < cluster_end or (start == end and start <= cluster_end)):
            clusters[-1].append(item)
            cluster_end = max(cluster_end, end)
        else:
            clusters.append([item])
            cluster_end = end

    verdicts: list[EditVerdict | None] = [None] * len(edits)
    restored = [False] * len(golds)
    for cluster in clusters:
        e_idx = [i for _, _, what, i in cluster if what == "e"]
        g_idx = [i for _, _, what, i in cluster if what == "g"]
        if not e_idx:
            continue
        start = min(c[0] for c in cluster)
        end = max(c[1] for c in cluster)
        got = _apply(spun.text, start, end, ((edits[i].start, edits[i].end, edits[i].replacement)
                                             for i in e_idx))
        if not g_idx:
            for i in e_idx:
                verdicts[i] = EditVerdict(edits[i], "false", NO_GOLD, "", got)
            continue
        expected = _apply(spun.text, start, end, ((golds[i].start, golds[i].end, golds[i].original)
                                                  for i in g_idx))
        kind = golds[g_idx[0]].kind
        pos = pos_of(golds[g_idx[0]])
        if got == expected:
            label = "correct"
            for i in g_idx:
                restored[i] = True
        else:
            label = "wrong-case" if got.lower() == expected.lower() else "wrong"
        for i in e_idx:
            verdicts[i] = EditVerdict(edits[i], label, kind, expected, got, pos)

    findings = list(edits) + list(suggestions)
    detected = tuple(
        any(_overlaps(f.start, f.end, g.start, g.end) for f in findings) for g in golds
    ) if findings else tuple(False for _ in golds)
    consistent = True
    if repaired is not None:
        consistent = _apply(spun.text, 0, len(spun.text),
                            ((e.start, e.end, e.replacement) for e in edits)) == repaired
    return DocScore(tuple(v for v in verdicts if v is not None), tuple(restored), detected,
                    consistent, proposed_originals(spun, findings))


# -- adding up ------------------------------------------------------------------------------


def f_beta(precision: float, recall: float, beta: float = 0.5) -> float:
    if precision <= 0 and recall <= 0:
        return 0.0
    b2 = beta * beta
    return (1 + b2) * precision * recall / (b2 * precision + recall)


def _ratio(num: float, den: float) -> float:
    return num / den if den else float("nan")


@dataclass
class Tally:
    edits: int = 0
    correct: int = 0
    wrong: int = 0
    wrong_case: int = 0
    false: int = 0
    gold: int = 0
    restored: int = 0
    detected: int = 0
    """Gold spans overlapped by any finding."""
    proposed: int = 0
    """Gold spans whose right original some overlapping finding of ``repair`` proposes (its edits
    and suggestions: confidence down to ``repair``'s suggestion floor)."""
    proposed_any: int = 0
    """The same over every finding at any confidence (``textmend.detect``), where measured."""
    measured_any: int = 0
    """Gold spans of documents whose every finding was measured (the base of ``proposed_any``)."""

    @property
    def precision(self) -> float:
        return _ratio(self.correct, self.edits)

    @property
    def recall(self) -> float:
        return _ratio(self.restored, self.gold)

    @property
    def f05(self) -> float:
        p, r = self.precision, self.recall
        return f_beta(p, r) if p == p and r == r else float("nan")

    @property
    def detection_recall(self) -> float:
        """Share of gold swaps whose right original ``repair`` proposes (edits and suggestions)."""
        return _ratio(self.proposed, self.gold)

    @property
    def detection_recall_any(self) -> float:
        """Share of gold swaps whose right original is proposed at any confidence (issue 11's
        coverage: among a finding's top 3 alternatives); NaN where not measured."""
        return _ratio(self.proposed_any, self.measured_any)

    @property
    def flagged_recall(self) -> float:
        """Share of gold swaps overlapped by any finding, right original or not."""
        return _ratio(self.detected, self.gold)

    def add_verdict(self, label: str) -> None:
        self.edits += 1
        if label == "correct":
            self.correct += 1
        elif label == "false":
            self.false += 1
        else:
            self.wrong += 1
            self.wrong_case += label == "wrong-case"


@dataclass
class QualityReport:
    rate: float
    docs: int = 0
    content_words: int = 0
    inconsistent_docs: int = 0
    total: Tally = field(default_factory=Tally)
    by_rule: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_pos: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    """By the gold word's part of speech (:func:`pos_of`: NOUN, VERB, ADJ, ADV, else kind)."""
    applied: list[tuple[float, bool]] = field(default_factory=list)
    """(confidence, correct) of every applied edit (the cluster verdict of part 1)."""
    findings: list[tuple[float, bool]] = field(default_factory=list)
    """(confidence, restores on its own) of every finding, edits and suggestions alike."""
    wrong: Counter = field(default_factory=Counter)
    """(spun, replacement, expected) -> count, for edits on gold that did not restore it."""
    false_in_spun: Counter = field(default_factory=Counter)
    """(original, replacement) -> count, for edits on untouched text of spun documents."""
    missed: Counter = field(default_factory=Counter)
    """(spun, original) -> count, gold substitutions not restored."""
    spin_scores: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    """Messages of repair calls that raised (those documents are left out)."""

    @property
    def precision(self) -> float:
        return self.total.precision

    @property
    def recall(self) -> float:
        return self.total.recall

    @property
    def f05(self) -> float:
        return self.total.f05

    @property
    def detection_recall(self) -> float:
        return self.total.detection_recall

    @property
    def detection_recall_any(self) -> float:
        return self.total.detection_recall_any

    @property
    def achieved_rate(self) -> float:
        """Content-word substitutions per content word actually made by the spinner."""
        return _ratio(self.by_kind["content"].gold, self.content_words)

    def add(self, spun: SpunText, result: Any) -> None:
        if isinstance(result, RepairFailed):
            self.errors.append(result.error)
            return
        score = score_document(spun, result.edits, result.suggestions, result.text)
        self.docs += 1
        self.content_words += spun.content_words
        self.inconsistent_docs += not score.consistent
        self.spin_scores.append(float(result.spin_score))
        for v in score.verdicts:
            rule = getattr(v.edit, "rule", "?")
            tallies = [self.total, self.by_rule[rule], self.by_kind[v.kind]]
            if v.kind != NO_GOLD:
                tallies.append(self.by_pos[v.pos])
            for tally in tallies:
                tally.add_verdict(v.label)
            self.applied.append((float(getattr(v.edit, "confidence", float("nan"))),
                                 v.label == "correct"))
            key = (v.edit.original, v.edit.replacement)
            if v.label == "false":
                self.false_in_spun[key] += 1
            elif v.label != "correct":
                self.wrong[(v.edit.original, v.edit.replacement, v.expected)] += 1
        for f in (*result.edits, *result.suggestions):
            self.findings.append((float(getattr(f, "confidence", float("nan"))),
                                  restores(spun, f)))
        every = getattr(result, "findings", None)
        anywhere = (proposed_originals(spun, every) if every is not None
                    else (False,) * len(spun.subs))
        for g, ok, seen, right, right_any in zip(spun.subs, score.restored, score.detected,
                                                 score.proposed, anywhere):
            for tally in (self.total, self.by_kind[g.kind], self.by_pos[pos_of(g)]):
                tally.gold += 1
                tally.restored += ok
                tally.detected += seen
                tally.proposed += right
                tally.proposed_any += right_any
                tally.measured_any += every is not None
            if not ok:
                self.missed[(g.spun.lower(), g.original.lower())] += 1


@dataclass
class HarmReport:
    docs: int = 0
    words: int = 0
    word_tokens: int = 0
    edits: int = 0
    suggestions: int = 0
    docs_with_edits: int = 0
    by_rule: Counter = field(default_factory=Counter)
    false_edits: Counter = field(default_factory=Counter)
    """(original, replacement) lower-cased -> count."""
    inconsistent_docs: int = 0
    spin_scores: list[float] = field(default_factory=list)
    edited: list[bool] = field(default_factory=list)
    """Per document, parallel to ``spin_scores``: whether repair applied an edit."""
    errors: list[str] = field(default_factory=list)
    """Messages of repair calls that raised (their words still count; no edits do)."""

    def check_flags(self, threshold: float) -> int:
        """Documents ``textmend check`` flags: spin score >= ``threshold`` or an edit to apply
        (``textmend.cli.looks_spun``)."""
        edited = self.edited if len(self.edited) == len(self.spin_scores) else [False] * len(self.spin_scores)
        return sum(s >= threshold or e for s, e in zip(self.spin_scores, edited))

    @property
    def per_1000_words(self) -> float:
        return _ratio(1000 * self.edits, self.words)

    @property
    def per_1000_word_tokens(self) -> float:
        return _ratio(1000 * self.edits, self.word_tokens)

    def add(self, text: str, result: Any) -> None:
        self.docs += 1
        self.words += count_words(text)
        self.word_tokens += count_word_tokens(text)
        if isinstance(result, RepairFailed):
            self.errors.append(result.error)
            return
        self.edits += len(result.edits)
        self.suggestions += len(result.suggestions)
        self.docs_with_edits += bool(result.edits)
        self.spin_scores.append(float(result.spin_score))
        self.edited.append(bool(result.edits))
        parts, pos = [], 0
        for e in result.edits:
            self.by_rule[getattr(e, "rule", "?")] += 1
            self.false_edits[(e.original.lower(), e.replacement.lower())] += 1
            parts.append(text[pos:e.start])
            parts.append(e.replacement)
            pos = e.end
        parts.append(text[pos:])
        self.inconsistent_docs += "".join(parts) != result.text


# -- document score ---------------------------------------------------------------------------


def roc_auc(positives: Sequence[float], negatives: Sequence[float]) -> float:
    """ROC AUC: the chance a random positive scores above a random negative (ties count
    half), by the rank-sum (Mann-Whitney U) formula with average ranks for ties."""
    if not positives or not negatives:
        return float("nan")
    pooled = sorted([(s, 1) for s in positives] + [(s, 0) for s in negatives])
    rank_sum = 0.0
    i = 0
    while i < len(pooled):
        j = i
        while j < len(pooled) and pooled[j][0] == pooled[i][0]:
            j += 1
        average_rank = (i + 1 + j) / 2  # ranks i+1 .. j
        rank_sum += average_rank * sum(label for _, label in pooled[i:j])
        i = j
    n_pos, n_neg = len(positives), len(negatives)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def check_threshold() -> tuple[float, str]:
    """The score threshold ``textmend check`` flags documents at, and where it came from."""
    try:
        from textmend import cli
    except Exception:  # noqa: BLE001 - the CLI may not exist yet
        cli = None
    for name in ("CHECK_THRESHOLD", "SCORE_THRESHOLD", "DEFAULT_SCORE_THRESHOLD",
                 "SPIN_THRESHOLD", "DEFAULT_CHECK_THRESHOLD"):
        value = getattr(cli, name, None)
        if isinstance(value, (int, float)):
            return float(value), f"textmend.cli.{name}"
    command = getattr(cli, "check", None)  # the click command's --threshold default
    for param in getattr(command, "params", ()):
        if param.name == "threshold" and isinstance(param.default, (int, float)):
            return float(param.default), "the default of `textmend check --threshold`"
    return 0.5, "0.5 (textmend.cli defines no check threshold)"


def check_precision_recall(positives: Sequence[float], negatives: Sequence[float],
                           threshold: float) -> tuple[float, float]:
    """Precision and recall of flagging a document when ``spin_score >= threshold``."""
    tp = sum(s >= threshold for s in positives)
    fp = sum(s >= threshold for s in negatives)
    return _ratio(tp, tp + fp), _ratio(tp, len(positives))


# -- running ----------------------------------------------------------------------------------


def _default_repair() -> Callable[[str], Any]:
    import textmend

    return textmend.repair


class RepairFailed(NamedTuple):
    """Stands in for a Result when repair raised: the run goes on and counts it."""

    error: str


def _safe_repair(repair: Callable[[str], Any], text: str) -> Any:
    try:
        return repair(text)
    except Exception as exc:  # noqa: BLE001 - counted and reported, not hidden
        return RepairFailed(f"{type(exc).__name__}: {exc}")


def _spin(args: tuple[str, str, float, int, str]) -> SpunText:
    doc_id, text, rate, seed, thesaurus = args
    from .spinner import spin

    return spin(text, rate, seed=seed, key=doc_id, thesaurus=thesaurus)


def spin_many(docs: Sequence[Doc], rate: float, *, seed: int = 0, thesaurus: str | None = None,
              jobs: int = 1) -> list[SpunText]:
    """Every doc spun at ``rate`` by the spinner over ``thesaurus`` (resolved here, so worker
    processes spin with it whatever their environment says)."""
    from .spinner import thesaurus_name

    name = thesaurus_name(thesaurus)
    return list(_map(_spin, [(d.id, d.text, rate, seed, name) for d in docs], jobs))


def score_quality(spuns: Sequence[SpunText], results: Sequence[Any], rate: float) -> QualityReport:
    """Add up the scores of ``results`` (one per spun text, e.g. from ``Engine.repair_many``)."""
    report = QualityReport(rate)
    for spun, result in zip(spuns, results):
        report.add(spun, result)
    return report


def _spin_and_repair(args: tuple[str, str, float, int, str]) -> tuple[SpunText, Any]:
    doc_id, text, rate, seed, thesaurus = args
    from .spinner import spin

    spun = spin(text, rate, seed=seed, key=doc_id, thesaurus=thesaurus)
    return spun, _safe_repair(_default_repair(), spun.text)


def _repair_clean(text: str) -> Any:
    return _safe_repair(_default_repair(), text)


def _map(func: Callable, items: list, jobs: int) -> Iterable:
    if jobs <= 1 or len(items) < 2:
        return map(func, items)
    pool = ProcessPoolExecutor(max_workers=jobs)
    try:
        return list(pool.map(func, items, chunksize=max(1, len(items) // (jobs * 8))))
    finally:
        pool.shutdown()


def evaluate_quality(docs: Sequence[Doc], rate: float, *, seed: int = 0,
                     repair: Callable[[str], Any] | None = None, jobs: int = 1,
                     thesaurus: str | None = None) -> QualityReport:
    """Spin every doc at ``rate`` and score ``repair`` (default ``textmend.repair``) on it.

    With ``jobs > 1`` the work is spread over processes (only for the default repair).
    ``thesaurus`` is the spinner's (see ``spinner.thesaurus_name``); it is resolved here and
    passed to the workers, so they spin with it whatever their environment says.
    """
    from .spinner import spin, thesaurus_name

    report = QualityReport(rate)
    name = thesaurus_name(thesaurus)
    if repair is None:
        pairs = _map(_spin_and_repair, [(d.id, d.text, rate, seed, name) for d in docs], jobs)
    else:
        spins = (spin(d.text, rate, seed=seed, key=d.id, thesaurus=name) for d in docs)
        pairs = ((s, _safe_repair(repair, s.text)) for s in spins)
    for spun, result in pairs:
        report.add(spun, result)
    return report


def evaluate_harm(docs: Sequence[Doc], *, repair: Callable[[str], Any] | None = None,
                  jobs: int = 1) -> HarmReport:
    """Repair every clean doc and count what changed (all of it is harm)."""
    report = HarmReport()
    texts = [d.text for d in docs]
    results = (_map(_repair_clean, texts, jobs) if repair is None
               else (_safe_repair(repair, t) for t in texts))
    for text, result in zip(texts, results):
        report.add(text, result)
    return report


def quick_check(limit: int | None = 100, rates: Sequence[float] = (0.3,), seed: int = 0,
                jobs: int | None = None, thesaurus: str | None = None) -> dict[str, Any]:
    """Quality and harm on the first ``limit`` texts (all if ``None``), for iterating on the
    engine; ``thesaurus`` picks the spinner's. Returns ``{"quality": {rate: QualityReport},
    "harm": HarmReport, ...}``."""
    from .spinner import missing_requirements

    jobs = jobs or min(2, os.cpu_count() or 1)
    texts = load_texts(limit)
    out: dict[str, Any] = {"source": texts.source, "quality": {}}
    out["harm"] = evaluate_harm(texts.docs, jobs=jobs)
    if not missing_requirements(thesaurus):
        for rate in rates:
            out["quality"][rate] = evaluate_quality(texts.docs, rate, seed=seed, jobs=jobs,
                                                    thesaurus=thesaurus)
    return out
