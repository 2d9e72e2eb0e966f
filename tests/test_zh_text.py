"""Chinese text reads as Chinese: full-width punctuation in the glossary, the quiz banks,
checker messages and the Chinese notebooks (rules in scripts/zh_lint.py)."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("zh_lint", ROOT / "scripts" / "zh_lint.py")
zh_lint = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(zh_lint)


@pytest.mark.parametrize("source", ["glossary_texts", "quiz_texts", "python_texts",
                                    "notebook_texts"])
def test_chinese_punctuation(source):
    texts = list(getattr(zh_lint, source)())
    found = [f"{where}: {problem}" for where, text in texts for problem in zh_lint.problems(text)]
    assert texts or source == "notebook_texts", f"{source} found no Chinese text to check"
    assert not found, (f"{len(found)} punctuation slip(s) in Chinese text "
                       "(fix: `python scripts/zh_lint.py --fix` for the glossary and quiz "
                       "banks, by hand elsewhere):\n" + "\n".join(found[:40]))


@pytest.mark.parametrize("text, slips", [
    ("按收入对客户排序,分为三类。", ["half-width , next to a Chinese character"]),
    ("客户终生价值:未来毛利之和", ["half-width : next to a Chinese character"]),
    ("哪一个是对的?", ["half-width ? next to a Chinese character"]),
    ("例如 RFM,然后再看", ["half-width , next to a Chinese character"]),
    ("A 类(前 80% 收入)", ["half-width ( ) around Chinese"]),
    ("即消费金额(Monetary)。", ["half-width ( ) around Chinese"]),
    ("第一句。 第二句。", ["space after 。"]),
    ("得分越高；  F 和 M", ["space after ；"]),
])
def test_slips_are_found(text, slips):
    assert [p.split(": …")[0] for p in zh_lint.problems(text)] == slips
    assert zh_lint.problems(zh_lint.fix(text)) == []


@pytest.mark.parametrize("text", [
    "按收入对客户排序，分为 A 类（前 80% 收入）。",
    "调用 `ck.rfm_scores(orders, as_of=\"2026-01-01\")`，再看结果。",
    "见底日 = last_delivery + pd.to_timedelta(np.floor(可吃天数), unit='D')。",
    "ck.set_language(\"zh\") 会切换之后生成的所有内容。",
    "第一句。\n第二句。",
    "$$\\text{CLV} = \\frac{m (1+d)}{1+d-r}$$ 是不设期限的客户终生价值。",
])
def test_right_text_passes(text):
    assert zh_lint.problems(text) == []


def test_fix_makes_full_width_pairs():
    assert zh_lint.fix("分为 A 类(前 80% 收入),B 类(其后 15%)。") == (
        "分为 A 类（前 80% 收入），B 类（其后 15%）。")
