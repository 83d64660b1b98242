"""Calibrate the detector's document-score constants on spun and clean text.

Two fits, both on clean corpus articles and the same articles spun by
``benchmarks/spinner.py`` with seeds the main benchmark does not use:

- the spin score: a logistic model of "spun" on the density of finding evidence, of
  findings confident enough to apply and of broken collocations, and the length (``SCORE_*`` in ``textmend.detect``), with
  clean articles weighted ``CLEAN_WEIGHT`` times, so that ``textmend check`` at 0.5 errs
  towards leaving clean articles unflagged;
- the confidence: whether each finding in a spun article is a correct restoration, per
  evidence group (``GROUP_SLOPE``, ``GROUP_BIAS``, ``DENSITY_GAIN``). The shipped values
  come from ``--limit 300``; ``DOC_WEIGHT``, ``PROVISIONAL_WEIGHT`` and ``DENSITY_MID`` are set by hand (see
  benchmarks/README.md).

It also prints density quantiles, AUCs and how often findings of each local-probability
band are correct. The constants in ``detect.py`` cite the run they came from.

    python benchmarks/calibrate.py [--limit N] [--seed-offset 1000] [--thesaurus aiksaurus]
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import load_texts  # noqa: E402
from benchmarks.quality import roc_auc, score_document  # noqa: E402
from benchmarks.spinner import (  # noqa: E402
    THESAURI,
    THESAURUS_ENV,
    missing_requirements,
    spin,
    thesaurus_name,
)
from textmend.config import DEFAULT_CONFIG  # noqa: E402
from textmend.detect import (  # noqa: E402
    DENSITY_REF,
    DENSITY_SMOOTHING_WORDS,
    Analysis,
    analyse,
    evidence_density,
)
from textmend.rewrite import shape  # noqa: E402

RATES = (0.15, 0.3)
BANDS = 10
CLEAN_WEIGHT = 4.0
"""A clean article flagged by ``textmend check`` costs about four spun ones missed (at 4.0 the
check flags 2% of the clean dev articles at 0.5, fewer than the density-only score did)."""


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def density(text: str) -> tuple[float, tuple, Analysis]:
    """Evidence density of ``text``, its scored findings and the whole analysis."""
    analysis = analyse(text, DEFAULT_CONFIG)
    found = [s.finding for s in analysis.findings]
    return evidence_density(found, analysis.word_count), analysis.findings, analysis


def logistic_fit(pairs: list[tuple[float, bool]], steps: int = 50) -> tuple[float, float]:
    """Fit P(correct) = sigmoid(a * x + b) by Newton's method (two parameters, no numpy)."""
    a, b = 1.0, 0.0
    for _ in range(steps):
        ga = gb = haa = hab = hbb = 0.0
        for x, y in pairs:
            p = _sigmoid(a * x + b)
            r = y - p
            ga += r * x
            gb += r
            w = p * (1 - p)
            haa += w * x * x
            hab += w * x
            hbb += w
        det = haa * hbb - hab * hab
        if det <= 1e-12:
            break
        a += (hbb * ga - hab * gb) / det
        b += (haa * gb - hab * ga) / det
    return a, b


def score_features(value: float, analysis: Analysis) -> list[float]:
    """The spin score's inputs: finding density, confident-finding density, break density,
    ln(smoothed length)."""
    smoothed = analysis.word_count + DENSITY_SMOOTHING_WORDS
    return [value, analysis.confident / smoothed, analysis.breaks / smoothed, math.log(smoothed)]


def score_fit(rows: list[tuple[list[float], bool]], clean_weight: float = CLEAN_WEIGHT,
              steps: int = 50) -> list[float]:
    """Weighted logistic regression of "spun" on the features (Newton); the last is the bias."""
    size = len(rows[0][0]) + 1
    theta = [0.0] * size
    for _ in range(steps):
        grad = [-1e-6 * t for t in theta]
        hess = [[(1e-6 if i == j else 0.0) for j in range(size)] for i in range(size)]
        for feats, spun in rows:
            x = feats + [1.0]
            weight = 1.0 if spun else clean_weight
            p = _sigmoid(sum(t * v for t, v in zip(theta, x)))
            w = weight * p * (1 - p)
            for i in range(size):
                grad[i] += weight * (spun - p) * x[i]
                for j in range(size):
                    hess[i][j] += w * x[i] * x[j]
        step = _solve(hess, grad)
        theta = [t + d for t, d in zip(theta, step)]
        if max(abs(d) for d in step) < 1e-9:
            break
    return theta


