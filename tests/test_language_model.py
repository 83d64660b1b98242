"""The language model: file format, Katz back-off, agreement with pocketsphinx, shipped facts.

The format and back-off tests use a tiny hand-made model written by the build script's own
writer, so they run without pocketsphinx. Agreement and staleness tests need the ``build``
extra (pocketsphinx, breame) and skip cleanly without it.
"""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

from textmend.language_model import LanguageModel, americanize, get_language_model

ROOT = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=None)
def script():
    spec = importlib.util.spec_from_file_location(
        "build_language_model", ROOT / "scripts" / "build_language_model.py"
    )
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_language_model", mod)
    spec.loader.exec_module(mod)
    return mod


# ----------------------------------------------------------------- a tiny hand-made model

WORDS = ("</s>", "<s>", "a", "b", "c")
UNI_P = {"</s>": -1.0, "<s>": -99.0, "a": -0.5, "b": -0.8, "c": -1.2}
UNI_BO = {"</s>": 0.0, "<s>": -0.3, "a": -0.2, "b": -0.4, "c": -0.1}
# (h1, w): (log10 P(w|h1), back-off of context (h1 w))
BIGRAMS = {("a", "b"): (-0.3, -0.25), ("b", "c"): (-0.6, 0.0), ("<s>", "a"): (-0.2, -0.15)}
TRIGRAMS = {("a", "b", "c"): -0.1, ("<s>", "a", "b"): -0.05}


def tiny_ngrams():
    bl = script()
    ix = {w: i for i, w in enumerate(WORDS)}
    bi, tri = sorted(BIGRAMS), sorted(TRIGRAMS)
    arr = lambda xs: np.array(xs, dtype=np.int64)  # noqa: E731
    m = bl.Ngrams(
        words=WORDS,
        uni_p=np.array([UNI_P[w] for w in WORDS]),
        uni_bo=np.array([UNI_BO[w] for w in WORDS]),
        bi_h=arr([ix[h] for h, _ in bi]), bi_w=arr([ix[w] for _, w in bi]),
        bi_p=np.array([BIGRAMS[k][0] for k in bi]), bi_bo=np.array([BIGRAMS[k][1] for k in bi]),
        tri_h2=arr([ix[k[0]] for k in tri]), tri_h1=arr([ix[k[1]] for k in tri]),
        tri_w=arr([ix[k[2]] for k in tri]), tri_p=np.array([TRIGRAMS[k] for k in tri]),
    )  # fmt: skip
    return bl._sorted(m)


@pytest.fixture(scope="module")
def tiny() -> LanguageModel:
    built = script().build(tiny_ngrams(), threshold=-1.0, spelling=[("colour", "color")])
    return LanguageModel.from_files(built.files)


def expected(w: str, h1: str | None = None, h2: str | None = None) -> float:
    """Katz back-off written out from the ARPA definition."""
    if h1 is None:
        return UNI_P[w]
    bigram = BIGRAMS[(h1, w)][0] if (h1, w) in BIGRAMS else UNI_BO[h1] + UNI_P[w]
    if h2 is None:
        return bigram
    if (h2, h1, w) in TRIGRAMS:
        return TRIGRAMS[(h2, h1, w)]
    return BIGRAMS.get((h2, h1), (0.0, 0.0))[1] + bigram


def test_format_round_trip(tiny):
    assert tiny.words[:-1] == WORDS and tiny.words[tiny.unknown] == "<unk>"
    h = tiny.header
    assert h["counts"] == {"words": 6, "bigrams": len(BIGRAMS), "trigrams": len(TRIGRAMS)}
    assert h["format"] == 4 and h["version"].startswith("cmu-en-us-")
    for w in WORDS:
        assert tiny.logprob(tiny.ids([w])) == pytest.approx(UNI_P[w], abs=1e-6)
    for (h1, w), (p, _bo) in BIGRAMS.items():
        assert tiny.logprob(tiny.ids([h1, w]), 1) == pytest.approx(p, abs=1e-6)


