"""Helpers for the CLI tests: run the *installed* ``textmend`` command in a subprocess."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

SPUN = "The soldier is believed to be the first North Korean prisoner of warfare."
FIXED = "The soldier is believed to be the first North Korean prisoner of war."
CLEAN = "The company said profits rose in the third quarter."


@lru_cache(maxsize=None)
def textmend_command() -> str:
    """The console script installed next to this interpreter (a venv), else on PATH."""
    here = Path(sys.executable).parent / "textmend"
    if here.is_file() and os.access(here, os.X_OK):
        return str(here)
    found = shutil.which("textmend")
    if found is None:
        raise RuntimeError("the textmend command is not installed; run pip install -e .")
    return found


def _default_sigint() -> None:
    # A background CI job may start us with SIGINT ignored; a real Ctrl-C run does not.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run(
    *args: str | os.PathLike[str],
    input: bytes = b"",
    cwd: str | os.PathLike[str] | None = None,
    prefix: list[str] | None = None,
    stdout: int | None = subprocess.PIPE,
    timeout: float = 60,
) -> subprocess.CompletedProcess:
    """Run ``textmend ARGS`` with ``input`` on stdin; stdout is bytes, stderr is str."""
    cmd = [*(prefix or []), textmend_command(), *map(str, args)]
    proc = subprocess.run(
        cmd,
        input=input,
        stdout=stdout,
        stderr=subprocess.PIPE,
        cwd=cwd,
        timeout=timeout,
        env=test_env(),
    )
    proc.stderr = proc.stderr.decode("utf-8", "replace")
    return proc


def popen(*args: str | os.PathLike[str], cwd=None, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL):
    return subprocess.Popen(
        [textmend_command(), *map(str, args)],
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=test_env(),
        preexec_fn=_default_sigint,
    )


def test_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    env["PYTHONIOENCODING"] = "ascii"  # the CLI must not depend on the locale's encoding
    return env


test_env.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


def one_error_line(stderr: str) -> str:
    """The CLI's failure output is one line on stderr; return it."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got: {stderr!r}"
    return lines[0]


@lru_cache(maxsize=None)
def unprivileged_prefix() -> tuple[str, ...] | None:
    """A command prefix under which file permissions apply, or None if we cannot get one.

    As root, permission bits are bypassed (CAP_DAC_OVERRIDE); ``setpriv`` drops those
    capabilities from the bounding set so the command meets real "Permission denied".
    """
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = (setpriv, "--bounding-set", "-dac_override,-dac_read_search,-fowner,-linux_immutable")
    probe_dir = Path(os.environ.get("TMPDIR", "/tmp"))
    import tempfile

    with tempfile.TemporaryDirectory(dir=probe_dir) as tmp:
        locked = Path(tmp) / "locked"
        locked.mkdir(mode=0o555)
        locked.chmod(0o555)
        probe = subprocess.run(
            [*prefix, sys.executable, "-c", f"open({str(locked / 'x')!r}, 'w')"],
            capture_output=True,
        )
        locked.chmod(0o755)
    return prefix if probe.returncode != 0 else None


def listing(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())
