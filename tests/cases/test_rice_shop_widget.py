"""Case study 1, Wang Yongqing's rice shop: the calendar explorer."""

import pandas as pd
import pytest
from rice_households import households

import crmkit as ck
from crmkit.cases.rice_shop.widget import rice_calendar_explorer


def test_widget_redraws_when_a_slider_moves():
    explorer = rice_calendar_explorer(households(), household_id="H02", start="1933-03-01")
    assert explorer.members.value == 2 and explorer.kg_per_person.value == 15.0
    before_text, before_png = explorer.summary(), explorer.chart.value
    before = explorer.run_out.loc[0, "run_out_date"]
    assert before == pd.Timestamp("1933-03-22")
    assert "1933-03-22" in before_text and before_png
    explorer.members.value = 4          # twice the mouths: the jar lasts half as long
    assert explorer.run_out.loc[0, "run_out_date"] == pd.Timestamp("1933-03-07")  # 20 Feb + 15
    assert explorer.summary() != before_text and explorer.chart.value != before_png
    assert explorer.calendar["delivery_date"].iloc[0] == pd.Timestamp("1933-03-05")
    explorer.kg_per_person.value = 7.5  # back to 30 kg a month
    assert explorer.run_out.loc[0, "run_out_date"] == before
    assert explorer.summary().splitlines()[1:] == before_text.splitlines()[1:]  # same plan


def test_widget_switches_household_and_shows_impossible_settings():
    explorer = rice_calendar_explorer(households(), start="1933-03-01")
    assert explorer.household.value == "H01"
    explorer.household.value = "H03"
    assert explorer.members.value == 8 and explorer.jar.value == 40.0
    assert explorer.run_out.loc[0, "household_id"] == "H03"
    assert "03-15" in explorer.summary()            # the payday collection
    explorer.members.value, explorer.jar.value = 15, 10.0   # a jar for less than a day
    assert explorer.error is not None and "no schedule works" in explorer.summary()
    assert explorer.chart.value == b""
    assert explorer._repr_mimebundle_()["text/plain"] == explorer.summary()


def test_widget_leaves_the_frame_alone_and_refuses_unknown_households():
    frame = households()
    before = frame.copy()
    explorer = rice_calendar_explorer(frame, "H01", "1933-03-01")
    explorer.members.value = 9
    pd.testing.assert_frame_equal(frame, before)
    with pytest.raises(ck.CRMDataError, match=r"household_id='H99' is not in the frame"):
        rice_calendar_explorer(frame, "H99", "1933-03-01")
