"""Chapter 02's exercise checkers: right answers in every accepted form, and the typical
mistakes each recognised with its own message.

The generic test in test_exercises.py already tries every checker with its own
solution and a perturbed answer; these tests pin the expected values to
independent calculations and hold the mistakes students make.
"""

import pandas as pd
import pytest

import crmkit as ck
from crmkit.exercises import ch02, check, registered, solution
from crmkit.synth import make_customers_raw, make_inquiries


@pytest.fixture(autouse=True)
def _quiet(capsys):
    yield
    capsys.readouterr()


def test_chapter_02_has_six_exercises():
    assert registered("02") == ["02.invalid_phones", "02.lead_score", "02.man_codes",
                                "02.recall_threshold", "02.same_customer", "02.samples"]


# --------------------------------------------------------------------------- MAN codes

def test_man_codes_follow_the_rule_including_veto_as_authority():
    assert solution("02.man_codes") == ["MAN", "mAN", "MAN", "MAn"]
    assert check("02.man_codes", ["MAN", "mAN", "MAN", "MAn"])
    assert check("02.man_codes", ("MAN", " mAN", "MAN ", "MAn"))          # a tuple, spaces
    assert check("02.man_codes", {"P1": "MAN", "P2": "mAN", "P3": "MAN", "P4": "MAn"})


@pytest.mark.parametrize(("answer", "message"), [
    (["man", "Man", "man", "maN"], "wrong way round"),                      # case inverted
    (["MAN", "mAN", "MAN", "ANm"], "order M, A, N"),                        # letters reordered
    (["MAN", "mAN", "MaN", "MAn"], "recommend or veto"),                    # veto is authority
    (["MAN", "MAn", "MAN", "MAn"], "what it lacks is money"),               # P2 money vs need
    (["MAN", "mAN", "MAN", "mAN"], "what it lacks is need"),                # P4 need vs money
    ("MAN", "list of four codes"),                                         # not a list
])
def test_man_codes_mistakes(answer, message):
    result = check("02.man_codes", answer)
    assert not result and message in result.detail


# --------------------------------------------------------------------------- invalid phones

def test_invalid_phones_counts_filled_cells_that_fail_after_cleaning():
    raw = ck.load_customers_raw()
    report = ck.data_quality_report(raw[["phone"]], {"phone": "phone"})
    assert solution("02.invalid_phones") == report.loc[0, "invalid"] == 80
    _, key = make_customers_raw(ck.load_customers())
    # every invalid phone is a planted defect (the answer key says so)
    valid = ck.clean_phone(raw["phone"]).str.fullmatch(r"1\d{10}").fillna(False).astype(bool)
    flagged = raw["phone"].notna() & ~valid
    assert key.loc[flagged.to_numpy(), "defects"].str.contains("phone_invalid").all()
    assert check("02.invalid_phones", 80) and check("02.invalid_phones", 80.0)


@pytest.mark.parametrize(("answer", "message"), [
    (109, "missing, not invalid"),             # counted the empty phones too
    (551, "Clean first"),                      # tested the phones as typed
    (324, "country code"),                     # removed non-digits but kept +86
    (329, "repeated phones"),                  # the duplicates count
])
def test_invalid_phones_mistakes(answer, message):
    result = check("02.invalid_phones", answer)
    assert not result and message in result.detail


# --------------------------------------------------------------------------- same customer

def test_same_customer_follows_the_answer_key():
    raw = ck.load_customers_raw()
    _, key = make_customers_raw(ck.load_customers())
    owner = dict(zip(raw["record_id"], key["customer_id"], strict=True))
    assert [owner[a] == owner[b] for a, b in ch02.PAIRS] == list(ch02.SAME_CUSTOMER)
    assert solution("02.same_customer") == [True, False, True]
    assert len(ch02.pairs_table()) == 6
    for answer in ([True, False, True], ("yes", "no", "yes"), ["是", "否", "是"],
                   pd.Series([True, False, True])):
        assert check("02.same_customer", answer), answer


@pytest.mark.parametrize(("answer", "message"), [
    ([False, False, True], "homophone"),           # trusted the spelling of the name
    ([True, True, True], "not an identity"),       # merged on name + city
    ([True, False, False], "change phone numbers"),  # a new phone means a new person
    ([True, False], "three True/False"),           # wrong length
])
def test_same_customer_mistakes(answer, message):
    result = check("02.same_customer", answer)
    assert not result and message in result.detail


