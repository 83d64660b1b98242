"""The spinner channel C(s | o): which originals a spun form may stand for, and how likely.

A spinner draws a synonym for the original ``o`` from one of its sources ``k`` (a mined
dictionary, curated pairs, function-word rules, a thesaurus), uniformly from that source's
list of ``n_k(o)`` synonyms. With source priors ``pi_k`` the channel is the mixture::

    C(s | o) = sum_k pi_k * [(s, o) in source k] / n_k(o) ** beta_k

``beta_k`` (1 unless ``data/channel_priors.json`` says otherwise) tempers a thesaurus's list
length: a real spinner's list for ``o`` is rarely Moby's hundreds of words, and with ``beta_k`` 1
a pair held by one long list lost to every pair of a short WordNet-derived one (see
``benchmarks/COVERAGE.md``, "Candidate limit and tempered counts").

Pack files (``data/channel/<pack>.sqlite``, built by ``scripts/build_channel.py``; layout in
ARCHITECTURE.md, "Channel format") store, for each spun form, its candidate originals with
the bitmask of sources holding the pair, and for each original its ``n_k``. The priors
``pi_k`` and exponents ``beta_k`` come from ``data/channel_priors.json``. Weights are computed at lookup time, so
leaving sources out (``exclude_sources``) needs no rebuild.

Nothing is read at import. :func:`get_channel` opens the pack files (read-only SQLite, a
few milliseconds) and each spun form is looked up once and cached.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import operator
from math import log10
import sqlite3
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from array import array
from importlib import resources
from itertools import accumulate
from pathlib import Path
from typing import NamedTuple, TypeVar

FORMAT = "textmend-channel"
DEFAULT_PACKS = ("general", "news", "science")
_CACHE_SIZE = 200_000  # words whose heads and lengths a Channel caches (a shared pair of small tuples each)
CACHE_FORMS = 32_768
"""Spun forms with candidates whose candidates a Channel keeps (least recently used out), at
most ``CACHE_ENTRIES`` candidates in all."""
CACHE_ENTRIES = 50_000
"""Candidates a Channel keeps at most. A cached single word has ~65 on average (news), so this
holds ~800 forms. Measured on 250 news articles (``benchmarks/SPEED.md``): forms without
candidates are six in seven lookups that miss; kept in the same LRU they pushed the forms with
candidates out. 250,000 (~4,000 forms) until CPU round 9 (``benchmarks/SPEED.md``): the scan's
look-ups go to ``BEST_FORMS`` first since, and these full lists serve its misses and the term
matcher's words; with ``BEST_FORMS`` in front, 100 + 100 news articles made 5% more pack look-ups
at 50,000 than at 250,000 (71,092 against 67,716; 10,000: 6% more)."""
HOT_ENTRIES = 10_000
"""Of those, the candidates of the most recently used forms kept as ``ChannelEntry`` records
(~100 bytes each with its weight); the others are packed (~32 bytes each: references and an
array of weights) and unpacked on their next use. A record is a tuple subclass, which the
garbage collector never stops tracking: 250,000 of them made every full collection walk them
(~300 ms each, ~20% of repair time on news; benchmarks/SPEED.md, round 4). 40,000 until CPU
round 9: with ``BEST_FORMS`` in front, 100 + 100 news articles unpacked 435 forms at 10,000
(12,985 before round 9)."""
BEST_FORMS = 8_192
"""Spun forms whose best ``n`` candidates (:meth:`Channel.best`, the scan's look-up: ``n`` is
``max_candidates``, 12) a Channel keeps as records, emptied when full: at most ~1.3 KB a form
(~11 MB full). 100 + 100 news articles meet 5,828 forms with candidates and looked them up 51,159
times; without this cache the full lists (~67 candidates a form) overflowed ``CACHE_ENTRIES``
and ``HOT_ENTRIES``: 12,985 forms were unpacked and 2,885 read again from the packs, ~1.8 s of
~15 s (``benchmarks/SPEED.md``, CPU round 9). At 4,096 forms those articles unpacked or read again
~2,000 forms more."""
TEMPERED_FORMS = 1_024
"""Spun forms whose weights under other exponents (:meth:`Channel.weights_with`) a Channel keeps
per set of exponents, least recently used out, packed (originals and float64 bytes: ~1.3 KB a form
of ~70 candidates, ~1.5 MB full). The re-ranking of reported findings (``textmend.alternatives``)
asks them of each finding's spun form, a read of the packs each; 150 spun news articles asked
10,062 times for 4,592 forms, of which an LRU of 1,024 forms answers 3,094 (measured with the
harness's texts; 2,048: 4,428; 4,096: 5,436). 2,048 until 2026-12-03: the ~1.8 MB it held more kept a
benchmark worker's peak RSS at 149 MB against the 150 MB target (``benchmarks/SPEED.md``, rss28), for
~1,300 more reads of ~60-140 us each over those 150 articles (~1% of their CPU)."""
TEMPERED_SETS = 4
"""Sets of exponents whose :meth:`Channel.weights_with` a Channel keeps at once (the package asks
one: ``textmend.alternatives.EXPONENTS``); a fifth empties them."""
ORIGINALS_CACHE = 65_536
"""Original texts a pack keeps, by id; emptied when full. Their counts ``n_k`` stay (2 bytes per
source and original of the pack: 0.9 MB for the shipped general pack), and the weights are
computed per lookup (the shipped packs hold 57,335, 7,295 and 1,379 originals: they all fit)."""
SQLITE_CACHE_KIB = 512
"""SQLite page cache of each pack's connection, KiB (SQLite's default is 2,000). The packs are
read-only files that the OS caches anyway; a lookup reads a few B-tree pages, whose upper levels
stay in this cache. The shipped general pack (15 MB) filled the default one: ~1.5 MB less."""
CACHE_EMPTY = 32_768
"""Looked-up keys without candidates a Channel remembers (the keys of a dict, ~2 MB full;
emptied when full): most multi-word keys of a text are no spun form. 65,536 until memory round 7
(benchmarks/SPEED.md): 911 + 200 news articles meet ~37,000 such keys; 32,768 took the corpus
protocol's peak 153 -> 150 MB at no measurable CPU cost. Memory round 8: a dict, not a set (a set
of more than 19,660 strings has a table of 131,072 slots, 2 MB; a dict of 32,768 keys 1.3 MB);
21,845 keys made ~8,000 more SQLite queries in 500 articles (~0.4% of their CPU): not adopted."""


class ChannelEntry(NamedTuple):
    """One candidate original of a spun form."""

    original: str
    """The original, lower case, single-spaced (``textmend.tokenize.phrase_key`` form)."""
    weight: float
    """log10 C(s | o)."""
    sources: tuple[str, ...]
    """Names of the sources holding the pair, in bit order."""
    pack: str
    """The pack it came from: general / news / science / a user pack's name."""


