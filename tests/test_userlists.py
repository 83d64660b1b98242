"""User wordlists: literal phrases, size-limited, validated, errors naming file:line."""

from __future__ import annotations

import pickle
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textmend import Config
from textmend.config import resolve_config
from textmend.userlists import (
    MAX_ENTRIES,
    MAX_FILE_BYTES,
    MAX_PHRASE_CHARS,
    UserListError,
    load_allow_list,
    load_extra_pairs,
    normalise_phrase,
    parse_allow_list,
    parse_extra_pairs,
)


def _error(func, text, source="list.txt"):
    with pytest.raises(UserListError) as info:
        func(text, source=source)
    return info.value


# --- the format --------------------------------------------------------------


def test_allow_list_basic_format():
    text = "# people and places\n\nPrisoner of  War\n  spy agency  \n\t\nKursk region # a comment\n"
    assert parse_allow_list(text) == frozenset({"prisoner of war", "spy agency", "kursk region"})


def test_allow_list_normalises_case_whitespace_and_nfc():
    decomposed = "Cafe\u0301   Society"  # e + combining acute
    assert parse_allow_list(decomposed) == frozenset({"caf\u00e9 society"})
    assert normalise_phrase("  THE\u00a0Troopers\t ") == "the troopers"


def test_bom_and_crlf_are_accepted():
    assert parse_allow_list("\ufeffspy agency\r\nprisoner of war\r\n") == frozenset(
        {"spy agency", "prisoner of war"}
    )


def test_hash_inside_a_word_is_literal():
    assert parse_allow_list("c# programming\n") == frozenset({"c# programming"})
    assert parse_allow_list("c #1\n") == frozenset({"c"})


def test_empty_file_gives_empty_results():
    assert parse_allow_list("") == frozenset()
    assert parse_extra_pairs("# only a comment\n\n") == ()


def test_extra_pairs_tab_and_arrow_in_file_order():
    text = "troopers\tsoldiers\nSpy Company -> spy agency\nin line with\t\taccording to  # news\n"
    assert parse_extra_pairs(text) == (
        ("troopers", "soldiers"),
        ("spy company", "spy agency"),
        ("in line with", "according to"),
    )


def test_arrow_without_spaces_and_hyphenated_words():
    assert parse_extra_pairs("large-scale->full-scale\n") == (("large-scale", "full-scale"),)


def test_regex_metacharacters_are_literal_text():
    # Nothing a user writes is compiled: these are phrases, kept as written.
    assert parse_allow_list("(a+)+$\n") == frozenset({"(a+)+$"})
    assert parse_extra_pairs("a.*b -> [x]\n") == (("a.*b", "[x]"),)


def test_user_phrases_plug_into_config():
    allow = parse_allow_list("spy agency\n")
    pairs = parse_extra_pairs("troopers\tsoldiers\n")
    config = resolve_config(None, {"allow": allow, "extra_pairs": pairs})
    assert config.allow == frozenset({"spy agency"})
    assert config.extra_pairs == (("troopers", "soldiers"),)
    assert pickle.loads(pickle.dumps(config)) == config
    assert Config(allow=allow, extra_pairs=pairs).allow == allow


@pytest.mark.parametrize(
    ("allow", "message"),
    [
        ([""], "allow item '': empty phrase"),
        (["a\x01b"], "allow item 'a\\x01b': phrase contains a control character (U+0001)"),
        (["Spy agency", "spy  agency"], "allow item 'spy  agency': duplicate phrase 'spy agency' (the same words as 'Spy agency')"),
    ],
)
def test_a_bad_allow_phrase_in_config_says_which(allow, message):
    """The API's allow list is a set, not a file: the error names the phrase, not a line
    ('allow phrase empty phrase', '(already on line 1)' before; qa6)."""
    with pytest.raises(ValueError) as err:
        resolve_config(None, {"allow": allow})
    assert str(err.value) == message


# --- files -----------------------------------------------------------------


def test_load_from_path_and_str(tmp_path):
    allow = tmp_path / "allow.txt"
    allow.write_text("Spy Agency\n", encoding="utf-8")
    extra = tmp_path / "extra.txt"
    extra.write_text("troopers\tsoldiers\n", encoding="utf-8")
    assert load_allow_list(allow) == frozenset({"spy agency"})
    assert load_allow_list(str(allow)) == frozenset({"spy agency"})
    assert load_extra_pairs(extra) == (("troopers", "soldiers"),)


