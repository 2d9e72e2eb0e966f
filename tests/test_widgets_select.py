"""Chapter 03's explorers: ABC cut-offs and pyramid shares, value-matrix thresholds.

Expected numbers are worked by hand on small frames (ABC and pyramid rules as
documented in crmkit.select), not taken from the functions under test.
"""

import re

import ipywidgets as w
import pandas as pd
import pytest

import crmkit as ck
from crmkit import CRMDataError
from crmkit.widgets.select import MatrixExplorer, TierExplorer, matrix_explorer, tier_explorer

PNG = b"\x89PNG"
# Ten customers, revenue 1,000 in all.
TEN = pd.DataFrame({
    "customer_id": [f"c{i:02d}" for i in range(10)],
    "revenue": [500.0, 200.0, 100.0, 60.0, 50.0, 40.0, 20.0, 15.0, 10.0, 5.0],
})


def test_tier_explorer_recomputes_classes_and_tiers():
    box = tier_explorer(TEN)
    assert isinstance(box, TierExplorer) and isinstance(box, w.VBox)
    # 80/15/5: c00 (500) and c01 (200) bring 70% -> c02 is needed to reach 80%: A = 3 customers
    # (800); B: 60+50+40 = 150 reaches 95%: B = 3; C = the last 4 (50).
    assert box.abc["customers"].tolist() == [3, 3, 4]
    assert box.abc["revenue"].tolist() == [800, 150, 50]
    # pyramid of 10: 1% rounds to 0, 20% -> 2, 50% -> 5: tiers 0, 2, 3, 5
    assert box.pyramid["customers"].tolist() == [0, 2, 3, 5]
    assert bytes(box.chart.value).startswith(PNG)
    box.a_cut.value = 0.5  # A needs only c00
    assert box.abc["customers"].tolist()[0] == 1
    box.important.value = 0.05  # 10% of... 0.05 * 10 = 0.5 rounds half up to 1
    assert box.pyramid["customers"].tolist()[0] == 1
    lines = box.summary().splitlines()
    assert lines[0] == "ABC 50% / 15% / 35%"
    assert lines[1] == "A: 1 customers (10.0%), 50.0% of revenue"


def test_tier_explorer_keeps_a_last_class_and_answers_in_chinese():
    box = tier_explorer(TEN, abc=(0.90, 0.09))
    box.b_cut.value = 0.45  # would leave nothing for C: capped so C keeps 1%
    assert box._cuts() == (0.9, 0.09, 0.01)
    ck.set_language("zh")
    try:
        text = tier_explorer(TEN).summary()
    finally:
        ck.set_language("en")
    assert "重要客户：0 位客户（0.0%），占收入的 0.0%" in text


@pytest.mark.parametrize("bad", [{"abc": (0.9, 0.2)}, {"pyramid": (0.5, 0.3, 0.3)},
                                 {"abc": (0.8,)}, {"pyramid": "1/19/30"}])
def test_tier_explorer_refuses_shares_that_leave_no_last_group(bad):
    with pytest.raises(CRMDataError, match="tier_explorer"):
        tier_explorer(TEN, **bad)


def test_matrix_explorer_counts_quadrants_for_the_thresholds():
    own = pd.DataFrame({"current_value": [900.0, 800.0, 50.0, 20.0, 300.0],
                        "potential_value": [5000.0, 100.0, 3000.0, 10.0, 300.0]})
    box = matrix_explorer(own, current_threshold=100, potential_threshold=200)
    assert isinstance(box, MatrixExplorer)
    # high current: 900, 800, 300; high potential: 5000, 3000, 300
    assert box.quadrants["customers"].tolist() == [2, 1, 1, 1]
    box.potential_threshold.value = 400  # 300 is no longer high: that customer -> Maintain
    assert box.quadrants["customers"].tolist() == [1, 2, 1, 1]
    assert box.summary().splitlines()[0] == "current value > 100 · potential value > 400"
    assert bytes(box.chart.value).startswith(PNG)
    default = matrix_explorer(own)  # medians 300 and 300, rounded to 10 yuan
    assert (default.current_threshold.value, default.potential_threshold.value) == (300, 300)


def test_matrix_explorer_refuses_bad_input():
    with pytest.raises(CRMDataError, match="potential_value"):
        matrix_explorer(pd.DataFrame({"current_value": [1.0]}))
    with pytest.raises(CRMDataError, match="current_threshold"):
        matrix_explorer(pd.DataFrame({"current_value": [1.0], "potential_value": [2.0]}),
                        current_threshold=-1)


@pytest.mark.parametrize("bad, fix", [({"abc": (80, 15)}, "abc=(0.8, 0.15)"),
                                      ({"pyramid": (1, 19, 30)}, "pyramid=(0.01, 0.19, 0.3)")])
def test_tier_explorer_shares_as_percentages_get_a_fix_naming_the_tuple(bad, fix):
    # it used to say `pass abc=0.8`, which _pair then refuses: abc holds two shares
    with pytest.raises(CRMDataError, match=rf"Fix: pass {re.escape(fix)}\."):
        tier_explorer(TEN, **bad)
    followed = {name: eval(value) for name, value in [fix.split("=")]}  # noqa: S307
    assert tier_explorer(TEN, **followed).summary()
