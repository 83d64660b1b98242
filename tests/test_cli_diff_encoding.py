"""``--diff`` applies to the file as it is on disk, whatever its encoding (task cli14, gap 1).

The diff was always written as UTF-8 text, so for a latin-1 or cp1252 file its lines did not
match the file's bytes and ``patch`` refused it. It is now written in the input's own codec
(its headers are ASCII; black writes its diff in the file's encoding too), so ``patch``
applies it and gives exactly the bytes ``repair`` writes. A codec that is not ASCII-compatible
(UTF-16, UTF-32) has no line-by-line diff that ``patch`` or ``git apply`` take (``diff -u``
calls such files binary): ``--diff`` refuses it with one line, exit 2, before any work.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from .cli_helpers import CLEAN, SPUN, one_error_line, run


def _patch() -> str:
    """GNU patch; missing, the test skips (fails under CI, whose .ci/run installs it)."""
    found = shutil.which("patch")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("patch is not installed (CI must run the --diff tests; see .ci/run)")
        pytest.skip("patch is not installed")
    return found


# Each text puts a character outside ASCII on the line the repair changes and on a line it keeps.
CASES = [
    pytest.param("latin-1", f"Café society.\nÀ la carte: {SPUN}\r\n{CLEAN}\n", id="latin-1"),
    pytest.param("cp1252", f"“Quoted” – {SPUN}\n{CLEAN} €5\n", id="cp1252"),
    pytest.param("cp1252", f"{CLEAN} naïve\n{SPUN} ½", id="cp1252-no-eol"),
    pytest.param("utf-8", f"\ufeff{SPUN} ✓\n{CLEAN}\n", id="utf-8-bom"),
]


@pytest.mark.parametrize("command", ["repair", "explain"])
@pytest.mark.parametrize(("codec", "text"), CASES)
def test_diff_in_the_input_codec_applies_with_patch(tmp_path, command, codec, text):
    data = text.encode(codec)
    (tmp_path / "a.txt").write_bytes(data)
    repaired = run("repair", "--encoding", codec, "a.txt", cwd=tmp_path)
    assert repaired.returncode == 0, repaired.stderr
    assert repaired.stdout != data  # there is something to diff
    proc = run(command, "--diff", "--encoding", codec, "a.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(b"--- a/a.txt\n+++ b/a.txt\n@@ ")
    old, new = data.split(b"\n"), repaired.stdout.split(b"\n")  # lines as patch cuts them
    assert len(old) == len(new)
    for before, after in zip(old, new):
        if before == after and before.strip():  # an unchanged line is context, byte for byte
            assert b"\n " + before in b"\n" + proc.stdout
    applied = subprocess.run([_patch(), "-p1", "-s"], input=proc.stdout, cwd=tmp_path, capture_output=True)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert (tmp_path / "a.txt").read_bytes() == repaired.stdout


def test_latin1_diff_lines_are_the_files_bytes(tmp_path):
    """The removed line is the file's line byte for byte (``caf\\xe9``), not its UTF-8 re-spelling."""
    (tmp_path / "a.txt").write_bytes(f"Café: {SPUN}\n".encode("latin-1"))
    diff = run("repair", "--diff", "--encoding", "latin-1", "a.txt", cwd=tmp_path).stdout
    assert f"-Café: {SPUN}\n".encode("latin-1") in diff
    assert "é".encode("utf-8") not in diff


def test_colored_diff_keeps_the_files_bytes(tmp_path):
    """Colour wraps each line in escape codes; the line's bytes inside stay the file's."""
    (tmp_path / "a.txt").write_bytes(f"Café: {SPUN}\n".encode("latin-1"))
    diff = run("repair", "--diff", "--color=always", "--encoding", "latin-1", "a.txt", cwd=tmp_path).stdout
    removed = f"-Café: {SPUN}\n".encode("latin-1")
    assert diff.index(b"\x1b[31m") < diff.index(removed) == diff.index(removed + b"\x1b[0m"), diff


@pytest.mark.parametrize("command", ["repair", "explain"])
@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-32"])
def test_diff_refuses_an_encoding_patch_cannot_apply(tmp_path, command, codec):
    """UTF-16/32: the one clear line says why and what to do instead; nothing on stdout."""
    (tmp_path / "a.txt").write_bytes(f"{SPUN}\n".encode(codec))
    proc = run(command, "--diff", "--encoding", codec, "a.txt", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == b""
    line = one_error_line(proc.stderr)
    assert line.startswith(
        f"textmend: error: Invalid value for --encoding: --diff needs an ASCII-compatible encoding "
        f"such as utf-8 or latin-1, not {codec}"
    ), line
    assert "patch" in line and "-o" in line


@pytest.mark.parametrize("command", ["repair", "explain"])
def test_diff_help_says_which_encodings(command):
    text = " ".join(run(command, "--help").stdout.decode().split())
    assert "in the input's encoding" in text and "UTF-16" in text
