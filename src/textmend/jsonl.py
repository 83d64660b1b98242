"""JSON Lines records: read one field, write it back without touching anything else.

One job: edit a JSON object *as text*. ``json.loads`` + ``json.dumps`` would change
other fields' bytes (key order, spacing, ``\\u`` escapes, number spelling such as
``1.0e3``), so instead we parse the line once with :func:`json.loads` to validate it and
read the field, then locate the field's value by scanning the top level of the object,
and splice in new text for exactly two spans:

- the edited field's value, re-serialised only if the text changed;
- the ``"textmend"`` member, replaced if the record already has textmend's own report there
  (so re-running is idempotent), otherwise inserted after the last member. A ``"textmend"``
  member that is not textmend's report (:func:`is_report`) is someone else's data: the caller
  refuses the record rather than overwrite it.

Every other byte of the line is copied unchanged. New JSON copies the record's own
style: the spacing around ``:`` and ``,`` of its first members; a record that is pure
ASCII stays pure ASCII (``\\u`` escapes), any other is written as UTF-8.
"""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

REPORT_KEY = "textmend"
REPORT_TAKEN = (
    f"record already has a {REPORT_KEY!r} member that is not textmend's report; rename it "
    f"(textmend writes its report there)"
)

NOT_AN_OBJECT = "expected a JSON object, got {kind}"
MISSING_FIELD = "record has no {field!r} field; choose the field to read with --field"
MISSING_DOTTED = (
    "record has no {field!r} field; --field takes the name of a top-level member as written "
    "(dotted paths into nested objects are not supported)"
)
NOT_A_STRING = "field {field!r} is {kind}, not a string"
NESTED = (
    "field {field!r} is an object, not a string; --field takes the name of a top-level string member "
    "(dotted paths such as {path!r} are not supported)"
)
INVALID_JSON = "invalid JSON: {msg} (column {col})"

_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)  # unrolled: fast on long strings
_SCALAR = re.compile(r"[^,}\]\s]+")
_NESTED = re.compile(r'["{}\[\]]')
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


class RecordError(ValueError):
    """A line that is not a usable record; the message is for the user (no file/line)."""


class Member(NamedTuple):
    key: str
    key_start: int
    value_start: int
    value_end: int


class Record(NamedTuple):
    """A parsed JSON Lines record, keeping its exact source text."""

    source: str
    """The line without its line terminator."""
    value: dict[str, Any]
    """The parsed object."""
    members: tuple[Member, ...]
    """Top-level members in source order (duplicates included)."""
    close: int
    """Index of the closing brace in ``source``."""

    def field_text(self, field: str) -> str:
        """The string value of the top-level member ``field`` (the last one, as ``json.loads``
        does), its name taken literally ("a.b" is a member named "a.b", no path).

        Raises :class:`RecordError` when the record has no such member or its value is not a
        string; the message says that dotted paths are not supported where a user may have meant
        one (a name with a dot, or a member that is an object)."""
        if field not in self.value:
            raise RecordError((MISSING_DOTTED if "." in field else MISSING_FIELD).format(field=field))
        text = self.value[field]
        if isinstance(text, dict):
            inner = next((k for k, v in text.items() if isinstance(v, str)), next(iter(text), "key"))
            raise RecordError(NESTED.format(field=field, path=f"{field}.{inner}"))
        if not isinstance(text, str):
            raise RecordError(NOT_A_STRING.format(field=field, kind=_kind(text)))
        return text

    def member(self, key: str) -> Member | None:
        found = None
        for m in self.members:
            if m.key == key:
                found = m
        return found


def is_report(value: object) -> bool:
    """True if ``value`` is what textmend writes under :data:`REPORT_KEY`: a report (an object
    with ``spin_score`` and ``edits``) or ``--on-error=keep``'s ``{"error": "..."}``."""
    if not isinstance(value, dict):
        return False
    return {"spin_score", "edits"} <= value.keys() or (value.keys() == {"error"} and isinstance(value["error"], str))


