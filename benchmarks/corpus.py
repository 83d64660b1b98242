"""Where the benchmark's texts come from.

The development corpus (911 BBC articles) is read by path from ``../shared/corpus/`` and
never copied: it may not be redistributed. On a machine without it (a user's clone), the
benchmark falls back to the bundled ``examples/*.txt``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import NamedTuple

import regex

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(
    os.environ.get("TEXTMEND_CORPUS", ROOT.parent / "shared" / "corpus" / "news-dev.jsonl")
)
EXAMPLES = ROOT / "examples"

_WORD = regex.compile(r"\w+")


class Doc(NamedTuple):
    id: str
    text: str


class Texts(NamedTuple):
    source: str
    """``corpus`` or ``examples``."""
    path: str
    """Where they were read from, for the report."""
    docs: tuple[Doc, ...]


def corpus_available() -> bool:
    return CORPUS.is_file()


def load_corpus(limit: int | None = None) -> list[Doc]:
    """The clean corpus articles in file order, the first ``limit`` of them if given."""
    docs = []
    with CORPUS.open(encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if limit is not None and n >= limit:
                break
            record = json.loads(line)
            docs.append(Doc(str(record.get("id", n)), record["text"]))
    return docs


def load_examples() -> list[Doc]:
    """The bundled example articles that are not themselves spun (``*spun*`` is skipped)."""
    return [
        Doc(p.stem, p.read_text(encoding="utf-8"))
        for p in sorted(EXAMPLES.glob("*.txt"))
        if "spun" not in p.stem
    ]


def load_texts(limit: int | None = None) -> Texts:
    """The corpus if it is there, else the examples."""
    if corpus_available():
        return Texts("corpus", str(CORPUS), tuple(load_corpus(limit)))
    return Texts("examples", str(EXAMPLES), tuple(load_examples()[:limit]))


def count_words(text: str) -> int:
    """Words as the corpus README counts them: whitespace-separated tokens."""
    return len(text.split())


def count_word_tokens(text: str) -> int:
    """Regex ``\\w+`` tokens (splits "Russia's" and "10,000"): a second, larger count."""
    return len(_WORD.findall(text))


def build_document(docs: "tuple[Doc, ...] | list[Doc]", size: int) -> str:
    """A synthetic document of about ``size`` UTF-8 bytes: the texts joined and repeated,
    cut at a space. Built in memory only."""
    if not docs:
        raise ValueError("no texts to build a document from")
    parts: list[str] = []
    total = 0
    i = 0
    while total < size:
        text = docs[i % len(docs)].text
        parts.append(text)
        total += len(text.encode("utf-8")) + 2
        i += 1
    joined = "\n\n".join(parts).encode("utf-8")[:size].decode("utf-8", "ignore")
    cut = joined.rfind(" ")
    return joined[:cut] if cut > size // 2 else joined
