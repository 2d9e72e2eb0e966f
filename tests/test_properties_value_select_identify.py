"""Property tests (hypothesis) for crmkit.value, crmkit.select and crmkit.identify.

Two kinds of property:

* **bad input never escapes as anything but CRMDataError** — random frames are
  spoiled in one of many ways a student might manage (a missing column, text or
  NaN or a negative number among amounts, an empty frame, an unparseable date,
  a missing id, ``as_of`` before the data, percentages instead of fractions,
  cut-offs that do not add up) and fed to every public function;
* **invariants hold on good input** — scores within 1..bins, shares adding up to
  100%, counts conserved, the same answer whatever the row order, inputs unchanged.
"""

import copy
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmkit import identify, select, value
from crmkit.errors import CRMDataError

# Any warning (an overflow, a pandas FutureWarning) is a failure here too.
pytestmark = pytest.mark.filterwarnings("error")

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

IDS = st.sampled_from([f"C{i}" for i in range(1, 9)])
DAYS = st.dates(min_value=date(2023, 1, 1), max_value=date(2025, 12, 31))
MONEY = st.integers(min_value=0, max_value=2_000_000).map(lambda cents: cents / 100)


@st.composite
def orders(draw, min_size=1, max_size=40):
    """A valid transactions frame in the sample data's shape."""
    rows = draw(st.lists(st.tuples(IDS, DAYS, MONEY, MONEY, st.booleans(), st.booleans()),
                         min_size=min_size, max_size=max_size))
    frame = pd.DataFrame(rows, columns=["customer_id", "order_date", "revenue", "cost",
                                        "returned", "unpaid"])
    frame["order_date"] = pd.to_datetime(frame["order_date"])
    frame["discount"] = (frame["revenue"] * 0.05).round(2)
    if draw(st.booleans()):  # dates as text, as read from a CSV without parse_dates
        frame["order_date"] = frame["order_date"].dt.strftime("%Y-%m-%d")
    return frame


SPOILS = [
    "drop_customer", "drop_date", "drop_amount", "drop_cost", "drop_flag", "text_amount",
    "nan_amount", "inf_amount", "negative_amount", "huge_amount", "empty", "bad_date",
    "missing_date", "far_date", "numeric_dates", "missing_id", "mixed_ids", "bad_flag",
    "nullable_na_amount", "not_a_frame", "duplicate_column",
]


def spoil(frame: pd.DataFrame, how: str, row: int):
    """Return a copy of ``frame`` damaged in one way (row picks the damaged row)."""
    bad = frame.copy()
    row = row % len(bad)
    label = bad.index[row]
    if how.startswith("drop_"):
        column = {"customer": "customer_id", "date": "order_date", "amount": "revenue",
                  "cost": "cost", "flag": "returned"}[how[5:]]
        return bad.drop(columns=column)
    if how in ("text_amount", "nan_amount", "inf_amount", "negative_amount", "huge_amount"):
        new = {"text_amount": "12,50 yuan", "nan_amount": np.nan, "inf_amount": np.inf,
               "negative_amount": -5.0, "huge_amount": 1e300}[how]
        column = bad["revenue"].astype(object) if how == "text_amount" else bad["revenue"]
        column = column.copy()
        column.loc[label] = new
        bad["revenue"] = column
        return bad
    if how == "nullable_na_amount":
        bad["revenue"] = pd.array(bad["revenue"].round(0).astype("int64"), dtype="Int64")
        bad.loc[label, "revenue"] = pd.NA
        return bad
    if how == "empty":
        return bad.iloc[:0]
    if how in ("bad_date", "missing_date", "far_date"):
        dates = bad["order_date"].astype(str).astype(object)
        dates.loc[label] = {"bad_date": "2025-02-30", "missing_date": None,
                            "far_date": "9999-12-31"}[how]
        bad["order_date"] = dates
        return bad
    if how == "numeric_dates":
        bad["order_date"] = np.arange(len(bad))
        return bad
    if how in ("missing_id", "mixed_ids"):
        ids = bad["customer_id"].astype(object)
        ids.loc[label] = None if how == "missing_id" else 7
        bad["customer_id"] = ids
        return bad
    if how == "bad_flag":
        flags = bad["returned"].astype(object)
        flags.loc[label] = "maybe"
        bad["returned"] = flags
        return bad
    if how == "not_a_frame":
        return bad.to_dict("list")
    if how == "duplicate_column":
        return pd.concat([bad, bad[["revenue"]]], axis=1)
    raise AssertionError(how)


