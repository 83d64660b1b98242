"""A sense-blind article spinner that records its own gold substitutions.

It imitates what commercial "article spinners" do to a text, so that the benchmark can
measure how much of the damage textmend undoes:

- content words (nouns, verbs, adjectives, adverbs) are swapped for a single-word synonym
  from a thesaurus, chosen from *any* sense of the word, as a spinner that does not look at
  context would;
- the synonym keeps the word's inflection (lemminflect: lemmatise, pick, reinflect to the same
  Penn tag) and its capitalisation (lower, Title, UPPER);
- function words and phrases are swapped from a small table of our own
  (:data:`FUNCTION_SWAPS`: "according to" -> "in line with", "said" -> "stated", ...);
- number words two to nine become digits ("two" -> "2").

The synonyms come from a source that is independent of textmend's own spin tables
(``wordlists/``), so the benchmark does not just measure the table against itself. There are
two thesauri to choose from (:data:`THESAURI`; ``thesaurus=`` argument, else the
``TEXTMEND_SPIN_THESAURUS`` environment variable, else ``mythes``):

- ``mythes`` (default): LibreOffice's English thesaurus (Debian ``mythes-en-us``). It is
  derived from WordNet, as textmend's wordlists are, so it is not fully independent of them.
- ``aiksaurus``: Jared Davis's Aiksaurus (Debian ``libaiksaurus-1.2-data``), a Roget-style
  thesaurus of broad meaning groups that is not built from WordNet.

Aiksaurus has no parts of speech and no term notes. Every Aiksaurus meaning is taken to
fit *any* part of speech (:data:`ANY_POS`), and its terms are all plain synonyms. Misfits
are filtered by lemminflect instead: a term is kept for a word's part of speech only when
lemminflect's dictionary knows it as a lemma of that part of speech (no guessing for unknown
words), and it is then reinflected to the word's own Penn tag like a MyThes synonym. So
"attacked" can become "assaulted" or "stormed" but never "bloodshed" or "seizure", which
share its meaning groups as nouns only. Aiksaurus meanings are broad and sometimes hold
opposites (one meaning of "high" also lists "low"), and it marks neither: its spins are
looser than MyThes's, as a real spinner's would be. MyThes senses are filtered by their own
tags as before, so the default spinner's output is unchanged.

A third choice, ``function-words``, is no thesaurus: it selects
:class:`benchmarks.function_spinner.FunctionSpinner`, which swaps only function words,
numbers and stock phrases, as a content-farm tool does, from a table of its own
(:data:`ThesaurusChoice.spinner`; :func:`default_spinner` and :func:`spin` return it).

Every substitution is recorded as a :class:`Substitution` with its offsets in the spun text,
and every character outside those spans is copied unchanged. The same ``seed`` and ``key``
always give the same spun text.

Needs ``apt-get install mythes-en-us`` (or ``libaiksaurus-1.2-data`` for ``aiksaurus``) and
``pip install wordfreq lemminflect`` (the ``bench`` extra). :func:`missing_requirements` says
what is absent.
"""

from __future__ import annotations

import functools
import os
import random
import struct
import threading
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple, Protocol

import regex

MYTHES_DAT = Path(os.environ.get("TEXTMEND_MYTHES", "/usr/share/mythes/th_en_US_v2.dat"))
"""LibreOffice English thesaurus from Debian's ``mythes-en-us``; ``TEXTMEND_MYTHES`` overrides."""

AIKSAURUS_DIR = Path(os.environ.get("TEXTMEND_AIKSAURUS", "/usr/share/aiksaurus"))
"""Directory of Debian's ``libaiksaurus-1.2-data`` (``words.dat``, ``meanings.dat``);
``TEXTMEND_AIKSAURUS`` overrides."""

THESAURUS_ENV = "TEXTMEND_SPIN_THESAURUS"
"""Environment variable naming the thesaurus when no ``thesaurus=`` is given."""
DEFAULT_THESAURUS = "mythes"

# A word: letters with internal apostrophes or hyphens ("Russia's", "full-scale"), or digits.
WORD_RE = regex.compile(r"\p{L}+(?:['\u2019\-]\p{L}+)*|\p{N}+")

