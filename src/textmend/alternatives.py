"""Wider alternatives for the findings a caller is shown: every candidate of the span, re-ranked.

``textmend.detect.decide`` decides each span on its ``max_candidates`` (12) best candidates by
channel weight: the edits, confidences, suggestions and spin score come from those alone, and the
confidence model is fitted on them. A spinner's original is often further down a thesaurus's list
(an Aiksaurus swap's original is among the 12 for ~20% of swaps, among all candidates for ~78%:
``benchmarks/COVERAGE.md``, "Candidate limit and tempered counts"). Scoring every candidate for
every span would change the edits and costs ~2x CPU; here only the findings that are *reported*
get it:

1. the span of each such finding is looked up again with every channel candidate
   (``textmend.detect.spans_of`` with no limit: the same words, term and code rules and number
   style); the candidates the decision scored are a prefix of these, and their terms (LM window,
   prior, document evidence, unknown words) are taken from the decision's observation; only the
   others are scored (LM window, in one batch per window of text, as ``detect._score_window``:
   each window's score is its own, so the numbers are those of scoring them all);
2. each candidate gets a log10 weight as in the decision (``detect._log_weights``) but with the
   channel's counts tempered (``EXPONENTS``: a long thesaurus list is not a real spinner's list),
   and a posterior ``P(o | s, context)`` over all the span's candidates at the region's spin rate
   (the finding's ``Evidence.spin_rate``);
3. the finding's alternatives become its replacement with its confidence, then the other
   candidates by that posterior, ``ALTERNATIVES`` in all.

The replacement, confidence, rule, evidence and posterior of a finding do not change, nor does
which findings there are: only ``Finding.alternatives`` (``Edit.alternatives``) after the first.
"""

from __future__ import annotations

import bisect
import importlib
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from operator import itemgetter

from .candidates import Words, code_words, user_pairs
from .channel import Channel, ChannelEntry
from .config import Config
from .context import Windows
from .detect import (ALTERNATIVES, Analysis, Finding, Observation, Observations, Queued, _log_weights,
                     _regions, _scored, _windows, document_words, spans_of)
from .language_model import get_language_model
from .parameters import Parameters, get_parameters
from .posterior import posteriors, weights
from .tokenize import phrase_key
from .written import DocumentWords

EXPONENTS: dict[str, float] = {"moby": 0.5, "roget": 0.5, "mythes": 0.75, "wordnet": 0.75}
"""Exponents ``beta_k`` of the channel's counts ``n_k(o)`` for this ranking only (source name ->
beta, 1 for the others): the tempered channel of ``benchmarks/COVERAGE.md`` ("Candidate limit and
tempered counts"), which took Aiksaurus's coverage over all candidates from .42 to .47 while keeping
MyThes's (left out of the channel) near its 12-candidate level; the decision keeps beta 1."""

_DETECT = importlib.import_module(f"{__package__}.detect")
"""The module ``textmend.detect`` (the package's ``detect`` is the front door's function): its
``get_channel`` is looked up at each call, so that a caller that wraps it (the benchmark's
leave-one-source-out worker, ``benchmarks/worker.py``) reaches this ranking too."""


WIDE_QUERY_BATCH = 16_384
"""LM queries the widening scores in one batch at most (:func:`_observe`; the decision's own pass
keeps ``textmend.detect.QUERY_BATCH``, 100,000). Each window scores alone and the observations
come out in span order, so the batches change no number (``tests/test_candidate_limit.py``).
100,000 until rss28 (``benchmarks/SPEED.md``): a 16.5 KB spun news article queued ~76,000
queries here in one batch, and ``detect``'s traced peak on it was 37.0 MB, 31.3 MB at 16,384 (the
batch's ids, its LM temporaries and the records of its queued candidates); that article is where
a benchmark worker's peak RSS is reached (aiksaurus at 0.6: 154.9 -> 149.0 MB)."""

