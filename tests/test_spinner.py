"""The benchmark spinner (benchmarks/spinner.py): gold offsets, inflection, case, seeds.

Most tests use tiny thesauri written here (MyThes and Aiksaurus formats), so they do not
depend on the system's mythes-en-us or libaiksaurus-1.2-data; the tests of the real
thesauri skip when their data file is absent.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

pytest.importorskip("lemminflect")
pytest.importorskip("wordfreq")

from benchmarks import spinner as spinner_module  # noqa: E402
from benchmarks.spinner import (  # noqa: E402
    ANY_POS,
    FUNCTION_SWAPS,
    THESAURI,
    THESAURUS_ENV,
    Aiksaurus,
    Spinner,
    SpunText,
    Thesaurus,
    indefinite_article,
    match_case,
    missing_requirements,
    thesaurus_name,
)

TINY = {
    "attack": ["(verb)|assault|defend (antonym)", "(noun)|assault"],
    "house": ["(noun)|home|building (generic term)"],
    "big": ["(adj)|large|enormous|small (antonym)"],
    "quickly": ["(adv)|rapidly"],
    "idea": ["(noun)|concept"],
    "capture": ["(verb)|seize"],
    "official": ["(noun)|functionary (generic term)"],
}


def write_thesaurus(directory: Path, entries: dict[str, list[str]]) -> Path:
    """A MyThes .dat/.idx pair for ``entries`` (word -> sense lines)."""
    dat = directory / "th_test.dat"
    body = b"UTF-8\n"
    index = []
    for word in sorted(entries):
        index.append(f"{word}|{len(body)}")
        senses = entries[word]
        body += f"{word}|{len(senses)}\n".encode()
        body += "".join(s + "\n" for s in senses).encode()
    dat.write_bytes(body)
    dat.with_suffix(".idx").write_text(f"UTF-8\n{len(index)}\n" + "\n".join(index) + "\n",
                                       encoding="utf-8")
    return dat


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Spinner:
    return Spinner(Thesaurus(write_thesaurus(tmp_path_factory.mktemp("th"), TINY)))


def assert_consistent(spun: SpunText) -> None:
    """Offsets are right, spans are ordered, and nothing outside them changed."""
    pos_spun = pos_orig = 0
    for sub in spun.subs:
        assert spun.text[sub.start : sub.end] == sub.spun
        assert spun.original[sub.orig_start : sub.orig_end] == sub.original
        assert sub.spun != sub.original
        assert sub.kind in ("content", "function", "number")
        # the stretch before this span is byte-identical in both texts
        assert sub.start - pos_spun == sub.orig_start - pos_orig
        assert spun.text[pos_spun : sub.start] == spun.original[pos_orig : sub.orig_start]
        pos_spun, pos_orig = sub.end, sub.orig_end
    assert spun.text[pos_spun:] == spun.original[pos_orig:]


TEXT = (
    "Attacks on the big house were reported. The house was attacked quickly, "
    "according to two officials, and an idea was captured.\r\n"
    "HOUSE prices rose. The White House said it had a big idea \U0001f600 about it."
)


def test_every_substitution_is_recorded_with_offsets(tiny: Spinner) -> None:
    spun = tiny.spin(TEXT, 1.0, seed=3)
    assert spun.subs
    assert_consistent(spun)
    # The emoji and CRLF are outside every span and survive unchanged.
    assert "\U0001f600" in spun.text and "\r\n" in spun.text


def test_rate_zero_changes_nothing(tiny: Spinner) -> None:
    spun = tiny.spin(TEXT, 0.0)
    assert spun.text == TEXT and spun.subs == ()


def test_keeps_inflection(tiny: Spinner) -> None:
    spun = tiny.spin(TEXT, 1.0, seed=3)
    pairs = {s.original: s.spun for s in spun.subs}
    assert pairs["Attacks"] == "Assaults"  # plural noun or 3rd person verb: both "assaults"
    assert pairs["attacked"] == "assaulted"
    assert pairs["captured"] == "seized"
    assert pairs["quickly"] == "rapidly"


def test_keeps_capitalisation_and_leaves_names(tiny: Spinner) -> None:
    spun = tiny.spin(TEXT, 1.0, seed=3)
    by_original = {s.original: s for s in spun.subs}
    assert by_original["Attacks"].spun[0].isupper()
    assert by_original["HOUSE"].spun == "HOME"
    assert spun.text.count("White House") == 1  # a mid-sentence capitalised word is a name
    assert "According" not in spun.text and "in line with" in spun.text
    assert match_case("Said", "stated") == "Stated" and match_case("UN", "x") == "X"


def test_content_swaps_record_their_part_of_speech(tiny: Spinner) -> None:
    spun = tiny.spin(TEXT, 1.0, seed=3)
    pos = {s.original: s.pos for s in spun.subs}
    assert pos["attacked"] == "VERB" and pos["quickly"] == "ADV"
    assert pos["two"] == "" and pos["according to"] == ""  # the table's swaps have none


def test_function_phrases_and_numbers(tiny: Spinner) -> None:
    spun = tiny.spin(TEXT, 1.0, seed=3)
    kinds = {s.original: (s.spun, s.kind) for s in spun.subs}
    assert kinds["according to"] == ("in line with", "function")
    assert kinds["two"] == ("2", "number")
    assert kinds["said"] == ("stated", "function")
    assert kinds["about"] == (FUNCTION_SWAPS["about"], "function")


def test_never_uses_antonyms(tiny: Spinner) -> None:
    for seed in range(20):
        spun = tiny.spin(TEXT, 1.0, seed=seed)
        assert not {"defend", "small", "smaller"} & {s.spun.lower() for s in spun.subs}


def test_article_follows_the_synonym(tiny: Spinner) -> None:
    text = "It was a big idea."
    seen = set()
    for seed in range(30):
        spun = tiny.spin(text, 1.0, seed=seed)
        assert_consistent(spun)
        for sub in spun.subs:
            if sub.spun.lower().endswith("enormous"):
                assert sub.spun == "an enormous" and sub.original == "a big"
                seen.add("an")
            elif sub.spun.lower().endswith("large"):
                assert sub.original == "big"
                seen.add("a")
    assert seen == {"a", "an"}
    assert indefinite_article("hour") == "an" and indefinite_article("unit") == "a"


def test_deterministic_by_seed_and_key(tiny: Spinner) -> None:
    assert tiny.spin(TEXT, 0.5, seed=1, key="a") == tiny.spin(TEXT, 0.5, seed=1, key="a")
    variants = {tiny.spin(TEXT, 0.5, seed=s, key="a").text for s in range(10)}
    assert len(variants) > 1


def test_rejects_bad_rate(tiny: Spinner) -> None:
    with pytest.raises(ValueError):
        tiny.spin(TEXT, 1.5)


# -- the real thesaurus ----------------------------------------------------------------------


PARAGRAPH = (
    "The government announced on Monday that it would increase spending on roads and "
    "schools, according to officials. Ministers said the plan was expected to create more "
    "than two thousand jobs in the region over the next three years. However, critics told "
    "reporters that the budget also relied on optimistic forecasts while prices were rising. "
    "Small businesses welcomed the decision, but warned that rising costs could still hurt "
    "their profits. The company's chief executive said sales had grown strongly."
)


@pytest.mark.parametrize("thesaurus", ["mythes", "aiksaurus"])
@pytest.mark.parametrize("rate", [0.15, 0.3, 0.6])
def test_real_thesaurus_spins_consistently(thesaurus: str, rate: float) -> None:
    from benchmarks.spinner import spin

    if missing_requirements(thesaurus):
        pytest.skip("; ".join(missing_requirements(thesaurus)))
    spun = spin(PARAGRAPH * 3, rate, seed=7, key="paragraph", thesaurus=thesaurus)
    assert_consistent(spun)
    content = [s for s in spun.subs if s.kind == "content"]
    assert content
    assert len(content) <= round(rate * spun.content_words)
    assert spin(PARAGRAPH * 3, rate, seed=7, key="paragraph", thesaurus=thesaurus) == spun
    other = {"mythes": "aiksaurus", "aiksaurus": "mythes"}[thesaurus]
    if not missing_requirements(other):  # a different source gives a different spin
        assert spin(PARAGRAPH * 3, rate, seed=7, key="paragraph", thesaurus=other) != spun


@pytest.mark.parametrize("thesaurus", ["mythes", "aiksaurus"])
def test_corpus_spins_touch_only_recorded_spans(thesaurus: str) -> None:
    from benchmarks.corpus import corpus_available, load_corpus
    from benchmarks.spinner import spin

    if missing_requirements(thesaurus):
        pytest.skip("; ".join(missing_requirements(thesaurus)))
    if not corpus_available():
        pytest.skip("development corpus not found")
    for doc in load_corpus(limit=60):
        for rate in (0.15, 0.3):
            spun = spin(doc.text, rate, seed=0, key=doc.id, thesaurus=thesaurus)
            assert_consistent(spun)
            content = sum(s.kind == "content" for s in spun.subs)
            assert content <= round(rate * spun.content_words)


# -- Aiksaurus ---------------------------------------------------------------------------------

# Meanings as Aiksaurus stores them: the first two words are the meaning's titles. Like the
# real data, meanings mix parts of speech and list no antonym notes.
TINY_AIKSAURUS = [
    ["attack", "assault", "bloodshed", "seize", "attack", "assault", "raid"],
    ["house", "home", "house", "home", "dwelling", "residential"],
    ["idea", "concept", "idea", "concept", "notion"],
    ["a:priori", "deductive", "a:priori", "deductive", "Conservative"],
    ["conservative", "cautious", "conservative", "cautious"],
]


def write_aiksaurus(directory: Path, meanings: list[list[str]]) -> Path:
    """``words.dat`` and ``meanings.dat`` in Aiksaurus's binary format for ``meanings``."""
    words = sorted({w for m in meanings for w in m}, key=lambda w: (w.lower(), w))
    index = {w: i for i, w in enumerate(words)}
    end = struct.pack(">H", 0xFFFF)

    def ids(values: list[int]) -> bytes:
        return b"".join(struct.pack(">H", v) for v in values) + end

    (directory / "words.dat").write_bytes(b"".join(
        w.encode("ascii") + b"\0" + ids([k for k, m in enumerate(meanings) if w in m[2:]])
        for w in words))
    (directory / "meanings.dat").write_bytes(b"".join(
        ids([index[m[0]], index[m[1]]] + sorted({index[w] for w in m[2:]}))
        for m in meanings))
    return directory


