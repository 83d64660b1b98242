"""wordlists/function_words.tsv (the function-word and phrase rules) and the benchmark's
function-word spinner (benchmarks/function_spinner.py)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import pytest
import regex

from textmend.tokenize import phrase_key

ROOT = Path(__file__).resolve().parents[1]
FILE = ROOT / "wordlists" / "function_words.tsv"
CLASSES = {"auxiliary", "contraction", "number", "time", "quantity", "connective", "adverb",
           "preposition", "determiner", "reporting", "phrase"}
FLAGS = {"exact"}

sys.path.insert(0, str(ROOT))


class Line(NamedTuple):
    number: int
    original: str
    spun: tuple[str, ...]
    cls: str
    flags: tuple[str, ...]


def parse(path: Path = FILE) -> list[Line]:
    """Every rule line of ``path``; fails the test on a malformed line."""
    out = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cols = raw.split("\t")
        assert len(cols) in (3, 4), f"line {number}: {len(cols)} columns: {raw!r}"
        flags = tuple(cols[3].split(",")) if len(cols) == 4 else ()
        out.append(Line(number, cols[0], tuple(cols[1].split("|")), cols[2], flags))
    return out


LINES = parse()
PAIRS = {(line.original, spun) for line in LINES for spun in line.spun}


def pairs_of(cls: str) -> set[tuple[str, str]]:
    return {(line.original, s) for line in LINES if line.cls == cls for s in line.spun}


def test_file_parses_with_known_classes_and_flags() -> None:
    assert len(LINES) > 500
    for line in LINES:
        assert line.cls in CLASSES, f"line {line.number}: class {line.cls!r}"
        assert set(line.flags) <= FLAGS, f"line {line.number}: flags {line.flags}"
        assert all(line.spun), f"line {line.number}: empty spun form"


def test_every_class_is_present() -> None:
    assert {line.cls for line in LINES} == CLASSES


def test_forms_are_tokenised_like_phrase_key() -> None:
    for line in LINES:
        for form in (line.original, *line.spun):
            assert form == phrase_key(form), f"line {line.number}: {form!r} is not a key"


def test_no_duplicates_and_no_identities() -> None:
    raw = [r for r in FILE.read_text(encoding="utf-8").split("\n")
           if r.strip() and not r.startswith("#")]
    assert [r for r, n in Counter(raw).items() if n > 1] == []
    counts = Counter((line.original, s) for line in LINES for s in line.spun)
    assert [pair for pair, n in counts.items() if n > 1] == []
    assert [line.number for line in LINES if line.original in line.spun] == []


_SPELLING = [(regex.compile(p), r) for p, r in (
    (r"is(e|es|ed|ing|ation|ations)\b", r"iz\1"), (r"ys(e|es|ed|ing)\b", r"yz\1"),
    (r"our(s|ed|ing)?\b", r"or\1"), (r"tre(s)?\b", r"ter\1"), (r"ll(ed|ing|er)\b", r"l\1"),
    (r"ogue(s)?\b", r"og\1"), (r"ence(s)?\b", r"ense\1"), (r"wards\b", "ward"),
    (r"-", ""),
)]


def spelling_key(form: str) -> str:
    """British and American spellings (and hyphenation) folded together. A split word is no
    spelling variant: "with out" for "without" is a spinner's own mark."""
    for pattern, repl in _SPELLING:
        form = pattern.sub(repl, form)
    return form


def test_spelling_key_folds_known_variants() -> None:
    assert spelling_key("colour") == spelling_key("color")
    assert spelling_key("towards") == spelling_key("toward")
    assert spelling_key("organised") == spelling_key("organized")
    assert spelling_key("on-line") == spelling_key("online")
    assert spelling_key("among") != spelling_key("amongst")


def test_no_spelling_variant_pairs() -> None:
    bad = [(o, s) for o, s in PAIRS if spelling_key(o) == spelling_key(s)]
    assert bad == []


def test_contractions_both_ways_and_complete() -> None:
    pairs = pairs_of("contraction")
    assert [(o, s) for o, s in pairs if (s, o) not in pairs] == []
    for expanded, short in [
        ("it is", "it's"), ("it has", "it's"), ("did not", "didn't"), ("we are", "we're"),
        ("will not", "won't"), ("cannot", "can't"), ("i am", "i'm"), ("they have", "they've"),
        ("she would", "she'd"), ("he had", "he'd"), ("you will", "you'll"),
        ("should not", "shouldn't"), ("there is", "there's"), ("let us", "let's"),
        ("could have", "could've"), ("is not", "isn't"), ("were not", "weren't"),
    ]:
        assert (expanded, short) in pairs and (short, expanded) in pairs, short


