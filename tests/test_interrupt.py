"""Ctrl-C (SIGINT) while ``textmend`` waits for standard input: one line on stderr (no blank line
from click, no traceback), nothing on stdout, no ``-o`` file, exit 130 as other CLIs; on a
terminal the line starts after the echoed "^C". A SIGINT the caller ignores stays ignored.

The same while the command is still importing (its first quarter of a second): the signal is held
until the imports are done, then the run stops the same way (``textmend.__main__``)."""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import FIXED, SPUN, test_env, textmend_command

ROOT = Path(__file__).resolve().parents[1]

INTERRUPTED = b"textmend: error: interrupted; every output file is either complete or untouched"
NOTICE = b"textmend: reading standard input"


def _read_until(fd: int, marker: bytes) -> bytes:
    """Read ``fd`` until ``marker`` has appeared (the notice textmend prints once it waits on a
    terminal's input: its signal handlers are in place by then)."""
    seen = b""
    while marker not in seen:
        data = os.read(fd, 4096)
        assert data, seen
        seen += data
    return seen


def _read_all(fd: int) -> bytes:
    seen = b""
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            return seen
        if not data:
            return seen
        seen += data


def _start(args: list[str], cwd, *, stderr_on_terminal: bool, ignore_sigint: bool = False):
    """textmend with its standard input on a pseudo-terminal (and stderr too, if asked)."""
    master, slave = pty.openpty()
    err_master = err_slave = None
    if not stderr_on_terminal:
        err_master, err_slave = os.pipe()
    handler = signal.SIG_IGN if ignore_sigint else signal.SIG_DFL
    proc = subprocess.Popen(
        [textmend_command(), *args], cwd=cwd, env=test_env(), stdin=slave, stdout=subprocess.PIPE,
        stderr=slave if stderr_on_terminal else err_slave,
        preexec_fn=lambda: signal.signal(signal.SIGINT, handler),
    )
    os.close(slave)
    if err_slave is not None:
        os.close(err_slave)
    return proc, master, err_master if err_master is not None else master


@pytest.mark.parametrize("command", [["repair"], ["check"], ["explain"], ["repair", "--jsonl", "-j", "2"]])
def test_ctrl_c_on_standard_input_is_one_line_and_exit_130(tmp_path, command):
    proc, master, err = _start([*command, "-o", "out.txt"] if command == ["repair"] else command, tmp_path,
                               stderr_on_terminal=False)
    try:
        os.write(master, f"{SPUN}\n".encode())  # a line typed, no Ctrl-D yet
        seen = _read_until(err, NOTICE)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 130
        stderr = (seen + _read_all(err)).decode()
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
        if err != master:
            os.close(err)
    lines = stderr.splitlines()
    assert lines[0].startswith(NOTICE.decode()) and lines[1:] == [INTERRUPTED.decode()]
    assert proc.stdout.read() == b""
    assert list(tmp_path.iterdir()) == []


def test_on_a_terminal_the_line_starts_after_the_echoed_ctrl_c(tmp_path):
    proc, master, _ = _start(["repair"], tmp_path, stderr_on_terminal=True)
    try:
        seen = _read_until(master, NOTICE)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 130
        seen += _read_all(master)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    # the notice's line, then a line break (where a terminal shows "^C"), then the message
    assert seen.endswith(b"--help')\r\n\r\n" + INTERRUPTED + b"\r\n")
    assert seen.count(INTERRUPTED) == 1 and b"Traceback" not in seen


def test_a_sigint_the_caller_ignores_stays_ignored(tmp_path):
    proc, master, err = _start(["repair"], tmp_path, stderr_on_terminal=False, ignore_sigint=True)
    try:
        os.write(master, f"{SPUN}\n".encode())
        _read_until(err, NOTICE)
        proc.send_signal(signal.SIGINT)
        os.write(master, b"\x04")  # Ctrl-D: end of input
        assert proc.wait(timeout=60) == 0
        assert _read_all(err) == b""
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
        os.close(err)
    assert proc.stdout.read() == f"{FIXED}\n".encode()


# -- a signal while the command imports -----------------------------------------------------------

