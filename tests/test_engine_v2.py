"""Engine v2 acceptance: the inputs of issues 10 and 11, paraphrased from text found in the wild.

Each spun input has its original; a test restores what the issue asks and checks that nothing
outside the swaps changed. Known misses are ``xfail(strict=True)`` with the reason.
"""

from __future__ import annotations

import difflib

import pytest

import textmend

from .conftest import EXAMPLES


def _changed_words(before: str, after: str) -> list[tuple[str, str]]:
    """(old, new) word runs that differ between two texts."""
    a, b = before.split(" "), after.split(" ")
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag != "equal":
            out.append((" ".join(a[i1:i2]), " ".join(b[j1:j2])))
    return out


def _restored_share(spun: str, original: str) -> tuple[float, list[tuple[str, str]]]:
    """Share of the spun->original word changes that the repair makes exactly, and the
    changes it makes that the original does not have."""
    wanted = _changed_words(spun, original)
    repaired = textmend.repair(spun).text
    made = _changed_words(spun, repaired)
    hits = [m for m in made if m in wanted]
    extra = [m for m in made if m not in wanted]
    return len(hits) / len(wanted), extra


@pytest.mark.xfail(strict=True, reason="'the primary' -> 'the first' gets confidence 0.70 in this one sentence "
                   "(0.85 in the bundled article): the sentence's spin rate is estimated at 0.11 (two swaps in 13 "
                   "words); at 0.2 it would be 0.85 (issue 10)")
def test_prisoner_of_war_and_the_first() -> None:
    spun = "The soldier is believed to be the primary North Korean prisoner of warfare."
    assert textmend.repair(spun).text == "The soldier is believed to be the first North Korean prisoner of war."


MISSED_IN_EXAMPLE = pytest.mark.xfail(
    strict=True, reason="confidence below the threshold, the article's spin rate estimated at 0.16 where about "
    "0.3 of its eligible words are swapped: 'play in the warfare' -> 'war' 0.23 (0.50 at rate 0.3, 0.77 at 0.5); "
    "'an indication of' -> 'a sign of' 0.29 (0.42 at 0.3, 0.67 at 0.5); 'area' -> 'region' 0.01 behind "
    "'country' 0.07 (0.11 at 0.5): the pruned LM has no bigram of a place name and 'region' (nor of 'Moscow' or "
    "'Crimea'; 'Kursk' is unknown), so 'region' loses to 'area' by its unigram wherever it follows one (issue 10)"
)


@pytest.mark.parametrize(
    ("spun", "original"),
    [
        pytest.param("play in the warfare", "play in the war", marks=MISSED_IN_EXAMPLE),
        pytest.param("Kursk area", "Kursk region", marks=MISSED_IN_EXAMPLE),
        pytest.param("an indication of", "a sign of", marks=MISSED_IN_EXAMPLE),
        ("the primary North Korean", "the first North Korean"),  # 0.87 with the function-word rate
    ],
)
def test_bundled_example_phrases(spun: str, original: str) -> None:
    text = (EXAMPLES / "spun_article.txt").read_text(encoding="utf-8")
    repaired = textmend.repair(text).text
    assert spun in text
    assert original in repaired and spun not in repaired


