#!/usr/bin/env bash
# Set up .venv from requirements.lock when needed, then run one task.
#   ./tasks.sh report   build the HTML report offline from the bundled data (build/report/index.html)
#   ./tasks.sh test     run the whole test suite (unit tests, CLI tests, nbval on every notebook)
#   ./tasks.sh lab      open the notebooks in JupyterLab
#   ./tasks.sh lint     ruff on the package, tests, benchmarks and notebooks
set -euo pipefail
cd "$(dirname "$0")"

setup() {
    local python stamp want
    python=${PYTHON:-$(command -v python3.11 || command -v python3)}
    want=$(cat requirements.lock pyproject.toml "$0" | sha256sum | cut -d' ' -f1)
    stamp=.venv/.installed
    if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then
        return
    fi
    echo "setting up .venv (one time, needs the package index) ..." >&2
    if [[ ! -x .venv/bin/python ]]; then
        "$python" -m venv .venv || {
            echo "error: '$python -m venv' failed; on Debian install it with: apt-get install python3-venv" >&2
            exit 1
        }
    fi
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -r requirements.lock
    .venv/bin/python -m pip install --quiet --no-deps -e .
    # The project's kernel: the venv's python, its own log quiet (the TCP-on-localhost notice at start, and the
    # "KeyboardInterrupt caught" line when jupyter_client interrupts an idle kernel before every shutdown).
    .venv/bin/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (tesla-dc)" >/dev/null
    .venv/bin/python - <<'PY'
import json, sys
from pathlib import Path
spec = Path(sys.prefix) / "share/jupyter/kernels/python3/kernel.json"
kernel = json.loads(spec.read_text())
kernel["argv"] = [a for a in kernel["argv"] if not a.startswith("--IPKernelApp.log_level")]
kernel["argv"].append("--IPKernelApp.log_level=CRITICAL")
spec.write_text(json.dumps(kernel, indent=1))
PY
    echo "$want" > "$stamp"
}

task=${1:-}
shift || true
case "$task" in
    report) setup; exec .venv/bin/python -m analysis report "$@" ;;
    test) setup; exec .venv/bin/python -m pytest "$@" ;;
    lab)
        setup
        root=()
        [[ $(id -u) == 0 ]] && root=(--allow-root)  # containers often run as root; JupyterLab refuses without this
        exec .venv/bin/jupyter lab notebooks/ "${root[@]}" "$@" ;;
    lint) setup; exec .venv/bin/ruff check analysis tests benchmarks notebooks "$@" ;;
    *) sed -n '2,6p' "$0" | sed 's/^# //' >&2; exit 2 ;;
esac
