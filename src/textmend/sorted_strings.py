"""A sorted set of strings packed into one UTF-8 blob (the known terms: ~2.5 MB, not ~20 MB of
Python strings, dicts and tuples).

Membership and prefix ranges are binary searches over the blob. UTF-8 byte order is code point
order, so the blob's order is ``sorted()``'s order of the strings.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Iterator, Sequence, Set


class SortedStrings(Sequence[str], Set[str]):
    """Distinct strings in sorted order: ``in``, ``len``, iteration, indexing (decoded on
    access) and :meth:`prefixed`. Equal to any set of the same strings."""

    __slots__ = ("_blob", "_offsets")

    def __init__(self, strings: Iterable[str]) -> None:
        encoded = [s.encode("utf-8", "surrogatepass") for s in sorted(set(strings))]
        offsets = array("I", [0])
        total = 0
        for e in encoded:
            total += len(e)
            offsets.append(total)
        self._blob = b"".join(encoded)
        self._offsets = offsets

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
        """The first index whose string is not below ``key``."""
        return bisect.bisect_left(_Keys(self), key)


class _Keys(Sequence[bytes]):
    """The encoded strings of a :class:`SortedStrings`, for ``bisect``."""

    __slots__ = ("_s",)

    def __init__(self, s: SortedStrings) -> None:
        self._s = s

    def __len__(self) -> int:
        return len(self._s)

    def __getitem__(self, k: int) -> bytes:  # type: ignore[override]
        return self._s._bytes(k)