@pytest.mark.parametrize(
    "clean",
    [
        "State troopers were called to the scene.",
        "The parcel was despatched on Tuesday.",
        "He made an affirmation of faith.",
        "In this scoring, a kicker will get 1 point for each field goal.",
        # 'anti-racketeering laws' -> 'ricos' (0.99) until the channel pruned lone generated lemma swaps
        "Prosecutors said the charges fall under federal anti-racketeering laws.",
        pytest.param("The council said there were nonetheless good reasons to wait.",
                     marks=pytest.mark.xfail(strict=True, reason="'nonetheless' -> 'still' at 0.77 "
                                             "(function-word; 0.92 before the span's own ratio was left out of "
                                             "its document prior), found by the qa2 run on a clean corpus article")),
        "The company informed investors of the change.",  # 'told' only a suggestion (0.56)
        *(pytest.param(sentence, marks=pytest.mark.xfail(strict=True, reason=f"'informed' -> 'told' at {c} "
                       "(function-word): the language model prefers 'told' by +4.6 to +6.4 log10 and a lone "
                       "sentence's spin rate is estimated at 0.09-0.11; a new user's sentences (2026-12-02 tryout)"))
          for sentence, c in [("The ministry informed reporters that the talks had collapsed.", 0.86),
                              ("Police informed reporters that the suspect had fled.", 0.96),
                              ("Officials informed the BBC that it was true.", 0.79)]),
        # 'stated' -> 'said' at 0.88-0.91 (function-word) until a span's own ratio was left out of its
        # document prior (spin_rate.RateEstimate.held_out): 0.68-0.74, a suggestion (tryout15)
        *(pytest.param(sentence, marks=pytest.mark.xfail(strict=True, reason=f"'stated' -> 'said' at {c} "
                       "(function-word), was 0.735-0.744: the refit of 2026-12-02 16:40 (after 'greater than' -> "
                       "'more than' became a function-word candidate of the fit's rows, no term) raised the rule's "
                       "confidences; the rule's net slope on the region's rate is negative (-0.69), so a lone "
                       "clean sentence's low rate lifts it (benchmarks/HARM.md)"))
          for sentence, c in [("The minister stated that no decision had been made.", 0.754),
                              ("Police stated that the man had been arrested.", 0.755)]),
        "The company stated in its annual report that sales had fallen.",
        "Prices have risen by 3% over the last 12 months.",  # no spun form of "last year" (issue 10)
        pytest.param("The spokesman noted that the figures were provisional.",
                     marks=pytest.mark.xfail(strict=True, reason="spin score 0.81 (check flags it), no edit: "
                                             "'provisional' -> 'given' at 0.69 (thesaurus; the LM prefers 'were "
                                             "given.') and 'noted' -> 'said' at 0.32 (tryout15)")),
        pytest.param("The flat is 500 sq ft and costs a lot.",
                     marks=pytest.mark.xfail(strict=True, reason="'sq ft' -> 'square foot' at 0.97 (thesaurus, "
                                             "source 'generated': WordNet lists the abbreviation as a lemma of its "
                                             "synset); the channel has no notion of an abbreviation (probe, 2026-12-04)")),
        pytest.param("She stated her name.",
                     marks=pytest.mark.xfail(strict=True, reason="'stated' -> 'said' at 0.82 (function-word, LM "
                                             "+4.86, the lone sentence's rate 0.04: the rule's negative rate slope, "
                                             "benchmarks/FUNCTION_WORDS.md)")),
        pytest.param("There are nonetheless good reasons to believe it.",
                     marks=pytest.mark.xfail(strict=True, reason="'nonetheless' -> 'still' at 0.81 (function-word, "
                                             "LM +4.92: 'are nonetheless' backs off where 'there are still' is a "
                                             "common trigram; rate 0.01). The benchmark's one edit in the clean part "
                                             "of a spun article after 3 clean ones (RESULTS.md, 2026-12-04)")),
    ],
)
def test_clean_sentences_stay_and_score_low(clean: str) -> None:
    result = textmend.repair(clean)
    assert result.text == clean
    assert result.spin_score < 0.5


def test_the_authors_last_12_months_stay_in_a_spun_sentence() -> None:
    # wordlists/function_words.tsv listed "last 12 months" as a spun form of "last year" (issue 10)
    spun = ("Over the last 12 months, the firm has additionally been capable of cut its debt, in line with "
            "its annual report.")
    assert textmend.repair(spun).text == ("Over the last 12 months, the firm has also been able to cut its "
                                          "debt, in line with its annual report.")