def widened(text: str, config: Config, analysis: Analysis,
            decided: dict[tuple[int, int], Observation] | None = None) -> Analysis:
    """``analysis`` (of ``text`` under ``config``) with the alternatives of each scored finding
    taken from all its span's candidates (see the module docstring); findings of user pairs (no
    evidence) and any whose span is not found again keep theirs. Everything else of ``analysis``
    is returned as it was. Offsets are ``str`` offsets into ``text``.

    ``decided``: the observations ``analysis`` was decided from (:func:`reported`), by span: a
    span's candidates the decision scored are taken from there and only the others are scored (the
    same numbers: each LM window scores alone); the dict is emptied as its spans are done, so that
    each observation can be freed once its wider one is made. ``None`` scores every candidate."""
    wanted = {(f.start, f.end) for f in analysis.findings if f.evidence is not None}
    if not wanted:
        return analysis
    channel = _DETECT.get_channel(tuple(config.packs))
    wide = _observe(text, config, channel, wanted, decided)
    params = get_parameters()
    shift = params.unknown - get_language_model().unknown_log10
    tempered: dict[str, Mapping[str, float]] = {}
    findings = tuple(
        _with_alternatives(f, wide[(f.start, f.end)], params, channel, shift, tempered)
        if f.evidence is not None and (f.start, f.end) in wide else f
        for f in analysis.findings
    )
    return analysis._replace(findings=findings)


def reported(analysis: Analysis, observations: Observations) -> dict[tuple[int, int], Observation]:
    """The observations of ``analysis``'s scored findings (``(start, end)`` -> observation): what
    :func:`widened` re-uses; ``observations`` are those ``analysis`` was decided from
    (``detect.decide``). Keeping this dict and not ``observations`` lets the other spans go."""
    wanted = {(f.start, f.end) for f in analysis.findings if f.evidence is not None}
    return {(o.start, o.end): o for o in observations.items if (o.start, o.end) in wanted}


def _observe(text: str, config: Config, channel: Channel, spans: set[tuple[int, int]],
             decided: dict[tuple[int, int], Observation] | None = None) -> dict[tuple[int, int], Observation]:
    """The observation of each span (``str`` offsets ``(start, end)``) of ``text`` with every
    candidate of the channel scored, as ``detect.observe_all`` scores a span with
    ``max_candidates``; only these spans are looked up and scored.

    A span's observation in ``decided`` (made with fewer candidates, a prefix of all of them:
    ``detect.spans_of``) gives its candidates' terms; only the candidates after them are scored,
    in one LM batch per window of text (``WIDE_QUERY_BATCH`` queries at most), with the spun form again.
    A span with no other candidate is the decided observation itself. ``decided`` is emptied of
    the spans done. When the written "a" or "an"
    before a span is scored for the one set of candidates and not for the other
    (``Windows.scores_article``), or the decided candidates are not a prefix, every candidate is
    scored again."""
    params = get_parameters()
    user = user_pairs(config.extra_pairs)
    allow = frozenset(phrase_key(a) for a in config.allow)
    region_starts, _ = _regions(text)
    document = document_words(text, region_starts, params.document_window)
    code = code_words(text)
    ordered = sorted(spans)
    known = decided if decided is not None else {}
    out: dict[tuple[int, int], Observation] = {}
    sink: list[Finding] = []
    for lo, hi in _windows(text):
        inside = ordered[bisect.bisect_left(ordered, (lo, lo)) : bisect.bisect_left(ordered, (hi, hi))]
        if not inside:
            continue
        words = Words(text, lo, hi)
        starts = sorted({i for s, _ in inside if (i := bisect.bisect_left(words.starts, s)) < len(words)})
        windows = Windows(get_language_model())
        queued: list[Queued] = []
        before: list[tuple[Observation | None, tuple[ChannelEntry, ...], tuple[int, ...]]] = []
        queries = 0
        for span, entries, style in spans_of(
            words, channel, user, allow, config, None, sink, code, starts,
            lambda first, last, w=words: (w.starts[first], w.ends[last]) in spans,
        ):
            where = (words.starts[span.first], words.ends[span.last])
            old = known.pop(where, None)
            if not entries:
                continue
            n = len(old.entries) if old is not None else 0
            if old is not None and entries[:n] != old.entries:
                old, n = None, 0
            if old is not None and n == len(entries):
                out[where] = old
                continue
            phrases = [e.original for e in entries[n:]]
            if old is not None and windows.scores_article(words, span, phrases) != windows.scores_article(
                    words, span, [e.original for e in old.entries]):
                old, n, phrases = None, 0, [e.original for e in entries]
            queued.append((span, entries[n:], style[n:], phrases, windows.add(words, span, phrases)))
            before.append((old, entries, style))
            queries += 1 + len(phrases)
            if queries >= WIDE_QUERY_BATCH:  # score what is queued: the batch's memory stays bounded
                out.update(_joined(_scored(windows, queued, words, document, region_starts), before))
                windows, queued, before, queries = Windows(get_language_model()), [], [], 0
        out.update(_joined(_scored(windows, queued, words, document, region_starts), before))
    return out


