"""Broken collocations: document-level evidence that does not need a spin table entry.

A sense-blind spinner swaps a word for a synonym of *some* sense of it, so the new word
often stops fitting its neighbours: "mobile phone company" becomes "mobile phone
companionship", "over time" becomes "over clock". A word is a *broken collocation* when
one of its alternatives (``Lexicon.alternatives``: WordNet synonyms of all senses) forms a
bigram with a neighbour that is far commoner than the word's own bigram with it
(``BREAK_MARGIN`` log10 units; an unattested bigram counts as 0).

Writers break collocations too, and an alternative of some sense is no restoration to
propose, so this never produces an edit: it only feeds the document's spin score
(``textmend.detect``), where many breaks per word tell a spun article from a clean one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .lexicon import Lexicon

BREAK_MARGIN = 1.5
"""log10 units by which the alternative's bigram must beat the word's own."""


def broken_collocations(
    lowers: Sequence[str], joined: Callable[[int], bool], lexicon: Lexicon
) -> set[str]:
    """The distinct word forms in ``lowers`` that break a collocation with a neighbour.

    ``joined(i)`` says whether word ``i`` directly follows word ``i - 1`` (no punctuation
    or paragraph between them), so that bigrams never span a sentence break.
    """
    alternatives = lexicon.alternatives
    context, rest = lexicon.bigrams, lexicon.collocation_bigrams

    def count(bigram: str) -> float:
        return context.get(bigram) or rest.get(bigram, 0.0)

    found: set[str] = set()
    last = len(lowers) - 1
    for i, word in enumerate(lowers):
        alts = alternatives.get(word)
        if alts is None or word in found:
            continue
        left = lowers[i - 1] if i > 0 and joined(i) else None
        right = lowers[i + 1] if i < last and joined(i + 1) else None
        if left is not None:
            own = count(f"{left} {word}")
            if any(count(f"{left} {alt}") - own >= BREAK_MARGIN for alt in alts):
                found.add(word)
                continue
        if right is not None:
            own = count(f"{word} {right}")
            if any(count(f"{alt} {right}") - own >= BREAK_MARGIN for alt in alts):
                found.add(word)
    return found
