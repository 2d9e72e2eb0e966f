"""CRMDataError in Chinese: after ck.set_language("zh") the checks every public function runs
answer in Chinese alone, with the same fix (修正：…); the English original stays on the error
as ``err.en``."""

import re

import numpy as np
import pandas as pd
import pytest

import crmkit as ck
from crmkit import validate
from crmkit.errors import CRMDataError

HAN = re.compile(r"[\u4e00-\u9fff]")
ORDERS = pd.DataFrame({
    "customer_id": ["C1", "C2", "C1"],
    "order_date": ["2025-01-02", "2025-02-03", "2025-03-04"],
    "revenue": [10.0, 20.0, 30.0],
})

# (what goes wrong, the call, the code of the fix that must appear in both languages)
CASES = [
    ("misspelt column", lambda: ck.rfm_scores(ORDERS, amount="revenu"), "amount='<your column>'"),
    ("not a frame", lambda: ck.rfm_scores([1, 2]), "ck.load_transactions()"),
    ("text in numbers", lambda: ck.rfm_scores(ORDERS.assign(revenue=["10", "x", "30"])),
     "df = df.drop(index=[1])"),
    ("negative amount", lambda: ck.rfm_scores(ORDERS.assign(revenue=[10.0, -5.0, 30.0])),
     "df = df[df['revenue'] >= 0]"),
    ("missing amount", lambda: ck.rfm_scores(ORDERS.assign(revenue=[10.0, np.nan, 30.0])),
     "df = df.dropna(subset=['revenue'])"),
    ("text that is no date", lambda: ck.rfm_scores(ORDERS.assign(order_date=["2025-01-02", "soon",
                                                                             "2025-03-04"])),
     "df = df.drop(index=[1])"),
    ("ambiguous as_of", lambda: ck.rfm_scores(ORDERS, as_of="05/01/2025"), "as_of='2025-12-31'"),
    ("percentage for a rate", lambda: ck.clv(600, 85, 0.1), "retention=0.85"),
    ("text for a number", lambda: ck.clv("600", 0.8, 0.1), "margin="),
    ("an unknown language", lambda: ck.set_language("cn"), "ck.set_language('zh')"),
    ("an unknown label", lambda: ck.label("customer_lifetime_valu"), "data/glossary/chNN.csv"),
    ("a quiz choice not offered", lambda: ck.quiz("00").answer("run-cell", "z"), "'a', 'b'"),
    ("two choices for one", lambda: ck.quiz("00").answer("run-cell", ["a", "b"]),
     "q.answer('run-cell', 'a')"),
    ("translate a list", lambda: ck.translate([1, 2]), "ck.translate(ck.man_table())"),
]


@pytest.mark.parametrize("what, call, fix", CASES, ids=[c[0] for c in CASES])
def test_validation_errors_read_in_chinese_with_the_same_fix(what, call, fix):
    with pytest.raises(CRMDataError) as english:
        call()
    en = str(english.value)
    ck.set_language("zh")
    with pytest.raises(CRMDataError) as chinese:
        call()
    zh = str(chinese.value)
    assert not HAN.search(en), f"{what}: the English message has Chinese in it: {en}"
    assert HAN.search(zh) and "修正：" in zh and "Fix" not in zh and "English" not in zh, zh
    assert chinese.value.en == en, "the English original stays on the error"
    if fix:
        assert fix in en and fix in zh, f"{what}: the fix {fix!r} is not in both: {zh}"


def test_language_is_read_when_the_message_is_shown():
    error = CRMDataError("f: bad. Fix: do x.", zh="f：有误。修正（Fix）：做 x。")
    assert str(error) == "f: bad. Fix: do x."
    ck.set_language("zh")
    assert str(error) == "f：有误。修正：做 x。" and error.en == "f: bad. Fix: do x."
    assert str(CRMDataError("only English")) == "only English"
    assert isinstance(error, ValueError) and error.args == ("f: bad. Fix: do x.",)


def test_rows_are_named_in_chinese():
    assert validate.rows_zh([3, 7]) == "第 3、7 行"
    assert validate.rows_zh([3], ["abc"]) == "第 3 行：'abc'"
    many = validate.rows_zh(range(10))
    assert many.startswith("第 0、1、2") and many.endswith("，共 10 行")


