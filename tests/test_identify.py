"""Tests for crmkit.identify: MAN rule, lead scores, data quality, de-duplication, masking."""

import copy
import itertools

import numpy as np
import pandas as pd
import pytest

import crmkit as ck
from crmkit import identify
from crmkit.errors import CRMDataError
from crmkit.plots import identify as iplots

# ---------------------------------------------------------------------------
# MAN
# ---------------------------------------------------------------------------

def test_man_table_covers_all_eight_combinations():
    rules = identify.MAN_ACTIONS
    assert len(rules) == 8
    combos = {(r.money, r.authority, r.need) for r in rules.values()}
    assert combos == set(itertools.product([True, False], repeat=3))
    for code, rule in rules.items():
        expected = "".join(up if has else up.lower()
                           for up, has in zip("MAN", (rule.money, rule.authority, rule.need),
                                              strict=True))
        assert code == rule.code == expected
        assert ck.label(rule.action, "en") and ck.label(rule.action, "zh")  # in the glossary


def test_man_actions_follow_the_textbook():
    rules = identify.MAN_ACTIONS
    words = {code: ck.label(rule.action, "en") for code, rule in rules.items()}
    assert rules["MAN"].priority == 1 and "Ideal" in words["MAN"]
    assert "credit" in words["mAN"]          # needs and authority, no money
    assert "authority" in words["MaN"]       # find the person who decides
    assert "persuade" in words["MAn"]        # create the need
    for code in ("maN", "Man", "mAn"):
        assert rules[code].priority == 3 and "keep in touch" in words[code]
    assert rules["man"].priority == 4 and "Not a prospect" in words["man"]


def test_man_qualify_all_combinations_and_languages():
    combos = list(itertools.product([True, False], repeat=3))
    leads = pd.DataFrame(combos, columns=["money", "authority", "need"])
    before = leads.copy()
    out = identify.man_qualify(leads)
    assert out["man_code"].tolist() == ["MAN", "MAn", "MaN", "Man", "mAN", "mAn", "maN", "man"]
    assert out["man_priority"].tolist() == [1, 2, 2, 3, 2, 3, 3, 4]
    pd.testing.assert_frame_equal(leads, before)
    assert out.loc[0, "man_action"] == "man_action_contact_now"
    ck.set_language("zh")  # the result is data, not language: the same codes in Chinese
    pd.testing.assert_frame_equal(identify.man_qualify(leads), out)
    words = ck.translate(out)  # column names and codes in words
    assert words.loc[0, ck.label("man_action")] == "理想的潜在客户：立即接触，推进销售。"
    assert len(identify.man_table()) == 8


def test_man_qualify_accepts_yes_no_text_and_refuses_other_text():
    leads = pd.DataFrame({"m": ["yes", "no"], "a": [1, 0], "n": ["True", "false"]})
    out = identify.man_qualify(leads, money="m", authority="a", need="n")
    assert out["man_code"].tolist() == ["MAN", "man"]
    with pytest.raises(CRMDataError, match="yes/no"):
        identify.man_qualify(leads.assign(m=["yes", "perhaps"]), money="m", authority="a",
                             need="n")
    with pytest.raises(CRMDataError, match="'need' not found"):
        identify.man_qualify(leads.rename(columns={"m": "money", "a": "authority"}))


# ---------------------------------------------------------------------------
# Lead scores
# ---------------------------------------------------------------------------

SIGNALS = list(identify.DEFAULT_LEAD_POINTS)


def test_lead_points_table():
    table = identify.lead_points()
    assert table["signal"].tolist() == SIGNALS
    assert table["points"].sum() == 100
    assert table["share"].sum() == pytest.approx(1)
    assert table["meaning"].iloc[0] == "lead_signal_need"
    assert ck.translate(table["meaning"], language="zh").iloc[0] == "对方确实需要我们的产品。"
    own = identify.lead_points({"need": 1, "visited_fair": 1})  # a signal of the student's own
    assert own["meaning"].tolist() == ["lead_signal_need", "visited_fair"]


