"""Reading input bytes as text and writing output files safely.

One job: move bytes between the file system and ``str`` without losing anything.

- Input is decoded strictly (undecodable bytes are an error, never replaced; so is a codec
  such as idna or punycode that refuses the input without naming a byte).
  UTF-8 is the default; a UTF-8 byte-order mark is recognised, stripped from the
  text and remembered, so the output gets it back.
- Line endings are never translated: files are read and written in binary, so
  ``\\r\\n`` and lone ``\\r`` survive byte for byte.
- Text containing a NUL character is treated as binary and refused, and so is an input
  that is a device (``/dev/zero`` would be read until memory runs out), except standard
  input and ``os.devnull``; FIFOs (``<(cmd)``) are read.
- Output files are written atomically: a temporary file in the same directory,
  flushed and fsynced, given the permissions of the file it replaces, then
  ``os.replace``-d over the target. On any failure, including KeyboardInterrupt,
  the temporary file is removed and the target is left exactly as it was.
  Targets that are not regular files (``/dev/null``, ``/dev/full``, FIFOs) cannot be
  replaced: the output is held back (in memory up to 1 MiB, then in an anonymous temporary
  file) and written to them only once it is complete, so a failure leaves nothing there.
"""

from __future__ import annotations

import codecs
import os
import shutil
import stat
import sys
import tempfile
from typing import BinaryIO, NamedTuple

from .records import LineIndex

UTF8_BOM = codecs.BOM_UTF8

# Error messages: say what went wrong and what to do about it.
UNDECODABLE = (
    "{where}: cannot decode byte {byte} at offset {offset} as {encoding} ({reason}); "
    "pass --encoding if the file is in another encoding"
)
WIDE_BOM = (
    "{where}: starts with a {name} byte-order mark, not UTF-8; pass --encoding {codec} "
    "(the output keeps the encoding and the mark)"
)
BINARY = "{where}: looks like a binary file (NUL character at offset {offset}); textmend reads text only"
BINARY_BYTES = "{where}: looks like a binary file (NUL byte at offset {offset}); textmend reads text only"
UNDECODABLE_CODEC = (
    "{where}: cannot decode as {encoding} ({reason}); pass --encoding if the file is in another encoding"
)
UNENCODABLE_CODEC = (
    "{where}: the repaired text cannot be written back as {encoding} ({reason}); convert the input to UTF-8 first"
)
UNKNOWN_ENCODING = "unknown encoding {encoding!r}; use a Python codec name such as utf-8, latin-1 or cp1252"
UNENCODABLE = (
    "{where}: the repaired text cannot be written back as {encoding} "
    "(character {char!r} at offset {offset}); convert the input to UTF-8 first"
)
JSONL_WIDE_BOM = (
    "{where}: starts with a {name} byte-order mark; JSON Lines must be UTF-8 (or another "
    "ASCII-compatible encoding): convert it, e.g. iconv -f {name} -t UTF-8"
)
NOT_A_FILE = "{where}: is a directory, not a file"
DEVICE = "{where}: is a device, not a file (it may never end); pipe what you want read to standard input"
NO_STDIN = "<stdin>: there is no standard input; name the files to read"