def test_every_crmdataerror_in_the_library_has_its_chinese_text():
    """A student working in Chinese reads every error in Chinese: each raise carries zh=."""
    import ast
    from pathlib import Path

    lib = Path(__file__).resolve().parents[1] / "lib" / "crmkit"
    english_only = []
    for path in sorted(lib.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "CRMDataError"
                    and not any(k.arg in ("zh", None) for k in node.keywords)):
                english_only.append(f"{path.relative_to(lib).as_posix()}:{node.lineno}")
    assert not english_only, (
        f"{len(english_only)} CRMDataError(...) without zh=: {', '.join(english_only[:20])}")


def test_a_misspelt_column_and_label_name_the_nearest_in_both_languages():
    with pytest.raises(CRMDataError) as err:
        ck.rfm_scores(ORDERS, amount="revenu")
    assert "Did you mean 'revenue'?" in err.value.en
    assert "你是不是想写 'revenue'？" in err.value.zh
    with pytest.raises(CRMDataError) as err:
        ck.label("customer_lifetime_valu")
    assert "'customer_lifetime_value'" in err.value.en and len(err.value.en) < 600
    assert "你是不是想写 'customer_lifetime_value'" in err.value.zh and len(err.value.zh) < 400
    with pytest.raises(CRMDataError) as err:
        ck.label("zzzzqqqq")
    assert "no key is close" in err.value.en and "没有与它相近的键" in err.value.zh


# A Chinese message: code and column names may be in ASCII, but no English sentence, no
# "Fix", no space after "。" and no half-width "," or ";" between two Chinese characters.
_CODE = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|\([^()（）]*\)|（[\x00-\x7f]*）"
                   r"|\S*[_=.\[\](){}/<>\d]\S*")
_ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}(?:,? [A-Za-z]{2,}){2,}")
_HALF = re.compile(r"[\u4e00-\u9fff][,;] ?[\u4e00-\u9fff]")


def chinese_message_problems(text: str) -> list[str]:
    """What keeps one Chinese error message from reading as Chinese alone."""
    problems = []
    if "Fix" in text or "English:" in text:
        problems.append("an English 'Fix' / copy")
    if re.search(r"。 ", text):
        problems.append("'。 '")
    if _HALF.search(text):
        problems.append(f"half-width punctuation: {_HALF.search(text).group()!r}")
    prose = _CODE.sub(" ", text)
    if _ENGLISH_RUN.search(prose):
        problems.append(f"English words: {_ENGLISH_RUN.search(prose).group()!r}")
    return problems


def test_the_checker_finds_the_old_kind_of_message():
    old = ("f：有误。 修正（Fix）：做完,再做。\nEnglish: f: column not found in the frame.")
    assert len(chinese_message_problems(old)) == 4
    assert chinese_message_problems("f：找不到列 'x'。修正：传入 amount='revenue'。") == []


def test_every_chinese_error_of_the_fuzz_catalogue_reads_as_chinese():
    """The fuzz harness's spoiled frames, in Chinese: every message passes the check above."""
    import warnings

    import test_fuzz as fuzz

    seen, bad = 0, {}
    ck.set_language("zh")
    for name in fuzz.NAMES:
        kwargs, _ = fuzz.clean_call(name)
        for param in [k for k, v in kwargs.items() if isinstance(v, pd.DataFrame)]:
            frame = kwargs[param]
            spoiled = [spoil(frame) for spoil in fuzz.FRAME_SPOILS.values()]
            spoiled += [spoil(frame, col) for col in fuzz.used_columns(name, frame)
                        for spoil in fuzz.COLUMN_SPOILS.values()]
            for bad_frame in spoiled:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    try:
                        fuzz.FUNCTIONS[name](**{**kwargs, param: bad_frame})
                    except CRMDataError as err:
                        seen += 1
                        text = str(err)
                        for problem in chinese_message_problems(text):
                            bad.setdefault(problem, text)
                    except Exception:  # noqa: BLE001, S110 - test_fuzz reports these
                        pass
    assert seen > 300, seen
    assert not bad, "\n\n".join(f"{k}:\n{v}" for k, v in list(bad.items())[:8])
