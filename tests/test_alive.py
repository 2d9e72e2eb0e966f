"""Chapter 06, "Who is still a customer?": BG/NBD and Gamma-Gamma (crmkit.alive).

The published numbers come from the papers, not from the code under test:

* Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way: An Alternative to
  the Pareto/NBD Model", Marketing Science 24(2): the CDNOW 1/10 sample, 2,357 customers,
  39-week calibration period to 1997-09-30; r 0.243, alpha 4.414, a 0.793, b 2.426,
  log-likelihood -9582.4;
* Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value" (note): the 946 repeat
  buyers of the same sample; p 6.25, q 3.74, gamma 15.44;
* Fader, Hardie & Lee, "Implementing the BG/NBD Model for Customer Base Analysis in
  Excel" (note): the customer with x = 2, t_x = 30.43, T = 38.86 is expected to make 1.226
  purchases in the next 39 weeks;
* the published per-customer summary (x, t_x, T, zbar) shipped in data/cdnow/.

Elsewhere the tests hold the model's invariants and its refusals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import crmkit as ck
from crmkit import alive
from crmkit import plots as _plots  # noqa: F401  (ck.plots loads lazily)

CAL, HOLD = "1997-09-30", "1998-06-30"


@pytest.fixture(scope="module")
def cdnow():
    return ck.load_cdnow()


@pytest.fixture(scope="module")
def summary(cdnow):
    return ck.clv_summary(cdnow, CAL, amount="amount", holdout_end=HOLD)


@pytest.fixture(scope="module")
def bgnbd(summary):
    return ck.fit_bgnbd(summary)


@pytest.fixture(scope="module")
def spend(summary):
    return ck.fit_gamma_gamma(summary)


def _half_up(values: pd.Series) -> pd.Series:
    """Round to cents, halves up, as the published file does (22.345 -> 22.35)."""
    cents = np.round(values.to_numpy() * 100, 6)  # exact to the cent: amounts are cents
    return pd.Series(np.floor(cents + 0.5) / 100, index=values.index)


# --------------------------------------------------------------------------- the data
def test_cdnow_sample_is_the_published_one(cdnow):
    assert len(cdnow) == 6919 and cdnow["customer_id"].nunique() == 2357
    assert str(cdnow["order_date"].min().date()) == "1997-01-01"
    assert str(cdnow["order_date"].max().date()) == "1998-06-30"
    # first purchases all in the first quarter of 1997, as the sample was drawn
    first = cdnow.groupby("customer_id")["order_date"].min()
    assert first.max() < pd.Timestamp("1997-04-01")
    # the files are the ones shipped in the lifetimes 0.11.3 wheel, byte for byte
    import hashlib

    readme = (ck.data_dir() / "cdnow" / "README.md").read_text(encoding="utf-8")
    for name in ("CDNOW_sample.txt", "cdnow_customers_summary_with_transactions.csv"):
        digest = hashlib.sha256((ck.data_dir() / "cdnow" / name).read_bytes()).hexdigest()
        assert f"{digest}  {name}" in readme, name


# --------------------------------------------------------------------------- clv_summary
def test_clv_summary_reproduces_the_published_summary_exactly(summary):
    paper = ck.load_cdnow_summary()
    assert len(paper) == len(summary) == 2357
    assert summary.index.equals(paper.index)
    assert (summary["frequency"] == paper["x"]).all()
    assert (summary["recency"].round(2) == paper["t_x"]).all()
    assert (summary["T"].round(2) == paper["T"]).all()
    # the paper's zbar: mean of the repeat purchase days, same-day orders summed, in
    # cents rounded half up (plain rounding of floats gets 72 of them a cent low)
    assert (_half_up(summary["monetary"]) == paper["zbar"]).all()
    assert summary.loc[1, ["frequency", "recency", "T"]].round(2).tolist() == [2, 30.43, 38.86]
    assert summary.loc[1, "monetary"] == pytest.approx((29.73 + 14.96) / 2)  # 22.345


def test_clv_summary_holdout_counts_every_later_purchase_day(summary, cdnow):
    days = cdnow.assign(day=cdnow["order_date"].dt.normalize()).drop_duplicates(
        ["customer_id", "day"])
    later = days[days["day"] > pd.Timestamp(CAL)].groupby("customer_id").size()
    assert summary["frequency_holdout"].sum() == later.sum() == 1882
    assert (summary["duration_holdout"] == 39.0).all()  # 1997-10-01 .. 1998-06-30: 273 days


def test_clv_summary_counts_days_not_orders_and_leaves_out_later_customers():
    orders = pd.DataFrame({
        "customer_id": ["A", "A", "A", "B", "C"],
        "order_date": ["2024-01-01 09:00", "2024-01-01 18:00", "2024-01-08", "2024-01-03",
                       "2024-02-01"],
        "revenue": [10.0, 5.0, 7.0, 3.0, 9.0]})
    s = ck.clv_summary(orders, "2024-01-15", "D", holdout_end="2024-02-01")
    assert list(s.index) == ["A", "B"]  # C's first purchase is after the calibration end
    assert s.loc["A"].tolist() == [1, 7.0, 14.0, 7.0, 0, 0.0, 17.0]
    assert s.loc["B"].tolist() == [0, 0.0, 12.0, 0.0, 0, 0.0, 17.0]
    weeks = ck.clv_summary(orders, "2024-01-15")
    assert weeks.loc["A", "T"] == pytest.approx(2.0) and weeks.loc["A", "recency"] == 1.0
    months = ck.clv_summary(orders, "2024-01-15", "M", amount=None)
    assert months.loc["A", "T"] == pytest.approx(14 / (365.25 / 12))
    assert "monetary" not in months


def test_clv_summary_does_not_depend_on_the_row_order(cdnow):
    shuffled = cdnow.sample(frac=1.0, random_state=3)
    pd.testing.assert_frame_equal(ck.clv_summary(shuffled, CAL, amount="amount"),
                                  ck.clv_summary(cdnow, CAL, amount="amount"))


# --------------------------------------------------------------------------- BG/NBD
def test_bgnbd_reproduces_the_published_fit(bgnbd):
    assert {k: round(v, 3) for k, v in bgnbd.params.items()} == {
        "r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    assert round(bgnbd.log_likelihood, 1) == -9582.4
    assert bgnbd.customers == 2357


def test_bgnbd_fits_the_published_summary_file_the_same(bgnbd):
    paper = ck.fit_bgnbd(ck.load_cdnow_summary(), frequency="x", recency="t_x")
    assert paper.params == pytest.approx(bgnbd.params, rel=2e-3)
    assert round(paper.log_likelihood, 1) == -9582.4


def test_bgnbd_is_the_maximum_of_its_likelihood(summary, bgnbd):
    """The optimum is a true maximum: every nudge of a parameter lowers the likelihood,
    computed here term by term from the formula (not with the module's objective)."""
    from scipy.special import betaln, gammaln

    x = summary["frequency"].to_numpy(float)
    tx, T = summary["recency"].to_numpy(), summary["T"].to_numpy()

    def ll(r, alpha, a, b):
        one = (betaln(a, b + x) - betaln(a, b) + gammaln(r + x) - gammaln(r)
               + r * np.log(alpha) - (r + x) * np.log(alpha + T))
        two = np.where(x > 0, betaln(a + 1, b + np.maximum(x, 1) - 1) - betaln(a, b)
                       + gammaln(r + x) - gammaln(r) + r * np.log(alpha)
                       - (r + x) * np.log(alpha + tx), -np.inf)
        return np.log(np.exp(one) + np.exp(two)).sum()

    best = ll(**bgnbd.params)
    assert best == pytest.approx(bgnbd.log_likelihood, abs=1e-6)
    for name in bgnbd.params:
        for factor in (0.99, 1.01):
            nudged = {**bgnbd.params, name: bgnbd.params[name] * factor}
            assert ll(**nudged) < best


def test_published_conditional_expectation_of_customer_1(summary, bgnbd):
    one = summary.loc[[1]]
    assert round(float(bgnbd.expected_purchases(one, 39).iloc[0]), 3) == 1.226


def test_fit_does_not_depend_on_the_row_order(summary, bgnbd):
    assert ck.fit_bgnbd(summary.sample(frac=1.0, random_state=11)) == bgnbd


def test_p_alive_is_one_without_repeat_purchases_and_falls_with_silence(bgnbd):
    T = 39.0
    once = pd.DataFrame({"frequency": [0], "recency": [0.0], "T": [T]})
    assert bgnbd.p_alive(once).iloc[0] == 1.0
    for x in (1, 3, 10):
        recency = np.linspace(0, T, 40)
        p = bgnbd.p_alive(pd.DataFrame({"frequency": x, "recency": recency, "T": T}))
        assert (np.diff(p) > 0).all()  # more recent last purchase: more likely alive
        assert p.iloc[-1] == pytest.approx(1 / (1 + bgnbd.a / (bgnbd.b + x - 1)))
    # the same silence weighs more for a frequent buyer
    curve = bgnbd.p_alive_curve((1, 10), T=T)
    assert curve.loc[20.0, 10] < curve.loc[20.0, 1]
    assert curve.index[0] == 0 and curve.index[-1] == T


def test_p_alive_by_hand(bgnbd):
    r, alpha, a, b = bgnbd.r, bgnbd.alpha, bgnbd.a, bgnbd.b
    x, tx, T = 4, 20.0, 39.0
    by_hand = 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x))
    got = bgnbd.p_alive(pd.DataFrame({"frequency": [x], "recency": [tx], "T": [T]}))
    assert got.iloc[0] == pytest.approx(by_hand, rel=1e-12)


