"""The synonym-spin detector: find candidate spans and score them.

Evidence is combined in log-odds, from a table of weights (``WEIGHTS``):

1. the spin table gives each spun form a prior (its ``strength``);
2. an idiom the original would complete ("prisoner of warfare" -> "prisoner of war")
   is strong support; an idiom the spun form already completes ("state troopers")
   says it is legitimate;
3. known bigrams with the neighbouring words support the original or the spun form;
4. the density of that evidence over the whole document gives provisional confidences;
5. the document's spin score combines the density, the findings provisionally confident
   enough to be applied and the density of broken collocations
   (``textmend.collocations``), and a spun-looking document lends every finding its final
   confidence (a clean one takes it away). Broken collocations are never edits themselves.

The hot path is one regex pass over the words plus dictionary lookups keyed by the
first word of each spun form; only words that start a spun form are looked at twice.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz, process

from .articles import article_for
from .collocations import broken_collocations
from .config import DEFAULT_CONFIG, Config
from .lexicon import Candidate, Lexicon, get_lexicon
from .numbers import DIGIT_FRIENDLY_NEXT, DIGIT_FRIENDLY_PREVIOUS, NUMBER_WORDS
from .tokenize import WORD_RE, phrase_key

WINDOW_CHARS = 1 << 16
"""Texts longer than this are scanned window by window (split at line breaks)."""
MAX_PHRASE = 4
"""Longest span, in tokens, the detector considers (spun forms and idioms alike)."""

WEIGHTS: dict[str, float] = {
    "idiom_support": 4.0,  # the original completes a known idiom of 3-4 words with its neighbours
    "idiom_pair_support": 2.5,  # ... or a two-word one ("new line", "second best"): less context
    "idiom_legit": -4.0,  # the spun form already sits inside a known idiom
    "bigram_for_original": 1.0,  # the original forms a known bigram, the spun form does not
    "bigram_for_spun": -1.5,  # the spun form forms a bigram at least as common
    "bigram_scale": 0.5,  # per log10 unit of count difference, when both are known
    "number_prior": -0.85,  # a lone digit between lower-case words (~0.3)
    "user_prior": 3.0,  # a user's extra pair (~0.95)
}
"""Log-odds contributions to a finding's local evidence."""

# Confidence is calibrated to "how likely this edit restores the original":
#     confidence = sigmoid(GROUP_SLOPE[group] * local + GROUP_BIAS[group]
#                          + DENSITY_GAIN * ln(density / DENSITY_REF)
#                          + DOC_WEIGHT * (spin_score - 1))
# The spin score counts findings confident enough to apply; for that count, provisional
# confidences use PROVISIONAL_WEIGHT * (density_score - 1) in place of the last term.
# GROUP_SLOPE, GROUP_BIAS and DENSITY_GAIN are a logistic fit of correct restorations in spun
# documents (the groups differ in how well their wordlists are curated; the denser the
# evidence, the likelier each finding is a spin). DOC_WEIGHT takes confidence away in
# documents that do not look spun, where nothing is a correct restoration. From
# `python benchmarks/calibrate.py` (spinner seeds disjoint from the benchmark's).
# User pairs are the user's own word and skip calibration.
GROUP_SLOPE: dict[str, float] = {
    "idiom": 0.35,
    "general": 0.93,
    "news": 0.67,
    "science": 0.67,  # no science findings in news text: the news values
    "number": 0.69,  # every number finding has the same local evidence: slope unidentified
}
GROUP_BIAS: dict[str, float] = {
    "idiom": 0.67,
    "general": -0.12,
    "news": -1.42,
    "science": -1.42,
    "number": 2.0,  # fitted higher on 108 findings; shrunk towards the others
}
DENSITY_GAIN = 0.58
DENSITY_REF = 0.029
"""Evidence density of a typical document spun at rate 0.3 (the fit's reference)."""
MAX_DENSITY_TERM = 1.5
PROVISIONAL_WEIGHT = 3.5
"""Weight of the density-only score in the provisional confidences (hand-set)."""
DOC_WEIGHT = 14.0
"""Weight of the spin score in the final confidences: clean articles score near 0 and
spun ones near 1, so it acts as a gate. Hand-set on the dev corpus: from 3.5 to 14, false
edits on clean text fall from 6 to 2 while restoration recall at rate 0.3 stays 0.047."""

