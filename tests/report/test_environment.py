"""environment.yml, pyproject.toml and requirements.lock stay in step; every import in the tests is declared."""

import ast
import re
import sys
import tomllib

import yaml

from analysis.data import paths
from analysis.report import environment


def _name(requirement: str) -> str:
    return re.split(r"[=<>!~\[ ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _lock() -> dict[str, str]:
    return {_name(p): p.split("==")[1] for p in environment.pins()}


def _declared() -> set[str]:
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    return {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]}


def test_environment_yml_pins_every_locked_package():
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    conda_python = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python")]
    assert conda_python == ["python=3.11"]
    listed = {_name(r): r.split("==")[1] for r in pip_section}
    assert listed == _lock()
    assert (paths.ROOT / "environment.yml").read_text() == environment.render()


def test_every_declared_dependency_is_pinned_in_lock():
    lock = _lock()
    for name in _declared():
        assert name in lock, name


# import name -> distribution name, where they differ
DISTRIBUTIONS = {"yaml": "pyyaml", "sklearn": "scikit-learn", "websocket": "websocket-client"}


def test_every_third_party_import_in_tests_and_benchmarks_is_declared():
    declared = _declared() | {"tesla-dc-analysis"}
    for folder in ("tests", "benchmarks"):
        for path in (paths.ROOT / folder).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                for name in names:
                    top = name.split(".")[0]
                    if top in sys.stdlib_module_names or top in ("analysis", "tests"):
                        continue
                    assert _name(DISTRIBUTIONS.get(top, top)) in declared, f"{path.name} imports {top}"
