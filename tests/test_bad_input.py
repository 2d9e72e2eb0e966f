"""The nineteen holes of issue 9: bad input never gives a silently wrong answer.

One test per hole, through the public API (``import crmkit as ck``).  Each was
written before its fix and failed on the main branch of that day; the fuzz
harness (test_fuzz.py) keeps the whole family closed for every public function.

Where a message gives a "Fix:", the test follows it literally (runs the code the
message shows) and checks that the function then gives the right answer.
"""

import re
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

import crmkit as ck
from crmkit import validate
from crmkit.cases import rice_shop
from crmkit.errors import CRMDataError


@pytest.fixture(scope="module")
def orders():
    return ck.load_transactions()


@pytest.fixture(scope="module")
def households():
    return ck.load_rice_households()


def fix_code(message: str) -> str:
    """The code a message tells the student to run: the first `...` span after 'Fix:'."""
    assert "Fix:" in message, message
    found = re.search(r"`([^`]+)`", message.split("Fix:", 1)[1])
    assert found, f"the fix gives no code to run: {message}"
    return found.group(1)


def follow(message: str, **frames):
    """Run the message's fix on copies of ``frames``; return the names after running it."""
    names = {name: frame.copy() for name, frame in frames.items()}
    names.update(pd=pd, np=np)
    exec(fix_code(message), names)  # noqa: S102 - the test runs what the message says
    return names


# --------------------------------------------------------------------------- 1 day-first dates
def test_01_day_first_dates_are_refused_not_guessed_cell_by_cell():
    orders = pd.DataFrame({"customer_id": ["A", "B"], "order_date": ["13/01/2025", "05/01/2025"],
                           "revenue": [10.0, 20.0]})
    with pytest.raises(CRMDataError, match="dayfirst") as err:
        ck.rfm_scores(orders)
    fixed = follow(str(err.value), df=orders)["df"]
    scores = ck.rfm_scores(fixed, as_of="2025-01-14")
    assert scores.set_index("customer_id")["recency_days"].to_dict() == {"A": 1, "B": 9}


def test_01_slash_dates_with_only_small_day_numbers_are_ambiguous():
    orders = pd.DataFrame({"customer_id": ["A", "B"], "order_date": ["05/01/2025", "06/01/2025"],
                           "revenue": [10.0, 20.0]})
    with pytest.raises(CRMDataError, match="ambiguous"):
        ck.churn_flags(orders)


def test_01_one_format_per_column_iso_text_and_unambiguous_day_first_parse():
    iso = pd.Series(["2025-01-13", "2025-01-05 10:30"], name="d")
    assert validate.dates(iso.to_frame(), "d", func="t").dt.day.tolist() == [13, 5]
    clear = pd.Series(["13/01/2025", "25/02/2025"], name="d")  # only day-first reads both
    assert validate.dates(clear.to_frame(), "d", func="t").dt.month.tolist() == [1, 2]


# --------------------------------------------------------------------------- 2 ids across frames
@pytest.mark.parametrize("spoil", ["space", "case", "int"])
@pytest.mark.parametrize("func", ["satisfaction_curve", "loyalty_matrix", "recovery_effect"])
def test_02_ids_that_do_not_match_across_frames_are_refused(func, spoil):
    events = ck.load_complaints() if func == "recovery_effect" else ck.load_survey()
    orders = ck.load_transactions()
    ids = events["customer_id"]
    if spoil == "space":
        events = events.assign(customer_id=ids + " ")
    elif spoil == "case":
        events = events.assign(customer_id=ids.str.lower())
    else:  # numbers in one frame, text in the other
        events = events.assign(customer_id=ids.str[1:].astype(int))
        orders = orders.assign(customer_id=orders["customer_id"].str[1:])
    with pytest.raises(CRMDataError, match="customer_id") as err:
        getattr(ck, func)(events, orders)
    if spoil != "int":
        assert "look alike" in str(err.value)


def test_02_following_the_id_fix_gives_the_clean_result():
    survey, orders = ck.load_survey(), ck.load_transactions()
    spoiled = survey.assign(customer_id=survey["customer_id"].str.lower() + " ")
    with pytest.raises(CRMDataError) as err:
        ck.satisfaction_curve(spoiled, orders)
    fixed = follow(str(err.value), survey=spoiled, transactions=orders)
    pd.testing.assert_frame_equal(ck.satisfaction_curve(fixed["survey"], fixed["transactions"]),
                                  ck.satisfaction_curve(survey, orders))