def test_expected_purchases_grow_with_the_horizon(summary, bgnbd):
    some = summary.iloc[:50]
    previous = bgnbd.expected_purchases(some, 0)
    assert (previous == 0).all()
    for periods in (1, 10, 39, 52, 200):
        now = bgnbd.expected_purchases(some, periods)
        assert (now >= previous).all() and (now > previous).any()
        previous = now
    # a new customer: the unconditional curve, from the hypergeometric formula directly
    from scipy.special import hyp2f1

    r, alpha, a, b = bgnbd.r, bgnbd.alpha, bgnbd.a, bgnbd.b
    t = np.array([1.0, 10.0, 39.0, 78.0])
    direct = (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r
                                      * hyp2f1(r, b, a + b - 1, t / (alpha + t)))
    assert bgnbd.repeat_purchases(t) == pytest.approx(direct, rel=1e-9)
    fresh = pd.DataFrame({"frequency": [0, 0], "recency": [0.0, 0.0], "T": [0.0, 0.0]})
    assert bgnbd.expected_purchases(fresh, 39).tolist() == pytest.approx(
        [bgnbd.repeat_purchases(39.0)] * 2)


def test_conditional_expectation_matches_the_textbook_form(bgnbd):
    """The Euler-transformed form equals the published equation (10) where both work."""
    from scipy.special import hyp2f1

    r, alpha, a, b = bgnbd.r, bgnbd.alpha, bgnbd.a, bgnbd.b
    x, tx, T, t = np.array([1.0, 3.0, 7.0]), np.array([5.0, 30.0, 35.0]), 38.0, 39.0
    p = 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x))
    paper = p * (a + b + x - 1) / (a - 1) * (
        1 - ((alpha + T) / (alpha + T + t)) ** (r + x)
        * hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t)))
    got = bgnbd.expected_purchases(pd.DataFrame({"frequency": x, "recency": tx, "T": T}), t)
    assert got.to_numpy() == pytest.approx(paper, rel=1e-9)


