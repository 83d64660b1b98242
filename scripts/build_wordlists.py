#!/usr/bin/env python3
"""Compile textmend's human-readable wordlists into ``src/textmend/data/lexicon.json.gz``.

Usage::

    python scripts/build_wordlists.py            # rebuild the shipped lexicon
    python scripts/build_wordlists.py --check    # exit 1 if the shipped file is stale
    python scripts/build_wordlists.py -o /tmp/lexicon.json.gz

Needs the ``build`` extra (``pip install -e '.[build]'``: wordfreq, lemminflect, symspellpy).
It does not read WordNet: the WordNet-derived entries are already in the ``*.generated.*``
source files, made by ``scripts/propose_entries.py`` (which needs Debian's ``wordnet-base``).

Exit status: 0 written (or up to date with ``--check``), 1 stale (``--check``), 2 invalid
sources (each error is printed as ``file:line: message``; nothing is written).

Sources (all in ``wordlists/``, see ``wordlists/SOURCES.md``)::

    general.tsv                       pack "general"  (curated)
    news.tsv, news.generated.tsv      pack "news"     (curated entries override generated ones)
    science.tsv, science.generated.tsv pack "science"
    idioms.txt, idioms.generated.txt  idioms and collocations
    alternatives.generated.tsv        all-sense synonyms, for the collocation check only
    exceptions.txt                    words accepted although wordfreq does not know them
    risky_forms.txt                   spun forms forced to risk 'risky' (ordinary news words)

Entry lines are TAB-separated: ``original  spun[|spun...]  POS  risk  [flags]``.

Each entry is expanded to all inflected forms with lemminflect, keeping the original's form
in step ("soldier -> trooper" gives "soldiers -> troopers"), unless its flags say
``exact`` (only the written forms) or ``tags=VBD,VBN`` (only those Penn tags).

Strength of one expanded candidate (spun form s, original o)::

    zs, zo = legitimacy Zipf of s and o   (wordfreq for one word; for phrases the
             symspellpy bigram count converted to the Zipf scale, or a low default
             when the bigram is not attested)
    L  = 1.5 * (zo - zs) - 1.8 * (zs - 3.3)
    s0 = 1 / (1 + exp(-L))
    risk strong : 0.85 + 0.14 * s0     (if zs <= 4.0; else 0.50 + 0.20 * s0)
    risk medium : 0.20 + 0.50 * s0     (0.20 - 0.70)
    risk risky  : 0.05 + 0.35 * s0     (0.05 - 0.40)

Candidates from generated (unreviewed) entries get 0.9 times that.

i.e. a spun form is strong evidence when it is rare in its own right (low zs) and much
rarer than the original it replaces (zo - zs large); the curator's risk flag bounds it.
"""

from __future__ import annotations

import argparse
import base64
import functools
import gzip
import io
import json
import math
import re
import sys
from array import array
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDLISTS = ROOT / "wordlists"
OUTPUT = ROOT / "src" / "textmend" / "data" / "lexicon.json.gz"
WORDNET_DIR = Path("/usr/share/wordnet")

PACK_FILES = {
    "general": ("general.tsv",),
    "news": ("news.tsv", "news.generated.tsv"),
    "science": ("science.tsv", "science.generated.tsv"),
}
IDIOM_FILES = ("idioms.txt", "idioms.generated.txt", "science_terms.txt")
ALTERNATIVES_FILE = "alternatives.generated.tsv"
MAX_ALTERNATIVES = 5  # per word form, the most frequent (see expand_alternatives)
CURATED_IDIOMS = "idioms.txt"
EXCEPTIONS_FILE = "exceptions.txt"
RISKY_FILE = "risky_forms.txt"

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
# symspellpy's bigram counts to the Zipf scale (log10 per billion words): calibrated so
# that frequent bigrams sit just below the Zipf value of their rarer word.
BIGRAM_ZIPF_OFFSET = 4.3
UNATTESTED_PHRASE_ZIPF = 2.3
MIN_EXPANDED_ZIPF = 1.0
BIGRAMS_PER_SIDE = 12
VARIANT_MIN_LOG10 = 7.0
GENERATED_FACTOR = 0.9
REFERENCE_SPIN_RATE = 0.3  # share of content words a spinner replaces, for strength()
STRONG_FLOOR = 0.96  # curated strong forms that are rare words start here (above RISKY_CAP)
RISKY_CAP = 0.95  # risky and medium forms: the engine's document score keeps them off clean text
COMMON_ZIPF = 4.9  # spun forms more frequent than this are mostly legitimate ...
COMMON_PENALTY = 2.5  # ... by this many log-odds per Zipf unit above it