# --------------------------------------------------------------------------- lead score

def test_lead_score_by_hand():
    lead = ck.load_leads().set_index("lead_id").loc[ch02.LEAD_ID]
    earned = sum(points for signal, points in ch02.LEAD_WEIGHTS.items() if lead[signal])
    expected = round(100 * earned / sum(ch02.LEAD_WEIGHTS.values()), 2)
    assert solution("02.lead_score") == pytest.approx(expected) == pytest.approx(72.22)
    assert check("02.lead_score", 72.22) and check("02.lead_score", 650 / 9)


@pytest.mark.parametrize(("answer", "message"), [
    (65, "points earned"),              # forgot to divide by the maximum
    (0.7222, "multiply by 100"),        # a fraction
    (72, "keep two decimals"),          # rounded to a whole number
    (75, "default points"),             # used the default weights
    (88.89, "no authority"),            # counted authority the lead does not have
])
def test_lead_score_mistakes(answer, message):
    result = check("02.lead_score", answer)
    assert not result and message in result.detail


# --------------------------------------------------------------------------- samples

def test_samples_are_hot_inquiries_that_asked_for_one():
    inquiries = make_inquiries()
    signals = pd.DataFrame({
        "has_website": inquiries["website"].notna(),
        "email_domain_matches": inquiries["email"].str.split("@").str[1].eq(inquiries["website"]),
        "names_model": inquiries["product_code"].notna(),
        "uses_trade_terms": inquiries["trade_terms"].notna(),
        "address_consistent": inquiries["address_kind"].eq("office"),
    })
    points = {s: ck.DEFAULT_LEAD_POINTS[s] for s in signals}
    hot = ck.lead_score(signals, points)["lead_band"].eq("hot").to_numpy()
    expected = inquiries.loc[hot & inquiries["asks_sample"].to_numpy(), "inquiry_id"].tolist()
    assert solution("02.samples") == expected == ["Q1", "Q5"]
    for answer in (["Q1", "Q5"], ["q5", "q1"], {"Q1", "Q5"}, "Q1 and Q5"):
        assert check("02.samples", answer), answer


@pytest.mark.parametrize(("answer", "message"), [
    (["Q1", "Q2", "Q5"], "residential flat"),      # trusted the "global chain"
    (["Q1", "Q3", "Q5"], "did not ask for a sample"),  # sample to a buyer who wants a quote
    (["Q1"], "webmail"),                           # rejected the webmail buyer
    (["Q1", "Q4", "Q5"], "student"),               # sample to a non-buyer
    (["Q1", "Q5", "Q6"], "six questions"),         # the vague inquiry
    (["Q1", "Q5", "Q9"], "Unknown inquiry"),
    ("Q1, Q5, Q15", "Unknown inquiry"),           # a text answer: Q15 is not read as Q1
])
def test_samples_mistakes(answer, message):
    result = check("02.samples", answer)
    assert not result and message in result.detail


# --------------------------------------------------------------------------- threshold

def test_recall_threshold_is_the_highest_that_finds_80_percent():
    scored = ck.lead_score(ck.load_leads())
    bought = scored["converted"].sum()
    found = {t: (scored["lead_score"] >= t)[scored["converted"]].sum() / bought
             for t in range(0, 101, 5)}
    expected = max(t for t, share in found.items() if share >= ch02.RECALL_TARGET)
    assert solution("02.recall_threshold") == expected == 60
    assert check("02.recall_threshold", 60) and check("02.recall_threshold", 60.0)


@pytest.mark.parametrize(("answer", "message"), [
    (65, "lower the threshold"),        # one step too high
    (70, "only 66%"),                   # the default hot band
    (50, "not the highest"),            # reaches the target, wastes calls
    (0.55, "not a rate"),               # answered the precision
    (80, "recall target"),              # the target itself
    (62, "multiple of 5"),
])
def test_recall_threshold_mistakes(answer, message):
    result = check("02.recall_threshold", answer)
    assert not result and message in result.detail


def test_feedback_in_chinese():
    ck.set_language("zh")
    try:
        result = check("02.recall_threshold", 70)
        assert "降低阈值" in result.detail
        assert "居民楼" in check("02.samples", ["Q1", "Q2", "Q5"]).detail
    finally:
        ck.set_language("en")
