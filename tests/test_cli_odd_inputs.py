"""A fresh user's odd inputs (QA pass of issue 10): each case here was a real bug.

Bad input gets one clear line naming the file (and line) and exit 2; the advice in that line
must lead somewhere.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from .cli_helpers import CLEAN, FIXED, SPUN, one_error_line, run

RECORD = json.dumps({"text": SPUN}) + "\n"


def test_utf16_jsonl_is_told_to_convert_not_to_pass_an_encoding_it_refuses(tmp_path):
    """It said "pass --encoding if the file is in another encoding", and --encoding utf-16 is
    refused for --jsonl (JSON Lines needs an ASCII-compatible encoding)."""
    (tmp_path / "u16.jsonl").write_bytes(RECORD.encode("utf-16"))
    message = (
        "textmend: error: u16.jsonl:1: starts with a UTF-16 byte-order mark; JSON Lines must be "
        "UTF-8 (or another ASCII-compatible encoding): convert it, e.g. iconv -f UTF-16 -t UTF-8"
    )
    proc = run("repair", "--jsonl", "u16.jsonl", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == b""
    assert one_error_line(proc.stderr) == message
    checked = run("check", "--jsonl", "u16.jsonl", cwd=tmp_path)  # judges each record: line 1 says why
    assert checked.returncode == 2
    assert checked.stderr.splitlines()[0] == message


def test_in_place_takes_a_file_named_twice_once(tmp_path):
    """``--in-place a.txt ./a.txt`` (or a directory and a file in it) repaired the file, then
    failed on the second name ("file changed since it was read") and said it was left as it was."""
    (tmp_path / "d").mkdir()
    target = tmp_path / "d" / "a.txt"
    for args in (["d/a.txt", "./d/a.txt"], ["d", "d/a.txt"], ["d/a.txt", "d/a.txt"]):
        for jobs in ("1", "2"):
            target.write_bytes(f"{SPUN}\n".encode())
            proc = run("repair", "--in-place", "-j", jobs, *args, cwd=tmp_path)
            assert proc.returncode == 0, (args, proc.stderr)
            assert one_error_line(proc.stderr) == "textmend: repaired 1 of 1 file (1 edit)"
            assert target.read_bytes() == f"{FIXED}\n".encode()


def test_an_empty_file_name_is_a_usage_error(tmp_path):
    """``-o ''`` said ": is a directory, not a file" (the empty name resolved to the working
    directory); an empty FILE said ": No such file or directory"."""
    (tmp_path / "a.txt").write_text(SPUN, encoding="utf-8")
    for args in (
        ["repair", "a.txt", "-o", ""],
        ["explain", "--format", "html", "a.txt", "-o", ""],
        ["check", ""],
        ["repair", "a.txt", ""],
    ):
        proc = run(*args, cwd=tmp_path)
        assert proc.returncode == 2 and proc.stdout == b"", args
        assert "an empty file name" in one_error_line(proc.stderr), args


def test_output_to_a_fifo_gets_nothing_when_the_input_fails_midway(tmp_path):
    """``-o`` to a FIFO (or a device) was written directly as the records came: a bad third record
    left the first two in the reader's hands. Now it gets everything or nothing, as a file does."""
    import os

    (tmp_path / "bad.jsonl").write_bytes(RECORD.encode() * 2 + b'{"text": "x"\n')
    (tmp_path / "good.jsonl").write_bytes(RECORD.encode() * 2)
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    for name, code in (("bad.jsonl", 2), ("good.jsonl", 0)):
        reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader, so the writer's open does not block
        try:
            proc = run("repair", "--jsonl", name, "-o", "out.fifo", cwd=tmp_path)
            assert proc.returncode == code, proc.stderr
            try:
                got = os.read(reader, 1 << 20)
            except BlockingIOError:
                got = b""
        finally:
            os.close(reader)
        if code:
            assert got == b"" and "bad.jsonl:3: invalid JSON" in one_error_line(proc.stderr)
        else:
            assert got.count(b"\n") == 2 and FIXED.encode() in got


