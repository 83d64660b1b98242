"""Clean text stays clean when it gets long: articles that each score clean, joined into one
document (a long report, a crawl concatenated by a pipeline), are not flagged by ``check``.

(A document level that summed the regions' evidence at EM's rate failed both: 10 such articles
joined scored 0.92 with 2 edits. See ``textmend.spin_rate`` for the pooled evidence that replaced it,
and ``textmend.written`` for the document factor's window, which keeps a long text at the scale the
parameters were fitted on.)

Reads the development corpus by path; skips when it is absent (see conftest)."""

from __future__ import annotations

import pytest

import textmend

JOINED = 10
"""Articles joined; each scores below ``CLEAN_ALONE`` on its own."""
CLEAN_ALONE = 0.1


@pytest.fixture(scope="module")
def clean_articles(clean_corpus: list[str]) -> list[str]:
    chosen = [text for text in clean_corpus[:40] if textmend.score(text) < CLEAN_ALONE][:JOINED]
    assert len(chosen) == JOINED
    return chosen


def test_joined_clean_articles_score_clean(clean_articles: list[str]) -> None:
    assert textmend.score("\n\n".join(clean_articles)) < 0.5


def test_joined_clean_articles_get_no_more_edits_than_apart(clean_articles: list[str]) -> None:
    apart = sum(len(textmend.repair(text).edits) for text in clean_articles)
    joined = textmend.repair("\n\n".join(clean_articles))
    assert len(joined.edits) <= apart


MANY = 60
"""Articles joined in the long case: about 21,000 words, several times the longest document the
parameters were fitted on (``parameters.json``'s ``document_window``)."""


def test_many_joined_clean_articles_get_no_more_edits_than_apart(clean_corpus: list[str]) -> None:
    """Issue 10: clean text gets no more false edits for being long. 60 articles joined are a
    long report; apart, each is repaired as the article it is. (With the document factor searching
    the whole text, these 18,500 words scored 0.76 with 4 edits, against none apart:
    ``benchmarks/SPIN_SCORE.md``, 2026-12-02.)"""
    articles = clean_corpus[:MANY]
    apart = sum(len(textmend.repair(text).edits) for text in articles)
    joined = textmend.repair("\n\n".join(articles))
    assert joined.spin_score < 0.5
    assert len(joined.edits) <= apart
