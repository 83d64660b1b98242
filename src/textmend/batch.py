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

from .config import Config
from .jsonl import REPORT_KEY, REPORT_TAKEN, RecordError, is_report, parse, splice
from .markup import repair_markup
from .model import Result
from .records import result_record
from .textio import (
    DEVICE,
    JSONL_WIDE_BOM,
    UNENCODABLE_CODEC,
    Decoded,
    InputError,
    codec_reason,
    decode,
    describe_os_error,
    endless_device,
    read_bytes,
    stdin_binary,
    wide_bom,
)

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
    input_format: str = "text"


def display_name(path: str) -> str:
    """How an input is named in messages and records (``-`` is ``<stdin>``)."""
    return STDIN_NAME if path == STDIN else path


def repair_document(task: DocTask, config: Config) -> Document | Failure:
    """Read, decode and repair one whole document."""
    name = display_name(task.path)
    try:
        data = task.data if task.data is not None else read_bytes(task.path)
        decoded = decode(data, name, task.encoding)
        return Document(task.path, name, decoded, repair_markup(decoded.text, task.input_format, config=config))
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
    on_error: str = "fail"
    input_format: str = "text"


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
    try:
        decoded = decode(body, where, chunk.encoding, whole_file=False)  # --jsonl takes no UTF-16
    except InputError:
        wide = wide_bom(body) if lineno == 1 else None
        if wide is None:
            raise
        raise InputError(JSONL_WIDE_BOM.format(where=where, name=wide)) from None  # not "pass --encoding"
    try:
        record = parse(decoded.text)
        text = record.field_text(chunk.field)
    except RecordError as exc:
        raise InputError(f"{where}: {exc}") from None
    return record, decoded.bom, text, repair_markup(text, chunk.input_format, config=config)


class LineFailure(NamedTuple):
    """One JSON Lines record that could not be used: its line and a one-line message."""

    lineno: int
    message: str


class RepairedLine(NamedTuple):
    """``repair --jsonl``: one output line, or the error that stopped its record.

    ``data`` is what to write: the repaired line, the line as it was (blank lines, and
    ``--on-error=keep``, where a record that parses gains ``"textmend": {"error": ...}``),
    or nothing for a failed record under ``fail``/``skip``.
    """

    lineno: int
    data: bytes
    error: str | None = None
    edits: int = 0
    """Edits applied to the record's field (0 for a record kept as the first run repaired it)."""
    kept: str | None = None
    """``--on-error=keep``: how a failed record was kept, one of :data:`KEPT_HOW` (else ``None``)."""


ON_ERROR = ("fail", "skip", "keep")

KEPT_WITH_ERROR = "error member"
"""A JSON object kept with ``"textmend": {"error": ...}`` added."""
KEPT_FOREIGN = "foreign member"
"""A JSON object kept byte for byte: its ``"textmend"`` member is someone else's (never overwritten)."""
KEPT_NOT_OBJECT = "not an object"
"""A line kept byte for byte: it is not a JSON object to add a member to."""
KEPT_UNDECODABLE = "undecodable"
"""A line kept byte for byte: its bytes do not decode in the input's encoding."""
KEPT_UNENCODABLE = "unencodable"
"""A JSON object kept byte for byte: the codec cannot write even an ASCII-only error member (idna)."""
KEPT_HOW = (KEPT_WITH_ERROR, KEPT_FOREIGN, KEPT_NOT_OBJECT, KEPT_UNDECODABLE, KEPT_UNENCODABLE)


def _each_line(chunk: Chunk, handle: Callable[[int, bytes], T | None], on_failure: Callable[[int, bytes, str], T]) -> list[T]:
    """Run ``handle(lineno, raw)`` on every line of the chunk, keeping what it returns (not
    None). A record that fails is judged on its own: ``on_failure(lineno, raw, message)``
    stands in for it (the message names the file and line) and the chunk goes on."""
    out: list[T] = []
    for lineno, raw in chunk.lines:
        try:
            item = handle(lineno, raw)
        except InputError as exc:
            item = on_failure(lineno, raw, exc.message)
        except Exception as exc:  # noqa: BLE001 - one record's crash never hides the others
            where = f"{chunk.name}:{lineno}"
            item = on_failure(lineno, raw, INTERNAL.format(where=where, error=f"{type(exc).__name__}: {exc}"))
        if item is not None:
            out.append(item)
    return out


def report_member(result: Result, text: str) -> dict[str, Any]:
    """The ``"textmend"`` member ``repair --jsonl`` adds: the shape of a ``check`` record
    without its path (offsets and line:column point into the field's original text)."""
    record = result_record("", text, result)
    del record["path"]
    return record