# Function words and phrases, swapped the way spinners do. Written for this benchmark only,
# independently of textmend's wordlists. Keys are lower-case token sequences.
FUNCTION_SWAPS: dict[str, str] = {
    "according to": "in line with",
    "also": "additionally",
    "however": "nevertheless",
    "while": "whereas",
    "said": "stated",
    "says": "states",
    "saying": "stating",
    "told": "informed",
    "tells": "informs",
    "more than": "greater than",
    "less than": "lower than",
    "the first": "the primary",
    "as well as": "in addition to",
    "because of": "due to",
    "in order to": "so as to",
    "at least": "a minimum of",
    "such as": "comparable to",
    "including": "together with",
    "last year": "final year",
    "expected to": "anticipated to",
    "despite": "regardless of",
    "a lot of": "plenty of",
    "many": "quite a few",
    "about": "regarding",
    "still": "nonetheless",
}

NUMBER_SWAPS: dict[str, str] = {
    "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9",
}

# Words that are never counted or spun as content words.
STOPWORDS = frozenset(
    """
    a about above across after afterwards again against all almost alone along already also
    although always am among amongst an and another any anyhow anyone anything anyway anywhere
    are around as at be became because become becomes been before beforehand behind being
    below beside besides between beyond both but by can cannot could did do does doing done
    down during each either else elsewhere enough etc even ever every everyone everything
    everywhere except few for former formerly from further had has have having he hence her
    here hereafter hereby herein hers herself him himself his how however i if in indeed into
    is it its itself just last least less many may me meanwhile might mine more moreover most
    mostly much must my myself neither never nevertheless next no nobody none noone nor not
    nothing now nowhere of off often on once one only onto or other others otherwise our ours
    ourselves out over own per perhaps rather re same say says said saying see seem seemed
    seeming seems several she should since so some somehow someone something sometime sometimes
    somewhere still such than that the their theirs them themselves then thence there
    thereafter thereby therefore therein thereupon these they this those though through
    throughout thru thus to together too toward towards under until up upon us very via was we
    well were what whatever when whence whenever where whereafter whereas whereby wherein
    whereupon wherever whether which while whither who whoever whole whom whose why will with
    within without would yet you your yours yourself yourselves told tell tells mr mrs ms dr
    two three four five six seven eight nine ten first second third new according
    """.split()
)

_UPOS_TO_MYTHES = {"NOUN": "noun", "VERB": "verb", "ADJ": "adj", "ADV": "adv"}
ANY_POS = "*"
"""The part of speech of a sense that has none (Aiksaurus): it is tried for every one."""
_BASE_TAG = {"NOUN": "NN", "VERB": "VB", "ADJ": "JJ", "ADV": "RB"}
_MIN_SYNONYM_ZIPF = 3.0  # prefer common words, as spinners' curated lists do
_MIN_FORM_ZIPF = 1.5  # drop reinflections no one writes ("informations")
_TOP_SYNONYMS = 5  # pick among the most frequent few
_GENERIC_RATE = 0.25  # hypernyms ("(generic term)") are used sparingly
_SENTENCE_END = set(".!?\n\"'\u201c\u2018(:")


class Substitution(NamedTuple):
    """One gold substitution the spinner made."""

    start: int
    """Offset of the spun span in the spun text."""
    end: int
    """Offset just past the spun span (``spun_text[start:end] == spun``)."""
    spun: str
    """The text the spinner wrote."""
    original: str
    """The text it replaced (``original_text[orig_start:orig_end] == original``)."""
    kind: str
    """``content`` (thesaurus word), ``function`` (function phrase) or ``number``."""
    orig_start: int
    """Offset of the replaced span in the original text."""
    orig_end: int
    """Offset just past it in the original text."""
    pos: str = ""
    """Universal part of speech the spinner read the word as (``NOUN``, ``VERB``, ``ADJ``,
    ``ADV``) for ``content`` swaps; empty for the table's phrases and numbers."""


class SpunText(NamedTuple):
    """A spun document with its gold substitutions."""

    original: str
    text: str
    subs: tuple[Substitution, ...]
    content_words: int
    """Content words in the original (the denominator of the spin rate)."""


def missing_requirements(thesaurus: str | None = None) -> list[str]:
    """Return what the spinner with ``thesaurus`` (see :func:`thesaurus_name`) needs and
    cannot find (empty when it can run)."""
    source = THESAURI[thesaurus_name(thesaurus)]
    absent = [path for path in source.files if not path.exists()]
    missing = [f"{absent[0]} (apt-get install {source.package})"] if absent else []
    for module in ("wordfreq", "lemminflect") if source.spinner is None else ():
        try:
            __import__(module)
        except ImportError:
            missing.append(f"python package {module} (pip install -e '.[bench]')")
    return missing


