"""``repair --in-place`` with several files of which some fail (undecodable bytes, a NUL, a bad
record): the files that succeeded are written, the failed ones are left as they were, the summary on
stderr says which were rewritten and which failed (in every ``--format``), and the run exits 2."""

from __future__ import annotations

import json

import pytest

from tests.cli_helpers import CLEAN, FIXED, SPUN, one_error_line, run

BAD_UTF8 = f"{SPUN}\ncaf\xe9\n".encode("latin-1")
WITH_NUL = f"{SPUN}\x00\n".encode()


@pytest.fixture
def mixed(tmp_path):
    (tmp_path / "a.txt").write_text(f"{SPUN}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"{SPUN}\n{SPUN}\n", encoding="utf-8")
    (tmp_path / "clean.txt").write_text(f"{CLEAN}\n", encoding="utf-8")
    (tmp_path / "latin.txt").write_bytes(BAD_UTF8)
    (tmp_path / "nul.txt").write_bytes(WITH_NUL)
    return tmp_path


def _snapshot(path):
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


def test_the_summary_names_what_was_rewritten_and_what_failed(mixed):
    before = _snapshot(mixed)
    proc = run("repair", "--in-place", "a.txt", "latin.txt", "b.txt", "clean.txt", "nul.txt", cwd=mixed)
    assert proc.returncode == 2 and proc.stdout == b""
    lines = proc.stderr.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("textmend: error: latin.txt:2: cannot decode byte 0xe9")
    assert lines[1].startswith("textmend: error: nul.txt:1: ")
    assert lines[2] == (
        "textmend: repaired 2 of 5 files (3 edits): a.txt, b.txt; 2 failed and were left as they were: latin.txt, nul.txt"
    )
    after = _snapshot(mixed)
    assert after["a.txt"] == f"{FIXED}\n".encode() and after["b.txt"] == f"{FIXED}\n{FIXED}\n".encode()
    assert {k: after[k] for k in ("clean.txt", "latin.txt", "nul.txt")} == {
        k: before[k] for k in ("clean.txt", "latin.txt", "nul.txt")
    }


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_the_summary_is_said_with_records_on_stdout_too(mixed, fmt):
    proc = run("repair", "--in-place", "--format", fmt, "a.txt", "latin.txt", "clean.txt", cwd=mixed)
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1] == (
        "textmend: repaired 1 of 3 files (1 edit): a.txt; 1 failed and was left as it was: latin.txt"
    )
    text = proc.stdout.decode()
    records = json.loads(text) if fmt == "json" else [json.loads(line) for line in text.splitlines()]
    assert [r["path"] for r in records] == ["a.txt", "clean.txt"]
    assert (mixed / "a.txt").read_text(encoding="utf-8") == f"{FIXED}\n"
    ok = run("repair", "--in-place", "--format", fmt, "b.txt", "clean.txt", cwd=mixed)
    assert ok.returncode == 0 and ok.stderr == "textmend: repaired 1 of 2 files (2 edits)\n"


def test_when_every_file_fails_the_summary_says_so(mixed):
    before = _snapshot(mixed)
    proc = run("repair", "--in-place", "latin.txt", "nul.txt", cwd=mixed)
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1] == (
        "textmend: repaired 0 of 2 files; 2 failed and were left as they were: latin.txt, nul.txt"
    )
    assert _snapshot(mixed) == before
    alone = run("repair", "--in-place", "latin.txt", cwd=mixed)
    assert alone.returncode == 2 and one_error_line(alone.stderr).startswith("textmend: error: latin.txt:2: ")


def test_a_long_list_of_names_is_cut_short(tmp_path):
    for k in range(7):
        (tmp_path / f"bad{k}.txt").write_bytes(BAD_UTF8)
    (tmp_path / "a.txt").write_text(f"{SPUN}\n", encoding="utf-8")
    proc = run("repair", "--in-place", "a.txt", *(f"bad{k}.txt" for k in range(7)), cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1] == (
        "textmend: repaired 1 of 8 files (1 edit): a.txt; 7 failed and were left as they were: "
        "bad0.txt, bad1.txt, bad2.txt, bad3.txt, bad4.txt and 2 more"
    )


def test_jsonl_in_place_names_the_file_with_a_bad_record(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": SPUN}) + "\n", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text(json.dumps({"text": SPUN}) + "\n" + '{"text": 3}\n', encoding="utf-8")
    bad_before = (tmp_path / "bad.jsonl").read_bytes()
    proc = run("repair", "--jsonl", "--in-place", "a.jsonl", "bad.jsonl", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        "textmend: error: bad.jsonl:2: field 'text' is a number, not a string",
        "textmend: repaired 1 of 2 files (1 edit): a.jsonl; 1 failed and was left as it was: bad.jsonl",
    ]
    assert json.loads((tmp_path / "a.jsonl").read_text(encoding="utf-8"))["text"] == FIXED
    assert (tmp_path / "bad.jsonl").read_bytes() == bad_before
