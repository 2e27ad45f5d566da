"""Probes: how each kind of exercise is called and observed. Chapter modules register their own."""
import importlib
import pkgutil

from grader.probes.registry import PROBES, probe

for _info in pkgutil.iter_modules(__path__):
    if _info.name != "registry":
        importlib.import_module(f"{__name__}.{_info.name}")

__all__ = ["PROBES", "probe"]
