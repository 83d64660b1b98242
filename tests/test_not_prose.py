"""Do no harm on technical text (issue 12): what is not prose is never a candidate, and a word
inside a known term written as itself is no thesaurus candidate; spun prose around them still is.
"""

from __future__ import annotations

import pytest

import textmend
from textmend import tortured
from textmend.candidates import Words, code_words
from textmend.tokenize import tokenize


def _boxed_words(text: str) -> dict[str, bool]:
    words = Words(text)
    return {text[words.starts[i] : words.ends[i]]: words.boxed(i, i) for i in range(len(words))}


def test_inline_code_and_doctest_lines_are_boxed() -> None:
    text = "Use ``np.mean`` or `total` here.\n>>> big(3)\n... more\narray([1., 1.])\n\nThe large plane."
    boxed = _boxed_words(text)
    assert boxed["np"] and boxed["mean"] and boxed["total"] and boxed["big"] and boxed["more"] and boxed["array"]
    assert not boxed["Use"] and not boxed["here"] and not boxed["plane"] and not boxed["The"]


def test_words_with_a_capital_inside_are_boxed() -> None:
    boxed = _boxed_words("The 2D plane of camelCase and MacKay, not DNA or Well-Known or O'Brien.")
    assert boxed["2D"] and boxed["camelCase"] and boxed["MacKay"]
    assert not any(boxed[w] for w in ("The", "plane", "DNA", "Well-Known", "O'Brien", "not"))


def test_a_names_roman_numeral_is_boxed() -> None:
    """"World War II" is no spun "World War 2" (WordNet's synset {two, 2, II})."""
    boxed = _boxed_words("After World War II, Henry VIII and Louis XIV; and VI of them, I left.")
    assert boxed["II"] and boxed["VIII"] and boxed["XIV"]
    assert not any(boxed[w] for w in ("VI", "I", "World", "War", "Henry", "of"))
    assert [e for e in textmend.detect("He served in World War II and later in Korea.") if e.original == "II"] == []


def test_a_lone_backtick_or_an_ellipsis_is_prose() -> None:
    boxed = _boxed_words("It was `big news... and the big plane landed.")
    assert not any(boxed.values())


def test_backtick_runs_open_and_close_whole() -> None:
    """A code span opens with a whole run of backticks and closes with a run as long (CommonMark):
    "``big`" is no code. Trying every shorter run inside a long one, at every start, was quadratic:
    50 KB of backticks took 80 s in repair (tryout15)."""
    boxed = _boxed_words("A ``big` plane and ```small`` car, but ``np.mean`` and `total`.")
    assert not boxed["big"] and not boxed["small"]
    assert boxed["np"] and boxed["mean"] and boxed["total"]
    assert not any(_boxed_words("`" * 500 + " big plane\n" + "`" * 300).values())


@pytest.mark.parametrize(
    "text",
    [
        "Clusters are nested circles on the 2D plane.",
        "Call ``utilize_model`` with `big` values, then compute the `final estimator`.",
        "Examples\n--------\n>>> model.fit(X, y)\n... # big commence\n>>> model.score(X)",
        "The xi correlation coefficient is a measure of association between two variables.",
        "It is only a rough analysis of the phase angle of the input signal.",
        # 'qualitative' -> 'chemical' (WordNet) until a span's own ratio was left out of its document prior
        "It is only a qualitative analysis.",
    ],
)
def test_technical_text_unchanged_and_lossless(text: str) -> None:
    result = textmend.repair(text)
    assert result.text == text
    assert "".join(t.text for t in tokenize(text)) == text
    for edit in textmend.detect(text):  # suggestions too: none inside code
        assert text[edit.start : edit.end] == edit.original


def test_written_terms_cover() -> None:
    terms = tortured.Terms(["correlation coefficient", "phase angle", "signal to noise ratio\ts"], [],
                           tortured.get_priors())
    text = "The correlation coefficients of a signal to noise ratio and the phase here."
    words = Words(text)
    cover = tortured.written(words, terms)
    by_word = {text[words.starts[i] : words.ends[i]]: cover[i] for i in range(len(words))}
    assert by_word["correlation"] == by_word["coefficients"] == (1, 2)  # the plural ending counts
    assert by_word["signal"] == by_word["to"] == by_word["noise"] == by_word["ratio"] == (5, 8)
    assert by_word["phase"] is None and by_word["The"] is None and by_word["here"] is None


def test_a_term_split_by_a_line_break_is_not_written() -> None:
    terms = tortured.Terms(["phase angle"], [], tortured.get_priors())
    assert tortured.written(Words("the phase\n\nangle"), terms) == [None, None, None]


def test_a_candidate_that_makes_a_term_too_stays() -> None:
    # "car manufacturer" and "car maker" are both known terms: the written one is no evidence
    assert tortured.is_term(["car", "maker"]) and tortured.is_term(["car", "manufacturers"])
    edits = textmend.detect("Rover is a car manufacturer.", threshold=0.0)
    found = {o for e in edits if e.original == "manufacturer" for o, _ in ((e.replacement, 0), *e.alternatives)}
    assert "maker" in found


