"""The language switch, the glossary it reads, and Chinese charts without boxes."""

import csv
import io
import re
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from fontTools.ttLib import TTFont

import crmkit as ck
from crmkit import i18n
from crmkit.fonts import FONT_FAMILY, FONT_PATH

ROOT = Path(__file__).resolve().parents[1]
HAN = re.compile(r"[\u3400-\u9fff]")


def test_set_language_switches_labels():
    assert ck.get_language() == "en"
    assert ck.label("customer_lifetime_value") == "customer lifetime value (CLV)"
    ck.set_language("zh")
    assert ck.get_language() == "zh"
    assert ck.label("customer_lifetime_value") == "客户终生价值"
    assert ck.label("customer_lifetime_value", language="en") == "customer lifetime value (CLV)"


def test_term_gives_english_with_chinese():
    assert ck.term("rfm") == "RFM analysis (RFM 分析)"


@pytest.mark.parametrize("bad", ["fr", "EN", "", None, "chinese"])
def test_unknown_language_lists_valid_ones(bad):
    with pytest.raises(ck.CRMDataError, match=r"Valid languages: 'en', 'zh'"):
        ck.set_language(bad)
    assert ck.get_language() == "en"  # unchanged


def test_unknown_key_suggests_and_lists_valid_keys():
    with pytest.raises(ck.CRMDataError) as err:
        ck.label("recency_day")
    message = str(err.value)
    assert "Did you mean 'recency_days'" in message
    assert "customer_lifetime_value" in message  # the valid keys are listed
    assert "data/glossary.csv" in message


def test_glossary_table_in_both_languages():
    table = ck.glossary(["rfm", "customer_lifetime_value"])
    assert list(table.index) == ["rfm", "customer_lifetime_value"]
    assert table.loc["rfm", "中文"] == "RFM 分析"
    assert "recency" in table.loc["rfm", "definition"]
    zh = ck.glossary(["rfm"], language="zh")
    assert list(zh.columns) == ["术语", "English", "释义"]
    assert zh.loc["rfm", "术语"] == "RFM 分析" and zh.loc["rfm", "English"] == "RFM analysis"
    assert HAN.search(zh.loc["rfm", "释义"])


