"""No surprise network: the package and the notebooks read only the snapshot."""

import subprocess
import sys

from analysis.data import paths


def test_import_and_load_do_not_import_yfinance():
    code = (
        "import sys, analysis.cli, analysis.data.prices, analysis.data.facts, analysis.present.charts;"
        "import analysis.methods.performance;"
        "analysis.data.prices.panel(analysis.data.prices.available_tickers());"
        "print('yfinance' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=paths.ROOT, check=True)
    assert done.stdout.strip() == "False"


def test_notebooks_do_not_use_yfinance_or_refresh():
    for nb in paths.NOTEBOOKS.glob("*.ipynb"):
        text = nb.read_text()
        assert "yfinance" not in text and "refresh(" not in text, nb.name