HOLD_AT_IMPORT = r"""
import os, sys
ready, go, module = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
sys.argv = ["textmend", *sys.argv[4:]]
held = []

def hold(event, args):
    # the first import of `module`: say so, then wait, mid-import, for the test's signal
    if event == "import" and args[0] == module and not held:
        held.append(module)
        os.write(ready, b"r")
        os.read(go, 1)

sys.addaudithook(hold)
"""
"""The start of a child that stops in the middle of the command's imports: at the first import of
``module`` it writes to ``ready`` and waits to read ``go``. The test signals it in between, so the
signal arrives during the imports however fast or slow the machine is (no sleeping)."""


def _console_script() -> str:
    """What the console script pip writes for pyproject.toml's ``textmend`` entry point runs."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    module, function = project["scripts"]["textmend"].split(":")
    return f"from {module} import {function}\nsys.exit({function}())\n"


ENTRY_POINTS = {
    "console script": _console_script,
    "python -m textmend": lambda: "import runpy\nrunpy.run_module('textmend', run_name='__main__')\n",
}


def _signal_mid_import(tmp_path, entry: str, module: str, signum: int | None, *, ignore_sigint: bool = False):
    """Run ``textmend repair a.txt -o out.txt`` by ``entry``, send ``signum`` while it imports
    ``module``, and return the finished process with its stdout and stderr."""
    (tmp_path / "a.txt").write_text(f"{SPUN}\n", encoding="utf-8")
    ready_r, ready_w = os.pipe()
    go_r, go_w = os.pipe()
    handler = signal.SIG_IGN if ignore_sigint else signal.SIG_DFL
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_AT_IMPORT + ENTRY_POINTS[entry](), str(ready_w), str(go_r), module,
         "repair", "a.txt", "-o", "out.txt"],
        cwd=tmp_path, env=test_env(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        pass_fds=(ready_w, go_r), preexec_fn=lambda: signal.signal(signal.SIGINT, handler),
    )
    os.close(ready_w)
    os.close(go_r)
    try:
        if os.read(ready_r, 1) != b"r":  # the child ended before importing `module`
            proc.kill()
            raise AssertionError(proc.communicate()[1].decode())
        if signum is not None:
            proc.send_signal(signum)  # pending in the child when this returns: it lands mid-import
        os.write(go_w, b"g")
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(ready_r)
        os.close(go_w)
    return proc, out, err.decode()


@pytest.mark.parametrize("module", ["click", "numpy", "textmend.api"])
@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_ctrl_c_while_the_command_imports_is_one_line_and_exit_130(tmp_path, entry, module):
    proc, out, err = _signal_mid_import(tmp_path, entry, module, signal.SIGINT)
    assert (proc.returncode, err) == (130, INTERRUPTED.decode() + "\n")  # no traceback
    assert out == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # no out.txt, no temporary file


def test_sigterm_while_the_command_imports_is_one_line_and_exit_143(tmp_path):
    proc, out, err = _signal_mid_import(tmp_path, "console script", "numpy", signal.SIGTERM)
    assert (proc.returncode, err, out) == (143, INTERRUPTED.decode() + "\n", b"")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_a_sigint_the_caller_ignores_while_the_command_imports_stays_ignored(tmp_path):
    proc, out, err = _signal_mid_import(tmp_path, "console script", "numpy", signal.SIGINT, ignore_sigint=True)
    assert (proc.returncode, err, out) == (0, "", b"")
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == f"{FIXED}\n"


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_without_a_signal_the_entry_points_run_the_command(tmp_path, entry):
    proc, out, err = _signal_mid_import(tmp_path, entry, "numpy", None)
    assert (proc.returncode, err) == (0, "")
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == f"{FIXED}\n"


def test_a_forked_worker_signalled_before_its_initializer_dies_quietly(monkeypatch):
    """A pool worker inherits the CLI's handler until its initializer resets it; a SIGTERM then
    (``Pool.terminate`` right after a Ctrl-C) must kill it as the default action does, not raise
    ``Interrupted`` and print a traceback (seen once in CI with ``repair --jsonl -j 2``)."""
    from textmend import cli

    previous = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    monkeypatch.setattr(cli, "_handler_pid", os.getpid())
    pid = os.fork()
    if pid == 0:  # the child: the parent's handler, as a freshly forked worker has it
        try:
            signal.signal(signal.SIGTERM, cli._on_signal)
            os.kill(os.getpid(), signal.SIGTERM)
            os._exit(0)
        except cli.Interrupted:
            os._exit(3)
        except BaseException:
            os._exit(4)
    signal.signal(signal.SIGTERM, previous)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGTERM, status