def test_glossary_file_is_well_formed():
    with (ROOT / "data" / "glossary.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    keys = [r["key"] for r in rows]
    assert len(keys) == len(set(keys)), "duplicate keys"
    for row in rows:
        assert re.fullmatch(r"(ui\.)?[a-z0-9_.]+", row["key"]), row["key"]
        assert row["en"].strip() and row["zh"].strip(), row["key"]
        assert HAN.search(row["zh"]) or row["zh"].isascii(), row["key"]
        # a term with a definition has it in both languages
        assert bool(row["definition_en"]) == bool(row["definition_zh"]), row["key"]
        if not row["key"].startswith("ui."):
            assert row["en"] != row["zh"] or row["en"].isascii()


def test_broken_glossary_is_reported(tmp_path, monkeypatch):
    (tmp_path / "glossary.csv").write_text(
        "key,en,zh,definition_en,definition_zh\nrfm,RFM,,x,y\n", encoding="utf-8"
    )
    monkeypatch.setattr(i18n, "_glossary_path", lambda: tmp_path / "glossary.csv")
    with pytest.raises(ck.CRMDataError, match=r"line 2: key 'rfm' has no text for zh"):
        ck.label("rfm")


def test_missing_glossary_says_where_it_looked(monkeypatch):
    monkeypatch.setattr(i18n, "resource", lambda name: ROOT / "nowhere" / name)
    with pytest.raises(ck.CRMDataError, match=r"nowhere/glossary.csv does not exist. Fix: "):
        ck.label("rfm")


def test_labels_and_quizzes_do_not_depend_on_crmkit_data(tmp_path, monkeypatch):
    """An instructor's own data folder (CRMKIT_DATA) with only the sample CSVs: the sample
    data come from it, the glossary and the quiz banks still from the workbook."""
    from crmkit import paths, quizbank

    (tmp_path / "customers.csv").write_text(
        "".join((ROOT / "data" / "customers.csv").open(encoding="utf-8").readlines()[:11]),
        encoding="utf-8")
    monkeypatch.setenv("CRMKIT_DATA", str(tmp_path))
    i18n._load.cache_clear()  # read the glossary afresh, under CRMKIT_DATA
    assert paths.data_dir() == tmp_path and len(ck.load_customers()) == 10
    assert ck.label("customer_lifetime_value", "zh") == "客户终生价值"
    assert ck.label("ui.quiz_title", "en") and ck.label("ui.ex_hint", "zh")
    assert "customer_lifetime_value" in ck.glossary().index
    assert quizbank.banks() == sorted(p.stem[2:] for p in (ROOT / "data" / "quiz").glob("ch*.yaml"))
    bank = ck.quiz("04")
    assert len(bank.questions) >= 10
    ck.set_language("zh")
    assert str(bank.feedback(bank.questions[0])) == "… 尚未作答。"


def _all_bilingual_text():
    files = [ROOT / "data" / "glossary.csv", *sorted((ROOT / "data" / "quiz").glob("*.yaml"))]
    return "".join(p.read_text(encoding="utf-8") for p in files)


def test_bundled_font_covers_every_character_we_use():
    cmap = TTFont(FONT_PATH)["cmap"].getBestCmap()
    # Emoji such as ✅ only appear in printed feedback, never on a chart.
    drawn = {c for c in _all_bilingual_text() if ord(c) > 0x7F and not 0x2600 <= ord(c) <= 0x27BF}
    missing = sorted(c for c in drawn if ord(c) not in cmap)
    assert not missing, f"rebuild the font (scripts/make_cjk_font.py); missing: {missing}"


def test_font_licence_ships_with_the_font():
    licence = (FONT_PATH.parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Adobe" in licence


def test_chinese_chart_draws_without_boxes_or_warnings():
    ck.set_language("zh")
    from matplotlib import font_manager

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font" would fail here
        fig, ax = plt.subplots()
        ax.plot([1, 2, 3], [3, 1, 2], label=ck.label("retention_rate"))
        ax.bar([1, 2], [1, 2], label="重要价值客户")
        ax.set_title(ck.label("customer_lifetime_value") + " −1")
        ax.set_xlabel(ck.label("period"))
        ax.set_ylabel(ck.label("revenue") + "(元)")
        ax.legend(title=ck.label("segment"))
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
    used = font_manager.findfont(font_manager.FontProperties(family=plt.rcParams["font.family"]))
    assert Path(used) == FONT_PATH
    assert plt.rcParams["font.family"][0] == FONT_FAMILY
    assert buffer.getbuffer().nbytes > 1000


def test_english_mode_still_draws_chinese_names():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        i18n.set_language("en")
        fig, ax = plt.subplots()
        ax.set_title("Top customer: 王永庆")
        fig.savefig(io.BytesIO(), format="png")


# --------------------------------------------------------------------------- ck.translate


def test_translate_turns_codes_headers_and_labels_into_words_and_leaves_the_rest():
    import pandas as pd

    table = pd.DataFrame(
        {"segment": pd.Categorical(["rfm_lost", "rfm_champions", "rfm_lost"]),
         "signal": ["need", "money", "need"],  # column names of a frame, not all of them keys
         "customers": [5, 3, 1], "customer_id": ["C1", "C2", "C3"]},
        index=pd.Index(["rfm_lost", "x", "y"], name="segment"))
    before = table.copy()
    zh = ck.translate(table, language="zh")
    assert zh.columns.tolist() == ["细分群体", ck.label("signal", "zh"), "客户数", "customer_id"]
    assert zh.index.tolist() == ["流失客户", "x", "y"] and zh.index.name == "细分群体"
    assert zh["细分群体"].astype(str).tolist() == ["流失客户", "重要价值客户", "流失客户"]
    assert zh.iloc[:, 1].tolist() == ["need", "money", "need"]  # a mixed column stays as is
    assert zh["客户数"].tolist() == [5, 3, 1] and zh["customer_id"].tolist() == ["C1", "C2", "C3"]
    pd.testing.assert_frame_equal(table, before)  # the input keeps its codes
    assert ck.translate(table)["segment"].astype(str).tolist()[:2] == ["Lost", "Champions"]
    ck.set_language("zh")
    series = ck.translate(pd.Series([1, 2], index=["rfm_new", "rfm_lost"], name="customers"))
    assert series.index.tolist() == ["新客户", "流失客户"] and series.name == "客户数"


def test_translate_refuses_what_is_not_a_table():
    with pytest.raises(ck.CRMDataError, match="expected a DataFrame or Series, but got a list"):
        ck.translate(["rfm_lost"])
    with pytest.raises(ck.CRMDataError, match="unknown language 'fr'"):
        ck.translate(ck.man_table(), language="fr")


def test_language_block_restores_the_language():
    from crmkit import i18n

    with i18n.using("zh"):
        assert ck.label("customer") == "客户"
    assert ck.get_language() == "en"
    with pytest.raises(RuntimeError), i18n.using("zh"):
        raise RuntimeError("a failing chart")
    assert ck.get_language() == "en"


def test_rfm_playbook_texts_in_the_glossary_match_the_segments():
    # Chapter 04 shows each segment's rule and action from the glossary (so they read in
    # Chinese too); the English must stay the text of ck.RFM_SEGMENTS.
    for segment in ck.RFM_SEGMENTS:
        assert ck.label(f"ui.rule_{segment.key}", "en") == segment.rule
        assert ck.label(f"ui.action_{segment.key}", "en") == segment.action
        assert HAN.search(ck.label(f"ui.action_{segment.key}", "zh"))
