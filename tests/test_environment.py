"""environment.yml (conda) and pyproject.toml (pip) pin the same packages, for the same Pythons."""
from __future__ import annotations

import re
import tomllib

from helpers import ROOT

SUPPORTED = ["3.11", "3.12", "3.13"]     # what .github/workflows/ci.yml tests


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def pins_from_pyproject() -> dict[str, str]:
    data = project()
    lines = data["project"]["dependencies"] + [d for group in data["project"]["optional-dependencies"].values()
                                               for d in group]
    return dict(line.split("==") for line in lines)


def pins_from_environment() -> tuple[str, dict[str, str]]:
    text = (ROOT / "environment.yml").read_text()
    python = re.search(r"^\s*-\s*python=(\S+)", text, re.M).group(1)
    pins = dict(re.findall(r"^\s*-\s*([A-Za-z0-9_.-]+)==(\S+)", text, re.M))
    return python, pins


def allowed(version: str, spec: str) -> bool:
    """Whether ``3.x`` satisfies a ``>=3.a,<3.b`` requires-python."""
    low, high = re.fullmatch(r">=(3\.\d+),<(3\.\d+)", spec.replace(" ", "")).groups()
    minor = int(version.split(".")[1])
    return int(low.split(".")[1]) <= minor < int(high.split(".")[1])


def test_conda_environment_and_pyproject_pin_the_same_versions():
    python, conda = pins_from_environment()
    assert allowed(python, project()["project"]["requires-python"])
    assert conda == pins_from_pyproject()


def test_the_pythons_ci_tests_are_exactly_the_ones_pyproject_allows():
    spec = project()["project"]["requires-python"]
    assert [f"3.{m}" for m in range(8, 16) if allowed(f"3.{m}", spec)] == SUPPORTED
    workflow = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    listed = re.search(r"python-version:\s*\[([^\]]*)\]", workflow).group(1)
    assert [v.strip().strip("'\"") for v in listed.split(",")] == SUPPORTED


def test_license_is_an_spdx_expression():
    assert project()["project"]["license"] == "MIT"


def test_torch_pair_is_the_one_that_imports_together():
    pins = pins_from_pyproject()
    assert pins["torch"] == "2.14.1" and pins["torchvision"] == "0.29.1"
