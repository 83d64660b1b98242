"""Broken collocations: document-level evidence that does not need a spin table entry.

A sense-blind spinner swaps a word for a synonym of *some* sense of it, so the new word
often stops fitting its neighbours: "mobile phone company" becomes "mobile phone
companionship", "over time" becomes "over clock". A word is a *broken collocation* when
one of its alternatives (WordNet synonyms of all senses, ``Lexicon.collocations``) forms a
bigram with a neighbour that is far commoner than the word's own bigram with it
(``BREAK_MARGIN`` log10 units; an unattested bigram counts as 0).

Writers break collocations too, and an alternative of some sense is no restoration to
propose, so this never produces an edit: it only feeds the document's spin score
(``textmend.detect``), where many breaks per word tell a spun article from a clean one.
"""

from __future__ import annotations

from typing import Protocol

from .lexicon import Lexicon

BREAK_MARGIN = 15
"""Tenths of a log10 unit by which the alternative's bigram must beat the word's own."""


class WordSpans(Protocol):
    """The words of a text as the detector holds them (``textmend.detect._Words``)."""

    text: str
    starts: list[int]
    ends: list[int]
    lowers: list[str]

    def joined(self, i: int) -> bool:
        """Whether word ``i`` follows word ``i - 1`` with no punctuation or paragraph between."""
        ...


def broken_collocations(words: WordSpans, lexicon: Lexicon) -> set[str]:
    """The distinct word forms of ``words`` that break a collocation with a neighbour.

    Bigrams never span punctuation or a paragraph break (``words.joined``).
    """
    table = lexicon.collocations
    forms, ids, counts, size = table.forms, table.word_ids, table.counts, len(table.word_ids)
    lowers, starts, ends, text = words.lowers, words.starts, words.ends, words.text
    found: set[str] = set()
    last = len(lowers) - 1
    for i, word in enumerate(lowers):
        entry = forms.get(word)
        if entry is None or word in found:
            continue
        own_id, alt_ids = entry
        left = ids.get(lowers[i - 1]) if i > 0 else None
        # one plain space is by far the commonest gap: test it inline, ask joined() otherwise
        if left is not None and (
            (starts[i] - ends[i - 1] == 1 and text[ends[i - 1]] == " ") or words.joined(i)
        ):
            row = left * size
            need = BREAK_MARGIN if own_id is None else counts.get(row + own_id, 0) + BREAK_MARGIN
            broken = False
            for alt in alt_ids:  # a plain loop: no generator or call per word on the hot path
                if counts.get(row + alt, 0) >= need:
                    broken = True
                    break
            if broken:
                found.add(word)
                continue
        right = ids.get(lowers[i + 1]) if i < last else None
        if right is not None and (
            (starts[i + 1] - ends[i] == 1 and text[ends[i]] == " ") or words.joined(i + 1)
        ):
            need = BREAK_MARGIN if own_id is None else counts.get(own_id * size + right, 0) + BREAK_MARGIN
            for alt in alt_ids:
                if counts.get(alt * size + right, 0) >= need:
                    found.add(word)
                    break
    return found
