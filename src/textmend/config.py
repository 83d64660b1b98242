"""Immutable, picklable settings for one repair run.

Like ftfy's ``TextFixerConfig``: a ``NamedTuple`` with one field per behaviour.
Keyword overrides are merged with ``config._replace(**overrides)``.
"""

from __future__ import annotations

from typing import Any, NamedTuple

ALL_PACKS: tuple[str, ...] = ("general", "news", "science")


class Config(NamedTuple):
    """Settings for :func:`textmend.repair`, :func:`textmend.detect` and :func:`textmend.score`."""

    threshold: float = 0.75
    """Findings with confidence at or above this are applied; the rest are suggestions."""
    packs: tuple[str, ...] = ALL_PACKS
    """Which compiled wordlist packs to use."""
    allow: frozenset[str] = frozenset()
    """User allow-list: phrases (case-insensitive) textmend must never touch."""
    extra_pairs: tuple[tuple[str, str], ...] = ()
    """User spin pairs as ``(spun, original)``, matched as literal phrases."""
    numbers: bool = True
    """Restore number words spun into digits ("the 2 states" -> "the two states")."""


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
    if isinstance(fixed.get("packs"), str):
        fixed["packs"] = tuple(p.strip() for p in fixed["packs"].split(",") if p.strip())
    elif "packs" in fixed:
        fixed["packs"] = tuple(fixed["packs"])
    if "allow" in fixed:
        fixed["allow"] = frozenset(fixed["allow"])
    if "extra_pairs" in fixed:
        fixed["extra_pairs"] = tuple((str(spun), str(orig)) for spun, orig in fixed["extra_pairs"])
    return _validated(base._replace(**fixed))


def _validated(config: Config) -> Config:
    if not 0.0 <= float(config.threshold) <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, got {config.threshold!r}")
    bad = [p for p in config.packs if p not in ALL_PACKS]
    if bad:
        raise ValueError(f"unknown pack(s) {bad}; choose from {list(ALL_PACKS)}")
    return config
