"""Renders the benchmark's measurements as Markdown (printed and written to RESULTS.md).

Only numbers and short (original -> replacement) strings go in: never corpus passages.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from .quality import KINDS, NO_GOLD, HarmReport, QualityReport

TARGETS = {  # issue 10, "Benchmark targets"
    "precision": 0.90,
    "recall_gain": 2.0,
    "function_recall": 0.8,
    "function_precision": 0.95,
    "false_per_1000": 0.1,
    "sentences_min": 500,
    "flagged_clean": 0.01,
    "long_kept": 0.90,
    "calibration_gap": 0.05,
    "throughput_clean": 1.5,
    "throughput_spun": 0.8,
    "cold_start": 0.3,
    "rss": 150.0,
    "wheel": 20.0,
}

COVERAGE_TARGETS = {  # issue 11, "Coverage": (spinner, engine label of its honest run) -> share
    ("mythes", "v2 without mythes"): 0.60,
    ("aiksaurus", "v2"): 0.45,
    ("function-words", "v2"): 0.90,
}
"""The original among a finding's top 3 alternatives at any confidence, leave-one-source-out.
Aiksaurus is no channel source, so its full run is already leave-one-out; the function-word
spinner's table is written apart from the ``general`` pack's rules (``benchmarks/function_spinner.py``),
so its full run is the one the issue asks for (its ``without function`` run has no function-word
rules at all). The issue names no rate: every rate is reported."""


class QualityRun(NamedTuple):
    """One quality measurement: a spinner, an engine (with its lexicon variant), a rate."""

    spinner: str
    engine: str
    """``v2``, ``v2 without mythes`` (leave-one-source-out), ``v1``, ..."""
    rate: float
    report: QualityReport


def _f(x: float, digits: int = 3) -> str:
    return "n/a" if x != x else f"{x:.{digits}f}"


def _mark(ok: bool | None) -> str:
    return {True: "met", False: "**MISSED**", None: "not measured"}[ok]


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def _pairs(counter: Any, n: int, fmt) -> list[str]:
    return [f"{i}. {fmt(key)}: {count}" for i, (key, count) in
            enumerate(counter.most_common(n), 1)]


def _quality_table(runs: list[QualityRun]) -> list[str]:
    rows = []
    for run in runs:
        q = run.report
        fw = q.by_kind.get("function")
        rows.append([run.spinner, run.engine, run.rate, q.docs, q.total.gold, q.total.edits,
                     q.total.correct, q.total.false, _f(q.precision), _f(q.recall), _f(q.f05),
                     _f(q.detection_recall), _f(q.detection_recall_any), _f(q.total.flagged_recall),
                     f"{_f(fw.precision)} / {_f(fw.recall)}" if fw else "n/a"])
    return _table(["spinner", "engine", "rate", "docs", "gold subs", "applied edits", "correct",
                   "on untouched text", "precision", "recall", "F0.5", "detection recall",
                   "detection recall, any confidence", "flagged", "function words P / R"], rows)


def _breakdown(title: str, tallies: dict, order: list[str] | None = None) -> list[str]:
    keys = order or sorted(tallies)
    rows = []
    for key in keys:
        t = tallies.get(key)
        if t is None:
            continue
        gold = t.gold > 0
        rows.append([key, t.gold if gold else "", t.edits, t.correct, _f(t.precision),
                     _f(t.recall) if gold else "", _f(t.detection_recall) if gold else ""])
    return [title, ""] + _table(["", "gold subs", "edits", "correct", "precision", "recall",
                                 "detection recall"], rows) + [""]


def target_rows(r: dict[str, Any], baseline: str | None = None) -> list[list[str]]:
    """The targets table: [target, measured, status] rows for what ``r`` holds."""
    T, rows = TARGETS, []
    v2 = [q for q in r["quality"] if q.engine == "v2"]
    base = {(q.spinner, q.rate): q.report for q in r["quality"] if q.engine == baseline}
    for run in v2:
        q = run.report
        line = f"{run.spinner} {run.rate}: precision >= {T['precision']}"
        rows.append([line, _f(q.precision), _mark(q.precision >= T["precision"]
                                                  if q.precision == q.precision else None)])
        b = base.get((run.spinner, run.rate))
        if b is not None:
            gain = q.recall / b.recall if b.recall else float("nan")
            rows.append([f"{run.spinner} {run.rate}: recall >= {T['recall_gain']:.0f}x "
                         f"{baseline}'s", f"{_f(q.recall)} vs {_f(b.recall)} ({_f(gain, 1)}x)",
                         _mark(gain >= T["recall_gain"] and q.precision >= T["precision"]
                               if gain == gain else None)])
        fw = q.by_kind.get("function")
        if fw and fw.gold:
            ok = (fw.recall >= T["function_recall"] and fw.precision >= T["function_precision"]
                  if fw.precision == fw.precision else False)
            rows.append([f"{run.spinner} {run.rate}: function words recall >= "
                         f"{T['function_recall']} at precision >= {T['function_precision']}",
                         f"R {_f(fw.recall)}, P {_f(fw.precision)}", _mark(ok)])
    for run in r["quality"]:
        goal = COVERAGE_TARGETS.get((run.spinner, run.engine))
        share = run.report.detection_recall_any
        if goal is not None and share == share:
            rows.append([f"{run.spinner} {run.rate} ({run.engine}): original in a finding's top 3 "
                         f"at any confidence >= {goal:.0%} (issue 11)", _f(share), _mark(share >= goal)])
    harm = r["harm"].get("v2")
    if harm:
        rows.append([f"false edits <= {T['false_per_1000']} per 1,000 clean words",
                     _f(harm.per_1000_words), _mark(harm.per_1000_words <= T["false_per_1000"])])
        flagged = harm.check_flags(r["check"]["threshold"])
        share = flagged / len(harm.spin_scores) if harm.spin_scores else float("nan")
        rows.append([f"clean articles flagged by check <= {T['flagged_clean']:.0%}",
                     f"{flagged}/{len(harm.spin_scores)} ({share:.1%})",
                     _mark(share <= T["flagged_clean"] if share == share else None)])
    sent = r["sentences"].get("v2")
    if sent:
        rows.append([f"no edit on single clean sentences (>= {T['sentences_min']})",
                     f"{sent.with_edits} of {sent.sentences} with edits",
                     _mark(sent.with_edits == 0 and sent.sentences >= T["sentences_min"])])
    long = r["long"].get("v2")
    if long:
        rows += [
            [f"{long.joined_articles} spun articles joined keep >= {T['long_kept']:.0%} of "
             "restorations", f"{long.restored_joined}/{long.restored_one_by_one} "
             f"({_f(long.joined_kept)})", _mark(long.joined_kept >= T["long_kept"]
                                                if long.joined_kept == long.joined_kept else None)],
            [f"spun article after 3 clean keeps >= {T['long_kept']:.0%}",
             f"{long.restored_after_clean}/{long.restored_alone} ({_f(long.after_clean_kept)})",
             _mark(long.after_clean_kept >= T["long_kept"]
                   if long.after_clean_kept == long.after_clean_kept else None)],
            ["no edit in the clean part", str(long.edits_in_clean_part),
             _mark(long.edits_in_clean_part == 0)],
            [f"spun_article.txt x{long.copies} gets {long.copies}x the edits",
             f"{long.edits_all_copies} vs {long.copies} x {long.edits_one_copy}",
             _mark(long.edits_all_copies == long.copies * long.edits_one_copy
                   if long.copies else None)],
        ]
    cal = r["calibration"].get("v2")
    if cal:
        share, mean, n = cal["applied"]
        gap = abs(share - mean)
        rows.append([f"applied edits: share correct within {T['calibration_gap']} of mean "
                     "confidence", f"{_f(share)} vs {_f(mean)} ({n} edits)",
                     _mark(gap <= T["calibration_gap"] if gap == gap else None)])
    tp = r["throughput"].get("v2", {})
    if "clean" in tp and r.get("speed"):
        rows.append([f"repair >= {T['throughput_clean']} MB/s on clean text per core",
                     f"{_f(tp['clean'], 2)} (workers), "
                     f"{_f(r['speed']['throughput'].repair_mb_s, 2)} (one process)",
                     _mark(r["speed"]["throughput"].repair_mb_s >= T["throughput_clean"])])
    if tp.get("spun") == tp.get("spun"):
        rows.append([f"repair >= {T['throughput_spun']} MB/s on spun text per core",
                     _f(tp.get("spun", float("nan")), 2),
                     _mark(tp["spun"] >= T["throughput_spun"] if "spun" in tp else None)])
    for key, label, unit in (("cold", "cold start (import + first repair) <=", "s"),
                             ("rss", "peak RSS of a benchmark worker <=", "MB"),
                             ("wheel", "wheel <=", "MB")):
        value = r[key].get("v2")
        if value is None:
            continue
        number = value.first_repair_seconds if key == "cold" else value
        limit = T["cold_start" if key == "cold" else key]
        rows.append([f"{label} {limit} {unit}", f"{_f(number, 3 if key == 'cold' else 1)} {unit}",
                     _mark(number <= limit if number == number else None)])
    return rows


def render(r: dict[str, Any]) -> str:
    out: list[str] = ["# textmend benchmark results", ""]
    out += [
        f"- Command: `{r['command']}`",
        f"- Date: {r['date']}",
        f"- Machine: {r['machine']['platform']}; {r['machine']['cpu']}; {r['machine']['python']}"
        f" ({r['machine']['load']})",
        f"- textmend {r['version']}; texts: {r['texts']}",
        f"- Engines: {'; '.join(r['engines'])}",
        f"- Spinners: {r.get('spinner', 'none')}",
        f"- Wall time of this run: {r['elapsed']:.0f} s",
        "",
    ]
    if r.get("notes"):
        out += [f"> {note}" for note in r["notes"]] + [""]

    out += ["## Targets (engine v2 and lexicon v2 issues)", ""]
    out += _table(["target", "measured", "status"], r["targets"])
    out.append("")
    if r.get("why"):
        out += ["What limits them:", ""] + [f"- {w}" for w in r["why"]] + [""]
    if r.get("comparison"):
        out += ["## Side by side (same documents, seeds and machine, one run)", ""]
        out += r["comparison"] + [""]

    runs: list[QualityRun] = r.get("quality", [])
    if runs:
        out += ["## 1. Restoration quality on spun text (benchmark split)", "",
                "Only `benchmark_split` articles are spun and scored (benchmarks/fit.py fits on "
                "every fourth article, with spinner seeds from 1000; this run uses the seed "
                "above). Precision = correct applied edits / applied edits; recall = gold swaps "
                "restored / gold swaps; **detection recall** = gold swaps whose right original "
                "`repair` proposes (in `Edit.alternatives`, or the replacement, of any edit or "
                "suggestion overlapping the gold span; suggestions stop at confidence 0.05); "
                "**detection recall, any confidence** = the same over every finding of "
                "`textmend.detect` (issue 11's coverage measure); *flagged* = gold swaps "
                "overlapped by any finding at all. `v2 without X` is the leave-one-source-out "
                "run: the channel built without the spinner's own thesaurus.", ""]
        out += _quality_table(runs) + [""]
        for run in runs:
            q = run.report
            out += [f"### {run.spinner}, {run.engine}, rate {run.rate}", ""]
            out += _breakdown("By part of speech of the gold word (kind where the spinner "
                              "records none):", q.by_pos)
            out += _breakdown("By gold kind:", q.by_kind, [*KINDS, NO_GOLD])
            out += _breakdown("By rule (`Edit.rule`):", q.by_rule)
            if q.errors:
                out += [f"**repair raised on {len(q.errors)} spun documents (left out); "
                        f"first: {q.errors[0]}**", ""]
            if q.inconsistent_docs:
                out += [f"**{q.inconsistent_docs} documents' edits do not reproduce "
                        "Result.text.**", ""]
            out += ["Most frequent wrong restorations (spun -> textmend, original): " +
                    ("; ".join(f"`{k[0]}` -> `{k[1]}` (`{k[2]}`) {c}"
                               for k, c in q.wrong.most_common(5)) or "none"),
                    "", "Most frequent misses (spun <- original): " +
                    ("; ".join(f"`{k[0]}` <- `{k[1]}` {c}" for k, c in q.missed.most_common(8))
                     or "none"), ""]

    harm_by: dict[str, HarmReport] = r.get("harm", {})
    if harm_by:
        out += ["## 2. Clean text", "",
                "Harm is measured over the **whole** clean corpus, including the quarter the fit "
                "saw as clean text (a do-no-harm check, not a held-out score). Words are "
                "whitespace-separated tokens, as the corpus README counts them. *Flagged* = "
                f"`spin_score >= {r['check']['threshold']}` ({r['check']['source']}) or an edit "
                "to apply, what `textmend check` reports as spun.", ""]
        rows = []
        for name, harm in harm_by.items():
            flagged = harm.check_flags(r["check"]["threshold"])
            sent = r["sentences"].get(name)
            rows.append([name, harm.docs, f"{harm.words:,}", harm.edits, _f(harm.per_1000_words),
                         harm.docs_with_edits, f"{flagged} ({flagged / max(1, harm.docs):.1%})",
                         f"{sent.with_edits} / {sent.sentences}" if sent else "n/a",
                         harm.suggestions])
        out += _table(["engine", "articles", "words", "false edits", "per 1,000 words",
                       "articles with edits", "articles flagged", "single sentences with edits",
                       "suggestions"], rows)
        for name, harm in harm_by.items():
            out += ["", f"{name}: by rule: " + (", ".join(f"{k} {v}" for k, v in
                                                           harm.by_rule.most_common()) or "no edits")
                    + ". Most frequent false edits: " +
                    ("; ".join(f"`{k[0]}` -> `{k[1]}` {c}" for k, c in harm.false_edits.most_common(15))
                     or "none") + "."]
            sent = r["sentences"].get(name)
            if sent and sent.false_edits:
                out += ["", f"{name}: edits on single sentences: " + "; ".join(
                    f"`{k[0]}` -> `{k[1]}` {c}" for k, c in sent.false_edits.most_common(10)) + "."]
            if harm.errors:
                out += ["", f"**{name}: repair raised on {len(harm.errors)} clean texts; first: "
                        f"{harm.errors[0]}**"]
        out.append("")

    if r.get("long"):
        out += ["## 3. Long documents", "",
                f"Spun articles ({r.get('long_setup', '')}, benchmark split): the first 20 "
                "joined by blank lines into one document, against each repaired alone; each of "
                "the first 10 after 3 other clean articles, against alone (edits in the clean "
                "part are false); `examples/spun_article.txt` concatenated 8 times.", ""]
        rows = []
        for name, long in r["long"].items():
            rows.append([name, f"{long.restored_joined} / {long.restored_one_by_one} "
                         f"({_f(long.joined_kept)})",
                         f"{long.restored_after_clean} / {long.restored_alone} "
                         f"({_f(long.after_clean_kept)})", long.edits_in_clean_part,
                         f"{long.edits_all_copies} / {long.copies} x {long.edits_one_copy}"])
            if long.errors:
                rows[-1].append("; ".join(long.errors[:2]))
        out += _table(["engine", "joined: restorations kept", "after 3 clean: kept",
                       "edits in the clean part", "8 copies: edits"], rows) + [""]
        for name, long in r["long"].items():
            if long.clean_part_edits:
                listed = ", ".join(f"{o} -> {n}" + (f" x{c}" if c > 1 else "")
                                   for (o, n), c in long.clean_part_edits.most_common())
                out += [f"Edits in the clean part, {name}: {listed}.", ""]

    cal = r.get("calibration")
    if cal:
        out += ["## 4. Calibration (held-out seeds and documents)", "",
                "Over every quality run of the engine (all spinners, rates and documents of the "
                "benchmark split, spinner seed not used by the fit). *Applied*: share of applied "
                "edits that are correct against their mean confidence. Brier and ECE (10 equal "
                "bins) over all findings, edits and suggestions alike, each scored on its own "
                "(correct = applying it alone restores the original)." +
                (f" Reliability diagram: `{r['plot']}`." if r.get("plot") else ""), ""]
        rows = [[name, f"{_f(c['applied'][0])} vs {_f(c['applied'][1])} ({c['applied'][2]})",
                 c["findings"], _f(c["brier"]), _f(c["ece"])] for name, c in cal.items()]
        out += _table(["engine", "applied: correct vs confidence (edits)", "findings", "Brier",
                       "ECE"], rows)
        for name, c in cal.items():
            out += ["", f"{name} reliability bins (confidence range: findings, mean confidence, "
                    "share correct): " + "; ".join(
                        f"{b.low:.1f}-{b.high:.1f}: {b.count}, {_f(b.mean_confidence, 2)}, "
                        f"{_f(b.observed, 2)}" for b in c["bins"] if b.count)]
        out.append("")

    doc = r.get("document")
    if doc:
        out += ["## 5. Document score", "",
                f"ROC AUC of `spin_score`, spun (positive) against clean (negative) texts; "
                f"`textmend check` flags at `spin_score >= {doc['threshold']}` "
                f"({doc['threshold_source']}).", ""]
        out += _table(["spinner", "rate", "AUC", "check precision", "check recall",
                       "mean score spun"], doc["rows"])
        out.append("")

    if r.get("cold"):
        out += ["## 6. Speed and size per engine", "",
                "Throughput from the benchmark workers' CPU time of each `repair` call (one "
                "process per core, 2 workers): clean = the clean corpus, spun = every full-"
                "lexicon quality run. Peak RSS: the largest VmHWM of those workers. Cold start: "
                "median over fresh interpreters of import + first repair. Wheel: `pip wheel "
                "--no-deps` of the checkout.", ""]
        rows = []
        for name in r["cold"]:
            tp = r["throughput"].get(name, {})
            c = r["cold"][name]
            rows.append([name, _f(tp.get("clean", float("nan")), 2),
                         _f(tp.get("spun", float("nan")), 2), f"{c.first_repair_seconds:.3f}",
                         _f(r["rss"].get(name, float("nan")), 0),
                         _f(r["wheel"].get(name, float("nan")), 2)])
        out += _table(["engine", "clean MB/s", "spun MB/s", "cold start s", "peak RSS MB",
                       "wheel MB"], rows) + [""]

    speed = r.get("speed")
    if speed:
        t = speed["throughput"]
        out += ["## 7. Speed and memory of this checkout (in process)", "",
                f"One process, one core, {t.megabytes:.2f} MB (UTF-8) of clean text, after a "
                "warm-up call.", ""]
        out += _table(["what", "seconds", "MB/s"],
                      [["textmend.repair", _f(t.repair_seconds), _f(t.repair_mb_s, 2)],
                       [f"tokenization: {t.tokenizer}", _f(t.tokenize_seconds),
                        _f(t.tokenize_mb_s, 2)],
                       ["plain `regex` word findall (speed.py)",
                        _f(t.regex_seconds), _f(t.megabytes / t.regex_seconds, 2)],
                       ["ratio repair / textmend tokenization", _f(t.ratio, 1) + "x", ""],
                       ["ratio repair / plain regex words",
                        _f(t.repair_seconds / t.regex_seconds, 1) + "x", ""]])
        c = speed.get("cold")
        if c:
            out += ["", f"Cold start (median of {c.runs} fresh processes): import "
                    f"{c.import_seconds:.3f} s, import + first repair "
                    f"{c.first_repair_seconds:.3f} s"
                    f" (whole process with interpreter start-up {c.process_seconds:.3f} s)."]
        rss = speed.get("rss")
        if rss:
            out += ["", "Peak RSS of a fresh process (VmHWM from /proc/self/status; "
                    "`resource.getrusage` in a child reports its parent's peak on Linux): " +
                    "; ".join(f"{k} " + (f"{v:.0f} MB" if v == v else "timed out")
                              for k, v in rss.items()) + "."]
        sc = speed.get("scaling")
        if sc:
            out += ["", "Scaling: the same 1 MB of text cut into pieces of each size and "
                    "repaired piece by piece; the 10 MB row is one call on one document.", ""]
            out += _table(["input size", "seconds per MB"],
                          [[f"{size:,} B", _f(spm) if spm == spm else
                            f"skipped: projected over {speed['budget']:.0f} s"]
                           for size, spm in sc])
            out += ["", f"Linear: {'yes' if speed['linear'] else '**no**'} (time per MB at the "
                    "largest size within 1.5x of the best at 100 KB and above)."]
        prof = speed.get("profile")
        if prof:
            out += ["", "Where repair spends its time (cProfile, own time by module):", ""]
            out += _table(["module", "share"], [[m, f"{s:.0%}"] for m, s in prof])
        out.append("")

    if r.get("not_run"):
        out += ["## Not run", ""] + [f"- {x}" for x in r["not_run"]] + [""]
    return "\n".join(out)
