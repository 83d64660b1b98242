"""Renders the benchmark's measurements as Markdown (printed and written to RESULTS.md).

Only numbers and short (original -> replacement) strings go in: never corpus passages.
"""

from __future__ import annotations

from typing import Any

from .quality import KINDS, NO_GOLD, HarmReport, QualityReport

TARGETS = {
    "precision": 0.90,
    "false_per_1000": 0.5,
    "auc": 0.98,
    "throughput": 1.0,
    "ratio": 20.0,
    "cold_start": 0.5,
    "rss": 200.0,
}


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


def render(r: dict[str, Any]) -> str:
    out: list[str] = ["# textmend benchmark results", ""]
    out += [
        f"- Command: `{r['command']}`",
        f"- Date: {r['date']}",
        f"- Machine: {r['machine']['platform']}; {r['machine']['cpu']}; {r['machine']['python']}"
        f" ({r['machine']['load']})",
        f"- textmend {r['version']}; texts: {r['texts']}",
        f"- Spinner: {r['spinner']}",
        f"- Wall time of this run: {r['elapsed']:.0f} s",
        "",
    ]
    if r.get("notes"):
        out += [f"> {note}" for note in r["notes"]] + [""]

    out += ["## Targets", ""]
    out += _table(["target", "measured", "status"], r["targets"])
    out.append("")
    if r.get("why"):
        out += ["What limits the missed targets:", ""] + [f"- {w}" for w in r["why"]] + [""]

    quality: dict[float, QualityReport] = r.get("quality", {})
    if quality:
        out += ["## 1. Restoration quality on spun text", "",
                "Edits are mapped onto the spinner's gold substitutions (offsets in the spun "
                "text). A restoration counts only when the repaired text equals the original "
                "over the edit and the gold spans it touches (case-sensitive). Precision = "
                "correct edits / applied edits; recall = gold substitutions restored / gold "
                "substitutions; detection recall = gold substitutions overlapped by any finding "
                "(edit or suggestion; suggestions are frequent on clean text too, see part 2, so "
                "detection recall is an upper bound on what the detector really separates). "
                "`Edit` does not say which wordlist pack a candidate came "
                "from, so the breakdown is by rule and by gold kind instead of by pack.", ""]
        rows = []
        for rate, q in quality.items():
            rows.append([rate, q.docs, _f(q.achieved_rate), q.total.gold, q.total.edits,
                         q.total.correct, q.total.wrong, q.total.false, _f(q.precision),
                         _f(q.recall), _f(q.f05), _f(q.detection_recall)])
        out += _table(["rate", "docs", "content words spun", "gold subs", "applied edits",
                       "correct", "wrong", "on untouched text", "precision", "recall", "F0.5",
                       "detection recall"], rows)
        out.append("")
        for rate, q in quality.items():
            out += [f"### Rate {rate}: by gold kind", ""]
            rows = []
            for kind in (*KINDS, NO_GOLD):
                t = q.by_kind.get(kind)
                if t is None:
                    continue
                rows.append([kind, t.gold, t.edits, t.correct, _f(t.precision),
                             _f(t.recall) if kind != NO_GOLD else "",
                             _f(t.detection_recall) if kind != NO_GOLD else ""])
            out += _table(["gold kind", "gold subs", "edits touching it", "correct",
                           "precision", "recall", "detection recall"], rows)
            out += ["", f"### Rate {rate}: by rule", ""]
            rows = [[rule, t.edits, t.correct, t.wrong, t.wrong_case, t.false, _f(t.precision)]
                    for rule, t in sorted(q.by_rule.items())]
            out += _table(["rule", "applied edits", "correct", "wrong", "of which case only",
                           "on untouched text", "precision"], rows)
            if q.errors:
                out += ["", f"**repair raised on {len(q.errors)} spun documents (left out); "
                        f"first: {q.errors[0]}**"]
            if q.inconsistent_docs:
                out += ["", f"**{q.inconsistent_docs} documents' edits do not reproduce "
                        "Result.text.**"]
            out += ["", f"Most frequent wrong restorations at rate {rate} "
                    "(spun -> textmend, original):", ""]
            out += _pairs(q.wrong, 10, lambda k: f"`{k[0]}` -> `{k[1]}` (was `{k[2]}`)") or ["none"]
            out += ["", f"Most frequent edits on untouched text of spun documents at rate {rate}:",
                    ""]
            out += _pairs(q.false_in_spun, 10, lambda k: f"`{k[0]}` -> `{k[1]}`") or ["none"]
            out += ["", f"Most frequent gold substitutions not restored at rate {rate} "
                    "(spun <- original):", ""]
            out += _pairs(q.missed, 15, lambda k: f"`{k[0]}` <- `{k[1]}`") or ["none"]
            out.append("")

    harm: HarmReport | None = r.get("harm")
    if harm is not None:
        out += ["## 2. Harm to clean text", "",
                f"{harm.docs} clean texts, {harm.words:,} words (whitespace-separated, as the "
                f"corpus README counts them; {harm.word_tokens:,} regex `\\w+` tokens).", ""]
        out += _table(["applied edits", "per 1,000 words", "per 1,000 \\w+ tokens",
                       "texts with any edit", "suggestions (not applied)",
                       "suggestions per 1,000 words"],
                      [[harm.edits, _f(harm.per_1000_words), _f(harm.per_1000_word_tokens),
                        harm.docs_with_edits, harm.suggestions,
                        _f(1000 * harm.suggestions / harm.words if harm.words else float("nan"),
                           1)]])
        out += ["", "By rule: " + (", ".join(f"{k} {v}" for k, v in harm.by_rule.most_common())
                                    or "no edits"), "",
                "The 20 most frequent false edits (original -> replacement, lower-cased):", ""]
        out += _pairs(harm.false_edits, 20, lambda k: f"`{k[0]}` -> `{k[1]}`") or ["none"]
        if harm.errors:
            out += ["", f"**repair raised on {len(harm.errors)} clean texts; first: "
                    f"{harm.errors[0]}**"]
        if harm.inconsistent_docs:
            out += ["", f"**{harm.inconsistent_docs} texts' edits do not reproduce Result.text.**"]
        out.append("")

    doc = r.get("document")
    if doc:
        out += ["## 3. Document score", "",
                f"ROC AUC of `spin_score`, spun (positive) against clean (negative) texts; "
                f"`textmend check` flags a text when `spin_score >= {doc['threshold']}` "
                f"(threshold from {doc['threshold_source']}).", ""]
        out += _table(["spun texts", "AUC", "check precision", "check recall",
                       "mean score spun", "mean score clean"], doc["rows"])
        out.append("")

    speed = r.get("speed")
    if speed:
        t = speed["throughput"]
        out += ["## 4. Speed and memory", "",
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
