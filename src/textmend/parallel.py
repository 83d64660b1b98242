"""Ordered, bounded-memory map over worker processes.

One job: run ``fn(item, config)`` for a stream of items on ``jobs`` processes and yield
the results in input order, holding at most ``window`` items in flight so a huge input
stream never piles up in memory (``multiprocessing.Pool.imap`` would read the whole
input eagerly). With ``jobs <= 1`` it is a plain in-process ``map``, so ``--jobs 1`` and
``--jobs N`` run the very same code and give identical output.

Workers ignore SIGINT (the parent handles Ctrl-C and terminates them) and take the
default action on SIGTERM. A Ctrl-C that arrives while the pool is being created waits until
the pool exists (its handler only records it meanwhile), so the interrupt never leaves
half-started workers behind: it is raised where the pool is terminated. Exceptions raised by
``fn`` come back and are re-raised in the parent at that item's position.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_config: Any = None


def default_jobs(jobs: int) -> int:
    """``0`` means one job per CPU."""
    return jobs if jobs > 0 else (os.cpu_count() or 1)


def ordered_map(
    fn: Callable[[T, Any], R],
    items: Iterable[T],
    config: Any,
    jobs: int = 1,
    window: int | None = None,
) -> Generator[R, None, None]:
    """Yield ``fn(item, config)`` for each item, in order, using ``jobs`` processes.

    ``fn`` must be a module-level function and items/results picklable when ``jobs > 1``.
    Close the generator (or exhaust it) to stop the workers.
    """
    if jobs <= 1:
        for item in items:
            yield fn(item, config)
        return
    window = window or jobs * 4
    with _sigint_deferred() as restore:
        pool = multiprocessing.get_context().Pool(jobs, initializer=_init_worker, initargs=(config,))
    try:
        restore()  # a Ctrl-C held during the pool's creation is raised here, inside the try
        pending: deque = deque()
        for item in items:
            pending.append(pool.apply_async(_call, (fn, item)))
            if len(pending) >= window:
                yield pending.popleft().get()
            while pending and pending[0].ready():  # stream results as soon as they are in
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
        pool.close()
        pool.join()
    finally:
        pool.terminate()


@contextlib.contextmanager
def _sigint_deferred() -> Generator[Callable[[], None], None, None]:
    """Hold a Ctrl-C (SIGINT) that arrives in the block: its handler only records it. Yields a
    function that puts the previous handler back and, if a SIGINT came meanwhile, raises it again
    (``signal.raise_signal``) so that handler sees it; called at the latest when the block exits.

    A signal mask would not do: the kernel gives a process's signal to any thread that does not
    block it (a test runner's or a library's), and Python then runs the handler in the main thread
    at once, inside ``Pool.__init__``. Outside the main thread (where handlers cannot be set) the
    block changes nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield lambda: None
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    restored = False

    def restore() -> None:
        nonlocal restored
        if not restored:
            restored = True
            signal.signal(signal.SIGINT, previous)
            if caught:
                signal.raise_signal(signal.SIGINT)

    try:
        yield restore
    except BaseException:
        restore()
        raise


def _init_worker(config: Any) -> None:
    global _config
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _config = config


def _call(fn: Callable[[Any, Any], Any], item: Any) -> Any:
    return fn(item, _config)
