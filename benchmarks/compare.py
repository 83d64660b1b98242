"""The side-by-side table of two engines (v2 against v1) measured in one ``run.py`` run.

``rows(r, engines)`` turns the run's measurements into Markdown lines: one row per number,
one column per engine, so every figure compares like with like (same documents, seeds,
machine and load). Leave-one-source-out runs are left out: v1 has no channel to build without
a source.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .report import _f, _table


def _cells(values: Sequence[float], digits: int = 3) -> list[str]:
    return [_f(v, digits) for v in values]


def rows(r: dict[str, Any], engines: Sequence[str]) -> list[str]:
    """Markdown table lines: a metric per row, an engine per column."""
    nan = float("nan")
    table: list[list[str]] = []
    by_key = {(q.spinner, q.engine, q.rate): q.report for q in r.get("quality", [])}
    for spinner, rate in dict.fromkeys((q.spinner, q.rate) for q in r.get("quality", [])):
        reports = [by_key.get((spinner, e, rate)) for e in engines]
        for label, get in (("precision", lambda q: q.precision), ("recall", lambda q: q.recall),
                           ("detection recall", lambda q: q.detection_recall),
                           ("function words recall",
                            lambda q: q.by_kind["function"].recall if "function" in q.by_kind
                            else nan)):
            table.append([f"{spinner} {rate}: {label}",
                          *_cells([get(q) if q is not None else nan for q in reports])])
    harm = [r["harm"].get(e) for e in engines]
    table.append(["false edits per 1,000 clean words",
                  *_cells([h.per_1000_words if h else nan for h in harm])])
    threshold = r.get("check", {}).get("threshold", 0.5)
    table.append(["clean articles flagged by check",
                  *[f"{h.check_flags(threshold)}" if h else "n/a"
                    for h in harm]])
    sentences = [r["sentences"].get(e) for e in engines]
    if any(sentences):
        table.append(["single clean sentences with an edit",
                      *[f"{s.with_edits} / {s.sentences}" if s else "n/a" for s in sentences]])
    longs = [r["long"].get(e) for e in engines]
    if any(longs):
        table.append(["20 joined: restorations kept",
                      *_cells([x.joined_kept if x else nan for x in longs])])
        table.append(["after 3 clean: restorations kept",
                      *_cells([x.after_clean_kept if x else nan for x in longs])])
        table.append(["after 3 clean: edits in the clean part",
                      *[str(x.edits_in_clean_part) if x else "n/a" for x in longs]])
        table.append(["spun_article.txt x8: edits (one copy)",
                      *[f"{x.edits_all_copies} ({x.edits_one_copy})" if x else "n/a"
                        for x in longs]])
    cal = [r.get("calibration", {}).get(e) for e in engines]
    if any(cal):
        table.append(["applied edits: share correct - mean confidence",
                      *_cells([c["applied"][0] - c["applied"][1] if c else nan for c in cal])])
        table.append(["Brier (all findings)", *_cells([c["brier"] if c else nan for c in cal])])
        table.append(["ECE (all findings)", *_cells([c["ece"] if c else nan for c in cal])])
    tps = [r.get("throughput", {}).get(e, {}) for e in engines]
    table.append(["MB/s per core, clean", *_cells([t.get("clean", nan) for t in tps], 2)])
    table.append(["MB/s per core, spun", *_cells([t.get("spun", nan) for t in tps], 2)])
    if r.get("cold"):
        table.append(["cold start, s", *_cells([r["cold"][e].first_repair_seconds
                                                if e in r["cold"] else nan for e in engines])])
        table.append(["peak RSS of a worker, MB", *_cells([r["rss"].get(e, nan) for e in engines], 0)])
        table.append(["wheel, MB", *_cells([r["wheel"].get(e, nan) for e in engines], 2)])
    return _table(["", *engines], table)