@pytest.fixture(scope="module")
def tiny_aiksaurus(tmp_path_factory: pytest.TempPathFactory) -> Aiksaurus:
    return Aiksaurus(write_aiksaurus(tmp_path_factory.mktemp("aik"), TINY_AIKSAURUS))


def test_aiksaurus_reader(tiny_aiksaurus: Aiksaurus) -> None:
    senses = tiny_aiksaurus.senses("attack")
    assert senses == ((ANY_POS, ("assault", "attack", "bloodshed", "raid", "seize")),)
    assert tiny_aiksaurus.senses("ATTACK") == senses
    # multi-word terms come back with spaces; titles appear only once, in the sorted list
    assert tiny_aiksaurus.senses("a priori") == (
        (ANY_POS, ("a priori", "Conservative", "deductive")),)
    # a lower-case entry wins over a capitalised one
    assert tiny_aiksaurus.senses("conservative") == (
        (ANY_POS, ("cautious", "conservative")),)
    assert tiny_aiksaurus.senses("unknown") == ()


AIK_TEXT = (
    "The house was attacked at dawn. Attacks on a house followed, and an idea was seized "
    "by officials.\r\nHOUSE prices rose \U0001f600 after the attack."
)


@pytest.fixture(scope="module")
def tiny_aik_spinner(tiny_aiksaurus: Aiksaurus) -> Spinner:
    return Spinner(tiny_aiksaurus)


