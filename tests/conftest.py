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
