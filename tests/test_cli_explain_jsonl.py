"""``explain --jsonl`` in every format (task cli14, gap 2).

It worked with ``--format html`` only and refused text and json. Now each non-blank record
of a JSON Lines input is explained on its own, as ``check --jsonl`` reports it: in text its
findings are named ``FILE:LINE`` (the record's line) followed by the field and the position in
it, in json/jsonl each record carries ``record_line``. A bad record stops the run
(``--on-error fail``, nothing on stdout) or is named and left out (``skip``, exit 2).
"""

from __future__ import annotations

import json

import pytest

from .cli_helpers import CLEAN, FIXED, SPUN, one_error_line, run


def _records(tmp_path, *texts: str | None, field: str = "text") -> None:
    """``in.jsonl`` with one record per text, a blank line where a text is None."""
    lines = [json.dumps({"id": k, field: t}) if t is not None else "" for k, t in enumerate(texts, 1)]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_text_names_each_finding_by_the_records_line(tmp_path):
    _records(tmp_path, CLEAN, None, f"{CLEAN}\nLine two: {SPUN}", field="body")
    proc = run("explain", "--jsonl", "--field", "body", "in.jsonl", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode().splitlines()
    column = len("Line two: ") + SPUN.index("warfare") + 1
    (finding,) = [x for x in out if "warfare -> war" in x]
    assert finding.startswith(f"in.jsonl:3: body 2:{column}: warfare -> war  [confidence ")
    shown = out.index(finding) + 3  # after the explanation and the evidence: the field's line 2
    assert out[shown].startswith("    | ") and out[shown].endswith("North Korean prisoner of warfare.")
    assert out[shown + 1].endswith("^" * len("warfare"))
    summaries = [x for x in out if ": spin score" in x]
    assert [s.split(": spin score")[0] for s in summaries] == ["in.jsonl:1", "in.jsonl:3"]  # blank line 2 skipped
    assert summaries[1].endswith(", 1 edit, 0 suggestions")


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_records_carry_the_record_line_as_check_does(tmp_path, fmt):
    _records(tmp_path, SPUN, None, CLEAN)
    proc = run("explain", "--jsonl", "--format", fmt, "in.jsonl", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    records = json.loads(out) if fmt == "json" else [json.loads(x) for x in out.splitlines()]
    assert [(r["path"], r["record_line"]) for r in records] == [("in.jsonl", 1), ("in.jsonl", 3)]
    (edit,) = records[0]["edits"]
    assert (edit["original"], edit["replacement"], edit["line"]) == ("warfare", "war", 1)
    assert edit["explanation"]  # explain's records explain
    check = [json.loads(x) for x in run("check", "--jsonl", "--format", "jsonl", "in.jsonl", cwd=tmp_path).stdout.splitlines()]
    def plain(findings: list[dict]) -> list[dict]:  # explain's findings explain themselves; check's do not
        return [{k: v for k, v in e.items() if k != "explanation"} for e in findings]

    assert [{k: (plain(v) if k == "suggestions" else v) for k, v in r.items() if k != "edits"} for r in records] == [
        {k: v for k, v in r.items() if k != "edits"} for r in check
    ]
    assert [[{k: v for k, v in e.items() if k != "explanation"} for e in r["edits"]] for r in records] == [
        r["edits"] for r in check
    ]


def test_standard_input_and_several_files(tmp_path):
    _records(tmp_path, SPUN)
    data = (json.dumps({"text": f"Again: {SPUN}"}) + "\n").encode()
    proc = run("explain", "--jsonl", "in.jsonl", "-", input=data, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    summaries = [x.split(": spin score")[0] for x in proc.stdout.decode().splitlines() if ": spin score" in x]
    assert summaries == ["in.jsonl:1", "<stdin>:1"]
    assert FIXED not in proc.stdout.decode()  # explain shows findings, not the repaired text


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_bad_record_fails_the_run_or_is_skipped(tmp_path, fmt):
    lines = [json.dumps({"text": SPUN}), "[1]", json.dumps({"text": 5}), json.dumps({"text": CLEAN})]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    failed = run("explain", "--jsonl", "--format", fmt, "in.jsonl", cwd=tmp_path)
    assert failed.returncode == 2 and failed.stdout == b""
    assert one_error_line(failed.stderr).startswith("textmend: error: in.jsonl:2: ")
    skipped = run("explain", "--jsonl", "--on-error", "skip", "--format", fmt, "in.jsonl", cwd=tmp_path)
    assert skipped.returncode == 2
    err = skipped.stderr.splitlines()
    assert len(err) == 3 and "in.jsonl:2: " in err[0] and "in.jsonl:3: " in err[1]
    assert err[2] == "textmend: 2 of 4 records failed (skipped)"
    out = skipped.stdout.decode()
    if fmt == "json":
        assert [r["record_line"] for r in json.loads(out)] == [1, 4]
    else:
        assert [x.split(": spin score")[0] for x in out.splitlines() if ": spin score" in x] == ["in.jsonl:1", "in.jsonl:4"]


def test_what_stays_refused_says_which_combinations_work(tmp_path):
    _records(tmp_path, SPUN)
    diff = run("explain", "--jsonl", "--diff", "in.jsonl", cwd=tmp_path)
    assert diff.returncode == 2 and "--diff cannot be used with --jsonl" in one_error_line(diff.stderr)
    out = run("explain", "--jsonl", "in.jsonl", "-o", "x.txt", cwd=tmp_path)
    assert out.returncode == 2 and "-o/--output works with --format html only" in one_error_line(out.stderr)
    on_error = run("explain", "--on-error", "skip", "in.jsonl", cwd=tmp_path)
    assert on_error.returncode == 2 and "--on-error works with --jsonl only" in one_error_line(on_error.stderr)
    wide = run("explain", "--jsonl", "--encoding", "utf-16", "in.jsonl", cwd=tmp_path)
    assert wide.returncode == 2 and "--jsonl needs an ASCII-compatible encoding" in one_error_line(wide.stderr)


def test_explain_help_for_jsonl_says_what_it_does():
    options = run("explain", "--help").stdout.decode().split("\nOptions:")[1]
    jsonl_help = " ".join(options.split("\n  --jsonl ")[1].split("\n  --")[0].split())
    assert jsonl_help.startswith("Inputs are JSON Lines: explain one field of each record"), jsonl_help
    assert "FILE:LINE" in jsonl_help


def test_input_format_applies_to_each_records_field(tmp_path):
    """``--input-format html`` reads each field as markup (as ``repair --jsonl`` and ``check --jsonl``
    do): a spun phrase in an attribute is not a finding, the one in the text node is, with offsets
    into the field's HTML."""
    page = f'<p title="the first prisoner of warfare">{SPUN}</p>'
    _records(tmp_path, page)
    found = {}
    for input_format in ("text", "html"):
        proc = run("explain", "--jsonl", "--format", "jsonl", "--input-format", input_format, "in.jsonl", cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        found[input_format] = [e["start"] for e in json.loads(proc.stdout)["edits"]]
    in_text = page.index("warfare", page.index(">"))
    assert found == {"text": [page.index("warfare"), in_text], "html": [in_text]}
