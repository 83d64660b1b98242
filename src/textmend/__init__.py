"""textmend: find and repair synonym-spun text.

>>> import textmend
>>> textmend.repair("He is the first North Korean prisoner of warfare.").text
'He is the first North Korean prisoner of war.'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .api import detect, repair, score
from .config import Config
from .model import Edit, Evidence, Region, Result, apply_edits

if TYPE_CHECKING:
    from .markup import repair_html, repair_markdown, repair_markup

_MARKUP = ("repair_html", "repair_markdown", "repair_markup")
"""Imported from ``textmend.markup`` on first use: a plain repair needs no HTML parser."""

__all__ = ["Config", "Edit", "Evidence", "Region", "Result", "__version__", "apply_edits", "detect", "repair", "repair_html", "repair_markdown", "repair_markup", "score"]

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    """The markup front doors (:data:`_MARKUP`), imported when first asked for."""
    if name in _MARKUP:
        from . import markup

        value = getattr(markup, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_MARKUP})
