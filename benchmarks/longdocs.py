"""Long documents and short clean text: does the engine's verdict survive context?

- :func:`join_spun` joins spun and clean texts into one document, shifting gold offsets;
- :func:`long_documents` runs the three long-document checks of the engine v2 issue:
  20 spun articles joined into one against one by one; a spun article after 3 clean ones
  (restorations kept, edits in the clean part); ``examples/spun_article.txt`` 8 times;
- :func:`clean_sentences` repairs single clean sentences one at a time.

Every check takes an ``engine`` (``benchmarks.engine.Engine``), so v1 and v2 run the same one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

from .corpus import EXAMPLES, Doc
from .quality import RepairFailed, score_document
from .spinner import SpunText

SEPARATOR = "\n\n"
SPUN_EXAMPLE = EXAMPLES / "spun_article.txt"

# A sentence ends at . ! or ? (optionally followed by a closing quote or bracket) before
# whitespace and an upper-case letter, digit or opening quote; line breaks always end one.
_SENTENCE_END = regex.compile(
    r"""(?<=[.!?]['"\u2019\u201d)]?)   # end punctuation, maybe a closing quote
        [ \t]+                         # the space between sentences
        (?=['"\u2018\u201c(]?[\p{Lu}\d])  # next sentence: capital or digit, maybe quoted
      | \s*\n\s*                       # a line break always ends a sentence
    """, regex.VERBOSE)


def join_spun(parts: Sequence[SpunText | str], sep: str = SEPARATOR) -> SpunText:
    """One document of ``parts`` (spun texts, or clean ``str`` with no gold) joined by
    ``sep``; every gold substitution's offsets (spun and original) are shifted to its place in
    the joined text. ``content_words`` adds up those of the spun parts."""
    texts, originals, subs = [], [], []
    shift = orig_shift = words = 0
    for k, part in enumerate(parts):
        if k:
            shift += len(sep)
            orig_shift += len(sep)
        if isinstance(part, str):
            part = SpunText(part, part, (), 0)
        subs += [s._replace(start=s.start + shift, end=s.end + shift,
                            orig_start=s.orig_start + orig_shift, orig_end=s.orig_end + orig_shift)
                 for s in part.subs]
        texts.append(part.text)
        originals.append(part.original)
        shift += len(part.text)
        orig_shift += len(part.original)
        words += part.content_words
    return SpunText(sep.join(originals), sep.join(texts), tuple(subs), words)


def split_sentences(text: str, min_words: int = 5) -> list[str]:
    """The sentences of ``text`` with at least ``min_words`` whitespace-separated words."""
    return [s.strip() for s in _SENTENCE_END.split(text)
            if s and len(s.split()) >= min_words]


def _restored(spun: SpunText, result: Any) -> int:
    if isinstance(result, RepairFailed):
        return 0
    return sum(score_document(spun, result.edits).restored)


@dataclass
class LongDocReport:
    joined_articles: int = 0
    restored_one_by_one: int = 0
    restored_joined: int = 0
    after_clean_cases: int = 0
    restored_alone: int = 0
    restored_after_clean: int = 0
    edits_in_clean_part: int = 0
    clean_part_edits: Counter = field(default_factory=Counter)
    """(original, replacement) lower-cased of edits in the clean part."""
    copies: int = 0
    edits_one_copy: int = 0
    edits_all_copies: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def joined_kept(self) -> float:
        """Restorations of the joined document / restorations one by one (target >= 0.9)."""
        return self.restored_joined / self.restored_one_by_one if self.restored_one_by_one else float("nan")

    @property
    def after_clean_kept(self) -> float:
        """Restorations after 3 clean articles / alone (target >= 0.9)."""
        return self.restored_after_clean / self.restored_alone if self.restored_alone else float("nan")

    @property
    def copies_ratio(self) -> float:
        """Edits of ``copies`` concatenated copies / (``copies`` x edits of one; target 1)."""
        den = self.copies * self.edits_one_copy
        return self.edits_all_copies / den if den else float("nan")


def long_documents(engine: Any, spuns: Sequence[SpunText], clean: Sequence[Doc], *,
                   joined: int = 20, after_clean: int = 10, copies: int = 8,
                   jobs: int = 1) -> LongDocReport:
    """The three long-document checks on ``engine``.

    ``spuns`` are spun benchmark articles (the first ``joined`` are joined; the first
    ``after_clean`` each follow 3 clean articles from ``clean``, taken in turn and never the
    article's own clean text); ``copies`` copies of ``examples/spun_article.txt``.
    """
    report = LongDocReport()
    batch: list[str] = []
    plan: list[tuple[str, Any]] = []

    parts = list(spuns[:joined])
    report.joined_articles = len(parts)
    for s in parts:
        plan.append(("alone", s))
    whole = join_spun(parts)
    plan.append(("joined", whole))

    originals = {s.original for s in spuns}
    pool = [d.text for d in clean if d.text not in originals] or [d.text for d in clean]
    cases = []
    for i, s in enumerate(spuns[:after_clean]):
        prefix = [pool[(3 * i + k) % len(pool)] for k in range(3)]
        doc = join_spun([*prefix, s])
        offset = len(doc.text) - len(s.text)
        cases.append((s, doc, offset))
        plan.append(("after", doc))
    report.after_clean_cases = len(cases)

    if SPUN_EXAMPLE.is_file() and copies:
        one = SPUN_EXAMPLE.read_text(encoding="utf-8")
        report.copies = copies
        plan.append(("copy1", one))
        plan.append(("copies", SEPARATOR.join([one] * copies)))

    batch = [item.text if isinstance(item, SpunText) else item for _, item in plan]
    results = engine.repair_many(batch, jobs=jobs)
    by_spun = {}
    for (what, item), result in zip(plan, results):
        if isinstance(result, RepairFailed):
            report.errors.append(f"{what}: {result.error}")
        if what == "alone":
            n = _restored(item, result)
            report.restored_one_by_one += n
            by_spun[id(item)] = n
        elif what == "joined":
            report.restored_joined = _restored(item, result)
        elif what == "copy1":
            report.edits_one_copy = 0 if isinstance(result, RepairFailed) else len(result.edits)
        elif what == "copies":
            report.edits_all_copies = 0 if isinstance(result, RepairFailed) else len(result.edits)
    after_results = [r for (what, _), r in zip(plan, results) if what == "after"]
    alone_missing = [s for s, _, _ in cases if id(s) not in by_spun]
    if alone_missing:
        for s, r in zip(alone_missing, engine.repair_many([s.text for s in alone_missing], jobs=jobs)):
            by_spun[id(s)] = _restored(s, r)
    for (s, doc, offset), result in zip(cases, after_results):
        report.restored_alone += by_spun[id(s)]
        report.restored_after_clean += _restored(doc, result)
        if not isinstance(result, RepairFailed):
            for e in result.edits:
                if e.start < offset:
                    report.edits_in_clean_part += 1
                    report.clean_part_edits[(e.original.lower(), e.replacement.lower())] += 1
    return report


@dataclass
class SentenceReport:
    sentences: int = 0
    with_edits: int = 0
    edits: int = 0
    flagged: int = 0
    """Sentences with ``spin_score >= threshold`` (what ``check`` would flag)."""
    false_edits: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)


def clean_sentences(engine: Any, docs: Sequence[Doc], count: int = 600, *, jobs: int = 1,
                    threshold: float = 0.5) -> SentenceReport:
    """Repair up to ``count`` clean sentences one at a time (taken in turn from each doc, so
    they come from many articles) and count those that get any edit (target 0)."""
    per_doc = [split_sentences(d.text) for d in docs]
    sentences: list[str] = []
    depth = 0
    while len(sentences) < count and any(depth < len(s) for s in per_doc):
        for s in per_doc:
            if depth < len(s) and len(sentences) < count:
                sentences.append(s[depth])
        depth += 1
    report = SentenceReport(sentences=len(sentences))
    for result in engine.repair_many(sentences, jobs=jobs):
        if isinstance(result, RepairFailed):
            report.errors.append(result.error)
            continue
        report.with_edits += bool(result.edits)
        report.edits += len(result.edits)
        report.flagged += result.spin_score >= threshold
        for e in result.edits:
            report.false_edits[(e.original.lower(), e.replacement.lower())] += 1
    return report
