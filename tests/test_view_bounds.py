"""Reports show interval bounds as the document prints its numbers: one decimal more than the
printed figure, rounded outward (the reconciliation report once printed ``177.2727272727``)."""

import pandas as pd

from hcfin.analysis import text


def test_bounds_are_shown_with_the_printed_decimals_and_rounded_outward():
    frame = pd.DataFrame({
        "reported": ["178.78", "933.58", "17.01", None],
        "computed": ["179.1667", "933.59", "17.004422", "5"],
        "computed_low": ["177.2727272727", "933.575", "16.9994165", "4.5"],
        "computed_high": ["181.0924369748", "933.605", "17.0094275", "5.5"],
    })
    shown = text.view(frame)
    assert shown["计算数下限"].tolist() == ["177.272", "933.575", "16.999", "4.5"]
    assert shown["计算数上限"].tolist() == ["181.093", "933.605", "17.01", "5.5"]
    assert shown["计算数"].tolist() == ["179.1667", "933.59", "17.004422", "5"]  # points as the checks give them


def test_bounds_without_a_printed_figure_are_left_alone():
    frame = pd.DataFrame({"reported": ["行次14出现2次"], "reported_low": ["0.123456"], "reported_high": [None]})
    assert text.view(frame).iloc[0].tolist() == ["行次14出现2次", "0.123456", "—"]
