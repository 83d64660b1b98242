#!/usr/bin/env python3
"""Tortured-phrase benchmark: listed phrases, a held-out split by term, clean science text.

Usage::

    python benchmarks/tortured.py                 # all parts, Markdown to stdout
    python benchmarks/tortured.py --part heldout  # listed | heldout | clean (prose paragraphs and whole docstrings)
    python benchmarks/tortured.py --limit 200     # at most 200 phrases per set (quick look)

Needs ``../shared/data/pps-dev.tsv`` (the held-out part; skipped when absent), the shipped
channel and LM, and for ``clean`` scikit-learn, scipy and statsmodels installed (their
docstrings are the clean text, read from the installed packages at run time).

The split (documented in ``benchmarks/README.md``): a term is in the *built* part when
``sha1(term) % 10 < 7``, else *unseen*. Of each built term with two or more listed variants,
the variant with the smallest ``sha1`` is held out as a *new variant*. The known terms and
listed phrases are rebuilt in memory from the built part only (plus WordNet and the curated
term files), the channel's ``mined`` source (mined from the whole dev list) is left out,
and the built part's phrases are aligned word by word into extra word pairs in its place.

Each phrase is placed in hand-written sentence frames (``FRAMES``), chosen by hash. A phrase
is *exact* when the repaired sentence is the frame holding its term (case following the
span) and *detected* when an applied edit overlaps it; *precision* is exact / phrases with an
applied edit overlapping them. Other words of the frame that changed are counted apart.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import math
import sys
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import build_terms  # noqa: E402

import textmend  # noqa: E402
from textmend import tortured  # noqa: E402
from textmend.channel import get_channel, priors  # noqa: E402
from textmend.rewrite import match_case  # noqa: E402
from textmend.tokenize import phrase_key  # noqa: E402

from benchmarks.worker import replace_get_channel  # noqa: E402

detect = importlib.import_module("textmend.detect")
"""The module: ``from textmend import detect`` gives the API function of that name, and patching
``get_channel`` on it changed nothing (the ``mined`` source stayed in, before 2026-11-30)."""

DEV = ROOT.parent.parent / "shared" / "data" / "pps-dev.tsv"
if not DEV.exists():
    DEV = Path("/work/shared/data/pps-dev.tsv")
BUILT_SHARE = 7  # of 10

FRAMES = (
    "In this study, we apply {} to the classification of retinal images.",
    "{} was used to estimate the parameters of the model.",
    "The results show that {} improves accuracy on both data sets.",
    "We compare {} with two baselines on the benchmark.",
    "Recent work on {} has focused on small samples.",
    "The proposed method relies on {} and a simple threshold.",
    "Table 2 reports the effect of {} on the measured outcome.",
    "To reduce the error, the authors combine {} with feature scaling.",
    "{} is widely studied in the literature on sensor networks.",
    "Our analysis of {} reveals a strong seasonal pattern.",
    "Patients were grouped according to {} before the trial began.",
    "The second section reviews {} and its applications in medicine.",
    "A key limitation of {} is the cost of labelled data.",
    "These findings suggest that {} plays an important role in the process.",
    "We measured {} in each sample at three time points.",
    "Figure 3 illustrates how {} changes with temperature.",
    "The framework integrates {} into an existing pipeline.",
    "Earlier studies reported that {} was associated with lower risk.",
    "Using {}, the team evaluated forty samples from two sites.",
    "The performance of {} depends on the choice of parameters.",
)


def _h(text: str) -> int:
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16)


def read_dev(path: Path = DEV) -> list[tuple[str, str]]:
    return build_terms.read_listed(path)


def split(pairs: list[tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """``built`` / ``new_variant`` / ``unseen`` pairs (see the module docstring)."""
    by_term: dict[str, list[str]] = defaultdict(list)
    for spun, term in pairs:
        by_term[term].append(spun)
    out: dict[str, list[tuple[str, str]]] = {"built": [], "new_variant": [], "unseen": []}
    for term in sorted(by_term):
        spuns = sorted(set(by_term[term]))
        if _h(term) % 10 >= BUILT_SHARE:
            out["unseen"] += [(s, term) for s in spuns]
            continue
        held = min(spuns, key=_h) if len(spuns) >= 2 else None
        for s in spuns:
            out["new_variant" if s == held else "built"].append((s, term))
    return out


def aligned_synonyms(pairs: list[tuple[str, str]]) -> dict[str, dict[str, float]]:
    """Word pairs of same-length (spun, term) pairs, weighted like the channel's mined source:
    log10(pi_mined / n(o)), n(o) the distinct spun words aligned to original o."""
    spun_of: dict[str, set[str]] = defaultdict(set)
    for spun, term in pairs:
        s, t = spun.split(" "), term.split(" ")
        if len(s) == len(t):
            for a, b in zip(s, t):
                if a != b:
                    spun_of[b].add(a)
    pi = priors().get("mined", 0.3)
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for original, spuns in spun_of.items():
        for s in spuns:
            out[s][original] = math.log10(pi / len(spuns))
    return dict(out)


def use_heldout_build(built: list[tuple[str, str]]) -> None:
    """Point the engine at terms and pairs built from ``built`` only, without mined pairs."""
    terms, listed = build_terms.build(built, build_terms.read_curated(), build_terms.read_wordnet())
    tortured.set_terms(tortured.Terms(terms, listed, tortured.get_priors(), aligned_synonyms(built),
                                      ordinary=build_terms.read_ordinary()))
    # every module that looks the channel up, the re-check rounds' too (benchmarks.worker)
    replace_get_channel(lambda packs, exclude=frozenset({"mined"}): get_channel(tuple(packs), exclude), get_channel)


def place(spun: str, index: int) -> tuple[str, int, int]:
    """(sentence, start, end) of ``spun`` in frame ``index`` (capitalised at a sentence start)."""
    frame = FRAMES[index % len(FRAMES)]
    at = frame.index("{}")
    phrase = spun[:1].upper() + spun[1:] if at == 0 else spun
    return frame.replace("{}", phrase), at, at + len(phrase)


def measure(pairs: list[tuple[str, str]], frames_per_phrase: int = 2) -> dict[str, float]:
    counts = dict(n=0, exact=0, detected=0, other_edits=0, other_words=0)
    for spun, term in pairs:
        for k in range(frames_per_phrase):
            text, start, end = place(spun, _h(spun) + k)
            expected = text[:start] + match_case(text[start:end], term) + text[end:]
            result = textmend.repair(text)
            counts["n"] += 1
            touching = [e for e in result.edits if e.start < end and start < e.end]
            counts["detected"] += bool(touching)
            counts["exact"] += result.text == expected or (
                bool(touching) and _phrase_restored(result, text, start, end, term)
            )
            counts["other_edits"] += sum(1 for e in result.edits if e.end <= start or e.start >= end)
            counts["other_words"] += len(text.split()) - len(spun.split())
    n = max(counts["n"], 1)
    return {
        "placements": counts["n"],
        "exact": counts["exact"] / n,
        "detected": counts["detected"] / n,
        "precision": counts["exact"] / max(counts["detected"], 1),
        "frame edits per 1,000 frame words": 1000 * counts["other_edits"] / max(counts["other_words"], 1),
    }


def _phrase_restored(result, text: str, start: int, end: int, term: str) -> bool:
    """The phrase's region reads as the term after the edits (other words may differ)."""
    inside = [e for e in result.edits if e.start < end and start < e.end]
    if any(e.start < start or e.end > end for e in inside):
        return False
    out = text[start:end]
    for e in sorted(inside, key=lambda e: -e.start):
        out = out[: e.start - start] + e.replacement + out[e.end - start :]
    return phrase_key(out) == phrase_key(term)


