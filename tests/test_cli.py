"""Acceptance tests for the ``textmend`` command (issue 4): the installed script, via subprocess."""

from __future__ import annotations

import json
import os
import re
import stat

import pytest

import textmend.posterior
from textmend.records import shown

from .cli_helpers import CLEAN, FIXED, SPUN, listing, one_error_line, run

RULES = set(textmend.posterior.RULES)


@pytest.fixture()
def files(tmp_path):
    (tmp_path / "spun.txt").write_bytes(f"{SPUN}\r\n{CLEAN}\r\n".encode())
    (tmp_path / "clean.txt").write_bytes(f"{CLEAN}\n".encode())
    return tmp_path


# --------------------------------------------------------------------------- basics


def test_version_and_help():
    version = run("--version")
    assert version.returncode == 0
    assert re.fullmatch(rb"textmend \d+\.\d+\.\d+\S*\n", version.stdout)
    top = run("--help")
    assert top.returncode == 0
    assert b"Examples:" in top.stdout and b"check" in top.stdout and b"explain" in top.stdout
    check_help = run("check", "--help")
    assert b"Python str offsets" in check_help.stdout
    assert b"--exit-zero" in check_help.stdout and b"--threshold" in check_help.stdout


def test_stdin_to_stdout_keeps_non_ascii_and_line_endings():
    text = f"Zoë’s café — 東京 😀 عربي\r\n{SPUN}\rlast line without newline: naïve"
    proc = run(input=text.encode("utf-8"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == text.replace(SPUN, FIXED).encode("utf-8")
    assert proc.stderr == ""


def test_bom_is_kept_and_offsets_ignore_it():
    data = b"\xef\xbb\xbf" + SPUN.encode()
    proc = run("repair", input=data)
    assert proc.stdout == b"\xef\xbb\xbf" + FIXED.encode()
    record = json.loads(run("check", "--format", "jsonl", "-", input=data).stdout)
    (edit,) = record["edits"]
    assert SPUN[edit["start"] : edit["end"]] == edit["original"]
    assert edit["column"] == edit["start"] + 1


def test_encoding_override_round_trips_bytes(tmp_path):
    text = f"Café crème. {SPUN}\n"
    (tmp_path / "latin.txt").write_bytes(text.encode("latin-1"))
    bad = run("repair", "latin.txt", cwd=tmp_path)
    assert bad.returncode == 2 and bad.stdout == b""
    line = one_error_line(bad.stderr)
    assert "latin.txt" in line and "--encoding" in line and "offset 3" in line
    good = run("repair", "--encoding", "latin-1", "latin.txt", cwd=tmp_path)
    assert good.returncode == 0, good.stderr
    assert good.stdout == text.replace(SPUN, FIXED).encode("latin-1")
    unknown = run("repair", "--encoding", "no-such-codec", "latin.txt", cwd=tmp_path)
    assert unknown.returncode == 2 and "no-such-codec" in unknown.stderr


def test_latin1_html_with_an_apostrophe_reference_is_written_back(tmp_path):
    """qa17: "we&rsquo;re" made every contraction a literal U+2019, which Latin-1 cannot hold (exit 2);
    the replacement now writes the apostrophe as the page does, as the reference."""
    page = "<p>It is the first time we&rsquo;re here, but I did not know about it. Caf\xe9 owners said so.</p>\n"
    (tmp_path / "l1.html").write_bytes(page.encode("latin-1"))
    (tmp_path / "extra.txt").write_text("did not know -> didn't know\n", encoding="utf-8")
    args = ("--input-format", "html", "--encoding", "latin-1", "--extra", "extra.txt", "l1.html")
    proc = run("repair", *args, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == page.replace("did not", "didn&rsquo;t").encode("latin-1")


def test_binary_input_is_an_error():
    proc = run("check", "-", input=b"PK\x03\x04\x00\x00binary")
    assert proc.returncode == 2
    assert "<stdin>" in one_error_line(proc.stderr) and "binary" in proc.stderr



@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_is_refused_not_read_forever():
    # 'textmend check /dev/zero' read until the kernel killed it (exit 137, no message) (qa5)
    proc = run("check", "/dev/zero")
    assert proc.returncode == 2 and "/dev/zero" in one_error_line(proc.stderr) and "device" in proc.stderr
    jsonl = run("check", "--jsonl", "/dev/zero")
    assert jsonl.returncode == 2 and "device" in one_error_line(jsonl.stderr)
    assert run("check", os.devnull).returncode == 0  # an empty input, as before

# --------------------------------------------------------------------------- check


def test_check_exit_codes(files):
    assert run("check", "clean.txt", cwd=files).returncode == 0
    spun = run("check", "clean.txt", "spun.txt", cwd=files)
    assert spun.returncode == 1
    lines = spun.stdout.decode().splitlines()
    assert lines[0].startswith("clean.txt: spin score ") and "[spun]" not in lines[0]
    assert lines[1].startswith("spun.txt: spin score ") and lines[1].endswith("[spun]")
    assert lines[-1].startswith("1 of 2 inputs look spun")
    assert run("check", "--exit-zero", "spun.txt", cwd=files).returncode == 0
    # the verdict: a score at the threshold, or an edit repair would apply (at --min-confidence)
    assert run("check", "--threshold", "1", "spun.txt", cwd=files).returncode == 1
    assert run("check", "--threshold", "1", "--min-confidence", "1", "spun.txt", cwd=files).returncode == 0
    # ... and --help says so (it said "exit 1 if any is at or above --threshold" only)
    helped = " ".join(run("check", "--help").stdout.decode().split())
    assert "or repair would apply an edit" in helped
    missing = run("check", "spun.txt", "nope.txt", cwd=files)
    assert missing.returncode == 2  # errors win over findings
    assert one_error_line(missing.stderr) == "textmend: error: nope.txt: No such file or directory"
    # --exit-zero never hides errors
    assert run("check", "--exit-zero", "nope.txt", cwd=files).returncode == 2
    usage = run("check", "--threshold", "7", "spun.txt", cwd=files)
    assert usage.returncode == 2


@pytest.mark.parametrize("option", ["--threshold", "--min-confidence"])
@pytest.mark.parametrize("value", ["nan", "NaN", "-nan"])
def test_a_nan_threshold_is_a_usage_error_naming_its_option(files, option, value):
    # click's FloatRange(0, 1) lets NaN through (every comparison with it is false): check
    # --threshold nan then printed "spin score >= nan" and no score ever counted as spun, and
    # --min-confidence nan was refused as "Invalid value for --pack"
    proc = run("check", option, value, "spun.txt", cwd=files)
    assert proc.returncode == 2 and proc.stdout == b""
    line = one_error_line(proc.stderr)
    assert line.startswith(f"textmend: error: Invalid value for '{option}': ") and "--pack" not in line


def test_a_bad_option_value_names_its_option(files):
    assert "Invalid value for --pack: unknown pack(s) ['nope']" in run("check", "--pack", "nope", "spun.txt", cwd=files).stderr


def test_check_json_and_jsonl_records(files):
    proc = run("check", "--format", "json", "spun.txt", "clean.txt", cwd=files)
    assert proc.returncode == 1
    records = json.loads(proc.stdout)
    assert [r["path"] for r in records] == ["spun.txt", "clean.txt"]
    text = (files / "spun.txt").read_bytes().decode("utf-8")
    spun = records[0]
    assert set(spun) == {"path", "spin_score", "edits", "suggestions", "regions"}
    assert 0 <= spun["spin_score"] <= 1
    (edit,) = spun["edits"]
    assert set(edit) == {"start", "end", "line", "column", "original", "replacement", "confidence", "rule",
                         "alternatives", "evidence"}
    assert text[edit["start"] : edit["end"]] == edit["original"]
    assert (edit["line"], edit["column"]) == (1, SPUN.index(edit["original"]) + 1)
    assert edit["replacement"] in FIXED and edit["rule"] in RULES
    for finding in spun["edits"] + spun["suggestions"]:
        start = finding["start"]
        assert text[start : finding["end"]] == finding["original"]
        # CRLF counts as one line break; columns count code points from 1
        assert finding["line"] == text.count("\r\n", 0, start) + 1
        assert finding["column"] == start - (text.rfind("\n", 0, start) + 1) + 1
    jsonl = run("check", "--format", "jsonl", "spun.txt", "clean.txt", cwd=files)
    assert [json.loads(line) for line in jsonl.stdout.splitlines()] == records


# --------------------------------------------------------------------------- repair


def test_repair_files_output_and_refusals(files):
    spun_bytes = (files / "spun.txt").read_bytes()
    fixed_bytes = spun_bytes.replace(SPUN.encode(), FIXED.encode())
    # default command with a file argument, to stdout; CRLF kept
    assert run("spun.txt", cwd=files).stdout == fixed_bytes
    assert run("repair", "spun.txt", "-o", "-", cwd=files).stdout == fixed_bytes  # -o - is stdout
    proc = run("repair", "spun.txt", "-o", "out.txt", cwd=files)
    assert proc.returncode == 0 and proc.stdout == b""
    assert (files / "out.txt").read_bytes() == fixed_bytes
    # output over the input is refused, and nothing changes
    same = run("repair", "spun.txt", "-o", "spun.txt", cwd=files)
    assert same.returncode == 2
    assert "--in-place" in one_error_line(same.stderr)
    alias = run("repair", "-o", "./spun.txt", input=b"", cwd=files)
    assert alias.returncode == 0  # stdin is not the file: fine
    assert (files / "spun.txt").read_bytes() == b""
    (files / "spun.txt").write_bytes(spun_bytes)
    with open(files / "spun.txt", "rb") as stdin_is_input:
        import subprocess

        from .cli_helpers import test_env, textmend_command

        refused = subprocess.run(
            [textmend_command(), "-o", "spun.txt"],
            stdin=stdin_is_input,
            capture_output=True,
            cwd=files,
            env=test_env(),
        )
    assert refused.returncode == 2 and b"refusing" in refused.stderr
    assert (files / "spun.txt").read_bytes() == spun_bytes
    both = run("repair", "--in-place", "-o", "x.txt", "spun.txt", cwd=files)
    assert both.returncode == 2
    assert run("repair", "--in-place", input=SPUN.encode()).returncode == 2
    assert run("repair", "spun.txt", "clean.txt", "-o", "x.txt", cwd=files).returncode == 2
    assert not (files / "x.txt").exists()


def test_repair_in_place_is_atomic_and_keeps_permissions(files):
    target = files / "spun.txt"
    before = target.read_bytes()
    target.chmod(0o640)
    clean_mtime = (files / "clean.txt").stat().st_mtime_ns
    proc = run("repair", "--in-place", "spun.txt", "clean.txt", cwd=files)
    assert proc.returncode == 0, proc.stderr
    assert target.read_bytes() == before.replace(SPUN.encode(), FIXED.encode())
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert (files / "clean.txt").stat().st_mtime_ns == clean_mtime  # unchanged files are not rewritten
    assert listing(files) == ["clean.txt", "spun.txt"]
    assert "repaired 1 of 2 files" in proc.stderr


def test_repair_in_place_follows_symlinks(files):
    os.symlink("spun.txt", files / "link.txt")
    assert run("repair", "--in-place", "link.txt", cwd=files).returncode == 0
    assert (files / "link.txt").is_symlink()
    assert FIXED in (files / "spun.txt").read_text(encoding="utf-8")


def test_repair_json_format_carries_the_text(files):
    records = json.loads(run("repair", "--format", "json", "spun.txt", cwd=files).stdout)
    assert records[0]["text"] == f"{FIXED}\r\n{CLEAN}\r\n"
    assert records[0]["edits"][0]["original"] in SPUN
    in_place = run("repair", "--format", "jsonl", "--in-place", "spun.txt", cwd=files)
    (record,) = [json.loads(line) for line in in_place.stdout.splitlines()]
    assert "text" not in record and record["path"] == "spun.txt"


def test_options_min_confidence_pack_allow_extra(files):
    assert run("repair", "--min-confidence", "1", input=SPUN.encode()).stdout == SPUN.encode()
    bad_pack = run("repair", "--pack", "general,klingon", input=SPUN.encode())
    assert bad_pack.returncode == 2 and "klingon" in bad_pack.stderr
    (files / "allow.txt").write_text("# never touch\nprisoner of warfare\n", encoding="utf-8")
    allowed = run("repair", "--allow", "allow.txt", input=SPUN.encode(), cwd=files)
    assert allowed.returncode == 0 and allowed.stdout == SPUN.encode()
    (files / "extra.txt").write_text("profits rose -> earnings rose\n", encoding="utf-8")
    extra = run("repair", "--extra", "extra.txt", input=CLEAN.encode(), cwd=files)
    assert extra.returncode == 0, extra.stderr
    assert extra.stdout == CLEAN.replace("profits rose", "earnings rose").encode()
    (files / "broken.txt").write_text("fine -> good\nno arrow here\n", encoding="utf-8")
    broken = run("repair", "--extra", "broken.txt", input=CLEAN.encode(), cwd=files)
    assert broken.returncode == 2 and broken.stdout == b""
    assert "broken.txt:2" in one_error_line(broken.stderr)
    missing = run("repair", "--allow", "nope.txt", input=CLEAN.encode(), cwd=files)
    assert missing.returncode == 2 and "nope.txt" in one_error_line(missing.stderr)


def test_misspelled_command_gets_a_hint(files):
    proc = run("chek", "spun.txt", cwd=files)
    assert proc.returncode == 2
    assert "did you mean 'textmend check'" in one_error_line(proc.stderr)


# --------------------------------------------------------------------------- explain


def test_explain_text_diff_and_json(files):
    proc = run("explain", "spun.txt", cwd=files)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    assert "\x1b[" not in out  # no colour when piped
    col = SPUN.index("prisoner of warfare") + 1
    assert re.search(
        rf"^spun\.txt:1:{col}: prisoner of warfare -> prisoner of war  \[confidence 0\.\d\d, rule [a-z-]+\]$",
        out,
        re.M,
    ) or re.search(rf"^spun\.txt:1:{SPUN.index('warfare') + 1}: warfare -> war  \[confidence", out, re.M), out
    assert "    | " in out and "^^^" in out
    assert out.splitlines()[-1].startswith("spun.txt: spin score ")
    diff = run("explain", "--diff", "spun.txt", cwd=files).stdout.decode()
    assert diff.startswith("--- a/spun.txt\n+++ b/spun.txt\n@@ ")
    assert f"-{SPUN}\r\n" in diff and f"+{FIXED}\r\n" in diff
    assert run("explain", "--diff", "clean.txt", cwd=files).stdout == b""
    hostile = run("explain", input="Evil \x1b[2J\u202e prisoner of warfare here.".encode())
    assert b"\x1b" not in hostile.stdout and "\u202e".encode() not in hostile.stdout
    assert b"\\x1b[2J\\u202e" in hostile.stdout  # shown as escapes, never sent to the terminal
    record = json.loads(run("explain", "--format", "json", "-", input=SPUN.encode()).stdout)[0]
    assert record["path"] == "<stdin>" and record["edits"][0]["explanation"]


@pytest.mark.parametrize("content", [b"", b"  \n\n"])
def test_explain_an_empty_file_prints_its_summary_alone(files, content):
    """No region line for an input with no words (it had one for an empty region), only the
    summary a clean text ends with."""
    (files / "empty.txt").write_bytes(content)
    proc = run("explain", "empty.txt", cwd=files)
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout.decode().splitlines() == ["empty.txt: spin score 0.00, 0 edits, 0 suggestions"]
    clean = run("explain", "clean.txt", cwd=files).stdout.decode().splitlines()
    assert clean[0].startswith("clean.txt:1:1: region to line 1: spin rate ") and len(clean) == 2


def test_explain_page_and_json_records_place_each_finding_alike(files):
    """The review page's marks and the JSON records take an edit's offsets, line:column, rule and
    confidence from the same fields (``records.edit_fields``)."""
    (files / "two.txt").write_text(f"{CLEAN}\n  {SPUN}\n", encoding="utf-8")
    (record,) = json.loads(run("explain", "--format", "json", "two.txt", cwd=files).stdout)
    page = run("explain", "--format", "html", "two.txt", cwd=files).stdout.decode()
    findings = record["edits"] + record["suggestions"]
    assert findings and all(f["line"] == 2 and f["column"] == 3 + SPUN.index(f["original"]) for f in findings)
    for f in findings:
        assert f'data-start="{f["start"]}" data-end="{f["end"]}" data-confidence="{f["confidence"]}"' in page
        assert f"at line {f['line']}, column {f['column']}: " in page
        assert f"({f['rule']}, confidence {shown(f['confidence'])})" in page


# --------------------------------------------------------------------------- JSON Lines

# Records in several producers' styles; the repaired field and the added "textmend"
# member are the only bytes allowed to change.
JSONL_CASES = [
    # (input line, expected output with {R} standing for the report's JSON)
    (
        '{"id": 1, "text": "' + SPUN + '", "score": 1.0e3, "nested": {"a": [1, 2, {"b": "}]\\"{"}]},'
        ' "u": "caf\\u00e9", "t": true, "n": null}\n',
        '{"id": 1, "text": "' + FIXED + '", "score": 1.0e3, "nested": {"a": [1, 2, {"b": "}]\\"{"}]},'
        ' "u": "caf\\u00e9", "t": true, "n": null, "textmend": {R}}\n',
    ),
    (
        '{"id":2,"text":"' + CLEAN + '","x":"naïve ☃","list":[ ],"f":-0.5E-7}\r\n',
        '{"id":2,"text":"' + CLEAN + '","x":"naïve ☃","list":[ ],"f":-0.5E-7,"textmend":{R}}\r\n',
    ),
    ("\n", "\n"),
    (
        '{"textmend": {"spin_score": 0.1, "edits": []}, "text": "prisoner of warfare"}\n',  # an earlier run's
        '{"textmend": {R}, "text": "prisoner of war"}\n',
    ),
    (
        '{ "text" : "Caf\\u00e9 prisoner of warfare" , "k" : 1 }\n',
        '{ "text" : "Caf\\u00e9 prisoner of war" , "k" : 1 , "textmend" : {R} }\n',
    ),
    (
        '{"meta": {"text": "prisoner of warfare"}, "text": "Zoë, prisoner of warfare"}',
        '{"meta": {"text": "prisoner of warfare"}, "text": "Zoë, prisoner of war", "textmend": {R}}',
    ),
]


def _check_jsonl_line(got: str, expected: str) -> dict:
    pattern = re.escape(expected).replace(re.escape("{R}"), "(?P<report>{.*})")
    match = re.fullmatch(pattern, got, re.S)
    assert match, f"\n got: {got!r}\nwant: {expected!r}"
    if "{R}" not in expected:
        return {}
    report = json.loads(match.group("report"))
    assert set(report) == {"spin_score", "edits", "suggestions", "regions"}  # the shape of a check record
    return report


def test_jsonl_repair_keeps_other_fields_byte_for_byte(tmp_path):
    data = "".join(line for line, _ in JSONL_CASES).encode("utf-8")
    (tmp_path / "in.jsonl").write_bytes(data)
    proc = run("repair", "--jsonl", "--field", "text", "in.jsonl", "-o", "out.jsonl", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = (tmp_path / "out.jsonl").read_bytes().decode("utf-8")
    got_lines = out.splitlines(keepends=True)
    assert len(got_lines) == len(JSONL_CASES)
    reports = [_check_jsonl_line(got, want) for got, (_, want) in zip(got_lines, JSONL_CASES, strict=True)]
    assert reports[0]["edits"] and not reports[1]["edits"]
    edit = reports[0]["edits"][0]
    assert SPUN[edit["start"] : edit["end"]] == edit["original"]
    assert "\\u" not in got_lines[1]  # a UTF-8 record stays UTF-8
    assert "Caf\\u00e9" in got_lines[4]  # an ASCII record stays ASCII
    # stdin to stdout gives the same bytes, and re-running is idempotent in the text
    again = run("repair", "--jsonl", input=out.encode())
    assert again.returncode == 0
    assert [json.loads(x)["text"] for x in again.stdout.splitlines() if x.strip()] == [
        json.loads(x)["text"] for x in out.splitlines() if x.strip()
    ]


def test_jsonl_in_place_says_what_it_repaired_as_documents_do(tmp_path):
    """``repair --jsonl --in-place`` ends with the summary ``repair --in-place`` prints: files with
    an edit of all files, edits in all; a file that fails is counted as left as it was."""
    (tmp_path / "a.jsonl").write_text(f'{{"text": "{SPUN}"}}\n{{"text": "{SPUN}"}}\n', encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(f'{{"text": "{CLEAN}"}}\n', encoding="utf-8")
    (tmp_path / "c.txt").write_text(f"{SPUN}\n", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_bytes(b'{"text": "x"\n')
    proc = run("repair", "--jsonl", "--in-place", "a.jsonl", "b.jsonl", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stderr == "textmend: repaired 1 of 2 files (2 edits)\n"
    assert [json.loads(x)["text"] for x in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()] == [FIXED] * 2
    documents = run("repair", "--in-place", "c.txt", cwd=tmp_path)
    assert documents.stderr == "textmend: repaired 1 of 1 file (1 edit)\n"
    (tmp_path / "a.jsonl").write_text(f'{{"text": "{SPUN}"}}\n', encoding="utf-8")
    with_bad = run("repair", "--jsonl", "--in-place", "a.jsonl", "bad.jsonl", cwd=tmp_path)
    assert with_bad.returncode == 2
    assert with_bad.stderr.splitlines()[-1] == "textmend: repaired 1 of 2 files (1 edit): a.jsonl; 1 failed and was left as it was: bad.jsonl"


def test_jsonl_bom_and_no_format(tmp_path):
    data = b'\xef\xbb\xbf{"text": "prisoner of warfare"}\n'
    proc = run("repair", "--jsonl", input=data)
    assert proc.stdout.startswith(b'\xef\xbb\xbf{"text": "prisoner of war", "textmend": {')
    assert run("repair", "--jsonl", "--format", "json", input=data).returncode == 2
    assert run("repair", "--jsonl", "--field", "textmend", input=data).returncode == 2


def test_check_jsonl_per_record(tmp_path):
    lines = [{"id": 1, "body": CLEAN}, {"id": 2, "body": SPUN}, {"id": 3, "body": CLEAN}]
    data = "\n".join(json.dumps(r) for r in lines) + "\n"
    (tmp_path / "r.jsonl").write_text(data, encoding="utf-8")
    proc = run("check", "--jsonl", "--field", "body", "r.jsonl", cwd=tmp_path)
    assert proc.returncode == 1
    out = proc.stdout.decode().splitlines()
    assert out[0].startswith("r.jsonl:1: spin score") and "[spun]" not in out[0]
    assert out[1].startswith("r.jsonl:2: spin score") and out[1].endswith("[spun]")
    assert out[3] == "1 of 3 records look spun (spin score >= 0.50 or edits to apply)"
    records = [
        json.loads(x)
        for x in run(
            "check", "--jsonl", "--field", "body", "--format", "jsonl", "r.jsonl", cwd=tmp_path
        ).stdout.splitlines()
    ]
    assert [r["record_line"] for r in records] == [1, 2, 3]
    assert '("record_line" in JSON)' in " ".join(run("check", "--help").stdout.decode().split())
    assert records[1]["edits"] and records[1]["path"] == "r.jsonl"
    clean_only = "\n".join(json.dumps(r) for r in lines if r["body"] == CLEAN) + "\n"
    assert run("check", "--jsonl", "--field", "body", "-", input=clean_only.encode()).returncode == 0


def test_check_counts_failed_records_and_inputs_in_its_total(tmp_path):
    """qa17: stdout said "1 of 6 records look spun ...; 5 failed" and stderr "5 of 11 records failed":
    one total, every record read (failed ones too), on both lines; the same for inputs."""
    good = [json.dumps({"text": SPUN})] + [json.dumps({"text": CLEAN})] * 5
    bad = ['{"text": oops}', "[1]", json.dumps({"body": SPUN}), json.dumps({"text": 3}), "null"]
    lines = [line for pair in zip(good, bad) for line in pair] + good[len(bad) :]
    (tmp_path / "r.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run("check", "--jsonl", "r.jsonl", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1] == "textmend: 5 of 11 records failed (skipped)"
    last = proc.stdout.decode().splitlines()[-1]
    assert last == "1 of 11 records look spun (spin score >= 0.50 or edits to apply); 5 failed"
    (tmp_path / "a.txt").write_text(f"{SPUN}\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9\n")  # not UTF-8
    documents = run("check", "a.txt", "bad.txt", cwd=tmp_path)
    assert documents.returncode == 2
    assert documents.stdout.decode().splitlines()[-1] == (
        "1 of 2 inputs look spun (spin score >= 0.50 or edits to apply); 1 failed"
    )


def test_check_jsonl_counts_an_input_that_stops_midway_apart(tmp_path, monkeypatch, capsys):
    """A JSON Lines file that cannot be read to the end is no record: not in the records' total."""
    from textmend import cli
    from textmend.batch import Failure

    judge = cli.check_jsonl_chunk
    monkeypatch.setattr(cli, "check_jsonl_chunk", lambda chunk, *a: (
        Failure(f"{chunk.name}: read error") if chunk.name.endswith("b.jsonl") else judge(chunk, *a)
    ))
    for name in ("a.jsonl", "b.jsonl"):
        (tmp_path / name).write_text(json.dumps({"text": CLEAN}) + "\n", encoding="utf-8")
    assert cli.run(["check", "--jsonl", "--jobs", "1", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")]) == 2
    out, err = capsys.readouterr()
    assert "b.jsonl: read error" in err
    assert out.splitlines()[-1] == (
        "0 of 1 record looks spun (spin score >= 0.50 or edits to apply); 1 input could not be read to the end"
    )


def test_malformed_jsonl_exits_2_with_line_and_no_output_file(tmp_path):
    good = json.dumps({"text": SPUN})
    short = json.dumps({"text": "The war ended."})  # cheap to repair: the test is about the bad line
    # the bad line sits past the first chunk of 256 records, so output has started
    data = "\n".join([good] + [short] * 299 + ['{"text": "oops",}'] + [good] * 5) + "\n"
    (tmp_path / "in.jsonl").write_text(data, encoding="utf-8")
    for extra in ([], ["--jobs", "2"]):
        proc = run("repair", "--jsonl", "in.jsonl", "-o", "out.jsonl", *extra, cwd=tmp_path)
        assert proc.returncode == 2
        line = one_error_line(proc.stderr)
        assert line.startswith("textmend: error: in.jsonl:301: invalid JSON"), line
        assert listing(tmp_path) == ["in.jsonl"]
    check = run("check", "--jsonl", "in.jsonl", cwd=tmp_path)
    assert check.returncode == 2 and "in.jsonl:301:" in check.stderr
    not_object = run("check", "--jsonl", "--on-error=fail", "-", input=b'{"text": "a"}\n[1, 2]\n')
    assert not_object.returncode == 2 and "<stdin>:2: expected a JSON object" in one_error_line(
        not_object.stderr
    )
    missing = run("repair", "--jsonl", "--field", "body", "-", input=b'{"text": "a"}\n')
    assert missing.returncode == 2 and "<stdin>:1:" in missing.stderr and "--field" in missing.stderr
    bad_bytes = run("repair", "--jsonl", "-", input=b'{"text": "a"}\n{"text": "\xff"}\n')
    assert bad_bytes.returncode == 2 and "<stdin>:2:" in one_error_line(bad_bytes.stderr)


# --------------------------------------------------------------------------- --jobs


def test_jobs_2_output_identical_to_jobs_1(tmp_path):
    texts = [SPUN, CLEAN, f"{CLEAN} {SPUN}", "Zoë’s café 😀", ""]
    records = [
        json.dumps({"n": i, "text": texts[i % len(texts)]}, ensure_ascii=i % 2 == 0) for i in range(300)
    ]
    (tmp_path / "r.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    for i, text in enumerate(texts[:4]):
        (tmp_path / f"doc{i}.txt").write_text(text * 3, encoding="utf-8")
    docs = [f"doc{i}.txt" for i in range(4)]
    commands = [
        ["repair", "--jsonl", "r.jsonl"],
        ["check", "--jsonl", "--format", "jsonl", "r.jsonl"],
        ["repair", *docs],
        ["check", "--format", "json", *docs],
    ]
    for command in commands:
        one = run(*command, "--jobs", "1", cwd=tmp_path)
        two = run(*command, "--jobs", "2", cwd=tmp_path)
        assert one.returncode == two.returncode and one.returncode in (0, 1), one.stderr
        assert one.stdout == two.stdout and one.stdout, command


# --------------------------------------------------------------------------- terminals and scale


def _run_on_pty(args, cwd, which):
    """Run textmend with stdout or stderr on a pseudo-terminal; return (pty bytes, other stream)."""
    import pty
    import subprocess

    from .cli_helpers import test_env, textmend_command

    master, slave = pty.openpty()
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, which: slave}
    proc = subprocess.Popen(
        [textmend_command(), *args], cwd=cwd, env=test_env(), stdin=subprocess.DEVNULL, **streams
    )
    os.close(slave)
    seen = b""
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        seen += data
    other = (proc.stderr if which == "stdout" else proc.stdout).read()
    proc.wait(timeout=30)
    os.close(master)
    return seen, other


def test_progress_and_colour_only_on_a_terminal(files):
    bar, out = _run_on_pty(["check", "spun.txt", "clean.txt"], files, "stderr")
    assert b"100%" in bar and b"spun.txt: spin score" in out
    coloured, err = _run_on_pty(["explain", "spun.txt"], files, "stdout")
    assert b"\x1b[" in coloured and err == b""
    piped = run("check", "spun.txt", "clean.txt", cwd=files)
    assert piped.stderr == "" and b"\x1b[" not in piped.stdout


def test_jsonl_streams_in_bounded_memory(tmp_path):
    """Peak memory does not grow with the input: 4 MB and 40 MB peak within a few MB."""
    import subprocess
    import sys

    from .cli_helpers import textmend_command

    payload = "x" * 100_000
    record = (json.dumps({"payload": payload, "text": SPUN}) + "\n").encode()
    (tmp_path / "small.jsonl").write_bytes(record * 40)
    (tmp_path / "large.jsonl").write_bytes(record * 400)
    measure = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    peaks = {}
    for name in ("small", "large"):
        proc = subprocess.run(
            [sys.executable, "-c", measure, textmend_command(), "repair", "--jsonl", f"{name}.jsonl"],
            capture_output=True,
            cwd=tmp_path,
            check=True,
        )
        peaks[name] = int(proc.stdout)  # kB on Linux
    assert peaks["large"] - peaks["small"] < 12_000, peaks


def test_no_stdin_at_all():
    """CI jobs and daemons may run with file descriptor 0 closed."""
    import subprocess

    from .cli_helpers import test_env, textmend_command

    proc = subprocess.run(
        [textmend_command()], capture_output=True, env=test_env(), preexec_fn=lambda: os.close(0)
    )
    assert proc.returncode == 2
    assert proc.stderr.decode().strip() == (
        "textmend: error: <stdin>: there is no standard input; name the files to read"
    )


def test_json_output_writes_slash_plainly_as_json_dumps_does(tmp_path) -> None:
    """No ``\\/`` escapes: paths, repaired fields and reports write ``/`` as ``json.dumps`` does."""
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text("and/or a prisoner of warfare.\n", encoding="utf-8")
    (tmp_path / "r.jsonl").write_text(json.dumps({"text": "and/or a prisoner of warfare."}) + "\n", encoding="utf-8")
    outputs = [
        run("check", "--format", "jsonl", "--exit-zero", "d/a.txt", cwd=tmp_path),
        run("check", "--format", "json", "--exit-zero", "d/a.txt", cwd=tmp_path),
        run("explain", "--format", "json", "d/a.txt", cwd=tmp_path),
        run("repair", "--jsonl", "r.jsonl", cwd=tmp_path),
    ]
    for proc in outputs:
        assert proc.returncode == 0, proc.stderr
        assert b"/" in proc.stdout and b"\\/" not in proc.stdout
    repaired = json.loads(outputs[-1].stdout)
    assert repaired["text"] == "and/or a prisoner of war."


@pytest.mark.parametrize("command", ["repair", "check", "explain"])
def test_an_empty_field_name_is_a_usage_error(tmp_path, command):
    (tmp_path / "in.jsonl").write_text('{"text": "He informed reporters."}\n', encoding="utf-8")
    proc = run(command, "--jsonl", "--field", "", "in.jsonl", cwd=tmp_path)
    assert proc.returncode == 2
    assert "--field" in one_error_line(proc.stderr)
    assert proc.stdout == b""


def test_every_command_names_stdin_in_its_usage():
    for command in ("repair", "check", "explain"):
        proc = run(command, "--help")
        assert f"Usage: textmend {command} [OPTIONS] [FILE|-]..." in proc.stdout.decode()
