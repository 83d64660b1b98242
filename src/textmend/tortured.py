"""Tortured phrases: spans that stand for a known scientific term (the ``science`` pack).

Two kinds of candidate span, both handed to the engine as :class:`textmend.candidates.Span`
with the term as the candidate original:

- **listed**: a tortured phrase of the list (``data/tortured_phrases.tsv.gz``, the Problematic
  Paper Screener's development list, CC BY 4.0), restored as listed. Source ``"tortured"``;
  ``C(s | T) = listed / n(T)``, uniform over the ``n(T)`` listed variants of T.
- **term variant**: a 2-5 word span each of whose words is T's word or a channel synonym of it
  (``T_j in {o : o in channel.candidates(s_j)}``), where T is a known term
  (``data/terms.txt.gz``) and the span itself is not. Source ``"term"``;
  ``C(s | T) = term + sum of log10 C(s_j | T_j)`` over the swapped words. An acronym in
  parentheses right after the span whose letters are T's initials ("irregular backwoods
  (RF)") adds ``acronym`` and the source ``"acronym"``.

Whether the span is rare enough is the language model's call in the engine (the LM ratio
of T against the span), like any other candidate.

The priors ``listed``, ``term`` and ``acronym`` (log10) are read from ``data/tortured.json``.
The matcher is an index, not a loop over terms: a trie of the known terms by first, second
and third token. A span is found by one set intersection per candidate original of its first
word (against the second word's originals), and one per matching head (against the third
word's). A 2-token variant depends on its word pair alone, so it is decided once per pair and
cached. Everything loads lazily, once per process.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import sys
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from importlib.resources import files
from typing import NamedTuple

from .candidates import USER_SOURCE, Span, Words
from .channel import Channel, ChannelEntry, recently_used
from .sorted_strings import SortedStrings

TERMS_RESOURCE = "data/terms.txt.gz"
LISTED_RESOURCE = "data/tortured_phrases.tsv.gz"
PRIORS_RESOURCE = "data/tortured.json"
ORDINARY_RESOURCE = "data/tortured_ordinary.txt.gz"
PACK = "science"
LISTED_SOURCE = "tortured"
TERM_SOURCE = "term"
FUNCTION_SOURCE = "function"
"""The channel source of the hand-written function-word rules (``wordlists/function_words.tsv``; rule
``function-word``, ``textmend.posterior.GROUP_OF_SOURCE``): :func:`merge` keeps their entry over a term's."""
ACRONYM_SOURCE = "acronym"
MAX_TOKENS = 5

_STOP = frozenset(
    "a an the of to in on for and or by with from at as is are be was were that this these those "
    "it its their his her our your we they he she i you not no".split()
)
"""Function words: a swap of these alone never makes a term variant."""


class Priors(NamedTuple):
    """log10 priors of the two kinds of span (``data/tortured.json``)."""

    listed: float
    """C of a listed phrase for its term, before dividing by the term's listed variants."""
    term: float
    """Added to the summed word weights of a variant of a scientific term (listed or curated)."""
    general_term: float
    """The same for a general term (a WordNet multi-word lemma only)."""
    one_swap_min: float
    """A variant with a single swapped word needs that word's log10 C(s | o) at least this high."""
    acronym: float
    """Added when an acronym in parentheses spells the term's initials."""


