"""Write the mechanical sections of ``wordlists/function_words.tsv``: numbers and contractions.

    python scripts/function_words.py           # rewrite the generated sections in place
    python scripts/function_words.py --check   # exit 1 if they are stale (the tests run this)

The rest of the file is written by hand. Each generated section sits between a
``# >>> generated: NAME`` and a ``# <<< end NAME`` line; everything outside those markers is
left byte for byte as it is, so a reviewer edits the hand-written classes freely and reruns
this script only when the tables below change. The output is plain TSV in the file's own
format (``original  spun|spun  class``), one line per original, so it reads and diffs like
the hand-written part.

Data source: the tables below, written by the textmend team (MIT). No external data.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

FILE = Path(__file__).resolve().parents[1] / "wordlists" / "function_words.tsv"

UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen twenty").split()
TENS = {30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty",
        90: "ninety"}
ORDINAL_UNITS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
                 "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
                 "nineteenth twentieth").split()
ORDINAL_TENS = {30: "thirtieth", 40: "fortieth", 50: "fiftieth", 60: "sixtieth",
                70: "seventieth", 80: "eightieth", 90: "ninetieth"}
# (number words, digit forms): both directions are written.
LARGE = [
    (("one hundred", "a hundred"), ("100",)),
    (("one thousand", "a thousand"), ("1,000", "1000")),
    (("one million", "a million"), ("1 million", "1,000,000")),
    (("one billion", "a billion"), ("1 billion", "1,000,000,000")),
    (("a dozen",), ("12",)),
]
# "1,000th" is left out: the tokenizer reads it as "1" "," "000th".
ORDINAL_LARGE = [("hundredth", "100th"), ("thousandth", "1000th")]

# (expanded, contracted): every standard English contraction. Ambiguous contractions
# ("it's" = it is / it has, "he'd" = he would / he had) are listed once per expansion.
_BE_HAVE = {
    "am": ["i"],
    "are": ["you", "we", "they"],
    "is": ["it", "he", "she", "that", "there", "here", "what", "who", "where", "when", "how",
           "why"],
    "has": ["it", "he", "she", "that", "there", "what", "who", "where"],
    "have": ["i", "you", "we", "they", "who", "could", "should", "would", "might", "must"],
    "will": ["i", "you", "he", "she", "it", "we", "they", "that", "there", "who", "what"],
    "would": ["i", "you", "he", "she", "it", "we", "they", "that", "there", "who"],
    "had": ["i", "you", "he", "she", "it", "we", "they", "that", "there", "who"],
}
_SUFFIX = {"am": "'m", "are": "'re", "is": "'s", "has": "'s", "have": "'ve", "will": "'ll",
           "would": "'d", "had": "'d"}
_NEGATIONS = [
    ("is not", "isn't"), ("are not", "aren't"), ("was not", "wasn't"), ("were not", "weren't"),
    ("do not", "don't"), ("does not", "doesn't"), ("did not", "didn't"),
    ("have not", "haven't"), ("has not", "hasn't"), ("had not", "hadn't"),
    ("will not", "won't"), ("would not", "wouldn't"), ("shall not", "shan't"),
    ("should not", "shouldn't"), ("cannot", "can't"), ("can not", "can't"),
    ("could not", "couldn't"), ("must not", "mustn't"), ("might not", "mightn't"),
    ("need not", "needn't"), ("dare not", "daren't"), ("let us", "let's"),
]


def contractions() -> list[tuple[str, str]]:
    """Every (expanded, contracted) pair, in a stable order."""
    pairs = [(f"{subject} {verb}", subject + _SUFFIX[verb])
             for verb, subjects in _BE_HAVE.items() for subject in subjects]
    return pairs + _NEGATIONS


def number_words() -> list[tuple[str, str]]:
    """Every (number word, digits) pair: 0-99 (hyphenated compounds) and the large ones."""
    pairs = [(word, str(n)) for n, word in enumerate(UNITS)]
    for ten, word in TENS.items():
        pairs.append((word, str(ten)))
    for ten in (20, *TENS):
        tens_word = UNITS[20] if ten == 20 else TENS[ten]
        for unit in range(1, 10):
            pairs.append((f"{tens_word}-{UNITS[unit]}", str(ten + unit)))
    pairs += [(word, digits) for words, digit_forms in LARGE
              for word in words for digits in digit_forms]
    return pairs


def _suffix(n: int) -> str:
    if n % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def ordinals() -> list[tuple[str, str]]:
    """Every (ordinal word, digits) pair: 1st-99th and the large ones."""
    pairs = [(word, f"{n}{_suffix(n)}") for n, word in enumerate(ORDINAL_UNITS, 1)]
    for ten, word in ORDINAL_TENS.items():
        pairs.append((word, f"{ten}th"))
    for ten in (20, *TENS):
        tens_word = UNITS[20] if ten == 20 else TENS[ten]
        for unit in range(1, 10):
            n = ten + unit
            pairs.append((f"{tens_word}-{ORDINAL_UNITS[unit - 1]}", f"{n}{_suffix(n)}"))
    return pairs + ORDINAL_LARGE


def both_ways(pairs: list[tuple[str, str]], cls: str) -> list[str]:
    """TSV lines for ``pairs`` in both directions, one line per original (``|`` joins)."""
    table: dict[str, list[str]] = {}
    for a, b in pairs:
        table.setdefault(a, []).append(b)
    for a, b in pairs:
        table.setdefault(b, []).append(a)
    return [f"{original}\t{'|'.join(dict.fromkeys(spun))}\t{cls}\texact"
            for original, spun in table.items()]


def sections() -> dict[str, list[str]]:
    """The generated sections by name, as lists of lines (without newlines)."""
    return {
        "contractions": both_ways(contractions(), "contraction"),
        "numbers": both_ways(number_words(), "number"),
        "ordinals": both_ways(ordinals(), "number"),
    }


def render(text: str) -> str:
    """``text`` with every generated section replaced by its current content.

    Raises ``ValueError`` when a section's markers are missing or out of order."""
    lines = text.split("\n")
    for name, body in sections().items():
        begin, end = f"# >>> generated: {name}", f"# <<< end {name}"
        if begin not in lines or end not in lines or lines.index(begin) > lines.index(end):
            raise ValueError(f"{FILE.name}: markers for section {name!r} not found")
        i, j = lines.index(begin), lines.index(end)
        lines[i + 1 : j] = body
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    parser.add_argument("--file", type=Path, default=FILE)
    args = parser.parse_args(argv)
    text = args.file.read_text(encoding="utf-8")
    try:
        new = render(text)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        if new != text:
            print(f"{args.file} is stale: run python scripts/function_words.py", file=sys.stderr)
            return 1
        return 0
    if new != text:
        args.file.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
