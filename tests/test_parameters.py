"""Each notebook rerun through papermill with non-default parameter values: it completes, its output moves with
the parameters, and notebook 03's story stays consistent with its own numbers (03 with the 2023-09-11 date and QQQ)."""

import re
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

from analysis import paths, report

RERUNS = {
    "00_data_overview": {"anchor_date": "2024-01-02", "benchmarks": ["QQQ"]},
    "01_market_size": {"claim_usd_bn": 300.0, "projection_to": 2028, "fleet_vehicles": 6000000},
    "02_aws_quarter": {
        "quarter": "2024Q2", "claimed_sales_usd_bn": 26.3, "claimed_yoy_growth": 0.19, "results_date": "2024-08-02",
        "benchmark": "QQQ",
    },
    "03_announcement_event_study": {"event_date": "2023-09-11", "benchmark": "QQQ", "model": "constant-mean"},
    "04_compute_story": {"start": "2024-01-01", "end": "2024-12-31", "windows": [[0, 0]], "incumbents": ["MSFT"]},
}  # fmt: skip


def text_of(nb: nbformat.NotebookNode) -> str:
    """All markdown and plain-text outputs of a notebook, and the figure titles."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            parts.append(data.get("text/markdown", "") or data.get("text/plain", ""))
            fig = data.get(report.PLOTLY_MIME)
            if fig:
                parts.append(str(fig.get("layout", {}).get("title", {}).get("text", "")))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def reruns(tmp_path_factory):
    out = tmp_path_factory.mktemp("reruns")

    def run(name):
        return name, report.execute_for_report(paths.NOTEBOOKS / f"{name}.ipynb", out, RERUNS[name])

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(run, RERUNS))


def test_every_notebook_takes_every_parameter_it_declares():
    for name, params in RERUNS.items():
        assert set(params) <= report.parameter_names(paths.NOTEBOOKS / f"{name}.ipynb"), name


def test_output_follows_the_parameters(reruns):
    committed = {n: text_of(nbformat.read(paths.NOTEBOOKS / f"{n}.ipynb", as_version=4)) for n in RERUNS}
    texts = {n: text_of(nb) for n, nb in reruns.items()}
    for name in RERUNS:
        assert texts[name] != committed[name], f"{name}: output did not change"
    assert "2024-01-02" in texts["00_data_overview"] and "against QQQ" in texts["00_data_overview"]
    assert "\\$300B" in texts["01_market_size"] and "2028" in texts["01_market_size"]
    assert "2024Q2" in texts["02_aws_quarter"] and "Verdict: supported" in texts["02_aws_quarter"]
    assert "milestones 2024," in texts["04_compute_story"] or "2024-" in texts["04_compute_story"]


def test_notebook_03_reads_consistently_for_another_date_and_benchmark(reruns):
    text = text_of(reruns["03_announcement_event_study"])
    assert "day 0 is **2023-09-11**" in text and "Morgan Stanley" in text
    assert "job posting" not in text.split("News of day 0")[1].split("\n")[0]
    assert "constant-mean model, against" not in text and "no benchmark" in text
    significant = re.findall(r"(\d+) of \d+ specifications significant", text)
    per_event = "showed a significant" in text
    if per_event or any(int(n) > 0 for n in significant):
        assert "At least one specification finds a significant reaction" in text
        assert "as no news" not in text
    else:
        assert "as no news" in text
