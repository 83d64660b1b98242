#!/usr/bin/env python3
"""Build the science pack's term data: known terms and listed tortured phrases.

Usage::

    python scripts/build_terms.py            # rebuild the shipped files
    python scripts/build_terms.py --check    # exit 1 if a shipped file is stale

Writes (gzip, ``mtime=0``, sorted: the same sources give the same bytes):

- ``src/textmend/data/terms.txt.gz``: one known term a line (2-5 tokens, ``phrase_key``
  form; ``<TAB>s`` after a scientific term, i.e. one of the first two sources), from
  - the ``correct`` column of ``wordlists/tortured_phrases.tsv`` (Problematic Paper Screener
    development list, CC BY 4.0),
  - ``wordlists/science_terms.txt`` and ``wordlists/terms.txt`` (the team's curated terms),
  - WordNet 3.0 multi-word noun and adjective lemmas (Debian ``wordnet-base``, WordNet 3.0
    licence: permissive, attribution), read from ``/usr/share/wordnet/index.{noun,adj}``,

  each with the plural of its last word when that word is a singular noun (lemminflect), so a
  plural span ("irregular woodlands") meets its term ("random forests").
- ``src/textmend/data/tortured_phrases.tsv.gz``: ``tortured<TAB>term`` for every listed
  tortured phrase (the science pack's known phrases, restored as listed) except those of
  ``wordlists/tortured_ordinary.txt``: phrases ordinary prose writes in their own sense ("new
  crown", "thick woods"). Their terms stay known terms.
- ``src/textmend/data/tortured_ordinary.txt.gz``: those ordinary phrases, one a line: the
  term-variant matcher does not read them as variants of a term either, unless an acronym of
  the term follows ("enthusiastic state" -> "emotional state" was a term edit at .98 in clean prose).

The held-out benchmark (``benchmarks/tortured.py``) builds its split's terms in memory with
:func:`build`. Exit status: 0 written or up to date, 1 stale, 2 a source is missing.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from textmend.tokenize import phrase_key  # noqa: E402

WORDLISTS = ROOT / "wordlists"
DATA = ROOT / "src" / "textmend" / "data"
WORDNET = Path("/usr/share/wordnet")
MIN_TOKENS, MAX_TOKENS = 2, 5


def read_listed(path: Path = WORDLISTS / "tortured_phrases.tsv") -> list[tuple[str, str]]:
    """(tortured, term) pairs in ``phrase_key`` form, file order, header and comments skipped."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("tortured\t"):
            continue
        spun, _, term = line.partition("\t")
        spun, term = phrase_key(spun), phrase_key(term)
        if spun and term and spun != term:
            pairs.append((spun, term))
    return pairs


def read_ordinary(path: Path = WORDLISTS / "tortured_ordinary.txt") -> frozenset[str]:
    """Listed tortured phrases that ordinary prose writes literally (``phrase_key`` form, ``#`` comments)."""
    return frozenset(
        phrase_key(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip() and not x.startswith("#")
    )


def shipped_listed() -> list[tuple[str, str]]:
    """The listed pairs the shipped pack restores as listed: :func:`read_listed` less :func:`read_ordinary`."""
    ordinary = read_ordinary()
    return [(s, t) for s, t in read_listed() if s not in ordinary]


def read_curated(paths: Iterable[Path] = (WORDLISTS / "science_terms.txt", WORDLISTS / "terms.txt")) -> list[str]:
    """Hand-curated terms, one a line (``#`` comments)."""
    return [
        phrase_key(x)
        for path in paths
        for x in path.read_text(encoding="utf-8").splitlines()
        if x.strip() and not x.startswith("#")
    ]


def read_wordnet(directory: Path = WORDNET) -> list[str]:
    """Multi-word noun and adjective lemmas of WordNet 3.0 (``index.*`` files)."""
    out = []
    for pos in ("noun", "adj"):
        path = directory / f"index.{pos}"
        if not path.exists():
            raise FileNotFoundError(f"{path} missing: apt-get install wordnet-base")
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith(" "):
                continue  # licence header
            lemma = line.split(" ", 1)[0]
            if "_" in lemma:
                out.append(phrase_key(lemma.replace("_", " ")))
    return out


def with_plurals(terms: Iterable[str]) -> set[str]:
    """``terms`` plus, for each, its last word's plural when that word is a singular noun."""
    from lemminflect import getInflection, getLemma

    out = set()
    for term in terms:
        out.add(term)
        head, _, last = term.rpartition(" ")
        if last.isalpha() and getLemma(last, "NOUN") == (last,):
            plural = getInflection(last, "NNS")
            if plural and plural[0] != last:
                out.add(f"{head} {plural[0]}" if head else plural[0])
    return out


def build(
    listed: list[tuple[str, str]],
    science_terms: Iterable[str],
    general_terms: Iterable[str] = (),
    ordinary: Iterable[str] | None = None,
) -> tuple[list[str], list[tuple[str, str]]]:
    """(sorted known terms, sorted listed pairs) from the listed pairs and other term sources.

    A term line is ``term<TAB>s`` for a scientific term (listed or curated) and ``term`` for a
    general one (WordNet only): the matcher gives general terms a lower prior. Listed pairs whose
    tortured phrase is in ``ordinary`` (default :func:`read_ordinary`) are left out of the pairs;
    their terms are kept.
    """
    ordinary = read_ordinary() if ordinary is None else frozenset(ordinary)
    science = {t for _, t in listed} | set(science_terms)
    science = {t for t in with_plurals(science) if MIN_TOKENS <= len(t.split(" ")) <= MAX_TOKENS}
    general = {t for t in with_plurals(general_terms) if MIN_TOKENS <= len(t.split(" ")) <= MAX_TOKENS} - science
    pairs = sorted({(s, t) for s, t in listed if s not in ordinary})
    return sorted([f"{t}\ts" for t in science] + sorted(general)), pairs


def _gzip(lines: Iterable[str]) -> bytes:
    import io

    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write("".join(f"{x}\n" for x in lines).encode("utf-8"))
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a shipped file is stale")
    parser.add_argument("-o", "--output", type=Path, default=DATA)
    args = parser.parse_args(argv)
    try:
        listed, ordinary = read_listed(), read_ordinary()
        curated, wordnet = read_curated(), read_wordnet()
    except FileNotFoundError as exc:
        print(f"build_terms: {exc}", file=sys.stderr)
        return 2
    terms, pairs = build(listed, curated, wordnet, ordinary)
    files = {
        "terms.txt.gz": _gzip(["# textmend known terms (scripts/build_terms.py; sources: wordlists/SOURCES.md)", *terms]),
        "tortured_phrases.tsv.gz": _gzip(
            ["# textmend listed tortured phrases: tortured<TAB>term (PPS dev list, CC BY 4.0; "
             "less wordlists/tortured_ordinary.txt)", *(f"{s}\t{t}" for s, t in pairs)]
        ),
        "tortured_ordinary.txt.gz": _gzip(
            ["# textmend ordinary phrases: listed tortured phrases ordinary prose writes in their own sense "
             "(wordlists/tortured_ordinary.txt; PPS dev list, CC BY 4.0)", *sorted(ordinary)]
        ),
    }
    stale = [n for n, b in files.items() if not (args.output / n).exists() or (args.output / n).read_bytes() != b]
    if args.check:
        for name in stale:
            print(f"build_terms: {name} is stale; run python scripts/build_terms.py", file=sys.stderr)
        return 1 if stale else 0
    for name in stale:
        (args.output / name).write_bytes(files[name])
    print(f"{len(terms):,} terms, {len(pairs):,} listed tortured phrases -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
