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


def test_a_long_document_is_searched_within_its_window_of_words_either_side() -> None:
    """A text longer than the document the factor was fitted on is searched ``window`` words either
    side of the span: far away, a word is not "elsewhere in the document" (issue 10: a long clean
    text wrote almost every candidate original somewhere)."""
    text = "Officials said so. " + "Nothing more happened here today. " * 10 + "They stated it. We have to go."
    words = text.split()
    stated = text.index("stated")
    document = DocumentWords(text, window=5)
    assert not document.whole
    assert document.written("they", stated, stated + 6)  # the word before
    assert document.written("have to", stated, stated + 6)  # four words after, joined
    assert not document.written("said", stated, stated + 6)  # 53 words before
    assert not document.written("stated", 0, 0)  # 54 words after the first word
    assert document.written("officials", 0, 0)
    assert not document.written("storm", stated, stated + 6)
    # a wide enough window is the whole document, as is no window
    assert DocumentWords(text, window=len(words) - 1).whole
    assert not DocumentWords(text, window=len(words) - 2).whole
    assert DocumentWords(text).whole
    assert DocumentWords(text, window=len(words)).written("said", stated, stated + 6)


def test_a_multi_word_original_must_lie_inside_the_window() -> None:
    text = "We have to act. " + "One two three four five six. " * 3 + "They need to act."
    need = text.index("need to")
    assert not DocumentWords(text, window=10).written("have to", need, need + 7)
    assert DocumentWords(text, window=30).written("have to", need, need + 7)
    assert DocumentWords(text, window=22).written("have to", need, need + 7)  # "have to" is words 1-2, "need" 23
    assert not DocumentWords(text, window=21).written("have to", need, need + 7)
