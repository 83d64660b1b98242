"""Where issue 11's coverage goes: why a gold swap's original is not among a finding's top 3.

    python benchmarks/coverage_breakdown.py --spinner aiksaurus --limit 60 --candidates 12,30,1000
    python benchmarks/coverage_breakdown.py --spinner mythes --exclude-source mythes

Spins the first ``--limit`` articles of the fit split (``benchmarks/fit.py``: seeds from
``FIT_SEED + 500``, apart from the fit's own) at ``--rate``, observes each once with every
candidate scored (``textmend.detect.observe_all`` with a limit of ``ALL``), then for each
candidate limit ``N`` keeps every span's ``N`` best candidates by channel weight and decides
(``textmend.detect.decide``, floor 0: every span with candidates is a finding, as the benchmark's
"detection recall, any confidence"). Each gold swap falls in one of:

- ``top3``: its original is among the top 3 alternatives of a finding over it (the coverage);
- ``a``: no span over it has the original as a candidate at all (the channel's gap);
- ``b``: it is a candidate, ranked below ``N`` by the channel: never scored by the LM;
- ``c``: scored, not in the top 3 by posterior; split by cause: no finding over it (its span's
  likelihood ratio is too small), the LM term alone ranks it below 3rd, or the LM ranks it in its
  top 3 and the channel weight pushes it out.

Shares are of all gold swaps. Offline truncation gives the same observations as observing with
limit ``N`` (each candidate's LM window is scored on its own); only the spin rate's EM sees the
other spans' candidates. Prints one line per limit.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from benchmarks.corpus import load_texts  # noqa: E402
from benchmarks.fit import FIT_SEED, fit_split  # noqa: E402
from benchmarks.quality import _overlaps, proposed_originals, restores  # noqa: E402
from benchmarks.spinner import SpunText, spin  # noqa: E402
from benchmarks.worker import exclude_sources  # noqa: E402
from textmend.config import DEFAULT_CONFIG  # noqa: E402
from textmend.parameters import Parameters, get_parameters  # noqa: E402

detect = importlib.import_module("textmend.detect")  # the package exports a function of that name
ALL = 100_000
"""A candidate limit above any span's count (the most seen is ~650)."""
SEED_OFFSET = 500


class _Replacement:
    """The fields of a finding that :func:`benchmarks.quality.restores` reads."""

    def __init__(self, start: int, end: int, replacement: str) -> None:
        self.start, self.end, self.replacement = start, end, replacement


def observed(spinner: str, limit: int, rate: float) -> list[tuple[SpunText, object, list]]:
    """(spun text, observations, every scored span) per fit-split article, every candidate scored."""
    docs = fit_split(load_texts(None).docs)[:limit]
    out = []
    for i, doc in enumerate(docs):
        spun = spin(doc.text, rate, seed=FIT_SEED + SEED_OFFSET + i, key=doc.id, thesaurus=spinner)
        obs, scored = detect.observe_all(spun.text, DEFAULT_CONFIG, ALL)
        out.append((spun, obs, [o for o, _ in scored]))
    return out


def _kept(obs, n: int):
    """``obs`` with only its ``n`` best candidates by channel weight (entries are in that order)."""
    return obs._replace(entries=obs.entries[:n], lm=obs.lm[:n], prior=obs.prior[:n],
                        in_document=obs.in_document[:n], unknown=obs.unknown[:n], style=obs.style[:n])


def _lm_term(obs, i: int, params: Parameters) -> float:
    x, p = obs.lm[i], obs.prior[i]
    return params.lm_context * (x - p) + params.lm_prior * p


def breakdown(data: Sequence[tuple[SpunText, object, list]], n: int, params: Parameters) -> Counter:
    """Counts of each category (see the module docstring) over all gold swaps, at limit ``n``."""
    counts: Counter = Counter()
    for spun, obs0, scored in data:
        kept = [_kept(o, n) for o in scored]
        regions = obs0.regions
        obs = detect.observations([(o, detect._negligible(o)) for o in kept], len(regions),
                                  [r[0] for r in regions], [r[1] for r in regions], obs0.users, obs0.word_count)
        findings = detect.decide(obs, params, 0.0).findings
        for g, ok in zip(spun.subs, proposed_originals(spun, findings)):
            counts["gold"] += 1
            if ok:
                counts["top3"] += 1
                continue
            best = None
            for o in scored:
                if _overlaps(o.start, o.end, g.start, g.end):
                    rank = next((r for r, e in enumerate(o.entries)
                                 if restores(spun, _Replacement(o.start, o.end, e.original), ignore_case=True)), None)
                    if rank is not None and (best is None or rank < best[1]):
                        best = (o, rank)
            if best is None:
                counts["a"] += 1
            elif best[1] >= n:
                counts["b"] += 1
            else:
                o, rank = best
                m = min(n, len(o.entries))
                lm_rank = sorted(range(m), key=lambda i: -_lm_term(o, i, params)).index(rank)
                if not any(_overlaps(f.start, f.end, g.start, g.end) for f in findings):
                    counts["c: no finding"] += 1
                elif lm_rank >= 3:
                    counts["c: LM ranks it below 3rd"] += 1
                else:
                    counts["c: channel pushes it out"] += 1
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--spinner", default="aiksaurus")
    ap.add_argument("--limit", type=int, default=60, help="fit-split articles (default %(default)s)")
    ap.add_argument("--rate", type=float, default=0.3)
    ap.add_argument("--candidates", default="12,30,100,1000", help="candidate limits to compare")
    ap.add_argument("--exclude-source", action="append", default=[], help="leave a channel source out")
    args = ap.parse_args(argv)
    if args.exclude_source:
        exclude_sources(frozenset(args.exclude_source))
    data = observed(args.spinner, args.limit, args.rate)
    params = get_parameters()
    for n in (int(x) for x in args.candidates.split(",")):
        c = breakdown(data, n, params)
        gold = max(c.pop("gold", 0), 1)
        shares = "  ".join(f"{k} {v / gold:.3f}" for k, v in sorted(c.items()))
        print(f"{args.spinner} rate {args.rate} limit {n}: {gold} gold swaps; {shares}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
