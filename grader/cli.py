"""``python -m grader``: grade submissions, freeze public expectations, and more.

Usage errors exit 2 with one line on stderr; grading exits 0 whatever the scores.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


class UsageError(Exception):
    """Bad arguments: printed as one line, exit status 2."""


def _topics(text: str | None) -> list[str]:
    from grader.hidden import available_topics
    from grader.topics import TOPICS
    if not text:
        return available_topics()
    chosen = [t.strip() for t in text.split(",") if t.strip()]
    unknown = [t for t in chosen if t not in TOPICS]
    if unknown:
        raise UsageError(f"unknown topic {', '.join(unknown)} (topics: {', '.join(TOPICS)})")
    missing = [t for t in chosen if t not in available_topics()]
    if missing:
        raise UsageError(f"no cases yet for topic {', '.join(missing)}")
    return chosen


def cmd_grade(args: argparse.Namespace) -> int:
    from grader.submission import SubmissionError, find
    try:
        submissions = [find(p) for p in args.submissions]
    except SubmissionError as exc:
        raise UsageError(str(exc)) from None
    topics = _topics(args.topics)
    if args.shard:
        from grader import shards
        try:
            k, n = shards.parse(args.shard)
            names = [s.name for s in submissions]
            submissions = shards.select(submissions, names, k, n)
        except shards.ShardError as exc:
            raise UsageError(str(exc)) from None
        shards.write_metadata(Path(args.out), k, n, names)   # first: merge can tell what never came
        print(f"shard {k}/{n}: {len(submissions)} of {len(names)} submissions", file=sys.stderr)
        if not submissions:
            return 0
    from grader.batch import grade_all
    grade_all(submissions, topics, out=Path(args.out), jobs=args.jobs, timeout=args.timeout,
              force=args.force, quiet=args.quiet, sandbox=not args.no_sandbox)
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from grader import shards
    expected = None
    if args.expected:
        try:
            lines = Path(args.expected).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise UsageError(f"--expected {args.expected}: {exc.strerror}") from None
        expected = [Path(line.strip().rstrip("/")).name for line in lines if line.strip()]
    try:
        merged = shards.merge([Path(f) for f in args.results], Path(args.out), expected=expected)
    except shards.ShardError as exc:
        raise UsageError(str(exc)) from None
    print(f"merged {len(merged.names)} results into {args.out}/ (gradebook: {Path(args.out) / 'gradebook.csv'})")
    for note in merged.notes:
        print(f"note: {note}", file=sys.stderr)
    if merged.missing_shards:
        print(f"missing shards (no folder with their shard.json): {', '.join(merged.missing_shards)}",
              file=sys.stderr)
    if merged.missing:
        print(f"missing {len(merged.missing)} submission(s): {', '.join(merged.missing)}", file=sys.stderr)
    return 1 if merged.missing or merged.missing_shards else 0


def cmd_cache(args: argparse.Namespace) -> int:
    from grader import refcache
    for topic, loaded in refcache.ensure(_topics(args.topics)).items():
        state = "current" if loaded.source == "loaded" else f"computed ({loaded.note})"
        print(f"{topic}: {state}: {refcache.path(topic)}")
    return 0


def cmd_freeze(args: argparse.Namespace) -> int:
    from grader.freeze import freeze_all
    for path in freeze_all(_topics(args.topics)):
        print(f"wrote {path}")
    return 0


def cmd_examples(args: argparse.Namespace) -> int:
    from grader.examples import build
    for folder in build(Path(args.dest)):
        print(f"wrote {folder}")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from grader import audit
    sets = tuple(args.set.split(",")) if args.set else audit.SETS
    unknown = [name for name in sets if name not in audit.SETS]
    if unknown:
        print(f"error: unknown set {unknown[0]!r} (choose from {', '.join(audit.SETS)})", file=sys.stderr)
        return 2
    entries = audit.run(_topics(args.topics), sets=sets)
    print(audit.report(entries))
    catalogued = [e for e in entries if e.kind != "heldout"]
    held = [e for e in entries if e.kind == "heldout"]
    ok = not audit.gate(catalogued) and not audit.gate(held)
    print(f"gate: {'PASS' if ok else 'FAIL'} (on each set: every mistake caught, >= 95% named, "
          f"every alternative accepted)")
    return 0 if ok else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m grader", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    grade = sub.add_parser("grade", help="grade submissions (course folders or exercise files)")
    grade.add_argument("submissions", nargs="+", metavar="SUBMISSION")
    grade.add_argument("--out", default="out", help="folder for results (default: out)")
    grade.add_argument("--topics", help="comma-separated topics (default: every topic with cases)")
    grade.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                       help="submissions graded at once (default: number of cores)")
    grade.add_argument("--timeout", type=float, default=10.0, help="seconds per case (default 10)")
    grade.add_argument("--force", action="store_true", help="regrade even when a result is current")
    grade.add_argument("--quiet", action="store_true", help="print only the final table")
    grade.add_argument("--no-sandbox", action="store_true",
                       help="do not use Linux namespaces (resource limits and a separate process only)")
    grade.add_argument("--shard", metavar="K/N",
                       help="grade only share K of N (K from 0): for job arrays; see docs/scale-out.md")
    grade.set_defaults(run=cmd_grade)

    merge = sub.add_parser("merge", help="merge the results folders of shards into one, with its gradebook")
    merge.add_argument("results", nargs="+", metavar="RESULT_DIR")
    merge.add_argument("--out", required=True, help="the merged folder (must hold no results yet)")
    merge.add_argument("--expected", metavar="FILE",
                       help="the submissions that should be there, one name (or path) per line")
    merge.set_defaults(run=cmd_merge)

    cache = sub.add_parser("cache", help="compute and store the references' expected outcomes "
                                         "(grader/hidden/<topic>/expected.pt) unless current")
    cache.add_argument("--topics")
    cache.set_defaults(run=cmd_cache)

    freeze = sub.add_parser("freeze", help="refreeze public-check expectations from solutions/")
    freeze.add_argument("--topics")
    freeze.set_defaults(run=cmd_freeze)
    examples = sub.add_parser("examples", help="write the example submissions (complete, partial, stubs)")
    examples.add_argument("dest", nargs="?", default="examples")
    examples.set_defaults(run=cmd_examples)

    audit = sub.add_parser("audit", help="grade the catalogue of mistakes and alternatives")
    audit.add_argument("--topics")
    audit.add_argument("--set", help="catalogue, heldout or both (default: both, reported apart)")
    audit.set_defaults(run=cmd_audit)
    from grader.exports.commands import register as register_exports
    register_exports(sub)
    from grader.nbgrader.cli import register as register_nbgrader
    register_nbgrader(sub)
    from grader import release
    release.register(sub)
    from grader.class_report import register as register_report
    register_report(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
