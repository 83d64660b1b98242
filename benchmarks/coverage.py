#!/usr/bin/env python3
"""Coverage of the spinner channel on the benchmark spinners; writes benchmarks/COVERAGE.md.

For each benchmark spinner (``benchmarks/spinner.py``: ``mythes``, ``aiksaurus``, and
``function-words``, ``benchmarks/function_spinner.py``), the
first ``--limit`` articles of the development corpus are spun at ``--rate``, and for each
gold substitution the spun form is looked up in the channel (``textmend.channel``):

- *covered*: the original (``phrase_key``) is among the spun form's candidates; for a
  substitution that also changed the article ("a sign" -> "an indication") the word after
  the article is looked up;
- *top 3*: it is among the 3 best-weighted candidates (the channel alone, no context);
- *candidates*: the median number of candidates of a gold spun form (0 when it has none).

Each spinner is reported with the full channel and leave-one-source-out (its own
thesaurus excluded: ``mythes`` for the MyThes spinner; Aiksaurus is no source of the
channel, nor is the function-word spinner's own table, so their full rows are already
leave-one-source-out), and with the curated
packs alone (every thesaurus excluded) for reference.

Usage: python benchmarks/coverage.py [--limit 100] [--rate 0.3] [--output FILE]
Needs the corpus (``TEXTMEND_CORPUS`` or ``../shared/corpus/news-dev.jsonl``), the
spinner's thesaurus (Debian ``mythes-en-us``, ``libaiksaurus-1.2-data``) and the ``bench``
extra.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import corpus, spinner  # noqa: E402
from textmend.channel import THESAURI, get_channel  # noqa: E402
from textmend.tokenize import phrase_key  # noqa: E402

OWN_SOURCE = {"mythes": frozenset({"mythes"}), "aiksaurus": frozenset(), "function-words": frozenset()}
"""The channel sources each spinner draws on (left out for the honest row)."""


def measure(channel, subs) -> dict[str, float]:
    covered = top3 = 0
    sizes = []
    for spun, original in subs:
        cands = channel.candidates(spun)
        originals = [c.original for c in cands]
        sizes.append(len(cands))
        if original in originals:
            covered += 1
            if original in originals[:3]:
                top3 += 1
    n = max(1, len(subs))
    return {"n": len(subs), "covered": covered / n, "top3": top3 / n,
            "median": statistics.median(sizes) if sizes else 0}


_COLD = """
import time
import textmend.channel as c
t0 = time.perf_counter()
ch = c.get_channel()
ch.candidates("troopers")
t1 = time.perf_counter()
for word in open(__import__("sys").argv[1], encoding="utf-8").read().split():
    ch.candidates(word)
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
print(t1 - t0, hwm)
"""


def timing(docs) -> dict[str, float]:
    """Cold load (fresh interpreter: import of textmend.channel, open the three packs, one
    lookup), peak RSS of that process, and the mean time per lookup over every span of
    1-5 words of ``docs`` that ``lengths`` allows (each distinct span looked up once, as
    the engine's per-form cache would)."""
    import subprocess

    import tempfile

    colds, rss = [], 0
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write(" ".join(doc.text.lower() for doc in docs))
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", _COLD, handle.name], capture_output=True,
                             text=True, check=True, cwd=ROOT).stdout.split()
        colds.append(float(out[0]))
        rss = max(rss, int(out[1]))
    from textmend.channel import Channel
    from textmend.tokenize import words

    channel = Channel()
    spans = []
    for doc in docs:
        toks = words(doc.text)
        for i, tok in enumerate(toks):
            for n in channel.lengths(tok):
                spans.append(" ".join(toks[i:i + n]))
    distinct = list(dict.fromkeys(spans))
    t0 = time.perf_counter()
    for span in distinct:
        channel.candidates(span)
    per = (time.perf_counter() - t0) / max(1, len(distinct))
    cached = Channel()
    t0 = time.perf_counter()
    for span in spans:
        cached.candidates(span)
    per_cached = (time.perf_counter() - t0) / max(1, len(spans))
    return {"cold_ms": 1000 * statistics.median(colds), "rss_mb": rss / 1024,
            "lookup_us": 1e6 * per, "spans": len(distinct), "all_spans": len(spans),
            "cached_us": 1e6 * per_cached}


