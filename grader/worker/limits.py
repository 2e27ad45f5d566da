"""Resource limits of a worker child, applied right after it is forked."""
from __future__ import annotations

import resource
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Limits:
    """What one exercise's worker may use."""

    wall_seconds: float = 10.0        # per case, enforced by the trusted side
    cpu_seconds: int = 60             # for the whole child (all cases of one exercise)
    memory_bytes: int = 2 * 2**30     # on top of what the forked interpreter already maps
    output_bytes: int = 64 * 2**10    # captured stdout/stderr kept; the rest is counted, dropped
    open_files: int = 256

    def to_json(self) -> dict:
        return asdict(self)


def _vm_size() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def apply(limits: dict) -> None:
    """Set rlimits in the current process (the freshly forked child)."""
    cpu = int(limits["cpu_seconds"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))
    address = _vm_size() + int(limits["memory_bytes"])
    resource.setrlimit(resource.RLIMIT_AS, (address, address))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    files = int(limits["open_files"])
    resource.setrlimit(resource.RLIMIT_NOFILE, (files, files))
