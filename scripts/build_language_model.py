"""Build the shipped language model from the CMU Sphinx US-English trigram LM.

Source: ``en-us.lm.bin`` in the PyPI wheel ``pocketsphinx==5.1.1`` (BSD-2-Clause, CMU; the
notice is in wordlists/SOURCES.md and src/textmend/data/language_model/NOTICE). The file is a
reversed, bit-packed, 16-bit quantised trie ("Trie Language Model"; layout in
../shared/DESIGN.md, "Language model"). This script parses it with numpy, checks the parse
against ``pocketsphinx.NGramModel.prob`` on random queries, prunes it to the size budget,
quantises probabilities and back-offs to 8 bits and writes the sorted arrays that
``textmend.language_model`` maps at run time (format in that module's docstring).

It also builds the British -> American spelling map from the PyPI package ``breame==0.1.2``
(Apache-2.0), keeping only pairs where the LM knows the American form and finds it more
probable than the British one.

    python scripts/build_language_model.py            # rebuild src/textmend/data/language_model/
    python scripts/build_language_model.py --check    # exit 1 when the shipped files are stale
    python scripts/build_language_model.py --verify 3000   # parse vs pocketsphinx, report errors

Both packages are in the ``build`` extra; neither is needed at run time.
"""

from __future__ import annotations

import argparse
import json
import math
import struct
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from textmend import key_blocks  # noqa: E402
OUT = ROOT / "src" / "textmend" / "data" / "language_model"
SOURCE_PACKAGE = "pocketsphinx==5.1.1"
SPELLING_PACKAGE = "breame==0.1.2"
FORMAT = 4
# Arrays by file: no shipped file over 20 MB.
FILES = {
    "lm.bin": ("words", "uni_p", "uni_bo", "bi_p_levels", "bi_bo_levels", "tri_p_levels", "word_offsets",
               "word_slots"),
    "bigrams.bin": ("bi_first", "bi_starts", "bi_deltas", "bi_p", "bi_bo"),
    "trigrams.bin": ("tri_first", "tri_starts", "tri_deltas", "tri_p"),
}
CONTENT = {
    "lm.bin": ("words", "uni_p", "uni_bo", "bi_p_levels", "bi_bo_levels", "tri_p_levels"),
    "bigrams.bin": ("bi_keys", "bi_p", "bi_bo"),
    "trigrams.bin": ("tri_keys", "tri_p"),
}
"""What the version's content hash covers: the model's arrays as format 3 laid them out (the keys
as plain uint64; not the vocabulary's hash table, derived from ``words``), so a new layout of the
same model keeps its version (and the parameters fitted on it)."""
LOG10_BASE = math.log10(1.0001)  # the trie stores logmath units of base 1.0001
MAGIC = b"Trie Language Model"
QUANT_LEVELS = 65536
UNK = "<unk>"

# Pruning defaults, chosen by the measurements in benchmarks/LANGUAGE_MODEL.md.
DEFAULT_THRESHOLD = 2.5e-8  # weighted-difference pruning threshold (see prune): 9.6 MB deflated
DEFAULT_BITS = 8  # quantisation of bigram/trigram probabilities and back-offs

NOTICE = """\
The language model in this directory (lm.bin, lm.json) is derived from the CMU Sphinx
US-English trigram language model (en-us.lm.bin), as distributed in the PyPI package
pocketsphinx 5.1.1. textmend's build script (scripts/build_language_model.py) re-encodes
and prunes it; the British -> American spelling map (americanize.tsv) is derived from the
PyPI package breame 0.1.2 (Apache-2.0, Copyright Charles Pierse).

Copyright (c) 1999-2016 Carnegie Mellon University.  All rights reserved.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions
are met:

1. Redistributions of source code must retain the above copyright
   notice, this list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright
   notice, this list of conditions and the following disclaimer in
   the documentation and/or other materials provided with the
   distribution.

THIS SOFTWARE IS PROVIDED BY CARNEGIE MELLON UNIVERSITY ``AS IS'' AND
ANY EXPRESSED OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO,
THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR
PURPOSE ARE DISCLAIMED.  IN NO EVENT SHALL CARNEGIE MELLON UNIVERSITY
NOR ITS EMPLOYEES BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL,
SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT
LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE,
DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY
THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT
(INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
"""


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Ngrams:
    """A back-off trigram model in forward order, log10 units, exact (float64) values.

    ``bi_h``/``bi_w``: bigram (h1, w) with ``bi_p`` = log10 P(w | h1) and ``bi_bo`` = the
    back-off weight of the context (h1, w). ``tri_h2``/``tri_h1``/``tri_w`` with ``tri_p`` =
    log10 P(w | h2 h1). Word ids index ``words``; ``uni_p``/``uni_bo`` are per word.
    """

    words: tuple[str, ...]
    uni_p: np.ndarray
    uni_bo: np.ndarray
    bi_h: np.ndarray
    bi_w: np.ndarray
    bi_p: np.ndarray
    bi_bo: np.ndarray
    tri_h2: np.ndarray
    tri_h1: np.ndarray
    tri_w: np.ndarray
    tri_p: np.ndarray


