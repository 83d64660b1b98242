"""The README's Python examples run as doctests (the wordfreq way), so they stay true."""

from __future__ import annotations

import doctest

import pytest

from .conftest import ROOT


def test_readme_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    failures, tried = doctest.testfile(
        str(ROOT / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS
    )
    assert tried > 0
    assert failures == 0


def test_package_docstring_example() -> None:
    import textmend

    failures, tried = doctest.testmod(textmend)
    assert tried > 0 and failures == 0
