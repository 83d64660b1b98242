"""Properties of the public API on arbitrary text (hypothesis).

Inputs mix arbitrary Unicode (emoji, combining marks, right-to-left scripts, CRLF
and lone CR, NUL, lone surrogates, very long words) with spun and clean phrases
drawn from the channel's hand-made packs (its ``curated`` and ``generated`` sources), so
that the engine really finds and applies edits.

Properties: ``repair`` never raises on a ``str``; applying ``Result.edits`` gives
``Result.text``; text outside the edits is unchanged; every ``Edit`` has
``text[start:end] == original`` and covers whole tokens; repair is idempotent;
allowed phrases are never edited; results do not depend on the hash seed.
Non-``str`` input raises ``TypeError``.

``TEXTMEND_PROPERTY_SCALE=20 pytest tests/test_properties.py`` runs twenty times
the examples, for a bug hunt; the default keeps the suite well under a minute.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import textmend
from textmend import Config, Edit, Result, apply_edits
from textmend.channel import THESAURI, get_channel, spun_forms
from textmend.tokenize import phrase_key, tokenize
from textmend.userlists import UserListError, parse_extra_pairs

from .conftest import ROOT

# The channel restricted to the pairs of wordlists/*.tsv (curated and WordNet-generated):
# the shipped channel's cache, as the engine uses it, with the other sources left out.
_PACKED = get_channel(exclude_sources=frozenset(THESAURI) | {"mined", "function"})


def _spun_forms() -> list[str]:
    """Every spun form of the shipped packs that the hand-made sources hold, sorted."""
    return [s for s in spun_forms() if _PACKED.candidates(s)]


SPUN = _spun_forms()
ORIGINALS = sorted({e.original for s in SPUN for e in _PACKED.candidates(s)})
PHRASES = [o for o in ORIGINALS if " " in o]  # multi-word originals: terms and collocations

CLEAN_WORDS = ["the", "a", "an", "of", "to", "in", "and", "said", "on", "for", "he", "she", "it", "was", "is", "that", "with", "as", "by", "at", "from", "government", "minister", "people", "year", "week", "report", "company", "market", "police", "city", "hour", "union", "European", "honest", "one", "unit", "2", "3", "10,000", "3.5", "1st", "4G", "Tehran", "Megan", "Sofia", "Iran"]

SPECIAL = [
    "\x00", "\r", "\r\n", "\n\n", "\t", "\u00a0", "\u2028", "\u200b", "\u200d", "\ufeff",
    "\u200f", "\u202e", "\ud800", "\udfff",  # lone surrogates are legal in a Python str
    "\U0001F600", "\U0001F44D\U0001F3FD", "\U0001F468\u200d\U0001F469\u200d\U0001F467",
    "\U0001F1EC\U0001F1E7", "e\u0301", "\u0301", "n\u0303\u0323",
    "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "\u0661\u0662",
    "\u0130stanbul", "STRASSE", "Stra\u00dfe", "\ufb01re", "\u1e9e",
    "\u201cquoted\u201d", "\u2019s", "'", "-", "\u2014", "...", "\u2026", "?!", "(", ")", "[", "]",
    "\"", "#", "@", "/", "http://example.com/", "user@example.com", "a.b",
]

_case = st.sampled_from([str.lower, str.title, str.upper, str.capitalize])


@st.composite
def _cased(draw, pool):
    return draw(_case)(draw(st.sampled_from(pool)))


_fragment = st.one_of(
    _cased(SPUN),
    _cased(SPUN),
    _cased(PHRASES),
    _cased(ORIGINALS),
    st.sampled_from(CLEAN_WORDS),
    st.sampled_from(SPECIAL),
    st.text(max_size=8),
    st.text(alphabet=st.characters(categories=("Cs", "Cc", "Mn", "So", "Zs", "Zl", "Cf")), max_size=4),
    st.builds(  # very long words
        lambda c, n: c * n, st.sampled_from(["a", "x", "\u00e9", "-", "'", "1"]), st.integers(200, 3000)
    ),
)
_separator = st.one_of(
    st.sampled_from([" ", " ", " ", ", ", ". ", "\n", "\r\n", "\r", "\n\n", "", " a ", " an ", " An "]),
    st.text(alphabet=" \t\u00a0\u3000", min_size=2, max_size=12),  # runs of horizontal space
)


@st.composite
def documents(draw):
    """A text of fragments (spun forms and originals, clean words, oddities) joined by separators."""
    parts = draw(st.lists(st.tuples(_fragment, _separator), max_size=40))
    return "".join(f + s for f, s in parts)


@st.composite
def dense_documents(draw):
    """Mostly spun forms, so the document's spin score is high and weak findings apply too."""
    word = st.one_of(
        _cased(SPUN), _cased(SPUN), _cased(ORIGINALS), _cased(PHRASES), st.sampled_from(CLEAN_WORDS)
    )
    words = draw(st.lists(word, min_size=1, max_size=40))
    separator = st.sampled_from([" ", " ", " ", " a ", " an ", ". ", ", ", "\n"])
    seps = draw(st.lists(separator, min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps))


