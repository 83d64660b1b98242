"""Typographic apostrophes: a text that writes "don\u2019t" (U+2019, most web text), "don\u02bct"
(U+02BC) or "don\u2018t" (U+2018, the mis-typed one: "\u201890s") is repaired and detected exactly as
the same text with "don't", at the same offsets, and the replacements keep the author's apostrophe (``textmend.tokenize.fold``,
``textmend.rewrite.match_apostrophes``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import textmend
from textmend.language_model import get_language_model
from textmend.model import Edit
from textmend.rewrite import match_apostrophes
from textmend.tokenize import fold, phrase_key, tokenize, words

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.function_spinner import FunctionSpinner  # noqa: E402
from tests.test_function_words import SPIN_TEXT  # noqa: E402

RIGHT = "\u2019"  # RIGHT SINGLE QUOTATION MARK, the apostrophe of most web text
MODIFIER = "\u02bc"  # MODIFIER LETTER APOSTROPHE
LEFT = "\u2018"  # LEFT SINGLE QUOTATION MARK, mis-typed for one (autocorrect's "\u201890s", "don\u2018t")
MARKS = [RIGHT, MODIFIER, LEFT]


def _spun_texts() -> dict[str, str]:
    """The bundled spun article (possessives) and the function-word test text spun by the
    benchmark's function-word spinner (contractions both ways: "it's" <-> "it is", "didn't")."""
    texts = {"spun_article": (ROOT / "examples" / "spun_article.txt").read_text(encoding="utf-8")}
    spinner = FunctionSpinner()
    for seed in range(3):
        texts[f"function_spun_{seed}"] = spinner.spin(SPIN_TEXT, 0.5, seed=seed).text
    return texts


SPUN = _spun_texts()


def _as_ascii(edit: Edit, mark: str) -> tuple:
    """An edit with ``mark`` written ``'`` and its confidence left out (compared apart)."""
    def a(s: str) -> str:
        return s.replace(mark, "'")

    return (edit.start, edit.end, a(edit.original), a(edit.replacement), edit.rule, edit.explanation,
            tuple((a(alt), p) for alt, p in edit.alternatives))


def _assert_same_edits(ascii_edits: list[Edit] | tuple[Edit, ...], marked: list[Edit] | tuple[Edit, ...],
                       mark: str) -> None:
    assert [_as_ascii(e, "'") for e in ascii_edits] == [_as_ascii(e, mark) for e in marked]
    for a, b in zip(ascii_edits, marked):
        assert b.confidence == pytest.approx(a.confidence, abs=1e-9)


# -- the key folding ---------------------------------------------------------------------------


@pytest.mark.parametrize("mark", MARKS)
def test_words_and_keys_fold_apostrophes(mark: str) -> None:
    assert words(f"Don{mark}t stop the Government{mark}s plan") == ["don't", "stop", "the", "government's", "plan"]
    assert phrase_key(f"it{mark}s") == "it's"
    assert fold(f"it{mark}s") == "it's" and len(fold(f"it{mark}s")) == 4
    ascii_text = "it's"
    assert fold(ascii_text) is ascii_text  # nothing to fold: no copy


@pytest.mark.parametrize("mark", MARKS)
def test_tokens_fall_where_the_ascii_ones_do(mark: str) -> None:
    # U+02BC is a letter (Lm) to Unicode: only inside a word is it part of it, as "'" is
    text = "The dogs' owners, in the 1990's and the '90s, said 'tis don't rock'n'roll '' x'y' 'quoted'."
    marked = text.replace("'", mark)
    spans = [(t.kind, t.start, t.end) for t in tokenize(text)]
    assert [(t.kind, t.start, t.end) for t in tokenize(marked)] == spans
    assert "".join(t.text for t in tokenize(marked)) == marked


@pytest.mark.parametrize("mark", MARKS)
def test_language_model_knows_contractions_with_any_apostrophe(mark: str) -> None:
    lm = get_language_model()
    assert lm.ids([f"don{mark}t", f"it{mark}s"]) == lm.ids(["don't", "it's"])
    assert lm.unknown not in lm.ids(["don't", "it's"])


