"""Names resolved the way Python binds them, read from the source and never run.

A value is what a name may hold, as far as the file says:

- ``("path", "torch.nn.functional")``: an imported module, or something reached from one;
- ``("def", "helper")``: a function or class defined at the top of this file;
- ``("const", "softmax")``: a constant string (so ``getattr(F, NAME)`` can be read);
- ``("builtin", "getattr")``: a name bound nowhere in the file;
- ``("unknown", "")``: anything else (a parameter, the result of a call).

A name bound more than once may hold any of its values: the policy checks them all. Module-level
assignments (``s = torch.sigmoid``, ``nn = torch.nn``, ``a, b = F.relu, F.softmax``), ``as``
aliases, relative and star imports, ``getattr`` with a constant name, ``functools.partial`` and
names declared ``global`` in a function are followed.
"""
from __future__ import annotations

import ast
from typing import Iterable, Iterator

Value = tuple[str, str]
UNKNOWN: Value = ("unknown", "")
PACKAGE = "exercises"        # the package every submitted file is loaded into

_COMPOUND = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.Try, ast.With, ast.AsyncWith)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def import_bindings(node: ast.Import | ast.ImportFrom) -> Iterator[tuple[str, str]]:
    """(bound name, dotted path) for each name an import binds; ``*`` for a star import."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname:
                yield alias.asname, alias.name
            else:
                root = alias.name.split(".", 1)[0]
                yield root, root
        return
    module = imported_module(node)
    for alias in node.names:
        yield (alias.asname or alias.name), ("*" + module if alias.name == "*" else f"{module}.{alias.name}")


def imported_module(node: ast.ImportFrom) -> str:
    """The absolute module of a ``from`` import (relative ones start at the exercises package)."""
    if not node.level:
        return node.module or ""
    base = PACKAGE if node.level == 1 else "." * node.level   # beyond the package: fails at import
    return f"{base}.{node.module}" if node.module else base


def _statements(body: Iterable[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements that run in the scope of ``body``, compound statements opened (not functions)."""
    for stmt in body:
        yield stmt
        if isinstance(stmt, _COMPOUND):
            for field in ("body", "orelse", "finalbody"):
                yield from _statements(getattr(stmt, field, []) or [])
            for handler in getattr(stmt, "handlers", []) or []:
                yield handler
                yield from _statements(handler.body)
        elif isinstance(stmt, ast.Match):
            for case in stmt.cases:
                yield from _statements(case.body)


def _bound_names(target: ast.AST) -> Iterator[str]:
    """Names an assignment target binds (``a, *b = ...``; not the ``x`` of ``x.attr = ...``)."""
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            yield from _bound_names(element)
    elif isinstance(target, ast.Starred):
        yield from _bound_names(target.value)