def test_subsequent_12_months_is_next_12_months_where_the_verb_says_so() -> None:
    # "subsequent 12 months" had one candidate, "next year" (1.00); "next 12 months" is one now (issue 10)
    spun = "The subsequent 12 months look like they are going to be busy for the firm."
    assert textmend.repair(spun).text == "The next 12 months look like they are going to be busy for the firm."


@pytest.mark.xfail(strict=True, reason="'final 12 months' -> 'last year' at 0.93: 'last 12 months' is a candidate "
                   "but the language model prefers 'The last year have seen' by +0.86 log10 and its context-free "
                   "prior by +2.2 (issue 10; 4 of the 16 wrong edits of the function-word spinner at rate 0.15)")
def test_final_12_months_is_last_12_months_where_the_verb_says_so() -> None:
    spun = "The final 12 months have seen a dramatic growth in almost every security threat."
    assert textmend.repair(spun).text == ("The last 12 months have seen a dramatic growth in almost every security "
                                          "threat.")


@pytest.mark.xfail(strict=True, reason="'the affirmation' -> 'the statement' at 0.84 (thesaurus); the original "
                   "'confirmation' is its third alternative at 0.05. And two function-word edits in a passage whose "
                   "function words read as spun: 'Nevertheless' -> 'But' at 0.75 (the author wrote 'However', its "
                   "second alternative) and the author's own 'verified' -> 'confirmed' at 0.76")
def test_bundled_example_edits_restore_the_original_wording() -> None:
    spun = (EXAMPLES / "spun_article.txt").read_text(encoding="utf-8")
    original = (EXAMPLES / "original_article.txt").read_text(encoding="utf-8").lower()
    wrong = [(e.original, e.replacement) for e in textmend.repair(spun).edits if e.replacement.lower() not in original]
    assert wrong == []


def test_eight_copies_get_eight_times_the_edits() -> None:
    """Every copy is repaired as the article alone: a pasted copy is no new evidence for the
    spin-rate model (``textmend.detect.copy_weights``). Without that, the copies pooled eight
    times the evidence and each gained 3 edits the article alone does not get (88, not 64)."""
    one = (EXAMPLES / "spun_article.txt").read_text(encoding="utf-8").strip()
    single = {(e.start, e.replacement) for e in textmend.repair(one).edits}
    assert single
    step = len(one) + 2
    eight = textmend.repair("\n\n".join([one] * 8))
    copies = [{(e.start - k * step, e.replacement) for e in eight.edits if k * step <= e.start < (k + 1) * step}
              for k in range(8)]
    assert all(c == single for c in copies)
    assert len(eight.edits) == 8 * len(single)


def test_copies_pasted_on_one_line_score_as_one_copy() -> None:
    """A paste on one line was one region: 40 copies scored 0.04 where one scores 1.00 (their edits
    were still made). Its sentences are regions of their own now (``detect.LONG_LINE_WORDS``,
    benchmarks/SPIN_SCORE.md, 2026-12-03 night)."""
    one = " ".join((EXAMPLES / "spun_article.txt").read_text(encoding="utf-8").split())
    alone = textmend.score(one)
    assert alone >= 0.9
    assert textmend.score(" ".join([one] * 40)) == pytest.approx(alone, abs=0.05)


def test_a_spun_paragraph_after_clean_text_is_repaired_and_the_clean_part_kept() -> None:
    clean = (EXAMPLES / "clean_article.txt").read_text(encoding="utf-8").strip()
    spun = (EXAMPLES / "spun_article.txt").read_text(encoding="utf-8").strip()
    alone = textmend.repair(spun)
    joined = textmend.repair(clean + "\n\n" + clean + "\n\n" + clean + "\n\n" + spun)
    offset = 3 * (len(clean) + 2)
    in_clean = [e for e in joined.edits if e.start < offset]
    in_spun = {(e.start - offset, e.replacement) for e in joined.edits if e.start >= offset}
    assert not in_clean
    # restorations (issue 10): edits alone whose replacement the author wrote; the article's wrong edits
    # near the threshold may go (the clean prefix dilutes the document's function-word rate)
    original = (EXAMPLES / "original_article.txt").read_text(encoding="utf-8").lower()
    restored = {(e.start, e.replacement) for e in alone.edits if e.replacement.lower() in original}
    assert restored and len(restored & in_spun) >= 0.9 * len(restored)