class InputError(Exception):
    """A problem with one input or output: the message is one line for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class Decoded(NamedTuple):
    """Text decoded from bytes, plus what is needed to encode it back identically."""

    text: str
    encoding: str
    """Python codec name used to decode."""
    bom: bytes
    """The byte-order mark the input started with (UTF-8, or UTF-16/32 read as ``utf-16``/``utf-32``), else ``b""``."""

    def encode(self, text: str, where: str) -> bytes:
        """Encode ``text`` (e.g. the repaired version) the way the input was encoded."""
        try:
            return self.bom + text.encode(self.encoding)
        except UnicodeEncodeError as exc:
            raise InputError(
                UNENCODABLE.format(
                    where=where, encoding=self.encoding, char=exc.object[exc.start], offset=exc.start
                )
            ) from None
        except UnicodeError as exc:  # idna, punycode, undefined: no position to name
            reason = codec_reason(exc)
            raise InputError(UNENCODABLE_CODEC.format(where=where, encoding=self.encoding, reason=reason)) from None


_BOM_CODECS = {
    "utf-16": ((codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF16_LE, "utf-16-le")),
    "utf-32": ((codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF32_LE, "utf-32-le")),
}


_WIDE_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "UTF-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "UTF-32", "utf-32"),
    (codecs.BOM_UTF16_LE, "UTF-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "UTF-16", "utf-16"),
)


def wide_bom(data: bytes) -> str | None:
    """``"UTF-16"`` or ``"UTF-32"`` if ``data`` starts with that byte-order mark, else ``None``."""
    return next((name for mark, name, _ in _WIDE_BOMS if data.startswith(mark)), None)


def _byte_order(codec: str, data: bytes) -> tuple[str, bytes]:
    """For ``utf-16``/``utf-32``: the explicit-order codec and the BOM ``data`` starts with.

    Without a BOM, Python's codec reads the machine's order, so that is what is kept.
    """
    for bom, explicit in _BOM_CODECS[codec]:
        if data.startswith(bom):
            return explicit, bom
    return f"{codec}-{'le' if sys.byteorder == 'little' else 'be'}", b""


def normalise_encoding(encoding: str | None) -> str:
    """Return the canonical codec name for ``encoding`` (default UTF-8), or raise ``InputError``."""
    try:
        info = codecs.lookup(encoding or "utf-8")
    except LookupError:
        raise InputError(UNKNOWN_ENCODING.format(encoding=encoding)) from None
    # rot13, base64, hex, zlib...: codecs.lookup knows them, bytes.decode refuses them
    if not getattr(info, "_is_text_encoding", True):
        raise InputError(UNKNOWN_ENCODING.format(encoding=encoding))
    return info.name


def is_ascii_compatible(encoding: str) -> bool:
    """True if the codec encodes ``\\n`` as the single byte ``0x0a`` (JSON Lines needs that)."""
    try:
        return '\n{}"'.encode(encoding) == b'\n{}"'
    except (UnicodeError, LookupError):
        return False


def decode(
    data: bytes, where: str, encoding: str | None = None, *, offset_base: int = 0, whole_file: bool = True
) -> Decoded:
    """Decode ``data`` strictly; ``where`` names the input in error messages.

    ``encoding`` is a codec name (default UTF-8). For UTF-8 a leading byte-order mark is
    stripped and kept in :attr:`Decoded.bom`. ``offset_base`` is added to byte offsets in
    error messages (for a line inside a larger stream). A ``whole_file`` that starts with a
    UTF-16/32 byte-order mark but is read as UTF-8 gets an error naming the ``--encoding``
    to pass; undecodable bytes with a NUL byte among them (in an ASCII-compatible codec) are
    called binary, since no ``--encoding`` would help. In a ``whole_file`` the messages for an
    undecodable byte and a NUL character name its line as ``where:LINE`` (``--jsonl`` names
    the record's line in ``where`` itself).

    Raises:
        InputError: the bytes do not decode, hold a NUL character, or the codec is unknown.
    """
    codec = normalise_encoding(encoding)
    bom = b""
    if codec == "utf-8" and data.startswith(UTF8_BOM):
        bom = UTF8_BOM
        data = data[len(UTF8_BOM) :]
    elif codec in _BOM_CODECS:  # utf-16/utf-32: keep the input's byte order and its BOM (or none)
        codec, bom = _byte_order(codec, data)
        data = data[len(bom) :]
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        if codec == "utf-8" and whole_file and offset_base == 0:
            for mark, name, wide in _WIDE_BOMS:
                if data.startswith(mark):
                    raise InputError(WIDE_BOM.format(where=where, name=name, codec=wide)) from None
        if b"\x00" in data and is_ascii_compatible(codec):  # an executable, an image: no --encoding helps
            raise InputError(
                BINARY_BYTES.format(where=where, offset=offset_base + len(bom) + data.index(b"\x00"))
            ) from None
        bad = exc.object[exc.start : exc.start + 1]
        raise InputError(
            UNDECODABLE.format(
                where=_with_line(where, data[: exc.start].decode(codec, "replace")) if whole_file else where,
                byte=f"0x{bad.hex()}" if bad else "?",
                offset=offset_base + len(bom) + exc.start,
                encoding=codec,
                reason=exc.reason,
            )
        ) from None
    except UnicodeError as exc:  # idna, punycode, undefined: a codec error without a byte position
        raise InputError(UNDECODABLE_CODEC.format(where=where, encoding=codec, reason=codec_reason(exc))) from None
    nul = text.find("\x00")
    if nul >= 0:
        raise InputError(BINARY.format(where=_with_line(where, text[:nul]) if whole_file else where, offset=nul))
    return Decoded(text, codec, bom)


def _with_line(where: str, before: str) -> str:
    """``where:LINE``, the 1-based line of the position that ``before`` (the text up to it) leads to."""
    return f"{where}:{LineIndex(before).position(len(before))[0]}"


def codec_reason(exc: UnicodeError) -> str:
    """The codec's own reason, without Python's "decoding with 'x' codec failed (UnicodeError: ...)"
    wrapping."""
    message = str(exc)
    depth = message.count("UnicodeError: ")  # idna wraps punycode's error: two levels
    inner = message.rsplit("UnicodeError: ", 1)[-1]
    if depth and inner.endswith(")" * depth):
        inner = inner[:-depth]
    return inner  # control characters stay: the CLI escapes them


def stdin_binary() -> BinaryIO:
    """Standard input in binary; ``InputError`` if the process has none (fd 0 closed)."""
    if sys.stdin is None:
        raise InputError(NO_STDIN)
    return sys.stdin.buffer


def read_bytes(path: str) -> bytes:
    """Read a whole file (``"-"`` is stdin) as bytes; OS errors become ``InputError``."""
    if path == "-":
        try:
            return stdin_binary().read()
        except OSError as exc:
            raise InputError(describe_os_error(exc, "<stdin>")) from None
    try:
        with open(path, "rb") as handle:
            if endless_device(handle.fileno(), path):
                raise InputError(DEVICE.format(where=path))
            return handle.read()
    except IsADirectoryError:
        raise InputError(NOT_A_FILE.format(where=path)) from None
    except OSError as exc:
        raise InputError(describe_os_error(exc, path)) from None


def probe_input(path: str) -> None:
    """Fail now, before any work, if ``path`` (not ``"-"``) cannot be read as an input.

    Raises ``InputError`` (one line naming ``path``) for a file that does not exist or cannot be
    opened, a directory and an endless device, as :func:`read_bytes` would later. A regular file or
    a device is opened and closed; a FIFO or socket is only looked at (opening a FIFO would start
    its writer), so its errors show when it is read. What shows only while reading (undecodable
    bytes, a bad record) is still found then.
    """
    if path == "-":
        return
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(NOT_A_FILE.format(where=path))
        if stat.S_ISREG(st.st_mode) or stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
            with open(path, "rb") as handle:
                if endless_device(handle.fileno(), path):
                    raise InputError(DEVICE.format(where=path))
    except OSError as exc:
        raise InputError(describe_os_error(exc, path)) from None


def endless_device(fd: int, path: str) -> bool:
    """A character or block device (``/dev/zero``, a disk) that is neither standard input
    (``/dev/stdin`` on a terminal) nor ``os.devnull``: reading it whole may never end."""
    st = os.fstat(fd)
    if not (stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)) or path == os.devnull:
        return False
    try:
        st_in = os.fstat(0)
    except OSError:  # no standard input at all
        return True
    return (st.st_dev, st.st_ino, st.st_rdev) != (st_in.st_dev, st_in.st_ino, st_in.st_rdev)


def describe_os_error(exc: OSError, path: str) -> str:
    """One line for an ``OSError``: ``path: No such file or directory``."""
    reason = exc.strerror or str(exc)
    return f"{path}: {reason}"


def same_file(a: str | int, b: str | int) -> bool:
    """True if paths/file descriptors ``a`` and ``b`` are the same existing file."""
    try:
        sa = os.fstat(a) if isinstance(a, int) else os.stat(a)
        sb = os.fstat(b) if isinstance(b, int) else os.stat(b)
    except OSError:
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino) and stat.S_ISREG(sa.st_mode)


class AtomicOutput:
    """A binary output file that appears complete or not at all.

    Use as a context manager: on a clean exit the data replaces ``path`` atomically;
    on any exception (also ``KeyboardInterrupt``) the temporary file is removed and
    ``path`` is untouched. Symlinks are followed: the file they point to is replaced.
    Non-regular targets (devices, FIFOs) are opened and written once the output is complete.
    """

    HOLD_MEMORY_BYTES = 1 << 20
    """Output for a non-regular target kept in memory before it spills to a temporary file (the
    1 MiB JSON Lines chunk of :mod:`textmend.batch`, as :data:`textmend.output.HOLD_MEMORY_BYTES`)."""

    TEMP_SUFFIX = ".textmend-tmp"

    def __init__(self, path: str) -> None:
        self.path = path
        self.target = os.path.realpath(path)
        self.temp_path: str | None = None
        self.handle: BinaryIO | None = None
        self.direct = False
        """The target is not a regular file: ``handle`` holds the output until :meth:`_commit`."""

    def __enter__(self) -> BinaryIO:
        try:
            st = os.stat(self.target)
        except FileNotFoundError:
            st = None
        except OSError as exc:
            raise InputError(describe_os_error(exc, self.path)) from None
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise InputError(NOT_A_FILE.format(where=self.path))
        try:
            if st is not None and not stat.S_ISREG(st.st_mode):
                self.direct = True
                self.handle = tempfile.SpooledTemporaryFile(max_size=self.HOLD_MEMORY_BYTES)  # type: ignore[assignment]
                return self.handle
            directory, name = os.path.split(self.target)
            fd, self.temp_path = tempfile.mkstemp(
                prefix=f".{name}.", suffix=self.TEMP_SUFFIX, dir=directory or "."
            )
            self.handle = os.fdopen(fd, "wb")
            if st is not None:
                os.chmod(self.temp_path, stat.S_IMODE(st.st_mode))
                if hasattr(os, "chown") and (st.st_uid, st.st_gid) != _owner(self.temp_path):
                    try:
                        os.chown(self.temp_path, st.st_uid, st.st_gid)
                    except OSError:
                        pass  # not allowed to give it away: keep our ownership
            else:
                os.chmod(self.temp_path, 0o666 & ~_umask())
        except BaseException as exc:
            self._discard()
            if isinstance(exc, OSError):
                raise InputError(describe_os_error(exc, self.path)) from None
            raise
        return self.handle

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self._discard()
            if isinstance(exc, OSError):  # a failed write (disk full, I/O error): name the file
                raise InputError(describe_os_error(exc, self.path)) from None
            return
        try:
            self._commit()
        except BaseException as error:
            self._discard()
            if isinstance(error, OSError):
                raise InputError(describe_os_error(error, self.path)) from None
            raise

    def _commit(self) -> None:
        assert self.handle is not None
        handle, self.handle = self.handle, None
        if self.direct:  # a device or FIFO: the output is complete, write it now
            with handle:
                handle.seek(0)
                with open(self.target, "wb") as target:
                    shutil.copyfileobj(handle, target)
            return
        try:
            handle.flush()
            if self.temp_path is not None:
                os.fsync(handle.fileno())
        finally:
            handle.close()
        if self.temp_path is not None:
            os.replace(self.temp_path, self.target)
            self.temp_path = None
            _fsync_directory(os.path.dirname(self.target))

    def _discard(self) -> None:
        handle, self.handle = self.handle, None
        if handle is not None:
            try:
                handle.close()
            except OSError:
                pass
        temp, self.temp_path = self.temp_path, None
        if temp is not None:
            try:
                os.unlink(temp)
            except FileNotFoundError:
                pass


def _owner(path: str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_uid, st.st_gid


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_directory(directory: str) -> None:
    """Make the rename durable; best effort (not every platform allows it)."""
    try:
        fd = os.open(directory or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


READ_ONLY = "{path}: file is read-only; make it writable (chmod u+w) to repair it in place"
CHANGED = "{path}: file changed since it was read; not overwritten (run textmend again)"


def rewrite_in_place(path: str, original: bytes, data: bytes) -> str | None:
    """Replace the contents of ``path`` (read as ``original``) with ``data``.

    Refuses (``InputError``) a read-only file and a file whose bytes are no longer
    ``original`` (changed by someone else since it was read). A file with one link is
    replaced atomically (:class:`AtomicOutput`); a hard-linked file is rewritten through
    its own inode, so every link sees the repair; that write is not atomic, and the
    returned note says so (otherwise ``None``).
    """
    try:
        st = os.stat(path)
        if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            raise InputError(READ_ONLY.format(path=path))
        if not os.access(path, os.W_OK):  # the real reason (EACCES, EPERM for chattr +i), unchanged file
            open(path, "ab").close()
        with open(path, "rb") as handle:
            current = handle.read()
    except OSError as exc:
        raise InputError(describe_os_error(exc, path)) from None
    if current != original:
        raise InputError(CHANGED.format(path=path))
    if st.st_nlink <= 1 or not stat.S_ISREG(st.st_mode):
        with AtomicOutput(path) as out:
            out.write(data)
        return None
    try:
        with open(path, "r+b") as handle:
            handle.write(data)
            handle.truncate()
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise InputError(describe_os_error(exc, path)) from None
    return f"{path}: has {st.st_nlink} hard links; rewritten through them (not atomically) to keep them"
