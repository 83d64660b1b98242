"""Repair texts from a JSONL file with whatever ``textmend`` this interpreter imports.

    python benchmarks/worker.py IN.jsonl OUT.jsonl [--exclude-source NAME ...] [--all-findings]

The benchmark runs one of these per job (``benchmarks/engine.py``), with the engine under
test first on ``PYTHONPATH`` or installed in the interpreter it is started with, so the same
harness scores v2 (this checkout) and v1 (another checkout or venv) on the same texts.
Standard library only: it must run in a venv that has nothing but the engine.

Input: one ``{"text": ...}`` per line. Output: one line per input, in order:
``{"text", "edits", "suggestions", "spin_score", "seconds"}`` (``seconds``: CPU time of the
``repair`` call, after one warm-up call that loads the engine's data) or ``{"error": "Type: message"}``; then a last line ``{"peak_rss_mb": ...}``
(VmHWM from ``/proc/self/status``, NaN where unavailable).

``--all-findings`` adds ``"findings"``: every finding of ``textmend.detect`` at any confidence
(``repair``'s suggestions stop at its floor), after the timed ``repair`` call and outside its
``seconds``; an engine without ``detect`` gives ``null``.

``--exclude-source`` builds the channel without that source (leave-one-source-out): it wraps
``textmend.detect.get_channel`` so every call passes ``exclude_sources``. Engines without a
channel (v1) reject it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from typing import Any


def _edit(e) -> dict:
    return {
        "start": e.start, "end": e.end, "original": e.original, "replacement": e.replacement,
        "confidence": float(e.confidence), "rule": e.rule,
        "alternatives": [[a, float(p)] for a, p in getattr(e, "alternatives", ()) or ()],
    }


def exclude_sources(names: frozenset[str]) -> None:
    """Make the engine's channel leave out ``names`` (see the module docstring)."""
    import importlib

    try:  # not "import textmend.detect": the package exports a function of that name
        detect = importlib.import_module("textmend.detect")
    except ImportError:
        detect = None
    original = getattr(detect, "get_channel", None)
    if original is None:
        raise SystemExit("this engine has no channel (textmend.detect.get_channel): "
                         "--exclude-source needs engine v2")

    def get_channel(packs, exclude_sources=frozenset()):  # noqa: ANN001 - mirrors the engine
        return original(packs, exclude_sources=frozenset(exclude_sources) | names)

    replace_get_channel(get_channel, original)


def replace_get_channel(replacement: Callable[..., Any], original: Callable[..., Any]) -> Callable[[], None]:
    """Point every loaded ``textmend`` module whose ``get_channel`` is ``original`` (``detect`` for
    the first pass, ``recheck`` for the re-check rounds of ``repair``, ...) at ``replacement``;
    returns a function that puts ``original`` back. Until 2026-12-03 only ``textmend.detect`` was
    patched, so the re-check rounds of the leave-one-source-out and held-out tortured runs still
    used the full channel."""
    import importlib

    try:  # loaded by repair: make sure it is loaded, and so patched, now
        importlib.import_module("textmend.recheck")
    except ImportError:  # an engine without a re-check (v1, a test's stand-in)
        pass
    patched = [m for name, m in list(sys.modules.items())
               if name.startswith("textmend.") and getattr(m, "get_channel", None) is original]
    for module in patched:
        module.get_channel = replacement  # type: ignore[attr-defined]

    def restore() -> None:
        for module in patched:
            module.get_channel = original  # type: ignore[attr-defined]

    return restore


def peak_rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--exclude-source", action="append", default=[])
    parser.add_argument("--all-findings", action="store_true")
    args = parser.parse_args(argv)
    import textmend

    if args.exclude_source:
        exclude_sources(frozenset(args.exclude_source))
    try:  # load lazily loaded data before timing, as speed.throughput does
        textmend.repair("The troopers stated that 2 officials were informed.")
    except Exception:  # noqa: BLE001 - the real calls below report it per text
        pass
    with open(args.input, encoding="utf-8") as src, open(args.output, "w", encoding="utf-8") as out:
        for line in src:
            text = json.loads(line)["text"]
            try:
                start = time.process_time()
                result = textmend.repair(text)
                seconds = time.process_time() - start
                row = {"text": result.text, "edits": [_edit(e) for e in result.edits],
                       "suggestions": [_edit(e) for e in result.suggestions],
                       "spin_score": float(result.spin_score), "seconds": seconds}
                if args.all_findings:
                    detect = getattr(textmend, "detect", None)
                    row["findings"] = [_edit(e) for e in detect(text)] if callable(detect) else None
            except Exception as exc:  # noqa: BLE001 - counted by the harness, not hidden
                row = {"error": f"{type(exc).__name__}: {exc}"}
            out.write(json.dumps(row) + "\n")
        out.write(json.dumps({"peak_rss_mb": peak_rss_mb()}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
