"""The policy's verdict on one exercise: which parts of the submission it reaches, and whether
any of them is refused or uses a call the exercise may not make.

Reach is decided conservatively: the exercise's own function or class, everything that runs when
its file is imported, every top-level function or class those name (transitively), and, for each
other exercise file they import, that file's import-time code and the names taken from it. A
forbidden call anywhere in that reach counts for the exercise; a refusal in any file it reaches
(its own always) costs it its points.
"""
from __future__ import annotations

from pathlib import Path
from typing import Mapping

from grader.forbidden import FORBIDDEN, display
from grader.policy import leaves
from grader.policy.ast_scan import scan
from grader.policy.file_scan import FileScan, Use
from grader.topics import TOPICS

MAX_SHOWN = 4


def reach(topic: str, function: str, scans: Mapping[str, FileScan]) -> set[tuple[str, str | None]]:
    """The owners (file topic, top-level name or None for import time) ``topic.function`` reaches."""
    todo = [(topic, None), (topic, function)]
    seen: set[tuple[str, str | None]] = set()
    while todo:
        node = todo.pop()
        if node in seen or node[0] not in scans:
            continue
        seen.add(node)
        for target in scans[node[0]].refs.get(node[1], ()):
            todo.append(target)
            todo.append((target[0], None))
    return seen


def _matches(forbidden: str, use: Use) -> bool:
    if forbidden.endswith(".*"):
        prefix = forbidden[:-2]
        return any(p == prefix or p.startswith(prefix + ".") for p in use.paths)
    return leaves.forbidden_key(forbidden) in use.keys


def _named(matched: list[str], use: Use) -> str:
    """The forbidden path to name for ``use``: the one it spells exactly, else the closest form."""
    for path in matched:
        if path in use.paths:
            return path
    for path in matched:       # a forbidden prefix: name what was reached under it
        if path.endswith(".*"):
            under = sorted(p for p in use.paths if p.startswith(path[:-1]) or p == path[:-2])
            if under:
                return under[-1]
    last = use.text.rsplit(".", 1)[-1].split("(")[0]
    ranked = sorted(matched, key=lambda p: (not (use.method and p.startswith("torch.Tensor.")),
                                            p.rsplit(".", 1)[-1] != last))
    return ranked[0]


def forbidden_uses(exercise: str, scans: Mapping[str, FileScan],
                   reached: set[tuple[str, str | None]]) -> list[str]:
    """One line per forbidden call ``exercise`` reaches, naming the call, the line and the file."""
    paths = FORBIDDEN.get(exercise, [])
    topic, function = exercise.split(".", 1)
    found: dict[tuple[str, int, str], str] = {}
    for file_topic, owner in sorted(reached, key=lambda n: (n[0], n[1] or "")):
        for use in scans[file_topic].uses.get(owner, ()):
            matched = [p for p in paths if _matches(p, use)]
            if not matched:
                continue
            named = display(_named(matched, use))
            where = f"line {use.line}" if file_topic == topic else f"exercises/{file_topic}.py line {use.line}"
            if owner is None:    # say why a line outside the exercise counts for it
                where += ", run at import"
            elif (file_topic, owner) != (topic, function):
                where += f", in {owner}, which {function} reaches"
            shown = use.text if use.text != named else ""
            found.setdefault((named, use.line, file_topic), f"{named} ({where}{': ' + shown if shown else ''})")
    return [found[k] for k in sorted(found, key=lambda k: (k[2] != topic, k[1], k[0]))]


def refusal(exercise: str, sources: Mapping[str, str]) -> str | None:
    """Why ``exercise`` earns nothing whatever it returns, or None when the policy allows it.

    Args:
        exercise: an exercise id such as ``activations.softmax``; its chapter's rules must be loaded.
        sources: the submitted files' text by topic (``{"activations": "..."}``).

    Returns:
        a message naming each refused construct or forbidden call with its line, or None.
    """
    topic, function = exercise.split(".", 1)
    if topic not in sources:
        return None
    scans = {t: scan(t, text) for t, text in sources.items() if t in TOPICS}
    reached = reach(topic, function, scans)
    refused = []
    for file_topic in sorted({t for t, _ in reached}, key=lambda t: (t != topic, t)):
        prefix = "" if file_topic == topic else f"exercises/{file_topic}.py (imported) "
        refused += [prefix + message for message in dict.fromkeys(scans[file_topic].refusals)]
    if refused:
        more = f"; and {len(refused) - MAX_SHOWN} more" if len(refused) > MAX_SHOWN else ""
        return "; ".join(refused[:MAX_SHOWN]) + more
    used = forbidden_uses(exercise, scans, reached)
    if used:
        more = f" and {len(used) - MAX_SHOWN} more" if len(used) > MAX_SHOWN else ""
        return f"uses {', '.join(used[:MAX_SHOWN])}{more}, which {exercise} is not allowed to call"
    return None


def sources_beside(path: str | Path) -> dict[str, str]:
    """The exercise files in the folder of ``path`` (how ``check()`` finds a student's files)."""
    folder = Path(path).parent
    out = {}
    for topic in TOPICS:
        candidate = folder / f"{topic}.py"
        if candidate.is_file():
            out[topic] = candidate.read_text(encoding="utf-8", errors="replace")
    return out
