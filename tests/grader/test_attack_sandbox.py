"""Student code that tries to use the machine: kernel knobs, devices, mounts, ids, other processes,
and places to leave data for a later child. Run as root, as CI and Gradescope run the grader.

Every attack is written so that it would be harmless if it succeeded (it writes back the value it
read, makes a node in its own folder, ...) and returns the right answer when it does: only its
failure costs the points, so a sandbox that let it through makes the test fail.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import ROOT, grade, reference_source, submission
from prereq import require

from grader.outcome import Kind
from grader.outcomes import Status
from grader.worker.identity import UNPRIVILEGED
from grader.worker.limits import Limits

REF = reference_source("tensors")
RIGHT = "    return torch.arange(1, rows * cols + 1, dtype=torch.float32).reshape(rows, cols)\n"
LIBC = ("import ctypes, os\nlibc = ctypes.CDLL(None, use_errno=True)\n"
        "def ok(result):\n    if result < 0:\n        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))\n")


def same_value(path: str) -> str:
    return f"    value = open({path!r}).read()\n    with open({path!r}, 'w') as f:\n        f.write(value)\n"


ATTACKS = {
    "writes core_pattern": same_value("/proc/sys/kernel/core_pattern"),
    "writes a vm sysctl": same_value("/proc/sys/vm/overcommit_memory"),
    "writes a namespaced sysctl": same_value("/proc/sys/kernel/hostname"),
    "writes a network sysctl": same_value("/proc/sys/net/ipv4/ip_forward"),
    "triggers sysrq": "    open('/proc/sysrq-trigger', 'w').write('h')\n",
    "leaves its pids cgroup": "    os.mkdir('/sys/fs/cgroup/escape')\n",
    "makes a device node": "    os.mknod('zero', 0o20666, os.makedev(1, 5))\n",
    "mounts a filesystem": "    ok(libc.mount(b'tmpfs', os.getcwd().encode(), b'tmpfs', 0, None))\n",
    "makes a user namespace to mount in": "    ok(libc.unshare(0x10000000 | 0x00020000))\n",
    "becomes root again": "    os.setuid(0)\n",
    "takes the root group": "    os.setgroups([0])\n",
    "writes into the grader": f"    open({str(ROOT / 'grader' / 'evil.py')!r}, 'w').write('x')\n",
    "writes into /etc": "    open('/etc/hostname', 'a').write('')\n",
    "chmods a shared file": (f"    path = {str(ROOT / 'grader' / '__init__.py')!r}\n"
                             "    os.chmod(path, os.stat(path).st_mode & 0o7777)\n"),
    "chmods the interpreter": "    import sys\n    os.chmod(sys.executable, os.stat(sys.executable).st_mode & 0o7777)\n",
    "stores a key in a keyring": "    ok(libc.syscall(248, b'user', b'leak', b'data', 4, -4))\n",
}


@pytest.fixture(scope="module", autouse=True)
def as_root_in_the_sandbox(zygote):
    require(zygote.sandboxed, f"the sandbox is unavailable here: {zygote.sandbox_note}")
    require(os.geteuid() == 0, "these attacks matter when the grader runs as root (CI does)")


@pytest.fixture(scope="module", autouse=True)
def past_the_static_policy():
    """The sandbox is the second line: it must hold for code the static policy failed to refuse.

    The policy refuses every attack here (``import ctypes`` alone), so it is switched off for this
    module to reach the worker, as a student who found a hole in the policy would.
    """
    import grader.policy
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(grader.policy, "refusal", lambda exercise, sources: None)
        yield


def test_the_policy_alone_refuses_these_attacks():
    """Outside this module the first line stands: every attack is refused before it runs."""
    from grader.policy.decide import refusal
    for name, body in ATTACKS.items():
        code = REF + "\n\n" + LIBC + "def grid(rows, cols):\n" + body + RIGHT
        assert refusal("tensors.grid", {"tensors": code}), name


def graded(zygote, tmp_path, body: str):
    code = LIBC + "def grid(rows, cols):\n" + body + RIGHT
    return grade(zygote, submission(tmp_path, {"tensors": REF + "\n\n" + code}), ["tensors"], wall_seconds=5)


@pytest.mark.parametrize("name", list(ATTACKS))
def test_an_attack_on_the_machine_fails_and_costs_only_its_exercise(zygote, tmp_path, name):
    if "keyring" in name:
        require(os.uname().machine == "x86_64", "the keyring attack uses x86-64 syscall numbers")
    result = graded(zygote, tmp_path, ATTACKS[name])
    by_id = {e.id: e for e in result.exercises}
    grid = by_id.pop("tensors.grid")
    assert grid.status == Status.ERROR and grid.score == 0, (grid.status, grid.message)
    assert "Error" in grid.message                     # an OSError of some kind, in its traceback
    assert all(e.status == Status.PASSED for e in by_id.values())
    assert not (ROOT / "grader" / "evil.py").exists()


def outer_pid_of_child(intermediate: int) -> int:
    """The real child: the only process whose parent is the zygote's intermediate for it."""
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == intermediate:
                return int(entry)
    raise AssertionError(f"no child under {intermediate}")


def ready_child(zygote):
    files = {"exercises/__init__.py": "", "exercises/tensors.py": REF}
    child = zygote.spawn({"exercise": "tensors.grid"}, files, Limits())
    hello = child.receive(timeout=60)
    assert hello.kind == Kind.READY, hello                    # sandboxed, module loaded, waiting
    return child, outer_pid_of_child(child.pid)


