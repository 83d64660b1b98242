"""Immutable, picklable settings for one repair run.

Like ftfy's ``TextFixerConfig``: a ``NamedTuple`` with one field per behaviour.
Keyword overrides are merged with ``config._replace(**overrides)``.
"""

from __future__ import annotations

import numbers
from functools import lru_cache
from typing import Any, NamedTuple

from .fielddocs import document_fields

ALL_PACKS: tuple[str, ...] = ("general", "news", "science")


class Config(NamedTuple):
    """Settings for :func:`textmend.repair`, :func:`textmend.detect` and :func:`textmend.score`."""

    threshold: float = 0.75
    """Findings with confidence at or above this are applied; the rest are suggestions."""
    packs: tuple[str, ...] = ALL_PACKS
    """Which compiled wordlist packs to use: names from ``ALL_PACKS``, or one ``str`` of them
    separated by commas (``"news"``, ``"news,science"``, as the CLI's ``--pack``). Resolved to a
    tuple in the order of ``ALL_PACKS``, each name once, whatever the order or collection given."""
    allow: frozenset[str] = frozenset()
    """User allow-list: phrases (case-insensitive) textmend must never touch."""
    extra_pairs: tuple[tuple[str, str], ...] = ()
    """User spin pairs as ``(spun, original)``, matched as literal phrases (the spun form
    case-insensitively; the original written as given, "R&D", in the case pattern of the span)."""
    numbers: bool = True
    """Restore number words spun into digits ("the 2 states" -> "the two states")."""
    wide_alternatives: bool = True
    """Rank each reported finding's other candidates among *all* the channel's candidates for its
    span (``textmend.alternatives``); False keeps the decision's own (its best 12 by channel weight).
    Edits, confidences, suggestions and spin scores are the same either way: False only makes
    ``Edit.alternatives`` narrower, and saves the re-scoring (on the benchmark's spun news about a
    third of ``repair``'s CPU; nothing on clean text, which reports few findings)."""


DEFAULT_CONFIG = Config()


def resolve_config(config: Config | None, overrides: dict[str, object]) -> Config:
    """Merge keyword overrides into ``config`` (or the default), checking names and types."""
    base = DEFAULT_CONFIG if config is None else config
    if not isinstance(base, Config):
        raise TypeError(f"config must be a textmend.Config, not {type(base).__name__}")
    if not overrides:
        return _validated(base)
    unknown = set(overrides) - set(Config._fields)
    if unknown:
        raise TypeError(
            f"unknown option(s) {sorted(unknown)}; valid options are {list(Config._fields)}"
        )
    fixed: dict[str, Any] = dict(overrides)
    if "packs" in fixed:
        fixed["packs"] = _pack_names(fixed["packs"])
    if "allow" in fixed:
        fixed["allow"] = _hashable_allow(fixed["allow"])
    if "extra_pairs" in fixed:
        fixed["extra_pairs"] = _hashable_pairs(fixed["extra_pairs"])
    return _validated(base._replace(**fixed))


def _pack_names(packs: object) -> tuple[Any, ...]:
    """``packs`` as a tuple of names: a ``str`` is split at commas (``"news, science"``), as the
    CLI's ``--pack`` is. Raises ``TypeError`` for a value that is neither a str nor iterable."""
    if isinstance(packs, str):
        return tuple(p.strip() for p in packs.split(",") if p.strip())
    return tuple(_iterable(packs, "packs", "pack names"))


def _canonical_packs(packs: list[str]) -> tuple[str, ...]:
    """The names of ``packs`` (all in ``ALL_PACKS``) once each, in the order of ``ALL_PACKS``. The
    tuple is the channel's cache key, so a set (iterated in hash order, which differs between
    processes) or any other order of the same names gives the same channel and results."""
    return tuple(name for name in ALL_PACKS if name in packs)


def _iterable(value: object, name: str, what: str) -> list[Any]:
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise TypeError(
            f"{name} must be a list (or set or tuple) of {what}, not {type(value).__name__}; "
            f"for one entry pass [{value!r}]"
        )
    return list(value)  # type: ignore[call-overload]


