"""What the chapter contract draws: one example call for every chart and every explorer.

tests/test_chapter_contract.py draws every chart of a written chapter's plots modules (and
a case's ``plots.py``) and builds every explorer of its widgets modules (a case's
``widget.py``) in English and in Chinese.  Each needs inputs, so each has one line here,
keyed by its module and name: a function that returns the chart's ``Axes`` or the
explorer.  A chart or explorer without a line fails the contract, naming this file.

The inputs are the sample data and the analytics' results, computed once per test process
(``functools.cache``) and shared by every example; the analytics return codes, never
translated text, so the same frames serve both languages.  Keep examples small: the point
is that the chart draws and labels itself in the current language, not its numbers (each
topic's own tests check those).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import pandas as pd

import crmkit as ck
import crmkit.plots as plots
import crmkit.widgets as widgets
from crmkit.cases import dairy, firing, rice_shop
from crmkit.cases.dairy import plots as dairy_plots
from crmkit.cases.dairy import widget as dairy_widget
from crmkit.cases.firing import plots as firing_plots
from crmkit.cases.firing import widget as firing_widget
from crmkit.cases.rice_shop import plots as rice_plots
from crmkit.cases.rice_shop import widget as rice_widget

TODAY = "1933-03-01"  # "today" in the rice-shop case


@cache
def orders() -> pd.DataFrame:
    return ck.load_transactions()


@cache
def customers() -> pd.DataFrame:
    return ck.load_customers()


@cache
def leads() -> pd.DataFrame:
    return ck.lead_score(ck.load_leads())


@cache
def ladder() -> pd.DataFrame:
    return ck.ladder_funnel({"suspect": 10_000, "qualified_prospect": 2_000,
                             "first_time_buyer": 1_000, "repeat_buyer": 400,
                             "loyal_customer": 100, "member": 60, "advocate": 15})


@cache
def costs() -> pd.DataFrame:
    return ck.cost_to_serve(orders(), ck.load_service_contacts())


@cache
def scores() -> pd.DataFrame:
    return ck.rfm_scores(orders(), as_of="2026-01-01")


@cache
def funnel() -> pd.DataFrame:
    return ck.acquisition_funnel(ck.load_acquisition(), customers=customers(),
                                 transactions=orders())


@cache
def payback() -> pd.DataFrame:
    return ck.payback_curve(orders(), customers(), months=12)


BUDGET = {"cost": {"app": 50.0, "social": 25.0}, "repeat_rate": {"app": 0.5, "social": 0.2},
          "curve": pd.DataFrame({1: [40.0, 20.0], 2: [70.0, 30.0]}, index=["app", "social"])}


@cache
def bgnbd() -> Any:
    """BG/NBD fitted on the CDNOW sample (2,357 customers: quicker than Xinghe Mart's)."""
    return ck.fit_bgnbd(ck.clv_summary(ck.load_cdnow(), "1997-09-30", amount="amount"))


@cache
def survey() -> pd.DataFrame:
    return ck.load_survey()


@cache
def by_channel() -> pd.DataFrame:
    return survey().merge(customers()[["customer_id", "channel"]], on="customer_id")


@cache
def households() -> pd.DataFrame:
    return ck.load_rice_households()


@cache
def milk() -> pd.DataFrame:
    return dairy.milk_subscriptions()


@cache
def phones() -> pd.DataFrame:
    return firing.subscribers()


P = "crmkit.plots"
#: "module.chart" -> draws it, returning the Axes
CHARTS: dict[str, Callable[[], Any]] = {
    f"{P}.ladder.ladder_funnel": lambda: plots.ladder.ladder_funnel(ladder()),
    f"{P}.ladder.what_if_chart": lambda: plots.ladder.what_if_chart(
        ck.ladder_what_if(ladder(), lift="loyal_customer")),
    f"{P}.identify.data_quality_chart": lambda: plots.identify.data_quality_chart(
        ck.data_quality_report(ck.load_customers_raw().drop(columns=["record_id", "source"]))),
    f"{P}.identify.lead_band_chart": lambda: plots.identify.lead_band_chart(leads()),
    f"{P}.identify.lead_threshold_chart": lambda: plots.identify.lead_threshold_chart(
        ck.lead_threshold_table(leads()), threshold=70),
    f"{P}.select.pareto_chart": lambda: plots.select.pareto_chart(
        ck.pareto_curve(orders())),
    f"{P}.select.abc_chart": lambda: plots.select.abc_chart(
        ck.abc_summary(ck.abc_classes(orders()))),
    f"{P}.select.pyramid_chart": lambda: plots.select.pyramid_chart(
        ck.pyramid_summary(ck.pyramid_tiers(orders()))),
    f"{P}.select.value_matrix_chart": lambda: plots.select.value_matrix_chart(
        ck.value_matrix(orders(), as_of="2025-12-31")),
    f"{P}.select.cost_to_serve_chart": lambda: plots.select.cost_to_serve_chart(
        costs()),
    f"{P}.select.cost_waterfall": lambda: plots.select.cost_waterfall(
        costs()[costs()["unprofitable"]]),
    f"{P}.select.profit_decile_chart": lambda: plots.select.profit_decile_chart(
        ck.profit_deciles(costs())),
    f"{P}.value.rfm_heatmap": lambda: plots.value.rfm_heatmap(scores()),
    f"{P}.value.segment_bars": lambda: plots.value.segment_bars(
        ck.rfm_segment_summary(scores())),
    f"{P}.value.clv_curve": lambda: plots.value.clv_curve(
        ck.value.clv_table(600, 0.8, 0.1, periods=10)),
    f"{P}.value.accumulation_chart": lambda: plots.value.accumulation_chart(
        ck.accumulation_table()),
    f"{P}.acquisition.funnel_chart": lambda: plots.acquisition.funnel_chart(
        funnel()),
    f"{P}.acquisition.cost_chart": lambda: plots.acquisition.cost_chart(funnel()),
    f"{P}.acquisition.payback_chart": lambda: plots.acquisition.payback_chart(
        payback(), funnel()["cost_per_customer"]),
    f"{P}.acquisition.promotion_chart": lambda: plots.acquisition.promotion_chart(
        ck.promotion_effect(orders(), "2025-06", window=3)),
    f"{P}.acquisition.budget_chart": lambda: plots.acquisition.budget_chart(
        ck.budget_plan({"app": 1000, "social": 500}, BUDGET["cost"], BUDGET["repeat_rate"],
                       BUDGET["curve"])),
    f"{P}.retention.cohort_heatmap": lambda: plots.retention.cohort_heatmap(
        ck.cohort_table(orders(), periods=12)),
    f"{P}.retention.retention_curves": lambda: plots.retention.retention_curves(
        ck.retention_curve(orders(), periods=12)),
    f"{P}.retention.churn_rule_chart": lambda: plots.retention.churn_rule_chart(
        ck.churn_rule_backtest(orders(), as_of="2025-06-30", rules=(30, 90, 180))),
    f"{P}.retention.tie_chart": lambda: plots.retention.tie_chart(
        ck.retention_by_tie_count(pd.DataFrame({
            "is_member": [True, True, True, False, False, False],
            "marketing_consent": [True, False, True, False, True, False],
            "kept": [True, True, False, True, False, False]}))),
    f"{P}.retention.programme_chart": lambda: plots.retention.programme_chart(
        ck.programme_curve(0.6, 300, cost=30, gain=0.08)),
    f"{P}.alive.p_alive_chart": lambda: plots.alive.p_alive_chart(
        bgnbd().p_alive_curve((1, 5, 20), T=52)),
    f"{P}.alive.tracking_chart": lambda: plots.alive.tracking_chart(
        bgnbd().tracking(ck.load_cdnow(), "1997-09-30", "1998-06-30")),
    f"{P}.satisfaction.score_distribution": lambda: plots.satisfaction.score_distribution(
        ck.score_distribution(survey()), score="satisfaction"),
    f"{P}.satisfaction.nps_bar": lambda: plots.satisfaction.nps_bar(
        ck.nps(by_channel(), by="channel")),
    f"{P}.satisfaction.interval_chart": lambda: plots.satisfaction.interval_chart(
        ck.top_box_table(by_channel(), by="channel"), measure="share"),
    f"{P}.satisfaction.importance_performance_grid":
        lambda: plots.satisfaction.importance_performance_grid(
            ck.importance_performance(survey())),
    f"{P}.satisfaction.satisfaction_curve": lambda: plots.satisfaction.satisfaction_curve(
        ck.satisfaction_curve(survey(), orders(), 180)),
    "crmkit.cases.rice_shop.plots.days_left_chart": lambda: rice_plots.days_left_chart(
        rice_shop.run_out_dates(households(), as_of=TODAY), lead_days=2),
    "crmkit.cases.rice_shop.plots.calendar_chart": lambda: rice_plots.calendar_chart(
        rice_shop.delivery_calendar(households(), start=TODAY, days=31), today=TODAY),
    "crmkit.cases.rice_shop.plots.jar_level_chart": lambda: rice_plots.jar_level_chart(
        rice_shop.jar_levels(households().iloc[[1]], TODAY)),
    "crmkit.cases.dairy.plots.route_churn_chart": lambda: dairy_plots.route_churn_chart(
        dairy.route_churn(milk(), year=2001)),
    "crmkit.cases.dairy.plots.flow_chart": lambda: dairy_plots.flow_chart(
        dairy.monthly_flow(milk())),
    "crmkit.cases.dairy.plots.departure_chart": lambda: dairy_plots.departure_chart(
        dairy.departure_curve(milk()), milkman="M07"),
    "crmkit.cases.firing.plots.margin_chart": lambda: firing_plots.margin_chart(
        firing.service_margins(phones())),
    "crmkit.cases.firing.plots.options_chart": lambda: firing_plots.options_chart(
        firing.options(phones())),
}

W = "crmkit.widgets"
#: "module.explorer" -> builds it
EXPLORERS: dict[str, Callable[[], Any]] = {
    f"{W}.ladder.ladder_explorer": lambda: widgets.ladder.ladder_explorer(
        ladder(), lift="loyal_customer"),
    f"{W}.identify.lead_score_explorer": lambda: widgets.identify.lead_score_explorer(
        ck.load_leads(), threshold=70),
    f"{W}.select.tier_explorer": lambda: widgets.select.tier_explorer(orders()),
    f"{W}.select.matrix_explorer": lambda: widgets.select.matrix_explorer(
        ck.value_matrix(orders(), as_of="2025-12-31"), current_threshold=1000,
        potential_threshold=1000),
    f"{W}.value.clv_explorer": lambda: widgets.value.clv_explorer(),
    f"{W}.value.accumulation_explorer": lambda: widgets.value.accumulation_explorer(),
    f"{W}.acquisition.budget_explorer": lambda: widgets.acquisition.budget_explorer(
        {"app": 1000, "social": 1000}, **BUDGET),
    f"{W}.retention.programme_explorer": lambda: widgets.retention.programme_explorer(),
    f"{W}.alive.p_alive_explorer": lambda: widgets.alive.p_alive_explorer(
        bgnbd(), T=39, frequency=2, since=8),
    f"{W}.satisfaction.satisfaction_explorer":
        lambda: widgets.satisfaction.satisfaction_explorer(survey()),
    "crmkit.cases.rice_shop.widget.rice_calendar_explorer":
        lambda: rice_widget.rice_calendar_explorer(households(), household_id="H11",
                                                   start=TODAY, days=31),
    "crmkit.cases.dairy.widget.route_explorer": lambda: dairy_widget.route_explorer(
        milk(), route="R07"),
    "crmkit.cases.firing.widget.firing_explorer": lambda: firing_widget.firing_explorer(phones()),
}
