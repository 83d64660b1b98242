"""textmend: find and repair synonym-spun text.

>>> import textmend
>>> textmend.repair("He is the first North Korean prisoner of warfare.").text
'He is the first North Korean prisoner of war.'

Importing the package loads nothing: each name of :data:`__all__` is imported from its module on
first use (PEP 562), so ``import textmend`` costs nothing until the first repair, and the
``textmend`` command can take over Ctrl-C before its heavy imports start (:mod:`textmend.__main__`).
"""

from __future__ import annotations

import sys
from types import ModuleType

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (type checkers know the name)
if TYPE_CHECKING:
    from .api import detect, repair, score
    from .config import Config
    from .markup import repair_html, repair_markdown, repair_markup
    from .model import Edit, Evidence, Region, Result, apply_edits

_LAZY = {
    "detect": "api", "repair": "api", "score": "api",
    "Config": "config",
    "Edit": "model", "Evidence": "model", "Region": "model", "Result": "model", "apply_edits": "model",
    "repair_html": "markup", "repair_markdown": "markup", "repair_markup": "markup",
}  # fmt: skip
"""Each public name and the module it is imported from when first asked for (a plain repair needs
no HTML parser, and ``import textmend`` needs neither numpy nor the data)."""

__all__ = ["Config", "Edit", "Evidence", "Region", "Result", "__version__", "apply_edits", "detect", "repair", "repair_html", "repair_markdown", "repair_markup", "score"]

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    """The public names (:data:`_LAZY`), imported when first asked for."""
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


class _Package(ModuleType):
    """This package's module type. Importing a submodule sets it as an attribute of its package; the
    submodule ``textmend.detect`` must not hide the function ``textmend.detect`` that way (as it
    could not when this module imported :mod:`textmend.api` first)."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in _LAZY and isinstance(value, ModuleType):
            return  # the submodule stays reachable in sys.modules and by ``from textmend.detect import``
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