# --------------------------------------------------------------------------- 3 unknown labels
def test_03_a_label_that_does_not_occur_is_refused_with_the_values_that_do():
    with pytest.raises(CRMDataError, match="'resolved'"):
        ck.recovery_effect(ck.load_complaints(), ck.load_transactions(), recovered="Resolved")


# --------------------------------------------------------------------------- 4 time zones
def test_04_offset_dates_count_by_local_wall_clock_day(orders):
    local = orders.assign(order_date=orders["order_date"].dt.strftime("%Y-%m-%dT23:30:00+08:00"))
    clean = ck.rfm_scores(orders, as_of="2026-01-01")
    pd.testing.assert_frame_equal(ck.rfm_scores(local, as_of="2026-01-01"), clean)
    pd.testing.assert_frame_equal(ck.rfm_scores(local), ck.rfm_scores(orders))


def test_04_tz_aware_timestamps_and_as_of_use_the_wall_clock(orders):
    aware = orders.assign(order_date=orders["order_date"].dt.tz_localize("Asia/Shanghai"))
    got = ck.churn_flags(aware, as_of=pd.Timestamp("2026-01-01", tz="Asia/Shanghai"))
    pd.testing.assert_frame_equal(got, ck.churn_flags(orders, as_of="2026-01-01"))


# --------------------------------------------------------------------------- 5 numbers as dates
@pytest.mark.parametrize("value", [1933, 1933.0, np.int64(20250101), True])
def test_05_a_number_is_not_a_date(households, value):
    with pytest.raises(CRMDataError, match="not a date"):
        rice_shop.run_out_dates(households, as_of=value)


# --------------------------------------------------------------------------- 6 mask_pii
def test_06_mask_pii_recognises_chinese_and_spaced_column_names():
    people = pd.DataFrame({"姓名": ["张小梅"], "手机号": ["13912345678"]})
    assert ck.mask_pii(people).iloc[0].tolist() == ["张*梅", "139****5678"]
    people = pd.DataFrame({"Customer Name": ["Li Lei"], "Tel": ["10012345678"]})
    assert ck.mask_pii(people).iloc[0].tolist() == ["L****i", "100****5678"]


def test_06_mask_pii_fails_closed_when_it_finds_nothing_to_mask():
    people = pd.DataFrame({"客户": ["张小梅"], "号码": ["13912345678"]})
    with pytest.raises(CRMDataError, match="客户") as err:
        ck.mask_pii(people)
    masked = eval(fix_code(str(err.value)), {"ck": ck, "df": people})  # noqa: S307
    assert masked.iloc[0, 0] == "张*梅"
    with pytest.raises(CRMDataError, match="Tel"):
        ck.mask_pii(people, columns=["Tel"])


def test_06_mask_pii_masks_a_phone_stored_as_a_float():
    masked = ck.mask_pii(pd.DataFrame({"phone": [10012345609.0, np.nan]}))
    assert masked["phone"].iloc[0] == "100****5609"
    assert pd.isna(masked["phone"].iloc[1])


# --------------------------------------------------------------------------- 7 huge values
def test_07_one_huge_order_is_refused_not_smeared_over_other_customers():
    complaints, orders = ck.load_complaints(), ck.load_transactions()
    huge = orders.copy()
    huge.loc[huge.index[0], "revenue"] = 1e20
    with pytest.raises(CRMDataError, match="revenue"):
        ck.recovery_effect(complaints, huge)


def test_07_counts_that_cannot_be_exact_are_refused():
    with pytest.raises(CRMDataError, match="leads"):
        ck.acquisition_funnel(ck.load_acquisition().assign(leads=10**19))


def test_07_loader_refuses_counts_that_overflow(tmp_path, orders):
    path = tmp_path / "transactions.csv"
    text = orders.head(3).assign(items=["1e30", "2", "3"])
    text.to_csv(path, index=False, date_format="%Y-%m-%d %H:%M", encoding="utf-8")
    with pytest.raises(CRMDataError, match="items"):
        ck.load_transactions(path)


