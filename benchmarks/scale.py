"""Scale: huge inputs, bounded memory, linear time on pathological text.

Measures, on generated data only (nothing large is written to the repository):

1. one big single document (default 50 MB) through ``textmend.repair``: time and peak RSS;
2. a big JSON Lines stream (default 1 GB) piped through
   ``textmend repair --jsonl --field text``: throughput and peak RSS of the CLI
   (largest single process, and the sampled total of its process tree);
3. pathological inputs, each at several sizes, to show time grows linearly:
   one line with no spaces, one giant word, a million repeated spun words,
   deeply nested quotes and brackets, and a pile of combining marks.

Every measurement runs in a fresh interpreter, so each peak RSS is its own; the
channel and language model are loaded (by repairing a short text) before the clock starts (cold start is ``benchmarks/speed.py``'s job).

    python benchmarks/scale.py            # full sizes, writes benchmarks/SCALE.md
    python benchmarks/scale.py --quick    # small sizes, prints only
    python benchmarks/scale.py --doc-mb 10 --jsonl-mb 100 --jobs 2 --output /tmp/SCALE.md

"Linear" is judged by the time per MB at the largest size over the time per MB at
the smallest: about 1 is linear; a quadratic algorithm would show the size ratio.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import functools
import json
import os
import platform
import random
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.speed import machine  # noqa: E402
MB = 1_000_000
SPARK_MARKER = "<!-- benchmarks/spark.py: everything below is written by it -->"
"""Where benchmarks/spark.py's section of SCALE.md starts (kept when this script rewrites it)."""

CLEAN_WORDS = ["the", "a", "of", "to", "in", "and", "said", "on", "for", "he", "she", "it", "was", "is", "that", "with", "as", "by", "at", "from", "has", "have", "government", "minister", "people", "year", "week", "report", "company", "market", "police", "city", "officials", "country", "president", "bank", "shares", "growth", "figures", "told", "analysts", "expected", "rise", "fall", "business", "sales", "firm", "chief", "executive", "court", "case", "team", "game", "season", "players", "new", "last"]


# --- generated text ----------------------------------------------------------------


def _pack_spun_forms() -> list[str]:
    """Every spun form of the shipped channel packs, sorted."""
    from textmend.channel import spun_forms

    return spun_forms()


def _packed_channel():
    """The shipped channel restricted to the pairs of wordlists/*.tsv (curated, generated)."""
    from textmend.channel import THESAURI, get_channel

    return get_channel(exclude_sources=frozenset(THESAURI) | {"mined", "function"})


@functools.lru_cache(maxsize=1)
def _channel_phrases() -> tuple[list[str], list[str]]:
    """(spun forms, multi-word originals) of the channel's hand-made sources, sorted."""
    packed = _packed_channel()
    spun = [s for s in _pack_spun_forms() if packed.candidates(s)]
    phrases = sorted({e.original for s in spun for e in packed.candidates(s) if " " in e.original})
    return spun, phrases


def paragraph(rng: random.Random, spun: list[str], idioms: list[str], spin_rate: float = 0.04) -> str:
    """A paragraph of news-like sentences with some spun forms and multi-word phrases
    (``idioms``: originals such as "prisoner of war") in it."""
    sentences = []
    for _ in range(rng.randint(3, 6)):
        words = []
        for _ in range(rng.randint(8, 22)):
            roll = rng.random()
            if roll < spin_rate:
                words.append(rng.choice(spun))
            elif roll < spin_rate + 0.02 and idioms:
                words.append(rng.choice(idioms))
            else:
                words.append(rng.choice(CLEAN_WORDS))
        sentence = " ".join(words)
        sentences.append(sentence[:1].upper() + sentence[1:] + rng.choice([".", ".", ".", "?", "!"]))
    return " ".join(sentences)


def paragraph_pool(seed: int = 1, size: int = 400) -> list[str]:
    rng = random.Random(seed)
    spun, idioms = _channel_phrases()
    return [paragraph(rng, spun, idioms) for _ in range(size)]


def big_document(megabytes: float, seed: int = 2) -> str:
    """One document of about ``megabytes`` MB: paragraphs drawn from a pool, CRLF and LF mixed."""
    pool = paragraph_pool()
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    target = int(megabytes * MB)
    while total < target:
        para = rng.choice(pool)
        parts.append(para)
        parts.append(rng.choice(["\n\n", "\r\n\r\n", "\n"]))
        total += len(para) + 2
    return "".join(parts)


