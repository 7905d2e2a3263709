"""environment.yml, pyproject.toml and requirements.lock stay in step."""

import re
import tomllib

import yaml

from analysis import paths


def _name(requirement: str) -> str:
    return re.split(r"[=<>!~\[ ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _lock() -> dict[str, str]:
    pins = {}
    for line in (paths.ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[_name(name)] = version
    return pins


def test_environment_yml_matches_package_dependencies_and_lock():
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    declared = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]}
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    conda_python = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python")]
    assert conda_python == ["python=3.11"]
    listed = {_name(r): r.split("==")[1] for r in pip_section}
    assert set(listed) == declared
    lock = _lock()
    for name, version in listed.items():
        assert lock.get(name) == version, f"{name}: environment.yml {version}, requirements.lock {lock.get(name)}"


def test_every_declared_dependency_is_pinned_in_lock():
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    lock = _lock()
    for req in project["dependencies"] + project["optional-dependencies"]["dev"]:
        assert _name(req) in lock, req
