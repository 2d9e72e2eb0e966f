"""Try it: change a household's size or appetite and watch its rice calendar move (case 1).

:func:`rice_calendar_explorer` shows one household of Wang Yongqing's notebook:
pick a household, move the sliders for the people at home, the rice each eats a
month and the size of the jar, and the run-out date, the deliveries and the
paydays redraw.  It is a thin layer over :mod:`crmkit.cases.rice_shop`: every number
it shows comes from :func:`~crmkit.cases.rice_shop.run_out_dates`,
:func:`~crmkit.cases.rice_shop.delivery_calendar` and
:func:`~crmkit.cases.rice_shop.jar_levels`.

The explorer also answers from code (this is how the tests drive it):

>>> import crmkit as ck
>>> from crmkit.cases.rice_shop.widget import rice_calendar_explorer
>>> explorer = rice_calendar_explorer(ck.load_rice_households(), household_id="H01",
...                                   start="1933-03-01")
>>> before = explorer.run_out.loc[0, "run_out_date"]
>>> explorer.members.value += 2            # two more mouths to feed ...
>>> explorer.run_out.loc[0, "run_out_date"] < before   # ... the rice runs out sooner
True
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from crmkit import validate
from crmkit.cases.rice_shop import model
from crmkit.cases.rice_shop.plots import jar_level_chart
from crmkit.errors import CRMDataError
from crmkit.i18n import label, say
from crmkit.widgets._explorer import Explorer, dropdown, slider

__all__ = ["RiceCalendarExplorer", "rice_calendar_explorer"]

_ID, _NAME, _MEMBERS, _KG, _JAR = (
    "household_id", "head_name", "members", "kg_per_person_month", "jar_kg")


class RiceCalendarExplorer(Explorer):
    """The widget :func:`rice_calendar_explorer` returns.

    Attributes
    ----------
    household, members, kg_per_person, jar:
        The controls (a drop-down and three sliders); set their ``value`` from
        code to drive the explorer.
    run_out, calendar, levels, visits:
        The current results: the household's row of
        :func:`~crmkit.cases.rice_shop.run_out_dates`, its deliveries from
        :func:`~crmkit.cases.rice_shop.delivery_calendar`, its day-by-day
        :func:`~crmkit.cases.rice_shop.jar_levels` and its visits (deliveries and
        collections) from :func:`~crmkit.cases.rice_shop.visits_this_week` over the
        whole plan (empty frames while ``error`` is set).
    error:
        The message when the settings allow no schedule (e.g. a jar that lasts
        less than ``lead_days``), else ``None``.
    """

    figsize = (7.0, 3.2)

    def __init__(self, households: pd.DataFrame, household_id: Any, start: pd.Timestamp,
                 days: int, lead_days: int) -> None:
        self._households = households.reset_index(drop=True)
        self._start, self._days, self._lead = start, days, lead_days
        ids = self._households[_ID].astype(str)
        names = (ids + " " + self._households[_NAME].astype(str)
                 if _NAME in self._households else ids)
        self.household = dropdown(label("ui.rice_household"),
                                  list(zip(names, ids, strict=True)), str(household_id))
        row = self._row().iloc[0]  # the sliders start at the notebook's values
        self.members = slider(label("members"), int(row[_MEMBERS]), 1, 15, 1, integer=True)
        self.kg_per_person = slider(label("kg_per_person_month"), float(row[_KG]), 3.0, 25.0,
                                    0.5)
        self.jar = slider(label("jar_kg"), float(row[_JAR]), 10.0, 100.0, 5.0)
        self.run_out = self.calendar = self.levels = self.visits = pd.DataFrame()
        self._build([self.members, self.kg_per_person, self.jar],
                    layout=[self.household, self.members, self.kg_per_person, self.jar])
        self.household.observe(lambda _: self._load_household(), names="value")

    # -- state ---------------------------------------------------------------------
    def _row(self) -> pd.DataFrame:
        return self._households[self._households[_ID].astype(str) == self.household.value]

    def _load_household(self) -> None:
        """Put the notebook's values of the chosen household on the sliders, then redraw."""
        row = self._row().iloc[0]
        with self.holding():
            self.members.value = int(row[_MEMBERS])
            self.kg_per_person.value = float(row[_KG])
            self.jar.value = float(row[_JAR])

    def household_frame(self) -> pd.DataFrame:
        """The chosen household as a one-row frame, with the sliders' values."""
        one = self._row().reset_index(drop=True)
        return one.assign(**{_MEMBERS: int(self.members.value),
                             _KG: float(self.kg_per_person.value),
                             _JAR: float(self.jar.value)})

    def compute(self) -> None:
        """The run-out date, the calendar, the jar levels and the visits for the controls."""
        one = self.household_frame()
        try:
            self.run_out = model.run_out_dates(one, as_of=self._start)
            self.calendar = model.delivery_calendar(one, start=self._start,
                                                    days=self._days, lead_days=self._lead)
            self.levels = model.jar_levels(one, start=self._start, days=self._days,
                                           lead_days=self._lead)
            self.visits = model.visits_this_week(one, as_of=self._start, days=self._days,
                                                 lead_days=self._lead)
            self.error = None
        except CRMDataError as err:
            self.run_out = self.calendar = self.levels = self.visits = pd.DataFrame()
            self.error = str(err)

    # -- output --------------------------------------------------------------------
    def summary(self) -> str:
        """The current result as text: run-out date, deliveries and collections."""
        if self.error is not None:
            return self.error
        r = self.run_out.iloc[0]
        who = f"{r[_ID]} {r[_NAME]}" if _NAME in self.run_out else str(r[_ID])
        lines = [label("ui.rice_summary").format(
            household=who, members=int(r[_MEMBERS]), kg=float(self.kg_per_person.value),
            monthly=r["monthly_kg"], daily=r["daily_kg"], jar=float(self.jar.value),
            days=r["days_of_rice"])]
        days_left = int(r["days_left"])
        lines.append(label("ui.rice_runs_out" if days_left >= 0 else "ui.rice_ran_out").format(
            last=r["last_delivery"].date(), run_out=r["run_out_date"].date(),
            days_left=days_left, days_ago=-days_left, today=self._start.date()))
        deliveries = say(", ", "、").join(
            label("ui.rice_delivery_item").format(day=day, kg=kg)
            for day, kg in zip(self.calendar["delivery_date"], self.calendar["deliver_kg"],
                               strict=True)) or label("ui.rice_none")
        lines.append(label("ui.rice_plan").format(days=self._days, n=len(self.calendar),
                                                  deliveries=deliveries))
        collections = self.visits.loc[self.visits["collect"], "visit_date"]
        lines.append(label("ui.rice_collect").format(
            payday=int(self._row().iloc[0]["payday"]),
            collections=say(", ", "、").join(
                collections.map(label("ui.rice_collection_item").format)) or label("ui.rice_none")))
        return "\n".join(lines)

    def draw(self, ax: Any) -> None:
        """The jar's level day by day (:func:`~crmkit.cases.rice_shop.jar_level_chart`)."""
        jar_level_chart(self.levels, ax=ax, today=self._start)


