"""validate.transactions: one call checks and parses a table of orders (issue 8, item 4)."""

import numpy as np
import pandas as pd
import pytest

import crmkit as ck
from crmkit import validate
from crmkit.errors import CRMDataError

ORDERS = pd.DataFrame({
    "customer_id": ["B", "A", "B", "C"],
    "order_date": ["2025-01-05", "2025-01-06 18:30", "2025-01-09", "2025-01-02"],
    "revenue": [10.0, 20.0, 5.0, 7.5],
})


def test_the_parsed_orders():
    found = validate.transactions(ORDERS, customer="customer_id", date="order_date",
                                  amount="revenue", func="t")
    assert found.ids.tolist() == ["B", "A", "B", "C"]
    assert list(found.customers) == ["A", "B", "C"]  # sorted, whatever the row order
    assert found.codes.tolist() == [1, 0, 1, 2]
    assert found.amounts.tolist() == [10.0, 20.0, 5.0, 7.5]
    # day numbers drop the time of day; the default as_of is the day after the last order
    days = np.array(["2025-01-05", "2025-01-06", "2025-01-09", "2025-01-02"],
                    dtype="datetime64[D]").astype(np.int64)
    assert found.days.tolist() == days.tolist()
    assert found.as_of == pd.Timestamp("2025-01-10")
    assert found.as_of_day == found.days.max() + 1
    assert found.columns == {"customer": "customer_id", "date": "order_date",
                             "amount": "revenue"}


def test_as_of_is_read_as_a_day_and_checked():
    found = validate.transactions(ORDERS, customer="customer_id", date="order_date",
                                  as_of="2025-01-06 09:00", func="t")
    assert found.as_of == pd.Timestamp("2025-01-06")
    with pytest.raises(CRMDataError, match="before the first date in the data"):
        validate.transactions(ORDERS, customer="customer_id", date="order_date",
                              as_of="2024-12-31", func="t")


def test_one_message_names_every_missing_column_with_the_keyword_to_pass():
    bare = ORDERS[["revenue"]]
    with pytest.raises(CRMDataError) as err:
        validate.transactions(bare, customer="customer_id", date="order_date", func="t")
    assert "column 'customer_id', 'order_date' not found" in str(err.value)
    assert "customer='<your column>', date='<your column>'" in str(err.value)
    with pytest.raises(CRMDataError) as err:
        validate.transactions(bare, customer="customer_id", date="order_date", mapped=True,
                              also={"by": "channel"}, func="t")
    assert ("by='<your column>', columns={'customer': '<your column>', "
            "'date': '<your column>'}") in str(err.value)


def test_a_column_that_is_not_read_is_left_out_but_none_is_refused():
    found = validate.transactions(ORDERS[["customer_id"]], customer="customer_id", func="t")
    assert found.dates is None and found.amounts is None and found.as_of is None
    with pytest.raises(CRMDataError, match="date must be a column name"):
        validate.transactions(ORDERS, customer="customer_id", date=None, func="t")


def test_ids_that_cannot_be_sorted_are_refused_when_grouped():
    mixed = ORDERS.assign(customer_id=pd.Series(["B", 1, "B", 2], dtype=object))
    found = validate.transactions(mixed, customer="customer_id", func="t")
    with pytest.raises(CRMDataError, match="mixes kinds of ids"):
        found.codes  # noqa: B018 - the grouping is the check


def test_amounts_too_big_to_add_exactly_are_refused():
    big = ORDERS.assign(revenue=[5e11, 5e11, 1.0, 1.0])
    with pytest.raises(CRMDataError, match="more than crmkit can total exactly"):
        validate.transactions(big, customer="customer_id", amount="revenue", func="t")


@pytest.mark.parametrize("call", [
    lambda o: ck.rfm_scores(o),
    lambda o: ck.value_matrix(o),
    lambda o: ck.churn_flags(o),
    lambda o: ck.abc_classes(o),
    lambda o: ck.cohort_table(o),
])
def test_a_table_of_orders_has_its_columns_checked_once_per_call(call, monkeypatch):
    calls = []
    real = validate.columns

    def counted(df, needed, **kwargs):
        calls.append(dict(needed) if not isinstance(needed, list) else needed)
        return real(df, needed, **kwargs)

    monkeypatch.setattr(validate, "columns", counted)
    call(ORDERS)
    assert len(calls) == 1, calls


def test_group_codes_number_ids_in_sorted_order():
    codes, customers = validate.grouped(pd.Series(["b", "a", "c", "a"], name="id"))
    assert codes.tolist() == [1, 0, 2, 0] and list(customers) == ["a", "b", "c"]
    assert customers.name == "id"
    assert np.array_equal(customers.take(codes), ["b", "a", "c", "a"])


def test_number_fix_example_is_a_value_the_bounds_accept():
    # "Fix: pass e.g. margin=0" for a margin that must be above 0 would fail again
    cases = [({"low": 0, "low_open": True}, 1), ({"low": 0}, 0), ({}, 1),
             ({"low": 0, "high": 1, "low_open": True, "high_open": True}, 0.5),
             ({"high": 0.5}, -0.5), ({"low": 1, "integer": True}, 1)]
    for bounds, example in cases:
        with pytest.raises(ck.CRMDataError, match=rf"Fix: pass e\.g\. x={example}\.") as err:
            validate.number("3", "x", func="f", **bounds)
        fixed = str(err.value).split("e.g. x=")[1].rstrip(".")
        assert validate.number(float(fixed), "x", func="f", **bounds) == float(fixed)


@pytest.mark.parametrize("given, fixed", [
    ((80, 15, 5), (0.8, 0.15, 0.05)),
    ((80, 0.15, 0.05), (0.8, 0.15, 0.05)),   # only the one percentage was a slip
    ([1, 19, 30, 50], (0.01, 0.19, 0.3, 0.5)),
])
def test_shares_given_as_percentages_get_a_fix_that_can_be_pasted(given, fixed):
    # the message used to say `cutoffs[0]=0.8`, which is not an argument a student can pass
    with pytest.raises(CRMDataError, match="look like percentages") as err:
        validate.shares(given, "cutoffs", func="abc_classes")
    assert f"Fix: pass cutoffs={fixed!r}." in str(err.value)
    assert validate.shares(fixed, "cutoffs", func="abc_classes") == fixed  # followed: accepted


def test_a_result_passed_as_something_else_is_sent_to_the_call_that_makes_it():
    # the generic fix (`df = ck.load_transactions()`) fails when followed for a funnel
    with pytest.raises(CRMDataError, match=r"Fix: pass the result of `ck\.ladder_funnel\("):
        ck.ladder_what_if({"suspect": 100})
    funnel = ck.ladder_funnel({"suspect": 100, "qualified_prospect": 40})
    assert ck.ladder_what_if(funnel)["count"].tolist() == [100.0, 40.0]
    with pytest.raises(CRMDataError, match=r"`df = ck\.load_transactions\(\)`"):
        validate.frame([1, 2], func="rfm_scores")  # a table of orders: the datasets fix stands
