"""The book manifest: every chapter, case study and the lab, written or planned, in one table.

:data:`BOOK` has one :class:`Entry` per notebook pair (English and Chinese edition):
its code (``"04"``, ``"c02"``, ``"lab"``), slug, titles in both languages, the
analytics modules a chapter teaches (``crmkit/<module>.py``, with charts in
``crmkit/plots/<module>.py`` and, if it has one, an explorer in
``crmkit/widgets/<module>.py``), a case's package under ``crmkit/cases/`` and whether
it is ``written`` or ``planned``.  Everything else follows from these: the notebook
paths, the exercise module and id prefix, the quiz bank.  Every script and test
that needs the list of notebooks asks :func:`notebooks`, so checkpoint copies,
``build/`` and the student edition are never taken for notebooks of the book.

A new chapter adds one row (``make new-chapter NN=07 TOPIC=satisfaction`` writes it,
marked planned) and sets ``status="written"`` when its notebooks, exercises, quiz and
expected outputs are complete: ``tests/test_book.py`` and
``tests/test_chapter_contract.py`` then hold it to the chapter standard.

``import crmkit`` builds its top-level names from this table: every name a listed
module puts in its ``__all__`` becomes ``ck.<name>``, every chart ``ck.plots.<name>``
and every explorer ``ck.widgets.<name>``.  :data:`CHAPTERS` and :data:`CASES` are
the two views of it the library reads.  Cases are not on ``ck.``: a case notebook
imports its own package (``from crmkit.cases import rice_shop``) and its checked
tasks (``ck.check("c01.run_out", ...)``) live in the package's ``exercises.py``.

>>> from crmkit.chapters import CHAPTERS, CASES, entry
>>> CHAPTERS["04"], CASES["c01"]
(('value',), 'rice_shop')
>>> entry("06").notebook.as_posix(), entry("06").exercises, entry("06").quiz.as_posix()
('notebooks/06-keeping-customers.ipynb', 'crmkit.exercises.ch06', 'data/quiz/ch06.yaml')
>>> entry("c02").notebook_zh.as_posix(), entry("c02").exercises, entry("c02").prefix
('casestudies/zh/02-chengdu-hailang-dairy.ipynb', 'crmkit.cases.dairy.exercises', 'c02')
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from crmkit.errors import CRMDataError

__all__ = ["BOOK", "CASES", "CHAPTERS", "EDITIONS", "ROOT", "Entry", "entries", "entry",
           "modules", "notebooks"]

#: The repository: the notebooks live in its notebooks/ and casestudies/ folders.
ROOT = Path(__file__).resolve().parents[2]
#: The two editions of every notebook: English beside, Chinese in the zh/ folder.
EDITIONS = ("en", "zh")

Status = Literal["written", "planned"]


@dataclass(frozen=True)
class Entry:
    """One chapter, case study or the lab: a notebook in two editions.

    ``code`` is ``"NN"`` for a chapter, ``"cNN"`` for a case study and ``"lab"`` for
    the CRM lab (whose notebook is numbered ``number``).  ``status`` is ``"planned"``
    until the notebooks and everything they need are complete.
    """

    code: str
    slug: str
    title: str
    title_zh: str
    status: Status = "planned"
    modules: tuple[str, ...] = ()    # chapters: the analytics modules crmkit.<module>
    package: str | None = None       # cases: crmkit.cases.<package> (once it exists)
    number: str | None = None        # the notebook's number where it is not the code's
    topics: str = ""                 # the README's "Topics" column

    @property
    def kind(self) -> Literal["chapter", "case", "lab"]:
        """``"chapter"``, ``"case"`` or ``"lab"``."""
        if self.code == "lab":
            return "lab"
        return "case" if self.code.startswith("c") else "chapter"

    @property
    def written(self) -> bool:
        return self.status == "written"

    @property
    def prefix(self) -> str:
        """The exercise ids' prefix: ``"04"`` in ``ck.check("04.rfm", ...)``, ``"c02"``."""
        return self.code if self.kind != "lab" else self._number

    @property
    def _number(self) -> str:
        return self.number or self.code.removeprefix("c")

    @property
    def folder(self) -> str:
        return "casestudies" if self.kind == "case" else "notebooks"

    @property
    def filename(self) -> str:
        """``04-customer-value.ipynb``."""
        return f"{self._number}-{self.slug}.ipynb"

    @property
    def notebook(self) -> Path:
        """The English notebook, relative to the repository."""
        return Path(self.folder, self.filename)

    @property
    def notebook_zh(self) -> Path:
        """The Chinese edition, relative to the repository."""
        return Path(self.folder, "zh", self.filename)

    def path(self, edition: str = "en") -> Path:
        """The notebook of ``edition`` (``"en"`` or ``"zh"``), relative to the repository."""
        return self.notebook_zh if edition == "zh" else self.notebook

    @property
    def exercises(self) -> str | None:
        """The module that registers the exercises (None for a case without a package yet)."""
        if self.kind == "case":
            return f"crmkit.cases.{self.package}.exercises" if self.package else None
        return f"crmkit.exercises.ch{self._number}"

    @property
    def quiz(self) -> Path | None:
        """A chapter's self-check quiz bank, relative to the repository (cases and the lab
        have none)."""
        return Path("data", "quiz", f"ch{self.code}.yaml") if self.kind == "chapter" else None

    @property
    def plots(self) -> tuple[str, ...]:
        """The modules that hold the charts: ``crmkit.plots.<module>`` or the case's plots."""
        if self.kind == "case":
            return (f"crmkit.cases.{self.package}.plots",) if self.package else ()
        return tuple(f"crmkit.plots.{m}" for m in self.modules)

    @property
    def widgets(self) -> tuple[str, ...]:
        """The modules that may hold explorers: ``crmkit.widgets.<module>`` or the case's."""
        if self.kind == "case":
            return (f"crmkit.cases.{self.package}.widget",) if self.package else ()
        return tuple(f"crmkit.widgets.{m}" for m in self.modules)


