"""Peak RSS of engine trees in the two protocols of issue 10's memory target (150 MB).

    python -m benchmarks.memory SRC [SRC ...] [--clean 911] [--spun 200] [--size 100000]
    python -m benchmarks.memory SRC --heap      # also: the Python heap by holder (tracemalloc)

``SRC`` is the ``src`` folder of a checkout (e.g. one exported with ``git archive``). Each
measurement is one fresh process (``PYTHONPATH=SRC``) that reads the texts from a temporary
JSON file (outside the repository) and reports ``VmHWM`` of ``/proc/self/status`` (MB):

- ``corpus``: the first ``--clean`` corpus articles repaired one by one, then the first
  ``--spun`` of them spun (MyThes, rate 0.3, seed 0; ``benchmarks/speed_check.py``), as a
  benchmark worker does; RSS is also reported after the clean set;
- ``document``: one ``--size``-byte document built from the corpus
  (``benchmarks.corpus.build_document``), repaired in one call.

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


def main(argv: list[str] | None = None) -> int:
    from benchmarks.corpus import build_document, load_texts
    from benchmarks.speed_check import texts

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trees", nargs="+", type=Path, help="src folders")
    parser.add_argument("--clean", type=int, default=911, help="clean articles [911: all]")
    parser.add_argument("--spun", type=int, default=200, help="spun articles after them [200]")
    parser.add_argument("--size", type=int, default=100_000, help="bytes of the one document [100000]")
    parser.add_argument("--heap", action="store_true", help="also trace the Python heap")
    args = parser.parse_args(argv)
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
