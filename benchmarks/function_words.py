"""Function-word recall: where the right original is proposed but not applied (issue 10).

    python benchmarks/function_words.py --docs 60 --clean 300          # diagnose and measure
    python benchmarks/function_words.py --docs 60 --clean 300 --params other.json

A development harness, not the benchmark (``benchmarks/run.py`` is): it scores a subset of the
benchmark split (:func:`benchmarks.fit.benchmark_split`; seed 0 as the benchmark) quickly enough
to compare parameter files. Each document is observed once (``textmend.detect.observe``, cached
under ``TEXTMEND_FW_CACHE``, default a temporary directory) and then decided under the parameters
given; the edits are chosen as ``textmend.repair`` chooses them (``rewrite.choose`` at
``Config.threshold``) but without ``repair``'s re-checks of its own output, so figures can differ
from ``run.py``'s by a few edits.

It prints, for the three spinners at ``--rate``:

- the function-word part's precision and recall (``quality.QualityReport.by_kind["function"]``)
  and overall precision;
- per class of swap (:data:`benchmarks.function_spinner.TABLE`'s classes; the MyThes and
  Aiksaurus spinners' own function swaps are classed by the same table): gold swaps, share whose
  right original is proposed, share applied, the median confidence of the right original, and
  the mean contribution (coefficient x value, logit units) of each feature group
  (:data:`GROUPS`) to the right original's confidence;
- per class, the right originals proposed but not applied: their confidence and evidence
  (:data:`MISSED`);
- false edits per 1,000 words on ``--clean`` clean benchmark-split articles.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import statistics
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from benchmarks.corpus import count_words, load_texts  # noqa: E402
from benchmarks.fit import benchmark_split, label  # noqa: E402
from benchmarks.function_spinner import FunctionSpinner  # noqa: E402
from benchmarks.quality import QualityReport, HarmReport  # noqa: E402
from benchmarks.spinner import SpunText, spin  # noqa: E402

SPINNERS = ("mythes", "aiksaurus", "function-words")
CACHE = Path(os.environ.get("TEXTMEND_FW_CACHE", Path(tempfile.gettempdir()) / "textmend-fw"))
GROUPS: dict[str, tuple[str, ...]] = {
    "posterior": ("logit_posterior", "margin", "log_candidates"),
    "rate": ("logit_rate", "logit_region_spun", "document_evidence"),
    "function rate": ("logit_function_rate", "logit_function_posterior"),
    "pairs": ("pair_evidence",),
    "lm": ("lm_context", "lm_prior", "spun_prior", "unknown"),
    "channel": ("channel", "sources"),
}
"""Feature groups whose contributions are reported (a feature's interactions with the rule, and
any feature whose name contains one of these, count with it); the rest is ``other``."""


class Case(NamedTuple):
    """One observed document: its spun record (None for clean) and observations."""

    text: str
    spun: SpunText | None
    observations: Any


def _key(*parts: object) -> str:
    from textmend.channel import get_channel
    from textmend.config import DEFAULT_CONFIG
    from textmend.language_model import get_language_model

    stamp = (get_channel(DEFAULT_CONFIG.packs).version, get_language_model().version, _code_stamp(), *parts)
    return hashlib.sha256(repr(stamp).encode()).hexdigest()[:16]


def _code_stamp() -> str:
    """A hash of textmend's modules and of its data files other than the channel and the LM (whose
    versions the key holds): the terms, the listed and ordinary phrases, the fitted parameters. The
    observations depend on all of them; without it, a cache written before a change of the number rule
    or of the shipped phrases was read after it (2026-12-03: a harm run reported a false edit of a
    phrase no longer shipped)."""
    import textmend

    root = Path(textmend.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted([*root.glob("*.py"), *root.glob("data/*.gz"), *root.glob("data/*.json")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def observed(docs: Sequence[Any], spinner: str | None, rate: float, seed: int = 0) -> list[Case]:
    """Every doc (spun by ``spinner`` at ``rate``, or clean when ``spinner`` is None), observed
    once; cached on disk by channel and LM version, textmend's code and small data files
    (:func:`_code_stamp`), spinner, rate, seed and document ids."""
    from textmend.config import DEFAULT_CONFIG
    from textmend.detect import observe

    path = CACHE / f"{spinner or 'clean'}-{rate}-{seed}-{_key(spinner, rate, seed, [d.id for d in docs])}.pickle"
    if path.is_file():  # plain tuples: the pickle does not depend on how this module was run
        return [Case(*c) for c in pickle.loads(path.read_bytes())]
    cases = []
    for n, doc in enumerate(docs):
        spun = spin(doc.text, rate, seed=seed, key=doc.id, thesaurus=spinner) if spinner else None
        text = spun.text if spun else doc.text
        cases.append(Case(text, spun, observe(text, DEFAULT_CONFIG)))
        if n % 50 == 0:
            print(f"  {spinner or 'clean'}: observed {n} of {len(docs)}", file=sys.stderr)
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps([tuple(c) for c in cases]))
    return cases


class Decided(NamedTuple):
    text: str
    edits: tuple[Any, ...]
    suggestions: tuple[Any, ...]
    spin_score: float


def decided(case: Case, params: Any, threshold: float) -> Decided:
    """``case`` decided under ``params`` and its edits chosen as ``textmend.repair`` does in its
    first pass (no re-check of its own output)."""
    from textmend.api import SUGGESTION_FLOOR, _keeping_lines
    from textmend.detect import decide
    from textmend.rewrite import all_edits, choose, rewrite

    analysis = decide(case.observations, params, SUGGESTION_FLOOR)
    applied, suggested = choose(_keeping_lines(all_edits(case.text, analysis, SUGGESTION_FLOOR)), threshold)
    return Decided(rewrite(case.text, applied), applied, suggested, analysis.spin_score)


def swap_class(original: str) -> str:
    """The class of a function swap by its original (``function_spinner.TABLE``), else ``other``."""
    return _CLASS_OF.get(" ".join(original.lower().replace("\u2019", "'").split()), "other")


_CLASS_OF = FunctionSpinner().class_of


def contributions(features: Any, coefficients: dict[str, float]) -> dict[str, float]:
    """Coefficient x value per feature group of :data:`GROUPS` (and ``other``, with the bias)."""
    from textmend.confidence import BIAS, FEATURE_NAMES, vector

    out = dict.fromkeys((*GROUPS, "other"), 0.0)
    out["other"] = coefficients.get(BIAS, 0.0)
    for name, x in zip(FEATURE_NAMES, vector(features)):
        base = name.split("*")[-1]
        group = next((g for g, names in GROUPS.items() if base in names), "other")
        out[group] += coefficients.get(name, 0.0) * x
    return out


class ClassRow(NamedTuple):
    gold: int
    proposed: int
    applied: int
    confidences: list[float]
    parts: dict[str, list[float]]
    missed: list[dict[str, float]]
    """Per right original proposed but not applied: :data:`MISSED` of its evidence."""


MISSED: tuple[str, ...] = ("confidence", "posterior", "function posterior", "LM log10", "fw rate", "d_fw",
                           "pair evidence", "spun form twice", "original in doc", "right is best")
"""The evidence reported for right originals proposed but not applied (``--missed``): the
confidence, the posterior at the shared rate and at the function-word rate, the log10 LM ratio
(context and prior), the region's function-word rate, the document's function-word level ``d_fw``,
``pair_evidence`` (nats), the spun form written more than once in the document (share), the
original written unspun elsewhere (share) and the right original being the likeliest candidate
(share)."""


def _missed(f: Any, conf: float, repeats: int, best: bool) -> dict[str, float]:
    return {"confidence": conf, "posterior": f.posterior, "function posterior": f.function_posterior,
            "LM log10": f.lm_context + f.lm_prior, "fw rate": f.function_rate, "d_fw": f.function_document_spun,
            "pair evidence": f.pair_evidence, "spun form twice": float(repeats > 1),
            "original in doc": float(f.in_document), "right is best": float(best)}


def by_class(cases: Sequence[Case], results: Sequence[Decided], params: Any) -> dict[str, ClassRow]:
    """Per swap class, the function-word gold swaps: how many, proposed, applied, and the right
    original's confidence and feature contributions (the observation that is exactly the swap)."""
    from textmend.decision import rate_ratio
    from textmend.detect import NUMBER_GROUP, _log_weights, candidate_features, repeats
    from textmend.function_rate import FUNCTION_GROUP, function_estimate, function_ratios_by_region, held_out_per_span
    from textmend.pair_evidence import pair_counts
    from textmend.language_model import get_language_model
    from textmend.posterior import group_of, posteriors, weights
    from textmend.spin_rate import estimate

    from benchmarks.quality import score_document

    shift = params.unknown - get_language_model().unknown_log10
    rows: dict[str, ClassRow] = defaultdict(lambda: ClassRow(0, 0, 0, [], defaultdict(list), []))
    for case, result in zip(cases, results):
        spun = case.spun
        score = score_document(spun, result.edits, result.suggestions)
        items = case.observations.items
        logw = [_log_weights(o, params, shift) for o in items]
        linear = [weights(w) for w in logw]
        rate = estimate([rate_ratio(x, o.style) for x, o in zip(linear, items)], [o.region for o in items],
                        len(case.observations.regions),
                        params.spin_rate, case.observations.negligible, repeats(items))
        rules = [[NUMBER_GROUP if k else group_of(e.sources) for e, k in zip(o.entries, o.style)] for o in items]
        fw = function_estimate(*function_ratios_by_region(zip(rules, linear, [o.region for o in items])),
                               len(case.observations.regions), params.spin_rate)
        fw_rates = fw.regions
        fw_spun = held_out_per_span([FUNCTION_GROUP in r for r in rules], fw)
        gold_labels = label(case.observations, spun)
        counts = pair_counts(items)
        exact = {(o.start, o.end): i for i, o in enumerate(items)}
        for g, restored, proposed in zip(spun.subs, score.restored, score.proposed):
            if g.kind != "function":
                continue
            cls = swap_class(g.original)
            old = rows[cls]
            confidences, parts = old.confidences, old.parts
            i = exact.get((g.start, g.end))
            if i is not None:
                o = items[i]
                post = posteriors(rate.regions[o.region], linear[i])
                k = next((k for k, e in enumerate(o.entries) if e.original == gold_labels[i]), None)
                if k is not None and not o.style[k]:
                    f = candidate_features(o, k, logw[i], post, group_of(o.entries[k].sources),
                                           rate.regions[o.region], rate.spun[o.region], rate.evidence,
                                           fw_rates[o.region], params.lm_knee, counts, rate.held_out[i], fw_spun[i],
                                           params.spun_prior_floor)
                    from textmend.confidence import confidence

                    conf = confidence(f, params.confidence)
                    confidences.append(conf)
                    for name, value in contributions(f, params.confidence).items():
                        parts[name].append(value)
                    if proposed and not restored:
                        old.missed.append(_missed(f, conf, counts.keys[o.key], post[k] == max(post)))
            rows[cls] = ClassRow(old.gold + 1, old.proposed + proposed, old.applied + restored, confidences, parts,
                                 old.missed)
    return dict(rows)


