"""Make ``help()`` on the NamedTuple records show what each field means.

One job: copy each field's attribute docstring (the string literal written under the
field in the class body) onto the field's accessor, which ``typing.NamedTuple`` leaves as
"Alias for field number N", and give the class a signature whose annotations print as
written (``evidence: Evidence | None = None``, not ``'Evidence | None'``).

The docstrings are read from the source of the class's module with :mod:`ast`, once, at
import: one parse of each module (``inspect.getsource`` of each class parsed the whole module
and tokenized the class again, ~10 ms of each import); if the source is not available (a zipped
or byte-code-only install) nothing changes.
"""

from __future__ import annotations

import ast
import contextlib
import inspect
import sys
from typing import Any


class _Written:
    """An annotation that ``inspect`` prints exactly as it was written in the source."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def field_docstrings(cls: type, tree: ast.Module | None = None) -> dict[str, str]:
    """``{field: docstring}`` for the fields of ``cls`` that have one (empty if no source);
    ``tree``: the parsed source of ``cls``'s module (:func:`module_tree`), if at hand."""
    tree = module_tree(cls.__module__) if tree is None else tree
    body: list[ast.stmt] = tree.body if tree is not None else []
    for name in cls.__qualname__.split("."):  # down to the class, through any enclosing class
        node = next((n for n in body if isinstance(n, ast.ClassDef) and n.name == name), None)
        if node is None:
            return {}
        body = node.body
    docs: dict[str, str] = {}
    for field, after in zip(body, body[1:]):
        if (
            isinstance(field, ast.AnnAssign)
            and isinstance(field.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[field.target.id] = inspect.cleandoc(after.value.value)
    return docs


def module_tree(name: str) -> ast.Module | None:
    """The parsed source of the imported module ``name`` (None if it has no readable source)."""
    try:
        return ast.parse(inspect.getsource(sys.modules[name]))
    except (KeyError, OSError, TypeError, SyntaxError):
        return None


def document_fields(*classes: Any) -> None:
    """Give each NamedTuple class in ``classes`` field docs and a plain signature."""
    trees: dict[str, ast.Module | None] = {}
    for cls in classes:
        if cls.__module__ not in trees:
            trees[cls.__module__] = module_tree(cls.__module__)
        tree = trees[cls.__module__]
        for name, doc in (field_docstrings(cls, tree) if tree is not None else {}).items():
            try:
                getattr(cls, name).__doc__ = doc
            except (AttributeError, TypeError):
                pass
        annotations = getattr(cls, "__annotations__", {})
        with contextlib.suppress(AttributeError, TypeError):  # help() lists them: as written
            cls.__annotations__ = {k: getattr(v, "__forward_arg__", v) for k, v in annotations.items()}
        params = [
            inspect.Parameter(
                name,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                default=cls._field_defaults.get(name, inspect.Parameter.empty),
                annotation=_plain(annotations.get(name, inspect.Parameter.empty)),
            )
            for name in cls._fields
        ]
        cls.__signature__ = inspect.Signature(params)
        with contextlib.suppress(AttributeError, TypeError):
            first = inspect.Parameter("_cls", inspect.Parameter.POSITIONAL_OR_KEYWORD)
            cls.__new__.__signature__ = inspect.Signature([first, *params])


def _plain(annotation: Any) -> Any:
    """A string or ``ForwardRef`` annotation as an object that prints as written."""
    text = getattr(annotation, "__forward_arg__", annotation)
    return _Written(text) if isinstance(text, str) else annotation
