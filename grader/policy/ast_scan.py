"""One pass over a submitted file: what each part of it uses, reaches and may not contain.

The file is split into *owners*: ``None`` for the code that runs when the module is imported (module
level, class bodies, decorators, default arguments), the name of each top-level function or class
for its body (nested functions, lambdas and comprehensions included), and ``MAIN`` for an
``if __name__ == "__main__":`` block, which never runs when the file is graded. For each owner
the scan records the library names it uses (``Use``) and the top-level names and other exercise
files it references (the call graph); refusals are recorded for the whole file.
"""
from __future__ import annotations

import ast
from functools import lru_cache

from grader import syntax
from grader.policy import leaves, refusals
from grader.policy.aliases import PACKAGE, Resolver, import_bindings, imported_module
from grader.policy.file_scan import MAIN, MAX_CHARS, MAX_NODES, FileScan, Use
from grader.policy.file_scan import text_of as _text


def _is_main_guard(stmt: ast.stmt) -> bool:
    if not isinstance(stmt, ast.If) or not isinstance(stmt.test, ast.Compare):
        return False
    test = stmt.test
    if len(test.ops) != 1 or not isinstance(test.ops[0], ast.Eq):
        return False
    sides = [test.left, test.comparators[0]]
    return (any(isinstance(s, ast.Name) and s.id == "__name__" for s in sides)
            and any(isinstance(s, ast.Constant) and s.value == "__main__" for s in sides))


