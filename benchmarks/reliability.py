"""Calibration metrics: Brier score, expected calibration error, a reliability diagram.

Every function takes ``pairs``: ``(confidence, correct)`` with confidence in [0, 1] (NaN
confidences are dropped) and ``correct`` a bool, one per finding.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple


class Bin(NamedTuple):
    """One confidence bin of a reliability diagram."""

    low: float
    high: float
    count: int
    mean_confidence: float
    """Mean predicted confidence in the bin (NaN when empty)."""
    observed: float
    """Share correct in the bin (NaN when empty)."""


def _clean(pairs: Iterable[tuple[float, bool]]) -> list[tuple[float, bool]]:
    return [(float(c), bool(y)) for c, y in pairs if c == c]


def brier(pairs: Iterable[tuple[float, bool]]) -> float:
    """Mean squared difference between confidence and outcome (0 best, 1 worst; NaN if empty)."""
    rows = _clean(pairs)
    if not rows:
        return float("nan")
    return sum((c - y) ** 2 for c, y in rows) / len(rows)


def reliability_bins(pairs: Iterable[tuple[float, bool]], bins: int = 10) -> list[Bin]:
    """``bins`` equal-width bins over [0, 1]; a confidence of exactly 1 falls in the last."""
    if bins < 1:
        raise ValueError(f"bins must be >= 1, got {bins}")
    groups: list[list[tuple[float, bool]]] = [[] for _ in range(bins)]
    for c, y in _clean(pairs):
        groups[min(bins - 1, max(0, int(c * bins)))].append((c, y))
    out = []
    for k, rows in enumerate(groups):
        n = len(rows)
        out.append(Bin(k / bins, (k + 1) / bins, n,
                       sum(c for c, _ in rows) / n if n else float("nan"),
                       sum(y for _, y in rows) / n if n else float("nan")))
    return out


def ece(pairs: Iterable[tuple[float, bool]], bins: int = 10) -> float:
    """Expected calibration error: the count-weighted mean of |observed - mean confidence|
    over :func:`reliability_bins` (NaN if there are no pairs)."""
    table = reliability_bins(pairs, bins)
    total = sum(b.count for b in table)
    if not total:
        return float("nan")
    return sum(b.count * abs(b.observed - b.mean_confidence) for b in table if b.count) / total


def share_correct_vs_confidence(pairs: Iterable[tuple[float, bool]]) -> tuple[float, float, int]:
    """(share correct, mean confidence, count) of ``pairs``: the applied-edit calibration
    check (the target is the two within 0.05)."""
    rows = _clean(pairs)
    if not rows:
        return float("nan"), float("nan"), 0
    return (sum(y for _, y in rows) / len(rows), sum(c for c, _ in rows) / len(rows), len(rows))


def plot(series: Sequence[tuple[str, Sequence[Bin]]], path: Path, title: str) -> Path | None:
    """Write a reliability diagram (observed vs predicted per bin, one line per series, bin
    counts below) as a PNG. Returns ``path``, or ``None`` when matplotlib is not installed
    (the ``bench`` extra)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(6, 7), sharex=True,
                                      gridspec_kw={"height_ratios": [3, 1]})
    top.plot([0, 1], [0, 1], linestyle=":", color="grey", label="perfect calibration")
    width = 1.0 / max(1, max((len(b) for _, b in series), default=1))
    for k, (name, table) in enumerate(series):
        full = [b for b in table if b.count]
        top.plot([b.mean_confidence for b in full], [b.observed for b in full], marker="o",
                 label=name)
        offset = (k + 0.5) / max(1, len(series)) * width - width / 2
        bottom.bar([(b.low + b.high) / 2 + offset for b in table], [b.count for b in table],
                   width=width / max(1, len(series)), label=name)
    top.set_ylabel("share correct")
    top.set_xlim(0, 1)
    top.set_ylim(0, 1)
    top.set_title(title)
    top.legend(loc="upper left", fontsize="small")
    bottom.set_xlabel("confidence")
    bottom.set_ylabel("findings")
    bottom.set_yscale("symlog")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
