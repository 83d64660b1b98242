"""The README's Python examples run as doctests (the wordfreq way), so they stay true."""

from __future__ import annotations

import doctest
import re

import pytest

from .conftest import ROOT


def test_readme_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    failures, tried = doctest.testfile(
        str(ROOT / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS
    )
    assert tried > 0
    assert failures == 0


def test_package_docstring_example() -> None:
    import textmend

    failures, tried = doctest.testmod(textmend)
    assert tried > 0 and failures == 0


def _shell_examples() -> list[str]:
    """The README's shell commands that name a bundled file (``examples/...``, ``README.md``):
    they are meant to run as written from the repository's root."""
    blocks = re.findall(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    lines = [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line.startswith(("textmend ", "cat examples/")) and ("examples/" in line or "README.md" in line)]


@pytest.mark.parametrize("command", _shell_examples())
def test_readme_shell_examples_on_bundled_files_run_as_written(command: str, tmp_path) -> None:
    import shlex
    import subprocess

    from .cli_helpers import textmend_command

    (tmp_path / "examples").symlink_to(ROOT / "examples")
    (tmp_path / "README.md").symlink_to(ROOT / "README.md")
    shell = re.sub(r"(^|\| )textmend ", lambda m: m.group(1) + shlex.quote(textmend_command()) + " ", command)
    done = subprocess.run(["sh", "-c", shell], cwd=tmp_path, capture_output=True, timeout=120)
    assert done.returncode in (0, 1), (command, done.stderr)  # 1: spun text found (check)
    assert done.stderr == b"", (command, done.stderr)


def test_readme_runs_more_than_the_repair_of_stdin() -> None:
    commands = _shell_examples()
    assert any("--jsonl" in c for c in commands) and any("--format html" in c for c in commands)
