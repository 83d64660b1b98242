"""Read, check and expand the hand-editable spin packs in ``wordlists/``.

A library for the build scripts, not a command: ``scripts/build_channel.py`` turns the
packs into the channel's ``curated`` and ``generated`` sources, and
``scripts/propose_entries.py`` uses the parser, the inflector and the frequencies to write
the ``*.generated.*`` files. Needs the ``build`` extra (``pip install -e '.[build]'``:
wordfreq, lemminflect; symspellpy for :attr:`Frequencies.bigrams` only).

Sources (all in ``wordlists/``, see ``wordlists/SOURCES.md``)::

    general.tsv                        pack "general"  (curated)
    news.tsv, news.generated.tsv       pack "news"     (curated entries override generated ones)
    science.tsv, science.generated.tsv pack "science"
    exceptions.txt                     words accepted although wordfreq does not know them

Entry lines are TAB-separated: ``original  spun[|spun...]  POS  risk  [flags]``. The risk
``drop`` removes a generated pair (:func:`merge_curated`); the other risks (``strong``,
``medium``, ``risky``) are the curator's note and do not change the channel.

Each entry is expanded to all inflected forms with lemminflect, keeping the original's form
in step ("soldier -> trooper" gives "soldiers -> troopers"), unless its flags say
``exact`` (only the written forms) or ``tags=VBD,VBN`` (only those Penn tags); see
:func:`expand`.

Errors (:class:`BuildError`) are ``file:line: message`` strings: bad columns, POS, risk or
flags, tokens that are not words or that wordfreq does not know, self-maps, duplicates,
contradictions, reversed pairs and originals and spun forms of different inflections.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDLISTS = ROOT / "wordlists"
WORDNET_DIR = Path("/usr/share/wordnet")

PACK_FILES = {
    "general": ("general.tsv",),
    "news": ("news.tsv", "news.generated.tsv"),
    "science": ("science.tsv", "science.generated.tsv"),
}
EXCEPTIONS_FILE = "exceptions.txt"

POS_TAGS = {"NOUN", "VERB", "ADJ", "ADV", "ADP", "CONJ", "DET", "PRON", "PHRASE"}
RISKS = {"strong", "medium", "risky", "drop"}
UPOS_TAGS = {
    "NOUN": ("NN", "NNS"),
    "VERB": ("VB", "VBD", "VBG", "VBN", "VBZ"),
    "ADJ": ("JJ", "JJR", "JJS"),
    "ADV": ("RB", "RBR", "RBS"),
}
ALL_TAGS = {t for tags in UPOS_TAGS.values() for t in tags}
# A word as textmend.tokenize sees it: internal apostrophes and hyphens stay inside.
WORD_RE = re.compile(r"^\w+(?:['’-]\w+)*$")
MIN_EXPANDED_ZIPF = 1.0  # inflected forms rarer than this (wordfreq Zipf) are not listed


class BuildError(Exception):
    """Validation failed; ``errors`` holds ``file:line: message`` strings."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Entry:
    """One (original, spun) pair of a pack file line (a ``spun|spun`` line gives several)."""

    file: str
    line: int
    pack: str
    original: str
    spun: str
    pos: str
    risk: str
    exact: bool = False
    tags: tuple[str, ...] = ()
    curated: bool = True

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


def norm(text: str) -> str:
    return " ".join(text.lower().split())


# --------------------------------------------------------------------------- parsing


