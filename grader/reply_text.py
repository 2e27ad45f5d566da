"""What a hidden case may show of the text a reply carries.

A student's function sees a hidden case's inputs and can return them as text: a str, a long int,
a dict key or the name of a class it made. The comparison describes a reply faithfully, which is
what a public case should show; in a hidden case that text is replaced by what it is (a str, an
int of many digits, keys that were not expected, a layer name that is not torch's or the expected
one's), so feedback cannot carry the inputs out.
"""
from __future__ import annotations

import dataclasses
import re

from grader.findings import Finding

MAX_INT_DIGITS = 20
MAX_TYPE_NAME = 40
_STR = re.compile(r"the str (['\"]).*", re.S)
_INT = re.compile(rf"the int -?\d{{{MAX_INT_DIGITS + 1},}}")
_TYPE = re.compile(rf"(an object|an nn\.Module) of type .{{{MAX_TYPE_NAME + 1},}}", re.S)
_WORD = re.compile(r"(?<![0-9A-Za-z_])[A-Za-z_][A-Za-z0-9_]*")
# Findings that list the reply's layer and parameter names: each name is the student's own string.
NAMED_PARTS = ("layers", "parameters")


def hidden_safe(text: str) -> str:
    """``text`` (a description of the reply) without the reply's own words."""
    text = _STR.sub("a str (its text is not shown in a hidden case)", text)
    text = _INT.sub(f"an int of more than {MAX_INT_DIGITS} digits", text)
    return _TYPE.sub(r"\1 of a class of your own (its long name is not shown in a hidden case)", text)


def _known_words_only(text: str, known: set[str]) -> str:
    """Each word of ``text`` that is not in ``known`` (the expected side's words, torch.nn's
    classes) as ``?``: ``[Linear, ?, Linear]``."""
    return _WORD.sub(lambda m: m.group(0) if m.group(0) in known else "?", text)


def _nn_names() -> set[str]:
    from torch import nn
    return {name for name in dir(nn) if name[:1].isupper()}


def for_hidden(finding: Finding) -> Finding:
    """The finding as a hidden case shows it."""
    got = hidden_safe(finding.got)
    detail = finding.detail
    if finding.what == "keys" and "unexpected keys" in detail:
        detail = re.sub(r"unexpected keys .*", "unexpected keys (not shown in a hidden case)", detail, flags=re.S)
    if finding.what in NAMED_PARTS:
        known = set(_WORD.findall(finding.expected)) | _nn_names() | {
            "weight", "bias", "running_mean", "running_var", "num_batches_tracked", "unexpected", "extra",
            "submodules", "missing"}
        got, detail = _known_words_only(got, known), _known_words_only(detail, known)
    if (got, detail) == (finding.got, finding.detail):
        return finding
    return dataclasses.replace(finding, got=got, detail=detail)
