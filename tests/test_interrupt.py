"""Ctrl-C (SIGINT) while ``textmend`` waits for standard input: one line on stderr (no blank line
from click, no traceback), nothing on stdout, no ``-o`` file, exit 130 as other CLIs; on a
terminal the line starts after the echoed "^C". A SIGINT the caller ignores stays ignored."""

from __future__ import annotations

import os
import pty
import signal
import subprocess

import pytest

from tests.cli_helpers import FIXED, SPUN, test_env, textmend_command

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
