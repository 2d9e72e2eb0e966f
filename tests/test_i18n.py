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


def test_unknown_key_names_the_nearest_keys_not_all_of_them():
    with pytest.raises(ck.CRMDataError) as err:
        ck.label("recency_day")
    message = str(err.value)
    assert "unknown key 'recency_day'; nearest: 'recency_days'" in message
    assert "customer_lifetime_value" not in message  # not the 1,000-key list
    assert len(message) < 600
    assert "data/glossary/chNN.csv" in message and "shared.csv" in message
    assert "你是不是想写 'recency_days'" in err.value.zh


def test_glossary_table_in_both_languages():
    table = ck.glossary(["rfm", "customer_lifetime_value"])
    assert list(table.index) == ["rfm", "customer_lifetime_value"]
    assert table.loc["rfm", "中文"] == "RFM 分析"
    assert "recency" in table.loc["rfm", "definition"]
    zh = ck.glossary(["rfm"], language="zh")
    assert list(zh.columns) == ["术语", "英文", "释义"] and zh.index.name == "键"
    assert zh.loc["rfm", "术语"] == "RFM 分析" and zh.loc["rfm", "英文"] == "RFM analysis"
    assert HAN.search(zh.loc["rfm", "释义"])


GLOSSARY = ROOT / "data" / "glossary"
HEADER = "key,en,zh,definition_en,definition_zh"
# shared.csv: terms several chapters use; ui-<area>.csv: the library's own interface
# (checker feedback, the quiz form); chNN.csv: a chapter's own terms; cNN.csv: a case's.
FILE_NAME = re.compile(r"shared|ui-[a-z]+|ch\d\d|c\d\d")


def _glossary_rows():
    """(file name, line, row) for every row of every glossary file."""
    for path in sorted(GLOSSARY.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            assert next(reader) == HEADER.split(","), path.name
            for row in reader:
                yield path.name, reader.line_num, dict(zip(HEADER.split(","), row, strict=True))


def test_the_glossary_is_one_file_per_owner():
    assert not (ROOT / "data" / "glossary.csv").exists(), (
        "data/glossary.csv was split into data/glossary/ (see its README.md): move its rows to "
        "the file of the chapter or case that uses them, or to shared.csv")
    names = sorted(p.stem for p in GLOSSARY.glob("*.csv"))
    assert {"shared", "ui-exercises", "ui-quiz", "ch04", "c01"} <= set(names)
    assert [n for n in names if not FILE_NAME.fullmatch(n)] == []
    assert [p.name for p in GLOSSARY.iterdir() if p.suffix != ".csv"] == ["README.md"]


def test_glossary_files_are_well_formed():
    for path in sorted(GLOSSARY.glob("*.csv")):
        raw = path.read_bytes()
        text = raw.decode("utf-8")  # UTF-8, no byte order mark (Excel adds one)
        assert not text.startswith("\ufeff") and b"\r" not in raw, path.name
        assert text.startswith(HEADER + "\n") and text.endswith("\n"), path.name
    rows = list(_glossary_rows())
    assert len(rows) > 1000
    for name, line, row in rows:
        where = f"{name}, line {line}, key {row['key']!r}"
        assert re.fullmatch(r"(ui\.)?[a-z0-9_.]+", row["key"]), where
        assert row["en"].strip() and row["zh"].strip(), where
        assert HAN.search(row["zh"]) or row["zh"].isascii(), where
        # a term with a definition has it in both languages
        assert bool(row["definition_en"]) == bool(row["definition_zh"]), where
        if not row["key"].startswith("ui."):
            assert row["en"] != row["zh"] or row["en"].isascii(), where
        if name.startswith("ui-"):
            assert row["key"].startswith("ui."), f"{where}: an interface string has a ui. key"


def test_no_glossary_key_is_defined_twice():
    first: dict[str, str] = {}
    twice = []
    for name, line, row in _glossary_rows():
        if row["key"] in first:
            twice.append(f"{row['key']!r}: {first[row['key']]} and {name}, line {line}")
        first.setdefault(row["key"], f"{name}, line {line}")
    assert twice == [], "keys defined twice (keep one row):\n" + "\n".join(twice)
    assert len(first) == len(i18n._terms())  # the library reads every row of every file


def _glossary_folder(tmp_path, monkeypatch, **files):
    """A glossary folder of our own in place of data/glossary/."""
    folder = tmp_path / "glossary"
    folder.mkdir()
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(HEADER + "\n" + text, encoding="utf-8")
    monkeypatch.setattr(i18n, "_glossary_dir", lambda: folder)
    return folder


def test_a_key_in_two_files_is_reported_with_both_places(tmp_path, monkeypatch):
    _glossary_folder(tmp_path, monkeypatch, ch04="rfm,RFM,RFM 分析,,\n",
                     shared="customer,customer,客户,,\nrfm,RFM analysis,RFM 分析,,\n")
    with pytest.raises(ck.CRMDataError, match=r"shared.csv, line 3: key 'rfm' is already "
                                              r"defined in ch04.csv, line 2. Fix: keep one"):
        ck.label("customer")


def test_a_key_twice_in_one_file_is_reported(tmp_path, monkeypatch):
    _glossary_folder(tmp_path, monkeypatch, ch04="rfm,RFM,RFM 分析,,\nx,x,十,,\nrfm,RFM,RFM,,\n")
    with pytest.raises(ck.CRMDataError, match=r"ch04.csv, line 4: key 'rfm' is already "
                                              r"defined in ch04.csv, line 2"):
        ck.label("x")


def test_broken_glossary_is_reported(tmp_path, monkeypatch):
    _glossary_folder(tmp_path, monkeypatch, ch04="rfm,RFM,,x,y\n")
    with pytest.raises(ck.CRMDataError, match=r"line 2: key 'rfm' has no text for zh"):
        ck.label("rfm")


@pytest.mark.parametrize("text, problem", [
    ("rfm,RFM, recency, frequency,RFM 分析,,\n", r"ch04.csv, line 2: expected 5 fields"),
    ("rfm,RFM,RFM 分析\n", r"ch04.csv, line 2: expected 5 fields"),
])
def test_a_row_with_the_wrong_number_of_fields_is_reported(tmp_path, monkeypatch, text, problem):
    _glossary_folder(tmp_path, monkeypatch, ch04=text)
    with pytest.raises(ck.CRMDataError, match=problem) as caught:
        ck.label("rfm")
    assert '"a, b"' in str(caught.value)  # the fix: quote a text with a comma


def test_a_file_without_its_header_is_reported(tmp_path, monkeypatch):
    folder = _glossary_folder(tmp_path, monkeypatch, shared="customer,customer,客户,,\n")
    (folder / "ch04.csv").write_text("rfm,RFM,RFM 分析,,\n", encoding="utf-8")
    with pytest.raises(ck.CRMDataError, match=r"ch04.csv: expected the columns key, en, zh"):
        ck.label("customer")


def test_missing_glossary_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "_glossary_dir", lambda: tmp_path / "nowhere")
    with pytest.raises(ck.CRMDataError, match=r"nowhere has no .csv file. Fix: "):
        ck.label("rfm")


