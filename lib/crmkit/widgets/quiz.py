"""The self-check quiz as a form: questions, a Check button, feedback and a score.

:func:`quiz_form` is what a notebook shows for a bare ``ck.quiz("04")``.  It is a
thin layer over :class:`crmkit.quizbank.Quiz`, which loads, validates and marks
the bank (the tests answer it from code); the form only reads the ticks, records
them with ``quiz.answer`` and shows ``quiz.feedback`` and ``quiz.score``.

>>> import crmkit as ck
>>> box = ck.quiz("00").widget()        # doctest: +SKIP
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from crmkit import i18n

__all__ = ["quiz_form"]


def quiz_form(quiz: Any) -> w.VBox:
    """Build the form of ``quiz`` (a :class:`crmkit.quizbank.Quiz`) in the current language.

    The form uses only the quiz's public methods (``questions``, ``question``,
    ``response``, ``answer``, ``forget``, ``feedback``, ``score``), so this module
    does not import the bank model, which loads the form when a quiz is shown.

    The returned ``ipywidgets.VBox`` also carries ``check_button``,
    ``score_label``, ``inputs`` (question id -> input widget) and
    ``feedback_labels`` (question id -> HTML widget), so code can fill it in
    and press the button (``box.check_button.click()``).
    """
    language = i18n.get_language()
    heading = f"{i18n.label('ui.quiz_title')} · {quiz.chapter}"
    if quiz.title:
        heading += f" · {quiz.title[language]}"
    rows: list[Any] = [w.HTML(f"<h3>{html.escape(heading)}</h3>")]
    inputs: dict[str, Any] = {}
    readers: dict[str, Callable[[], Any]] = {}
    feedback_labels: dict[str, w.HTML] = {}
    for number, qid in enumerate(quiz.questions, start=1):
        question = quiz.question(qid)
        text = html.escape(question.text[language])
        if question.kind == "multiple":
            text += f" <i>({html.escape(i18n.label('ui.quiz_select_all'))})</i>"
        rows.append(w.HTML(f"<b>{number}.</b> {text}"))
        control, reader = _input(question, quiz.response(qid), language)
        inputs[qid], readers[qid] = control, reader
        feedback_labels[qid] = w.HTML("")
        rows.extend([control, feedback_labels[qid]])
    button = w.Button(description=i18n.label("ui.check"), button_style="primary", icon="check")
    score_label = w.HTML(_score_html(quiz))

    def on_check(_button: Any = None) -> None:
        for qid, read in readers.items():
            response = read()
            if response is None:
                quiz.forget(qid)
            else:
                quiz.answer(qid, response)
            feedback_labels[qid].value = quiz.feedback(qid)._repr_html_()
        score_label.value = _score_html(quiz)

    button.on_click(on_check)
    rows.append(w.HBox([button, score_label]))
    box = w.VBox(rows)
    box.check_button = button
    box.score_label = score_label
    box.inputs = inputs
    box.feedback_labels = feedback_labels
    return box


def _input(question: Any, given: Any, language: str) -> tuple[Any, Callable[[], Any]]:
    """The input widget of one question (pre-filled with ``given``) and how to read it."""
    layout = w.Layout(width="auto")
    if question.kind == "multiple":
        boxes = {key: w.Checkbox(value=bool(given) and key in given, indent=False,
                                 description=f"{key}) {choice[language]}", layout=layout,
                                 style={"description_width": "initial"})
                 for key, choice in question.choices.items()}

        def read_multiple() -> list[str] | None:
            ticked = [key for key, box in boxes.items() if box.value]
            return ticked or None

        return w.VBox(list(boxes.values())), read_multiple
    if question.kind == "truefalse":
        options = [(i18n.label("ui.true"), True), (i18n.label("ui.false"), False)]
    else:
        options = [(f"{key}) {choice[language]}", key) for key, choice in question.choices.items()]
    radio = w.RadioButtons(options=options, value=given, layout=layout)
    return radio, lambda: radio.value


def _score_html(quiz: Any) -> str:
    return f"<b>{html.escape(i18n.label('ui.quiz_score'))}: {quiz.score()}</b>"