def test_a_child_runs_as_nobody_with_no_capability(zygote):
    assert zygote.child_uid == UNPRIVILEGED
    child, pid = ready_child(zygote)
    try:
        status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
        assert status["Uid"].split() == [str(UNPRIVILEGED)] * 4     # as the machine sees it
        assert status["Gid"].split() == [str(UNPRIVILEGED)] * 4
        assert status["Groups"].split() == []
        assert int(status["CapEff"], 16) == int(status["CapPrm"], 16) == int(status["CapBnd"], 16) == 0
        assert status["NoNewPrivs"].strip() == "1"
    finally:
        child.stop()


def test_a_child_cannot_trace_or_signal_a_sibling_or_the_zygote(zygote, tmp_path):
    sibling, pid = ready_child(zygote)
    try:
        targets = [pid, sibling.pid, zygote.process.pid, os.getpid()]
        body = "".join(f"    if libc.ptrace(16, {t}, 0, 0) == 0 or libc.kill({t}, 0) == 0:\n"
                       f"        raise AssertionError('reached {t}')\n" for t in targets)
        result = graded(zygote, tmp_path, body)
        assert result.score == result.max_score, [e.message for e in result.exercises if e.score < e.max_score]
        status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
        assert status["State"].split()[0] in ("S", "R")    # the sibling is alive, untraced
        assert status["TracerPid"].strip() == "0"
    finally:
        sibling.stop()


WRITABLE_ON_TOP = (LIBC + "def grid(rows, cols):\n    seen = set()\n"
                   "    for line in open('/proc/self/mountinfo'):\n"
                   "        target = line.split()[4]\n"
                   "        if target not in seen and os.path.exists(target):\n"
                   "            seen.add(target)\n"
                   "            if not os.statvfs(target).f_flag & os.ST_RDONLY:\n"
                   "                print('WRITABLE', target)\n" + RIGHT)


def test_the_only_writable_mounts_are_the_childs_own(zygote, tmp_path):
    """statvfs sees the mount on top at each path, whatever order mountinfo lists them in."""
    result = grade(zygote, submission(tmp_path, {"tensors": REF + "\n\n" + WRITABLE_ON_TOP}), ["tensors"])
    grid = {e.id: e for e in result.exercises}["tensors.grid"]
    writable = {line.split()[1] for line in grid.output.splitlines() if line.startswith("WRITABLE ")}
    assert "/tmp" in writable                          # the check can see a writable mount
    assert writable <= {"/tmp", "/var/tmp", "/dev/shm", "/proc"}, writable


LOOK_AND_LEAVE = LIBC + """
MARK = '.left-by-an-earlier-child'
SHM_KEY = 0x5EED1


def places():
    \"\"\"Every folder up to three levels below each mount point (but /proc and /sys), and home.\"\"\"
    found = [os.getcwd(), os.environ.get('HOME', '/'), os.environ.get('TMPDIR', '/')]
    for line in open('/proc/self/mountinfo'):
        top = line.split()[4]
        if top.startswith(('/proc', '/sys')) or not os.path.isdir(top):
            continue
        for folder, subfolders, _ in os.walk(top):
            if folder.count('/') - top.rstrip('/').count('/') >= 3:
                subfolders[:] = []
            found.append(folder)
    return sorted(set(found))[:20000]


def leave():
    for folder in places():
        try:
            os.close(os.open(os.path.join(folder, MARK), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            print('LEFT', folder)
        except OSError:
            pass
    if libc.shmget(SHM_KEY, 4096, 0o1666) >= 0:     # IPC_CREAT | 0o666: System V memory
        print('LEFT shm')


def look():
    for folder in places():
        if os.path.lexists(os.path.join(folder, MARK)):
            print('FOUND', folder)
    if libc.shmget(SHM_KEY, 0, 0) >= 0:
        print('FOUND shm')


_grid, _seeded_rand = grid, seeded_rand


def grid(rows, cols):
    {first}()
    return _grid(rows, cols)


def seeded_rand(shape, seed):
    look()
    return _seeded_rand(shape, seed)
"""


def test_no_child_finds_what_an_earlier_child_left_anywhere(tmp_path):
    """A's grid leaves a mark in every place it can write; A's next exercise (a later child of the
    same submission) and B (another submission, graded after A in the same batch) find none."""
    from grader.batch import grade_all
    first = submission(tmp_path / "a", {"tensors": REF + LOOK_AND_LEAVE.replace("{first}", "leave")})
    second = submission(tmp_path / "b", {"tensors": REF + LOOK_AND_LEAVE.replace("{first}", "look")})
    results = grade_all([first, second], ["tensors"], out=tmp_path / "out", jobs=1, quiet=True)
    exercise = {(r.submission, e.id): e for r in results for e in r.exercises}
    left = {line.split(" ", 1)[1] for line in exercise["a", "tensors.grid"].output.splitlines()
            if line.startswith("LEFT ")}
    assert {"/tmp", "/tmp/work", "/var/tmp", "/dev/shm", "shm"} <= left, left   # A really wrote
    for later in (exercise["a", "tensors.seeded_rand"], exercise["b", "tensors.grid"],
                  exercise["b", "tensors.seeded_rand"]):
        assert "FOUND" not in later.output, later.output
    assert all(r.score == r.max_score for r in results)
