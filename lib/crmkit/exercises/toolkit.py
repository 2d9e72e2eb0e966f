"""The checker toolkit: what every exercise checker of the book shares.

A chapter's checkers (``crmkit/exercises/chNN.py``, a case's ``exercises.py``)
use these and write no private copies of them:

* :func:`number` — the one way to read a number from an answer;
* :func:`close` — the one closeness rule (:data:`RTOL`, :data:`ATOL`);
* :func:`rounding` and :data:`KINDS` — the one rounding policy;
* :func:`join` and :func:`listing` — sentences and lists in correct English and
  Chinese punctuation;
* :func:`graded_hints` — hints a nudge first, then the method, one per ``ck.hint``;
* :class:`Mistake` — a predicted mistake and what to say about it, declared on
  ``@exercise(..., mistakes=...)``.

How an exercise is declared with them (the worked example; chapter 06,
``crmkit/exercises/ch06.py``, is the whole chapter done this way)::

    from functools import cache

    import pandas as pd

    from crmkit.datasets import load_customers, load_transactions
    from crmkit.exercises import Mistake, exercise, graded_hints
    from crmkit.retention import retention_curve, retention_from_counts

    # 1. A number.  The mistakes are a list (or a function returning one when they need
    #    the data): each the answer a mistake gives, and the sentence that names it.
    def _club_mistakes() -> list[Mistake]:
        start, end, new = 1200, 1350, 390
        return [
            Mistake(end / start,
                    en="end ÷ start counts the new members as kept; subtract the new ones "
                       "first.",
                    zh="期末 ÷ 期初把新会员也算作留住的会员；应先减去新会员。"),
            Mistake(1 - (end - new) / start,
                    en="That is the churn rate; the retention rate is 1 minus it.",
                    zh="这是流失率；保持率是 1 减去它。"),
            Mistake((end - start) / start,
                    en="That is the growth of the club, not the share kept.",
                    zh="这是会员人数的增长率，而不是留住的比例。"),
        ]

    @exercise(
        "06.retention_from_counts",
        title={"en": "Retention from head counts", "zh": "由人数计算客户保持率"},
        hint=graded_hints(     # (English, Chinese) per level: a nudge, then the method
            ("Which of the 1,350 members at the end were already members at the start?",
             "期末的 1,350 位会员中，哪些在期初就已经是会员？"),
            ("r = (end − new) / start, or ck.retention_from_counts(start=..., end=..., new=...).",
             "保持率 =（期末人数 − 新增人数）÷ 期初人数，或调用 ck.retention_from_counts(...)。")),
        kind="rate",           # a fraction to two decimals: 0.8, 0.80 and 0.8000 pass
        mistakes=_club_mistakes,
    )
    def _retention_from_counts() -> float:
        return retention_from_counts(1200, 1350, 390)

    # 2. A Series, other accepted forms turned into it by prepare=, and a mistake no single
    #    value describes (when= a test, with an example answer for the tests).
    @cache
    def _curve() -> pd.DataFrame:
        members = load_customers()[["customer_id", "is_member"]]
        return retention_curve(load_transactions().merge(members, on="customer_id"),
                               by="is_member")

    def _as_series(answer):
        if isinstance(answer, pd.Series):  # an index of True/False -> "True"/"False"
            answer = answer.set_axis([str(v) for v in answer.index]).rename(6)
        return answer

    @cache  # computed from the data once
    def _member_mistakes() -> list[Mistake]:
        return [
            Mistake(when=lambda answer: isinstance(answer, pd.DataFrame) and 6 in answer.index,
                    example=_curve,
                    en="That is the whole curve; the answer is its month-6 row: .loc[6].",
                    zh="这是整条曲线；答案是其中第 6 个月那一行：.loc[6]。"),
            Mistake(_curve().loc[5],
                    en="That is month 5; month 0 is the month of the first purchase.",
                    zh="这是第 5 个月；第 0 个月是首次购买的当月。"),
            Mistake(1 - _curve().loc[6],
                    en="Those are the shares *not* buying in month 6.",
                    zh="这是第 6 个月没有购买的比例。"),
        ]

    @exercise("06.member_retention", title=..., hint=graded_hints(..., ...),
              kind="share", prepare=_as_series, mistakes=_member_mistakes)
    def _member_retention() -> pd.Series:
        return _curve().loc[6]

    # 3. Other right answers: alternatives=[...] (or a function), compared like the
    #    expected one, e.g. the same forecast from the model fitted in days or months.

What the engine then does with ``ck.check("06.retention_from_counts", answer)``:

1. ``prepare(answer)`` if the exercise has ``prepare=`` (turn accepted other
   forms — a one-row table, an index of texts — into the expected form);
2. compares with the expected answer: the standard comparison
   (:func:`crmkit.exercises.engine.difference`, with ``rtol``, ``atol`` and the
   rounding policy of ``kind=`` / ``decimals=``), or ``compare=`` if given;
3. right: ✅.  Else, if the answer matches one of ``alternatives=`` (other right
   answers, compared the same way): ✅;
4. else the first :class:`Mistake` that matches adds its sentence:
   ``join(what differs, mistake text)``.  A value mistake matches when the
   answer is the mistake's value under the exercise's own comparison (so the
   same tolerance and rounding policy); a ``when=`` mistake when its test is true;
5. else what differs, alone.

A mistake with ``when=`` carries an ``example`` answer, so
``tests/test_checker_toolkit.py`` runs every predicted mistake of every
exercise in both languages and checks that the feedback names it and reads as
correct Chinese.  Keep ``compare=`` for comparisons the standard one cannot do
(words with many spellings, an answer whose shape tells the mistake); declare
the mistakes with ``mistakes=`` all the same.

**Reading numbers.**  :func:`number` accepts ``int``, ``float``, numpy scalars,
0-d numpy arrays, ``Decimal`` and ``Fraction``.  It refuses ``True``/``False``,
texts (``"0.42"`` is a text, in every chapter: the feedback says to write the
number without quotes) and containers, even with one value (a one-element
Series is not a number: the feedback says to take it out with ``.item()``).

**The rounding policy.**  ``kind=`` says what a number is, and so how a reader
writes it (:data:`KINDS`): ``"money"`` in whole yuan, ``"count"`` whole,
``"rate"``, ``"share"`` and ``"ratio"`` to two decimals; ``decimals=N``
overrides the kind when the task prints more (e.g. ``kind="rate", decimals=3``
for a rate of 0.024).  Then, for a number and for every value of a Series or
a numeric DataFrame column:

* the exact answer passes (within ``rtol``/``atol``, :func:`close`);
* the answer rounded to ``N`` decimals or more passes (0.57 and 0.566 for
  0.56598 with ``N = 2``; 38 for 37.63 yuan), whichever way a tie was rounded;
* the answer rounded to fewer decimals than ``N`` is answered "right, but keep N
  decimals" — never "too high" or "too low" (0.6 for 0.56598; 671 for 671.3
  yuan with ``decimals=2``), as long as it keeps the first significant digit
  (1 or 0 for 0.566 are wrong answers, not roundings);
* a percentage where the task wants a fraction (57 for 0.566) is named as one.

Without ``kind=`` or ``decimals=`` numbers only pass within ``rtol``/``atol``.

**Moving a checker onto the toolkit** (what replaces each private helper):

* ``found + " " + _say(en, zh)``, ``_plus``/``_and``/``_joined``, ``" ".join(parts)``
  → ``join(found, say(en, zh))`` (``from crmkit.i18n import say``);
  ``", ".join(names)`` in a sentence → ``listing(names)``;
* ``_number(answer)`` → :func:`number`; ``_close(a, b)`` → :func:`close` (or, for a
  mistake, nothing: declare it and the engine compares);
* ``_hint(nudge_en, method_en, nudge_zh, method_zh)`` and hints packed as
  "(1) … (2) …" → ``graded_hints((nudge_en, nudge_zh), (method_en, method_zh))``;
* ``_with_slips``/``_with_slip``/``_numeric_checker``/``_REPEAT_SLIPS``, and a
  ``compare=`` that only tries candidate values → ``mistakes=[Mistake(value, en=...,
  zh=...), ...]`` and no ``compare=``; its tolerance tricks (``atol=5e-4`` for "three
  places", ``rtol=5e-3`` "because students round") → ``kind=`` / ``decimals=``;
* a ``compare=`` that first reshapes the answer → ``prepare=`` plus the standard
  comparison; a test on the answer's shape → ``Mistake(when=..., example=...)``;
* a genuinely custom ``compare=`` (word answers, messages built from the answer)
  stays, joins with :func:`join`, and still declares its mistakes with
  ``mistakes=`` (with ``when=`` tests where a value cannot describe them).


>>> from crmkit.exercises.toolkit import number, rounding, join
>>> number(0.42), number("0.42"), number(True)
(0.42, None, None)
>>> rounding(0.56598, 0.57, decimals=2), rounding(0.56598, 0.6, decimals=2)
('kept', 'short')
>>> join("Your number 2 is too high.", "That is the gap after the promotion.")
'Your number 2 is too high. That is the gap after the promotion.'
"""

