"""Chapter 06's retention-programme explorer: a thin layer over crmkit.retention_programme."""

import ipywidgets as w
import pytest

import crmkit as ck
from crmkit.widgets.retention import ProgrammeExplorer, programme_explorer


def test_programme_explorer_shows_values_and_break_even():
    explorer = programme_explorer(retention=0.6, margin=300, cost=30, gain=0.08, discount=0.1)
    assert isinstance(explorer, ProgrammeExplorer) and isinstance(explorer, w.VBox)
    # without: 300 x 1.1 / 0.5 = 660; with: 270 x 1.1 / 0.42 = 707.14; break-even 0.5 x 0.1
    assert explorer.result["clv_without"] == pytest.approx(660.0)
    assert explorer.result["clv_with"] == pytest.approx(270 * 1.1 / 0.42)
    assert explorer.summary().splitlines() == [
        "retention rate 60% · margin per period (yuan) 300 · discount rate 10% · programme cost "
        "per period (yuan) 30 · retention gain (percentage points) +8",
        "value per customer without the programme 660 yuan, with it 707 yuan (+47 yuan)",
        "break-even: retention must rise by 5.0 points, to 65.0%",
    ]
    assert bytes(explorer.chart.value).startswith(b"\x89PNG")


def test_moving_sliders_recomputes_and_redraws():
    explorer = programme_explorer(retention=0.6, margin=300, cost=30, gain=0.08)
    chart = explorer.chart.value
    explorer.gain.value = 0.03  # below the break-even 5 points: value falls
    assert explorer.result["value_change"] < 0
    assert explorer.chart.value != chart
    explorer.cost.value = 60
    assert explorer.result["break_even_gain"] == pytest.approx(0.10)
    explorer.cost.value = 300  # as much as the margin: no gain can pay
    assert explorer.summary().splitlines()[-1].startswith("no rise in retention")
    explorer.retention.value = 0.95
    explorer.gain.value = 0.30  # held below a retention of 1
    assert explorer.result["break_even_retention"] > 0.95


def test_chinese_summary_and_bad_input():
    ck.set_language("zh")
    explorer = programme_explorer(retention=0.6, margin=300, cost=30, gain=0.08)
    assert explorer.summary().splitlines()[-1] == "盈亏平衡：保持率须提高 5.0 个百分点，达到 65.0%"
    with pytest.raises(ck.CRMDataError, match="retention"):
        programme_explorer(retention=80)
    with pytest.raises(ck.CRMDataError, match="0.5") as err:
        programme_explorer(gain=0.5)
    assert "gain" in err.value.en and "提升" in str(err.value)
