"""Case and article shaping of replacements."""

from __future__ import annotations

import pytest

from textmend.articles import article_for
from textmend.rewrite import match_case


@pytest.mark.parametrize(
    ("spun", "replacement", "expected"),
    [
        ("troopers", "soldiers", "soldiers"),
        ("Troopers", "soldiers", "Soldiers"),
        ("TROOPERS", "soldiers", "SOLDIERS"),
        ("In line with", "according to", "According to"),
        ("In Line With", "according to", "According To"),
        ("IN LINE WITH", "according to", "ACCORDING TO"),
        ("A", "an", "An"),
    ],
)
def test_match_case(spun: str, replacement: str, expected: str) -> None:
    assert match_case(spun, replacement) == expected


@pytest.mark.parametrize(
    ("word", "article"),
    [("sign", "a"), ("indication", "an"), ("hour", "an"), ("union", "a"), ("one-off", "a"), ("euro", "a"), ("apple", "an")],
)
def test_article_for(word: str, article: str) -> None:
    assert article_for(word) == article


# --- alternatives are fitted to the edit's span, as its replacement is -------------------


def _finding(text: str, spun: str, alternatives: list[tuple[str, float]]):
    from textmend.detect import Finding

    start = text.index(spun)
    best, p = alternatives[0]
    return Finding(start, start + len(spun), spun.lower(), best, p, p, "curated", tuple(alternatives), None)


def test_alternatives_are_trimmed_and_cased_like_the_replacement() -> None:
    from textmend.rewrite import shape

    text = "Ukraine's Spy Company said so."
    edit = shape(text, _finding(text, "Spy Company", [("spy agency", 0.8), ("stag party", 0.1), ("spy service", 0.05)]))
    assert (edit.original, edit.replacement) == ("Company", "Agency")
    # "stag party" would change "Spy" too: it cannot replace text[start:end], so it is left out
    assert edit.alternatives == (("Agency", 0.8), ("Service", 0.05))
    for alternative, _ in edit.alternatives:
        assert text[: edit.start] + alternative + text[edit.end :] != text


def test_alternatives_keep_or_change_the_article_within_the_edit() -> None:
    from textmend.rewrite import shape

    text = "It was an analysis fellow."
    edit = shape(text, _finding(text, "analysis", [("research", 0.5), ("induction", 0.2)]))
    assert (edit.original, edit.replacement) == ("an analysis", "a research")
    assert edit.alternatives == (("a research", 0.5), ("an induction", 0.2))
    # the edit keeps its article; an alternative that needs "an" would change text outside it
    text = "It was a study fellow."
    edit = shape(text, _finding(text, "study", [("survey", 0.5), ("inquiry", 0.2)]))
    assert (edit.original, edit.replacement) == ("study", "survey")
    assert edit.alternatives == (("survey", 0.5),)


def test_the_article_changes_across_a_hard_wrap_and_keeps_the_line_break() -> None:
    from textmend.rewrite import shape

    text = "It was an\nanalysis fellow."
    edit = shape(text, _finding(text, "analysis", [("research", 0.5)]))
    assert (edit.original, edit.replacement) == ("an\nanalysis", "a\nresearch")


@pytest.mark.parametrize(
    ("text", "original", "replacement"),
    [
        ('It was an "analysis" fellow.', 'an "analysis', 'a "research'),
        ("It was an (analysis) fellow.", "an (analysis", "a (research"),
        ("It was an **analysis** fellow.", "an **analysis", "a **research"),
        ("It was a 'study' fellow.", "study", "survey"),  # the article stays right: the words alone
    ],
)
def test_the_article_changes_across_opening_marks(text: str, original: str, replacement: str) -> None:
    """'an "irregular backwoods"' came out 'an "random forest"': the article was looked for only
    right before the edit's words."""
    from textmend.rewrite import shape

    word = original.split()[-1].lstrip("\"'(*")
    new = {"analysis": "research", "study": "survey"}[word]
    edit = shape(text, _finding(text, word, [(new, 0.5)]))
    assert (edit.original, edit.replacement) == (original, replacement)
    assert text[edit.start : edit.end] == edit.original


