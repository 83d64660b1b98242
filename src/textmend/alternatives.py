"""Wider alternatives for the findings a caller is shown: every candidate of the span, re-ranked.

``textmend.detect.decide`` decides each span on its ``max_candidates`` (12) best candidates by
channel weight: the edits, confidences, suggestions and spin score come from those alone, and the
confidence model is fitted on them. A spinner's original is often further down a thesaurus's list
(an Aiksaurus swap's original is among the 12 for ~20% of swaps, among all candidates for ~78%:
``benchmarks/COVERAGE.md``, "Candidate limit and tempered counts"). Scoring every candidate for
every span would change the edits and costs ~2x CPU; here only the findings that are *reported*
get it:

1. the span of each such finding is scored again (``textmend.detect._score_window``: the same
   words, LM window, document evidence, term and code rules and number style) with every channel
   candidate;
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

from .candidates import Words, code_words, user_pairs
from .channel import Channel
from .config import Config
from .detect import ALTERNATIVES, Analysis, Finding, Observation, _log_weights, _regions, _score_window, _windows
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


def widened(text: str, config: Config, analysis: Analysis) -> Analysis:
    """``analysis`` (of ``text`` under ``config``) with the alternatives of each scored finding
    taken from all its span's candidates (see the module docstring); findings of user pairs (no
    evidence) and any whose span is not found again keep theirs. Everything else of ``analysis``
    is returned as it was. Offsets are ``str`` offsets into ``text``."""
    wanted = {(f.start, f.end) for f in analysis.findings if f.evidence is not None}
    if not wanted:
        return analysis
    channel = _DETECT.get_channel(tuple(config.packs))
    wide = _observe(text, config, channel, wanted)
    params = get_parameters()
    findings = tuple(
        _with_alternatives(f, wide[(f.start, f.end)], params, channel)
        if f.evidence is not None and (f.start, f.end) in wide else f
        for f in analysis.findings
    )
    return analysis._replace(findings=findings)


def _observe(text: str, config: Config, channel: Channel, spans: set[tuple[int, int]]
             ) -> dict[tuple[int, int], Observation]:
    """The observation of each span (``str`` offsets ``(start, end)``) of ``text`` with every
    candidate of the channel scored, as ``detect.observe_all`` scores a span with
    ``max_candidates``; only these spans are looked up and scored."""
    params = get_parameters()
    user = user_pairs(config.extra_pairs)
    allow = frozenset(phrase_key(a) for a in config.allow)
    region_starts, _ = _regions(text)
    document = DocumentWords(text, params.document_window)
    code = code_words(text)
    ordered = sorted(spans)
    out: dict[tuple[int, int], Observation] = {}
    sink: list[Finding] = []
    for lo, hi in _windows(text):
        inside = ordered[bisect.bisect_left(ordered, (lo, lo)) : bisect.bisect_left(ordered, (hi, hi))]
        if not inside:
            continue
        words = Words(text, lo, hi)
        starts = sorted({i for s, _ in inside if (i := bisect.bisect_left(words.starts, s)) < len(words)})
        for obs in _score_window(
            words, channel, user, allow, config, None, document, region_starts, sink, code, starts,
            lambda first, last, w=words: (w.starts[first], w.ends[last]) in spans,
        ):
            if obs.entries:
                out[(obs.start, obs.end)] = obs
    return out


def _with_alternatives(finding: Finding, obs: Observation, params: Parameters, channel: Channel) -> Finding:
    """``finding`` with its alternatives: its replacement and confidence, then the other candidates
    of ``obs`` (every candidate of its span) by their posterior under the tempered channel."""
    post = ranking(obs, finding.evidence.spin_rate if finding.evidence is not None else 0.0, params, channel)
    order = sorted(range(len(post)), key=lambda k: -post[k])  # stable: ties in channel order
    alternatives = [(finding.replacement, finding.confidence)]
    for k in order:
        if len(alternatives) >= ALTERNATIVES:
            break
        original = obs.entries[k].original
        if original != finding.replacement:
            alternatives.append((original, post[k]))
    return finding._replace(alternatives=tuple(alternatives))


def ranking(obs: Observation, rho: float, params: Parameters, channel: Channel) -> list[float]:
    """Per entry of ``obs``: the noisy-channel posterior ``P(o | s, context)`` (0-1) at spin rate
    ``rho`` over all of ``obs``'s candidates, with the channel's weights tempered by ``EXPONENTS``
    (``channel.weights_with``: ``channel`` is the one ``obs`` was observed with) and the decision's
    other terms (``detect._log_weights``)."""
    tempered = channel.weights_with(obs.key, EXPONENTS) if obs.entries else {}
    entries = tuple(e._replace(weight=tempered.get(e.original, e.weight)) for e in obs.entries)
    shift = params.unknown - get_language_model().unknown_log10
    return posteriors(rho, weights(_log_weights(obs._replace(entries=entries), params, shift)))