def test_error_names_the_file_and_line(tmp_path):
    path = tmp_path / "extra.txt"
    path.write_text("# header\ntroopers\tsoldiers\nbad line without separator\n", encoding="utf-8")
    with pytest.raises(UserListError) as info:
        load_extra_pairs(path)
    assert str(info.value).startswith(f"{path}:3: ")
    assert info.value.source == str(path)
    assert info.value.line == 3


def test_invalid_utf8_names_the_line(tmp_path):
    path = tmp_path / "allow.txt"
    path.write_bytes(b"spy agency\nfine\ncaf\xe9 latin-1\n")
    with pytest.raises(UserListError, match=r"allow\.txt:3: not valid UTF-8"):
        load_allow_list(path)


def test_pickle_bytes_are_not_unpickled(tmp_path):
    path = tmp_path / "evil.txt"
    path.write_bytes(pickle.dumps({"spy company": "spy agency"}))
    with pytest.raises(UserListError):
        load_extra_pairs(path)


def test_python_code_is_not_evaluated(tmp_path, monkeypatch):
    path = tmp_path / "evil.txt"
    path.write_text("__import__('os') -> 1\n", encoding="utf-8")
    monkeypatch.setattr("builtins.eval", lambda *a: pytest.fail("eval called"))
    monkeypatch.setattr("builtins.exec", lambda *a: pytest.fail("exec called"))
    assert load_extra_pairs(path) == (("__import__('os')", "1"),)


def test_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    with pytest.raises(UserListError, match="larger than the 1,048,576-byte limit") as info:
        load_allow_list(path)
    assert info.value.line is None
    with pytest.raises(UserListError, match="larger than"):
        parse_allow_list("#" * (MAX_FILE_BYTES + 1))


def test_missing_file_raises_oserror(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_allow_list(tmp_path / "nope.txt")


# --- validation ------------------------------------------------------------


def test_too_many_entries():
    text = "".join(f"word{i}\n" for i in range(MAX_ENTRIES))
    assert len(parse_allow_list(text)) == MAX_ENTRIES
    err = _error(parse_allow_list, text + "one too many\n")
    assert err.line == MAX_ENTRIES + 1
    assert "more than 10,000 entries" in str(err)


def test_phrase_too_long():
    err = _error(parse_allow_list, "ok\n" + "x" * (MAX_PHRASE_CHARS + 1) + "\n")
    assert str(err).startswith("list.txt:2: phrase is 201 characters long")


def test_phrase_too_many_words():
    assert parse_allow_list("one two three four\n")
    assert parse_allow_list("russia's full-scale 10,000 troops!\n")
    err = _error(parse_allow_list, "one two three four five\n")
    assert "5 words; the limit is 4" in str(err)
    err = _error(parse_extra_pairs, "a b c d e\tx\n")
    assert "spun form" in str(err) and "words" in str(err)


def test_phrase_without_words_is_an_error():
    err = _error(parse_allow_list, "ok\n!!! ...\n")
    assert err.line == 2 and "no words" in str(err)
    err = _error(parse_extra_pairs, "troopers -> \U0001F600\n")
    assert "original" in str(err) and "no words" in str(err)


def test_phrases_compare_by_their_words():
    # The engine keys phrases by words, so these are the same spun form.
    err = _error(parse_extra_pairs, "u.s. army -> american army\nU S Army\tus forces\n")
    assert err.line == 2 and "is mapped to" in str(err)
    err = _error(parse_allow_list, "u.s.\nu s\n")
    assert "duplicate" in str(err)
    err = _error(parse_extra_pairs, "u.s. -> u s\n")
    assert "are the same" in str(err)


@pytest.mark.parametrize(
    "line, reason",
    [
        ("troopers\t\n", "empty side"),
        ("\tsoldiers\n", "empty side"),
        (" -> soldiers\n", "empty side"),
        ("troopers -> \n", "empty side"),
        ("troopers soldiers\n", "expected 'spun<TAB>original' or 'spun -> original'"),
        ("a\tb\tc\n", "found 3 fields"),
        ("a -> b -> c\n", "more than one '->'"),
        ("Troopers\ttroopers\n", "are the same"),
        ("spy  agency -> SPY AGENCY\n", "are the same"),
    ],
)
def test_bad_pair_lines(line, reason):
    err = _error(parse_extra_pairs, "# first\n" + line)
    assert err.line == 2
    assert reason in str(err)
    assert str(err).startswith("list.txt:2: ")


@pytest.mark.parametrize(
    "char", ["\x00", "\x1b", "\r", "\x7f", "\x85", "\u202e", "\u2066", "\u2028", "\ud800"]
)
def test_control_characters_are_errors(char):
    err = _error(parse_allow_list, f"fine\nspy{char}agency\n")
    assert err.line == 2
    what = "carriage return" if char == "\r" else "control character"
    assert what in str(err)
    err = _error(parse_extra_pairs, f"spy company\tspy{char}agency\n")
    assert f"original contains a {what}" in str(err)


def test_duplicate_allow_phrase():
    err = _error(parse_allow_list, "spy agency\nother\nSpy  Agency\n")
    assert err.line == 3
    assert "already on line 1" in str(err)


def test_duplicate_pair():
    err = _error(parse_extra_pairs, "troopers\tsoldiers\nTroopers -> Soldiers\n")
    assert err.line == 2
    assert "duplicate pair" in str(err) and "line 1" in str(err)


def test_contradicting_pairs():
    err = _error(parse_extra_pairs, "troopers\tsoldiers\nx -> y\ntroopers\ttroops\n")
    assert err.line == 3
    assert "'troopers' is mapped to 'troops' here but to 'soldiers' on line 1" in str(err)


@pytest.mark.parametrize(
    "text, line",
    [
        ("a -> b\nb -> c\n", 2),  # a chain: repairs would depend on how often they run
        ("b -> c\na -> b\n", 2),
        ("a -> b\nb -> a\n", 2),  # a cycle
        ("war -> prisoner of war\n", 1),  # would grow on every run
        ("war -> battle\nx y -> prisoner of war\n", 2),
        ("x y -> prisoner of war\nwar -> battle\n", 2),
    ],
)
def test_chains_are_errors(text, line):
    err = _error(parse_extra_pairs, text)
    assert err.line == line
    assert "chain" in str(err) or "grow" in str(err)


def test_error_is_a_picklable_value_error():
    err = _error(parse_allow_list, "a\na\n")
    assert isinstance(err, ValueError)
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.source, copy.line, copy.reason, str(copy)) == (
        err.source,
        err.line,
        err.reason,
        str(err),
    )


