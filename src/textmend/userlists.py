"""Parsing of user-supplied wordlists: allow-lists and extra spin pairs.

These files come from users, so they are treated as hostile: they are read as
plain UTF-8 text (never pickle, never ``eval``), limited in size, validated line
by line, and every problem is reported as a :class:`UserListError` whose message
names the file and the line. Phrases are *literals*: the engine matches them
token by token, case-insensitively. Nothing a user writes becomes a regular
expression, so a wordlist cannot make matching slow (no ReDoS).

File format (both kinds)::

    # a comment line
    prisoner of war          # an allow-list entry; " #" starts a comment

    troopers<TAB>soldiers    # an extra pair: spun form, then the original
    spy company -> spy agency

- UTF-8, one entry per line; a leading byte-order mark is ignored; ``\\n`` or
  ``\\r\\n`` line ends.
- Blank lines are ignored. ``#`` at the start of a line, or after whitespace,
  starts a comment that runs to the end of the line (so ``c#`` stays a literal).
- Extra pairs are ``spun<TAB>original`` or ``spun -> original``.
- Each phrase is normalised: Unicode NFC, runs of whitespace collapsed to one
  space, leading and trailing whitespace dropped, and lower case, except an
  original's letters: it is written as given ("big apple -> New York", "R&D"),
  then in the case pattern of the text it replaces (``textmend.rewrite.match_case``:
  all capitals, a sentence's first word). Spun forms match case-insensitively. The engine
  matches a phrase by its words and numbers (``textmend.tokenize.words``), so
  punctuation inside a phrase is not significant: "U.S." matches "U S".

Errors (each names ``file:line``): undecodable bytes, control characters
(including lone CR, bidirectional overrides and zero-width characters), an empty side, a phrase with
no words, the same words on both sides, a phrase over :data:`MAX_PHRASE_CHARS`
characters or :data:`MAX_PHRASE_TOKENS` words, a duplicate entry, a spun form
mapped to two different originals, and a chain: an original that is, or
contains, a spun form ("a -> b" with "b -> c", or "war -> prisoner of war"),
which would make a second repair change the first one's output. A file over
:data:`MAX_FILE_BYTES` bytes or :data:`MAX_ENTRIES` entries is refused whole.

Reading a file can also raise :class:`OSError` (missing file, permission
denied, a directory): those are left to the caller, unchanged.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Union

import regex

from .tokenize import fold, words

__all__ = [
    "MAX_ENTRIES",
    "MAX_FILE_BYTES",
    "MAX_PHRASE_CHARS",
    "MAX_PHRASE_TOKENS",
    "UserListError",
    "load_allow_list",
    "load_extra_pairs",
    "check_allow_list",
    "check_extra_pairs",
    "normalise_phrase",
    "parse_allow_list",
    "parse_extra_pairs",
]

MAX_FILE_BYTES = 1024 * 1024
"""Largest wordlist file accepted, in bytes (1 MiB)."""
MAX_ENTRIES = 10_000
"""Most entries (phrases or pairs) accepted in one file."""
MAX_PHRASE_CHARS = 200
"""Longest phrase accepted, in characters after normalisation."""
MAX_PHRASE_TOKENS = 4
"""Most words (and numbers) in one phrase: the engine looks at spans of 1-4 words."""

PathLike = Union[str, "os.PathLike[str]"]

# A comment: "#" at the start of the line or after whitespace, to the end of the line.
_COMMENT = regex.compile(r"(?:^|(?<=\s))#.*\Z", regex.DOTALL)

# Bidirectional embedding/override/isolate controls: invisible, and able to make
# a phrase read differently from what it matches ("Trojan Source").
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class UserListError(ValueError):
    """A user wordlist is unusable. The message names the file and the line."""

    def __init__(self, source: str, line: int | None, reason: str, earlier: int | None = None) -> None:
        self.source = source
        """The file name (or ``"<string>"``) the problem is in."""
        self.line = line
        """The 1-based line number, or ``None`` when the problem is the whole file."""
        self.reason = reason
        """What is wrong, without the location."""
        self.earlier = earlier
        """For a duplicate: the 1-based line of the first entry, which ``reason`` names as
        ``already on line N``; otherwise ``None``."""
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")

    def __reduce__(self) -> tuple[type[UserListError], tuple[str, int | None, str, int | None]]:
        # Keep the error picklable across worker processes.
        return (type(self), (self.source, self.line, self.reason, self.earlier))


def normalise_phrase(phrase: str, keep_case: bool = False) -> str:
    """Normalise a phrase the way wordlist entries are stored: NFC, one space, lower case (unless
    ``keep_case``: an extra pair's original, written as the user gave it)."""
    phrase = unicodedata.normalize("NFC", phrase)
    return " ".join((phrase if keep_case else phrase.lower()).split())


def parse_allow_list(text: str, source: str = "<string>") -> frozenset[str]:
    """Parse allow-list ``text``: one phrase per line that textmend must never touch."""
    return check_allow_list(_entries(text, source), source)


def check_allow_list(entries: Iterable[tuple[int, str]], source: str) -> frozenset[str]:
    """Check ``(line, phrase)`` entries by the allow-list rules; return the normalised phrases.

    The one place for the rules: files (:func:`parse_allow_list`) and
    :class:`textmend.Config` both use it. Raises :class:`UserListError`.
    """
    seen: dict[str, int] = {}  # match key -> line
    phrases: list[str] = []
    for lineno, body in entries:
        phrase, key = _phrase(body, source, lineno, "phrase")
        if key in seen:
            raise UserListError(
                source, lineno, f"duplicate phrase {phrase!r} (already on line {seen[key]})", seen[key]
            )
        seen[key] = lineno
        phrases.append(phrase)
    return frozenset(phrases)


def parse_extra_pairs(text: str, source: str = "<string>") -> tuple[tuple[str, str], ...]:
    """Parse extra-pair ``text``: lines of ``spun<TAB>original`` or ``spun -> original``.

    Returns ``(spun, original)`` pairs in file order. Phrases are compared by the
    words the engine matches on (see :func:`textmend.tokenize.phrase_key`), so
    "U.S. army" and "u s army" are the same spun form.
    """
    entries = ((lineno, *_split_pair(body, source, lineno)) for lineno, body in _entries(text, source))
    return check_extra_pairs(entries, source)


def check_extra_pairs(entries: Iterable[tuple[int, str, str]], source: str) -> tuple[tuple[str, str], ...]:
    """Check ``(line, spun, original)`` entries by the extra-pair rules (no chains, no
    growing pairs, no duplicates or conflicts); return the normalised pairs.

    The one place for the rules: files (:func:`parse_extra_pairs`) and
    :class:`textmend.Config` both use it. Raises :class:`UserListError`.
    """
    pairs: list[tuple[str, str]] = []
    spun_at: dict[str, tuple[int, str]] = {}  # spun key -> (line, original)
    inside_original: dict[str, int] = {}  # every run of words in an original -> its line
    for lineno, spun_raw, original_raw in entries:
        spun, spun_key = _phrase(spun_raw, source, lineno, "spun form")
        original, original_key = _phrase(original_raw, source, lineno, "original", keep_case=True)
        if spun_key == original_key:
            raise UserListError(source, lineno, f"spun form and original are the same ({spun!r})")
        if spun_key in spun_at:
            first, before = spun_at[spun_key]
            if fold(before.lower()) == fold(original.lower()):
                raise UserListError(
                    source, lineno, f"duplicate pair {spun!r} -> {original!r} (already on line {first})", first
                )
            raise UserListError(
                source,
                lineno,
                f"{spun!r} is mapped to {original!r} here but to {before!r} on line {first}",
            )
        # A chain (a -> b, b -> c) or a growing pair (war -> prisoner of war) would
        # make a second repair change the first one's output.
        runs = _runs(original_key)
        if spun_key in runs:
            raise UserListError(
                source, lineno, f"original {original!r} contains the spun form {spun!r}; "
                "repairs would grow on every run"
            )
        if spun_key in inside_original:
            raise UserListError(
                source,
                lineno,
                f"spun form {spun!r} appears in an original on line {inside_original[spun_key]}; "
                "repairs would chain",
            )
        for run in runs:
            if run in spun_at:
                raise UserListError(
                    source,
                    lineno,
                    f"original {original!r} contains {run!r}, a spun form on line "
                    f"{spun_at[run][0]}; repairs would chain",
                )
        spun_at[spun_key] = (lineno, original)
        for run in runs:
            inside_original.setdefault(run, lineno)
        pairs.append((spun, original))
    return tuple(pairs)


def load_allow_list(path: PathLike) -> frozenset[str]:
    """Read and parse the allow-list file at ``path`` (see the module docstring for the format)."""
    return parse_allow_list(*_read(path))


def load_extra_pairs(path: PathLike) -> tuple[tuple[str, str], ...]:
    """Read and parse the extra-pairs file at ``path`` (see the module docstring for the format)."""
    return parse_extra_pairs(*_read(path))


def _read(path: PathLike) -> tuple[str, str]:
    """Return ``(text, source)`` for ``path``, refusing oversized or non-UTF-8 files."""
    source = os.fsdecode(os.fspath(path))
    with open(path, "rb") as handle:
        # Read one byte past the limit rather than trusting stat(): pipes and
        # /dev/stdin have no size, and a file can grow while we read it.
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise UserListError(source, None, f"file is larger than the {MAX_FILE_BYTES:,}-byte limit")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UserListError(
            source, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        ) from None
    return text, source


def _entries(text: str, source: str) -> Iterator[tuple[int, str]]:
    """Yield ``(line number, entry text)`` for each non-blank, non-comment line."""
    if not isinstance(text, str):
        raise TypeError(f"wordlist text must be str, not {type(text).__name__}")
    if len(text) > MAX_FILE_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise UserListError(source, None, f"file is larger than the {MAX_FILE_BYTES:,}-byte limit")
    text = text.removeprefix("\ufeff")
    count = 0
    for lineno, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        line = _COMMENT.sub("", line)
        if not line.strip():
            continue
        count += 1
        if count > MAX_ENTRIES:
            raise UserListError(source, lineno, f"more than {MAX_ENTRIES:,} entries; split the file")
        yield lineno, line


def _split_pair(body: str, source: str, lineno: int) -> tuple[str, str]:
    if "\t" in body:
        # Runs of tabs count as one separator; leading/trailing tabs are just whitespace.
        fields = [f for f in body.split("\t") if f.strip()]
        if len(fields) == 2:
            return fields[0], fields[1]
        if len(fields) < 2:
            raise UserListError(source, lineno, "empty side: expected 'spun<TAB>original'")
        raise UserListError(
            source, lineno, f"expected one TAB between spun form and original, found {len(fields)} fields"
        )
    # A plain split, not a regex: the separator's surrounding whitespace is
    # stripped with the sides, so no pattern ever backtracks over user text.
    halves = body.split("->")
    if len(halves) == 2:
        if not halves[0].strip() or not halves[1].strip():
            raise UserListError(source, lineno, "empty side: expected 'spun -> original'")
        return halves[0], halves[1]
    if len(halves) > 2:
        raise UserListError(source, lineno, "more than one '->' on the line")
    raise UserListError(
        source, lineno, "expected 'spun<TAB>original' or 'spun -> original'"
    )


def _phrase(raw: str, source: str, lineno: int, what: str, keep_case: bool = False) -> tuple[str, str]:
    """Check one phrase; return it normalised (:func:`normalise_phrase`), and its match key (its
    words, lower case, single-spaced)."""
    for ch in raw:
        if ch == "\t" or ch == " ":
            continue
        category = unicodedata.category(ch)
        if ch == "\r":
            raise UserListError(
                source, lineno, f"{what} contains a carriage return (U+000D) that does not end a line; "
                "save the file with \\n or \\r\\n line ends"
            )
        # Cf: bidi controls and zero-width characters (U+200B, U+200D, U+2060, U+FEFF), invisible
        # and able to make a phrase read differently from what it matches.
        if category in ("Cc", "Cs", "Cf") or ch in _BIDI_CONTROLS or ch in "\u2028\u2029":
            name = unicodedata.name(ch, "") if category != "Cs" else "surrogate"
            label = f"U+{ord(ch):04X}" + (f" {name}" if name else "")
            raise UserListError(source, lineno, f"{what} contains a control character ({label})")
    phrase = normalise_phrase(raw, keep_case)
    if not phrase:
        raise UserListError(source, lineno, f"empty {what}")
    if len(phrase) > MAX_PHRASE_CHARS:
        raise UserListError(
            source, lineno, f"{what} is {len(phrase)} characters long; the limit is {MAX_PHRASE_CHARS}"
        )
    tokens = words(phrase)
    if not tokens:
        raise UserListError(
            source, lineno, f"{what} {phrase!r} has no words or numbers, so it could never match"
        )
    if len(tokens) > MAX_PHRASE_TOKENS:
        raise UserListError(
            source,
            lineno,
            f"{what} {phrase!r} has {len(tokens)} words; the limit is {MAX_PHRASE_TOKENS}",
        )
    return phrase, " ".join(tokens)


def _runs(key: str) -> list[str]:
    """Every contiguous run of words in ``key`` (at most 10 for a 4-word key)."""
    parts = key.split(" ")
    return [" ".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)]
