"""Concurrency: the lazy loads of the channel and the language model are thread-safe,
workers (fork and spawn) agree with the parent, and the records pickle.

The cold-start tests run in a fresh interpreter, because by the time this module
runs another test may already have loaded the data in the pytest process.
"""

from __future__ import annotations

import copy
import functools
import json
import multiprocessing
import pickle
import subprocess
import sys
import textwrap
from concurrent.futures import ProcessPoolExecutor

import pytest

import textmend
from textmend import Config, Edit, Result

DOCS = [
    "The soldier is believed to be the first North Korean prisoner of warfare.",
    "Troopers were despatched to the Kursk area, the spy company informed the BBC.",
    "In line with officials, the 2 states signed an indication of intent.\r\nMr Smith stated so.",
    "Clean text: the government said on Tuesday that the report was published.",
    "\U0001F600 caf\u00e9 \u05e9\u05dc\u05d5\u05dd \x00 TROOPERS \u0645\u0631\u062d\u0628\u0627 e\u0301\rwarfare",
    "",
]


def _run_python(code: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


_HAMMER = """
    import json, sys, threading, time
    import textmend
    import textmend.channel as channel
    import textmend.language_model as language_model

    docs = json.loads(sys.argv[1]) if len(sys.argv) > 1 else json.loads(sys.stdin.read())
    assert not channel._channels, "the channel should be cold in a fresh interpreter"
    assert language_model._model is None, "the language model should be cold in a fresh interpreter"

    SLOW = {slow}
    loads = []

    def counting(kind, real_init):
        def init(self, *args, **kwargs):
            loads.append(kind)
            if SLOW:
                time.sleep(0.2)  # widen the window in which a second loader could get in
            real_init(self, *args, **kwargs)
        return init

    channel.Channel.__init__ = counting("channel", channel.Channel.__init__)
    language_model.LanguageModel.__init__ = counting("language model", language_model.LanguageModel.__init__)

    THREADS, ROUNDS = 8, 5
    barrier = threading.Barrier(THREADS)
    results = [None] * THREADS
    errors = []

    def worker(i):
        try:
            barrier.wait()
            out = []
            for _ in range(ROUNDS):
                for doc in docs:
                    r = textmend.repair(doc)
                    out.append([r.text, [list(e) for e in r.edits], r.spin_score])
            results[i] = out
        except BaseException as exc:  # report, don't hang the barrier
            errors.append(repr(exc))
            barrier.abort()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps({{"errors": errors, "loads": loads, "results": results}}))
"""


@pytest.mark.parametrize("slow", [False, True], ids=["plain", "slow-load"])
def test_eight_threads_hammer_repair_from_cold(slow):
    code = _HAMMER.format(slow=slow) + "\n"
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        input=json.dumps(DOCS),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["errors"] == []
    assert sorted(report["loads"]) == ["channel", "language model"], "each must be loaded exactly once"
    expected = [
        [r.text, [list(e) for e in r.edits], r.spin_score]
        for r in (textmend.repair(doc) for doc in DOCS)
    ]
    expected = json.loads(json.dumps(expected))
    for out in report["results"]:
        assert out == expected * 5


def test_threads_in_this_process_agree():
    from concurrent.futures import ThreadPoolExecutor

    expected = [textmend.repair(d) for d in DOCS]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(textmend.repair, DOCS * 20))
    assert got == expected * 20


def _cold() -> bool:
    """Whether this process has loaded neither the channel nor the language model."""
    import textmend.channel
    import textmend.language_model

    return not textmend.channel._channels and textmend.language_model._model is None


def _repair_cold_in_worker(doc: str) -> tuple[bool, Result]:
    was_cold = _cold()
    return was_cold, textmend.repair(doc)


@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
def test_worker_processes_match_in_process_results(method):
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"{method} is not available on this platform")
    expected = [textmend.repair(d) for d in DOCS]  # also warms the parent before a fork
    ctx = multiprocessing.get_context(method)
    with ctx.Pool(2) as pool:
        flagged = pool.map(_repair_cold_in_worker, DOCS, chunksize=1)  # first: workers still cold
        got = pool.map(textmend.repair, DOCS)
    assert got == expected
    assert [r for _, r in flagged] == expected
    if method != "fork":  # a forked worker inherits the parent's loaded data
        assert any(cold for cold, _ in flagged)


def test_fork_from_a_cold_parent():
    # The parent has loaded neither the channel nor the LM: each forked worker loads its own.
    code = """
        import json, multiprocessing, sys
        import textmend, textmend.channel, textmend.language_model

        def cold():
            return not textmend.channel._channels and textmend.language_model._model is None

        docs = json.loads(sys.stdin.read())
        assert cold()
        with multiprocessing.get_context("fork").Pool(2) as pool:
            got = pool.map(textmend.repair, docs)
        assert cold(), "the parent stayed cold"
        print(json.dumps([[r.text, [list(e) for e in r.edits], r.spin_score] for r in got]))
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("fork is not available on this platform")
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        input=json.dumps(DOCS),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    expected = [[r.text, [list(e) for e in r.edits], r.spin_score] for r in map(textmend.repair, DOCS)]
    assert json.loads(proc.stdout) == json.loads(json.dumps(expected))


def test_process_pool_with_a_config():
    config = Config(threshold=0.3, allow=frozenset({"spy company"}), extra_pairs=(("officials", "authorities"),))
    work = functools.partial(textmend.repair, config=config)
    expected = [work(d) for d in DOCS]
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        assert list(pool.map(work, DOCS)) == expected


# --- pickling ------------------------------------------------------------------


def _records():
    result = textmend.repair(DOCS[1] + " " + DOCS[0])
    edit = Edit(3, 10, "warfare", "war", 0.99, "idiom", "'warfare' breaks 'prisoner of war'.")
    config = Config(
        threshold=0.7,
        packs=("news",),
        allow=frozenset({"spy agency", "kursk region"}),
        extra_pairs=(("troopers", "soldiers"),),
        numbers=False,
    )
    return [result, edit, config, Result("t\x00\U0001F600", (edit,), (), 0.25)]


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_records_pickle_round_trip(protocol):
    for record in _records():
        copied = pickle.loads(pickle.dumps(record, protocol=protocol))
        assert copied == record
        assert type(copied) is type(record)
        assert copy.deepcopy(record) == record


def test_real_result_has_edits_to_pickle():
    result = _records()[0]
    assert result.edits, "the example should exercise pickling of real edits"
    assert all(type(e) is Edit for e in pickle.loads(pickle.dumps(result)).edits)