def test_labels_and_quizzes_do_not_depend_on_crmkit_data(tmp_path, monkeypatch):
    """An instructor's own data folder (CRMKIT_DATA) with only the sample CSVs: the sample
    data come from it, the glossary and the quiz banks still from the workbook."""
    from crmkit import paths, quizbank

    (tmp_path / "customers.csv").write_text(
        "".join((ROOT / "data" / "customers.csv").read_text(encoding="utf-8")
                .splitlines(keepends=True)[:11]),
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
    files = [*sorted(GLOSSARY.glob("*.csv")), *sorted((ROOT / "data" / "quiz").glob("*.yaml"))]
    return "".join(p.read_text(encoding="utf-8") for p in files)


def test_bundled_font_covers_every_character_we_use():
    with TTFont(FONT_PATH) as font:
        cmap = font["cmap"].getBestCmap()
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


# --------------------------------------------------------------------------- aligned tables


def _display_width(text):
    """Columns a line takes on screen: a wide (Chinese) character takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_chinese_tables_line_up_in_print_and_repr():
    import pandas as pd

    table = pd.DataFrame({"segment": ["rfm_champions", "rfm_lost", "rfm_new"],
                          "customers": [1203, 45, 7]}).set_index("segment")
    ck.set_language("zh")
    shown = ck.translate(table)
    for text in (shown.to_string(), repr(shown), ck.translate(ck.man_table()).to_string()):
        widths = {_display_width(line) for line in text.splitlines()}
        assert len(widths) == 1, f"header and rows differ in width {widths}:\n{text}"
    ck.set_language("en")
    assert pd.get_option("display.unicode.east_asian_width") is False


# --------------------------------------------------------------------------- zh displays

#: English a Chinese reader may see on purpose: people, companies, products, a model's name
#: and terms given in parentheses after their Chinese name.
ALLOWED_ENGLISH = {"App", "Fader", "Hardie", "Lee", "Sprint", "Nextel", "Gamma-Gamma", "Money",
                   "Authority", "Need", "alive", "Sears", "Best", "Buy", "Shift", "Enter",
                   "Ctrl", "JupyterLab", "Jupyter", "Python"}


def english_words(text):
    """ASCII words in ``text`` other than code (with _ . / ( or a digit), acronyms (RFM,
    CLV) and the allowed names."""
    words = re.findall(r"(?<![\w./(])[A-Za-z][A-Za-z'-]+(?![\w./(])", text)
    return sorted({w for w in words if not w.isupper() and w not in ALLOWED_ENGLISH})


def test_chinese_displays_have_no_english_words():
    ck.set_language("zh")
    quiz = ck.quiz("00")
    quiz.answer("run-cell", "b")  # the right answer
    shown = {
        "quiz": repr(quiz),
        "score": repr(quiz.score()),
        "feedback": str(quiz.feedback("run-cell")),
        "glossary": ck.glossary().drop(columns="英文").to_string(index=False),
        "glossary header": " ".join([*ck.glossary(["rfm"]).columns, ck.glossary().index.name]),
        # as chapter 02 shows it (the code column holds MAN codes such as 'MAn')
        "man table": ck.translate(ck.man_table()[["priority", "action"]]).to_string(),
    }
    assert shown["quiz"].startswith("<自测题 第 00 章") and "得分 1 / " in shown["quiz"]
    assert shown["score"] == f"得分：1 / {len(quiz)}"
    assert "。 " not in shown["feedback"]
    found = {name: english_words(text) for name, text in shown.items()}
    assert not any(found.values()), found
    ck.set_language("en")
    assert repr(quiz).startswith("<Quiz chapter 00") and repr(quiz.score()).startswith("Score(")
    assert english_words(repr(quiz)) != []  # the check finds English where there is some
