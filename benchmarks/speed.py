"""Speed and memory: throughput against tokenization, cold start, peak RSS, scaling.

Everything that times the engine runs in one process on one core; cold start and peak RSS
run in fresh subprocesses of the same interpreter.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from .corpus import CORPUS, ROOT, Doc, build_document

# Plain word tokenization, the floor repair is compared against when textmend.tokenize is
# not importable.
_FALLBACK_WORD = r"\p{L}+(?:['\u2019\-]\p{L}+)*|\p{N}+(?:[.,]\p{N}+)*"


class Throughput(NamedTuple):
    megabytes: float
    repair_seconds: float
    tokenize_seconds: float
    tokenizer: str
    regex_seconds: float
    """Plain ``regex`` word findall over the same texts: the floor of any tokenization."""

    @property
    def repair_mb_s(self) -> float:
        return self.megabytes / self.repair_seconds

    @property
    def tokenize_mb_s(self) -> float:
        return self.megabytes / self.tokenize_seconds

    @property
    def ratio(self) -> float:
        """How many times slower repair is than tokenization."""
        return self.repair_seconds / self.tokenize_seconds


def tokenizer() -> tuple[Callable[[str], Any], str]:
    """textmend's own tokenizer if importable, else a plain ``regex`` word pattern."""
    try:
        from textmend.tokenize import tokenize

        return tokenize, "textmend.tokenize.tokenize (lossless, all tokens)"
    except ImportError:
        import regex

        pattern = regex.compile(_FALLBACK_WORD)
        return pattern.findall, f"regex findall {_FALLBACK_WORD!r}"


def _cpu_seconds(func: Callable[[str], Any], texts: Sequence[str],
                 min_seconds: float = 0.0) -> float:
    """Seconds for one pass of ``func`` over ``texts``, averaged over as many passes as
    fit in ``min_seconds`` (at least one)."""
    passes, start = 0, time.perf_counter()
    while True:
        for text in texts:
            func(text)
        passes += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return elapsed / passes


def throughput(docs: Sequence[Doc], repair: Callable[[str], Any], repeats: int = 3) -> Throughput:
    """Repair and tokenization MB/s (UTF-8 bytes) over ``docs``: repair after a warm-up call
    that loads the channel and language model, the better of two passes (each averaged over
    several if it takes under a second: small text sets); best of ``repeats`` for the tokenizers."""
    texts = [d.text for d in docs]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    tokenize, name = tokenizer()
    repair(texts[0])  # load lazily-loaded data before timing
    repair_seconds = min(_cpu_seconds(repair, texts, min_seconds=1.0) for _ in range(2))
    tokenize_seconds = min(_cpu_seconds(tokenize, texts, 0.2) for _ in range(repeats))
    import regex

    findall = regex.compile(_FALLBACK_WORD).findall
    regex_seconds = min(_cpu_seconds(findall, texts, 0.2) for _ in range(repeats))
    return Throughput(megabytes, repair_seconds, tokenize_seconds, name, regex_seconds)


def scaling(docs: Sequence[Doc], repair: Callable[[str], Any],
            sizes: Sequence[int] = (1_000, 10_000, 100_000, 1_000_000, 10_000_000),
            budget: float = 60.0) -> list[tuple[int, float]]:
    """Seconds per MB of ``repair`` at each input size (bytes); NaN for a size skipped
    because it was projected to take more than ``budget`` seconds.

    Sizes up to 1 MB cut the same 1 MB of text into pieces of that size and repair every
    piece, so each size is timed over the same material; larger sizes are one call on one
    document of that size. The projection assumes time per MB keeps growing 10x per 10x of
    size (quadratic) once it has grown by more than half between two sizes, else linear.
    """
    repair(docs[0].text)
    material = build_document(docs, 1_000_000)
    out: list[tuple[int, float]] = []
    for size in sizes:
        if out and out[-1][1] == out[-1][1]:
            last_size, last = out[-1]
            grew = len(out) > 1 and out[-2][1] == out[-2][1] and last > 1.5 * out[-2][1]
            per_mb = last * (size / last_size if grew else 1.0)
            total_mb = max(size, 1_000_000) / 1e6 if size <= len(material) else size / 1e6
            if per_mb * total_mb > budget:
                out.append((size, float("nan")))
                continue
        elif out:
            out.append((size, float("nan")))
            continue
        if size <= len(material):
            pieces = [material[i : i + size] for i in range(0, len(material), size)]
        else:
            pieces = [build_document(docs, size)]
        megabytes = sum(len(p.encode("utf-8")) for p in pieces) / 1e6
        start = time.perf_counter()
        for piece in pieces:
            repair(piece)
        out.append((size, (time.perf_counter() - start) / megabytes))
    return out


def is_linear(points: Sequence[tuple[int, float]], tolerance: float = 1.5) -> bool:
    """Linear if time per MB at the largest size is within ``tolerance`` of the best time
    per MB at 100 KB and above (smaller inputs are dominated by per-call overhead)."""
    if any(s_per_mb != s_per_mb for _, s_per_mb in points):
        return False  # a size was skipped as too slow
    big = [s_per_mb for size, s_per_mb in points if size >= 90_000]
    if len(big) < 2:
        return True
    return big[-1] <= tolerance * min(big)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    src = str(ROOT / "src")
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


