#!/usr/bin/env python3
"""Development check of the spin table against clean text (do no harm).

Counts how often each spun form of the compiled lexicon occurs in a corpus of clean,
human-written articles (default ``../shared/corpus/news-dev.jsonl``, JSON lines with a
``text`` field), grouped by the candidate's best strength. A spun form that is frequent in
clean text is by definition risky there: it should get a low strength or be marked risky.

This reads the corpus by path and prints counts of lexicon keys only; it writes nothing, so
no corpus text ends up in the repository.

Usage: python benchmarks/clean_check.py [--corpus PATH] [--min-strength 0.5] [--top 40]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "news-dev.jsonl"
LEXICON = ROOT / "src" / "textmend" / "data" / "lexicon.json.gz"
WORD = re.compile(r"\w+(?:['’-]\w+)*")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--lexicon", type=Path, default=LEXICON)
    ap.add_argument("--min-strength", type=float, default=0.5, help="list offenders at or above this")
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    lex = json.loads(gzip.decompress(args.lexicon.read_bytes()))
    spins = lex["spins"]
    counts: Counter[str] = Counter()
    words = 0
    with open(args.corpus, encoding="utf-8") as fh:
        for line in fh:
            toks = [t.lower() for t in WORD.findall(json.loads(line)["text"])]
            words += len(toks)
            for n in range(1, 5):
                for i in range(len(toks) - n + 1):
                    key = " ".join(toks[i:i + n])
                    if key in spins:
                        counts[key] += 1
    buckets = [(0.85, 1.01), (0.7, 0.85), (0.5, 0.7), (0.0, 0.5)]
    print(f"corpus: {words:,} words; lexicon: {len(spins):,} spun forms")
    for lo, hi in buckets:
        keys = [k for k in counts if lo <= spins[k][0][3] < hi]
        total = sum(counts[k] for k in keys)
        n_all = sum(1 for k in spins if lo <= spins[k][0][3] < hi)
        print(f"strength [{lo:.2f}, {min(hi, 1):.2f}): {n_all:6,} forms, {len(keys):5,} seen in corpus, "
              f"{total:6,} occurrences = {1000 * total / words:.3f} per 1,000 words")
    off = sorted((k for k in counts if spins[k][0][3] >= args.min_strength),
                 key=lambda k: (-counts[k] * spins[k][0][3], k))
    print(f"\ntop offenders (strength >= {args.min_strength}): count strength spun -> original [pack]")
    for k in off[: args.top]:
        c = spins[k][0]
        print(f"{counts[k]:6} {c[3]:.2f} {k!r} -> {c[0]!r} [{c[1]}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
