"""Clean false edits and flagged clean articles against spun-text recall (issue 10's "check <= 1%").

    python benchmarks/harm.py --docs 150                     # the shipped parameters
    python benchmarks/harm.py --docs 150 --params a.json --params b.json --explain

A development harness, not the benchmark (``benchmarks/run.py`` is). Every corpus article is
observed once clean (``textmend.detect.observe``; cached as ``benchmarks/function_words.py`` caches,
under ``TEXTMEND_FW_CACHE``) and the first ``--docs`` benchmark-split articles once per spinner at
``--rate`` (seed 0, as the benchmark); each parameter file is then decided on the same observations
(``function_words.decided``: ``repair``'s first pass, no re-check). Per parameter file it prints:

- clean: false edits, articles with edits and articles flagged as ``textmend check`` flags them
  (spin score at or above ``quality.check_threshold()``, or an edit to apply), over every article;
- per spinner: precision, recall and the function-word part's precision and recall;
- with ``--explain``: every clean false edit with its evidence (the confidence model's features
  and each one's contribution, coefficient x value, in logit units).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from benchmarks.corpus import load_texts  # noqa: E402
from benchmarks.fit import benchmark_split  # noqa: E402
from benchmarks.function_words import SPINNERS, Case, Decided, decided, observed  # noqa: E402
from benchmarks.quality import HarmReport, QualityReport, check_threshold  # noqa: E402


def evidence(case: Case, start: int, end: int, replacement: str, params: Any) -> dict[str, Any] | None:
    """The confidence model's view of the candidate ``replacement`` of the span ``start:end`` of
    ``case``: its features, confidence and each feature's contribution (None if no such candidate
    of the channel's rules)."""
    from textmend.confidence import BIAS, FEATURE_NAMES, confidence, vector
    from textmend.detect import NUMBER_GROUP, _log_weights, candidate_features, repeats
    from textmend.function_rate import FUNCTION_GROUP, function_estimate, function_ratios_by_region, held_out_per_span
    from textmend.language_model import get_language_model
    from textmend.pair_evidence import pair_counts
    from textmend.posterior import group_of, posteriors, weights
    from textmend.decision import rate_ratio
    from textmend.spin_rate import estimate

    obs_all = case.observations
    items = obs_all.items
    shift = params.unknown - get_language_model().unknown_log10
    logw = [_log_weights(o, params, shift) for o in items]
    linear = [weights(w) for w in logw]
    rate = estimate([rate_ratio(x, o.style) for x, o in zip(linear, items)], [o.region for o in items],
                    len(obs_all.regions), params.spin_rate,
                    obs_all.negligible, repeats(items), obs_all.copies)
    rules = [[NUMBER_GROUP if k else group_of(e.sources) for e, k in zip(o.entries, o.style)] for o in items]
    fw = function_estimate(*function_ratios_by_region(zip(rules, linear, [o.region for o in items])),
                          len(obs_all.regions), params.spin_rate, obs_all.copies)
    fw_rates = fw.regions
    fw_spun = held_out_per_span([FUNCTION_GROUP in r for r in rules], fw)
    counts = pair_counts(items, obs_all.copies)
    for i, o in enumerate(items):
        if (o.start, o.end) != (start, end):
            continue
        for k, e in enumerate(o.entries):
            if e.original != replacement.lower() or o.style[k]:
                continue
            rho, spun = rate.regions[o.region], rate.spun[o.region]
            post = posteriors(rho, linear[i])
            f = candidate_features(o, k, logw[i], post, group_of(e.sources), rho, spun, rate.evidence,
                                   fw_rates[o.region], params.lm_knee, counts, rate.held_out[i], fw_spun[i],
                                   params.spun_prior_floor)
            coef = params.confidence
            parts = {n: coef.get(n, 0.0) * x for n, x in zip(FEATURE_NAMES, vector(f)) if coef.get(n, 0.0) * x}
            parts[BIAS] = coef.get(BIAS, 0.0)
            return {"features": f, "confidence": confidence(f, coef), "parts": parts,
                    "region_words": o.region, "regions": len(obs_all.regions)}
    return None


SWEEP = tuple(round(0.6 + 0.01 * k, 2) for k in range(36))
"""Thresholds at which spun-text precision and recall are also measured (recall at a precision)."""


def decided_at(case: Case, params: Any, thresholds: Sequence[float]) -> list[Decided]:
    """``function_words.decided`` at each of ``thresholds``, deciding once."""
    from textmend.api import SUGGESTION_FLOOR, _keeping_lines
    from textmend.detect import decide
    from textmend.rewrite import all_edits, choose, rewrite

    analysis = decide(case.observations, params, SUGGESTION_FLOOR)
    edits = _keeping_lines(all_edits(case.text, analysis, SUGGESTION_FLOOR))
    out = []
    for t in thresholds:
        applied, suggested = choose(edits, t)
        out.append(Decided(rewrite(case.text, applied), applied, suggested, analysis.spin_score))
    return out