def test_simulated_customers_give_the_parameters_back(bgnbd):
    ages = np.tile(np.linspace(27.0, 39.0, 25), 1000)  # 25,000 customers, CDNOW-like ages
    drawn = bgnbd.simulate(ages, seed=1)
    assert len(drawn) == 25_000 and (drawn["recency"] <= drawn["T"]).all()
    assert drawn.equals(bgnbd.simulate(ages, seed=1))  # seeded
    again = ck.fit_bgnbd(drawn)
    for name, value in bgnbd.params.items():
        assert again.params[name] == pytest.approx(value, rel=0.15), name
    # the mean number of repeat purchases is the model's expectation
    mean = bgnbd.simulate(np.full(40_000, 39.0), seed=2)["frequency"].mean()
    assert mean == pytest.approx(float(bgnbd.repeat_purchases(39.0)), rel=0.03)


def test_tracking_adds_up_to_the_summary(cdnow, summary, bgnbd):
    track = bgnbd.tracking(cdnow, CAL, HOLD)
    assert len(track) == 78 and track["holdout"].sum() == 39
    assert track.loc[~track["holdout"], "actual"].sum() == summary["frequency"].sum() == 2457
    assert track.loc[track["holdout"], "actual"].sum() == summary["frequency_holdout"].sum()
    # the model's cumulative count at the calibration end: each customer's E[X(T)]
    at_end = bgnbd.repeat_purchases(summary["T"].to_numpy()).sum()
    assert track.loc[39, "expected_cumulative"] == pytest.approx(at_end)
    assert (track["expected"] >= 0).all()
    assert track["actual_cumulative"].iloc[-1] == 2457 + 1882
    # the calibration period alone
    short = bgnbd.tracking(cdnow, CAL)
    assert len(short) == 39 and not short["holdout"].any()


