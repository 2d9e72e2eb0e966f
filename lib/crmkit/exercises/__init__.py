"""Exercises with instant feedback: ``ck.check("00.total_revenue", answer)``.

Every exercise in the workbook has an id ``"CC.name"`` (chapter, dot, name).
In a notebook you

* write your answer in the answer cell,
* run ``ck.check("CC.name", answer)``: it prints ✅ when the answer is right,
  or ❌ and what differs (wrong columns, wrong values in N rows, the wrong type…),
* run ``ck.hint("CC.name")`` if you are stuck,
* open the solution cell below the exercise (tagged ``solution``) after trying.

Messages follow ``ck.set_language``.  ``registered()`` lists the ids;
``solution(id)`` returns the expected answer (the test suite uses it to try
every checker with a right and a wrong answer); while the instructor's grader
runs a notebook it refuses, so graded work cannot copy it.  How answers are compared and
how a chapter adds its exercises: see :mod:`crmkit.exercises.engine`; the toolkit every
checker uses (reading numbers, the rounding policy, Chinese punctuation, graded hints,
predicted mistakes), with a worked example: :mod:`crmkit.exercises.toolkit`.

>>> import crmkit.exercises as ex
>>> ex.registered("00")
['00.big_orders', '00.order_count', '00.total_revenue']
"""

from crmkit.exercises.engine import (
    CheckResult,
    Exercise,
    check,
    difference,
    exercise,
    hint,
    plain_text,
    registered,
    solution,
)
from crmkit.exercises.toolkit import (
    ATOL,
    KINDS,
    RTOL,
    Mistake,
    close,
    graded_hints,
    join,
    listing,
    number,
    rounding,
)

__all__ = [
    "ATOL",
    "KINDS",
    "RTOL",
    "CheckResult",
    "Exercise",
    "Mistake",
    "check",
    "close",
    "difference",
    "exercise",
    "graded_hints",
    "hint",
    "join",
    "listing",
    "number",
    "plain_text",
    "registered",
    "rounding",
    "solution",
]