def test_a_binary_file_is_called_binary_not_sent_to_try_another_encoding(tmp_path):
    """An executable (NUL bytes, then a byte UTF-8 cannot start) said "cannot decode byte 0xf0
    ... pass --encoding if the file is in another encoding": no encoding makes it text."""
    (tmp_path / "prog").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00\xf0\x90\x00\x00")
    proc = run("check", "prog", cwd=tmp_path)
    assert proc.returncode == 2
    assert one_error_line(proc.stderr) == (
        "textmend: error: prog: looks like a binary file (NUL byte at offset 7); textmend reads text only"
    )


# --------------------------------------------------------------------------- qa13: a new user's report


def test_a_walk_skips_a_file_symlink_that_leads_out_of_the_directory(tmp_path):
    """``repair --in-place walk`` rewrote ``walk/link.txt -> ../outside.txt`` and ``check walk``
    listed it; as in black, a walk keeps only files that resolve inside the walked directory. A
    symlink named on the command line is still followed, and one inside the directory is the
    file it points to (used once)."""
    import os

    walk = tmp_path / "walk"
    walk.mkdir()
    (tmp_path / "outside.txt").write_text(f"{SPUN}\n", encoding="utf-8")
    (walk / "inside.txt").write_text(f"{SPUN}\n", encoding="utf-8")
    os.symlink("../outside.txt", walk / "link.txt")
    os.symlink("inside.txt", walk / "same.txt")
    checked = run("check", "--format", "jsonl", "walk", cwd=tmp_path)
    assert [json.loads(line)["path"] for line in checked.stdout.splitlines()] == ["walk/inside.txt"]
    proc = run("repair", "--in-place", "walk", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert one_error_line(proc.stderr) == "textmend: repaired 1 of 1 file (1 edit)"
    assert (tmp_path / "outside.txt").read_text(encoding="utf-8") == f"{SPUN}\n"
    assert (walk / "inside.txt").read_text(encoding="utf-8") == f"{FIXED}\n"
    named = run("repair", "--in-place", "walk/link.txt", cwd=tmp_path)
    assert named.returncode == 0, named.stderr
    assert (tmp_path / "outside.txt").read_text(encoding="utf-8") == f"{FIXED}\n"


def test_an_input_named_twice_is_worked_on_once(tmp_path):
    """``check dd dd/spun1.txt ./dd/spun1.txt`` reported the file three times and ``repair a.txt
    a.txt`` printed it twice; every command now takes each resolved path once, first name first."""
    (tmp_path / "dd").mkdir()
    (tmp_path / "dd" / "spun1.txt").write_text(f"{SPUN}\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(f"{SPUN}\n", encoding="utf-8")
    checked = run("check", "--format", "jsonl", "dd", "dd/spun1.txt", "./dd/spun1.txt", "a.txt", cwd=tmp_path)
    assert checked.returncode == 1, checked.stderr
    assert [json.loads(line)["path"] for line in checked.stdout.splitlines()] == ["dd/spun1.txt", "a.txt"]
    repaired = run("repair", "a.txt", "a.txt", cwd=tmp_path)
    assert repaired.returncode == 0 and repaired.stdout == f"{FIXED}\n".encode()


def test_explain_walks_a_directory_as_check_does(tmp_path):
    """``explain DIR`` said "is a directory, not a file" while check and repair walk it; explain
    takes several files already, so it walks too (same --include, --exclude, each file once)."""
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text(f"{SPUN}\n", encoding="utf-8")
    (tmp_path / "d" / "b.txt").write_text(f"{CLEAN}\n", encoding="utf-8")
    (tmp_path / "d" / "notes.md").write_text(f"{SPUN}\n", encoding="utf-8")
    proc = run("explain", "--format", "json", "d", "d/a.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert [record["path"] for record in json.loads(proc.stdout)] == ["d/a.txt", "d/b.txt"]
    page = run("explain", "--format", "html", "--exclude", "b.txt", "d", cwd=tmp_path)
    assert page.returncode == 0 and b"d/a.txt" in page.stdout and b"d/b.txt" not in page.stdout
    text = run("explain", "d", "./d/a.txt", cwd=tmp_path)
    assert text.stdout.decode().count("d/a.txt: spin score") == 1


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\xef\xbb\xbf" + f"{SPUN}\n{CLEAN}\n".encode(), id="utf8-bom"),
        pytest.param(f"{CLEAN}\r{SPUN}\r{CLEAN}\r".encode(), id="cr-only"),
        pytest.param(f"{CLEAN}\r\n{SPUN}\x0c{CLEAN}\u2028tail".encode(), id="crlf-formfeed-no-eol"),
    ],
)
@pytest.mark.parametrize("command", ["repair", "explain"])
def test_diff_applies_with_patch(tmp_path, data, command):
    """``--diff`` left the byte-order mark out of its ``-`` lines and cut lines at lone ``\\r``
    (str.splitlines), so ``patch`` and ``git apply`` refused it ("malformed patch"). Lines now end
    at ``\\n`` only, as in ``diff -u`` (a CR-only file is one line), and the mark starts line 1."""
    patch = shutil.which("patch")
    if patch is None:
        pytest.skip("patch is not installed")
    (tmp_path / "a.txt").write_bytes(data)
    repaired = run("repair", "a.txt", cwd=tmp_path).stdout
    assert repaired != data  # there is something to diff
    proc = run(command, "--diff", "a.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    applied = subprocess.run([patch, "-p1", "-s"], input=proc.stdout, cwd=tmp_path, capture_output=True)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert (tmp_path / "a.txt").read_bytes() == repaired


@pytest.mark.parametrize("codec", ["idna", "punycode", "undefined"])
def test_a_codec_that_fails_without_a_position_is_a_decode_error_not_a_bug(tmp_path, codec):
    """``--encoding idna`` (punycode, undefined) said "internal error (UnicodeError ...); please
    report this bug": these codecs raise a bare UnicodeError. It is the input's problem: one line
    naming the file, exit 2, for every command."""
    (tmp_path / "a.txt").write_text("xn--99999999.example\n", encoding="utf-8")  # bad punycode
    for command in ("repair", "check", "explain"):
        proc = run(command, "--encoding", codec, "a.txt", cwd=tmp_path)
        assert proc.returncode == 2, (command, proc.stderr)
        line = one_error_line(proc.stderr.replace("0 of 0 inputs look spun", ""))
        assert line.startswith("textmend: error: a.txt: ") and "internal error" not in line, line
        assert f"as {codec} (" in line, line
    if codec == "idna":  # an ASCII line decodes; its long label cannot be encoded back
        (tmp_path / "a.txt").write_text(f"{SPUN}\n", encoding="utf-8")
        proc = run("repair", "--encoding", codec, "a.txt", cwd=tmp_path)
        assert proc.returncode == 2 and proc.stdout == b""
        line = one_error_line(proc.stderr)  # the codec's reason varies with the Python version
        assert line.startswith("textmend: error: a.txt: the repaired text cannot be written back as idna (label")
        assert line.endswith("); convert the input to UTF-8 first"), line
        (tmp_path / "a.jsonl").write_text(json.dumps({"text": SPUN}) + "\n", encoding="utf-8")
        proc = run("repair", "--jsonl", "--encoding", codec, "a.jsonl", cwd=tmp_path)
        assert proc.returncode == 2 and proc.stdout == b""
        assert one_error_line(proc.stderr).startswith(
            "textmend: error: a.jsonl:1: the repaired text cannot be written back as idna ("
        )


def test_jsonl_repair_never_overwrites_someone_elses_textmend_member(tmp_path):
    """``repair --jsonl`` silently replaced a record's own ``"textmend"`` member with its report.
    Only textmend's own report (an earlier run, or keep's error) is replaced; any other is an
    error for that record under --on-error, and keep leaves its line byte for byte."""
    theirs = json.dumps({"id": 1, "textmend": "v2 pipeline", "text": SPUN}) + "\n"
    earlier = json.dumps({"id": 2, "textmend": {"error": "x"}, "text": SPUN}) + "\n"
    (tmp_path / "in.jsonl").write_text(theirs + earlier, encoding="utf-8")
    message = (
        "textmend: error: in.jsonl:1: record already has a 'textmend' member that is not "
        "textmend's report; rename it (textmend writes its report there)"
    )
    failed = run("repair", "--jsonl", "in.jsonl", cwd=tmp_path)
    assert failed.returncode == 2 and failed.stdout == b""
    assert one_error_line(failed.stderr) == message
    for on_error, first in (("skip", None), ("keep", theirs)):
        proc = run("repair", "--jsonl", "--on-error", on_error, "in.jsonl", cwd=tmp_path)
        assert proc.returncode == 2 and proc.stderr.splitlines()[0] == message
        lines = proc.stdout.decode().splitlines(keepends=True)
        assert lines[:-1] == ([first] if first else [])
        (second,) = [json.loads(lines[-1])]
        assert second["text"] == FIXED and second["textmend"]["edits"], second


def test_keep_summary_says_what_became_of_each_kept_record(tmp_path):
    """``--on-error keep`` summed up every failed record as "kept unchanged: an error member added
    to each JSON object, other lines as they were", but a JSON object whose "textmend" member is
    someone else's gets no error member: it is kept byte for byte. The summary now counts what
    happened to each kind of record (in the frame skip uses: "N of M records failed (...)")."""
    theirs = json.dumps({"id": 1, "textmend": "v2 pipeline", "text": SPUN}) + "\n"
    broken = '{"id": 2, "text": oops}\n'
    no_field = json.dumps({"id": 3, "body": SPUN}) + "\n"
    (tmp_path / "in.jsonl").write_text(theirs + broken + no_field + RECORD + theirs, encoding="utf-8")
    proc = run("repair", "--jsonl", "--on-error", "keep", "in.jsonl", cwd=tmp_path)
    assert proc.returncode == 2
    lines = proc.stdout.decode().splitlines(keepends=True)
    assert [lines[0], lines[1], lines[4]] == [theirs, broken, theirs]  # byte for byte
    assert "error" in json.loads(lines[2])["textmend"]
    errors = proc.stderr.splitlines()
    assert [e.split(": ")[2] for e in errors[:4]] == ["in.jsonl:1", "in.jsonl:2", "in.jsonl:3", "in.jsonl:5"]
    assert errors[4:] == [
        "textmend: 4 of 5 records failed (kept unchanged: 1 with an error member added; "
        "2 byte for byte, their \"textmend\" members are not textmend's; 1 byte for byte, not a JSON object)"
    ]
    one = run("repair", "--jsonl", "--on-error", "keep", "-", input=theirs.encode())
    assert one.stdout == theirs.encode() and one.stderr.splitlines()[1:] == [
        "textmend: 1 of 1 record failed (kept unchanged: 1 byte for byte, its \"textmend\" member is not textmend's)"
    ]
    skip = run("repair", "--jsonl", "--on-error", "skip", "in.jsonl", cwd=tmp_path)
    assert skip.stderr.splitlines()[4:] == ["textmend: 4 of 5 records failed (skipped)"]


def test_keep_summary_names_a_line_that_does_not_decode(tmp_path):
    """A line whose bytes do not decode was summed up as "not a JSON object": it says why now."""
    bad = b'{"text": "caf\xff"}\n'
    (tmp_path / "u.jsonl").write_bytes(RECORD.encode() + bad + b'[1, 2]\n')
    proc = run("repair", "--jsonl", "--on-error", "keep", "u.jsonl", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout.splitlines(keepends=True)[1:] == [bad, b"[1, 2]\n"]  # byte for byte
    assert proc.stderr.splitlines()[2:] == [
        "textmend: 2 of 3 records failed (kept unchanged: 1 byte for byte, not a JSON object; "
        "1 byte for byte, not decodable)"
    ]


def test_keep_summary_when_the_codec_refuses_the_error_member(tmp_path):
    """idna cannot write this record back, not even with an ASCII-only error member: keep leaves it
    byte for byte and the summary says why, not that an error member was added."""
    (tmp_path / "a.jsonl").write_text(RECORD, encoding="utf-8")
    proc = run("repair", "--jsonl", "--encoding", "idna", "--on-error", "keep", "a.jsonl", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == RECORD.encode()
    assert proc.stderr.splitlines()[1:] == [
        "textmend: 1 of 1 record failed (kept unchanged: 1 byte for byte, an error member cannot be written in its encoding)"
    ]


def test_on_error_help_says_what_keep_does_with_a_foreign_textmend_member():
    options = " ".join(run("repair", "--help").stdout.decode().split())
    assert 'or has a "textmend" member of its own' in options


def test_jsonl_repair_help_says_which_bytes_change():
    """The help said "every other byte of the record is kept as it was", but a repaired field is
    re-encoded (its ``\\u0041`` becomes ``A``): say so, and what happens to a "textmend" member."""
    text = " ".join(run("repair", "--help").stdout.decode().split())
    assert "every other byte" not in text
    assert "The other members are kept byte for byte" in text and "\\u0041 becomes A" in text
    assert "never overwritten" in text
    record = '{"text": "\\u0041 prisoner of warfare", "id": "\\u0041"}\n'
    out = run("repair", "--jsonl", input=record.encode()).stdout.decode()
    assert out.startswith('{"text": "A prisoner of war", "id": "\\u0041", "textmend": {')


# --------------------------------------------------------------------------- tryout20

# a scraped page with one stray Latin-1 byte on its fourth line (\r\n, \r and \n each end a line)
STRAY_BYTE = b"first\r\nsecond\rthird\n caf\xe9 au lait\n"


@pytest.mark.parametrize(
    ("args", "where"),
    [(["check", "bad.txt"], "bad.txt:4"), (["repair", "-"], "<stdin>:4"), (["explain", "bad.txt"], "bad.txt:4")],
)
def test_an_undecodable_byte_is_named_by_file_and_line(tmp_path, args, where):
    """A byte offset alone sent the user to a hex dump: the line says where to look in an editor."""
    (tmp_path / "bad.txt").write_bytes(STRAY_BYTE)
    proc = run(*args, input=STRAY_BYTE, cwd=tmp_path)
    assert proc.returncode == 2 and b"caf" not in proc.stdout
    assert one_error_line(proc.stderr) == (
        f"textmend: error: {where}: cannot decode byte 0xe9 at offset 24 as utf-8 (invalid continuation byte); "
        "pass --encoding if the file is in another encoding"
    )


def test_a_nul_character_in_text_is_named_by_file_and_line(tmp_path):
    (tmp_path / "nul.txt").write_bytes(b"one\r\ntwo \x00 three\n")
    proc = run("check", "nul.txt", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout.endswith(b"1 failed\n")
    assert one_error_line(proc.stderr) == (
        "textmend: error: nul.txt:2: looks like a binary file (NUL character at offset 9); textmend reads text only"
    )


def test_jsonl_file_without_jsonl_is_refused_not_read_as_prose(tmp_path):
    """``repair records.jsonl`` (no --jsonl) read the file as prose and wrote ``"id": one``, invalid
    JSON, with exit 0. It is refused with one line naming the file; ``--input-format text`` keeps
    the old reading for whoever wants it."""
    (tmp_path / "recs.jsonl").write_text(json.dumps({"text": SPUN, "id": 2}) + "\n", encoding="utf-8")
    (tmp_path / "recs.NDJSON").write_text(json.dumps({"text": SPUN, "id": 2}) + "\n", encoding="utf-8")
    message = (
        "textmend: error: {}: a JSON Lines file read as plain text would have its keys and numbers "
        "edited; pass --jsonl (and --field) to repair its records, or --input-format text to read it as prose"
    )
    for command in ("repair", "check", "explain"):
        for name in ("recs.jsonl", "recs.NDJSON"):
            proc = run(command, name, cwd=tmp_path)
            assert proc.returncode == 2 and proc.stdout == b""
            assert one_error_line(proc.stderr) == message.format(name)
    as_prose = run("repair", "--input-format", "text", "recs.jsonl", cwd=tmp_path)
    assert as_prose.returncode == 0 and as_prose.stdout != b""
    records = run("repair", "--jsonl", "recs.jsonl", cwd=tmp_path)
    assert records.returncode == 0 and json.loads(records.stdout)["id"] == 2