# --------------------------------------------------------------------------- 8 tier order
def test_08_tiers_as_plain_text_keep_top_first_and_every_tier(orders):
    tiers = ck.pyramid_tiers(orders.head(40))
    text = tiers.assign(tier=tiers["tier"].astype(str))
    text = text[text["tier"] != "Important"]  # an empty tier after a filter
    summary = ck.pyramid_summary(text)
    assert summary["tier"].tolist() == ["Important", "Secondary", "Ordinary", "Small"]
    assert summary["customers"].iloc[0] == 0
    classes = ck.abc_classes(orders)
    text = classes.assign(abc_class=classes["abc_class"].astype(str))
    assert ck.abc_summary(text[text["abc_class"] != "A"])["abc_class"].tolist() == ["A", "B", "C"]


def test_08_an_unknown_tier_label_is_refused(orders):
    tiers = ck.pyramid_tiers(orders).assign(tier="Gold")
    with pytest.raises(CRMDataError, match="Gold"):
        ck.pyramid_summary(tiers)


# --------------------------------------------------------------------------- 9 quiz keys
def test_09_a_question_with_duplicate_choice_keys_is_an_error(tmp_path):
    bank = tmp_path / "ch07.yaml"
    bank.write_text(
        'chapter: "07"\nquestions:\n'
        "  - id: q1\n    kind: single\n    text: {en: Which one, zh: 哪一个}\n"
        "    choices:\n      1: {en: one, zh: 一}\n      '1': {en: uno, zh: 壹}\n"
        "      2: {en: two, zh: 二}\n    answer: 1\n    explain: {en: e, zh: 解}\n",
        encoding="utf-8")
    with pytest.raises(CRMDataError, match=r"ch07\.yaml.*q1"):
        ck.quiz(bank)


# --------------------------------------------------------------------------- 10 fixes that hurt
def test_10_thousands_separators_fix_keeps_every_amount(orders):
    spoiled = orders.assign(revenue=orders["revenue"].map("{:,.2f}".format))
    with pytest.raises(CRMDataError) as err:
        ck.rfm_scores(spoiled, as_of="2026-01-01")
    assert "errors='coerce'" not in str(err.value)
    fixed = follow(str(err.value), df=spoiled)["df"]
    pd.testing.assert_frame_equal(ck.rfm_scores(fixed, as_of="2026-01-01"),
                                  ck.rfm_scores(orders, as_of="2026-01-01"))


def test_10_excel_serial_dates_fix_gives_the_real_dates(orders):
    serial = (orders["order_date"] - pd.Timestamp("1899-12-30")).dt.days
    spoiled = orders.assign(order_date=serial)
    with pytest.raises(CRMDataError) as err:
        ck.churn_flags(spoiled, as_of="2026-01-01")
    fixed = follow(str(err.value), df=spoiled)["df"]
    days = orders.assign(order_date=orders["order_date"].dt.normalize())  # serials hold no time
    pd.testing.assert_frame_equal(ck.churn_flags(fixed, as_of="2026-01-01"),
                                  ck.churn_flags(days, as_of="2026-01-01"), check_dtype=False)


def test_10_missing_amounts_fix_does_not_invent_zero_spend(orders):
    spoiled = orders.copy()
    spoiled.loc[spoiled.index[:3], "revenue"] = np.nan
    with pytest.raises(CRMDataError) as err:
        ck.rfm_scores(spoiled)
    assert "fillna(0)" not in str(err.value)
    fixed = follow(str(err.value), df=spoiled)["df"]
    assert len(ck.rfm_scores(fixed)) > 0


# --------------------------------------------------------------------------- 11 MultiIndex columns
def test_11_multiindex_columns_say_how_to_flatten(orders):
    summed = orders.groupby(["customer_id", "order_date"]).agg({"revenue": ["sum"]}).reset_index()
    with pytest.raises(CRMDataError, match="MultiIndex|two levels") as err:
        ck.rfm_scores(summed)
    fixed = follow(str(err.value), df=summed)["df"]
    assert list(fixed.columns) == ["customer_id", "order_date", "revenue_sum"]
    assert len(ck.rfm_scores(fixed, amount="revenue_sum")) == orders["customer_id"].nunique()


# --------------------------------------------------------------------------- 12 duplicated column
def test_12_data_quality_report_with_a_duplicated_column_name(orders):
    doubled = pd.concat([orders.head(), orders.head()[["revenue"]]], axis=1)
    with pytest.raises(CRMDataError, match="revenue") as err:
        ck.data_quality_report(doubled)
    fixed = follow(str(err.value), df=doubled)["df"]
    assert ck.data_quality_report(fixed)["column"].tolist().count("revenue") == 1