class Terms:
    """Known terms and listed tortured phrases, indexed for span matching.

    ``terms``: phrase keys (lower case, single-spaced) of 2-5 tokens, each followed by
    ``"\ts"`` when it is a scientific term (see ``scripts/build_terms.py``), as lines or as the
    bytes of ``data/terms.txt.gz`` (read by :func:`read_terms`); ``listed``: (tortured, term) pairs
    of phrase keys; ``synonyms``: extra word pairs beyond the channel's (spun word
    -> {original word: log10 weight}), e.g. aligned from a benchmark's own listed part;
    ``ordinary``: phrase keys that are no term variant without an acronym (``data/tortured_ordinary.txt.gz``).
    """

    def __init__(
        self,
        terms: Iterable[str] | bytes,
        listed: Iterable[tuple[str, str]],
        priors: Priors,
        synonyms: Mapping[str, Mapping[str, float]] | None = None,
        ordinary: Iterable[str] = (),
    ) -> None:
        self.priors = priors
        self.synonyms = synonyms
        self.ordinary = frozenset(ordinary)
        """Phrase keys that ordinary prose writes in their own sense (``wordlists/tortured_ordinary.txt``):
        never a term variant unless an acronym of the term follows them."""
        # Packed sorted blobs, not sets of 115,000 strings (~20 MB as Python objects, and every
        # full collection visited a set's strings); the trie is built lazily per first word
        # from the terms of 2-5 tokens that start with it (``SortedStrings.prefixed``).
        self.known: SortedStrings
        self.science: SortedStrings
        self.known, self.science = read_terms(terms) if isinstance(terms, bytes) else index_terms(terms)
        self._starting: dict[str, dict[str, Node] | None] = {}
        self.listed: dict[str, tuple[str, ...]] = {}
        lengths: dict[str, set[int]] = {}
        variants: dict[str, int] = {}
        for spun, term in listed:
            if term not in self.listed.get(spun, ()):
                self.listed[spun] = (*self.listed.get(spun, ()), term)
                variants[term] = variants.get(term, 0) + 1
            toks = spun.split(" ")
            lengths.setdefault(toks[0], set()).add(len(toks))
        self.listed_lengths = {w: tuple(sorted(n, reverse=True)) for w, n in lengths.items()}
        self.variants = variants
        self._matches: dict[tuple[Channel, int], _Matches] = {}
        self._matches_lock = threading.Lock()

    def starting(self, word: str) -> dict[str, Node] | None:
        """The known terms of 2-5 tokens whose first token is ``word``, as a trie by second
        token (``None`` if none): second token -> :data:`Node`. Built on first use per word
        from the sorted terms and kept in ``_starting``, which is emptied when it holds
        ``STARTING_CACHE_WORDS`` words."""
        try:
            return self._starting[word]
        except KeyError:
            pass
        if len(self._starting) >= STARTING_CACHE_WORDS:
            self._starting.clear()
        found: dict[str, Node] | None = None
        for term in self.known.prefixed(word + " "):
            toks = term.split(" ")
            if len(toks) > MAX_TOKENS:
                continue
            if found is None:
                found = {}
            second = sys.intern(toks[1])
            pair, longer = found.get(second, _NO_NODE)
            if len(toks) == 2:
                pair = True
            else:
                if longer is None:
                    longer = {}
                # interned: the words are shared between terms (~8 MB less)
                longer.setdefault(sys.intern(toks[2]), []).append(tuple(map(sys.intern, toks)))
            found[second] = (pair, longer)
        if found is not None:  # tuples, not lists: untracked by the garbage collector once seen
            for second, (pair, longer) in found.items():
                if longer is not None:
                    found[second] = (pair, {t: tuple(ts) for t, ts in longer.items()})
                else:  # a 2-token term alone (most nodes): one shared tuple (~4 MB less)
                    found[second] = _PAIR_ONLY
        self._starting[word] = found
        return found

    def matches(self, channel: Channel, synonyms: Mapping[str, Mapping[str, float]] | None) -> _Matches:
        """The process's :class:`_Matches` cache of these terms over ``channel`` and ``synonyms``."""
        key = (channel, id(synonyms))
        found = self._matches.get(key)
        if found is None or found.synonyms is not synonyms:
            with self._matches_lock:
                found = self._matches[key] = _Matches(channel, synonyms, self)
        return found


Node = tuple[bool, "dict[str, tuple[tuple[str, ...], ...]] | None"]
"""A node of the term trie under a first and second token: whether those two tokens are a
2-token term (the term is ``first + " " + second``: not kept, to save a string per term), and the
longer terms (3-5 tokens) by third token (``None`` if none)."""
_NO_NODE: Node = (False, None)
_PAIR_ONLY: Node = (True, None)
_UNSEEN: dict[str, Node] = {}
"""A :meth:`Terms.starting` trie cache miss (``dict.get``'s default; never stored)."""

