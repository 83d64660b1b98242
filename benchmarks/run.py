"""Run textmend's benchmarks, print the results and write benchmarks/RESULTS.md.

    python benchmarks/run.py            # full run: all 911 corpus articles (a few minutes)
    python benchmarks/run.py --quick    # first 100 articles, smaller inputs; prints only

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

from benchmarks import quality, report, speed  # noqa: E402
from benchmarks.corpus import load_texts  # noqa: E402
from benchmarks.spinner import (  # noqa: E402
    THESAURI,
    THESAURUS_ENV,
    install_hint,
    missing_requirements,
    thesaurus_name,
)

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
RATES = (0.15, 0.3)


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


def _why_missed(r: dict, n_docs: int) -> list[str]:
    """One line per missed target naming the component that limits it, with numbers."""
    T, why = report.TARGETS, []
    f = report._f
    q3 = r["quality"].get(0.3)
    if q3 and q3.precision < T["precision"]:
        bad = sorted(q3.by_rule.items(), key=lambda kv: -(kv[1].edits - kv[1].correct))
        parts = [f"`{rule}` {t.correct}/{t.edits} correct ({t.wrong} wrong restorations, "
                 f"{t.false} on untouched text)" for rule, t in bad]
        line = f"Precision at rate 0.3 is {f(q3.precision)}: " + "; ".join(parts) + "."
        for (spun, got, original), count in q3.wrong.most_common(1):
            line += (f" The commonest wrong restoration is `{spun}` -> `{got}` "
                     f"(original `{original}`, {count}x).")
        why.append(line)
    harm = r["harm"]
    if harm.per_1000_words > T["false_per_1000"]:
        rules = ", ".join(f"{k} {v}" for k, v in harm.by_rule.most_common())
        why.append(f"False edits: {harm.edits} on {harm.words:,} clean words "
                   f"({f(harm.per_1000_words)} per 1,000), by rule: {rules}.")
    doc = r.get("document")
    if doc and doc["auc_both"] < T["auc"]:
        spun_mean = sum(s for q in r["quality"].values() for s in q.spin_scores) / max(
            1, sum(len(q.spin_scores) for q in r["quality"].values()))
        clean_mean = sum(harm.spin_scores) / max(1, len(harm.spin_scores))
        low = sum(q.spin_scores.count(0.0) for q in r["quality"].values())
        why.append(f"AUC {f(doc['auc_both'])}: the document score (detect.py) averages "
                   f"{f(spun_mean)} on spun and {f(clean_mean)} on clean texts; {low} spun "
                   f"texts score exactly 0 (restoration recall at rate 0.3: "
                   f"{f(q3.recall) if q3 else 'n/a'}).")
    sp = r.get("speed")
    if sp:
        tp = sp["throughput"]
        prof = ", ".join(f"{m} {s:.0%}" for m, s in sp.get("profile", [])[:3])
        if tp.repair_mb_s < T["throughput"] or tp.repair_seconds / tp.regex_seconds > T["ratio"]:
            why.append(f"Throughput {tp.repair_mb_s:.2f} MB/s, "
                       f"{tp.repair_seconds / tp.regex_seconds:.1f}x plain regex words and "
                       f"{tp.ratio:.1f}x textmend.tokenize ({tp.tokenize_mb_s:.2f} MB/s on its "
                       f"own); own time by module: {prof}.")
        if not sp["linear"]:
            pts = ", ".join(f"{size:,} B: " + (f"{v:.2f}" if v == v else "skipped")
                            for size, v in sp["scaling"])
            big = [v for k, v in sp["rss"].items() if k.startswith("one ")]
            largest = max(size for size, v in sp["scaling"] if v == v)
            why.append(f"Not linear: seconds per MB {pts}. Peak RSS for one {largest:,} B "
                       f"document is {big[0]:.0f} MB, about {big[0] * 1e6 / largest:.0f} bytes "
                       "per input byte." if big and big[0] == big[0] else f"Not linear: {pts}.")
    return why


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="first 100 texts, inputs up to 1 MB, 3 cold starts; writes no file")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N texts")
    parser.add_argument("--seed", type=int, default=0, help="spinner seed (default 0)")
    parser.add_argument("--thesaurus", choices=sorted(THESAURI), default=None,
                        help=f"the spinner's synonym source (default ${THESAURUS_ENV}, "
                        "else mythes)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="processes for the quality and harm parts (default 2)")
    parser.add_argument("--output", type=Path, default=None,
                        help=f"where to write the Markdown (default {RESULTS.name} on full runs)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--skip-speed", action="store_true", help="skip part 4")
    args = parser.parse_args(argv)
    try:
        thesaurus = thesaurus_name(args.thesaurus)
    except ValueError as exc:  # a bad $TEXTMEND_SPIN_THESAURUS
        parser.error(str(exc))

    started = time.perf_counter()
    limit = args.limit if args.limit is not None else (100 if args.quick else None)
    try:
        import textmend

        textmend.repair("warm-up")
    except Exception as exc:  # noqa: BLE001 - report any engine failure plainly
        print(f"error: textmend is not importable or repair() failed: {exc!r}", file=sys.stderr)
        return 2

    texts = load_texts(limit)
    docs = list(texts.docs)
    r: dict = {
        "command": "python benchmarks/run.py" + (" " + " ".join(argv if argv is not None
                                                                 else sys.argv[1:])).rstrip(),
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": speed.machine(),
        "version": getattr(textmend, "__version__", "?"),
        "texts": f"{len(docs)} {texts.source} texts ({texts.path})",
        "notes": [],
        "not_run": [],
        "targets": [],
    }
    if texts.source != "corpus":
        r["notes"].append(
            f"The development corpus is absent; running on {len(docs)} bundled examples. "
            "These numbers are a smoke test, not comparable with corpus results.")
    if limit is not None and texts.source == "corpus":
        r["notes"].append(f"Subset run on the first {limit} texts: not the full benchmark.")

    def log(msg: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f}s] {msg}", file=sys.stderr, flush=True)

    # 2. harm (also gives the clean spin scores for part 3)
    log(f"harm: repairing {len(docs)} clean texts")
    harm = quality.evaluate_harm(docs, jobs=args.jobs)
    r["harm"] = harm

    # 1. quality
    missing = missing_requirements(thesaurus)
    r["quality"] = {}
    if missing:
        r["spinner"] = f"thesaurus {thesaurus}, not available: " + "; ".join(missing)
        r["not_run"].append(f"Quality and document score: {install_hint(thesaurus)}.")
        print(f"warning: skipping quality parts: {'; '.join(missing)}", file=sys.stderr)
    else:
        r["spinner"] = (f"benchmarks/spinner.py, thesaurus {thesaurus}: synonyms from "
                        f"{THESAURI[thesaurus].label}, seed {args.seed}")
        for rate in RATES:
            log(f"quality: spinning and repairing at rate {rate} ({thesaurus})")
            r["quality"][rate] = quality.evaluate_quality(docs, rate, seed=args.seed,
                                                          jobs=args.jobs, thesaurus=thesaurus)

    # 3. document score
    if r["quality"]:
        threshold, source = quality.check_threshold()
        rows = []
        clean = harm.spin_scores
        groups = [(str(rate), q.spin_scores) for rate, q in r["quality"].items()]
        groups.append(("both rates", [s for q in r["quality"].values() for s in q.spin_scores]))
        for name, spun in groups:
            auc = quality.roc_auc(spun, clean)
            p, rc = quality.check_precision_recall(spun, clean, threshold)
            rows.append([name, report._f(auc), report._f(p), report._f(rc),
                         report._f(sum(spun) / len(spun)), report._f(sum(clean) / len(clean))])
        r["document"] = {"threshold": threshold, "threshold_source": source, "rows": rows,
                         "auc_both": quality.roc_auc(groups[-1][1], clean)}

    # 4. speed
    if args.skip_speed:
        r["not_run"].append("Speed and memory (--skip-speed).")
    else:
        quick = args.quick
        log("speed: throughput")
        s: dict = {"throughput": speed.throughput(docs, textmend.repair)}
        log("speed: cold start")
        s["cold"] = speed.cold_start(3 if quick else 7)
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
        big = max(timed)  # the largest input the scaling run could afford
        s["rss"][f"one {big:,} B document"] = speed.peak_rss_mb(
            "document", limit, big, timeout=3 * s["budget"])
        log("speed: profile")
        s["profile"] = _profile_by_module(textmend.repair, [d.text for d in docs[:200]])
        r["speed"] = s

    # targets
    T = report.TARGETS
    t_rows = r["targets"]
    q3 = r["quality"].get(0.3)
    t_rows.append([f"precision >= {T['precision']} at rate 0.3",
                   report._f(q3.precision) if q3 else "n/a",
                   report._mark(q3.precision >= T["precision"] if q3 else None)])
    if q3:
        t_rows.append(["recall at rate 0.3 (no target; reported honestly)", report._f(q3.recall),
                       ""])
    t_rows.append([f"false edits <= {T['false_per_1000']} per 1,000 clean words",
                   report._f(harm.per_1000_words), report._mark(harm.per_1000_words
                                                                <= T["false_per_1000"])])
    doc = r.get("document")
    t_rows.append([f"AUC >= {T['auc']} (both rates vs clean)",
                   report._f(doc["auc_both"]) if doc else "n/a",
                   report._mark(doc["auc_both"] >= T["auc"] if doc else None)])
    sp = r.get("speed")
    if sp:
        tp, cold = sp["throughput"], sp["cold"]
        rss = sp["rss"][f"repairing the {len(docs)} texts one by one"]
        t_rows += [
            [f"throughput >= {T['throughput']} MB/s", f"{tp.repair_mb_s:.2f} MB/s",
             report._mark(tp.repair_mb_s >= T["throughput"])],
            [f"at most {T['ratio']:.0f}x textmend.tokenize", f"{tp.ratio:.1f}x",
             report._mark(tp.ratio <= T["ratio"])],
            [f"at most {T['ratio']:.0f}x plain regex word findall",
             f"{tp.repair_seconds / tp.regex_seconds:.1f}x",
             report._mark(tp.repair_seconds / tp.regex_seconds <= T["ratio"])],
            [f"cold start (import + first repair) <= {T['cold_start']} s",
             f"{cold.first_repair_seconds:.3f} s",
             report._mark(cold.first_repair_seconds <= T["cold_start"])],
            [f"peak RSS <= {T['rss']:.0f} MB (repairing the texts)", f"{rss:.0f} MB",
             report._mark(rss <= T["rss"])],
            ["time linear in input size", "yes" if sp["linear"] else "no",
             report._mark(sp["linear"])],
        ]
    failed = len(harm.errors) + sum(len(q.errors) for q in r["quality"].values())
    if failed:
        r["notes"].append(f"repair raised an exception on {failed} texts; see parts 1 and 2.")
    r["why"] = _why_missed(r, len(docs))
    r["elapsed"] = time.perf_counter() - started
    text = report.render(r)
    print(text)
    output = args.output or (None if (args.quick or limit is not None) else RESULTS)
    if output is not None and not args.no_write:
        output.write_text(text + "\n", encoding="utf-8")
        print(f"\nwrote {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