def grouped_fit(
    rows: list[tuple[float, str, float, bool]], steps: int = 30, ridge: float = 1.0
) -> tuple[dict[str, float], float, dict[str, float], dict[str, int]]:
    """Fit P(correct) = sigmoid(a[group] * local + b[group] + c * log_density), ridge Newton.

    ``rows`` are (local evidence, group, ln(density / DENSITY_REF), correct). Returns the
    slopes, the density gain, the biases and the number of findings per group.
    """
    groups = sorted({g for _, g, _, _ in rows})
    index = {g: i for i, g in enumerate(groups)}
    n_groups = len(groups)
    size = 2 * n_groups + 1
    theta = [1.0] * n_groups + [0.0] * (n_groups + 1)
    for _ in range(steps):
        grad = [-ridge * t for t in theta]
        hess = [[(ridge if i == j else 0.0) for j in range(size)] for i in range(size)]
        for x, g, ld, y in rows:
            k = index[g]
            feats = {k: x, n_groups + k: 1.0, 2 * n_groups: ld}
            p = _sigmoid(sum(theta[i] * v for i, v in feats.items()))
            w = p * (1 - p)
            for i, fi in feats.items():
                grad[i] += (y - p) * fi
                for j, fj in feats.items():
                    hess[i][j] += w * fi * fj
        step = _solve(hess, grad)
        theta = [t + d for t, d in zip(theta, step)]
    sizes = {g: sum(1 for _, gg, _, _ in rows if gg == g) for g in groups}
    slopes = {g: theta[index[g]] for g in groups}
    biases = {g: theta[n_groups + index[g]] for g in groups}
    return slopes, theta[2 * n_groups], biases, sizes


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Solve ``matrix @ x = vector`` by Gaussian elimination (small, symmetric positive definite)."""
    n = len(vector)
    a = [row[:] + [v] for row, v in zip(matrix, vector)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(n):
            if r != col and a[col][col]:
                factor = a[r][col] / a[col][col]
                a[r] = [x - factor * y for x, y in zip(a[r], a[col])]
    return [a[i][n] / a[i][i] for i in range(n)]


def quantiles(values: list[float]) -> str:
    v = sorted(values)
    return " ".join(f"p{q}={v[min(len(v) - 1, int(q / 100 * len(v)))]:.4f}" for q in (10, 50, 90, 95, 99))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="use only the first N texts (default: all)")
    parser.add_argument("--seed-offset", type=int, default=1000)
    parser.add_argument("--thesaurus", choices=sorted(THESAURI), default=None,
                        help=f"the spinner's synonym source (default ${THESAURUS_ENV}, "
                        "else mythes)")
    args = parser.parse_args(argv)
    try:
        thesaurus = thesaurus_name(args.thesaurus)
    except ValueError as exc:  # a bad $TEXTMEND_SPIN_THESAURUS
        parser.error(str(exc))
    missing = missing_requirements(thesaurus)
    if missing:
        print("cannot spin:", "; ".join(missing))
        return 0
    docs = load_texts(args.limit).docs
    clean_runs = [density(d.text) for d in docs]
    clean = [value for value, _, _ in clean_runs]
    doc_rows = [(score_features(value, analysis), False) for value, _, analysis in clean_runs]
    grouped: list[tuple[float, str, float, bool]] = []
    print(f"{len(docs)} articles, spun with {thesaurus}; clean density: {quantiles(clean)}")
    for rate in RATES:
        spun_density = []
        bands = [[0, 0] for _ in range(BANDS)]
        pairs: list[tuple[float, bool]] = []
        for i, doc in enumerate(docs):
            spun = spin(doc.text, rate, seed=args.seed_offset + i, thesaurus=thesaurus)
            value, findings, analysis = density(spun.text)
            spun_density.append(value)
            doc_rows.append((score_features(value, analysis), True))
            for scored in findings:
                edit = shape(spun.text, scored)
                band = min(BANDS - 1, int(_sigmoid(scored.finding.local) * BANDS))
                bands[band][0] += 1
                verdict = score_document(spun, [edit]).verdicts[0]
                bands[band][1] += verdict.label == "correct"
                pairs.append((scored.finding.local, verdict.label == "correct"))
                log_density = math.log(max(value, 1e-6) / DENSITY_REF)
                grouped.append((scored.finding.local, scored.finding.group, log_density, verdict.label == "correct"))
        slope, bias = logistic_fit(pairs)
        print(f"rate {rate}: logistic fit of correct on local evidence: SLOPE={slope:.3f} BIAS={bias:.3f}")

        print(f"rate {rate}: density {quantiles(spun_density)}; AUC vs clean {roc_auc(spun_density, clean):.4f}")
        print("  local-probability band: findings, share correct")
        for b, (n, ok) in enumerate(bands):
            print(f"  {b / BANDS:.1f}-{(b + 1) / BANDS:.1f}: {n:6d} {ok / n if n else 0:.2f}")
    density_w, confident_w, breaks_w, length_w, bias = score_fit(doc_rows)
    print(f"spin score, for detect.py (clean weighted {CLEAN_WEIGHT}): SCORE_DENSITY={density_w:.0f} "
          f"SCORE_CONFIDENT={confident_w:.0f} SCORE_BREAKS={breaks_w:.0f} SCORE_LENGTH={length_w:.2f} "
          f"SCORE_BIAS={bias:.2f}")
    slopes, gain, biases, sizes = grouped_fit(grouped)
    shown = ", ".join(f"{g}: {slopes[g]:.2f} x + {biases[g]:.2f} (n={sizes[g]})" for g in sorted(sizes))
    print(f"both rates, for detect.py: DENSITY_GAIN={gain:.2f}; GROUP_SLOPE x + GROUP_BIAS {{{shown}}}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
