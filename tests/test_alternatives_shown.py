"""How people are shown an edit's other candidates (``Edit.alternatives`` after the first): as
ranking scores, labelled so, never as ``0.00``; the replacement keeps its confidence alone."""

from __future__ import annotations

from textmend.cli import _explain_text
from textmend.model import Edit, Evidence, Region, Result
from textmend.records import RANKING_LABEL, edit_record, LineIndex, ranking_score
from textmend.report import to_html

TEXT = "the prisoner of warfare\n"


def _result() -> Result:
    start = TEXT.index("warfare")
    edit = Edit(
        start, start + 7, "warfare", "war", 0.25, "term", "why",
        (("war", 0.25), ("combat", 0.4), ("strife", 0.0004)), Evidence(-1.0, 2.0, 0.0, 0.2, ("term",)),
    )
    return Result(TEXT, (), (edit,), 0.3, (Region(0, len(TEXT), 0.2),))


def test_ranking_score_never_reads_as_impossible() -> None:
    assert ranking_score(0.0004) == "<0.01"
    assert ranking_score(0.0) == "<0.01"
    assert ranking_score(0.005) == "0.01"
    assert ranking_score(0.4) == "0.40"


def test_explain_labels_the_other_candidates_apart_from_the_confidence() -> None:
    shown = _explain_text("f", TEXT, _result(), False)
    assert "warfare -> war  [confidence 0.25, rule term]" in shown
    assert f"    {RANKING_LABEL}: combat 0.40, strife <0.01\n" in shown
    assert "0.00" not in shown.replace("+0.00", "")  # the evidence's log10 terms may be +0.00


def test_explain_shows_no_candidates_line_for_the_replacement_alone() -> None:
    result = _result()
    alone = result.suggestions[0]._replace(alternatives=(("war", 0.25),))
    shown = _explain_text("f", TEXT, result._replace(suggestions=(alone,)), False)
    assert "candidates" not in shown


def test_review_page_labels_the_other_candidates() -> None:
    page = to_html([("f", TEXT, _result())])
    assert f"{RANKING_LABEL}: <bdi>combat</bdi> 0.40, <bdi>strife</bdi> &lt;0.01</span>" in page
    assert "(0.00)" not in page and "<bdi>war</bdi> 0.25" not in page


def test_json_keeps_the_numbers_as_they_are() -> None:
    record = edit_record(_result().suggestions[0], LineIndex(TEXT))
    assert record["alternatives"] == [["war", 0.25], ["combat", 0.4], ["strife", 0.0004]]
