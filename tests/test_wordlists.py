"""The spin lexicon: sources, build command and the compiled file the engine loads.

Tests that rebuild from ``wordlists/`` need the ``build`` extra (wordfreq, lemminflect,
symspellpy) and skip cleanly without it; the WordNet regeneration check also needs
/usr/share/wordnet (Debian ``wordnet-base``). The rest read the shipped file only.
"""

from __future__ import annotations

import base64
import gzip
import importlib.util
import json
import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from textmend.lexicon import parse_lexicon

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
WORDLISTS = ROOT / "wordlists"
SHIPPED = ROOT / "src" / "textmend" / "data" / "lexicon.json.gz"
CORPUS = ROOT.parent / "shared" / "corpus" / "news-dev.jsonl"
WORDNET = Path("/usr/share/wordnet")
PACKS = {"general", "news", "science"}


def _need_build_packages() -> None:
    for name in ("wordfreq", "lemminflect", "symspellpy"):
        pytest.importorskip(name, reason=f"{name} (pip install -e '.[build]') is needed to rebuild")


@lru_cache(maxsize=None)
def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, mod)
    spec.loader.exec_module(mod)
    return mod


@lru_cache(maxsize=None)
def shipped() -> dict:
    return json.loads(gzip.decompress(SHIPPED.read_bytes()))


def best(spun: str, original: str | None = None) -> list | None:
    for cand in shipped()["spins"].get(spun, []):
        if original is None or cand[0] == original:
            return cand
    return None


# ----------------------------------------------------------------- staleness, determinism


@pytest.fixture(scope="module")
def rebuilt() -> bytes:
    _need_build_packages()
    bw = _script("build_wordlists")
    lexicon, _stats = bw.build(WORDLISTS)
    return bw.dumps(lexicon)


def test_shipped_lexicon_is_not_stale(rebuilt):
    assert rebuilt == SHIPPED.read_bytes(), (
        "src/textmend/data/lexicon.json.gz is stale against wordlists/: "
        "run python scripts/build_wordlists.py"
    )


def test_build_is_deterministic(rebuilt):
    bw = _script("build_wordlists")
    again, _ = bw.build(WORDLISTS)
    assert bw.dumps(again) == rebuilt
    assert rebuilt[4:8] == b"\0\0\0\0", "gzip mtime must be 0"


def test_build_command_check_mode(tmp_path):
    _need_build_packages()
    out = tmp_path / "lexicon.json.gz"
    cmd = [sys.executable, str(SCRIPTS / "build_wordlists.py"), "-o", str(out)]
    assert subprocess.run(cmd, capture_output=True).returncode == 0
    assert out.read_bytes() == SHIPPED.read_bytes()
    assert subprocess.run(cmd + ["--check"], capture_output=True).returncode == 0
    out.write_bytes(b"stale")
    assert subprocess.run(cmd + ["--check"], capture_output=True).returncode == 1


@pytest.mark.skipif(not WORDNET.is_dir(), reason="WordNet database (Debian wordnet-base) not installed")
def test_generated_sources_are_reproducible(tmp_path):
    _need_build_packages()
    cmd = [sys.executable, str(SCRIPTS / "propose_entries.py"), "--out", str(tmp_path)]
    subprocess.run(cmd, check=True, capture_output=True)
    for name in ("news.generated.tsv", "science.generated.tsv", "idioms.generated.txt",
                 "alternatives.generated.tsv"):
        assert (tmp_path / name).read_bytes() == (WORDLISTS / name).read_bytes(), (
            f"wordlists/{name} differs from what scripts/propose_entries.py generates"
        )


# ----------------------------------------------------------------------------- validators


def _build_errors(tmp_path: Path, general: str, idioms: str = "") -> list[str]:
    _need_build_packages()
    bw = _script("build_wordlists")
    (tmp_path / "general.tsv").write_text(general, encoding="utf-8")
    if idioms:
        (tmp_path / "idioms.txt").write_text(idioms, encoding="utf-8")
    with pytest.raises(bw.BuildError) as info:
        bw.build(tmp_path)
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
    errors = _build_errors(tmp_path, "# header comment\n" + lines)
    assert any(f"general.tsv:{line_no}:" in e and message in e for e in errors), errors