class Resolver:
    """Resolves expressions of one file; the scanner pushes a scope per function it enters."""

    def __init__(self, topic: str, tree: ast.Module, nodes: list[ast.AST] | None = None) -> None:
        self.topic = topic
        self.module: dict[str, set[Value]] = {}
        self.stars: list[str] = []
        self.scopes: list[dict[str, set[Value]]] = []
        self._collect_module(tree, list(ast.walk(tree)) if nodes is None else nodes)

    # ------------------------------------------------------------------ binding tables
    def _bind(self, table: dict[str, set[Value]], name: str, values: Iterable[Value]) -> bool:
        slot = table.setdefault(name, set())
        before = len(slot)
        slot.update(values)
        return len(slot) != before

    def _assignments(self, statements: list[ast.AST], table: dict[str, set[Value]]) -> list[tuple]:
        """(target, value expression or None) pairs; None means the target is bound to unknown."""
        pairs: list[tuple] = []
        for stmt in statements:
            if isinstance(stmt, ast.Assign):
                pairs += [(t, stmt.value) for t in stmt.targets]
            elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
                pairs.append((stmt.target, stmt.value))
            elif isinstance(stmt, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor)):
                pairs.append((stmt.target, None))
            elif isinstance(stmt, (ast.With, ast.AsyncWith)):
                pairs += [(item.optional_vars, None) for item in stmt.items if item.optional_vars]
            elif isinstance(stmt, ast.ExceptHandler) and stmt.name:
                table.setdefault(stmt.name, set()).add(UNKNOWN)
            elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
                for name, path in import_bindings(stmt):
                    if path.startswith("*"):
                        self.stars.append(path[1:])
                    else:
                        self._bind(table, name, {("path", path)})
            elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self._bind(table, stmt.name, {("def", stmt.name) if table is self.module else UNKNOWN})
        return pairs

    def _settle(self, pairs: list[tuple], table: dict[str, set[Value]]) -> None:
        """Bind assignment targets, repeating so that an alias of an alias defined later resolves."""
        for _ in range(4):
            changed = False
            for target, value in pairs:
                changed |= self._assign(table, target, value)
            if not changed:
                return

    def _assign(self, table: dict[str, set[Value]], target: ast.AST, value: ast.AST | None) -> bool:
        if isinstance(target, ast.Name):
            return self._bind(table, target.id, self.resolve(value) if value is not None else {UNKNOWN})
        if (isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, (ast.Tuple, ast.List))
                and len(target.elts) == len(value.elts)
                and not any(isinstance(e, ast.Starred) for e in target.elts + value.elts)):
            # a list, not a generator: every element must be bound, not just the first that changed
            return any([self._assign(table, t, v) for t, v in zip(target.elts, value.elts)])  # noqa: C419
        return any([self._bind(table, name, {UNKNOWN}) for name in _bound_names(target)])  # noqa: C419

    def _collect_module(self, tree: ast.Module, nodes: list[ast.AST]) -> None:
        statements = list(_statements(tree.body))
        pairs = self._assignments(statements, self.module)
        declared = {n for node in nodes if isinstance(node, ast.Global) for n in node.names}
        if declared:                         # `global x` in a function rebinds the module's x
            inner = [node for node in nodes if isinstance(node, ast.stmt)]
            pairs += [(t, v) for t, v in self._assignments(inner, {})
                      if isinstance(t, ast.Name) and t.id in declared]
        # walrus targets at any depth (their function's, in truth: the union is conservative)
        pairs += [(node.target, node.value) for node in nodes if isinstance(node, ast.NamedExpr)]
        self._settle(pairs, self.module)

    def function_scope(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> dict[str, set[Value]]:
        """The names a function binds locally (parameters are unknown), with their values."""
        scope: dict[str, set[Value]] = {}
        args = node.args
        for arg in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]:
            if arg is not None:
                scope[arg.arg] = {UNKNOWN}
        positional = args.posonlyargs + args.args
        defaults = list(zip(positional[len(positional) - len(args.defaults):], args.defaults))
        for arg, default in defaults + list(zip(args.kwonlyargs, args.kw_defaults)):
            if isinstance(default, ast.Constant) and isinstance(default.value, str):
                scope[arg.arg].add(("const", default.value))   # the value the grader leaves it
        if isinstance(node, ast.Lambda):
            return scope
        body = [s for s in ast.walk(ast.Module(body=node.body, type_ignores=[]))
                if not isinstance(s, ast.Module)]
        outer = {n for s in body if isinstance(s, (ast.Global, ast.Nonlocal)) for n in s.names}
        pairs = self._assignments(list(_statements(node.body)), scope)
        for s in body:
            if isinstance(s, ast.comprehension):
                pairs.append((s.target, None))
            elif isinstance(s, ast.NamedExpr):
                pairs.append((s.target, s.value))
        self.scopes.append(scope)
        try:
            self._settle([(t, v) for t, v in pairs if not (isinstance(t, ast.Name) and t.id in outer)], scope)
        finally:
            self.scopes.pop()
        for name in outer:
            scope.pop(name, None)
        return scope

    # ------------------------------------------------------------------ resolution
    def lookup(self, name: str) -> set[Value]:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        if name in self.module:
            return self.module[name]
        return {("path", f"{m}.{name}") for m in self.stars} | {("builtin", name)}

    def in_function(self, name: str) -> bool:
        return any(name in scope for scope in self.scopes)

    def attribute_values(self, base: set[Value], attr: str) -> set[Value]:
        out: set[Value] = set()
        own = f"{PACKAGE}.{self.topic}"
        for kind, text in base:
            if kind == "path" and text == own:      # this file imported as a module
                out |= self.module.get(attr, {UNKNOWN})
            elif kind == "path":
                out.add(("path", f"{text}.{attr}"))
            else:
                out.add(UNKNOWN)
        return out or {UNKNOWN}

    def resolve(self, node: ast.AST | None) -> set[Value]:
        """The values ``node`` may evaluate to."""
        if isinstance(node, ast.Name):
            return self.lookup(node.id)
        if isinstance(node, ast.Attribute):
            return self.attribute_values(self.resolve(node.value), node.attr)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {("const", node.value)}
        if isinstance(node, ast.NamedExpr):
            return self.resolve(node.value)
        if isinstance(node, ast.IfExp):
            return self.resolve(node.body) | self.resolve(node.orelse)
        if isinstance(node, ast.BoolOp):
            return set().union(*(self.resolve(v) for v in node.values))
        if isinstance(node, ast.Call):
            func = self.resolve(node.func)
            if ("builtin", "getattr") in func and len(node.args) >= 2:
                name = self.fold(node.args[1])
                if name is not None:
                    return self.attribute_values(self.resolve(node.args[0]), name)
            if ("path", "functools.partial") in func and node.args:
                return self.resolve(node.args[0])
        if isinstance(node, (ast.BinOp, ast.JoinedStr, ast.Call)):
            folded = self.fold(node)
            if folded is not None:
                return {("const", folded)}
        return {UNKNOWN}

    def fold(self, node: ast.AST | None) -> str | None:
        """The constant string ``node`` always evaluates to, or None when it is computed."""
        if isinstance(node, ast.Constant):
            return node.value if isinstance(node.value, str) else None
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.fold(node.left), self.fold(node.right)
            return left + right if left is not None and right is not None else None
        if isinstance(node, ast.JoinedStr):
            parts = []
            for value in node.values:
                if isinstance(value, ast.FormattedValue):
                    if value.format_spec is not None or value.conversion not in (-1, 115):
                        return None
                    value = value.value
                folded = self.fold(value)
                if folded is None:
                    return None
                parts.append(folded)
            return "".join(parts)
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join"
                and len(node.args) == 1 and not node.keywords and isinstance(node.args[0], (ast.List, ast.Tuple))):
            sep = self.fold(node.func.value)
            items = [self.fold(e) for e in node.args[0].elts]
            return sep.join(items) if sep is not None and None not in items else None
        if isinstance(node, ast.Name):
            values = self.lookup(node.id)
            if len(values) == 1:
                kind, text = next(iter(values))
                return text if kind == "const" else None
        return None

    def is_local_object(self, node: ast.AST) -> bool:
        """Whether ``node`` is an object a function holds (a parameter, a local, an item or
        attribute of one), rather than a module, a class or anything reached through them."""
        while isinstance(node, (ast.Attribute, ast.Subscript)):
            if isinstance(node, ast.Attribute) and node.attr.startswith("__"):
                return False
            node = node.value
        if not isinstance(node, ast.Name) or not self.in_function(node.id):
            return False
        return all(kind in ("unknown", "const") for kind, _ in self.lookup(node.id))