def test_lead_score_by_hand():
    leads = pd.DataFrame([dict.fromkeys(SIGNALS, True), dict.fromkeys(SIGNALS, False)])
    leads.loc[2] = {**dict.fromkeys(SIGNALS, False), "need": True, "money": True}  # 25+20
    leads.loc[3] = {**dict.fromkeys(SIGNALS, True), "need": False, "money": False,
                    "authority": False}  # 100-25-20-15 = 40
    leads = leads.astype(bool)
    out = identify.lead_score(leads, explain=True)
    assert out["lead_score"].tolist() == [100, 0, 45, 40]
    assert out["lead_band"].astype(str).tolist() == ["hot", "cold", "warm", "warm"]
    assert out["points_need"].tolist() == [25, 0, 25, 0]
    assert out["lead_action"].tolist() == ["lead_action_hot", "lead_action_cold",
                                           "lead_action_warm", "lead_action_warm"]
    assert ck.translate(out["lead_action"]).iloc[1].startswith("Send the general price list")


def test_lead_score_custom_weights_scale_to_100():
    leads = pd.DataFrame({"need": [True, True, False], "has_website": [True, False, False]})
    out = identify.lead_score(leads, weights={"need": 3, "has_website": 1})
    assert out["lead_score"].tolist() == [100, 75, 0]
    with pytest.raises(CRMDataError, match="columns 'money'.*weights="):
        identify.lead_score(leads)
    with pytest.raises(CRMDataError, match="add up to 0"):
        identify.lead_score(leads, weights={"need": 0})
    with pytest.raises(CRMDataError):
        identify.lead_score(leads, weights={"need": -1})


# ---------------------------------------------------------------------------
# Data quality
# ---------------------------------------------------------------------------

RAW = pd.DataFrame({
    "customer_id": ["C1", "C2", "C2", "C4", "C5", "C6"],
    "name": ["张梅", "李雷", "李雷", " ", "王芳", None],
    "phone": ["10012345678", "100-2345-6789", "100-2345-6789", "12345", "1001234567x", None],
    "birth_year": [1985, 1990, 1990, 2190, 1880, np.nan],
    "signup_date": ["2024-01-05", "2024-02-30", "2024-02-30", "2024-03-01", "soon", None],
})


def test_data_quality_report_by_hand():
    report = identify.data_quality_report(RAW).set_index("column")
    # missing: name has " " and None; phone, birth_year and signup_date one None/NaN each
    assert report["missing"].to_dict() == {"customer_id": 0, "name": 2, "phone": 1,
                                           "birth_year": 1, "signup_date": 1,
                                           "(whole rows)": 2}
    # invalid: phone "12345" and "1001234567x" (not 11 digits after cleaning);
    # birth years 2190 and 1880; dates "2024-02-30" (twice) and "soon"
    assert report.loc["phone", "invalid"] == 2
    assert report.loc["birth_year", "invalid"] == 2
    assert report.loc["signup_date", "invalid"] == 3
    assert pd.isna(report.loc["name", "invalid"])  # no rule for names
    assert report.loc["customer_id", "duplicates"] == 1
    assert report.loc["(whole rows)", "duplicates"] == 1   # rows 1 and 2 are identical
    assert report.loc["(whole rows)", "invalid"] == 4      # rows 1, 2, 3, 4
    assert report.loc["phone", "rule"] == "phone"


def test_data_quality_custom_rules():
    rules = {"birth_year": (1950, 2000), "customer_id": {"C1", "C2"},
             "name": lambda s: s.str.len() == 2}
    report = identify.data_quality_report(RAW, rules=rules).set_index("column")
    assert report.loc["birth_year", "invalid"] == 2
    assert report.loc["customer_id", "invalid"] == 3
    assert report.loc["name", "invalid"] == 0
    assert pd.isna(report.loc["phone", "invalid"])  # only the given rules are checked
    with pytest.raises(CRMDataError, match="phone_number"):
        identify.data_quality_report(RAW, rules={"phone": "phone_number"})
    with pytest.raises(CRMDataError, match="not found"):
        identify.data_quality_report(RAW, rules={"mobile": "phone"})


# ---------------------------------------------------------------------------
# Cleaning and de-duplication
# ---------------------------------------------------------------------------

def test_clean_helpers():
    phones = identify.clean_phone(pd.Series(["+86 100 1234 5678", "0086-10012345678",
                                             "（100）1234-5678", "8610012345678", ""]))
    assert phones.tolist()[:4] == ["10012345678"] * 4 and pd.isna(phones.iloc[4])
    cities = identify.clean_city(pd.Series(["杭州", "杭州市", "Hangzhou", "hangzhou ",
                                            "ＨＡＮＧＺＨＯＵ", "宁波市"]))
    assert cities.tolist() == ["杭州"] * 5 + ["宁波"]
    assert identify.clean_city(pd.Series(["HZ"]), aliases={"hz": "杭州"}).tolist() == ["杭州"]
    assert identify.clean_name(pd.Series(["张 梅", "张梅\u3000", "Li  Lei"])).tolist() == [
        "张梅", "张梅", "lilei"]
    with pytest.raises(CRMDataError):
        identify.clean_phone("10012345678")


