"""The speed work's caches and shortcuts change no result (issue 10, "Speed and size").

Each cache is checked cold against warm (and against a tiny bound that empties it all the
time), each shortcut against the plain computation it replaces.
"""

from __future__ import annotations

import gzip
import importlib
import re
from array import array
from collections import Counter
from types import SimpleNamespace
from importlib.resources import files

import numpy as np
import pytest

from textmend import context, tortured
from textmend.articles import article_for
from textmend.candidates import Span, Words
from textmend.channel import Channel, ChannelEntry, get_channel
from textmend.config import resolve_config
from textmend.language_model import get_language_model

from .conftest import EXAMPLES

detect = importlib.import_module("textmend.detect")  # the package exports a function of that name

SPUN = (EXAMPLES / "spun_article.txt").read_text(encoding="utf-8")
SCIENCE = (
    "The team ranked candidate inhibitors with irregular backwoods (RF), and flag to commotion "
    "estimates were reported. Angle helping outperformed the baseline after choice trees selected "
    "the highlights. Each amino corrosive residue was scored."
)


def _tortured_spans(text: str, terms: tortured.Terms) -> list[Span]:
    return list(tortured.spans(Words(text), get_channel(), terms))


def _fresh_terms() -> tortured.Terms:
    shipped = tortured.get_terms()
    return tortured.Terms(
        [t + ("\ts" if t in shipped.science else "") for t in sorted(shipped.known)],
        [(spun, term) for spun, terms in shipped.listed.items() for term in terms],
        shipped.priors,
    )


def test_tortured_spans_same_with_cold_warm_and_thrashing_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    text = SCIENCE + "\n\n" + SPUN
    terms = _fresh_terms()
    cold = _tortured_spans(text, terms)
    assert any(s.key == "irregular backwoods" for s in cold)
    assert _tortured_spans(text, terms) == cold  # warm
    monkeypatch.setattr(tortured, "MATCH_CACHE_WORDS", 1)
    monkeypatch.setattr(tortured, "MATCH_CACHE_PAIRS", 1)
    monkeypatch.setattr(tortured, "MATCH_CACHE_ORIGINALS", 1)
    monkeypatch.setattr(tortured, "STARTING_CACHE_WORDS", 1)
    assert _tortured_spans(text, _fresh_terms()) == cold  # emptied at every new entry


def test_pair_cache_is_keyed_by_the_word_pairs() -> None:
    """Every pair of adjacent words the matcher met is cached under that pair, with the heads a
    cold matcher computes for it (a cache under other keys is recomputed each time)."""
    text = SCIENCE + "\n\n" + SPUN
    terms = _fresh_terms()
    _tortured_spans(text, terms)
    heads = terms.matches(get_channel(), terms.synonyms)._heads
    lowers = Words(text).lowers
    met = {(a, b) for a, b in zip(lowers, lowers[1:])}
    assert heads and all(type(k) is tuple and len(k) == 2 and all(type(w) is str for w in k) for k in heads)
    assert {("irregular", "backwoods"), ("flag", "to")} <= heads.keys() <= met
    cold = _fresh_terms().matches(get_channel(), terms.synonyms)
    assert all(cold.heads(*pair) == known for pair, known in heads.items())


def test_tortured_caches_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tortured, "MATCH_CACHE_WORDS", 5)
    monkeypatch.setattr(tortured, "MATCH_CACHE_PAIRS", 7)
    terms = _fresh_terms()
    _tortured_spans(SPUN, terms)
    matches = terms.matches(get_channel(), terms.synonyms)
    assert 0 < len(matches._originals) <= 5
    assert 0 < len(matches._firsts) <= 5
    assert 0 < len(matches._heads) <= 7