def test_model_tracks_the_cdnow_holdout(summary, bgnbd):
    """The published picture: per-customer forecasts of the 39 holdout weeks follow what
    the customers did, grouped by their calibration purchases (within 0.25 purchases)."""
    expected = bgnbd.expected_purchases(summary, 39)
    groups = summary["frequency"].clip(upper=7)
    actual_mean = summary["frequency_holdout"].groupby(groups).mean()
    expected_mean = expected.groupby(groups).mean()
    assert (abs(actual_mean - expected_mean) < 0.4).all()
    assert expected.sum() == pytest.approx(summary["frequency_holdout"].sum(), rel=0.15)


# --------------------------------------------------------------------------- Gamma-Gamma
def test_gamma_gamma_reproduces_the_published_fit(spend):
    assert {k: round(v, 2) for k, v in spend.params.items()} == {
        "p": 6.25, "q": 3.74, "gamma": 15.44}
    assert spend.customers == 946


def test_gamma_gamma_on_the_rounded_published_file_is_a_cent_off(spend):
    """The published zbar is rounded to cents; that moves gamma to 15.45 (the figure
    `lifetimes` documents), while the exact spend gives the paper's 15.44."""
    paper = ck.fit_gamma_gamma(ck.load_cdnow_summary(), frequency="x", monetary="zbar")
    assert round(paper.gamma, 2) == 15.45
    assert paper.params == pytest.approx(spend.params, rel=1e-3)


def test_expected_spend_shrinks_towards_the_population_mean(summary, spend):
    p, q, gamma = spend.p, spend.q, spend.gamma
    mean = p * gamma / (q - 1)
    got = spend.expected_spend(summary)
    once = summary["frequency"] == 0
    assert got[once].tolist() == pytest.approx([mean] * int(once.sum()))
    x, m = summary.loc[~once, "frequency"], summary.loc[~once, "monetary"]
    by_hand = (gamma + x * m) * p / (p * x + q - 1)
    assert got[~once].to_numpy() == pytest.approx(by_hand.to_numpy())
    # between the customer's own mean and the population mean
    low, high = np.minimum(m, mean), np.maximum(m, mean)
    assert ((got[~once] >= low - 1e-9) & (got[~once] <= high + 1e-9)).all()


# --------------------------------------------------------------------------- CLV
def test_forward_clv_adds_discounted_months(summary, bgnbd, spend):
    some = summary.iloc[:30]
    value = ck.forward_clv(some, margin_rate=0.3, discount=0.1, years=1, bgnbd=bgnbd,
                           spend=spend)
    # by hand, month by month, for customer 1
    one = some.loc[[1]]
    weeks = np.arange(13) * (365.25 / 12) / 7
    ahead = np.array([bgnbd.expected_purchases(one, w).iloc[0] for w in weeks])
    by_hand = sum((ahead[i] - ahead[i - 1]) / 1.1 ** (i / 12) for i in range(1, 13))
    by_hand *= spend.expected_spend(one).iloc[0] * 0.3
    assert value.loc[1, "clv"] == pytest.approx(by_hand, rel=1e-9)
    assert value.loc[1, "expected_purchases"] == pytest.approx(ahead[-1])
    # margin scales it, discounting lowers it, a longer horizon raises it
    double = ck.forward_clv(some, margin_rate=0.6, bgnbd=bgnbd, spend=spend)
    assert double["clv"].to_numpy() == pytest.approx(2 * value["clv"].to_numpy())
    none = ck.forward_clv(some, margin_rate=0.3, discount=0.0, bgnbd=bgnbd, spend=spend)
    assert (none["clv"] > value["clv"]).all()
    longer = ck.forward_clv(some, margin_rate=0.3, years=3, bgnbd=bgnbd, spend=spend)
    assert (longer["clv"] > value["clv"]).all()
    assert list(value.columns) == ["p_alive", "expected_purchases", "expected_spend", "clv"]


def test_forward_clv_fits_both_models_when_not_given(summary, bgnbd, spend):
    alone = ck.forward_clv(summary, margin_rate=0.3)
    given = ck.forward_clv(summary, margin_rate=0.3, bgnbd=bgnbd, spend=spend)
    pd.testing.assert_frame_equal(alone, given)