def _validated(config: Config) -> Config:
    """Check every field by the CLI's rules; returns the config with user lists normalised.

    Raises ``TypeError`` for a wrong type and ``ValueError`` for a bad value, saying what
    to pass. Packs are put in the order of ``ALL_PACKS`` (:func:`_canonical_packs`). User lists follow :mod:`textmend.userlists` (the rules of ``--allow`` and
    ``--extra`` files): no empty phrases, no chains, no pair whose original grows.
    """
    if isinstance(config.threshold, bool) or not isinstance(config.threshold, numbers.Real):
        raise TypeError(f"threshold must be a number between 0 and 1, not {type(config.threshold).__name__}")
    if not 0.0 <= float(config.threshold) <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, got {config.threshold!r}")
    if type(config.threshold) is not float:  # numpy's float32, int64, ...: a plain float
        config = config._replace(threshold=float(config.threshold))
    if not isinstance(config.numbers, bool):
        raise TypeError(f"numbers must be True or False, not {config.numbers!r}")
    if not isinstance(config.wide_alternatives, bool):
        raise TypeError(f"wide_alternatives must be True or False, not {config.wide_alternatives!r}")
    if isinstance(config.packs, str):  # Config(packs="news"): one name, as the override reads it
        config = config._replace(packs=_pack_names(config.packs))
    packs = _iterable(config.packs, "packs", "pack names")
    if not packs:
        raise ValueError(f"packs is empty; choose one or more of {list(ALL_PACKS)}")
    bad = [p for p in packs if p not in ALL_PACKS]
    if bad:
        raise ValueError(f"unknown pack(s) {bad}; choose from {list(ALL_PACKS)}")
    canonical = _canonical_packs(packs)
    if canonical != config.packs:
        config = config._replace(packs=canonical)
    allow = _checked_allow(_hashable_allow(config.allow))
    pairs = _checked_pairs(_hashable_pairs(config.extra_pairs))
    if allow != config.allow or pairs != config.extra_pairs:
        config = config._replace(allow=allow, extra_pairs=pairs)
    return config


def _hashable_allow(allow: object) -> frozenset[Any]:
    """The phrases as a frozenset (the cache key of :func:`_checked_allow`)."""
    items = _iterable(allow, "allow", "phrases")
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"allow must hold phrases (str), not {type(item).__name__}: {item!r}")
    return frozenset(items)


def _hashable_pairs(pairs: object) -> tuple[Any, ...]:
    """The pairs as a tuple of tuples (the cache key of :func:`_checked_pairs`): JSON gives
    ``[["spun", "original"]]``."""
    return tuple(tuple(pair) if isinstance(pair, list) else pair
                 for pair in _iterable(pairs, "extra_pairs", "(spun, original) pairs"))


@lru_cache(maxsize=64)
def _checked_allow(allow: frozenset[Any]) -> frozenset[str]:
    from .userlists import UserListError, check_allow_list

    for item in allow:
        if not isinstance(item, str):
            raise TypeError(f"allow must hold phrases (str), not {type(item).__name__}: {item!r}")
    items = sorted(allow)  # a set has no lines: errors name the phrase
    try:
        return check_allow_list(enumerate(items, start=1), "allow")
    except UserListError as exc:
        reason = exc.reason
        if exc.earlier is not None:
            reason = reason.replace(f"already on line {exc.earlier}", f"the same words as {items[exc.earlier - 1]!r}")
        which = f" {items[exc.line - 1]!r}" if exc.line else ""
        raise ValueError(f"allow item{which}: {reason}") from None


@lru_cache(maxsize=64)
def _checked_pairs(pairs: tuple[Any, ...]) -> tuple[tuple[str, str], ...]:
    from .userlists import UserListError, check_extra_pairs

    for pair in pairs:
        if (
            not isinstance(pair, (tuple, list))
            or len(pair) != 2
            or not all(isinstance(side, str) for side in pair)
        ):
            raise TypeError(f"extra_pairs must hold (spun, original) pairs of str, not {pair!r}")
    try:
        return check_extra_pairs(((i, s, o) for i, (s, o) in enumerate(pairs, start=1)), "extra_pairs")
    except UserListError as exc:
        raise ValueError(f"extra_pairs item {exc.line}: {exc.reason}") from None


document_fields(Config)  # help() shows each field's meaning
