"""The package's dependency rule: a module imports only its own layer or lower ones, and no import cycle.

Layers, lowest first: the base (``case``, ``fmt``) · ``data`` · ``methods`` (and the ``eventstudy`` facade) ·
``market`` · ``pages`` · ``present`` · ``narrative`` · ``report`` · ``cli``. Every import counts, also one inside a
function."""

import ast
from pathlib import Path

import pytest

from analysis.data import paths

PACKAGE = paths.PACKAGE
ORDER = ["base", "data", "methods", "market", "pages", "present", "narrative", "report", "cli"]
ALIASES = {"case": "base", "fmt": "base", "__init__": "base", "eventstudy": "methods", "__main__": "cli"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> int:
    """The layer of ``analysis.x[.y]``."""
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    return ORDER.index(ALIASES.get(top, top))


def imports(path: Path) -> set[str]:
    """Every ``analysis`` module the file imports (``from analysis.x import y`` counts y when it is a module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("analysis")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("analysis"):
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                is_module = (PACKAGE.parent / sub.replace(".", "/")).with_suffix(".py").exists() or (
                    PACKAGE.parent / sub.replace(".", "/")
                ).is_dir()
                found.add(sub if is_module else node.module)
    return found


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: {i for i in imports(path) if i != name and i in MODULES} for name, path in MODULES.items()}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_imports_a_higher_layer(name):
    higher = sorted(i for i in GRAPH[name] if layer(i) > layer(name))
    assert not higher, f"{name} (layer {ORDER[layer(name)]}) imports higher layers: {higher}"


def test_no_import_cycles():
    seen, stack, cycles = set(), [], []

    def visit(node):
        if node in stack:
            cycles.append(stack[stack.index(node) :] + [node])
            return
        if node in seen:
            return
        seen.add(node)
        stack.append(node)
        for nxt in sorted(GRAPH[node]):
            if not nxt.endswith("__init__") and MODULES[nxt].name != "__init__.py":
                visit(nxt)
        stack.pop()

    for name in sorted(GRAPH):
        visit(name)
    assert not cycles, cycles[:3]


def test_the_rule_catches_an_upward_import(tmp_path):
    """The check itself can fail: a data module importing a page is flagged."""
    bad = tmp_path / "bad.py"
    bad.write_text("from analysis.pages import compute\n")
    assert any(layer(i) > layer("analysis.data.prices") for i in imports(bad))


def test_no_module_over_450_lines():
    long = {n: len(p.read_text().splitlines()) for n, p in MODULES.items()}
    assert max(long.values()) <= 450, sorted(long.items(), key=lambda kv: -kv[1])[:3]
