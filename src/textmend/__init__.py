"""textmend: find and repair synonym-spun text.

>>> import textmend
>>> textmend.repair("He is the first North Korean prisoner of warfare.").text
'He is the first North Korean prisoner of war.'
"""

from __future__ import annotations

from .api import detect, repair, score
from .config import Config
from .markup import repair_html, repair_markdown, repair_markup
from .model import Edit, Evidence, Region, Result, apply_edits

__all__ = ["Config", "Edit", "Evidence", "Region", "Result", "__version__", "apply_edits", "detect", "repair", "repair_html", "repair_markdown", "repair_markup", "score"]

__version__ = "0.1.0"