_COLD = r"""
import time
t0 = time.perf_counter()
import textmend
t1 = time.perf_counter()
textmend.repair("Ukraine's spy company informed the BBC that 2 troopers were captured.")
t2 = time.perf_counter()
print(f"{t1 - t0} {t2 - t0}")
"""


class ColdStart(NamedTuple):
    import_seconds: float
    first_repair_seconds: float
    """Import plus the first repair, timed inside the fresh process."""
    process_seconds: float
    """Wall time of the whole subprocess, interpreter start-up included."""
    runs: int


def cold_start(runs: int = 5, python: str | None = None,
               env: dict[str, str] | None = None) -> ColdStart:
    """Median over ``runs`` fresh interpreters of import + first repair (``python`` and
    ``env``: another engine's, see ``benchmarks.engine.Engine``; default this checkout's).

    As an installed package starts: from compiled ``.pyc``. A source checkout run with
    ``PYTHONDONTWRITEBYTECODE=1`` (as this machine's environment sets) has none and compiled
    every textmend module at each start (~0.1-0.15 s of a 0.6 s start under load,
    ``SPEED.md``, cold start round 12); so the runs write and read their byte code in a
    temporary ``PYTHONPYCACHEPREFIX``, filled by one unmeasured run first."""
    imports, firsts, walls = [], [], []
    with tempfile.TemporaryDirectory(prefix="textmend-pyc-") as cache:
        env = {k: v for k, v in (env or _env()).items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache
        cmd = [python or sys.executable, "-c", _COLD]
        subprocess.run(cmd, capture_output=True, text=True, env=env, check=True, cwd=tempfile.gettempdir())
        for _ in range(runs):
            start = time.perf_counter()
            out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True,
                                 cwd=tempfile.gettempdir()).stdout.split()
            walls.append(time.perf_counter() - start)
            imports.append(float(out[0]))
            firsts.append(float(out[1]))
    return ColdStart(statistics.median(imports), statistics.median(firsts),
                     statistics.median(walls), runs)


_RSS = r"""
import json, resource, sys
mode, path, limit, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
sys.path.insert(0, {root!r})
from benchmarks.corpus import load_texts, build_document
docs = load_texts(limit or None).docs
if mode == "baseline":
    pass
elif mode == "corpus":
    import textmend
    for d in docs:
        textmend.repair(d.text)
else:
    import textmend
    text = build_document(docs, size)
    textmend.repair(text)
try:  # VmHWM: getrusage's ru_maxrss keeps the parent's peak across fork + exec on Linux
    with open("/proc/self/status") as status:
        print(next(l.split()[1] for l in status if l.startswith("VmHWM:")))
except (OSError, StopIteration):
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_rss_mb(mode: str, limit: int | None = None, size: int = 0,
                timeout: float = 300.0) -> float:
    """Peak RSS (MB) of a fresh process that loads the texts and then: ``baseline`` does
    nothing more, ``corpus`` repairs each text, ``document`` repairs one ``size``-byte text.
    NaN if it takes longer than ``timeout`` seconds.

    Read from ``/proc/self/status`` (VmHWM) where it exists: ``resource.getrusage`` in a
    child started by a large parent reports the parent's peak, which Linux carries across
    ``exec``. Elsewhere it falls back to ``getrusage`` (KiB on Linux)."""
    code = _RSS.format(root=str(ROOT))
    try:
        out = subprocess.run([sys.executable, "-c", code, mode, str(CORPUS), str(limit or 0),
                              str(size)], capture_output=True, text=True, env=_env(),
                             check=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return float("nan")
    return int(out.stdout.split()[-1]) / 1024  # KiB


def wheel_mb(project: Path = ROOT, python: str | None = None) -> float:
    """Size in MB of the wheel ``pip wheel --no-deps`` builds from ``project`` (NaN if the
    build fails, e.g. without network for an isolated build's setuptools)."""
    with tempfile.TemporaryDirectory(prefix="textmend-wheel-") as out:
        for extra in (["--no-build-isolation"], []):
            done = subprocess.run([python or sys.executable, "-m", "pip", "wheel", "--no-deps",
                                   "-q", *extra, "-w", out, str(project)],
                                  capture_output=True, text=True)
            wheels = list(Path(out).glob("*.whl"))
            if done.returncode == 0 and wheels:
                return wheels[0].stat().st_size / 1e6
    return float("nan")


def machine() -> dict[str, str]:
    """Platform, CPU model, core count and Python, for the report."""
    import platform

    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        load = "load average %.2f %.2f %.2f at the start" % os.getloadavg()
    except OSError:
        load = "load average unknown"
    return {
        "load": load,
        "platform": platform.platform(),
        "cpu": f"{cpu} ({os.cpu_count()} logical cores)",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
    }


if __name__ == "__main__":  # pragma: no cover - handy for a one-off look
    print(json.dumps(machine(), indent=2))