def only_crm_errors(call, *args, **kwargs):
    """Run ``call``; a CRMDataError is an acceptable answer, anything else fails the test."""
    try:
        return call(*args, **kwargs)
    except CRMDataError as err:
        assert str(err)  # every message says something
        return None


FRAME_FUNCTIONS = [
    ("rfm_scores", value.rfm_scores, {}),
    ("pareto_curve", select.pareto_curve, {}),
    ("top_share", select.top_share, {}),
    ("abc_classes", select.abc_classes, {}),
    ("pyramid_tiers", select.pyramid_tiers, {}),
    ("value_matrix", select.value_matrix, {}),
    ("cost_to_serve", select.cost_to_serve, {}),
]


@SETTINGS
@given(frame=orders(), how=st.sampled_from(SPOILS), row=st.integers(0, 100),
       which=st.sampled_from(range(len(FRAME_FUNCTIONS))))
def test_spoiled_transactions_raise_only_crm_errors(frame, how, row, which):
    _, func, kwargs = FRAME_FUNCTIONS[which]
    bad = spoil(frame, how, row)
    kept = copy.deepcopy(bad)
    only_crm_errors(func, bad, **kwargs)
    if isinstance(bad, pd.DataFrame):
        pd.testing.assert_frame_equal(bad, kept)


HOSTILE_NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**6),
    st.text(max_size=4), st.none(), st.booleans(), st.just([0.5]))


@SETTINGS
@given(frame=orders(), as_of=st.one_of(st.none(), DAYS.map(str), st.just("2022-12-31"),
                                        st.just("not a day"), st.integers(-5, 5)),
       bins=st.one_of(st.integers(-2, 12), st.floats(0, 12), st.text(max_size=2)),
       cutoffs=st.one_of(st.lists(st.floats(-1, 100), min_size=0, max_size=5),
                         st.just((80, 15, 5)), st.just((0.8, 0.15))),
       top=HOSTILE_NUMBERS, window=HOSTILE_NUMBERS, threshold=HOSTILE_NUMBERS)
def test_hostile_arguments_raise_only_crm_errors(frame, as_of, bins, cutoffs, top, window,
                                                  threshold):
    kept = copy.deepcopy(frame)
    only_crm_errors(value.rfm_scores, frame, as_of=as_of, bins=bins)
    only_crm_errors(select.abc_classes, frame, cutoffs=cutoffs)
    only_crm_errors(select.pyramid_tiers, frame, shares=cutoffs)
    only_crm_errors(select.top_share, frame, top)
    only_crm_errors(select.value_matrix, frame, as_of=as_of, window_days=window,
                    current_threshold=threshold)
    only_crm_errors(select.cost_to_serve, frame, return_handling_cost=threshold)
    pd.testing.assert_frame_equal(frame, kept)


@SETTINGS
@given(args=st.lists(HOSTILE_NUMBERS, min_size=8, max_size=8), periods=st.one_of(
    st.none(), st.integers(-3, 50), st.floats(allow_nan=True), st.text(max_size=2)))
def test_scalar_functions_raise_only_crm_errors(args, periods):
    only_crm_errors(value.clv_seed, *args[:4])
    only_crm_errors(value.acquisition_cost, *args[:2])
    result = only_crm_errors(value.clv, *args[:3], periods=periods)
    assert result is None or np.isfinite(result)
    only_crm_errors(value.clv_table, *args[:3])
    only_crm_errors(value.accumulation_table, args[0], (args[1], args[2]), args[3])
    only_crm_errors(value.delivered_value, *args)
    only_crm_errors(value.lifetime_totals, {"A": args[:3]})


# ---------------------------------------------------------------------------
# Invariants on good input
# ---------------------------------------------------------------------------

