"""The exercise registry and the comparisons behind ``ck.check``.

Each exercise has an id ``"CC.name"`` (chapter as two digits, a dot, a short
snake_case name), a bilingual title and graded hints, and a function that computes
the expected answer.  A chapter registers its exercises in ``crmkit/exercises/chCC.py``
with the :func:`exercise` decorator, a case study (id ``"cNN.name"``) in the
``exercises.py`` of its package under ``crmkit/cases/`` (found through
:data:`crmkit.chapters.CASES`); that module is imported the first time an id of
its chapter is asked for, so adding a chapter needs no other edit::

    from crmkit.datasets import load_transactions
    from crmkit.exercises import Mistake, exercise, graded_hints
    from crmkit.value import rfm_scores

    @exercise("04.rfm_champions",
              title={"en": "Champions on 2025-07-01", "zh": "2025-07-01 的重要价值客户"},
              hint=graded_hints(("Score the orders as they stood that day.", "按当天的情况打分。"),
                                ("ck.rfm_scores(orders, as_of=...), then count the Champions.",
                                 "ck.rfm_scores(orders, as_of=...)，再数出重要价值客户。")),
              kind="count",
              mistakes=lambda: [Mistake(champions(as_of=None), en="...", zh="..."), ...])
    def _rfm_champions():
        return champions(as_of="2025-07-01")

The checker toolkit (reading numbers, the rounding policy, sentences in correct
Chinese, graded hints, predicted mistakes) and the full worked example are in
:mod:`crmkit.exercises.toolkit`: read it before writing a chapter's checkers.

How answers are compared (:func:`difference`), by the type of the expected answer:

* **number** — within a relative tolerance ``rtol`` (default 1e-4) or an absolute
  ``atol``; with a ``kind``/``decimals`` the rounding policy too (the answer
  rounded as a reader writes it passes, rounded further is "keep N decimals");
  otherwise the message says too high or too low, and spots a percentage given
  where a fraction is wanted.  A number in quotes is a text (the message says
  to drop the quotes), a Series of one value is a Series (take it out with
  ``.item()``); True/False is never a number;
* **text** — ignoring case and extra spaces;
* **True/False** — exactly;
* **list, tuple or set** — as a collection of items (order ignored unless
  ``ordered=True``; text items ignore case); the message counts what is missing
  and names what should not be there;
* **Series** — row labels, then values (numbers with the tolerance and the
  rounding policy);
* **DataFrame** — columns (missing / extra; order ignored), then rows (by the
  index, or by the ``keys`` columns), then values: "wrong values in N rows,
  e.g. row X: expected …, got …".  A key the expected frame keeps in its index
  may be a column of the answer and the other way round.
* A wrong type says what was expected: "Expected a DataFrame with columns …,
  got a list."

Pass ``compare=f`` to :func:`exercise` for anything else: ``f(expected, answer)``
returns ``None`` when the answer is right, else the message; the predicted
mistakes are still declared with ``mistakes=``.  Every message is joined with
:func:`crmkit.exercises.toolkit.join`, so Chinese feedback never reads "。 ".
"""

from __future__ import annotations

import difflib
import importlib
import math
import pkgutil
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from crmkit import i18n
from crmkit.chapters import CASES
from crmkit.errors import CRMDataError
from crmkit.exercises import answers
from crmkit.exercises.toolkit import ATOL, KINDS, RTOL, Mistake, join, listing, number, resolve
from crmkit.exercises.toolkit import _rounding_masks as _rounding

__all__ = [
    "CheckResult",
    "Exercise",
    "check",
    "difference",
    "exercise",
    "feedback",
    "get",
    "hint",
    "plain_text",
    "registered",
    "solution",
]

# "04.rfm_scores" (chapter 04, in exercises/ch04.py) or "c01.run_out" (case study 1, in
# cases/rice_shop/exercises.py)
_ID = re.compile(r"(c?\d\d)\.([a-z][a-z0-9_]*)")
_CHAPTER_MODULE = re.compile(r"crmkit\.exercises\.ch(\d\d)")
_SHOW = 3  # how many row labels or items a message names
_REGISTRY: dict[str, Exercise] = {}
_LOADED: set[str] = set()


# --------------------------------------------------------------------------- registry


