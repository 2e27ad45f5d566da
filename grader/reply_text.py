"""What a hidden case may show of the text a reply carries.

A student's function sees a hidden case's inputs and can return them as text: a str, a long int,
a dict key or the name of a class it made. The comparison describes a reply faithfully, which is
what a public case should show; in a hidden case that text is replaced by what it is (a str, an
int of many digits, keys that were not expected), so feedback cannot carry the inputs out.
"""
from __future__ import annotations

import dataclasses
import re

from grader.findings import Finding

MAX_INT_DIGITS = 20
MAX_TYPE_NAME = 40
_STR = re.compile(r"the str (['\"]).*", re.S)
_INT = re.compile(rf"the int -?\d{{{MAX_INT_DIGITS + 1},}}")
_TYPE = re.compile(rf"an object of type .{{{MAX_TYPE_NAME + 1},}}", re.S)


def hidden_safe(text: str) -> str:
    """``text`` (a description of the reply) without the reply's own words."""
    text = _STR.sub("a str (its text is not shown in a hidden case)", text)
    text = _INT.sub(f"an int of more than {MAX_INT_DIGITS} digits", text)
    return _TYPE.sub("an object of a class of your own (its long name is not shown in a hidden case)", text)


def for_hidden(finding: Finding) -> Finding:
    """The finding as a hidden case shows it."""
    got = hidden_safe(finding.got)
    detail = finding.detail
    if finding.what == "keys" and "unexpected keys" in detail:
        detail = re.sub(r"unexpected keys .*", "unexpected keys (not shown in a hidden case)", detail, flags=re.S)
    if (got, detail) == (finding.got, finding.detail):
        return finding
    return dataclasses.replace(finding, got=got, detail=detail)
