"""The wheel carries the attribution its CC BY and BSD data require (wordlists/SOURCES.md)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_package_ships_the_sources_file_as_written_in_wordlists() -> None:
    shipped = files("textmend").joinpath("data/SOURCES.md").read_text(encoding="utf-8")
    written = (ROOT / "wordlists" / "SOURCES.md").read_text(encoding="utf-8")
    assert shipped == written, "copy wordlists/SOURCES.md to src/textmend/data/SOURCES.md"
    assert "CC BY" in shipped and "BSD" in shipped