def test_the_first_alternative_is_the_replacement_on_the_example() -> None:
    import textmend

    from .conftest import EXAMPLES

    result = textmend.repair((EXAMPLES / "spun_article.txt").read_text(encoding="utf-8"))
    findings = result.edits + result.suggestions
    assert any(" " in e.original for e in findings)  # multi-word spans were trimmed or kept
    for edit in findings:
        if edit.alternatives:
            assert edit.alternatives[0] == (edit.replacement, edit.confidence), edit


# -- explanations show the text as written (qa17) ---------------------------------------------------


def test_an_explanation_quotes_the_span_with_the_authors_case() -> None:
    """"'informed the bbc' is a known spinner substitute for 'told the bbc'" lower-cased the name:
    the span is quoted with its case, the original's words that the span holds take it too, and the
    original takes the span's pattern as the replacement does (UPPER, Title: ``match_case``)."""
    import textmend

    # ("instructed", not "informed": the function-word rule's 'informed' -> 'told' outranks the curated
    # phrase since the refit of 2026-12-02 16:40)
    text = "Ukraine's spy company instructed the BBC that the men were held."
    (curated,) = [e for e in textmend.detect(text) if e.original == "instructed" and e.rule == "curated"]
    assert curated.explanation.startswith("'instructed the BBC' is a known spinner substitute for 'told the BBC'; ")
    (upper,) = [e for e in textmend.detect(text.upper()) if e.original == "INSTRUCTED" and e.rule == "curated"]
    assert upper.explanation.startswith("'INSTRUCTED THE BBC' is a known spinner substitute for 'TOLD THE BBC'; ")
    user = textmend.repair(
        "Officials at the White House informed the BBC.", extra_pairs=[("white house informed", "white house told")]
    ).edits[0]
    assert user.explanation == "'White House informed' is in your extra spin pairs as a substitute for 'White House told'."


def test_an_explanation_keeps_the_folded_apostrophe_and_single_spaces() -> None:
    """Only the case comes from the text: apostrophes stay ``'`` (the explanation of "Didn\u2019t" is that of
    "Didn't", ``tests/test_apostrophes.py``) and the white space inside the span is one space."""
    import textmend

    pairs = [("didn't know", "did not know")]
    for text in ("I Didn\u2019t  Know it.", "I Didn't Know it."):
        (edit,) = textmend.repair(text, extra_pairs=pairs).edits
        assert edit.explanation == "'Didn't Know' is in your extra spin pairs as a substitute for 'Did Not Know'."


@pytest.mark.parametrize(
    ("before", "opens"),
    [
        ("", True),
        ("The camp was moved. ", True),
        ("He said: \"Fine.\" ", True),
        ("Headline\n\n", True),
        ("Headline\r\n\r\n", True),
        ("It ended. **", True),
        ("<p>", True),
        ("> ", True),
        ("Fact: ", False),
        ("The ", False),
        ("scored in the\n", False),  # a hard wrap inside a sentence
        ("- ", True),  # a list item's marker
        ("Held:\n  * ", True),
        ("Officials met Mr. ", False),  # an abbreviation's "." (a new user's probe, 2026-12-03 night)
        ("The men, e.g. ", False),
        ("The U.S. ", False),
        ("They saw approx. ", False),
        ("It was 5 p.m. ", False),
    ],
)
def test_opens_sentence(before: str, opens: bool) -> None:
    from textmend.rewrite import _opens_sentence

    assert _opens_sentence(before + "2 of them", len(before)) is opens


def test_a_digit_that_opens_a_sentence_becomes_a_capitalised_word() -> None:
    """A new user's probe (2026-12-03): "3 males have been detained" -> "three males", and "2 of the
    3 men" after a sentence, in quotes, in Markdown emphasis and in HTML (digits have no case to follow)."""
    import textmend

    spun = ("The corporate informed newshounds that the troopers used to be moved to a camp close to the "
            "border. Officers stated the hearth began earlier than dawn and unfold hastily.")
    assert textmend.repair("3 males have been detained. " + spun).text.startswith("Three males")
    assert textmend.repair(spun + ' "2 of the 3 men were held," he stated.').text.endswith(
        '"Two of the three men were held," he said.')
    assert textmend.repair(spun + " The 3 men left.").text.endswith(" The three men left.")
    assert textmend.repair_markdown("**2** of the 3 men were held. " + spun).text.startswith("**Two** of the three")