from __future__ import annotations

import decimal
import math
import numbers
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from crmkit import i18n
from crmkit.errors import CRMDataError

__all__ = [
    "ATOL",
    "KINDS",
    "RTOL",
    "Mistake",
    "close",
    "graded_hints",
    "join",
    "listing",
    "number",
    "rounding",
]

#: The closeness rule: an answer within this relative tolerance (or :data:`ATOL`) is the
#: expected number (1e-4: float noise and an answer kept to four significant digits pass).
RTOL = 1e-4
#: Absolute tolerance, for expected answers of 0.
ATOL = 1e-9

#: What a number of a task is -> the decimals a reader writes it with (the rounding policy).
KINDS: dict[str, int] = {
    "money": 0,   # yuan: 38 for 37.63 (give decimals=2 when the task asks for the fen)
    "count": 0,   # customers, orders, months: whole
    "rate": 2,    # a rate as a fraction: 0.58 for 0.584 (retention, churn, conversion)
    "share": 2,   # a share of a whole as a fraction: 0.57 for 0.566
    "ratio": 2,   # a multiple or a number of years: 1.86, 4.0
}

_MOST = 6  # a number with more decimals than this is not "rounded": only close() applies

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_ENDS_ZH = "。！？；：…"
_ENDS_EN = ".!?;:…。！？"
_CLOSING = "\"')]}”’）」》"


