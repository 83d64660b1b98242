"""Write ``src/textmend/data/function_classes.tsv``: the class of each function-word pair.

    python scripts/function_classes.py           # write the file
    python scripts/function_classes.py --check   # exit 1 if it is stale (the tests run this)

The confidence model weighs a function-word candidate by the class of its pair (auxiliary,
contraction, connective, ...: ``textmend.function_rate.function_class``), and the shipped channel
holds no classes, so they are written here from the third column of
``wordlists/function_words.tsv``. Format: a header line, then one ``original<TAB>spun<TAB>class``
line per listed pair, sorted; a pair listed under two classes keeps the first. Inflected forms
that ``scripts/build_channel.py`` adds (``use`` -> ``used``) are not listed; their candidates get
their original's class if it is listed, else none.

Data source: ``wordlists/function_words.tsv`` (the textmend team, MIT). No external data.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "wordlists" / "function_words.tsv"
OUTPUT = ROOT / "src" / "textmend" / "data" / "function_classes.tsv"
HEADER = "original\tspun\tclass"


def pairs(path: Path = SOURCE) -> dict[tuple[str, str], str]:
    """(original, spun) -> class, from the wordlist's original, spun[|spun] and class columns."""
    out: dict[tuple[str, str], str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) < 3 or cols[0] == "original":
            continue
        for spun in cols[1].split("|"):
            out.setdefault((cols[0], spun.strip()), cols[2])
    return out


def render(table: dict[tuple[str, str], str]) -> str:
    return "\n".join([HEADER, *(f"{o}\t{s}\t{c}" for (o, s), c in sorted(table.items()))]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the shipped file is stale")
    args = parser.parse_args(argv)
    text = render(pairs())
    if args.check:
        if not OUTPUT.is_file() or OUTPUT.read_text(encoding="utf-8") != text:
            print(f"{OUTPUT} is stale: run python scripts/function_classes.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT}: {text.count(chr(10)) - 1} pairs", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