NUMERAL = regex.compile(r"^(?:\d[\d,]*(?:st|nd|rd|th)?|\d+ (?:million|billion))$")


def test_numbers_both_ways_and_complete() -> None:
    pairs = pairs_of("number")
    numeric = {(o, s) for o, s in pairs if NUMERAL.match(o) or NUMERAL.match(s)}
    assert [(o, s) for o, s in numeric if (s, o) not in pairs] == []
    words = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
             "fourteen fifteen sixteen seventeen eighteen nineteen twenty").split()
    for n, word in enumerate(words):
        assert (word, str(n)) in pairs and (str(n), word) in pairs
    for n, word in zip(range(30, 100, 10),
                       "thirty forty fifty sixty seventy eighty ninety".split()):
        assert (word, str(n)) in pairs and (f"{word}-five", str(n + 5)) in pairs
    for word, digits in [("one hundred", "100"), ("one thousand", "1,000"),
                         ("a million", "1 million"), ("one billion", "1 billion"),
                         ("first", "1st"), ("second", "2nd"), ("third", "3rd"),
                         ("eleventh", "11th"), ("twentieth", "20th"),
                         ("twenty-first", "21st"), ("hundredth", "100th")]:
        assert (word, digits) in pairs and (digits, word) in pairs, word


def test_generated_sections_are_fresh() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("function_words",
                                                  ROOT / "scripts" / "function_words.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0


def test_real_world_cases_are_covered() -> None:
    """Swaps shown by the paraphrased real cases of issues 10 and 11."""
    for pair in [("was", "used to be"), ("definitely", "indisputably"),
                 ("a sign of", "an indication of"), ("the first", "the primary"),
                 ("under", "underneath"), ("year", "12 months"), ("were", "had been"),
                 ("another", "one other"), ("where", "the place"), ("here", "right here"),
                 ("all the", "all of the"), ("in the", "within the"), ("at the", "on the"),
                 ("up to", "as much as"), ("but", "however"), ("just", "simply"),
                 ("also", "additionally"), ("according to", "in line with")]:
        assert pair in PAIRS, pair


def test_a_spun_form_made_of_two_swaps_keeps_both_originals() -> None:
    """"final 12 months" is "last year" spun whole or "last 12 months" with "last" -> "final"
    alone; the author's "last/next 12 months" is nobody's spun form (issue 10)."""
    spun_forms = {s for _, s in PAIRS}
    assert not {"last 12 months", "next 12 months"} & spun_forms
    assert {("last year", "final 12 months"), ("last 12 months", "final 12 months"),
            ("next year", "subsequent 12 months"), ("next 12 months", "subsequent 12 months")} <= PAIRS


def test_covers_the_general_pack() -> None:
    """Every pair of wordlists/general.tsv that is not dropped is a rule here too."""
    missing = []
    for line in (ROOT / "wordlists" / "general.tsv").read_text(encoding="utf-8").split("\n"):
        cols = line.split("\t")
        if line.startswith("#") or len(cols) < 4 or cols[3] == "drop":
            continue
        missing += [(cols[0], s) for s in cols[1].split("|") if (cols[0], s) not in PAIRS]
    assert missing == []


# -- the benchmark's function-word spinner ---------------------------------------------------

from benchmarks.function_spinner import TABLE, FunctionSpinner  # noqa: E402
from benchmarks.spinner import SpunText  # noqa: E402

SPIN_TEXT = (
    "I was definitely shocked, she said. Under the new rules, a sign of it is that 3 "
    "people paid $5 at 10:30 in May, 5% more than last year.\r\nIt's the first time "
    "\U0001f600 we are here, but I didn't know about the other 12 officials. "
    "According to the police, there is a lot of work: the team told reporters it could "
    "take up to three weeks, although others said the first report was due in the "
    "next week. The other two were also able to help, because it is important."
)


def assert_lossless(spun: SpunText) -> None:
    """Offsets are right, spans are ordered, and nothing outside them changed."""
    pos_spun = pos_orig = 0
    for sub in spun.subs:
        assert spun.text[sub.start : sub.end] == sub.spun
        assert spun.original[sub.orig_start : sub.orig_end] == sub.original
        assert sub.spun != sub.original and sub.kind in ("function", "number")
        assert spun.text[pos_spun : sub.start] == spun.original[pos_orig : sub.orig_start]
        pos_spun, pos_orig = sub.end, sub.orig_end
    assert spun.text[pos_spun:] == spun.original[pos_orig:]


@pytest.fixture(scope="module")
def fspinner() -> FunctionSpinner:
    return FunctionSpinner()


def test_spinner_is_deterministic_by_seed_and_key(fspinner: FunctionSpinner) -> None:
    first = fspinner.spin(SPIN_TEXT, 0.5, seed=1, key="a")
    assert fspinner.spin(SPIN_TEXT, 0.5, seed=1, key="a") == first
    assert len({fspinner.spin(SPIN_TEXT, 0.5, seed=s, key="a").text for s in range(10)}) > 1
    assert len({fspinner.spin(SPIN_TEXT, 0.5, seed=1, key=k).text for k in "abcdef"}) > 1


@pytest.mark.parametrize("rate", [0.0, 0.15, 0.3, 0.6, 1.0])
def test_spinner_is_lossless_outside_spans_and_records_match(fspinner: FunctionSpinner,
                                                             rate: float) -> None:
    for seed in range(5):
        spun = fspinner.spin(SPIN_TEXT, rate, seed=seed)
        assert_lossless(spun)
        assert "\U0001f600" in spun.text and "\r\n" in spun.text
        for sub in spun.subs:
            key = phrase_key(sub.original.replace("\u2019", "'"))
            forms = [f for rows in TABLE.values() for f in rows.get(key, ())]
            assert sub.spun.lower() in forms, sub
            assert (sub.kind == "number") == (fspinner.class_of[key] == "number")


def test_spinner_rate_is_respected(fspinner: FunctionSpinner) -> None:
    text = SPIN_TEXT * 20
    for rate in (0.15, 0.3, 0.6):
        for seed in range(3):
            spun = fspinner.spin(text, rate, seed=seed, key="rate")
            assert spun.content_words == len(fspinner.sites(text)) > 300
            assert abs(len(spun.subs) / spun.content_words - rate) <= 1 / spun.content_words


def test_spinner_rate_zero_and_bad_rate(fspinner: FunctionSpinner) -> None:
    assert fspinner.spin(SPIN_TEXT, 0.0) == SpunText(
        SPIN_TEXT, SPIN_TEXT, (), len(fspinner.sites(SPIN_TEXT)))
    with pytest.raises(ValueError):
        fspinner.spin(SPIN_TEXT, 1.5)


def test_spinner_leaves_names_and_glued_numbers(fspinner: FunctionSpinner) -> None:
    spun = fspinner.spin(SPIN_TEXT, 1.0, seed=2)
    originals = [s.original for s in spun.subs]
    assert "May" not in originals  # capitalised mid-sentence: a name
    for glued in ("$5", "10:30", "5%"):
        assert glued in spun.text
    assert {"3", "12"} <= set(originals)  # bare numbers are spun
    by_original = {s.original: s.spun for s in spun.subs}
    assert by_original["It's"] == "It is" and by_original["Under"] == "Underneath"
    assert by_original["was"] in ("used to be", "had been")
    assert by_original["a sign of"] == "an indication of"
    assert by_original["we are"] == "we're" and by_original["didn't"] == "did not"
    assert by_original["the first"] == "the primary"


def test_spinner_table_both_ways_and_independent() -> None:
    for cls in ("contraction", "number"):
        rows = TABLE[cls]
        assert [(o, s) for o, forms in rows.items() for s in forms
                if o not in rows.get(s, ())] == [], cls
    for cls, rows in TABLE.items():
        for original, forms in rows.items():
            assert original == phrase_key(original) and all(f == phrase_key(f) for f in forms)
    assert set(TABLE) == CLASSES - {"phrase"}
    # it never reads textmend's rules: no import of textmend, no path to wordlists/ (the
    # module docstring may name them)
    import ast

    tree = ast.parse((ROOT / "benchmarks" / "function_spinner.py").read_text(encoding="utf-8"))
    docstring = ast.get_docstring(tree, clean=False)
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
               and isinstance(n.value, str) and n.value != docstring]
    imports = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    imports += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [x for x in strings + imports if "wordlists" in x or x.startswith("textmend.")
                or x == "textmend"]


def test_spinner_is_a_benchmark_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks import spinner

    assert "function-words" in spinner.THESAURI
    assert spinner.missing_requirements("function-words") == []
    assert isinstance(spinner.default_spinner("function-words"), FunctionSpinner)
    got = spinner.spin(SPIN_TEXT, 0.3, seed=4, key="k", thesaurus="function-words")
    assert got == FunctionSpinner().spin(SPIN_TEXT, 0.3, seed=4, key="k")
    monkeypatch.setenv(spinner.THESAURUS_ENV, "function-words")
    assert spinner.thesaurus_name() == "function-words"
