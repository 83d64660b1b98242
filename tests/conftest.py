"""Shared fixtures: where the development corpus lives, and skipping when it is absent."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "news-dev.jsonl"
EXAMPLES = ROOT / "examples"


def corpus_texts() -> Iterator[str]:
    """The clean development articles, read by path (they may not be redistributed)."""
    with CORPUS.open(encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)["text"]


@pytest.fixture(scope="session")
def clean_corpus() -> list[str]:
    if not CORPUS.is_file():
        pytest.skip(f"development corpus not found at {CORPUS}")
    return list(corpus_texts())


LONGEST_FIRST = ("test_clean_corpus", "test_channel", "test_cli", "test_spin_score", "test_properties",
                 "test_qa_gate", "test_cli_failures", "test_spark", "test_scale_smoke", "test_spinner")
"""Modules that take longest (``pytest --durations``, 2026-12-02: the clean corpus repaired once ~120 s,
the channel rebuilt ~100 s, the CLI's subprocesses ~150 s in all), run first. pytest-xdist's
``loadscope`` hands out modules in collection order, so the longest start first and the short ones
fill in after them (longest-processing-time-first): without it one worker ran a long module alone
at the end."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: k for k, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.module.__name__.rpartition(".")[2], len(rank)) if item.module else len(rank))
