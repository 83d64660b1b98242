"""Run textmend's benchmarks, print the results and write benchmarks/RESULTS.md.

    python benchmarks/run.py                          # full run: every part, every spinner
    python benchmarks/run.py --quick                  # first 100 articles; prints only
    python benchmarks/run.py --baseline-path /tmp/v1  # and v1 side by side, same docs/seeds

See benchmarks/README.md for what is measured and what it needs.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import compare, longdocs, quality, reliability, report, speed  # noqa: E402
from benchmarks.corpus import load_texts  # noqa: E402
from benchmarks.engine import Engine  # noqa: E402
from benchmarks.fit import benchmark_split  # noqa: E402
from benchmarks.spinner import (  # noqa: E402
    THESAURI,
    THESAURUS_ENV,
    install_hint,
    missing_requirements,
    thesaurus_name,
)

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
RELIABILITY = Path(__file__).resolve().parent / "reliability.png"
RATES = (0.15, 0.3, 0.6)
LOSO_SOURCES: dict[str, tuple[str, ...]] = {
    "mythes": ("mythes",),  # the MyThes spinner against a channel without MyThes
    "aiksaurus": ("aiksaurus",),  # not a channel source: its full run is already leave-one-out
    "function-words": ("function",),  # the function-word spinner against a channel without our rules
}
"""The channel sources a spinner's own thesaurus is in, left out for its leave-one-source-out
run (issue 11, item 6). A spinner not listed leaves out the source of its own name. MyThes is
derived from WordNet, so the mythes LOSO run is still not fully independent of a WordNet source.
"""


def _profile_by_module(repair, texts: list[str]) -> list[tuple[str, float]]:
    """Share of repair's own (tottime) time per textmend module, plus everything else."""
    profiler = cProfile.Profile()
    profiler.enable()
    for text in texts:
        repair(text)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    shares: dict[str, float] = {}
    for (filename, _, _), (_, _, tottime, _, _) in stats.items():
        path = filename.replace("\\", "/")
        if "/textmend/" in path:
            module = "textmend/" + path.rsplit("/textmend/", 1)[1]
        elif path.startswith("<") or "~" in path:
            module = "builtins and C code"
        else:
            module = "other Python (" + Path(path).name + ")"
        shares[module] = shares.get(module, 0.0) + tottime
    total = sum(shares.values()) or 1.0
    ranked = sorted(((m, t / total) for m, t in shares.items()), key=lambda x: -x[1])
    return [(m, s) for m, s in ranked if s >= 0.01][:10]


def _channel_sources() -> frozenset[str] | None:
    """The sources this checkout's channel knows (None if it does not say)."""
    try:
        from textmend.channel import get_channel
        from textmend.config import DEFAULT_CONFIG

        sources = getattr(get_channel(tuple(DEFAULT_CONFIG.packs)), "sources", None)
    except Exception:  # noqa: BLE001 - an engine without a channel: LOSO is not possible
        return None
    return frozenset(sources) if sources is not None else None


def _loso(spinner: str, override: list[str]) -> tuple[str, ...]:
    return tuple(override) if override else LOSO_SOURCES.get(spinner, (spinner,))


