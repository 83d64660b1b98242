"""A back-off trigram language model over fixed-width sorted arrays (the engine's LM scorer).

Data: ``textmend/data/language_model/``, written by ``scripts/build_language_model.py`` from the
CMU Sphinx US-English trigram LM (BSD-2-Clause; notice in that folder's NOTICE file and in
wordlists/SOURCES.md). Pruning and quantisation are described in ``lm.json`` and measured in
benchmarks/LANGUAGE_MODEL.md.

File format (``lm.json`` is the header; ``lm.bin``, ``bigrams.bin`` and ``trigrams.bin`` hold the
arrays it points at, split so that no file exceeds 20 MB):

- ``lm.json``: ``format`` (4), ``version`` (source release + content hash; stamp it into fitted
  parameter files), ``counts`` (words incl. ``<unk>``, bigrams, trigrams), ``source``,
  ``license``, ``pruning``, ``quantisation_bits``, ``unknown`` (id of ``<unk>``, the last word),
  ``unknown_log10`` (its floor) and ``arrays``: name -> {file, offset, length, dtype}.
- the ``.bin`` files: little-endian arrays, each 8-byte aligned within its file:
  ``words`` (UTF-8, NUL-separated; id = position), ``word_offsets`` (uint32, one more than the
  words: word ``i`` is ``words[off[i] : off[i + 1] - 1]``), ``word_slots`` (uint32 ids in an
  open-addressing hash table whose size is a power of two: ``zlib.crc32`` of the UTF-8 word,
  masked, then linear probing; an empty slot holds ``0xffffffff``; ``word_hash`` in the header
  says so), ``uni_p``/``uni_bo`` (float32 log10 per id),
  the bigram keys ``h1 * V + w`` as ``bi_first``/``bi_starts``/``bi_deltas`` (sorted keys in
  blocks, 4 bytes a key: ``textmend.key_blocks``), ``bi_p``/``bi_bo`` (codes into
  ``bi_p_levels``/``bi_bo_levels``, float32, in key order), the trigram keys
  ``(h2 * V + h1) * V + w`` as ``tri_first``/``tri_starts``/``tri_deltas``, ``tri_p`` (codes into
  ``tri_p_levels``). ``V`` = ``counts.words``. ``bi_bo`` is the back-off weight of the context
  (h1, w). (Format 3 stored the keys as plain uint64 arrays: 19 MB instead of 10.5, all of it
  in a worker's RSS once mapped and searched; the model, and its ``version``, are the same.)
- ``americanize.tsv``: ``british<TAB>american`` per line (from breame, filtered by the LM).

Loading maps the ``.bin`` files (no per-entry decoding); look-ups are numpy ``searchsorted``, and
a word's id is found in the mapped hash table (no Python dict of the vocabulary: that held
~10 MB; a bounded cache keeps the ids of the words met recently).
"""

from __future__ import annotations

import json
import mmap
import sys
import threading
import zlib
from itertools import chain
from collections.abc import Mapping, Sequence
from importlib.resources import files
from pathlib import Path

import numpy as np

from .key_blocks import KeyBlocks
from .tokenize import fold

_PACKAGE_DATA = ("textmend", "data/language_model")
FORMAT = 4
WORD_CACHE = 21_845
"""Word ids a model keeps in a dict for speed (emptied when full): a news article meets a few
hundred distinct words, 100 articles ~5,000, 1,111 ~29,000. 21,845 is the most a dict of 32,768
slots holds (one key more doubles its table): 32,768 took ~1.5 MB more (benchmarks/SPEED.md, memory
round 8); a word missed again costs one look-up in the mapped hash table (~1 us)."""
_EMPTY_SLOT = 0xFFFFFFFF


def _files(header: dict) -> list[str]:
    """The data files a header's arrays live in, in first-use order."""
    return list(dict.fromkeys(a["file"] for a in header["arrays"].values()))


