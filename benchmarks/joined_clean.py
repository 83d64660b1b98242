"""The first N clean articles of the development corpus joined into one text, repaired in one call:
spin score, false edits (every edit is false: clean text), CPU seconds and peak RSS.

    TEXTMEND_CORPUS=.../news-dev.jsonl python benchmarks/joined_clean.py N [SRC]

``SRC``: the ``src`` folder of another tree to import textmend from (a before/after table, e.g. a tree
exported with ``git archive``). Used by benchmarks/SPIN_SCORE.md (2026-12-03, estimation windows).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

if len(sys.argv) > 2:
    sys.path.insert(0, sys.argv[2])
import textmend  # noqa: E402

CORPUS = Path(os.environ.get("TEXTMEND_CORPUS", Path(__file__).resolve().parents[2] / "shared/corpus/news-dev.jsonl"))


def main() -> None:
    n = int(sys.argv[1])
    with CORPUS.open(encoding="utf-8") as f:
        text = "\n\n".join(json.loads(line)["text"] for _, line in zip(range(n), f))
    start = time.process_time()
    result = textmend.repair(text)
    cpu = time.process_time() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"{n} articles, {len(text.split()):,} words: score {result.spin_score:.3f}, {len(result.edits)} edits, "
          f"CPU {cpu:.1f} s, peak RSS {rss} MB ({textmend.__file__})")
    for e in result.edits:
        print(f"  {e.original!r} -> {e.replacement!r} {e.confidence:.2f} {e.rule}")


if __name__ == "__main__":
    main()
