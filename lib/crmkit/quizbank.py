"""Self-check quizzes (自测题): one bilingual question bank per chapter.

``ck.quiz("04")`` loads ``data/quiz/ch04.yaml`` and returns a :class:`Quiz`.
As the last line of a notebook cell it shows itself as a small form (ipywidgets):
tick your answers, press **Check**, and every question shows whether you were
right, with a short explanation, and the quiz shows your score.  The text is in
the current language (``ck.set_language("zh")`` switches it to Chinese).

The same object answers from code, which is how the tests (and curious
students) drive it:

>>> import crmkit as ck
>>> q = ck.quiz("00")
>>> q.questions[:2]
['run-cell', 'restart-run-all']
>>> q.answer("run-cell", "b").correct
True
>>> q.score()
Score(correct=1, total=...)

The bank format (data/quiz/chNN.yaml)
-------------------------------------
A bank is a YAML file an instructor can edit by hand::

    chapter: "04"                      # two digits, in quotes
    title: {en: "Customer value", zh: "客户价值"}      # optional
    questions:
      - id: rfm-letters                # unique in the bank: letters, digits, - and _
        kind: single                   # single | multiple | truefalse
        text: {en: "What does the M in RFM measure?", zh: "RFM 中的 M 衡量什么?"}
        choices:                       # single and multiple only
          a: {en: "How recently the customer bought", zh: "最近一次购买距今多久"}
          b: {en: "How often the customer buys", zh: "购买频率"}
          c: {en: "How much the customer spends", zh: "消费金额"}
        answer: c                      # single: one key
        explain: {en: "Monetary value: the customer's total spend.", zh: "M 即消费金额。"}
      - id: rfm-own-data
        kind: truefalse                # no choices: the answer is true or false
        text: {en: "...", zh: "..."}
        answer: true
        explain: {en: "...", zh: "..."}

* ``kind: multiple`` takes a list of keys as its answer: ``answer: [a, c]``
  ("select all that apply"; only the exact set of keys is correct).
* ``kind: truefalse`` has no ``choices``; its answer is ``true`` or ``false``.
* ``text``, every choice and ``explain`` need both ``en`` and ``zh``.
* Choice keys are short words (``a``, ``b`` …); quote a key YAML would read as
  something else (``"yes"``, ``"no"``, ``"on"``, ``"off"``), and quote text
  that contains ``: `` or starts with a special character.

Loading checks all of this and raises :class:`crmkit.CRMDataError` naming the
file, the question id and the fix (a duplicate id, a single-choice question
with two keys, a key that is not a choice, a missing translation, an unknown
kind or field, a YAML syntax error).  The banks are read from the workbook's
own ``data/quiz/`` even when ``CRMKIT_DATA`` points at another data folder (they
belong to the library, see :mod:`crmkit.paths`); a bank of your own is read
from its path: ``ck.quiz("my-banks/ch04.yaml")``.

This module holds the bank model and its validator; the form lives with the
other explorers in :mod:`crmkit.widgets.quiz`.  ``ck.quiz`` is :func:`quiz`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import yaml

from crmkit import i18n
from crmkit.errors import CRMDataError
from crmkit.paths import resource

__all__ = ["KINDS", "Feedback", "Question", "Quiz", "Score", "banks", "quiz"]

KINDS = ("single", "multiple", "truefalse")
_LANGUAGES = i18n.LANGUAGES
_TOP_FIELDS = ("chapter", "title", "questions")
_FIELDS = {
    "single": ("id", "kind", "text", "choices", "answer", "explain"),
    "multiple": ("id", "kind", "text", "choices", "answer", "explain"),
    "truefalse": ("id", "kind", "text", "answer", "explain"),
}
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_BANK_NAME = re.compile(r"ch(\d\d)\.ya?ml")


# --------------------------------------------------------------------------- results


class Score(NamedTuple):
    """How many questions are answered correctly, out of how many."""

    correct: int
    total: int

    def __str__(self) -> str:
        return f"{self.correct} / {self.total}"

    def __repr__(self) -> str:
        if i18n.get_language() == "zh":
            return f"得分：{self.correct} / {self.total}"
        return f"Score(correct={self.correct}, total={self.total})"


@dataclass(frozen=True)
class Feedback:
    """What a quiz says about one question: right or not, and why.

    ``bool(feedback)`` is ``feedback.correct``.  The text is in the language that
    was current when the feedback was asked for.
    """

    question_id: str
    answered: bool
    correct: bool
    explanation: str
    right_answer: str
    message: str = field(repr=False)

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        colour = "#1a7f37" if self.correct else ("#b42318" if self.answered else "#57606a")
        return f'<div style="color:{colour}">{html.escape(self.message)}</div>'


# --------------------------------------------------------------------------- questions


@dataclass(frozen=True)
class Question:
    """One validated question of a bank (see the module docstring for the fields)."""

    id: str
    kind: str
    text: Mapping[str, str]
    choices: Mapping[str, Mapping[str, str]]
    answer: str | frozenset[str] | bool
    explain: Mapping[str, str]

    def normalise(self, response: Any) -> str | frozenset[str] | bool:
        """Turn a response (a key, a list of keys, True/False) into the stored form.

        Keys are matched without regard to case (``"C"`` selects choice ``c``).
        Raises CRMDataError for a response this question cannot take.
        """
        if self.kind == "truefalse":
            if isinstance(response, (bool, np.bool_)):
                return bool(response)
            if isinstance(response, str) and response.strip().lower() in ("true", "false"):
                return response.strip().lower() == "true"
            raise CRMDataError(
                f"question {self.id!r} is a true/false question, but the answer given is "
                f"{response!r}. Fix: answer True or False, e.g. q.answer({self.id!r}, True).",
                zh=f"题目 {self.id!r} 是判断题，但给出的答案是 {response!r}。"
                   f"修正（Fix）：回答 True 或 False，例如 q.answer({self.id!r}, True)。"
            )
        if isinstance(response, str):
            keys = [response]
        elif isinstance(response, Iterable) and not isinstance(response, Mapping):
            keys = list(response)
        else:
            keys = None
        if keys is None or not all(isinstance(k, str) for k in keys):
            raise CRMDataError(
                f"question {self.id!r}: expected a choice key such as {self._example()}, "
                f"but got {response!r}. Fix: pass one of the keys {self._keys_text()}.",
                zh=f"题目 {self.id!r}：答案应当是选项字母，例如 {self._example()}，"
                   f"但收到的是 {response!r}。修正（Fix）：传入 {self._keys_text()} 中的一个。"
            )
        if self.kind == "single" and len(keys) != 1:
            raise CRMDataError(
                f"question {self.id!r} takes exactly one choice, but {len(keys)} were given "
                f"({', '.join(map(repr, keys)) or 'none'}). Fix: pass one key, e.g. "
                f"q.answer({self.id!r}, {self._example()}).",
                zh=f"题目 {self.id!r} 是单选题，只能选一个，但给出了 {len(keys)} 个"
                   f"（{'、'.join(map(repr, keys)) or '无'}）。修正（Fix）：只传一个选项，"
                   f"例如 q.answer({self.id!r}, {self._example()})。"
            )
        matched = [self._match(k) for k in keys]
        return matched[0] if self.kind == "single" else frozenset(matched)

    def is_correct(self, response: Any) -> bool:
        """Whether ``response`` (as accepted by :meth:`normalise`) is the key."""
        return self.normalise(response) == self.answer

    def _match(self, key: str) -> str:
        if key in self.choices:
            return key
        folded = [k for k in self.choices if k.casefold() == key.strip().casefold()]
        if len(folded) == 1:
            return folded[0]
        raise CRMDataError(
            f"question {self.id!r} has no choice {key!r}. "
            f"Fix: pass one of the keys {self._keys_text()}.",
            zh=f"题目 {self.id!r} 没有选项 {key!r}。修正（Fix）：传入 {self._keys_text()} 中的一"
               "个。"
        )

    def _keys_text(self) -> str:
        return ", ".join(repr(k) for k in self.choices)

    def _example(self) -> str:
        first = repr(next(iter(self.choices)))
        return first if self.kind == "single" else f"[{first}]"

    def describe_answer(self, language: str) -> str:
        """The right answer as text in ``language``, e.g. ``"c) How much the customer spends"``."""
        if self.kind == "truefalse":
            return i18n.label("ui.true" if self.answer else "ui.false", language)
        keys = [self.answer] if self.kind == "single" else sorted(self.answer)
        return "; ".join(f"{k}) {self.choices[k][language]}" for k in keys)


# --------------------------------------------------------------------------- the quiz


class Quiz:
    """A chapter's self-check quiz: answer it in the widget or from code.

    Attributes and methods
    ----------------------
    chapter : str
        Two-digit chapter code, e.g. ``"04"``.
    questions : list of str
        The question ids, in bank order.
    answer(id, choice)
        Record an answer (a key ``"b"``, a list of keys ``["a", "c"]`` for
        "select all that apply", or ``True``/``False``) and return its
        :class:`Feedback`.
    feedback(id)
        Right or not, plus the explanation, in the current language.
    score()
        ``Score(correct, total)``; unanswered questions count as not correct.
    reset()
        Forget every answer.
    widget()
        The ipywidgets form (what a notebook shows for a bare ``ck.quiz("04")``).
    """

    def __init__(self, chapter: str, questions: Iterable[Question], *,
                 title: Mapping[str, str] | None = None, path: Path | None = None) -> None:
        self.chapter = chapter
        self.title = dict(title) if title else None
        self.path = path
        self._questions = {q.id: q for q in questions}
        self._answers: dict[str, str | frozenset[str] | bool] = {}

    # -- questions and answers ------------------------------------------------
    @property
    def questions(self) -> list[str]:
        """The question ids, in the order of the bank."""
        return list(self._questions)

    def question(self, question_id: str) -> Question:
        """The :class:`Question` with this id (CRMDataError listing the ids if unknown)."""
        if question_id not in self._questions:
            raise CRMDataError(
                f"quiz {self.chapter}: there is no question {question_id!r}. "
                f"The questions are: {', '.join(self._questions)}. "
                "Fix: use one of these ids (q.questions lists them).",
                zh=f"第 {self.chapter} 章的自测题中没有题目 {question_id!r}。"
                   f"题目编号有：{'、'.join(self._questions)}。"
                   "修正（Fix）：使用其中一个编号（q.questions 会列出它们）。"
            )
        return self._questions[question_id]

    def answer(self, question_id: str, choice: Any) -> Feedback:
        """Record ``choice`` as the answer to ``question_id`` and return the feedback."""
        question = self.question(question_id)
        self._answers[question_id] = question.normalise(choice)
        return self.feedback(question_id)

    def response(self, question_id: str) -> str | frozenset[str] | bool | None:
        """The recorded answer to ``question_id`` (normalised), or None if unanswered."""
        self.question(question_id)
        return self._answers.get(question_id)

    def forget(self, question_id: str) -> None:
        """Remove the answer to one question (it counts as unanswered again)."""
        self.question(question_id)
        self._answers.pop(question_id, None)

    def reset(self) -> None:
        """Forget every answer."""
        self._answers.clear()

    def feedback(self, question_id: str) -> Feedback:
        """Whether the recorded answer is right, with the explanation (current language)."""
        question = self.question(question_id)
        language = i18n.get_language()
        answered = question_id in self._answers
        correct = answered and self._answers[question_id] == question.answer
        explanation = question.explain[language]
        right = question.describe_answer(language)
        gap = "" if language == "zh" else " "  # no space after "。" in Chinese
        if correct:
            message = f"✅ {i18n.label('ui.quiz_correct')}{gap}{explanation}"
        elif answered:
            right_answer = i18n.label("ui.quiz_right_answer").format(answer=right)
            message = (f"❌ {i18n.label('ui.quiz_incorrect')}{gap}{right_answer}{gap}"
                       f"{explanation}")
        else:
            message = f"… {i18n.label('ui.quiz_not_answered')}"
        return Feedback(question_id, answered, correct, explanation, right, message)

    def score(self) -> Score:
        """``Score(correct, total)``: right answers out of all questions."""
        correct = sum(self._answers.get(qid) == q.answer for qid, q in self._questions.items())
        return Score(int(correct), len(self._questions))

    def __len__(self) -> int:
        return len(self._questions)

    def __repr__(self) -> str:
        if i18n.get_language() == "zh":
            where = f"（{self.path.name}）" if self.path else ""
            return (f"<自测题 第 {self.chapter} 章{where}：共 {len(self)} 道题，"
                    f"已答 {len(self._answers)} 道，得分 {self.score()}>")
        where = f" from {self.path.name}" if self.path else ""
        return (f"<Quiz chapter {self.chapter}{where}: {len(self)} questions, "
                f"{len(self._answers)} answered, score {self.score()}>")

    # -- the form ---------------------------------------------------------------
    def widget(self):
        """The ipywidgets form: see :func:`crmkit.widgets.quiz.quiz_form`."""
        # imported here, not at the top: a quiz answered from code never loads ipywidgets
        from crmkit.widgets.quiz import quiz_form

        return quiz_form(self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        bundle = self.widget()._repr_mimebundle_(include=include, exclude=exclude)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/plain"] = repr(self)
        return bundle


# --------------------------------------------------------------------------- loading


class _DuplicateKey(yaml.constructor.ConstructorError):
    """The same key twice in one mapping."""


class _UniqueKeyLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses a key given twice in one mapping.

    Plain ``safe_load`` keeps the last of two ``answer:`` lines silently; an
    instructor editing by hand should hear about it instead.
    """

    def construct_mapping(self, node: Any, deep: bool = False) -> dict:
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise _DuplicateKey(
                    "while reading a mapping", node.start_mark,
                    f"found the key {key!r} twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _Problems:
    """Collects every problem of a bank so one error lists them all."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[str] = []

    def add(self, where: str, text: str) -> None:
        self.items.append(f"{where}: {text}" if where else text)

    def raise_if_any(self) -> None:
        if len(self.items) == 1:
            raise CRMDataError(f"Quiz bank {self.path}: {self.items[0]}",
                               zh=f"题库 {self.path}：{self.items[0]}")
        if self.items:
            listed = "\n".join(f"  - {item}" for item in self.items)
            raise CRMDataError(
                f"Quiz bank {self.path} has {len(self.items)} problems:\n{listed}",
                zh=f"题库 {self.path} 有 {len(self.items)} 处问题：\n{listed}")


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"


def _bilingual(value: Any, name: str, where: str, problems: _Problems) -> dict[str, str] | None:
    example = f'{name}: {{en: "...", zh: "..."}}'
    if not isinstance(value, Mapping):
        problems.add(where, f"{name} must be a mapping of the two languages like {example}, "
                     f"found {_kind_of(value)}. Fix: write {example}.")
        return None
    ok = True
    for extra in [k for k in value if k not in _LANGUAGES]:
        problems.add(where, f"{name} has an unknown language {extra!r}; expected only "
                     f"{' and '.join(_LANGUAGES)}. Fix: remove it or rename it to en or zh.")
        ok = False
    for language in _LANGUAGES:
        text = value.get(language)
        if text is None or (isinstance(text, str) and not text.strip()):
            which = "English (en)" if language == "en" else "Chinese (zh)"
            problems.add(where, f"{name} has no {which} translation. "
                         f"Fix: add {language}: \"...\" to {name}.")
            ok = False
        elif not isinstance(text, str):
            problems.add(where, f"{name}.{language} must be text, found {_kind_of(text)}. "
                         "Fix: put the text in quotes.")
            ok = False
    return {lang: value[lang].strip() for lang in _LANGUAGES} if ok else None


def _choice_key(key: Any, where: str, problems: _Problems) -> str | None:
    if isinstance(key, bool) or not isinstance(key, (str, int)):
        problems.add(where, f"choice key {key!r} is not a short word (YAML reads yes/no/on/off/"
                     "true/false as booleans). Fix: use keys such as a, b, c, or put the key in "
                     "quotes.")
        return None
    key = str(key)
    if not _KEY.fullmatch(key):
        problems.add(where, f"choice key {key!r} must be a short word of letters, digits, - or _. "
                     "Fix: use keys such as a, b, c.")
        return None
    return key


def _answer(raw: Any, kind: str, choices: Mapping[str, Any], where: str,
            problems: _Problems) -> str | frozenset[str] | bool | None:
    if kind == "truefalse":
        if isinstance(raw, bool):
            return raw
        problems.add(where, f"a truefalse question's answer must be true or false, found "
                     f"{_kind_of(raw)}. Fix: write answer: true or answer: false (no quotes).")
        return None
    listed = raw if isinstance(raw, list) else [raw]
    keys = []
    for item in listed:
        key = None if isinstance(item, bool) or not isinstance(item, (str, int)) else str(item)
        if key is None:
            problems.add(where, f"answer {item!r} is not a choice key. "
                         f"Fix: use one of the keys {', '.join(choices)}.")
            return None
        keys.append(key)
    if kind == "single" and len(keys) != 1:
        problems.add(where, f"a single-choice question takes exactly one key as its answer, "
                     f"found {len(keys)} ({', '.join(keys) or 'none'}). Fix: keep one key, or "
                     "change kind to multiple.")
        return None
    if kind == "multiple" and not keys:
        problems.add(where, "a multiple-choice question needs at least one key in its answer, "
                     "found an empty list. Fix: write answer: [a, c].")
        return None
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        problems.add(where, f"answer lists {', '.join(repeated)} more than once. "
                     "Fix: list each key once.")
        return None
    unknown = [k for k in keys if k not in choices]
    if unknown:
        problems.add(where, f"answer key {', '.join(repr(k) for k in unknown)} is not a choice; "
                     f"the choices are {', '.join(choices)}. Fix: use one of those keys or add "
                     "the missing choice.")
        return None
    return keys[0] if kind == "single" else frozenset(keys)


def _question(raw: Any, number: int, seen: dict[str, int],
              problems: _Problems) -> Question | None:
    where = f"question #{number}"
    if not isinstance(raw, Mapping):
        problems.add(where, f"expected a mapping with the fields {', '.join(_FIELDS['single'])}, "
                     f"found {_kind_of(raw)}. Fix: start each question with '- id: ...'.")
        return None
    raw_id = raw.get("id")
    if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) \
            and _ID.fullmatch(str(raw_id)):
        qid = str(raw_id)
        where = f"question {qid!r} (#{number})"
        if qid in seen:
            problems.add(where, f"duplicate id {qid!r}: question #{seen[qid]} has the same id. "
                         "Fix: give every question its own id.")
            return None
        seen[qid] = number
    else:
        what = ("has no id" if raw_id is None
                else f"has the id {raw_id!r}, which is not a short name")
        problems.add(where, f"{what}; expected an id of letters, digits, - and _. "
                     "Fix: add e.g. id: rfm-letters.")
        return None
    kind = raw.get("kind")
    if kind not in KINDS:
        found = "no kind" if kind is None else f"kind {kind!r}"
        problems.add(where, f"found {found}; expected kind to be one of {', '.join(KINDS)}. "
                     "Fix: set kind: single, multiple or truefalse.")
        return None
    allowed = _FIELDS[kind]
    for extra in [k for k in raw if k not in allowed]:
        fix = ("remove the choices (a truefalse question's answer is true or false), or change "
               "kind to single" if (extra == "choices") else "remove it or correct its spelling")
        problems.add(where, f"unknown field {extra!r} for a {kind} question; the fields are "
                     f"{', '.join(allowed)}. Fix: {fix}.")
    missing = [k for k in allowed if k not in raw]
    if missing:
        problems.add(where, f"missing field {', '.join(missing)}; a {kind} question needs "
                     f"{', '.join(allowed)}. Fix: add the missing field.")
        return None
    text = _bilingual(raw["text"], "text", where, problems)
    explain = _bilingual(raw["explain"], "explain", where, problems)
    choices: dict[str, dict[str, str]] = {}
    if kind != "truefalse":
        raw_choices = raw["choices"]
        if not isinstance(raw_choices, Mapping) or len(raw_choices) < 2:
            problems.add(where, f"choices must map at least two keys to their text, found "
                         f"{_kind_of(raw_choices)}. Fix: write choices: with lines such as "
                         'a: {en: "...", zh: "..."}.')
            return None
        for raw_key, value in raw_choices.items():
            key = _choice_key(raw_key, where, problems)
            translated = _bilingual(value, f"choice {raw_key}", where, problems)
            if key is not None and key in choices:
                problems.add(where, f"choice key {key!r} appears twice (YAML reads 1 and '1' "
                             "as different keys, the quiz as the same one). Fix: give every "
                             "choice its own key, e.g. a, b, c.")
            elif key is not None and translated is not None:
                choices[key] = translated
        if len(choices) != len(raw_choices):
            return None
    answer = _answer(raw["answer"], kind, choices, where, problems)
    if text is None or explain is None or answer is None:
        return None
    return Question(qid, kind, text, choices, answer, explain)


def _chapter_code(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, str):
        value = value.strip().lower().removeprefix("ch")
        if value.isdigit() and len(value) <= 2:
            return value.zfill(2)
    return None


def _question_before(path: Path, line: int) -> str:
    """`` (in question 'x')`` for the last ``- id: x`` at or before ``line`` (0-based)."""
    lines = path.read_text(encoding="utf-8").splitlines()[: line + 1]
    for text in reversed(lines):
        found = re.match(r"\s*-\s*id:\s*[\"']?([^\"'#\s]+)", text)
        if found:
            return f" (in question {found.group(1)!r})"
    return ""


def _parse(path: Path) -> Quiz:
    problems = _Problems(path)
    try:
        with path.open(encoding="utf-8") as handle:
            raw = yaml.load(handle, Loader=_UniqueKeyLoader)  # a SafeLoader subclass
    except UnicodeDecodeError as err:
        raise CRMDataError(f"Quiz bank {path}: the file is not UTF-8 text ({err.reason}). "
                           "Fix: save it as UTF-8 in your editor.",
                           zh=f"题库 {path}：文件不是 UTF-8 文本（{err.reason}）。"
                              "修正（Fix）：在编辑器中把它另存为 UTF-8。") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        at_zh = ""
        if mark:
            question = _question_before(path, mark.line)
            at += question
            inside = f"，在问题 {question[len(' (in question '):-1]} 中" if question else ""
            at_zh = f"（第 {mark.line + 1} 行第 {mark.column + 1} 列{inside}）"
        problem = getattr(err, "problem", None) or str(err)
        context = getattr(err, "context", None)
        detail = f"{context}, {problem}" if context else problem
        fix = ("keep one of the two lines" if isinstance(err, _DuplicateKey) else
               "check the indentation there, and put text containing ': ', '#' or starting "
               "with a quote or bracket in quotes")
        fix_zh = ("保留两行中的一行" if isinstance(err, _DuplicateKey) else
                  "检查那里的缩进；含有 ': '、'#' 或以引号、括号开头的文本要加上引号")
        raise CRMDataError(
            f"Quiz bank {path}: not valid YAML{at} ({detail}). Expected the layout of the "
            f"bank format (see help(crmkit.quizbank)). Fix: {fix}.",
            zh=f"题库 {path}：不是有效的 YAML{at_zh}（{detail}）。应当符合题库格式"
               f"（见 help(crmkit.quizbank)）。修正（Fix）：{fix_zh}。"
        ) from None
    if not isinstance(raw, Mapping):
        problems.add("", f"expected a mapping with chapter: and questions:, found "
                     f"{_kind_of(raw)}. Fix: start the file with chapter: \"NN\" and questions:.")
        problems.raise_if_any()
    for extra in [k for k in raw if k not in _TOP_FIELDS]:
        problems.add("top level", f"unknown field {extra!r}; the fields are "
                     f"{', '.join(_TOP_FIELDS)}. Fix: remove it or correct its spelling.")
    chapter = _chapter_code(raw.get("chapter"))
    if chapter is None:
        problems.add("top level", f"chapter must be a two-digit code such as \"04\", found "
                     f"{_kind_of(raw.get('chapter'))}. Fix: write chapter: \"04\".")
    named = _BANK_NAME.fullmatch(path.name)
    if chapter and named and named.group(1) != chapter:
        problems.add("top level", f"the file is named for chapter {named.group(1)} but says "
                     f"chapter: \"{chapter}\". Fix: make the two agree.")
    title = None
    if raw.get("title") is not None:
        title = _bilingual(raw["title"], "title", "top level", problems)
    raw_questions = raw.get("questions")
    questions: list[Question] = []
    if not isinstance(raw_questions, list) or not raw_questions:
        problems.add("top level", f"questions must be a non-empty list, found "
                     f"{_kind_of(raw_questions)}. Fix: add questions: followed by '- id: ...' "
                     "entries.")
    else:
        seen: dict[str, int] = {}
        for number, item in enumerate(raw_questions, start=1):
            question = _question(item, number, seen, problems)
            if question is not None:
                questions.append(question)
    problems.raise_if_any()
    return Quiz(chapter, questions, title=title, path=path)


def _quiz_dir() -> Path:
    return resource("quiz")


def banks() -> list[str]:
    """The chapters that have a quiz bank, e.g. ``['00', '04']``."""
    return sorted(m.group(1) for p in _quiz_dir().glob("ch*.y*ml")
                  if (m := _BANK_NAME.fullmatch(p.name)))


def _bank_path(chapter: Any) -> Path:
    if isinstance(chapter, Path) or (isinstance(chapter, str)
                                     and chapter.lower().endswith((".yaml", ".yml"))):
        path = Path(chapter).expanduser()
        if not path.is_file():
            raise CRMDataError(f"quiz: expected a quiz bank file, but {path} does not exist. "
                               "Fix: check the path, or pass a chapter number such as '04'.",
                               zh=f"quiz：需要一个题库文件，但 {path} 不存在。"
                                  "修正（Fix）：检查路径，或传入章节号，例如 '04'。")
        return path
    code = _chapter_code(chapter)
    if code is None:
        raise CRMDataError(
            f"quiz: expected a chapter number such as '04' (or the path of a .yaml bank), "
            f"found {chapter!r}. Fix: call e.g. ck.quiz('04').",
            zh="quiz：需要章节号，例如 '04'（或一个 .yaml 题库的路径），"
               f"但收到的是 {chapter!r}。修正（Fix）：例如调用 ck.quiz('04')。"
        )
    path = _quiz_dir() / f"ch{code}.yaml"
    if not path.is_file():
        have = ", ".join(banks()) or "none"
        raise CRMDataError(
            f"quiz: there is no quiz bank for chapter {code} (expected {path}). "
            f"Banks exist for chapters: {have}. Fix: use one of these chapters, or write "
            f"data/quiz/ch{code}.yaml (see help(crmkit.quizbank) for the format).",
            zh=f"quiz：第 {code} 章没有题库（应在 {path}）。"
               f"已有题库的章节：{have}。修正（Fix）：使用其中一章，或编写 "
               f"data/quiz/ch{code}.yaml（格式见 help(crmkit.quizbank)）。"
        )
    return path


def quiz(chapter: str | int | Path) -> Quiz:
    """The self-check quiz of a chapter: ``ck.quiz("04")`` shows it in a notebook.

    Loads and validates the bank and returns a fresh :class:`Quiz` with no
    answers.  As the last line of a cell it displays as a form with a Check
    button; from code it answers with ``q.answer(id, choice)`` and ``q.score()``.

    Parameters
    ----------
    chapter:
        A chapter code (``"04"``, ``"4"``, ``4`` or ``"ch04"``), read from
        ``data/quiz/chNN.yaml``; or the path of a ``.yaml`` bank file.

    Raises
    ------
    CRMDataError
        If there is no such bank (listing the chapters that have one) or the
        bank breaks the format (naming the file, the question and the fix).
    """
    return _parse(_bank_path(chapter))