# The book.  A new row: copy a planned one (or run `make new-chapter`), keep it planned
# until tests/test_book.py accepts it as written (CONTRIBUTING.md has the recipe).
BOOK: tuple[Entry, ...] = (
    Entry("00", "getting-started", "Getting started", "入门", "written",
          modules=("datasets",),
          topics="running cells, data, exercises, quizzes, Chinese labels"),
    Entry("01", "customers-and-relationships", "Customers and customer relationships",
          "客户与客户关系", "written", modules=("ladder",),
          topics="customer vs client, the customer ladder as a funnel, what CRM is, five ways "
                 "to classify, 4P to 4C"),
    Entry("02", "identifying-customers", "Identifying customers", "客户识别", "written",
          modules=("identify",),
          topics="profiling questions, data quality and de-duplication, data safety, MAN, "
                 "lead scoring, inquiry screening"),
    Entry("03", "selecting-and-tiering-customers", "Selecting and tiering customers",
          "客户选择与客户分级", "written", modules=("select",),
          topics="why select, firing customers, 80/20, ABC, pyramid, value matrix, cost to "
                 "serve, key customers"),
    Entry("04", "customer-value", "Customer value", "客户价值", "written", modules=("value",),
          topics="delivered value, RFM, lifetime value, accumulation effect"),
    Entry("05", "winning-customers", "Winning customers", "客户开发", "written",
          modules=("acquisition",),
          topics="acquisition channels, AIDA, promotion tools, prospects, funnel, cost per "
                 "retained customer, payback, budget, measuring a promotion"),
    Entry("06", "keeping-customers", "Keeping customers", "客户保持", "written",
          modules=("retention", "alive"),
          topics="retention and churn, the 5% → 25–85% leverage, cohorts by channel, churn "
                 "rules, one-to-one and IDIC, relationship benefits, price cut vs retention "
                 "programme, customer care and the mooring ropes"),
    Entry("07", "customer-satisfaction", "Customer satisfaction", "客户满意", "written",
          modules=("satisfaction",),
          topics="four definitions, the six behaviours, Xerox and the satisfaction–loyalty "
                 "curve, satisfied is not loyal, delivered value and seven ways to learn needs, "
                 "top box, index, NPS with intervals, real differences or noise, "
                 "importance–performance, survey traps"),
    Entry("08", "customer-loyalty", "Customer loyalty", "客户忠诚", modules=("loyalty",)),
    Entry("09", "complaints", "Complaints", "客户投诉", modules=("complaints",)),
    # modules: add the chapter's database module (e.g. "crm_db") once it exists
    Entry("10", "crm-strategy-and-systems", "CRM strategy, data and systems",
          "客户关系管理战略与系统"),
    Entry("lab", "crm-lab", "Hands-on CRM lab", "客户关系管理上机实验",
          number="11"),
    Entry("c01", "wang-yongqing-rice-shop", "Wang Yongqing's rice shop", "王永庆卖大米",
          "written", package="rice_shop",
          topics="run-out dates, delivery and collection calendar"),
    Entry("c02", "chengdu-hailang-dairy", "Chengdu Hailang Dairy", "成都海浪乳业", "written",
          package="dairy",
          topics="subscriptions held by milkmen: churn by route, what net figures hide, a "
                 "milkman who leaves, the value of less churn"),
    # package: set it to the case's package under crmkit/cases/ once that exists
    Entry("c03", "hsbc-core-customers", "HSBC's core customers", "汇丰银行核心客户"),
    Entry("c04", "firing-customers", "Firing customers", "舍弃客户", "written",
          package="firing",
          topics="Sprint Nextel, TXU, Citibank: cost to serve, who is below zero, fix or fire"),
    Entry("c05", "two-shops", "Two shops", "两家商店的客户累加效应"),
    Entry("c06", "bertelsmann-book-club", "Bertelsmann book club", "贝塔斯曼书友会"),
)

