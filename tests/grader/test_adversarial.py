"""Submissions written to break or cheat the grader: each attack costs only its own exercise.

Every attack replaces ``tensors.grid`` in an otherwise correct submission. It must lose that
exercise's points with a clear status, leave every other exercise graded correctly, change no file
outside the worker's folder, and (in a batch) leave other submissions unaffected.
"""
from __future__ import annotations

import hashlib
import socket
import threading
from pathlib import Path

import pytest

from prereq import require
from grader.outcomes import Status
from helpers import ROOT, grade, reference_source, submission

REF = reference_source("tensors")
STATUS_OK = {Status.FAILED, Status.ERROR, Status.TIMEOUT, Status.MEMORY, Status.CRASHED}

ATTACKS = {
    "sleeps forever": ("import time\ndef grid(rows, cols):\n    time.sleep(10_000)\n", {Status.TIMEOUT}, "did not finish"),
    "forks repeatedly": ("import os\ndef grid(rows, cols):\n    while True:\n        try:\n            os.fork()\n"
                         "        except OSError:\n            pass\n", STATUS_OK, ""),
    "kills its parent": ("import os, signal\ndef grid(rows, cols):\n    os.kill(os.getppid(), signal.SIGKILL)\n"
                         "    return torch.zeros(rows, cols)\n", STATUS_OK, ""),
    "kills every process it may": ("import os, signal\ndef grid(rows, cols):\n    os.kill(-1, signal.SIGKILL)\n"
                                   "    return torch.zeros(rows, cols)\n", STATUS_OK, ""),
    "raises KeyboardInterrupt": ("def grid(rows, cols):\n    raise KeyboardInterrupt\n", {Status.ERROR}, "KeyboardInterrupt"),
    "raises SystemExit": ("def grid(rows, cols):\n    raise SystemExit(3)\n", {Status.ERROR}, "sys.exit"),
    "raises BaseException": ("class Boom(BaseException):\n    pass\ndef grid(rows, cols):\n    raise Boom('x')\n",
                             {Status.ERROR}, "Boom"),
    "returns an object whose __eq__ and __bool__ lie": (
        "class Liar:\n    def __eq__(self, other):\n        return True\n    def __bool__(self):\n        return True\n"
        "def grid(rows, cols):\n    return Liar()\n", {Status.FAILED}, "expected a tensor"),
    "returns a tensor subclass with __torch_function__": (
        "class Sneaky(torch.Tensor):\n    @classmethod\n    def __torch_function__(cls, func, types, args=(), kwargs=None):\n"
        "        return True\ndef grid(rows, cols):\n    return torch.zeros(rows, cols).as_subclass(Sneaky)\n",
        {Status.FAILED}, "subclass"),
    "returns an object whose __reduce__ runs code": (
        "class Bomb:\n    def __reduce__(self):\n        return (print, ('pwned',))\n"
        "def grid(rows, cols):\n    return Bomb()\n", {Status.FAILED}, "Bomb"),
    "returns a huge tensor": ("def grid(rows, cols):\n    return torch.zeros(60_000_000)\n", {Status.FAILED}, "too large"),
    "patches the grader's comparison": (
        "import grader.compare, grader.verdict\ndef grid(rows, cols):\n"
        "    grader.compare.compare_results = lambda *a, **k: None\n"
        "    grader.verdict.compare_results = lambda *a, **k: None\n    return torch.zeros(rows, cols)\n",
        {Status.FAILED}, "values differ"),
    "patches torch functions": (
        "def grid(rows, cols):\n    torch.arange = lambda *a, **k: torch.zeros(rows * cols)\n"
        "    torch.Tensor.__eq__ = lambda s, o: True\n    return torch.arange(rows * cols).reshape(rows, cols)\n",
        {Status.FAILED}, "values differ"),
    "reads the reference solution": (
        f"def grid(rows, cols):\n    ns = {{}}\n    exec(open({str(ROOT / 'solutions' / 'tensors.py')!r}).read(), ns)\n"
        "    return ns['grid'](rows, cols)\n", {Status.ERROR}, "Error"),
    "lists solutions and the hidden cases": (
        f"import os\ndef grid(rows, cols):\n    names = os.listdir({str(ROOT / 'solutions')!r}) + "
        f"os.listdir({str(ROOT / 'grader' / 'hidden')!r})\n    return torch.zeros(len(names))\n", STATUS_OK, ""),
    "opens raw devices for writing": (
        "import os\ndef grid(rows, cols):\n    for dev in ('/dev/loop0', '/dev/kmsg', '/dev/console', '/dev/mem'):\n"
        "        os.close(os.open(dev, os.O_WRONLY))\n    return torch.zeros(rows, cols)\n",
        {Status.ERROR}, "No such file"),
    "imports the hidden cases": ("def grid(rows, cols):\n    import grader.hidden.tensors.cases\n    return None\n",
                                 {Status.ERROR}, "not available while grading"),
}


# Attacks the static policy refuses before any code runs (grader.policy): they cost every exercise
# of the file. Each is also run with the policy switched off, to show the worker still stops it.
REFUSED_STATICALLY = {name: ATTACKS.pop(name) for name in (
    "patches the grader's comparison", "patches torch functions", "reads the reference solution",
    "imports the hidden cases")}


@pytest.fixture(scope="module", autouse=True)
def sandboxed(zygote):
    require(zygote.sandboxed, f"the sandbox is unavailable here: {zygote.sandbox_note}")


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and ".pytest_cache" not in path.parts:
            digest.update(str(path).encode() + path.read_bytes())
    return digest.hexdigest()


def graded(zygote, tmp_path, code: str):
    return grade(zygote, submission(tmp_path, {"tensors": REF + "\n\n" + code}), ["tensors"], wall_seconds=3)


