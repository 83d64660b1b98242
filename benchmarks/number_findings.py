"""Number findings on the fit mixture: why the ``number`` rule never applies (issue 10, item 7).

    TEXTMEND_CORPUS=../shared/corpus/news-dev.jsonl python benchmarks/number_findings.py --samples /tmp/samples.pickle

A diagnosis, not the benchmark. It observes the fit split's training mixture exactly as
``benchmarks/fit.py`` does (:func:`benchmarks.fit.cached_collect`; ``--samples`` shares the pickle
with ``fit.py --samples``), decides every document under the shipped parameters and keeps each
finding whose rule is ``number`` (a change of number form, ``textmend.detect._number_style``).

It prints, for findings in spun and in clean documents (documents weighted as the fit weighs them):

- how often the replacement is the author's word, by bins of the uncalibrated posterior;
- the findings at posterior >= 0.5 in spun documents by the digit's context (:func:`context_class`):
  a "%" after it, a currency sign before it, a capitalised word inside the sentence before it (a
  name: "PlayStation 3"), the number 10 (news style writes 10 and up in digits), or none of these;
- the precision by posterior bin of the findings with none of those contexts;
- the findings applied (confidence >= ``Config.threshold``), right and wrong, in spun and in clean
  documents.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import fit  # noqa: E402
from benchmarks.corpus import load_texts  # noqa: E402
from textmend.config import DEFAULT_CONFIG  # noqa: E402
from textmend.detect import NUMBER_GROUP, decide  # noqa: E402
from textmend.parameters import get_parameters  # noqa: E402

CURRENCY = "$£€¥#"
_PREVIOUS_WORD = re.compile(r"(\S+)\s+$")


def context_class(text: str, start: int, end: int, key: str) -> str:
    """What makes the digit ``text[start:end]`` (spun key ``key``) the author's style, or "none"."""
    if key == "10":
        return "ten"
    if end < len(text) and text[end] == "%":
        return "percent"
    if start > 0 and text[start - 1] in CURRENCY:
        return "currency"
    before = text[max(0, start - 40) : start]
    match = _PREVIOUS_WORD.search(before)
    if match:
        word, rest = match.group(1), before[: match.start()].rstrip()
        if word[:1].isupper() and word[-1].isalpha() and rest and rest[-1] not in ".!?\n\"'\u201c":
            return "name"
    return "none"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=Path, default=None, help="observed mixture pickle (as fit.py --samples)")
    parser.add_argument("--limit", type=int, default=None, help="the first N articles of the fit split")
    parser.add_argument("--spinners", default="mythes,aiksaurus,function-words")
    args = parser.parse_args(argv)
    params = get_parameters()
    docs = fit.fit_split(load_texts(None).docs)[: args.limit]
    spinners = args.spinners.split(",")
    samples = fit.cached_collect(args.samples, docs, spinners, params.max_candidates)
    texts = [t for t, _, _ in fit.training_mixture(docs, spinners)]
    bins: dict[str, dict[int, list[float]]] = {k: defaultdict(lambda: [0.0, 0.0]) for k in ("spun", "clean", "none")}
    classes: Counter = Counter()
    applied: Counter = Counter()
    for sample, text in zip(samples, texts):
        obs = sample.observations
        gold = {(o.start, o.end): g for o, g in zip(obs.items, sample.labels)}
        spun = any(g is not None for g in sample.labels)
        for f in decide(obs, params).findings:
            if f.rule != NUMBER_GROUP:
                continue
            right = gold.get((f.start, f.end)) == f.replacement
            if f.confidence >= DEFAULT_CONFIG.threshold:
                applied["spun" if spun else "clean", right] += sample.weight
            b = min(int(f.posterior * 10), 9)
            cell = bins["spun" if spun else "clean"][b]
            cell[0] += sample.weight
            cell[1] += sample.weight * right
            if spun:
                kind = context_class(text, f.start, f.end, f.key)
                if f.posterior >= 0.5:
                    classes[kind, right] += 1
                if kind == "none":
                    bins["none"][b][0] += 1
                    bins["none"][b][1] += right
    print(f"{len(samples)} documents, shipped parameters ({params.fitted_on.get('date', '?')})")
    print("\n| findings | " + " | ".join(f"{b / 10:.1f}-" for b in range(10)) + " |")
    print("|---|" + "---|" * 10)
    for name, label in (("spun", "spun documents"), ("clean", "clean documents (weight 4)"),
                        ("none", "spun documents, context none")):
        cells = [bins[name].get(b) for b in range(10)]
        print(f"| {label} | " + " | ".join(f"{c[1] / c[0]:.2f} ({c[0]:.0f})" if c and c[0] else "" for c in cells)
              + " |")
    print("\nposterior >= 0.5 in spun documents, by context: right / wrong")
    for kind in ("percent", "currency", "name", "ten", "none"):
        print(f"  {kind}: {classes[kind, True]} / {classes[kind, False]}")
    print(f"\napplied (confidence >= {DEFAULT_CONFIG.threshold}), weighted: right / wrong")
    for kind in ("spun", "clean"):
        print(f"  {kind} documents: {applied[kind, True]:.0f} / {applied[kind, False]:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