def test_aiksaurus_spin_records_gold_and_keeps_the_rest(tiny_aik_spinner: Spinner) -> None:
    for seed in range(10):
        spun = tiny_aik_spinner.spin(AIK_TEXT, 1.0, seed=seed, key="aik")
        assert_consistent(spun)
        assert "\U0001f600" in spun.text and "\r\n" in spun.text
        content = {s.original: s.spun for s in spun.subs if s.kind == "content"}
        assert content["attacked"] in ("assaulted", "seized", "raided")
        assert content["house"] in ("home", "dwelling", "residential")  # "house wine"
        assert content["HOUSE"] in ("HOME", "DWELLING", "RESIDENTIAL")


def test_aiksaurus_filters_parts_of_speech(tiny_aik_spinner: Spinner) -> None:
    """Untagged meanings: only lemmas of the word's own part of speech, reinflected."""
    verb = {g: forms for g, forms, _ in tiny_aik_spinner._options("attacked")}[False]
    assert set(verb) == {"assaulted", "seized", "raided"}  # never "bloodshed"
    assert {pos for _, _, pos in tiny_aik_spinner._options("attacked")} == {"VERB"}
    # "house" is a noun, a verb and an adjective ("house wine") to lemminflect: one option
    # each, holding only the terms that can be that part of speech
    house = {frozenset(forms) for _, forms, _ in tiny_aik_spinner._options("house")}
    assert house == {frozenset({"home", "dwelling"}), frozenset({"home"}),
                     frozenset({"home", "residential"})}