class _Scanner:
    def __init__(self, scan: FileScan, tree: ast.Module, nodes: list[ast.AST]) -> None:
        self.scan = scan
        self.topic = scan.topic
        self.resolver = Resolver(scan.topic, tree, nodes)
        self.owner: str | None = None
        self.quiet = 0                 # inside annotations: never evaluated when graded
        self.callees: set[int] = set()
        self.refused_lines: set[int] = set()

    # ------------------------------------------------------------------ recording
    def refuse(self, node: ast.AST, what: str, reason: str) -> None:
        line = getattr(node, "lineno", 0)
        if line not in self.refused_lines:       # one refusal per line is enough to fix it
            self.refused_lines.add(line)
            self.scan.refusals.append(refusals.say(line, what, reason))

    def use(self, node: ast.AST, keys: set[str], paths: set[str], method: bool = False) -> None:
        if not self.quiet and (keys or paths):
            self.scan.uses[self.owner].append(Use(getattr(node, "lineno", 0), frozenset(keys),
                                                  frozenset(paths), _text(node), method))

    def reach(self, path: str) -> bool:
        """Record a reference to an exercise module's name; True when ``path`` is one."""
        parts = path.split(".")
        if parts[0] != PACKAGE or len(parts) < 2:
            return False
        topic, name = parts[1], (parts[2] if len(parts) > 2 else None)
        if topic != self.topic:
            self.scan.refs[self.owner].add((topic, None))
        if name is not None:
            self.scan.refs[self.owner].add((topic, name))
        return True

    # ------------------------------------------------------------------ structure
    def run(self, tree: ast.Module) -> None:
        self.top_level(tree.body)

    def top_level(self, body: list[ast.stmt]) -> None:
        for stmt in body:
            self.owner = None
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if stmt.name in ("__getattr__", "__dir__"):
                    self.refuse(stmt, f"a module-level {stmt.name}", refusals.BY_NAME)
                self.header(stmt)
                self.owner = stmt.name
                self.function(stmt)
            elif isinstance(stmt, ast.ClassDef):
                self.class_def(stmt, stmt.name)
            elif _is_main_guard(stmt):
                self.owner = MAIN
                for inner in stmt.body:
                    self.visit(inner)
                self.owner = None
                self.top_level(stmt.orelse)
            elif isinstance(stmt, (ast.If, ast.While)):
                self.visit(stmt.test)
                self.top_level(stmt.body)
                self.top_level(stmt.orelse)
            elif isinstance(stmt, (ast.For, ast.AsyncFor)):
                self.visit(stmt.target)
                self.visit(stmt.iter)
                self.top_level(stmt.body)
                self.top_level(stmt.orelse)
            elif isinstance(stmt, (ast.With, ast.AsyncWith)):
                for item in stmt.items:
                    self.visit(item)
                self.top_level(stmt.body)
            elif isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
                self.top_level(stmt.body)
                for handler in stmt.handlers:
                    if handler.type is not None:
                        self.visit(handler.type)
                    self.top_level(handler.body)
                self.top_level(stmt.orelse)
                self.top_level(stmt.finalbody)
            else:
                self.visit(stmt)

    def header(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        """What a ``def`` evaluates where it stands: decorators and defaults (annotations, quietly)."""
        for decorator in getattr(node, "decorator_list", []):
            self.visit(decorator)
        args = node.args
        for default in args.defaults + [d for d in args.kw_defaults if d is not None]:
            self.visit(default)
        self.quiet += 1
        for arg in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]:
            if arg is not None and arg.annotation is not None:
                self.visit(arg.annotation)
        if getattr(node, "returns", None) is not None:
            self.visit(node.returns)
        self.quiet -= 1

    def function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        self.resolver.scopes.append(self.resolver.function_scope(node))
        try:
            for stmt in (node.body if isinstance(node.body, list) else [node.body]):
                self.visit(stmt)
        finally:
            self.resolver.scopes.pop()

    def class_def(self, node: ast.ClassDef, owner: str | None) -> None:
        """A top-level class owns its methods' bodies; the class body itself runs at import."""
        outer = self.owner
        for expr in node.decorator_list + node.bases + [k.value for k in node.keywords]:
            self.visit(expr)
        for stmt in node.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.header(stmt)
                self.owner = owner if owner is not None else outer
                self.function(stmt)
                self.owner = outer
            elif isinstance(stmt, ast.ClassDef):
                self.class_def(stmt, owner)
            else:
                self.visit(stmt)

    # ------------------------------------------------------------------ nodes
    def visit(self, node: ast.AST) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            self.header(node)
            self.function(node)
        elif isinstance(node, ast.ClassDef):
            self.class_def(node, None)
        elif isinstance(node, ast.Name):
            self.name(node)
        elif isinstance(node, ast.Attribute):
            self.attribute(node)
        elif isinstance(node, ast.Call):
            self.call(node)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            self.imports(node)
        elif isinstance(node, ast.AnnAssign):
            self.quiet += 1
            self.visit(node.annotation)
            self.quiet -= 1
            for child in (node.target, node.value):
                if child is not None:
                    self.visit(child)
        else:
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                op = leaves.op_string_key(node.value)
                if op is not None:
                    self.use(node, {op}, set())
            for child in ast.iter_child_nodes(node):
                self.visit(child)

    def name(self, node: ast.Name) -> None:
        if not isinstance(node.ctx, ast.Load):
            if node.id in refusals.PROTECTED:
                self.refuse(node, f"assigning {node.id}", refusals.FRAMES)
            return
        for kind, text in self.resolver.lookup(node.id):
            if kind == "builtin" and text in refusals.NAMES:
                what = text if text.startswith("__") and text != "__import__" else f"{text}()"
                self.refuse(node, what, refusals.NAMES[text])
            elif kind == "builtin" and text in refusals.CALL_ONLY and id(node) not in self.callees:
                self.refuse(node, f"{text} used as a value", refusals.BY_NAME)
            elif kind == "def":
                self.scan.refs[self.owner].add((self.topic, text))
            elif kind == "path":
                self.path(node, text)

    def path(self, node: ast.AST, path: str, keys: set[str] | None = None) -> None:
        """A use of a resolved dotted path."""
        reason = refusals.path_reason(path)
        if reason:
            self.refuse(node, path, reason)
        if self.reach(path):
            self.use(node, set(), {path})
        else:
            self.use(node, set(leaves.path_keys(path)) if keys is None else keys, {path})

    def attribute(self, node: ast.Attribute) -> None:
        attr = node.attr
        if attr in refusals.ATTRIBUTES and not (
                attr == "__dict__" and isinstance(node.value, ast.Name) and node.value.id == "self"):
            self.refuse(node, f".{attr}", refusals.ATTRIBUTES[attr])
        base = self.resolver.resolve(node.value)
        if isinstance(node.ctx, ast.Load):
            unknown = any(kind in ("unknown", "builtin", "const") for kind, _ in base)
            paths = [f"{text}.{attr}" for kind, text in base if kind == "path"]
            for path in paths:
                self.path(node, path, keys={leaves.key(attr)})
            for kind, text in self.resolver.attribute_values(base, attr):
                if kind == "def":
                    self.scan.refs[self.owner].add((self.topic, text))
            if unknown:
                self.use(node, {leaves.key(attr)}, set(), method=True)
        else:
            self.tamper(node, base)
        self.visit(node.value)

    def tamper(self, node: ast.AST, base: set, what: str | None = None) -> None:
        """Assigning or deleting an attribute of a module or of a library class is refused."""
        for kind, text in base:
            if kind == "path" and not text.startswith(PACKAGE + "."):
                self.refuse(node, what or f"assigning {_text(node)}", refusals.TAMPER)
                return

    def call(self, node: ast.Call) -> None:
        func = self.resolver.resolve(node.func)
        self.callees.add(id(node.func))
        for fn in ("getattr", "setattr", "delattr"):
            if ("builtin", fn) in func and len(node.args) >= 2:
                self.by_name(node, fn)
        for helper in ("operator.attrgetter", "operator.methodcaller"):
            if ("path", helper) in func:
                names = [self.resolver.fold(a) for a in node.args[:1 if helper.endswith("caller") else None]]
                if not names or None in names:
                    self.refuse(node, f"{helper.split('.')[1]}() with a computed name", refusals.BY_NAME)
                for name in filter(None, names):
                    for part in name.split("."):
                        if part in refusals.ATTRIBUTES:
                            self.refuse(node, f".{part}", refusals.ATTRIBUTES[part])
                        self.use(node, {leaves.key(part)}, set(), method=True)
        for keyword in node.keywords:
            value = keyword.value
            constant = value.value if isinstance(value, ast.Constant) else ...   # ... = not a constant
            if ((keyword.arg == "weights_only" and constant is not None and constant is not True)
                    or (keyword.arg == "allow_pickle" and constant is not False)):
                self.refuse(node, f"{keyword.arg}={_text(value)}", refusals.PICKLE)
        for child in ast.iter_child_nodes(node):
            self.visit(child)

    def by_name(self, node: ast.Call, fn: str) -> None:
        """``getattr(obj, name)`` and friends: a constant name is read as ``obj.name``; a computed
        one is refused unless ``obj`` is an object the function holds (not a module or class)."""
        target, name_node = node.args[0], node.args[1]
        name = self.resolver.fold(name_node)
        if name is None:
            if not self.resolver.is_local_object(target):
                self.refuse(node, f"{fn}() with a computed name on a module or class", refusals.BY_NAME)
            elif fn == "getattr":   # a name that may be a constant (a default argument) is read as one
                for kind, text in self.resolver.resolve(name_node):
                    if kind == "const":
                        self.attribute(ast.copy_location(ast.Attribute(value=target, attr=text, ctx=ast.Load()), node))
            return
        synthetic = ast.copy_location(ast.Attribute(value=target, attr=name, ctx=ast.Load()), node)
        if fn in ("setattr", "delattr"):
            if name in refusals.ATTRIBUTES:
                self.refuse(node, f".{name}", refusals.ATTRIBUTES[name])
            self.tamper(node, self.resolver.resolve(target), f"{fn}() on {_text(target)}")
        else:
            self.attribute(synthetic)

    def imports(self, node: ast.Import | ast.ImportFrom) -> None:
        """An import binds names. At module level, what a name reaches is counted where the name
        is used (and, for a name that replaces an exercise, for that exercise), so that importing
        ``nn.Linear`` for one exercise does not cost another; importing another exercise file runs
        its import-time code for everything that imports it."""
        modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [imported_module(node)]
        if isinstance(node, ast.ImportFrom) and modules[0] == PACKAGE:
            modules = [f"{PACKAGE}.{a.name}" for a in node.names if a.name != "*"]
        for module in modules:
            reason = refusals.module_reason(module)
            if not reason and isinstance(node, ast.ImportFrom):   # name the refused path itself
                for alias in node.names:
                    path_reason = refusals.path_reason(f"{module}.{alias.name}")
                    if path_reason:
                        self.refuse(node, f"{module}.{alias.name}", path_reason)
                        return
            reason = reason or refusals.unknown_module(module)
            if reason:
                self.refuse(node, f"import {module}", reason)
                return
        module_level, outer = not self.resolver.scopes, self.owner
        for bound, path in import_bindings(node):
            parts = path.lstrip("*").split(".")
            if parts[0] == PACKAGE and len(parts) > 1 and parts[1] != self.topic:
                self.scan.refs[None if module_level else outer].add((parts[1], None))
            if path.startswith("*"):
                continue
            self.owner = bound if module_level else outer
            self.path(node, path, keys={leaves.key(parts[-1])} if isinstance(node, ast.ImportFrom) else None)
            self.owner = outer
        if isinstance(node, ast.Import):
            for module in modules:
                parts = module.split(".")
                if parts[0] == PACKAGE and len(parts) > 1 and parts[1] != self.topic:
                    self.scan.refs[None if module_level else outer].add((parts[1], None))


@lru_cache(maxsize=128)
def scan(topic: str, source: str) -> FileScan:
    """Scan ``source`` (the file ``exercises/<topic>.py``); the result is cached per text."""
    result = FileScan(topic)
    if len(source) > MAX_CHARS:
        result.refusals.append(f"the file is too large to be checked ({len(source)} characters, "
                               f"at most {MAX_CHARS})")
        return result
    cookie = refusals.coding_cookie(source)
    if cookie:
        result.refusals.append(cookie)
        return result
    try:
        tree = syntax.parse(source)      # not ast.parse: exercises are graded in threads
    except (SyntaxError, ValueError):
        return result          # the worker reports the syntax error with its line
    except (RecursionError, MemoryError):
        result.refusals.append("the file is nested too deeply to be checked")
        return result
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        result.refusals.append(f"the file is too large to be checked (more than {MAX_NODES} syntax nodes)")
        return result
    try:
        _Scanner(result, tree, nodes).run(tree)
    except RecursionError:
        result.refusals.append("the file is nested too deeply to be checked")
    return result