@validate.checked
def rice_calendar_explorer(households: pd.DataFrame, household_id: str | None = None,
                           start: Any = None, days: int = 31,
                           lead_days: int = 2) -> RiceCalendarExplorer:
    """An explorer of one household's rice calendar: sliders move the run-out date.

    Parameters
    ----------
    households:
        Wang Yongqing's notebook, e.g. ``ck.load_rice_households()`` (the columns
        of the sample data: household_id, head_name, members,
        kg_per_person_month, jar_kg, last_delivery, payday).
    household_id:
        The household shown first (default: the first row).
    start, days, lead_days:
        The plan, as in :func:`crmkit.cases.rice_shop.delivery_calendar` (``start``
        defaults to the day after the latest recorded delivery).

    Returns
    -------
    RiceCalendarExplorer
        An ipywidgets box: a household drop-down, sliders for the people at
        home, kg per person per month and the jar size, the result as text
        (:meth:`~RiceCalendarExplorer.summary`) and the jar-level chart.

    Raises
    ------
    CRMDataError
        For a frame :func:`crmkit.cases.rice_shop.run_out_dates` would refuse, a
        ``start`` before a recorded delivery, or a ``household_id`` that is not
        in the frame.  Settings that allow no schedule (a jar that lasts no more
        than ``lead_days``) do not raise: the explorer shows the message.
    """
    checked = model._households(households, model.COLUMNS)  # validates, naming this function
    n_days, lead = model._window(days, lead_days)
    first_day = model._start(start, checked, "start")
    ids = households[_ID].astype(str)
    chosen = ids.iloc[0] if household_id is None else str(household_id)
    if chosen not in set(ids):
        raise CRMDataError(
            f"household_id={household_id!r} is not in the frame; it has "
            f"{', '.join(ids.iloc[:5])}{' ...' if len(ids) > 5 else ''}. "
            "Fix: pass one of those ids.",
            zh=f"household_id={household_id!r} 不在数据框中；其中有 "
               f"{'、'.join(ids.iloc[:5])}{' ……' if len(ids) > 5 else ''}。"
               "修正（Fix）：传入其中一个编号。"
        )
    return RiceCalendarExplorer(households, chosen, first_day, n_days, lead)