@SETTINGS
@given(frame=orders(), bins=st.integers(2, 9), seed=st.integers(0, 2**16))
def test_rfm_invariants(frame, bins, seed):
    kept = copy.deepcopy(frame)
    scores = value.rfm_scores(frame, bins=bins)
    pd.testing.assert_frame_equal(frame, kept)
    assert len(scores) == frame["customer_id"].nunique()
    for col in "RFM":
        assert scores[col].between(1, bins).all()
    assert scores["frequency"].sum() == len(frame)
    assert scores["monetary"].sum() == pytest.approx(frame["revenue"].sum(), abs=1e-6)
    assert (scores["recency_days"] >= 1).all()
    assert scores["segment"].notna().all()
    # better raw values never get worse scores
    for raw, col, sign in (("recency_days", "R", -1), ("frequency", "F", 1),
                           ("monetary", "M", 1)):
        ordered = scores.sort_values(raw)[col].to_numpy() * sign
        assert (np.diff(ordered) >= 0).all()
    shuffled = frame.sample(frac=1, random_state=seed).reset_index(drop=True)
    pd.testing.assert_frame_equal(value.rfm_scores(shuffled, bins=bins), scores)
    summary = value.rfm_segment_summary(scores)
    assert summary["customers"].sum() == len(scores)
    assert summary["customer_share"].sum() == pytest.approx(1)


@SETTINGS
@given(purchases=st.lists(st.tuples(DAYS, MONEY), min_size=1, max_size=6),
       others=orders(max_size=20), seed=st.integers(0, 2**16))
def test_identical_customers_always_score_alike(purchases, others, seed):
    rows = [("twin_x", d, a) for d, a in purchases]
    rows += [("twin_y", d, a) for d, a in reversed(purchases)]
    twins = pd.DataFrame(rows, columns=["customer_id", "order_date", "revenue"])
    twins["order_date"] = pd.to_datetime(twins["order_date"])
    rest = others[["customer_id", "order_date", "revenue"]].assign(
        order_date=lambda d: pd.to_datetime(d["order_date"]))
    frame = pd.concat([twins, rest]).sample(frac=1, random_state=seed)
    scores = value.rfm_scores(frame).set_index("customer_id")
    x, y = scores.loc["twin_x"], scores.loc["twin_y"]
    assert x.equals(y)


@SETTINGS
@given(frame=orders(), cut=st.sampled_from([(0.8, 0.15, 0.05), (0.5, 0.5), (0.6, 0.2, 0.1, 0.1)]))
def test_abc_invariants(frame, cut):
    if frame["revenue"].sum() == 0:
        with pytest.raises(CRMDataError):
            select.abc_classes(frame, cutoffs=cut)
        return
    classes = select.abc_classes(frame, cutoffs=cut)
    assert len(classes) == frame["customer_id"].nunique()
    codes = classes["abc_class"].cat.codes.to_numpy()
    assert (np.diff(codes) >= 0).all()  # ranked best first, classes never go back up
    same = classes.groupby("revenue")["abc_class"].nunique()
    assert (same == 1).all()  # equal values share a class
    summary = select.abc_summary(classes)
    assert len(summary) == len(cut)
    assert summary["customers"].sum() == len(classes)
    assert summary["customer_share"].sum() == pytest.approx(1)
    assert summary["revenue_share"].sum() == pytest.approx(1)
    assert summary["revenue_share"].iloc[0] >= cut[0] - 1e-9  # A reaches its share


@SETTINGS
@given(frame=orders(), shares=st.sampled_from([(0.01, 0.19, 0.30, 0.50), (0.2, 0.8)]))
def test_pyramid_invariants(frame, shares):
    labels = None if len(shares) == 4 else ["key", "rest"]
    tiers = select.pyramid_tiers(frame, shares=shares, labels=labels)
    n = frame["customer_id"].nunique()
    assert len(tiers) == n
    codes = tiers["tier"].cat.codes.to_numpy()
    assert (np.diff(codes) >= 0).all()
    assert (tiers.groupby("revenue")["tier"].nunique() == 1).all()
    summary = select.pyramid_summary(tiers)
    assert summary["customers"].sum() == n
    if tiers["revenue"].is_unique:  # without ties the counts are the rounded targets
        bounds = np.floor(n * np.cumsum(shares) + 0.5 + 1e-9).astype(int)
        bounds[-1] = n
        assert summary["customers"].tolist() == np.diff(np.concatenate([[0], bounds])).tolist()