@dataclass(frozen=True)
class Exercise:
    """One registered exercise: its texts, its expected answer and how to compare.

    The fields are the arguments of :func:`exercise`; ``decimals`` is the one the
    rounding policy uses (``decimals=`` if given, else the default of ``kind``).
    """

    id: str
    title: Mapping[str, str]
    hint: Mapping[str, str]
    expected: Callable[[], Any]
    rtol: float = RTOL
    atol: float = ATOL
    ordered: bool = False
    keys: tuple[str, ...] | None = None
    compare: Callable[[Any, Any], str | None] | None = None
    hints: tuple[Mapping[str, str], ...] = ()  # graded hints; ``hint`` is the first
    points: float = 1.0  # what the grader (crmkit.grade) gives for a right answer
    kind: str | None = None
    decimals: int | None = None
    prepare: Callable[[Any], Any] | None = None
    mistakes: Sequence[Mistake] | Callable[[], Sequence[Mistake]] = ()
    alternatives: Sequence[Any] | Callable[[], Sequence[Any]] = ()

    def solution(self) -> Any:
        """A freshly computed expected answer (refused in graded work, see :func:`solution`)."""
        return self.expected()

    def predicted_mistakes(self) -> list[Mistake]:
        """The declared :class:`~crmkit.exercises.toolkit.Mistake` list (computed now)."""
        return resolve(self.mistakes)

    def other_right_answers(self) -> list[Any]:
        """The declared alternative right answers (computed now)."""
        return resolve(self.alternatives)

    def _compare(self, expected: Any, answer: Any, *, rounding: bool = True) -> str | None:
        if self.compare is not None:
            return self.compare(expected, answer)
        return difference(expected, answer, rtol=self.rtol, atol=self.atol,
                          ordered=self.ordered, keys=self.keys,
                          decimals=self.decimals if rounding else None)

    def difference(self, answer: Any) -> str | None:
        """``None`` if ``answer`` is right, else what differs (current language).

        The steps (see :mod:`crmkit.exercises.toolkit`): ``prepare``, the comparison,
        the alternative right answers, then the first predicted mistake that matches.
        """
        if answer is Ellipsis:
            return _t("ui.ex_no_answer")
        # the checker itself may compute the expected answer, also in graded work
        expected = getattr(self.expected, "_compute", self.expected)()
        try:
            if self.prepare is not None:
                answer = self.prepare(answer)
            found = self._compare(expected, answer)
            if found is None or any(self._compare(right, answer) is None
                                    for right in self.other_right_answers()):
                return None
            mistake = next((m for m in self.predicted_mistakes() if m.matches(
                answer, lambda value, given: self._compare(value, given) is None)), None)
            if mistake is None:
                return str(found)
            if isinstance(found, _Rounded):  # a mistake, not a rounding: say what differs
                found = self._compare(expected, answer, rounding=False)
            return join(found, mistake.text())
        except Exception as err:  # noqa: BLE001 - any failure inside the comparison is feedback
            try:
                found = _found(answer)
            except Exception:  # noqa: BLE001 - an answer that cannot even be described
                found = _t("ui.ex_an_object", name=type(answer).__name__)
            return _t("ui.ex_cannot_compare", found=found, error=f"{type(err).__name__}: {err}")


def _bilingual(value: Any, name: str, exercise_id: str) -> dict[str, str]:
    if not isinstance(value, Mapping) or any(
            not isinstance(value.get(lang), str) or not value[lang].strip()
            for lang in i18n.LANGUAGES):
        raise CRMDataError(
            f"exercise {exercise_id!r}: {name} must give the text in both languages, "
            f'e.g. {name}={{"en": "...", "zh": "..."}}, found {value!r}. Fix: add the missing '
            "translation.",
            zh=f"练习 {exercise_id!r}：{name} 必须给出两种语言的文本，"
               f'例如 {name}={{"en": "...", "zh": "..."}}，但收到的是 {value!r}。'
               "修正（Fix）：补上缺少的译文。"
        )
    return {lang: value[lang] for lang in i18n.LANGUAGES}


def _refuse(exercise_id: str, name: str, value: Any, en: str, zh: str) -> CRMDataError:
    """The error for an argument of :func:`exercise` that cannot be used."""
    return CRMDataError(f"exercise {exercise_id!r}: {name} {en}, found {value!r}.",
                        zh=f"练习 {exercise_id!r}：{name} {zh}，但收到的是 {value!r}。")


def _check_options(exercise_id: str, kind: Any, decimals: Any, mistakes: Any,
                   alternatives: Any, prepare: Any, compare: Any) -> None:
    if kind is not None and kind not in KINDS:
        raise _refuse(exercise_id, "kind", kind,
                      f"must be one of {', '.join(KINDS)}. Fix: the kind of number the task "
                      "asks for, or leave kind out",
                      f"必须是 {'、'.join(KINDS)} 之一。修正（Fix）：写出题目所要数值的种类，"
                      "或不写 kind")
    if decimals is not None and (isinstance(decimals, bool) or not isinstance(decimals, int)
                                 or not 0 <= decimals <= 6):
        raise _refuse(exercise_id, "decimals", decimals,
                      "must be a whole number from 0 to 6. Fix: the decimals the task prints, "
                      "e.g. decimals=2",
                      "必须是 0 到 6 的整数。修正（Fix）：写题目所显示的小数位数，例如 decimals=2")
    if not callable(mistakes) and not (isinstance(mistakes, (list, tuple)) and all(
            isinstance(m, Mistake) for m in mistakes)):
        raise _refuse(exercise_id, "mistakes", mistakes,
                      "must be a list of Mistake(...) or a function returning one. Fix: "
                      "mistakes=[Mistake(value, en=..., zh=...), ...]",
                      "必须是 Mistake(...) 的列表，或返回这种列表的函数。修正（Fix）："
                      "mistakes=[Mistake(value, en=..., zh=...), ...]")
    if not callable(alternatives) and not isinstance(alternatives, (list, tuple)):
        raise _refuse(exercise_id, "alternatives", alternatives,
                      "must be a list of right answers or a function returning one. Fix: "
                      "alternatives=[answer, ...]",
                      "必须是正确答案的列表，或返回这种列表的函数。修正（Fix）："
                      "alternatives=[答案, ...]")
    for name, value in (("prepare", prepare), ("compare", compare)):
        if value is not None and not callable(value):
            raise _refuse(exercise_id, name, value, "must be a function. Fix: pass the function "
                          "itself, without calling it", "必须是函数。修正（Fix）：传入函数本身，"
                          "不要调用它")


