"""Pausing the cyclic garbage collector while a text is analysed.

An analysis makes no reference cycles (measured: ``gc.collect()`` after each of 40 news repairs,
clean and spun, found 0 unreachable objects), so the collector has nothing to free during one.
It still ran: every object that lives through a document's analysis (its spans, windows and
observations, ~66 ms of allocation on a news article) is promoted to the oldest generation and
dies there, and those promotions set off a full collection every ~20 articles that walks every
tracked object of the process (~15-20% of repair time on news, benchmarks/SPEED.md). With the
collector paused for the call, the objects of the document are freed by reference counting
before it looks, as before.

Only a collector that was enabled is paused and enabled again: a caller that disabled it keeps
it off. Threads share the switch; a thread that ends its call enables it while another's call
runs, which costs that call its pause and nothing else.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def paused(fn: Callable[P, R]) -> Callable[P, R]:
    """``fn`` with the cyclic garbage collector off for the duration of each call (when it was on)."""

    @functools.wraps(fn)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()

    return call
