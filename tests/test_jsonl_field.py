"""``--jsonl --field``: the name of a top-level string member, as written. A field that is an
object (a user who meant a dotted path), a dotted name the record lacks, or a value that is not a
string is one line on stderr naming FILE:LINE and saying that dotted paths are not supported; the
run exits 2 and leaves no partial output."""

from __future__ import annotations

import json

import pytest

from textmend import jsonl
from tests.cli_helpers import CLEAN, FIXED, SPUN, one_error_line, run

NESTED = json.dumps({"id": 1, "a": {"n": 1, "b": SPUN}}) + "\n"
NUMBER = json.dumps({"id": 2, "a": 3}) + "\n"
LITERAL = json.dumps({"a.b": SPUN, "a": {"b": CLEAN}}) + "\n"


def test_the_messages_say_that_dotted_paths_are_not_supported():
    with pytest.raises(jsonl.RecordError) as nested:
        jsonl.parse(NESTED).field_text("a")
    assert str(nested.value) == (
        "field 'a' is an object, not a string; --field takes the name of a top-level string member "
        "(dotted paths such as 'a.b' are not supported)"
    )
    with pytest.raises(jsonl.RecordError) as dotted:
        jsonl.parse(NESTED).field_text("a.b")
    assert str(dotted.value) == (
        "record has no 'a.b' field; --field takes the name of a top-level member as written "
        "(dotted paths into nested objects are not supported)"
    )
    with pytest.raises(jsonl.RecordError, match=r"^record has no 'body' field; choose the field to read with --field$"):
        jsonl.parse(NESTED).field_text("body")
    with pytest.raises(jsonl.RecordError, match=r"^field 'a' is a number, not a string$"):
        jsonl.parse(NUMBER).field_text("a")
    with pytest.raises(jsonl.RecordError, match=r"dotted paths such as 'a\.key' are not supported"):
        jsonl.parse('{"a": {}}').field_text("a")
    assert jsonl.parse(LITERAL).field_text("a.b") == SPUN  # a dotted name is a member's name


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("a", "records.jsonl:2: field 'a' is an object, not a string; --field takes the name of a top-level "
              "string member (dotted paths such as 'a.b' are not supported)"),
        ("a.b", "records.jsonl:1: record has no 'a.b' field; --field takes the name of a top-level member as "
                "written (dotted paths into nested objects are not supported)"),
    ],
)
def test_repair_stops_at_the_record_with_one_line_and_no_output(tmp_path, field, message):
    (tmp_path / "records.jsonl").write_text(json.dumps({"a": SPUN}) + "\n" + NESTED, encoding="utf-8")
    before = (tmp_path / "records.jsonl").read_bytes()
    to_stdout = run("repair", "--jsonl", "--field", field, "records.jsonl", cwd=tmp_path)
    assert to_stdout.returncode == 2 and to_stdout.stdout == b""
    assert one_error_line(to_stdout.stderr) == f"textmend: error: {message}"
    to_file = run("repair", "--jsonl", "--field", field, "records.jsonl", "-o", "out.jsonl", cwd=tmp_path)
    assert to_file.returncode == 2 and not (tmp_path / "out.jsonl").exists()
    in_place = run("repair", "--jsonl", "--field", field, "--in-place", "records.jsonl", cwd=tmp_path)
    assert in_place.returncode == 2 and (tmp_path / "records.jsonl").read_bytes() == before
    assert in_place.stderr.splitlines()[0].endswith(message.split(": ", 1)[1])


def test_repair_names_the_first_record_that_fails(tmp_path):
    (tmp_path / "records.jsonl").write_text(NESTED + NUMBER, encoding="utf-8")
    proc = run("repair", "--jsonl", "--field", "a.b", "records.jsonl", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == b""
    assert one_error_line(proc.stderr).startswith("textmend: error: records.jsonl:1: record has no 'a.b' field; ")


def test_check_and_explain_name_each_record_and_exit_2(tmp_path):
    (tmp_path / "records.jsonl").write_text(NESTED + NUMBER, encoding="utf-8")
    check = run("check", "--jsonl", "--field", "a", "records.jsonl", cwd=tmp_path)
    assert check.returncode == 2
    assert check.stderr.splitlines() == [
        "textmend: error: records.jsonl:1: field 'a' is an object, not a string; --field takes the name of a "
        "top-level string member (dotted paths such as 'a.b' are not supported)",
        "textmend: error: records.jsonl:2: field 'a' is a number, not a string",
        "textmend: 2 of 2 records failed (skipped)",
    ]
    explain = run("explain", "--jsonl", "--field", "a", "records.jsonl", cwd=tmp_path)
    assert explain.returncode == 2 and explain.stdout == b""
    assert one_error_line(explain.stderr).startswith("textmend: error: records.jsonl:1: field 'a' is an object")


def test_a_dotted_name_is_taken_literally(tmp_path):
    (tmp_path / "records.jsonl").write_text(LITERAL, encoding="utf-8")
    proc = run("repair", "--jsonl", "--field", "a.b", "records.jsonl", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert record["a.b"] == FIXED and record["a"] == {"b": CLEAN}


def test_the_help_says_no_dotted_paths():
    helped = " ".join(run("repair", "--help").stdout.decode().split())
    assert "its name as written (no dotted paths into nested objects)" in helped


@pytest.mark.parametrize("command", ["check", "explain"])
def test_a_missing_field_is_named_without_saying_repair_where_nothing_is_repaired(command, tmp_path):
    (tmp_path / "r.jsonl").write_text('{"body": "x"}\n', encoding="utf-8")
    done = run(command, "--jsonl", "r.jsonl", cwd=tmp_path)
    assert done.returncode == 2
    assert "r.jsonl:1: record has no 'text' field; choose the field to read with --field" in done.stderr
    assert "repair" not in done.stderr