CLEAN_MODULES = ("sklearn.linear_model", "sklearn.ensemble", "sklearn.cluster", "sklearn.decomposition",
                 "sklearn.metrics", "sklearn.preprocessing", "scipy.stats", "scipy.optimize", "scipy.signal",
                 "statsmodels.api", "statsmodels.tsa.api")
"""The packages whose docstrings are the clean science set (``benchmarks/fit_terms.py`` reads others)."""


def module_docstrings(modules: Sequence[str]) -> Iterator[str]:
    """The docstrings of the installed ``modules``' attributes, in module and attribute order, each
    object once per module; modules not installed are skipped."""
    import inspect

    for package in modules:
        try:
            mod = importlib.import_module(package)
        except ImportError:
            continue
        seen: set[int] = set()
        for name in sorted(dir(mod)):
            try:
                obj = getattr(mod, name, None)
            except Exception:  # noqa: BLE001 - lazy module attributes may raise anything
                continue
            if obj is None or id(obj) in seen:
                continue
            seen.add(id(obj))
            doc = inspect.getdoc(obj)
            if doc:
                yield doc


def docstring_paragraphs(modules: Sequence[str], max_words: int, *, exclude: frozenset[str] = frozenset(),
                         unique: bool = False) -> list[str]:
    """Prose paragraphs of the installed ``modules``' docstrings (:func:`module_docstrings`):
    12 words or more, ending in a full stop, with no code characters. Paragraphs in ``exclude``
    are left out, and with ``unique`` each text is kept once. At most about ``max_words`` words
    (the paragraph that reaches it is kept)."""
    out: list[str] = []
    seen_text: set[str] = set(exclude)
    words = 0
    for doc in module_docstrings(modules):
        for para in doc.split("\n\n"):
            flat = " ".join(para.split())
            if (len(flat.split()) < 12 or not flat.endswith(".") or flat in seen_text
                    or any(c in flat for c in "`=<>{}[]$\\|:_()")):
                continue
            if unique:
                seen_text.add(flat)
            out.append(flat)
            words += len(flat.split())
            if words >= max_words:
                return out
    return out


