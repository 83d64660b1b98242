"""Regression harness for speed work: repair a fixed set of texts and compare the outputs.

An optimisation of the hot path must change no output. This script repairs the first ``N``
corpus articles (read by path, never copied) and the same articles spun by the benchmark
spinner (MyThes, rate 0.3, seed 0), records every output (text, edits, suggestions, spin
score; each edit with its confidence, rule, alternatives and evidence) and either saves them
or compares them with a saved run, counting what differs. It also reports the CPU time
(``time.process_time``) and MB/s of the repairs, clean and spun apart.

Usage::

    python -m benchmarks.speed_check save  OUT.pkl [--limit 200]
    python -m benchmarks.speed_check check OUT.pkl [--limit 200]   # exit 1 if anything differs
    python -m benchmarks.speed_check check OUT.pkl --ignore-alternatives  # all but Edit.alternatives
    python -m benchmarks.speed_check save  OUT.pkl --detect   # also ``textmend.detect`` of each text

With ``--detect`` each text's ``detect()`` findings (every field, alternatives included) are recorded
and timed too (sets ``clean-detect`` and ``spun-detect``); a check compares the sets both runs hold.

The saved file holds text derived from the corpus: keep it outside the repository (the
default folder ``benchmarks/.cache/`` is ignored by git).
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SPIN_RATE = 0.3
SPIN_SEED = 0
SPIN_THESAURUS = "mythes"


def texts(limit: int) -> tuple[list[str], list[str]]:
    """The first ``limit`` corpus articles and the same spun (MyThes, rate 0.3, seed 0)."""
    from benchmarks.corpus import corpus_available, load_corpus, load_examples
    from benchmarks.spinner import spin

    docs = load_corpus(limit) if corpus_available() else load_examples()[:limit]
    clean = [d.text for d in docs]
    spun = [spin(d.text, SPIN_RATE, seed=SPIN_SEED, key=d.id, thesaurus=SPIN_THESAURUS).text for d in docs]
    return clean, spun


def _record(result: Any) -> tuple:
    """Everything a repair returns, as plain tuples (floats exact)."""
    def edit(e: Any) -> tuple:
        return tuple(e)

    return (result.text, tuple(edit(e) for e in result.edits), tuple(edit(e) for e in result.suggestions),
            result.spin_score, tuple(result.regions))


def _found(edits: list[Any]) -> tuple:
    """``detect``'s findings of a text as a record: no text, edits as in :func:`_record`, no
    suggestions, no score or regions (so that :func:`compare` reads it as a repair's)."""
    return ("", tuple(tuple(e) for e in edits), (), 0.0, ())


def run(limit: int, detect: bool = False) -> dict[str, Any]:
    """Repair the texts (and with ``detect`` detect in them); the records and CPU seconds of each set."""
    import textmend

    clean, spun = texts(limit)
    textmend.repair("Warm up: the soldier is believed to be the primary prisoner of warfare.")
    out: dict[str, Any] = {"limit": limit}
    jobs = [("clean", clean, textmend.repair, _record), ("spun", spun, textmend.repair, _record)]
    if detect:
        jobs += [("clean-detect", clean, textmend.detect, _found), ("spun-detect", spun, textmend.detect, _found)]
    for name, batch, call, record in jobs:
        t0 = time.process_time()
        records = [record(call(t)) for t in batch]
        seconds = time.process_time() - t0
        megabytes = sum(len(t.encode("utf-8")) for t in batch) / 1e6
        out[name] = records
        out[name + "_cpu"] = seconds
        out[name + "_mb"] = megabytes
        print(f"{name}: {len(batch)} texts, {megabytes:.3f} MB in {seconds:.2f} s CPU = "
              f"{megabytes / seconds:.3f} MB/s", file=sys.stderr)
    return out


def _sets(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The sets of texts both runs hold: ``clean`` and ``spun``, and their ``-detect`` sets if both have them."""
    return [name for name in ("clean", "spun", "clean-detect", "spun-detect") if name in old and name in new]


ALTERNATIVES_FIELD = 7
"""Index of ``Edit.alternatives`` in an edit's record (``tuple(edit)``)."""


def without_alternatives(record: tuple) -> tuple:
    """A text's record (:func:`_record`) with every edit's and suggestion's alternatives blanked."""
    def blank(edits: tuple) -> tuple:
        return tuple(e[:ALTERNATIVES_FIELD] + ((),) + e[ALTERNATIVES_FIELD + 1:] for e in edits)

    return (record[0], blank(record[1]), blank(record[2]), *record[3:])


def compare(old: dict[str, Any], new: dict[str, Any], alternatives: bool = True) -> int:
    """Print what differs between two runs; the number of differing texts. ``alternatives=False``
    leaves ``Edit.alternatives`` out of the comparison (a change meant to touch only those)."""
    differing = 0
    for name in _sets(old, new):
        pairs = zip(old[name], new[name])
        if not alternatives:
            pairs = ((without_alternatives(a), without_alternatives(b)) for a, b in pairs)
        for k, (a, b) in enumerate(pairs):
            if a == b:
                continue
            differing += 1
            parts = ("text", "edits", "suggestions", "spin_score", "regions")
            what = [p for p, x, y in zip(parts, a, b) if x != y]
            print(f"{name}[{k}] differs in {', '.join(what)}")
            for p, x, y in zip(parts, a, b):
                if x != y and p in ("edits", "suggestions"):
                    xs, ys = set(x), set(y)
                    for e in sorted(xs - ys)[:3]:
                        print(f"   - {e[:6]}")
                    for e in sorted(ys - xs)[:3]:
                        print(f"   + {e[:6]}")
                elif x != y and p == "spin_score":
                    print(f"   {x!r} -> {y!r}")
    return differing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("save", "check"))
    parser.add_argument("path", type=Path)
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--ignore-alternatives", action="store_true",
                        help="compare everything but the edits' alternatives")
    parser.add_argument("--detect", action="store_true",
                        help="also record and compare textmend.detect's findings of each text")
    args = parser.parse_args(argv)
    new = run(args.limit, args.detect)
    if args.mode == "save":
        args.path.parent.mkdir(parents=True, exist_ok=True)
        with args.path.open("wb") as fh:
            pickle.dump(new, fh)
        print(f"saved {args.path}", file=sys.stderr)
        return 0
    with args.path.open("rb") as fh:
        old = pickle.load(fh)
    if old["limit"] != new["limit"]:
        print(f"saved run used --limit {old['limit']}", file=sys.stderr)
        return 2
    differing = compare(old, new, not args.ignore_alternatives)
    for name in _sets(old, new):
        print(f"{name}: {old[name + '_cpu']:.2f} s -> {new[name + '_cpu']:.2f} s CPU "
              f"({old[name + '_cpu'] / new[name + '_cpu']:.1f}x)")
    print(f"{differing} of {sum(len(new[name]) for name in _sets(old, new))} records differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