DENSITY_SMOOTHING_WORDS = 40
"""Pseudo-words added to every document so that one hit in a short text is not 'dense'."""
DENSITY_MID = 0.017
"""Evidence per word at which a document looks as likely spun as not, by its findings alone."""
DENSITY_SCALE = 0.003
"""How sharply the density score rises around ``DENSITY_MID``."""
# The spin score is a logistic model of "this document is spun", fitted by
# `python benchmarks/calibrate.py` (all corpus articles, spun at rates 0.15 and 0.3 with
# seeds the benchmark does not use, against clean ones weighted CLEAN_WEIGHT = 4):
#     spin_score ~ sigmoid(SCORE_DENSITY * density + SCORE_CONFIDENT * confident density
#                          + SCORE_BREAKS * break density
#                          + SCORE_LENGTH * ln(words + DENSITY_SMOOTHING_WORDS) + SCORE_BIAS)
# rescaled so that a document with no evidence at all scores exactly 0. The confident-finding
# term lets a lone strong finding carry a short text ("... prisoner of warfare." alone).
SCORE_DENSITY = 305.0
"""Per unit of finding evidence per word."""
SCORE_CONFIDENT = 701.0
"""Per distinct spun form confident enough to be applied at the default threshold, per word."""
SCORE_BREAKS = 217.0
"""Per broken collocation per word."""
SCORE_LENGTH = -1.26
"""Long documents gather scattered evidence by chance: they need a little more per word."""
SCORE_BIAS = -5.71
FUZZY_IDIOM_CUTOFF = 90.0
"""rapidfuzz ratio (0-100) above which a window counts as a variant of an idiom."""
MAX_FUZZY_POOL = 400
"""Originals that occur in more idioms than this are too common to match fuzzily."""
MIN_FUZZY_CHARS = 10
"""Windows shorter than this are matched exactly only."""
COLLOCATION_MARGIN = 1.5
"""log10 margin by which an idiom's bigram must beat the spun bigram to count as support."""

_ATTACHED_BEFORE = frozenset("./@#_\\:")
_ATTACHED_AFTER = frozenset("@_/\\")


class Finding(NamedTuple):
    """A scored candidate span, before case and articles are fitted."""

    first: int
    """Index of its first word."""
    last: int
    """Index of its last word (inclusive)."""
    start: int
    end: int
    replacement: str
    """Lower-case proposal from the lexicon."""
    local: float
    """Log-odds from the span and its neighbours alone."""
    rule: str
    detail: str
    """What the explanation names: the broken idiom or the wordlist pack."""
    key: str
    """The spun form as a lexicon key (lower case, single-spaced)."""
    group: str
    """Calibration group: ``idiom``, ``number``, ``user`` or the candidate's pack."""


    @property
    def explanation(self) -> str:
        """One short sentence saying why (built on demand: most findings are never shown)."""
        return EXPLANATIONS[self.rule].format(key=self.key, original=self.replacement, detail=self.detail)


EXPLANATIONS: dict[str, str] = {
    "idiom": "'{key}' breaks the expression '{detail}'.",
    "spin-table": "'{key}' is a known spinner substitute for '{original}' ({detail} wordlist).",
    "number": "Spinners turn number words into digits; news style writes '{original}'.",
    "user": "'{key}' is in your extra spin pairs as a substitute for '{original}'.",
}


class Scored(NamedTuple):
    """A finding with its final confidence."""

    finding: Finding
    confidence: float


class Analysis(NamedTuple):
    """All findings of a document and its spin score."""

    findings: tuple[Scored, ...]
    spin_score: float
    word_count: int
    breaks: int
    """Distinct word forms that break a collocation (``textmend.collocations``)."""
    confident: int
    """Distinct spun forms with a provisional confidence at or above the default threshold."""