def parse(line: str) -> Record:
    """Parse one JSON Lines record (text of one line, terminator removed)."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise RecordError(INVALID_JSON.format(msg=exc.msg, col=exc.colno)) from None
    except RecursionError:
        raise RecordError("invalid JSON: nested too deeply") from None
    except ValueError as exc:  # an integer too long to convert (int_max_str_digits)
        raise RecordError(f"invalid JSON: {' '.join(str(exc).split(';')[0].split())}") from None
    if not isinstance(value, dict):
        raise RecordError(NOT_AN_OBJECT.format(kind=_kind(value)))
    members, close = _scan_object(line)
    return Record(line, value, members, close)


def splice(
    record: Record,
    field: str,
    new_text: str | None,
    report: dict[str, Any],
    *,
    ascii_only: bool | None = None,
) -> str:
    """Return the record's source with ``field`` set to ``new_text`` and ``report`` added.

    ``new_text=None`` leaves the field's bytes untouched. ``report`` becomes the value of
    the ``"textmend"`` member. New JSON is ASCII-only (``\\u`` escapes) if ``ascii_only``,
    or, by default, if the record was pure ASCII; callers that cannot encode the result
    (a lone surrogate from a ``\\ud800`` escape, a legacy encoding) retry with ``True``.
    """
    src = record.source
    if ascii_only is None:
        ascii_only = _prefers_ascii(record)
    colon, comma = _separators(record)
    patches: list[tuple[int, int, str]] = []
    if new_text is not None:
        m = record.member(field)
        assert m is not None
        patches.append((m.value_start, m.value_end, json.dumps(new_text, ensure_ascii=ascii_only)))
    report_json = json.dumps(report, ensure_ascii=ascii_only, separators=(comma, colon))
    existing = record.member(REPORT_KEY)
    if existing is not None:
        patches.append((existing.value_start, existing.value_end, report_json))
    else:
        member = f'"{REPORT_KEY}"{colon}{report_json}'
        if record.members:
            at = record.members[-1].value_end
            patches.append((at, at, comma + member))
        else:
            patches.append((record.close, record.close, member))
    out = src
    for start, end, text in sorted(patches, key=lambda p: p[0], reverse=True):
        out = out[:start] + text + out[end:]
    return out


def _prefers_ascii(record: Record) -> bool:
    """Keep a pure-ASCII record pure ASCII (``ensure_ascii=True`` style); else write UTF-8."""
    return not _NON_ASCII.search(record.source)


def _separators(record: Record) -> tuple[str, str]:
    """The record's own ``:`` and ``,`` spacing, e.g. ``(": ", ", ")`` or ``(":", ",")``."""
    src = record.source
    if not record.members:
        return ": ", ", "
    first = record.members[0]
    key_end = _STRING.match(src, first.key_start).end()  # type: ignore[union-attr]
    colon = src[key_end : first.value_start]
    if len(record.members) > 1:
        comma = src[first.value_end : record.members[1].key_start]
    else:
        comma = ", " if colon.endswith(" ") else ","
    if "\n" in colon or "\r" in colon or "\n" in comma or "\r" in comma:
        return ": ", ", "  # never introduce a line break into a JSON Lines record
    return colon, comma


def _scan_object(src: str) -> tuple[tuple[Member, ...], int]:
    """Locate the top-level members of a JSON object already validated by ``json.loads``."""
    pos = _WS.match(src, 0).end()  # type: ignore[union-attr]
    assert src[pos] == "{"
    pos += 1
    members: list[Member] = []
    while True:
        pos = _WS.match(src, pos).end()  # type: ignore[union-attr]
        if src[pos] == "}":
            return tuple(members), pos
        if src[pos] == ",":
            pos = _WS.match(src, pos + 1).end()  # type: ignore[union-attr]
        key_match = _STRING.match(src, pos)
        assert key_match is not None
        key = json.loads(key_match.group())
        pos = _WS.match(src, key_match.end()).end()  # type: ignore[union-attr]
        assert src[pos] == ":"
        value_start = _WS.match(src, pos + 1).end()  # type: ignore[union-attr]
        value_end = _skip_value(src, value_start)
        members.append(Member(key, key_match.start(), value_start, value_end))
        pos = value_end


def _skip_value(src: str, pos: int) -> int:
    ch = src[pos]
    if ch == '"':
        return _STRING.match(src, pos).end()  # type: ignore[union-attr]
    if ch in "{[":
        depth = 0
        while True:
            m = _NESTED.search(src, pos)
            assert m is not None
            c = m.group()
            if c == '"':
                pos = _STRING.match(src, m.start()).end()  # type: ignore[union-attr]
                continue
            depth += 1 if c in "{[" else -1
            pos = m.end()
            if depth == 0:
                return pos
    return _SCALAR.match(src, pos).end()  # type: ignore[union-attr]


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"