def test_non_str_text_is_a_type_error():
    with pytest.raises(TypeError):
        parse_allow_list(b"spy agency\n")  # type: ignore[arg-type]


# --- hostile input stays linear --------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "a" + " " * 500_000 + "b",  # long whitespace run, no separator
        "-" * 500_000,
        "#" * 500_000 + "x",
        "a-" * 250_000,
        "x" + " #" * 250_000,
        ">" + " -" * 250_000,
    ],
    ids=["spaces", "dashes", "hashes", "hyphen-words", "comment-runs", "arrow-halves"],
)
def test_pathological_lines_fail_fast(line):
    start = time.perf_counter()
    for parse in (parse_extra_pairs, parse_allow_list):
        try:
            parse("x -> y\n" + line + "\n")
        except UserListError:
            pass
    # Generous: a quadratic scan of these lines would take minutes.
    assert time.perf_counter() - start < 2.0


# --- properties --------------------------------------------------------------

_word = st.text(
    alphabet=st.characters(categories=("L", "N"), exclude_characters="\u0130"),
    min_size=1,
    max_size=12,
)
_phrase = st.lists(_word, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_parses_or_raises_user_list_error(text):
    for parse in (parse_allow_list, parse_extra_pairs):
        try:
            result = parse(text, source="fuzz.txt")
        except UserListError as err:
            assert str(err).startswith("fuzz.txt")
        else:
            assert isinstance(result, (frozenset, tuple))


@settings(max_examples=100, deadline=None)
@given(st.lists(_phrase, max_size=20, unique_by=normalise_phrase))
def test_written_allow_list_reads_back_normalised(phrases):
    phrases = [p for p in phrases if normalise_phrase(p) and len(normalise_phrase(p)) <= 200]
    text = "".join(f"{p.upper()}  # note\n" for p in phrases)
    try:
        parsed = parse_allow_list(text)
    except UserListError as err:  # upper() can merge phrases or grow the word count
        assert "duplicate" in str(err) or "words" in str(err)
        return
    assert parsed == frozenset(normalise_phrase(p.upper()) for p in phrases)