def jsonl_records(megabytes: float, seed: int = 3):
    """Yield JSONL lines (bytes) of about ``megabytes`` MB in total, articles of 1-8 paragraphs."""
    pool = paragraph_pool()
    rng = random.Random(seed)
    target = int(megabytes * MB)
    total = 0
    n = 0
    while total < target:
        text = "\n\n".join(rng.choice(pool) for _ in range(rng.randint(1, 8)))
        record = {"id": n, "source": "generated", "text": text, "tags": ["scale", n % 7]}
        line = (json.dumps(record, ensure_ascii=n % 2 == 0) + "\n").encode("utf-8")
        total += len(line)
        n += 1
        yield line


# Pathological families: name -> (builder of a str of about n bytes, description).
def _no_space_line(n: int) -> str:
    rng = random.Random(4)
    spun, _ = _channel_phrases()
    glue = ",.;:-/'()\"!?"
    parts: list[str] = []
    total = 0
    while total < n:
        word = rng.choice(spun + CLEAN_WORDS).replace(" ", rng.choice(glue))
        parts.append(word + rng.choice(glue))
        total += len(word) + 1
    return "".join(parts)[:n]


def _one_word(n: int) -> str:
    return ("troopers" * (n // 8 + 1))[:n]


def _repeated_spun(n: int) -> str:
    word = _strong_spun_word()
    return (word + " ") * max(1, n // (len(word) + 1))


def _nested_quotes(n: int) -> str:
    openers = "([{\"'\u201c\u2018\u00ab<"
    closers = ")]}\"'\u201d\u2019\u00bb>"
    depth = max(1, (n - 40) // 2)
    inner = " prisoner of warfare, troopers "
    return "".join(openers[i % len(openers)] for i in range(depth)) + inner + "".join(
        closers[i % len(closers)] for i in reversed(range(depth))
    )


def _combining_pile(n: int) -> str:
    return "The troopers e" + "\u0301" * n + " despatched."


def _strong_spun_word() -> str:
    """The single-word spun form of the hand-made packs with the highest channel weight."""
    packed = _packed_channel()
    spun, _ = _channel_phrases()
    singles = [(packed.candidates(key)[0].weight, key) for key in spun if " " not in key]
    return max(singles)[1] if singles else "troopers"


PATHOLOGICAL: dict[str, tuple[Callable[[int], str], str]] = {
    "no-space line": (_no_space_line, "one line, words glued by punctuation, no whitespace"),
    "one giant word": (_one_word, "a single word token the size of the input"),
    "repeated spun word": (_repeated_spun, "the single-word spun form of highest channel weight, repeated"),
    "nested quotes": (_nested_quotes, "quotes and brackets nested to depth n/2"),
    "combining pile": (_combining_pile, "one letter carrying n combining accents"),
}


# --- measurements (each in a fresh interpreter) --------------------------------


def engine_fingerprint() -> str:
    """Short hash of the installed engine's sources and data, to tie numbers to code."""
    import hashlib

    import textmend

    package = Path(textmend.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.glob("*.py")) + sorted(p for p in package.glob("data/**/*") if p.is_file()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _child_document(params: dict[str, Any]) -> dict[str, Any]:
    import textmend

    textmend.repair("warm up the channel and the language model")
    text = big_document(params["megabytes"])
    ready_rss = _peak_rss_mb()
    start = time.perf_counter()
    result = textmend.repair(text)
    seconds = time.perf_counter() - start
    return {
        "megabytes": len(text.encode("utf-8")) / MB,
        "seconds": seconds,
        "edits": len(result.edits),
        "input_rss_mb": ready_rss,
        "peak_rss_mb": _peak_rss_mb(),
        "engine": engine_fingerprint(),
    }


def _child_pathological(params: dict[str, Any]) -> dict[str, Any]:
    import textmend

    textmend.repair("warm up the channel and the language model")
    build = PATHOLOGICAL[params["family"]][0]
    rows = []
    for n in params["sizes"]:
        text = build(n)
        start = time.perf_counter()
        result = textmend.repair(text)
        seconds = time.perf_counter() - start
        rows.append({"size": len(text), "seconds": seconds, "edits": len(result.edits)})
    return {"rows": rows, "peak_rss_mb": _peak_rss_mb(), "engine": engine_fingerprint()}


_CHILDREN = {"document": _child_document, "pathological": _child_pathological}


_ENGINES: set[str] = set()
"""Fingerprints of the engine seen by the measurements of this run."""


def _in_child(kind: str, params: dict[str, Any]) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "_child", kind, json.dumps(params)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} child failed:\n{proc.stderr}")
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    _ENGINES.add(report.get("engine", "?"))
    return report


def _tree_rss_mb(root: int) -> float:
    """Sum of VmRSS over ``root`` and its descendants (Linux /proc), in MB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="ascii", errors="replace") as handle:
                ppid = kib = 0
                for line in handle:
                    if line.startswith("PPid:"):
                        ppid = int(line.split()[1])
                    elif line.startswith("VmRSS:"):
                        kib = int(line.split()[1])
        except OSError:
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = kib
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return total / 1024


def measure_jsonl_cli(megabytes: float, jobs: int) -> dict[str, Any]:
    """Pipe a generated JSONL stream through the CLI; count output; sample memory."""
    command = ["textmend", "repair", "--jsonl", "--field", "text", "-j", str(jobs)]
    cli = [sys.executable, "-c", "import sys; from textmend.cli import main; sys.argv[0] = 'textmend'; main()"]
    proc = subprocess.Popen(
        cli + command[1:], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    sent = {"bytes": 0, "records": 0}
    got = {"bytes": 0, "records": 0}
    tree_peak = [0.0]
    done = threading.Event()

    def feed() -> None:
        try:
            for line in jsonl_records(megabytes):
                proc.stdin.write(line)  # type: ignore[union-attr]
                sent["bytes"] += len(line)
                sent["records"] += 1
        except BrokenPipeError:
            pass
        finally:
            try:
                proc.stdin.close()  # type: ignore[union-attr]
            except BrokenPipeError:
                pass

    def drain() -> None:
        for line in proc.stdout:  # type: ignore[union-attr]
            got["bytes"] += len(line)
            got["records"] += 1

    def sample() -> None:
        while not done.wait(0.25):
            tree_peak[0] = max(tree_peak[0], _tree_rss_mb(proc.pid))

    _ENGINES.add(engine_fingerprint())
    threads = [threading.Thread(target=f, daemon=True) for f in (feed, drain, sample)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    stderr = proc.stderr.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    for t in threads:
        t.join()
    _ENGINES.add(engine_fingerprint())
    if proc.returncode != 0 or got["records"] != sent["records"]:
        raise RuntimeError(
            f"CLI exited {proc.returncode}; {sent['records']} records in, {got['records']} out\n"
            + stderr.decode("utf-8", "replace")[-2000:]
        )
    return {
        "command": " ".join(command),
        "megabytes": sent["bytes"] / MB,
        "records": sent["records"],
        "seconds": seconds,
        "max_process_rss_mb": usage.ru_maxrss / 1024,
        "tree_rss_mb": tree_peak[0],
    }


# --- report ----------------------------------------------------------------------


def _machine() -> str:
    info = machine()
    mem = ""
    try:
        with open("/proc/meminfo", encoding="utf-8") as handle:
            mem = f", {int(handle.readline().split()[1]) / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{info['cpu']}{mem}; {info['platform']}; {info['python']}; {info['load']}"


def _linearity(rows: list[dict[str, Any]]) -> float:
    first, last = rows[0], rows[-1]
    return (last["seconds"] / last["size"]) / max(first["seconds"] / first["size"], 1e-12)


def run(args: argparse.Namespace) -> str:
    lines: list[str] = []

    def out(line: str = "") -> None:
        print(line, flush=True)
        lines.append(line)

    if args.doc_mb > 0:
        doc = _in_child("document", {"megabytes": args.doc_mb})
        out(f"## Single document ({doc['megabytes']:.1f} MB, one `textmend.repair` call)")
        out()
        out("| size | time | throughput | edits | RSS with input built | peak RSS |")
        out("| ---: | ---: | ---: | ---: | ---: | ---: |")
        out(
            f"| {doc['megabytes']:.1f} MB | {doc['seconds']:.1f} s | {doc['megabytes'] / doc['seconds']:.2f} MB/s "
            f"| {doc['edits']:,} | {doc['input_rss_mb']:.0f} MB | {doc['peak_rss_mb']:.0f} MB |"
        )
        out()
        out(
            "The document repeats paragraphs from a pool of 400, and a phrase repeated in a "
            "document counts as evidence once, so a huge document reads as barely spun "
            "and few findings reach the threshold: this row measures time and memory, not quality."
        )
        out()

    if args.jsonl_mb > 0:
        stream = measure_jsonl_cli(args.jsonl_mb, args.jobs)
        out(f"## JSONL stream ({stream['megabytes']:.0f} MB through the CLI)")
        out()
        out(f"Command: `<generator> | {stream['command']} > /dev/null` (records generated on the fly).")
        out()
        out("| size | records | time | throughput | peak RSS, largest process | peak RSS, whole tree (sampled) |")
        out("| ---: | ---: | ---: | ---: | ---: | ---: |")
        out(
            f"| {stream['megabytes']:.0f} MB | {stream['records']:,} | {stream['seconds']:.0f} s "
            f"| {stream['megabytes'] / stream['seconds']:.2f} MB/s | {stream['max_process_rss_mb']:.0f} MB "
            f"| {stream['tree_rss_mb']:.0f} MB |"
        )
        out()

    if args.patho_mb <= 0:
        return _with_header(args, lines)
    out("## Pathological inputs (time should grow linearly with size)")
    out()
    out("| input | size | time | µs per KB | edits | linearity |")
    out("| --- | ---: | ---: | ---: | ---: | ---: |")
    for family, (_, description) in PATHOLOGICAL.items():
        sizes = [int(s * args.patho_mb * MB) for s in (0.125, 0.25, 0.5, 1.0)]
        if family == "repeated spun word":
            word_bytes = len(_strong_spun_word()) + 1
            sizes = [int(f * args.repeat_words) * word_bytes for f in (0.125, 0.25, 0.5, 1.0)]
        report = _in_child("pathological", {"family": family, "sizes": sizes})
        rows = report["rows"]
        ratio = _linearity(rows)
        for i, row in enumerate(rows):
            label = f"{family} ({description})" if i == 0 else ""
            size = f"{row['size'] / MB:.2f} MB"
            if family == "repeated spun word":
                size = f"{row['size'] // (len(_strong_spun_word()) + 1):,} words"
            tail = f"{ratio:.2f}" if i == len(rows) - 1 else ""
            out(
                f"| {label} | {size} | {row['seconds']:.3f} s | {1e9 * row['seconds'] / row['size']:.0f} "
                f"| {row['edits']:,} | {tail} |"
            )
    out()
    out(
        "Linearity: time per byte at the largest size over time per byte at the smallest "
        "(sizes 1:2:4:8). About 1 means linear; a quadratic algorithm would show about 8."
    )

    return _with_header(args, lines)


def _with_header(args: argparse.Namespace, lines: list[str]) -> str:
    import textmend

    spun, phrases = _channel_phrases()
    header = [
        "# Scale benchmark",
        "",
        f"- Command: `{args.command}`",
        f"- Date: {_dt.datetime.now(_dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {_machine()}",
        (
            f"- textmend {textmend.__version__}, channel of {len(_pack_spun_forms()):,} spun forms "
            f"(generated text: {len(spun):,} of the curated packs and {len(phrases):,} multi-word originals)"
        ),
        (
            "- Engine fingerprint (sha256 of src/textmend/*.py and data/, 12 hex): "
            + (", ".join(sorted(_ENGINES)) or engine_fingerprint())
            + (" (the engine changed during the run!)" if len(_ENGINES) > 1 else "")
        ),
        "- Generated data only; each measurement in a fresh interpreter, channel and language model loaded before timing.",
        "",
    ]
    return "\n".join(header + lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["_child"]:
        kind, params = argv[1], json.loads(argv[2])
        print(json.dumps(_CHILDREN[kind](params)))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--doc-mb", type=float, help="single document size in MB, 0 to skip [50; quick 1]")
    parser.add_argument("--jsonl-mb", type=float, help="JSONL stream size in MB, 0 to skip [1000; quick 5]")
    parser.add_argument("--jobs", type=int, default=2, help="CLI worker processes for the stream [2]")
    parser.add_argument(
        "--patho-mb", type=float, help="largest pathological input in MB, 0 to skip [10; quick 0.2]"
    )
    parser.add_argument(
        "--repeat-words", type=int, help="largest count of repeated spun words [1000000; quick 20000]"
    )
    parser.add_argument("--output", type=Path, help="markdown report [benchmarks/SCALE.md; quick: none]")
    args = parser.parse_args(argv)
    quick = args.quick
    args.doc_mb = args.doc_mb if args.doc_mb is not None else (1 if quick else 50)
    args.jsonl_mb = args.jsonl_mb if args.jsonl_mb is not None else (5 if quick else 1000)
    args.patho_mb = args.patho_mb if args.patho_mb is not None else (0.2 if quick else 10)
    args.repeat_words = args.repeat_words if args.repeat_words is not None else (20_000 if quick else 1_000_000)
    output = args.output if args.output is not None else (None if quick else HERE / "SCALE.md")
    args.command = "python benchmarks/scale.py " + " ".join(argv) if argv else "python benchmarks/scale.py"
    report = run(args)
    if output is not None:
        # Keep the section benchmarks/spark.py writes below its marker.
        kept = output.read_text(encoding="utf-8").partition(SPARK_MARKER) if output.is_file() else ("", "", "")
        output.write_text(report + ("\n" + kept[1] + kept[2] if kept[1] else ""), encoding="utf-8")
        print(f"\nwrote {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