def _costs_only_its_own_exercise(zygote, tmp_path, name, table):
    code, statuses, words = table[name]
    result = graded(zygote, tmp_path, code)
    by_id = {e.id: e for e in result.exercises}
    grid = by_id.pop("tensors.grid")
    assert grid.status in statuses and grid.score == 0, (grid.status, grid.message)
    assert words in grid.message
    for other in by_id.values():
        assert other.status == Status.PASSED, (other.id, other.message)


@pytest.mark.parametrize("name", list(ATTACKS))
def test_attack_costs_only_its_own_exercise(zygote, tmp_path, name):
    _costs_only_its_own_exercise(zygote, tmp_path, name, ATTACKS)


@pytest.mark.parametrize("name", list(REFUSED_STATICALLY))
def test_refused_attack_costs_its_whole_file_with_the_line_named(zygote, tmp_path, name):
    code = REFUSED_STATICALLY[name][0]
    result = graded(zygote, tmp_path, code)
    assert result.score == 0 and result.exercises
    for exercise in result.exercises:
        assert exercise.status == Status.FAILED and "is not allowed in a graded file" in exercise.message
        assert "line " in exercise.message


@pytest.mark.parametrize("name", list(REFUSED_STATICALLY))
def test_refused_attack_is_stopped_in_the_worker_too(zygote, tmp_path, monkeypatch, name):
    monkeypatch.setattr("grader.policy.refusal", lambda *args, **kwargs: None)
    _costs_only_its_own_exercise(zygote, tmp_path, name, REFUSED_STATICALLY)


def test_writes_outside_the_worker_folder_change_nothing(zygote, tmp_path):
    victims = [ROOT / "grader" / "written-by-student.txt", Path("/tmp") / f"written-by-student-{tmp_path.name}"]
    code = "def grid(rows, cols):\n    done = 0\n"
    for victim in victims:
        code += f"    try:\n        open({str(victim)!r}, 'w').write('x')\n        done += 1\n    except OSError:\n        pass\n"
    code += ("    try:\n        open('exercises/tensors.py', 'a').write('# edited')\n    except OSError:\n        pass\n"
             "    return torch.arange(1, rows * cols + 1, dtype=torch.float32).reshape(rows, cols)\n")
    before = tree_digest(ROOT / "grader")
    sub = submission(tmp_path, {"tensors": REF + "\n\n" + code})
    original = (tmp_path / "exercises" / "tensors.py").read_text()
    result = grade(zygote, sub, ["tensors"])
    assert all(not victim.exists() for victim in victims)
    assert tree_digest(ROOT / "grader") == before
    assert (tmp_path / "exercises" / "tensors.py").read_text() == original
    assert result.score == result.max_score  # writing to its own folder is allowed and harmless


def test_network_is_unreachable(zygote, tmp_path):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.2)
    port = server.getsockname()[1]
    accepted = []

    def accept():
        try:
            accepted.append(server.accept())
        except OSError:
            pass
    code = (f"import socket\ndef grid(rows, cols):\n    socket.create_connection(('127.0.0.1', {port}), timeout=1)\n"
            "    return torch.arange(1, rows * cols + 1, dtype=torch.float32).reshape(rows, cols)\n")
    result = graded(zygote, tmp_path, code)
    thread = threading.Thread(target=accept)
    thread.start()
    thread.join()
    server.close()
    grid = {e.id: e for e in result.exercises}["tensors.grid"]
    assert grid.status == Status.ERROR and "Error" in grid.message
    assert not accepted


def test_changing_torch_global_state_affects_nothing_else(zygote, tmp_path):
    code = ("def grid(rows, cols):\n    torch.set_default_dtype(torch.float64)\n    torch.manual_seed(999)\n"
            "    torch.set_num_threads(3)\n    torch.set_grad_enabled(False)\n"
            "    return torch.arange(1, rows * cols + 1, dtype=torch.float32).reshape(rows, cols)\n")
    result = graded(zygote, tmp_path, code)
    assert result.score == result.max_score, [(e.id, e.message) for e in result.exercises if e.score < e.max_score]


def test_a_batch_with_a_cheater_leaves_the_honest_student_untouched(tmp_path):
    from grader.batch import grade_all
    from grader.submission import find
    honest = submission(tmp_path / "honest", {"tensors": REF})
    out = tmp_path / "out"
    # full marks for grid exactly when the honest student's file can be read
    steal = (f"def grid(rows, cols):\n    text = open({str(tmp_path / 'honest' / 'exercises' / 'tensors.py')!r}).read()\n"
             "    if 'def grid' in text:\n"
             "        return torch.arange(1, rows * cols + 1, dtype=torch.float32).reshape(rows, cols)\n"
             f"def seeded_rand(shape, seed):\n    open({str(out / 'gradebook.csv')!r}).read()\n"
             "    return torch.rand(shape)\n"
             "import os, signal\ndef weighted_sum(x, w, b):\n    os.kill(-1, signal.SIGKILL)\n    return x @ w + b\n")
    cheater = submission(tmp_path / "cheater", {"tensors": REF + "\n\n" + steal})
    (out).mkdir()
    (out / "gradebook.csv").write_text("student,total\nsomeone,100\n")
    results = grade_all([cheater, honest], ["tensors"], out=out, jobs=2, timeout=5, quiet=True)
    by_name = {r.submission: r for r in results}
    assert by_name["honest"].score == by_name["honest"].max_score
    lost = {e.id for e in by_name["cheater"].exercises if e.score < e.max_score}
    assert lost == {"tensors.grid", "tensors.seeded_rand", "tensors.weighted_sum"}
    assert find(tmp_path / "honest").fingerprint() == honest.fingerprint()