# --------------------------------------------------------------------------- refusals
def _run_fix(err: ck.CRMDataError, summary: pd.DataFrame) -> pd.DataFrame:
    """Run the code of the message's fix (between backticks) on ``summary``."""
    code = str(err).rsplit("`", 2)[-2]
    scope = {"summary": summary.copy(), "ck": ck, "pd": pd, "np": np}
    exec(code, scope)
    return scope["summary"]


GOOD = pd.DataFrame({"frequency": [2, 0, 5, 1], "recency": [10.0, 0.0, 30.0, 3.0],
                     "T": [30.0, 20.0, 31.0, 10.0], "monetary": [20.0, 0.0, 35.0, 12.0]},
                    index=pd.Index(["A", "B", "C", "D"], name="customer_id"))


@pytest.mark.parametrize("column, value, words", [
    ("frequency", -1, "must not be negative"),
    ("frequency", 1.5, "whole numbers"),
    ("recency", 40.0, "larger than 'T'"),
    ("frequency", 0, "recency > 0"),
])
def test_bgnbd_refuses_what_it_cannot_take_and_the_fix_works(column, value, words):
    bad = GOOD.astype({"frequency": float})
    bad.loc["A", column] = value
    with pytest.raises(ck.CRMDataError, match=words) as err:
        ck.fit_bgnbd(bad)
    message = str(err.value)
    assert message.startswith("fit_bgnbd: ") and "A" in message and "Fix:" in message
    assert err.value.zh and "修正：" in err.value.zh
    if "summary = " in message:  # the literal fix leaves data the checks accept
        alive._rfm_inputs(_run_fix(err.value, bad), "frequency", "recency", "T",
                          fitting=False)


def test_no_repeat_buyers_is_refused_by_both_models():
    nobody = GOOD.assign(frequency=0, recency=0.0, monetary=0.0)
    with pytest.raises(ck.CRMDataError, match="no customer in the summary has a repeat"):
        ck.fit_bgnbd(nobody)
    with pytest.raises(ck.CRMDataError, match="no customer in the summary has a repeat"):
        ck.fit_gamma_gamma(nobody)


def test_gamma_gamma_refuses_repeat_purchases_worth_nothing_and_the_fix_works():
    bad = GOOD.copy()
    bad.loc["C", "monetary"] = 0.0
    with pytest.raises(ck.CRMDataError, match=r"'monetary' is 0 for repeat buyers \(row C\)"):
        ck.fit_gamma_gamma(bad)
    with pytest.raises(ck.CRMDataError) as err:
        ck.fit_gamma_gamma(bad)
    fixed = _run_fix(err.value, bad)
    assert list(fixed.index) == ["A", "B", "D"]


def test_too_few_customers_are_refused_not_fitted_to_nonsense():
    with pytest.raises(ck.CRMDataError, match="could not be fitted to this 1 customer"):
        ck.fit_bgnbd(GOOD.iloc[[0]])
    with pytest.raises(ck.CRMDataError, match="could not be fitted to these 2 customers"):
        ck.fit_bgnbd(GOOD.iloc[[0, 0]])
    # four customers do pin it down (an interior maximum), however loosely
    assert ck.fit_bgnbd(GOOD).customers == 4


def test_clv_summary_refuses_dates_outside_the_data(cdnow):
    with pytest.raises(ck.CRMDataError, match="before the first purchase"):
        ck.clv_summary(cdnow, "1996-12-31", amount="amount")
    with pytest.raises(ck.CRMDataError, match="after the last date in the data") as err:
        ck.clv_summary(cdnow, CAL, amount="amount", holdout_end="1998-12-31")
    assert "holdout_end='1998-06-30'" in str(err.value)
    with pytest.raises(ck.CRMDataError, match="after the last date in the data"):
        ck.clv_summary(cdnow, "1999-01-01", amount="amount")
    with pytest.raises(ck.CRMDataError, match="must be after calibration_end"):
        ck.clv_summary(cdnow, CAL, amount="amount", holdout_end="1997-09-30")
    with pytest.raises(ck.CRMDataError, match="unit='weeks' is not valid"):
        ck.clv_summary(cdnow, CAL, "weeks", amount="amount")
    with pytest.raises(ck.CRMDataError, match="column 'revenue' not found"):
        ck.clv_summary(cdnow, CAL)



