"""Case study 2, Chengdu Hailang Dairy (成都海浪乳业): the case's home.

* :mod:`~crmkit.cases.dairy.model` — the synthetic subscriptions of twelve milk
  routes, churn by route, what the net figures hid, what a milkman's leaving
  did, the monthly bills; its names are also here (``dairy.route_churn``);
* :mod:`~crmkit.cases.dairy.plots` — the case's charts;
* :mod:`~crmkit.cases.dairy.widget` — the route explorer;
* :mod:`~crmkit.cases.dairy.exercises` — the checked tasks ``c02.*``.

>>> from crmkit.cases import dairy
>>> dairy.BOTTLES_A_DAY
100000
"""

from crmkit.cases.dairy.model import (
    BOTTLES_A_DAY,
    COMMISSION_SHARE,
    END,
    LEAVER,
    LEFT_ON,
    PRODUCTS,
    ROUTE_CHURN,
    SEED,
    START,
    SUCCESSOR,
    YEAR_MARGIN,
    active_on,
    after_departure,
    departure_curve,
    milk_subscriptions,
    monthly_bills,
    monthly_flow,
    route_churn,
    route_report,
)

__all__ = ["BOTTLES_A_DAY", "COMMISSION_SHARE", "END", "LEAVER", "LEFT_ON", "PRODUCTS",
           "ROUTE_CHURN", "SEED", "START", "SUCCESSOR", "YEAR_MARGIN", "active_on",
           "after_departure", "departure_curve", "milk_subscriptions", "monthly_bills",
           "monthly_flow", "route_churn", "route_report"]