def exercise(exercise_id: str, *, title: Mapping[str, str],
             hint: Mapping[str, str] | Sequence[Mapping[str, str]],
             kind: str | None = None, decimals: int | None = None,
             rtol: float = RTOL, atol: float = ATOL, ordered: bool = False,
             keys: Sequence[str] | None = None,
             prepare: Callable[[Any], Any] | None = None,
             compare: Callable[[Any, Any], str | None] | None = None,
             mistakes: Sequence[Mistake] | Callable[[], Sequence[Mistake]] = (),
             alternatives: Sequence[Any] | Callable[[], Sequence[Any]] = (),
             points: float = 1) -> Callable:
    """Register the decorated function as the expected answer of ``exercise_id``.

    Parameters
    ----------
    exercise_id:
        ``"CC.name"``, e.g. ``"04.rfm_scores"``; the chapter must match the module
        (``ch04.py`` registers ``04.*`` ids).
    title, hint:
        ``{"en": ..., "zh": ...}``: what ``ck.check`` and ``ck.hint`` print.  ``hint``
        may also be a list of such texts, graded from a nudge to the method: each
        run of ``ck.hint`` shows the next one (write it with
        :func:`~crmkit.exercises.toolkit.graded_hints`).
    kind, decimals:
        The rounding policy for a number (also the values of a Series or DataFrame):
        ``kind`` is ``"money"``, ``"count"``, ``"rate"``, ``"share"`` or ``"ratio"``
        (:data:`~crmkit.exercises.toolkit.KINDS`); ``decimals`` overrides the decimals
        the kind implies.  The answer rounded to that many decimals (or more) passes;
        rounded to fewer, it is told "keep N decimals".  Neither: only ``rtol``/``atol``.
    rtol, atol:
        Tolerance for numbers (also inside a Series or DataFrame).
    ordered:
        For lists, Series and DataFrames: the order of items or rows matters.
    keys:
        For DataFrames: the columns that identify a row (compare rows by them
        instead of by the index), e.g. ``["customer_id"]``.
    prepare:
        ``f(answer) -> answer``: turns other accepted forms of an answer into the
        expected form before anything compares it (e.g. a one-row DataFrame into
        its row).  The mistakes see the prepared answer.
    compare:
        ``f(expected, answer) -> None | str`` replacing the standard comparison,
        for what it cannot do (words with many spellings...).  Also used for the
        mistakes' values and the alternatives.
    mistakes:
        The predicted mistakes, a list of :class:`~crmkit.exercises.toolkit.Mistake`
        or a function returning it (called when an answer is checked, so it may
        compute from the sample data).  The first that matches a wrong answer adds
        its sentence to the feedback.
    alternatives:
        Other right answers (a list, or a function returning one), compared like
        the expected answer, e.g. the same forecast from a model fitted in days.
    points:
        What a right answer is worth in the instructor's gradebook
        (``python -m crmkit.grade``); 1 unless the exercise says otherwise.

    The decorated function takes no arguments and returns the expected answer;
    it may load the sample data and call crmkit functions.
    """
    match = _ID.fullmatch(exercise_id) if isinstance(exercise_id, str) else None
    if match is None:
        raise CRMDataError(
            f"exercise: the id {exercise_id!r} does not look like 'CC.name' (two-digit chapter, "
            "a dot, a lower-case name). Fix: use e.g. '04.rfm_scores'.",
            zh=f"exercise：编号 {exercise_id!r} 不符合 'CC.name' 的形式（两位数的章节号、"
               "一个点、一个小写名称）。修正（Fix）：例如使用 '04.rfm_scores'。"
        )
    levels = [hint] if isinstance(hint, Mapping) else list(hint) if isinstance(
        hint, (list, tuple)) else [hint]
    hints = tuple(_bilingual(level, "hint", exercise_id) for level in levels)
    if not hints:
        raise CRMDataError(f"exercise {exercise_id!r}: hint is an empty list. Fix: give at "
                           'least one {"en": "...", "zh": "..."}.',
                           zh=f"练习 {exercise_id!r}：hint 是空列表。修正（Fix）：至少给出一个 "
                              '{"en": "...", "zh": "..."}。')
    texts = (_bilingual(title, "title", exercise_id), hints[0])
    if isinstance(points, bool) or not isinstance(points, (int, float)) or not (
            math.isfinite(points) and points > 0):
        raise CRMDataError(
            f"exercise {exercise_id!r}: points must be a positive number, found {points!r}. "
            "Fix: leave points out (1 point) or give e.g. points=2.",
            zh=f"练习 {exercise_id!r}：points 必须是正数，但收到的是 {points!r}。"
               "修正（Fix）：不写 points（记 1 分），或写成例如 points=2。"
        )
    _check_options(exercise_id, kind, decimals, mistakes, alternatives, prepare, compare)
    places = decimals if decimals is not None else KINDS.get(kind) if kind else None

    def register(func: Callable[[], Any]) -> Callable[[], Any]:
        owner = _owner(func.__module__)
        if owner is not None and owner != match.group(1):
            where = _modules().get(match.group(1), f"crmkit.exercises.ch{match.group(1)}")
            raise CRMDataError(
                f"exercise {exercise_id!r} is registered in {func.__module__}, the module of "
                f"chapter {owner}. Fix: move it to {where} or rename it.",
                zh=f"练习 {exercise_id!r} 注册在 {func.__module__} 中，那是第 {owner} 章的模块。"
                   f"修正（Fix）：把它移到 {where}，或给它改名。"
            )
        if exercise_id in _REGISTRY:
            raise CRMDataError(
                f"exercise {exercise_id!r} is registered twice (again in {func.__module__}). "
                "Fix: give the second exercise its own id.",
                zh=f"练习 {exercise_id!r} 注册了两次（又在 {func.__module__} 中注册）。"
                   "修正（Fix）：给第二个练习一个自己的编号。"
            )
        _REGISTRY[exercise_id] = Exercise(
            exercise_id, *texts, expected=_Expected(exercise_id, func), rtol=rtol, atol=atol,
            ordered=ordered, keys=tuple(keys) if keys else None, compare=compare, hints=hints,
            points=float(points), kind=kind, decimals=places, prepare=prepare,
            mistakes=tuple(mistakes) if isinstance(mistakes, list) else mistakes,
            alternatives=tuple(alternatives) if isinstance(alternatives, list) else alternatives)
        return func

    return register


