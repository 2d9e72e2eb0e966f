"""The book manifest (crmkit.chapters.BOOK) against the files.

Every entry marked written has all it needs (both editions, expected outputs, its quiz bank,
registered exercises, its instructor answers in the leak list); every notebook, quiz bank and
exercise module on disk belongs to an entry; README.md and chapter 00 list the book as the
manifest has it; and nothing JupyterLab, Python or the build leave beside the notebooks is
ever taken for a notebook of the book (issue 33).
"""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

import expected_outputs
import workbook_copy
from crmkit import chapters
from crmkit.chapters import BOOK, EDITIONS, Entry
from crmkit.errors import CRMDataError
from crmkit.exercises import registered

ROOT = Path(__file__).resolve().parents[1]
HAN = re.compile(r"[\u4e00-\u9fff]")
ANSWERS = yaml.safe_load((ROOT / "tests" / "instructor_answers.yaml").read_text(encoding="utf-8"))
WRITTEN = chapters.entries(written=True)


def _script(name: str, root: Path = ROOT):
    """A script of ``root``/scripts (or tests/, for the browser check) as a module."""
    folder = "tests" if name in ("browser_check", "expected_outputs", "test_slide_height") \
        else "scripts"
    spec = importlib.util.spec_from_file_location(f"{name}_{id(root)}",
                                                  root / folder / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _title(path: Path) -> str:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    source = notebook["cells"][0]["source"]
    return ("".join(source) if isinstance(source, list) else source).splitlines()[0]


def problems(row: Entry) -> list[str]:
    """What ``row`` still lacks to be a written entry of the book (nothing when complete)."""
    found = []
    for edition in EDITIONS:
        name = row.path(edition).as_posix()
        path = ROOT / name
        if not path.is_file():
            found.append(f"{name} does not exist (the {edition} edition)")
            continue
        if not expected_outputs.store_path(path).is_file():
            found.append(f"{name} has no expected outputs: run `python tests/expected_outputs.py "
                         f"{name}`")
        title = _title(path)
        wanted = (row.title_zh,) if edition == "zh" else (row.title, row.title_zh)
        if not all(part in title for part in wanted):
            found.append(f"{name}: the title line {title!r} should name {' and '.join(wanted)} "
                         "(or correct the manifest's titles)")
        answers = ANSWERS.get(row.code, {}).get(edition, [])
        if len(answers) < 2:
            found.append(f"{name}: list at least two of its instructor answers under "
                         f"{row.code!r}: {edition}: in tests/instructor_answers.yaml")
    if row.quiz is not None and not (ROOT / row.quiz).is_file():
        found.append(f"{row.quiz.as_posix()} (the self-check quiz bank) does not exist")
    if row.kind == "case" and not row.package:
        found.append(f"case {row.code} names no package: set package= to its folder under "
                     "lib/crmkit/cases/")
    elif not registered(row.prefix):
        found.append(f"no exercises registered for {row.prefix!r} (write {row.exercises})")
    for module in row.modules:
        if not (ROOT / "lib" / "crmkit" / f"{module}.py").is_file():
            found.append(f"lib/crmkit/{module}.py (a topic module of the row) does not exist")
    return found


# ------------------------------------------------------------------ the manifest itself

def test_the_manifest_holds_the_whole_course():
    codes = [row.code for row in BOOK]
    assert len(codes) == len(set(codes)), f"a code is listed twice: {codes}"
    assert codes == [f"{n:02d}" for n in range(11)] + ["lab"] + [f"c{n:02d}" for n in range(1, 7)]
    assert len({row.notebook for row in BOOK}) == len(BOOK), "two rows share a notebook"
    assert {row.status for row in BOOK} <= {"written", "planned"}
    for row in BOOK:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", row.slug), f"{row.code}: slug {row.slug}"
        assert row.title and not HAN.search(row.title), f"{row.code}: English title"
        assert HAN.search(row.title_zh), f"{row.code}: the Chinese title has no Chinese"
        assert not row.written or row.topics, f"{row.code}: a written row needs its topics"
    # chapters 00-06 and cases 1, 2 and 4 are written; the lab is notebook 11
    assert {"00", "01", "02", "03", "04", "05", "06", "c01", "c02", "c04"} <= {
        row.code for row in WRITTEN}
    assert chapters.entry("lab").notebook.as_posix() == "notebooks/11-crm-lab.ipynb"
    assert chapters.entry("4") == chapters.entry("04")


def test_notebooks_lists_written_entries_in_book_order():
    english = chapters.notebooks("en")
    assert english == [ROOT / row.notebook for row in WRITTEN]
    assert chapters.notebooks("zh") == [ROOT / row.notebook_zh for row in WRITTEN]
    both = chapters.notebooks()
    assert both[:2] == [ROOT / "notebooks/00-getting-started.ipynb",
                        ROOT / "notebooks/zh/00-getting-started.ipynb"]
    assert sorted(both) == sorted(english + chapters.notebooks("zh"))
    # a planned entry's notebook joins the planned=True list once it exists
    assert chapters.notebooks("en", planned=True) == [
        ROOT / row.notebook for row in BOOK if row.written or (ROOT / row.notebook).is_file()]
    with pytest.raises(CRMDataError, match="Fix: pass one of them"):
        chapters.notebooks("fr")
    with pytest.raises(CRMDataError, match="The book has: 00, 01, "):
        chapters.entry("12")


# ------------------------------------------------------------------ completeness

@pytest.mark.parametrize("row", WRITTEN, ids=[row.code for row in WRITTEN])
def test_written_entry_is_complete(row):
    assert problems(row) == []


def test_an_entry_marked_written_but_incomplete_is_caught():
    """A planned row switched to written before its work is done fails, naming each gap."""
    row = Entry("12", "not-yet", "Not yet", "尚未编写", "written", modules=("nowhere",))
    found = "\n".join(problems(row))
    for gap in ("notebooks/12-not-yet.ipynb does not exist",
                "notebooks/zh/12-not-yet.ipynb does not exist",
                "data/quiz/ch12.yaml", "no exercises registered for '12'",
                "lib/crmkit/nowhere.py"):
        assert gap in found
    case = Entry("c07", "not-yet", "Not yet", "尚未编写", "written")
    assert "names no package" in "\n".join(problems(case))
    # one piece of a complete row wrong: exactly that piece is named
    assert problems(replace(chapters.entry("04"), title="Customer worth")) == [
        "notebooks/04-customer-value.ipynb: the title line '# Customer value (客户价值)' should "
        "name Customer worth and 客户价值 (or correct the manifest's titles)"]


def test_every_notebook_quiz_and_exercise_module_on_disk_belongs_to_the_book():
    listed = {row.path(edition) for row in BOOK for edition in EDITIONS}
    on_disk = {p.relative_to(ROOT) for folder in ("notebooks", "casestudies")
               for pattern in ("*.ipynb", "zh/*.ipynb") for p in (ROOT / folder).glob(pattern)}
    assert not on_disk - listed, (f"notebooks in no row of the book manifest: "
                                  f"{sorted(p.as_posix() for p in on_disk - listed)}; add a row "
                                  "to BOOK in lib/crmkit/chapters.py (make new-chapter does)")
    banks = {p.relative_to(ROOT) for p in (ROOT / "data" / "quiz").glob("*.yaml")}
    assert banks <= {row.quiz for row in BOOK}, "a quiz bank belongs to no chapter of BOOK"
    modules = {f"crmkit.exercises.{p.stem}"
               for p in (ROOT / "lib" / "crmkit" / "exercises").glob("ch*.py")}
    assert modules <= {row.exercises for row in BOOK}, "an exercise module belongs to no row"
    assert set(ANSWERS) <= {row.code for row in WRITTEN}, (
        "tests/instructor_answers.yaml lists a code that is not a written entry")


# ------------------------------------------------------------------ README and chapter 00

def test_readme_lists_the_book_as_the_manifest_has_it():
    tables = _script("readme_tables")
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert tables.render(text) == text, (
        "README.md's chapter lists are out of date: run `python scripts/readme_tables.py`")
    english, _, rest = text.partition("\n## 中文说明\n")
    chinese = rest.split("\n## ")[0]
    for row in BOOK:
        if row.written:  # both editions linked in the English part, the Chinese in 中文说明
            assert f"]({row.notebook.as_posix()})" in english
            assert f"]({row.notebook_zh.as_posix()})" in english
            assert f"]({row.notebook_zh.as_posix()})" in chinese
        else:
            assert f"| {row.title} {row.title_zh} | *planned* |" in english
            assert row.title_zh in chinese and row.notebook.as_posix() not in text


def _chapter_table(path: Path) -> dict[str, str]:
    """Chapter 00's table of chapters: number -> the row's text."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    rows = {}
    for cell in notebook["cells"]:
        source = "".join(cell["source"]) if cell["cell_type"] == "markdown" else ""
        for line in source.splitlines():
            match = re.match(r"\|\s*(\d\d)\s*\|(.*)\|\s*$", line)
            if match:
                rows[match.group(1)] = match.group(2)
    return rows


@pytest.mark.parametrize("edition", EDITIONS)
def test_chapter_00_lists_every_chapter_linked_once_written(edition):
    path = ROOT / chapters.entry("00").path(edition)
    table = _chapter_table(path)
    rows = chapters.entries("chapter")
    assert sorted(table) == [row.code for row in rows]
    for row in rows[1:]:
        text = table[row.code]
        assert row.title_zh in text, f"{path.name}, chapter {row.code}: {text}"
        links = re.findall(r"\]\(([^)]+)\)", text)
        if row.written:  # the same edition's notebook, beside this one
            assert links == [row.filename], f"{path.name}, chapter {row.code} links {links}"
        else:
            assert links == [], f"{path.name}: chapter {row.code} is planned but linked"


# ------------------------------------------------------------------ issue 33: stray copies

STRAYS = [  # what JupyterLab, Python and `make student` / `make slides` leave behind
    "notebooks/.ipynb_checkpoints/04-customer-value-checkpoint.ipynb",
    "notebooks/zh/.ipynb_checkpoints/04-customer-value-checkpoint.ipynb",
    "casestudies/.ipynb_checkpoints/01-wang-yongqing-rice-shop-checkpoint.ipynb",
    "casestudies/zh/.ipynb_checkpoints/01-wang-yongqing-rice-shop-checkpoint.ipynb",
    "notebooks/.virtual_documents/04-customer-value.ipynb",
    "notebooks/__pycache__/04-customer-value.ipynb",
    "notebooks/build/04-customer-value.ipynb",
    "build/student/notebooks/04-customer-value.ipynb",
    "build/slides/casestudies/zh/01-wang-yongqing-rice-shop.ipynb",
]


@pytest.fixture(scope="module")
def cluttered(tmp_path_factory):
    """A copy of the workbook after a JupyterLab session, a test run and `make student`."""
    copy = workbook_copy.copy_workbook(tmp_path_factory.mktemp("cluttered") / "workbook")
    for name in STRAYS:
        original = copy / re.sub(r"(\.ipynb_checkpoints|\.virtual_documents|__pycache__|"
                                 r"build/student|build/slides|build)/", "",
                                 name.replace("-checkpoint", ""))
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(original.read_bytes())
    return copy


def test_the_strays_are_where_a_glob_would_find_them(cluttered):
    """The set-up is real: a recursive glob, as the old lists did, picks up every stray."""
    found = {p.relative_to(cluttered).as_posix() for p in cluttered.glob("**/*.ipynb")}
    assert set(STRAYS) <= found


def test_no_notebook_list_takes_a_stray_copy_for_a_notebook(cluttered):
    book = chapters.notebooks(root=cluttered)
    assert len(book) == 2 * len(WRITTEN)
    lists = {
        "make test (test_slide_height)": _script("test_slide_height", cluttered).notebooks(),
        "make student": _script("student_edition", cluttered).notebooks(),
        "make slides": _script("build_slides", cluttered).all_notebooks(),
        "make test-browser": _script("browser_check", cluttered).notebooks(),
        "make zh-sync": _script("zh_sync", cluttered).english_notebooks(),
        "expected outputs": _script("expected_outputs", cluttered).notebooks(),
    }
    for what, paths in lists.items():
        names = {p.relative_to(cluttered).as_posix() for p in paths}
        assert not names & set(STRAYS), f"{what} lists {sorted(names & set(STRAYS))}"
        assert names <= {p.relative_to(cluttered).as_posix() for p in book}, what
    assert lists["make zh-sync"] == chapters.notebooks("en", planned=True, root=cluttered)


def test_make_student_and_zh_sync_leave_the_strays_alone(cluttered):
    out = cluttered / "build" / "student-run"
    result = workbook_copy.run(cluttered, "python", "scripts/student_edition.py", str(out))
    assert result.returncode == 0, result.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.ipynb"))
    assert written == sorted(p.as_posix() for row in WRITTEN
                             for p in (row.notebook, row.notebook_zh))
    result = workbook_copy.run(cluttered, "python", "scripts/zh_sync.py")
    assert result.returncode == 0, result.stderr
    assert "checkpoint" not in result.stdout and "build" not in result.stdout
    assert len(result.stdout.splitlines()) == len(chapters.notebooks("en", planned=True))
    assert not (cluttered / "notebooks" / ".ipynb_checkpoints" / "zh").exists()


def test_pytest_collects_no_stray_copy(cluttered):
    """`make test` collects (nbval's notebooks and every test's parameters) none of them."""
    result = workbook_copy.run(cluttered, "python", "-m", "pytest", "--collect-only", "-q",
                               "-p", "no:randomly", "-n", "0", "notebooks", "casestudies",
                               "tests/test_notebooks.py", "tests/test_student_edition.py",
                               "tests/test_zh_edition.py", "tests/test_slide_height.py",
                               "tests/test_slides.py")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    collected = result.stdout
    assert "notebooks/04-customer-value.ipynb::" in collected  # nbval collected the notebooks
    for stray in STRAYS:
        assert stray not in collected, f"pytest collected {stray}"
    for word in ("checkpoint", "virtual_documents", "__pycache__", "build/"):
        assert word not in collected
