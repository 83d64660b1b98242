"""Memory of ``textmend.detect``'s observations: shared all-zero and all-False columns (issue 10)."""

from __future__ import annotations

import importlib

from textmend.config import resolve_config

detect = importlib.import_module("textmend.detect")  # the package exports a function of that name


def test_all_zero_and_all_false_columns_are_shared_tuples() -> None:
    """An observation's all-zero ``unknown``/``style`` and all-``False`` ``in_document`` are one
    tuple per length (memory), equal to and of the same element type as a tuple of its own."""
    observations = detect.observe(
        "The soldier is believed to be the primary prisoner of warfare. The soldier was said to be the "
        "main captive of war, and 3 officials stated that 2 troopers were informed.",
        resolve_config(None, {}))
    columns = [(o.unknown, 0) for o in observations.items] + [(o.style, 0) for o in observations.items]
    columns += [(o.in_document, False) for o in observations.items]
    plain = [c for c, value in columns if c and not any(c)]
    assert len(plain) > 3
    for c, value in columns:
        if c and not any(c):
            assert c == (value,) * len(c) and all(type(x) is type(value) for x in c)
    by_value: dict[tuple, list[tuple]] = {}
    for c in plain:
        by_value.setdefault(c if type(c[0]) is bool else ("int", *c), []).append(c)
    assert any(len(group) > 1 for group in by_value.values())
    for group in by_value.values():
        assert all(c is group[0] for c in group)
    assert detect.shared_zeros([0, 0]) is detect.shared_zeros([0, 0]) == (0, 0)
    assert detect.shared_falses([False] * 3) is detect.shared_falses([False] * 3) == (False,) * 3
    assert detect.shared_zeros([0, 1]) == (0, 1) and detect.shared_falses([True, False]) == (True, False)
    assert detect.shared_zeros([0] * 100) == (0,) * 100  # past the shared lengths: a tuple of its own
