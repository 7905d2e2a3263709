"""analysis.present.tables: every notebook table for people."""

import pandas as pd

from analysis.present import tables


def test_tables_for_people():
    frame = pd.DataFrame(
        {"car": [0.0123, float("nan")], "source": ["Reuters https://r.example/a ; SEC https://sec.example/b", ""]},
        index=pd.Index(["TSLA", "AMZN"], name="ticker"),
    )
    text = tables.show(frame, {"car": "pct"}, {"car": "CAR"}).data
    assert text.splitlines()[0] == "| ticker | CAR | source |"
    assert "| TSLA | +1.2% | [Reuters](https://r.example/a); [SEC](https://sec.example/b) |" in text
    assert "| AMZN | — | — |" in text
    plain = tables.show(pd.DataFrame({"a": [1]})).data
    assert plain.splitlines()[0] == "| a |"  # a 0..n index is dropped
