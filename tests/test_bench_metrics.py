"""The benchmark harness's arithmetic (benchmarks/quality.py), checked against a stand-in
repairer written here, so it does not depend on the engine's current behaviour."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import Doc, build_document, count_words  # noqa: E402
from benchmarks.quality import (  # noqa: E402
    HarmReport,
    QualityReport,
    check_precision_recall,
    evaluate_harm,
    f_beta,
    roc_auc,
    score_document,
)
from benchmarks.spinner import SpunText, Substitution  # noqa: E402
from benchmarks.speed import is_linear  # noqa: E402


class FakeEdit(NamedTuple):
    start: int
    end: int
    original: str
    replacement: str
    confidence: float = 0.9
    rule: str = "stand-in"
    explanation: str = ""


class FakeResult(NamedTuple):
    text: str
    edits: tuple
    suggestions: tuple
    spin_score: float


def make_spun(original: str, swaps: list[tuple[str, str, str]]) -> SpunText:
    """Spin ``original`` by replacing the first occurrence of each (old, new, kind) in order."""
    subs, out, pos, shift = [], original, 0, 0
    for old, new, kind in swaps:
        ostart = original.index(old, pos)
        start = ostart + shift
        out = out[:start] + new + out[start + len(old):]
        subs.append(Substitution(start, start + len(new), new, old, kind,
                                 ostart, ostart + len(old)))
        shift += len(new) - len(old)
        pos = ostart + len(old)
    return SpunText(original, out, tuple(subs), content_words=10)


def edit(spun: SpunText, phrase: str, replacement: str, rule: str = "stand-in") -> FakeEdit:
    start = spun.text.index(phrase)
    return FakeEdit(start, start + len(phrase), phrase, replacement, rule=rule)


ORIGINAL = "The soldiers said the spy agency told the BBC about two prisoners of war."
SPUN = make_spun(ORIGINAL, [("soldiers", "troopers", "content"), ("said", "stated", "function"),
                            ("agency", "company", "content"), ("told", "informed", "function"),
                            ("two", "2", "number"), ("war", "warfare", "content")])


def test_stand_in_spin_is_what_we_think() -> None:
    assert SPUN.text == ("The troopers stated the spy company informed the BBC about 2 "
                         "prisoners of warfare.")


def test_correct_wrong_and_false_edits() -> None:
    edits = [
        edit(SPUN, "troopers", "soldiers"),           # correct
        edit(SPUN, "stated", "claimed"),              # wrong: touches gold, not the original
        edit(SPUN, "spy company", "spy agency"),      # correct: wider than the gold span
        edit(SPUN, "BBC", "Beeb"),                    # false: untouched text
        edit(SPUN, "prisoners of warfare", "Prisoners of war"),  # wrong, by case only
    ]
    score = score_document(SPUN, edits)
    labels = [v.label for v in score.verdicts]
    assert labels == ["correct", "wrong", "correct", "false", "wrong-case"]
    assert score.restored == (True, False, True, False, False, False)
    assert score.detected == (True, True, True, False, False, True)


def test_two_edits_restoring_one_gold_span_together() -> None:
    spun = make_spun("It is a sign of trouble.", [("a sign", "an indication", "content")])
    edits = [edit(spun, "an", "a"), edit(spun, "indication", "sign")]
    score = score_document(spun, edits)
    assert [v.label for v in score.verdicts] == ["correct", "correct"]
    assert score.restored == (True,)


def test_suggestions_count_for_detection_only() -> None:
    sugg = [edit(SPUN, "2", "two")]
    score = score_document(SPUN, [], sugg)
    assert score.detected[4] and not any(score.restored)


def test_consistency_check() -> None:
    edits = [edit(SPUN, "troopers", "soldiers")]
    good = SPUN.text.replace("troopers", "soldiers")
    assert score_document(SPUN, edits, repaired=good).consistent
    assert not score_document(SPUN, edits, repaired=SPUN.text).consistent


def test_quality_report_adds_up() -> None:
    edits = (edit(SPUN, "troopers", "soldiers", "spin-table"), edit(SPUN, "BBC", "Beeb", "idiom"),
             edit(SPUN, "2", "two", "number"))
    result = FakeResult(SPUN.text, edits, (), 0.7)
    report = QualityReport(0.3)
    report.add(SPUN, result)
    assert report.total.edits == 3 and report.total.correct == 2 and report.total.false == 1
    assert report.precision == pytest.approx(2 / 3)
    assert report.recall == pytest.approx(2 / 6)
    assert report.f05 == pytest.approx(f_beta(2 / 3, 1 / 3))
    assert report.by_rule["idiom"].false == 1
    assert report.by_kind["number"].restored == 1
    assert report.by_kind["content"].gold == 3
    assert report.inconsistent_docs == 1  # the fake result's text was not repaired
    assert report.spin_scores == [0.7]


def test_harm_report_counts_every_edit() -> None:
    text = "Officials stated on Monday that the plan works."

    def stand_in(t: str) -> FakeResult:
        i = t.find("stated")
        edits = (FakeEdit(i, i + 6, "stated", "said"),) if i >= 0 else ()
        return FakeResult(t.replace("stated", "said"), edits, (), 0.1)

    report = evaluate_harm([Doc("a", text), Doc("b", "Nothing here.")], repair=stand_in)
    assert isinstance(report, HarmReport)
    assert report.edits == 1 and report.docs_with_edits == 1
    assert report.words == count_words(text) + 2
    assert report.per_1000_words == pytest.approx(1000 / report.words)
    assert report.false_edits.most_common(1) == [(("stated", "said"), 1)]
    assert report.inconsistent_docs == 0


def test_f_beta() -> None:
    assert f_beta(1.0, 1.0) == 1.0
    assert f_beta(0.0, 0.0) == 0.0
    assert f_beta(0.9, 0.1) == pytest.approx(1.25 * 0.09 / (0.25 * 0.9 + 0.1))


def test_roc_auc() -> None:
    assert roc_auc([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert roc_auc([0.1, 0.2], [0.9, 0.8]) == 0.0
    assert roc_auc([0.5, 0.5], [0.5]) == 0.5
    # 3 positives x 2 negatives: pairs won 0.8>0.3, 0.8>0.6, 0.6=0.6 (half), 0.6>0.3, 0.2<both
    assert roc_auc([0.8, 0.6, 0.2], [0.3, 0.6]) == pytest.approx(3.5 / 6)


def test_check_precision_recall() -> None:
    p, r = check_precision_recall([0.9, 0.6, 0.4], [0.5, 0.1], threshold=0.5)
    assert (p, r) == (pytest.approx(2 / 3), pytest.approx(2 / 3))


def test_build_document_size() -> None:
    docs = [Doc("x", "word " * 50)]
    text = build_document(docs, 1000)
    assert 500 < len(text.encode()) <= 1000


def test_is_linear() -> None:
    assert is_linear([(1000, 0.5), (100_000, 0.4), (1_000_000, 0.45), (10_000_000, 0.5)])
    assert not is_linear([(100_000, 0.4), (1_000_000, 4.0)])
    assert not is_linear([(100_000, 0.4), (1_000_000, float("nan"))])


def test_a_failing_repair_is_counted_not_fatal() -> None:
    def broken(t: str) -> FakeResult:
        raise RuntimeError("boom")

    report = evaluate_harm([Doc("a", "Some clean text.")], repair=broken)
    assert report.errors == ["RuntimeError: boom"] and report.edits == 0
    quality = QualityReport(0.3)
    from benchmarks.quality import RepairFailed

    quality.add(SPUN, RepairFailed("RuntimeError: boom"))
    assert quality.errors and quality.docs == 0


# -- engine v2 benchmark: detection via alternatives, calibration, long documents ------------


class AltEdit(NamedTuple):
    start: int
    end: int
    original: str
    replacement: str
    confidence: float = 0.3
    rule: str = "thesaurus"
    explanation: str = ""
    alternatives: tuple = ()


def alt_edit(spun: SpunText, phrase: str, alternatives: list[tuple[str, float]]) -> AltEdit:
    start = spun.text.index(phrase)
    return AltEdit(start, start + len(phrase), phrase, alternatives[0][0],
                   alternatives[0][1], alternatives=tuple(alternatives))


def test_detection_recall_counts_the_right_original_among_alternatives() -> None:
    findings = [
        alt_edit(SPUN, "troopers", [("soldier", 0.5), ("soldiers", 0.3)]),  # second choice
        alt_edit(SPUN, "stated", [("claimed", 0.4), ("declared", 0.2)]),    # never "said"
        alt_edit(SPUN, "Warfare".lower(), [("War", 0.1)]),                   # case is ignored
    ]
    score = score_document(SPUN, [], findings)
    assert score.proposed == (True, False, False, False, False, True)
    assert score.detected == (True, True, False, False, False, True)  # overlap only
    report = QualityReport(0.3)
    report.add(SPUN, FakeResult(SPUN.text, (), tuple(findings), 0.5))
    assert report.total.proposed == 2 and report.detection_recall == pytest.approx(2 / 6)
    assert report.total.flagged_recall == pytest.approx(3 / 6)
    assert report.by_kind["content"].proposed == 2 and report.by_kind["function"].proposed == 0


class FakeResultWithFindings(NamedTuple):
    text: str
    edits: tuple
    suggestions: tuple
    spin_score: float
    findings: tuple | None


def test_detection_recall_at_any_confidence_counts_every_finding() -> None:
    """A finding below repair's suggestion floor counts for ``detection_recall_any`` only, and
    documents measured without their findings count for neither its numerator nor its base."""
    low = alt_edit(SPUN, "troopers", [("soldiers", 0.001)])
    report = QualityReport(0.3)
    report.add(SPUN, FakeResultWithFindings(SPUN.text, (), (), 0.5, (low,)))
    assert report.detection_recall == 0.0
    assert report.detection_recall_any == pytest.approx(1 / 6)
    report.add(SPUN, FakeResultWithFindings(SPUN.text, (), (), 0.5, None))
    assert report.total.measured_any == 6 and report.total.gold == 12
    assert report.detection_recall_any == pytest.approx(1 / 6)
    assert QualityReport(0.3).detection_recall_any != QualityReport(0.3).detection_recall_any  # NaN


def test_detection_recall_over_a_span_wider_than_the_gold() -> None:
    spun = make_spun("It is a sign of trouble.", [("a sign", "an indication", "content")])
    wide = alt_edit(spun, "an indication of", [("a hint of", 0.6), ("a sign of", 0.2)])
    inner = alt_edit(spun, "indication", [("sign", 0.9)])  # leaves "an sign": not restored
    assert score_document(spun, [], [wide]).proposed == (True,)
    assert score_document(spun, [], [inner]).proposed == (False,)


def test_by_part_of_speech_falls_back_to_kind() -> None:
    spun = SPUN._replace(subs=tuple(s._replace(pos="NOUN") if s.original == "soldiers" else s
                                    for s in SPUN.subs))
    report = QualityReport(0.3)
    report.add(spun, FakeResult(spun.text, (edit(spun, "troopers", "soldiers"),), (), 0.5))
    assert report.by_pos["NOUN"].gold == 1 and report.by_pos["NOUN"].correct == 1
    assert report.by_pos["content"].gold == 2  # agency, war: no part of speech recorded
    assert report.by_pos["function"].gold == 2 and report.by_pos["number"].gold == 1


def test_calibration_pairs_of_applied_edits_and_all_findings() -> None:
    edits = (FakeEdit(*edit(SPUN, "troopers", "soldiers")[:4], confidence=0.8),
             FakeEdit(*edit(SPUN, "BBC", "Beeb")[:4], confidence=0.6))
    sugg = (alt_edit(SPUN, "2", [("two", 0.4)]), alt_edit(SPUN, "stated", [("claimed", 0.1)]))
    report = QualityReport(0.3)
    report.add(SPUN, FakeResult(SPUN.text, edits, sugg, 0.5))
    assert report.applied == [(0.8, True), (0.6, False)]
    assert sorted(report.findings) == [(0.1, False), (0.4, True), (0.6, False), (0.8, True)]


def test_brier_and_ece_on_hand_made_pairs() -> None:
    from benchmarks.reliability import brier, ece, reliability_bins, share_correct_vs_confidence

    pairs = [(0.9, True), (0.9, False), (0.2, False), (0.2, False), (1.0, True), (float("nan"), True)]
    assert brier(pairs) == pytest.approx((0.01 + 0.81 + 0.04 + 0.04 + 0.0) / 5)
    bins = reliability_bins(pairs, 10)
    assert [b.count for b in bins] == [0, 0, 2, 0, 0, 0, 0, 0, 0, 3]  # 1.0 goes in the last bin
    assert bins[9].mean_confidence == pytest.approx(2.8 / 3) and bins[9].observed == pytest.approx(2 / 3)
    # |0 - 0.2| * 2 + |2/3 - 2.8/3| * 3, over 5
    assert ece(pairs) == pytest.approx((0.4 + 0.8) / 5)
    assert ece([(0.25, True), (0.25, False), (0.25, False), (0.25, False)]) == pytest.approx(0.0)
    assert share_correct_vs_confidence([(0.8, True), (0.6, False)]) == (0.5, pytest.approx(0.7), 2)
    assert brier([]) != brier([])  # NaN when empty


def test_reliability_plot_writes_a_png(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from benchmarks.reliability import plot, reliability_bins

    path = plot([("v2", reliability_bins([(0.9, True), (0.3, False)]))], tmp_path / "r.png", "t")
    assert path is not None and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_join_spun_shifts_gold_offsets() -> None:
    from benchmarks.longdocs import join_spun

    second = make_spun("Two soldiers said so.", [("soldiers", "troopers", "content")])
    joined = join_spun(["A clean start.", SPUN, second], sep="\n\n")
    assert joined.text == "A clean start.\n\n" + SPUN.text + "\n\n" + second.text
    assert joined.original == "A clean start.\n\n" + ORIGINAL + "\n\n" + second.original
    assert len(joined.subs) == len(SPUN.subs) + 1
    for s in joined.subs:
        assert joined.text[s.start:s.end] == s.spun
        assert joined.original[s.orig_start:s.orig_end] == s.original
    assert joined.content_words == 20
    # a repair of the joined text scores as the parts do
    edits = [edit(joined, "troopers", "soldiers"),
             FakeEdit(joined.text.rindex("troopers"), joined.text.rindex("troopers") + 8,
                      "troopers", "soldiers")]
    assert sum(score_document(joined, edits).restored) == 2


def test_split_sentences() -> None:
    from benchmarks.longdocs import split_sentences

    text = ('The plan was approved on Monday by the council. "It works," she said to them all. '
            "Mr. Smith left\nA new line starts a new sentence here. Short one.")
    assert split_sentences(text) == [
        "The plan was approved on Monday by the council.",
        '"It works," she said to them all.',
        "A new line starts a new sentence here.",
    ]


FAKE_ENGINE = '''
from typing import NamedTuple
class E(NamedTuple):
    start: int
    end: int
    original: str
    replacement: str
    confidence: float
    rule: str
class R(NamedTuple):
    text: str
    edits: tuple
    suggestions: tuple
    spin_score: float
def repair(text):
    if text == "boom":
        raise ValueError("no")
    i = text.find("troopers")
    edits = (E(i, i + 8, "troopers", "soldiers", 0.9, "fake"),) if i >= 0 else ()
    return R(text.replace("troopers", "soldiers"), edits, (), 0.25)
'''


def test_engine_runs_another_checkout_in_workers(tmp_path: Path) -> None:
    from benchmarks.engine import Engine, WorkerResult
    from benchmarks.quality import RepairFailed

    (tmp_path / "src" / "textmend").mkdir(parents=True)
    (tmp_path / "src" / "textmend" / "__init__.py").write_text(FAKE_ENGINE)
    engine = Engine("fake", path=tmp_path)
    texts = ["the troopers came", "nothing", "boom", "two troopers"]
    results = engine.repair_many(texts, jobs=2)
    assert [type(r) for r in results] == [WorkerResult, WorkerResult, RepairFailed, WorkerResult]
    assert results[0].text == "the soldiers came" and results[0].edits[0].start == 4
    assert results[1].edits == () and results[3].edits[0].rule == "fake"
    assert results[2].error == "ValueError: no"
    assert len(engine.peak_rss) == 2
    # leave-one-source-out needs a channel: this engine has none, so every text fails
    failed = engine.with_excluded(["mythes"]).repair_many(["a"], jobs=1)
    assert isinstance(failed[0], RepairFailed) and "channel" in failed[0].error


def test_leave_one_source_out_reaches_the_engines_channel(tmp_path: Path) -> None:
    """The worker wraps textmend.detect.get_channel so every call leaves the sources out."""
    from benchmarks.engine import Engine

    package = tmp_path / "src" / "textmend"
    package.mkdir(parents=True)
    (package / "detect.py").write_text(
        "def get_channel(packs, exclude_sources=frozenset()):\n"
        "    return ','.join(sorted(exclude_sources)) or 'full'\n")
    (package / "__init__.py").write_text(
        FAKE_ENGINE + "\ndef repair(text):\n"
        "    from . import detect\n"
        "    return R(text, (), (E(0, 1, text[:1], 'x', 0.5, detect.get_channel(('news',))),), 0.0)\n")
    engine = Engine("fake", path=tmp_path)
    assert engine.repair_one("a").suggestions[0].rule == "full"
    loso = engine.with_excluded(["mythes", "moby"])
    assert loso.label() == "fake without moby, mythes"
    assert loso.repair_one("a").suggestions[0].rule == "moby,mythes"


def test_leave_one_source_out_reaches_the_re_check_rounds_too(tmp_path: Path) -> None:
    """``repair``'s re-check rounds look the channel up in ``textmend.recheck``: the worker patches
    every module holding the engine's ``get_channel``, not ``textmend.detect`` alone."""
    from benchmarks.engine import Engine

    package = tmp_path / "src" / "textmend"
    package.mkdir(parents=True)
    (package / "channel.py").write_text(
        "def get_channel(packs, exclude_sources=frozenset()):\n"
        "    return ','.join(sorted(exclude_sources)) or 'full'\n")
    (package / "detect.py").write_text("from .channel import get_channel\n")
    (package / "recheck.py").write_text("from .channel import get_channel\n")
    (package / "__init__.py").write_text(
        FAKE_ENGINE + "\ndef repair(text):\n"
        "    import importlib\n"
        "    recheck = importlib.import_module('textmend.recheck')\n"
        "    return R(text, (), (E(0, 1, text[:1], 'x', 0.5, recheck.get_channel(('news',))),), 0.0)\n")
    loso = Engine("fake", path=tmp_path).with_excluded(["mythes"])
    assert loso.repair_one("a").suggestions[0].rule == "mythes"