# -- repair and detect behave as on ASCII apostrophes ------------------------------------------


@pytest.mark.parametrize("mark", MARKS)
@pytest.mark.parametrize("name", sorted(SPUN))
def test_detect_gives_the_same_findings(name: str, mark: str) -> None:
    text = SPUN[name]
    assert "'" in text
    ascii_findings = textmend.detect(text)
    assert ascii_findings
    _assert_same_edits(ascii_findings, textmend.detect(text.replace("'", mark)), mark)


@pytest.mark.parametrize("threshold", [0.75, 0.1])  # 0.1: the contraction rules apply too
@pytest.mark.parametrize("mark", MARKS)
@pytest.mark.parametrize("name", sorted(SPUN))
def test_repair_gives_the_same_edits_and_keeps_the_apostrophe(name: str, mark: str, threshold: float) -> None:
    text = SPUN[name]
    marked = text.replace("'", mark)
    plain = textmend.repair(text, threshold=threshold)
    fixed = textmend.repair(marked, threshold=threshold)
    assert plain.edits
    _assert_same_edits(plain.edits, fixed.edits, mark)
    _assert_same_edits(plain.suggestions, fixed.suggestions, mark)
    assert fixed.spin_score == pytest.approx(plain.spin_score, abs=1e-9)
    # the ASCII repair's edits applied to the marked text, their apostrophes written as the
    # author's: every other character comes back as it was
    expected, pos = [], 0
    for e in plain.edits:
        expected += [marked[pos : e.start], e.replacement.replace("'", mark)]
        pos = e.end
    expected.append(marked[pos:])
    assert fixed.text == "".join(expected)
    assert "'" not in fixed.text


@pytest.mark.parametrize("mark", ["'", *MARKS])
def test_contraction_rule_both_ways(mark: str) -> None:
    # the function-word spinner's text, seed 1: "It is the first time" (spun from "It's"),
    # "did not" (from "didn't") and "a sign of it's that" (spun from "it is")
    text = SPUN["function_spun_1"].replace("'", mark)
    found = {(text[e.start : e.end], e.replacement) for e in textmend.detect(text)}
    assert {("It is", f"It{mark}s"), ("did not", f"didn{mark}t"), (f"it{mark}s", "it is")} <= found
    # numbers=False: at threshold 0.1 the number rule's "first" -> "1st" (0.21) would apply too
    fixed = textmend.repair(text, threshold=0.1, numbers=False).text
    assert f"It{mark}s the first time" in fixed and f"I didn{mark}t know" in fixed
    assert "a sign of it is that" in fixed


def test_contraction_takes_the_texts_apostrophe_where_its_span_has_none() -> None:
    text = f"We{RIGHT}re sure that it is. They can{RIGHT}t and we don't."  # two U+2019, one ASCII
    start = text.index("it is")
    assert match_apostrophes(text, start, start + 5, "it's") == f"it{RIGHT}s"
    span = text.index("don't")
    assert match_apostrophes(text, span, span + 5, "do n't") == "do n't"  # its own apostrophe first
    assert match_apostrophes(text, start, start + 5, "it is") == "it is"
    assert match_apostrophes("it is. don't", 0, 5, "it's") == "it's"
    assert match_apostrophes(f"it is. don't can{RIGHT}t", 0, 5, "it's") == "it's"  # a tie: ASCII
    assert match_apostrophes(f"it is \u201cfine\u201d", 0, 5, f"it{RIGHT}s") == "it's"  # none written


def test_opening_quotes_do_not_set_the_apostrophe_of_a_replacement() -> None:
    """British news quotes with U+2018 ... U+2019: a contraction written into it takes the U+2019 of its
    words, or where no word has one, U+2019 over U+2018 (every quote has both: a tie)."""
    quoted = f"{LEFT}We are sure,{RIGHT} she said. They can{RIGHT}t and {LEFT}it is{RIGHT} true."
    start = quoted.index("it is")
    assert match_apostrophes(quoted, start, start + 5, "it's") == f"it{RIGHT}s"
    bare = f"{LEFT}We are sure,{RIGHT} she said. It is true."
    start = bare.index("It is")
    assert match_apostrophes(bare, start, start + 5, "it's") == f"it{RIGHT}s"
    mistyped = f"It is the {LEFT}90s and they don{LEFT}t care."  # the author's own mark
    assert match_apostrophes(mistyped, 0, 5, "it's") == f"it{LEFT}s"


