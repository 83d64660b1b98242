"""The curated and generated spin packs of ``wordlists/``: parser, validation, expansion.

``scripts/wordlists.py`` reads them for ``scripts/build_channel.py`` (the channel's
``curated`` and ``generated`` sources). Tests that expand need the ``build`` extra
(wordfreq, lemminflect) and skip cleanly without it; the regeneration check also needs
symspellpy and /usr/share/wordnet (Debian ``wordnet-base``).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from textmend.channel import get_channel

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
WORDLISTS = ROOT / "wordlists"
WORDNET = Path("/usr/share/wordnet")


def _need_build_packages(*extra: str) -> None:
    for name in ("wordfreq", "lemminflect", *extra):
        pytest.importorskip(name, reason=f"{name} (pip install -e '.[build]') is needed to expand")


@lru_cache(maxsize=None)
def _script(name: str):
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, mod)
    spec.loader.exec_module(mod)
    return mod


def _pairs(directory: Path) -> dict[tuple[str, str], set[str]]:
    """(spun, original) -> the packs holding it, after merging and expansion."""
    out: dict[tuple[str, str], set[str]] = {}
    for entry, pairs in _script("wordlists").expanded_packs(directory):
        for original, spun in pairs:
            out.setdefault((spun, original), set()).add(entry.pack)
    return out


@pytest.fixture(scope="module")
def expanded() -> dict[tuple[str, str], set[str]]:
    _need_build_packages()
    return _pairs(WORDLISTS)


# ----------------------------------------------------------------------------- generated


@pytest.mark.skipif(not WORDNET.is_dir(), reason="WordNet database (Debian wordnet-base) not installed")
def test_generated_sources_are_reproducible(tmp_path):
    _need_build_packages("symspellpy")
    cmd = [sys.executable, str(SCRIPTS / "propose_entries.py"), "--out", str(tmp_path)]
    subprocess.run(cmd, check=True, capture_output=True)
    for name in ("news.generated.tsv", "science.generated.tsv", "idioms.generated.txt"):
        assert (tmp_path / name).read_bytes() == (WORDLISTS / name).read_bytes(), (
            f"wordlists/{name} differs from what scripts/propose_entries.py generates"
        )


# ----------------------------------------------------------------------------- validators


def _errors(tmp_path: Path, general: str) -> list[str]:
    _need_build_packages()
    wordlists = _script("wordlists")
    (tmp_path / "general.tsv").write_text(general, encoding="utf-8")
    with pytest.raises(wordlists.BuildError) as info:
        wordlists.expanded_packs(tmp_path)
    return info.value.errors


@pytest.mark.parametrize(
    "lines, line_no, message",
    [
        ("also\taddytionalqx\tADV\trisky\texact\n", 2, "not a known English word"),
        ("also\talso\tADV\trisky\texact\n", 2, "maps to itself"),
        ("also\tadditionally\tADV\trisky\texact\nalso\tadditionally\tADV\trisky\texact\n", 3, "duplicate"),
        ("also\tadditionally\tADV\trisky\texact\nalso\tadditionally\tADV\tstrong\texact\n", 3, "contradictory"),
        ("while\twhereas\tCONJ\trisky\nwhereas\twhile\tCONJ\trisky\n", 3, "reverses"),
        ("also\tadditionally\tADV\n", 2, "columns"),
        ("also\tadditionally\tADVERB\trisky\n", 2, "unknown POS"),
        ("also\tadditionally\tADV\tmaybe\n", 2, "unknown risk"),
        ("also\tadditionally\tADV\trisky\tsometimes\n", 2, "unknown flag"),
        ("fighting\tcombat\tVERB\tmedium\n", 2, "different inflections"),
        ("a b c d e\tf\tPHRASE\trisky\n", 2, "1-4 tokens"),
    ],
)
def test_bad_entries_name_file_and_line(tmp_path, lines, line_no, message):
    errors = _errors(tmp_path, "# header comment\n" + lines)
    assert any(f"general.tsv:{line_no}:" in e and message in e for e in errors), errors


def test_bad_idiom_names_file_and_line(tmp_path):
    (tmp_path / "idioms.txt").write_text("# x\nprisoner\nprisoner of war\n", encoding="utf-8")
    idioms, errors = _script("wordlists").parse_idioms(tmp_path / "idioms.txt")
    assert [phrase for phrase, _ in idioms] == ["prisoner of war"]
    assert any("idioms.txt:2:" in e and "2-4 tokens" in e for e in errors), errors


def test_build_channel_exits_2_on_a_bad_pack_and_writes_nothing(tmp_path):
    _need_build_packages("rapidfuzz")
    (tmp_path / "general.tsv").write_text("also\talso\tADV\trisky\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, str(SCRIPTS / "build_channel.py"), "--wordlists", str(tmp_path), "-o", str(out)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 2, proc.stderr
    assert "general.tsv:1:" in proc.stderr and "maps to itself" in proc.stderr
    assert not out.exists()


def test_drop_and_override(tmp_path):
    _need_build_packages()
    (tmp_path / "news.generated.tsv").write_text(
        "soldier\ttrooper\tNOUN\tmedium\nsoldier\tmilitary man\tNOUN\trisky\nwar\twarfare\tNOUN\tmedium\n",
        encoding="utf-8")
    (tmp_path / "news.tsv").write_text(
        "soldier\ttrooper\tNOUN\tstrong\nwar\twarfare\tNOUN\tdrop\n", encoding="utf-8")
    entries = _script("wordlists").expanded_packs(tmp_path)
    assert [(e.original, e.spun, e.curated) for e, _ in entries] == [("soldier", "trooper", True)]
    pairs = _pairs(tmp_path)
    assert pairs[("troopers", "soldiers")] == {"news"}
    assert not any(spun == "military man" for spun, _ in pairs)  # curated original replaces generated ones
    assert not any(spun == "warfare" for spun, _ in pairs)  # dropped


# ----------------------------------------------------------------------------- expansion


EXPANDED = [
    ("troopers", "soldiers"),
    ("trooper", "soldier"),
    ("stated", "said"),
    ("combating", "fighting"),
    ("despatched", "sent"),
    ("informed", "told"),
    ("in line with", "according to"),
    ("prisoner of warfare", "prisoner of war"),
    ("spy company", "spy agency"),
    ("profound learning", "deep learning"),
    ("neural organizations", "neural networks"),
]


@pytest.mark.parametrize("spun, original", EXPANDED)
def test_expanded_forms_are_in_the_packs(expanded, spun, original):
    assert (spun, original) in expanded, f"{spun!r} -> {original!r} missing"


@pytest.mark.parametrize("spun, original", EXPANDED)
def test_the_shipped_channel_holds_them_from_the_packs(spun, original):
    sources = {s for e in get_channel().candidates(spun) if e.original == original for s in e.sources}
    assert sources & {"curated", "generated"}, f"{spun!r} -> {original!r}: {sources}"


def test_exact_entries_do_not_inflect(expanded):
    assert ("states", "says") not in expanded
    assert ("state", "say") not in expanded
    assert ("says", "say") not in expanded


def test_count_thresholds(expanded):
    gn_originals = {o for (_s, o), packs in expanded.items() if packs & {"general", "news"}}
    gn_spun = {s for (s, _o), packs in expanded.items() if packs & {"general", "news"}}
    sci_originals = {o for (_s, o), packs in expanded.items() if "science" in packs}
    assert len(gn_originals) >= 3000
    assert len(gn_spun) >= 8000
    assert len(sci_originals) >= 1000
