"""Chapter 06's explorer: purchase count and time since the last purchase → P(alive).

The expected numbers are the BG/NBD formula written out by hand with the fitted
CDNOW parameters, not taken from the explorer."""

import ipywidgets as w
import pandas as pd
import pytest

import crmkit as ck
from crmkit.widgets.alive import PAliveExplorer, p_alive_explorer

PNG = b"\x89PNG"


@pytest.fixture(scope="module")
def model():
    return ck.fit_bgnbd(ck.clv_summary(ck.load_cdnow(), "1997-09-30", amount="amount"))


def _by_hand(model, x, since, T):
    r, alpha, a, b = model.r, model.alpha, model.a, model.b
    return 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + T - since)) ** (r + x))


def test_explorer_answers_from_code(model):
    explorer = p_alive_explorer(model, T=39, frequency=2, since=8)
    assert isinstance(explorer, PAliveExplorer) and isinstance(explorer, w.VBox)
    assert explorer.p_alive == pytest.approx(_by_hand(model, 2, 8, 39))
    assert bytes(explorer.chart.value).startswith(PNG)
    before = explorer.p_alive
    explorer.since.value = 30
    assert explorer.p_alive == pytest.approx(_by_hand(model, 2, 30, 39))
    assert explorer.p_alive < before
    explorer.frequency.value = 10
    assert explorer.p_alive == pytest.approx(_by_hand(model, 10, 30, 39))
    assert list(explorer.curve.columns) == [10]
    assert explorer.summary().startswith("10 repeat purchases, the last 30 weeks ago, watched")
    assert f"P(alive) {explorer.p_alive:.0%}" in explorer.summary()


def test_a_one_time_buyer_is_always_alive_in_this_model(model):
    explorer = p_alive_explorer(model, T=39, frequency=0, since=5)
    assert explorer.p_alive == 1.0
    assert "bought once" in explorer.summary()
    # next year's forecast: a customer alive now, watched 39 weeks, for 365.25 / 7 weeks
    once = pd.DataFrame({"frequency": [0], "recency": [0.0], "T": [39.0]})
    assert explorer.expected == pytest.approx(model.expected_purchases(once, 365.25 / 7).iloc[0])


def test_explorer_in_chinese(model):
    ck.set_language("zh")
    explorer = p_alive_explorer(model, T=39, frequency=3, since=4)
    assert "次重复购买" in explorer.summary() and "存活概率" in explorer.summary()
    assert explorer.since.description == "距上次购买的周数"


@pytest.mark.parametrize("kwargs, words", [
    ({"model": {"r": 1}}, "model=ck.fit_bgnbd"),
    ({"T": 0}, "T must lie in"),
    ({"since": 60}, "since must lie in"),
    ({"unit": "weeks"}, "unit='weeks' is not valid"),
    ({"frequency": -1}, "frequency must lie in"),
])
def test_explorer_refuses_bad_settings(model, kwargs, words):
    with pytest.raises(ck.CRMDataError, match=words):
        p_alive_explorer(**{"model": model, "T": 39, **kwargs})