def _modules() -> dict[str, str]:
    """Chapter or case code -> the module that registers its exercises."""
    here = [str(Path(__file__).resolve().parent)]
    found = {m.group(1): name for info in pkgutil.iter_modules(here)
             if (m := _CHAPTER_MODULE.fullmatch(name := f"crmkit.exercises.{info.name}"))}
    for code, case in CASES.items():
        found[code] = f"crmkit.cases.{case}.exercises"
    return dict(sorted(found.items()))


def _owner(module: str) -> str | None:
    """The chapter or case code whose exercises ``module`` holds (None for other modules)."""
    return next((code for code, name in _modules().items() if name == module), None)


def _load(chapter: str) -> None:
    modules = _modules()
    if chapter not in _LOADED and chapter in modules:
        importlib.import_module(modules[chapter])
    _LOADED.add(chapter)


def _chapters() -> list[str]:
    for chapter in _modules():
        _load(chapter)
    return sorted({i.split(".")[0] for i in _REGISTRY})


def registered(chapter: str | None = None) -> list[str]:
    """The ids of all registered exercises, or of one chapter (``registered("04")``)."""
    if chapter is None:
        _chapters()
        return sorted(_REGISTRY)
    chapter = str(chapter)
    chapter = chapter if chapter.startswith("c") else chapter.zfill(2)
    _load(chapter)
    return sorted(i for i in _REGISTRY if i.startswith(f"{chapter}."))


def get(exercise_id: str) -> Exercise:
    """The :class:`Exercise` with this id; a CRMDataError listing the valid ids otherwise."""
    match = _ID.fullmatch(exercise_id.strip()) if isinstance(exercise_id, str) else None
    if match is None:
        raise CRMDataError(
            f"expected an exercise id like '04.rfm_scores' (chapter, a dot, a name), found "
            f"{exercise_id!r}. Chapters with exercises: {', '.join(_chapters()) or 'none'}. "
            "Fix: copy the id from the exercise's text, e.g. ck.check('00.order_count', answer).",
            zh="练习编号应当形如 '04.rfm_scores'（章号、一个点、名称），但收到的是"
               f" {exercise_id!r}。"
               f"有练习的章：{'、'.join(_chapters()) or '无'}。"
               "修正（Fix）：从练习题目中复制编号，例如 ck.check('00.order_count', answer)。"
        )
    exercise_id = match.group(0)
    ids = registered(match.group(1))
    if exercise_id in _REGISTRY:
        return _REGISTRY[exercise_id]
    if not ids:
        raise CRMDataError(
            f"there is no exercise {exercise_id!r}: chapter {match.group(1)} has no exercises. "
            f"Chapters with exercises: {', '.join(_chapters()) or 'none'}. "
            "Fix: check the chapter number in the id.",
            zh=f"没有练习 {exercise_id!r}：第 {match.group(1)} 章没有练习。"
               f"有练习的章：{'、'.join(_chapters()) or '无'}。修正（Fix）：检查编号中的章号。"
        )
    close = difflib.get_close_matches(exercise_id, ids, n=1)
    maybe = f" Did you mean {close[0]!r}?" if close else ""
    maybe_zh = f"你是不是想输入 {close[0]!r}？" if close else ""
    raise CRMDataError(
        f"there is no exercise {exercise_id!r}.{maybe} Chapter {match.group(1)} has: "
        f"{', '.join(ids)}. Fix: copy the id from the exercise's text.",
        zh=f"没有练习 {exercise_id!r}。{maybe_zh}第 {match.group(1)} 章的练习有："
           f"{'、'.join(ids)}。修正（Fix）：从练习题目中复制编号。"
    )