def source_path() -> Path:
    """Path of ``en-us.lm.bin`` inside the installed pocketsphinx wheel (ImportError without it)."""
    import pocketsphinx

    return Path(pocketsphinx.__file__).parent / "model" / "en-us" / "en-us.lm.bin"


def _bitfield(mem: np.ndarray, bit_offsets: np.ndarray, width: int) -> np.ndarray:
    """Read ``width``-bit little-endian fields (width <= 25) at ``bit_offsets`` of ``mem``."""
    byte = (bit_offsets >> 3).astype(np.int64)
    shift = (bit_offsets & 7).astype(np.uint64)
    gathered = mem[byte[:, None] + np.arange(8)].copy().view("<u8").ravel()
    return ((gathered >> shift) & np.uint64((1 << width) - 1)).astype(np.int64)


def read_trie(path: Path) -> Ngrams:
    """Parse a sphinxbase/pocketsphinx "Trie Language Model" file of order 3.

    Layout (measured, see DESIGN.md): magic, order u8, counts u32 x3, a u32, three 65,536-entry
    float32 quantisation tables (middle probs, middle back-offs, longest probs), (n1 + 1)
    unigram records {f32 prob, f32 back-off, u32 next}, the bit-packed bigram records
    {word 17, back-off 16, prob 16, next 21 bits} (n2 + 1 of them, +8 bytes padding), the
    bit-packed trigram records {word 17, prob 16} (n3 + 1, +8 padding), a u32 byte length and
    the NUL-terminated vocabulary. The trie is reversed: unigram w -> bigram word h1 -> trigram
    word h2 holds P(w | h2 h1). Values are logmath units of base 1.0001.
    """
    data = path.read_bytes()
    if not data.startswith(MAGIC):
        raise ValueError(f"{path}: not a trie language model")
    pos = len(MAGIC)
    order = data[pos]
    pos += 1
    if order != 3:
        raise ValueError(f"{path}: order {order}, expected 3")
    n1, n2, n3 = struct.unpack_from("<3I", data, pos)
    pos += 12 + 4
    tables = np.frombuffer(data, "<f4", 3 * QUANT_LEVELS, pos).astype(np.float64) * LOG10_BASE
    mid_p_tab, mid_bo_tab, long_p_tab = tables.reshape(3, QUANT_LEVELS)
    pos += 3 * QUANT_LEVELS * 4
    ug = np.frombuffer(
        data, dtype=[("p", "<f4"), ("bo", "<f4"), ("next", "<u4")], count=n1 + 1, offset=pos
    )
    pos += (n1 + 1) * 12
    word_bits, next_bits = n1.bit_length(), n3.bit_length()
    mid_bits = word_bits + 32 + next_bits
    long_bits = word_bits + 16
    mid_size = ((1 + n2) * mid_bits + 7) // 8 + 8
    long_size = ((1 + n3) * long_bits + 7) // 8 + 8
    mem = np.frombuffer(data, np.uint8, mid_size + long_size, pos)
    mid, long_ = mem[:mid_size], mem[mid_size:]
    pos += mid_size + long_size
    (vocab_len,) = struct.unpack_from("<I", data, pos)
    pos += 4
    words = tuple(w.decode("utf-8") for w in data[pos : pos + vocab_len].split(b"\0")[:n1])
    if len(words) != n1 or pos + vocab_len != len(data):
        raise ValueError(f"{path}: vocabulary does not match the counts")

    # The header counts may exceed the records written (the writer sizes memory before it
    # fixes counts); the unigram and bigram sentinels give the real numbers.
    nexts = ug["next"].astype(np.int64)
    n2 = int(nexts[-1])
    rec = np.arange(n2 + 1, dtype=np.int64) * mid_bits
    bi_h1 = _bitfield(mid, rec[:-1], word_bits)
    bi_bo = mid_bo_tab[_bitfield(mid, rec[:-1] + word_bits, 16)]
    bi_p = mid_p_tab[_bitfield(mid, rec[:-1] + word_bits + 16, 16)]
    bi_next = _bitfield(mid, rec + word_bits + 32, next_bits)
    bi_w = np.repeat(np.arange(n1, dtype=np.int64), np.diff(nexts))
    if len(bi_w) != n2 or nexts[-1] != n2:
        raise ValueError(f"{path}: unigram next pointers do not cover the bigrams")
    tri_rec = np.arange(n3, dtype=np.int64) * long_bits
    tri_h2 = _bitfield(long_, tri_rec, word_bits)
    tri_p = long_p_tab[_bitfield(long_, tri_rec + word_bits, 16)]
    parent = np.repeat(np.arange(n2, dtype=np.int64), np.diff(bi_next))
    n3 = int(bi_next[-1])
    tri_rec = tri_rec[:n3]
    tri_h2, tri_p = tri_h2[:n3], tri_p[:n3]
    if len(parent) != n3:
        raise ValueError(f"{path}: bigram next pointers do not cover the trigrams")
    return _sorted(
        Ngrams(
            words=words,
            uni_p=ug["p"][:n1].astype(np.float64) * LOG10_BASE,
            uni_bo=ug["bo"][:n1].astype(np.float64) * LOG10_BASE,
            bi_h=bi_h1,
            bi_w=bi_w,
            bi_p=bi_p,
            bi_bo=bi_bo,
            tri_h2=tri_h2,
            tri_h1=bi_h1[parent],
            tri_w=bi_w[parent],
            tri_p=tri_p,
        )
    )


