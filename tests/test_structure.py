"""The shape a newcomer relies on: each flow in one place, and no import circles.

Walks the source of ``creator``, ``consent`` and ``app.py`` (every import, module-level or
inside a function) and checks the rules the architecture promises.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("creator", "consent")


def _modules() -> dict[str, Path]:
    mods: dict[str, Path] = {"app": ROOT / "app.py"}
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            rel = path.relative_to(ROOT).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            mods[".".join(parts)] = path
    return mods


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The project module an import names (``creator.ui.forms.GenerateForm`` -> ``creator.ui.forms``)."""
    parts = name.split(".")
    while parts:
        cand = ".".join(parts)
        if cand in MODULES:
            return cand
        parts.pop()
    return None


@functools.cache
def _tree(mod: str) -> ast.Module:
    """``mod``'s source, parsed once per run (the tests only read the trees)."""
    return ast.parse(MODULES[mod].read_text(encoding="utf-8"))


@functools.cache
def _call_nodes(mod: str) -> tuple[ast.Call, ...]:
    """Every call in ``mod``'s source, in ``ast.walk`` order."""
    return tuple(node for node in ast.walk(_tree(mod)) if isinstance(node, ast.Call))


def _imports(mod: str) -> set[str]:
    tree = _tree(mod)
    is_pkg = MODULES[mod].name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = mod.split(".") if is_pkg else mod.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            # ``from pkg import submodule`` imports the submodule; ``from pkg import name`` the package
            names = [f"{prefix}.{a.name}" if f"{prefix}.{a.name}" in MODULES else prefix for a in node.names]
        else:
            continue
        for n in names:
            target = _resolve(n)
            if target is not None and target != mod:
                out.add(target)
    return out


GRAPH = {m: _imports(m) for m in MODULES}


def _cycle() -> list[str] | None:
    """One import cycle among the project's modules, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for n in sorted(GRAPH[m]):
            # a package importing its own submodules (``creator.ui`` -> ``creator.ui.layout``)
            # is how a package exposes its names; importing the package back is the cycle.
            if state.get(n) == 1:
                return stack[stack.index(n):] + [n]
            if state.get(n) is None:
                found = visit(n)
                if found:
                    return found
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(GRAPH):
        if state.get(m) is None:
            found = visit(m)
            if found:
                return found
    return None


def test_no_import_cycles_among_the_projects_modules():
    cycle = _cycle()
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_no_module_imports_app():
    importers = sorted(m for m, deps in GRAPH.items() if "app" in deps)
    assert importers == []


def test_consent_never_imports_creator():
    offenders = sorted(f"{m} -> {d}" for m, deps in GRAPH.items() if m.startswith("consent")
                       for d in deps if d.startswith("creator"))
    assert offenders == []


def test_app_py_only_builds_and_launches():
    lines = (ROOT / "app.py").read_text(encoding="utf-8").splitlines()
    assert len(lines) < 30
    assert GRAPH["app"] <= {"creator.cli", "creator.ui"}


def _calls(name: str) -> set[str]:
    """Modules whose code calls ``name(...)``: a bare name or any attribute of that name, or, for
    ``owner.name``, that attribute of that owner only (``likeness.enroll``, not ``ops.enroll``)."""
    owner, _, attr = name.rpartition(".")
    found = set()
    for mod in MODULES:
        for node in _call_nodes(mod):
            f = node.func
            if isinstance(f, ast.Name) and f.id == attr:
                found.add(mod)
            elif isinstance(f, ast.Attribute) and f.attr == attr and (
                    not owner or (isinstance(f.value, ast.Name) and f.value.id == owner)):
                found.add(mod)
    return found


@pytest.mark.parametrize(("call", "allowed"), [
    # grants are built and signed in one place
    ("add_signature", {"consent.operations"}),
    ("sign_grant", {"consent.signing"}),
    # faces are enrolled in one place
    ("likeness.enroll", {"consent.operations"}),
    ("add_face_templates", {"consent.operations", "consent.registry"}),
    ("add_face_template", set()),
    # files are hashed in one place
    ("sha256_file", {"consent.operations", "creator.request"}),  # (the adapters of a request: once, GenerationRequest.adapter_digests)
    # one grant status
    ("status", {"consent.records", "consent.policy", "consent.operations", "creator.verify"}),
])
def test_each_flow_lives_in_one_place(call, allowed):
    assert _calls(call) <= allowed, f"{call}() is called from {sorted(_calls(call) - allowed)}"


def test_grants_are_constructed_only_by_the_operations_and_the_records():
    builders = set()
    for mod in MODULES:
        for node in _call_nodes(mod):
            f = node.func
            if isinstance(f, ast.Name) and f.id == "ConsentGrant":
                builders.add(mod)
            if isinstance(f, ast.Attribute) and f.attr in ("from_dict", "from_json") and \
                    isinstance(f.value, ast.Name) and f.value.id == "ConsentGrant":
                builders.add(mod)
    assert builders <= {"consent.operations", "consent.records"}, sorted(builders)


def test_no_source_cites_a_file_outside_the_repository():
    for path in [*MODULES.values(), *(ROOT / "docs").glob("*.md"), ROOT / "README.md"]:
        text = path.read_text(encoding="utf-8")
        assert "DESIGN.md" not in text and "../shared" not in text, path
