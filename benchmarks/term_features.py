"""Screen candidate features of the ``term`` rule's model on the rows of its fit (issue 12).

    python benchmarks/term_features.py --samples /tmp/x_samples.pickle --rows /tmp/x_rows.pickle \\
        --articles 555,671,846,885

Collects the rows of ``benchmarks/fit_terms.py`` (the same positives, clean frames, docstrings
and news findings as ``python benchmarks/fit.py --terms``; ``--samples`` is ``fit.py``'s
observed news mixture; the rows are kept in ``--rows`` and reused) and, for each candidate in
:data:`CANDIDATES` (the shipped features plus one or two more, read from ``Row.features`` and
``Row.detail``), prints the 5-fold held-out weighted log-loss and the findings at confidence
>= 0.75 per set (folds by text, as ``fit_terms.cross_validated``): ``variant`` right / wrong is
what the tortured benchmark's new variants can gain, ``news`` wrong what clean and spun news can
lose. ``--articles`` (1-based lines of ``TEXTMEND_CORPUS``, clean news) adds the confidence each
candidate model, fitted on all rows, gives to their ``term`` findings that the shipped model puts
at 0.5 or more. Nothing is written to ``data/``.
"""

from __future__ import annotations

import argparse
import json
import math
import pickle
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _p in (ROOT, ROOT / "src", ROOT / "benchmarks"):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

import fit_terms  # noqa: E402

from textmend import term_model  # noqa: E402
from textmend.confidence import fit as logistic_fit  # noqa: E402
from textmend.parameters import Parameters, get_parameters  # noqa: E402

Extra = Callable[[fit_terms.Row], list[float]]


def _swapped(r: fit_terms.Row) -> float:
    spun, term = r.detail.key.split(" "), r.detail.term.split(" ")
    return sum(a != b for a, b in zip(spun, term)) / len(spun)


CANDIDATES: dict[str, Extra] = {
    "shipped features": lambda r: [],
    "+ logit(posterior) beyond 7": lambda r: [max(r.features[0] - 7.0, 0.0)],
    "+ log10 spin rate": lambda r: [math.log10(max(r.detail.spin_rate, 1e-4))],
    "+ term has an LM-unknown word": lambda r: [float(r.detail.unknown > 0)],
    "+ share of words swapped": lambda r: [_swapped(r)],
    "+ posterior x general term": lambda r: [r.features[0] * (1.0 - r.features[4])],
    "+ document vocabulary": lambda r: [r.detail.vocabulary],
    "+ document technical share": lambda r: [r.detail.technical],
    "+ technical share x max(logit, 0)": lambda r: [max(r.features[0], 0.0) * r.detail.technical],
    "+ vocabulary + technical share": lambda r: [r.detail.vocabulary, r.detail.technical],
    "+ logit > 5, vocabulary + 3.5 when logit > 5": lambda r: [float(r.features[0] > 5.0),
                                                         float(r.features[0] > 5.0) * (r.detail.vocabulary + 3.5)],
    # the shipped features hold ln(1 + other uses) x max(logit, 0) / 10 since branch sci2 (TORTURED.md)
    "+ log(1 + other uses of the swapped words)": lambda r: [math.log1p(r.detail.uses)],
    "+ other uses > 0": lambda r: [float(r.detail.uses > 0)],
    "+ log(1 + other uses), + document spin evidence / 10": lambda r: [math.log1p(r.detail.uses),
                                                                      min(r.detail.evidence, 10.0) / 10.0],
    "+ document spin evidence / 10": lambda r: [min(r.detail.evidence, 10.0) / 10.0],
    "+ log(1 + other uses), + technical share": lambda r: [math.log1p(r.detail.uses), r.detail.technical],
}
"""Candidate name -> the values it adds to ``Row.features``."""


def _values(r: fit_terms.Row, extra: Extra) -> list[float]:
    return list(r.features) + extra(r)


def _fit(rows: Sequence[fit_terms.Row], extra: Extra) -> tuple[tuple[str, ...], dict[str, float]]:
    names = tuple(f"x{i}" for i in range(len(_values(rows[0], extra))))
    model = logistic_fit([(_values(r, extra), r.correct, r.weight) for r in rows], 1.0, 50, names=names,
                         bias="bias", tolerance=1e-8)
    return names, model


