"""Case study 1, Wang Yongqing's rice shop: the charts."""

import matplotlib.pyplot as plt
import pytest
from rice_households import households

import crmkit as ck
from crmkit.cases import rice_shop
from crmkit.cases.rice_shop import plots as rice_plots


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("language", ["en", "zh"])
def test_charts_draw_without_warnings(language):
    ck.set_language(language)
    frame = households()
    ax = rice_plots.days_left_chart(rice_shop.run_out_dates(frame, "1933-03-01"))
    assert ax.get_title() == ck.label("ui.rice_days_left_title")
    assert len(ax.patches) == 3
    plan = rice_shop.delivery_calendar(frame, "1933-03-01")
    ax = rice_plots.calendar_chart(plan, today="1933-03-01")
    assert ax.get_title() == ck.label("ui.rice_calendar_title")
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "H01 陈阿土", "H03 黄春生", "H02 林金水"]  # by first delivery
    levels = rice_shop.jar_levels(frame.iloc[[1]], "1933-03-01")
    _, ax = plt.subplots()
    assert rice_plots.jar_level_chart(levels, ax=ax) is ax
    assert ax.get_ylabel() == ck.label("rice_kg")
    ax.figure.canvas.draw()


def test_chart_refuses_a_frame_that_is_not_a_calendar():
    with pytest.raises(ck.CRMDataError, match=r"calendar_chart: column 'delivery_date'"):
        rice_plots.calendar_chart(households())
