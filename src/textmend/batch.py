"""The units of work the CLI hands to worker processes (or runs in-process for --jobs 1).

One job: turn one input (a whole document, or a chunk of JSON Lines) into results,
without printing anything. Every function here is module-level and takes and returns
picklable values, so :func:`textmend.parallel.ordered_map` can run it anywhere. A
problem with one input comes back as a :class:`Failure` (a one-line message naming
the file, and the line for JSON Lines) instead of an exception, so a run over many
files can report it and carry on.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple, TypeVar

from .api import repair as repair_text
from .config import Config
from .jsonl import RecordError, parse, splice
from .model import Result
from .records import LineIndex, edit_record, result_record
from .textio import Decoded, InputError, decode, describe_os_error, read_bytes, stdin_binary

STDIN = "-"
STDIN_NAME = "<stdin>"
INTERNAL = "{where}: internal error {error}; please report this bug"
T = TypeVar("T")

CHUNK_LINES = 256
"""JSON Lines records per unit of work..."""
CHUNK_BYTES = 1 << 20
"""...or this many bytes, whichever comes first: memory stays bounded by jobs x window x this."""


class Failure(NamedTuple):
    """A per-input error carried back from a worker instead of raised."""

    message: str
    path: str = ""


class Document(NamedTuple):
    """A whole input decoded and repaired (what a worker sends back)."""

    path: str
    name: str
    decoded: Decoded
    result: Result


class DocTask(NamedTuple):
    """One whole document to repair."""

    path: str
    data: bytes | None  # stdin's bytes, read by the parent; None: the worker reads the file
    encoding: str


def display_name(path: str) -> str:
    """How an input is named in messages and records (``-`` is ``<stdin>``)."""
    return STDIN_NAME if path == STDIN else path


def repair_document(task: DocTask, config: Config) -> Document | Failure:
    """Read, decode and repair one whole document."""
    name = display_name(task.path)
    try:
        data = task.data if task.data is not None else read_bytes(task.path)
        decoded = decode(data, name, task.encoding)
        return Document(task.path, name, decoded, repair_text(decoded.text, config=config))
    except InputError as exc:
        return Failure(exc.message, task.path)
    except Exception as exc:  # noqa: BLE001 - one line, never a traceback
        return Failure(INTERNAL.format(where=name, error=f"{type(exc).__name__}: {exc}"))


class Chunk(NamedTuple):
    """A run of JSON Lines sent to a worker: ``(line number, raw bytes)`` pairs."""

    name: str
    field: str
    encoding: str
    lines: list[tuple[int, bytes]]


class LineReport(NamedTuple):
    """``check --jsonl``: one record's report."""

    lineno: int
    record: dict[str, Any]
    result: Result


def split_terminator(raw: bytes) -> tuple[bytes, bytes]:
    """Split a raw line into its body and its terminator (``\\r\\n``, ``\\n`` or nothing)."""
    if raw.endswith(b"\r\n"):
        return raw[:-2], b"\r\n"
    if raw.endswith(b"\n"):
        return raw[:-1], b"\n"
    return raw, b""


def jsonl_record(name: str, lineno: int, body: bytes, chunk: Chunk, config: Config):
    """Decode, parse and repair one record; returns ``(record, bom, field text, result)``."""
    where = f"{name}:{lineno}"
    decoded = decode(body, where, chunk.encoding)
    try:
        record = parse(decoded.text)
        text = record.field_text(chunk.field)
    except RecordError as exc:
        raise InputError(f"{where}: {exc}") from None
    return record, decoded.bom, text, repair_text(text, config=config)


def _each_line(chunk: Chunk, handle: Callable[[int, bytes], T | None]) -> list[T] | Failure:
    """Run ``handle(lineno, raw)`` on every line of the chunk, keeping what it returns (not
    None); an error stops the chunk as a :class:`Failure` naming the file and line."""
    out: list[T] = []
    lineno = 0
    try:
        for lineno, raw in chunk.lines:
            item = handle(lineno, raw)
            if item is not None:
                out.append(item)
        return out
    except InputError as exc:
        return Failure(exc.message)
    except Exception as exc:  # noqa: BLE001
        return Failure(INTERNAL.format(where=f"{chunk.name}:{lineno}", error=f"{type(exc).__name__}: {exc}"))


def repair_jsonl_chunk(chunk: Chunk, config: Config) -> list[bytes] | Failure:
    """Repair ``chunk.field`` of each record; returns the new raw lines (see :mod:`textmend.jsonl`)."""

    def repair_line(lineno: int, raw: bytes) -> bytes:
        body, term = split_terminator(raw)
        if not body.strip():
            return raw  # blank lines pass through untouched
        record, bom, text, result = jsonl_record(chunk.name, lineno, body, chunk, config)
        lines = LineIndex(text) if result.edits else None
        report = {
            "spin_score": result.spin_score,
            "edits": [edit_record(e, lines) for e in result.edits],  # type: ignore[arg-type]
        }
        new_text = result.text if result.text != text else None
        try:
            encoded = splice(record, chunk.field, new_text, report).encode(chunk.encoding)
        except UnicodeEncodeError:  # lone surrogate or legacy codec: escape the new JSON
            encoded = splice(record, chunk.field, new_text, report, ascii_only=True).encode(chunk.encoding)
        return bom + encoded + term

    return _each_line(chunk, repair_line)


def check_jsonl_chunk(chunk: Chunk, config: Config) -> list[LineReport] | Failure:
    """Score each record of the chunk; blank lines are skipped."""

    def check_line(lineno: int, raw: bytes) -> LineReport | None:
        body, _ = split_terminator(raw)
        if not body.strip():
            return None  # blank lines are not records
        _, _, text, result = jsonl_record(chunk.name, lineno, body, chunk, config)
        record = result_record(chunk.name, text, result)
        record = {"path": chunk.name, "line": lineno, **{k: v for k, v in record.items() if k != "path"}}
        return LineReport(lineno, record, result)

    return _each_line(chunk, check_line)


def chunks(
    handle: Any, name: str, field: str, encoding: str, on_bytes: Callable[[int], None], bom_out: list[bytes]
) -> Iterator[Chunk]:
    """Cut a binary JSON Lines stream into chunks; a leading UTF-8 BOM goes to ``bom_out``."""
    lines: list[tuple[int, bytes]] = []
    size = 0
    for lineno, raw in enumerate(handle, start=1):
        on_bytes(len(raw))
        if lineno == 1 and encoding == "utf-8" and raw.startswith(b"\xef\xbb\xbf"):
            bom_out.append(raw[:3])
            raw = raw[3:]
        lines.append((lineno, raw))
        size += len(raw)
        if len(lines) >= CHUNK_LINES or size >= CHUNK_BYTES:
            yield Chunk(name, field, encoding, lines)
            lines, size = [], 0
    if lines:
        yield Chunk(name, field, encoding, lines)


@contextlib.contextmanager
def open_stream(path: str) -> Iterator[tuple[Any, int | None]]:
    """Open a JSON Lines input in binary; yields (handle, size in bytes or None)."""
    if path == STDIN:
        yield stdin_binary(), None
        return
    try:
        handle = open(path, "rb")  # noqa: SIM115
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise InputError(describe_os_error(exc, path)) from None
    with handle:
        try:
            size = os.fstat(handle.fileno()).st_size or None
        except OSError:
            size = None
        yield handle, size