Heads = tuple[tuple[tuple[str, float], ...], tuple[tuple[float, float, "dict[str, tuple[tuple[str, ...], ...]]"], ...]]
"""What a word pair can start (:meth:`_Matches.heads`): the 2-token variants it is, as
(term, log10 weight with the term's prior); and per (first, second) original pair with longer
terms, (log10 weight of the first two words, lowest swapped weight of those two or 0.0, the
longer terms by third token)."""

_NO_HEADS: Heads = ((), ())
_NO_FIRSTS: tuple[tuple[str, ...], tuple[float, ...]] = ((), ())

SMALL_ORIGINALS = 8
"""A second word with at most this many originals is matched by probing each in the trie
rather than by a set intersection (which builds a set)."""
MATCH_CACHE_WORDS = 4_096
"""Words per word cache of :class:`_Matches` (a few KB each); a full cache is emptied (the
originals' cache drops its least recently used words instead: ``MATCH_CACHE_ORIGINALS``)."""
STARTING_CACHE_WORDS = 65_536
"""First words whose term trie :meth:`Terms.starting` keeps (~250 bytes a word on average, most
tries being ``None`` or one pair: at most ~16 MB); a full cache is emptied. Every original of
every word is looked up, so a document meets thousands: the news-dev protocol (911 clean articles
and 200 spun) met 39,084 (9.8 MB, ``benchmarks/SPEED.md``, memory round 8), 100 + 100 articles
26,084. A bound below that thrashes: at 16,384 the 100 + 100 articles rebuilt 14 times as many
tries (~36 us each; ``benchmarks/SPEED.md``, CPU round 7)."""
MATCH_CACHE_ORIGINALS = 262_144
"""Original words, summed over the cached spun words, that the word cache of originals of
:class:`_Matches` holds (~64 a word, packed at ~16 bytes each: at most ~4 MB). Past this bound or
``MATCH_CACHE_WORDS``, the least recently used words are dropped (since CPU round 9; the cache
was emptied before): on 100 + 100 news articles 10,324 channel look-ups instead of 14,057, for
6,526 distinct words (a look-up of a word's full list is ~90 us; ``benchmarks/SPEED.md``).
Bounded by words alone (``MATCH_CACHE_WORDS``) it held 9.9 MB at 2,659 words (memory round 8);
100 + 100 articles never reach this bound. A tighter one costs channel look-ups (~0.3 ms each):
131,072 made 30% more on those articles, 65,536 58% more (CPU round 7)."""
MATCH_CACHE_PAIRS = 16_384
"""Word pairs in the pair cache of :class:`_Matches` (mostly empty); a full cache is emptied."""