class LanguageModel:
    """Katz back-off trigram scorer; log10 units throughout.

    Unknown words get id ``unknown``: its unigram log10 probability is ``unknown_log10``, the
    lowest unigram probability of the model (pocketsphinx itself returns a huge negative for an
    unknown word; the floor keeps one unknown word from swamping a window score). As history an
    unknown word has back-off weight 0 and no n-grams.
    """

    unknown: int
    version: str

    def __init__(self, header: dict, blobs: Mapping[str, bytes | mmap.mmap], spelling: str) -> None:
        """``header``: parsed ``lm.json``; ``blobs``: file name -> contents (bytes or a map) of
        every file its arrays name; ``spelling``: the text of ``americanize.tsv``.

        Raises ValueError for a header of another format and KeyError for a missing file.
        """
        if header.get("format") != FORMAT:
            raise ValueError(f"language model format {header.get('format')!r}, expected {FORMAT}")
        self.header = header
        self.version = header["version"]
        self._blobs = blobs
        arrays = header["arrays"]

        def arr(name: str) -> np.ndarray:
            a = arrays[name]
            return np.frombuffer(blobs[a["file"]], dtype=np.dtype(a["dtype"]),
                                 count=a["length"] // np.dtype(a["dtype"]).itemsize,
                                 offset=a["offset"])  # fmt: skip

        w = arrays["words"]
        self._words = memoryview(blobs[w["file"]])[w["offset"] : w["offset"] + w["length"]]
        self._offsets = _uint32s(arr("word_offsets"))
        self._slots = _uint32s(arr("word_slots"))
        self._mask = len(self._slots) - 1
        if len(self._slots) & self._mask or not self._slots:
            raise ValueError("language model word_slots: size is not a power of two")
        self._cache: dict[str, int] = {}
        self.unknown = int(header["unknown"])
        self.unknown_log10 = float(header["unknown_log10"])
        self._v = np.int64(len(self._offsets) - 1)
        self._uni_p = arr("uni_p")  # float32, mapped: widened (exactly) where looked up
        self._uni_bo = arr("uni_bo")
        self._bi_keys = KeyBlocks(arr("bi_first"), arr("bi_starts"), arr("bi_deltas"))
        self._tri_keys = KeyBlocks(arr("tri_first"), arr("tri_starts"), arr("tri_deltas"))
        self._bi_p_codes = arr("bi_p")
        self._bi_p_levels = arr("bi_p_levels").astype(np.float64)
        self._bi_bo_codes = arr("bi_bo")
        self._bi_bo_levels = arr("bi_bo_levels").astype(np.float64)
        self._tri_p_codes = arr("tri_p")
        self._tri_p_levels = arr("tri_p_levels").astype(np.float64)
        self._spelling = dict(
            line.split("\t", 1) for line in spelling.splitlines() if "\t" in line
        )

    @classmethod
    def from_files(cls, files: Mapping[str, bytes]) -> LanguageModel:
        """Build from the files' contents by name (``lm.json``, the ``.bin`` files it names and
        ``americanize.tsv``); the build script and the tests use this."""
        return cls(json.loads(files["lm.json"]), files, files.get("americanize.tsv", b"").decode("utf-8"))

    @classmethod
    def from_directory(cls, directory: Path) -> LanguageModel:
        """Load ``lm.json``, the ``.bin`` files it names (memory-mapped) and ``americanize.tsv``."""
        header = json.loads((directory / "lm.json").read_text(encoding="utf-8"))
        blobs = {}
        for file in _files(header):
            with open(directory / file, "rb") as fh:
                blobs[file] = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        spelling = (directory / "americanize.tsv").read_text(encoding="utf-8")
        return cls(header, blobs, spelling)

    # ------------------------------------------------------------------ words

    def americanize(self, word: str) -> str:
        """The American spelling of a lower-case British ``word`` (itself when none is known)."""
        return self._spelling.get(word, word)

    @property
    def words(self) -> tuple[str, ...]:
        """Every word of the vocabulary by id (``<unk>`` last), decoded on each call (for tests
        and tools: the engine looks words up with :meth:`ids`)."""
        return tuple(bytes(self._words).decode("utf-8").split("\0"))

    def ids(self, words: Sequence[str]) -> list[int]:
        """Word ids: lower-cased, apostrophes folded to ``'`` (``textmend.tokenize.fold``: the
        vocabulary's "don't", "it's"), British spellings mapped to American, unknown -> ``unknown``."""
        cache, spell = self._cache, self._spelling
        out = []
        for word in words:
            low = word.lower()
            known = cache.get(low)
            if known is None:
                key = fold(low)
                known = self._find(spell.get(key, key))
                if len(cache) >= WORD_CACHE:
                    cache.clear()
                cache[low] = known
            out.append(known)
        return out

    def ids_exact(self, words: Sequence[str]) -> list[int]:
        """Word ids without case or spelling mapping (unknown -> ``unknown``)."""
        return [self._find(word) for word in words]

    def _find(self, word: str) -> int:
        """The id of ``word`` in the hash table (``unknown`` when absent)."""
        try:
            key = word.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: no word of the model
            return self.unknown
        slots, offsets, blob, mask = self._slots, self._offsets, self._words, self._mask
        i = zlib.crc32(key) & mask
        while True:
            j = slots[i]
            if j == _EMPTY_SLOT:
                return self.unknown
            if blob[offsets[j] : offsets[j + 1] - 1] == key:
                return j
            i = (i + 1) & mask

    # ------------------------------------------------------------------ scoring

    def _score(self, w: np.ndarray, h1: np.ndarray, h2: np.ndarray) -> np.ndarray:
        """log10 P(w | h2 h1) per element; ``h1``/``h2`` are -1 where the history is shorter.

        Each element looks up only what its back-off path needs: the trigram where there are two
        words of history, the bigram (and the history's back-off weight) only where that trigram
        is missing, so a trigram hit costs one search instead of three (the same values)."""
        v = self._v
        uni = self._uni_p[w].astype(np.float64)
        out = uni.copy()
        has1 = h1 >= 0
        two = np.nonzero(has1 & (h2 >= 0))[0]
        back = two[:0]
        backoff = uni[:0]
        if len(two):
            ctx = h2[two] * v + h1[two]
            ti, tf = _find(self._tri_keys, ctx * v + w[two])
            hit = two[tf]
            out[hit] = self._tri_p_levels[self._tri_p_codes[ti[tf]]]
            has1[hit] = False  # scored by the trigram
            miss = ~tf
            back = two[miss]
            ci, cf = _find(self._bi_keys, ctx[miss])
            backoff = np.where(cf, self._bi_bo_levels[self._bi_bo_codes[ci]], 0.0)
        one = np.nonzero(has1)[0]
        if len(one):
            h1o = h1[one]
            i, f = _find(self._bi_keys, h1o * v + w[one])
            out[one] = np.where(f, self._bi_p_levels[self._bi_p_codes[i]], self._uni_bo[h1o] + uni[one])
        if len(back):
            out[back] = backoff + out[back]  # the history's back-off weight + the bigram
        return out

    def logprob(self, ids: Sequence[int], start: int = 0) -> float:
        """log10 P(ids[start:] | ids[:start]): the sum over i >= start of log10 P(w_i | w_i-2 w_i-1)
        with Katz back-off (trigram -> bigram -> unigram); ids before ``start`` are history only.
        An empty range scores 0.0. Raises IndexError for ids outside the vocabulary."""
        return self.logprob_many([ids], [start])[0]

    def logprob_many(
        self, sequences: Sequence[Sequence[int]], starts: Sequence[int]
    ) -> list[float]:
        """``logprob`` for many sequences at once (vectorised; sequences may differ in length).

        Shapes: ``len(starts) == len(sequences)``; returns one log10 score per sequence.
        ``sequences`` may be a 2-D integer numpy array (the fastest input: no conversion) or a
        list of lists (ragged lists are padded internally).
        """
        n = len(sequences)
        if n == 0:
            return []
        if len(starts) != n:
            raise ValueError("starts must have one entry per sequence")
        start = np.asarray(starts, dtype=np.int64)
        array_input = isinstance(sequences, np.ndarray) and sequences.ndim == 2
        # Chunks bound the temporaries (about 200 bytes per scored word, and the padded grid) on
        # large batches: a 64 KB window of text queues ~100,000 windows. Each row is scored on
        # its own, so the chunking changes no score.
        out: list[float] = []
        for lo in range(0, n, _CHUNK):
            part = sequences[lo : lo + _CHUNK]
            grid = part.astype(np.int64, copy=False) if array_input else _padded(part)  # type: ignore[union-attr]
            if grid.shape[1] == 0:
                out.extend([0.0] * len(grid))
                continue
            if grid.max() >= self._v:
                raise IndexError("word id outside the vocabulary")
            out.extend(self._many(grid, start[lo : lo + _CHUNK]))
        return out

    def logprob_flat(self, ids: np.ndarray, lengths: np.ndarray, starts: np.ndarray) -> np.ndarray:
        """``logprob_many`` of sequences stored one after another in ``ids`` (1-D integer array:
        4 bytes an id where a list of tuples takes ~15), ``lengths[k]`` ids each, with the same
        scores (the rows of each chunk are padded as ``logprob_many`` pads a list).

        Shapes: ``lengths`` and ``starts`` (n,), ``ids`` (lengths.sum(),); returns (n,) float64.
        Raises ValueError when the shapes disagree and IndexError for ids outside the vocabulary.
        """
        lengths = np.asarray(lengths, dtype=np.int64)
        start = np.asarray(starts, dtype=np.int64)
        n = len(lengths)
        if len(start) != n:
            raise ValueError("starts must have one entry per sequence")
        ends = np.cumsum(lengths)
        if n and int(ends[-1]) != len(ids):
            raise ValueError("lengths must add up to the number of ids")
        out = np.zeros(n, dtype=np.float64)
        for lo in range(0, n, _CHUNK):
            hi = min(lo + _CHUNK, n)
            first = int(ends[lo - 1]) if lo else 0
            grid = _padded_flat(np.asarray(ids[first : int(ends[hi - 1])], dtype=np.int64), lengths[lo:hi])
            if grid.shape[1] == 0:
                continue
            if grid.max() >= self._v:
                raise IndexError("word id outside the vocabulary")
            out[lo:hi] = self._sums(grid, start[lo:hi])
        return out

    def _many(self, grid: np.ndarray, start: np.ndarray) -> list[float]:
        return self._sums(grid, start).tolist()

    def _sums(self, grid: np.ndarray, start: np.ndarray) -> np.ndarray:
        n, width = grid.shape
        cols = np.arange(width)
        scored = (cols[None, :] >= start[:, None]) & (grid >= 0)
        prev1 = np.full_like(grid, -1)
        prev1[:, 1:] = grid[:, :-1]
        prev2 = np.full_like(grid, -1)
        prev2[:, 2:] = grid[:, :-2]
        prev2[prev1 < 0] = -1
        rows, pos = np.nonzero(scored)
        scores = self._score(grid[rows, pos], prev1[rows, pos], prev2[rows, pos])
        return np.bincount(rows, weights=scores, minlength=n)