def _why_missed(r: dict) -> list[str]:
    """One line per missed quality target naming what limits it, with numbers."""
    why, f = [], report._f
    for run in r["quality"]:
        if run.engine != "v2":
            continue
        q = run.report
        if q.precision == q.precision and q.precision < report.TARGETS["precision"]:
            bad = sorted(q.by_rule.items(), key=lambda kv: -(kv[1].edits - kv[1].correct))[:3]
            parts = [f"`{rule}` {t.correct}/{t.edits} correct" for rule, t in bad]
            line = (f"{run.spinner} at rate {run.rate}: precision {f(q.precision)}; "
                    + "; ".join(parts) + ".")
            for (spun, got, original), count in q.wrong.most_common(1):
                line += f" Commonest wrong: `{spun}` -> `{got}` (was `{original}`, {count}x)."
            why.append(line)
        if q.detection_recall == q.detection_recall and q.recall < 0.5 * q.detection_recall:
            why.append(f"{run.spinner} at rate {run.rate}: the right original is proposed for "
                       f"{f(q.detection_recall)} of swaps but applied for {f(q.recall)}: the "
                       "posterior, not the channel, limits recall there.")
    harm = r["harm"].get("v2")
    if harm and harm.per_1000_words > report.TARGETS["false_per_1000"]:
        rules = ", ".join(f"{k} {v}" for k, v in harm.by_rule.most_common())
        why.append(f"False edits: {harm.edits} on {harm.words:,} clean words "
                   f"({f(harm.per_1000_words)} per 1,000), by rule: {rules}.")
    return why


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="first 100 texts, inputs up to 1 MB, 3 cold starts; writes no file")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N texts")
    parser.add_argument("--seed", type=int, default=0, help="spinner seed (default 0)")
    parser.add_argument("--thesaurus", "--spinner", dest="spinners", action="append",
                        choices=sorted(THESAURI), default=None,
                        help=f"a spinner to run (repeatable; default every installed one, or "
                        f"${THESAURUS_ENV} if set)")
    parser.add_argument("--rates", default=",".join(map(str, RATES)),
                        help="spin rates, comma-separated (default 0.15,0.3,0.6)")
    parser.add_argument("--exclude-source", action="append", default=[], metavar="NAME",
                        help="channel source to leave out in the leave-one-source-out runs "
                        "(repeatable; default the spinner's own thesaurus, see LOSO_SOURCES)")
    parser.add_argument("--no-loso", action="store_true", help="skip the leave-one-source-out runs")
    parser.add_argument("--baseline-path", type=Path, default=None, metavar="DIR",
                        help="a checkout of the engine to compare with (its src/ goes first on "
                        "PYTHONPATH), e.g. v1: git archive 9a5515b into DIR")
    parser.add_argument("--baseline-python", default=None, metavar="PY",
                        help="the interpreter of a venv where the baseline engine is installed")
    parser.add_argument("--baseline-name", default="v1", help="what to call it (default v1)")
    parser.add_argument("--sentences", type=int, default=600,
                        help="clean sentences repaired one at a time (default 600)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="worker processes (default 2)")
    parser.add_argument("--output", type=Path, default=None,
                        help=f"where to write the Markdown (default {RESULTS.name} on full runs)")
    parser.add_argument("--plot", type=Path, default=None,
                        help=f"reliability diagram PNG (default {RELIABILITY.name} on full runs)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--skip-speed", action="store_true", help="skip the speed part")
    parser.add_argument("--skip-long", action="store_true", help="skip long documents and sentences")
    args = parser.parse_args(argv)
    try:
        rates = tuple(float(x) for x in args.rates.split(",") if x.strip())
        if os.environ.get(THESAURUS_ENV) and not args.spinners:
            args.spinners = [thesaurus_name(None)]
    except ValueError as exc:
        parser.error(str(exc))
    spinners = args.spinners or list(THESAURI)

    started = time.perf_counter()
    limit = args.limit if args.limit is not None else (100 if args.quick else None)
    full_run = not args.quick and limit is None
    try:
        import textmend

        textmend.repair("warm-up")
    except Exception as exc:  # noqa: BLE001 - report any engine failure plainly
        print(f"error: textmend is not importable or repair() failed: {exc!r}", file=sys.stderr)
        return 2

    texts = load_texts(limit)
    docs = list(texts.docs)
    bench_docs = benchmark_split(docs) if texts.source == "corpus" else docs
    engines = [Engine("v2")]
    if args.baseline_path or args.baseline_python:
        engines.append(Engine(args.baseline_name, python=args.baseline_python or sys.executable,
                              path=args.baseline_path.resolve() if args.baseline_path else None))
    r: dict = {
        "command": "python benchmarks/run.py" + (" " + " ".join(argv if argv is not None
                                                                 else sys.argv[1:])).rstrip(),
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": speed.machine(),
        "version": getattr(textmend, "__version__", "?"),
        "texts": f"{len(docs)} {texts.source} texts ({texts.path}); quality on the "
                 f"{len(bench_docs)} of benchmark_split (benchmarks/fit.py fits on the rest)",
        "engines": [e.label() + (f" ({e.path or e.python})" if e.name != "v2" else
                                 " (this checkout)") for e in engines],
        "notes": [], "not_run": [], "targets": [], "quality": [], "harm": {}, "long": {},
        "sentences": {}, "throughput": {}, "rss": {}, "cold": {}, "wheel": {},
    }
    if texts.source != "corpus":
        r["notes"].append(
            f"The development corpus is absent; running on {len(docs)} bundled examples. "
            "These numbers are a smoke test, not comparable with corpus results.")
    if limit is not None and texts.source == "corpus":
        r["notes"].append(f"Subset run on the first {limit} texts: not the full benchmark.")

    def log(msg: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f}s] {msg}", file=sys.stderr, flush=True)

    clean_bytes = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    # clean text: harm over the whole corpus (the fit saw a quarter of it clean: said so)
    for engine in engines:
        log(f"harm: {engine.label()} repairs {len(docs)} clean texts")
        results = engine.repair_many([d.text for d in docs], jobs=args.jobs)
        harm = quality.HarmReport()
        for d, res in zip(docs, results):
            harm.add(d.text, res)
        r["harm"][engine.name] = harm
        seconds = sum(getattr(x, "seconds", 0.0) for x in results)
        r["throughput"][engine.name] = {"clean": clean_bytes / seconds if seconds else float("nan")}

    # quality: every spinner, rate and lexicon variant, on the benchmark split only
    sources = _channel_sources()
    spun_seconds: dict[str, list[float]] = {e.name: [0.0, 0.0] for e in engines}
    first_spuns = None
    for spinner in spinners:
        missing = missing_requirements(spinner)
        if missing:
            r["not_run"].append(f"Spinner {spinner}: {install_hint(spinner)}.")
            print(f"warning: skipping spinner {spinner}: {'; '.join(missing)}", file=sys.stderr)
            continue
        variants = list(engines)
        excluded = _loso(spinner, args.exclude_source)
        if not args.no_loso:
            if sources is not None and not set(excluded) & sources:
                r["notes"].append(f"Leave-one-source-out for {spinner}: the channel has no "
                                  f"source {', '.join(excluded)} (it has {', '.join(sorted(sources))}), "
                                  "so the full-lexicon numbers are the LOSO numbers.")
            else:
                variants.insert(1, engines[0].with_excluded(excluded))
        for rate in rates:
            log(f"quality: spinning {len(bench_docs)} texts at rate {rate} ({spinner})")
            spuns = quality.spin_many(bench_docs, rate, seed=args.seed, thesaurus=spinner,
                                      jobs=args.jobs)
            if first_spuns is None or (rate == 0.3 and spinner == spinners[0]):
                first_spuns = (spinner, rate, spuns)
            for engine in variants:
                log(f"quality: {engine.label()} on {spinner} at {rate}")
                results = engine.repair_many([s.text for s in spuns], jobs=args.jobs,
                                             all_findings=True)
                r["quality"].append(report.QualityRun(spinner, engine.label(), rate,
                                                      quality.score_quality(spuns, results, rate)))
                if not engine.exclude_sources:
                    acc = spun_seconds[engine.name]
                    acc[0] += sum(len(s.text.encode("utf-8")) for s in spuns) / 1e6
                    acc[1] += sum(getattr(x, "seconds", 0.0) for x in results)
    for name, (mb, seconds) in spun_seconds.items():
        r["throughput"][name]["spun"] = mb / seconds if seconds else float("nan")
    r["spinner"] = ", ".join(f"{s} ({THESAURI[s].label})" for s in spinners
                             if not missing_requirements(s)) + f"; seed {args.seed}"

    # document score and check on clean articles
    threshold, source = quality.check_threshold()
    r["check"] = {"threshold": threshold, "source": source}
    v2_runs = [q for q in r["quality"] if q.engine == "v2"]
    if v2_runs:
        rows, clean = [], r["harm"]["v2"].spin_scores
        for run in v2_runs:
            spun = run.report.spin_scores
            auc = quality.roc_auc(spun, clean)
            p, rc = quality.check_precision_recall(spun, clean, threshold)
            rows.append([run.spinner, run.rate, report._f(auc), report._f(p), report._f(rc),
                         report._f(sum(spun) / max(1, len(spun)))])
        r["document"] = {"threshold": threshold, "threshold_source": source, "rows": rows}

    # calibration: seeds and documents the fit did not see
    pairs_by_engine: dict[str, dict[str, list]] = {}
    for run in r["quality"]:
        if run.engine in {e.name for e in engines}:
            d = pairs_by_engine.setdefault(run.engine, {"applied": [], "findings": []})
            d["applied"] += run.report.applied
            d["findings"] += run.report.findings
    r["calibration"] = {}
    for name, d in pairs_by_engine.items():
        share, mean, n = reliability.share_correct_vs_confidence(d["applied"])
        r["calibration"][name] = {
            "applied": (share, mean, n), "findings": len(d["findings"]),
            "brier": reliability.brier(d["findings"]), "ece": reliability.ece(d["findings"]),
            "bins": reliability.reliability_bins(d["findings"]),
        }
    plot_path = args.plot or (RELIABILITY if full_run else None)
    if r["calibration"] and plot_path is not None and not args.no_write:
        written = reliability.plot([(n, c["bins"]) for n, c in r["calibration"].items()],
                                   plot_path, "Reliability of findings on held-out seeds/docs")
        r["plot"] = str(written) if written else "not written: matplotlib missing (bench extra)"

    # long documents and single clean sentences
    if args.skip_long:
        r["not_run"].append("Long documents and clean sentences (--skip-long).")
    else:
        for engine in engines:
            if first_spuns is not None:
                log(f"long documents: {engine.label()} ({first_spuns[0]} at {first_spuns[1]})")
                r["long"][engine.name] = longdocs.long_documents(
                    engine, first_spuns[2], bench_docs, jobs=args.jobs)
            log(f"clean sentences: {engine.label()}")
            r["sentences"][engine.name] = longdocs.clean_sentences(
                engine, docs, args.sentences, jobs=args.jobs, threshold=threshold)
        if first_spuns is not None:
            r["long_setup"] = f"spinner {first_spuns[0]}, rate {first_spuns[1]}"

    # speed and size
    if args.skip_speed:
        r["not_run"].append("Speed and memory (--skip-speed).")
    else:
        quick = args.quick
        for engine in engines:
            log(f"speed: cold start and wheel of {engine.label()}")
            r["cold"][engine.name] = speed.cold_start(3 if quick else 7, python=engine.python,
                                                      env=engine.env())
            r["wheel"][engine.name] = speed.wheel_mb(engine.path or speed.ROOT, engine.python)
            r["rss"][engine.name] = max(engine.peak_rss, default=float("nan"))
        log("speed: throughput")
        s: dict = {"throughput": speed.throughput(docs, textmend.repair)}
        log("speed: scaling")
        sizes = [1_000, 10_000, 100_000, 1_000_000] + ([] if quick else [10_000_000])
        s["budget"] = 20.0 if quick else 60.0
        s["scaling"] = speed.scaling(docs, textmend.repair, sizes, budget=s["budget"])
        s["linear"] = speed.is_linear(s["scaling"])
        log("speed: peak RSS")
        s["rss"] = {"interpreter + texts only": speed.peak_rss_mb("baseline", limit),
                    f"repairing the {len(docs)} texts one by one": speed.peak_rss_mb("corpus",
                                                                                    limit)}
        timed = [size for size, per_mb in s["scaling"] if per_mb == per_mb]
        if timed:
            big = max(timed)
            s["rss"][f"one {big:,} B document"] = speed.peak_rss_mb(
                "document", limit, big, timeout=3 * s["budget"])
        log("speed: profile")
        s["profile"] = _profile_by_module(textmend.repair, [d.text for d in docs[:200]])
        r["speed"] = s

    r["targets"] = report.target_rows(r, baseline=engines[1].name if len(engines) > 1 else None)
    r["comparison"] = compare.rows(r, [e.name for e in engines]) if len(engines) > 1 else []
    failed = sum(len(h.errors) for h in r["harm"].values()) + sum(
        len(q.report.errors) for q in r["quality"])
    if failed:
        r["notes"].append(f"repair raised an exception on {failed} texts; see the parts below.")
    r["why"] = _why_missed(r)
    r["elapsed"] = time.perf_counter() - started
    text = report.render(r)
    print(text)
    output = args.output or (RESULTS if full_run else None)
    if output is not None and not args.no_write:
        output.write_text(text + "\n", encoding="utf-8")
        print(f"\nwrote {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