# --------------------------------------------------------------------------- 13 dates after 2262
def test_13_a_date_typo_far_in_the_future_is_named(orders):
    text = orders["order_date"].dt.strftime("%Y-%m-%d")
    typo = orders.assign(order_date=text.where(orders.index > 0, "2305-01-01"))
    with pytest.raises(CRMDataError, match="2305"):
        ck.churn_flags(typo)


# --------------------------------------------------------------------------- 14 rice shop extremes
def test_14_rice_shop_refuses_absurd_jars_and_windows(households):
    with pytest.raises(CRMDataError, match="jar_kg"):
        rice_shop.run_out_dates(households.assign(jar_kg=1e9))
    with pytest.raises(CRMDataError, match="days"):
        rice_shop.delivery_calendar(households, days=1e300)
    with pytest.raises(CRMDataError, match="lead_days"):
        rice_shop.delivery_calendar(households, lead_days=1e300)
    with pytest.raises(CRMDataError, match="days"):
        rice_shop.jar_levels(households, days=10**9)


# --------------------------------------------------------------------------- 15 huge Python ints
@pytest.mark.parametrize("call", [
    lambda o: ck.churn_flags(o, inactive_days=10**30),
    lambda o: ck.rfm_scores(o, bins=10**30),
    lambda o: ck.abc_classes(o, cutoffs=(10**30, 0.1, 0.1)),
])
def test_15_a_huge_python_int_is_refused(orders, call):
    with pytest.raises(CRMDataError):
        call(orders)


# --------------------------------------------------------------------------- 16 name parameters
@pytest.mark.parametrize("value", [None, 3, ["customer_id"], {"a": 1}, 2.5])
@pytest.mark.parametrize("call", [
    lambda o, v: ck.rfm_scores(o, customer=v),
    lambda o, v: ck.churn_flags(o, date=v),
    lambda o, v: ck.cohort_table(o, customer=v),
    lambda o, v: ck.pareto_curve(o, amount=v),
])
def test_16_a_column_name_that_is_not_a_name_is_refused(orders, call, value):
    with pytest.raises(CRMDataError, match="column name|column '3' not found"):
        call(orders, value)


@pytest.mark.parametrize("value", [None, 3, [["x"]], {"a": 1}, [5]])
def test_16_list_parameters_refuse_what_is_not_a_list_of_names(value):
    survey = ck.load_survey()
    with pytest.raises(CRMDataError):
        ck.score_summary(survey, score=value)
    if value is not None:  # None is the documented default of these two
        with pytest.raises(CRMDataError):
            ck.importance_performance(survey, attributes=value)
        with pytest.raises(CRMDataError):
            ck.complaint_times(ck.load_complaints(), by=value)
    with pytest.raises(CRMDataError):
        ck.deduplicate(ck.load_customers_raw(), keys=value)


# --------------------------------------------------------------------------- 17 loaders
@pytest.mark.parametrize("path", [pd.DataFrame({"a": [1]}), 3, 2.5])
def test_17_loader_path_that_is_not_a_path(path):
    with pytest.raises(CRMDataError, match="path"):
        ck.load_transactions(path)


def test_17_gbk_csv_is_named_and_encoding_is_accepted(tmp_path, orders):
    path = tmp_path / "raw.csv"
    raw = ck.load_customers_raw()
    raw.to_csv(path, index=False, encoding="gbk", errors="replace")
    with pytest.raises(CRMDataError, match="GBK") as err:
        ck.load_customers_raw(path)
    assert "rebuild the sample data" not in str(err.value)
    assert "encoding='gbk'" in str(err.value)
    again = eval(fix_code(str(err.value)), {"ck": ck})  # noqa: S307 - run the printed fix
    assert len(again) == len(raw)


def test_17_line_numbers_count_blank_lines(tmp_path):
    path = tmp_path / "transactions.csv"
    lines = ck.load_transactions().head(4).to_csv(
        index=False, date_format="%Y-%m-%d %H:%M").splitlines()
    broken = lines[3].split(",")
    broken[6] = "abc"  # items
    lines[3] = ",".join(broken)
    path.write_text("\n".join([lines[0], "", lines[1], lines[2], "", lines[3], lines[4]]) + "\n",
                    encoding="utf-8")
    with pytest.raises(CRMDataError, match="line 6: 'abc'"):
        ck.load_transactions(path)


