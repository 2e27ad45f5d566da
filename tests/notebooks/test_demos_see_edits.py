"""A student edits an exercise file while the kernel runs; every later demo and check sees the edit.

The kernel test replays a student's session in a course copy with the stubs: the chapter's own
setup cell, an import at the top (as a chapter's imports cell does), a check that says "not
implemented yet", then the file is replaced by the reference, and the names imported before the
edit must run the new code with no kernel restart and no re-import. This is the failure issue 14
reported (07 kept printing "evaluate is not implemented yet" after its check passed).
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from grader.lab.live import current_module
from helpers import ROOT, course_copy


class Session:
    """A kernel running cells one at a time, in a course copy's notebooks/ folder."""

    def __init__(self, course: Path):
        self.nb = new_notebook()
        self.nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        self.client = NotebookClient(self.nb, timeout=120, kernel_name="python3", allow_errors=True,
                                     resources={"metadata": {"path": str(course / "notebooks")}})

    def run(self, source: str) -> str:
        cell = new_code_cell(source)
        self.nb.cells.append(cell)
        self.client.execute_cell(cell, len(self.nb.cells) - 1)
        parts = []
        for out in cell.outputs:
            if out.output_type == "stream":
                parts.append(out.text)
            elif out.output_type == "error":
                parts.append(f"{out.ename}: {out.evalue}")
            else:
                parts.append(str(out.get("data", {}).get("text/plain", "")))
        return "".join(parts)


def save(path: Path, text: str, bump: float) -> None:
    """Write ``path`` as an editor would, its mtime set ``bump`` seconds ahead: a reload then sees a
    newer file however fast the test runs (both autoreload and Python's bytecode cache compare
    mtimes, the latter in whole seconds)."""
    path.write_text(text, encoding="utf-8")
    stamp = time.time() + bump
    os.utime(path, (stamp, stamp))


@pytest.mark.slow
def test_names_imported_before_an_edit_run_the_edited_code(tmp_path):
    course = course_copy(tmp_path / "course", "exercises")
    layers = course / "exercises" / "layers.py"
    setup = next(c for c in nbformat.read(ROOT / "notebooks" / "02_layers.ipynb", as_version=4).cells
                 if c.cell_type == "code").source
    session = Session(course)
    with session.client.setup_kernel():
        assert "Error" not in session.run(setup)
        session.run("import torch.nn as nn\nfrom exercises.layers import TwoLayerNet, build_mlp\n"
                    "builders = {'mlp': build_mlp}")             # a reference held inside a container
        assert "not implemented yet" in session.run('check("layers.build_mlp")')
        assert "not implemented yet" in session.run("mlp = attempt(build_mlp, [4, 8, 3])")

        save(layers, (ROOT / "solutions" / "layers.py").read_text(encoding="utf-8"), bump=5)
        # No re-import: the name bound before the edit (and before check reloaded) runs new code.
        shown = session.run("print(attempt(build_mlp, [4, 8, 3]))")
        assert "Linear(in_features=4, out_features=8" in shown and "not implemented" not in shown, shown
        assert "Traceback" not in shown and "reload" not in shown, f"the reload was not quiet: {shown}"
        assert "passed all" in session.run('check("layers.build_mlp")')
        shown = session.run("print(attempt(build_mlp, [2, 3]))")       # still current after that check
        assert "Linear(in_features=2, out_features=3" in shown, shown
        shown = session.run("print(builders['mlp']([2, 3]))")
        assert "Linear(in_features=2, out_features=3" in shown, shown
        # A class whose new __init__ calls super() (the stub's did not): IPython's autoreload
        # cannot patch that in place; the name must still lead to the new class.
        shown = session.run("net = TwoLayerNet(3, 5, 2)\nprint(sorted(n for n, _ in net.named_parameters()))")
        assert "'hidden.weight'" in shown and "'output.bias'" in shown, shown
        assert "passed all" in session.run('check("layers.TwoLayerNet")')

        # A file that no longer compiles: check says so, rather than grading the previous version.
        save(layers, layers.read_text(encoding="utf-8") + "\ndef broken(:\n", bump=10)
        assert "SyntaxError" in session.run('check("layers.build_mlp")')


def test_current_module_reloads_an_edited_file_outside_ipython(tmp_path, monkeypatch):
    """Without IPython's autoreload (a plain interpreter, nbgrader), the module is reloaded."""
    package = tmp_path / "livepkg"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    module_file = package / "answer.py"
    save(module_file, "def value():\n    return 1\n", bump=0)
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        assert current_module("livepkg.answer").value() == 1
        save(module_file, "def value():\n    return 2\n", bump=5)
        assert current_module("livepkg.answer").value() == 2
    finally:
        for name in ("livepkg.answer", "livepkg"):
            sys.modules.pop(name, None)