texts = st.one_of(documents(), documents(), dense_documents(), st.text(max_size=200))

_SCALE = float(os.environ.get("TEXTMEND_PROPERTY_SCALE", "1"))


def _examples(n: int) -> int:
    return max(1, int(n * _SCALE))


# The default run is derandomized, so CI sees the same examples every time; a bug hunt
# (TEXTMEND_PROPERTY_SCALE set) explores new ones.
_DERANDOMIZE = "TEXTMEND_PROPERTY_SCALE" not in os.environ
_SETTINGS = settings(
    max_examples=_examples(150),
    deadline=None,
    derandomize=_DERANDOMIZE,
    suppress_health_check=[HealthCheck.too_slow],
)
_SETTINGS_100 = settings(_SETTINGS, max_examples=_examples(100))


def _check_edit_offsets(text: str, edits) -> None:
    boundaries = None
    for edit in edits:
        assert isinstance(edit, Edit)
        assert 0 <= edit.start < edit.end <= len(text)
        assert text[edit.start : edit.end] == edit.original, edit
        if boundaries is None:
            boundaries = {t.start for t in tokenize(text)} | {len(text)}
        # An edit covers whole tokens: it never cuts a word in half.
        assert edit.start in boundaries and edit.end in boundaries, (text, edit)
        assert 0.0 <= edit.confidence <= 1.0
        assert isinstance(edit.replacement, str) and isinstance(edit.rule, str)
        assert edit.explanation


def _check_in_order(edits) -> None:
    for before, after in itertools.pairwise(edits):
        assert before.end <= after.start, (before, after)


@_SETTINGS
@given(texts)
@example("Troops from Tehran      troopers were despatched.")  # an article fix must not cut "Tehran"
def test_repair_result_is_consistent_with_its_input(text):
    result = textmend.repair(text)
    assert isinstance(result, Result)
    assert 0.0 <= result.spin_score <= 1.0
    _check_edit_offsets(text, result.edits)
    _check_edit_offsets(text, result.suggestions)
    _check_in_order(result.edits)
    _check_in_order(result.suggestions)
    threshold = Config().threshold
    assert all(e.confidence >= threshold for e in result.edits)
    assert all(e.confidence < threshold for e in result.suggestions)
    assert all(e.replacement != e.original for e in result.edits)
    assert apply_edits(text, result.edits) == result.text


@_SETTINGS
@given(texts)
def test_text_outside_the_edits_is_unchanged(text):
    # Walk input and output side by side, independently of apply_edits.
    result = textmend.repair(text)
    out = result.text
    pos_in = pos_out = 0
    for edit in result.edits:
        gap = edit.start - pos_in
        assert out[pos_out : pos_out + gap] == text[pos_in : edit.start]
        pos_out += gap
        assert out[pos_out : pos_out + len(edit.replacement)] == edit.replacement
        pos_out += len(edit.replacement)
        pos_in = edit.end
    assert out[pos_out:] == text[pos_in:]