def test_shipped_files_stay_under_20_mb():
    """The arrays are spread over several files so that none exceeds 20 MB (a repository limit)."""
    root = Path(__file__).resolve().parents[1] / "src" / "textmend" / "data" / "language_model"
    header = json.loads((root / "lm.json").read_text(encoding="utf-8"))
    files = {a["file"] for a in header["arrays"].values()}
    assert len(files) > 1
    for name in files:
        assert (root / name).stat().st_size < 20_000_000, name


def test_unknown_format_is_refused(tiny):
    header = dict(tiny.header, format=1)
    with pytest.raises(ValueError, match="format 1"):
        LanguageModel(header, {}, "")


def test_build_is_deterministic():
    a = script().build(tiny_ngrams(), threshold=-1.0)
    b = script().build(tiny_ngrams(), threshold=-1.0)
    assert a.files == b.files


@pytest.mark.parametrize(
    "words",
    [
        ("a", "b", "c"),  # trigram present
        ("b", "a", "b"),  # trigram absent, context (b a) absent, bigram (a b) present
        ("<s>", "a", "c"),  # context (<s> a) present with back-off, bigram (a c) absent
        ("c", "b", "c"),  # bigram present, no context
        ("a", "c", "a"),  # everything backs off to the unigram
        ("<s>", "a", "b"),
    ],
)
def test_katz_back_off(tiny, words):
    h2, h1, w = words
    got = tiny.logprob(tiny.ids(words), 2)
    assert got == pytest.approx(expected(w, h1, h2), abs=1e-6)
    assert tiny.logprob(tiny.ids(words[1:]), 1) == pytest.approx(expected(w, h1), abs=1e-6)


def test_logprob_sums_from_start_with_history(tiny):
    ids = tiny.ids(["<s>", "a", "b", "c"])
    whole = expected("a") + expected("b", "a") + expected("c", "b", "a")
    assert tiny.logprob(ids[1:]) == pytest.approx(whole, abs=1e-6)
    assert tiny.logprob(ids, 2) == pytest.approx(
        expected("b", "a", "<s>") + expected("c", "b", "a"), abs=1e-6
    )
    assert tiny.logprob(ids, 4) == 0.0


def test_logprob_many_matches_logprob(tiny):
    rng = np.random.default_rng(1)
    seqs = [rng.integers(0, len(tiny.words), rng.integers(0, 7)).tolist() for _ in range(200)]
    starts = [int(rng.integers(0, 4)) for _ in seqs]
    many = tiny.logprob_many(seqs, starts)
    single = [tiny.logprob(s, st) for s, st in zip(seqs, starts)]
    assert many == pytest.approx(single, abs=1e-9)
    # equal-length (fast path) and ragged inputs agree
    five = [s for s in seqs if len(s) == 5]
    assert tiny.logprob_many(five, [2] * len(five)) == pytest.approx(
        [tiny.logprob(s, 2) for s in five]
    )


@pytest.mark.parametrize("chunk", [3, 4_096])
def test_logprob_flat_equals_logprob_many(tiny, monkeypatch, chunk):
    """The flat input (ids one sequence after another, with lengths) scores exactly as the list
    input, across chunk boundaries and with empty sequences."""
    from textmend import language_model

    monkeypatch.setattr(language_model, "_CHUNK", chunk)
    rng = np.random.default_rng(2)
    seqs = [rng.integers(0, len(tiny.words), rng.integers(0, 7)).tolist() for _ in range(50)]
    starts = [int(rng.integers(0, 4)) for _ in seqs]
    flat = np.array([i for s in seqs for i in s], dtype=np.int32)
    lengths = np.array([len(s) for s in seqs], dtype=np.int32)
    got = tiny.logprob_flat(flat, lengths, np.array(starts, dtype=np.int32))
    assert got.dtype == np.float64 and got.tolist() == tiny.logprob_many(seqs, starts)
    assert tiny.logprob_flat(np.zeros(0, np.int32), np.zeros(3, np.int32), np.zeros(3, np.int32)).tolist() == [0.0] * 3
    assert len(tiny.logprob_flat(np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0, np.int32))) == 0
    with pytest.raises(ValueError):
        tiny.logprob_flat(flat, lengths, np.zeros(2, np.int32))
    with pytest.raises(ValueError):
        tiny.logprob_flat(flat[:-1], lengths, np.array(starts))
    with pytest.raises(IndexError):
        tiny.logprob_flat(np.array([len(tiny.words)]), np.array([1]), np.array([0]))


