"""The lead-score explorer: a thin layer over lead_score and lead_rule_quality."""

import pytest

import crmkit as ck
from crmkit import identify
from crmkit.errors import CRMDataError
from crmkit.widgets.identify import lead_score_explorer


def test_explorer_matches_the_pure_functions():
    leads = ck.load_leads()
    box = lead_score_explorer(leads, threshold=70)
    expected = identify.lead_rule_quality(identify.lead_score(leads), 70)
    assert box.quality.to_dict() == expected.to_dict()
    box.points["need"].value = 0
    box.threshold.value = 50
    weights = dict(identify.DEFAULT_LEAD_POINTS, need=0)
    again = identify.lead_rule_quality(identify.lead_score(leads, weights), 50)
    assert box.quality.to_dict() == again.to_dict()
    assert f"{int(again['qualifying'])} of 900" in box.summary()


def test_explorer_survives_all_points_at_zero_and_speaks_chinese():
    ck.set_language("zh")
    try:
        box = lead_score_explorer(ck.load_leads())
        for slider in box.points.values():
            slider.value = 0
        assert "精确率" in box.summary() and box.chart.value  # still draws
    finally:
        ck.set_language("en")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"threshold": 72}, "multiple of 5"),
    ({"threshold": 120}, "threshold"),
    ({"weights": {"need": 50}}, "weights"),
    ({"weights": []}, "mapping"),
    ({"outcome": "bought"}, "'bought' not found"),
])
def test_explorer_refuses_bad_settings(kwargs, message):
    with pytest.raises(CRMDataError, match=message):
        lead_score_explorer(ck.load_leads(), **kwargs)