# --------------------------------------------------------------------------- 18 the checker
def _raise(*args, **kwargs):
    raise RuntimeError("this answer breaks when touched")


class HostileNumber(float):
    __eq__ = __ne__ = __lt__ = __gt__ = __sub__ = __rsub__ = __truediv__ = __float__ = _raise
    __abs__ = __round__ = __hash__ = _raise


class HostileList(list):
    __iter__ = __len__ = __eq__ = __contains__ = _raise


class HostileSeries(pd.Series):
    to_frame = reindex = equals = __iter__ = __eq__ = _raise


@pytest.mark.parametrize("exercise_id, answer", [
    ("00.order_count", lambda: HostileNumber(6)),
    ("04.clv_retention", lambda: HostileNumber(1.0)),
    ("04.hygiene_values", lambda: HostileList(["comfort"])),
    ("04.accumulation_row", lambda: HostileSeries([1.0])),
    ("c01.run_out", lambda: HostileSeries([1.0])),
])
def test_18_an_answer_that_raises_inside_the_comparison_gets_feedback(capsys, exercise_id,
                                                                      answer):
    result = ck.check(exercise_id, answer())
    assert not result and result.detail
    capsys.readouterr()


def test_18_numbers_in_an_object_column_are_not_called_text(capsys):
    from crmkit.exercises import solution

    expected = solution("c01.collection")
    answer = expected.copy()
    answer["payday"] = answer["payday"].astype(object)
    assert ck.check("c01.collection", answer)
    from crmkit.exercises.engine import difference

    assert difference(pd.Series([1.5, 2.0]), pd.Series([1.5, 2.0], dtype=object)) is None
    wrong = difference(pd.DataFrame({"a": [1.5, 2.0]}),
                       pd.DataFrame({"a": pd.Series([1.5, 3.0], dtype=object)}))
    assert "text" not in wrong and "3" in wrong
    capsys.readouterr()


def test_18_tz_aware_dates_are_not_reported_as_equal_strings(capsys):
    from crmkit.exercises import solution

    expected = solution("c01.run_out")
    aware = expected.dt.tz_localize("Asia/Shanghai")
    result = ck.check("c01.run_out", aware)
    if not result:
        shown = re.findall(r"= (\S+), got (\S+?)[.,;]", result.detail)
        assert shown and all(a != b for a, b in shown), result.detail
    capsys.readouterr()