def measure(params: Any, docs: Sequence[Any], clean: Sequence[Any], rate: float, threshold: float,
            spinners: Sequence[str] = SPINNERS, classes: bool = True) -> dict[str, Any]:
    """Quality per spinner (``QualityReport``), per-class rows and clean harm (``HarmReport``)."""
    out: dict[str, Any] = {"quality": {}, "classes": {}}
    for spinner in spinners:
        cases = observed(docs, spinner, rate)
        results = [decided(c, params, threshold) for c in cases]
        report = QualityReport(rate)
        for case, result in zip(cases, results):
            report.add(case.spun, result)
        out["quality"][spinner] = report
        if classes:
            out["classes"][spinner] = by_class(cases, results, params)
    harm = HarmReport()
    for case in observed(clean, None, 0.0):
        harm.add(case.text, decided(case, params, threshold))
    out["harm"] = harm
    return out


def print_report(out: dict[str, Any]) -> None:
    for spinner, q in out["quality"].items():
        fw = q.by_kind.get("function")
        print(f"{spinner}: precision {q.precision:.3f} recall {q.recall:.3f} edits {q.total.edits}"
              + (f" | function words P {fw.precision:.3f} R {fw.recall:.3f} (gold {fw.gold}, proposed "
                 f"{fw.detection_recall:.3f})" if fw else ""))
    harm = out["harm"]
    print(f"clean: {harm.docs} articles, {harm.words} words, {harm.edits} edits, "
          f"{harm.per_1000_words:.3f} per 1,000 words; by rule {dict(harm.by_rule)}")
    print("  false edits:", ", ".join(f"{a}->{b} x{n}" for (a, b), n in harm.false_edits.most_common(12)))
    for spinner, rows in out["classes"].items():
        print(f"\n{spinner}: class | gold | proposed | applied | median conf of right | "
              + " | ".join(f"{g}" for g in (*GROUPS, "other")))
        for cls, r in sorted(rows.items(), key=lambda kv: -kv[1].gold):
            med = statistics.median(r.confidences) if r.confidences else float("nan")
            parts = " | ".join(f"{statistics.fmean(r.parts[g]):+.2f}" if r.parts.get(g) else "-"
                               for g in (*GROUPS, "other"))
            print(f"  {cls} | {r.gold} | {r.proposed / r.gold:.2f} | {r.applied / r.gold:.2f} | {med:.2f} | {parts}")
        print(f"\n{spinner}, right originals proposed but not applied (median, or share): class | n | "
              + " | ".join(MISSED))
        for cls, r in sorted(rows.items(), key=lambda kv: -len(kv[1].missed)):
            if r.missed:
                print(f"  {cls} | {len(r.missed)} | " + " | ".join(
                    f"{statistics.median(m[k] for m in r.missed):.2f}" if k in MISSED[:7]
                    else f"{statistics.fmean(m[k] for m in r.missed):.2f}" for k in MISSED))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=60, help="benchmark-split articles spun per spinner")
    parser.add_argument("--clean", type=int, default=300, help="clean benchmark-split articles")
    parser.add_argument("--rate", type=float, default=0.3)
    parser.add_argument("--threshold", type=float, default=None, help="default: Config.threshold")
    parser.add_argument("--params", type=Path, default=None, help="a parameters.json (default: the shipped one)")
    parser.add_argument("--spinners", default=",".join(SPINNERS))
    args = parser.parse_args(argv)
    from textmend.config import DEFAULT_CONFIG
    from textmend.parameters import get_parameters, parse_parameters

    import json

    params = parse_parameters(json.loads(args.params.read_text())) if args.params else get_parameters()
    split = benchmark_split(load_texts(None).docs)
    # spun articles from the start of the split, clean ones from its end: disjoint
    docs, clean = split[: args.docs], split[len(split) - args.clean :]
    out = measure(params, docs, clean, args.rate, args.threshold or DEFAULT_CONFIG.threshold,
                  [s for s in args.spinners.split(",") if s])
    print_report(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