@pytest.mark.parametrize("mark", MARKS)
def test_a_text_without_inner_apostrophes_gets_the_one_it_writes(mark: str) -> None:
    # a news article in U+2019 (business/236 of the clean corpus) whose only contraction was
    # spun ("doesn’t" -> "does not"): its other apostrophes end words ("banks’") or quote
    # ("’chip’"), and "does not" -> "doesn't" wrote the first ASCII apostrophe of the text
    text = f"Banks{mark} losses fell, the {mark}chip{mark} survey says. Fraud does not just disappear."
    start = text.index("does not")
    assert match_apostrophes(text, start, start + 8, "doesn't") == f"doesn{mark}t"
    tie = f"Banks' and banks{mark} fell. It is."
    assert match_apostrophes(tie, tie.index("It is"), len(tie) - 1, "it's") == "it's"  # a tie: ASCII


@pytest.mark.parametrize("mark", MARKS)
@pytest.mark.parametrize(
    "sentence",
    [
        "The government's spokesman said it didn't comment on the report.",
        "It's the first time the company's shares have fallen this year, and investors aren't happy.",
        "\u201cWe don't know yet,\u201d she said, adding that the country's leaders hadn't been told.",
        "He's lived in the city's old quarter since the 1990's and won't move.",
        "The children's hospital says it's short of nurses.",
    ],
)
def test_clean_sentence_stays_unchanged(sentence: str, mark: str) -> None:
    marked = sentence.replace("'", mark)
    result = textmend.repair(marked)
    assert result.text == marked and result.edits == ()
    _assert_same_edits(textmend.detect(sentence), textmend.detect(marked), mark)


@pytest.mark.parametrize("mark", MARKS)
def test_user_lists_fold_apostrophes(mark: str) -> None:
    text = SPUN["function_spun_1"].replace("'", mark)
    allowed = textmend.detect(text, allow=frozenset({"it's"}))
    assert not any("it" in e.original.lower() and mark in e.original for e in allowed)
    assert allowed == textmend.detect(text, allow=frozenset({f"it{mark}s"}))
    pairs = ((f"didn{mark}t", "did not"), ("It is", f"it{mark}s"))
    fixed = textmend.repair(text.replace("did not", f"didn{mark}t"), extra_pairs=pairs, threshold=0.1,
                            numbers=False).text  # as in test_contraction_rule_both_ways
    assert "I did not know" in fixed and f"It{mark}s the first time" in fixed


@pytest.mark.parametrize("mark", MARKS)
def test_upper_case_contraction_keeps_its_case(mark: str) -> None:
    from textmend.rewrite import match_case

    assert match_case(f"DIDN{mark}T", "did not") == "DID NOT" == match_case("DIDN'T", "did not")


# -- an apostrophe the markup writes as a character reference ------------------------------------

ENTITY_PAIRS = (("did not know", "didn't know"),)  # a user pair: confidence 0.95, no engine decision


@pytest.mark.parametrize("reference", ["&rsquo;", "&#8217;", "&#x2019;", "&#X2019;"])
def test_an_apostrophe_the_html_writes_as_a_reference_is_written_as_that_reference(reference: str) -> None:
    """"we&rsquo;re" is the author's apostrophe (U+2019), and the author writes it as the reference:
    "did not" -> "didn&rsquo;t", not a literal U+2019 a Latin-1 page cannot hold (qa17)."""
    source = f"<p>It is the first time we{reference}re here, but I did not know about it. Caf\xe9 owners said so.</p>"
    result = textmend.repair_html(source, extra_pairs=ENTITY_PAIRS)
    (edit,) = result.edits
    assert (edit.original, edit.replacement) == ("did not", f"didn{reference}t")
    assert [alt for alt, _ in edit.alternatives] == [f"didn{reference}t"]
    assert result.text == source.replace("did not", f"didn{reference}t")
    result.text.encode("latin-1")  # the repaired page is still Latin-1


