"""Chapter 01's ladder explorer (crmkit.widgets.ladder) over ck.ladder_what_if.

Expected counts are worked out by hand from the chain rule of the ladder (each rung =
the rung above × the conversion into it), not by the functions under test.
"""

import ipywidgets as w
import pytest

import crmkit as ck
from crmkit import CRMDataError
from crmkit.widgets.ladder import LadderExplorer, ladder_explorer

PNG = b"\x89PNG"
# 10,000 suspects -> 2,000 prospects (20%) -> 1,000 buyers (50%) -> 400 repeat (40%)
# -> 100 loyal (25%) -> 60 members (60%) -> 15 advocates (25%)
COUNTS = {"suspect": 10_000, "qualified_prospect": 2_000, "first_time_buyer": 1_000,
          "repeat_buyer": 400, "loyal_customer": 100, "member": 60, "advocate": 15}
FUNNEL = ck.ladder_funnel(COUNTS)


def test_explorer_starts_from_the_funnel_and_reports_members_and_advocates():
    explorer = ladder_explorer(FUNNEL, lift="loyal_customer", points=0.05)
    assert isinstance(explorer, LadderExplorer) and isinstance(explorer, w.VBox)
    assert list(explorer.rates) == list(COUNTS)[1:]
    assert explorer.rates["member"].value == pytest.approx(0.6)
    assert explorer.summary().splitlines() == [
        "With today's rates: member 60 · advocate 15",
        "Raising the conversion into loyal customer by 5 points: member 72 (+12) · "
        "advocate 18 (+3)",
    ]
    assert bytes(explorer.chart.value).startswith(PNG)
    assert explorer._repr_mimebundle_()["text/plain"] == explorer.summary()


def test_moving_a_slider_recomputes_everything_below():
    explorer = ladder_explorer(FUNNEL, lift="member")
    chart = explorer.chart.value
    explorer.rates["repeat_buyer"].value = 0.2  # half the repeat buyers
    assert explorer.table.loc["member", "count"] == pytest.approx(30)
    assert explorer.table.loc["first_time_buyer", "count"] == pytest.approx(1000)
    assert explorer.chart.value != chart
    explorer.lift.value = "qualified_prospect"
    explorer.points.value = 0.10  # 20% -> 30%: every rung below x 1.5
    assert explorer.table.loc["advocate", "lifted_count"] == pytest.approx(7.5 * 1.5)
    assert "by 10 points" in explorer.summary()


def test_the_default_rung_to_raise_is_the_lowest_rate():
    assert ladder_explorer(FUNNEL).lift.value == "qualified_prospect"  # 20%, the lowest


def test_explorer_speaks_chinese():
    ck.set_language("zh")
    explorer = ladder_explorer(FUNNEL, lift="loyal_customer")
    assert explorer.rates["member"].description == "会员"
    assert explorer.summary().splitlines()[0] == "按当前转化率：会员 60 · 拥护者 15"
    assert "把升到“忠诚客户”的转化率提高 5 个百分点" in explorer.summary()


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"lift": "suspect"}, "is the top rung"),
    ({"points": 0.5}, "points must lie in"),
    ({"points": "a lot"}, "points must be a number"),
])
def test_explorer_refuses_bad_settings(kwargs, message):
    with pytest.raises(CRMDataError, match=message):
        ladder_explorer(FUNNEL, **kwargs)
    with pytest.raises(CRMDataError, match="at least two rungs"):
        ladder_explorer(ck.ladder_funnel({"member": 10}))
