"""``environment.yml`` for conda users, generated from ``requirements.lock`` so both pin the same packages."""

from analysis.data import paths

HEADER = """\
# Conda users: conda env create -f environment.yml && conda activate tesla-dc && pip install --no-deps -e .
# Every package of requirements.lock at the same version (tests/test_environment.py checks it), so a conda
# environment holds exactly what ./tasks.sh installs. Regenerate after changing the lock: python -m analysis env-yml
name: tesla-dc
channels:
  - conda-forge
dependencies:
  - python=3.11
  - pip
  - pip:
"""


def pins() -> list[str]:
    """The ``name==version`` lines of ``requirements.lock``."""
    lines = (paths.ROOT / "requirements.lock").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def render() -> str:
    """The text of ``environment.yml``."""
    return HEADER + "".join(f"      - {pin}\n" for pin in pins())


def write() -> str:
    """Write ``environment.yml``; returns its path relative to the project."""
    target = paths.ROOT / "environment.yml"
    target.write_text(render())
    return paths.relative(target)
