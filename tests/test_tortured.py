"""Tortured phrases (issue 12): listed phrases, variants of known terms, acronyms, case, do no harm."""

from __future__ import annotations

import pytest

import textmend
from textmend import tortured
from textmend.candidates import Words
from textmend.channel import ChannelEntry

# The paraphrased real inputs of issue 12: (input, term-level restorations textmend must make,
# the whole expected repair).
REAL_INPUTS = [
    (
        "The team ranked candidate inhibitors with irregular backwoods, and a sum of ten mixtures went "
        "on to extra enemy of HIV movement testing.",
        ["random forest"],
        "The team ranked candidate inhibitors with random forest, and a total of ten compounds went "
        "on to further anti-HIV activity testing.",
    ),
    (
        "Angle helping outperformed the baseline, and the models were compared by collector working "
        "trademark bend examination after choice trees selected the highlights.",
        ["Gradient boosting", "decision trees"],
        "Gradient boosting outperformed the baseline, and the models were compared by receiver operating "
        "characteristic curve analysis after decision trees selected the features.",
    ),
    (
        "Users can pick Irregular Backwoods or Calculated Relapse for expectation, and dissipate plots "
        "give bits of knowledge into the circulation.",
        ["Random Forest", "Logistic Regression"],
        "Users can pick Random Forest or Logistic Regression for prediction, and scatter plots give "
        "insights into the distribution.",
    ),
    (
        "Each amino corrosive residue was scored, and flag to commotion estimates were reported.",
        ["amino acid", "signal to noise"],
        "Each amino acid residue was scored, and signal to noise estimates were reported.",
    ),
]

WHOLE_MISSES = {
    0: "single-word restorations (mixtures -> compounds, extra -> further, enemy of HIV movement -> "
    "anti-HIV activity) are not term-level and the channel does not propose them",
    1: "highlights -> features is a single-word restoration the channel does not propose (the ROC phrase "
    "is listed since 2026-12-03)",
    2: "single-word restorations (expectation, dissipate, bits of knowledge, circulation) are outside "
    "the term matcher, and the general channel edits 'give'",
}


TERM_CALIBRATION = pytest.mark.xfail(
    strict=True,
    reason="the term model (textmend.term_model, fitted by fit.py --terms on science text and news) gives an "
    "unlisted two-word variant of a science term about 0.26-0.49 ('arbitrary backwoods', 'haphazard woodland' -> "
    "'random forest'): where the fit's spun news shows most such findings wrong (benchmarks/TORTURED.md). The "
    "issue's own phrases ('irregular backwoods') are listed since 2026-12-03 (wordlists/tortured_phrases.tsv)",
)


@pytest.mark.parametrize("text,terms,_whole", REAL_INPUTS)
def test_term_level_phrases_restored(text: str, terms: list[str], _whole: str) -> None:
    repaired = textmend.repair(text).text
    for term in terms:
        assert term in repaired


@pytest.mark.parametrize(
    "index",
    [
        pytest.param(k, marks=pytest.mark.xfail(strict=True, reason=WHOLE_MISSES[k])) if k in WHOLE_MISSES else k
        for k in range(len(REAL_INPUTS))
    ],
)
def test_whole_repair_of_real_inputs(index: int) -> None:
    text, _terms, whole = REAL_INPUTS[index]
    assert textmend.repair(text).text == whole


def test_receiver_operating_characteristic() -> None:
    """Listed since 2026-12-03 (the issue's phrase): collector/receiver and working/operating are no channel
    pairs, so the term matcher alone does not reach it."""
    text = "The models were compared by collector working trademark bend examination."
    assert "receiver operating characteristic curve" in textmend.repair(text).text


def test_acronym_confirms_term() -> None:
    text = "We used irregular woodlands (RF) and a convolutional neural organization (CNN) on the images."
    result = textmend.repair(text)
    assert "(RF)" in result.text and "(CNN)" in result.text
    assert "convolutional neural network (CNN)" in result.text
    sources = {s for e in result.edits if e.evidence for s in e.evidence.sources}
    assert "acronym" in sources


