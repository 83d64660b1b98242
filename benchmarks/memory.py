"""Peak RSS of engine trees in the two protocols of issue 10's memory target (150 MB).

    python -m benchmarks.memory SRC [SRC ...] [--clean 911] [--spun 200] [--size 100000]
    python -m benchmarks.memory SRC --heap      # also: the Python heap by holder (tracemalloc)
    python -m benchmarks.memory SRC [SRC ...] --worker aiksaurus:0.6 [--worker mythes:0.6 ...]

``SRC`` is the ``src`` folder of a checkout (e.g. one exported with ``git archive``). Each
measurement is one fresh process (``PYTHONPATH=SRC``) that reads the texts from a temporary
JSON file (outside the repository) and reports ``VmHWM`` of ``/proc/self/status`` (MB):

- ``corpus``: the first ``--clean`` corpus articles repaired one by one, then the first
  ``--spun`` of them spun (MyThes, rate 0.3, seed 0; ``benchmarks/speed_check.py``), as a
  benchmark worker does; RSS is also reported after the clean set;
- ``document``: one ``--size``-byte document built from the corpus
  (``benchmarks.corpus.build_document``), repaired in one call.

``--worker SPINNER:RATE`` (repeatable) measures instead what the benchmark reports (RESULTS.md,
"peak RSS of a benchmark worker"): its own quality-run workers (``benchmarks/engine.py``, 2 jobs,
``--all-findings``: ``repair`` then ``detect`` of each text) on the benchmark split spun by SPINNER at
RATE (seed 0), per tree the ``VmHWM`` of each worker. It reads more than the corpus protocol, which
calls no ``detect`` and sees 200 spun texts, not 342 per worker: on 2026-12-03 the corpus protocol
read 141 MB where these workers read up to 155 MB (``benchmarks/SPEED.md``, rss28). A worker of the
highest rate takes ~2-5 minutes of CPU.

``--heap`` runs the corpus protocol once more under ``tracemalloc`` and prints the traced
Python heap at its end with the deep size of each engine cache (slow: ~2x).
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

_CHILD = r"""
import json, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
mode, heap = sys.argv[2], sys.argv[3] == "1"
def hwm():
    with open("/proc/self/status") as status:
        return next(int(l.split()[1]) for l in status if l.startswith("VmHWM:")) / 1024
if heap:
    import tracemalloc
    tracemalloc.start()
import textmend
out = {"engine": textmend.__file__}
if mode == "corpus":
    for t in data["clean"]:
        textmend.repair(t)
    out["clean_hwm_mb"] = hwm()
    for t in data["spun"]:
        textmend.repair(t)
else:
    textmend.repair(data["document"])
out["hwm_mb"] = hwm()
if heap:
    out["traced_mb"] = tracemalloc.get_traced_memory()[0] / 2**20
    out["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    snap = tracemalloc.take_snapshot()
    out["top"] = [(str(s.traceback), s.size / 2**20) for s in snap.statistics("lineno")[:25]]
print(json.dumps(out))
"""


def measure(src: Path, texts_path: Path, mode: str, heap: bool = False) -> dict:
    """One fresh process of the tree ``src`` in protocol ``mode`` (``corpus`` or ``document``)."""
    from benchmarks.speed_compare import run_child

    return run_child(src, _CHILD, str(texts_path), mode, "1" if heap else "0")


def workers(trees: list[Path], runs: list[str], jobs: int = 2) -> int:
    """Print the peak RSS (MB) of each quality-run worker of each tree (``--worker``)."""
    from benchmarks.corpus import load_texts
    from benchmarks.engine import Engine
    from benchmarks.fit import benchmark_split
    from benchmarks.quality import RepairFailed, spin_many

    bench = benchmark_split(list(load_texts(None).docs))
    print(f"benchmark workers ({jobs} jobs, --all-findings) on {len(bench)} spun texts\n")
    print("| tree | spinner | rate | peak RSS of each worker, MB |")
    print("| --- | --- | --- | --- |")
    for run in runs:
        spinner, _, rate = run.partition(":")
        texts = [s.text for s in spin_many(bench, float(rate), seed=0, thesaurus=spinner)]
        for tree in (t.resolve() for t in trees):
            engine = Engine(tree.name, path=tree.parent)
            failed = sum(isinstance(r, RepairFailed)
                         for r in engine.repair_many(texts, jobs=jobs, all_findings=True))
            peaks = ", ".join(f"{mb:.1f}" for mb in engine.peak_rss)
            print(f"| {tree} | {spinner} | {rate} | {peaks}{f' ({failed} failed)' if failed else ''} |",
                  flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    from benchmarks.corpus import build_document, load_texts
    from benchmarks.speed_check import texts

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trees", nargs="+", type=Path, help="src folders")
    parser.add_argument("--clean", type=int, default=911, help="clean articles [911: all]")
    parser.add_argument("--spun", type=int, default=200, help="spun articles after them [200]")
    parser.add_argument("--size", type=int, default=100_000, help="bytes of the one document [100000]")
    parser.add_argument("--heap", action="store_true", help="also trace the Python heap")
    parser.add_argument("--worker", action="append", default=[], metavar="SPINNER:RATE",
                        help="the benchmark's quality-run workers instead (repeatable)")
    args = parser.parse_args(argv)
    if args.worker:
        return workers(args.trees, args.worker)
    docs = load_texts(args.clean).docs
    _, spun = texts(args.spun)
    data = {"clean": [d.text for d in docs], "spun": spun, "document": build_document(docs, args.size)}
    print(f"{len(docs)} clean texts then {len(spun)} spun; one document of {args.size:,} B\n")
    print("| tree | after clean MB | after clean + spun MB | one document MB |")
    print("| --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "texts.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        for tree in (t.resolve() for t in args.trees):
            corpus = measure(tree, path, "corpus")
            document = measure(tree, path, "document")
            print(f"| {tree} | {corpus['clean_hwm_mb']:.0f} | {corpus['hwm_mb']:.0f} | {document['hwm_mb']:.0f} |",
                  flush=True)
            if args.heap:
                traced = measure(tree, path, "corpus", heap=True)
                print(f"\ntraced heap {traced['traced_mb']:.1f} MB (peak {traced['traced_peak_mb']:.1f})")
                for where, mb in traced["top"]:
                    print(f"  {mb:6.2f} MB  {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
