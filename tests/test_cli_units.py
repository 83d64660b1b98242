"""In-process tests of the CLI's helper modules: jsonl splicing, textio, parallel, line index."""

from __future__ import annotations

import codecs
import json
import os
import stat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textmend import jsonl, textio
from textmend.parallel import ordered_map
from textmend.records import LineIndex

REPORT = {"spin_score": 0.5, "edits": []}


# --------------------------------------------------------------------------- jsonl


@pytest.mark.parametrize(
    ("line", "new", "expected"),
    [
        ('{"text": "a"}', "b", '{"text": "b", "textmend": {R}}'),
        ('{"text":"a"}', None, '{"text":"a","textmend":{R}}'),
        ('  {"text": "a"}  ', "b", '  {"text": "b", "textmend": {R}}  '),
        (
            '{"text": "a", "text": "c"}',
            "b",
            '{"text": "a", "text": "b", "textmend": {R}}',
        ),  # last wins, as json.loads
        ('{"t\\u0065xt": "a"}', "b", '{"t\\u0065xt": "b", "textmend": {R}}'),
        ('{"x": "\\"text\\": ", "text": "a"}', "b", '{"x": "\\"text\\": ", "text": "b", "textmend": {R}}'),
        (
            '{"x": [{"text": "}"}, "]"], "text": "a"}',
            "b",
            '{"x": [{"text": "}"}, "]"], "text": "b", "textmend": {R}}',
        ),
        ('{"text": "a", "textmend": 7, "z": 1}', "b", '{"text": "b", "textmend": {R}, "z": 1}'),
        ('{"text": "é"}', "ü", '{"text": "ü", "textmend": {R}}'),
        ('{"text": "a"}', "ü", '{"text": "\\u00fc", "textmend": {R}}'),  # ASCII record stays ASCII
        ('{"text":\n"a"}', "b", '{"text":\n"b", "textmend": {R}}'),  # never adds a line break
    ],
)
def test_splice(line, new, expected):
    record = jsonl.parse(line)
    out = jsonl.splice(record, "text", new, REPORT)
    colon_space = '"textmend": ' in out
    report = json.dumps(REPORT, separators=(", ", ": ") if colon_space else (",", ":"))
    assert out == expected.replace("{R}", report)


def test_empty_object_and_errors():
    record = jsonl.parse("{}")
    assert jsonl.splice(record, "text", None, {}) == '{"textmend": {}}'
    with pytest.raises(jsonl.RecordError, match="no 'text' field"):
        record.field_text("text")
    with pytest.raises(jsonl.RecordError, match="is a number, not a string"):
        jsonl.parse('{"text": 3}').field_text("text")
    with pytest.raises(jsonl.RecordError, match="expected a JSON object, got an array"):
        jsonl.parse("[1]")
    with pytest.raises(jsonl.RecordError, match=r"invalid JSON: .*\(column 9\)"):
        jsonl.parse('{"a": 1,}')
    with pytest.raises(jsonl.RecordError, match="nested too deeply"):
        jsonl.parse("[" * 100_000 + "]" * 100_000)


_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8))
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(
    members=st.dictionaries(
        st.text(max_size=6).filter(lambda k: k not in ("text", "textmend")), _values, max_size=5
    ),
    position=st.integers(min_value=0, max_value=5),
    text=st.text(max_size=20),
    new=st.one_of(st.none(), st.text(max_size=20)),
    ensure_ascii=st.booleans(),
    separators=st.sampled_from([(", ", ": "), (",", ":"), (" , ", " : ")]),
)
def test_splice_changes_only_the_field_and_report(members, position, text, new, ensure_ascii, separators):
    items = list(members.items())
    items.insert(min(position, len(items)), ("text", text))
    line = json.dumps(dict(items), ensure_ascii=ensure_ascii, separators=separators)
    record = jsonl.parse(line)
    assert record.field_text("text") == text
    out = jsonl.splice(record, "text", new, REPORT)
    parsed = json.loads(out)
    assert parsed == {**dict(items), "text": text if new is None else new, "textmend": REPORT}
    assert "\n" not in out
    # every other member's exact source text survives
    for m in record.members:
        if m.key != "text":
            assert line[m.key_start : m.value_end] in out
    if new is None:
        assert out.startswith(line[: record.close].rstrip())


# --------------------------------------------------------------------------- textio


