"""Case study 4, Firing customers (舍弃客户: Sprint Nextel, TXU, Citibank): the case's home.

* :mod:`~crmkit.cases.firing.model` — the synthetic subscribers of Xingyun
  Mobile, their margins after the cost of serving them, the firing plan and the
  fix-or-fire remedies; its names are also here (``firing.service_margins``);
* :mod:`~crmkit.cases.firing.plots` — the case's charts;
* :mod:`~crmkit.cases.firing.widget` — the firing explorer;
* :mod:`~crmkit.cases.firing.exercises` — the checked tasks ``c04.*``.

>>> from crmkit.cases import firing
>>> firing.COST_PER_CALL
15.0
"""

from crmkit.cases.firing.model import (
    CALL_ALLOWANCE,
    COST_PER_CALL,
    NETWORK_COST_SHARE,
    OPTIONS,
    PLANS,
    REMEDIES,
    SEED,
    firing_plan,
    options,
    remedies,
    service_margins,
    subscribers,
)

__all__ = ["CALL_ALLOWANCE", "COST_PER_CALL", "NETWORK_COST_SHARE", "OPTIONS", "PLANS", "REMEDIES",
           "SEED", "firing_plan", "options", "remedies", "service_margins", "subscribers"]