def repair_jsonl_chunk(chunk: Chunk, config: Config) -> list[RepairedLine]:
    """Repair ``chunk.field`` of each record; returns the new raw lines (see :mod:`textmend.jsonl`).

    Re-running on repaired output keeps the first run's report when nothing more changes.
    """

    def repair_line(lineno: int, raw: bytes) -> RepairedLine:
        body, term = split_terminator(raw)
        if not body.strip():
            return RepairedLine(lineno, raw)  # blank lines pass through untouched
        record, bom, text, result = jsonl_record(chunk.name, lineno, body, chunk, config)
        if REPORT_KEY in record.value and not is_report(record.value[REPORT_KEY]):
            raise InputError(f"{chunk.name}:{lineno}: {REPORT_TAKEN}")  # never overwrite someone's data
        previous = record.value.get(REPORT_KEY)
        if not result.edits and isinstance(previous, dict) and previous.get("edits"):
            return RepairedLine(lineno, raw)  # already repaired: keep the first run's record of edits
        report = report_member(result, text)
        new_text = result.text if result.text != text else None
        data = _spliced(record, chunk, new_text, report, f"{chunk.name}:{lineno}")
        return RepairedLine(lineno, bom + data + term, edits=len(result.edits))

    def failed(lineno: int, raw: bytes, message: str) -> RepairedLine:
        if chunk.on_error != "keep":
            return RepairedLine(lineno, b"", message)
        data, how = _kept_with_error(raw, chunk, message)
        return RepairedLine(lineno, data, message, kept=how)

    return _each_line(chunk, repair_line, failed)


def _spliced(record: Any, chunk: Chunk, new_text: str | None, report: dict[str, Any], where: str = "") -> bytes:
    """The record with its new field and report, encoded; ``InputError`` (naming ``where``) if the
    codec refuses even the ASCII-only form (idna: a label too long)."""
    try:
        return splice(record, chunk.field, new_text, report).encode(chunk.encoding)
    except UnicodeError:  # lone surrogate or legacy codec: escape the new JSON
        pass
    try:
        return splice(record, chunk.field, new_text, report, ascii_only=True).encode(chunk.encoding)
    except UnicodeError as exc:
        raise InputError(
            UNENCODABLE_CODEC.format(where=where or chunk.name, encoding=chunk.encoding, reason=codec_reason(exc))
        ) from None


def _kept_with_error(raw: bytes, chunk: Chunk, message: str) -> tuple[bytes, str]:
    """``--on-error=keep``: the line unchanged, plus ``"textmend": {"error": ...}`` when it
    is a JSON object we can add a member to (not one whose ``"textmend"`` member is someone
    else's); otherwise exactly the line as it was. Also returns how it was kept (:data:`KEPT_HOW`)."""
    body, term = split_terminator(raw)
    try:
        decoded = decode(body, chunk.name, chunk.encoding)
    except Exception:  # noqa: BLE001 - no text to extend: keep every byte
        return raw, KEPT_UNDECODABLE
    try:
        record = parse(decoded.text)
    except Exception:  # noqa: BLE001 - not an object we can extend: keep every byte
        return raw, KEPT_NOT_OBJECT
    if REPORT_KEY in record.value and not is_report(record.value[REPORT_KEY]):
        return raw, KEPT_FOREIGN
    try:
        return decoded.bom + _spliced(record, chunk, None, {"error": message}) + term, KEPT_WITH_ERROR
    except Exception:  # noqa: BLE001 - the codec refuses the member (InputError): keep every byte
        return raw, KEPT_UNENCODABLE


def check_jsonl_chunk(chunk: Chunk, config: Config) -> list[LineReport | LineFailure]:
    """Score each record of the chunk; blank lines are skipped, bad records are
    :class:`LineFailure` entries in line order."""

    def check_line(lineno: int, raw: bytes) -> LineReport | None:
        body, _ = split_terminator(raw)
        if not body.strip():
            return None  # blank lines are not records
        _, _, text, result = jsonl_record(chunk.name, lineno, body, chunk, config)
        record = result_record(chunk.name, text, result)
        record = {"path": chunk.name, "record_line": lineno, **{k: v for k, v in record.items() if k != "path"}}
        return LineReport(lineno, record, result)

    return _each_line(chunk, check_line, lambda lineno, raw, message: LineFailure(lineno, message))


def chunks(
    handle: Any,
    name: str,
    field: str,
    encoding: str,
    on_bytes: Callable[[int], None],
    bom_out: list[bytes],
    on_error: str = "fail",
    input_format: str = "text",
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
            yield Chunk(name, field, encoding, lines, on_error, input_format)
            lines, size = [], 0
    if lines:
        yield Chunk(name, field, encoding, lines, on_error, input_format)


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
        if endless_device(handle.fileno(), path):
            raise InputError(DEVICE.format(where=path))
        try:
            size = os.fstat(handle.fileno()).st_size or None
        except OSError:
            size = None
        yield handle, size