def test_harm_report_flags_as_check_does_a_low_score_with_an_edit_too() -> None:
    # `textmend check` flags a text whose score reaches the threshold *or* that repair would
    # edit (cli.looks_spun); counting the score alone reported 35 of 911 clean articles
    # flagged where check flags 48.
    def stand_in(t: str) -> FakeResult:
        i = t.find("stated")
        edits = (FakeEdit(i, i + 6, "stated", "said"),) if i >= 0 else ()
        return FakeResult(t.replace("stated", "said"), edits, (), 0.1 if edits else 0.7)

    docs = [Doc("a", "Officials stated it."), Doc("b", "Nothing here."), Doc("c", "Quiet.")]
    report = evaluate_harm(docs, repair=stand_in)
    assert report.check_flags(0.5) == 3
    assert report.check_flags(0.8) == 1


def test_number_findings_context_classes() -> None:
    from benchmarks.number_findings import context_class

    def cls(text: str, digit: str) -> str:
        start = text.index(digit)
        return context_class(text, start, start + len(digit), digit)

    assert cls("Shares rose 4% in early trading.", "4") == "percent"
    assert cls("Each ticket costs $5 at the door.", "5") == "currency"
    assert cls("The new PlayStation 3 is due next year.", "3") == "name"
    assert cls("Just one in 10 firms replied.", "10") == "ten"
    assert cls("They bought 3 new models last year.", "3") == "none"
    # a capital at the start of a sentence is no name
    assert cls("It was late. Another 3 firms said so.", "3") == "none"