def test_bad_idiom_names_file_and_line(tmp_path):
    errors = _build_errors(tmp_path, "also\tadditionally\tADV\trisky\texact\n", "# x\nprisoner\n")
    assert any("idioms.txt:2:" in e and "2-4 tokens" in e for e in errors), errors


def test_build_command_exits_non_zero_on_errors(tmp_path):
    _need_build_packages()
    (tmp_path / "general.tsv").write_text("also\talso\tADV\trisky\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(SCRIPTS / "build_wordlists.py"), "--wordlists", str(tmp_path),
         "-o", str(tmp_path / "out.json.gz")],
        capture_output=True, text=True,
    )
    assert proc.returncode != 0
    assert "general.tsv:1:" in proc.stderr
    assert not (tmp_path / "out.json.gz").exists()


def test_drop_and_override(tmp_path):
    _need_build_packages()
    bw = _script("build_wordlists")
    (tmp_path / "news.generated.tsv").write_text(
        "soldier\ttrooper\tNOUN\tmedium\nsoldier\tmilitary man\tNOUN\trisky\nwar\twarfare\tNOUN\tmedium\n",
        encoding="utf-8")
    (tmp_path / "news.tsv").write_text(
        "soldier\ttrooper\tNOUN\tstrong\nwar\twarfare\tNOUN\tdrop\n", encoding="utf-8")
    lexicon, _ = bw.build(tmp_path)
    assert lexicon["spins"]["troopers"][0][:2] == ["soldiers", "news"]
    assert lexicon["spins"]["troopers"][0][3] >= 0.85
    assert "military man" not in lexicon["spins"]  # curated original replaces generated ones
    assert "warfare" not in lexicon["spins"]  # dropped


# ----------------------------------------------------------------------------- expansion


@pytest.mark.parametrize(
    "spun, original",
    [
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
    ],
)
def test_expanded_forms_are_in_the_table(spun, original):
    assert best(spun, original) is not None, f"{spun!r} -> {original!r} missing"


def test_exact_entries_do_not_inflect():
    assert best("states", "says") is None
    assert best("state", "say") is None
    assert best("says") is None or all(c[0] != "say" for c in shipped()["spins"]["says"])


# ----------------------------------------------------------------------------- format


def test_format_matches_architecture():
    lex = shipped()
    assert lex["format"] == "textmend-lexicon" and lex["version"] == 2
    assert set(lex) == {"format", "version", "sources", "spins", "idioms", "zipf", "bigrams", "collocations"}
    assert {"wordfreq", "lemminflect", "wordnet"} <= set(lex["sources"])
    word = re.compile(r"^\w+(?:['’-]\w+)*$")
    for spun, cands in lex["spins"].items():
        toks = spun.split(" ")
        assert spun == spun.lower() and 1 <= len(toks) <= 4 and all(word.match(t) for t in toks), spun
        assert cands, spun
        strengths = [c[3] for c in cands]
        assert strengths == sorted(strengths, reverse=True), spun
        for original, pack, pos, strength in cands:
            assert original == original.lower() and original != spun
            assert pack in PACKS and isinstance(pos, str)
            assert 0.0 <= strength <= 1.0
    for idiom in lex["idioms"]:
        assert 2 <= len(idiom.split(" ")) <= 4 and idiom == idiom.lower()
    words = {t for s, cs in lex["spins"].items() for p in [s, *(c[0] for c in cs)] for t in p.split()}
    words |= {t for p in lex["idioms"] for t in p.split()}
    assert words <= set(lex["zipf"])
    assert all(len(k.split(" ")) == 2 and round(v, 2) == v for k, v in lex["bigrams"].items())
    table = lex["collocations"]
    vocabulary = table["words"]
    assert set(table) == {"words", "keys", "counts", "alternatives"}
    assert vocabulary == sorted(set(vocabulary)) and all(word.match(w) for w in vocabulary)
    counts = parse_lexicon(SHIPPED.read_bytes()).collocations.counts
    assert len(counts) == len(base64.b64decode(table["counts"])) == len(base64.b64decode(table["keys"])) // 4
    assert all(0 <= key < len(vocabulary) ** 2 for key in counts)
    assert all(50 <= count <= 120 for count in counts.values())  # tenths of log10 counts
    in_bigrams = {i for key in counts for i in divmod(key, len(vocabulary))}
    for form, alternatives in table["alternatives"].items():
        assert word.match(form) and form == form.lower()
        assert alternatives and len(alternatives) == len(set(alternatives)) <= 5
        assert set(alternatives) <= in_bigrams, form  # an alternative with no bigram could never break one
    # the sense-blind swaps of the brief can be seen: "spy company", "phone companionship"
    ids = {w: i for i, w in enumerate(vocabulary)}
    for spun, original in (("companionship", "company"), ("warfare", "war"), ("clock", "time")):
        assert ids[original] in table["alternatives"][spun], (spun, original)
    assert SHIPPED.stat().st_size < 5_000_000