# --------------------------------------------------------------------------- numbers


def number(answer: Any) -> float | None:
    """The number an answer holds, as a float, or ``None`` when it is not a number.

    Numbers are ``int``, ``float``, numpy scalars, 0-d numpy arrays, ``Decimal`` and
    ``Fraction`` (NaN and infinity included: they are numbers, wrong ones).  Not numbers:
    ``True``/``False``, texts (also ``"0.42"``), ``None``, and containers, even a Series,
    array or list holding one value.

    >>> import numpy as np
    >>> number(np.int64(7)), number(np.array(0.5)), number("7"), number([7])
    (7.0, 0.5, None, None)
    """
    if isinstance(answer, np.ndarray) and answer.ndim == 0:
        answer = answer[()]
    if isinstance(answer, (bool, np.bool_)) or not isinstance(
            answer, (numbers.Real, decimal.Decimal)):
        return None
    try:
        return float(answer)
    except (TypeError, ValueError, OverflowError):
        return None


def close(answer: float, expected: float, *, rtol: float = RTOL, atol: float = ATOL) -> bool:
    """``True`` when ``answer`` is ``expected`` within ``rtol`` (relative) or ``atol``.

    NaN is close to nothing (the standard comparison treats an expected NaN itself).

    >>> close(671.30004, 671.3), close(0.57, 0.56598)
    (True, False)
    """
    return math.isclose(float(answer), float(expected), rel_tol=rtol, abs_tol=atol)


def _places(values: np.ndarray) -> np.ndarray:
    """The fewest decimals (0 .. 6) each value is written with; 7 for more (or NaN/inf)."""
    places = np.full(values.shape, _MOST + 1)
    finite = np.isfinite(values)
    for k in range(_MOST, -1, -1):
        scaled = values * 10.0**k
        whole = finite & (np.abs(scaled - np.rint(scaled)) <= 1e-6 * np.maximum(1.0, 1e-9 * np.abs(
            scaled)))
        places = np.where(whole, k, places)
    return places