@_SETTINGS
@given(texts, st.floats(0.0, 1.0))
def test_any_threshold_keeps_offsets_and_detect_agrees(text, threshold):
    result = textmend.repair(text, threshold=threshold)
    found = textmend.detect(text, threshold=threshold)
    _check_edit_offsets(text, result.edits)
    _check_edit_offsets(text, result.suggestions)
    _check_edit_offsets(text, found)
    assert apply_edits(text, result.edits) == result.text
    # detect() returns every finding, applied or not. Applied edits are findings too,
    # except where a later pass repaired the output again (repair() re-checks its output
    # until it is stable) and merged with them: see test_single_pass_edits_are_findings.
    assert set(result.suggestions) <= set(found)
    assert textmend.score(text, threshold=threshold) == result.spin_score


def test_single_pass_edits_are_findings():
    text = (ROOT / "examples" / "spun_article.txt").read_text(encoding="utf-8")
    result = textmend.repair(text)
    assert result.edits and set(result.edits) <= set(textmend.detect(text))


@_SETTINGS
@given(texts)
@example("angle of disposition ")  # disposition -> inclination -> list (a chain of spins)
def test_repair_is_idempotent(text):
    first = textmend.repair(text)
    second = textmend.repair(first.text)
    assert second.edits == (), (first.edits, second.edits)
    assert second.text == first.text


@_SETTINGS_100
@given(texts, st.data())
def test_allowed_phrases_are_never_edited(text, data):
    keys = sorted({phrase_key(e.original) for e in textmend.detect(text)} - {""})
    assume(keys)
    allowed = data.draw(st.lists(st.sampled_from(keys), min_size=1, unique=True))
    result = textmend.repair(text, allow=frozenset(allowed))
    assert not any(phrase_key(e.original) in allowed for e in result.edits)
    _check_edit_offsets(text, result.edits)
    assert apply_edits(text, result.edits) == result.text


@_SETTINGS_100
@given(texts, st.lists(st.tuples(st.sampled_from(CLEAN_WORDS), st.sampled_from(CLEAN_WORDS)), max_size=3))
def test_extra_pairs_keep_offsets(text, pairs):
    pairs = tuple((s, o) for s, o in pairs if phrase_key(s) != phrase_key(o))
    try:
        result = textmend.repair(text, extra_pairs=pairs)
    except ValueError as exc:  # refused by the rules of --extra files (issue 13, point 5)
        assert any(why in str(exc) for why in ("chain", "duplicate", "mapped to", "grow")), exc
        return
    _check_edit_offsets(text, result.edits)
    _check_in_order(result.edits)
    assert apply_edits(text, result.edits) == result.text


@pytest.mark.parametrize("gap", [" " * n for n in range(1, 12)] + ["\t" * 6, "\u00a0" * 6])
@pytest.mark.parametrize("word", ["Tehran", "Megan", "Iran", "Sofia", "Tampa"])
def test_article_fix_never_cuts_a_word(word, gap):
    text = f"Troops from {word}{gap}troopers were despatched by the spy company."
    result = textmend.repair(text)
    _check_edit_offsets(text, result.edits)
    assert word in result.text, result.edits


def _free_of_spun_forms(phrase: str) -> bool:
    words = phrase.split(" ")
    runs = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
    return not any(_PACKED.candidates(run) for run in runs)


# User originals that contain no spun form of the packs: otherwise a repair can chain into
# the channel (see test_user_original_containing_a_spun_form_stays_idempotent).
# Articles are left out too: see test_article_as_a_user_original_is_left_alone.
_user_word = st.sampled_from(
    [w for w in CLEAN_WORDS + ORIGINALS[:300] if _free_of_spun_forms(w) and w not in ("a", "an")]
)


@_SETTINGS_100
@given(texts, st.lists(st.tuples(_user_word, _user_word), min_size=1, max_size=4))
def test_repair_with_user_pairs_is_idempotent(text, pairs):
    # Pairs as a user file would give them: the parser refuses chains and duplicates.
    listing = "".join(f"{spun} -> {original}\n" for spun, original in pairs)
    try:
        extra = parse_extra_pairs(listing)
    except UserListError:
        assume(False)
    spun_words = " ".join(spun for spun, _ in extra)
    first = textmend.repair(text + " " + spun_words, extra_pairs=extra)
    _check_edit_offsets(text + " " + spun_words, first.edits)
    second = textmend.repair(first.text, extra_pairs=extra)
    assert second.edits == (), (first.edits, second.edits)