def test_unknown_words_get_the_floor(tiny):
    ids = tiny.ids(["a", "zzz"])
    assert ids[1] == tiny.unknown
    floor = tiny.header["unknown_log10"]
    assert floor == min(p for p in UNI_P.values() if p > -90)
    assert tiny.logprob(ids, 1) == pytest.approx(UNI_BO["a"] + floor, abs=1e-6)
    assert math.isfinite(tiny.logprob(tiny.ids(["zzz", "zzz", "zzz"])))


def test_ids_lowercase_and_americanize(tiny):
    assert tiny.ids(["A", "B"]) == tiny.ids(["a", "b"])
    assert tiny.americanize("colour") == "color"


def test_bad_input(tiny):
    with pytest.raises(ValueError):
        tiny.logprob_many([[0, 1]], [0, 0])
    with pytest.raises(IndexError):
        tiny.logprob([len(tiny.words)])
    assert tiny.logprob_many([], []) == []


# ----------------------------------------------------------------- the shipped model


@pytest.mark.parametrize(
    "good, bad, start",
    [
        ("the prisoner of war was", "the prisoner of warfare was", 3),
        ("a former spy agency official", "a former spy company official", 3),
        ("he told the BBC on", "he informed the BBC on", 1),
    ],
)
def test_shipped_model_known_facts(good, bad, start):
    lm = get_language_model()
    assert lm.logprob(lm.ids(good.split()), start) > lm.logprob(lm.ids(bad.split()), start)


def test_shipped_model_header():
    lm = get_language_model()
    assert lm is get_language_model()
    h = lm.header
    assert h["counts"]["words"] == len(lm.words)
    assert "BSD-2-Clause" in h["license"] and "pocketsphinx" in h["source"]
    assert lm.words[lm.unknown] == "<unk>"


@pytest.mark.parametrize(
    "british, american",
    [("colour", "color"), ("organise", "organize"), ("centre", "center"), ("Colour", "color")],
)
def test_americanize(british, american):
    assert americanize(british) == american


@pytest.mark.parametrize("word", ["color", "table", "Table", "the", "qzxv"])
def test_americanize_leaves_other_words(word):
    assert americanize(word) == word


def test_americanize_feeds_ids():
    lm = get_language_model()
    assert lm.ids(["colour", "Organised"]) == lm.ids(["color", "organized"])


# ----------------------------------------------------------------- against pocketsphinx


def _need_build_packages() -> None:
    for name in ("pocketsphinx", "breame"):
        pytest.importorskip(name, reason=f"{name} (pip install -e '.[build]') is needed")


@pytest.fixture(scope="module")
def source():
    _need_build_packages()
    return script().read_trie(script().source_path())


def test_parse_agrees_with_pocketsphinx(source):
    bl = script()
    w, h1, h2 = bl.random_queries(source, 2000, seed=7)
    ref = bl.pocketsphinx_scores(source, w, h1, h2)
    # pocketsphinx answers in whole logmath units: 1 unit = 4.3e-5 log10
    assert np.abs(bl.katz(source, w, h1, h2) - ref).max() < 1e-4
    lm = get_language_model()
    new = np.array(lm.ids_exact(source.words))
    assert (new < lm.unknown).all()  # no word lost by pruning
    sample = [[new[c], new[b], new[a]] for a, b, c in zip(w[:500], h1[:500], h2[:500])]
    shipped = np.array(lm.logprob_many(sample, [2] * len(sample)))
    err = np.abs(shipped - ref[:500])
    assert np.median(err) < 0.05, "pruning/quantisation moved typical trigram scores"


def test_shipped_language_model_is_not_stale(source):
    assert script().main(["--check"]) == 0, "run python scripts/build_language_model.py"


# ----------------------------------------------------------------- the vocabulary's hash table


def test_hash_table_finds_every_word_of_the_shipped_model_by_its_id():
    """The mapped table agrees with the vocabulary as a dict (as format 2 looked words up) for every word."""
    lm = get_language_model()
    words = lm.words
    index = {word: i for i, word in enumerate(words)}
    assert len(index) == len(words)  # no word twice
    assert lm.ids_exact(words) == list(range(len(words)))
    assert lm.ids([w.upper() for w in words[:2000]]) == [
        index.get(lm.americanize(w), lm.unknown) for w in words[:2000]
    ]


