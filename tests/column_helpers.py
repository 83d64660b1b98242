"""Shared by the pandas and Spark tests: sample cells and what textmend.repair says of them."""

from __future__ import annotations

from typing import Any

import textmend
from textmend.columnar import EDIT_FIELDS

from .conftest import EXAMPLES


def sample_texts() -> list[str]:
    """Spun and clean paragraphs of the bundled examples, plus emoji, CRLF and edge cases."""
    spun = (EXAMPLES / "spun_article.txt").read_text(encoding="utf-8")
    clean = (EXAMPLES / "clean_article.txt").read_text(encoding="utf-8")
    return [
        spun,
        *[p for p in spun.split("\n\n") if p.strip()][:4],
        clean,
        "🙂 He is the first North Korean prisoner of warfare. 🇺🇦",
        "Line one, prisoner of warfare.\r\nLine two: troopers were despatched.\r\n",
        "",
        "   \t\n",
    ]


def expected(text: str, **overrides: object) -> dict[str, Any]:
    """The record a column function must give for ``text``, computed live by textmend.repair."""
    result = textmend.repair(text, **overrides)
    return {
        "text": result.text,
        "spin_score": result.spin_score,
        "edits": [{f: getattr(e, f) for f in EDIT_FIELDS} for e in result.edits],
        "error": None,
    }
