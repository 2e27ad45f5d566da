"""Escaping for every format a report is written in: student-controlled text stays text.

A submission controls exception messages, printed output, type names and its own folder name.
Each writer passes them through one of these before they meet Markdown, HTML, CSV or XML.
"""
from __future__ import annotations

import html as _html
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def markdown_inline(text: str) -> str:
    """Text safe inside a Markdown line: every character Markdown or HTML could act on escaped."""
    return _MD_SPECIAL.sub(r"\\\1", str(text).replace("\n", " "))


def markdown_block(text: str, info: str = "text") -> list[str]:
    """A fenced code block that the text cannot close: the fence is longer than any backtick
    run inside it (CommonMark closes a fence only with at least as many backticks)."""
    text = str(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + info, text, fence]


def html_text(text: str) -> str:
    """Text safe in HTML element content and attribute values."""
    return _html.escape(str(text), quote=True)


def csv_cell(value: object) -> object:
    """A spreadsheet cell that never runs as a formula (numbers pass through unchanged)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def xml_text(text: str) -> str:
    """Text that XML 1.0 can hold (control characters it forbids are dropped)."""
    return _XML_BAD.sub("", str(text))
