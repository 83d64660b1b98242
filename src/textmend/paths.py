"""Which files a command works on: directories expanded as ruff and black expand them.

One job: turn the command line's FILE arguments into a list of input paths.

- A file named on the command line is always used, whatever ``--include`` says
  (``-`` is standard input).
- A directory is walked recursively, in sorted order (the same list on every run).
  Files matching an ``--include`` glob are used (a glob without ``/`` is tried on the name,
  one with ``/`` on the path relative to the directory); hidden files and directories
  (``.git``, ``.venv``) and anything matching an ``--exclude`` glob (tried on the relative
  path, the name and the full path, as given, normalised, absolute or from the working
  directory: ``./d/sub``, ``d/sub/`` and ``d/sub`` are one path) are not. A leading ``**/`` also matches no directory
  at all, as in ruff and ``.gitignore``.
- Symlinked directories are not followed (no loops); a symlinked file found in a walk is used
  only if it resolves inside the walked directory (as black does), so ``--in-place`` never
  rewrites a file outside it. A symlink named on the command line is followed.
- Each file is used once, at its first name: names that resolve to the same path
  (``d d/a.txt ./d/a.txt``, a file and a symlink to it) are one input, as in black.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Sequence

DEFAULT_INCLUDE = ("*.txt", "*.text")
"""Files picked from a directory by default (``--jsonl``: :data:`JSONL_INCLUDE`). HTML and
Markdown need ``--include`` with the matching ``--input-format``, so a walk never reads
markup as plain text."""
JSONL_INCLUDE = ("*.jsonl", "*.ndjson")
STDIN_PATHS = ("-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0")

EMPTY_DIRECTORY = "{path}: is a directory with no files to check (include: {include}); see --include"
STDIN_TWICE = "standard input is named more than once ({paths}): it can be read only once"


class PathError(ValueError):
    """A FILE argument gives nothing to work on; the message is one line."""


def expand(paths: Iterable[str], include: Sequence[str], exclude: Sequence[str]) -> list[str]:
    """Files to work on, in order: named files as given, directories walked (sorted).

    Raises :class:`PathError` for a directory with no file to check, and for standard input named
    more than once (``-``, ``/dev/stdin``, ...): the second read would find it empty and report
    it clean."""
    paths = list(paths)
    stdin = [p for p in paths if p in STDIN_PATHS]
    if len(stdin) > 1:
        raise PathError(STDIN_TWICE.format(paths=" ".join(stdin)))
    out: list[str] = []
    for path in paths:
        if path != "-" and os.path.isdir(path):
            found = list(_walk(path, include, exclude))
            if not found:
                raise PathError(EMPTY_DIRECTORY.format(path=path, include=" ".join(include)))
            out.extend(found)
        else:
            out.append(path)
    return _unique(out)


def _unique(paths: Iterable[str]) -> list[str]:
    """``paths`` without repeats of one resolved path, in first-seen order (standard input,
    which :func:`expand` allows once, is kept as it is)."""
    seen: set[str] = set()
    out = []
    for path in paths:
        if path not in STDIN_PATHS:
            resolved = os.path.realpath(path)
            if resolved in seen:
                continue
            seen.add(resolved)
        out.append(path)
    return out


def _walk(top: str, include: Sequence[str], exclude: Sequence[str]) -> Iterable[str]:
    real_top = os.path.realpath(top)
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not _excluded(os.path.join(root, d), top, exclude))
        for name in sorted(files):
            full = os.path.join(root, name)
            if _excluded(full, top, exclude) or not _inside(full, real_top):
                continue
            relative = os.path.relpath(full, top)
            if any(_matches(relative, name, pattern) for pattern in include):
                yield full


def _inside(path: str, real_top: str) -> bool:
    """True if ``path`` resolves (symlinks followed) to ``real_top`` or below it."""
    return os.path.commonpath([os.path.realpath(path), real_top]) == real_top


def _excluded(path: str, top: str, exclude: Sequence[str]) -> bool:
    name = os.path.basename(path)
    if name.startswith("."):
        return True
    if not exclude:
        return False
    relative = os.path.relpath(path, top)
    # './d/sub', 'd/sub' (from the working directory, as ruff reads a relative glob), '/home/.../d/sub'
    spellings = {path, os.path.normpath(path), os.path.abspath(path), os.path.relpath(path)}
    return any(
        fnmatch.fnmatch(relative, p)
        or any(fnmatch.fnmatch(full, p) or fnmatch.fnmatch(full, os.path.normpath(p)) for full in spellings)
        or _matches(relative, name, p)
        for p in exclude
    )


def _matches(relative: str, name: str, pattern: str) -> bool:
    """A glob without ``/`` matches the name, one with ``/`` the relative path; ``**/x`` also
    matches ``x`` (no directory), as in ruff and ``.gitignore``."""
    if pattern.startswith("**/") and _matches(relative, name, pattern[3:]):
        return True
    return fnmatch.fnmatch(relative if "/" in pattern else name, pattern)


def reads_stdin(path: str) -> bool:
    """True if opening ``path`` reads this process's standard input (``/dev/stdin``, ``-``,
    or the file or pipe that fd 0 is)."""
    if path in STDIN_PATHS:
        return True
    try:
        a, b = os.stat(path), os.fstat(0)
    except (OSError, ValueError):
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)