def test_aiksaurus_spin_is_deterministic(tiny_aik_spinner: Spinner) -> None:
    first = tiny_aik_spinner.spin(AIK_TEXT, 0.5, seed=2, key="k")
    assert tiny_aik_spinner.spin(AIK_TEXT, 0.5, seed=2, key="k") == first
    assert len({tiny_aik_spinner.spin(AIK_TEXT, 0.5, seed=s, key="k").text
                for s in range(10)}) > 1


# -- choosing the thesaurus ------------------------------------------------------------------


def test_thesaurus_choice_by_argument_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(THESAURUS_ENV, raising=False)
    assert thesaurus_name() == "mythes"
    assert thesaurus_name("aiksaurus") == "aiksaurus"
    monkeypatch.setenv(THESAURUS_ENV, "aiksaurus")
    assert thesaurus_name() == "aiksaurus"
    assert thesaurus_name("mythes") == "mythes"  # an argument beats the environment
    with pytest.raises(ValueError, match="aiksaurus"):
        thesaurus_name("roget")


@pytest.mark.parametrize("name, package", [("mythes", "mythes-en-us"),
                                           ("aiksaurus", "libaiksaurus-1.2-data")])
def test_missing_requirements_names_the_package(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, package: str
) -> None:
    absent = THESAURI[name]._replace(files=(tmp_path / "absent.dat",))
    monkeypatch.setitem(THESAURI, name, absent)
    message = " ".join(missing_requirements(name))
    assert f"apt-get install {package}" in message
    monkeypatch.setenv(THESAURUS_ENV, name)
    assert missing_requirements() == missing_requirements(name)


needs_aiksaurus = pytest.mark.skipif(bool(missing_requirements("aiksaurus")),
                                     reason="needs apt-get install libaiksaurus-1.2-data")


@needs_aiksaurus
def test_real_aiksaurus_reader() -> None:
    aik = spinner_module.default_thesaurus("aiksaurus")
    assert isinstance(aik, Aiksaurus)
    terms = {t for pos, ts in aik.senses("war") for t in ts if pos == ANY_POS}
    assert {"warfare", "battle"} <= terms
    assert any(" " in t for pos, ts in aik.senses("a cappella") for t in ts)
    assert aik.senses("zzzqx") == ()




@needs_aiksaurus
def test_aiksaurus_reaches_worker_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The quality harness's workers spin with the thesaurus the parent chose."""
    from benchmarks import quality
    from benchmarks.spinner import spin

    monkeypatch.setenv(THESAURUS_ENV, "mythes")  # the workers must not fall back to this
    items = [(f"d{i}", PARAGRAPH, 0.3, i, "aiksaurus") for i in range(4)]
    spun = [s for s, _ in quality._map(quality._spin_and_repair, items, 2)]
    assert spun == [spin(PARAGRAPH, 0.3, seed=i, key=f"d{i}", thesaurus="aiksaurus")
                    for i in range(4)]