K = TypeVar("K")
V = TypeVar("V")


def recently_used(cache: OrderedDict[K, V], key: K) -> V | None:
    """``cache[key]`` moved to the most recently used end of the LRU ``cache``, or ``None`` when
    absent. Safe against another thread dropping ``key`` between the look-up and the move."""
    hit = cache.get(key)
    if hit is not None:
        try:
            cache.move_to_end(key)
        except KeyError:  # another thread dropped it meanwhile
            pass
    return hit


def by_weight(entries: Iterable[ChannelEntry]) -> tuple[ChannelEntry, ...]:
    """``entries`` best weight first, ties by original: the order of ``sorted(entries, key=lambda e:
    (-e.weight, e.original))``, whose key is a Python call per entry (a form read from the packs has
    ~65 candidates, ~85 for a news word with more than 12). Here two sorts keyed in C: by original,
    then by weight descending, which keeps the first sort's order among equal weights
    (``reverse=True`` is stable). The same order: ``-a < -b`` exactly when ``a > b`` for the weights
    (finite floats: log10 of a positive sum)."""
    return tuple(sorted(sorted(entries, key=_ORIGINAL), key=_WEIGHT, reverse=True))


_ORIGINAL = operator.itemgetter(0)
"""``ChannelEntry.original``."""
_WEIGHT = operator.itemgetter(1)
"""``ChannelEntry.weight``."""


