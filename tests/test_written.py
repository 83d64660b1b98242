"""The document's words and word sequences behind the document factor (``textmend.written``)."""

from textmend.written import DocumentWords

TEXT = "We have to act now. Officials said they have, to be fair, waited; to be sure."


def test_a_single_word_is_written_anywhere_even_inside_the_span() -> None:
    document = DocumentWords(TEXT)
    start = TEXT.index("said")
    assert document.written("said", start, start + 4)
    assert not document.written("stated", 0, 0)


def test_a_word_sequence_is_looked_up_as_consecutive_words_in_the_same_tokenisation() -> None:
    document = DocumentWords(TEXT)
    assert document.written("have to", 0, 0)
    assert document.written("to be", 0, 0)
    assert document.written("to be", TEXT.index("to be"), TEXT.index("to be") + 5)  # and "to be sure"
    assert not document.written("we act", 0, 0)
    assert not document.written("have waited", 0, 0)  # both words written, never side by side


def test_words_are_side_by_side_only_with_white_space_between_them_as_the_channel_spans_join() -> None:
    assert not DocumentWords("They have, to be fair, waited.").written("have to", 0, 0)
    assert not DocumentWords("They have\n\nto wait.").written("have to", 0, 0)  # a blank line
    assert not DocumentWords("Have\nTo wait.").written("have to", 0, 0)  # a line before a capital
    assert DocumentWords("They have  to wait.").written("have to", 0, 0)
    assert DocumentWords("They have\nto wait.").written("have to", 0, 0)  # a hard wrap, as candidates.gap_joins


def test_an_occurrence_overlapping_the_span_does_not_count() -> None:
    text = "We have to act now."
    document = DocumentWords(text)
    have = text.index("have")
    assert not document.written("have to", have, have + len("have"))  # the span "have" is part of it
    assert not document.written("have to", have + 5, have + 7)  # the span "to"
    assert document.written("have to", text.index("act"), text.index("act") + 3)


def test_an_occurrence_elsewhere_counts_beside_one_inside_the_span() -> None:
    text = "They have to go. We have to act."
    document = DocumentWords(text)
    second = text.rindex("have to")
    assert document.written("have to", second, second + len("have to"))
