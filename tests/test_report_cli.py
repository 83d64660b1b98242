"""``textmend explain --format html``: the review page from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from .cli_helpers import CLEAN, SPUN, one_error_line, run
from .test_report import _parse


def _sections(html: str) -> list[dict[str, str | None]]:
    return [a for tag, a in _parse(html).tags if tag == "section"]


def test_several_files_to_one_page(tmp_path: Path) -> None:
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "spun.txt").write_text(SPUN, encoding="utf-8")
    proc = run("explain", "--format", "html", "clean.txt", "spun.txt", "-o", "report.html", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == b""
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    scores = [float(a["data-spin-score"]) for a in _sections(html)]
    assert len(scores) == 2 and scores == sorted(scores, reverse=True)
    assert html.index("spun.txt</bdi>") < html.index("clean.txt</bdi>")
    assert "<del>warfare</del><ins>war</ins>" in html


def test_jsonl_one_section_per_record_worst_first(tmp_path: Path) -> None:
    lines = [json.dumps({"body": CLEAN}), "", json.dumps({"body": SPUN, "id": "<b>"}), json.dumps({"body": CLEAN})]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run("explain", "--format", "html", "--jsonl", "--field", "body", "in.jsonl", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    html = proc.stdout.decode("utf-8")
    assert len(_sections(html)) == 3
    assert html.index(", line 3") < html.index(", line 1") < html.index(", line 4")


def test_bad_record_is_an_error_naming_its_line(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text(json.dumps({"text": SPUN}) + "\n[1]\n", encoding="utf-8")
    proc = run("explain", "--format", "html", "--jsonl", "in.jsonl", "-o", "out.html", cwd=tmp_path)
    assert proc.returncode == 2
    assert "in.jsonl:2" in one_error_line(proc.stderr)
    assert not (tmp_path / "out.html").exists()


def test_html_only_options_are_refused_elsewhere(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SPUN, encoding="utf-8")
    for args in (["a.txt", "-o", "x.html"], ["--format", "json", "a.txt", "-o", "x.html"]):  # --jsonl works in every format (cli14)
        proc = run("explain", *args, cwd=tmp_path)
        assert proc.returncode == 2
        assert "-o/--output works with --format html only" in one_error_line(proc.stderr)


def test_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SPUN, encoding="utf-8")
    proc = run("explain", "--format", "html", "a.txt", "-o", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == SPUN


def test_refusal_to_overwrite_its_input_names_no_option_explain_lacks(tmp_path: Path) -> None:
    # 'use --in-place' is repair's advice; explain has no --in-place
    (tmp_path / "a.txt").write_text(SPUN, encoding="utf-8")
    proc = run("explain", "--format", "html", "a.txt", "-o", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert one_error_line(proc.stderr) == (
        "textmend: error: refusing to write the page over the input a.txt; choose another -o"
    )


def test_missing_inputs_are_each_reported_and_no_page_is_written(tmp_path: Path) -> None:
    """As ``check`` does: every unreadable input gets its own line on stderr, then exit 2;
    as ``repair -o`` does: no page (and an existing OUT is left as it was)."""
    (tmp_path / "a.txt").write_text(SPUN, encoding="utf-8")
    (tmp_path / "out.html").write_text("old page", encoding="utf-8")
    proc = run("explain", "--format", "html", "gone1.txt", "a.txt", "gone2.txt", "-o", "out.html", cwd=tmp_path)
    assert proc.returncode == 2
    lines = proc.stderr.splitlines()
    assert lines == [
        "textmend: error: gone1.txt: No such file or directory",
        "textmend: error: gone2.txt: No such file or directory",
    ]
    assert (tmp_path / "out.html").read_text(encoding="utf-8") == "old page"
    proc = run("explain", "--format", "html", "a.txt", "gone.txt", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == b""
    assert "gone.txt: No such file or directory" in one_error_line(proc.stderr)


def test_missing_jsonl_inputs_are_each_reported_and_no_page_is_written(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text(json.dumps({"text": SPUN}) + "\n", encoding="utf-8")
    proc = run("explain", "--format", "html", "--jsonl", "gone1.jsonl", "in.jsonl", "gone2.jsonl", "-o", "p.html", cwd=tmp_path)
    assert proc.returncode == 2
    assert len(proc.stderr.splitlines()) == 2
    assert not (tmp_path / "p.html").exists()


def test_on_error_skip_leaves_bad_records_out_of_a_complete_page(tmp_path: Path) -> None:
    """As ``repair --jsonl --on-error=skip``: each bad record on its own line, the rest on
    the page, a summary line, exit 2 (a record failed); ``fail`` (the default) writes no page."""
    lines = [json.dumps({"text": SPUN}), "[1]", json.dumps({"text": 5}), json.dumps({"text": CLEAN})]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run("explain", "--format", "html", "--jsonl", "--on-error", "skip", "in.jsonl", "-o", "p.html", cwd=tmp_path)
    assert proc.returncode == 2
    err = proc.stderr.splitlines()
    assert len(err) == 3 and "in.jsonl:2" in err[0] and "in.jsonl:3" in err[1]
    assert err[2] == "textmend: 2 of 4 records failed (skipped)"
    html = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert len(_sections(html)) == 2 and ", line 1" in html and ", line 4" in html and ", line 2" not in html
    proc = run("explain", "--format", "html", "--jsonl", "--on-error", "fail", "in.jsonl", "-o", "q.html", cwd=tmp_path)
    assert proc.returncode == 2 and "in.jsonl:2" in one_error_line(proc.stderr)
    assert not (tmp_path / "q.html").exists()
    for args in (["--on-error", "skip", "in.jsonl"], ["--format", "html", "--on-error", "skip", "in.jsonl"]):
        proc = run("explain", *args, cwd=tmp_path)
        assert proc.returncode == 2 and "--on-error works with --jsonl only" in one_error_line(proc.stderr)


MARKUP = {  # a spun phrase in prose and one in markup, which --input-format keeps out of the findings
    "html": f'<p title="the first prisoner of warfare">{SPUN}</p>\n',
    "markdown": f'{SPUN} See [the list](https://example.org/ "prisoner of warfare").\n',
}


def test_input_format_applies_to_the_page(tmp_path: Path) -> None:
    """``explain --format html --input-format html|markdown`` reads its inputs (files and --jsonl
    fields) as ``repair`` and ``check`` do: the page marks the finding in the prose, none in the
    markup (it ignored --input-format, marking both, cli16)."""
    for input_format, doc in MARKUP.items():
        (tmp_path / "doc").write_text(doc, encoding="utf-8")
        (tmp_path / "in.jsonl").write_text(json.dumps({"text": doc}) + "\n", encoding="utf-8")
        check = json.loads(run("check", "--format", "json", "--input-format", input_format, "doc", cwd=tmp_path).stdout)
        assert [(e["start"], e["original"]) for e in check[0]["edits"]] == [(doc.index(SPUN) + SPUN.index("warfare"), "warfare")]
        for jsonl in ([], ["--jsonl"]):
            name = "in.jsonl" if jsonl else "doc"
            pages = {
                fmt: run("explain", "--format", "html", *jsonl, "--input-format", fmt, name, cwd=tmp_path)
                for fmt in ("text", input_format)
            }
            assert all(p.returncode == 0 for p in pages.values()), [p.stderr for p in pages.values()]
            marks = {fmt: p.stdout.decode("utf-8").count("<del>warfare</del>") for fmt, p in pages.items()}
            assert marks == {"text": 2, input_format: 1}, (input_format, jsonl)