# --------------------------------------------------------------------------- public verbs


@dataclass(frozen=True)
class CheckResult:
    """What ``ck.check`` found: truthy when the answer is right.

    ``message`` is the line ``ck.check`` printed; ``detail`` is the part that
    says what differs (empty when the answer is right).
    """

    exercise_id: str
    passed: bool
    message: str
    detail: str = ""

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        return self.message

    def _ipython_display_(self) -> None:
        """Show nothing: ``ck.check`` has already printed the message."""


def check(exercise_id: str, answer: Any) -> CheckResult:
    """Check your answer to an exercise and print what is right or what differs.

    Parameters
    ----------
    exercise_id:
        The id given in the exercise, e.g. ``"00.total_revenue"``.
    answer:
        Your answer: a number, a text, a list, a Series or a DataFrame, as the
        exercise asks.

    Returns a :class:`CheckResult`, truthy when the answer is right.  An
    unknown id raises CRMDataError listing the ids of that chapter.

    >>> import crmkit.exercises as ex
    >>> result = ex.check("00.order_count", 6)
    ✅ 00.order_count · Count the orders: correct, well done!
    >>> bool(result)
    True
    """
    found = get(exercise_id)
    answers.record(found.id, answer, i18n.get_language())  # only while the grader runs
    detail = found.difference(answer)
    message = feedback(found, detail)
    print(message)
    return CheckResult(found.id, detail is None, message, detail or "")


def feedback(found: Exercise, detail: str | None) -> str:
    """The line ``ck.check`` prints (current language): ✅ when ``detail`` is None, else ❌."""
    title = found.title[i18n.get_language()]
    colon = i18n.say(": ", "：")  # Chinese uses a full-width colon
    if detail is None:
        return f"✅ {found.id} · {title}{colon}{_t('ui.ex_correct')}"
    return (f"❌ {found.id} · {title}{colon}{join(_t('ui.ex_not_yet'), detail)}"
            f"{i18n.say(' ', '')}{_t('ui.ex_hint_prompt')} ck.hint(\"{found.id}\")")


_HINTS_SHOWN: dict[str, int] = {}


def hint(exercise_id: str) -> None:
    """Print the hint of an exercise (in the current language).

    Hints are graded, from a nudge to the method: each call shows the next level
    (and the last one again once all are shown).  An exercise with one level
    shows it every time.
    """
    found = get(exercise_id)
    language = i18n.get_language()
    levels = found.hints or (found.hint,)
    shown = _HINTS_SHOWN.get(found.id, 0)
    level = min(shown, len(levels) - 1)
    _HINTS_SHOWN[found.id] = shown + 1
    header = _t("ui.ex_hint_level", level=level + 1, levels=len(levels)) if len(
        levels) > 1 else _t("ui.ex_hint")
    more = _t("ui.ex_hint_more") if level < len(levels) - 1 else None
    print(f"💡 {header} · {found.id} · {found.title[language]}{i18n.say(': ', '：')}"
          f"{join(levels[level][language], more)}")


def solution(exercise_id: str) -> Any:
    """The expected answer of an exercise (what ``ck.check`` compares with).

    Not in graded work: while the instructor's grader (``python -m crmkit.grade``)
    runs the notebook, this (and ``get(id).expected()``) raises CRMDataError, and
    the grader gives no points for an exercise whose solution the notebook asked for.
    """
    return get(exercise_id).solution()


def _refuse_while_graded(exercise_id: str) -> None:
    """CRMDataError if the notebook is being graded: its solutions are not handed out."""
    if not answers.graded():
        return
    answers.record_solution_request(exercise_id, i18n.get_language())
    raise CRMDataError(
        f"solutions are not available in graded work: this notebook is being graded, so the "
        f"expected answer of {exercise_id!r} is not handed out, and asking for it (here) costs "
        f"the exercise's points. Fix: delete this call, compute the answer yourself and check "
        f'it with ck.check("{exercise_id}", answer).',
        zh=f"评分时不提供参考答案：这个笔记本正在被评分，所以不会给出 {exercise_id!r} 的"
           f"标准答案；在这里索取答案，这道练习不得分。修正（Fix）：删掉这个调用，自己算出答案，"
           f'再用 ck.check("{exercise_id}", answer) 检查。')


class _Expected:
    """The function computing an exercise's expected answer; refused in graded work
    (only the checker, :meth:`Exercise.difference`, calls the function itself)."""

    __slots__ = ("_compute", "exercise_id")

    def __init__(self, exercise_id: str, compute: Callable[[], Any]) -> None:
        self.exercise_id = exercise_id
        self._compute = compute

    def __call__(self) -> Any:
        _refuse_while_graded(self.exercise_id)
        return self._compute()

    def __repr__(self) -> str:
        return f"<expected answer of {self.exercise_id}>"


# --------------------------------------------------------------------------- comparison


def _t(key: str, **values: Any) -> str:
    text = i18n.label(key)
    return text.format(**values) if values else text


def _is_bool(value: Any) -> bool:
    return isinstance(value, (bool, np.bool_))


