"""Two engine trees side by side, in the same run: repair CPU time, peak RSS and cold start.

    python -m benchmarks.speed_compare OLD_SRC NEW_SRC [--limit 200] [--rounds 3] [--cold 7]

``OLD_SRC`` and ``NEW_SRC`` are ``src`` folders of two checkouts (e.g. one exported with
``git archive main src | tar -x -C /tmp/main``). The texts are those of
``benchmarks/speed_check.py``: the first ``--limit`` corpus articles (``TEXTMEND_CORPUS``) and
the same spun (MyThes, rate 0.3, seed 0). They are written once to a temporary JSON Lines file
(outside the repository), so that each measuring process holds nothing but the engine and
the texts.

Per round and tree, alternating the trees (the machine may be shared: a round's noise hits
both), one fresh process:

- warms up with one short repair (the lazily loaded data), then repairs the clean texts and
  the spun texts, each set timed with ``time.process_time`` (CPU seconds of the process);
- reports its peak RSS (``VmHWM`` of ``/proc/self/status``, MB) after both sets.

Reported per tree: the least CPU time over the rounds (the run least disturbed by other load)
and its MB/s, the median as well, and the largest VmHWM. Cold start: the median over
``--cold`` fresh interpreters of import plus a first repair (``benchmarks.speed.cold_start``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_CHILD = r"""
import json, sys, time
texts = json.load(open(sys.argv[1], encoding="utf-8"))
import textmend
textmend.repair("Warm up: the soldier is believed to be the primary prisoner of warfare.")
out = {"engine": textmend.__file__}
for name in ("clean", "spun"):
    t0 = time.process_time()
    for t in texts[name]:
        textmend.repair(t)
    out[name] = time.process_time() - t0
with open("/proc/self/status") as status:
    out["hwm_mb"] = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:")) / 1024
print(json.dumps(out))
"""


def _env(src: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(src)
    return env


def run_child(src: Path, code: str, *args: str) -> dict:
    """Run ``code`` in a fresh interpreter that imports textmend from the tree ``src``, and return
    the JSON object it prints last. Raises ``RuntimeError`` if the child imported another
    textmend (its ``"engine"`` key names the package's path)."""
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         env=_env(src), check=True, cwd=tempfile.gettempdir()).stdout
    result = json.loads(out.splitlines()[-1])
    if not result["engine"].startswith(str(src)):
        raise RuntimeError(f"{src}: the child imported {result['engine']}")
    return result


def measure(src: Path, texts_path: Path) -> dict[str, float]:
    """One fresh process of the tree ``src``: CPU seconds of the clean and spun sets, VmHWM (MB)."""
    return run_child(src, _CHILD, str(texts_path))


def main(argv: list[str] | None = None) -> int:
    from benchmarks.speed import cold_start
    from benchmarks.speed_check import texts

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trees", nargs="+", type=Path, help="src folders, e.g. OLD_SRC NEW_SRC")
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cold", type=int, default=7)
    args = parser.parse_args(argv)
    trees = [t.resolve() for t in args.trees]
    clean, spun = texts(args.limit)
    megabytes = {"clean": sum(len(t.encode("utf-8")) for t in clean) / 1e6,
                 "spun": sum(len(t.encode("utf-8")) for t in spun) / 1e6}
    runs: dict[Path, list[dict[str, float]]] = {t: [] for t in trees}
    with tempfile.TemporaryDirectory() as tmp:
        texts_path = Path(tmp) / "texts.json"
        texts_path.write_text(json.dumps({"clean": clean, "spun": spun}), encoding="utf-8")
        for k in range(args.rounds):
            for tree in trees:
                runs[tree].append(measure(tree, texts_path))
                print(f"round {k + 1} {tree}: {runs[tree][-1]}", file=sys.stderr)
    print(f"{len(clean)} clean texts ({megabytes['clean']:.3f} MB) and {len(spun)} spun "
          f"({megabytes['spun']:.3f} MB); {args.rounds} rounds, trees alternating\n")
    print("| tree | clean CPU s (min / median) | clean MB/s | spun CPU s (min / median) | spun MB/s "
          "| peak RSS MB | cold start s |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for tree in trees:
        row = [str(tree)]
        for name in ("clean", "spun"):
            cpu = [r[name] for r in runs[tree]]
            row += [f"{min(cpu):.2f} / {statistics.median(cpu):.2f}", f"{megabytes[name] / min(cpu):.3f}"]
        row.append(f"{max(r['hwm_mb'] for r in runs[tree]):.0f}")
        cold = cold_start(args.cold, env=_env(tree))
        row.append(f"{cold.first_repair_seconds:.2f}")
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
