"""The policy parses one file at a time: CPython's tree builder is not safe in two threads at once
(python/cpython#106905), and the grader grades a submission's exercises in threads."""
from __future__ import annotations

import threading

from grader import syntax
from grader.policy import ast_scan


def test_the_policy_waits_for_a_parse_in_another_thread():
    source = "def f(x):\n    return x + 1\n"
    done = threading.Event()

    def scan():
        ast_scan.scan.__wrapped__("tensors", source)     # past the cache: it must really parse
        done.set()

    with syntax.LOCK:                  # another thread is parsing
        worker = threading.Thread(target=scan, daemon=True)
        worker.start()
        blocked = not done.wait(0.5)
    assert blocked, "the policy parsed while another parse held the lock"
    assert done.wait(60), "the policy never parsed after the lock was released"
