"""The compiled wordlists, loaded lazily, once per process, thread-safe.

The shipped file ``data/lexicon.json.gz`` is gzip-compressed UTF-8 JSON written by
``scripts/build_wordlists.py`` (format documented in ARCHITECTURE.md):

- ``spins``: spun form -> ``[[original, pack, pos, strength], ...]``, best first;
- ``idioms``: known multi-word expressions, lower case, single-spaced;
- ``zipf``: wordfreq Zipf frequency of lexicon words;
- ``bigrams``: log10 counts of the commonest bigrams of each lexicon word (context evidence);
- ``collocations``: for the document score's collocation check, word forms with the forms
  a sense-blind spinner could have replaced by them (WordNet synonyms of all senses) and
  the bigram counts to compare them by, with words as integer ids.

Importing textmend costs nothing; the first lookup pays for the load (about 0.3 s).
"""

from __future__ import annotations

import base64
import gzip
import json
import sys
import threading
from array import array
from collections.abc import Iterable
from importlib.resources import files
from itertools import accumulate
from typing import NamedTuple

LEXICON_RESOURCE = "data/lexicon.json.gz"
FORMAT_NAME = "textmend-lexicon"
FORMAT_VERSION = 2


class Candidate(NamedTuple):
    """One possible original of a spun form."""

    original: str
    pack: str
    pos: str
    strength: float


class Collocations(NamedTuple):
    """The collocation check's tables, keyed by integers so that a lookup builds no string."""

    word_ids: dict[str, int]
    """Word -> id, for every word of a bigram in ``counts``."""
    counts: dict[int, int]
    """``left id * len(word_ids) + right id`` -> tenths of the bigram's log10 count."""
    forms: dict[str, tuple[int | None, tuple[int, ...]]]
    """Word form -> (its own id or None, the ids of its alternatives)."""


class Lexicon(NamedTuple):
    """Everything the detector looks up, in the shapes it looks them up in."""

    spins: dict[str, tuple[Candidate, ...]]
    """Spun form (lower case, single-spaced) -> candidate originals, best first."""
    spin_lengths: dict[str, tuple[int, ...]]
    """First word of a spun form -> the token lengths of spun forms starting with it, longest first."""
    idioms: frozenset[str]
    """Known multi-word expressions and collocations."""
    idiom_pairs: frozenset[str]
    """Every pair of adjacent words inside an idiom: a cheap gate before trying windows."""
    idioms_by_word: dict[str, tuple[str, ...]]
    """Word -> the idioms it occurs in, for fuzzy matching of inflected variants."""
    zipf: dict[str, float]
    """Word -> wordfreq Zipf frequency."""
    bigrams: dict[str, float]
    """"w1 w2" -> log10 count: the commonest bigrams of lexicon words; absence means nothing."""
    collocations: Collocations
    """All-sense alternatives and bigram counts for ``textmend.collocations``."""
    sources: dict[str, str]
    """Where the data came from, with versions."""


_lock = threading.Lock()
_loaded: Lexicon | None = None


def get_lexicon() -> Lexicon:
    """Return the process-wide lexicon, loading it on first use (double-checked lock)."""
    global _loaded
    lexicon = _loaded
    if lexicon is None:
        with _lock:
            lexicon = _loaded
            if lexicon is None:
                raw = files("textmend").joinpath(LEXICON_RESOURCE).read_bytes()
                lexicon = _loaded = parse_lexicon(raw)
    return lexicon


def parse_lexicon(raw: bytes) -> Lexicon:
    """Build a :class:`Lexicon` from the bytes of a compiled lexicon file."""
    data = json.loads(gzip.decompress(raw))
    if data.get("format") != FORMAT_NAME or data.get("version") != FORMAT_VERSION:
        raise ValueError(
            f"not a {FORMAT_NAME} v{FORMAT_VERSION} file "
            f"(got {data.get('format')!r} v{data.get('version')!r}); rebuild with scripts/build_wordlists.py"
        )
    spins = {
        key: tuple(Candidate(o, pack, pos, float(s)) for o, pack, pos, s in cands)
        for key, cands in data["spins"].items()
    }
    idioms = frozenset(data.get("idioms", ()))
    return Lexicon(
        spins=spins,
        spin_lengths=_lengths_by_first_word(spins),
        idioms=idioms,
        idiom_pairs=_adjacent_pairs(idioms),
        idioms_by_word=_index_by_word(idioms),
        zipf=data.get("zipf", {}),
        bigrams=data.get("bigrams", {}),
        collocations=_collocations(data.get("collocations", {})),
        sources=data.get("sources", {}),
    )


def _collocations(table: dict) -> Collocations:
    words = table.get("words", [])
    ids = {word: i for i, word in enumerate(words)}
    deltas = array("I", base64.b64decode(table.get("keys", "")))
    if sys.byteorder == "big":  # the file is little-endian
        deltas.byteswap()
    counts = base64.b64decode(table.get("counts", ""))
    return Collocations(
        word_ids=ids,
        counts=dict(zip(accumulate(deltas), counts)),
        forms={form: (ids.get(form), tuple(alts)) for form, alts in table.get("alternatives", {}).items()},
    )


def _lengths_by_first_word(keys: Iterable[str]) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = {}
    for key in keys:
        parts = key.split(" ")
        lengths.setdefault(parts[0], set()).add(len(parts))
    return {first: tuple(sorted(ns, reverse=True)) for first, ns in lengths.items()}


def _adjacent_pairs(phrases: frozenset[str]) -> frozenset[str]:
    pairs: set[str] = set()
    for phrase in phrases:
        parts = phrase.split(" ")
        pairs.update(f"{a} {b}" for a, b in zip(parts, parts[1:]))
    return frozenset(pairs)


def _index_by_word(phrases: frozenset[str]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for phrase in sorted(phrases):
        for word in set(phrase.split(" ")):
            index.setdefault(word, []).append(phrase)
    return {word: tuple(found) for word, found in index.items()}
