"""Language-model benchmark: load time, RSS, queries per second and file sizes.

    python benchmarks/language_model.py                       # the shipped model
    python benchmarks/language_model.py --compare REF DIR...  # agreement of pruned models with REF

``--compare`` scores five-word windows of ../shared/corpus/news-dev.jsonl (two words of
history, then the centre word and two right words, as the engine scores a candidate) with the
reference model folder REF and each candidate folder DIR (as written by
``scripts/build_language_model.py --out DIR``). It reports the mean absolute difference of
window scores and the share of candidate pairs (the centre word against a random corpus word)
whose order flips. Results go in benchmarks/LANGUAGE_MODEL.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the checkout (main), or two levels up (a worktree under /work/wt/).
CORPUS = next(
    (p / "shared" / "corpus" / "news-dev.jsonl" for p in (ROOT.parent, ROOT.parent.parent)
     if (p / "shared" / "corpus" / "news-dev.jsonl").is_file()),
    ROOT.parent / "shared" / "corpus" / "news-dev.jsonl",
)  # fmt: skip
DATA = ROOT / "src" / "textmend" / "data" / "language_model"
WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")

_LOAD = """
import time, resource
rss = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t0 = time.perf_counter()
import numpy as np
t1 = time.perf_counter()
import textmend.language_model as m
t2 = time.perf_counter()
before = rss()
lm = m.get_language_model()
t3 = time.perf_counter()
after_load = rss()
ids = np.random.default_rng(0).integers(0, len(lm.words), (200_000, 5))
lm.logprob_many(ids, [2] * len(ids))
print(t1 - t0, t2 - t1, t3 - t2, before, after_load, rss())
"""


def corpus_windows(limit: int, seed: int = 0) -> list[list[str]]:
    """``limit`` random five-word windows from the news corpus ([] when it is absent)."""
    if not CORPUS.is_file():
        return []
    windows = []
    with CORPUS.open(encoding="utf-8") as fh:
        for line in fh:
            words = WORD.findall(json.loads(line)["text"])
            windows.extend(words[i : i + 5] for i in range(0, len(words) - 4))
    rng = random.Random(seed)
    return rng.sample(windows, min(limit, len(windows)))


def wheel_bytes(directory: Path) -> dict[str, tuple[int, int]]:
    """File -> (size, zip-deflated size as in a wheel)."""
    out = {}
    for path in sorted(directory.iterdir()):
        with zipfile.ZipFile("/dev/null" if False else _mem(), "w", zipfile.ZIP_DEFLATED) as zf:
            info = zipfile.ZipInfo(path.name)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())
            size = zf.getinfo(path.name).compress_size
        out[path.name] = (path.stat().st_size, size)
    return out


def _mem():
    import io

    return io.BytesIO()


def speed(lm, windows: list[list[str]]) -> tuple[float, float]:
    """(single logprob calls/s, batched windows/s) on five-word windows scored from position 2."""
    seqs = [lm.ids(w) for w in windows]
    n = min(2000, len(seqs))
    t = time.perf_counter()
    for s in seqs[:n]:
        lm.logprob(s, 2)
    single = n / (time.perf_counter() - t)
    starts = [2] * len(seqs)
    best = 0.0
    for _ in range(3):
        t = time.perf_counter()
        lm.logprob_many(seqs, starts)
        best = max(best, len(seqs) / (time.perf_counter() - t))
    import numpy as np

    grid = np.array(seqs)
    best_array = 0.0
    for _ in range(3):
        t = time.perf_counter()
        lm.logprob_many(grid, starts)
        best_array = max(best_array, len(seqs) / (time.perf_counter() - t))
    return single, best, best_array


def compare(ref_dir: Path, dirs: list[Path], windows: list[list[str]], seed: int = 0) -> None:
    import numpy as np

    from textmend.language_model import LanguageModel

    ref = LanguageModel.from_directory(ref_dir)
    rng = random.Random(seed)
    pool = [w for win in windows for w in win]
    alt = [win[:2] + [rng.choice(pool)] + win[3:] for win in windows]
    starts = [2] * len(windows)

    def scores(lm):
        a = np.array(lm.logprob_many([lm.ids(w) for w in windows], starts))
        b = np.array(lm.logprob_many([lm.ids(w) for w in alt], starts))
        return a, b

    ra, rb = scores(ref)
    print(f"{len(windows)} windows of {CORPUS.name}; reference {ref_dir}")
    print("| model | words | bigrams | trigrams | .bin MB | deflated MB | mean abs diff | flips |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for d in dirs:
        lm = LanguageModel.from_directory(d)
        a, b = scores(lm)
        diff = np.abs(np.concatenate([a - ra, b - rb])).mean()
        differs = (ra - rb) != 0
        flips = (np.sign(a - b) != np.sign(ra - rb))[differs].mean()
        c = lm.header["counts"]
        sizes = wheel_bytes(d)
        raw = sum(size for name, (size, _) in sizes.items() if name.endswith(".bin"))
        deflated = sum(x[1] for x in sizes.values())
        print(f"| {d.name} | {c['words']} | {c['bigrams']} | {c['trigrams']} | {raw / 1e6:.1f} "
              f"| {deflated / 1e6:.2f} | {diff:.4f} | {flips:.2%} |")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--compare", nargs="+", type=Path, metavar="DIR")
    ap.add_argument("--windows", type=int, default=50_000)
    args = ap.parse_args()
    windows = corpus_windows(args.windows)
    if not windows:
        print(f"{CORPUS} not found: using a synthetic window set", file=sys.stderr)
        windows = [["the", "prisoner", "of", "war", "was"]] * args.windows
    if args.compare:
        compare(args.compare[0], args.compare[1:], windows)
        return
    load = subprocess.run([sys.executable, "-c", _LOAD], capture_output=True, text=True, check=True)
    numpy_s, import_s, load_s, rss0, rss1, rss2 = map(float, load.stdout.split())
    from textmend.language_model import get_language_model

    lm = get_language_model()
    single, batched, batched_array = speed(lm, windows)
    print(f"date: {time.strftime('%Y-%m-%d')}; machine: {platform.machine()}, "
          f"{platform.processor() or platform.platform()}, Python {platform.python_version()}")  # fmt: skip
    print(f"model: {lm.version}; {lm.header['counts']}")
    print(f"import numpy: {numpy_s * 1000:.0f} ms; import textmend.language_model: "
          f"{import_s * 1000:.0f} ms; get_language_model(): {load_s * 1000:.1f} ms")
    print(f"max RSS (fresh process): {rss0:.1f} MB before load, {rss1:.1f} MB after load, "
          f"{rss2:.1f} MB after scoring 200k random windows")  # fmt: skip
    print(f"logprob (single 5-word window, start 2): {single:,.0f} calls/s")
    print(f"logprob_many ({len(windows)} corpus windows, start 2): {batched:,.0f} windows/s "
          f"from lists, {batched_array:,.0f} windows/s from a 2-D numpy array")  # fmt: skip
    for name, (size, deflated) in wheel_bytes(DATA).items():
        print(f"  {name}: {size / 1e6:.2f} MB, {deflated / 1e6:.2f} MB deflated")


if __name__ == "__main__":
    main()