_Packed = tuple[tuple[str, ...], bytes, bytes]
"""A form's candidates packed: originals, weights (float64 bytes) and the code of each one's
(sources, pack) in its channel's :class:`_Kinds` (uint32 bytes). A tuple of strings and bytes,
which the garbage collector stops tracking; the codes take 4 bytes per candidate where two tuples
of references took 16 (~3 MB less with ``CACHE_ENTRIES`` packed)."""
_record = functools.partial(tuple.__new__, ChannelEntry)


class _Kinds:
    """The distinct (sources, pack) pairs of a channel's packed candidates, by code (a few hundred
    at most: a pack's source bit sets). A code gives back an equal tuple and string: the first
    ones met (equal pairs of two packs share a code)."""

    __slots__ = ("codes", "packs", "sources")

    def __init__(self) -> None:
        self.codes: dict[tuple[tuple[str, ...], str], int] = {}
        """(sources, pack) -> code."""
        self.sources: list[tuple[str, ...]] = []
        self.packs: list[str] = []

    def add(self, pairs: Iterable[tuple[tuple[str, ...], str]]) -> None:
        """Give each new pair of ``pairs`` a code."""
        for pair in pairs:
            if pair not in self.codes:
                self.codes[pair] = len(self.sources)
                self.sources.append(pair[0])
                self.packs.append(pair[1])


def _packing(entries: tuple[ChannelEntry, ...], kinds: _Kinds) -> _Packed:
    originals, weights, sources, packs = zip(*entries)
    try:
        codes = array("I", map(kinds.codes.__getitem__, zip(sources, packs)))
    except KeyError:  # a pair met for the first time
        kinds.add(zip(sources, packs))
        codes = array("I", map(kinds.codes.__getitem__, zip(sources, packs)))
    return originals, array("d", weights).tobytes(), codes.tobytes()


def _unpacked(packed: _Packed, kinds: _Kinds) -> tuple[ChannelEntry, ...]:
    """The records of :func:`_packing` again (the same floats: float64 both ways; equal sources
    tuples and pack strings)."""
    originals, blob, code_blob = packed
    weights = array("d")
    weights.frombytes(blob)
    codes = array("I")
    codes.frombytes(code_blob)
    return tuple(map(_record, zip(originals, weights.tolist(), map(kinds.sources.__getitem__, codes),
                                  map(kinds.packs.__getitem__, codes))))


_IN_SIZES = (1, 2, 4, 8, 16, 32, 64, 128, 256, 500)
"""Numbers of ids an ``originals`` query asks for at once: a lookup's missing ids are padded to
the next size, so that each connection compiles and caches ten statements, not one per count
(SQLite's statement cache of a connection holds 128; those of 1-500 placeholders held ~2 MB of
a news run; benchmarks/SPEED.md, memory round 8)."""
_ORIGINALS_IN = {n: f"SELECT id, text, n FROM originals WHERE id IN ({','.join('?' * n)})" for n in _IN_SIZES}


PHRASE_WORDS = 16_384
"""First words whose multi-word spun forms a pack keeps (:meth:`_Pack.phrases_of`); emptied when
full. The shipped packs' forms of several tokens start with 9,038 distinct words (per pack: 7,653,
582, 803); most hold one or two forms. 160 news articles met 2,215 of them, 10,596 forms (~1.6 MB with
their strings); all of the shipped packs' take 4.7 MB."""
_NO_PHRASES: frozenset[str] = frozenset()


class ChannelError(Exception):
    """A pack file is missing or not a channel file."""


def _le_array(typecode: str, data: bytes) -> array:
    arr = array(typecode)
    arr.frombytes(data)
    if sys.byteorder == "big":
        arr.byteswap()
    return arr