def _is_number(value: Any) -> bool:
    return number(value) is not None


def _is_listlike(value: Any) -> bool:
    return isinstance(value, (list, tuple, set, frozenset, np.ndarray, pd.Index, pd.Series))


def _fmt(value: Any) -> str:
    """A value as a message shows it: 1,234.5 / 'text' / 2025-01-31."""
    if _is_bool(value):
        return str(bool(value))
    if _is_number(value):
        x = float(number(value))
        if not math.isfinite(x):
            return str(x)
        if x.is_integer():
            return f"{x:,.0f}"
        if abs(x) < 0.01:
            return f"{x:.3g}"
        return f"{x:,.4f}".rstrip("0").rstrip(".")
    if value is None or value is pd.NA or value is pd.NaT or (
            isinstance(value, float) and math.isnan(value)):
        return _t("ui.ex_missing_value")
    if isinstance(value, pd.Timestamp):
        return str(value.date()) if value == value.normalize() else str(value)
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _labels(labels: Iterable[Any]) -> str:
    return listing(labels, most=_SHOW)


def _describe(value: Any) -> str:
    if isinstance(value, pd.DataFrame):
        return _t("ui.ex_a_frame", columns=listing(value.columns) or "-")
    if isinstance(value, pd.Series):
        return _t("ui.ex_a_series")
    if _is_bool(value):
        return _t("ui.ex_a_bool")
    if _is_number(value):
        return _t("ui.ex_a_number")
    if isinstance(value, str):
        return _t("ui.ex_a_text")
    if _is_listlike(value):
        return _t("ui.ex_a_list")
    return _t("ui.ex_an_object", name=type(value).__name__)


def _found(value: Any) -> str:
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return _describe(value)
    if _is_bool(value):
        return _fmt(value)
    if _is_number(value):
        return f"{_describe(value)} ({_fmt(value)})"
    if isinstance(value, str):
        return f"{_describe(value)} {_fmt(value)}"
    return _t("ui.ex_an_object", name=type(value).__name__)


def _wrong_type(expected: Any, answer: Any) -> str:
    return _t("ui.ex_wrong_type", expected=_describe(expected), found=_found(answer))


