"""Do no harm: real, clean news articles are left (almost entirely) alone.

Reads ../shared/corpus/news-dev.jsonl by path and skips when it is absent.
"""

from __future__ import annotations

from collections import Counter

import textmend
from textmend.tokenize import WORD_RE

MAX_EDITS_PER_1000_WORDS = 0.5


def test_false_edit_rate_on_clean_corpus(clean_corpus: list[str]) -> None:
    words = 0
    false_edits: Counter[tuple[str, str]] = Counter()
    for text in clean_corpus:
        words += sum(1 for _ in WORD_RE.finditer(text))
        for edit in textmend.repair(text).edits:
            false_edits[(edit.original, edit.replacement)] += 1
    rate = 1000 * sum(false_edits.values()) / words
    print(f"clean corpus: {words} words, {sum(false_edits.values())} edits, {rate:.3f} per 1,000 words")
    assert rate <= MAX_EDITS_PER_1000_WORDS, false_edits.most_common(20)


def test_clean_articles_score_low(clean_corpus: list[str]) -> None:
    scores = sorted(textmend.score(text) for text in clean_corpus)
    median = scores[len(scores) // 2]
    assert median < 0.3, median