class BuildError(Exception):
    """Validation failed; ``errors`` holds ``file:line: message`` strings."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Entry:
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


@dataclass
class Lexicon:
    spins: dict[str, list[list]] = field(default_factory=dict)
    idioms: list[str] = field(default_factory=list)
    originals: dict[str, set[str]] = field(default_factory=dict)  # pack -> originals
    entries: dict[str, int] = field(default_factory=dict)  # pack -> source entries


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

    def __init__(self):
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
    def __init__(self):
        from wordfreq import zipf_frequency

        self._zf = zipf_frequency
        self._cache: dict[str, float] = {}
        self.bigrams = load_bigrams()

    def word(self, w: str) -> float:
        z = self._cache.get(w)
        if z is None:
            z = self._cache[w] = self._zf(w, "en")
        return z

    def phrase(self, p: str) -> float:
        """Legitimacy Zipf of a word or phrase (see module docstring)."""
        toks = p.split()
        if len(toks) == 1:
            return self.word(toks[0])
        zs = []
        for a, b in zip(toks, toks[1:]):
            c = self.bigrams.get(f"{a} {b}")
            zs.append(c - BIGRAM_ZIPF_OFFSET if c is not None else UNATTESTED_PHRASE_ZIPF)
        return round(min(zs) - 0.5 * (len(toks) - 2), 2)


@functools.lru_cache(maxsize=1)
def frequencies() -> Frequencies:
    """One shared, cached Frequencies (loading the bigram list takes about a second)."""
    return Frequencies()


def bigram_path() -> Path:
    import symspellpy

    return Path(symspellpy.__file__).parent / "frequency_bigramdictionary_en_243_342.txt"


def load_bigrams() -> dict[str, float]:
    out = {}
    with open(bigram_path(), encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                out[f"{parts[0].lower()} {parts[1].lower()}"] = round(math.log10(int(parts[2])), 2)
    return out


def strength(risk: str, zs: float, zo: float, fan_out: int = 1) -> float:
    """Prior that an occurrence of the spun form in a spun document is a spin of the original.

    Bayes with frequencies: a spinner working at REFERENCE_SPIN_RATE turns the original
    (Zipf ``zo``) into one of its ``fan_out`` spun forms, while the spun form (Zipf ``zs``)
    also occurs as itself. Clean documents are protected by the engine's document score,
    not here. The curator's risk flag bounds the result: only ``strong`` forms that are rare
    in their own right reach STRONG_FLOOR; ``risky`` and ``medium`` stay below RISKY_CAP.
    """
    rate = REFERENCE_SPIN_RATE
    logit = math.log(rate / (1 - rate)) + math.log(10) * (zo - zs) - math.log(max(1, fan_out))
    # spinners leave the commonest words ("should", "each", "again") alone far more often
    # than a uniform rate predicts, so very common spun forms are mostly themselves
    logit -= COMMON_PENALTY * max(0.0, zs - COMMON_ZIPF)
    s0 = 1.0 / (1.0 + math.exp(-logit))
    if risk == "strong":
        s = STRONG_FLOOR + (0.99 - STRONG_FLOOR) * s0 if zs <= 4.0 else min(s0, RISKY_CAP)
    else:
        s = min(max(s0, 0.02), RISKY_CAP)
    return round(s, 2)


# ----------------------------------------------------------------------- alternatives


def parse_alternatives(path: Path) -> tuple[list[tuple[str, str, list[str]]], list[str]]:
    """Rows ``word  POS  alt|alt...`` of the alternatives file, with ``file:line`` errors."""
    rows, errors = [], []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 3 or cols[1] not in UPOS_TAGS or not cols[2]:
            errors.append(f"{_display(path)}:{no}: expected 'word<TAB>POS<TAB>alt|alt...'")
            continue
        rows.append((cols[0], cols[1], cols[2].split("|")))
    return rows, errors


def expand_alternatives(rows: list[tuple[str, str, list[str]]], infl: Inflector,
                        bigram_words: set[str], zipf) -> dict[str, list[str]]:
    """Inflected form -> its alternatives in the same Penn tag ("clocks" -> "times").

    Alternatives that occur in no known bigram are left out: they could never show a
    broken collocation. Each form keeps its MAX_ALTERNATIVES most frequent ones: spinners
    replace common words, and every alternative costs a lookup per neighbour at run time.
    """
    out: dict[str, set[str]] = {}
    for word, upos, alts in rows:
        forms = infl.table(word, upos)
        for alt in alts:
            alt_forms = infl.table(alt, upos)
            for tag, form in forms.items():
                alt_form = alt_forms.get(tag)
                if WORD_RE.match(form) and alt_form and alt_form != form and alt_form in bigram_words:
                    out.setdefault(form, set()).add(alt_form)
    return {form: sorted(sorted(alts, key=lambda a: (-zipf(a), a))[:MAX_ALTERNATIVES])
            for form, alts in sorted(out.items())}


def collocation_table(all_bigrams: dict[str, float], alternatives: dict[str, list[str]]) -> dict:
    """The collocation check's table, with words as integer ids for fast lookups.

    Every bigram with a word that has alternatives or is one is kept (the check must know
    both the alternative's bigram and the word's own; absent means unattested):

    - ``words``: every word of a kept bigram, sorted; its index is its id;
    - ``keys``: base64 of little-endian uint32 deltas of the sorted bigram keys
      ``left id * len(words) + right id`` (loaded with one C-level pass, no JSON numbers);
    - ``counts``: base64 of one byte per key, tenths of the bigram's log10 count;
    - ``alternatives``: form -> ids of its alternatives.
    """
    needed = set(alternatives).union(*alternatives.values())
    kept = [(bg.split(" "), c) for bg, c in all_bigrams.items() if not needed.isdisjoint(bg.split(" "))]
    words = sorted({w for pair, _ in kept for w in pair})
    ids = {w: i for i, w in enumerate(words)}
    table = sorted((ids[left] * len(words) + ids[right], round(count * 10)) for (left, right), count in kept)
    keys = array("I", (key - previous for previous, (key, _) in zip([0] + [k for k, _ in table], table)))
    if keys.itemsize != 4:  # pragma: no cover - every mainstream platform has 4-byte "I"
        raise BuildError(["array('I') is not 4 bytes on this platform"])
    if sys.byteorder == "big":  # pragma: no cover
        keys.byteswap()
    return {
        "words": words,
        "keys": base64.b64encode(keys.tobytes()).decode("ascii"),
        "counts": base64.b64encode(bytes(count for _, count in table)).decode("ascii"),
        "alternatives": {form: [ids[a] for a in alts] for form, alts in alternatives.items()},
    }


# ----------------------------------------------------------------------------- build


def read_sources(wordlists: Path) -> tuple[list[Entry], list[tuple[str, str]], list[str]]:
    entries, idioms, errors = [], [], []
    for pack, files in PACK_FILES.items():
        for fname in files:
            path = wordlists / fname
            if not path.exists():
                continue
            es, errs = parse_entries(path, pack, curated=".generated." not in fname)
            entries += es
            errors += errs
    for fname in IDIOM_FILES:
        path = wordlists / fname
        if path.exists():
            ids, errs = parse_idioms(path)
            idioms += ids
            errors += errs
    return entries, idioms, errors


def build(wordlists: Path = WORDLISTS) -> tuple[dict, dict]:
    """Read, validate and compile the sources into (lexicon, stats). Raises BuildError."""
    entries, idioms, errors = read_sources(wordlists)
    exceptions = load_exceptions(wordlists)
    freq = frequencies()
    errors += validate(entries, exceptions, freq.word)
    for phrase, where in idioms:
        for tok in phrase.split():
            if tok not in exceptions and freq.word(tok) <= 0:
                errors.append(f"{where}: idiom {phrase!r}: {tok!r} is not a known English word")
    alternative_rows: list[tuple[str, str, list[str]]] = []
    if (wordlists / ALTERNATIVES_FILE).exists():
        alternative_rows, alt_errors = parse_alternatives(wordlists / ALTERNATIVES_FILE)
        errors += alt_errors
    if errors:
        raise BuildError(errors)

    infl = Inflector()
    risky_forms = load_exceptions(wordlists, RISKY_FILE)
    idiom_phrases = {p for p, _ in idioms}
    live = merge_curated(entries)
    # (spun, original, pack) -> [pos, strength, curated]
    cands: dict[tuple[str, str, str], list] = {}
    originals: dict[str, set[str]] = {p: set() for p in PACK_FILES}
    counts: dict[str, int] = {p: 0 for p in PACK_FILES}
    pending: list[tuple[Entry, str, str, str]] = []
    fan_out: dict[str, set[str]] = {}  # original form -> its distinct spun forms
    for e in live:
        counts[e.pack] += 1
        pairs, err = expand(e, infl, freq.word)
        if err:
            errors.append(err)
            continue
        risk = "risky" if e.spun in risky_forms else e.risk
        for o, s in pairs:
            if " " in s and s in idiom_phrases and not e.curated:
                continue  # the spun form is itself an idiom, legitimate where it stands
            pending.append((e, risk, o, s))
            fan_out.setdefault(o, set()).add(s)
    for e, risk, o, s in pending:
        st = strength(risk, freq.phrase(s), freq.phrase(o), len(fan_out[o]))
        if not e.curated:
            st = round(GENERATED_FACTOR * st, 2)  # unreviewed: ranks below curated
        key = (s, o, e.pack)
        prev = cands.get(key)
        # curated beats generated; otherwise the entry that was written in this form
        if prev is None or (e.curated and not prev[2]) or (
            e.curated == prev[2] and (o, s) == (e.original, e.spun)
        ):
            cands[key] = [e.pos, st, e.curated]
        originals[e.pack].add(o)
    if errors:
        raise BuildError(errors)

    spins: dict[str, list[list]] = {}
    for (s, o, pack), (pos, st, _cur) in cands.items():
        spins.setdefault(s, []).append([o, pack, pos, st])
    for s in spins:
        spins[s].sort(key=lambda c: (-c[3], c[0], c[1]))

    idiom_set = sorted({p for p, where in idioms
                        if Path(where.rsplit(":", 1)[0]).name == CURATED_IDIOMS
                        or not has_common_variant(p, spins, freq.bigrams)})
    words = set()
    for s, cs in spins.items():
        words.update(s.split())
        for c in cs:
            words.update(c[0].split())
    for p in idiom_set:
        words.update(p.split())
    zipf = {w: round(freq.word(w), 2) for w in sorted(words)}
    bigram_words = {w for bg in freq.bigrams for w in bg.split()}
    alternatives = expand_alternatives(alternative_rows, infl, bigram_words, freq.word)
    bigrams = select_bigrams(freq.bigrams, spins)
    return {
        "format": "textmend-lexicon",
        "version": 2,
        "sources": source_versions(),
        "spins": spins,
        "idioms": idiom_set,
        "zipf": zipf,
        "bigrams": bigrams,
        "collocations": collocation_table(freq.bigrams, alternatives),
    }, {
        "entries": counts,
        "originals": {p: len(v) for p, v in originals.items()},
        "spun_forms": {p: len({s for (s, _o, pk) in cands if pk == p}) for p in PACK_FILES},
    }


def has_common_variant(phrase: str, spins: dict[str, list[list]], bigrams: dict[str, float]) -> bool:
    """Whether swapping one word of ``phrase`` for one of its spun forms gives a phrase in
    common use (every bigram it changes has log10 count >= VARIANT_MIN_LOG10): "oil firm"
    is as good as "oil company", so "oil company" is no idiom to restore."""
    toks = phrase.split()
    for i, tok in enumerate(toks):
        for spun in _spun_words(spins).get(tok, ()):
            var = toks[:i] + [spun] + toks[i + 1:]
            pairs = [f"{var[j]} {var[j + 1]}" for j in (i - 1, i) if 0 <= j < len(var) - 1]
            if pairs and all(bigrams.get(bg, 0.0) >= VARIANT_MIN_LOG10 for bg in pairs):
                return True
    return False


_SPUN_WORDS: dict[int, dict[str, list[str]]] = {}


def _spun_words(spins: dict[str, list[list]]) -> dict[str, list[str]]:
    """original word -> its single-word spun forms (cached per spins table)."""
    key = id(spins)
    if key not in _SPUN_WORDS:
        out: dict[str, list[str]] = {}
        for s, cands in spins.items():
            if " " not in s:
                for c in cands:
                    if " " not in c[0]:
                        out.setdefault(c[0], []).append(s)
        _SPUN_WORDS.clear()
        _SPUN_WORDS[key] = out
    return _SPUN_WORDS[key]


def select_bigrams(all_bigrams: dict[str, float], spins: dict[str, list[list]]) -> dict[str, float]:
    """The bigrams the detector can use as context: for every word at the edge of a spun
    form or an original, its BIGRAMS_PER_SIDE most frequent bigrams with a left neighbour
    and with a right neighbour. Keeps the file small and fast to load."""
    edge = set()
    for s, cands in spins.items():
        toks = s.split()
        edge.update((toks[0], toks[-1]))
        for c in cands:
            toks = c[0].split()
            edge.update((toks[0], toks[-1]))
    left: dict[str, list[tuple[float, str]]] = {}
    right: dict[str, list[tuple[float, str]]] = {}
    for bg, c in all_bigrams.items():
        a, b = bg.split()
        if b in edge:
            left.setdefault(b, []).append((-c, bg))
        if a in edge:
            right.setdefault(a, []).append((-c, bg))
    keep = set()
    for side in (left, right):
        for lst in side.values():
            lst.sort()
            keep.update(bg for _c, bg in lst[:BIGRAMS_PER_SIDE])
    return {bg: all_bigrams[bg] for bg in sorted(keep)}


def source_versions() -> dict[str, str]:
    out = {}
    for dist in ("wordfreq", "lemminflect", "symspellpy"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:  # pragma: no cover
            out[dist] = "unknown"
    out["wordnet"] = "3.0"
    return out


def dumps(lexicon: dict) -> bytes:
    text = json.dumps(lexicon, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Compile wordlists/ into src/textmend/data/lexicon.json.gz "
        "(deterministic: rebuilding from the same sources gives the same bytes).",
        epilog="Needs: pip install -e '.[build]' (wordfreq, lemminflect, symspellpy). "
        "Exit status: 0 ok, 1 stale (--check), 2 invalid sources (errors name file:line). "
        "Source format, expansion and the strength formula: wordlists/SOURCES.md.",
    )
    ap.add_argument("-o", "--output", type=Path, default=OUTPUT, help="where to write (default: %(default)s)")
    ap.add_argument("--wordlists", type=Path, default=WORDLISTS, help="source folder (default: %(default)s)")
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if the output file differs")
    args = ap.parse_args(argv)
    try:
        lexicon, st = build(args.wordlists)
    except BuildError as exc:
        for err in exc.errors:
            print(f"error: {err}", file=sys.stderr)
        print(f"{len(exc.errors)} error(s); nothing written", file=sys.stderr)
        return 2
    data = dumps(lexicon)
    summary = ", ".join(f"{p}: {st['originals'][p]} originals / {st['spun_forms'][p]} spun forms"
                        for p in PACK_FILES)
    if args.check:
        current = args.output.read_bytes() if args.output.exists() else b""
        if current != data:
            print(f"{args.output} is stale: run python scripts/build_wordlists.py", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date ({summary})", file=sys.stderr)
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    print(f"wrote {args.output} ({len(data):,} bytes; {summary}; "
          f"{len(lexicon['idioms'])} idioms)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
