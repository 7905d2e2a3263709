"""Benchmark: the report build and the test suite against the physical floor of a report build.

The floor is ``../shared/tools/floor.py N OUT`` (N kernels, two at a time, each importing numpy, pandas, plotly
and ``analysis``, each written to HTML). The build is ``python -m analysis report`` into a scratch folder; the
suite is ``python -m pytest -q``. Each is run three times, alternating, and the best times are compared.

Run: .venv/bin/python benchmarks/bench_report.py [--suite]
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = ROOT.parent / "shared" / "tools" / "floor.py"


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    notebooks = len(list((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")))
    floors, builds, suites = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(3):
            floors.append(timed([sys.executable, str(FLOOR), str(notebooks), f"{tmp}/floor{i}"]))
            builds.append(timed([sys.executable, "-m", "analysis", "report", "--out", f"{tmp}/report{i}"]))
            if "--suite" in sys.argv:
                suites.append(timed([sys.executable, "-m", "pytest", "-q"]))
        size = sum(p.stat().st_size for p in Path(f"{tmp}/report0").glob("*") if p.is_file())
    floor = min(floors)
    print(f"floor ({notebooks} kernels): {floor:.1f} s (runs: {', '.join(f'{f:.1f}' for f in floors)})")
    print(f"report build: {min(builds):.1f} s = {min(builds) / floor:.2f}x the floor; pages {size / 1e6:.1f} MB")
    if suites:
        print(f"test suite: {min(suites):.1f} s = {min(suites) / floor:.2f}x the floor")


if __name__ == "__main__":
    main()