def test_every_written_term_around_a_span_must_stay_a_term() -> None:
    # "correlation coefficient" is a term written whole inside "rank-order correlation coefficient":
    # "correlation" makes "rank-order correlation" with the longer term but nothing with the span's
    # own words, so it is no candidate, as where "correlation coefficient" stands alone
    import importlib

    from textmend.config import resolve_config

    detect = importlib.import_module("textmend.detect")  # the module, not the API function
    assert tortured.is_term(["rank-order", "correlation"]) and tortured.is_term(["correlation", "coefficient"])
    for text in ("The Spearman rank-order correlation coefficient is a measure.",
                 "The correlation coefficient is a measure."):
        spans = detect.observe(text, resolve_config(None, {})).items
        found = {e.original for o in spans if o.key == "correlation coefficient" for e in o.entries}
        assert "correlation" not in found
    # the longest term's own synonyms stay: they make a known term with it
    text = "The Spearman rank-order correlation coefficient is a measure."
    spans = detect.observe(text, resolve_config(None, {})).items
    assert "rank-difference correlation coefficient" in {
        e.original for o in spans if o.key == "rank-order correlation coefficient" for e in o.entries}


def test_spun_prose_beside_code_is_still_repaired() -> None:
    spun = "Call ``fit`` first. The soldier is believed to be the primary North Korean prisoner of warfare."
    result = textmend.repair(spun)
    assert result.text.startswith("Call ``fit`` first.")
    assert "prisoner of war." in result.text
    for edit in result.edits:
        assert spun[edit.start : edit.end] == edit.original


def test_tortured_phrase_in_a_docstring_is_still_repaired() -> None:
    text = "Each amino corrosive residue was scored with ``score`` and the 2D plane."
    result = textmend.repair(text)
    assert "amino acid residue" in result.text
    assert "``score``" in result.text and "2D plane" in result.text


def test_code_words() -> None:
    text = "The base estimator, see ``oob_score`` and n_estimators.\n>>> clf.fit(X, y)"
    assert code_words(text) == {"estimator", "estimators", "oob", "score", "clf", "fit"}
    assert code_words("News with no code: the big estimator.") == frozenset()


def test_a_word_the_document_writes_in_code_is_no_thesaurus_candidate() -> None:
    text = ("Parameters\n----------\nn_estimators : int\n    The number of base estimators in the ensemble.\n"
            "    The individual estimator is fitted on the data.")
    found = {o for e in textmend.detect(text, threshold=0.0) for o, _ in ((e.replacement, 0), *e.alternatives)}
    assert "computer" not in found and "computers" not in found
    assert textmend.repair(text).text == text
    # the same prose without the identifier: the thesaurus pair is a candidate again
    prose = "The individual estimator is fitted on the data."
    found = {o for e in textmend.detect(prose, threshold=0.0) for o, _ in ((e.replacement, 0), *e.alternatives)}
    assert "computer" in found


def test_fenced_code_blocks_are_boxed() -> None:
    text = "Run this:\n\n```python\nbig = large_model()\n```\n\nThe small plane.\n~~~\nhuge thing\n~~~\n"
    boxed = _boxed_words(text)
    assert boxed["python"] and boxed["big"] and boxed["huge"] and boxed["thing"]
    assert not boxed["Run"] and not boxed["small"] and not boxed["plane"]


def test_an_unclosed_fence_is_prose() -> None:
    assert not any(_boxed_words("```\nThe big plane landed.").values())


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x?informed=1",
        "https://example.com/a?q=informed&x=primary",
        "www.example.com/search?company=spy&informed",
    ],
)
def test_every_word_of_a_url_is_boxed_query_string_included(url: str) -> None:
    # '/' and '.' glue a path's words, but a query's '?', '=' and '&' did not: in a spun
    # passage 'informed' in '?informed=1' was a 0.72 suggestion, and '1' one for 'one'.
    text = f"He informed the BBC. Source: {url} (accessed today)."
    words = Words(text)
    start = text.index(url)
    url_words = [i for i in range(len(words)) if start <= words.starts[i] < start + len(url)]
    assert url_words and all(words.boxed(i, i) for i in url_words)
    assert not words.boxed(1, 1)  # 'informed' in the prose


def test_a_spun_article_with_a_query_string_url_keeps_the_url() -> None:
    spun = "He informed the BBC that the prisoner of warfare was freed, the spy company said. " * 12
    url = "https://example.com/news?informed=1&primary=2"
    text = f"{spun}\nSource: {url} (accessed today).\n"
    findings = [f for f in textmend.detect(text) if f.start >= len(spun)]
    assert [f.original for f in findings if text.index(url) <= f.start < text.index(url) + len(url)] == []


def test_a_window_cut_inside_a_url_still_boxes_its_query_words() -> None:
    """The URL scan is bounded by the window (not the whole text), reaching back to where a URL
    that runs into the window begins."""
    text = "Go to http://example.com/page?informed=1&x=two now, as informed."
    words = Words(text, text.index("example") + 1, len(text))
    boxed = [(text[s:e], words.boxed(i, i)) for i, (s, e) in enumerate(zip(words.starts, words.ends))]
    assert boxed == [("xample", True), ("com", True), ("page", True), ("informed", True), ("1", True),
                     ("x", True), ("two", True), ("now", False), ("as", False), ("informed", False)]
