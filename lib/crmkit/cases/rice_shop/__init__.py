"""Case study 1, Wang Yongqing's rice shop (王永庆卖大米): the case's home.

* :mod:`~crmkit.cases.rice_shop.model` — run-out dates, the delivery and
  collection calendar, the week's visits and the jar levels; its names are
  also here (``rice_shop.run_out_dates``);
* :mod:`~crmkit.cases.rice_shop.plots` — the case's charts;
* :mod:`~crmkit.cases.rice_shop.widget` — the calendar explorer;
* :mod:`~crmkit.cases.rice_shop.exercises` — the checked tasks ``c01.*``.

>>> from crmkit.cases import rice_shop
>>> from crmkit.cases.rice_shop import plots as rice_plots
>>> rice_shop.DAYS_PER_MONTH
30.0
"""

from crmkit.cases.rice_shop.model import (
    DAYS_PER_MONTH,
    delivery_calendar,
    jar_levels,
    run_out_dates,
    visits_this_week,
)

__all__ = ["DAYS_PER_MONTH", "delivery_calendar", "jar_levels", "run_out_dates",
           "visits_this_week"]
