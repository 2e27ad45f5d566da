"""A small seccomp filter for worker children: no kernel keyrings, no foreign system-call ABI.

The kernel's keyrings are a writable place that no mount covers: every child runs as the same uid
in the same user namespace, so a key added to the user's (or the inherited session) keyring by one
child could be read by a later one. Nothing in grading needs keys, so ``add_key``,
``request_key`` and ``keyctl`` fail with EPERM. Calls through another ABI (32-bit ``int 0x80`` or
x32 on x86-64) would get past a filter written for native numbers, so they fail too.
"""
from __future__ import annotations

import ctypes
import errno
import platform

from grader.worker.mounts import check

PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 22, 2
SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO = 0x7FFF0000, 0x00050000
BPF_LD_W_ABS, BPF_JEQ_K, BPF_JGE_K, BPF_RET_K = 0x20, 0x15, 0x35, 0x06
X32_BIT = 0x40000000

# machine: (AUDIT_ARCH_*, numbers of add_key, request_key, keyctl)
_ARCHES = {"x86_64": (0xC000003E, (248, 249, 250)), "aarch64": (0xC00000B7, (217, 218, 219))}

_libc = ctypes.CDLL(None, use_errno=True)


class _Instruction(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8),
                ("k", ctypes.c_uint32)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Instruction))]


def _program(arch: int, denied: tuple[int, ...]) -> list[tuple[int, int, int, int]]:
    """The filter as (code, jump if true, jump if false, constant); the last one denies."""
    refuse = SECCOMP_RET_ERRNO | errno.EPERM
    body = [(BPF_LD_W_ABS, 0, 0, 4),                 # seccomp_data.arch
            (BPF_JEQ_K, 1, 0, arch),
            (BPF_RET_K, 0, 0, refuse),                # another ABI
            (BPF_LD_W_ABS, 0, 0, 0),                 # seccomp_data.nr
            (BPF_JGE_K, len(denied) + 1, 0, X32_BIT)]  # x32 numbers: to the refusal
    for index, number in enumerate(denied):
        body.append((BPF_JEQ_K, len(denied) - index, 0, number))
    return body + [(BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW), (BPF_RET_K, 0, 0, refuse)]


def supported() -> bool:
    """Whether this machine's architecture has a filter here."""
    return platform.machine() in _ARCHES


def install() -> None:
    """Filter the calling process and everything it starts (needs no_new_privs first).

    Raises:
        SandboxError: the kernel refused the filter.
    """
    arch, denied = _ARCHES[platform.machine()]
    rows = _program(arch, denied)
    instructions = (_Instruction * len(rows))(*[_Instruction(*row) for row in rows])
    program = _Program(len(rows), instructions)
    check(_libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(program), 0, 0), "seccomp")