def test_decode():
    assert textio.decode(b"\xef\xbb\xbfhi\r\n", "x") == ("hi\r\n", "utf-8", b"\xef\xbb\xbf")
    assert textio.decode(b"caf\xe9", "x", "latin-1").text == "café"
    with pytest.raises(textio.InputError, match=r"^x:1: cannot decode byte 0xe9 at offset 6 as utf-8"):
        textio.decode(b"\xef\xbb\xbfcaf\xe9", "x")
    with pytest.raises(textio.InputError, match="binary file"):
        textio.decode(b"a\x00b", "x")
    with pytest.raises(textio.InputError, match="unknown encoding"):
        textio.decode(b"a", "x", "klingon")
    decoded = textio.decode(b"\xef\xbb\xbfa", "x")
    assert decoded.encode("b", "x") == b"\xef\xbb\xbfb"
    with pytest.raises(textio.InputError, match="cannot be written back as iso8859-1"):
        textio.decode(b"a", "x", "latin-1").encode("☃", "x")
    assert textio.is_ascii_compatible("utf-8") and not textio.is_ascii_compatible("utf-16")


def test_atomic_output_commit_and_keep_mode(tmp_path):
    target = tmp_path / "f.txt"
    target.write_bytes(b"old")
    target.chmod(0o640)
    with textio.AtomicOutput(str(target)) as handle:
        handle.write(b"new")
        assert target.read_bytes() == b"old"  # nothing visible until commit
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    fresh = tmp_path / "fresh.txt"
    with textio.AtomicOutput(str(fresh)) as handle:
        handle.write(b"x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.txt", "fresh.txt"]


@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt, OSError])
def test_atomic_output_discards_on_failure(tmp_path, error):
    target = tmp_path / "f.txt"
    target.write_bytes(b"old")
    expected = textio.InputError if error is OSError else error
    with pytest.raises(expected):
        with textio.AtomicOutput(str(target)) as handle:
            handle.write(b"partial")
            raise error(28, "No space left on device") if error is OSError else error()
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]


def test_atomic_output_special_targets(tmp_path):
    with textio.AtomicOutput(os.devnull) as handle:  # not replaced: written directly
        handle.write(b"x")
    assert os.path.exists(os.devnull) and not os.path.isfile(os.devnull)
    with pytest.raises(textio.InputError, match="is a directory"):
        with textio.AtomicOutput(str(tmp_path)):
            pass
    with pytest.raises(textio.InputError, match="No such file or directory"):
        with textio.AtomicOutput(str(tmp_path / "missing" / "f.txt")):
            pass


# --------------------------------------------------------------------------- parallel, lines


def _square(item, config):
    if item == -1:
        raise ValueError("bad item")
    return item * item + config


def test_ordered_map_keeps_order_and_raises():
    items = list(range(50))
    expected = [i * i + 1 for i in items]
    assert list(ordered_map(_square, iter(items), 1, jobs=1)) == expected
    assert list(ordered_map(_square, iter(items), 1, jobs=2, window=3)) == expected
    results = ordered_map(_square, iter([1, 2, -1, 4]), 0, jobs=2)
    assert next(results) == 1 and next(results) == 4
    with pytest.raises(ValueError, match="bad item"):
        next(results)


def test_line_index():
    text = "ab\r\ncd\ref\ngh"
    lines = LineIndex(text)
    assert [lines.position(text.index(c)) for c in "acegh"] == [(1, 1), (2, 1), (3, 1), (4, 1), (4, 2)]
    assert lines.line_span(text.index("d")) == (4, 6)
    assert LineIndex("").position(0) == (1, 1)


@pytest.mark.parametrize("codec", ["rot13", "base64", "hex", "zlib"])
def test_a_codec_that_is_not_a_text_encoding_is_refused_by_name(codec):
    # codecs.lookup knows these, but bytes.decode refuses them ("not a text encoding"):
    # they must be an unknown --encoding, not an internal error.
    with pytest.raises(textio.InputError, match=f"^unknown encoding '{codec}'"):
        textio.normalise_encoding(codec)


@pytest.mark.parametrize(
    "data, codec",
    [
        ("hi".encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + "hi".encode("utf-16-be"), "utf-16"),
        ("hi".encode("utf-32"), "utf-32"),
    ],
)
def test_a_utf16_or_utf32_file_read_as_utf8_names_the_encoding_to_pass(data, codec):
    # Windows PowerShell 5's '>' and Notepad's "Unicode" write UTF-16 with a byte-order mark;
    # "cannot decode byte 0xff ... pass --encoding" did not say which
    with pytest.raises(textio.InputError, match=f"pass --encoding {codec} "):
        textio.decode(data, "x")
    assert textio.decode(data, "x", codec).text == "hi"
