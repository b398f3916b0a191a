"""A decision record as Markdown after MADR 4.0, with YAML front matter, to commit to an
engineering repository's ``docs/decisions/`` as ``NNNN-title.md``.

The template (``templates/decisions/exports/record.md``) is rendered by an engine of its own
that does not HTML-escape: Markdown is not HTML, and ``&lt;`` would read badly in a repository.
Instead every value from the record passes through one of two filters, which make any text
inert: ``md`` (inline Markdown: every character Markdown or HTML could read as markup is
backslash-escaped, line breaks become spaces), ``md_block`` (the same, line by line, keeping
the lines), and ``yaml`` (a double-quoted YAML scalar with every line break and control
character escaped, so that nothing can end the front matter or add a key).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from django.conf import settings
from django.template import Context, Engine, Library

from decisions.exports.record import ExportedRecord, paper_context

TEMPLATE = "decisions/exports/record.md"

# MADR's statuses; openweigh's own where MADR has none.
MADR_STATUS = {
    "draft": "draft",
    "in_review": "proposed",
    "accepted": "accepted",
    "rejected": "rejected",
    "deprecated": "deprecated",
    "superseded": "superseded",
}

# Characters that Markdown (CommonMark, GFM, GitHub's math) or inline HTML can read as markup
# anywhere in a line: emphasis, code, links and images, autolinks and tags, entities, headings,
# tables, strikethrough, math. "(" and ")" only matter after "]", which is escaped.
_INLINE = re.compile(r"([\\`*_{}\[\]<>#|~&$])")
# At the start of a line: a list item ("-", "+", "1.", "1)") or a setext underline ("=", "-").
_LINE_START = re.compile(r"^([-+=])")
_ORDERED = re.compile(r"^(\d+)([.)])")
# Control characters (line breaks are handled apart), and Unicode's line and paragraph
# separators, which some renderers treat as line breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def markdown_inline(text: object) -> str:
    """Text shown literally by any CommonMark renderer, on one line."""
    return _escape_line(" ".join(_CONTROL.sub(" ", str(text)).split()))


def markdown_block(text: object) -> str:
    """Text shown literally, its lines kept (a line break ends each but the last line of a
    paragraph), its blank lines kept as paragraph breaks."""
    paragraphs = re.split(r"\n\s*\n", _CONTROL.sub(" ", str(text).replace("\r\n", "\n")).strip())
    return "\n\n".join(
        "\\\n".join(_escape_line(line.strip()) for line in paragraph.split("\n") if line.strip())
        for paragraph in paragraphs
        if paragraph.strip()
    )


def _escape_line(line: str) -> str:
    escaped = _LINE_START.sub(r"\\\1", _INLINE.sub(r"\\\1", line))
    return _ORDERED.sub(r"\1\\\2", escaped)


# YAML's printable characters, less the ones that are line breaks in YAML 1.1 (NEL, LS, PS)
# or a byte-order mark: everything else is escaped.
_YAML_SAFE = re.compile(
    r"[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_YAML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def yaml_string(text: object) -> str:
    """A double-quoted YAML scalar that reads back as exactly ``text``."""
    out = []
    for char in str(text):
        if char in _YAML_ESCAPES:
            out.append(_YAML_ESCAPES[char])
        elif _YAML_SAFE.fullmatch(char):
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def yaml_list(values: list[Any]) -> str:
    """A YAML flow sequence of double-quoted strings."""
    return "[" + ", ".join(yaml_string(value) for value in values) + "]"


# The filters of the Markdown engine below ({% load markdown %} is implied).
register = Library()
register.filter("md", markdown_inline)
register.filter("md_block", markdown_block)
register.filter("yaml", yaml_string)
register.filter("yaml_list", yaml_list)


@cache
def _engine() -> Engine:
    return Engine(
        dirs=[str(settings.BASE_DIR / "templates")],
        autoescape=False,
        builtins=["decisions.exports.markdown"],
    )


def record_markdown(record: ExportedRecord) -> str:
    context = paper_context(record)
    context["madr_status"] = _madr_status(record)
    text = _engine().get_template(TEMPLATE).render(Context(context, autoescape=False))
    # One blank line between blocks, however the template's tags fell.
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _madr_status(record: ExportedRecord) -> str:
    if record.status == "superseded" and record.superseded_by:
        return f"superseded by ADR-{record.superseded_by:04d}"
    return MADR_STATUS.get(record.status, record.status)
