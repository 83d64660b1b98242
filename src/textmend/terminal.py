"""What the CLI shows on a terminal: colour choice, safe names, display widths.

One job: text for people's terminals.

- :func:`use_color`: ``--color=always|never`` wins; with ``auto`` (the default),
  ``NO_COLOR`` (any non-empty value, https://no-color.org) turns colour off, then
  ``FORCE_COLOR`` (any non-empty value but ``0``) turns it on, else colour only when the
  stream is a terminal. The same order as ruff and pytest follow.
- :func:`escape`: control characters (newline and tab included), bidi controls and
  zero-width characters shown as ``\\n``/``\\u202e`` escapes, so a file name cannot drive
  the terminal or forge a line of output.
- :func:`width`: how many terminal columns a string takes (East Asian wide and
  full-width characters take 2, combining marks and zero-width characters 0), so the
  ``explain`` caret lines up under CJK text and emoji.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

import click

COLOR_CHOICES = ("auto", "always", "never")

_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def escape(s: str) -> str:
    """``s`` with every control, bidi and zero-width character as a Python escape."""
    return _UNSAFE_NAME.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), s)


def use_color(choice: str, stream: Any) -> bool:
    """Whether to colour output written to ``stream`` (see the module docstring)."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR")
    if force and force != "0":
        return True
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def char_width(ch: str) -> int:
    """Terminal columns one code point takes: 0, 1 or 2."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def width(s: str) -> int:
    """Terminal columns ``s`` takes (see :func:`char_width`)."""
    return sum(char_width(ch) for ch in s)


BIG_INPUT_BYTES = 1 << 20
"""A single input at least this big gets a progress bar too (it may take minutes)."""

CLEAR_LINE = "\r\x1b[K"


@contextlib.contextmanager
def progress(total: int | None, label: str, out: Any, *, show: bool = True) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr, only when stderr is a terminal and ``total`` is known.

    It never shares a line with results: before ``out`` (the :class:`~textmend.output.Stdout`)
    writes, the bar's line is cleared, and when the bar is done its line is cleared
    instead of being left on the screen.
    """
    stream = sys.stderr
    if not show or not total or stream is None or not _isatty(stream):
        yield lambda n: None
        return

    def clear() -> None:
        with contextlib.suppress(OSError, ValueError):
            stream.write(CLEAR_LINE)
            stream.flush()

    bar = click.progressbar(length=total, label=label, file=stream)

    def finish() -> None:  # instead of click's newline: leave an empty line for what follows
        with contextlib.suppress(OSError, ValueError):
            stream.write(CLEAR_LINE + "\x1b[?25h")
            stream.flush()

    bar.render_finish = finish  # type: ignore[method-assign]
    previous = out.before_flush
    out.before_flush = clear
    try:
        with bar:
            yield bar.update
    finally:
        out.before_flush = previous


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