def _rounding_masks(expected: np.ndarray, answer: np.ndarray,
                    decimals: int) -> tuple[np.ndarray, np.ndarray]:
    """Per value: (kept, short) of :func:`rounding`, vectorised for Series and columns."""
    expected = np.asarray(expected, dtype="float64")
    answer = np.asarray(answer, dtype="float64")
    places = _places(answer)
    gap = np.abs(answer - expected)
    slack = 1e-9 * np.abs(expected) + 1e-12

    def within(k: np.ndarray) -> np.ndarray:
        return gap <= 0.5 * 10.0 ** (-k.astype(float)) * (1 + 1e-6) + slack

    with np.errstate(invalid="ignore", divide="ignore"):
        rounded = places <= _MOST
        kept = rounded & within(np.maximum(places, decimals))
        # a short rounding keeps the first significant digit: 0.6 or 0.57 for 0.566, not 1
        first = np.floor(np.log10(np.abs(expected)))
        short = (rounded & ~kept & (places < decimals) & within(places) & (answer != 0)
                 & (places + first >= 0))
    return kept, short


def rounding(expected: float, answer: float, decimals: int) -> str | None:
    """How ``answer`` stands to ``expected`` under the rounding policy, for ``decimals`` asked.

    ``"kept"``: ``answer`` is ``expected`` rounded to ``decimals`` or more decimals (right);
    ``"short"``: rounded to fewer decimals, still a right answer ("keep N decimals");
    ``None``: neither (an exact answer is judged by :func:`close`, not here).

    >>> rounding(37.63, 38, decimals=0), rounding(0.024, 0.02, decimals=3)
    ('kept', 'short')
    >>> rounding(0.5712, 0.574, decimals=2) is None  # three decimals, and not 0.571
    True
    """
    kept, short = _rounding_masks(np.array([expected]), np.array([answer]), decimals)
    return "kept" if kept[0] else "short" if short[0] else None


# --------------------------------------------------------------------------- sentences


def _full_stop(text: str, chinese: bool) -> str:
    """``text`` ending as a sentence does: a full stop added unless it has one."""
    ends = _ENDS_ZH if chinese else _ENDS_EN
    if text[-1] in ends or text.rstrip(_CLOSING)[-1:] in tuple(ends):
        return text
    if chinese:
        return text + "。"
    return text + "." if re.match(rf"[\w{_HAN})\]]", text[-1]) else text


def join(*parts: str | None) -> str:
    """Feedback sentences run together as the current language writes them.

    English: a space between sentences.  Chinese: nothing between them (never "。 ").
    A sentence that does not end with its full stop gets one (。 in Chinese).  Empty
    parts are left out, and each part is stripped.  Every checker joins with this.

    >>> join("Your number 2 is too high.", "", "That is the gap after it")
    'Your number 2 is too high. That is the gap after it.'
    >>> from crmkit import i18n
    >>> with i18n.using("zh"):
    ...     join("你的数值 2 偏大。", "这是促销之后的差距", None)
    '你的数值 2 偏大。这是促销之后的差距。'
    """
    chinese = i18n.get_language() == "zh"
    texts = [_full_stop(text, chinese) for part in parts
             if part is not None and (text := str(part).strip())]
    return ("" if chinese else " ").join(texts)


def listing(items: Iterable[Any], *, most: int | None = None) -> str:
    """Items as a list in a sentence: ``a, b, c`` in English, ``a、b、c`` in Chinese.

    ``most`` shows only the first few, then ``, …`` (``、…``).

    >>> listing(["C1", "C3"])
    'C1, C3'
    """
    items = list(items)
    shown = [", ".join(map(str, x)) if isinstance(x, tuple) else str(x)
             for x in (items if most is None else items[:most])]
    comma = i18n.say(", ", "、")
    more = comma + "…" if most is not None and len(items) > most else ""
    return comma.join(shown) + more


# --------------------------------------------------------------------------- hints