class _Words:
    """The words of a text with their offsets, lower-cased, and joins between them."""

    __slots__ = ("_joined", "ends", "lowers", "starts", "text")

    def __init__(self, text: str, lo: int = 0, hi: int | None = None) -> None:
        self.text = text
        hi = len(text) if hi is None else hi
        spans = [m.span() for m in WORD_RE.finditer(text, lo, hi)]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        lowered = text[lo:hi].lower()
        if len(lowered) == hi - lo:
            self.lowers = [lowered[s - lo : e - lo] for s, e in spans]
        else:  # a character lower-cases to several (e.g. "İ"): lower word by word
            self.lowers = [text[s:e].lower() for s, e in spans]
        self._joined: dict[int, bool] = {}

    def __len__(self) -> int:
        return len(self.starts)

    def joined(self, i: int) -> bool:
        """Whether word ``i`` follows word ``i - 1`` with only a space between them."""
        known = self._joined.get(i)
        if known is None:
            known = self._joined[i] = self._gap_joins(i)
        return known

    def _gap_joins(self, i: int) -> bool:
        if i <= 0 or i >= len(self.starts):
            return False
        gap = self.text[self.ends[i - 1] : self.starts[i]]
        if gap == " ":
            return True
        if not gap or not gap.isspace():
            return False
        flat = gap.replace("\r\n", "\n").replace("\r", "\n")
        return flat.count("\n") <= 1

    def run_ok(self, first: int, last: int) -> bool:
        """Whether words ``first..last`` exist and form one unbroken phrase."""
        if first < 0 or last >= len(self.starts):
            return False
        for k in range(first + 1, last + 1):
            if not self.joined(k):
                return False
        return True

    def boxed(self, first: int, last: int) -> bool:
        """Whether the span is glued into a URL, handle, path or identifier."""
        start, end = self.starts[first], self.ends[last]
        text = self.text
        if start > 0:
            before = text[start - 1]
            if before in _ATTACHED_BEFORE or before.isalnum():  # alnum: cut at a window edge
                return True
        if end < len(text):
            after = text[end]
            if after in _ATTACHED_AFTER or after.isalnum():
                return True
            if after == "." and end + 1 < len(text) and text[end + 1].isalnum():
                return True
        return False


def analyse(text: str, config: Config) -> Analysis:
    """Find and score every candidate span of ``text``.

    Long texts are scanned in windows that end at line breaks, so memory stays bounded
    and time linear; the spin score still sums the evidence of the whole document.
    """
    raw: list[Finding] = []
    breaks: set[str] = set()
    word_count = 0
    lexicon = get_lexicon()
    for lo, hi in _windows(text):
        words = _Words(text, lo, hi)
        word_count += len(words)
        raw.extend(_scan(words, config))
        breaks |= broken_collocations(words, lexicon)
    return _score_document(raw, word_count, len(breaks))


def _windows(text: str) -> Iterator[tuple[int, int]]:
    """Split ``text`` into spans of about ``WINDOW_CHARS``, at line breaks where there are any."""
    lo, size = 0, len(text)
    while size - lo > WINDOW_CHARS:
        cut = text.find("\n", lo + WINDOW_CHARS, lo + 2 * WINDOW_CHARS)
        if cut < 0:
            cut = lo + WINDOW_CHARS
            while cut > lo + WINDOW_CHARS // 2 and not text[cut].isspace():
                cut -= 1
        else:
            cut += 1
        yield lo, cut
        lo = cut
    yield lo, size


def _scan(words: _Words, config: Config) -> list[Finding]:
    """Local findings in one window of words."""
    lexicon = get_lexicon()
    user = _user_table(config.extra_pairs)
    packs = frozenset(config.packs)
    allow = _allow_keys(config.allow)
    raw: list[Finding] = []
    lowers = words.lowers
    spin_lengths = lexicon.spin_lengths
    user_lengths = user[1]
    for i, word in enumerate(lowers):
        lengths = spin_lengths.get(word)
        extra_lengths = user_lengths.get(word)
        if lengths is None and extra_lengths is None:
            if config.numbers and word in NUMBER_WORDS:
                found = _number_finding(words, i)
                if found is not None:
                    raw.append(found)
            continue
        best = _best_at(words, i, lengths or (), extra_lengths or (), lexicon, user[0], packs)
        if best is not None:
            raw.append(best)
    if allow:
        raw = [f for f in raw if not _allowed(words, f, allow)]
    return raw


