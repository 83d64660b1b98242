"""CPU time and peak memory of ONE ``textmend.repair`` call on a long document, per size.

    python -m benchmarks.long_call [--sizes 50000,100000,...] [--spun 0.3] [SRC ...]
    python -m benchmarks.long_call --sizes 400000 --edits /tmp/out.json SRC   # also save the edits
    python -m benchmarks.long_call --sizes 200000 --profile /tmp/prof SRC      # cProfile each call

``SRC`` is the ``src`` folder of a checkout (default: this one's; another tree, e.g. one exported
with ``git archive``, gives a before/after table). The document of each size is
``benchmarks.corpus.build_document`` over the development corpus (clean news, joined with blank
lines and repeated); with ``--spun RATE`` each article is first spun by the benchmark spinner
(MyThes, seed 0, ``benchmarks/spinner.py``). Each call runs in a fresh interpreter that imports
textmend from ``SRC``, loads the channel and the language model with a short warm-up repair, then
times one ``repair`` of the document with ``time.process_time`` (CPU seconds of the process) and
reads ``VmHWM`` of ``/proc/self/status`` (the process's peak RSS, MB: interpreter, models and the
call together) and ``VmRSS`` before the call.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_SIZES = (50_000, 100_000, 200_000, 400_000, 1_000_000)

_CHILD = r"""
import json, sys, time
data = json.load(open(sys.argv[1], encoding="utf-8"))
edits_path, profile_path, pieces = sys.argv[2], sys.argv[3], sys.argv[4] == "1"
def status(field):
    with open("/proc/self/status") as handle:
        return next(int(l.split()[1]) for l in handle if l.startswith(field + ":")) / 1024
import textmend
textmend.repair("The soldier is believed to be the first North Korean prisoner of warfare.")
before = status("VmRSS")
if profile_path:
    import cProfile
    profiler = cProfile.Profile()
    profiler.enable()
start = time.process_time()
if pieces:
    results = [textmend.repair(t) for t in data["pieces"]]
    result = results[-1]
    edits, suggestions = sum(len(r.edits) for r in results), sum(len(r.suggestions) for r in results)
else:
    result = textmend.repair(data["document"])
    edits, suggestions = len(result.edits), len(result.suggestions)
cpu = time.process_time() - start
if profile_path:
    profiler.disable()
    profiler.dump_stats(profile_path)
out = {"engine": textmend.__file__, "cpu_s": cpu, "hwm_mb": status("VmHWM"), "rss_before_mb": before,
       "edits": edits, "suggestions": suggestions, "spin_score": result.spin_score}
if edits_path:
    with open(edits_path, "w", encoding="utf-8") as handle:
        json.dump({"spin_score": result.spin_score,
                   "edits": [[e.start, e.end, e.original, e.replacement, e.rule, e.confidence] for e in result.edits]},
                  handle)
print(json.dumps(out))
"""


def document(size: int, spun_rate: float | None) -> tuple[str, list[str]]:
    """The ``size``-byte document (clean corpus articles, or each spun at ``spun_rate`` first) and
    the articles it is made of (the last one cut where the document ends)."""
    from benchmarks.corpus import Doc, build_document, load_texts

    docs = list(load_texts().docs)
    if spun_rate is not None:
        from benchmarks.spinner import spin

        needed, total = [], 0
        for d in docs:  # only as many articles as the document holds
            needed.append(Doc(d.id, spin(d.text, spun_rate, seed=0, key=d.id, thesaurus="mythes").text))
            total += len(d.text.encode("utf-8")) + 2
            if total >= size:
                break
        docs = needed
    text = build_document(docs, size)
    pieces, at = [], 0
    for k in range(len(text)):  # the articles in turn, as build_document joins them
        d = docs[k % len(docs)].text
        pieces.append(text[at : at + len(d)])
        at += len(d) + 2
        if at >= len(text):
            break
    return text, pieces


def main(argv: list[str] | None = None) -> int:
    from benchmarks.speed_compare import run_child

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trees", nargs="*", type=Path, default=[ROOT / "src"], help="src folders [this one]")
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="bytes, comma-separated")
    parser.add_argument("--spun", type=float, default=None, help="spin each article at this rate first")
    parser.add_argument("--edits", default="", help="save each call's edits to this JSON path (SIZE and tree "
                        "index appended)")
    parser.add_argument("--articles", action="store_true", help="repair the document's articles one by one "
                        "instead (the same text in pieces of 1-10 KB, one call each)")
    parser.add_argument("--profile", default="", help="cProfile each call into this path (suffixes as --edits)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    kind = "clean" if args.spun is None else f"spun at {args.spun} (MyThes, seed 0)"
    if args.articles:
        print("Its articles repaired one by one, not the document: ", end="")
    print(f"One `textmend.repair` call per document ({kind} news, benchmarks.corpus.build_document); "
          "each call in a fresh process\n")
    print("| tree | size | CPU s | CPU s per MB | RSS before MB | peak RSS MB | edits | spin score |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = Path(tmp) / f"doc{size}.json"
            text, pieces = document(size, args.spun)
            path.write_text(json.dumps({"document": text, "pieces": pieces}), encoding="utf-8")
            for k, tree in enumerate(t.resolve() for t in args.trees):
                suffix = f".{size}.{k}"
                r = run_child(tree, _CHILD, str(path), args.edits and args.edits + suffix + ".json",
                              args.profile and args.profile + suffix + ".prof", "1" if args.articles else "0")
                print(f"| {tree} | {size:,} | {r['cpu_s']:.1f} | {r['cpu_s'] / size * 1e6:.1f} | "
                      f"{r['rss_before_mb']:.0f} | {r['hwm_mb']:.0f} | {r['edits']} | {r['spin_score']:.3f} |",
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