def test_deduplicate_merges_variants_and_reports():
    raw = pd.DataFrame({
        "name": ["张梅", "张 梅", "李雷", "李雷", "王芳", "王芳"],
        "phone": ["100-1234-5678", "+86 10012345678", "10087654321", None, None, "10011112222"],
        "city": ["杭州", "Hangzhou", "杭州市", "hangzhou ", "宁波", "杭州"],
        "email": [None, "zm@example.com", None, None, None, None],
    }, index=[10, 11, 12, 13, 14, 15])
    before = raw.copy()
    result = identify.deduplicate(raw)
    # 10+11 share the phone (and name+city); 12+13 share name+city (13 has no phone);
    # the two 王芳 live in different cities and share no phone: kept apart
    assert list(result.customers.index) == [10, 12, 14, 15]
    assert result.customers.loc[10, "email"] == "zm@example.com"  # filled from row 11
    assert result.customers.loc[10, "phone"] == "10012345678"
    assert result.customers.loc[12, "city"] == "杭州"
    merges = result.merges.set_index("row")
    assert merges["kept"].to_dict() == {11: 10, 13: 12}
    assert merges.loc[11, "matched_on"] == "phone, name+city"
    assert merges.loc[13, "matched_on"] == "name+city"
    pd.testing.assert_frame_equal(raw, before)
    customers, merges2 = identify.deduplicate(raw, keys=[("phone",)])
    assert list(customers.index) == [10, 12, 13, 14, 15] and len(merges2) == 1


def test_deduplicate_follows_chains():
    # 0 and 1 share a phone, 1 and 2 share name+city: all three are one customer
    raw = pd.DataFrame({"name": ["甲", "乙", "乙"], "phone": ["10000000001", "10000000001", None],
                        "city": ["上海", "杭州", "杭州"]})
    result = identify.deduplicate(raw)
    assert list(result.customers.index) == [0]
    assert result.merges["kept"].tolist() == [0, 0]


def test_deduplicate_errors():
    raw = pd.DataFrame({"name": ["a"], "phone": ["1"]})
    with pytest.raises(CRMDataError, match="'city' not found"):
        identify.deduplicate(raw)
    assert len(identify.deduplicate(raw, keys=[("phone",)]).customers) == 1
    with pytest.raises(CRMDataError, match="keys"):
        identify.deduplicate(raw, keys=[("email",)])


# ---------------------------------------------------------------------------
# Masking
# ---------------------------------------------------------------------------

def test_mask_pii():
    people = pd.DataFrame({"name": ["张小梅", "李雷", "欧阳娜娜", None],
                           "phone": ["10012341234", "100-1234-5678", None, "12"],
                           "email": ["zhang@example.com", "x", None, None],
                           "city": ["杭州"] * 4})
    before = copy.deepcopy(people)
    masked = identify.mask_pii(people)
    assert masked["name"].tolist()[:3] == ["张*梅", "李*", "欧**娜"]
    assert masked["phone"].tolist()[0] == "100****1234"
    assert masked["phone"].tolist()[3] == "**"
    assert masked["email"].tolist()[0] == "z***@example.com"
    assert masked["city"].tolist() == ["杭州"] * 4  # not personal by itself: untouched
    assert pd.isna(masked.loc[3, "name"]) and pd.isna(masked.loc[2, "phone"])
    pd.testing.assert_frame_equal(people, before)
    only = identify.mask_pii(people, columns={"city": "text"})
    assert only["city"].tolist() == ["杭*"] * 4 and only["name"].equals(people["name"])
    with pytest.raises(CRMDataError, match="'mobile' not found"):
        identify.mask_pii(people, columns=["mobile"])


# ---------------------------------------------------------------------------
# Plots
# ---------------------------------------------------------------------------