def test_an_apostrophe_the_html_writes_literally_stays_literal() -> None:
    """The document's most frequent spelling of the mark wins; a literal one is kept literal."""
    literal = f"<p>We{RIGHT}re here and they{RIGHT}re not; it&rsquo;s that I did not know about it.</p>"
    (edit,) = textmend.repair_html(literal, extra_pairs=ENTITY_PAIRS).edits
    assert edit.replacement == f"didn{RIGHT}t"
    plain = "<p>It is the first time we're here, but I did not know about it.</p>"  # ASCII: unchanged
    (edit,) = textmend.repair_html(plain, extra_pairs=ENTITY_PAIRS).edits
    assert edit.replacement == "didn't"


@pytest.mark.parametrize("input_format", ["html", "markdown"])
@pytest.mark.parametrize("reference", ["&rsquo;", "&#8217;", "&#x2019;"])
def test_a_finding_over_an_apostrophe_written_as_a_reference_is_kept(reference: str, input_format: str) -> None:
    """"didn&rsquo;t know" -> "did not know" is the edit of "didn\u2019t know": its span holds the
    reference, its original is the source as written ("didn&rsquo;t"), the reference is replaced whole.
    It was dropped as an edit that crosses markup, though a literal U+2019 got it."""
    pairs = (("didn't know", "did not know"),)
    sentence = f"It is the first time we are here, but I didn{RIGHT}t know about it."
    literal = textmend.repair_markup(sentence, input_format, extra_pairs=pairs)
    assert [(e.original, e.replacement) for e in literal.edits] == [(f"didn{RIGHT}t", "did not")]
    source = sentence.replace(RIGHT, reference)
    result = textmend.repair_markup(source, input_format, extra_pairs=pairs)
    assert [(e.original, e.replacement) for e in result.edits] == [(f"didn{reference}t", "did not")]
    (edit,) = result.edits
    assert source[edit.start : edit.end] == edit.original
    assert result.text == sentence.replace(f"didn{RIGHT}t", "did not")


def test_a_finding_over_a_reference_next_to_markup_is_still_left_out() -> None:
    """Only references may sit inside an edit's span: a tag between its words still drops it."""
    source = "<p>It is the first time we are here, but I didn&rsquo;<b>t</b> know about it.</p>"
    assert textmend.repair_html(source, extra_pairs=(("didn't know", "did not know"),)).edits == ()


# -- real articles: the clean-text guarantees hold with typographic apostrophes ----------------------

CORPUS_ARTICLES = 12
"""Articles of the clean corpus compared (qa20 compared 200, at thresholds 0.75 and 0.1, for each
mark: the same 132 edits at 0.1 and 259 suggestions at 0.75, none differing)."""


@pytest.fixture(scope="module")
def articles_with_apostrophes(clean_corpus: list[str]) -> list[tuple[str, textmend.Result]]:
    """The first :data:`CORPUS_ARTICLES` clean articles with an apostrophe, each with its repair at
    threshold 0.1 (edits to compare on clean text)."""
    texts = [text for text in clean_corpus if "'" in text][:CORPUS_ARTICLES]
    return [(text, textmend.repair(text, threshold=0.1)) for text in texts]


@pytest.mark.parametrize("mark", MARKS)
def test_clean_articles_get_the_same_edits_with_any_apostrophe(
    articles_with_apostrophes: list[tuple[str, textmend.Result]], mark: str
) -> None:
    assert sum(len(plain.edits) for _, plain in articles_with_apostrophes)  # there is something to compare
    for text, plain in articles_with_apostrophes:
        fixed = textmend.repair(text.replace("'", mark), threshold=0.1)
        _assert_same_edits(plain.edits, fixed.edits, mark)
        _assert_same_edits(plain.suggestions, fixed.suggestions, mark)
        assert fixed.text == plain.text.replace("'", mark)