def whole_docstrings(modules: Sequence[str] = CLEAN_MODULES, max_words: int = 60000) -> list[str]:
    """The whole docstrings (each text once) of the installed ``modules`` (:func:`module_docstrings`):
    prose with its inline code, parameter lists, reST roles and doctest examples, as a user repairs
    them. At most about ``max_words`` words (the docstring that reaches it is kept)."""
    out: list[str] = []
    seen: set[str] = set()
    words = 0
    for doc in module_docstrings(modules):
        if doc in seen:
            continue
        seen.add(doc)
        out.append(doc)
        words += len(doc.split())
        if words >= max_words:
            return out
    return out


def clean_paragraphs(max_words: int = 30000) -> list[str]:
    """Prose paragraphs of the docstrings of scikit-learn, scipy and statsmodels (installed)."""
    return docstring_paragraphs(CLEAN_MODULES, max_words)


def measure_clean(paragraphs: list[str]) -> dict[str, float]:
    words = sum(len(p.split()) for p in paragraphs)
    edits: dict[str, int] = defaultdict(int)
    examples: list[str] = []
    for p in paragraphs:
        for e in textmend.repair(p).edits:
            edits[e.rule] += 1
            if e.rule in ("tortured", "term") and len(examples) < 10:
                examples.append(f"{e.original!r} -> {e.replacement!r}")
    out = {"words": words, "all edits per 1,000 words": 1000 * sum(edits.values()) / max(words, 1)}
    out["tortured/term edits per 1,000 words"] = 1000 * (edits["tortured"] + edits["term"]) / max(words, 1)
    out["examples"] = examples  # type: ignore[assignment]
    out["all edits by rule"] = [f"{rule} {n}" for rule, n in sorted(edits.items())]  # type: ignore[assignment]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("listed", "heldout", "clean"), action="append")
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args(argv)
    parts = args.part or ["listed", "heldout", "clean"]
    rows: list[tuple[str, dict]] = []
    if "clean" in parts:
        rows.append(("clean science docstrings (shipped data)", measure_clean(clean_paragraphs())))
        rows.append(("whole clean science docstrings, code included (shipped data)",
                     measure_clean(whole_docstrings())))
    if "listed" in parts:
        listed = sorted(set(build_terms.shipped_listed()), key=lambda p: _h(p[0]))  # less tortured_ordinary.txt
        rows.append(("listed phrases (shipped pack)", measure(listed[: args.limit or None], 1)))
    if "heldout" in parts:
        if not DEV.exists():
            print(f"tortured: {DEV} absent, held-out part skipped", file=sys.stderr)
        else:
            sets = split(read_dev())
            use_heldout_build(sets["built"])
            for name in ("new_variant", "unseen"):
                chosen = sorted(sets[name], key=lambda p: _h(p[0]))[: args.limit or None]
                rows.append((f"held out: {name} ({len(sets[name])} phrases)", measure(chosen)))
            tortured.set_terms(None)
    for name, row in rows:
        print(f"### {name}\n")
        for k, v in row.items():
            if isinstance(v, list):
                print(f"- {k}: " + ("; ".join(v) or "none"))
            else:
                print(f"- {k}: {v:.3f}" if isinstance(v, float) else f"- {k}: {v}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
