"""The committed sample data: reproducible, documented, and carrying the planted patterns.

The pattern tests recompute each measure with plain pandas, following the definitions in
data/README.md, and check it against the range the generator was designed to plant.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from crmkit import datasets, synth

DATA = Path(__file__).resolve().parents[1] / "data"
README = DATA / "README.md"
END = pd.Timestamp("2025-12-31 23:59")
WINDOW = pd.Timedelta(days=180)


@pytest.fixture(scope="module")
def d() -> dict[str, pd.DataFrame]:
    """Every committed data set, loaded once."""
    return {name: getattr(datasets, f"load_{name}")(data_dir=DATA) for name in datasets.FILES}


def _dictionary() -> dict[str, list[dict[str, str]]]:
    """Parse data/README.md: file name -> rows of its `column | type | ...` table."""
    tables: dict[str, list[dict[str, str]]] = {}
    current = None
    header: list[str] | None = None
    for line in README.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## (\S+\.csv)", line)
        if heading:
            current, header = heading.group(1), None
            continue
        if current is None or not line.startswith("|"):
            if header is not None and current in tables:
                current, header = None, None  # the table ended
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
            tables[current] = []
        elif not set("".join(cells)) <= set("-: "):
            tables[current].append(dict(zip(header, cells, strict=True)))
    return tables


# --- reproducibility and size -------------------------------------------------------------

def test_regenerating_with_the_default_seed_reproduces_every_file(tmp_path):
    synth.generate(out_dir=tmp_path)
    for file in datasets.FILES.values():
        fresh, committed = (tmp_path / file).read_bytes(), (DATA / file).read_bytes()
        assert fresh == committed, f"{file} differs from a fresh run of `python -m crmkit.synth`"


def test_files_use_unix_line_ends_and_utf8():
    for file in datasets.FILES.values():
        raw = (DATA / file).read_bytes()
        assert b"\r" not in raw, file
        raw.decode("utf-8")


def test_data_folder_stays_under_15_mb():
    total = sum(p.stat().st_size for p in DATA.rglob("*") if p.is_file())
    assert total < 15_000_000, f"data/ holds {total / 1e6:.1f} MB"


# --- the data dictionary --------------------------------------------------------------------

def test_dictionary_has_a_table_for_every_file():
    tables = _dictionary()
    assert set(tables) == set(datasets.FILES.values())
    for file, rows in tables.items():
        assert list(rows[0]) == ["column", "type", "unit", "meaning", "allowed values"], file


def test_dictionary_names_exactly_the_columns_of_each_file():
    tables = _dictionary()
    for file, rows in tables.items():
        header = (DATA / file).read_text(encoding="utf-8").splitlines()[0].split(",")
        documented = [row["column"] for row in rows]
        assert documented == header, f"{file}: dictionary {documented} vs file {header}"


def test_dictionary_types_match_the_loaded_dtypes(d):
    expected = {
        "str": lambda s: s.dtype == "str",
        "int": lambda s: s.dtype == np.int64,
        "float": lambda s: s.dtype == np.float64,
        "bool": lambda s: s.dtype == bool,
        "date": lambda s: pd.api.types.is_datetime64_dtype(s) and (s.dt.normalize() == s).all(),
        "datetime": lambda s: pd.api.types.is_datetime64_dtype(s),
        "category": lambda s: isinstance(s.dtype, pd.CategoricalDtype) and s.cat.ordered,
    }
    for file, rows in _dictionary().items():
        frame = d[file.removesuffix(".csv")]
        for row in rows:
            check = expected[row["type"]]
            assert check(frame[row["column"]]), f"{file}.{row['column']} is not {row['type']}"


def test_dictionary_lists_the_allowed_values_of_every_coded_column():
    tables = _dictionary()
    for name in datasets.FILES:
        for col in datasets.schema(name):
            if col.allowed:
                row = next(r for r in tables[datasets.FILES[name]] if r["column"] == col.name)
                for value in col.allowed:
                    assert f"`{value}`" in row["allowed values"], (name, col.name, value)


# --- integrity ------------------------------------------------------------------------------

def test_every_customer_reference_exists(d):
    known = set(d["customers"]["customer_id"])
    for name in ("transactions", "service_contacts", "complaints", "survey"):
        assert set(d[name]["customer_id"]) <= known, name


def test_ids_are_unique_and_events_fall_in_the_three_years(d):
    for name, key, when in (("customers", "customer_id", "signup_date"),
                            ("transactions", "order_id", "order_date"),
                            ("service_contacts", "contact_id", "contact_date"),
                            ("complaints", "complaint_id", "received_at"),
                            ("survey", "response_id", "survey_date"),
                            ("leads", "lead_id", "received_date")):
        frame = d[name]
        assert frame[key].is_unique, name
        assert frame[when].min() >= pd.Timestamp("2023-01-01"), name
        assert frame[when].max() <= END, name
        assert frame[when].is_monotonic_increasing, name


def test_customers_look_fake_and_consistent(d):
    c = d["customers"]
    assert c["phone"].str.fullmatch(r"100\d{8}").all()
    assert c["phone"].is_unique
    assert ((c["member_level"] == "none") == ~c["is_member"]).all()
    assert c["birth_year"].between(1945, 2007).all()


def test_nobody_orders_or_calls_before_signing_up(d):
    signup = d["customers"].set_index("customer_id")["signup_date"]
    for name, when in (("transactions", "order_date"), ("service_contacts", "contact_date"),
                       ("complaints", "received_at"), ("survey", "survey_date")):
        frame = d[name]
        assert (frame[when] >= frame["customer_id"].map(signup)).all(), name


def test_order_amounts_are_consistent(d):
    t = d["transactions"]
    assert (t["revenue"] > 0).all() and (t["cost"] > 0).all() and (t["discount"] >= 0).all()
    assert (t["items"] >= 1).all()
    assert not (t["unpaid"] & (t["returned"] | (t["channel"] == "store"))).any()


def test_complaint_times_are_consistent(d):
    cp = d["complaints"]
    assert (cp["first_response_hours"] > 0).all()
    assert (cp["resolution_hours"] >= cp["first_response_hours"]).all()
    no_money = cp["remedy"].isin(["apology", "none"])
    assert (cp.loc[no_money, "compensation"] == 0).all()
    assert (cp.loc[~no_money, "compensation"] > 0).all()


def test_every_complaint_is_also_a_service_contact(d):
    cp, sc = d["complaints"], d["service_contacts"]
    logged = sc[sc["topic"] == "complaint"]
    assert len(logged) == len(cp)
    assert (logged["customer_id"].value_counts().sort_index()
            == cp["customer_id"].value_counts().sort_index()).all()


def test_acquisition_first_purchases_match_the_orders(d):
    t, c, a = d["transactions"], d["customers"], d["acquisition"]
    first = t.groupby("customer_id")["order_date"].min().dt.strftime("%Y-%m").rename("month")
    counted = (first.to_frame().join(c.set_index("customer_id")["channel"])
               .value_counts().rename("counted"))
    merged = a.set_index(["month", "channel"]).join(counted).fillna({"counted": 0})
    assert (merged["first_purchases"] == merged["counted"]).all()
    assert (a["leads"] >= a["first_purchases"]).all()
    assert len(a) == 36 * 5


def test_survey_answers_stay_on_their_scales(d):
    s = d["survey"]
    assert s["customer_id"].is_unique
    assert s["recommend"].between(0, 10).all()
    scores = s.drop(columns=["response_id", "customer_id", "survey_date", "recommend"])
    assert ((scores >= 1) & (scores <= 5)).all().all()
    assert s["survey_date"].max() + WINDOW <= END  # every answer has a full follow-up


def test_rice_households_match_the_case(d):
    h = d["rice_households"]
    today = pd.Timestamp("1933-03-01")
    assert len(h) == 40 and h["household_id"].iloc[0] == "H01"
    assert h["members"].between(1, 9).all() and h["payday"].between(1, 28).all()
    assert h["kg_per_person_month"].between(5, 12).all() and h["jar_kg"].between(10, 60).all()
    assert h["last_delivery"].between(today - pd.Timedelta(days=40), today).all()
    days = h["jar_kg"] / (h["members"] * h["kg_per_person_month"] / 30)
    run_out = h["last_delivery"] + pd.to_timedelta(np.floor(days + 1e-9), unit="D")
    # two households are planted behind the plan, so that c01.first_delivery's clip to today
    # is exercised: H40 ran dry yesterday, H39 runs dry tomorrow (inside the 2-day lead) ...
    behind = run_out < today + pd.Timedelta(days=2)
    assert h.loc[behind, "household_id"].tolist() == ["H39", "H40"]
    assert run_out[h["household_id"] == "H40"].iloc[0] == today - pd.Timedelta(days=1)
    assert run_out[h["household_id"] == "H39"].iloc[0] == today + pd.Timedelta(days=1)
    assert (run_out < today + pd.Timedelta(days=60)).all()  # ... and all run out soon


# --- planted patterns -------------------------------------------------------------------------

def test_top_20_percent_of_customers_bring_65_to_80_percent_of_revenue(d):
    per_customer = d["transactions"].groupby("customer_id")["revenue"].sum()
    ranked = per_customer.sort_values(ascending=False)
    share = ranked.iloc[: round(0.2 * len(ranked))].sum() / ranked.sum()
    assert 0.65 <= share <= 0.80


def test_very_satisfied_customers_buy_again_far_more_than_satisfied_ones(d):
    s, t = d["survey"], d["transactions"]
    pairs = s[["response_id", "customer_id", "survey_date"]].merge(
        t[["customer_id", "order_date"]], on="customer_id")
    after = pairs[(pairs["order_date"] > pairs["survey_date"])
                  & (pairs["order_date"] <= pairs["survey_date"] + WINDOW)]
    rate = s.assign(again=s["response_id"].isin(after["response_id"])).groupby(
        "satisfaction")["again"].mean()
    assert rate[5] >= 2 * rate[4]
    assert rate[[1, 2]].max() < rate[4] < rate[5]


def test_fast_complaint_replies_win_customers_back(d):
    cp, t = d["complaints"], d["transactions"]
    cp = cp[cp["received_at"] + WINDOW <= END]
    pairs = cp[["complaint_id", "customer_id", "received_at"]].merge(
        t[["customer_id", "order_date"]], on="customer_id")
    back = pairs[(pairs["order_date"] > pairs["received_at"])
                 & (pairs["order_date"] <= pairs["received_at"] + WINDOW)]
    cp = cp.assign(back=cp["complaint_id"].isin(back["complaint_id"]),
                   fast=cp["first_response_hours"] <= 24)
    rate = cp.groupby("fast")["back"].mean()
    assert rate[True] >= rate[False] + 0.10
    by_outcome = cp.groupby("outcome")["back"].mean()
    assert by_outcome["resolved"] > by_outcome["unresolved"]


def test_most_unhappy_customers_never_complain(d):
    s, t, cp = d["survey"], d["transactions"], d["complaints"]
    unhappy_share = (s["satisfaction"] <= 2).mean()
    implied_unhappy = unhappy_share * t["customer_id"].nunique()
    complainers = cp["customer_id"].nunique()
    assert complainers < 0.5 * implied_unhappy


def test_a_minority_of_customers_cost_more_than_they_bring(d):
    t, sc, cp = d["transactions"], d["service_contacts"], d["complaints"]
    kept = ~t["returned"] & ~t["unpaid"]
    order_margin = (np.where(kept, t["revenue"] - t["cost"], 0.0)
                    - np.where(t["returned"], 10.0, 0.0)
                    - np.where(t["unpaid"], t["cost"], 0.0))
    profit = pd.Series(order_margin, index=t.index).groupby(t["customer_id"]).sum()
    profit = profit.sub(sc.groupby("customer_id")["cost"].sum(), fill_value=0)
    buyers = profit[profit.index.isin(t["customer_id"])]
    assert 0.02 <= (buyers < 0).mean() <= 0.20
    assert buyers.sum() > 0  # the firm as a whole makes money
    # still a minority when complaint compensation is counted too
    with_comp = buyers.sub(cp.groupby("customer_id")["compensation"].sum(), fill_value=0)
    assert 0.02 <= (with_comp.reindex(buyers.index) < 0).mean() <= 0.20


def test_cohort_retention_at_month_6_differs_by_channel(d):
    t, c = d["transactions"], d["customers"]
    month = t["order_date"].dt.to_period("M")
    cohort = month.groupby(t["customer_id"]).transform("min")
    age = (month.dt.year - cohort.dt.year) * 12 + (month.dt.month - cohort.dt.month)
    first = cohort.groupby(t["customer_id"]).first()
    eligible = first[first <= pd.Period("2025-06", "M")].index
    active6 = set(t.loc[age == 6, "customer_id"])
    channel = c.set_index("customer_id")["channel"].reindex(eligible)
    retention = pd.Series(eligible.isin(list(active6)), index=eligible).groupby(channel).mean()
    assert retention["referral"] > retention["store"] > retention["social"]
    assert retention.max() - retention.min() >= 0.15


def test_lead_conversion_rises_with_the_number_of_man_facts(d):
    leads = d["leads"]
    man = leads[["money", "authority", "need"]].sum(axis=1)
    rate = leads.groupby(man)["converted"].mean()
    assert list(rate.index) == [0, 1, 2, 3]
    assert rate.is_monotonic_increasing and rate[3] >= rate[0] + 0.4
    assert (leads.loc[leads["converted"], "deal_value"] > 0).all()


def test_cost_per_acquired_customer_differs_by_channel(d):
    a = d["acquisition"]
    totals = a.groupby("channel")[["spend", "first_purchases"]].sum()
    cpa = totals["spend"] / totals["first_purchases"]
    assert cpa.max() >= 3 * cpa.min()
    assert cpa.idxmin() == "referral"