# ----------------------------------------------------------------------------- acceptance


def test_count_thresholds():
    spins = shipped()["spins"]
    gn_originals, gn_spun, sci_originals = set(), set(), set()
    for spun, cands in spins.items():
        for original, pack, _pos, _s in cands:
            if pack in ("general", "news"):
                gn_originals.add(original)
                gn_spun.add(spun)
            else:
                sci_originals.add(original)
    assert len(gn_originals) >= 3000
    assert len(gn_spun) >= 8000
    assert len(sci_originals) >= 1000


@pytest.mark.parametrize("spun, original", [("troopers", "soldiers"), ("despatched", "sent"),
                                            ("faux", "fake"), ("spy company", "spy agency"),
                                            ("prisoner of warfare", "prisoner of war")])
def test_strong_evidence_is_strong(spun, original):
    assert best(spun, original)[3] >= 0.85


@pytest.mark.parametrize("spun", ["area", "company"])
def test_forms_commoner_than_their_original_are_weak(spun):
    """ "area" is far commoner than "region": even in spun text it is mostly itself."""
    assert all(c[3] < 0.1 for c in shipped()["spins"][spun]), shipped()["spins"][spun]


@pytest.mark.parametrize("spun", ["stated", "informed", "additionally", "whereas", "primary",
                                  "individuals", "analysis", "in line with"])
def test_everyday_words_are_not_strong_alone(spun):
    """Everyday words may be likely spins inside spun text (strength is conditional on a
    spun document), but they are never marked strong: clean text is protected by the
    engine's document score, checked on the clean corpus in test_clean_corpus.py."""
    spins = shipped()["spins"][spun]
    assert all(c[3] <= 0.95 for c in spins), spins
    _need_build_packages()
    parse = _script("build_wordlists").parse_entries
    entries = [e for pack in ("general", "news") for e in parse(WORDLISTS / f"{pack}.tsv", pack, curated=True)[0]]
    assert any(e.spun == spun for e in entries), spun
    assert all(e.risk != "strong" for e in entries if e.spun == spun)


@pytest.mark.skipif(not CORPUS.exists(), reason="clean news corpus (../shared/corpus) not present")
def test_strong_forms_are_rare_in_clean_news():
    """Do no harm: forms the curators marked strong (strength >= STRONG_FLOOR, which
    nothing else reaches) barely occur in clean BBC text."""
    spins = shipped()["spins"]
    floor = _script("build_wordlists").STRONG_FLOOR
    strong = {k for k, cs in spins.items() if cs[0][3] >= floor}
    assert len(strong) > 100
    token = re.compile(r"\w+(?:['’-]\w+)*")
    hits = words = 0
    with open(CORPUS, encoding="utf-8") as fh:
        for line in fh:
            toks = [t.lower() for t in token.findall(json.loads(line)["text"])]
            words += len(toks)
            for n in range(1, 5):
                for i in range(len(toks) - n + 1):
                    if " ".join(toks[i:i + n]) in strong:
                        hits += 1
    assert 1000 * hits / words < 0.05, f"{hits} strong spun forms in {words} clean words"