class _Pack:
    """One read-only pack file."""

    def __init__(self, path: Path) -> None:
        try:
            self.con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True,
                                       check_same_thread=False)
            self.con.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
            meta = dict(self.con.execute("SELECT key, value FROM meta"))
        except sqlite3.Error as exc:
            raise ChannelError(f"{path}: not a textmend channel file ({exc})") from exc
        if meta.get("format") != FORMAT:
            raise ChannelError(f"{path}: not a textmend channel file")
        self.name: str = meta.get("pack", path.stem)
        self.sources: tuple[str, ...] = tuple(json.loads(meta["sources"]))
        self.meta = meta
        self.width = len(self.sources)
        """Counts per original in :attr:`counts`: one per source."""
        self.texts: list[str | None] = []
        """Original text by id (``None`` until read; grown on demand). Ids are dense (ranks,
        ``scripts/build_channel.py``): a list slot per original, not a dict entry and an int."""
        self.counts = array("H")
        """``n_k`` of original ``i`` for source ``k`` at ``i * width + k`` (0 until read)."""
        self.loaded = 0
        """Originals read since the texts were last emptied (bounded by ``ORIGINALS_CACHE``)."""
        self.phrases: dict[str, frozenset[str]] = {}
        """First word -> the pack's spun forms of 2 or more tokens that start with it
        (:meth:`phrases_of`; bounded by ``PHRASE_WORDS``)."""

    def lookup(self, spun: str) -> list[tuple[str, int, int]]:
        """(original, offset of its counts in :attr:`counts`, mask) for each candidate of
        ``spun``: source ``k`` gives the pair ``pi_k / counts[offset + k]`` (0 when the count is
        0, see :meth:`Channel.candidates`). A key of several words that is not among
        :meth:`phrases_of` its first word is answered without a query."""
        first, space, _ = spun.partition(" ")
        if space and spun not in self.phrases_of(first):
            return []
        row = self.con.execute("SELECT cands FROM spun WHERE text = ?", (spun,)).fetchone()
        if row is None:
            return []
        blob = row[0]
        count = len(blob) // 5
        ids = list(accumulate(_le_array("I", blob[: 4 * count])))
        texts = self.texts
        top = max(ids, default=-1) + 1
        if top > len(texts):
            texts.extend([None] * (top - len(texts)))
            self.counts.frombytes(bytes(2 * self.width * (top - len(self.counts) // self.width)))
        missing = [i for i in ids if texts[i] is None]
        if self.loaded + len(missing) > ORIGINALS_CACHE:
            # bounded: a long run over a large user pack meets ever more originals
            texts[:] = [None] * len(texts)
            self.loaded = 0
            missing = list(dict.fromkeys(ids))
        width, counts = self.width, self.counts
        for start in range(0, len(missing), _IN_SIZES[-1]):
            chunk = missing[start:start + _IN_SIZES[-1]]
            size = next(n for n in _IN_SIZES if n >= len(chunk))
            chunk += chunk[-1:] * (size - len(chunk))  # a repeated id matches its row once
            for i, text, n in self.con.execute(_ORIGINALS_IN[size], chunk):
                if texts[i] is None:
                    texts[i] = text
                    self.loaded += 1
                n_k = _le_array("H", n)
                if len(n_k) != width:  # a slice of another length would shift every later original
                    raise ChannelError(f"{self.name}: original {i} has {len(n_k)} counts, not {width}")
                counts[i * width:(i + 1) * width] = n_k
        return [(texts[i], i * width, mask) for i, mask in zip(ids, blob[4 * count:])]  # type: ignore[misc]

    def phrases_of(self, first: str) -> frozenset[str]:
        """The pack's spun forms of several tokens whose first token is ``first`` (one range
        query over the ``spun`` key, cached per word).

        Most multi-word keys of a text are no spun form, yet their first word starts one of the
        key's length (``heads`` bits pass): over 140 news articles (after 20) the packs were asked
        44,563 multi-word keys, 44,118 of them without a row, an SQLite query each. The forms of a
        first word are few (at most 256 in the shipped packs, "in"; 25,554 of several tokens in
        all), so one query per first word answers all its keys: the scan's CPU over those
        articles 1.01 -> 0.89 s (``benchmarks/SPEED.md``, speed21). ``" "`` sorts right before
        ``"!"``: the forms starting with ``first + " "`` are the keys from there to ``first + "!"``
        (SQLite's binary collation, UTF-8 byte order)."""
        known = self.phrases.get(first)
        if known is None:
            rows = self.con.execute("SELECT text FROM spun WHERE text >= ? AND text < ?", (first + " ", first + "!"))
            known = frozenset(text for (text,) in rows) or _NO_PHRASES
            if len(self.phrases) >= PHRASE_WORDS:
                self.phrases.clear()
            self.phrases[first] = known
        return known

    def lengths(self, word: str) -> int:
        row = self.con.execute("SELECT lengths FROM heads WHERE word = ?", (word,)).fetchone()
        return row[0] if row else 0


def pack_path(name: str) -> Path:
    """The file of pack ``name``: a shipped pack (``general``, ``news``, ``science``) or a
    path to a user pack file (``*.sqlite`` of the same layout). Raises ChannelError.

    SQLite opens only real files: when textmend is imported from a zip (a wheel given to
    ``spark-submit --py-files``), a shipped pack is extracted once per process to a
    temporary file, removed at exit."""
    if name.endswith(".sqlite") or "/" in name:
        path = Path(name)
        if not path.exists():
            raise ChannelError(f"channel pack {name!r} not found ({path})")
        return path
    return _shipped_pack(name)


_EXTRACTED = contextlib.ExitStack()
atexit.register(_EXTRACTED.close)


@functools.lru_cache(maxsize=None)
def _shipped_pack(name: str) -> Path:
    """The shipped pack ``name`` as a file: itself when installed as files, else a temporary
    copy (cached, so a zip is extracted once). Raises ChannelError."""
    resource = resources.files("textmend") / "data" / "channel" / f"{name}.sqlite"
    if not resource.is_file():
        raise ChannelError(f"channel pack {name!r} not found ({resource})")
    return Path(_EXTRACTED.enter_context(resources.as_file(resource)))


def spun_forms(packs: tuple[str, ...] = DEFAULT_PACKS) -> list[str]:
    """Every spun form (key) the ``packs`` hold, sorted: for test and benchmark inputs, not the
    hot path (it reads whole tables). Raises ChannelError for an unknown pack."""
    texts: set[str] = set()
    for name in packs:
        con = sqlite3.connect(f"file:{pack_path(name)}?mode=ro&immutable=1", uri=True)
        try:
            texts.update(text for (text,) in con.execute("SELECT text FROM spun"))
        finally:
            con.close()
    return sorted(texts)


@functools.lru_cache(maxsize=1)
def _priors_file() -> dict:
    return json.loads((resources.files("textmend") / "data" / "channel_priors.json")
                      .read_text(encoding="utf-8"))


def priors() -> dict[str, float]:
    """Source name -> prior pi_k, from ``data/channel_priors.json``."""
    return {k: float(v) for k, v in _priors_file()["priors"].items()}


def exponents() -> dict[str, float]:
    """Source name -> exponent beta_k of its count ``n_k`` (``exponents`` of
    ``data/channel_priors.json``; a source not listed has 1)."""
    return {k: float(v) for k, v in _priors_file().get("exponents", {}).items()}


class Channel:
    """C(s | o) over a set of packs; see the module docstring. Thread-safe."""

    def __init__(self, packs: tuple[str, ...] = DEFAULT_PACKS,
                 exclude_sources: frozenset[str] = frozenset()) -> None:
        self._packs = [_Pack(pack_path(p)) for p in packs]
        names: list[str] = []
        for pack in self._packs:
            names += [s for s in pack.sources if s not in names]
        self.sources: tuple[str, ...] = tuple(names)
        self.exclude_sources = frozenset(exclude_sources)
        unknown = self.exclude_sources - set(self.sources)
        if unknown:
            raise ValueError(f"unknown source(s) {sorted(unknown)}; sources: {self.sources}")
        pi, beta = priors(), exponents()
        # per pack: prior of each bit (0 for an excluded or unknown source), and its exponent
        self._pi = [[0.0 if s in self.exclude_sources else pi.get(s, 0.0) for s in p.sources]
                    for p in self._packs]
        self._beta = [[beta.get(s, 1.0) for s in p.sources] for p in self._packs]
        self._bits: list[dict[int, tuple[tuple[int, ...], tuple[str, ...]]]] = [
            {} for _ in self._packs]
        digests = ",".join(f"{p.name}:{p.meta.get('digest', '')}" for p in self._packs)
        if beta:  # tempered counts are another channel (an empty table keeps the old versions)
            digests += json.dumps(sorted(beta.items()))
        self._digests = digests
        """What :attr:`version` hashes."""
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, tuple[ChannelEntry, ...]] = OrderedDict()
        """The most recently used forms' candidates as records (at most ``HOT_ENTRIES`` in all)."""
        self._entries = 0
        """Candidates held in ``_cache``."""
        self._packed: OrderedDict[str, _Packed] = OrderedDict()
        """Forms that left ``_cache``, packed (see ``HOT_ENTRIES``)."""
        self._packed_entries = 0
        self._kinds = _Kinds()
        """The (sources, pack) pairs of the packed candidates, by code."""
        self._empty: dict[str, None] = {}
        """Keys known to have no candidates (bounded by ``CACHE_EMPTY``; see there why a dict)."""
        self._words: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}
        """First word -> (its ``heads`` bit set per pack, :meth:`lengths`): one dict for both
        (two dicts of the same ~22,000 words of a news run held ~1.5 MB more: the second table and
        a second copy of most words; benchmarks/SPEED.md, memory round 8)."""
        self._best: dict[str, tuple[ChannelEntry, ...]] = {}
        """Spun form -> its first ``_best_n`` candidates (:meth:`best`; bounded by ``BEST_FORMS``)."""
        self._best_n = 0
        self._tempered: dict[tuple[tuple[str, float], ...], OrderedDict[str, tuple[tuple[str, ...], bytes]]] = {}
        """Per set of exponents (sorted (source, beta) pairs): spun form -> the originals and float64
        bytes of :meth:`weights_with` (least recently used first; bounded by ``TEMPERED_FORMS``)."""
        self._shared: dict[tuple[tuple[int, ...], tuple[int, ...]], tuple[tuple[int, ...], tuple[int, ...]]] = {}
        """One pair per distinct value of ``_words`` (a few hundred at most: bit sets of 5
        lengths), shared by the words: ~2 MB less over 200,000 words."""

    @functools.cached_property
    def version(self) -> str:
        """A short hash of the packs' build digests (and any exponents): stamped into fitted
        parameters. Taken on first use: a repair never asks, and ``hashlib`` (OpenSSL) is
        then not loaded at all."""
        import hashlib

        return hashlib.sha256(self._digests.encode("utf-8")).hexdigest()[:12]

    def candidates(self, spun: str) -> tuple[ChannelEntry, ...]:
        """Candidate originals of ``spun`` (a ``phrase_key``: lower case, single-spaced),
        best weight first (ties by original); ``()`` if none. An original held by several
        packs is reported once, from the pack giving it the highest weight."""
        hit = recently_used(self._cache, spun)
        if hit is not None:
            return hit
        if spun in self._packed:
            with self._lock:
                packed = self._packed.pop(spun, None)
                if packed is not None:
                    self._packed_entries -= len(packed[0])
                    result = _unpacked(packed, self._kinds)
                    self._keep(spun, result)
                    return result
        if spun in self._empty:
            return ()
        best = self._read(spun, True)
        if not best:
            return ()
        result = by_weight(best.values())
        with self._lock:
            self._keep(spun, result)
        return result

    def weights(self, spun: str) -> dict[str, float]:
        """Original -> log10 C(spun | original) of each candidate of ``spun``: the weights of
        :meth:`candidates` (the same floats), in no set order, ``{}`` if none. From the cache
        when :meth:`candidates` holds ``spun``; otherwise read without building records or
        sorting them, and not cached (the term matcher, ``textmend.tortured``, keeps its own)."""
        hit = self._cache.get(spun)
        if hit is not None:
            return {e.original: e.weight for e in hit}
        packed = self._packed.get(spun)
        if packed is not None:
            weights = array("d")
            weights.frombytes(packed[1])
            return dict(zip(packed[0], weights.tolist()))
        if spun in self._empty:
            return {}
        return self._read(spun, False)

    def weights_with(self, spun: str, exponents: Mapping[str, float]) -> dict[str, float]:
        """Original -> log10 C(spun | original) of each candidate of ``spun`` as :meth:`weights`, but
        with the exponents ``beta_k`` of ``exponents`` (source name -> beta; 1 for a source not
        listed) instead of this channel's: another channel's weights over the same candidates, read
        from the packs once and kept apart from this channel's own (``TEMPERED_FORMS`` a set of
        exponents; a new dict each call). ``{}`` if none. The re-ranking of a finding's alternatives
        (``textmend.alternatives``) asks this of every reported finding's form; the same forms recur
        from document to document."""
        key = tuple(sorted((s, float(b)) for s, b in exponents.items()))
        cache = self._tempered.get(key)
        if cache is None:
            with self._lock:
                if len(self._tempered) >= TEMPERED_SETS:
                    self._tempered.clear()
                cache = self._tempered.setdefault(key, OrderedDict())
        hit = recently_used(cache, spun)
        if hit is not None:
            weights = array("d")
            weights.frombytes(hit[1])
            return dict(zip(hit[0], weights.tolist()))
        beta = [[float(exponents.get(s, 1.0)) for s in p.sources] for p in self._packs]
        found = self._read(spun, False, beta)
        with self._lock:
            cache[spun] = (tuple(found), array("d", found.values()).tobytes())
            while len(cache) > TEMPERED_FORMS:
                cache.popitem(last=False)
        return found

    def _read(self, spun: str, records: bool, exponents: list[list[float]] | None = None) -> dict:
        """Read ``spun``'s candidates from the packs: original -> its :class:`ChannelEntry`
        (``records``) or its weight, each from the pack giving it the highest weight, with the
        channel's exponents or per pack those of ``exponents``. A key without candidates is
        remembered (``CACHE_EMPTY``). Takes the lock."""
        first, _, rest = spun.partition(" ")
        bit = 1 << (rest.count(" ") + 2 if rest else 1)
        heads = self._head_bits(first)
        best: dict = {}
        betas = self._beta if exponents is None else exponents
        with self._lock:
            for pack, pi, beta, bits, head in zip(self._packs, self._pi, betas, self._bits, heads):
                if not head & bit:
                    continue  # no spun form of the pack starts with this word and has this length
                counts, name = pack.counts, pack.name
                for original, at, mask in pack.lookup(spun):
                    held = bits.get(mask)
                    if held is None:
                        ks = tuple(k for k in range(len(pack.sources)) if mask >> k & 1 and pi[k] > 0)
                        held = bits[mask] = (ks, tuple(pack.sources[k] for k in ks))
                    ks, names = held
                    if len(ks) == 1:
                        k = ks[0]
                        c = counts[at + k]
                        p = pi[k] / (c if beta[k] == 1.0 else c ** beta[k]) if c else 0.0
                    else:
                        p = 0.0
                        for k in ks:
                            c = counts[at + k]
                            p += pi[k] / (c if beta[k] == 1.0 else c ** beta[k]) if c else 0.0
                    if p <= 0.0:
                        continue
                    weight = log10(p)
                    old = best.get(original)
                    if records:  # tuple.__new__ (_record): ChannelEntry(...) is a Python-level call
                        if old is None or weight > old[1]:
                            best[original] = _record((original, weight, names, name))
                    elif old is None or weight > old:
                        best[original] = weight
            if not best:
                if len(self._empty) >= CACHE_EMPTY:
                    self._empty.clear()
                self._empty[spun] = None
        return best

    def best(self, spun: str, n: int) -> tuple[ChannelEntry, ...]:
        """``candidates(spun)[:n]``: the ``n`` best candidate originals of ``spun`` (``n >= 1``),
        cached apart from the full lists (``BEST_FORMS``; a call with another ``n`` than the last
        one empties this cache). A caller that uses only a form's first ``n`` candidates (the
        scan: ``detect`` scores ``max_candidates``) keeps ~12 records a form where the full
        list holds ~65."""
        hit = self._best.get(spun)
        if hit is not None and n == self._best_n:
            return hit
        result = self.candidates(spun)[:n]
        if result:
            with self._lock:
                if n != self._best_n or len(self._best) >= BEST_FORMS:
                    self._best.clear()
                    self._best_n = n
                self._best[spun] = result
        return result

    def _keep(self, spun: str, result: tuple[ChannelEntry, ...]) -> None:
        """Cache the candidates of ``spun`` as records; the least recently used forms beyond
        ``HOT_ENTRIES`` are packed, and beyond ``CACHE_ENTRIES`` or ``CACHE_FORMS`` dropped.
        Called with the lock held."""
        cache, packed = self._cache, self._packed
        if spun not in cache:
            cache[spun] = result
            self._entries += len(result)
        while self._entries > HOT_ENTRIES and len(cache) > 1:
            key, old = cache.popitem(last=False)
            self._entries -= len(old)
            packed[key] = _packing(old, self._kinds)
            self._packed_entries += len(old)
        while packed and (len(cache) + len(packed) > CACHE_FORMS
                          or self._entries + self._packed_entries > CACHE_ENTRIES):
            self._packed_entries -= len(packed.popitem(last=False)[1][0])
        while len(cache) > CACHE_FORMS or (self._entries > CACHE_ENTRIES and len(cache) > 1):
            self._entries -= len(cache.popitem(last=False)[1])

    def lengths(self, first_word: str) -> tuple[int, ...]:
        """Token lengths (1-5) of the spun forms that start with ``first_word`` (lower case),
        longest first; ``()`` if none. Sources are not consulted: a length may be listed
        although all its forms' sources are excluded."""
        hit = self._words.get(first_word)
        if hit is not None:
            return hit[1]
        return self._word(first_word)[1]

    def _head_bits(self, first_word: str) -> tuple[int, ...]:
        """Per pack: the ``heads`` bit set of ``first_word`` (bit n: a spun form of n tokens
        starts with it; every spun form's first word is listed, see ARCHITECTURE.md), cached."""
        hit = self._words.get(first_word)
        if hit is not None:
            return hit[0]
        return self._word(first_word)[0]

    def _word(self, first_word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """(:meth:`_head_bits`, :meth:`lengths`) of ``first_word``, read from the packs and cached."""
        with self._lock:
            heads = tuple(pack.lengths(first_word) for pack in self._packs)
            bits = 0
            for head in heads:
                bits |= head
            pair = (heads, tuple(n for n in range(5, 0, -1) if bits >> n & 1))
            pair = self._shared.setdefault(pair, pair)
            if len(self._words) >= _CACHE_SIZE:
                self._words.clear()
            self._words[first_word] = pair
        return pair


_channels: dict[tuple[tuple[str, ...], frozenset[str]], Channel] = {}
_channels_lock = threading.Lock()


def get_channel(packs: tuple[str, ...] = DEFAULT_PACKS,
                exclude_sources: frozenset[str] = frozenset()) -> Channel:
    """The :class:`Channel` over ``packs`` without ``exclude_sources``, built once per
    process and argument pair (thread-safe). Raises ChannelError for a missing pack and
    ValueError for an unknown source name."""
    key = (tuple(packs), frozenset(exclude_sources))
    with _channels_lock:
        channel = _channels.get(key)
        if channel is None:
            channel = _channels[key] = Channel(*key)
    return channel


THESAURI = ("moby", "mythes", "roget", "wordnet")
"""Source names of the open thesauri; exclude them all for the curated packs alone."""
