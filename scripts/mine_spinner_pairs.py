#!/usr/bin/env python3
"""Mine a real spinner's own dictionary entries from tortured phrases.

Each row of the tortured-phrase list (``tortured<TAB>correct``, e.g. ``irregular backwoods``
for ``random forest``) is aligned word by word with its term (``difflib.SequenceMatcher``
over ``textmend.tokenize.words``). Every replaced word gives one pair, ``random ->
irregular`` and ``forest -> backwoods``; a replaced run of unequal length gives one phrase
pair (at most 5 tokens a side); hyphenated words with the same number of parts are also
aligned part by part (``cross-validation`` / ``cross-approval`` gives ``validation ->
approval``). The whole term and phrase are kept as a pair too when both have at most 5
tokens. British/American spelling variants and identical words are not pairs.

Output: ``wordlists/mined_pairs.tsv``, TAB-separated ``original  spun  count`` (count = number
of rows of the list that show the pair), sorted, behind a header that names the input and
its licence. The same input always gives the same bytes.

Usage::

    python scripts/mine_spinner_pairs.py                       # ../shared/data/pps-dev.tsv
    python scripts/mine_spinner_pairs.py --input FILE -o OUT   # another list
    python scripts/mine_spinner_pairs.py --exclude-terms HELD_OUT.txt   # leave terms out

``--exclude-terms`` names a file of terms (one per line, ``#`` comments) whose rows are
skipped, so that a held-out benchmark can mine without them. Exit status 0, or 2 when the
input is missing.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from textmend.tokenize import phrase_key, words  # noqa: E402

DEFAULT_INPUT = ROOT.parent.parent / "shared" / "data" / "pps-dev.tsv"
if not DEFAULT_INPUT.exists():
    DEFAULT_INPUT = Path("/work/shared/data/pps-dev.tsv")
OUTPUT = ROOT / "wordlists" / "mined_pairs.tsv"
MAX_TOKENS = 5


def spelling_variant(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are the same word in British and American spelling
    (``colour``/``color``, ``analyse``/``analyze``, ``centre``/``center``): see
    :func:`fold_spelling`."""
    return a != b and fold_spelling(a) == fold_spelling(b)


_RULES = (
    ("isation", "ization"), ("ise", "ize"), ("ised", "ized"), ("ises", "izes"),
    ("ising", "izing"), ("yse", "yze"), ("ysed", "yzed"), ("ysing", "yzing"),
    ("our", "or"), ("ours", "ors"), ("tre", "ter"), ("tres", "ters"), ("lled", "led"),
    ("lling", "ling"), ("ller", "ler"), ("ogue", "og"), ("ogues", "ogs"), ("ence", "ense"),
    ("ae", "e"), ("oe", "e"),
)


def fold_spelling(phrase: str) -> str:
    """Map British spellings of each word of ``phrase`` to American ones, by suffix rules
    and the ``ae``/``oe`` digraphs (``anaemia`` -> ``anemia``). Crude on purpose: it is
    only used to tell whether two words are spelling variants of each other."""
    out = []
    for word in phrase.split():
        for brit, amer in _RULES:
            if brit in ("ae", "oe"):
                word = word.replace(brit, amer)
            elif word.endswith(brit) and len(word) > len(brit) + 2:
                word = word[: -len(brit)] + amer
                break
        out.append(word)
    return " ".join(out)


def align(correct: str, tortured: str) -> list[tuple[str, str]]:
    """The (original, spun) pairs that turn ``correct`` into ``tortured``, see the module
    docstring."""
    c, t = words(correct), words(tortured)
    pairs: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=c, b=t, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace":
            continue
        if i2 - i1 == j2 - j1:
            for o, s in zip(c[i1:i2], t[j1:j2]):
                pairs.append((o, s))
                op_parts, sp_parts = o.split("-"), s.split("-")
                if len(op_parts) > 1 and len(op_parts) == len(sp_parts):
                    pairs += [(a, b) for a, b in zip(op_parts, sp_parts) if a != b]
        elif i2 - i1 <= MAX_TOKENS and j2 - j1 <= MAX_TOKENS:
            pairs.append((" ".join(c[i1:i2]), " ".join(t[j1:j2])))
    if 1 < len(c) <= MAX_TOKENS and len(t) <= MAX_TOKENS and c != t:
        pairs.append((" ".join(c), " ".join(t)))
    return [(o, s) for o, s in dict.fromkeys(pairs) if o != s and not spelling_variant(o, s)]


def read_rows(path: Path) -> list[tuple[str, str]]:
    """``(tortured, correct)`` rows of a ``tortured<TAB>correct`` file (``#`` comments and
    the header line skipped)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2 or cols[0] == "tortured":
            continue
        rows.append((cols[0], cols[1]))
    return rows


def read_terms(path: Path) -> set[str]:
    """Phrase keys of the terms in ``path`` (one a line, ``#`` comments)."""
    return {phrase_key(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")}


def mine(rows: list[tuple[str, str]], exclude: set[str] = frozenset()) -> Counter:
    """Count of each (original, spun) pair over ``rows``, skipping excluded terms."""
    counts: Counter = Counter()
    for tortured, correct in rows:
        if phrase_key(correct) in exclude:
            continue
        counts.update(align(correct, tortured))
    return counts


def render(counts: Counter, source: Path, excluded: int) -> str:
    lines = [
        "# Pairs mined from real spun text by scripts/mine_spinner_pairs.py: do not edit by hand.",
        f"# Input: {source.name}, tortured phrases of the Problematic Paper Screener (Cabanac,",
        "# Labbe & Magazinov, 2021), CC BY 4.0; each tortured phrase aligned word by word with",
        "# the term it replaces. Changes: alignment into word and phrase pairs, counted.",
        f"# Terms excluded: {excluded}.",
        "# Columns: original  spun  count (rows of the input showing the pair)",
        "original\tspun\tcount",
    ]
    for (o, s), n in sorted(counts.items()):
        lines.append(f"{o}\t{s}\t{n}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", type=Path, default=DEFAULT_INPUT)
    ap.add_argument("-o", "--output", type=Path, default=OUTPUT)
    ap.add_argument("--exclude-terms", type=Path, default=None,
                    help="file of terms (one a line) whose rows are not mined")
    args = ap.parse_args(argv)
    if not args.input.exists():
        print(f"error: {args.input} not found", file=sys.stderr)
        return 2
    exclude = read_terms(args.exclude_terms) if args.exclude_terms else set()
    counts = mine(read_rows(args.input), exclude)
    args.output.write_text(render(counts, args.input, len(exclude)), encoding="utf-8")
    print(f"{len(counts):,} pairs -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
