"""``textmend.parallel.ordered_map``: a Ctrl-C that lands while the worker pool is being created
leaves no worker behind (CI once hung on 'repair --jsonl -j 2' interrupted at that moment), also
when the signal reaches another thread of the process (pytest-xdist's), and the caller's handler
sees it once the pool exists."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys

import pytest

from textmend import parallel


def _double(item: int, config: object) -> int:
    return 2 * item


class _CtrlCWhileCreating:
    """A multiprocessing context whose ``Pool`` is interrupted (SIGINT to this process) once the
    workers are started but before the pool is handed back: the moment Ctrl-C is hardest to
    handle."""

    def __init__(self) -> None:
        self.real = multiprocessing.get_context()
        self.pools: list = []

    def Pool(self, *args, **kwargs):  # noqa: N802 (the multiprocessing name)
        pool = self.real.Pool(*args, **kwargs)
        self.pools.append(pool)
        os.kill(os.getpid(), signal.SIGINT)
        return pool


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_while_the_pool_starts_terminates_the_workers(monkeypatch):
    context = _CtrlCWhileCreating()
    monkeypatch.setattr(parallel.multiprocessing, "get_context", lambda: context)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            list(parallel.ordered_map(_double, range(10), None, jobs=2))
    finally:
        signal.signal(signal.SIGINT, previous)
    (pool,) = context.pools
    workers = list(pool._pool)
    for worker in workers:
        worker.join(timeout=30)
    assert len(workers) == 2 and all(worker.exitcode is not None for worker in workers)
    assert _sigint_unblocked()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_the_callers_sigint_handler_is_back_and_sees_the_held_ctrl_c(monkeypatch):
    context = _CtrlCWhileCreating()
    monkeypatch.setattr(parallel.multiprocessing, "get_context", lambda: context)
    seen: list[int] = []

    def handler(signum, frame):
        seen.append(signum)

    previous = signal.signal(signal.SIGINT, handler)
    try:
        assert list(parallel.ordered_map(_double, range(6), None, jobs=2)) == [0, 2, 4, 6, 8, 10]
        assert signal.getsignal(signal.SIGINT) is handler
    finally:
        signal.signal(signal.SIGINT, previous)
    assert seen == [signal.SIGINT]  # once, after the pool was made


def _sigint_unblocked() -> bool:
    return signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_workers_give_the_same_results_in_order():
    assert list(parallel.ordered_map(_double, range(25), None, jobs=2, window=3)) == [2 * i for i in range(25)]
    assert _sigint_unblocked()