def test_case_follows_span() -> None:
    assert "Random Forest" in textmend.repair("We pick Irregular Backwoods for the task.").text
    assert "RANDOM FOREST" in textmend.repair("WE PICK IRREGULAR BACKWOODS FOR THE TASK.").text


@TERM_CALIBRATION
@pytest.mark.parametrize("variant", ["arbitrary backwoods", "haphazard woodland"])
def test_an_unlisted_variant_of_a_known_term_is_restored(variant: str) -> None:
    text = f"The team ranked candidate inhibitors with {variant}, and the rest went on to testing."
    assert "with random forest," in textmend.repair(text).text


@pytest.mark.parametrize(
    "text",
    [
        "We trained neural nets and long short-term memory models with coworkers.",
        "State troopers closed the road while the coworkers waited.",
        "A random forest and a deep neural network were trained on the same features.",
        "The signal to noise ratio of each amino acid was reported.",
        # scipy.stats.spearmanr: "correlation coefficient" -> "correlation" at .99 until 2026-12-03 (a term
        # written inside a longer one; spun_prior far beyond the fit's rows: benchmarks/TORTURED.md)
        "The Spearman rank-order correlation coefficient is a nonparametric measure of the monotonicity of the "
        "relationship between two datasets.",
        # a bibliography entry: its words are boxed (candidates._REFERENCE_RE; tests/test_bibliography.py)
        "References ---------- D. J. C. MacKay, Bayesian Interpolation, Computation and Neural Systems, "
        "Vol. 4, No. 3, 1992.",
        # the list marker "2." after a sentence's end is the author's (detect.written_as_digits): without its
        # number finding the paragraph's rate stays low, and "a large sufficient fraction" -> "enough" goes
        "1. No further gain can be made along the direction of greatest increase from that iteration. "
        "2. The direction of greatest increase accounted for a large sufficient fraction of the decrease "
        "in the function value from that iteration of the inner loop.",
    ],
)
def test_clean_science_unchanged(text: str) -> None:
    assert textmend.repair(text).text == text


@pytest.mark.parametrize(
    "text",
    [
        "In this paper, we propose a novel framework for intrusion detection.",
        "The proposed approach outperforms the state of the art on three benchmarks.",
        "The samples were centrifuged at 4,000 rpm for 10 minutes.",
        "We evaluate our method on a large dataset of medical images.",
        pytest.param("We present a novel method for protein folding.", marks=pytest.mark.xfail(
            strict=True, reason="spin score 0.52 with no edit: 'novel' -> 'new' is a 0.55 suggestion, the news-trained "
            "language model prefers 'a new method' by +3.6 log10 (a science idiom it rarely saw); found 2026-12-02")),
    ],
)
def test_clean_science_sentences_score_low(text: str) -> None:
    """Issue 10's clean-text rule (a clean sentence scores < 0.5, so ``check`` passes it) on science prose."""
    result = textmend.repair(text)
    assert result.text == text and result.spin_score < 0.5


# --- the matcher on hand-made data -------------------------------------------------------------


class FakeChannel:
    """Spun word -> originals, each with log10 weight -1 (-2 for ``WEAK`` spun words)."""

    WEAK = frozenset({"troopers"})

    def __init__(self, pairs: dict[str, list[str]]) -> None:
        self.pairs = pairs

    def candidates(self, spun: str) -> tuple[ChannelEntry, ...]:
        weight = -2.0 if spun in self.WEAK else -1.0
        return tuple(ChannelEntry(o, weight, ("moby",), "general") for o in self.pairs.get(spun, ()))

    def weights(self, spun: str) -> dict[str, float]:
        """Original -> weight, as ``Channel.weights`` (what the matcher reads)."""
        return {e.original: e.weight for e in self.candidates(spun)}


PRIORS = tortured.Priors(listed=5.0, term=3.0, general_term=-2.0, one_swap_min=-1.5, acronym=2.0)
TERMS = tortured.Terms(
    ["random forest\ts", "random forests\ts", "signal to noise ratio\ts", "state police"],
    [("irregular woodland", "random forest")],
    PRIORS,
)
CHANNEL = FakeChannel({"irregular": ["random"], "backwoods": ["forest", "forests"], "flag": ["signal"],
                       "clamor": ["noise"], "proportion": ["ratio"], "troopers": ["police"]})