def test_user_original_containing_a_spun_form_stays_idempotent():
    extra = (("the", "accumulator registers"),)  # "accumulator" and "registers" are spun forms
    first = textmend.repair("a bit of  the", extra_pairs=extra)
    assert textmend.repair(first.text, extra_pairs=extra).edits == ()


@pytest.mark.parametrize(
    "text",
    [
        # "package" -> "software" makes "software program", itself a spun form of "software".
        (
            "leading criminal offences intentionally globe verses anti-racketeering law that foe "
            "latest pursued make headway of package program aids"
        ),
        # "prior to now" -> "in the past", itself a spun form of "ago" (a chain of spins).
        (
            "with residuals celestial latitudes was talk rationalized choirs estimator databases "
            "stale said complex amount brunet scholars coffee hitting biggest to shuck by prior to "
            "now discovers gammon costas the strongly plazas from aspect professorship harks back"
        ),
    ],
)
def test_known_second_pass_repairs(text):
    first = textmend.repair(text)
    assert textmend.repair(first.text).edits == ()


def test_neighbour_context_after_a_user_edit_stays_idempotent():
    extra = (("the", "of"),)
    first = textmend.repair("a bit of abbreviated a bit of  the", extra_pairs=extra)
    assert textmend.repair(first.text, extra_pairs=extra).edits == ()


def test_article_as_a_user_original_is_left_alone():
    result = textmend.repair("I saw a the thing", extra_pairs=(("the", "a"),))
    assert result.text == "I saw a a thing"


class _Str(str):
    pass


def test_str_subclass_is_accepted():
    text = "He is the first North Korean prisoner of warfare."
    assert textmend.repair(_Str(text)) == textmend.repair(text)


@pytest.mark.parametrize("bad", [b"prisoner of warfare", bytearray(b"x"), None, 42, 4.2, ["text"], object()])
@pytest.mark.parametrize("func", [textmend.repair, textmend.detect, textmend.score])
def test_non_str_input_is_a_type_error(func, bad):
    with pytest.raises(TypeError, match="str"):
        func(bad)


# --- determinism across processes ---------------------------------------------

_CHILD = r"""
import json, sys, textmend
docs = json.loads(sys.stdin.read())
out = []
for doc in docs:
    r = textmend.repair(doc)
    out.append([r.text, [list(e) for e in r.edits], [list(e) for e in r.suggestions], r.spin_score,
                [list(e) for e in textmend.detect(doc)], textmend.score(doc)])
sys.stdout.write(json.dumps(out))
"""


def _corpus(n: int = 120, seed: int = 20261126) -> list[str]:
    """Documents built like the hypothesis ones, from a fixed seed."""
    rng = random.Random(seed)
    pools = [SPUN, SPUN, PHRASES, ORIGINALS, CLEAN_WORDS, SPECIAL]
    seps = [" ", " ", ", ", ". ", "\n", "\r\n", " a ", " an "]
    docs = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 60)):
            word = rng.choice(rng.choice(pools))
            parts.append(rng.choice([str.lower, str.title, str.upper])(word) + rng.choice(seps))
        docs.append("".join(parts))
    return docs


def _run_child(docs: list[str], seed: str) -> list:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD],
        input=json.dumps(docs),  # ASCII JSON: lone surrogates survive the pipe
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    return json.loads(proc.stdout)


def test_results_do_not_depend_on_the_hash_seed():
    docs = _corpus(60)
    # Two fixed seeds in children; this process runs with whatever seed it was given.
    runs = {seed: _run_child(docs, seed) for seed in ("0", "4242")}
    first = runs["0"]
    assert any(doc[1] for doc in first), "the corpus should produce some applied edits"
    for seed, run in runs.items():
        assert run == first, f"PYTHONHASHSEED={seed} changed the results"
    # And the same as in this process.
    here = json.loads(json.dumps(_run_in_process(docs)))
    assert here == first


def _run_in_process(docs: list[str]) -> list:
    out = []
    for doc in docs:
        r = textmend.repair(doc)
        out.append([r.text, [list(e) for e in r.edits], [list(e) for e in r.suggestions], r.spin_score,
                    [list(e) for e in textmend.detect(doc)], textmend.score(doc)])
    return out