def _best_at(
    words: _Words,
    i: int,
    lengths: Sequence[int],
    extra_lengths: Sequence[int],
    lexicon: Lexicon,
    user: dict[str, str],
    packs: frozenset[str],
) -> Finding | None:
    """The strongest finding whose span starts at word ``i`` (longest span wins ties)."""
    best: Finding | None = None
    if extra_lengths:
        lengths = sorted(set(lengths) | set(extra_lengths), reverse=True)
    for n in lengths:
        last = i + n - 1
        if not words.run_ok(i, last) or words.boxed(i, last):
            continue
        key = " ".join(words.lowers[i : last + 1])
        found = None
        if key in user:
            found = _user_finding(words, i, last, key, user[key])
        else:
            cands = lexicon.spins.get(key)
            if cands:
                found = _spin_finding(words, i, last, key, cands, lexicon, packs)
        if found is not None and (best is None or found.local > best.local):
            best = found
    return best


def _spin_finding(
    words: _Words,
    first: int,
    last: int,
    key: str,
    cands: tuple[Candidate, ...],
    lexicon: Lexicon,
    packs: frozenset[str],
) -> Finding | None:
    best: Finding | None = None
    for cand in cands:
        if cand.pack not in packs:
            continue
        local = _logit(cand.strength)
        idiom = _idiom_support(words, first, last, cand.original, key, lexicon)
        if idiom == "":
            local += WEIGHTS["idiom_legit"]
        elif idiom is not None:
            local += WEIGHTS["idiom_support" if idiom.count(" ") >= 2 else "idiom_pair_support"]
        else:
            local += _bigram_evidence(words, first, last, cand.original, key, lexicon)
        if best is not None and local <= best.local:
            continue
        if not idiom and cand.original in lexicon.idioms:
            idiom = cand.original
        best = Finding(
            first, last, words.starts[first], words.ends[last], cand.original, local,
            "idiom" if idiom else "spin-table", idiom or cand.pack, key, "idiom" if idiom else cand.pack,
        )
    return best


def _idiom_support(
    words: _Words, first: int, last: int, original: str, key: str, lexicon: Lexicon
) -> str | None:
    """The idiom the original completes here; ``""`` if the spun form is itself in one.

    Windows of up to ``MAX_PHRASE`` tokens around the span are tried with the original
    in place of the spun form.
    """
    idioms = lexicon.idioms
    pairs = lexicon.idiom_pairs
    lowers = words.lowers
    orig_toks = original.split(" ")
    spun_toks = key.split(" ")
    left = lowers[first - 1] if words.joined(first) else None
    right = lowers[last + 1] if words.joined(last + 1) else None
    gate = (
        left is not None
        and (f"{left} {orig_toks[0]}" in pairs or f"{left} {spun_toks[0]}" in pairs)
    ) or (
        right is not None
        and (f"{orig_toks[-1]} {right}" in pairs or f"{spun_toks[-1]} {right}" in pairs)
    )
    if not gate:
        return None
    span = last - first + 1
    found: str | None = None
    for extra in range(1, MAX_PHRASE - min(span, len(orig_toks)) + 1):
        for n_left in range(extra + 1):
            lo, hi = first - n_left, last + extra - n_left
            if not words.run_ok(lo, hi):
                continue
            before = lowers[lo:first]
            after = lowers[last + 1 : hi + 1]
            spun_phrase = " ".join(before + [key] + after)
            if spun_phrase in idioms:
                return ""
            if len(orig_toks) + extra > MAX_PHRASE or found is not None:
                continue
            phrase = " ".join(before + [original] + after)
            if phrase in idioms or (phrase := _idiom_variant(phrase, orig_toks, lexicon)):
                if not _spun_collocation_known(before, key, original, after, lexicon):
                    found = phrase
    return found