def _spans(text: str) -> dict[str, list[ChannelEntry]]:
    return {s.key: list(s.entries) for s in tortured.spans(Words(text), CHANNEL, TERMS)}


def test_variant_of_known_term() -> None:
    found = _spans("we used irregular backwoods and a flag to clamor proportion here")
    assert [e.original for e in found["irregular backwoods"]] == ["random forest"]  # singular, once
    entry = found["flag to clamor proportion"][0]
    assert entry.original == "signal to noise ratio"
    assert entry.weight == pytest.approx(3 * -1.0 + PRIORS.term)
    assert entry.sources == ("term",)


def test_listed_phrase() -> None:
    entry = _spans("an irregular woodland")["irregular woodland"][0]
    assert (entry.original, entry.sources, entry.weight) == ("random forest", ("tortured",), PRIORS.listed)


def test_acronym_source_and_weight() -> None:
    entry = _spans("irregular backwoods (RF) were used")["irregular backwoods"][0]
    assert entry.sources == ("term", "acronym")
    assert entry.weight == pytest.approx(-2.0 + PRIORS.term + PRIORS.acronym)


def test_no_span_for_known_terms_or_weak_single_swaps() -> None:
    assert "random forest" not in _spans("a random forest")
    assert "state troopers" not in _spans("state troopers")  # one swap, pair weaker than one_swap_min
    assert "random backwoods" in _spans("random backwoods")  # one swap, pair strong enough


def test_merge_joins_entries_of_one_span() -> None:
    from textmend.candidates import Span

    a = Span(0, 1, "x y", (ChannelEntry("p", -1.0, ("moby",), "general"),))
    b = Span(0, 1, "x y", (ChannelEntry("q", 0.0, ("term",), "science"),))
    c = Span(2, 2, "z", (ChannelEntry("r", 0.0, ("moby",), "general"),))
    merged = tortured.merge([a, c], [b])
    assert [s.key for s in merged] == ["x y", "z"]
    assert [e.original for e in merged[0].entries] == ["q", "p"]


def test_merge_keeps_a_function_word_entry_of_an_original_both_hold_and_the_term_otherwise() -> None:
    from textmend.candidates import Span

    channel = Span(0, 1, "x y", (ChannelEntry("p", -0.8, ("curated", "function"), "general"),
                                 ChannelEntry("q", -0.5, ("curated",), "news"),
                                 ChannelEntry("r", -2.0, ("moby",), "general")))
    terms = Span(0, 1, "x y", (ChannelEntry("q", -1.0, ("term",), "science"),
                               ChannelEntry("p", -3.4, ("term",), "science")))
    (merged,) = tortured.merge([channel], [terms])
    assert [(e.original, e.weight, e.pack) for e in merged.entries] == [
        ("q", -1.0, "science"), ("p", -0.8, "general"), ("r", -2.0, "general")]


def test_a_curated_pair_that_is_also_a_term_stays_a_term() -> None:
    (finding,) = [f for f in textmend.detect("He is a prisoner of warfare.") if f.original == "warfare"]
    assert (finding.replacement, finding.rule) == ("war", "term")


def test_a_function_word_pair_that_is_also_a_term_keeps_its_rule() -> None:
    # "more than" is a known term matched through "greater" -> "more"; the function-word pair
    # "greater than" -> "more than" is the stronger evidence and keeps its rule
    # (the finding is cut to the word that changes: "Greater" -> "More")
    finding = next(f for f in textmend.detect("Greater than 10,000 troops are thought to have been sent.")
                   if f.start == 0)
    assert (finding.original, finding.replacement, finding.rule) == ("Greater", "More", "function-word")


# --- listed phrases that ordinary prose writes (wordlists/tortured_ordinary.txt, 2026-12-03) ----