def test_every_edit_carries_its_evidence_and_alternatives() -> None:
    result = textmend.repair((EXAMPLES / "spun_article.txt").read_text(encoding="utf-8"))
    assert result.regions and all(0.0 <= r.spin_rate <= 1.0 for r in result.regions)
    for edit in result.edits:
        assert edit.evidence is not None and 0.0 < edit.evidence.spin_rate < 1.0
        assert edit.evidence.sources
        assert 1 <= len(edit.alternatives) <= 3
        assert edit.alternatives[0] == (edit.replacement, pytest.approx(edit.confidence))
        # the others by their posterior over every candidate (textmend.alternatives), best first
        rest = [c for _, c in edit.alternatives[1:]]
        assert rest == sorted(rest, reverse=True)


ISSUE_11 = [
    pytest.param(
        'She felt a pressing faucet on her shoulder. "I used to be indisputably surprised," she said.',
        'She felt an urgent tap on her shoulder. "I was definitely shocked," she said.',
        id="faucet",
    ),
    pytest.param(
        "Underneath the new rules, a readiness to pay is enough: each bid costs 60 pennies to put.",
        "Under the new rules, a willingness to pay is enough: each bid costs 60 cents to place.",
        id="pennies",
    ),
    pytest.param(
        "The host, Invoice Nye the Science Man, warned that the city was on an unhealthy trail.",
        "The host, Bill Nye the Science Guy, warned that the city was on a bad path.",
        id="bill-nye",
    ),
]


@pytest.mark.xfail(strict=True, reason="under half restored: one spun sentence is short evidence for the spin "
                   "rate, and several originals (urgent, willingness, place, Guy) are loose thesaurus candidates (issue 11)")
@pytest.mark.parametrize(("spun", "original"), ISSUE_11)
def test_paraphrased_real_inputs_half_restored_nothing_else(spun: str, original: str) -> None:
    share, extra = _restored_share(spun, original)
    assert not extra, f"changed words the original does not change: {extra}"
    assert share >= 0.5


def test_adjacent_edits_do_not_compose_into_nonsense() -> None:
    # 'spy' -> 'undercover agent' once won on the LM preferring a vowel after the written 'an'; an
    # original is now scored with the article the repair writes with it (textmend.context). Adjacent
    # findings are still decided each in the other's unrepaired context.
    result = textmend.repair("The BBC was told that an spy company existed.")
    assert "undercover agent agency" not in result.text


def test_a_hard_wrapped_sentence_is_repaired_as_on_one_line() -> None:
    sentence = "He is the primary prisoner of warfare."
    one_line = [(e.original, e.replacement) for e in textmend.repair(sentence).edits]
    wrapped = [(e.original, e.replacement) for e in textmend.repair(sentence.replace(" of", "\nof")).edits]
    assert one_line and wrapped == one_line


@pytest.mark.xfail(
    strict=True,
    reason="Known miss: the 'term' candidate fires on 'prisoner of warfare' but not when brackets "
    "or quotes surround one word of the span. Bridging that punctuation safely (the edit inside the "
    "brackets, the LM window across them, no change on any text without such punctuation, checked "
    "with speed_check identity and harm.py) was not done in the qa7b session (2026-12-01).",
)
@pytest.mark.parametrize("text", ["He is a prisoner of (warfare).", 'He is a prisoner of "warfare".'])
def test_term_span_with_one_bracketed_or_quoted_word_is_repaired(text: str) -> None:
    assert textmend.repair("He is a prisoner of warfare.").text == "He is a prisoner of war."
    result = textmend.repair(text)
    assert result.text == text.replace("warfare", "war")
    assert [(e.original, e.replacement) for e in result.edits] == [("warfare", "war")]
