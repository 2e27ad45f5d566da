"""environment.yml (conda) and pyproject.toml (pip) pin the same packages."""
from __future__ import annotations

import re
import tomllib

from helpers import ROOT


def pins_from_pyproject() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    lines = data["project"]["dependencies"] + [d for group in data["project"]["optional-dependencies"].values()
                                               for d in group]
    return dict(line.split("==") for line in lines)


def pins_from_environment() -> tuple[str, dict[str, str]]:
    text = (ROOT / "environment.yml").read_text()
    python = re.search(r"^\s*-\s*python=(\S+)", text, re.M).group(1)
    pins = dict(re.findall(r"^\s*-\s*([A-Za-z0-9_.-]+)==(\S+)", text, re.M))
    return python, pins


def test_conda_environment_and_pyproject_pin_the_same_versions():
    python, conda = pins_from_environment()
    assert python == "3.11"
    assert conda == pins_from_pyproject()


def test_torch_pair_is_the_one_that_imports_together():
    pins = pins_from_pyproject()
    assert pins["torch"] == "2.14.1" and pins["torchvision"] == "0.29.1"
