"""The engine under test, run in worker subprocesses (``benchmarks/worker.py``).

An :class:`Engine` names an interpreter and, optionally, a source checkout whose ``src/``
goes first on ``PYTHONPATH``: ``Engine()`` is this checkout's textmend (v2);
``Engine("v1", path=Path("/tmp/v1"))`` is another checkout run by the same interpreter, and
``Engine("v1", python="/tmp/v1/.venv/bin/python")`` one installed in its own venv. Both
engines see the same texts and are scored by the same code, in the same run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .corpus import ROOT
from .quality import RepairFailed

WORKER = Path(__file__).resolve().parent / "worker.py"


class WorkerEdit(NamedTuple):
    """An ``Edit`` as the worker hands it back (the fields the benchmark scores)."""

    start: int
    end: int
    original: str
    replacement: str
    confidence: float
    rule: str
    alternatives: tuple[tuple[str, float], ...] = ()


class WorkerResult(NamedTuple):
    """A ``Result`` as the worker hands it back, with the CPU seconds of the call."""

    text: str
    edits: tuple[WorkerEdit, ...]
    suggestions: tuple[WorkerEdit, ...]
    spin_score: float
    seconds: float
    findings: tuple[WorkerEdit, ...] | None = None
    """Every finding at any confidence (``textmend.detect``), when asked for; else ``None``."""


def _edits(rows: list[dict]) -> tuple[WorkerEdit, ...]:
    return tuple(WorkerEdit(r["start"], r["end"], r["original"], r["replacement"],
                            r["confidence"], r["rule"],
                            tuple((a, p) for a, p in r.get("alternatives", ())))
                 for r in rows)


def parse_row(row: dict) -> WorkerResult | RepairFailed:
    """One output line of the worker as a record."""
    if "error" in row:
        return RepairFailed(row["error"])
    findings = row.get("findings")
    return WorkerResult(row["text"], _edits(row["edits"]), _edits(row["suggestions"]),
                        row["spin_score"], row.get("seconds", float("nan")),
                        _edits(findings) if findings is not None else None)


@dataclass(frozen=True)
class Engine:
    """Which textmend to run, and with which channel sources left out."""

    name: str = "v2"
    python: str = sys.executable
    """The interpreter (a venv's ``bin/python`` where the engine is installed)."""
    path: Path | None = None
    """A source checkout whose ``src/`` is put first on ``PYTHONPATH``; ``None``: this one."""
    exclude_sources: frozenset[str] = frozenset()
    """Channel sources to leave out (leave-one-source-out; v2 only)."""
    peak_rss: list[float] = field(default_factory=list, compare=False, hash=False)
    """Peak RSS (MB) reported by each worker so far."""

    def env(self) -> dict[str, str]:
        """The environment of this engine's subprocesses."""
        env = dict(os.environ)
        if self.path is not None or self.python == sys.executable:
            src = str((self.path or ROOT) / "src")
            env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"]
                                       if env.get("PYTHONPATH") else "")
        return env

    def with_excluded(self, names: Sequence[str]) -> Engine:
        return Engine(self.name, self.python, self.path, frozenset(names))

    def label(self) -> str:
        if self.exclude_sources:
            return f"{self.name} without {', '.join(sorted(self.exclude_sources))}"
        return self.name

    def repair_many(self, texts: Sequence[str], jobs: int = 1,
                    all_findings: bool = False) -> list[WorkerResult | RepairFailed]:
        """``repair`` every text in ``jobs`` worker processes; results in input order.
        ``all_findings``: also every finding at any confidence (``WorkerResult.findings``).

        A worker that dies marks its texts :class:`RepairFailed` with the end of its stderr.
        """
        jobs = max(1, min(jobs, len(texts)))
        if not texts:
            return []
        out: list[WorkerResult | RepairFailed | None] = [None] * len(texts)
        with tempfile.TemporaryDirectory(prefix="textmend-bench-") as tmp:
            procs = []
            for j in range(jobs):
                src, dst = Path(tmp) / f"in{j}.jsonl", Path(tmp) / f"out{j}.jsonl"
                with src.open("w", encoding="utf-8") as handle:
                    for text in texts[j::jobs]:
                        handle.write(json.dumps({"text": text}) + "\n")
                cmd = [self.python, str(WORKER), str(src), str(dst)]
                for name in sorted(self.exclude_sources):
                    cmd += ["--exclude-source", name]
                if all_findings:
                    cmd.append("--all-findings")
                procs.append((j, dst, subprocess.Popen(cmd, env=self.env(), cwd=tempfile.gettempdir(),
                                                       stdout=subprocess.DEVNULL,
                                                       stderr=subprocess.PIPE, text=True)))
            for j, dst, proc in procs:
                _, err = proc.communicate()
                rows = []
                if dst.exists():
                    with dst.open(encoding="utf-8") as handle:
                        rows = [json.loads(line) for line in handle]
                if rows and "peak_rss_mb" in rows[-1]:
                    self.peak_rss.append(rows.pop()["peak_rss_mb"])
                last = (err or "").strip().splitlines()[-1:] or ["no message"]
                failure = RepairFailed(f"worker exited {proc.returncode}: {last[0]}")
                for k, index in enumerate(range(j, len(texts), jobs)):
                    out[index] = parse_row(rows[k]) if k < len(rows) else failure
        return [r if r is not None else RepairFailed("no result") for r in out]

    def repair_one(self, text: str) -> WorkerResult | RepairFailed:
        return self.repair_many([text])[0]
