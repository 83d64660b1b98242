"""The document's words and word sequences behind the document factor (``textmend.written``)."""

from textmend.detect import document_words, in_document
from textmend.written import DocumentWords, searched

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


def test_the_search_stops_at_the_span_s_estimation_window() -> None:
    """With ``cuts`` (the first word of each spin-rate estimation window after the first), a span's
    originals are looked up within its own window only, however wide ``window``: each estimation
    window is a document of its own (``benchmarks/SPIN_SCORE.md``, 2026-12-03, the document factor
    by window)."""
    text = "Officials said so. They need to go. " + "Nothing more happened. " * 3 + "They stated it. We have to act."
    cut = len("Officials said so. They need to go.".split())  # "Nothing" starts the second window
    stated = text.index("stated")
    document = DocumentWords(text, window=100, cuts=[cut])
    assert not document.whole
    assert not document.written("said", stated, stated + 6)  # in the first window
    assert not document.written("stated", 0, 9)
    assert document.written("nothing", stated, stated + 6)
    assert document.written("have to", stated, stated + 6)  # in the span's own window
    assert not document.written("have to", 0, 9)  # a span of the first window
    assert not document.written("we", 0, 9)
    assert in_document(document, ["said", "nothing", "go"], "stated", stated, stated + 6) == (False, True, False)
    assert DocumentWords(text, window=100).written("said", stated, stated + 6)  # one window: the whole text


def test_searched_is_the_window_of_words_within_the_estimation_window() -> None:
    assert searched(50, 51, 200, 10) == (40, 61)
    assert searched(50, 51, 200, 10, (45, 55)) == (45, 54)
    assert searched(50, 51, 200, 10, (20, 100)) == (40, 61)  # the estimation window is wider
    assert searched(50, 51, 200, None, (20, 100)) == (20, 99)
    assert searched(5, 5, 200, None, (20, 100)) == (0, 19)
    assert searched(150, 150, 200, None, (20, 100)) == (100, 199)
    assert searched(100, 100, 200, None, (20, 100)) == (100, 199)  # a cut's word starts its window


def test_document_words_cut_a_long_text_at_its_estimation_windows() -> None:
    """``detect.document_words``: a text of at least twice the window is searched within each span's
    spin-rate estimation window (``detect.estimation_windows``: here one paragraph each); a text
    within the window is searched whole."""
    first = "The officials said the storm would pass before the weekend and the roads would open again. " * 4
    second = "A spokesman stated that nothing more could be done until the water went down in the town. " * 4
    text = first.strip() + "\n\n" + second.strip()
    regions = [0, text.index("A spokesman")]
    n = len(text.split())
    document = document_words(text, regions, n // 2)  # two windows: the text is twice the window
    assert document.cuts == (len(first.split()),)
    stated = text.index("stated")
    assert not document.written("said", stated, stated + 6)
    assert document.written("spokesman", stated, stated + 6)
    whole = document_words(text, regions, n)
    assert whole.whole and whole.cuts == ()
    assert whole.written("said", stated, stated + 6)
