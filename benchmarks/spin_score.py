"""The document spin score alone: clean articles flagged by ``check`` and the spun-document table.

    python benchmarks/spin_score.py                       # 911 clean + benchmark split, 3 spinners x 3 rates
    python benchmarks/spin_score.py --split fit --rates 0.3 --limit 50

Scores every clean corpus article and every article of ``--split`` spun by each benchmark
spinner (seed 0, as ``benchmarks/run.py``) with ``textmend.score``, then prints the clean
articles flagged (``spin_score >= 0.5``, ``check``'s default) and, per spinner and rate, the ROC
AUC, check precision and recall and mean score: section 5 of ``benchmarks/RESULTS.md``, without
the repairs (about 25 minutes on one core for the full run). The figures of
``benchmarks/SPIN_SCORE.md`` come from it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from benchmarks.corpus import load_corpus  # noqa: E402
from benchmarks.quality import check_precision_recall, roc_auc  # noqa: E402
from benchmarks.spinner import missing_requirements, spin  # noqa: E402

SPINNERS = ("mythes", "aiksaurus", "function-words")
THRESHOLD = 0.5


def _score(args: tuple[str, float, int, str, str | None]) -> float:
    import textmend

    text, rate, seed, key, thesaurus = args
    if thesaurus is not None:
        text = spin(text, rate, seed=seed, key=key, thesaurus=thesaurus).text
    return textmend.score(text)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("benchmark", "fit"), default="benchmark")
    parser.add_argument("--rates", default="0.15,0.3,0.6")
    parser.add_argument("--limit", type=int, default=None, help="spin only the first N articles of the split")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    docs = load_corpus()
    chosen = [d for i, d in enumerate(docs) if (i % 4 == 3) == (args.split == "fit")][: args.limit]
    rates = [float(r) for r in args.rates.split(",")]
    spinners = [s for s in SPINNERS if not missing_requirements(s)]
    jobs = [(d.text, 0.0, 0, d.id, None) for d in docs]
    jobs += [(d.text, rate, 0, d.id, name) for name in spinners for rate in rates for d in chosen]
    with ProcessPoolExecutor(args.jobs) as pool:
        scores = list(pool.map(_score, jobs, chunksize=8))
    clean, rest = scores[: len(docs)], scores[len(docs):]
    flagged = [i for i, s in enumerate(clean) if s >= THRESHOLD]
    print(f"clean articles flagged: {len(flagged)} of {len(clean)} ({len(flagged) / len(clean):.1%}): {flagged}")
    print("| spinner | rate | AUC | check precision | check recall | mean score spun |")
    print("| --- | --- | --- | --- | --- | --- |")
    k = 0
    for name in spinners:
        for rate in rates:
            spun = rest[k : k + len(chosen)]
            k += len(chosen)
            precision, recall = check_precision_recall(spun, clean, THRESHOLD)
            print(f"| {name} | {rate} | {roc_auc(spun, clean):.3f} | {precision:.3f} | {recall:.3f} | "
                  f"{sum(spun) / len(spun):.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
