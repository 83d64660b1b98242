"""Checked output: every byte the CLI writes to stdout is accounted for.

One job: make a short or failed write an error instead of silent truncation, and let
nothing reach stdout from a run that fails.

What the CLI writes to stdout is *held back* until the command has finished
(:meth:`Stdout.flush`, called once by :func:`textmend.cli.run` when the command returns) and
dropped if it stops on an error or a signal (:meth:`Stdout.discard`), as an atomic ``-o OUT``
appears whole or not at all: ``textmend repair a.txt bad.txt`` prints nothing, not ``a.txt``'s
text followed by an error. The held bytes stay in memory up to :data:`HOLD_MEMORY_BYTES`, then
in an anonymous temporary file (``TMPDIR``), so memory stays flat for a large ``--jsonl`` run.

Python's ``sys.stdout.buffer`` under ``PYTHONUNBUFFERED=1`` is a raw ``FileIO`` whose
``write`` may write *part* of the data (``ulimit -f``, a full disk) and return the count,
which callers usually ignore. :class:`Stdout` therefore writes to file descriptor 1 itself
with :func:`os.write` in a loop until every byte is out: a later ``os.write`` on a full
file raises (``EFBIG``, ``ENOSPC``), and that becomes one line naming the output.

:class:`Reports` writes one record per input as text lines, a JSON array or JSON Lines
through such a writer. Diagnostics and the progress bar go to stderr, not through here.
"""

from __future__ import annotations

import codecs
import json
import os
import sys
import tempfile
from collections.abc import Callable
from typing import Any

WRITE_STDOUT = "cannot write to standard output: {reason}"
STDOUT_CLOSED = "standard output is closed; redirect it to a file or /dev/null"
WRITE_HOLD = (
    "cannot hold the output back until the run ends: {reason} (in {where}); "
    "set TMPDIR to a roomier directory or write to -o OUT"
)
BUFFER_BYTES = 1 << 16
"""Bytes per write system call (a pipe's usual capacity)."""
HOLD_MEMORY_BYTES = 1 << 20
"""Held-back output kept in memory before it spills to a temporary file: the 1 MiB JSON Lines
chunk of :mod:`textmend.batch` (``CHUNK_BYTES``), so peak memory does not grow with the output
(tests/test_cli.py::test_jsonl_streams_in_bounded_memory allows 12 MB between 4 and 40 MB)."""


class OutputError(Exception):
    """Writing the output failed: the message is one line naming the output."""


class StdoutClosed(Exception):
    """The reader of stdout went away (``textmend ... | head``): stop quietly, exit 2."""


def write_all(fd: int, data: bytes | bytearray | memoryview) -> None:
    """Write every byte of ``data`` to ``fd``, retrying short writes.

    Raises ``OSError`` from the failing ``os.write`` (``EFBIG`` past ``ulimit -f``,
    ``ENOSPC`` on a full disk, ``EPIPE`` for a closed pipe).
    """
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:  # nothing written and no error: treat as a full device
            raise OSError(28, os.strerror(28))
        view = view[written:]


class Stdout:
    """Binary stdout: held back here, then written with :func:`write_all` by :meth:`flush`.

    A failed write raises :class:`OutputError` (or :class:`StdoutClosed` for a closed
    pipe). If the process has no stdout at all (``textmend check f >&-``), the first
    use (:meth:`require`, :meth:`write`) raises :class:`OutputError`.
    """

    def __init__(self) -> None:
        self.stream = sys.stdout
        self.fd: int | None
        try:
            self.fd = self.stream.fileno() if self.stream is not None else None
        except (OSError, ValueError, AttributeError):  # in-process callers' StringIO
            self.fd = None
        self.held: tempfile.SpooledTemporaryFile[bytes] | None = None
        self.before_flush: Callable[[], None] | None = None
        """Called before the first write system call (the progress bar clears its line)."""

    def require(self) -> None:
        """Fail now, before any work, if there is no stdout to write results to."""
        if self.stream is None:
            raise OutputError(STDOUT_CLOSED)

    def write(self, data: bytes | str) -> None:
        """Hold ``data`` back until :meth:`flush` (text for people is UTF-8; a lone surrogate shows as \\ud800)."""
        if isinstance(data, str):
            data = data.encode("utf-8", "backslashreplace")
        self.require()
        try:
            if self.held is None:
                self.held = tempfile.SpooledTemporaryFile(max_size=HOLD_MEMORY_BYTES)
            self.held.write(data)
        except OSError as exc:  # the temporary file's disk is full
            raise OutputError(
                WRITE_HOLD.format(reason=exc.strerror or exc, where=tempfile.gettempdir())
            ) from None

    def discard(self) -> None:
        """Drop what is held: the run failed, so none of it reaches stdout."""
        held, self.held = self.held, None
        if held is not None:
            held.close()

    def flush(self) -> None:
        """Write everything held to stdout (the command has finished)."""
        held, self.held = self.held, None
        if held is None:
            return
        with held:
            if not held.tell():
                return
            self.require()
            held.seek(0)
            if self.before_flush is not None:
                self.before_flush()
            text = codecs.getincrementaldecoder("utf-8")("replace")  # a piece may end inside a character
            try:
                self.stream.flush()  # anything click printed goes first
                while data := held.read(BUFFER_BYTES):
                    if self.fd is None:  # not a real file: a StringIO in an in-process run
                        self.stream.write(text.decode(data))
                    else:
                        write_all(self.fd, data)
                if self.fd is None:
                    self.stream.write(text.decode(b"", final=True))
            except BrokenPipeError:
                raise StdoutClosed() from None
            except OSError as exc:
                raise OutputError(WRITE_STDOUT.format(reason=exc.strerror or exc)) from None


_STDOUT: Stdout | None = None


def stdout() -> Stdout:
    """The process's one :class:`Stdout` (so every command shares its buffer)."""
    global _STDOUT
    if _STDOUT is None:
        _STDOUT = Stdout()
    return _STDOUT


def reset_stdout() -> None:
    """Forget the shared writer (for in-process runs that swap ``sys.stdout``)."""
    global _STDOUT
    _STDOUT = None


class Reports:
    """Writes one record per input as text lines, a JSON array, or JSON Lines.

    The JSON array is opened with the first record and closed by :meth:`close`, so it
    is valid JSON whatever fails in between, as long as :meth:`close` runs (use it in a
    ``finally`` or as a context manager).
    """

    def __init__(self, out: Stdout, fmt: str) -> None:
        self.out, self.fmt, self.count, self.closed = out, fmt, 0, False

    def add(self, record: dict[str, Any], text_line: str | None = None) -> None:
        if self.fmt == "json":
            body = dumps(record, indent=2).replace(b"\n", b"\n  ")
            self.out.write(("[\n  " if self.count == 0 else ",\n  ").encode() + body)
        elif self.fmt == "jsonl":
            self.out.write(dumps(record) + b"\n")
        elif text_line is not None:
            self.out.write(text_line + "\n")
        self.count += 1

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self.fmt == "json":
            self.out.write("\n]\n" if self.count else "[]\n")

    def __enter__(self) -> Reports:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None or issubclass(exc_type, Exception) and not issubclass(
            exc_type, (OutputError, StdoutClosed)
        ):
            self.close()


def dumps(record: dict[str, Any], indent: int | None = None) -> bytes:
    """JSON as UTF-8; falls back to ``\\u`` escapes for text UTF-8 cannot hold (lone surrogates)."""
    try:
        return json.dumps(record, ensure_ascii=False, indent=indent).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(record, ensure_ascii=True, indent=indent).encode("ascii")