def test_term_trie_and_originals_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Terms._starting`` holds at most ``STARTING_CACHE_WORDS`` first words and the originals
    cache at most ``MATCH_CACHE_ORIGINALS`` original words (plus the last word's), with the
    same spans and written terms as unbounded caches."""
    text = SCIENCE + "\n\n" + SPUN
    terms = _fresh_terms()
    spans, cover = _tortured_spans(text, terms), tortured.written(Words(text), terms)
    assert len(terms._starting) > 50
    monkeypatch.setattr(tortured, "STARTING_CACHE_WORDS", 50)
    monkeypatch.setattr(tortured, "MATCH_CACHE_ORIGINALS", 200)
    small = _fresh_terms()
    assert _tortured_spans(text, small) == spans
    assert tortured.written(Words(text), small) == cover
    assert 0 < len(small._starting) <= 50
    matches = small.matches(get_channel(), small.synonyms)
    last = max(len(keys) for keys, _ in matches._originals.values())
    assert 0 < matches._originals_size == sum(len(keys) for keys, _ in matches._originals.values()) < 200 + last


def test_lazy_term_index_is_the_eager_one() -> None:
    terms = tortured.Terms(
        ["random forest\ts", "random forests\ts", "random walk", "signal to noise ratio\ts", "one",
         "a b c d e f"],
        [], tortured.Priors(0.0, 0.0, 0.0, 0.0, 0.0),
    )
    assert terms.starting("random") == {"forest": (True, None), "forests": (True, None),
                                        "walk": (True, None)}
    assert terms.starting("signal") == {"to": (False, {"noise": (("signal", "to", "noise", "ratio"),)})}
    assert terms.starting("one") is None  # one token: no index entry
    assert terms.starting("a") is None  # six tokens: longer than MAX_TOKENS
    assert terms.starting("rand") is None
    assert terms.science == frozenset({"random forest", "random forests", "signal to noise ratio"})


def _unfiltered(channel: Channel, key: str) -> set[tuple[str, float]]:
    """The candidates of ``key`` from every pack's table, without the heads shortcut."""
    from math import log10

    best: dict[str, float] = {}
    for pack, pi in zip(channel._packs, channel._pi):
        for original, at, mask in pack.lookup(key):
            n = pack.counts[at : at + pack.width]
            p = sum(pi[k] / n[k] for k in range(len(pack.sources)) if mask >> k & 1 and pi[k] > 0 and n[k])
            if p > 0.0:
                best[original] = max(best.get(original, -1e9), log10(p))
    return set(best.items())


@pytest.mark.parametrize("key", ["warfare", "prisoner of warfare", "soldiers", "troopers", "a great deal",
                                 "in order to", "zzzz", "the", "state troopers were", ""])
def test_channel_heads_shortcut_finds_every_candidate(key: str) -> None:
    channel = Channel()  # a fresh one: its caches are cold
    got = {(e.original, round(e.weight, 12)) for e in channel.candidates(key)}
    assert got == {(o, round(w, 12)) for o, w in _unfiltered(channel, key)}
    assert channel.candidates(key) == Channel().candidates(key)


def test_pack_phrase_shortcut_answers_as_the_table() -> None:
    """A key of several words is looked up in the pack's table only when it is one of the pack's forms
    that start with its first word (``_Pack.phrases_of``, one range query): forms of the table, forms
    with a word changed and keys of no form get what a query of the table gives."""
    for pack in Channel()._packs:
        forms = [t for (t,) in pack.con.execute("SELECT text FROM spun WHERE text LIKE '% %' ORDER BY text")]
        keys = forms[:: max(1, len(forms) // 40)]
        keys += [k[:-1] + ("a" if k[-1] != "a" else "b") for k in keys] + [k + " of" for k in keys[:5]]
        keys += ["prisoner of warfare", "a great deal", "in order to", "zzzz yyyy", "in !", "in"]
        for key in keys:
            got = pack.lookup(key)
            first = key.split(" ")[0]
            assert pack.phrases_of(first) == {f for f in forms if f.startswith(first + " ")}
            pack.phrases[first] = frozenset([key])  # the shortcut passes: the table is queried
            assert got == pack.lookup(key), key
            del pack.phrases[first]


def test_batched_context_free_priors_equal_single_scores() -> None:
    lm = get_language_model()
    words = Words("The soldier is believed to be the primary prisoner of warfare in the region.")
    span = Span(9, 10, "of warfare", ())
    phrases = ["of war", "of combat", "of warfare", "of zzqx warfare", "of 21 wars"]
    saved = dict(context._PHRASE_IDS)
    context._PHRASE_IDS.clear()  # every phrase new: priors come from the batch
    try:
        windows = context.Windows(lm)
        index = windows.add(words, span, phrases)
        windows.add(words, span, phrases[:2])  # repeats within the batch
        windows.score()
        for k, phrase in enumerate(["of warfare", *phrases]):
            ids = lm.ids(context._for_lm(phrase.split(" ")))
            assert windows.prior[index + k] == lm.logprob(ids)
            assert windows.unknown[index + k] == ids.count(lm.unknown)
        assert None not in windows.prior
    finally:
        context._PHRASE_IDS.clear()
        context._PHRASE_IDS.update(saved)


def test_windows_score_each_queued_window_as_its_ids() -> None:
    """The windows queued as flat ids score as the LM scores each window's context + phrase +
    context alone (the same floats), article windows included."""
    lm = get_language_model()
    words = Words("He said that an indication of the prisoner of warfare was found in 21 places.")
    spans = [(Span(4, 4, "indication", ()), ["sign", "signal", "zzqx"]),
             (Span(8, 9, "of warfare", ()), ["of war", "of 21 wars"]), (Span(0, 0, "he", ()), [])]
    windows = context.Windows(lm)
    queued = [(windows.add(words, span, phrases), span, phrases) for span, phrases in spans]
    scores = windows.score()
    assert isinstance(scores, np.ndarray) and len(scores) == sum(1 + len(p) for _, _, p in queued)
    for index, span, phrases in queued:
        left, right = context._context(words, span.first, span.last)
        for k, phrase in enumerate([span.key, *phrases]):
            lefts = left
            if span.first == 4 and k:  # "an indication" restored as "a sign": the fitted article
                lefts = left[:-1] + [article_for(phrase.split(" ")[0])]
            n_left = len(left) - (1 if span.first == 4 else 0)
            ids = lm.ids(lefts + context._for_lm(phrase.split(" ")) + right)
            assert scores[index + k] == lm.logprob(ids, n_left), (span.key, phrase)
    assert len(windows.score()) == 0  # the queue was let go


def test_ragged_batches_score_as_single_rows() -> None:
    lm = get_language_model()
    rows = [lm.ids(s.split()) for s in ("<s> the war was over </s>", "the", "", "<s> prisoner of war", "a b c d")]
    starts = [1, 0, 0, 2, 1]
    batch = lm.logprob_many(rows, starts)
    assert batch == [lm.logprob(r, s) for r, s in zip(rows, starts)]
    same = [rows[0], rows[0]]
    assert lm.logprob_many(np.array(same), [0, 1]) == lm.logprob_many(same, [0, 1])


@pytest.mark.parametrize("floor", [0.05, 0.3, 0.5, 0.9])
def test_decide_floor_drops_only_findings_below_it(floor: float) -> None:
    config = resolve_config(None, {})
    kept = 0
    for text in (SPUN, SCIENCE):
        full = detect.analyse(text, config)
        cut = detect.analyse(text, config, floor)
        assert cut.findings == tuple(f for f in full.findings if f.confidence >= floor)
        assert (cut.spin_score, cut.regions, cut.spin_rate) == (full.spin_score, full.regions, full.spin_rate)
        assert len(cut.findings) < len(full.findings)
        kept += len(cut.findings)
    assert kept or floor > 0.5  # the examples have findings above the lower floors


def test_posterior_floor_is_below_every_calibration_at_the_floor() -> None:
    from textmend.parameters import get_parameters
    from textmend.posterior import calibrate

    params = get_parameters()
    for floor in (0.01, 0.05, 0.5):
        bound = detect._posterior_floor(params, floor)
        assert 0.0 <= bound <= floor
        for knots in [*params.calibration.values(), ()]:
            assert calibrate(bound, knots) < floor


def test_channel_cache_keeps_the_most_recently_used_forms_and_changes_no_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from textmend import channel as channel_module

    keys = ["warfare", "soldiers", "troopers", "prisoner of warfare", "zzzz", "a great deal"]
    expected = {key: Channel().candidates(key) for key in keys}
    monkeypatch.setattr(channel_module, "CACHE_FORMS", 3)
    small = Channel()
    for key in keys + keys[:2]:
        assert small.candidates(key) == expected[key]
        assert len(small._cache) <= 3
    small.candidates("warfare")  # a hit moves it to the end: the next new form drops another
    small.candidates("in order to")
    assert "warfare" in small._cache and len(small._cache) == 3


def test_channel_bounds_change_no_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    from textmend import channel as channel_module

    keys = ["warfare", "soldiers", "troopers", "prisoner of warfare", "zzzz", "a great deal", "the war",
            "qqq rrr", "in order to", "zzzz", "warfare"]
    expected = {key: Channel().candidates(key) for key in keys}
    monkeypatch.setattr(channel_module, "CACHE_ENTRIES", 40)
    monkeypatch.setattr(channel_module, "CACHE_EMPTY", 2)
    monkeypatch.setattr(channel_module, "ORIGINALS_CACHE", 30)
    small = Channel()
    for key in keys + keys[::-1]:
        assert small.candidates(key) == expected[key]
        assert () not in small._cache.values()  # keys without candidates are kept apart
        assert len(small._empty) <= 2
        assert small._entries == sum(map(len, small._cache.values()))
        assert small._entries <= 40 or len(small._cache) == 1  # one large form may exceed the bound alone
        assert all(p.loaded <= max(30, max(map(len, expected.values()))) for p in small._packs)
        assert all(p.loaded == sum(t is not None for t in p.texts) for p in small._packs)


def _reference_variants(words: Words, terms: tortured.Terms) -> set[tuple[int, str, int, float]]:
    """Term variants found the plain way, without the trie or the pair cache: for each word,
    each original of it, each known term starting with that original (a scan of the sorted
    terms), each later word checked against the channel; the checks of ``tortured._variants``."""
    import bisect
    import math

    channel = get_channel()
    seen: dict[str, dict[str, float]] = {}

    def originals(word: str) -> dict[str, float]:
        if word in seen:
            return seen[word]
        known: dict[str, float] = {}
        seen[word] = known
        for e in channel.candidates(word):
            if " " not in e.original and e.original != word:
                known[e.original] = max(e.weight, known.get(e.original, -math.inf))
        known[word] = 0.0
        return known

    lowers = words.lowers
    out = set()
    sorted_terms = sorted(t for t in terms.known if 1 <= t.count(" ") < tortured.MAX_TOKENS)
    for i in range(len(lowers) - 1):
        for o1, w1 in originals(lowers[i]).items():
            k = bisect.bisect_left(sorted_terms, o1 + " ")
            while k < len(sorted_terms) and sorted_terms[k].startswith(o1 + " "):
                toks = sorted_terms[k].split(" ")
                k += 1
                last = i + len(toks) - 1
                if last >= len(lowers):
                    continue
                total, lowest = w1, w1 if o1 != lowers[i] else 0.0
                for j in range(1, len(toks)):
                    w = originals(lowers[i + j]).get(toks[j])
                    if w is None:
                        break
                    total += w
                    if toks[j] != lowers[i + j]:
                        lowest = min(lowest, w)
                else:
                    span = lowers[i : last + 1]
                    swaps = sum(a != b for a, b in zip(span, toks))
                    if swaps == 1 and lowest < terms.priors.one_swap_min:
                        continue
                    if tortured._is_variant(span, tuple(toks), terms):
                        term = " ".join(toks)
                        prior = terms.priors.term if term in terms.science else terms.priors.general_term
                        out.add((i, term, last, total + prior))
    return out


def _indexed_variants(words: Words, terms: tortured.Terms) -> set[tuple[int, str, int, float]]:
    matches = terms.matches(get_channel(), terms.synonyms)
    return {(i, term, last, weight) for i in range(len(words.lowers) - 1)
            for term, last, weight in tortured._variants(words.lowers, i, matches, terms)}


def _variant_texts() -> list[str]:
    """The examples, a science passage, a run of known terms and, when present, a few corpus articles."""
    from benchmarks.corpus import corpus_available, load_corpus

    shipped = tortured.get_terms()
    sorted_terms = [t for t in shipped.known if 1 <= t.count(" ") < tortured.MAX_TOKENS]
    every_500th = " ".join(sorted_terms[::500])  # terms back to back: long spans, overlaps
    with gzip.open(files("textmend") / "data" / "tortured_phrases.tsv.gz", "rt", encoding="utf-8") as listed:
        long_tortured = [line.split("\t")[0] for line in listed
                         if not line.startswith("#") and line.split("\t")[0].count(" ") >= 2]
    # listed tortured phrases of 3-5 words, one a sentence: long variants without the corpus too
    texts = [SCIENCE, SPUN, (EXAMPLES / "clean_article.txt").read_text(encoding="utf-8"), every_500th,
             ". ".join(long_tortured[::4])]
    if corpus_available():
        texts += [d.text for d in load_corpus(5)]
    return texts


@pytest.mark.parametrize("thrash", [False, True])
def test_trie_matcher_finds_what_the_plain_scan_finds(monkeypatch: pytest.MonkeyPatch, thrash: bool) -> None:
    if thrash:  # caches emptied at every new entry: answers recomputed each time
        monkeypatch.setattr(tortured, "MATCH_CACHE_WORDS", 1)
        monkeypatch.setattr(tortured, "MATCH_CACHE_PAIRS", 1)
    terms = _fresh_terms()
    lengths = Counter()
    for text in _variant_texts():
        words = Words(text)
        want = _reference_variants(words, terms)
        assert _indexed_variants(words, terms) == want
        lengths.update(last - i + 1 for i, _, last, _ in want)
    assert lengths[2] > 50 and lengths[3] > 5 and lengths[4] > 0  # the texts hold variants of 2-4 words


def test_packed_channel_cache_gives_the_same_records(monkeypatch: pytest.MonkeyPatch) -> None:
    from textmend import channel as channel_module

    keys = ["warfare", "soldiers", "troopers", "prisoner of warfare", "zzzz", "a great deal", "the war",
            "in order to", "said", "big"]
    expected = {key: Channel().candidates(key) for key in keys}
    monkeypatch.setattr(channel_module, "HOT_ENTRIES", 30)
    monkeypatch.setattr(channel_module, "CACHE_ENTRIES", 200)
    small = Channel()
    for key in keys + keys[::-1] + keys:
        got = small.candidates(key)
        assert got == expected[key] and all(type(e) is ChannelEntry for e in got)
        assert small._entries == sum(map(len, small._cache.values()))
        assert small._packed_entries == sum(len(p[0]) for p in small._packed.values())
        assert small._entries <= 30 or len(small._cache) == 1
        assert small._entries + small._packed_entries <= 200 or not small._packed
        assert not small._cache.keys() & small._packed.keys()
    assert small._packed  # some forms were packed and unpacked on their next use


def test_packed_forms_code_sources_and_pack_in_four_bytes() -> None:
    """A packed form keeps each candidate's (sources, pack) as a 4-byte code into its channel's
    kinds (one per distinct pair), and unpacking gives back equal records whose sources and pack
    are the kinds' shared objects, not copies."""
    from textmend.channel import _Kinds, _packing, _unpacked

    channel = Channel()
    entries = channel.candidates("warfare") + channel.candidates("soldiers") + channel.candidates("said")
    assert len(entries) > 5
    kinds = _Kinds()
    packed = _packing(entries, kinds)
    assert len(packed[2]) == 4 * len(entries)
    assert len(kinds.sources) == len({(e.sources, e.pack) for e in entries}) < len(entries)
    again = _unpacked(packed, kinds)
    assert again == entries and all(type(e) is ChannelEntry for e in again)
    shared = {id(s) for s in kinds.sources} | {id(p) for p in kinds.packs}
    assert all(id(a.sources) in shared and id(a.pack) in shared for a in again)
    n_kinds = len(kinds.sources)
    assert _packing(again, kinds) == packed and len(kinds.sources) == n_kinds  # known pairs: no new codes


_GLUED_TEXT = (
    "Read the docs at example.com/start and mail @user about `np.mean` or n_estimators.\n"
    "The iPhone and MacKay's 2D plot\u2014 a camelCase word; well-known facts.\r\n"
    "Then\ttabs  and double spaces,\n\nnew paragraph. >>> x = 1\n... y\n\nEnd.word next\n"
    "World War II, Henry VIII and II of them; XIV.\n"
    "A hard\nwrapped line, a CRLF\r\n\twrap too, a Headline\nThen a capital, not a wrap:\nnor\n\nthis."
)


def _boxed_plain(words: Words, first: int, last: int) -> bool:
    """``Words.boxed`` asked word by word from the text (before its per-word flags)."""
    from bisect import bisect_right

    from textmend.candidates import _ATTACHED_AFTER, _ATTACHED_BEFORE, _INNER_CAPITAL, _NAME_NUMERAL

    start, end = words.starts[first], words.ends[last]
    text = words.text
    if words.code:
        k = bisect_right(words.code, (end, end)) - 1
        if k >= 0 and words.code[k][1] > start:
            return True
    if any(_INNER_CAPITAL.search(text, words.starts[i], words.ends[i]) for i in range(first, last + 1)):
        return True
    if any(i > 0 and _NAME_NUMERAL.fullmatch(text, words.starts[i], words.ends[i]) and text[words.starts[i - 1]].isupper()
           for i in range(first, last + 1)):
        return True
    if start > 0 and (text[start - 1] in _ATTACHED_BEFORE or text[start - 1].isalnum()):
        return True
    if end < len(text):
        after = text[end]
        if after in _ATTACHED_AFTER or after.isalnum():
            return True
        if after == "." and end + 1 < len(text) and text[end + 1].isalnum():
            return True
    return False


@pytest.mark.parametrize("text", [_GLUED_TEXT, SPUN, SCIENCE])
@pytest.mark.parametrize("window", [False, True])
def test_word_flags_answer_as_the_text_does(text: str, window: bool) -> None:
    """``boxed``, ``joined``, ``same_sentence`` and ``run_ok`` from the per-word flags equal the checks made on the
    text for every run of 1-5 words, in a whole text and in a window cut inside a word."""
    lo, hi = (len(text) // 5 + 1, len(text) - len(text) // 4) if window else (0, len(text))
    words = Words(text, lo, hi)
    n = len(words)
    assert n > 10
    for i in range(-1, n + 1):
        plain = i > 0 and i < n and words._gap_joins(i)
        assert words.joined(i) == plain, i
        gap = words.text[words.ends[i - 1] : words.starts[i]] if 0 < i < n else ""
        wrap = re.fullmatch(r"[ \t]*(?:\r\n|\r|\n)[ \t]*", gap) is not None and words.text[words.starts[i]].islower()
        sentence = 0 < i < n and (gap == " " or not any(c in ".!?;:\n\r\u2026\u3002" for c in gap) or wrap)
        assert words.joined(i) == (0 < i < n and (gap.isspace() and "\n" not in gap and "\r" not in gap or wrap)), i
        assert words.same_sentence(i) == sentence, i
    for first in range(n):
        for last in range(first, min(n, first + 5)):
            assert words.boxed(first, last) == _boxed_plain(words, first, last), (first, last)
            assert words.run_ok(first, last) == all(words._gap_joins(k) for k in range(first + 1, last + 1))
    assert not words.run_ok(n - 1, n) and not words.run_ok(-1, 0)


@pytest.mark.parametrize("text", [_GLUED_TEXT, SPUN, SCIENCE,
                                  "In 2021 the well-known 3-day event drew 1,200 people. Then 5 left; six-year-olds stayed!"])
def test_context_ids_from_word_ids_equal_the_context_words_ids(text: str) -> None:
    """``Windows`` builds each context from per-word LM ids: the same ids as the context's words
    (``_left_context``/``_right_context``) looked up whole, at every word, sentence edges included."""
    lm = get_language_model()
    words = Words(text)
    windows = context.Windows(lm)
    windows.add(words, Span(0, 0, words.lowers[0], ()), [])
    for i in range(len(words)):
        assert windows._left_ids(words, i) == tuple(lm.ids(context._left_context(words, i))), i
        assert windows._right_ids(words, i) == tuple(lm.ids(context._right_context(words, i))), i


def test_pack_texts_and_counts_are_the_originals_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """The id-indexed texts and ``n_k`` counts a pack reads equal a plain read of its table, also
    when the texts are emptied on the way (a tiny ``ORIGINALS_CACHE``)."""
    import sqlite3
    from array import array

    from textmend import channel as channel_module

    for bound in (channel_module.ORIGINALS_CACHE, 40):
        monkeypatch.setattr(channel_module, "ORIGINALS_CACHE", bound)
        channel = Channel()
        for key in ["warfare", "soldiers", "a great deal", "said", "big", "in order to", "zzzz", "warfare"]:
            channel.candidates(key)
            for pack in channel._packs:
                table = {i: (text, n) for i, text, n in pack.con.execute("SELECT id, text, n FROM originals")}
                assert len(pack.texts) <= len(table) and len(pack.counts) == pack.width * len(pack.texts)
                assert pack.loaded == sum(t is not None for t in pack.texts) <= max(bound, 600)
                for i, text in enumerate(pack.texts):
                    if text is not None:
                        assert text == table[i][0]
                        assert pack.counts[i * pack.width:(i + 1) * pack.width] == array("H", table[i][1])
                for original, at, mask in pack.lookup(key):
                    i = at // pack.width
                    assert original == table[i][0] and pack.texts[i] == original


def test_originals_queries_use_a_few_statement_sizes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pack asks for the originals it misses with one of ``_IN_SIZES`` placeholders (ids
    padded with a repeat), so SQLite's statement cache holds a few statements; the candidates
    are those of a channel that reads every original one by one."""
    from textmend import channel as channel_module

    keys = ["warfare", "soldiers", "a great deal", "said", "big", "in order to", "zzzz", "prisoner", "stated"]
    monkeypatch.setattr(channel_module, "_IN_SIZES", (1,))
    monkeypatch.setattr(channel_module, "_ORIGINALS_IN", {1: channel_module._ORIGINALS_IN[1]})
    expected = [Channel().candidates(key) for key in keys]
    monkeypatch.undo()
    channel = Channel()
    sizes: list[int] = []
    for pack in channel._packs:
        pack.con.set_trace_callback(
            lambda sql: sizes.append(sql.rsplit("IN (", 1)[1].count(",") + 1) if "FROM originals WHERE id IN" in sql else None)
    assert [channel.candidates(key) for key in keys] == expected
    assert sizes and set(sizes) <= set(channel_module._IN_SIZES) and max(sizes) > 1


def test_channel_shares_its_small_per_word_tuples() -> None:
    channel = Channel()
    words = ["the", "war", "soldiers", "said", "zzzz", "prisoner", "of", "a", "big", "in"]
    for word in words:
        assert channel.lengths(word) == Channel().lengths(word)
    values = [channel._words[w] for w in words]
    assert len({id(v) for v in values}) == len(set(values))  # equal values: one object
    for word in words:  # one entry per word for both: the lengths are those of its head bits
        heads, lengths = channel._words[word]
        bits = 0
        for head in heads:
            bits |= head
        assert lengths == tuple(n for n in range(5, 0, -1) if bits >> n & 1)
        assert channel._head_bits(word) is heads and channel.lengths(word) is lengths


def test_pack_connections_use_the_small_page_cache() -> None:
    from textmend import channel as channel_module

    packs = Channel()._packs
    assert packs
    for pack in packs:
        assert pack.con.execute("PRAGMA cache_size").fetchone()[0] == -channel_module.SQLITE_CACHE_KIB


def test_phrase_cache_stays_bounded_and_flat(monkeypatch) -> None:
    """Emptied when full, each entry one tuple of numbers and bytes (unknown count, prior, the ids as
    C ints); the windows are the same whether their phrases were cached or not."""
    lm = get_language_model()
    words = Words("The soldier is believed to be the primary prisoner of warfare in the region.")
    span = Span(9, 10, "of warfare", ())
    phrases = ["of war", "of combat", "of zzqx warfare", "of 21 wars", "in war", "of battle"]
    saved = dict(context._PHRASE_IDS)
    context._PHRASE_IDS.clear()
    monkeypatch.setattr(context, "_PHRASE_CACHE_SIZE", 3)
    try:
        runs = []
        for _ in range(2):
            windows = context.Windows(lm)
            index = windows.add(words, span, phrases)
            scores = windows.score().tolist()
            assert len(context._PHRASE_IDS) <= 3
            runs.append((scores, windows.prior, windows.unknown))
            for k, phrase in enumerate(["of warfare", *phrases]):
                ids = lm.ids(context._for_lm(phrase.split(" ")))
                assert windows.prior[index + k] == lm.logprob(ids)
        assert runs[0] == runs[1]
        for phrase, entry in context._PHRASE_IDS.items():
            ids = tuple(lm.ids(context._for_lm(phrase.split(" "))))
            assert entry == (ids.count(lm.unknown), lm.logprob(ids), array("i", ids).tobytes())
    finally:
        context._PHRASE_IDS.clear()
        context._PHRASE_IDS.update(saved)


def test_cache_caps_fill_a_dict_table_without_doubling_it() -> None:
    """The word and number-form caches stop at the most keys a dict table holds before it
    doubles (memory round 8): one key more would take twice the table."""
    import sys

    from textmend import language_model

    for cap in (language_model.WORD_CACHE, detect._NUMERIC_KEYS_SIZE):
        table: dict[str, None] = {}
        for k in range(cap):
            table[str(k)] = None
        full = sys.getsizeof(table)
        table["one more"] = None
        assert sys.getsizeof(table) > 1.5 * full, cap


def test_best_candidates_are_the_first_of_the_full_list(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Channel.best(key, n)`` is ``candidates(key)[:n]`` whatever its cache holds: cold, warm,
    emptied when full (``BEST_FORMS``) and after a call with another ``n``."""
    from textmend import channel as channel_module

    keys = ["warfare", "soldiers", "troopers", "prisoner of warfare", "zzzz", "a great deal", "the war",
            "in order to", "said", "big", "warfare"]
    full = {key: Channel().candidates(key) for key in keys}
    assert max(map(len, full.values())) > 12 and () in full.values()
    monkeypatch.setattr(channel_module, "BEST_FORMS", 3)
    small = Channel()
    for n in (12, 12, 1, 40, 12):
        for key in keys + keys[::-1]:
            got = small.best(key, n)
            assert got == full[key][:n] and all(type(e) is ChannelEntry for e in got)
            assert len(small._best) <= 3 and () not in small._best.values()


def test_scan_with_a_limit_keeps_each_span_s_best_candidates() -> None:
    from textmend.candidates import scan, user_pairs

    words = Words(SPUN + "\n\n" + SCIENCE)
    user = user_pairs((("irregular backwoods", "random forests"),))
    channel = Channel()
    whole = list(scan(words, channel, user, frozenset()))
    assert any(len(s.entries) > 12 for s in whole)
    for limit in (1, 12):
        assert list(scan(words, channel, user, frozenset(), limit=limit)) == [
            s._replace(entries=s.entries[:limit]) for s in whole]
    for limit in (0, -1):  # no limit: a slice would drop spans that have candidates
        assert list(scan(words, channel, user, frozenset(), limit=limit)) == whole


def test_merged_spans_need_only_the_scan_s_best_candidates() -> None:
    """``detect`` scores the first ``limit`` entries of a span merged from the scan's and the
    term matcher's (``tortured.merge``: the matcher's first, the scan's others after them): the
    scan's first ``limit`` give the same ones, whichever of them the matcher also names."""
    import random

    rng = random.Random(7)
    names = [f"o{k}" for k in range(30)]
    for _ in range(300):
        base = tuple(ChannelEntry(o, -k / 10, ("moby",), "general")
                     for k, o in enumerate(rng.sample(names, rng.randint(1, 30))))
        extra = tuple(ChannelEntry(o, 0.0, ("term",), "science") for o in rng.sample(names, rng.randint(1, 15)))
        for limit in (1, 3, 12, 20):
            whole = tortured.merge([Span(0, 1, "x y", base)], [Span(0, 1, "x y", extra)])
            cut = tortured.merge([Span(0, 1, "x y", base[:limit])], [Span(0, 1, "x y", extra)])
            assert cut[0].entries[:limit] == whole[0].entries[:limit]


def test_observations_are_the_same_with_the_full_candidate_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    """The scan's spans cut to ``max_candidates`` (``Channel.best``) change no observation."""
    config = resolve_config(None, {})
    text = SCIENCE + "\n\n" + SPUN
    for limit in (None, 3):
        cut = detect.observe(text, config, limit)
        with monkeypatch.context() as m:
            m.setattr(Channel, "best", lambda self, spun, n: self.candidates(spun))
            whole = detect.observe(text, config, limit)
        assert cut == whole and len(cut.items) > 50


def test_originals_cache_drops_the_least_recently_used_word(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past ``MATCH_CACHE_WORDS`` the matcher's originals cache drops the word used longest ago
    (a word asked again stays), and every answer is the uncached one."""
    words = ["warfare", "soldiers", "troopers", "said", "big", "warfare", "large", "soldiers"]
    expected = {w: dict(_fresh_terms().matches(get_channel(), None).originals(w)) for w in words}
    monkeypatch.setattr(tortured, "MATCH_CACHE_WORDS", 3)
    matches = _fresh_terms().matches(get_channel(), None)
    for w in words[:3]:
        assert matches.originals(w) == expected[w]
    asked = []
    weights = matches.channel.weights
    monkeypatch.setattr(matches, "channel", SimpleNamespace(weights=lambda w: asked.append(w) or weights(w)))
    hit = matches.originals("warfare")  # a hit: now the most recent, not read again
    assert hit == expected["warfare"] and not asked
    hit["war"] = 9.0  # a new dict each call: changing one changes no cached answer
    assert matches.originals("warfare") == expected["warfare"]
    for w in words[3:]:
        assert matches.originals(w) == expected[w]
        assert len(matches._originals) <= 3
        assert matches._originals_size == sum(len(keys) for keys, _ in matches._originals.values())
    assert list(matches._originals) == ["warfare", "large", "soldiers"]
    assert asked == ["said", "big", "large", "soldiers"]  # "soldiers" was dropped for "large"


def test_channel_weights_are_the_candidates_weights(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Channel.weights`` gives each candidate's weight, the same float, whether read from the
    packs (no records), from the hot records or from a packed form; ``{}`` without candidates."""
    from textmend import channel as channel_module

    keys = ["warfare", "soldiers", "troopers", "prisoner of warfare", "zzzz", "a great deal", "said", "big"]
    expected = {key: {e.original: e.weight for e in Channel().candidates(key)} for key in keys}
    assert {} in expected.values() and max(map(len, expected.values())) > 20
    cold = Channel()
    assert {key: cold.weights(key) for key in keys} == expected
    assert not cold._cache and not cold._packed  # read without caching records
    monkeypatch.setattr(channel_module, "HOT_ENTRIES", 30)
    small = Channel()
    for key in keys:
        small.candidates(key)
    assert small._packed and small._cache
    assert {key: small.weights(key) for key in keys} == expected


def test_tempered_weights_cache_answers_as_a_fresh_read(monkeypatch) -> None:
    """``Channel.weights_with`` keeps each form's tempered weights (``TEMPERED_FORMS`` per set of
    exponents, least recently used out): a kept answer equals a read from the packs, float for float
    and in the same order, each call gets a dict of its own, and other exponents are kept apart."""
    from textmend import channel as channel_module
    from textmend.alternatives import EXPONENTS

    monkeypatch.setattr(channel_module, "TEMPERED_FORMS", 3)
    forms = ["captured", "stated", "warfare", "primary", "believed", "zzqx"]
    fresh = Channel()
    reads = {form: fresh._read(form, False, [[float(EXPONENTS.get(s, 1.0)) for s in p.sources]
                                             for p in fresh._packs]) for form in forms}
    channel = Channel()
    for _ in range(2):  # the second pass after the bound pushed the first forms out
        for form in [*forms, *forms[:2]]:
            got = channel.weights_with(form, EXPONENTS)
            assert list(got.items()) == list(reads[form].items()), form
            got["mutated"] = 0.0  # the caller's own dict
        assert all(len(cache) <= 3 for cache in channel._tempered.values())
    assert channel.weights_with("captured", {}) == channel.weights("captured")
    assert channel.weights_with("captured", EXPONENTS) == reads["captured"]
