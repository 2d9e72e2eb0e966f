"""Notebook hygiene: clean, portable, and with the anatomy every chapter and case promises.

nbval itself (configured in pyproject.toml) runs every notebook; these tests
check what a run cannot see: committed outputs, forbidden cells, missing parts.
"""

import json
import re
from pathlib import Path

import pytest
import yaml

import expected_outputs
from crmkit import chapters

ROOT = Path(__file__).resolve().parents[1]


def _editions(rows):
    """Both editions of each row: the English notebook and the Chinese one in zh/ beside it."""
    return [ROOT / row.path(edition) for row in rows for edition in chapters.EDITIONS]


# The written notebooks of the book manifest (crmkit.chapters): chapters and the lab, cases.
NOTEBOOKS = _editions(e for e in chapters.entries(written=True) if e.kind != "case")
CASES = _editions(chapters.entries("case", written=True))
# Chapters 01-10 follow the chapter standard (00 gets you started, the lab has its own plan).
CHAPTERS = _editions(e for e in chapters.entries("chapter", written=True) if e.code != "00")
# Every notebook committed, a chapter being written included: all of them are kept clean.
EVERY = chapters.notebooks(planned=True, root=ROOT)
# The sections every chapter and case has, as headed in each edition.
CHAPTER_SECTIONS = {
    "en": ("learning objectives", "try it", "exercises", "self-check quiz", "summary", "sources"),
    "zh": ("学习目标", "动手试一试", "练习", "自测题", "小结", "资料来源"),
}
CASE_SECTIONS = {
    "en": ("background", "business question", "data", "tasks", "worked analysis",
           "discussion questions", "teaching notes", "sources"),
    "zh": ("背景", "问题", "数据", "任务", "分析", "讨论", "教学说明", "资料来源"),
}


def _edition(path):
    return "zh" if path.parent.name == "zh" else "en"
SLIDE_TYPES = {"slide", "subslide", "fragment", "-", "skip", "notes"}


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _markdown(nb):
    return "\n".join(_source(c) for c in nb["cells"] if c["cell_type"] == "markdown")


def _code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def _headings(nb):
    return [line.lstrip("#").strip() for line in _markdown(nb).splitlines()
            if line.startswith("#")]


def _ids(paths):
    return [p.relative_to(ROOT).as_posix() for p in paths]


def test_there_are_notebooks():
    assert (ROOT / "notebooks" / "00-getting-started.ipynb") in NOTEBOOKS
    assert (ROOT / "notebooks" / "zh" / "00-getting-started.ipynb") in NOTEBOOKS


@pytest.mark.parametrize("path", EVERY, ids=_ids(EVERY))
def test_committed_clean_and_portable(path):
    name = path.relative_to(ROOT).as_posix()
    assert re.fullmatch(r"\d\d-[a-z0-9-]+\.ipynb", path.name), f"{name}: name it NN-short-name"
    nb = _load(path)
    assert nb["nbformat"] == 4
    spec = nb["metadata"].get("kernelspec", {})
    assert spec.get("name") == "python3", f"{name}: kernelspec must be python3, is {spec}"
    problems = []
    for number, cell in enumerate(nb["cells"], start=1):
        src = _source(cell)
        slide = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        if slide not in SLIDE_TYPES:
            problems.append(f"cell {number}: no slideshow.slide_type metadata")
        if cell["cell_type"] != "code":
            continue
        if cell.get("outputs") or cell.get("execution_count") is not None:
            problems.append(f"cell {number}: has outputs or an execution count (clear them)")
        if re.search(r"\bpip\s+install\b|%pip|!pip|%conda|!conda", src):
            problems.append(f"cell {number}: installs packages (put them in pyproject.toml)")
        if re.search(r"sys\.path|PYTHONPATH", src):
            problems.append(f"cell {number}: edits sys.path (crmkit is installed; import it)")
        if re.search(r"https?://", src):
            problems.append(f"cell {number}: uses a web address (notebooks work offline)")
        if re.search(r"(?<![\w.])open\(", src) and "encoding=" not in src:
            problems.append(f"cell {number}: open() without encoding='utf-8'")
    assert not problems, f"{name}:\n" + "\n".join(problems)