@pytest.mark.parametrize("word", ["", "zzqxv", "\ud800", "a\0b", "<UNK>", "naïveté-x", "the "])
def test_hash_table_answers_unknown_for_words_it_lacks(word):
    lm = get_language_model()
    assert lm.ids_exact([word]) == [lm.unknown]


def test_hash_table_of_a_crowded_tiny_model():
    """Every slot chain ends at an empty slot, with collisions (a table of 16 slots for 6 words)."""
    bl = script()
    offsets, slots = bl.word_table(WORDS + ("<unk>",))
    assert len(slots) == 16 and sorted(s for s in slots.tolist() if s != 0xFFFFFFFF) == list(range(6))
    assert offsets.tolist()[-1] == len("\0".join(WORDS + ("<unk>",)).encode()) + 1


def test_word_cache_stays_bounded(monkeypatch, tiny):
    from textmend import language_model

    monkeypatch.setattr(language_model, "WORD_CACHE", 3)
    fresh = LanguageModel.from_files(script().build(tiny_ngrams(), threshold=-1.0).files)
    for _ in range(2):
        assert fresh.ids(["A", "b", "c", "colour", "zz", "</s>"]) == [2, 3, 4, fresh.unknown, fresh.unknown, 0]
        assert len(fresh._cache) <= 3


def _score_all_lookups(lm: LanguageModel, w: np.ndarray, h1: np.ndarray, h2: np.ndarray) -> np.ndarray:
    """Katz back-off with every lookup made for every element (the scorer before it looked up
    only what each back-off path needs)."""
    from textmend.language_model import _find

    v = lm._v
    uni = lm._uni_p[w].astype(np.float64)
    has1 = h1 >= 0
    h1c = np.where(has1, h1, 0)
    i, f = _find(lm._bi_keys, h1c * v + w)
    bigram = np.where(f, lm._bi_p_levels[lm._bi_p_codes[i]], lm._uni_bo[h1c] + uni)
    has2 = has1 & (h2 >= 0)
    h2c = np.where(has2, h2, 0)
    ctx = h2c * v + h1c
    ti, tf = _find(lm._tri_keys, ctx * v + w)
    ci, cf = _find(lm._bi_keys, ctx)
    trigram = np.where(tf, lm._tri_p_levels[lm._tri_p_codes[ti]],
                       np.where(cf, lm._bi_bo_levels[lm._bi_bo_codes[ci]], 0.0) + bigram)
    return np.where(has2, trigram, np.where(has1, bigram, uni))


@pytest.mark.parametrize("seed", [0, 1])
def test_scorer_equals_every_lookup_made(seed):
    """Trigram hits, misses with and without the history's back-off weight, bigram hits and
    misses, one or no word of history: the same floats as making every lookup."""
    lm = get_language_model()
    rng = np.random.default_rng(seed)
    v = int(lm._v)
    n = 30_000
    tri = lm._tri_keys.keys()[rng.integers(0, len(lm._tri_keys), n)]
    bi = lm._bi_keys.keys()[rng.integers(0, len(lm._bi_keys), n)]
    kind = rng.integers(0, 4, n)  # a listed trigram, a listed bigram with a random history, random
    w = np.where(kind == 0, tri % v, np.where(kind == 1, bi % v, rng.integers(0, v, n)))
    h1 = np.where(kind == 0, (tri // v) % v, np.where(kind == 1, bi // v, rng.integers(0, v, n)))
    h2 = np.where(kind == 0, tri // (v * v), rng.integers(0, v, n))
    h2 = np.where(rng.random(n) < 0.15, -1, h2)
    h1 = np.where(rng.random(n) < 0.1, -1, h1)
    h2 = np.where(h1 < 0, -1, h2)
    got = lm._score(w, h1, h2)
    want = _score_all_lookups(lm, w, h1, h2)
    assert got.tolist() == want.tolist()
    assert lm._score(w[:0], h1[:0], h2[:0]).tolist() == []