def graded_hints(*levels: tuple[str, str]) -> list[dict[str, str]]:
    """Hints for ``@exercise(hint=...)``, from a nudge to the method, each ``(en, zh)``.

    Each run of ``ck.hint`` shows the next level (the last one again once all are shown).
    The book's standard is two levels: a nudge (a question, the idea), then the method
    (the steps or the function to call, never the finished code).

    >>> graded_hints(("Rank customers, not orders.", "按客户而不是订单排序。"),
    ...              ("Call ck.top_share(orders, 0.1).", "调用 ck.top_share(orders, 0.1)。"))[0]
    {'en': 'Rank customers, not orders.', 'zh': '按客户而不是订单排序。'}
    """
    if len(levels) < 2 or not all(
            isinstance(level, tuple) and len(level) == 2
            and all(isinstance(text, str) and text.strip() for text in level)
            for level in levels):
        raise CRMDataError(
            f"graded_hints: expected two or more (English, Chinese) pairs, a nudge then the "
            f"method, found {levels!r}. Fix: graded_hints((\"nudge\", \"提示\"), "
            "(\"method\", \"方法\")).",
            zh=f"graded_hints：应给出两个或更多（英文，中文）对，先提示思路，再给方法，"
               f"但收到的是 {levels!r}。修正（Fix）：graded_hints((\"nudge\", \"提示\"), "
               "(\"method\", \"方法\"))。")
    return [{"en": en, "zh": zh} for en, zh in levels]


# --------------------------------------------------------------------------- mistakes

_UNSET: Any = object()


@dataclass(frozen=True)
class Mistake:
    """A mistake students make, what it gives, and the sentence that names it.

    ``Mistake(value, en=..., zh=...)``: the answer the mistake gives (a number, Series,
    DataFrame, list or text).  It matches an answer the exercise's own comparison finds
    equal to ``value`` — with the exercise's ``rtol``, ``atol``, ``keys`` and rounding
    policy, so a student who rounds the wrong number is still told which mistake it is.

    ``Mistake(when=test, example=answer, en=..., zh=...)``: for a mistake no single value
    describes (a wrong shape, a wrong index): ``test(answer) -> bool``, given the answer
    after the exercise's ``prepare``; a test that raises counts as no match.  ``example``
    is an answer that makes the mistake (or a function returning one): the tests feed it.

    The first matching mistake of the list is named, so put the narrower ones first.

    >>> Mistake(1 / 0.75, en="That divides by the retention rate.",
    ...         zh="这是除以保持率。").text("zh")
    '这是除以保持率。'
    """

    answer: Any = _UNSET
    en: str = ""
    zh: str = ""
    when: Callable[[Any], bool] | None = None
    example: Any = _UNSET

    def __post_init__(self) -> None:
        problems = []
        if not (isinstance(self.en, str) and self.en.strip() and isinstance(self.zh, str)
                and self.zh.strip()):
            problems.append(("give the sentence in both languages, en=... and zh=...",
                             "请用 en=... 和 zh=... 给出两种语言的句子"))
        if (self.answer is _UNSET) == (self.when is None):
            problems.append(("give either the answer the mistake gives, or when=a test",
                             "请给出该错误得到的答案，或者 when=判断函数，二者取一"))
        if self.when is not None and self.example is _UNSET:
            problems.append(("a when= mistake needs example=an answer that makes it",
                             "带 when= 的错误需要 example=一个犯了该错误的答案"))
        if problems:
            raise CRMDataError(
                f"Mistake({self.en!r}): {'; '.join(en for en, _ in problems)}. Fix: "
                "Mistake(value, en=\"...\", zh=\"...\") or Mistake(when=test, example=answer, "
                "en=\"...\", zh=\"...\").",
                zh=f"Mistake({self.zh!r})：{'；'.join(zh for _, zh in problems)}。修正（Fix）："
                   "Mistake(value, en=\"...\", zh=\"...\") 或 Mistake(when=test, "
                   "example=answer, en=\"...\", zh=\"...\")。")

    def text(self, language: str | None = None) -> str:
        """The sentence naming the mistake, in ``language`` (default: the current one)."""
        return self.zh if (language or i18n.get_language()) == "zh" else self.en

    def example_answer(self) -> Any:
        """An answer that makes this mistake: ``example`` (called if a function) or the value."""
        if self.when is None:
            return self.answer
        return self.example() if callable(self.example) else self.example

    def matches(self, answer: Any, same: Callable[[Any, Any], bool]) -> bool:
        """Whether ``answer`` makes this mistake; ``same(value, answer)`` is the exercise's
        comparison (the engine passes it)."""
        if self.when is None:
            return same(self.answer, answer)
        try:
            return bool(self.when(answer))
        except Exception:  # noqa: BLE001 - a test that cannot read an answer does not match it
            return False


def resolve(items: Sequence[Any] | Callable[[], Sequence[Any]]) -> list[Any]:
    """A declared list, or the list a declared function returns (computed when asked)."""
    return list(items() if callable(items) else items)