def _quiz_bank(chapter):
    path = ROOT / "data" / "quiz" / f"ch{chapter}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None


@pytest.mark.parametrize("path", CHAPTERS, ids=_ids(CHAPTERS))
def test_chapter_anatomy(path):
    import crmkit.exercises as exercises

    name = path.relative_to(ROOT).as_posix()
    chapter = path.name[:2]
    nb = _load(path)
    headings = " | ".join(_headings(nb)).lower()
    sections = CHAPTER_SECTIONS[_edition(path)]
    missing = [part for part in sections if part not in headings]
    assert not missing, f"{name}: missing section(s) {missing}; headings are: {headings}"
    title = _source(nb["cells"][0])
    assert title.startswith("# ") and re.search(r"[\u4e00-\u9fff]", title.splitlines()[0]), (
        f"{name}: the first cell should be the title in English and Chinese"
    )
    objectives = re.search(rf"#+\s*{sections[0]}[^\n]*\n(.*?)(\n#|\Z)", _markdown(nb),
                           re.S | re.I).group(1)
    bullets = re.findall(r"^\s*(?:[-*]|\d+\.)\s+(\S+)", objectives, re.M)
    assert 3 <= len(bullets) <= 6, f"{name}: needs 3-6 learning objectives, has {len(bullets)}"
    code = "\n".join(_source(c) for c in _code_cells(nb))
    assert re.search(r"ipywidgets|ck\.widgets|crmkit\.widgets|interact", code), (
        f"{name}: the Try it section needs an interactive widget"
    )
    checked = set(re.findall(rf"ck\.check\(\s*[\"']({chapter}\.[\w-]+)[\"']", code))
    registered = {i for i in exercises.registered() if i.startswith(f"{chapter}.")}
    assert 3 <= len(checked) <= 8, f"{name}: needs 3-6 exercises with ck.check, has {checked}"
    assert checked <= registered, f"{name}: no checker registered for {checked - registered}"
    assert registered <= checked, f"{name}: checkers never used: {registered - checked}"
    solutions = [c for c in nb["cells"] if "solution" in c.get("metadata", {}).get("tags", [])]
    assert len(solutions) >= len(checked), (
        f"{name}: {len(checked)} exercises but {len(solutions)} cells tagged 'solution'"
    )
    hints = set(re.findall(rf"ck\.hint\(\s*[\"']({chapter}\.[\w-]+)[\"']", code))
    assert checked <= hints, f"{name}: no ck.hint(...) cell for {checked - hints}"
    assert re.search(rf"ck\.quiz\(\s*[\"']{chapter}[\"']\s*\)", code), f"{name}: no ck.quiz"
    bank = _quiz_bank(chapter)
    assert bank is not None, f"{name}: data/quiz/ch{chapter}.yaml is missing"
    assert len(bank["questions"]) >= 8, f"{name}: the quiz bank needs at least 8 questions"
    assert "NBVAL_CHECK_OUTPUT" in code, f"{name}: mark the cells printing key numbers"


@pytest.mark.parametrize("path", CASES, ids=_ids(CASES))
def test_case_study_anatomy(path):
    name = path.relative_to(ROOT).as_posix()
    nb = _load(path)
    headings = " | ".join(_headings(nb)).lower()
    missing = [part for part in CASE_SECTIONS[_edition(path)] if part not in headings]
    assert not missing, f"{name}: missing section(s) {missing}; headings are: {headings}"


