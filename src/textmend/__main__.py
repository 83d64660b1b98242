"""The ``textmend`` command's entry point: the console script (``textmend.__main__:main``) and
``python -m textmend`` both run :func:`main`.

It is a module of its own, importing nothing heavy, so that Ctrl-C in the first moments of a run is
handled like Ctrl-C later on. The command's imports (click, numpy, the engine: about 0.25 s) run
with SIGINT and SIGTERM *held*: a signal that arrives then is only recorded, and once the imports
are done the run stops before doing any work, as an interrupted run does (one line on stderr,
nothing on stdout, no output file, exit 128 + the signal: 130 for Ctrl-C). Before, the default
handler raised ``KeyboardInterrupt`` inside some import and Python printed its traceback; or,
raised inside a ``__del__`` (the ``regex`` module's, at import), it was printed as "Exception
ignored" and the run went on to write its output and exit 0.

Recording rather than raising is the point: an exception raised mid-import leaves modules half
made, and one raised in a ``__del__`` is swallowed. The cost is that Ctrl-C waits for the imports
to finish (a quarter of a second). A signal the caller ignores (a background job's SIGINT) stays
ignored. What runs before this module cannot be reached from it: the interpreter's own start-up
and ``site`` (a few tens of milliseconds), where Python's default handling still applies.
"""

from __future__ import annotations

import signal
import sys

HELD = (signal.SIGINT, signal.SIGTERM)
"""The signals held while the command imports (the two :func:`textmend.cli.run` handles)."""


def main() -> None:
    """Run the ``textmend`` command with ``sys.argv`` and exit with its code (never returns)."""
    arrived: list[int] = []
    previous = {}
    for signum in HELD:
        handler = signal.getsignal(signum)
        if handler is signal.default_int_handler or handler == signal.SIG_DFL:  # not one the caller set
            previous[signum] = signal.signal(signum, lambda signum, frame: arrived.append(signum))
    try:
        try:
            from . import cli  # the heavy part
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        code = cli.interrupted(arrived[0]) if arrived else cli.run()
    except KeyboardInterrupt:  # between the handlers: after ours, before run()'s (or after them)
        code = 128 + signal.SIGINT
        if "textmend.cli" in sys.modules:
            code = sys.modules["textmend.cli"].interrupted(signal.SIGINT)
    sys.exit(code)


if __name__ == "__main__":
    main()