@SETTINGS
@given(frame=orders(), top=st.floats(0, 1))
def test_pareto_invariants(frame, top):
    if frame["revenue"].sum() == 0:
        return
    curve = select.pareto_curve(frame)
    assert (np.diff(curve["cum_revenue_share"]) >= 0).all()
    assert curve["cum_revenue_share"].iloc[-1] == pytest.approx(1)
    assert curve["cum_customer_share"].iloc[-1] == pytest.approx(1)
    share = select.top_share(frame, top)
    assert top - 1e-12 <= share + 1e-12 <= 1 + 1e-9  # the best x% bring at least x%


@SETTINGS
@given(frame=orders(), as_of=st.one_of(st.none(), st.just("2025-12-31")))
def test_value_matrix_and_cost_invariants(frame, as_of):
    kept = copy.deepcopy(frame)
    matrix = select.value_matrix(frame, as_of=as_of)
    assert len(matrix) == frame["customer_id"].nunique()
    assert (matrix["potential_value"] >= 0).all()
    high_c = matrix["current_value"] > matrix["current_threshold"]
    assert ((matrix["quadrant"] == "VIP") <= high_c).all()
    again = select.value_quadrants(matrix.drop(columns=["quadrant", "current_threshold",
                                                        "potential_threshold"]))
    pd.testing.assert_frame_equal(again[matrix.columns], matrix)
    costs = select.cost_to_serve(frame)
    assert costs["orders"].sum() == len(frame)
    assert costs["revenue"].sum() == pytest.approx(frame["revenue"].sum())
    net = costs["gross_margin"] - costs["return_cost"] - costs["bad_debt"] - costs["service_cost"]
    np.testing.assert_allclose(costs["net_value"], net, atol=1e-3)
    assert (costs["unprofitable"] == (costs["net_value"] < 0)).all()
    pd.testing.assert_frame_equal(frame, kept)


# ---------------------------------------------------------------------------
# identify
# ---------------------------------------------------------------------------

SIGNALS = list(identify.DEFAULT_LEAD_POINTS)
CELLS = st.one_of(st.booleans(), st.sampled_from(["yes", "no", "maybe", "", "1", "0"]),
                  st.none(), st.integers(-1, 2), st.floats(allow_nan=True))


@SETTINGS
@given(rows=st.lists(st.lists(CELLS, min_size=len(SIGNALS), max_size=len(SIGNALS)),
                     min_size=0, max_size=12),
       drop=st.sampled_from([None, *SIGNALS]))
def test_leads_raise_only_crm_errors(rows, drop):
    leads = pd.DataFrame(rows, columns=SIGNALS)
    if drop:
        leads = leads.drop(columns=drop)
    kept = copy.deepcopy(leads)
    scored = only_crm_errors(identify.lead_score, leads)
    if scored is not None:
        assert scored["lead_score"].between(0, 100).all()
    man = only_crm_errors(identify.man_qualify, leads)
    if man is not None:
        assert man["man_code"].isin(list(identify.MAN_ACTIONS)).all()
    pd.testing.assert_frame_equal(leads, kept)


TEXT = st.one_of(st.none(), st.text(max_size=8),
                 st.sampled_from(["杭州", "杭州市", "Hangzhou", " hangzhou ", "张 梅", "张梅",
                                  "100-1234-5678", "+8610012345678", "１００１２３４５６７８"]))


@SETTINGS
@given(rows=st.lists(st.tuples(TEXT, TEXT, TEXT, st.one_of(st.none(), st.integers(1800, 2200),
                                                           st.floats(allow_nan=True))),
                     min_size=0, max_size=15))
def test_customer_records_raise_only_crm_errors(rows):
    raw = pd.DataFrame(rows, columns=["name", "phone", "city", "birth_year"])
    kept = copy.deepcopy(raw)
    report = only_crm_errors(identify.data_quality_report, raw)
    if report is not None:
        assert (report["missing"] <= len(raw)).all()
        checked = report["invalid"].fillna(0) + report["missing"]
        assert (checked.iloc[:-1] <= len(raw)).all()
    result = only_crm_errors(identify.deduplicate, raw)
    if result is not None:
        assert len(result.customers) + len(result.merges) == len(raw)
        assert set(result.merges["kept"]) <= set(result.customers.index)
    masked = only_crm_errors(identify.mask_pii, raw)
    if masked is not None:
        assert masked.shape == raw.shape
        assert masked["city"].equals(raw["city"])
    pd.testing.assert_frame_equal(raw, kept)
