"""The ``textmend`` command: a thin click shell over :func:`textmend.repair`.

The work lives in small modules: :mod:`textmend.textio` (bytes <-> text, atomic
writes), :mod:`textmend.jsonl` (editing one field of a record as text),
:mod:`textmend.batch` (the per-input work units), :mod:`textmend.parallel` (ordered,
bounded ``--jobs``) and :mod:`textmend.records` (the JSON record format). This module
parses options, picks destinations and prints.

Exit codes, as ruff and black use them: 0 clean, 1 spun text found (``check``),
2 error (bad usage, unreadable or undecodable input, bad JSON, failed write), and
130/143 when interrupted by SIGINT/SIGTERM. Results go to stdout (as UTF-8, whatever
the locale); diagnostics, one line each, and the progress bar (only when stderr is a
terminal) go to stderr.

Behaviour the issue left open, decided here:

- Plain-text inputs are read whole (a spin score is per document); JSON Lines
  stream in chunks of 256 lines / 1 MiB, so memory does not grow with the file.
- ``repair`` writes text in the input's own encoding, byte-order mark and line
  endings; with ``--format json|jsonl`` it prints records instead (with the repaired
  ``text`` when writing to stdout). ``--in-place`` leaves files without edits
  untouched (same mtime) and reports a one-line summary on stderr; ``--jsonl --in-place``
  rewrites every file (each record gains its report) and prints the same summary, counting
  the files with an edit.
- Issue 10 (no partial output): every FILE is opened before any work (as black's
  ``click.Path(exists=True)``); each that cannot be is named, then exit 2, nothing written.
  What the commands print to stdout is held back until the command finishes
  (:mod:`textmend.output`), so an input that fails while it is read leaves nothing on
  stdout, as ``-o`` leaves no OUT: repair and explain stop at the first bad input.
  ``--in-place`` and ``check`` report each bad input and carry on, then exit 2 (as black
  and ruff): ``--in-place`` repairs each good file whole and its summary names the files it changed and
  those that failed.
- ``--diff`` (``repair``, ``explain``) is a patch for the file as it is on disk: its lines are
  the input's bytes in its own codec and byte-order mark (as black writes its diff in the
  file's encoding; the headers name the file by its file-system bytes), cut at ``\\n``.
  UTF-16/32 is refused up front (exit 2): no line diff of it applies with ``patch`` or
  ``git apply``, and ``diff -u`` calls it binary.
- ``check`` counts an input as spun when ``spin_score >= --threshold`` (default 0.5);
  ``--min-confidence`` is the library's apply threshold for single edits.
- ``explain`` always exits 0 (2 on error); its JSON edits add ``explanation``. With
  ``--format html`` it reports every bad input on its own line (as ``check``), then exits 2
  without writing the page (as ``repair -o``: no partial output, an existing OUT untouched).
  ``explain --jsonl`` works in every format, one report per record as ``check --jsonl``
  gives (text names findings ``FILE:LINE: FIELD line:column``, records carry ``record_line``);
  ``--on-error=fail|skip`` treats a bad record as ``repair`` does (``keep`` has no meaning
  for explain, which writes no records back, and is not offered).
- JSON Lines: blank lines pass through ``repair`` and are skipped by ``check``; a
  line that is not an object with a string ``--field`` (top-level key, its name as written: no
  dotted paths into nested objects) is an error.
- Output files are atomic (temp file + ``os.replace``); a target that is not a
  regular file (``/dev/null``, a FIFO) is written directly; ``-o /dev/stdout`` is stdout.
- Issue 13 (a QA gate people can trust), decided here:
  - every stdout write is checked (:mod:`textmend.output`); any unexpected exception,
    MemoryError included, is exit 2 with one line; 1 only ever means "spun";
  - JSON Lines records are judged one by one: ``check`` reports a bad record with its
    line and goes on (``--on-error=skip``, the default; exit 2 at the end; ``fail`` stops at
    the first; keep is not offered, check writes no records back); ``repair
    --on-error=fail|skip|keep`` (skip and keep still exit 2, since a record failed; the
    output file is complete). Re-running
    ``repair --jsonl`` keeps the first run's report when nothing more changes. Check
    records name the record's line ``record_line``; ``line`` is always an edit's line;
  - directories are walked for ``*.txt`` (ruff and black walk for their own file types);
    HTML and Markdown need ``--include`` (``--input-format auto``, the default, then reads each
    file by its extension: ``FORMAT_OF_SUFFIX``);
  - ``--in-place`` on a hard-linked file writes through the links (not atomically) and
    says so on stderr, rather than splitting the links;
  - ``--color=auto`` honours ``NO_COLOR`` first, then ``FORCE_COLOR``.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import math
import os
import re
import signal
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple, NoReturn

import click

from . import __version__
from .api import repair as repair_text
from .batch import (
    STDIN,
    KEPT_FOREIGN,
    KEPT_NOT_OBJECT,
    KEPT_UNDECODABLE,
    KEPT_UNENCODABLE,
    KEPT_WITH_ERROR,
    DocTask,
    ON_ERROR,
    Failure,
    LineFailure,
    check_jsonl_chunk,
    chunks,
    display_name,
    jsonl_record,
    open_stream,
    repair_document,
    repair_jsonl_chunk,
    split_terminator,
)
from .config import ALL_PACKS, DEFAULT_CONFIG, Config, resolve_config
from .invisible import INVISIBLE
from .jsonl import REPORT_KEY
from .markup import INPUT_FORMATS
from .model import Edit, Result
from .parallel import default_jobs, ordered_map
from .paths import DEFAULT_INCLUDE, JSONL_INCLUDE, PathError, expand, reads_stdin
from .output import OutputError, Reports, StdoutClosed, reset_stdout, stdout
from .records import (
    RANKING_LABEL,
    LineIndex,
    error_record,
    other_candidates,
    ranking_score,
    result_record,
    shown,
)
from .terminal import BIG_INPUT_BYTES, COLOR_CHOICES, escape, progress, use_color, width
from .textio import (
    AtomicOutput,
    Decoded,
    InputError,
    describe_os_error,
    is_ascii_compatible,
    normalise_encoding,
    probe_input,
    read_bytes,
    rewrite_in_place,
    same_file,
)

EXIT_CLEAN, EXIT_SPUN, EXIT_ERROR = 0, 1, 2
AUTO_FORMAT = "auto"
FORMAT_OF_SUFFIX: dict[str, str] = {
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
}
"""``--input-format auto``: the format of a file by its extension (lower-cased), as prettier picks a
parser; any other file and standard input are text unless they start as an HTML document
(:data:`HTML_START`), JSON Lines records are text (a new user's probe: ``textmend repair README.md``
edited the front matter and indented code that markdown mode leaves alone)."""
HTML_START = re.compile(r"\ufeff?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S)
"""``--input-format auto``: the start of an HTML document, decoded with ``--encoding`` (a BOM, an XML
declaration as XHTML has, blanks and comments before ``<!DOCTYPE html`` or ``<html``). A file whose
extension names no format, or standard input, that starts so is read as ``html``: a page saved as
``.txt`` or piped in had its ``alt`` and ``title`` attributes and its script text repaired as prose (a new
user's probe), as ``file`` sniffs content; a UTF-16 page was missed while the match was on raw bytes
(the next probe)."""
SNIFF_BYTES = 1024
"""How much of a file :func:`format_of` reads to sniff it (the start; comments beyond it count as text)."""
STDOUT_PATHS = ("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
"""Extensions of JSON Lines files: read as prose (``--input-format auto`` without ``--jsonl``), their
keys and numbers would be edited (a new user's probe: ``repair records.jsonl`` turned ``"id": 1`` into
``"id": one``, invalid JSON, with exit 0)."""
JSONL_AS_TEXT = (
    "{path}: a JSON Lines file read as plain text would have its keys and numbers edited; pass --jsonl "
    "(and --field) to repair its records, or --input-format text to read it as prose"
)

# Error messages: one line each, saying what to do.
OVERWRITE_INPUT = (
    "refusing to write the output over the input {path}; use --in-place to repair a file in place"
)
PAGE_OVER_INPUT = "refusing to write the page over the input {path}; choose another -o"
STDOUT_IS_INPUT = (
    "refusing to write the output over the input {path} (stdout is redirected to it); use --in-place"
)
IN_PLACE_AND_OUTPUT = "--in-place and -o/--output cannot be used together"
IN_PLACE_NEEDS_FILES = "--in-place needs file arguments (standard input cannot be repaired in place)"
OUTPUT_NEEDS_ONE_INPUT = "-o/--output takes exactly one input; use --in-place to repair several files"
JSONL_FORMAT = "--format does not apply to 'repair --jsonl': the output is the JSON Lines records themselves"
JSONL_ENCODING = "--jsonl needs an ASCII-compatible encoding such as utf-8, not {encoding}"
FIELD_IS_REPORT = f"--field cannot be {REPORT_KEY!r}: textmend writes its report there"
FIELD_NEEDS_JSONL = "--field works with --jsonl only (it names the member of each JSON Lines record to work on)"
INTERRUPTED = "interrupted; every output file is either complete or untouched"
STDIN_NOTICE = (
    "textmend: reading standard input (type or paste text, then Ctrl-D; "
    "or pass files: see 'textmend --help')"
)
DIFF_ENCODING = (
    "--diff needs an ASCII-compatible encoding such as utf-8 or latin-1, not {encoding} (patch and git "
    "apply cut lines at the byte \\n; diff -u calls such files binary): repair with -o OUT and compare, "
    "or convert the file to UTF-8"
)
DIFF_HELP = (
    "The diff is in the input's encoding, so patch -p1 and git apply take it; "
    "UTF-16 and UTF-32 input is refused."
)
DIFF_ALONE = "--diff prints to standard output: it cannot be used with --in-place, -o, --jsonl or --format"
STDIN_TWICE = (
    "{option} reads standard input, which holds the text to repair; save the list to a file "
    "or name the input files"
)
OUT_OF_MEMORY = "out of memory; split the input into smaller files or use --jsonl"
INTERNAL_ERROR = "internal error ({error}); please report this bug"
EMPTY_NAME = "{what} is an empty file name"
NO_SUCH_COMMAND = "{path}: No such file or directory (did you mean 'textmend {command}'?)"

EDITS_HELP = """
With --format json or jsonl, each input gives one record {path, spin_score, edits,
suggestions}, and every edit is {start, end, line, column, original, replacement,
confidence, rule}. start and end are Python str offsets (code points, not bytes)
into the decoded input, after any byte-order mark; line and column count from 1,
and \\n, \\r\\n and \\r each end a line.
"""


class CliError(Exception):
    """An error for the user: printed as one line on stderr, exit 2."""


class Interrupted(BaseException):
    """SIGTERM/SIGINT arrived: unwind (removing temporary files) and exit 128+signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


# --------------------------------------------------------------------------- output


def _report_error(message: str) -> None:
    click.echo(f"textmend: error: {escape(message)}", err=True)  # names may hold newlines, escapes


def _progress(total: int | None, label: str, *, show: bool = True):  # type: ignore[no-untyped-def]
    """A progress bar on stderr that never shares a line with results (see :mod:`textmend.terminal`)."""
    return progress(total, label, stdout(), show=show)


def _input_bytes(paths: Iterable[str]) -> int:
    """Total size of the named files (standard input and unreadable files count 0)."""
    total = 0
    for path in paths:
        with contextlib.suppress(OSError, ValueError):
            total += os.stat(path).st_size if path != STDIN else 0
    return total


def _documents_progress(paths: tuple[str, ...]):  # type: ignore[no-untyped-def]
    """Progress over whole documents, in bytes: shown for several inputs or one big one."""
    total = _input_bytes(paths)
    return _progress(total, "textmend", show=len(paths) > 1 or total >= BIG_INPUT_BYTES)


def _isatty(stream: Any) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# --------------------------------------------------------------------------- text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def looks_spun(result: Result, threshold: float) -> bool:
    """``check``'s verdict: the spin score reaches ``threshold``, or repair would apply an edit.

    Like ruff, which fails a check on any fixable finding: text that ``repair`` changes is not
    clean, whatever its document score (a spun sentence inside clean text can score lower)."""
    return result.spin_score >= threshold or bool(result.edits)


def _summary(result: Result) -> str:
    return (
        f"spin score {shown(result.spin_score)}, {_plural(len(result.edits), 'edit')}, "
        f"{_plural(len(result.suggestions), 'suggestion')}"
    )


def _score_source(text: str, result: Result) -> str:
    """Where the spin score of a long text comes from: " (most spun: lines A-B)", the lines of the
    regions whose estimation window has the text's score (``Region.spin_score``); "" when the text
    was estimated whole (every region has the document's score)."""
    regions = result.regions
    if len({r.spin_score for r in regions}) < 2:
        return ""
    top = [r for r in regions if r.spin_score == result.spin_score]
    if not top:
        return ""
    lines = LineIndex(text)
    first, _ = lines.position(top[0].start)
    last, _ = lines.position(max(top[-1].start, top[-1].end - 1))
    return f" (most spun: lines {first}-{last})"


def _failure_text(failure: Failure) -> str:
    return _maybe_command_hint(failure.path, failure.message) if failure.path else failure.message


def _maybe_command_hint(path: str, message: str) -> str:
    """``textmend chekc x`` runs ``repair chekc x``: suggest the command they meant."""
    if os.sep in path or os.path.exists(path) or "No such file" not in message:
        return message
    close = difflib.get_close_matches(path, list(cli.commands), n=1, cutoff=0.6)
    return NO_SUCH_COMMAND.format(path=path, command=close[0]) if close else message


# --------------------------------------------------------------------------- options


class Probability(click.FloatRange):
    """A number from 0 to 1, as ``click.FloatRange(0.0, 1.0)`` reads it, NaN refused: the range
    lets NaN through (every comparison with it is false), and ``check --threshold nan`` then
    counted no score as spun."""

    def __init__(self) -> None:
        super().__init__(0.0, 1.0)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if math.isnan(number):
            self.fail(f"{value} is not a number in the range 0.0<=x<=1.0.", param, ctx)
        return number


OPTION_OF_FIELD = {"threshold": "--min-confidence", "packs": "--pack", "allow": "--allow", "extra_pairs": "--extra"}
"""The option that sets each :class:`~textmend.Config` field, named when the field's value is refused."""


def _config_from_options(
    min_confidence: float | None, pack: str | None, allow: str | None, extra: str | None
) -> Config:
    overrides: dict[str, Any] = {}
    if min_confidence is not None:
        overrides["threshold"] = min_confidence
    if pack is not None:
        overrides["packs"] = pack
    if allow is not None or extra is not None:
        from . import userlists  # written alongside; parses literal phrases only

        try:
            if allow is not None:
                overrides["allow"] = userlists.load_allow_list(allow)
            if extra is not None:
                overrides["extra_pairs"] = userlists.load_extra_pairs(extra)
        except userlists.UserListError as exc:
            raise CliError(str(exc)) from None  # already names file:line
        except OSError as exc:
            raise CliError(describe_os_error(exc, exc.filename or allow or extra or "?")) from None
    for field, value in overrides.items():  # one at a time, so an error names its own option
        try:
            resolve_config(None, {field: value})
        except (TypeError, ValueError) as exc:
            raise click.BadParameter(str(exc), param_hint=OPTION_OF_FIELD[field]) from None
    return resolve_config(None, overrides)


def _field_name(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """``--field``: a member name, not empty (an empty name made every record fail on its own line).
    Raises click.BadParameter (exit 2)."""
    if not value:
        raise click.BadParameter("must name a member of the records, not an empty string")
    return value


def _encoding_option(encoding: str | None, jsonl: bool, diff: bool = False) -> str:
    """``--encoding`` as a codec name; ``--jsonl`` and ``--diff`` need one that is ASCII-compatible."""
    try:
        codec = normalise_encoding(encoding)
    except InputError as exc:
        raise click.BadParameter(exc.message, param_hint="--encoding") from None
    if jsonl and not is_ascii_compatible(codec):
        raise click.BadParameter(JSONL_ENCODING.format(encoding=codec), param_hint="--encoding")
    if diff and not is_ascii_compatible(codec):
        raise click.BadParameter(DIFF_ENCODING.format(encoding=codec), param_hint="--encoding")
    return codec


def _common_options(*, jsonl: bool = True, jobs: bool = True, html: bool = False, walk: bool | None = None) -> Callable:
    def decorate(fn: Callable) -> Callable:
        opts = [
            click.option(
                "--format",
                "fmt",
                type=click.Choice(["text", "json", "jsonl", *(["html"] if html else [])]),
                default="text",
                show_default=True,
                help="text for people, json (one array of records) or jsonl (one record per line)"
                + (", or html (a review page, see below)." if html else "."),
            ),
            click.option(
                "--min-confidence",
                type=Probability(),
                default=None,
                help=f"Apply findings this confident (0-1) or more; weaker are suggestions. [default: {DEFAULT_CONFIG.threshold}]",
            ),
            click.option(
                "--pack",
                metavar="PACKS",
                default=None,
                help=f"Comma-separated wordlist packs to use. [default: {','.join(ALL_PACKS)}]",
            ),
            click.option(
                "--allow", metavar="FILE", default=None, help="File of phrases never to touch, one per line."
            ),
            click.option(
                "--extra",
                metavar="FILE",
                default=None,
                help="File of extra spin pairs, 'spun -> original' per line (the spun form matched "
                "in any case, the original written as given: 'research and growth -> R&D').",
            ),
            click.option(
                "--input-format",
                type=click.Choice((AUTO_FORMAT, *INPUT_FORMATS)),
                default=AUTO_FORMAT,
                show_default=True,
                help="auto: by each file's extension (.md, .markdown: markdown; .html, .htm, .xhtml: html; "
                "anything else and standard input: html if it starts with <!DOCTYPE html or <html, else text; JSON Lines "
                "records: text); html: repair text nodes only "
                "(tags, attributes, script, style, code, pre kept byte for byte); markdown: leave code, URLs "
                "and link targets alone.",
            ),
            click.option(
                "--encoding",
                default=None,
                metavar="CODEC",
                help="Input encoding (output uses the same). [default: utf-8, byte-order mark handled]",
            ),
        ]
        if jsonl:
            opts += [
                click.option(
                    "--jsonl",
                    is_flag=True,
                    help=(
                        "Inputs are JSON Lines: explain one field of each record, as check does (findings "
                        "named FILE:LINE, the record's line, then the field and the position in it; "
                        "record_line in json; one section per record with --format html)."
                        if html
                        else "Inputs are JSON Lines: work on one field of each record."
                    ),
                ),
                click.option(
                    "--field",
                    default="text",
                    show_default=True,
                    callback=_field_name,
                    help="With --jsonl: the top-level string field to use, its name as written (no dotted paths into nested objects).",
                ),
            ]
        if jsonl if walk is None else walk:  # repair, check and explain walk directories
            opts += [
                click.option(
                    "--include",
                    multiple=True,
                    metavar="GLOB",
                    help=f"Files to take from a directory (repeatable). [default: {' '.join(DEFAULT_INCLUDE)}; with --jsonl: {' '.join(JSONL_INCLUDE)}]",
                ),
                click.option(
                    "--exclude",
                    multiple=True,
                    metavar="GLOB",
                    help="Paths or names to skip when walking a directory (repeatable); hidden ones are always skipped.",
                ),
            ]
        if jobs:
            opts.append(
                click.option(
                    "-j",
                    "--jobs",
                    type=click.IntRange(min=0),
                    default=1,
                    show_default=True,
                    help="Worker processes for many files or records (0: one per CPU). Output order is kept.",
                )
            )
        for opt in reversed(opts):
            fn = opt(fn)
        return fn

    return decorate


COLOR_OPTION = click.option(
    "--color",
    type=click.Choice(COLOR_CHOICES),
    default="auto",
    show_default=True,
    help="Colour the output: auto (a terminal, unless NO_COLOR is set; FORCE_COLOR forces it), always, never.",
)


# --------------------------------------------------------------------------- commands


class _DefaultGroup(click.Group):
    """``textmend [OPTIONS] [FILE]...`` without a command means ``textmend repair ...``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help", "--version")):
            args = ["repair", *args]
        return super().parse_args(ctx, args)


MAIN_HELP = """Find and repair synonym-spun text ("prisoner of warfare" -> "prisoner of war").

Without a command, textmend repairs standard input to standard output.

\b
Examples:
  cat spun.txt | textmend > fixed.txt
  textmend repair article.txt -o fixed.txt
  textmend repair --in-place *.txt
  textmend check --threshold 0.4 --format json drafts/*.txt
  textmend explain article.txt
  textmend explain --diff article.txt
  textmend repair --jsonl --field text -j 4 records.jsonl -o fixed.jsonl
  textmend check --jsonl --field body records.jsonl

Exit codes: 0 clean, 1 spun text found (check), 2 error.
See 'textmend COMMAND --help' for each command's options.
"""


@click.group(cls=_DefaultGroup, help=MAIN_HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="textmend", message="%(prog)s %(version)s")
def cli() -> None:
    pass


REPAIR_HELP = """Repair FILES (default: standard input) and write the text to stdout, -o OUT or in place.

Files are read as bytes and written back as bytes: line endings (CRLF, CR), the
byte-order mark and the encoding are kept; only the repaired spans change.

\b
Examples:
  cat spun.txt | textmend repair > fixed.txt
  textmend repair spun.txt -o fixed.txt
  textmend repair --in-place a.txt b.txt
  textmend repair --format json spun.txt      # records, with the repaired "text"
  textmend repair --jsonl --field text records.jsonl -o fixed.jsonl

A failure leaves no partial output: a FILE that does not exist or cannot be
opened stops the run before any work, and an input that fails while it is read
(undecodable bytes, a bad record) leaves nothing on stdout and no -o OUT (an
existing OUT stays as it was). With --in-place, each FILE is its own unit, as in
black: a file that cannot be read or decoded is named and left as it was, the
others are still repaired (each atomically), and the run exits 2 with a summary
naming the files rewritten and those that failed.

With --jsonl, each record's FIELD is repaired and the record gains
"textmend": {"spin_score": ..., "edits": [...]} (offsets into the field's
original text). The other members are kept byte for byte; FIELD's value is
re-encoded as JSON when its text changed (its escapes may change: \\u0041
becomes A), and left as it was otherwise. An existing "textmend" member is
replaced only if it is textmend's own report (a re-run); any other "textmend"
member makes the record an error (see --on-error; keep leaves the line as it
was), never overwritten. Blank lines pass through; a line that is not a JSON
object with a string FIELD is an error.
"""


@cli.command(
    help=REPAIR_HELP + EDITS_HELP, short_help="Repair text: stdin to stdout, to -o OUT, or --in-place."
)
@click.argument("files", nargs=-1, metavar="[FILE|-]...")
@click.option(
    "-o", "--output", metavar="OUT", default=None, help="Write the repaired text to OUT (atomically)."
)
@click.option("--in-place", is_flag=True, help="Rewrite each FILE atomically, keeping its permissions.")
@click.option(
    "--on-error",
    type=click.Choice(ON_ERROR),
    default="fail",
    show_default=True,
    help="With --jsonl, a bad record: fail (stop, no output file), skip it, or keep it unchanged "
    '(a JSON object gets "textmend": {"error": ...}; a line that is no JSON object, or has a "textmend" '
    "member of its own, is kept byte for byte). skip and keep still exit 2, and the summary on stderr "
    "says what became of the records that failed.",
)
@click.option("--diff", "as_diff", is_flag=True, help="Print a unified diff instead of the text (nothing is written). " + DIFF_HELP)
@COLOR_OPTION
@_common_options()
def repair(
    files: tuple[str, ...],
    output: str | None,
    in_place: bool,
    on_error: str,
    as_diff: bool,
    color: str,
    fmt: str,
    min_confidence: float | None,
    pack: str | None,
    allow: str | None,
    extra: str | None,
    encoding: str | None,
    input_format: str,
    jsonl: bool,
    field: str,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    jobs: int,
) -> int:
    _refuse_empty_names(files, output)
    paths = _input_paths(files, include, exclude, jsonl)
    if output == STDIN or output in STDOUT_PATHS:
        output = None  # -o - is stdout; /dev/stdout would be replaced, not written, by an atomic write
    if in_place and output is not None:
        raise click.UsageError(IN_PLACE_AND_OUTPUT)
    if in_place and (not files or STDIN in files):
        raise click.UsageError(IN_PLACE_NEEDS_FILES)
    if output is not None and len(paths) != 1:
        raise click.UsageError(OUTPUT_NEEDS_ONE_INPUT)
    if as_diff and (in_place or output is not None or jsonl or fmt != "text"):
        raise click.UsageError(DIFF_ALONE)
    if jsonl and fmt != "text":
        raise click.UsageError(JSONL_FORMAT)
    if jsonl and field == REPORT_KEY:
        raise click.UsageError(FIELD_IS_REPORT)
    if on_error != "fail" and not jsonl:
        raise click.UsageError(ON_ERROR_NEEDS_JSONL)
    _refuse_field_without_jsonl(jsonl)
    codec = _encoding_option(encoding, jsonl, as_diff)
    _refuse_stdin_twice(files or (STDIN,), allow, extra)
    _refuse_jsonl_as_text(paths, jsonl, input_format)  # after the usage errors: they say more
    _refuse_unreadable_inputs(paths)
    if in_place:
        paths = _unique_files(paths)
    config = _config_from_options(min_confidence, pack, allow, extra)
    if fmt == "text" and not jsonl:  # repaired text (or a diff) shows no alternatives: skip ranking them
        config = config._replace(wide_alternatives=False)
    _refuse_overwriting_inputs(paths, output, in_place)
    jobs = _jobs(jobs, paths, jsonl)
    out = stdout()
    if output is None and not in_place:
        out.require()
    if jsonl:
        return _repair_jsonl(paths, output, in_place, field, codec, config, jobs, out, on_error,
                             _record_format(input_format))
    diff_color = use_color(color, sys.stdout) if as_diff else None
    return _repair_documents(paths, output, in_place, fmt, codec, config, jobs, out, input_format, diff_color)


def _input_paths(files: tuple[str, ...], include: tuple[str, ...], exclude: tuple[str, ...], jsonl: bool) -> tuple[str, ...]:
    """FILE arguments with directories walked (see :mod:`textmend.paths`); none is stdin."""
    if not files:
        return (STDIN,)
    try:
        return tuple(expand(files, include or (JSONL_INCLUDE if jsonl else DEFAULT_INCLUDE), exclude))
    except PathError as exc:
        raise CliError(str(exc)) from None


def _refuse_jsonl_as_text(paths: Iterable[str], jsonl: bool, input_format: str) -> None:
    """Refuse (:class:`CliError`, exit 2) a ``.jsonl`` or ``.ndjson`` FILE that ``--input-format auto``
    would read as prose because ``--jsonl`` is missing (:data:`JSONL_AS_TEXT`); a named
    ``--input-format`` is the user's choice and is kept."""
    if jsonl or input_format != AUTO_FORMAT:
        return
    for path in paths:
        if path != STDIN and os.path.splitext(path)[1].lower() in JSONL_SUFFIXES:
            raise CliError(JSONL_AS_TEXT.format(path=path))


def _refuse_field_without_jsonl(jsonl: bool) -> None:
    """A ``--field`` given without ``--jsonl`` would be ignored: refuse it (click.UsageError, exit 2),
    as ``--on-error`` is (a new user's probe: ``repair --field body spun.txt`` ran and exited 0)."""
    ctx = click.get_current_context()
    if not jsonl and ctx.get_parameter_source("field") is not click.core.ParameterSource.DEFAULT:
        raise click.UsageError(FIELD_NEEDS_JSONL)


def _refuse_empty_names(files: Iterable[str], output: str | None) -> None:
    """``-o ''`` would resolve to the working directory, ``''`` as FILE to "No such file"."""
    if output == "":
        raise click.UsageError(EMPTY_NAME.format(what="-o/--output"))
    if "" in files:
        raise click.UsageError(EMPTY_NAME.format(what="a FILE argument"))


def _unique_files(paths: tuple[str, ...]) -> tuple[str, ...]:
    """``--in-place a.txt ./a.txt`` (or ``d d/a.txt``): each file once, at its first name, as black
    does; repairing it twice failed ("file changed since it was read") after it was repaired."""
    seen: set[tuple[int, int]] = set()
    unique = []
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            unique.append(path)
            continue
        if (st.st_dev, st.st_ino) not in seen:
            seen.add((st.st_dev, st.st_ino))
            unique.append(path)
    return tuple(unique)


def _refuse_unreadable_inputs(paths: Iterable[str]) -> None:
    """Before any work, as black's ``click.Path(exists=True)`` does: every FILE that does not
    exist, is a directory or cannot be opened gets its line on stderr, then exit 2 (nothing written)."""
    errors = []
    for path in paths:
        try:
            probe_input(path)
        except InputError as exc:
            errors.append(_maybe_command_hint(path, exc.message))
    for message in errors[:-1]:
        _report_error(message)
    if errors:
        raise CliError(errors[-1])


def _jobs(jobs: int, paths: tuple[str, ...], jsonl: bool) -> int:
    """``-j``, capped at the work there is: whole documents cannot be split."""
    jobs = default_jobs(jobs)
    return jobs if jsonl else max(1, min(jobs, len(paths)))


def _refuse_stdin_twice(paths: Iterable[str], allow: str | None, extra: str | None) -> None:
    """``--allow /dev/stdin`` with text on stdin would read the text as the list."""
    if STDIN not in paths:
        return
    for option, path in (("--allow", allow), ("--extra", extra)):
        if path is not None and reads_stdin(path):
            raise click.UsageError(STDIN_TWICE.format(option=option))


def _refuse_overwriting_inputs(
    paths: Iterable[str], output: str | None, in_place: bool, message: str = OVERWRITE_INPUT
) -> None:
    """``message`` (with ``{path}``) says what to do instead: repair's advice is --in-place."""
    if in_place:
        return
    for path in paths:
        if path == STDIN:
            if output is not None and same_file(0, output):
                raise CliError(message.format(path=output))
            continue
        if output is not None and same_file(path, output):
            raise CliError(message.format(path=path))
        if output is None and same_file(path, 1):
            raise CliError(STDOUT_IS_INPUT.format(path=path))


def _doc_tasks(paths: Iterable[str], codec: str, input_format: str = "text") -> Iterator[DocTask]:
    for path in paths:
        data = None
        if path == STDIN:
            _stdin_notice()
            data = read_bytes(STDIN)
        yield DocTask(path, data, codec, format_of(path, input_format, data, codec))


def format_of(path: str, input_format: str, data: bytes | None = None, codec: str = "utf-8") -> str:
    """The ``--input-format`` a file is read as: ``input_format``, or for ``auto`` the one its
    extension names (:data:`FORMAT_OF_SUFFIX`); standard input (its bytes ``data``) and other files
    are ``"html"`` when their first :data:`SNIFF_BYTES`, decoded with ``codec`` (undecodable bytes
    skipped), start as an HTML document (:data:`HTML_START`), else ``"text"``. A file that cannot be
    read here, or a codec that cannot decode it so, is ``"text"`` (reading it later reports the error)."""
    if input_format != AUTO_FORMAT:
        return input_format
    if path != STDIN:
        named = FORMAT_OF_SUFFIX.get(os.path.splitext(path)[1].lower())
        if named is not None:
            return named
    if data is None and path != STDIN:
        try:
            with open(path, "rb") as f:
                data = f.read(SNIFF_BYTES)
        except OSError:
            return "text"
    if not data:
        return "text"
    try:
        head = data[:SNIFF_BYTES].decode(codec, errors="ignore")
    except (LookupError, ValueError):  # an unknown codec, or one that cannot skip ("idna", "undefined")
        return "text"
    return "html" if HTML_START.match(head) else "text"


def _record_format(input_format: str) -> str:
    """The format JSON Lines records' fields are read as: ``auto`` reads them as text."""
    return "text" if input_format == AUTO_FORMAT else input_format


def _stdin_notice() -> None:
    """At a terminal, say that textmend is waiting for typed text (bare ``textmend``)."""
    if sys.stdin is not None and _isatty(sys.stdin):
        click.echo(STDIN_NOTICE, err=True)


def _preload(jobs: int, config: Config) -> None:
    """With fork, load the channel and language model once in the parent so workers share them."""
    if jobs > 1 and sys.platform != "win32":
        import multiprocessing

        if multiprocessing.get_start_method() == "fork":
            repair_text("warm up the channel and the language model", config=config)


def _repair_documents(
    paths: tuple[str, ...],
    output: str | None,
    in_place: bool,
    fmt: str,
    codec: str,
    config: Config,
    jobs: int,
    out: Any,
    input_format: str = "text",
    diff_color: bool | None = None,
) -> int:
    with Reports(out, fmt) as reports:  # a JSON array is closed even when an input fails
        to_files = in_place or output is not None
        total_edits = 0
        changed: list[str] = []  # --in-place: the files rewritten, and those that failed
        failed: list[str] = []
        _preload(jobs, config)
        with (
            _documents_progress(paths) as advance,
            contextlib.closing(ordered_map(repair_document, _doc_tasks(paths, codec, input_format), config, jobs)) as results,
        ):
            for doc in results:
                advance(_input_bytes([doc.path]))
                if isinstance(doc, Failure):
                    if not in_place:
                        raise CliError(_failure_text(doc))
                    _report_error(_failure_text(doc))
                    failed.append(display_name(doc.path))
                    continue
                result = doc.result
                data = doc.decoded.encode(result.text, doc.name) if (result.edits or not in_place) else b""
                if in_place:
                    if result.edits:
                        try:
                            original = doc.decoded.encode(doc.decoded.text, doc.name)
                            note = rewrite_in_place(doc.path, original, data)
                            if note:
                                click.echo(f"textmend: {escape(note)}", err=True)
                        except InputError as exc:
                            _report_error(exc.message)
                            failed.append(doc.name)
                            continue
                        changed.append(doc.name)
                        total_edits += len(result.edits)
                elif output is not None:
                    with AtomicOutput(output) as handle:
                        handle.write(data)
                elif diff_color is not None:  # --diff: like black --diff, nothing is written
                    out.write(_unified_diff(doc.name, doc.decoded, result.text, diff_color))
                elif fmt == "text":
                    out.write(data)
                if fmt != "text":
                    record = result_record(doc.name, doc.decoded.text, result)
                    if not to_files:
                        record["text"] = result.text
                    reports.add(record)
    if in_place:
        _say_repaired_in_place(changed, len(paths), total_edits, failed)
    return EXIT_ERROR if failed else EXIT_CLEAN


NAMES_SHOWN = 5
"""How many files ``--in-place``'s summary names in each list before "and N more"."""


def _say_repaired_in_place(changed: list[str], files: int, edits: int, failed: list[str]) -> None:
    """``--in-place``'s summary on stderr (documents and ``--jsonl`` alike, in every ``--format``:
    the records go to stdout): how many of the ``files`` it rewrote (``changed``, names), with how
    many ``edits``; when some ``failed`` (names), which were rewritten and which failed and were left
    as they were ("repaired 1 of 3 files (2 edits): a.txt; 1 failed and was left as it was: bad.txt").
    Nothing is said when the one file given failed: its error line says it all."""
    if failed and files == 1:
        return
    line = f"textmend: repaired {len(changed)} of {_plural(files, 'file')}"
    if changed or not failed:
        line += f" ({_plural(edits, 'edit')})"
    if failed:
        if changed:
            line += f": {_names(changed)}"
        one = len(failed) == 1
        line += f"; {len(failed)} failed and {'was' if one else 'were'} left as {'it was' if one else 'they were'}"
        line += f": {_names(failed)}"
    click.echo(line, err=True)


def _names(names: list[str]) -> str:
    """File names for a summary line, escaped (``textmend.terminal.escape``): the first
    :data:`NAMES_SHOWN`, then how many more."""
    shown = ", ".join(escape(n) for n in names[:NAMES_SHOWN])
    return shown + (f" and {len(names) - NAMES_SHOWN} more" if len(names) > NAMES_SHOWN else "")


def _repair_jsonl(
    paths: tuple[str, ...],
    output: str | None,
    in_place: bool,
    field: str,
    codec: str,
    config: Config,
    jobs: int,
    out: Any,
    on_error: str = "fail",
    input_format: str = "text",
) -> int:
    bad_records = total = total_edits = 0
    changed: list[str] = []  # --in-place: the files rewritten with an edit, and those that failed
    failed: list[str] = []
    kept: Counter[str] = Counter()  # --on-error=keep: how the failed records were kept
    _preload(jobs, config)
    for path in paths:
        name = display_name(path)
        if path == STDIN:
            _stdin_notice()
        try:
            with open_stream(path) as (handle, size):
                target = path if in_place else output
                sink = AtomicOutput(target) if target is not None else contextlib.nullcontext(out)
                with sink as dest, _progress(size, name) as advance:
                    records, bad, edits, kept_here = _repair_jsonl_stream(
                        handle, name, field, codec, config, jobs, dest, advance, on_error, input_format
                    )
                total += records
                bad_records += bad
                kept += kept_here
                if edits:
                    changed.append(name)
                total_edits += edits
        except InputError as exc:
            if not in_place:
                raise CliError(_maybe_command_hint(path, exc.message)) from None
            _report_error(exc.message)
            failed.append(name)
    _say_bad_records(bad_records, total, "skipped" if on_error == "skip" else _kept_summary(kept))
    if in_place:
        _say_repaired_in_place(changed, len(paths), total_edits, failed)
    return EXIT_ERROR if failed or bad_records else EXIT_CLEAN


def _say_bad_records(bad: int, total: int, what: str) -> None:
    """``--on-error=skip|keep``'s summary on stderr: ``bad`` of ``total`` records failed, and
    ``what`` became of them (nothing said when none failed)."""
    if bad:
        click.echo(f"textmend: {bad} of {_plural(total, 'record')} failed ({what})", err=True)


def _bad_record(on_error: str, exc: InputError) -> None:
    """A JSON Lines record failed: with ``--on-error=fail`` stop (raise ``exc``); otherwise
    name it on stderr and go on (the caller counts it)."""
    if on_error == "fail":
        raise exc
    _report_error(exc.message)


KEPT_RECORDS = {  # (one record, several records)
    KEPT_WITH_ERROR: ("with an error member added", "with an error member added"),
    KEPT_FOREIGN: (
        'byte for byte, its "textmend" member is not textmend\'s',
        'byte for byte, their "textmend" members are not textmend\'s',
    ),
    KEPT_NOT_OBJECT: ("byte for byte, not a JSON object", "byte for byte, not JSON objects"),
    KEPT_UNDECODABLE: ("byte for byte, not decodable", "byte for byte, not decodable"),
    KEPT_UNENCODABLE: (
        "byte for byte, an error member cannot be written in its encoding",
        "byte for byte, an error member cannot be written in their encoding",
    ),
}
"""How ``repair --jsonl --on-error=keep`` says what it did with each kind of record that failed
(:data:`textmend.batch.KEPT_HOW`)."""


def _kept_summary(kept: Counter[str]) -> str:
    """``--on-error=keep``'s account of the failed records: "kept unchanged: 1 with an error member
    added; 2 byte for byte, not JSON objects" (kinds in :data:`KEPT_RECORDS` order, counts > 0)."""
    parts = [f"{kept[how]} {words[kept[how] != 1]}" for how, words in KEPT_RECORDS.items() if kept[how]]
    return "kept unchanged: " + "; ".join(parts)


def _repair_jsonl_stream(
    handle: Any,
    name: str,
    field: str,
    codec: str,
    config: Config,
    jobs: int,
    dest: Any,
    advance: Callable,
    on_error: str = "fail",
    input_format: str = "text",
) -> tuple[int, int, int, Counter[str]]:
    """Repair one JSON Lines stream into ``dest``; returns (records, failed records, edits
    applied, how the failed records were kept under ``on_error="keep"``)."""
    bom: list[bytes] = []
    total = bad = edits = 0
    kept: Counter[str] = Counter()
    work = chunks(handle, name, field, codec, advance, bom, on_error, input_format)
    with contextlib.closing(ordered_map(repair_jsonl_chunk, work, config, jobs)) as results:
        first = True
        for lines in results:
            if isinstance(lines, Failure):
                raise InputError(lines.message)
            if first and bom:
                dest.write(bom[0])
            first = False
            for line in lines:
                total += bool(line.data.strip()) or line.error is not None
                edits += line.edits
                if line.error is not None:
                    _bad_record(on_error, InputError(line.error))
                    bad += 1
                if line.kept is not None:
                    kept[line.kept] += 1
                dest.write(line.data)
    return total, bad, edits, kept


CHECK_HELP = """Report how spun each input looks; exit 1 if any looks spun: its spin score is at or
above --threshold, or repair would apply an edit to it (one at or above --min-confidence).

Prints each input's spin score (0 clean .. 1 heavily spun) and its number of edits
(findings that repair would apply) and suggestions (weaker findings).

\b
Examples:
  textmend check article.txt
  textmend check --threshold 0.3 --format json drafts/*.txt
  cat article.txt | textmend check -
  textmend check --jsonl --field body records.jsonl    # one report per record
  textmend check --exit-zero --format jsonl *.txt > report.jsonl

Exit codes: 0 no input looks spun, 1 any looks spun, 2 error.

A FILE that does not exist or cannot be opened stops the run before any work
(nothing on stdout). An input that fails while it is read (undecodable bytes, a
bad record) is named on stderr and the report covers the others, as ruff and
black report a file they cannot parse; the run then exits 2. With --format json or
jsonl it has a record of its own where its report would stand: {path, error}
({path, record_line, error} for a bad record), error being the stderr message.

With --jsonl, every record is an input: reports give its line number
("record_line" in JSON) and offsets point into the record's FIELD; blank lines are skipped.
A bad record (not a JSON object with a string FIELD) is named on stderr and the
others are checked (--on-error=skip, the default; a summary line says how many
failed, and the run exits 2); --on-error=fail stops at the first, with nothing
on stdout.
"""

ON_ERROR_NEEDS_JSONL = "--on-error works with --jsonl only"
CHECK_ON_ERROR = (
    "With --jsonl, a bad record: skip it (the others are checked; still exit 2) or fail (stop, "
    "nothing printed). [default: skip] repair's keep has no equivalent here: check writes no records back."
)


@cli.command(help=CHECK_HELP + EDITS_HELP, short_help="Score inputs; exit 1 if any looks spun (a QA gate).")
@click.argument("files", nargs=-1, metavar="[FILE|-]...")
@click.option(
    "--threshold",
    type=Probability(),
    default=0.5,
    show_default=True,
    help="Spin score at or above which an input counts as spun.",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even if spun text is found (errors still exit 2).")
@click.option("--on-error", type=click.Choice([c for c in ON_ERROR if c != "keep"]), default=None, help=CHECK_ON_ERROR)
@_common_options()
def check(
    files: tuple[str, ...],
    threshold: float,
    exit_zero: bool,
    on_error: str | None,
    fmt: str,
    min_confidence: float | None,
    pack: str | None,
    allow: str | None,
    extra: str | None,
    encoding: str | None,
    input_format: str,
    jsonl: bool,
    field: str,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    jobs: int,
) -> int:
    _refuse_empty_names(files, None)
    if on_error is not None and not jsonl:
        raise click.UsageError(ON_ERROR_NEEDS_JSONL)
    _refuse_field_without_jsonl(jsonl)
    paths = _input_paths(files, include, exclude, jsonl)
    codec = _encoding_option(encoding, jsonl)
    _refuse_stdin_twice(files or (STDIN,), allow, extra)
    _refuse_jsonl_as_text(paths, jsonl, input_format)  # after the usage errors: they say more
    _refuse_unreadable_inputs(paths)
    config = _config_from_options(min_confidence, pack, allow, extra)
    if fmt == "text":  # the text report shows no alternatives: skip ranking them
        config = config._replace(wide_alternatives=False)
    jobs = _jobs(jobs, paths, jsonl)
    reports = Reports(stdout(), fmt)
    reports.out.require()  # no stdout (``check f >&-``) is an error before any work
    _preload(jobs, config)
    if jsonl:
        counts = _check_jsonl(paths, field, codec, config, jobs, threshold, reports, _record_format(input_format),
                              on_error or "skip")
    else:
        counts = _check_documents(paths, codec, config, jobs, threshold, reports, input_format)
    reports.close()
    if fmt == "text":
        reports.out.write(_check_summary(counts, "record" if jsonl else "input", threshold) + "\n")
    if counts.failed or counts.unreadable:
        return EXIT_ERROR
    return EXIT_SPUN if counts.spun and not exit_zero else EXIT_CLEAN


class CheckCounts(NamedTuple):
    """What ``check`` judged: ``spun`` of ``total`` units (inputs, or records with ``--jsonl``) look
    spun and ``failed`` of them failed. ``total`` counts every unit read, failed ones too, so stdout's
    summary and stderr's "N of M records failed" agree (qa17: they said 6 and 11). ``unreadable``:
    JSON Lines files that stopped midway, which are no records and so not in ``total``."""

    spun: int
    total: int
    failed: int
    unreadable: int = 0


def threshold_text(threshold: float) -> str:
    """A threshold as the user gave it: two decimals when they say it exactly ("0.50"), otherwise
    every digit ("0.999", not the "1.00" that a shown score of 0.99 looks spun at)."""
    text = f"{threshold:.2f}"
    return text if float(text) == threshold else repr(float(threshold))


def _check_summary(counts: CheckCounts, unit: str, threshold: float) -> str:
    """The last line of ``check``'s text report: "1 of 11 records look spun (...); 5 failed"."""
    line = (
        f"{counts.spun} of {_plural(counts.total, unit)} look{'s' if counts.total == 1 else ''} spun "
        f"(spin score >= {threshold_text(threshold)} or edits to apply)"
    )
    if counts.failed:
        line += f"; {counts.failed} failed"
    if counts.unreadable:
        line += f"; {_plural(counts.unreadable, 'input')} could not be read to the end"
    return line


def _check_documents(paths, codec, config, jobs, threshold, reports, input_format="text") -> CheckCounts:
    spun = total = failed = 0
    with (
        _documents_progress(paths) as advance,
        contextlib.closing(ordered_map(repair_document, _doc_tasks(paths, codec, input_format), config, jobs)) as results,
    ):
        for doc in results:
            advance(_input_bytes([doc.path]))
            if isinstance(doc, Failure):
                _report_error(_failure_text(doc))
                reports.add(error_record(display_name(doc.path), _failure_text(doc)))
                failed += 1
                continue
            total += 1
            is_spun = looks_spun(doc.result, threshold)
            spun += is_spun
            line = (f"{escape(doc.name)}: {_summary(doc.result)}{_score_source(doc.decoded.text, doc.result)}"
                    + (" [spun]" if is_spun else ""))
            reports.add(result_record(doc.name, doc.decoded.text, doc.result), line)
    return CheckCounts(spun, total + failed, failed)


def _check_jsonl(
    paths, field, codec, config, jobs, threshold, reports, input_format="text", on_error="skip"
) -> CheckCounts:
    """Check each record of the JSON Lines ``paths`` into ``reports``; returns the counts of records
    (bad ones in the total) and of inputs that could not be read to the end. A bad record is named on
    stderr and skipped (``on_error="skip"``, then repair's summary line) or stops the run
    (``"fail"``: raises :class:`CliError`, nothing reaches stdout)."""
    spun = total = failed = bad = 0
    for path in paths:
        name = display_name(path)
        try:
            with (
                open_stream(path) as (handle, size),
                _progress(size, name) as advance,
                contextlib.closing(
                    ordered_map(
                        check_jsonl_chunk, chunks(handle, name, field, codec, advance, [], "fail", input_format), config, jobs
                    )
                ) as results,
            ):
                for batch in results:
                    if isinstance(batch, Failure):
                        raise InputError(batch.message)
                    for item in batch:
                        if isinstance(item, LineFailure):  # judged on its own: report, go on (skip)
                            if on_error == "fail":
                                raise CliError(item.message)
                            _report_error(item.message)
                            reports.add(error_record(name, item.message, item.lineno))
                            bad += 1
                            continue
                        total += 1
                        is_spun = looks_spun(item.result, threshold)
                        spun += is_spun
                        line = f"{escape(name)}:{item.lineno}: {_summary(item.result)}" + (
                            " [spun]" if is_spun else ""
                        )
                        reports.add(item.record, line)
        except InputError as exc:
            _report_error(_maybe_command_hint(path, exc.message))
            reports.add(error_record(name, _maybe_command_hint(path, exc.message)))
            failed += 1
    counts = CheckCounts(spun, total + bad, bad, failed)
    _say_bad_records(counts.failed, counts.total, "skipped")
    return counts


EXPLAIN_HELP = """Show each finding in FILES (default: standard input) for people to review.

Directories are walked as check and repair walk them (see --include, --exclude).

For every edit and suggestion: line:column, original -> replacement, confidence,
rule, a one-line explanation and the line it sits in. Colour follows --color: by
default only when stdout is a terminal and NO_COLOR is not set (FORCE_COLOR forces it).

\b
Examples:
  textmend explain article.txt
  cat article.txt | textmend explain
  textmend explain --diff article.txt | less
  textmend explain --format json article.txt   # records with explanations
  textmend explain --jsonl --field body records.jsonl
  textmend explain --format html *.txt -o report.html
  textmend explain --format html --jsonl --field body records.jsonl -o report.html

--format html writes one self-contained review page (no script, no network) to
stdout or -o OUT: per input its spin score, the edits and suggestions marked in
the text (hover or Tab to a mark for the reason) and a chart of where they fall.
It takes several FILEs, and with --jsonl one section per record, worst first.
--input-format applies as for check: with html or markdown only the prose is
marked, and the page shows the markup as it is.

With --jsonl, every non-blank record is explained on its own (blank lines are
skipped): its findings are named FILE:LINE with the record's line, then FIELD and
the line:column in it ("r.jsonl:3: text 1:45: warfare -> war"); json records carry
"record_line" as check's do.

A FILE that does not exist or cannot be opened stops the run before any work; an
input that fails while it is read leaves nothing on stdout and no page.
"""

HTML_ONLY = "{what} works with --format html only"
DIFF_NOT_JSONL = "--diff cannot be used with --jsonl (a diff is of whole files; see 'textmend repair --jsonl')"
EXPLAIN_ON_ERROR = (
    "With --jsonl, a bad record: fail (stop, nothing printed, no page) or skip it (the others are "
    "explained; still exit 2). repair's keep has no equivalent here: explain writes no records back."
)


@cli.command(help=EXPLAIN_HELP + EDITS_HELP, short_help="Show the findings with context, or a unified diff.")
@click.argument("files", nargs=-1, metavar="[FILE|-]...")
@click.option("--diff", "as_diff", is_flag=True, help="Print a unified diff of the repair instead. " + DIFF_HELP)
@click.option("-o", "--output", metavar="OUT", default=None, help="With --format html: write the page to OUT.")
@click.option(
    "--on-error",
    type=click.Choice([c for c in ON_ERROR if c != "keep"]),
    default="fail",
    show_default=True,
    help=EXPLAIN_ON_ERROR,
)
@COLOR_OPTION
@_common_options(jobs=False, html=True, walk=True)
def explain(
    files: tuple[str, ...],
    as_diff: bool,
    output: str | None,
    on_error: str,
    color: str,
    fmt: str,
    min_confidence: float | None,
    pack: str | None,
    allow: str | None,
    extra: str | None,
    input_format: str,
    encoding: str | None,
    jsonl: bool,
    field: str,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
) -> int:
    _refuse_empty_names(files, output)
    paths = _input_paths(files, include, exclude, jsonl)
    if as_diff and jsonl:
        raise click.UsageError(DIFF_NOT_JSONL)
    if (fmt != "html" or as_diff) and output:
        raise click.UsageError(HTML_ONLY.format(what="-o/--output"))
    if on_error != "fail" and not jsonl:
        raise click.UsageError(ON_ERROR_NEEDS_JSONL)
    _refuse_field_without_jsonl(jsonl)
    codec = _encoding_option(encoding, jsonl, as_diff)
    _refuse_stdin_twice(paths, allow, extra)
    _refuse_jsonl_as_text(paths, jsonl, input_format)  # after the usage errors: they say more
    _refuse_unreadable_inputs(paths)
    config = _config_from_options(min_confidence, pack, allow, extra)
    if jsonl:
        input_format = _record_format(input_format)
    if fmt == "html" and not as_diff:
        return _explain_html(
            paths, None if output == STDIN else output, jsonl, field, codec, config, on_error, input_format
        )
    out = stdout()
    out.require()
    colored = use_color(color, sys.stdout)
    if jsonl:
        return _explain_jsonl(paths, field, codec, config, on_error, input_format, fmt, colored, out)
    with Reports(out, fmt if not as_diff else "text") as reports:
        for doc in ordered_map(repair_document, _doc_tasks(paths, codec, input_format), config, 1):
            if isinstance(doc, Failure):
                raise CliError(_failure_text(doc))
            text, result = doc.decoded.text, doc.result
            if as_diff:
                out.write(_unified_diff(doc.name, doc.decoded, result.text, colored))
            elif fmt == "text":
                out.write(_explain_text(doc.name, text, result, colored))
            else:
                reports.add(result_record(doc.name, text, result, explanation=True))
    return EXIT_CLEAN


def _explain_html(
    paths: tuple[str, ...],
    output: str | None,
    jsonl: bool,
    field: str,
    codec: str,
    config: Config,
    on_error: str = "fail",
    input_format: str = "text",
) -> int:
    """``explain --format html``: one review page of every input (or JSON Lines record), each read
    as ``input_format`` (marks at offsets into the original markup, which is shown unedited).

    A bad input gives no page; a bad record gives none with ``on_error="fail"``, and with
    ``"skip"`` is left out of a page that is written (exit 2 all the same, as ``repair``)."""
    from .report import Section, to_html

    _refuse_overwriting_inputs(paths, output, False, PAGE_OVER_INPUT)
    sections: list[Section] = []
    failed = bad_records = total = 0  # as check does: each bad input gets its line; then exit 2, no page
    if jsonl:
        for path in paths:
            try:
                found, bad = _jsonl_sections(path, field, codec, config, on_error, input_format)
                sections += found
                bad_records += bad
                total += len(found) + bad
            except InputError as exc:
                _report_error(_maybe_command_hint(path, exc.message))
                failed += 1
    else:
        for doc in ordered_map(repair_document, _doc_tasks(paths, codec, input_format), config, 1):
            if isinstance(doc, Failure):
                _report_error(_failure_text(doc))
                failed += 1
                continue
            sections.append(Section(doc.name, doc.decoded.text, doc.result))
    if failed:
        return EXIT_ERROR
    _say_bad_records(bad_records, total, "skipped")
    names = {display_name(p) for p in paths}
    title = f"textmend review: {next(iter(names))}" if len(names) == 1 else f"textmend review: {len(paths)} inputs"
    page = to_html(sections, title=title).encode("utf-8", "backslashreplace")
    if output is None:
        stdout().write(page)
    else:
        with AtomicOutput(output) as handle:
            handle.write(page)
    return EXIT_ERROR if bad_records else EXIT_CLEAN


def _jsonl_sections(
    path: str, field: str, codec: str, config: Config, on_error: str = "fail", input_format: str = "text"
) -> tuple[list[Any], int]:
    """One report section per non-blank record of a JSON Lines input, named by file and line,
    and the number of bad records skipped (``on_error="skip"``: each reported on stderr;
    ``"fail"``: the first raises ``InputError``)."""
    sections = []
    bad = 0
    for item in _jsonl_items(path, field, codec, config, input_format):
        if isinstance(item, InputError):
            _bad_record(on_error, item)
            bad += 1
        else:
            sections.append(item)
    return sections, bad


def _jsonl_items(path: str, field: str, codec: str, config: Config, input_format: str = "text") -> Iterator[Any]:
    """Each non-blank record of a JSON Lines input, in order: a report ``Section`` (named by file,
    with the record's line) or, for a bad record, the ``InputError`` naming its line. An input that
    cannot be read at all raises ``InputError``."""
    from .report import Section

    name = display_name(path)
    if path == STDIN:
        _stdin_notice()
    with open_stream(path) as (handle, _):
        for chunk in chunks(handle, name, field, codec, lambda n: None, [], "fail", input_format):
            for lineno, raw in chunk.lines:
                body, _ = split_terminator(raw)
                if body.strip():
                    try:
                        _, _, text, result = jsonl_record(name, lineno, body, chunk, config)
                    except InputError as exc:
                        yield exc
                        continue
                    yield Section(name, text, result, lineno)


def _explain_jsonl(
    paths: tuple[str, ...],
    field: str,
    codec: str,
    config: Config,
    on_error: str,
    input_format: str,
    fmt: str,
    color: bool,
    out: Any,
) -> int:
    """``explain --jsonl`` as text, json or jsonl: each record's findings, named ``FILE:LINE`` (the
    record's line) in text and by ``record_line`` in records, as ``check --jsonl`` names them. A bad
    record stops the run (``on_error="fail"``) or is named and left out (``"skip"``, exit 2)."""
    bad = total = 0
    with Reports(out, fmt) as reports:
        for path in paths:
            try:
                for item in _jsonl_items(path, field, codec, config, input_format):
                    total += 1
                    if isinstance(item, InputError):
                        _bad_record(on_error, item)
                        bad += 1
                    elif fmt == "text":
                        out.write(_explain_text(item.name, item.text, item.result, color, (item.line, field)))
                    else:
                        record = result_record(item.name, item.text, item.result, explanation=True)
                        reports.add({"path": item.name, "record_line": item.line, **record})
            except InputError as exc:
                raise CliError(_maybe_command_hint(path, exc.message)) from None
    _say_bad_records(bad, total, "skipped")
    return EXIT_ERROR if bad else EXIT_CLEAN


CONTEXT_CHARS = 40


_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069" + INVISIBLE + "]")


def _visible(s: str) -> str:
    """Show control and bidi-override characters as escapes, so input cannot drive the terminal, and
    the characters the engine reads as absent (``textmend.invisible.INVISIBLE``: a soft hyphen, a
    zero-width space, a byte-order mark, direction marks) too, so that a reader sees why
    "war\\xadfare" was read as "warfare" and a terminal that draws a soft hyphen cannot move the caret."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), s)


def _explain_text(name: str, text: str, result: Result, color: bool, record: tuple[int, str] | None = None) -> str:
    """``explain``'s text for one input; a JSON Lines ``record`` (its line in the file, the field)
    is named ``name:LINE:`` and its findings ``name:LINE: FIELD line:column:`` (in the field)."""

    def style(s: str, **kw: Any) -> str:
        s = _visible(s)
        return click.style(s, **kw) if color else s

    name = escape(name)
    if record is not None:
        name = f"{name}:{record[0]}"
    where = f"{name}: {escape(record[1])} " if record is not None else f"{name}:"
    lines = LineIndex(text)
    findings = sorted(
        [(e, True) for e in result.edits] + [(e, False) for e in result.suggestions], key=lambda p: p[0].start
    )
    parts: list[str] = []
    for edit, applied in findings:
        line, column = lines.position(edit.start)
        kind = "" if applied else style(" (suggestion, not applied)", fg="yellow")
        parts.append(
            f"{style(f'{where}{line}:{column}:', bold=True)} "
            f"{style(edit.original, fg='red')} -> {style(edit.replacement, fg='green')}  "
            f"{style(f'[confidence {shown(edit.confidence)}, rule {edit.rule}]', dim=True)}{kind}\n"
        )
        if edit.explanation:
            parts.append(f"    {_visible(edit.explanation)}\n")
        parts.extend(_evidence_lines(edit))
        parts.append(_context(text, lines, edit, style))
    windowed = len({r.spin_score for r in result.regions}) > 1  # a long text, estimated window by window
    for region in result.regions:  # engine v2: where the spin rate behind the score comes from
        if not text[region.start : region.end].strip():
            continue  # an empty (or blank) input's one region: nothing in it to place a rate on
        line, column = lines.position(region.start)
        end_line, _ = lines.position(max(region.start, region.end - 1))
        window = f", window spin score {shown(region.spin_score)}" if windowed else ""
        parts.append(f"{style(f'{where}{line}:{column}:', bold=True)} region to line {end_line}: "
                     f"spin rate {shown(region.spin_rate)}{window}\n")
    parts.append(f"{name}: {_summary(result)}{_score_source(text, result)}\n")
    return "".join(parts)


def _evidence_lines(edit: Edit) -> list[str]:
    """Engine v2: the alternatives and the evidence behind an edit's confidence."""
    parts = []
    others = other_candidates(edit)
    if others:  # the replacement and its confidence head the finding; these rank on another scale
        listed = ", ".join(f"{_visible(text)} {ranking_score(p)}" for text, p in others)
        parts.append(f"    {RANKING_LABEL}: {listed}\n")
    if edit.evidence is not None:
        ev = edit.evidence
        sources = f", sources {', '.join(ev.sources)}" if ev.sources else ""
        parts.append(
            f"    evidence (log10): channel {ev.channel:+.2f}, language model {ev.language_model:+.2f}, "
            f"document {ev.document:+.2f}; spin rate {shown(ev.spin_rate)}{sources}\n"
        )
    return parts


def _context(text: str, lines: LineIndex, edit: Edit, style: Callable[..., str]) -> str:
    """The edit's line, cut to a window around it, with a caret underline."""
    line_start, line_end = lines.line_span(edit.start)
    span_end = min(edit.end, line_end)
    lo = max(line_start, edit.start - CONTEXT_CHARS)
    hi = min(line_end, span_end + CONTEXT_CHARS)
    before = ("..." if lo > line_start else "") + text[lo : edit.start]
    middle = text[edit.start : span_end]
    after = text[span_end:hi] + ("..." if hi < line_end else "")
    before, middle, after = (_visible(s.replace("\t", " ")) for s in (before, middle, after))
    shown = before + style(middle, fg="red", bold=True) + after
    caret = " " * width(before) + "^" * max(1, width(middle))  # columns, not code points
    return f"    | {shown}\n    | {style(caret, fg='red')}\n"


def _unified_diff(name: str, decoded: Decoded, new: str, color: bool) -> bytes:
    """The repair of ``decoded`` (to ``new``) as ``diff -u`` shows it, so ``patch`` and ``git apply`` take it.

    The diff's lines are the file's bytes: the old and new text encoded as the input was (its
    codec and byte-order mark), then cut after each ``\n`` byte, as in ``diff`` and ``patch``
    (``\r\n`` lines keep their ``\r``; a file with lone ``\r`` endings is one line). The
    headers name the file by its file-system bytes. Raises ``InputError`` (naming the file) when
    the repaired text cannot be written in the input's codec, as ``repair`` would."""
    if new == decoded.text:
        return b""
    old_bytes = decoded.encode(decoded.text, name)
    new_bytes = decoded.encode(new, name)
    label = _diff_name(name)
    diff = difflib.diff_bytes(
        difflib.unified_diff,
        _diff_lines(old_bytes),
        _diff_lines(new_bytes),
        fromfile=b"a/" + label,
        tofile=b"b/" + label,
    )
    parts = []
    for line in diff:
        if not line.endswith(b"\n"):
            line += b"\n\\ No newline at end of file\n"
        if color:
            header = line.startswith((b"+++", b"---"))
            fg = None if header else {b"+": "green", b"-": "red", b"@": "cyan"}.get(line[:1])
            if fg or header:
                line = _styled(line, fg=fg, bold=header)
        parts.append(line)
    return b"".join(parts)


def _diff_name(name: str) -> bytes:
    """A diff header's file name: escaped for the terminal, then the file system's own bytes."""
    shown = escape(name)
    try:
        return os.fsencode(shown)
    except UnicodeEncodeError:  # a lone surrogate that is not an undecodable byte: show it escaped
        return shown.encode("utf-8", "backslashreplace")


def _styled(line: bytes, **style: Any) -> bytes:
    """``line`` (bytes in the input's codec) inside the escape codes ``click.style`` would put around it."""
    before, after = click.style("\0", **style).split("\0")
    return before.encode("ascii") + line + after.encode("ascii")


def _diff_lines(data: bytes) -> list[bytes]:
    """``data`` cut after each ``\n`` byte (``bytes.splitlines`` also cuts at ``\r``, which
    ``patch`` does not)."""
    lines = data.split(b"\n")
    return [line + b"\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


# --------------------------------------------------------------------------- entry point


_handler_pid = 0
"""The process that installed :func:`_on_signal` (set by :func:`run`)."""


def _on_signal(signum: int, frame: Any) -> None:
    """Raise :class:`Interrupted` in the process that installed the handler. A pool worker forked
    from it, signalled before its initializer resets the handlers (``Pool.terminate`` right after a
    Ctrl-C), dies as the default action would instead of printing a traceback (seen in CI:
    ``repair --jsonl -j 2`` interrupted while its pool started)."""
    if os.getpid() != _handler_pid:
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    raise Interrupted(signum)


def main(argv: list[str] | None = None) -> NoReturn:
    """The console script: run the command line and exit with its code."""
    sys.exit(run(argv))


def run(argv: list[str] | None = None) -> int:
    """Run the command line in-process and return the exit code.

    SIGTERM and SIGINT (Ctrl-C) raise :class:`Interrupted`: the run unwinds, says so in one line
    on stderr and returns 128 + the signal (130 for Ctrl-C), as other CLIs do. Click would catch a
    ``KeyboardInterrupt`` itself and print a blank line first; a SIGINT that the caller ignores
    (a background job) stays ignored."""
    global _handler_pid
    _handler_pid = os.getpid()
    previous = signal.signal(signal.SIGTERM, _on_signal)
    previous_int = signal.getsignal(signal.SIGINT)
    if previous_int is signal.default_int_handler:
        signal.signal(signal.SIGINT, _on_signal)
    reset_stdout()
    try:
        try:
            code = cli.main(args=argv, prog_name="textmend", standalone_mode=False)
            stdout().flush()
            return code if isinstance(code, int) else EXIT_CLEAN
        except click.exceptions.Exit as exc:
            return exc.exit_code
        except click.UsageError as exc:  # one line too, pointing at the help
            where = exc.ctx.command_path if exc.ctx is not None else "textmend"
            _report_error(f"{exc.format_message()} (see '{where} --help')")
            return EXIT_ERROR
        except click.ClickException as exc:
            _report_error(exc.format_message())
            return EXIT_ERROR
        except (CliError, InputError, OutputError) as exc:
            _report_error(str(exc))
            return EXIT_ERROR
        except (StdoutClosed, BrokenPipeError):
            _silence_stdout()
            return EXIT_ERROR
        except OSError as exc:  # not expected: every file operation names its file
            where = f"{exc.filename}: " if exc.filename else ""
            _report_error(f"{where}{exc.strerror or exc}")
            return EXIT_ERROR
        except click.Abort:
            _report_error(INTERRUPTED)
            return 128 + signal.SIGINT
        except KeyboardInterrupt:
            _report_error(INTERRUPTED)
            return 128 + signal.SIGINT
        except Interrupted as exc:
            return interrupted(exc.signum)
        except MemoryError:
            _report_error(OUT_OF_MEMORY)
            return EXIT_ERROR
        except Exception as exc:  # noqa: BLE001 - the exit-code contract: a crash is 2, never 1
            _report_error(INTERNAL_ERROR.format(error=_one_line(f"{type(exc).__name__}: {exc}")))
            return EXIT_ERROR
    except (Interrupted, KeyboardInterrupt):  # a second signal while reporting
        return 128 + signal.SIGINT
    finally:
        signal.signal(signal.SIGTERM, previous)
        if previous_int is signal.default_int_handler:
            signal.signal(signal.SIGINT, previous_int)
        stdout().discard()  # the run stopped on an error: nothing it held back reaches stdout
        _flush_quietly()


def interrupted(signum: int) -> int:
    """Say on stderr that the run was stopped by ``signum`` and return its exit code, 128 + ``signum``
    (130 for SIGINT). On a terminal, after Ctrl-C, the line starts below the "^C" it echoed. Also
    what :func:`textmend.__main__.main` reports for a signal that arrived while the command imported."""
    if signum == signal.SIGINT and _isatty(sys.stderr):
        click.echo(err=True)  # the terminal echoed "^C": start the message on a line of its own
    _report_error(INTERRUPTED)
    return 128 + signum


def _one_line(message: str, limit: int = 300) -> str:
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 3] + "..."


def _silence_stdout() -> None:
    """After stdout failed (closed pipe, full disk), stop Python complaining at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _flush_quietly() -> None:
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        _silence_stdout()


if __name__ == "__main__":
    main()