#: chapter code -> the analytics modules it teaches (crmkit.<module>); the lab's too
CHAPTERS: dict[str, tuple[str, ...]] = {e.code: e.modules for e in BOOK
                                        if e.kind != "case" and e.modules}

#: case code -> its package crmkit.cases.<name>
CASES: dict[str, str] = {e.code: e.package for e in BOOK if e.package}


def modules() -> list[str]:
    """Every analytics module of :data:`CHAPTERS`, in chapter order, each once."""
    return list(dict.fromkeys(m for listed in CHAPTERS.values() for m in listed))


def entry(code: str) -> Entry:
    """The row of ``code``: ``"04"`` (or ``"4"``), ``"c02"``, ``"lab"``.

    Raises
    ------
    CRMDataError
        For a code that is not in :data:`BOOK`, listing the codes that are.
    """
    wanted = str(code).strip().lower()
    if wanted.isdigit():
        wanted = wanted.zfill(2)
    for row in BOOK:
        if row.code == wanted:
            return row
    codes = ", ".join(e.code for e in BOOK)
    raise CRMDataError(f"expected the code of a chapter, case or the lab, found {code!r}. "
                       f"The book has: {codes}. Fix: pass one of them, e.g. entry('04').",
                       zh=f"需要章、案例或上机实验的代码，但收到的是 {code!r}。"
                          f"本书的代码有：{codes}。修正（Fix）：传入其中之一，例如 entry('04')。")


def entries(kind: str | None = None, *, written: bool | None = None) -> list[Entry]:
    """The rows of :data:`BOOK` in book order, optionally of one ``kind``
    (``"chapter"``, ``"case"``, ``"lab"``) and only ``written=True`` or ``False`` ones."""
    return [e for e in BOOK if (kind is None or e.kind == kind)
            and (written is None or e.written == written)]


def notebooks(edition: str = "both", *, planned: bool = False,
              root: Path | None = None) -> list[Path]:
    """The notebooks of the book: the scripts' and tests' one list.

    Every written entry's notebook in ``edition`` (``"en"``, ``"zh"`` or ``"both"``,
    English before Chinese for each entry), in book order, as absolute paths under
    ``root`` (default: this repository).  With ``planned=True`` also the notebooks of
    planned entries that exist already (a chapter being written: ``make zh-sync`` and
    the hygiene tests want it, the student edition and the slides do not).  Nothing
    else is a notebook of the book: not a checkpoint copy, not ``build/``.

    >>> [p.name for p in notebooks("zh")][:2]
    ['00-getting-started.ipynb', '01-customers-and-relationships.ipynb']
    """
    if edition not in ("en", "zh", "both"):
        raise CRMDataError(f"expected edition 'en', 'zh' or 'both', found {edition!r}. "
                           "Fix: pass one of them, e.g. notebooks('zh').",
                           zh=f"版本应为 'en'、'zh' 或 'both'，但收到的是 {edition!r}。"
                              "修正（Fix）：传入其中之一，例如 notebooks('zh')。")
    base = ROOT if root is None else Path(root)
    wanted = EDITIONS if edition == "both" else (edition,)
    found = []
    for row in BOOK:
        for language in wanted:
            path = base / row.path(language)
            if row.written or (planned and path.is_file()):
                found.append(path)
    return found