def _uint32s(values: np.ndarray) -> memoryview | list[int]:
    """Little-endian uint32 values for fast item access: a memoryview of the mapped bytes, or a
    list on a big-endian machine."""
    if sys.byteorder == "little":
        return memoryview(values).cast("B").cast("I")
    return values.astype(np.uint32).tolist()


def _padded(sequences: Sequence[Sequence[int]]) -> np.ndarray:
    """The sequences as rows of a 2-D int64 array, padded with -1 at the end of shorter rows."""
    lengths = np.fromiter(map(len, sequences), dtype=np.int64, count=len(sequences))
    flat = np.fromiter(chain.from_iterable(sequences), dtype=np.int64, count=int(lengths.sum()))
    return _padded_flat(flat, lengths)


def _padded_flat(flat: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Rows of ``lengths[k]`` int64 ids each, one after another in ``flat``, as a 2-D array padded
    with -1 at the end of shorter rows (``lengths`` non-empty)."""
    width = int(lengths.max())
    if int(lengths.min()) == width:
        return flat.reshape(len(lengths), width)
    grid = np.full((len(lengths), width), -1, dtype=np.int64)
    grid[np.arange(width)[None, :] < lengths[:, None]] = flat  # row-major, as the rows' order
    return grid


def _find(keys: KeyBlocks, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of each ``query`` among ``keys`` (valid where found) and whether it is there."""
    # Sorted needles let searchsorted narrow from its previous answer and keep the gathers
    # local: 3-4x faster here. Any sort will do, not only a stable one: each query's answer is
    # its own value's, so equal queries may come in any order. numpy's default sort (SIMD
    # where the CPU has it) is 4-5x faster than the stable merge sort on 2,000-30,000 keys:
    # this function's CPU over 140 news articles 0.53 -> 0.43 s (benchmarks/SPEED.md, speed21).
    order = np.argsort(query)
    idx = np.empty(len(query), np.int64)
    found = np.empty(len(query), bool)
    idx[order], found[order] = keys.find(query[order])
    return idx, found


_CHUNK = 4_096
"""Rows per vectorised pass of ``logprob_many``: ~1 MB of temporaries at 7 scored words a row
(32,768 made a 64 KB window of text peak ~25 MB higher; benchmarks/SPEED.md, memory round 5)."""
_lock = threading.Lock()
_model: LanguageModel | None = None


def get_language_model() -> LanguageModel:
    """The shipped model, loaded on first use (thread-safe, cached for the process)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                root = files(_PACKAGE_DATA[0]).joinpath(_PACKAGE_DATA[1])
                if isinstance(root, Path):
                    _model = LanguageModel.from_directory(root)
                else:  # a zipped install: read into memory
                    header = json.loads(root.joinpath("lm.json").read_text(encoding="utf-8"))
                    _model = LanguageModel(
                        header,
                        {file: root.joinpath(file).read_bytes() for file in _files(header)},
                        root.joinpath("americanize.tsv").read_text(encoding="utf-8"),
                    )
    return _model


def americanize(word: str) -> str:
    """American spelling of ``word`` ("colour" -> "color", "organise" -> "organize").

    Case-insensitive match; returns the lower-cased American form when the map has one and
    ``word`` unchanged otherwise. Map: breame 0.1.2 (Apache-2.0), kept where the LM prefers
    the American form (scripts/build_language_model.py).
    """
    low = word.lower()
    american = get_language_model().americanize(low)
    return word if american == low else american
