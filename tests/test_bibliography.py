"""Bibliography entries ("D. J. C. MacKay, Bayesian Interpolation, Computation and Neural Systems, Vol. 4,
No. 3, 1992.") are the titles and journals a text cites, not its prose: their words are never candidates
(``Words.boxed``, ``candidates._REFERENCE_RE``), so no edit and no suggestion, at any threshold. Prose
around them is read as before, and text with initials, years or page numbers alone is prose."""

from __future__ import annotations

import pytest

import textmend
from textmend.candidates import Words

# Entry styles found in the docstrings of scikit-learn, scipy and statsmodels (benchmarks/tortured.py's
# clean science text), each with words the channel proposes originals for.
ENTRIES = [
    "D. J. C. MacKay, Bayesian Interpolation, Computation and Neural Systems, Vol. 4, No. 3, 1992.",
    "J.J. Filliben, \"The Probability Plot Correlation Coefficient Test for Normality\", Technometrics, "
    "Vol. 17, pp. 111-117, 1975.",
    "T. Ho, \"The random subspace method for constructing decision\n       forests\", Pattern Analysis and "
    "Machine Intelligence, 20(8), 832-844,\n       1998.",
    "J. Zhu, H. Zou, S. Rosset, T. Hastie, \"Multi-class adaboost.\" Statistics and its Interface 2.3 (2009): "
    "349-360. doi:10.4310/SII.2009.v2.n3.a8",
    "Breiman, L. and Cutler, A., Random forests in large databases, Machine Learning, 45(1), 5-32, 2001.",
    # Vancouver and BibTeX (a new user's probe: their titles' digits and phrases were edited)
    "Smith J, Jones K, Brown A. Sudden cardiac death in 2 siblings: a report of 3 cases. BMJ. 2017;356:j1234. "
    "doi:10.1136/bmj.j1234",
    "Brown A, Green B. Machine learning told apart 2 types of tumour. Lancet Oncol. 2020 Mar;21(3):e123-e130.",
    "@article{smith2019random,\n  title={Random forests for 3 classes},\n  author={Smith, John and Jones, Kate},\n"
    "  journal={Remote Sensing},\n  volume={11},\n  year={2019}\n}",
    # Chicago author-date, a journal's and a book's (a new user's probe, 2026-12-03)
    "Smith, John, and Kate Jones. 2016. \"Artificial Intelligence in 4 Hospitals.\" American Journal of Medicine "
    "129 (2): 45-67.",
    "Doe, Jane A. 2019. The Spy Company: A History of 2 Agencies. New York: Penguin.",
]
PROSE = "Each amino corrosive residue was scored, and flag to commotion estimates were reported."


def _entry_span(text: str, entry: str) -> tuple[int, int]:
    start = text.index(entry)
    return start, start + len(entry)


@pytest.mark.parametrize("entry", ENTRIES)
def test_the_words_of_an_entry_are_boxed_and_the_prose_is_not(entry):
    text = f"{PROSE}\n\n{entry}\n"
    a, b = _entry_span(text, entry)
    words = Words(text)
    inside = [i for i, (s, e) in enumerate(zip(words.starts, words.ends)) if a <= s and e <= b]
    boxed = [i for i in inside if words.boxed(i, i)]
    # from the first author to the year and the volume, pages, DOI or arXiv number: all but a year or
    # page range's last piece and the closing words after them
    assert inside[0] in boxed and len(boxed) >= 0.8 * len(inside)
    assert not [i for i in range(len(words.starts)) if words.ends[i] <= a and words.boxed(i, i)]


@pytest.mark.parametrize("entry", ENTRIES)
def test_no_finding_inside_an_entry_at_any_threshold(entry):
    text = f"{PROSE}\n\n{entry}\n"
    a, b = _entry_span(text, entry)
    result = textmend.repair(text, threshold=0.0)
    assert not [f for f in result.edits + result.suggestions if a < f.end and f.start < b]
    assert not [f for f in textmend.detect(text) if a < f.end and f.start < b]
    assert "amino acid" in result.text and "signal to noise" in result.text  # the prose before it


def test_the_citation_behind_the_last_clean_science_term_edit():
    """benchmarks/tortured.py's clean science prose: "Neural Systems" -> "Neural Networks" (term .96) in
    this numpydoc reference, flattened as the benchmark reads paragraphs."""
    text = ("References ---------- D. J. C. MacKay, Bayesian Interpolation, Computation and Neural Systems, "
            "Vol. 4, No. 3, 1992.")
    assert textmend.repair(text).text == text


def test_an_entry_deep_in_a_long_text_is_boxed():
    entry = ENTRIES[0]
    text = " ".join([PROSE] * 60) + f"\n\nReferences\n\n{entry}\n"
    a, b = _entry_span(text, entry)
    result = textmend.repair(text, threshold=0.0)
    assert not [f for f in result.edits + result.suggestions if a < f.end and f.start < b]


@pytest.mark.parametrize("entry", ENTRIES[-2:])
def test_prose_after_a_chicago_entry_on_its_line_is_repaired(entry):
    """A Chicago entry ends with its pages or its "City: Publisher.": the prose after it on the same
    line is prose (a new user's probe: the entry ran to its line's end, and that prose kept its spin)."""
    text = f"{entry} The spy company informed the BBC that the primary prisoner of warfare was freed.\n"
    repaired = textmend.repair(text).text
    assert repaired.startswith(entry) and "prisoner of war was freed" in repaired


@pytest.mark.parametrize("text", [
    "J. K. Rowling, the author, said the spy company informed the BBC in 2019.",  # no volume or pages
    "The spy company informed the BBC that 2 troopers were captured on pp. 3 of the report.",  # no author
    "G. Smith, 45, said the spy company informed the BBC on page 3.",  # no year
    # a year before the pages that is neither in brackets nor before ";" (a new user's probe)
    "A. Gramsci, in notebooks written in 1929, stated that the spy company informed the BBC (p. 12).",
    "As shown by S. Lee and K. Park in 2020, the spy company informed the BBC, in the journal's Vol. 3.",
    # a surname and a forename, then a year that is no sentence of its own
    "However, Smith said the spy company informed the BBC in 2010. They left.",
    "Meanwhile, Paris. 2010 was the year the spy company informed the BBC.",
])
def test_initials_years_or_pages_alone_are_prose(text):
    words = Words(text)
    assert not any(words.boxed(i, i) for i in range(len(words.starts)))
    assert "told the BBC" in textmend.repair(text).text