def test_the_holdout_fix_works_when_followed_literally():
    orders = pd.DataFrame({"customer_id": ["A", "A", "A", "B", "B"],
                           "order_date": ["2024-01-01", "2024-01-15", "2024-02-20",
                                          "2024-01-08", "2024-02-12"]})
    with pytest.raises(ck.CRMDataError, match="holdout_end='2024-02-20'"):
        ck.clv_summary(orders, "2024-02-01", amount=None, holdout_end="2024-01-20")
    assert ck.clv_summary(orders, "2024-02-01", amount=None,
                          holdout_end="2024-02-20")["frequency_holdout"].tolist() == [1, 1]
    # calibration_end is the last day: no later holdout_end exists, so the fix moves it
    with pytest.raises(ck.CRMDataError, match="must be after calibration_end") as err:
        ck.clv_summary(orders, "2024-02-20", amount=None, holdout_end="2024-02-10")
    assert "calibration_end='2024-02-03', holdout_end='2024-02-20'" in str(err.value)
    assert ck.clv_summary(orders, "2024-02-03", amount=None,
                          holdout_end="2024-02-20")["frequency_holdout"].tolist() == [1, 1]

def test_forward_clv_refuses_a_percentage_and_a_model_of_the_wrong_kind(summary, bgnbd):
    with pytest.raises(ck.CRMDataError, match="margin_rate=0.3"):
        ck.forward_clv(summary, margin_rate=30)
    with pytest.raises(ck.CRMDataError, match="bgnbd=ck.fit_bgnbd"):
        ck.forward_clv(summary, margin_rate=0.3, bgnbd={"r": 0.2})
    with pytest.raises(ck.CRMDataError, match="spend=ck.fit_gamma_gamma"):
        ck.forward_clv(summary, margin_rate=0.3, bgnbd=bgnbd, spend=bgnbd)


def test_model_methods_check_their_summary(bgnbd):
    with pytest.raises(ck.CRMDataError, match=r"^p_alive: column 'recency' not found"):
        bgnbd.p_alive(GOOD.rename(columns={"recency": "r"}))
    with pytest.raises(ck.CRMDataError, match="periods must lie in"):
        bgnbd.expected_purchases(GOOD, -1)
    with pytest.raises(ck.CRMDataError, match="0 or more"):
        bgnbd.repeat_purchases([-1.0])


# --------------------------------------------------------------------------- charts
@pytest.mark.filterwarnings("error")  # e.g. a glyph missing from the font
@pytest.mark.parametrize("language", ["en", "zh"])
def test_plots_draw_in_both_languages(language, cdnow, bgnbd):
    ax = ck.plots.p_alive_chart(bgnbd.p_alive_curve((1, 3, 10), T=39), language=language)
    assert ax.get_title() == ck.label("ui.who_is_alive", language=language)
    assert ax.get_xlabel() == ck.label("ui.since_last_purchase_w", language=language)
    assert len(ax.get_lines()) == 3
    track = bgnbd.tracking(cdnow, CAL, HOLD)
    ax = ck.plots.tracking_chart(track, language=language)
    assert ax.get_ylabel() == ck.label("ui.cumulative_repeat_purchases", language=language)
    ax = ck.plots.tracking_chart(track, cumulative=False, unit="W", language=language)
    assert ax.get_ylabel() == ck.label("repeat_purchases", language=language)


def test_charts_refuse_frames_they_cannot_draw(bgnbd):
    with pytest.raises(ck.CRMDataError, match=r"Fix: draw `model.tracking\(transactions"):
        ck.plots.tracking_chart(bgnbd.p_alive_curve())
    with pytest.raises(ck.CRMDataError, match="unit='X' is not valid"):
        ck.plots.p_alive_chart(bgnbd.p_alive_curve(), unit="X")


def test_tracking_keeps_whole_periods_only():
    """2025 is 52 weeks and a day: the day is left out, not drawn as a collapsing week."""
    orders = ck.load_transactions()
    summary = ck.clv_summary(orders, "2024-12-31", holdout_end="2025-12-31")
    track = ck.fit_bgnbd(summary).tracking(orders, "2024-12-31", "2025-12-31")
    assert track["holdout"].sum() == 52
    days = orders.assign(day=orders["order_date"].dt.normalize()).drop_duplicates(
        ["customer_id", "day"])
    last_day = days[(days["day"] == "2025-12-31") & days["customer_id"].isin(summary.index)]
    assert (track.loc[track["holdout"], "actual"].sum()
            == summary["frequency_holdout"].sum() - len(last_day))
    assert track["expected"].iloc[-1] > 0.5 * track["expected"].iloc[-2]
