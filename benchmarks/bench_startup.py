"""Benchmark: terminal speed of ``python -m analysis event TSLA --date 2023-08-15`` against ``import pandas``.

Both run as fresh processes from the project root with the project's python; best of 5 wall-clock seconds each.
The first ``event`` run of a checkout also writes the trading calendar to build/cache; it is run once before
timing, as a user's second command would find it.

Run: .venv/bin/python benchmarks/bench_startup.py
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def best(args: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, *args], cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    event = ["-m", "analysis", "event", "TSLA", "--date", "2023-08-15"]
    subprocess.run([sys.executable, *event], cwd=ROOT, check=True, capture_output=True)
    floor = best(["-c", "import pandas"])
    cmd = best(event)
    listing = subprocess.run(
        [sys.executable, "-m", "analysis", "milestones", "--drop", "2023-08-15"], cwd=ROOT, check=True,
        capture_output=True, text=True,
    ).stdout  # fmt: skip
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as handle:
        handle.write(listing)
    n = len(listing.splitlines()) - 1
    caar = best(["-m", "analysis", "caar", "--events", handle.name, "--allow-overlap"], runs=3)
    Path(handle.name).unlink()
    print(f"import pandas {floor:.2f} s; event {cmd:.2f} s = {cmd / floor:.2f}x; caar ({n} events) {caar:.2f} s")


if __name__ == "__main__":
    main()
