"""The package installs from a wheel (not ``-e``) with its subpackages and report templates, and runs from the
project root: ``event`` and a one-page ``report``, both importing the installed copy, not the source tree."""

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from analysis.data import paths


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh environment holding only the built wheel; the project's dependencies come from this venv by path."""
    base = tmp_path_factory.mktemp("wheel")
    src = base / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(paths.ROOT / name, src / name)
    shutil.copytree(paths.PACKAGE, src / "analysis", ignore=shutil.ignore_patterns("__pycache__"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", base / "dist", src],
                   check=True, capture_output=True, timeout=300)  # fmt: skip
    wheel = next((base / "dist").glob("*.whl"))
    env = base / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", env], check=True, timeout=120)
    site = Path(sysconfig.get_paths(vars={"base": env, "platbase": env})["purelib"])
    subprocess.run([*pip, "install", "--no-deps", "--no-index", "--target", site, wheel], check=True, timeout=300)
    (site / "project_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    shared = env / "share" / "jupyter"  # nbconvert's templates, data files of the dependencies borrowed above
    shared.mkdir(parents=True)
    (shared / "nbconvert").symlink_to(Path(sys.prefix) / "share" / "jupyter" / "nbconvert")
    return env / "bin" / "python"


def run(python: Path, *args: str) -> subprocess.CompletedProcess:
    """``python -I`` (no working folder on the path) from the project root."""
    return subprocess.run([python, "-I", *args], capture_output=True, text=True, cwd=paths.ROOT, timeout=600)


def test_the_wheel_holds_every_subpackage_and_the_templates(installed):
    where = run(installed, "-c", "import analysis, analysis.narrative, analysis.report; print(analysis.__file__)")
    assert where.returncode == 0, where.stderr
    package = Path(where.stdout.strip()).parent
    assert package != paths.PACKAGE and "site-packages" in str(package)
    for sub in ("data", "methods", "market", "pages", "narrative", "present", "present/charts", "report"):
        assert (package / sub / "__init__.py").is_file(), sub
    assert (package / "report" / "templates" / "offline" / "index.html.j2").is_file()


def test_the_installed_package_runs_event_and_a_one_page_report(installed, tmp_path):
    event = run(installed, "-m", "analysis", "event", "TSLA", "--date", "2023-08-15", "--format", "json")
    assert event.returncode == 0, event.stderr
    assert '"ticker": "TSLA"' in event.stdout and '"day0": "2023-08-15"' in event.stdout
    report = run(installed, "-m", "analysis", "report", "--notebook", "00", "--out", str(tmp_path / "out"))
    assert report.returncode == 0, report.stderr[-2000:]
    assert (tmp_path / "out" / "00_data_overview.html").stat().st_size > 10_000
    assert "00_data_overview.html" in (tmp_path / "out" / "index.html").read_text()
