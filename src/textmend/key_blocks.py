"""Sorted 64-bit keys stored in 4 bytes each: the language model's n-gram key index.

The keys are cut into blocks of at most ``BLOCK`` consecutive keys whose spread is below 2**32.
A block stores its first key in full (``first``, uint64) and where it starts (``starts``, uint32,
one more entry than blocks: the last is the number of keys); each key is stored as its
difference from its block's first key (``deltas``, uint32). A look-up finds the block in
``first`` (``numpy.searchsorted``: ~50,000 blocks for a 1.1-million-key trigram table, 0.6 MB)
and the key among the block's deltas (a branch-free binary search of ``log2(BLOCK)`` vectorised
steps). The answers are those of ``searchsorted`` over the full uint64 keys: which keys are
present, and the index of each present key.

Written by ``scripts/build_language_model.py`` (:func:`encode`); read by
``textmend.language_model``. Measured in benchmarks/SPEED.md, "Memory, round 7".
"""

from __future__ import annotations

import numpy as np

BLOCK = 32
"""Most keys in one block: the binary search inside a block takes ``log2(BLOCK)`` steps."""
_SPREAD = 1 << 32


def encode(keys: np.ndarray, block: int = BLOCK) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(first, starts, deltas)`` of strictly increasing non-negative ``keys`` (int or uint64).

    Shapes: ``first`` (blocks,) little-endian uint64; ``starts`` (blocks + 1,) uint32;
    ``deltas`` (len(keys),) uint32. Raises ValueError for keys that are not strictly increasing
    or more than 2**32 - 1 keys.
    """
    k = np.asarray(keys, dtype=np.uint64)
    if len(k) >= _SPREAD:
        raise ValueError("too many keys for uint32 block starts")
    if len(k) > 1 and not np.all(k[1:] > k[:-1]):
        raise ValueError("keys must be strictly increasing")
    starts = [0]
    n = len(k)
    while starts[-1] < n:
        i = starts[-1]
        limit = int(np.searchsorted(k, k[i] + np.uint64(_SPREAD - 1), side="right"))
        starts.append(min(i + block, limit, n))
    starts_arr = np.array(starts, dtype="<u4")
    first = k[starts_arr[:-1]].astype("<u8")
    block_of = np.repeat(np.arange(len(first)), np.diff(starts_arr))
    deltas = (k - first[block_of]).astype("<u4")
    return first, starts_arr, deltas


class KeyBlocks:
    """Membership and index of int64 queries in keys stored by :func:`encode`.

    ``first``, ``starts`` and ``deltas`` may be views of a mapped file (nothing is copied).
    """

    def __init__(self, first: np.ndarray, starts: np.ndarray, deltas: np.ndarray) -> None:
        self._first = first.view(np.int64)
        self._starts = starts  # uint32 (mapped), widened where looked up: an int64 copy of both
        # tables' took 0.66 MB (benchmarks/SPEED.md, memory round 8)
        self._deltas = deltas
        self._n = len(deltas)
        sizes = np.diff(starts.astype(np.int64))
        self._steps = int(sizes.max() - 1).bit_length() if len(sizes) else 0

    def __len__(self) -> int:
        return self._n

    def keys(self) -> np.ndarray:
        """Every key, decoded (int64, sorted; for tests and tools: ~8 bytes per key)."""
        sizes = np.diff(self._starts.astype(np.int64))
        return np.repeat(self._first, sizes) + self._deltas.astype(np.int64)

    def find(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Index of each int64 ``query`` among the keys and whether it is there.

        Shapes: ``query`` (n,); returns (n,) int64 indices (valid where found, and always within
        ``0 .. len - 1``) and (n,) bool. An empty key set finds nothing.
        """
        n = len(query)
        if self._n == 0:
            return np.zeros(n, np.int64), np.zeros(n, bool)
        block = np.searchsorted(self._first, query, side="right") - 1
        np.maximum(block, 0, out=block)
        delta = query - self._first[block]
        inside = (delta >= 0) & (delta < _SPREAD)
        lo = self._starts[block].astype(np.int64)
        end = self._starts[block + 1].astype(np.int64)
        target = np.where(inside, delta, 0).astype(np.uint32)
        deltas = self._deltas
        # Branch-free lower bound: the answer stays in [lo, lo + size]; each step halves size.
        size = end - lo
        for _ in range(self._steps):
            half = size >> 1
            probe = lo + half
            lo = np.where(deltas[probe] < target, probe, lo)
            size -= half
        lo += deltas[lo] < target
        found = inside & (lo < end)
        np.minimum(lo, self._n - 1, out=lo)
        found &= deltas[lo] == target
        return lo, found