def _score(values: Sequence[float], names: Sequence[str], model: dict[str, float]) -> float:
    z = model["bias"] + sum(model[n] * x for n, x in zip(names, values))
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def screen(rows: Sequence[fit_terms.Row], extra: Extra, folds: int = 5) -> dict[str, float]:
    """Held-out weighted log-loss and counts at confidence >= 0.75 per set (``"<source> right"`` /
    ``"<source> wrong"``; clean news, weighted > 1, is ``"clean news"``) of the model with ``extra``."""
    out: dict[str, float] = {"log_loss": 0.0}
    total = 0.0
    for k in range(folds):
        train = [r for r in rows if fit_terms._h(r.group) % folds != k]
        names, model = _fit(train, extra)
        for r in (r for r in rows if fit_terms._h(r.group) % folds == k):
            q = min(max(_score(_values(r, extra), names, model), 1e-6), 1 - 1e-6)
            total += r.weight
            out["log_loss"] -= r.weight * (math.log(q) if r.correct else math.log(1 - q))
            if q >= 0.75:
                source = "clean news" if r.source == "news" and r.weight > 1 else r.source
                key = f"{source} {'right' if r.correct else 'wrong'}"
                out[key] = out.get(key, 0) + 1
    out["log_loss"] = round(out["log_loss"] / max(total, 1e-9), 5)
    return out


def article_rows(lines: Sequence[int], params: Parameters, corpus: Path) -> list[fit_terms.Row]:
    """Rows of the ``term`` findings at shipped confidence >= 0.5 in the clean news articles ``lines``."""
    texts = corpus.read_text(encoding="utf-8").splitlines()
    out = []
    for n in lines:
        for f, o, d in fit_terms._term_findings(json.loads(texts[n - 1])["text"], params):
            r = fit_terms.row(f, o, False, 1.0, "article", str(n), d)
            if params.term_model and term_model.confidence(r.features, params.term_model) >= 0.5:
                out.append(r)
    return out


def load_samples(path: Path) -> list:
    """``fit.py``'s pickled news mixture (pickled from ``fit.py`` run as a script)."""
    import __main__

    import benchmarks.fit as fit

    __main__.Sample = fit.Sample  # type: ignore[attr-defined]
    return pickle.loads(path.read_bytes())[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=Path, required=True, help="fit.py's observed news mixture (pickle)")
    parser.add_argument("--rows", type=Path, default=None, help="keep the collected rows in this pickle")
    parser.add_argument("--articles", default="", help="1-based article lines of TEXTMEND_CORPUS to score")
    parser.add_argument("--without-spun-news", action="store_true",
                        help="leave out the spun news rows (a diagnostic: what they cost the variants)")
    args = parser.parse_args(argv)
    params = get_parameters()
    if args.rows and args.rows.is_file():
        rows = pickle.loads(args.rows.read_bytes())
    else:
        import tortured as bench

        built = bench.split(bench.read_dev())["built"]
        paragraphs = fit_terms.science_paragraphs(exclude=fit_terms.benchmark_paragraphs())
        rows = fit_terms.collect_rows(load_samples(args.samples), params, built, paragraphs)
        if args.rows:
            args.rows.write_bytes(pickle.dumps(rows))
    if args.without_spun_news:
        rows = [r for r in rows if not (r.source == "news" and r.weight <= 1)]
    from benchmarks.corpus import CORPUS

    picked = article_rows([int(x) for x in args.articles.split(",") if x], params, CORPUS) if args.articles else []
    print(f"{len(rows)} rows; articles' findings: " + "; ".join(f"{r.group} {r.detail.key!r} -> {r.detail.term!r}"
                                                                for r in picked))
    for name, extra in CANDIDATES.items():
        result = screen(rows, extra)
        names, model = _fit(rows, extra)
        scored = " ".join(f"{_score(_values(r, extra), names, model):.2f}" for r in picked)
        counts = ", ".join(f"{k} {v:g}" for k, v in sorted(result.items()) if k != "log_loss")
        print(f"- {name}: log-loss {result['log_loss']:.5f}; at >= .75: {counts}; articles: {scored}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
