"""A sorted set of strings packed into one UTF-8 blob (the known terms: ~2.5 MB, not ~20 MB of
Python strings, dicts and tuples).

Membership and prefix ranges are binary searches over the blob. UTF-8 byte order is code point
order, so the blob's order is ``sorted()``'s order of the strings. Two small indexes keep the
searches in C: every ``SAMPLE``-th string as bytes (a ``bisect`` over them leaves a block of
``SAMPLE`` to search in Python), and the sorted ``hash()`` of every string, so that a string
that is no member (most asked: a span that is no known term) is answered by one ``bisect``.
The hashes are the process's own (``PYTHONHASHSEED``): a pickled set is rebuilt from its
strings.
"""

from __future__ import annotations

import bisect
import operator
from array import array
from itertools import accumulate, islice
from collections.abc import Iterable, Iterator, Sequence, Set

import numpy as np

SAMPLE = 32
"""Every this many strings, one is kept as bytes for the C-level first step of a search."""


class SortedStrings(Sequence[str], Set[str]):
    """Distinct strings in sorted order: ``in``, ``len``, iteration, indexing (decoded on
    access) and :meth:`prefixed`. Equal to any set of the same strings."""

    __slots__ = ("_blob", "_hashes", "_offsets", "_samples")

    def __init__(self, strings: Iterable[str]) -> None:
        unique = sorted(dict.fromkeys(strings))  # sorted input: one pass (the shipped terms take from_lines)
        encoded = [s.encode("utf-8", "surrogatepass") for s in unique]
        self._fill(b"".join(encoded), array("I", accumulate(map(len, encoded), initial=0)), unique)

    @classmethod
    def from_lines(cls, raw: bytes) -> SortedStrings:
        """The strings of ``raw``, UTF-8 text of lines each ending in ``b"\\n"`` (``ValueError``
        if the last does not): ``SortedStrings(raw.decode("utf-8", "surrogatepass").split("\\n")[:-1])``.

        The same set, built in a few passes over the whole text when its lines are in strictly
        increasing order already, as the shipped terms are: no sort and no encoding string by
        string (the hashes still need every line as a ``str``); otherwise by the constructor.
        """
        strings = raw.decode("utf-8", "surrogatepass").split("\n")
        if strings.pop():
            raise ValueError("SortedStrings.from_lines: the text does not end with a line feed")
        if not all(map(operator.lt, strings, islice(strings, 1, None))):  # unsorted or repeated
            return cls(strings)
        ends = np.flatnonzero(np.frombuffer(raw, dtype=np.uint8) == 0x0A)  # one line feed a string
        offsets = np.zeros(len(strings) + 1, dtype=np.dtype("I"))  # C unsigned int, as array("I")
        offsets[1:] = ends - np.arange(len(strings))  # a string's end, less the line feeds before it
        packed = array("I")
        packed.frombytes(offsets.tobytes())
        self = cls.__new__(cls)
        self._fill(raw.replace(b"\n", b""), packed, strings)
        return self

    def _fill(self, blob: bytes, offsets: array, unique: list[str]) -> None:
        """Set the fields from the packed ``blob``, its string ``offsets`` (bytes) and the
        strings themselves in the same (sorted) order."""
        self._blob = blob
        self._offsets = offsets
        self._samples = [blob[offsets[k] : offsets[k + 1]] for k in range(0, len(unique), SAMPLE)]
        self._hashes = array("q")
        self._hashes.frombytes(np.sort(np.fromiter(map(hash, unique), dtype=np.int64, count=len(unique))).tobytes())

    def __reduce__(self) -> tuple[type, tuple[list[str]]]:
        return (SortedStrings, (list(self),))

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, k: int) -> str:  # type: ignore[override]
        if not isinstance(k, int):
            raise TypeError("SortedStrings takes integer indices")
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError(k)
        return self._bytes(k).decode("utf-8", "surrogatepass")

    def __iter__(self) -> Iterator[str]:
        return (self[k] for k in range(len(self)))

    def __contains__(self, item: object) -> bool:
        if not isinstance(item, str):
            return False
        hashes = self._hashes
        h = hash(item)
        k = bisect.bisect_left(hashes, h)
        if k == len(hashes) or hashes[k] != h:
            return False
        key = item.encode("utf-8", "surrogatepass")
        k = self._bisect(key)
        return k < len(self) and self._bytes(k) == key

    def __eq__(self, other: object) -> bool:
        return Set.__eq__(self, other)

    __hash__ = None  # type: ignore[assignment]  # mutable-looking like a set: no hash

    def prefixed(self, prefix: str) -> list[str]:
        """The strings that start with ``prefix``, in order."""
        key = prefix.encode("utf-8", "surrogatepass")
        out = []
        k, n = self._bisect(key), len(self)
        while k < n:
            b = self._bytes(k)
            if not b.startswith(key):
                break
            out.append(b.decode("utf-8", "surrogatepass"))
            k += 1
        return out

    def _bytes(self, k: int) -> bytes:
        return self._blob[self._offsets[k] : self._offsets[k + 1]]

    def _bisect(self, key: bytes) -> int:
        """The first index whose string is not below ``key``: the block between two samples
        by ``bisect``, then a binary search within it."""
        j = bisect.bisect_left(self._samples, key)  # samples[j - 1] < key <= samples[j]
        lo = (j - 1) * SAMPLE + 1 if j else 0
        hi = min(j * SAMPLE, len(self))
        while lo < hi:
            mid = (lo + hi) // 2
            if self._bytes(mid) < key:
                lo = mid + 1
            else:
                hi = mid
        return lo