def _sorted(m: Ngrams) -> Ngrams:
    bo = np.lexsort((m.bi_w, m.bi_h))
    to = np.lexsort((m.tri_w, m.tri_h1, m.tri_h2))
    return replace(
        m,
        bi_h=m.bi_h[bo], bi_w=m.bi_w[bo], bi_p=m.bi_p[bo], bi_bo=m.bi_bo[bo],
        tri_h2=m.tri_h2[to], tri_h1=m.tri_h1[to], tri_w=m.tri_w[to], tri_p=m.tri_p[to],
    )  # fmt: skip


# --------------------------------------------------------------------------- reference scorer


def _lookup(keys: np.ndarray, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of each ``query`` in sorted ``keys`` and whether it is there."""
    idx = np.searchsorted(keys, query)
    idx_c = np.minimum(idx, max(len(keys) - 1, 0))
    found = (idx < len(keys)) & (keys[idx_c] == query) if len(keys) else np.zeros(len(query), bool)
    return idx_c, found


def katz(m: Ngrams, w: np.ndarray, h1: np.ndarray, h2: np.ndarray) -> np.ndarray:
    """log10 P(w | h2 h1) with Katz back-off; ``h1``/``h2`` are -1 where the history is shorter."""
    w, h1, h2 = (np.asarray(a, dtype=np.int64) for a in (w, h1, h2))
    n = np.int64(len(m.words))
    bi_keys = m.bi_h * n + m.bi_w
    tri_keys = (m.tri_h2 * n + m.tri_h1) * n + m.tri_w
    out = m.uni_p[w].copy()
    has1 = h1 >= 0
    i, f = _lookup(bi_keys, np.where(has1, h1, 0) * n + w)
    bigram = np.where(f, m.bi_p[i], m.uni_bo[np.maximum(h1, 0)] + out)
    out = np.where(has1, bigram, out)
    has2 = has1 & (h2 >= 0)
    ti, tf = _lookup(tri_keys, (np.maximum(h2, 0) * n + np.maximum(h1, 0)) * n + w)
    ci, cf = _lookup(bi_keys, np.maximum(h2, 0) * n + np.maximum(h1, 0))
    trigram = np.where(tf, m.tri_p[ti], np.where(cf, m.bi_bo[ci], 0.0) + bigram)
    return np.where(has2, trigram, out)


def random_queries(m: Ngrams, count: int, seed: int = 0) -> tuple[np.ndarray, ...]:
    """``count`` (w, h1, h2) queries: a third each present trigrams, present bigrams with a random
    older word, and random word triples (mostly back-off), plus unigram-only queries."""
    rng = np.random.default_rng(seed)
    k = count // 4
    t = rng.integers(0, len(m.tri_w), k)
    b = rng.integers(0, len(m.bi_w), k)
    v = len(m.words)
    w = np.concatenate([m.tri_w[t], m.bi_w[b], rng.integers(0, v, k), rng.integers(0, v, k)])
    h1 = np.concatenate([m.tri_h1[t], m.bi_h[b], rng.integers(0, v, k), np.full(k, -1)])
    h2 = np.concatenate([m.tri_h2[t], rng.integers(0, v, k), rng.integers(0, v, k), np.full(k, -1)])
    return w, h1, h2


def pocketsphinx_scores(m: Ngrams, w, h1, h2) -> np.ndarray:
    """The same queries answered by pocketsphinx itself (log10; its answers are rounded ints)."""
    import pocketsphinx

    lm = pocketsphinx.NGramModel(
        pocketsphinx.Config(loglevel="ERROR"), pocketsphinx.LogMath(1.0001), str(source_path())
    )
    out = np.empty(len(w))
    for i, (a, b, c) in enumerate(zip(w.tolist(), h1.tolist(), h2.tolist())):
        q = [m.words[x] for x in (a, b, c) if x >= 0]
        out[i] = lm.prob(q) * LOG10_BASE
    return out


# --------------------------------------------------------------------------- pruning


def restrict_vocabulary(m: Ngrams, keep: set[str]) -> Ngrams:
    """Keep only n-grams whose words are all in ``keep`` (plus <s> and </s>); renumber words in
    their original order. Unigram values stay as they were (no renormalisation)."""
    keep = set(keep) | {"<s>", "</s>"}
    mask = np.array([w in keep for w in m.words])
    new_id = np.cumsum(mask) - 1
    bk = mask[m.bi_h] & mask[m.bi_w]
    tk = mask[m.tri_h2] & mask[m.tri_h1] & mask[m.tri_w]
    return Ngrams(
        words=tuple(w for w, k in zip(m.words, mask) if k),
        uni_p=m.uni_p[mask], uni_bo=m.uni_bo[mask],
        bi_h=new_id[m.bi_h[bk]], bi_w=new_id[m.bi_w[bk]], bi_p=m.bi_p[bk], bi_bo=m.bi_bo[bk],
        tri_h2=new_id[m.tri_h2[tk]], tri_h1=new_id[m.tri_h1[tk]], tri_w=new_id[m.tri_w[tk]],
        tri_p=m.tri_p[tk],
    )  # fmt: skip


def prune(m: Ngrams, threshold: float) -> Ngrams:
    """Weighted-difference pruning: drop n-grams whose loss, weighted by how often they occur,
    is at most ``threshold``.

    The loss of an n-gram is |log10 P(w|h) - back-off estimate| (for a bigram also |its own
    back-off weight|, which queries in its context lose), weighted by the model's P(h, w):
    P(h1) P(w|h1) for bigrams, P(h2) P(h1|h2) P(w|h2 h1) for trigrams. A bigram that a kept
    trigram uses as context stays. Back-off weights are not renormalised. ``threshold = 0``
    drops only the trie's filler entries (exactly the back-off value, back-off weight 0).
    """
    n = len(m.words)
    nil = np.full(len(m.tri_w), -1)
    est3 = katz(m, m.tri_w, m.tri_h1, nil)
    ctx_i, ctx_f = _lookup(m.bi_h * n + m.bi_w, m.tri_h2 * n + m.tri_h1)
    est3 = est3 + np.where(ctx_f, m.bi_bo[ctx_i], 0.0)
    p_ctx = m.uni_p[m.tri_h2] + katz(m, m.tri_h1, m.tri_h2, nil)
    tk = 10 ** (p_ctx + m.tri_p) * np.abs(m.tri_p - est3) > threshold
    est2 = m.uni_bo[m.bi_h] + m.uni_p[m.bi_w]
    loss2 = np.maximum(np.abs(m.bi_p - est2), np.abs(m.bi_bo))
    used = np.zeros(len(m.bi_w), bool)
    used[ctx_i[tk & ctx_f]] = True
    bk = (10 ** (m.uni_p[m.bi_h] + m.bi_p) * loss2 > threshold) | used
    return replace(
        m,
        bi_h=m.bi_h[bk], bi_w=m.bi_w[bk], bi_p=m.bi_p[bk], bi_bo=m.bi_bo[bk],
        tri_h2=m.tri_h2[tk], tri_h1=m.tri_h1[tk], tri_w=m.tri_w[tk], tri_p=m.tri_p[tk],
    )  # fmt: skip


# --------------------------------------------------------------------------- quantisation


def quantiser(values: np.ndarray, bits: int) -> np.ndarray:
    """2**bits float32 levels: means of equal-count bins of the sorted values (as sphinxbase's
    make_bins does), ascending; empty bins repeat their neighbour."""
    levels = 1 << bits
    v = np.sort(values.astype(np.float64))
    if len(v) == 0:
        return np.zeros(levels, np.float32)
    edges = (np.arange(levels + 1, dtype=np.int64) * len(v)) // levels
    sums = np.concatenate([[0.0], np.cumsum(v)])
    counts = np.diff(edges)
    means = np.where(counts > 0, (sums[edges[1:]] - sums[edges[:-1]]) / np.maximum(counts, 1), np.nan)
    means = means.copy()
    for i in range(levels):  # fill empty bins (few) deterministically
        if np.isnan(means[i]):
            means[i] = means[i - 1] if i else v[0]
    return np.maximum.accumulate(means).astype(np.float32)


def encode(values: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """Index of the nearest level for each value (uint8 or uint16)."""
    lv = levels.astype(np.float64)
    mids = (lv[1:] + lv[:-1]) / 2
    codes = np.searchsorted(mids, values, side="left")
    return codes.astype(np.uint8 if len(levels) <= 256 else np.uint16)


# --------------------------------------------------------------------------- the shipped form


@dataclass(frozen=True)
class Built:
    """The shipped files' contents: ``files`` maps a file name to its bytes."""

    files: dict[str, bytes]
    header: dict


SPELLING_SUPPLEMENT = Path(__file__).resolve().parent.parent / "wordlists" / "spelling_variants.tsv"


def _spelling_supplement(path: Path = SPELLING_SUPPLEMENT) -> dict[str, str]:
    """British -> American pairs written by hand where breame has none (``#`` comments)."""
    pairs = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            british, american = line.split("\t")
            pairs[british.strip()] = american.strip()
    return pairs


def americanize_map(words: tuple[str, ...], uni_p: np.ndarray) -> list[tuple[str, str]]:
    """British -> American pairs from breame, kept where the LM knows the American spelling and
    finds it more probable than the British one (drops lexical swaps such as
    aeroplane -> airplane only when the LM disagrees)."""
    from breame.data.spelling_constants import BRITISH_ENGLISH_SPELLINGS

    index = {w: i for i, w in enumerate(words)}
    pairs = []
    table = dict(BRITISH_ENGLISH_SPELLINGS) | _spelling_supplement()
    for british, american in sorted(table.items()):
        british, american = british.lower(), american.lower()
        if british == american or " " in british or " " in american or american not in index:
            continue
        if british in index and uni_p[index[british]] >= uni_p[index[american]]:
            continue
        pairs.append((british, american))
    return pairs


def build(m: Ngrams, *, bits: int = DEFAULT_BITS, threshold: float = DEFAULT_THRESHOLD,
          vocabulary: set[str] | None = None, spelling: list[tuple[str, str]] | None = None,
          ) -> Built:  # fmt: skip
    """Prune ``m``, quantise it and lay it out as the files of the shipped model."""
    pruned = prune(restrict_vocabulary(m, vocabulary) if vocabulary else m, threshold)
    words = pruned.words + (UNK,)
    v = len(words)
    # Floor for unknown words: the rarest real unigram (ARPA's -99 marks <s>, never predicted).
    unk_floor = float(np.min(pruned.uni_p[pruned.uni_p > -90]))
    uni_p = np.concatenate([pruned.uni_p, [unk_floor]]).astype("<f4")
    uni_bo = np.concatenate([pruned.uni_bo, [0.0]]).astype("<f4")
    bi_keys = (pruned.bi_h * v + pruned.bi_w).astype("<u8")
    tri_keys = ((pruned.tri_h2 * v + pruned.tri_h1) * v + pruned.tri_w).astype("<u8")
    assert np.all(np.diff(bi_keys.astype(np.int64)) > 0) and np.all(np.diff(tri_keys.astype(np.int64)) > 0)
    bi_p_lv, bi_bo_lv, tri_p_lv = (quantiser(x, bits) for x in (pruned.bi_p, pruned.bi_bo, pruned.tri_p))
    offsets, slots = word_table(words)
    bi_blocks, tri_blocks = key_blocks.encode(bi_keys), key_blocks.encode(tri_keys)
    arrays = {
        "words": "\0".join(words).encode("utf-8"),
        "word_offsets": offsets, "word_slots": slots,
        "uni_p": uni_p, "uni_bo": uni_bo,
        "bi_keys": bi_keys, "tri_keys": tri_keys,
        **dict(zip(("bi_first", "bi_starts", "bi_deltas"), bi_blocks)),
        **dict(zip(("tri_first", "tri_starts", "tri_deltas"), tri_blocks)),
        "bi_p_levels": bi_p_lv.astype("<f4"), "bi_bo_levels": bi_bo_lv.astype("<f4"),
        "tri_p_levels": tri_p_lv.astype("<f4"),
        "bi_p": encode(pruned.bi_p, bi_p_lv), "bi_bo": encode(pruned.bi_bo, bi_bo_lv),
        "tri_p": encode(pruned.tri_p, tri_p_lv),
    }  # fmt: skip
    blobs, layout = _laid_out(arrays, FILES)
    assert set(layout) == set(arrays) - {"bi_keys", "tri_keys"}
    spelling = spelling if spelling is not None else []
    header = {
        "format": FORMAT,
        "version": "",
        "source": f"CMU Sphinx US-English trigram LM, en-us.lm.bin from PyPI {SOURCE_PACKAGE}",
        "license": "BSD-2-Clause (see NOTICE)",
        "spelling_source": f"PyPI {SPELLING_PACKAGE} (Apache-2.0), filtered by the LM",
        "units": "log10",
        "order": 3,
        "counts": {"words": v, "bigrams": len(bi_keys), "trigrams": len(tri_keys)},
        "source_counts": {"words": len(m.words), "bigrams": len(m.bi_w), "trigrams": len(m.tri_w)},
        "pruning": {"weighted_difference_threshold": threshold, "vocabulary": len(vocabulary) if vocabulary else None},
        "quantisation_bits": bits,
        "unknown": v - 1,
        "unknown_log10": unk_floor,
        "key": "bigram key = h1 * words + w; trigram key = (h2 * words + h1) * words + w; each table as "
               f"blocks of at most {key_blocks.BLOCK} keys spread below 2**32: first key (uint64), start "
               "(uint32, one more than blocks), each key's difference from its block's first (uint32)",
        "word_hash": "crc32 of the UTF-8 word, masked to the size of word_slots (a power of two), linear "
                     "probing; an empty slot holds 0xffffffff",
        "arrays": layout,
    }
    import hashlib

    digest = hashlib.sha256()
    for blob in _laid_out(arrays, CONTENT)[0].values():
        digest.update(blob)
    tsv = "".join(f"{b}\t{a}\n" for b, a in spelling).encode("utf-8")
    digest.update(tsv)
    header["version"] = f"cmu-en-us-5.1.1+{digest.hexdigest()[:12]}"
    files = {
        **{file: bytes(blob) for file, blob in blobs.items()},
        "lm.json": (json.dumps(header, indent=1, sort_keys=True) + "\n").encode("utf-8"),
        "americanize.tsv": tsv,
        "NOTICE": NOTICE.encode("utf-8"),
    }
    return Built(files=files, header=header)


def _laid_out(arrays: dict, files: dict[str, tuple[str, ...]]) -> tuple[dict[str, bytearray], dict[str, dict]]:
    """The files' contents with ``arrays`` laid out as ``files`` says (each 8-byte aligned), and
    the header's ``arrays`` entry of each."""
    blobs: dict[str, bytearray] = {}
    layout = {}
    for file, names in files.items():
        blob = blobs[file] = bytearray()
        for name in names:
            arr = arrays[name]
            blob.extend(b"\0" * (-len(blob) % 8))  # 8-byte alignment for every array
            raw = arr if isinstance(arr, bytes) else np.ascontiguousarray(arr).tobytes()
            dtype = "bytes" if isinstance(arr, bytes) else np.dtype(arr.dtype).str
            layout[name] = {"file": file, "offset": len(blob), "length": len(raw), "dtype": dtype}
            blob.extend(raw)
    return blobs, layout


def word_table(words: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """The vocabulary's look-up arrays: ``word_offsets`` (uint32, one more than the words: word
    ``i`` is ``words[off[i] : off[i + 1] - 1]`` of the NUL-separated blob) and ``word_slots``
    (uint32 ids in an open-addressing hash table of at least twice as many slots as words:
    ``zlib.crc32`` of the UTF-8 word, masked, then linear probing; empty ``0xffffffff``)."""
    import zlib

    encoded = [w.encode("utf-8") for w in words]
    offsets = np.zeros(len(words) + 1, dtype="<u4")
    offsets[1:] = np.cumsum([len(e) + 1 for e in encoded])
    size = 1 << max(4, (2 * len(words) - 1).bit_length())
    slots = np.full(size, 0xFFFFFFFF, dtype="<u4")
    mask = size - 1
    for i, e in enumerate(encoded):
        j = zlib.crc32(e) & mask
        while slots[j] != 0xFFFFFFFF:
            j = (j + 1) & mask
        slots[j] = i
    return offsets, slots


def write(built: Built, out: Path = OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, data in built.files.items():
        (out / name).write_bytes(data)


def stale(built: Built, out: Path = OUT) -> list[str]:
    """Names of shipped files that differ from ``built`` (empty when up to date)."""
    return [n for n, d in built.files.items() if not (out / n).is_file() or (out / n).read_bytes() != d]


def read_vocabulary(path: Path) -> set[str]:
    """One word per line (first tab-separated field); '#' lines and blanks skipped; lower-cased."""
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("\t")[0].strip().lower()
        if line and not line.startswith("#"):
            out.add(line)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 when the shipped files are stale")
    ap.add_argument("--verify", type=int, metavar="N", default=0,
                    help="compare N random queries with pocketsphinx and report the errors")
    ap.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                    help="weighted-difference pruning threshold (P(h,w) x log10 loss)")
    ap.add_argument("--bits", type=int, choices=(8, 16), default=DEFAULT_BITS)
    ap.add_argument("--vocabulary", type=Path, help="keep only n-grams over these words")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    m = read_trie(source_path())
    vocab = read_vocabulary(args.vocabulary) if args.vocabulary else None
    built = build(m, bits=args.bits, threshold=args.threshold, vocabulary=vocab,
                  spelling=americanize_map(m.words, m.uni_p))  # fmt: skip
    if args.verify:
        w, h1, h2 = random_queries(m, args.verify)
        ref = pocketsphinx_scores(m, w, h1, h2)
        parsed = np.abs(katz(m, w, h1, h2) - ref)
        print(f"parse vs pocketsphinx, {len(w)} queries: max abs error {parsed.max():.2e} log10")
        shipped = np.abs(shipped_scores(built, m, w, h1, h2) - ref)
        print(f"shipped (pruned, {args.bits}-bit) vs pocketsphinx: max {shipped.max():.4f}, "
              f"mean {shipped.mean():.4f}, p99 {np.quantile(shipped, 0.99):.4f} log10")  # fmt: skip
    if args.check:
        bad = stale(built, args.out)
        if bad:
            print(f"stale: {', '.join(bad)}; run python scripts/build_language_model.py", file=sys.stderr)
            return 1
        print("language model is up to date")
        return 0
    if not args.verify:
        write(built, args.out)
        c = built.header["counts"]
        print(f"wrote {args.out}: {c['words']} words, {c['bigrams']} bigrams, {c['trigrams']} trigrams, "
              f"{sum(len(d) for d in built.files.values()) / 1e6:.1f} MB")  # fmt: skip
    return 0


def shipped_scores(built: Built, m: Ngrams, w, h1, h2) -> np.ndarray:
    """Answer (w, h1, h2) queries (ids of ``m``) with the shipped files, through the runtime."""
    from textmend.language_model import LanguageModel

    lm = LanguageModel.from_files(built.files)
    new = np.array(lm.ids_exact(m.words))
    seqs = [[new[c], new[b], new[a]] if c >= 0 else ([new[b], new[a]] if b >= 0 else [new[a]])
            for a, b, c in zip(w.tolist(), h1.tolist(), h2.tolist())]  # fmt: skip
    return np.array(lm.logprob_many(seqs, [len(s) - 1 for s in seqs]))


if __name__ == "__main__":
    sys.exit(main())