def recall_at(sweep: dict[float, QualityReport], precision: float) -> tuple[float, float | None]:
    """The largest recall of ``sweep`` (threshold -> report) whose precision is at least ``precision``,
    and its threshold (0 and None if none)."""
    best = max(((q.recall, t) for t, q in sweep.items() if q.precision >= precision), default=(0.0, None))
    return best


def measure(params: Any, clean: Sequence[Case], spun: dict[str, list[Case]], threshold: float,
            check: float) -> dict[str, Any]:
    """Clean harm (``HarmReport``, with the documents' results) and quality per spinner, at ``threshold``
    and at each of :data:`SWEEP` (``sweep``)."""
    harm, results = HarmReport(), []
    for case in clean:
        result = decided(case, params, threshold)
        harm.add(case.text, result)
        results.append(result)
    out: dict[str, Any] = {"harm": harm, "flagged": harm.check_flags(check), "clean_results": results,
                           "quality": {}}
    out["sweep"] = {}
    thresholds = (threshold, *SWEEP)
    for spinner, cases in spun.items():
        reports = [QualityReport(0.3) for _ in thresholds]
        for case in cases:
            for report, result in zip(reports, decided_at(case, params, thresholds)):
                report.add(case.spun, result)
        out["quality"][spinner] = reports[0]
        out["sweep"][spinner] = dict(zip(SWEEP, reports[1:]))
    return out


def print_measure(name: str, out: dict[str, Any]) -> None:
    harm = out["harm"]
    print(f"== {name}")
    print(f"clean: {harm.docs} articles, {harm.edits} false edits in {harm.docs_with_edits} articles, "
          f"flagged {out['flagged']}; by rule {dict(harm.by_rule)}")
    print("  false edits:", ", ".join(f"{a}->{b} x{n}" for (a, b), n in harm.false_edits.most_common()))
    for spinner, q in out["quality"].items():
        fw = q.by_kind.get("function")
        print(f"{spinner}: P {q.precision:.3f} R {q.recall:.4f} edits {q.total.edits}"
              + (f" | function words P {fw.precision:.3f} R {fw.recall:.3f} (gold {fw.gold})" if fw else ""))
        sweep = out["sweep"][spinner]
        print("   sweep (threshold P/R): " + ", ".join(f"{t}: {r.precision:.3f}/{r.recall:.4f}" for t, r in sweep.items()
                                                      if round(t * 100) % 5 == 0))
        for target in (0.9, 0.92, 0.94):
            r, t = recall_at(sweep, target)
            print(f"   recall at P >= {target}: {r:.4f} (threshold {t})")


def explain(out: dict[str, Any], clean: Sequence[Case], params: Any, top: int = 8) -> None:
    """Every clean false edit with its features and largest contributions."""
    for case, result in zip(clean, out["clean_results"]):
        for e in result.edits:
            ev = evidence(case, e.start, e.end, e.replacement, params)
            print(f"\n{e.original!r} -> {e.replacement!r} rule {e.rule} conf {e.confidence:.3f} "
                  f"spin_score {result.spin_score:.3f}")
            if ev is None:
                continue
            f = ev["features"]
            print(f"  posterior {f.posterior:.3f} rate {f.rate:.4f} q_r {f.region_spun:.3f} E {f.document_evidence:+.2f} "
                  f"fw_rate {f.function_rate:.4f} fw_post {f.function_posterior:.3f} channel {f.channel:+.2f} "
                  f"lm_ctx {f.lm_context:+.2f} lm_prior {f.lm_prior:+.2f} in_doc {f.in_document} margin {f.margin:+.2f} "
                  f"cands {f.candidates} sources {f.sources} pair {f.pair_evidence:+.2f} regions {ev['regions']}")
            parts = sorted(ev["parts"].items(), key=lambda kv: -abs(kv[1]))[:top]
            print("  " + ", ".join(f"{n} {v:+.2f}" for n, v in parts))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=150, help="benchmark-split articles spun per spinner")
    parser.add_argument("--rate", type=float, default=0.3)
    parser.add_argument("--params", type=Path, action="append", default=[],
                        help="a parameters.json (repeatable; default: the shipped one)")
    parser.add_argument("--spinners", default=",".join(SPINNERS))
    parser.add_argument("--explain", action="store_true", help="print each clean false edit's evidence")
    args = parser.parse_args(argv)
    from textmend.config import DEFAULT_CONFIG
    from textmend.parameters import get_parameters, parse_parameters

    docs = load_texts(None).docs
    clean = observed(docs, None, 0.0)
    split = benchmark_split(docs)[: args.docs]
    spun = {s: observed(split, s, args.rate) for s in args.spinners.split(",") if s and args.docs}
    check, _ = check_threshold()
    files = args.params or [None]
    for path in files:
        params = parse_parameters(json.loads(path.read_text())) if path else get_parameters()
        out = measure(params, clean, spun, DEFAULT_CONFIG.threshold, check)
        print_measure(str(path or "shipped"), out)
        if args.explain:
            explain(out, clean, params)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