def parse_entries(path: Path, pack: str, curated: bool) -> tuple[list[Entry], list[str]]:
    """Parse one TSV source. Returns entries and ``file:line: message`` errors."""
    entries: list[Entry] = []
    errors: list[str] = []
    name = _display(path)
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        where = f"{name}:{lineno}"
        if len(cols) < 4 or len(cols) > 5:
            errors.append(f"{where}: expected 4 or 5 TAB-separated columns "
                          f"(original, spun, POS, risk[, flags]), got {len(cols)}")
            continue
        original, spuns, pos, risk = cols[0], cols[1], cols[2].upper(), cols[3].lower()
        flags = cols[4] if len(cols) == 5 else ""
        if pos not in POS_TAGS:
            errors.append(f"{where}: unknown POS {cols[2]!r}; use one of {sorted(POS_TAGS)}")
            continue
        if risk not in RISKS:
            errors.append(f"{where}: unknown risk {cols[3]!r}; use one of {sorted(RISKS)}")
            continue
        exact, tags, bad = False, (), False
        for flag in flags.split():
            if flag == "exact":
                exact = True
            elif flag.startswith("tags="):
                tags = tuple(t.strip().upper() for t in flag[5:].split(",") if t.strip())
                unknown = [t for t in tags if t not in ALL_TAGS]
                if unknown:
                    errors.append(f"{where}: unknown Penn tag(s) {unknown} in {flag!r}")
                    bad = True
            else:
                errors.append(f"{where}: unknown flag {flag!r}; use 'exact' or 'tags=VBD,...'")
                bad = True
        if bad:
            continue
        for spun in spuns.split("|"):
            entries.append(Entry(name, lineno, pack, norm(original), norm(spun), pos, risk,
                                 exact, tags, curated))
    return entries, errors