class Thesaurus:
    """Read-only access to a MyThes ``.dat``/``.idx`` pair, looked up lazily by byte offset.

    Format: the ``.idx`` has ``word|offset`` lines; at that offset the ``.dat`` has
    ``word|n`` followed by ``n`` sense lines ``(pos)|term|term (generic term)|...``.
    """

    def __init__(self, dat: Path = MYTHES_DAT) -> None:
        self.dat = Path(dat)
        self._offsets: dict[str, int] = {}
        with open(self.dat.with_suffix(".idx"), encoding="utf-8") as idx:
            idx.readline()  # encoding
            idx.readline()  # entry count
            for line in idx:
                word, _, offset = line.rstrip("\n").rpartition("|")
                self._offsets.setdefault(word.lower(), int(offset))
        self._lock = threading.Lock()

    @functools.lru_cache(maxsize=None)
    def senses(self, word: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """All senses of ``word`` as ``(pos, terms)``; terms keep their ``(... term)`` notes."""
        offset = self._offsets.get(word.lower())
        if offset is None:
            return ()
        with self._lock, open(self.dat, "rb") as dat:
            dat.seek(offset)
            head = dat.readline().decode("utf-8").rstrip("\n")
            count = int(head.rpartition("|")[2])
            lines = [dat.readline().decode("utf-8").rstrip("\n") for _ in range(count)]
        out = []
        for line in lines:
            pos, *terms = line.split("|")
            out.append((pos.strip("()"), tuple(terms)))
        return tuple(out)


class Aiksaurus:
    """Read-only access to Debian's Aiksaurus data (``words.dat`` and ``meanings.dat``).

    Format (big-endian 16-bit ids, each list ended by ``0xFFFF``; ASCII, spaces as ``:``):
    ``words.dat`` holds, in case-insensitive order, entries ``word NUL id id ... FFFF``
    whose ids number the meanings the word belongs to; ``meanings.dat`` holds the meanings
    in id order, each ``id id ... FFFF`` numbering entries of ``words.dat``, the first two
    being the meaning's titles (repeated in the sorted list that follows). Both files are
    small (0.5 MB), so they are read whole. Lookups use the word's ``words.dat`` list, as
    libaiksaurus does; a lower-case entry wins over a capitalised one ("conservative"
    over "Conservative").
    """

    def __init__(self, directory: Path = AIKSAURUS_DIR) -> None:
        self.directory = Path(directory)
        words_dat = (self.directory / "words.dat").read_bytes()
        self._words: list[str] = []
        self._entry: dict[str, list[int]] = {}
        pos = 0
        while pos < len(words_dat):
            nul = words_dat.index(b"\0", pos)
            word = words_dat[pos:nul].decode("ascii").replace(":", " ")
            meanings, pos = _id_list(words_dat, nul + 1)
            self._words.append(word)
            if word.islower() or word.lower() not in self._entry:
                self._entry[word.lower()] = meanings
        meanings_dat = (self.directory / "meanings.dat").read_bytes()
        self._meanings: list[tuple[str, ...]] = []
        pos = 0
        while pos < len(meanings_dat):
            ids, pos = _id_list(meanings_dat, pos)
            self._meanings.append(tuple(self._words[i] for i in ids[2:]))  # skip the titles

    @functools.lru_cache(maxsize=None)
    def senses(self, word: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Every meaning of ``word`` as ``(ANY_POS, terms)``; multi-word terms have spaces."""
        return tuple((ANY_POS, self._meanings[m]) for m in self._entry.get(word.lower(), ()))


_END = 0xFFFF


def _id_list(data: bytes, pos: int) -> tuple[list[int], int]:
    """The big-endian 16-bit ids at ``pos`` up to ``0xFFFF``, and the offset past it."""
    ids = []
    while (value := struct.unpack_from(">H", data, pos)[0]) != _END:
        ids.append(value)
        pos += 2
    return ids, pos + 2


class SynonymSource(Protocol):
    """What :class:`Spinner` needs of a thesaurus."""

    def senses(self, word: str) -> tuple[tuple[str, tuple[str, ...]], ...]: ...


class ThesaurusChoice(NamedTuple):
    """One selectable thesaurus: where it lives and how to get it."""

    package: str
    """Debian package that installs it."""
    name: str
    """What it is, for install hints."""
    label: str
    """What the report calls it."""
    files: tuple[Path, ...]
    load: Callable[[], SynonymSource]
    spinner: Callable[[], TextSpinner] | None = None
    """Builds a spinner of its own instead of :class:`Spinner` over ``load()`` (the
    function-word spinner, which needs no thesaurus)."""


class TextSpinner(Protocol):
    """What the benchmark needs of a spinner: :meth:`Spinner.spin`'s signature and result."""

    def spin(self, text: str, rate: float, seed: int = 0, key: str = "") -> SpunText: ...


class _NoSynonyms:
    """The synonym source of a choice that brings its own spinner: it knows no words."""

    def senses(self, word: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return ()


def _function_spinner() -> TextSpinner:
    from .function_spinner import FunctionSpinner

    return FunctionSpinner()


THESAURI: dict[str, ThesaurusChoice] = {
    "mythes": ThesaurusChoice(
        "mythes-en-us", "LibreOffice thesaurus",
        "mythes-en-us (LibreOffice thesaurus, derived from WordNet)",
        (MYTHES_DAT, MYTHES_DAT.with_suffix(".idx")), lambda: Thesaurus(MYTHES_DAT)),
    "aiksaurus": ThesaurusChoice(
        "libaiksaurus-1.2-data", "Aiksaurus thesaurus",
        "libaiksaurus-1.2-data (Aiksaurus, not WordNet-derived)",
        (AIKSAURUS_DIR / "words.dat", AIKSAURUS_DIR / "meanings.dat"),
        lambda: Aiksaurus(AIKSAURUS_DIR)),
    # not a thesaurus: benchmarks/function_spinner.py swaps function words only
    "function-words": ThesaurusChoice(
        "", "function-word table",
        "no thesaurus: benchmarks/function_spinner.py's own table of a content-farm tool's "
        "function-word, number and stock-phrase swaps",
        (), _NoSynonyms, _function_spinner),
}


def thesaurus_name(name: str | None = None) -> str:
    """``name``, else ``$TEXTMEND_SPIN_THESAURUS``, else ``mythes``; checked against
    :data:`THESAURI` so a typo fails loudly instead of spinning with the wrong source."""
    name = name or os.environ.get(THESAURUS_ENV) or DEFAULT_THESAURUS
    if name not in THESAURI:
        raise ValueError(f"unknown thesaurus {name!r}; choose one of {', '.join(THESAURI)}")
    return name


def install_hint(thesaurus: str | None = None) -> str:
    """What to install for the spinner with ``thesaurus``, for skip messages."""
    source = THESAURI[thesaurus_name(thesaurus)]
    return (f"the spinner needs Debian's {source.name} (apt-get install {source.package}) "
            "and wordfreq + lemminflect (pip install -e '.[bench]')")


INSTALL_HINT = install_hint(DEFAULT_THESAURUS)


def default_thesaurus(name: str | None = None) -> SynonymSource:
    """The system thesaurus called ``name`` (see :func:`thesaurus_name`), loaded once per
    process."""
    return _load_thesaurus(thesaurus_name(name))


@functools.lru_cache(maxsize=None)
def _load_thesaurus(name: str) -> SynonymSource:
    return THESAURI[name].load()


def match_case(model: str, word: str) -> str:
    """Give ``word`` the capitalisation of ``model``: UPPER, Title or lower."""
    if len(model) > 1 and model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


_SPELLING = [(regex.compile(p), r) for p, r in (
    (r"is(e|es|ed|ing|ation|ations)$", r"iz\1"), (r"ys(e|es|ed|ing)$", r"yz\1"),
    (r"our(s|ed|ing)?$", r"or\1"), (r"tre(s)?$", r"ter\1"), (r"ll(ed|ing|er)$", r"l\1"),
    (r"ogue(s)?$", r"og\1"), (r"ence(s)?$", r"ense\1"),
)]


def _spelling(word: str) -> str:
    """Fold British and American spellings together ("utilise" and "utilize")."""
    for pattern, repl in _SPELLING:
        word = pattern.sub(repl, word)
    return word


_AN_EXCEPTIONS = ("hour", "honest", "honour", "honor", "heir")
_A_EXCEPTIONS = ("uni", "use", "usu", "uti", "eu", "one", "once", "ewe")


def indefinite_article(word: str) -> str:
    """``a`` or ``an`` for ``word``, by a spelling rule good enough for a spinner."""
    lower = word.lower()
    if lower.startswith(_AN_EXCEPTIONS):
        return "an"
    if lower.startswith(_A_EXCEPTIONS):
        return "a"
    return "an" if lower[:1] in "aeiou" else "a"


class Spinner:
    """Spins text at a given rate, recording every substitution; see the module docstring."""

    def __init__(self, thesaurus: SynonymSource | None = None) -> None:
        self.thesaurus = thesaurus or default_thesaurus()
        self._phrases = sorted(
            ((tuple(k.split()), v) for k, v in {**FUNCTION_SWAPS, **NUMBER_SWAPS}.items()),
            key=lambda kv: -len(kv[0]),
        )
        self._options = functools.lru_cache(maxsize=None)(self._synonym_options)

    # -- synonym choice -------------------------------------------------------------------

    def _synonym_options(self, lower: str) -> tuple[tuple[bool, tuple[str, ...], str], ...]:
        """Inflected synonym lists for ``lower``, one per part of speech it can be.

        Each entry is ``(generic_only, forms, upos)``: ``forms`` are reinflected single words,
        most frequent first; ``generic_only`` says they are hypernyms, to be used sparingly;
        ``upos`` is the part of speech they were chosen for.
        """
        from lemminflect import getAllInflections, getAllLemmas, getInflection
        from wordfreq import zipf_frequency

        options = []
        for upos, lemmas in getAllLemmas(lower).items():
            if upos not in _UPOS_TO_MYTHES or not lemmas:
                continue
            lemma = lemmas[0]
            tags = [t for t, forms in getAllInflections(lemma, upos).items() if lower in forms]
            if not tags and lemma == lower:
                tags = [_BASE_TAG[upos]]
            if not tags:
                continue
            tiers: dict[str, list[str]] = {"plain": [], "similar": [], "generic": []}
            for pos, terms in self.thesaurus.senses(lemma):
                if pos not in (_UPOS_TO_MYTHES[upos], ANY_POS):
                    continue
                for term in terms:
                    tier = "plain"
                    if term.endswith(")"):
                        term, _, note = term.partition(" (")
                        tier = {"similar term)": "similar", "generic term)": "generic"}.get(note)
                        if tier is None:  # antonyms and "related term"s are not synonyms
                            continue
                    if not (term.isalpha() and term.islower()):
                        continue  # multi-word, hyphenated or a name
                    if _spelling(term) == _spelling(lemma):
                        continue  # the word itself, or a spelling variant ("utilize")
                    if term in STOPWORDS or zipf_frequency(term, "en") < _MIN_SYNONYM_ZIPF:
                        continue
                    if pos == ANY_POS and not getAllInflections(term, upos):
                        continue  # untagged (Aiksaurus): keep lemmas of the word's own POS
                    tiers[tier].append(term)
            tier_name = next((t for t in ("plain", "similar", "generic") if tiers[t]), None)
            if tier_name is None:
                continue
            forms = []
            for term in dict.fromkeys(tiers[tier_name]):
                inflected = {(getInflection(term, tag) or (term,))[0] for tag in tags}
                if len(inflected) != 1:
                    continue  # e.g. "took"/"taken" ambiguity: a spinner would not know either
                form = inflected.pop()
                if not form.isalpha() or form == lower or form in forms:
                    continue
                if form != term and zipf_frequency(form, "en") < _MIN_FORM_ZIPF:
                    continue
                forms.append(form)
            forms.sort(key=lambda f: (-zipf_frequency(f, "en"), f))
            if forms:
                options.append((tier_name == "generic", tuple(forms[:_TOP_SYNONYMS]), upos))
        return tuple(options)

    def synonym(self, word: str, rng: random.Random) -> str | None:
        """A reinflected, case-matched synonym of ``word``, or ``None`` if it has none."""
        chosen = self.synonym_with_pos(word, rng)
        return chosen[0] if chosen else None

    def synonym_with_pos(self, word: str, rng: random.Random) -> tuple[str, str] | None:
        """``(synonym, upos)``: :meth:`synonym` and the part of speech it was chosen for
        (the same draws from ``rng``)."""
        options = self._options(word.lower())
        if not options:
            return None
        generic_only, forms, upos = options[rng.randrange(len(options))]
        if generic_only and rng.random() >= _GENERIC_RATE:
            return None
        return match_case(word, forms[rng.randrange(len(forms))]), upos

    # -- spinning -------------------------------------------------------------------------

    def spin(self, text: str, rate: float, seed: int = 0, key: str = "") -> SpunText:
        """Spin ``rate`` of the content words of ``text`` and the same share of function
        phrases and number words. ``seed`` and ``key`` (e.g. a document id) fix the result."""
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"rate must be between 0 and 1, got {rate!r}")
        rng = random.Random(f"textmend-spinner:{seed}:{key}")
        tokens = [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text)]
        lowers = [t[2].lower() for t in tokens]

        # (token_from, token_to_exclusive) -> replacement, plus kind and part of speech
        chosen: dict[int, tuple[int, str, str, str]] = {}
        in_phrase: set[int] = set()
        i = 0
        while i < len(tokens):
            for words, spun in self._phrases:
                j = i + len(words)
                if tuple(lowers[i:j]) == words and self._contiguous(text, tokens, i, j):
                    in_phrase.update(range(i, j))
                    if rng.random() < rate:
                        kind = "number" if spun.isdigit() else "function"
                        chosen[i] = (j, match_case(tokens[i][2], spun), kind, "")
                    i = j
                    break
            else:
                i += 1

        content = [
            k
            for k, (_, _, word) in enumerate(tokens)
            if k not in in_phrase and len(word) >= 3 and word.isalpha()
            and lowers[k] not in STOPWORDS
        ]
        target = round(rate * len(content))
        order = content[:]
        rng.shuffle(order)
        spun_count = 0
        for k in order:
            if spun_count >= target:
                break
            start, _, word = tokens[k]
            if word.isupper():
                if len(word) <= 3:
                    continue  # acronyms ("BBC", "CEO") are left alone
            elif word[:1].isupper() and not self._sentence_start(text, start):
                continue  # so are proper nouns (capitalised mid-sentence)
            picked = self.synonym_with_pos(word, rng)
            if picked is None:
                continue
            replacement, upos = picked
            first = k
            if k > 0 and lowers[k - 1] in ("a", "an") and k - 1 not in in_phrase and (
                text[tokens[k - 1][1] : start] == " "
            ):
                article = match_case(tokens[k - 1][2], indefinite_article(replacement))
                if article != tokens[k - 1][2] and (k - 1) not in chosen:
                    # "a sign" -> "an indication": the article is part of the substitution
                    first = k - 1
                    replacement = article + " " + replacement
            chosen[first] = (k + 1, replacement, "content", upos)
            spun_count += 1

        parts: list[str] = []
        subs: list[Substitution] = []
        pos = 0
        out_len = 0
        for k in sorted(chosen):
            j, replacement, kind, upos = chosen[k]
            ostart, oend = tokens[k][0], tokens[j - 1][1]
            parts.append(text[pos:ostart])
            out_len += ostart - pos
            parts.append(replacement)
            subs.append(
                Substitution(out_len, out_len + len(replacement), replacement,
                             text[ostart:oend], kind, ostart, oend, upos)
            )
            out_len += len(replacement)
            pos = oend
        parts.append(text[pos:])
        return SpunText(text, "".join(parts), tuple(subs), len(content))

    @staticmethod
    def _contiguous(text: str, tokens: list[tuple[int, int, str]], i: int, j: int) -> bool:
        """True if tokens i..j-1 exist and are separated by single spaces only."""
        if j > len(tokens):
            return False
        return all(text[tokens[k][1] : tokens[k + 1][0]] == " " for k in range(i, j - 1))

    @staticmethod
    def _sentence_start(text: str, start: int) -> bool:
        before = text[max(0, start - 40) : start].rstrip(" \t")
        return not before or before[-1] in _SENTENCE_END


def default_spinner(name: str | None = None) -> TextSpinner:
    """A spinner over the system thesaurus ``name`` (see :func:`thesaurus_name`), or the
    choice's own spinner (``function-words``), built once per process and name."""
    return _spinner(thesaurus_name(name))


@functools.lru_cache(maxsize=None)
def _spinner(name: str) -> TextSpinner:
    make = THESAURI[name].spinner
    return make() if make is not None else Spinner(default_thesaurus(name))


def spin(text: str, rate: float, seed: int = 0, key: str = "",
         thesaurus: str | None = None) -> SpunText:
    """Spin ``text`` with :func:`default_spinner` over ``thesaurus``; see
    :meth:`Spinner.spin`."""
    return default_spinner(thesaurus).spin(text, rate, seed=seed, key=key)