def _norm_text(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _norm_item(item: Any) -> Any:
    if isinstance(item, np.generic):
        item = item.item()
    if isinstance(item, str):
        return _norm_text(item)
    if isinstance(item, float):
        return float(f"{item:.9g}")
    if isinstance(item, tuple):
        return tuple(_norm_item(x) for x in item)
    try:
        hash(item)
    except TypeError:
        return repr(item)
    return item


def plain_text(text: Any) -> str:
    """A word answer reduced to what matters: lower-case letters, digits and hanzi only.

    Checkers compare words this way so spelling details do not count against a student:
    ``plain_text("First-time buyer") == plain_text("first time buyer") == "firsttimebuyer"``.
    """
    return re.sub(r"[^0-9a-z\u4e00-\u9fff]", "", str(text).casefold())


def difference(expected: Any, answer: Any, *, rtol: float = RTOL, atol: float = ATOL,
               ordered: bool = False, keys: Sequence[str] | None = None,
               decimals: int | None = None) -> str | None:
    """``None`` if ``answer`` matches ``expected``, else a short message saying what differs.

    See the module docstring for the rules per type.  ``decimals`` applies the
    rounding policy of :mod:`crmkit.exercises.toolkit` to numbers (also in a Series
    or DataFrame): an answer rounded to that many decimals passes, one rounded to
    fewer is told to keep them.  The message is in the current language.

    >>> import pandas as pd
    >>> from crmkit.exercises.engine import difference
    >>> print(difference(100.0, 110.0))
    Your number 110 is too high.
    >>> print(difference(0.566, 0.6, decimals=2))
    0.6 is the right answer rounded to fewer decimals than the task asks: keep 2 decimals.
    >>> print(difference(pd.DataFrame({"a": [1]}), [1]))
    Expected a DataFrame with columns a, got a list.
    """
    if answer is Ellipsis:
        return _t("ui.ex_no_answer")
    if isinstance(expected, pd.DataFrame):
        return _compare_frame(expected, answer, rtol=rtol, atol=atol, ordered=ordered, keys=keys,
                              decimals=decimals)
    if isinstance(expected, pd.Series):
        if not isinstance(answer, pd.Series):
            return _wrong_type(expected, answer)
        name = expected.name if expected.name is not None else "value"
        return _compare_rows(expected.to_frame(name), answer.to_frame(name), rtol=rtol,
                             atol=atol, ordered=ordered, decimals=decimals)
    if _is_bool(expected):
        if not _is_bool(answer):
            return _wrong_type(expected, answer)
        return None if bool(answer) == bool(expected) else _t("ui.ex_wrong_value",
                                                                 got=_fmt(answer))
    if _is_number(expected):
        return _compare_number(float(number(expected)), answer, rtol=rtol, atol=atol,
                               decimals=decimals)
    if isinstance(expected, str):
        if not isinstance(answer, str):
            return _wrong_type(expected, answer)
        return None if _norm_text(answer) == _norm_text(expected) else _t(
            "ui.ex_wrong_value", got=_fmt(answer))
    if _is_listlike(expected):
        unordered = isinstance(expected, (set, frozenset)) or not ordered
        return _compare_items(list(expected), answer, ordered=not unordered, rtol=rtol,
                              atol=atol, template=expected)
    return None if answer == expected else _t("ui.ex_wrong_value", got=_fmt(answer))


class _Rounded(str):
    """A message saying the answer is right but rounded too far (the engine then tries the
    predicted mistakes without the rounding policy)."""


def _not_a_number(expected: float, answer: Any) -> str:
    """Expected a number: what the answer is, and how to make it one when it nearly is."""
    found = _wrong_type(expected, answer)
    if isinstance(answer, str):
        try:
            value = float(answer.strip().replace(",", ""))
        except ValueError:
            return found
        return join(found, _t("ui.ex_number_as_text", number=_fmt(value), text=answer.strip()))
    size = len(answer) if isinstance(answer, (pd.Series, np.ndarray, list, tuple)) else None
    if size == 1:
        value = answer.iloc[0] if isinstance(answer, pd.Series) else (
            answer.flat[0] if isinstance(answer, np.ndarray) else answer[0])
        if _is_number(value):
            how = "[0]" if isinstance(answer, (list, tuple)) else ".item()"
            return join(found, _t("ui.ex_one_value", value=_fmt(value), how=how))
    return found


def _compare_number(expected: float, answer: Any, *, rtol: float, atol: float,
                    decimals: int | None = None) -> str | None:
    got = number(answer)
    if got is None:
        return _not_a_number(expected, answer)
    if math.isnan(expected) and math.isnan(got):
        return None
    if math.isclose(got, expected, rel_tol=rtol, abs_tol=atol):
        return None
    if math.isnan(got) or math.isnan(expected):
        return _t("ui.ex_wrong_value", got=_fmt(got))
    verdict = _rounding(np.array([expected]), np.array([got]), decimals) if (
        decimals is not None) else (np.array([False]), np.array([False]))
    if verdict[0][0]:
        return None
    if expected != 0 and (math.isclose(got, expected * 100, rel_tol=rtol, abs_tol=atol) or (
            decimals is not None and _rounding(np.array([expected * 100]), np.array([got]),
                                               max(decimals - 2, 0))[0][0])):
        return _t("ui.ex_percent_not_fraction", got=_fmt(got))
    if verdict[1][0]:
        return _Rounded(_t("ui.ex_rounded", got=_fmt(got), decimals=decimals))
    return _t("ui.ex_number_high" if got > expected else "ui.ex_number_low", got=_fmt(got))


def _same_item(expected: Any, got: Any, rtol: float, atol: float) -> bool:
    if _is_number(expected) and _is_number(got):
        return math.isclose(float(got), float(expected), rel_tol=rtol, abs_tol=atol)
    return _norm_item(expected) == _norm_item(got)


def _compare_items(expected: list, answer: Any, *, ordered: bool, rtol: float, atol: float,
                   template: Any) -> str | None:
    if not _is_listlike(answer) or isinstance(answer, str):
        return _wrong_type(template, answer)
    got = list(answer)
    if ordered:
        if len(got) != len(expected):
            return _t("ui.ex_wrong_length", expected=len(expected), got=len(got))
        for position, (want, have) in enumerate(zip(expected, got, strict=True), start=1):
            if not _same_item(want, have, rtol, atol):
                return _t("ui.ex_wrong_item", position=position, expected=_fmt(want),
                          got=_fmt(have))
        return None
    want = Counter(_norm_item(x) for x in expected)
    have = Counter(_norm_item(x) for x in got)
    missing, extra = want - have, have - want
    parts = []
    if extra:
        parts.append(_t("ui.ex_extra_items", items=listing(_fmt(x) for x in extra)))
    if missing:
        parts.append(_t("ui.ex_missing_items", n=sum(missing.values())))
    return join(*parts) or None


def _match_layout(expected: pd.DataFrame, answer: pd.DataFrame) -> pd.DataFrame:
    """Move a key between index and columns so the answer is laid out like the expected frame."""
    want = [n for n in expected.index.names if n is not None]
    if want and list(answer.index.names) != list(expected.index.names) and all(
            n in answer.columns for n in want):
        answer = answer.set_index(want)
    have = [n for n in answer.index.names if n is not None]
    if have and list(answer.index.names) != list(expected.index.names) and all(
            n in expected.columns and n not in answer.columns for n in have):
        answer = answer.reset_index()
    return answer


def _compare_frame(expected: pd.DataFrame, answer: Any, *, rtol: float, atol: float,
                   ordered: bool, keys: Sequence[str] | None,
                   decimals: int | None = None) -> str | None:
    if not isinstance(answer, pd.DataFrame):
        return _wrong_type(expected, answer)
    answer = _match_layout(expected, answer)
    missing = [c for c in expected.columns if c not in answer.columns]
    extra = [c for c in answer.columns if c not in expected.columns]
    parts = []
    if missing:
        parts.append(_t("ui.ex_missing_columns", columns=listing(missing)))
    if extra:
        parts.append(_t("ui.ex_extra_columns", columns=listing(extra)))
    if parts:
        return join(*parts)
    if keys:
        expected = expected.set_index(list(keys))
        answer = answer.set_index(list(keys))
    return _compare_rows(expected, answer[list(expected.columns)], rtol=rtol, atol=atol,
                         ordered=ordered, decimals=decimals)


def _compare_rows(expected: pd.DataFrame, answer: pd.DataFrame, *, rtol: float, atol: float,
                  ordered: bool, decimals: int | None = None) -> str | None:
    if expected.index.has_duplicates:  # rows have no identity: compare them in order
        if len(answer) != len(expected):
            return _t("ui.ex_wrong_row_count", expected=len(expected), got=len(answer))
        expected, answer = expected.reset_index(drop=True), answer.reset_index(drop=True)
    if answer.index.has_duplicates:
        repeated = answer.index[answer.index.duplicated()].unique()
        return _t("ui.ex_duplicate_rows", rows=_labels(repeated))
    missing = expected.index.difference(answer.index, sort=False)
    extra = answer.index.difference(expected.index, sort=False)
    parts = []
    if len(missing):
        parts.append(_t("ui.ex_missing_rows", n=len(missing), rows=_labels(missing)))
    if len(extra):
        parts.append(_t("ui.ex_extra_rows", n=len(extra), rows=_labels(extra)))
    if parts:
        return join(*parts)
    in_order = answer.index.equals(expected.index)
    answer = answer.reindex(expected.index)
    bad_rows = np.zeros(len(expected), dtype=bool)
    masks, shorts = {}, {}
    for column in expected.columns:
        found = _column_mismatch(expected[column], answer[column], column, rtol, atol, decimals)
        if isinstance(found, str):
            return found
        mask, short = found
        if mask.any():
            masks[column], shorts[column] = mask, short
            bad_rows |= mask
    if bad_rows.any():
        row = int(np.argmax(bad_rows))
        column = next(c for c, m in masks.items() if m[row])
        if all((shorts[c] | ~masks[c]).all() for c in masks):  # right values, rounded too far
            return _Rounded(_t("ui.ex_rounded_values", row=_labels([expected.index[row]]),
                               column=column, got=_fmt(answer[column].iloc[row]),
                               decimals=decimals))
        return _t("ui.ex_wrong_values", n=int(bad_rows.sum()),
                  columns=listing(masks), row=_labels([expected.index[row]]),
                  column=column, expected=_fmt(expected[column].iloc[row]),
                  got=_fmt(answer[column].iloc[row]))
    if ordered and not in_order:
        return _t("ui.ex_row_order")
    return None


def _kind(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "ui.ex_kind_bool"
    if pd.api.types.is_numeric_dtype(series):
        return "ui.ex_kind_numbers"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "ui.ex_kind_dates"
    return "ui.ex_kind_text"


def _column_mismatch(expected: pd.Series, answer: pd.Series, column: Any, rtol: float,
                     atol: float, decimals: int | None = None
                     ) -> tuple[np.ndarray, np.ndarray] | str:
    """Boolean masks of the rows that differ and of those only rounded too far (see
    :func:`difference`), or a message when the column holds the wrong kind of values."""
    want, have = _kind(expected), _kind(answer)
    if want == "ui.ex_kind_numbers" and have == "ui.ex_kind_text" and answer.dtype == object \
            and not answer.map(lambda v: isinstance(v, str)).any():
        as_numbers = pd.to_numeric(answer, errors="coerce")  # numbers kept in an object column
        if (as_numbers.notna() | answer.isna()).all():
            answer, have = as_numbers, want
    if want == have == "ui.ex_kind_dates":  # compare wall-clock dates, whatever the zone or unit
        def naive(s: pd.Series) -> pd.Series:
            s = s.dt.tz_localize(None) if getattr(s.dt, "tz", None) is not None else s
            return s.astype("datetime64[ns]")
        expected, answer = naive(expected), naive(answer)
    numeric = {"ui.ex_kind_numbers", "ui.ex_kind_bool"}
    compatible = want == have or (want == "ui.ex_kind_numbers" and have in numeric) or (
        want == "ui.ex_kind_text" and expected.dtype == object)
    if not compatible:
        return _t("ui.ex_wrong_dtype", column=column, expected=_t(want), found=_t(have))
    if want == "ui.ex_kind_numbers":
        x = expected.to_numpy(dtype="float64", na_value=np.nan)
        y = answer.astype("float64").to_numpy(dtype="float64", na_value=np.nan)
        differ = ~np.isclose(y, x, rtol=rtol, atol=atol, equal_nan=True)
        if decimals is None:
            return differ, np.zeros(len(x), dtype=bool)
        kept, short = _rounding(x, y, decimals)
        return differ & ~kept, differ & ~kept & short
    both_missing = (expected.isna() & answer.isna()).to_numpy()
    if want == "ui.ex_kind_text":
        x = expected.map(_norm_item, na_action="ignore")
        y = answer.map(_norm_item, na_action="ignore")
    else:
        x, y = expected, answer
    same = (x.astype(object) == y.astype(object)).to_numpy(dtype=bool, na_value=False)
    return ~(same | both_missing), np.zeros(len(x), dtype=bool)