def _joined(scored: Iterable[Observation],
            before: Sequence[tuple[Observation | None, tuple[ChannelEntry, ...], tuple[int, ...]]]
            ) -> Iterator[tuple[tuple[int, int], Observation]]:
    """Each scored observation (of a span's candidates after its decided ones) joined to its
    decided observation (``None``: it holds every candidate already), keyed by ``(start, end)``:
    the observation of all the span's candidates ``entries`` with their number styles ``style``."""
    for obs, (old, entries, style) in zip(scored, before):
        if old is not None:
            lm, prior = array("d", old.lm), array("d", old.prior)
            lm.extend(obs.lm)
            prior.extend(obs.prior)
            obs = obs._replace(entries=entries, lm=lm, prior=prior, in_document=(*old.in_document, *obs.in_document),
                               unknown=(*old.unknown, *obs.unknown), style=style)
        yield (obs.start, obs.end), obs


def _with_alternatives(finding: Finding, obs: Observation, params: Parameters, channel: Channel,
                       shift: float | None = None, tempered: dict[str, Mapping[str, float]] | None = None) -> Finding:
    """``finding`` with its alternatives: its replacement and confidence, then the other candidates
    of ``obs`` (every candidate of its span) by their posterior under the tempered channel.
    ``tempered``: the tempered weights of the spun forms met so far (spun form -> ``weights_with``),
    filled here (a news article's ~260 findings have ~150 forms)."""
    weights_of = None
    if tempered is not None and obs.entries:
        weights_of = tempered.get(obs.key)
        if weights_of is None:
            weights_of = tempered[obs.key] = channel.weights_with(obs.key, EXPONENTS)
    post = ranking(obs, finding.evidence.spin_rate if finding.evidence is not None else 0.0, params, channel, shift,
                   weights_of)
    order = sorted(range(len(post)), key=post.__getitem__, reverse=True)  # stable: ties in channel order
    alternatives = [(finding.replacement, finding.confidence)]
    for k in order:
        if len(alternatives) >= ALTERNATIVES:
            break
        original = obs.entries[k].original
        if original != finding.replacement:
            alternatives.append((original, post[k]))
    return finding._replace(alternatives=tuple(alternatives))


def ranking(obs: Observation, rho: float, params: Parameters, channel: Channel,
            shift: float | None = None, tempered: Mapping[str, float] | None = None) -> list[float]:
    """Per entry of ``obs``: the noisy-channel posterior ``P(o | s, context)`` (0-1) at spin rate
    ``rho`` over all of ``obs``'s candidates, with the channel's weights tempered by ``EXPONENTS``
    (``channel.weights_with``: ``channel`` is the one ``obs`` was observed with) and the decision's
    other terms (``detect._log_weights``; ``shift`` its ``unknown_shift``, ``None``: from ``params``
    and the language model). ``tempered``: ``channel.weights_with(obs.key, EXPONENTS)`` if the
    caller has it (``None``: read here)."""
    if tempered is None:
        tempered = channel.weights_with(obs.key, EXPONENTS) if obs.entries else {}
    if shift is None:
        shift = params.unknown - get_language_model().unknown_log10
    channel_weights = list(map(tempered.get, map(_ORIGINAL, obs.entries), map(_WEIGHT, obs.entries)))
    return posteriors(rho, weights(_log_weights(obs, params, shift, channel_weights)))


_ORIGINAL = itemgetter(0)
"""``ChannelEntry.original``."""
_WEIGHT = itemgetter(1)
"""``ChannelEntry.weight``."""
