"""Try it: the route explorer of case study 2 (a route, a churn cut, a margin → its story).

A thin ipywidgets layer over :func:`crmkit.cases.dairy.route_report` and
:func:`crmkit.cases.dairy.monthly_flow`: pick a route, see its months (started,
stopped, running), its churn and what cutting that churn by a few points would
be worth.  It answers from code, which is how the tests drive it, and shows its
result as text where no live kernel draws widgets:

>>> from crmkit.cases import dairy
>>> from crmkit.cases.dairy.widget import route_explorer
>>> box = route_explorer(dairy.milk_subscriptions(), route="R03", cut=0.05)
>>> box.report["churn_rate"]
0.2
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from crmkit import validate
from crmkit.cases.dairy import model
from crmkit.cases.dairy.plots import flow_chart
from crmkit.i18n import label
from crmkit.widgets._explorer import Explorer, dropdown, slider

__all__ = ["RouteExplorer", "route_explorer"]


class RouteExplorer(Explorer):
    """A route picker and sliders for the churn cut and the yearly margin.

    Attributes
    ----------
    route, cut, margin:
        The controls; set their ``value`` from code to drive the explorer.
    report:
        The current :func:`crmkit.cases.dairy.route_report` (a dict).
    flow:
        The route's :func:`crmkit.cases.dairy.monthly_flow`, which the chart draws.
    """

    figsize = (7.0, 3.4)

    def __init__(self, subscriptions: pd.DataFrame, routes: list[str], route: str,
                 cut: float, margin: float) -> None:
        self._subs = subscriptions
        self.route = dropdown(label("ui.dairy_route"), routes, route)
        # long sliders: room for the slider beside a long (Chinese or English) label
        self.cut = slider(label("ui.dairy_cut"), cut, 0.0, 0.10, 0.01, fmt=".0%", long=True)
        self.margin = slider(label("ui.dairy_margin"), margin, 0.0, max(300.0, margin), 10.0,
                             fmt=",.0f", long=True)
        self.report: dict[str, Any] = {}
        self.flow = pd.DataFrame()
        self._build([self.route, self.cut, self.margin])

    def compute(self) -> None:
        """The route's report (:func:`~crmkit.cases.dairy.route_report`) and months."""
        route = str(self.route.value)
        churn = model.route_churn(self._subs).set_index("route").loc[route, "churn_rate"]
        cut = min(float(self.cut.value), float(churn) - 0.005)  # never a churn of zero
        self.report = model.route_report(self._subs, route, max(cut, 0.0),
                                         float(self.margin.value))
        self.flow = model.monthly_flow(self._subs, route=route)

    def draw(self, ax: Any) -> None:
        """The route's months: started, stopped, running (:func:`flow_chart`)."""
        flow_chart(self.flow, ax=ax, route=str(self.route.value))

    def summary(self) -> str:
        """The current result as text: the route's year, its churn, the value of a cut."""
        r = self.report
        return "\n".join([
            label("ui.dairy_route_year").format(
                route=r["route"], milkmen=" / ".join(r["milkmen"]),
                at_start=r["at_start"],
                joined=r["joined"], stops=r["all_stops"], net=r["net_change"]),
            label("ui.dairy_route_churn").format(churn=r["churn_rate"], lifetime=r["lifetime"]),
            label("ui.dairy_route_value").format(
                points=100 * r["cut"], after=r["lifetime_after"],
                gain=r["value_gain"], subscribers=r["at_end"], total=r["route_gain"]),
        ])


@validate.checked
def route_explorer(subscriptions: pd.DataFrame, route: str = "R07",
                   cut: float = 0.05, margin: float = model.YEAR_MARGIN) -> RouteExplorer:
    """An explorer of one route: its months, its churn, and the value of cutting it.

    Parameters
    ----------
    subscriptions:
        Subscriptions, e.g. :func:`crmkit.cases.dairy.milk_subscriptions`.
    route:
        The route shown first (a dropdown offers every route).
    cut:
        Starting cut in the churn rate, as a fraction (0.05 = 5 points; slider
        0 to 10 points; never more than the route's own churn).
    margin:
        Starting margin per subscriber a year, in yuan (slider 0 to 300).

    Raises
    ------
    CRMDataError
        Bad subscriptions (as :func:`crmkit.cases.dairy.route_churn`), a route
        not in them, a cut that is not a fraction up to 0.10, a negative margin.
    """
    table = model.route_churn(subscriptions)  # validates the table once, with a clear message
    routes = [r for r in table["route"].astype(str) if r != "all"]
    validate.one_of(route, routes, "route")
    share = validate.number(cut, "cut", low=0, high=0.10)
    per_year = validate.number(margin, "margin", low=0, high=1e6)
    return RouteExplorer(subscriptions, routes, str(route), float(share), float(per_year))