ORDINARY_SENTENCES = [
    ("The dentist fitted a new crown on her tooth.", "new crown"),
    ("Paris is a brilliant city.", "brilliant city"),
    ("There are huge information gaps in the report.", "huge information"),
    ("The box holds 192 pieces.", "192 pieces"),
    ("We walked through thick woods.", "thick woods"),
    ("She scored with a brilliant ball over the top.", "brilliant ball"),
    ("He is a decent contender for the title.", "decent contender"),
    ("The driving reason for the move was cost.", "driving reason"),
    ("Heart ailments are common in older dogs.", "Heart ailments"),
    ("He signed a brilliant contract with the club.", "brilliant contract"),
    # the clean news corpus (news-dev.jsonl) holds one listed phrase: "keen gadget" -> "smart device" until 2026-12-03
    ("One of the key issues for keen gadget users is how to store all their digital images.", "keen gadget"),
    # a second probe's (2026-12-03 night): tortured at 1.00 until added to the list
    ("It was already dark out when the troops arrived at the camp.", "dark out"),
    ("Those plans sound just right to me, the mayor said.", "sound just"),
    ("Take a look at set menus before you book a table.", "Take a look at set"),
    ("Doctors feared a major recurrence of the disease after the surgery.", "major recurrence"),
    ("For years she was his virtual right hand in the office.", "virtual right hand"),
    # the term-variant path edited these at 0.84-0.98 until the ordinary phrases were shipped to it too
    ("He was in an enthusiastic state after the match.", "enthusiastic state"),
    ("The police launched a worldwide inquiry.", "worldwide inquiry"),
    ("Residents who are visually affected can ask for large print.", "visually affected"),
    ("It was a given gift, not a loan.", "given gift"),
    ("Low pay levels drive staff away.", "Low pay levels"),
    # "profound learning" is not listed at all: the term path alone (profound ~ deep) edited it at 0.95, until
    # the span ending inside a known term written whole ("learning experience") ruled it out (detect._crosses_term)
    ("It was a profound learning experience for all of us.", "profound learning"),
    # "learning disabilities" is a known term written whole: the span ends inside it (detect._crosses_term)
    ("The school supports children with profound learning disabilities.", "profound learning"),
    ("Children with profound learning difficulties need support.", "profound learning"),
]


@pytest.mark.parametrize("text,phrase", ORDINARY_SENTENCES)
def test_ordinary_phrase_of_the_list_is_left_alone(text: str, phrase: str) -> None:
    start = text.index(phrase)
    end = start + len(phrase)
    result = textmend.repair(text)
    assert [(e.start, e.end, e.replacement) for e in result.edits if e.start < end and start < e.end] == []
    assert result.text[start:end] == phrase


def test_ordinary_phrases_are_not_shipped_as_listed_but_their_terms_are_known() -> None:
    shipped = tortured.get_terms()
    for spun, term in [("new crown", "new coronavirus"), ("brilliant city", "smart city"),
                       ("thick woods", "dense forest"), ("huge information", "big data")]:
        assert spun not in shipped.listed
        assert term in shipped.known
    assert "flag to clamor" in shipped.listed  # word salad stays listed


def test_an_ordinary_phrase_is_a_term_variant_only_with_the_terms_acronym() -> None:
    """An ordinary phrase (``data/tortured_ordinary.txt.gz``) is no variant of its term, unless the term's
    acronym follows it: that is evidence of its own."""
    plain = textmend.repair("Huge information analytics is applied to the sensor records of the smart city.")
    assert plain.text.startswith("Huge information analytics")
    result = textmend.repair("Huge information (BD) analytics is applied to the sensor records of the smart city.")
    assert result.text.startswith("Big data (BD) analytics")
    (edit,) = [e for e in result.edits if e.start == 0]
    assert "acronym" in edit.evidence.sources and "tortured" not in edit.evidence.sources

def test_a_tortured_span_that_ends_inside_a_written_term_is_no_tortured_phrase() -> None:
    """"profound learning disabilities": the known term "learning disabilities" is written whole and the
    listed span "profound learning" ends inside it, so it is an adjective before that term. The same
    span before any other word is still "deep learning", and an acronym after it still confirms it."""
    assert textmend.repair("We trained a profound learning model on the images.").text == (
        "We trained a deep learning model on the images.")
    kept = "Children with profound learning disabilities need support at school."
    assert textmend.repair(kept).text == kept
    confirmed = textmend.repair("We used profound learning (DL) for the images.")
    assert confirmed.text.startswith("We used deep learning (DL)")
