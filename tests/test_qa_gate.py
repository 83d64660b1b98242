"""Issue 13, "a QA gate people can trust": one test (or more) per numbered point.

Everything about the command runs the installed ``textmend`` through ``subprocess``
(``tests/cli_helpers.py``); record formatting is tested on hand-built results so the
tests hold on the v1 engine and on engine v2.
"""

from __future__ import annotations

import json
import os
import pty
import pydoc
import select
import shutil
import subprocess

import pytest

import textmend
from textmend.model import Edit, Evidence, Region, Result
from textmend.records import result_record

from .cli_helpers import CLEAN, FIXED, SPUN, one_error_line, run, test_env, textmend_command

BASH = shutil.which("bash")
needs_bash = pytest.mark.skipif(BASH is None, reason="needs bash for ulimit and fd redirection")


def _shell(script: str, *env: str) -> list[str]:
    """A command prefix that runs textmend under ``script`` (bash; "$@" is the command)."""
    return ["env", *env, BASH, "-c", script, "textmend-test"]  # type: ignore[list-item]


# --------------------------------------------------------------------------- 1. truncation


@needs_bash
@pytest.mark.parametrize(
    "args",
    [
        ["repair", "big.txt"],
        ["repair", "--format", "json", "big.txt"],
        ["repair", "--jsonl", "big.jsonl"],
        ["check", "--format", "jsonl", "--jsonl", "big.jsonl"],
    ],
    ids=["text", "json", "jsonl", "check-jsonl"],
)
def test_short_write_past_ulimit_is_an_error(tmp_path, args):
    line = CLEAN + "\n"
    (tmp_path / "big.txt").write_text(line * (40_000 // len(line)), encoding="utf-8")
    (tmp_path / "big.jsonl").write_text((json.dumps({"text": CLEAN}) + "\n") * 400, encoding="utf-8")
    with open(tmp_path / "out", "wb") as sink:  # ulimit -f counts 1024-byte blocks: 8 KiB
        proc = run(*args, cwd=tmp_path, stdout=sink, prefix=_shell('ulimit -f 8 && exec "$@"', "PYTHONUNBUFFERED=1"))
    assert (tmp_path / "out").stat().st_size <= 8 * 1024
    assert proc.returncode == 2
    assert one_error_line(proc.stderr) == "textmend: error: cannot write to standard output: File too large"


# --------------------------------------------------------------------------- 2. exit codes


@needs_bash
@pytest.mark.parametrize("command", ["check", "repair", "explain"])
def test_closed_stdout_exits_2_not_1(tmp_path, command):
    (tmp_path / "spun.txt").write_text(SPUN, encoding="utf-8")
    proc = run(command, "spun.txt", cwd=tmp_path, prefix=_shell('exec "$@" >&-'))
    assert proc.returncode == 2
    assert "standard output is closed" in one_error_line(proc.stderr)


def test_huge_integer_in_a_record_is_a_bad_record_not_a_crash():
    data = b'{"text": "a", "n": ' + b"9" * 5000 + b"}\n"
    for command in ("check", "repair"):
        proc = run(command, "--jsonl", "-", input=data)
        assert proc.returncode == 2
        if command == "check":  # --on-error=skip, check's default: the error, then the summary
            line, summary = proc.stderr.splitlines()
            assert summary == "textmend: 1 of 1 record failed (skipped)"
        else:
            line = one_error_line(proc.stderr)
        assert line.startswith("textmend: error: <stdin>:1: invalid JSON"), line
        assert "internal error" not in line and "Traceback" not in proc.stderr


def test_an_unexpected_exception_exits_2_with_one_line(tmp_path, monkeypatch, capsys):
    from textmend import cli

    def broken(*args, **kwargs):
        raise RuntimeError("boom\nsecond line")

    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    monkeypatch.setattr(cli, "result_record", broken)
    assert cli.run(["check", "--format", "json", str(tmp_path / "clean.txt")]) == 2
    err = capsys.readouterr().err
    assert one_error_line(err) == "textmend: error: internal error (RuntimeError: boom second line); please report this bug"
    monkeypatch.setattr(cli, "repair_document", lambda *a: (_ for _ in ()).throw(MemoryError()))
    assert cli.run(["check", str(tmp_path / "clean.txt")]) == 2
    assert "out of memory" in one_error_line(capsys.readouterr().err)


# --------------------------------------------------------------------------- 3. JSON Lines


def _records_with_bad_line(tmp_path, bad_at=290, count=300):
    lines = [json.dumps({"id": i, "text": SPUN if i % 2 else CLEAN}) for i in range(1, count + 1)]
    lines[bad_at - 1] = '{"id": 290, "text": oops}'
    (tmp_path / "r.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


@pytest.mark.parametrize("on_error", [[], ["--on-error=skip"]])
def test_check_jsonl_judges_each_record(tmp_path, on_error):
    """``check --jsonl`` skips a bad record by default (``--on-error=skip``): named on stderr, the
    others checked, repair's summary line, exit 2 (a record failed, whatever the findings)."""
    _records_with_bad_line(tmp_path)
    proc = run("check", "--jsonl", *on_error, "--format", "jsonl", "r.jsonl", cwd=tmp_path)
    assert proc.returncode == 2
    errors = proc.stderr.splitlines()
    assert len(errors) == 2 and errors[0].startswith("textmend: error: r.jsonl:290: invalid JSON")
    assert errors[1] == "textmend: 1 of 300 records failed (skipped)"
    records = [json.loads(x) for x in proc.stdout.splitlines()]
    assert len(records) == 300  # the bad record's is {path, record_line, error}
    assert [r["record_line"] for r in records] == list(range(1, 301))
    assert [r["record_line"] for r in records if "error" in r] == [290]
    assert records[289]["error"].startswith("r.jsonl:290: invalid JSON") and "spin_score" not in records[289]
    text = run("check", "--jsonl", *on_error, "r.jsonl", cwd=tmp_path).stdout.decode().splitlines()[-1]
    assert text == "150 of 300 records look spun (spin score >= 0.50 or edits to apply); 1 failed"  # stderr's total


def test_check_jsonl_on_error_fail_stops_at_the_first_bad_record(tmp_path):
    """``--on-error=fail`` as repair's: one line naming the record, nothing on stdout, exit 2, and
    the inputs after it are not checked."""
    _records_with_bad_line(tmp_path)
    (tmp_path / "later.jsonl").write_text(json.dumps({"text": SPUN}) + "\n", encoding="utf-8")
    for fmt in ("text", "jsonl"):
        proc = run("check", "--jsonl", "--on-error=fail", "--format", fmt, "r.jsonl", "later.jsonl", cwd=tmp_path)
        assert proc.returncode == 2 and proc.stdout == b""
        assert one_error_line(proc.stderr).startswith("textmend: error: r.jsonl:290: invalid JSON")


def test_check_on_error_needs_jsonl_and_offers_no_keep(tmp_path):
    (tmp_path / "a.txt").write_text(SPUN, encoding="utf-8")
    (tmp_path / "r.jsonl").write_text(json.dumps({"text": SPUN}) + "\n", encoding="utf-8")
    for mode in ("skip", "fail"):
        proc = run("check", f"--on-error={mode}", "a.txt", cwd=tmp_path)
        assert proc.returncode == 2 and "--on-error works with --jsonl only" in one_error_line(proc.stderr)
    proc = run("check", "--jsonl", "--on-error=keep", "r.jsonl", cwd=tmp_path)  # check writes no records back
    assert proc.returncode == 2 and "'keep' is not one of 'fail', 'skip'" in one_error_line(proc.stderr)
    assert run("check", "--jsonl", "--on-error=fail", "r.jsonl", cwd=tmp_path).returncode == 1  # findings, no error


@pytest.mark.parametrize(
    ("mode", "kept"), [("fail", None), ("skip", 299), ("keep", 300)]
)
def test_repair_jsonl_on_error(tmp_path, mode, kept):
    lines = _records_with_bad_line(tmp_path)
    proc = run("repair", "--jsonl", f"--on-error={mode}", "r.jsonl", "-o", "out.jsonl", cwd=tmp_path)
    assert proc.returncode == 2
    errors = [x for x in proc.stderr.splitlines() if x.strip()]
    assert errors[0].startswith("textmend: error: r.jsonl:290: invalid JSON")
    if kept is None:
        assert len(errors) == 1 and not (tmp_path / "out.jsonl").exists()
        return
    assert errors[1:] == [f"textmend: 1 of 300 records failed ({'skipped' if mode == 'skip' else 'kept unchanged: 1 byte for byte, not a JSON object'})"]
    out = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(out) == kept
    if mode == "keep":
        assert out[289] == lines[289]  # not an object: every byte kept
    assert json.loads(out[0])["text"] == FIXED


def test_repair_jsonl_keep_adds_an_error_member_to_objects():
    proc = run("repair", "--jsonl", "--on-error=keep", "--field", "body", "-", input=b'{"text": "x"}\n')
    assert proc.returncode == 2
    record = json.loads(proc.stdout)
    assert record["text"] == "x" and "--field" in record["textmend"]["error"]


def test_rerun_keeps_the_first_record_of_edits_and_shapes_match(tmp_path):
    data = (json.dumps({"text": SPUN}) + "\n").encode()
    first = run("repair", "--jsonl", "-", input=data)
    second = run("repair", "--jsonl", "-", input=first.stdout)
    assert first.returncode == second.returncode == 0
    assert second.stdout == first.stdout
    report = json.loads(first.stdout)["textmend"]
    assert report["edits"]
    check = json.loads(run("check", "--jsonl", "--format", "jsonl", "-", input=data).stdout)
    assert set(check) - set(report) == {"path", "record_line"}
    assert check["edits"] == report["edits"]


# --------------------------------------------------------------------------- 4. evidence


def _v2_result() -> tuple[str, Result]:
    text = "one\nthe prisoner of warfare\n"
    start = text.index("warfare")
    evidence = Evidence(1.25, 2.5, 0.5, 0.3, ("curated", "moby"))
    edit = Edit(start, start + 7, "warfare", "war", 0.9, "idiom", "why", (("war", 0.9), ("combat", 0.05)), evidence)
    return text, Result(text.replace("warfare", "war"), (edit,), (), 0.97, (Region(0, 4, 0.0, 0.97), Region(4, len(text), 0.3, 0.97)))


def test_records_carry_the_v2_evidence_when_present():
    text, result = _v2_result()
    record = result_record("f", text, result)
    (edit,) = record["edits"]
    assert edit["alternatives"] == [["war", 0.9], ["combat", 0.05]]
    assert edit["evidence"] == {
        "channel": 1.25, "language_model": 2.5, "document": 0.5, "spin_rate": 0.3, "sources": ["curated", "moby"]
    }  # fmt: skip
    assert record["regions"] == [
        {"start": 0, "end": 4, "line": 1, "column": 1, "spin_rate": 0.0, "spin_score": 0.97},
        {"start": 4, "end": len(text), "line": 2, "column": 1, "spin_rate": 0.3, "spin_score": 0.97},
    ]
    plain = result._replace(edits=(result.edits[0]._replace(alternatives=(), evidence=None),), regions=())
    v1 = result_record("f", text, plain)
    assert "regions" not in v1 and set(v1["edits"][0]) == {
        "start", "end", "line", "column", "original", "replacement", "confidence", "rule"
    }  # fmt: skip


def test_explain_shows_the_v2_evidence():
    from textmend.cli import _explain_text

    text, result = _v2_result()
    shown = _explain_text("f", text, result, False)
    # the replacement's confidence heads the finding; the others rank on another scale, said so
    assert "[confidence 0.90, rule idiom]" in shown
    assert "other candidates (ranking score, not a confidence): combat 0.05\n" in shown
    assert "war 0.90" not in shown
    assert "channel +1.25, language model +2.50, document +0.50; spin rate 0.30, sources curated, moby" in shown
    assert "f:2:1: region to line 2: spin rate 0.30" in shown


def test_check_json_lists_every_finding_explain_shows(tmp_path):
    (tmp_path / "spun.txt").write_text(SPUN, encoding="utf-8")
    check = json.loads(run("check", "--format", "json", "spun.txt", cwd=tmp_path).stdout)[0]
    explain = json.loads(run("explain", "--format", "json", "spun.txt", cwd=tmp_path).stdout)[0]
    strip = lambda edits: [{k: v for k, v in e.items() if k != "explanation"} for e in edits]  # noqa: E731
    assert strip(explain["edits"]) == check["edits"] and strip(explain["suggestions"]) == check["suggestions"]


# --------------------------------------------------------------------------- 5. library validation


@pytest.mark.parametrize(
    ("overrides", "error", "says"),
    [
        ({"extra_pairs": [("war", "prisoner of war")]}, ValueError, "grow"),
        ({"extra_pairs": [("a b", "c"), ("c", "d")]}, ValueError, "chain"),
        ({"extra_pairs": [("troopers", "")]}, ValueError, "empty original"),
        ({"extra_pairs": [("troopers",)]}, TypeError, "(spun, original)"),
        ({"allow": "prisoner of warfare"}, TypeError, "['prisoner of warfare']"),
        ({"allow": ["prisoner\u200bof warfare"]}, ValueError, "U+200B"),
        ({"numbers": 1}, TypeError, "True or False"),
        ({"packs": ""}, ValueError, "packs is empty"),
    ],
)
def test_library_validates_like_the_cli(overrides, error, says):
    with pytest.raises(error, match=None) as info:
        textmend.repair(SPUN, **overrides)
    assert says in str(info.value)


def test_library_allow_list_is_normalised_like_a_file():
    assert textmend.repair(SPUN, allow=["Prisoner of  WARFARE"]).text == SPUN
    assert textmend.repair(SPUN, allow=frozenset()).text == FIXED



def test_library_takes_pairs_as_lists_as_json_gives_them():
    # json.load gives [["warfare", "war"]]: the pairs were checked through an lru_cache and
    # a list inside raised a bare "unhashable type: 'list'"
    pairs = [["troopers", "soldiers"]]
    assert textmend.repair("The troopers left.", extra_pairs=pairs).text == "The soldiers left."
    config = textmend.Config(extra_pairs=pairs)
    assert textmend.repair("The troopers left.", config=config).text == "The soldiers left."
    with pytest.raises(TypeError, match="allow must hold phrases"):
        textmend.repair(SPUN, allow=[["prisoner of warfare"]])

def test_zero_width_characters_in_user_lists_are_refused(tmp_path):
    (tmp_path / "allow.txt").write_text("prisoner\u200b of warfare\n", encoding="utf-8")
    proc = run("repair", "--allow", "allow.txt", input=SPUN.encode(), cwd=tmp_path)
    assert proc.returncode == 2 and "allow.txt:1:" in one_error_line(proc.stderr) and "U+200B" in proc.stderr


# --------------------------------------------------------------------------- 6. markup

HTML = (
    '<!DOCTYPE html>\n<html><head><title>News</title><style>p.spy{}</style>'
    '<script>var s = "prisoner of warfare";</script></head>\n'
    '<body><div class="spy company additionally" data-x="prisoner of warfare">'
    f"<p>{SPUN} AT&amp;T &nbsp;said.</p>\n"
    "<p>Read <code>prisoner of warfare</code> and <pre>prisoner of warfare</pre>"
    '<span translate="no">prisoner of warfare</span></p><!-- prisoner of warfare --></div></body></html>\n'
)


def test_html_keeps_every_byte_of_markup_and_repairs_text(tmp_path):
    (tmp_path / "page.html").write_text(HTML, encoding="utf-8")
    proc = run("repair", "--input-format", "html", "page.html", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode() == HTML.replace(SPUN, FIXED)
    check = json.loads(run("check", "--input-format", "html", "--format", "json", "page.html", cwd=tmp_path).stdout)[0]
    (edit,) = check["edits"]
    assert HTML[edit["start"] : edit["end"]] == edit["original"] == "warfare"
    text_mode = run("repair", "--input-format", "text", "page.html", cwd=tmp_path).stdout.decode()
    assert text_mode != HTML.replace(SPUN, FIXED)  # text mode edits markup
    assert run("repair", "page.html", cwd=tmp_path).stdout.decode() == HTML.replace(SPUN, FIXED)  # auto: by extension


def test_auto_input_format_follows_each_files_extension(tmp_path):
    """``--input-format auto`` (the default) reads a .md file as Markdown, a .html file as HTML and
    anything else, standard input and JSON Lines records as text (a new user's probe: ``textmend repair
    README.md`` edited its front matter and indented code)."""
    doc = f"---\ntitle: {SPUN}\n---\n\n{SPUN}\n\n    {SPUN}\n"
    for name in ("notes.md", "notes.MARKDOWN", "notes.txt"):
        (tmp_path / name).write_text(doc, encoding="utf-8")
    markdown = f"---\ntitle: {SPUN}\n---\n\n{FIXED}\n\n    {SPUN}\n"
    assert run("repair", "notes.md", cwd=tmp_path).stdout.decode() == markdown
    assert run("repair", "notes.MARKDOWN", cwd=tmp_path).stdout.decode() == markdown
    assert run("repair", "--input-format", "text", "notes.md", cwd=tmp_path).stdout.decode() != markdown
    assert run("repair", "notes.txt", cwd=tmp_path).stdout.decode() != markdown  # text: front matter is prose
    assert run("repair", "-", input=doc.encode(), cwd=tmp_path).stdout.decode() != markdown
    (tmp_path / "r.jsonl").write_text(json.dumps({"text": f"<p>{SPUN}</p>"}) + "\n", encoding="utf-8")
    record = json.loads(run("repair", "--jsonl", "r.jsonl", cwd=tmp_path).stdout)
    assert record["text"] == f"<p>{FIXED}</p>"


def test_auto_input_format_reads_an_html_document_without_an_html_extension_as_html(tmp_path):
    """A page saved as .txt, or piped in, that starts as an HTML document (``<!DOCTYPE html`` or
    ``<html``, after a BOM, blanks or comments) is read as HTML (a new user's probe: its attributes and
    script text were repaired as prose); prose that merely mentions a tag stays text, and a named
    ``--input-format text`` is kept."""
    (tmp_path / "page.txt").write_bytes(b"\xef\xbb\xbf<!-- saved -->\n" + HTML.encode())
    fixed = b"\xef\xbb\xbf<!-- saved -->\n" + HTML.replace(SPUN, FIXED).encode()
    assert run("repair", "page.txt", cwd=tmp_path).stdout == fixed
    assert run("repair", "-", input=HTML.encode(), cwd=tmp_path).stdout.decode() == HTML.replace(SPUN, FIXED)
    assert run("repair", "--input-format", "text", "page.txt", cwd=tmp_path).stdout != fixed
    prose = f"{SPUN} Its <html> tag opens the page.\n"
    assert run("repair", "-", input=prose.encode(), cwd=tmp_path).stdout.decode() == prose.replace(SPUN, FIXED)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_auto_input_format_sniffs_html_in_the_encoding_given(tmp_path, encoding):
    """The sniff decodes the start with ``--encoding``: a UTF-16 or UTF-32 page saved as .txt or piped
    in was read as text, and its comment and attributes repaired (a new user's probe, 2026-12-04)."""
    (tmp_path / "page.txt").write_bytes(HTML.encode(encoding))
    fixed = HTML.replace(SPUN, FIXED).encode(encoding)
    assert run("repair", "--encoding", encoding, "page.txt", cwd=tmp_path).stdout == fixed
    assert run("repair", "--encoding", encoding, "-", input=HTML.encode(encoding), cwd=tmp_path).stdout == fixed


def test_auto_input_format_reads_xhtml_after_its_xml_declaration_as_html(tmp_path):
    """An XHTML page starts with an XML declaration before its doctype (a new user's probe,
    2026-12-04); other XML stays text."""
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + HTML
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    assert run("repair", "page.txt", cwd=tmp_path).stdout.decode() == page.replace(SPUN, FIXED)
    (tmp_path / "feed.txt").write_text(f'<?xml version="1.0"?>\n<rss><item note="{SPUN}"/></rss>\n', encoding="utf-8")
    as_text = run("repair", "--input-format", "text", "feed.txt", cwd=tmp_path).stdout
    assert run("repair", "feed.txt", cwd=tmp_path).stdout == as_text
    assert run("repair", "--input-format", "html", "feed.txt", cwd=tmp_path).stdout != as_text


def test_html_library_entry_point_offsets_and_idempotence():
    result = textmend.repair_html(HTML)
    assert result.text == HTML.replace(SPUN, FIXED)
    for edit in (*result.edits, *result.suggestions):
        assert HTML[edit.start : edit.end] == edit.original
    assert textmend.repair_html(result.text).text == result.text
    assert textmend.repair_markup(HTML, "html") == result
    with pytest.raises(ValueError, match="input_format"):
        textmend.repair_markup(HTML, "xml")




@pytest.mark.parametrize("value", ["no", "NO", "No"])
def test_html_translate_no_is_case_insensitive(value):
    # HTML's enumerated attribute values are ASCII case-insensitive: translate="NO" is "no"
    page = f'<p translate="{value}">{SPUN}</p><p>{SPUN}</p>'
    assert textmend.repair_html(page).text == f'<p translate="{value}">{SPUN}</p><p>{FIXED}</p>'


@pytest.mark.parametrize("tag", ["tt", "xmp", "listing", "plaintext", "TT"])
def test_html_old_code_elements_are_kept(tag):
    # <tt> (teletype) and the preformatted <xmp>, <listing> and <plaintext> hold code on old
    # pages and man-page conversions, as <code> and <pre> do: kept byte for byte (qa6)
    code = f"<{tag}>prisoner of warfare</{tag}>"
    page = f"<p>{SPUN}</p><p>Run {code} now.</p>"
    assert textmend.repair_html(page).text == f"<p>{FIXED}</p><p>Run {code} now.</p>"


@pytest.mark.parametrize(
    "tail",
    [
        "<!-- {spun}",
        '<p title="{spun}',
        "<![CDATA[ {spun}",
        "<?php {spun}",
        "</p {spun}",
    ],
)
def test_html_cut_off_inside_markup_keeps_that_markup(tail):
    # A scraper's size cap cuts a page anywhere: html.parser hands what it could not parse at
    # the end (an unclosed comment, an attribute value) to handle_data, and it was repaired.
    page = f"<p>{SPUN}</p>" + tail.format(spun=SPUN)
    assert textmend.repair_html(page).text == f"<p>{FIXED}</p>" + tail.format(spun=SPUN)

MARKDOWN = f"""# Report

{SPUN} See `prisoner of warfare` and [the prisoner of warfare](https://example.org/prisoner-of-warfare "prisoner of warfare").

```
prisoner of warfare
```

    prisoner of warfare

[ref]: https://example.org/prisoner-of-warfare
"""


def test_markdown_leaves_code_and_link_targets_alone():
    result = textmend.repair_markdown(MARKDOWN)
    expected = MARKDOWN.replace(SPUN, FIXED).replace("[the prisoner of warfare]", "[the prisoner of war]")
    assert result.text == expected
    for edit in result.edits:
        assert MARKDOWN[edit.start : edit.end] == edit.original
    proc = run("repair", "--input-format", "markdown", input=MARKDOWN.encode())
    assert proc.returncode == 0 and proc.stdout.decode() == expected


# --------------------------------------------------------------------------- 7. terminal


def _run_at_terminal(*args: str, cwd) -> bytes:
    """Run textmend with stdout and stderr on a pseudo-terminal; everything it showed.

    The 300 s waits only bound a hung run (reading returns as soon as output comes): a 1.1 MB
    ``check`` took 82 s under load 8 on 2 cores, with over 60 s between two redraws of the bar.
    """
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [textmend_command(), *args], stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, cwd=cwd, env=test_env()
    )
    os.close(slave)
    shown = b""
    while True:
        ready, _, _ = select.select([master], [], [], 300)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    proc.wait(timeout=300)
    return shown


def test_progress_bar_never_shares_a_line_with_results(tmp_path):
    for i in range(3):
        (tmp_path / f"f{i}.txt").write_text(SPUN, encoding="utf-8")
    shown = _run_at_terminal("check", "f0.txt", "f1.txt", "f2.txt", cwd=tmp_path).decode()
    assert "100%" in shown  # the bar was drawn
    for line in shown.replace("\r\n", "\n").split("\n"):
        if "spin score" in line:  # what is left on screen once \r and erase-line are applied
            visible = line.rsplit("\x1b[K", 1)[-1].rsplit("\r", 1)[-1].replace("\x1b[?25h", "")
            assert visible.startswith(("f", "3 of 3")), repr(line)
            assert "%" not in visible


def test_progress_bar_shows_for_one_big_file(tmp_path):
    # over BIG_INPUT_BYTES (1 MiB), of words the channel does not hold: the bar is what is tested, and
    # 1 MB of spun news would take the engine a minute and more
    line = "Zorblat quixel vant. " * 40 + "\n"
    (tmp_path / "big.txt").write_text(line * (1_100_000 // len(line) + 1), encoding="utf-8")
    shown = _run_at_terminal("check", "big.txt", cwd=tmp_path).decode()
    assert "0%" in shown and "big.txt: spin score" in shown


def test_bare_textmend_at_a_terminal_says_it_reads_stdin():
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [textmend_command()], stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=test_env()
    )
    os.close(slave)
    os.write(master, SPUN.encode() + b"\n\x04")
    out, err = proc.communicate(timeout=60)
    os.close(master)
    assert "reading standard input" in err.decode() and out.decode().strip() == FIXED


@pytest.mark.parametrize(
    ("args", "env", "colored"),
    [
        ([], {}, False),
        (["--color=always"], {}, True),
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        (["--color=never"], {"FORCE_COLOR": "1"}, False),
    ],
)
def test_color_option_and_environment(args, env, colored):
    proc = run("explain", *args, "-", input=SPUN.encode(), prefix=["env", *(f"{k}={v}" for k, v in env.items())])
    assert proc.returncode == 0
    assert (b"\x1b[" in proc.stdout) is colored


def test_file_names_are_escaped_in_messages_and_diffs(tmp_path):
    name = "we\nird\x1b[31m.txt"
    (tmp_path / name).write_text(SPUN, encoding="utf-8")
    check = run("check", name, cwd=tmp_path).stdout.decode()
    assert "we\\nird\\x1b[31m.txt: spin score" in check and "\x1b" not in check
    diff = run("repair", "--diff", name, cwd=tmp_path).stdout.decode()
    assert diff.startswith("--- a/we\\nird\\x1b[31m.txt\n+++ b/we\\nird\\x1b[31m.txt\n")
    missing = run("check", "no\nsuch.txt", cwd=tmp_path)
    assert "no\\nsuch.txt" in one_error_line(missing.stderr)


def test_explain_caret_is_aligned_under_wide_characters():
    text = "中文中文 the prisoner of warfare."
    lines = run("explain", "-", input=text.encode()).stdout.decode().splitlines()
    edit = next(k for k, x in enumerate(lines) if "warfare -> war" in x)
    shown = next(k for k in range(edit, len(lines)) if lines[k].startswith("    | 中文"))
    caret = lines[shown + 1]
    columns_before = len("    | ") + 4 * 2 + len(" the prisoner of ")
    assert caret.index("^") == columns_before and caret.count("^") == len("warfare")


# --------------------------------------------------------------------------- 8. files


def test_explain_takes_several_files_and_repair_has_diff(tmp_path):
    (tmp_path / "a.txt").write_text(SPUN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(CLEAN, encoding="utf-8")
    proc = run("explain", "a.txt", "b.txt", cwd=tmp_path)
    assert proc.returncode == 0
    summaries = [x for x in proc.stdout.decode().splitlines() if ": spin score" in x]
    assert [s.split(":")[0] for s in summaries] == ["a.txt", "b.txt"]
    diff = run("repair", "--diff", "a.txt", "b.txt", cwd=tmp_path).stdout.decode()
    assert f"-{SPUN}" in diff and f"+{FIXED}" in diff and "b.txt" not in diff
    assert run("repair", "--diff", "--in-place", "a.txt", cwd=tmp_path).returncode == 2


def test_output_to_dev_stdout(tmp_path):
    (tmp_path / "a.txt").write_text(SPUN, encoding="utf-8")
    with open(tmp_path / "out.txt", "wb") as sink:
        proc = run("repair", "a.txt", "-o", "/dev/stdout", cwd=tmp_path, stdout=sink)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == FIXED


def test_repair_json_prints_nothing_when_a_later_input_fails(tmp_path):
    """Issue 10 replaced "the JSON array stays valid" (it held a.txt's record): no partial output."""
    (tmp_path / "a.txt").write_text(SPUN, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff")
    for later in ("missing.txt", "bad.txt"):
        proc = run("repair", "--format", "json", "a.txt", later, cwd=tmp_path)
        assert proc.returncode == 2 and later in one_error_line(proc.stderr)
        assert proc.stdout == b""
    (record,) = json.loads(run("repair", "--format", "json", "a.txt", cwd=tmp_path).stdout)
    assert record["text"] == FIXED


def test_empty_pack_is_an_error():
    proc = run("repair", "--pack", "", input=SPUN.encode())
    assert proc.returncode == 2 and "packs is empty" in one_error_line(proc.stderr)


# --------------------------------------------------------------------------- 9. help


@pytest.mark.parametrize("record", [textmend.Edit, textmend.Result, textmend.Evidence, textmend.Region, textmend.Config])
def test_help_shows_what_each_field_means(record):
    shown = pydoc.render_doc(record, renderer=pydoc.plaintext)
    assert "Alias for field number" not in shown
    signature = next(line for line in shown.splitlines() if f"{record.__name__}(" in line and ":" in line)
    assert "ForwardRef" not in shown and "'" not in signature.split("=")[0], signature
    for field in record._fields:
        assert getattr(record, field).__doc__.strip()
    assert "Offset of the first character" in pydoc.render_doc(textmend.Edit, renderer=pydoc.plaintext)


# --------------------------------------------------------------------------- 8. files (more)


def test_check_walks_directories_with_include_and_exclude(tmp_path):
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / ".git").mkdir()
    (tmp_path / "d" / "sub" / "b.txt").write_text(SPUN, encoding="utf-8")
    (tmp_path / "d" / "a.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "d" / ".git" / "c.txt").write_text(SPUN, encoding="utf-8")
    (tmp_path / "d" / "page.html").write_text(f"<p>{SPUN}</p>", encoding="utf-8")

    def names(*args):
        proc = run("check", "--format", "jsonl", *args, cwd=tmp_path)
        return proc.returncode, [json.loads(x)["path"] for x in proc.stdout.splitlines()]

    assert names("d") == (1, ["d/a.txt", "d/sub/b.txt"])
    assert names("d", "--exclude", "sub") == (0, ["d/a.txt"])
    assert names("d", "--exclude", "sub/*.txt") == (0, ["d/a.txt"])
    assert names("d", "--include", "*.html", "--input-format", "html") == (1, ["d/page.html"])
    empty = run("check", "d", "--include", "*.none", cwd=tmp_path)
    assert empty.returncode == 2 and "is a directory with no files to check" in one_error_line(empty.stderr)



def test_include_and_exclude_take_the_globs_ruff_users_write(tmp_path):
    # '--include "**/*.txt"' (ruff's and .gitignore's spelling) matched nothing: include was
    # tried on the file name only, where no '/' can match
    from textmend.paths import expand

    for name in ("a.txt", "sub/b.txt", "sub/deep/c.txt", "drafts/d.txt", "sub/drafts/e.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(CLEAN, encoding="utf-8")

    def walked(include, exclude=()):
        return [os.path.relpath(p, tmp_path) for p in expand([str(tmp_path)], include, exclude)]

    everything = ["a.txt", "drafts/d.txt", "sub/b.txt", "sub/deep/c.txt", "sub/drafts/e.txt"]
    assert walked(["*.txt"]) == everything
    assert walked(["**/*.txt"]) == everything
    assert walked(["sub/*.txt"]) == ["sub/b.txt", "sub/deep/c.txt", "sub/drafts/e.txt"]
    assert walked(["*.txt"], ["**/drafts"]) == ["a.txt", "sub/b.txt", "sub/deep/c.txt"]

def test_exclude_matches_a_path_however_it_is_spelled(tmp_path, monkeypatch):
    # 'check ./d --exclude d/sub' (or 'check d --exclude ./d/sub', 'd/sub/', an absolute path)
    # walked d/sub all the same: the glob was tried on the path exactly as os.walk spelled it (qa5)
    from textmend.paths import expand

    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "a.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "d" / "sub" / "b.txt").write_text(CLEAN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for top in ("d", "./d", "d/", str(tmp_path / "d")):
        for exclude in ("d/sub", "./d/sub", "d/sub/", str(tmp_path / "d" / "sub"), "sub", "*/sub/*.txt"):
            assert [os.path.basename(p) for p in expand([top], ["*.txt"], [exclude])] == ["a.txt"], (top, exclude)


def test_in_place_refuses_read_only_files_and_keeps_hard_links(tmp_path):
    (tmp_path / "ro.txt").write_text(SPUN, encoding="utf-8")
    (tmp_path / "ro.txt").chmod(0o444)
    proc = run("repair", "--in-place", "ro.txt", cwd=tmp_path)
    assert proc.returncode == 2 and "read-only" in one_error_line(proc.stderr)
    assert (tmp_path / "ro.txt").read_text(encoding="utf-8") == SPUN
    (tmp_path / "a.txt").write_text(SPUN, encoding="utf-8")
    os.link(tmp_path / "a.txt", tmp_path / "b.txt")
    proc = run("repair", "--in-place", "a.txt", cwd=tmp_path)
    assert proc.returncode == 0 and "hard links" in proc.stderr
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == FIXED
    assert os.stat(tmp_path / "a.txt").st_ino == os.stat(tmp_path / "b.txt").st_ino


def test_in_place_refuses_a_file_changed_since_it_was_read(tmp_path):
    from textmend.textio import InputError, rewrite_in_place

    path = tmp_path / "a.txt"
    path.write_bytes(b"changed by someone else")
    with pytest.raises(InputError, match="changed since it was read"):
        rewrite_in_place(str(path), SPUN.encode(), FIXED.encode())
    assert path.read_bytes() == b"changed by someone else"
    path.write_bytes(SPUN.encode())
    assert rewrite_in_place(str(path), SPUN.encode(), FIXED.encode()) is None
    assert path.read_bytes() == FIXED.encode()


@pytest.mark.parametrize(
    ("encoding", "bom", "codec"),
    [
        ("utf-16", b"\xfe\xff", "utf-16-be"),
        ("utf-16", b"\xff\xfe", "utf-16-le"),
        ("utf-32", b"\x00\x00\xfe\xff", "utf-32-be"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8"),
    ],
)
def test_byte_order_and_bom_round_trip(tmp_path, encoding, bom, codec):
    text = "Line one.\r\n" + SPUN + "\n"
    (tmp_path / "in.txt").write_bytes(bom + text.encode(codec))
    proc = run("repair", "--encoding", encoding, "in.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == bom + text.replace(SPUN, FIXED).encode(codec)
    clean = bom + CLEAN.encode(codec)
    (tmp_path / "clean.txt").write_bytes(clean)
    assert run("repair", "--encoding", encoding, "clean.txt", cwd=tmp_path).stdout == clean


def test_no_edit_joins_two_lines():
    import sqlite3

    from textmend.channel import DEFAULT_PACKS, pack_path

    spins: set[str] = set()
    for pack in DEFAULT_PACKS:  # the multi-word spun forms of the shipped channel
        con = sqlite3.connect(f"file:{pack_path(pack)}?mode=ro", uri=True)
        try:
            spins.update(text for (text,) in con.execute("SELECT text FROM spun WHERE text LIKE '% %'"))
        finally:
            con.close()
    phrases = sorted(spins)[:300]
    for phrase in phrases:
        text = "The report said that " + phrase.replace(" ", "\n", 1) + " the government had acted."
        result = textmend.repair(text)
        assert result.text.count("\n") == 1, phrase
        for edit in (*result.edits, *result.suggestions, *textmend.detect(text)):
            assert edit.original.count("\n") == edit.replacement.count("\n"), edit


def test_jobs_are_capped_at_the_work_available():
    from textmend.cli import _jobs

    assert _jobs(8, ("a.txt",), False) == 1
    assert _jobs(0, ("a", "b"), False) <= 2
    assert _jobs(3, ("-",), True) == 3  # JSON Lines split into chunks


def test_allow_from_stdin_does_not_consume_the_text(tmp_path):
    (tmp_path / "allow.txt").write_text("prisoner of warfare\n", encoding="utf-8")
    proc = run("repair", "--allow", "/dev/stdin", input=SPUN.encode())
    assert proc.returncode == 2 and "--allow reads standard input" in one_error_line(proc.stderr)
    with open(tmp_path / "allow.txt", "rb") as stdin:
        proc = subprocess.run(
            [textmend_command(), "check", "--allow", "/dev/stdin", str(tmp_path / "allow.txt")],
            stdin=stdin, capture_output=True, env=test_env(),
        )  # fmt: skip
    assert proc.returncode == 0, proc.stderr  # a named file with the list on stdin is fine


def test_standard_input_named_twice_is_one_clear_error() -> None:
    """`check - -` read stdin twice: the second read was empty and reported clean."""
    proc = run("check", "-", "-", input=SPUN.encode())
    assert proc.returncode == 2
    assert "standard input is named more than once" in one_error_line(proc.stderr)
    assert proc.stdout == b""
    once = run("check", "-", input=SPUN.encode())
    assert once.returncode == 1


@pytest.mark.parametrize("command", ["repair", "check", "explain"])
def test_field_and_on_error_need_jsonl(tmp_path, command):
    """An option that would be ignored is refused (a new user's probe: ``repair --field body spun.txt``
    ran and exited 0 as if the field were used)."""
    (tmp_path / "a.txt").write_text(SPUN, encoding="utf-8")
    proc = run(command, "--field", "body", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == b""
    assert "--field works with --jsonl only" in one_error_line(proc.stderr)
    proc = run(command, "--on-error=skip", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2 and "--on-error works with --jsonl only" in one_error_line(proc.stderr)
    (tmp_path / "r.jsonl").write_text(json.dumps({"body": SPUN}) + "\n", encoding="utf-8")
    assert run(command, "--jsonl", "--field", "body", "r.jsonl", cwd=tmp_path).returncode in (0, 1)