def gold(name: str, docs, rate: float) -> list[tuple[str, str]]:
    """(spun key, original key) of every gold substitution of the spinner ``name``."""
    spin = spinner.default_spinner(name)
    out = []
    for doc in docs:
        for sub in spin.spin(doc.text, rate, seed=0, key=doc.id).subs:
            s, o = phrase_key(sub.spun), phrase_key(sub.original)
            st, ot = s.split(), o.split()
            if len(st) == 2 and len(ot) == 2 and st[0] in ("a", "an") and ot[0] in ("a", "an"):
                s, o = st[1], ot[1]
            out.append((s, o))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=100, help="articles (default: %(default)s)")
    ap.add_argument("--rate", type=float, default=0.3)
    ap.add_argument("--spinners", default="mythes,aiksaurus,function-words")
    ap.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "COVERAGE.md")
    ap.add_argument("--channel-dir", type=Path, default=None,
                    help="measure the packs in this folder instead of the shipped ones")
    args = ap.parse_args(argv)
    if not corpus.corpus_available():
        print(f"error: corpus not found at {corpus.CORPUS} (set TEXTMEND_CORPUS)", file=sys.stderr)
        return 2
    docs = corpus.load_corpus(args.limit)
    packs = ("general", "news", "science")
    if args.channel_dir:
        packs = tuple(str(args.channel_dir / f"{p}.sqlite") for p in packs)
    full = get_channel(packs)
    rows = []
    for name in args.spinners.split(","):
        missing = spinner.missing_requirements(name)
        if missing:
            print(f"skipping {name}: {'; '.join(missing)}", file=sys.stderr)
            continue
        subs = gold(name, docs, args.rate)
        variants = [("full channel", frozenset())]
        if OWN_SOURCE[name]:
            variants.append((f"without {', '.join(sorted(OWN_SOURCE[name]))}", OWN_SOURCE[name]))
        variants.append(("curated packs only", frozenset(THESAURI)))
        for label, exclude in variants:
            channel = get_channel(packs, exclude_sources=exclude) if exclude else full
            rows.append((name, label, measure(channel, subs)))
            r = rows[-1][2]
            print(f"{name:10} {label:22} n={r['n']} covered={r['covered']:.3f} "
                  f"top3={r['top3']:.3f} median={r['median']}", file=sys.stderr)
    t = timing(docs[:20])
    print(f"timing: {t}", file=sys.stderr)
    meta = full._packs[0].meta  # noqa: SLF001 - the report names the build it measured
    lines = [
        "# Channel coverage on the benchmark spinners",
        "",
        f"Generated by `python benchmarks/coverage.py --limit {args.limit} --rate {args.rate}` "
        f"on {time.strftime('%Y-%m-%d')}: the first {len(docs)} articles of the development "
        f"corpus, spun at rate {args.rate}. Channel build: pruning `max_rarer` "
        f"{meta.get('max_rarer')}, sources {meta.get('source_versions')}.",
        "",
        "*covered*: share of gold swaps whose original is a candidate of the spun form; "
        "*top 3*: among its 3 best-weighted candidates (channel alone, no context); "
        "*median*: median number of candidates per gold spun form.",
        "",
        "| spinner | channel | gold swaps | covered | top 3 | median candidates |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for name, label, r in rows:
        lines.append(f"| {name} | {label} | {r['n']:,} | {100 * r['covered']:.1f}% | "
                     f"{100 * r['top3']:.1f}% | {r['median']:g} |")
    sizes = sum((ROOT / "src" / "textmend" / "data" / "channel" / f"{p}.sqlite").stat().st_size
                for p in ("general", "news", "science"))
    lines += [
        "",
        "## Speed, memory and size",
        "",
        f"- cold load (fresh interpreter, after `import textmend`: open the three packs and one "
        f"lookup), median of 5: {t['cold_ms']:.0f} ms;",
        f"- peak RSS (VmHWM) of that process after also looking up every word of the first 20 "
        f"articles: {t['rss_mb']:.0f} MB (the whole process, the rest of textmend included);",
        f"- lookup, mean over all {t['all_spans']:,} spans (1-5 words, as `lengths` allows) of "
        f"the first 20 articles in text order, with the per-form cache: {t['cached_us']:.1f} µs; "
        f"uncached, mean over the {t['spans']:,} distinct spans: {t['lookup_us']:.1f} µs;",
        f"- pack files: {sizes / 1e6:.1f} MB on disk (`pip wheel .` for the zip-deflated size).",
        "",
        "Pruning was chosen on an earlier build (before lone generated whole-lemma pairs were pruned "
        "like lone thesaurus pairs), on these 60 articles, by building variants "
        "(`scripts/build_channel.py --max-rarer X -o DIR`, then `--channel-dir DIR`): `--max-rarer 1.5` "
        "alone, without the frequency floors and the lone-thesaurus rule (3.7M pairs, 15.3 MB zipped): "
        "MyThes spinner without MyThes 92.2%, Aiksaurus 80.1%, median 90 / 110 candidates; the rules "
        "then shipped (1.8M pairs): 91.4% / 79.7%; `--max-rarer 0.5` with the floors, without the "
        "lone-thesaurus rule: 83.3% / 63.9%. Truncating the candidate list to its best 40 by channel "
        "weight cost 4 and 38 points (87.5% / 41.9%), so nothing is truncated.",
        "",
        "The MyThes spinner draws on MyThes, which is also a source of the channel: the row "
        "without it is the honest one. Aiksaurus (GPL) is no source of the channel, and the "
        "function-word spinner (`benchmarks/function_spinner.py`) has its own table, written apart "
        "from the `general` pack's rules, so their full rows are already leave-one-source-out.",
        "",
        "This is the channel alone. The issue's coverage target (the original among a finding's top 3 "
        "alternatives, with context) is the *detection recall* of `benchmarks/RESULTS.md`.",
        "",
    ]
    args.output.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