def parse_idioms(path: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """Parse an idiom list (one 2-4 word phrase a line, ``#`` comments): (phrase,
    ``file:line``) pairs and ``file:line: message`` errors. ``scripts/propose_entries.py``
    reads ``idioms.txt`` with it."""
    out, errors = [], []
    name = _display(path)
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip() if raw.lstrip().startswith("#") else raw.strip()
        if not line:
            continue
        phrase = norm(line)
        where = f"{name}:{lineno}"
        toks = phrase.split()
        if not 2 <= len(toks) <= 4:
            errors.append(f"{where}: idiom {phrase!r} must have 2-4 tokens")
        elif not all(WORD_RE.match(t) for t in toks):
            errors.append(f"{where}: idiom {phrase!r} has a token that is not a word")
        else:
            out.append((phrase, where))
    return out, errors


def load_exceptions(wordlists: Path, fname: str = EXCEPTIONS_FILE) -> set[str]:
    """One word or phrase a line, comments after '#'."""
    path = wordlists / fname
    if not path.exists():
        return set()
    words = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip().lower()
        if line:
            words.add(" ".join(line.split()))
    return words


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


# ------------------------------------------------------------------------ validation


def validate(entries: list[Entry], exceptions: set[str], zipf) -> list[str]:
    """Check words, self-maps, duplicates and contradictions. Returns error strings."""
    errors: list[str] = []
    seen: dict[tuple[str, str, str], Entry] = {}
    for e in entries:
        for label, phrase in (("original", e.original), ("spun form", e.spun)):
            toks = phrase.split()
            if not 1 <= len(toks) <= 4:
                errors.append(f"{e.where}: {label} {phrase!r} must have 1-4 tokens")
                continue
            for tok in toks:
                if not WORD_RE.match(tok):
                    errors.append(f"{e.where}: {label} {phrase!r}: {tok!r} is not a word token")
                elif tok not in exceptions and zipf(tok) <= 0:
                    errors.append(f"{e.where}: {label} {phrase!r}: {tok!r} is not a known "
                                  f"English word (wordfreq zipf 0); add it to "
                                  f"wordlists/{EXCEPTIONS_FILE} if it is real")
        if e.original == e.spun:
            errors.append(f"{e.where}: {e.original!r} maps to itself")
        key = (e.pack, e.original, e.spun)
        prev = seen.get(key)
        if prev is not None and prev.curated == e.curated:
            if (prev.pos, prev.risk, prev.exact, prev.tags) == (e.pos, e.risk, e.exact, e.tags):
                errors.append(f"{e.where}: duplicate entry {e.original!r} -> {e.spun!r} "
                              f"(first at {prev.where})")
            else:
                errors.append(f"{e.where}: contradictory entry {e.original!r} -> {e.spun!r}: "
                              f"{e.pos}/{e.risk} here, {prev.pos}/{prev.risk} at {prev.where}")
        else:
            seen[key] = e
    # a -> b and b -> a in the same pack cannot both be restored
    live = {(e.pack, e.original, e.spun): e for e in entries if e.risk != "drop"}
    for (pack, o, s), e in live.items():
        back = live.get((pack, s, o))
        if back is not None and (e.file, e.line) < (back.file, back.line) and e.curated == back.curated:
            errors.append(f"{back.where}: contradictory entry {s!r} -> {o!r} reverses "
                          f"{o!r} -> {s!r} at {e.where}")
    return errors


def merge_curated(entries: list[Entry]) -> list[Entry]:
    """Curated entries override generated ones of the same original; ``drop`` removes."""
    curated_originals = {(e.pack, e.original) for e in entries if e.curated and e.risk != "drop"}
    dropped = {(e.pack, e.original, e.spun) for e in entries if e.risk == "drop"}
    curated_pairs = {(e.pack, e.original, e.spun) for e in entries if e.curated}
    out = []
    for e in entries:
        if e.risk == "drop":
            continue
        if not e.curated:
            if (e.pack, e.original) in curated_originals:
                continue
            if (e.pack, e.original, e.spun) in dropped:
                continue
            if (e.pack, e.spun, e.original) in curated_pairs:
                continue  # the curated list says the pair runs the other way
        out.append(e)
    return out


# ------------------------------------------------------------------------- inflection


class Inflector:
    """Build-time inflection with lemminflect (cached)."""

    def __init__(self) -> None:
        import lemminflect

        self._lm = lemminflect
        self._cache: dict[tuple[str, str], dict[str, str]] = {}

    def table(self, word: str, upos: str) -> dict[str, str]:
        """Penn tag -> form for the lemma of ``word``."""
        key = (word, upos)
        if key in self._cache:
            return self._cache[key]
        lm = self._lm
        lemmas = lm.getLemma(word, upos=upos, lemmatize_oov=True) or (word,)
        # prefer a lemma whose paradigm really contains the word
        best: dict[str, str] = {}
        for lemma in lemmas:
            infl = lm.getAllInflections(lemma, upos=upos) or lm.getAllInflectionsOOV(lemma, upos=upos)
            tab = {t: forms[0] for t, forms in infl.items() if t in ALL_TAGS}
            if upos == "NOUN":
                tab.setdefault("NN", lemma)
            if upos == "VERB":
                tab.setdefault("VB", lemma)
                if "VBN" not in tab and "VBD" in tab:
                    tab["VBN"] = tab["VBD"]
                if "VBD" not in tab and "VBN" in tab:
                    tab["VBD"] = tab["VBN"]
            if upos == "ADJ":
                tab.setdefault("JJ", lemma)
            if upos == "ADV":
                tab.setdefault("RB", lemma)
            if word in tab.values():
                best = tab
                break
            if not best:
                best = tab
        if word not in best.values():
            best = {}
        self._cache[key] = best
        return best


def head_index(tokens: list[str], pos: str) -> int:
    """The token that inflects: a verb phrase's first word, a noun phrase's last word or the
    word before its first "of" ("prisoner of war" -> "prisoners of war")."""
    if pos == "VERB":
        return 0
    if "of" in tokens[1:]:
        return tokens.index("of", 1) - 1
    return len(tokens) - 1


def expand(e: Entry, infl: Inflector, zipf) -> tuple[list[tuple[str, str]], str | None]:
    """All (original, spun) forms of one entry, and an error message or None."""
    pairs = [(e.original, e.spun)]
    if e.exact or e.pos not in UPOS_TAGS:
        return pairs, None
    otoks, stoks = e.original.split(), e.spun.split()
    oi, si = head_index(otoks, e.pos), head_index(stoks, e.pos)
    otab = infl.table(otoks[oi], e.pos)
    stab = infl.table(stoks[si], e.pos)
    if not otab or not stab:
        return pairs, None  # unknown to lemminflect: keep the written forms only
    otags = {t for t, f in otab.items() if f == otoks[oi]}
    stags = {t for t, f in stab.items() if f == stoks[si]}
    if not otags & stags:
        return pairs, (f"{e.where}: {e.original!r} ({'/'.join(sorted(otags))}) and {e.spun!r} "
                       f"({'/'.join(sorted(stags))}) are different inflections; write matching "
                       f"forms or add the flag 'exact'")
    wanted = e.tags or UPOS_TAGS[e.pos]
    if e.tags:
        pairs = []
    for tag in wanted:
        if tag not in otab or tag not in stab:
            continue
        of, sf = otab[tag], stab[tag]
        if " " in of or " " in sf or zipf(of) < MIN_EXPANDED_ZIPF or zipf(sf) < MIN_EXPANDED_ZIPF:
            continue
        o = " ".join(otoks[:oi] + [of] + otoks[oi + 1:])
        s = " ".join(stoks[:si] + [sf] + stoks[si + 1:])
        if o != s and (o, s) not in pairs:
            pairs.append((o, s))
    return pairs, None


# ------------------------------------------------------------------------- frequencies


class Frequencies:
    """wordfreq Zipf values of words (cached), and symspellpy's bigram counts on first use."""

    def __init__(self) -> None:
        from wordfreq import zipf_frequency

        self._zf = zipf_frequency
        self._cache: dict[str, float] = {}

    def word(self, w: str) -> float:
        """wordfreq Zipf frequency of ``w`` in English (0 for an unknown word)."""
        z = self._cache.get(w)
        if z is None:
            z = self._cache[w] = self._zf(w, "en")
        return z

    @functools.cached_property
    def bigrams(self) -> dict[str, float]:
        """``"w1 w2"`` -> log10 count from symspellpy's bigram list (loads in about a second)."""
        return load_bigrams()


@functools.lru_cache(maxsize=1)
def frequencies() -> Frequencies:
    """One shared, cached :class:`Frequencies`."""
    return Frequencies()


def bigram_path() -> Path:
    """symspellpy's English bigram list (``w1 w2 count`` a line; MIT, from Google Books Ngrams)."""
    import symspellpy

    return Path(symspellpy.__file__).parent / "frequency_bigramdictionary_en_243_342.txt"


def load_bigrams() -> dict[str, float]:
    """``"w1 w2"`` (lower case) -> log10 of its count in :func:`bigram_path` (2 decimals)."""
    out = {}
    with open(bigram_path(), encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                out[f"{parts[0].lower()} {parts[1].lower()}"] = round(math.log10(int(parts[2])), 2)
    return out


# ------------------------------------------------------------------------------ load


def read_packs(wordlists: Path = WORDLISTS) -> tuple[list[Entry], list[str]]:
    """Parse every pack file present in ``wordlists`` (``PACK_FILES`` order): the entries,
    and the ``file:line: message`` errors of lines that could not be parsed."""
    entries, errors = [], []
    for pack, files in PACK_FILES.items():
        for fname in files:
            path = wordlists / fname
            if not path.exists():
                continue
            es, errs = parse_entries(path, pack, curated=".generated." not in fname)
            entries += es
            errors += errs
    return entries, errors


def expanded_packs(wordlists: Path = WORDLISTS) -> list[tuple[Entry, list[tuple[str, str]]]]:
    """Each live entry of the packs (after :func:`merge_curated`) with its expanded
    (original, spun) forms, in file order. Raises :class:`BuildError` with every error
    (parsing, :func:`validate`, :func:`expand`) when there is any."""
    entries, errors = read_packs(wordlists)
    freq = frequencies()
    errors += validate(entries, load_exceptions(wordlists), freq.word)
    if errors:
        raise BuildError(errors)
    infl = Inflector()
    out = []
    for e in merge_curated(entries):
        pairs, err = expand(e, infl, freq.word)
        if err:
            errors.append(err)
        out.append((e, pairs))
    if errors:
        raise BuildError(errors)
    return out