@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("language", ["en", "zh"])
def test_identify_plots_draw_without_warnings(language):
    ck.set_language(language)
    leads = pd.DataFrame(np.random.default_rng(3).random((60, len(SIGNALS))) < 0.5,
                         columns=SIGNALS).assign(converted=lambda d: d["need"] & d["money"])
    axes = [iplots.data_quality_chart(identify.data_quality_report(RAW)),
            iplots.lead_band_chart(identify.lead_score(leads))]
    for ax in axes:
        ax.figure.canvas.draw()
    assert axes[0].get_title() == ck.label("data_quality")
    assert [t.get_text() for t in axes[1].get_xticklabels()] == [
        ck.label("ui.lead_hot"), ck.label("ui.lead_warm"), ck.label("ui.lead_cold")]


# ---------------------------------------------------------------------------
# De-duplication against the answer key (chapter 02)
# ---------------------------------------------------------------------------

def test_placeholder_phones_never_match():
    # "0" and "n/a" are typed to get past an empty field: they must not chain strangers
    raw = pd.DataFrame({"name": ["甲", "乙", "丙", "丁"], "phone": ["0", "0", "n/a", "n/a"],
                        "city": ["杭州", "宁波", "上海", "北京"]})
    assert identify.deduplicate(raw).merges.empty
    assert len(identify.deduplicate(raw, keys=[("phone",)]).customers) == 4


def test_keys_may_name_other_columns():
    raw = pd.DataFrame({"name": ["张伟", "张伟", "张伟"], "phone": [None, None, None],
                        "city": ["杭州", "Hangzhou", "杭州市"],
                        "birth_year": ["1980", "1980 ", "1995"]})
    loose = identify.deduplicate(raw)
    assert len(loose.customers) == 1                       # name + city: all one person
    strict = identify.deduplicate(raw, keys=[("phone",), ("name", "city", "birth_year")])
    assert list(strict.customers.index) == [0, 2]          # 1995 is someone else
    assert strict.merges["matched_on"].tolist() == ["name+city+birth_year"]
    with pytest.raises(CRMDataError, match="birthday.*in keys"):
        identify.deduplicate(raw, keys=[("name", "birthday")])


def test_merge_accuracy_by_hand():
    raw = pd.DataFrame({"name": ["张梅", "张梅", "张梅", "李雷", "测试"],
                        "phone": [None, None, "10012345678", "10012345678", None],
                        "city": ["杭州", "杭州", "宁波", "宁波", "杭州"]},
                       index=[10, 11, 12, 13, 14])
    truth = pd.Series(["C1", "C2", "C1", "C3", None], index=raw.index)
    result = identify.deduplicate(raw)
    # 11 -> 10 (name+city, but two different 张梅: wrong); 13 -> 12 (the same phone, but
    # 李雷 is C3: wrong); 10 and 12 are both C1 but share nothing: a missed duplicate
    accuracy = identify.merge_accuracy(raw, result.merges, truth)
    assert accuracy.to_dict() == {"merges": 2, "right": 0, "wrong": 2, "true_duplicates": 1,
                                  "missed": 1}
    by_phone = identify.deduplicate(raw.assign(phone=["10012345678", None, "10012345678",
                                                      None, None]), keys=[("phone",)])
    assert identify.merge_accuracy(raw, by_phone.merges, truth).to_dict() == {
        "merges": 1, "right": 1, "wrong": 0, "true_duplicates": 1, "missed": 0}
    none = identify.merge_accuracy(raw, result.merges.iloc[:0], truth)
    assert none.to_dict() == {"merges": 0, "right": 0, "wrong": 0, "true_duplicates": 1,
                              "missed": 1}
    with pytest.raises(CRMDataError, match="same index labels"):
        identify.merge_accuracy(raw, result.merges, truth.reset_index(drop=True))
    with pytest.raises(CRMDataError, match="not in the records"):
        identify.merge_accuracy(raw.iloc[:2], result.merges, truth.iloc[:2])


def test_merge_pairs_shows_both_records():
    raw = pd.DataFrame({"name": ["张梅", "张 梅"], "phone": ["100-1234-5678", "10012345678"],
                        "city": ["杭州", "Hangzhou"]}, index=["a", "b"])
    pairs = identify.merge_pairs(raw, identify.deduplicate(raw).merges, ["name", "phone"])
    assert pairs.index.tolist() == [(1, "kept"), (1, "merged")]
    assert pairs["phone"].tolist() == ["100-1234-5678", "10012345678"]  # as typed
    with pytest.raises(CRMDataError, match="'email' not found"):
        identify.merge_pairs(raw, identify.deduplicate(raw).merges, ["email"])


