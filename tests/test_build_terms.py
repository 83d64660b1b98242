"""``scripts/build_terms.py``: the science pack's known terms and listed tortured phrases."""

from __future__ import annotations

import gzip
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "textmend" / "data"


def _module():
    if importlib.util.find_spec("lemminflect") is None:
        pytest.skip("needs the build extra")
    spec = importlib.util.spec_from_file_location("build_terms", ROOT / "scripts" / "build_terms.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_a_one_word_term_gets_no_space_led_plural():
    plurals = _module().with_plurals(["acceleration", "random forest"])
    assert plurals == {"acceleration", "accelerations", "random forest", "random forests"}


def test_build_keeps_two_to_five_token_terms_only():
    terms, pairs = _module().build([("irregular backwoods", "random forest")], ["kernel", "support vector machine"])
    keys = [t.split("\t")[0] for t in terms]
    assert "random forests" in keys and "support vector machines" in keys
    assert "kernel" not in keys and "kernels" not in keys and " kernels" not in keys
    assert pairs == [("irregular backwoods", "random forest")]


def test_build_leaves_ordinary_phrases_out_of_the_listed_pairs_and_keeps_their_terms():
    listed = [("new crown", "new coronavirus"), ("irregular backwoods", "random forest")]
    terms, pairs = _module().build(listed, [], ordinary=["new crown"])
    assert pairs == [("irregular backwoods", "random forest")]
    assert "new coronavirus\ts" in terms


def test_every_ordinary_phrase_is_a_listed_tortured_phrase():
    mod = _module()
    listed = {spun for spun, _ in mod.read_listed()}
    ordinary = mod.read_ordinary()
    assert len(ordinary) >= 50 and sorted(ordinary - listed) == []
    assert sorted(ordinary & {spun for spun, _ in mod.shipped_listed()}) == []


def test_shipped_terms_are_phrase_keys():
    lines = gzip.open(DATA / "terms.txt.gz", "rt", encoding="utf-8").read().splitlines()[1:]
    bad = [t for t in (line.split("\t")[0] for line in lines) if t != " ".join(t.split()) or len(t.split()) < 2]
    assert bad == []


@pytest.mark.skipif(not Path("/usr/share/wordnet/index.noun").exists(), reason="needs wordnet-base")
def test_shipped_term_files_are_up_to_date():
    assert _module().main(["--check"]) == 0, "run python scripts/build_terms.py"
