"""``detect.in_document``: each candidate original written elsewhere in the document."""

from __future__ import annotations

from textmend.detect import in_document
from textmend.written import DocumentWords

TEXT = "We have to go.\nThe sign of rain came, a sign of hope; have, to be fair, a rest."


def test_in_document_equals_written_for_each_phrase() -> None:
    """The single-word shortcut (the vocabulary) gives what ``DocumentWords.written`` gives, and a
    candidate written as the spun form itself is never "elsewhere"."""
    document = DocumentWords(TEXT)
    phrases = ["sign", "rain", "storm", "have to", "a sign of", "to be", "fair", "hope", "sign of hope"]
    for key, start in (("sign", TEXT.index("sign")), ("rest", TEXT.index("rest")), ("a sign of", TEXT.index("a sign"))):
        end = start + len(key)
        got = in_document(document, phrases, key, start, end)
        assert got == tuple(o != key and document.written(o, start, end) for o in phrases)
    # "have to" only at the first sentence: not elsewhere when that is the span
    start = TEXT.index("have to")
    assert in_document(document, ["have to"], "need to", start, start + 7) == (False,)
    assert in_document(document, ["have to", "storm", "rain"], "need to", 0, 2) == (True, False, True)


def test_in_document_equals_written_in_a_windowed_document() -> None:
    """In a document longer than its window the shortcut is off: every phrase is looked up within
    the window (``DocumentWords.written``)."""
    text = TEXT + " Nothing more happened here. " * 8 + "A storm of rain."
    document = DocumentWords(text, window=6)
    assert not document.whole
    phrases = ["sign", "rain", "storm", "have to", "a sign of", "to be", "fair", "hope", "nothing"]
    for key, start in (("sign", text.index("sign")), ("storm", text.index("storm")), ("rest", text.index("rest"))):
        end = start + len(key)
        got = in_document(document, phrases, key, start, end)
        assert got == tuple(o != key and document.written(o, start, end) for o in phrases)
    storm = text.index("storm")
    assert in_document(document, ["rain", "sign", "hope"], "storm", storm, storm + 5) == (True, False, False)
