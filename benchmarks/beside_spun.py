"""Clean articles beside a spun one: edits in the clean part, restorations in the spun part.

    python benchmarks/beside_spun.py [--docs 20] [--clean 3] [--rate 0.3] [--spinner function-words ...] [--src SRC]

Each document is ``--clean`` clean articles of the benchmark split (``benchmarks.fit.benchmark_split``)
followed by one more article spun at ``--rate`` (seed = the document's number), joined by blank lines, and
repaired in one call. Every edit that ends in the clean part is a false edit; an edit in the spun part is
*restored* when it is a gold swap's span with its original, else *wrong*. The engine v2 issue's target
"a spun article after 3 clean ones ... with no edit in the clean part" on more documents and spinners than
``benchmarks/run.py``'s one check (``benchmarks.longdocs``). ``--src``: the ``src`` folder of another tree to
import textmend from (before/after tables). Needs the development corpus (``TEXTMEND_CORPUS``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=20)
    parser.add_argument("--clean", type=int, default=3)
    parser.add_argument("--rate", type=float, default=0.3)
    parser.add_argument("--spinner", action="append", choices=("function-words", "mythes", "aiksaurus"))
    parser.add_argument("--src", type=Path)
    args = parser.parse_args(argv)
    if args.src is not None:
        sys.path.insert(0, str(args.src))
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import textmend

    from benchmarks.corpus import corpus_available, load_corpus
    from benchmarks.fit import benchmark_split
    from benchmarks.spinner import spin

    if not corpus_available():
        print("beside_spun: the development corpus is absent (TEXTMEND_CORPUS)", file=sys.stderr)
        return 2
    docs = benchmark_split(load_corpus())
    print(f"textmend from {Path(textmend.__file__).parent}\n")
    print("| spinner | documents | clean words | false edits in the clean part | per 1,000 clean words "
          "| restored | wrong in the spun part | gold swaps |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    examples: list[str] = []
    for spinner in args.spinner or ["function-words", "mythes"]:
        false = restored = wrong = gold = words = 0
        for i in range(args.docs):
            cleans = [docs[(i * 7 + k) % len(docs)].text for k in range(1, args.clean + 1)]
            target = docs[(i * 7 + 50) % len(docs)]
            spun = spin(target.text, args.rate, seed=i, key=target.id, thesaurus=spinner)
            prefix = "\n\n".join(cleans) + "\n\n"
            words += len(prefix.split())
            result = textmend.repair(prefix + spun.text)
            subs = {(s.start + len(prefix), s.end + len(prefix)): s.original.lower() for s in spun.subs}
            gold += len(subs)
            for e in result.edits:
                if e.end <= len(prefix):
                    false += 1
                    examples.append(f"{spinner} doc {i}: {e.original!r} -> {e.replacement!r} ({e.confidence:.2f}, "
                                    f"rule {e.rule})")
                elif subs.get((e.start, e.end)) == e.replacement.lower():
                    restored += 1
                else:
                    wrong += 1
        print(f"| {spinner} | {args.docs} | {words:,} | {false} | {1000 * false / max(words, 1):.3f} | {restored} "
              f"| {wrong} | {gold} |")
    print("\nFalse edits:\n")
    print("\n".join(f"- {x}" for x in examples) or "none")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