@pytest.mark.parametrize("path", NOTEBOOKS + CASES, ids=_ids(NOTEBOOKS + CASES))
def test_checked_cells_have_recorded_outputs(path):
    name = path.relative_to(ROOT).as_posix()
    checked = {c["id"] for c in _load(path)["cells"] if expected_outputs.is_checked(c)}
    recorded = expected_outputs.load(path)
    fix = f"run `python tests/expected_outputs.py {name}` and review the diff"
    missing, stale = checked - set(recorded), set(recorded) - checked
    assert not missing, f"{name}: no expected output for cells {missing}: {fix}"
    assert not stale, f"{name}: stale expected outputs {stale}: {fix}"
    for cell_id in checked:
        assert recorded[cell_id], f"{name}: cell {cell_id} is checked but prints nothing"


# Pointers to other chapters and cases name notebooks that exist (English and Chinese
# editions).  Course material is cited by title, and its chapters in one digit ("the
# courseware's chapter 1 slides") or in Chinese numerals (第一章), so only workbook
# chapters match: "chapter 04", "case 1", "case study 1", "第4章", "第 04 章", "案例1".
_REFERENCES = [
    (re.compile(r"\b[Cc]hapters? (\d{2})\b"), "chapter"),
    (re.compile(r"第\s*(\d{1,2})\s*章"), "chapter"),
    (re.compile(r"\b[Cc]ase(?: study)? (\d{1,2})\b"), "case"),
    (re.compile(r"案例\s*(\d{1,2})(?!\d)"), "case"),
]
_ALL_EDITIONS = EVERY


def _has_notebook(kind: str, number: str) -> bool:
    """Whether chapter or case ``number`` is in the book manifest with its notebook written."""
    code = number if kind == "chapter" else f"c{number}"
    row = next((e for e in chapters.BOOK if e.code == code), None)
    return row is not None and (ROOT / row.notebook).is_file()


def dangling_references(text: str) -> list[str]:
    """The chapter and case references in ``text`` that name no notebook in the workbook."""
    missing = []
    for pattern, kind in _REFERENCES:
        for match in pattern.finditer(text):
            number = f"{int(match.group(1)):02d}"
            if not _has_notebook(kind, number):
                missing.append(f"{match.group()!r} ({kind} {number} has no notebook)")
    return missing


def test_dangling_references_are_found():
    assert dangling_references("Next: chapter 04, or case 1 (第4章, 案例1).") == []
    # 12 and 7 are in no plan of the book, so these stay dangling as the book grows
    assert dangling_references("See chapter 12 and Case study 7; 见第12章和案例7。") == [
        "'chapter 12' (chapter 12 has no notebook)",
        "'第12章' (chapter 12 has no notebook)",
        "'Case study 7' (case 07 has no notebook)",
        "'案例7' (case 07 has no notebook)",
    ]
    assert dangling_references("the courseware's chapter 1 slides; 课件第一章") == []


@pytest.mark.parametrize("path", _ALL_EDITIONS, ids=_ids(_ALL_EDITIONS))
def test_references_name_existing_notebooks(path):
    nb = _load(path)
    found = [f"cell {c['id']}: {ref}" for c in nb["cells"] if c["cell_type"] == "markdown"
             for ref in dangling_references(_source(c))]
    assert not found, (f"{path.relative_to(ROOT).as_posix()} points to notebooks that do not "
                       "exist (point only to what exists):\n" + "\n".join(found))


_LINK = re.compile(r"\]\(([^)\s#]+\.(?:ipynb|md|csv|yaml))(?:#[^)]*)?\)")


@pytest.mark.parametrize("path", _ALL_EDITIONS, ids=_ids(_ALL_EDITIONS))
def test_links_to_files_resolve(path):
    """A link such as [chapter 04](04-customer-value.ipynb) opens a file that exists
    (relative to the notebook, as JupyterLab and code hosts resolve it)."""
    nb = _load(path)
    broken = [f"cell {c['id']}: {target}" for c in nb["cells"] if c["cell_type"] == "markdown"
              for target in _LINK.findall(_source(c))
              if "://" not in target and not (path.parent / target).resolve().exists()]
    assert not broken, f"{path.relative_to(ROOT).as_posix()}: broken links:\n" + "\n".join(broken)
