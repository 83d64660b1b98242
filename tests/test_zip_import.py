"""textmend imported from a zip (a wheel given to ``spark-submit --py-files``, as the README
promises) finds all its data: the channel packs are SQLite files, which SQLite cannot open
inside a zip, so they are extracted to temporary files that are removed at exit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import textmend

PACKAGE = Path(textmend.__file__).resolve().parent
SENTENCE = "The soldier is believed to be the first North Korean prisoner of warfare."

CHILD = """
import json, sys
import textmend
from textmend.channel import pack_path
result = textmend.repair(sys.argv[1])
print(json.dumps({"module": textmend.__file__, "text": result.text,
                  "edits": [[e.start, e.end, e.replacement] for e in result.edits],
                  "pack": str(pack_path("general"))}))
"""


@pytest.fixture(scope="module")
def package_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The installed package as a zip of its files (stored, not compressed: quick to write)."""
    target = tmp_path_factory.mktemp("zip") / "textmend.zip"
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        for path in sorted(PACKAGE.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                archive.write(path, Path("textmend") / path.relative_to(PACKAGE))
    return target


def test_repair_from_a_zip_matches_the_installed_package(package_zip: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(package_zip)}
    done = subprocess.run([sys.executable, "-c", CHILD, SENTENCE], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    if not out["module"].startswith(str(package_zip)):
        pytest.skip(f"an import hook shadows the zip (imported {out['module']})")
    expected = textmend.repair(SENTENCE)
    assert out["text"] == expected.text
    assert out["edits"] == [[e.start, e.end, e.replacement] for e in expected.edits]
    # the pack was a temporary copy outside the zip, and it is gone once the process ended
    assert not out["pack"].startswith(str(package_zip))
    assert not Path(out["pack"]).exists()