def _idiom_variant(phrase: str, orig_toks: list[str], lexicon: Lexicon) -> str:
    """The idiom that ``phrase`` is an inflected or respelled variant of, or ``""``.

    "prisoners of war" matches "prisoner of war". Only idioms that contain the original
    are compared (rapidfuzz, in C), and only for originals in few enough idioms.
    """
    anchor = max(orig_toks, key=len)
    pool = lexicon.idioms_by_word.get(anchor, ())
    if not pool or len(pool) > MAX_FUZZY_POOL or len(phrase) < MIN_FUZZY_CHARS:
        return ""
    match = process.extractOne(phrase, pool, scorer=fuzz.ratio, score_cutoff=FUZZY_IDIOM_CUTOFF)
    if match is None:
        return ""
    idiom = match[0]
    same_shape = idiom.count(" ") == phrase.count(" ") and f" {' '.join(orig_toks)} " in f" {idiom} "
    return idiom if same_shape else ""


def _spun_collocation_known(
    before: list[str], key: str, original: str, after: list[str], lexicon: Lexicon
) -> bool:
    """Whether the spun form's bigram with its neighbour is about as common as the idiom's.

    "travel company" is a real collocation even though "travel agency" is an idiom.
    """
    bigrams = lexicon.bigrams
    spun_parts = key.split(" ")
    orig_parts = original.split(" ")
    pairs = []
    if before:
        pairs.append((f"{before[-1]} {spun_parts[0]}", f"{before[-1]} {orig_parts[0]}"))
    if after:
        pairs.append((f"{spun_parts[-1]} {after[0]}", f"{orig_parts[-1]} {after[0]}"))
    for spun_bigram, orig_bigram in pairs:
        spun_count = bigrams.get(spun_bigram)
        if spun_count is not None:
            orig_count = bigrams.get(orig_bigram, 0.0)
            if spun_count + COLLOCATION_MARGIN > orig_count:
                return True
    return False


def _bigram_evidence(
    words: _Words, first: int, last: int, original: str, key: str, lexicon: Lexicon
) -> float:
    """Log-odds from known bigrams of the original and the spun form with their neighbours."""
    bigrams = lexicon.bigrams
    lowers = words.lowers
    spun_parts = key.split(" ")
    orig_parts = original.split(" ")
    total = 0.0
    sides = []
    if words.joined(first):
        left = lowers[first - 1]
        # the rewriter fits "a"/"an" to the original, so compare with the fitted article
        left_orig = article_for(orig_parts[0]) if left in ("a", "an") else left
        sides.append((f"{left_orig} {orig_parts[0]}", f"{left} {spun_parts[0]}"))
    if words.joined(last + 1):
        right = lowers[last + 1]
        sides.append((f"{orig_parts[-1]} {right}", f"{spun_parts[-1]} {right}"))
    for orig_bigram, spun_bigram in sides:
        orig_count = bigrams.get(orig_bigram)
        spun_count = bigrams.get(spun_bigram)
        if orig_count is None and spun_count is None:
            continue
        if spun_count is None:
            total += WEIGHTS["bigram_for_original"]
        elif orig_count is None or spun_count >= orig_count:
            total += WEIGHTS["bigram_for_spun"]
        else:
            total += min(WEIGHTS["bigram_for_original"], (orig_count - spun_count) * WEIGHTS["bigram_scale"])
    return total


def _number_finding(words: _Words, i: int) -> Finding | None:
    """A lone digit between two lower-case words: "the 2 states" -> "the two states"."""
    if not (words.joined(i) and words.joined(i + 1)):
        return None
    before, after = words.lowers[i - 1], words.lowers[i + 1]
    text = words.text
    prev_surface = text[words.starts[i - 1] : words.ends[i - 1]]
    next_surface = text[words.starts[i + 1] : words.ends[i + 1]]
    if not (prev_surface.isalpha() and prev_surface.islower()):
        return None
    if not (next_surface.isalpha() and next_surface.islower()):
        return None
    if before in DIGIT_FRIENDLY_PREVIOUS or after in DIGIT_FRIENDLY_NEXT:
        return None
    digit = words.lowers[i]
    return Finding(
        i, i, words.starts[i], words.ends[i], NUMBER_WORDS[digit], WEIGHTS["number_prior"],
        "number", "",
        digit, "number",
    )


def _user_finding(words: _Words, first: int, last: int, key: str, original: str) -> Finding:
    return Finding(
        first, last, words.starts[first], words.ends[last], original, WEIGHTS["user_prior"],
        "user", "", key, "user",
    )