def test_sample_data_dedup_scores_against_the_answer_key():
    from crmkit.synth import make_customers_raw

    raw = ck.load_customers_raw()
    _, key = make_customers_raw(ck.load_customers())
    truth = pd.Series(key["customer_id"].to_numpy(), index=raw.index)
    assert int(truth.notna().sum() - truth.nunique()) == int(key["duplicate"].sum())
    default = identify.deduplicate(raw)
    loose = identify.merge_accuracy(raw, default.merges, truth)
    strict_result = identify.deduplicate(raw, keys=[("phone",), ("name", "city", "birth_year")])
    strict = identify.merge_accuracy(raw, strict_result.merges, truth)
    assert loose["wrong"] > 300 > 20 > strict["wrong"]     # namesakes in one city
    assert strict["right"] > 0.9 * strict["true_duplicates"]
    phone = identify.merge_accuracy(raw, identify.deduplicate(raw, keys=[("phone",)]).merges,
                                    truth)
    assert phone["wrong"] <= 2                             # only test records share a phone


# ---------------------------------------------------------------------------
# Lead-score thresholds (chapter 02)
# ---------------------------------------------------------------------------

def test_threshold_table_by_hand():
    scored = pd.DataFrame({"lead_score": [90, 75, 50, 20], "converted": [True, False, True, False]})
    table = identify.lead_threshold_table(scored, [0, 50, 80, 95])
    assert table["qualifying"].tolist() == [4, 3, 1, 0]
    assert table["buyers_reached"].tolist() == [2, 2, 1, 0]
    assert table["recall"].tolist() == [1.0, 1.0, 0.5, 0.0]
    assert table["precision"].iloc[:3].tolist() == pytest.approx([0.5, 2 / 3, 1.0])
    assert np.isnan(table["precision"].iloc[3])              # nobody qualifies
    quality = identify.lead_rule_quality(scored, 50)
    assert (quality["qualifying"], quality["buyers"], quality["leads"]) == (3, 2, 4)


def test_threshold_table_on_the_sample_leads():
    scored = identify.lead_score(ck.load_leads())
    table = identify.lead_threshold_table(scored)
    assert table["threshold"].tolist() == list(range(0, 101, 5))
    assert table["recall"].is_monotonic_decreasing and table["recall"].iloc[0] == 1
    assert table["qualifying"].is_monotonic_decreasing
    base_rate = scored["converted"].mean()
    assert table["precision"].iloc[0] == pytest.approx(base_rate)
    assert table.set_index("threshold").loc[70, "precision"] > 2 * base_rate


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"thresholds": [50, 150]}, "thresholds"),
    ({"thresholds": "50"}, "list of numbers"),
    ({"outcome": "bought"}, "'bought' not found"),
])
def test_threshold_table_errors(kwargs, message):
    scored = pd.DataFrame({"lead_score": [90, 20], "converted": [True, False]})
    with pytest.raises(CRMDataError, match=message):
        identify.lead_threshold_table(scored, **kwargs)
    with pytest.raises(CRMDataError, match="no lead"):
        identify.lead_threshold_table(scored.assign(converted=False))


def test_inquiries_are_fixed_and_synthetic():
    from crmkit.synth import make_inquiries

    first, second = make_inquiries(), make_inquiries()
    pd.testing.assert_frame_equal(first, second)
    assert first["inquiry_id"].tolist() == [f"Q{i}" for i in range(1, 7)]
    assert first["message_zh"].str.contains(r"[\u4e00-\u9fff]").all()
    assert "SYNTHETIC" in (make_inquiries.__module__ and __import__(
        "crmkit.synth._inquiries", fromlist=["x"]).__doc__)


def test_merge_checks_refuse_repeated_labels_and_accept_shuffled_truth():
    raw = pd.DataFrame({"name": ["张梅", "张 梅"], "phone": ["10012345678", "10012345678"],
                        "city": ["杭州", "杭州"]})
    merges = identify.deduplicate(raw).merges
    truth = pd.Series(["C1", "C1"])
    shuffled = truth.iloc[::-1]                      # same labels, another order: fine
    assert identify.merge_accuracy(raw, merges, shuffled)["right"] == 1
    with pytest.raises(CRMDataError, match="index labels repeat"):
        identify.merge_pairs(raw.set_axis([0, 0]), merges)