class _Matches:
    """Per-process caches of the matcher, keyed by the spun words (the same words recur within
    and across documents): each word's candidate originals, and each word pair's term heads.

    Both are pure functions of the words, the channel, the extra synonyms and the terms, so a
    cached answer is the answer; each is bounded (``MATCH_CACHE_WORDS``, ``MATCH_CACHE_ORIGINALS``,
    ``MATCH_CACHE_PAIRS``)."""

    __slots__ = ("_firsts", "_heads", "_originals", "_originals_size", "channel", "synonyms", "terms")

    def __init__(self, channel: Channel, synonyms: Mapping[str, Mapping[str, float]] | None, terms: Terms) -> None:
        self.channel = channel
        self.synonyms = synonyms
        self.terms = terms
        self._originals: OrderedDict[str, tuple[tuple[str, ...], bytes]] = OrderedDict()
        """Spun word -> :meth:`originals` packed: the originals and their weights as the bytes of
        an ``array("d")`` in the same order (~16 bytes an original against ~52 for a dict entry
        and its float: 254,000 originals at the bound held 10.7 MB as dicts, ``benchmarks/SPEED.md``,
        memory round rss29); least recently used first (dropped first when a bound is passed)."""
        self._originals_size = 0
        """Original words summed over ``_originals``' values (bounded by ``MATCH_CACHE_ORIGINALS``)."""
        self._heads: dict[tuple[str, str], Heads] = {}
        self._firsts: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {}

    def originals(self, word: str) -> dict[str, float]:
        """Original word -> log10 C(word | original) (the word itself at 0.0), a new dict each call."""
        cache = self._originals
        packed = recently_used(cache, word)
        if packed is not None:
            weights = array("d")
            weights.frombytes(packed[1])
            return dict(zip(packed[0], weights.tolist()))
        known: dict[str, float] = {}
        for o, w in self.channel.weights(word).items():  # each original once: no max needed
            if " " not in o and o != word:
                known[o] = w
        if self.synonyms is not None:
            for o, w in self.synonyms.get(word, {}).items():
                known[o] = max(w, known.get(o, -math.inf))
        known[word] = 0.0
        cache[word] = (tuple(known), array("d", known.values()).tobytes())
        self._originals_size += len(known)
        while len(cache) > 1 and (len(cache) > MATCH_CACHE_WORDS or self._originals_size > MATCH_CACHE_ORIGINALS):
            try:
                self._originals_size -= len(cache.popitem(last=False)[1][0])
            except KeyError:  # another thread emptied it meanwhile
                break
        return known

    def heads(self, word1: str, word2: str) -> Heads:
        """The terms whose first two words the pair ``word1 word2`` can stand for (see
        :data:`Heads`): a 2-token variant depends on the pair alone, so it is decided here
        once; the longer terms wait for the words after the pair (:func:`_variants`)."""
        pair = (word1, word2)
        known = self._heads.get(pair)
        if known is None:
            firsts, first_weights = self._first(word1)
            second = self.originals(word2) if firsts else {}
            done: list[tuple[str, float]] = []
            deeper: list[tuple[float, float, dict[str, tuple[tuple[str, ...], ...]]]] = []
            few = len(second) <= SMALL_ORIGINALS
            seconds = second.keys()
            terms = self.terms
            priors = terms.priors
            pair_known: bool | None = None
            tries = terms._starting
            for o1, w1 in zip(firsts, first_weights):
                # in the trie cache unless it was emptied since ``_first`` (then rebuilt)
                by_second = tries.get(o1) or terms.starting(o1)
                if few:
                    both: Iterable[str] = second
                elif by_second.keys().isdisjoint(seconds):  # most: no set built
                    continue
                else:
                    both = by_second.keys() & seconds
                for o2 in both:
                    if few and o2 not in by_second:
                        continue
                    total = w1 + second[o2]
                    lowest = min(w1 if o1 != word1 else 0.0, second[o2] if o2 != word2 else 0.0)
                    is_pair, longer = by_second[o2]
                    if is_pair:  # the checks of ``_variants`` on a span that is the pair alone
                        swap1, swap2 = o1 != word1, o2 != word2
                        if (swap1 + swap2 != 1 or lowest >= priors.one_swap_min) and (
                            (swap1 and word1 not in _STOP) or (swap2 and word2 not in _STOP)  # _is_variant
                        ):
                            if pair_known is None:  # the same span for every original pair
                                pair_known = f"{word1} {word2}" in terms.known
                            if not pair_known:
                                term = f"{o1} {o2}"
                                prior = priors.term if term in terms.science else priors.general_term
                                done.append((term, total + prior))
                    if longer is not None:
                        deeper.append((total, lowest, longer))
            known = (tuple(done), tuple(deeper)) if done or deeper else _NO_HEADS
            if len(self._heads) >= MATCH_CACHE_PAIRS:
                self._heads.clear()
            self._heads[pair] = known
        return known

    def _first(self, word: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
        """The originals of ``word`` that start a known term and their log10 weights, as two
        tuples in the same order. Strings and floats only: the garbage collector stops tracking
        the cached tuples; two flat tuples, not a tuple of pairs (~2 KB less per word: ~5 MB in a
        full cache)."""
        known = self._firsts.get(word)
        if known is None:
            first = self.originals(word)
            starting = self.terms.starting
            tries = self.terms._starting
            # the trie cache looked up inline (most originals are in it): a call each is ~1 us
            pairs: list[tuple[str, float]] = []
            for o1, w1 in first.items():
                trie = tries.get(o1, _UNSEEN)
                if (trie if trie is not _UNSEEN else starting(o1)) is not None:
                    pairs.append((o1, w1))
            known = (tuple(o for o, _ in pairs), tuple(w for _, w in pairs)) if pairs else _NO_FIRSTS
            if len(self._firsts) >= MATCH_CACHE_WORDS:
                self._firsts.clear()
            self._firsts[word] = known
        return known


_lock = threading.Lock()
_terms: Terms | None = None


def get_terms() -> Terms:
    """The shipped :class:`Terms` (loaded on first use, thread-safe)."""
    global _terms
    with _lock:
        if _terms is None:
            root = files("textmend")
            terms = gzip.decompress(root.joinpath(TERMS_RESOURCE).read_bytes())
            listed = [tuple(x.split("\t", 1)) for x in _lines(root.joinpath(LISTED_RESOURCE).read_bytes())]
            _terms = Terms(terms, listed, get_priors(), ordinary=get_ordinary())  # type: ignore[arg-type]
    return _terms


def get_ordinary() -> frozenset[str]:
    """The shipped ordinary phrases (``data/tortured_ordinary.txt.gz``, written by ``scripts/build_terms.py``
    from ``wordlists/tortured_ordinary.txt``): listed tortured phrases that ordinary prose writes in their
    own sense ("new crown", "enthusiastic state")."""
    return frozenset(_lines(files("textmend").joinpath(ORDINARY_RESOURCE).read_bytes()))


def set_terms(terms: Terms | None) -> None:
    """Replace the process's :class:`Terms` (``None``: the shipped data again, on next use).

    For held-out benchmarks that build terms from part of the list (``benchmarks/tortured.py``).
    """
    global _terms
    with _lock:
        _terms = terms


def get_priors() -> Priors:
    """The priors of ``data/tortured.json``; ``RuntimeError`` if the file is malformed."""
    raw = json.loads(files("textmend").joinpath(PRIORS_RESOURCE).read_text(encoding="utf-8"))
    try:
        p = raw["priors"]
        return Priors(float(p["listed"]), float(p["term"]), float(p["general_term"]), float(p["one_swap_min"]), float(p["acronym"])
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise RuntimeError(f"textmend's {PRIORS_RESOURCE} is malformed ({exc!r}); reinstall textmend") from exc


def _lines(blob: bytes) -> list[str]:
    return _text_lines(gzip.decompress(blob).decode("utf-8"))


def _text_lines(text: str) -> list[str]:
    """The lines of a data file that are neither empty nor a ``#`` comment."""
    return [x for x in text.splitlines() if x and not x.startswith("#")]


def index_terms(lines: Iterable[str]) -> tuple[SortedStrings, SortedStrings]:
    """(known, science): the terms of ``lines`` (``term`` or ``term\\ttag``) and those tagged
    ``s``."""
    parts = [line.partition("\t") for line in lines]
    return (SortedStrings(term for term, _, _ in parts),
            SortedStrings(term for term, _, tag in parts if tag == "s"))


_TAG = re.compile(rb"\t[^\n]*")
"""A line's tag, from its first tab to the end of the line."""
_OTHER_BREAKS = tuple(c.encode("utf-8") for c in "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
"""The line breaks that ``str.splitlines`` knows beside ``"\\n"``, in UTF-8."""
_SCIENCE_END = b"\ts\n"
"""The end of a line tagged ``s``."""


def read_terms(raw: bytes) -> tuple[SortedStrings, SortedStrings]:
    """:func:`index_terms` of ``data/terms.txt.gz`` (``raw``: its UTF-8 lines, each ending in
    ``"\\n"``; ``#`` comment lines and empty lines skipped).

    The known terms are built from the whole text at once (:meth:`SortedStrings.from_lines`,
    the tags cut by one regular expression), not line by line: most of the first repair's time
    was this (``benchmarks/SPEED.md``, cold start). A text with a comment or empty line after
    its leading comments, or a line break other than ``"\\n"`` (``str.splitlines`` splits at
    those too), goes line by line."""
    if raw and not raw.endswith(b"\n"):
        raw += b"\n"
    while raw.startswith(b"#"):  # the header
        raw = raw[raw.index(b"\n") + 1 :]
    if raw.startswith(b"\n") or b"\n\n" in raw or b"\n#" in raw or any(c in raw for c in _OTHER_BREAKS):
        return index_terms(_text_lines(raw.decode("utf-8")))
    science: list[str] = []
    end = raw.find(_SCIENCE_END)
    while end >= 0:
        term = raw[raw.rfind(b"\n", 0, end) + 1 : end]
        if b"\t" not in term:  # else its tag runs from an earlier tab: not "s"
            science.append(term.decode("utf-8"))
        end = raw.find(_SCIENCE_END, end + len(_SCIENCE_END))
    return SortedStrings.from_lines(_TAG.sub(b"", raw)), SortedStrings(science)


def spans(
    words: Words,
    channel: Channel,
    terms: Terms | None = None,
    synonyms: Mapping[str, Mapping[str, float]] | None = None,
    starts: Iterable[int] | None = None,
) -> Iterator[Span]:
    """Every listed or term-variant span of ``words``, in word order (overlaps included).

    ``starts`` (ascending word indices) limits the search to spans that start there
    (``textmend.recheck``).

    ``synonyms`` (spun word -> {original word: log10 weight}) adds word pairs to the
    channel's (the held-out benchmark uses it); ``terms`` defaults to :func:`get_terms`.
    Each span's entries are ``ChannelEntry(term, log10 C(s | T), sources, "science")``,
    best first.
    """
    terms = get_terms() if terms is None else terms
    synonyms = terms.synonyms if synonyms is None else synonyms
    lowers = words.lowers
    n_words = len(lowers)
    matches = terms.matches(channel, synonyms)

    priors = terms.priors
    ordinary = terms.ordinary
    for i in range(n_words) if starts is None else starts:
        found: dict[int, dict[str, ChannelEntry]] = {}
        word = lowers[i]
        for n in terms.listed_lengths.get(word, ()):
            last = i + n - 1
            if last >= n_words or not words.run_ok(i, last) or words.boxed(i, last):
                continue
            key = " ".join(lowers[i : last + 1])
            for term in terms.listed.get(key, ()):
                weight = priors.listed - math.log10(terms.variants[term])
                found.setdefault(last, {})[term] = ChannelEntry(term, weight, (LISTED_SOURCE,), PACK)
        if i + 1 < n_words and words.run_ok(i, i + 1):
            for term, last, weight in _variants(lowers, i, matches, terms):
                if words.boxed(i, last) or not words.run_ok(i, last):
                    continue
                sources: tuple[str, ...] = (TERM_SOURCE,)
                if _acronym_follows(words, last, term):
                    weight += priors.acronym
                    sources = (TERM_SOURCE, ACRONYM_SOURCE)
                elif ordinary and " ".join(lowers[i : last + 1]) in ordinary:
                    continue  # "an enthusiastic state": ordinary prose, no variant of "emotional state"
                old = found.setdefault(last, {}).get(term)
                if old is None or old.weight < weight:
                    found[last][term] = ChannelEntry(term, weight, sources, PACK)
        for last in sorted(found):
            by_term = found[last]
            for term in [t for t in by_term if _singular(t) in by_term]:
                del by_term[term]  # "backwoods": both numbers match; the singular term, once
            entries = tuple(sorted(by_term.values(), key=lambda e: (-e.weight, e.original)))
            yield Span(i, last, " ".join(lowers[i : last + 1]), entries)


def written(words: Words, terms: Terms | None = None) -> list[tuple[int, int] | None]:
    """Where known terms stand written as themselves: per word, the (first, last) word indices
    of the known term of 2-5 tokens that covers it and reaches furthest (``None`` if none), so
    words ``i..j`` lie inside a written term when ``cover[i]`` is ``(a, b)`` with ``b >= j``.

    A term's words must stand together (:meth:`Words.run_ok`); its last word may carry a plural
    ending ("correlation coefficients"). One walk down the term trie per word (:meth:`Terms.starting`).
    ``terms`` defaults to :func:`get_terms`."""
    terms = get_terms() if terms is None else terms
    lowers = words.lowers
    n_words = len(lowers)
    cover: list[tuple[int, int] | None] = [None] * n_words
    best: tuple[int, int] | None = None
    tries = terms._starting
    starting = terms.starting
    for i in range(n_words):
        word = lowers[i]
        node = tries.get(word, _UNSEEN) if i + 1 < n_words else None
        if node is _UNSEEN:  # the trie cache looked up inline: a call each is ~1 us
            node = starting(word)
        if node is not None:
            last = _longest_written(lowers, i, node)
            while last > i and not words.run_ok(i, last):
                last = _longest_written(lowers, i, node, last - 1)
            if last > i and (best is None or last > best[1]):
                best = (i, last)
        cover[i] = best if best is not None and best[1] >= i else None
    return cover


def _forms(word: str) -> tuple[str, ...]:
    """``word`` and the words it may be the plural of (-s, -es)."""
    if not word.endswith("s"):
        return (word,)
    return (word, word[:-1], word[:-2]) if word.endswith("es") else (word, word[:-1])


def _longest_written(lowers: list[str], i: int, node: dict[str, Node], limit: int | None = None) -> int:
    """The last word index of the longest known term starting at word ``i`` and ending at or
    before ``limit`` (``i`` if none); ``node`` is the trie of the terms starting with word ``i``."""
    n_words = len(lowers)
    limit = n_words - 1 if limit is None else limit
    best = i
    word2 = lowers[i + 1]
    entry = node.get(word2)
    if entry is not None and entry[1] is not None and i + 2 < n_words:
        for third in _forms(lowers[i + 2]):
            for toks in entry[1].get(third, ()):
                last = i + len(toks) - 1
                if last <= best or last > limit or last >= n_words:
                    continue
                if len(toks) > 3 and toks[2] != lowers[i + 2]:
                    continue
                if all(lowers[i + j] == toks[j] for j in range(3, len(toks) - 1)) and (
                    len(toks) == 3 or toks[-1] in _forms(lowers[last])
                ):
                    best = last
    if best == i and i + 1 <= limit:
        for form in _forms(word2):
            pair = node.get(form)
            if pair is not None and pair[0]:
                return i + 1
    return best


def is_term(tokens: list[str], terms: Terms | None = None) -> bool:
    """Whether ``tokens`` (lower case) are a known term, the last one perhaps with a plural ending."""
    known = (get_terms() if terms is None else terms).known
    head, word = " ".join(tokens[:-1]), tokens[-1]
    return any(f"{head} {w}" in known for w in (word, word[:-1] if word.endswith("s") else "",
                                                   word[:-2] if word.endswith("es") else "") if w)


def _variants(
    lowers: list[str], i: int, matches: _Matches, terms: Terms
) -> Iterator[tuple[str, int, float]]:
    """(term, last word index, log10 weight) of each known term the span at ``i`` can stand for,
    in no set order (:func:`spans` keeps each term's best weight and sorts).

    The pair at ``i`` gives its 2-token variants and, per original pair, the longer terms by
    third token (:meth:`_Matches.heads`); those are intersected with the third word's originals
    at once, and the few left are checked word by word."""
    done, deeper = matches.heads(lowers[i], lowers[i + 1])
    for term, weight in done:
        yield term, i + 1, weight
    n_words = len(lowers)
    if not deeper or i + 2 >= n_words:
        return
    originals = matches.originals
    word3 = lowers[i + 2]
    third = originals(word3)
    one_swap_min = terms.priors.one_swap_min
    for head_total, head_lowest, longer in deeper:
        for o3 in longer.keys() & third.keys():
            w3 = third[o3]
            for toks in longer[o3]:
                last = i + len(toks) - 1
                if last >= n_words:
                    continue
                total = head_total + w3
                lowest = min(head_lowest, w3) if o3 != word3 else head_lowest
                for j in range(3, len(toks)):
                    w = originals(lowers[i + j]).get(toks[j])
                    if w is None:
                        break
                    total += w
                    if toks[j] != lowers[i + j]:
                        lowest = min(lowest, w)
                else:
                    span = lowers[i : last + 1]
                    swaps = sum(a != b for a, b in zip(span, toks))
                    if swaps == 1 and lowest < one_swap_min:
                        continue
                    if _is_variant(span, toks, terms):
                        term = " ".join(toks)
                        prior = terms.priors.term if term in terms.science else terms.priors.general_term
                        yield term, last, total + prior


def _singular(term: str) -> str:
    """``term`` with an -s/-es plural ending of its last word taken off (or ``""``)."""
    for ending in ("es", "s"):
        if term.endswith(ending) and not term.endswith("ss"):
            return term[: -len(ending)]
    return ""


def _is_variant(span: list[str], toks: tuple[str, ...], terms: Terms) -> bool:
    """A swap of at least one content word, and the span is no known term itself."""
    swapped = [s for s, t in zip(span, toks) if s != t]
    if not swapped or all(s in _STOP for s in swapped):
        return False
    return " ".join(span) not in terms.known


def _acronym_follows(words: Words, last: int, term: str) -> bool:
    """Whether "(ACRONYM)" right after word ``last`` spells the initials of ``term``."""
    j = last + 1
    if j >= len(words.lowers):
        return False
    text = words.text
    gap = text[words.ends[last] : words.starts[j]]
    if gap.strip() != "(" or text[words.ends[j] : words.ends[j] + 1] != ")":
        return False
    acronym = text[words.starts[j] : words.ends[j]]
    if acronym.endswith("s") and acronym[:-1].isupper():
        acronym = acronym[:-1]
    if not (acronym.isupper() and 2 <= len(acronym) <= 8):
        return False
    initials = "".join(part[0] for tok in term.split(" ") for part in tok.split("-") if part)
    return acronym.lower() == initials or acronym.lower() == "".join(t[0] for t in term.split(" "))


def merge(base: Iterable[Span], extra: Iterable[Span]) -> list[Span]:
    """Spans of ``base`` (the channel's) and ``extra`` (the term matcher's) in (first, last) order;
    entries of one (first, last) are joined, ``extra``'s first. An original both give is kept once,
    at ``extra``'s place: ``base``'s entry if the function-word rules give it (source
    ``FUNCTION_SOURCE``), else ``extra``'s."""
    by_pos: dict[tuple[int, int], Span] = {(s.first, s.last): s for s in base}
    for s in extra:
        old = by_pos.get((s.first, s.last))
        if old is None:
            by_pos[(s.first, s.last)] = s
            continue
        if old.entries[0].pack == USER_SOURCE:  # the user's own pair overrides every list
            continue
        # an original both lists hold: the term's entry (the term model is fitted on those), unless the
        # function-word rules give it ("greater than" -> "more than" at -0.79 is a function-word swap,
        # no term matched through "greater" -> "more" at -3.42; "prisoner of warfare" stays a term)
        known = {e.original: e for e in old.entries if FUNCTION_SOURCE in e.sources}
        joined = tuple(known.get(e.original, e) for e in s.entries)
        seen = {e.original for e in s.entries}
        by_pos[(s.first, s.last)] = old._replace(
            entries=joined + tuple(e for e in old.entries if e.original not in seen)
        )
    return [by_pos[k] for k in sorted(by_pos)]