@lru_cache(maxsize=32)
def _user_table(pairs: tuple[tuple[str, str], ...]) -> tuple[dict[str, str], dict[str, tuple[int, ...]]]:
    """User extra pairs as a lookup table keyed like the lexicon (cached per Config)."""
    table = {}
    for spun, original in pairs:
        key = phrase_key(spun)
        if key and len(key.split(" ")) <= MAX_PHRASE:
            table[key] = " ".join(original.split())
    lengths: dict[str, set[int]] = {}
    for key in table:
        parts = key.split(" ")
        lengths.setdefault(parts[0], set()).add(len(parts))
    return table, {w: tuple(sorted(ns, reverse=True)) for w, ns in lengths.items()}


@lru_cache(maxsize=32)
def _allow_keys(allow: frozenset[str]) -> frozenset[str]:
    return frozenset(k for k in (phrase_key(p) for p in allow) if k)


def _allowed(words: _Words, finding: Finding, allow: frozenset[str]) -> bool:
    """Whether an allowed phrase overlaps the finding's span."""
    lowers = words.lowers
    for lo in range(finding.first - MAX_PHRASE + 1, finding.last + 1):
        for hi in range(max(lo, finding.first), lo + MAX_PHRASE):
            if lo >= 0 and hi < len(lowers) and " ".join(lowers[lo : hi + 1]) in allow:
                return True
    return False


def _score_document(raw: list[Finding], word_count: int, breaks: int) -> Analysis:
    """Turn local evidence into the document's spin score and final confidences."""
    density = evidence_density(raw, word_count)
    density_term = min(MAX_DENSITY_TERM, DENSITY_GAIN * math.log(max(density, 1e-6) / DENSITY_REF))
    provisional = density_term + PROVISIONAL_WEIGHT * (density_score(density) - 1.0)
    confident = len({f.key for f in raw if _confidence(f, provisional) >= DEFAULT_CONFIG.threshold})
    smoothed = word_count + DENSITY_SMOOTHING_WORDS
    spin_score = spin_score_from(density, confident / smoothed, breaks / smoothed, word_count)
    doc_term = density_term + DOC_WEIGHT * (spin_score - 1.0)
    scored = tuple(Scored(f, round(_confidence(f, doc_term), 4)) for f in raw)
    return Analysis(scored, round(spin_score, 4), word_count, breaks, confident)


def _confidence(finding: Finding, doc_term: float) -> float:
    if finding.group == "user":
        return _sigmoid(finding.local)
    return _sigmoid(GROUP_SLOPE[finding.group] * finding.local + GROUP_BIAS[finding.group] + doc_term)


def evidence_density(raw: Sequence[Finding], word_count: int) -> float:
    """Evidence of spinning per word: the squared local probability of each distinct spun form.

    Each form counts once, so an article that keeps using one legitimate word does not
    look spun; squaring lets strong findings outweigh many weak ones.
    """
    best: dict[str, float] = {}
    for finding in raw:
        if finding.local > best.get(finding.key, -math.inf):
            best[finding.key] = finding.local
    evidence = sum(_sigmoid(local) ** 2 for local in best.values())
    return evidence / (word_count + DENSITY_SMOOTHING_WORDS)


def density_score(density: float) -> float:
    """Map finding evidence per word to 0..1: 0 with no evidence, 0.5-ish at ``DENSITY_MID``.

    How spun a document looks by its findings alone; it scales the provisional confidences
    that the spin score counts.
    """
    floor = _sigmoid(-DENSITY_MID / DENSITY_SCALE)
    raw = _sigmoid((density - DENSITY_MID) / DENSITY_SCALE)
    return max(0.0, (raw - floor) / (1.0 - floor))


def spin_score_from(density: float, confident_density: float, break_density: float, word_count: int) -> float:
    """The document's spin score: finding evidence, confident findings and broken
    collocations per word, and the length, mapped to 0..1 (exactly 0 with no evidence)."""
    base = SCORE_LENGTH * math.log(word_count + DENSITY_SMOOTHING_WORDS) + SCORE_BIAS
    floor = _sigmoid(base)
    raw = _sigmoid(base + SCORE_DENSITY * density + SCORE_CONFIDENT * confident_density
                   + SCORE_BREAKS * break_density)
    return max(0.0, (raw - floor) / (1.0 - floor))


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)