# --------------------------------------------------------------------------- 19 synth CLI
@pytest.mark.parametrize("args", [["--customers", "10"], ["--customers", "-5"], ["--seed", "x"]])
def test_19_synth_command_line_refuses_bad_arguments_without_a_traceback(tmp_path, args):
    run = subprocess.run([sys.executable, "-m", "crmkit.synth", *args, "--out", str(tmp_path)],
                         capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr and "error:" in run.stderr


def test_19_synth_out_pointing_at_a_file(tmp_path):
    target = tmp_path / "file.csv"
    target.write_text("x\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "crmkit.synth", "--out", str(target)],
                         capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr and "--out" in run.stderr


# --------------------------------------------------------------------------- no warnings leak
def test_no_runtime_warning_on_clean_data(orders):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ck.rfm_scores(orders)


# --------------------------------------------------------------------------- every kind of fix
def _with(orders, column, rows, value):
    spoiled = orders.copy()
    spoiled[column] = spoiled[column].astype(object)
    for row in rows:
        spoiled.loc[spoiled.index[row], column] = value
    return spoiled


FIX_KINDS = {
    # kind of bad input -> (spoil the clean orders, the function to call again)
    "text among amounts (few rows)": (lambda o: _with(o, "revenue", [3, 9], "n/a"), "rfm"),
    "text among amounts (many rows)": (lambda o: _with(o, "revenue", range(0, 80, 10), "n/a"),
                                       "rfm"),
    "currency signs": (lambda o: o.assign(revenue=o["revenue"].map("¥{:.2f}".format)), "rfm"),
    "infinite amounts": (lambda o: _with(o, "revenue", [2], np.inf), "rfm"),
    "huge amounts": (lambda o: _with(o, "revenue", [2, 5], 1e20), "rfm"),
    "negative amounts": (lambda o: _with(o, "revenue", [4], -10.0), "rfm"),
    "date typo far in the future": (lambda o: _with(o, "order_date", [1], "2305-01-01"), "churn"),
    "text that is not a date": (lambda o: _with(o, "order_date", [6], "yesterday"), "churn"),
    "dates as YYYYMMDD numbers": (lambda o: o.assign(
        order_date=o["order_date"].dt.strftime("%Y%m%d").astype(int)), "churn"),
    "mixed date formats": (lambda o: o.assign(order_date=o["order_date"].dt.strftime(
        "%Y-%m-%d").where(o.index % 2 == 0, o["order_date"].dt.strftime("%d/%m/%Y"))), "churn"),
    "missing dates": (lambda o: _with(o, "order_date", [1, 2], None), "churn"),
    "ids that are lists": (lambda o: _with(o, "customer_id", [5], ["C1", "C2"]), "churn"),
}


@pytest.mark.parametrize("kind", list(FIX_KINDS))
def test_10_every_kind_of_fix_works_when_followed_literally(orders, kind):
    spoil, which = FIX_KINDS[kind]
    call = {"rfm": lambda df: ck.rfm_scores(df, as_of="2026-01-01"),
            "churn": lambda df: ck.churn_flags(df, as_of="2026-01-01")}[which]
    spoiled = spoil(orders.head(300))
    with pytest.raises(CRMDataError) as err:
        call(spoiled)
    fixed = follow(str(err.value), df=spoiled)["df"]
    result = call(fixed)  # runs without error after the fix
    assert len(result) > 0
    if kind in ("currency signs",):  # a pure clean-up: nothing lost
        pd.testing.assert_frame_equal(result, call(orders.head(300)))


# --------------------------------------------------------------------------- columns= mapping
def test_a_columns_mapping_names_its_roles_and_its_fix_works(households):
    renamed = households.rename(columns={"jar_kg": "jar"})
    with pytest.raises(CRMDataError, match=r"columns=\{'jar': '<your column>'\}"):
        rice_shop.run_out_dates(renamed, as_of="1933-03-01")
    fixed = rice_shop.run_out_dates(renamed, as_of="1933-03-01", columns={"jar": "jar"})
    pd.testing.assert_frame_equal(fixed, rice_shop.run_out_dates(households, as_of="1933-03-01"))
    for bad in ({"jars": "jar"}, ["jar"], {"jar": None}, {"jar": ["jar"]}):
        with pytest.raises(CRMDataError, match="columns"):
            rice_shop.run_out_dates(renamed, as_of="1933-03-01", columns=bad)


def test_every_error_names_the_function_the_student_called(orders):
    with pytest.raises(CRMDataError, match=r"^rfm_scores: "):
        ck.rfm_scores(orders.drop(columns="revenue"))
    with pytest.raises(CRMDataError, match=r"^run_out_dates: "):
        rice_shop.run_out_dates(ck.load_rice_households(), as_of="soon")
    with pytest.raises(CRMDataError, match=r"^abc_summary: "):
        ck.abc_summary(ck.abc_classes(orders).assign(abc_class="Z9"))


# --------------------------------------------------------------------------- columns read by name
@pytest.mark.parametrize("call", [
    lambda df: ck.promotion_effect(df, "2025-06"),
    lambda df: ck.payback_curve(df, ck.load_customers(), months=3),
], ids=["promotion_effect", "payback_curve"])
def test_a_column_read_by_name_gets_a_rename_fix_that_works(orders, call):
    """These functions have no date= keyword: the fix must not tell the student to pass one."""
    renamed = orders.rename(columns={"order_date": "when"})
    with pytest.raises(CRMDataError) as err:
        call(renamed)
    message = str(err.value)
    assert "order_date='<your column>'" not in message
    fixed = follow(message.replace("<your column>", "when"), df=renamed)["df"]
    pd.testing.assert_frame_equal(call(fixed), call(orders))


def test_profit_deciles_missing_revenue_gets_a_rename_fix_that_works(orders):
    costs = ck.cost_to_serve(orders, ck.load_service_contacts())
    renamed = costs.rename(columns={"revenue": "sales"})
    with pytest.raises(CRMDataError) as err:
        ck.profit_deciles(renamed)
    assert "revenue='<your column>'" not in str(err.value)
    fixed = follow(str(err.value).replace("<your column>", "sales"), df=renamed)["df"]
    pd.testing.assert_frame_equal(ck.profit_deciles(fixed), ck.profit_deciles(costs))
