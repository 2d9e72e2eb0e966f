"""Customer satisfaction (客户满意): survey scores, top box, NPS, importance–performance.

Chapter 07 reads the sample survey: how the scores spread, what share gives
the top mark, the Net Promoter Score, which service attributes matter and
perform (the importance–performance grid), and whether satisfied customers
really come back (the satisfaction–repurchase curve; Xerox found that "very
satisfied" customers were six times as likely to buy again as merely
"satisfied" ones).

Scores are whole numbers on a scale: 1–5 for ``satisfaction``,
``repurchase_intent`` and the ``importance_*`` / ``performance_*`` attributes,
0–10 for ``recommend``.  Pass ``scale=(low, high)`` for other columns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from crmkit import _customers, _scores, validate
from crmkit.datasets import ATTRIBUTES  # the attributes rated in the sample survey
from crmkit.errors import CRMDataError

__all__ = [
    "ATTRIBUTES",
    "CURVE_COLUMNS",
    "QUADRANTS",
    "importance_performance",
    "nps",
    "satisfaction_curve",
    "score_distribution",
    "score_summary",
    "top_box",
]

#: Quadrants of the importance–performance grid (Martilla & James, 1977).
QUADRANTS = ("concentrate_here", "keep_up_the_good_work", "low_priority", "possible_overkill")

def _survey(survey: Any) -> pd.DataFrame:
    return validate.frame(survey, what="survey")


@validate.checked
def score_distribution(survey: pd.DataFrame, score: str = "satisfaction", *,
                       scale: tuple[int, int] | None = None) -> pd.DataFrame:
    """How the answers spread over the scale: count and share of each score.

    Every point of the scale is listed, also those nobody chose (count 0).

    Returns
    -------
    DataFrame
        Index ``score`` (low to high); ``count``, ``share`` (0–1, adds up to 1)
        and ``cumulative_share`` (share giving this score or lower).

    Raises
    ------
    CRMDataError
        A missing column, an empty frame, text, gaps, fractions or scores
        outside the scale (naming the rows).

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> survey = pd.DataFrame({"satisfaction": [5, 4, 4, 2]})
    >>> ck.score_distribution(survey)["count"].tolist()
    [0, 1, 0, 2, 1]
    """
    _survey(survey)
    low, high = _scores.scale_of(score, scale)
    values = _scores.checked(survey, score, (low, high))
    counts = np.bincount(values.to_numpy() - low, minlength=high - low + 1)
    share = counts / counts.sum()
    return pd.DataFrame(
        {"count": counts, "share": share, "cumulative_share": np.minimum(np.cumsum(share), 1.0)},
        index=pd.RangeIndex(low, high + 1, name="score"),
    )


@validate.checked
def score_summary(survey: pd.DataFrame, score: str | Sequence[str] = "satisfaction", *,
                  scale: tuple[int, int] | None = None) -> pd.DataFrame:
    """Summary statistics of one or more score columns: n, mean, median, spread, top box.

    Use :func:`score_distribution` for the count of each score.

    Parameters
    ----------
    score:
        A column name or a list of them, e.g.
        ``["satisfaction", "recommend", "repurchase_intent"]``.
    scale:
        ``(low, high)`` for every listed column; default 0–10 for ``recommend``
        and 1–5 otherwise.

    Returns
    -------
    DataFrame
        One row per column (index ``score``): ``n``, ``mean``, ``median``,
        ``std``, ``scale_low``, ``scale_high``, ``top_box`` (share giving the
        highest score) and ``bottom_box`` (share giving the lowest).

    Raises
    ------
    CRMDataError
        As :func:`score_distribution`.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> survey = pd.DataFrame({"satisfaction": [5, 4, 4, 2]})
    >>> ck.score_summary(survey).loc["satisfaction", ["n", "mean", "median", "top_box"]].tolist()
    [4.0, 3.75, 4.0, 0.25]
    """
    _survey(survey)
    names = validate.column_names(score, "score")
    rows = {}
    for name in names:
        low, high = _scores.scale_of(name, scale)
        values = _scores.checked(survey, name, (low, high))
        rows[name] = {"n": len(values), "mean": values.mean(), "median": values.median(),
                      "std": values.std(), "scale_low": low, "scale_high": high,
                      "top_box": (values == high).mean(), "bottom_box": (values == low).mean()}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "score"
    return table


@validate.checked
def top_box(survey: pd.DataFrame, score: str = "satisfaction", *, top: int = 1,
            threshold: int | None = None, scale: tuple[int, int] | None = None) -> float:
    """Share of respondents giving the top score(s): the "top-box" share (0–1).

    ``top=1`` counts only the highest point of the scale (the 5s on 1–5),
    ``top=2`` the two highest ("top-two box", 4s and 5s).  ``threshold`` instead
    counts every score at or above it (``threshold=9`` on the 0–10 scale
    gives the promoter share).

    Raises
    ------
    CRMDataError
        As :func:`score_distribution`, plus a ``top`` larger than the scale or
        a ``threshold`` outside it.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> survey = pd.DataFrame({"satisfaction": [5, 4, 4, 2]})
    >>> ck.top_box(survey), ck.top_box(survey, top=2)
    (0.25, 0.75)
    """
    _survey(survey)
    low, high = _scores.scale_of(score, scale)
    if threshold is None:
        top = validate.number(top, "top", low=1, high=high - low + 1, integer=True)
        threshold = high - top + 1
    else:
        threshold = validate.number(threshold, "threshold", low=low, high=high,
                                    integer=True)
    values = _scores.checked(survey, score, (low, high))
    return float((values >= threshold).mean())


@validate.checked
def nps(survey: pd.DataFrame, score: str = "recommend", *, by: str | None = None) -> Any:
    """Net Promoter Score (净推荐值): % promoters − % detractors, from −100 to 100.

    Respondents answer "How likely are you to recommend us to a friend?"
    from 0 to 10.  Promoters answer 9–10, passives 7–8, detractors 0–6.
    NPS = 100 × (promoters − detractors) / respondents.  (The NPS is a common
    industry measure, Reichheld 2003; it is not in the course seeds.)

    Parameters
    ----------
    score:
        The 0–10 column (default ``"recommend"``).
    by:
        Optional column to compute the score per group (e.g. a segment).

    Returns
    -------
    Series (or DataFrame with one row per group when ``by`` is given)
        ``respondents``, ``promoters``, ``passives``, ``detractors``,
        ``promoter_share``, ``passive_share``, ``detractor_share``, ``nps``.

    Raises
    ------
    CRMDataError
        A missing column, an empty frame, or any answer that is not a whole
        number from 0 to 10 (naming the rows); missing group labels.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> survey = pd.DataFrame({"recommend": [10, 9, 9, 10, 9, 8, 7, 8, 3, 6]})
    >>> float(ck.nps(survey)["nps"])
    30.0
    """
    _survey(survey)
    values = _scores.checked(survey, score, (0, 10))
    kind = pd.DataFrame({
        "promoters": (values >= 9).astype(np.int64),
        "passives": values.between(7, 8).astype(np.int64),
        "detractors": (values <= 6).astype(np.int64),
    })
    if by is None:
        counts = kind.sum().to_frame().T
        counts.index = ["all"]
    else:
        validate.columns(survey, {"by": by})
        groups = survey[by]
        if groups.isna().any():
            bad = groups[groups.isna()]
            raise CRMDataError(f"column '{by}' has missing group labels "
                               f"({validate.show_rows(bad.index)}). Fix: fill or drop them.",
                               zh=f"列 '{by}' 中有缺失的分组标签（{validate.rows_zh(bad.index)}）。"
                                  "修正（Fix）：补齐或删去这些行。")
        counts = kind.groupby(groups.to_numpy(), sort=True).sum()
        counts.index.name = by
    n = counts.sum(axis=1)
    result = pd.DataFrame({"respondents": n, **{c: counts[c] for c in kind.columns}})
    for c in kind.columns:
        result[c[:-1] + "_share"] = counts[c] / n
    result["nps"] = 100 * (result["promoter_share"] - result["detractor_share"])
    if by is None:
        series = result.iloc[0].astype(float)
        series.name = "nps"
        return series
    return result


@validate.checked
def importance_performance(
    survey: pd.DataFrame,
    attributes: Sequence[str] | None = None,
    *,
    importance: str = "importance_{}",
    performance: str = "performance_{}",
    thresholds: tuple[float, float] | None = None,
    scale: tuple[int, int] = (1, 5),
) -> pd.DataFrame:
    """Importance–performance analysis (重要性–绩效分析): where to improve first.

    For each service attribute the mean importance and the mean performance
    (how well we do) put it in one of four quadrants (Martilla & James 1977):

    ========================  ===================  ======================
    quadrant                  importance           performance
    ========================  ===================  ======================
    ``concentrate_here``      high (>= cut)        low (< cut)
    ``keep_up_the_good_work`` high                 high
    ``low_priority``          low                  low
    ``possible_overkill``     low                  high
    ========================  ===================  ======================

    Parameters
    ----------
    attributes:
        Attribute names (default :data:`ATTRIBUTES`: price, quality,
        freshness, staff, checkout, delivery, app).
    importance, performance:
        Column-name patterns, ``{}`` standing for the attribute.
    thresholds:
        ``(importance cut, performance cut)``; default the grand means (the
        mean of the attribute means), so the cross sits in the middle of the data.
    scale:
        The rating scale (default 1–5).

    Returns
    -------
    DataFrame
        Index ``attribute``; ``importance``, ``performance`` (means), ``gap``
        (importance − performance), ``quadrant`` (one of :data:`QUADRANTS`).
        The cuts used are in ``result.attrs["thresholds"]``.

    Raises
    ------
    CRMDataError
        A missing ``importance_<a>`` / ``performance_<a>`` column (naming it),
        ratings that are not whole numbers on the scale, an empty frame.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> survey = pd.DataFrame({"importance_price": [5, 5], "performance_price": [2, 2],
    ...                        "importance_app": [2, 2], "performance_app": [4, 4]})
    >>> ck.importance_performance(survey, ["price", "app"])["quadrant"].tolist()
    ['concentrate_here', 'possible_overkill']
    """
    _survey(survey)
    names = validate.column_names(ATTRIBUTES if attributes is None else attributes,
                                  "attributes")
    for keyword, template in (("importance", importance), ("performance", performance)):
        if not isinstance(template, str) or template.count("{}") != 1:
            raise CRMDataError(
                f"{keyword} must be a column-name pattern with one {{}} where the "
                f"attribute goes, such as '{keyword}_{{}}', but got {template!r}. "
                f"Fix: pass e.g. {keyword}='{keyword}_{{}}'.",
                zh=f"{keyword} 应当是列名模板，其中有一个 {{}} 用来填入属性名，例如 "
                   f"'{keyword}_{{}}'，但收到的是 {template!r}。"
                   f"修正（Fix）：传入例如 {keyword}='{keyword}_{{}}'。")
    rating = _scores.scale_of("", scale)
    pairs = {f"importance of {a}": importance.format(a) for a in names}
    pairs.update({f"performance of {a}": performance.format(a) for a in names})
    validate.columns(survey, pairs)
    table = pd.DataFrame(
        {
            "importance": [_scores.checked(survey, importance.format(a), rating).mean()
                           for a in names],
            "performance": [_scores.checked(survey, performance.format(a), rating).mean()
                            for a in names],
        },
        index=pd.Index(names, name="attribute"),
    )
    if thresholds is None:
        cut_i, cut_p = float(table["importance"].mean()), float(table["performance"].mean())
    else:
        try:
            cut_i, cut_p = thresholds
        except (TypeError, ValueError) as err:
            raise CRMDataError(f"thresholds must be a pair (importance cut, performance "
                               f"cut), not {thresholds!r}.",
                               zh="thresholds 应当是一对数（重要性分界，绩效分界），"
                                  f"而不是 {thresholds!r}。") from err
        cut_i = validate.number(cut_i, "importance cut", low=rating[0], high=rating[1])
        cut_p = validate.number(cut_p, "performance cut", low=rating[0],
                                high=rating[1])
    table["gap"] = table["importance"] - table["performance"]
    high_i = table["importance"].to_numpy() >= cut_i
    high_p = table["performance"].to_numpy() >= cut_p
    quadrant = np.select(
        [high_i & ~high_p, high_i & high_p, ~high_i & ~high_p],
        [QUADRANTS[0], QUADRANTS[1], QUADRANTS[2]],
        default=QUADRANTS[3],
    )
    table["quadrant"] = pd.Categorical(quadrant, categories=list(QUADRANTS))
    table.attrs["thresholds"] = (cut_i, cut_p)
    return table


#: The columns :func:`satisfaction_curve` reads, by role, as the sample data name them.
CURVE_COLUMNS: dict[str, str] = {
    "customer": "customer_id",
    "survey_date": "survey_date",
    "date": "order_date",
}


@validate.checked
def satisfaction_curve(
    survey: pd.DataFrame,
    transactions: pd.DataFrame,
    window_days: int = 180,
    *,
    score: str = "satisfaction",
    as_of: Any = None,
    scale: tuple[int, int] | None = None,
    columns: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Repurchase rate by satisfaction score: do satisfied customers come back?

    For every survey answer, did the customer place at least one order in the
    ``window_days`` after the survey day (from the next day up to and
    including ``window_days`` days later: an order on the survey day itself
    may have come before the answer and does not count)?  The share who did, per score, is the
    satisfaction–repurchase curve.  Answers whose window runs past ``as_of``
    (default: the last order day in the data) are left out, because we cannot
    yet see whether those customers came back; ``result.attrs["left_out"]``
    says how many.

    The column ``ratio_to_score_below`` compares each score with the one
    below it: at Xerox the 5s were about six times as likely to buy again as
    the 4s (``result.loc[5, "ratio_to_score_below"]``).

    ``score`` is the survey column to read; ``columns`` names the other
    columns by role where they differ from the sample data's
    (:data:`CURVE_COLUMNS`), e.g. ``columns={"customer": "client"}``:
    ``customer`` (in both frames), ``survey_date`` (in ``survey``) and
    ``date`` (of the order, in ``transactions``).

    ``as_of`` means what it means everywhere in crmkit
    (:func:`crmkit.validate.as_of_date`): the day the analysis looks from, at
    the end of that day, so whatever is dated on that day counts and whatever
    is dated later does not.

    Returns
    -------
    DataFrame
        Index ``score`` (every point of the scale); ``respondents``,
        ``repurchasers``, ``repurchase_rate`` (0–1; missing where nobody gave
        that score) and ``ratio_to_score_below``.

    Raises
    ------
    CRMDataError
        Missing columns or ids, unparseable dates, scores off the scale, an
        empty frame, an ``as_of`` before the first order, a ``window_days``
        below 1, or no answer with a complete window (shorten ``window_days``).

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> survey = pd.DataFrame({"customer_id": ["A", "B"], "satisfaction": [5, 4],
    ...                        "survey_date": ["2024-01-10", "2024-01-10"]})
    >>> orders = pd.DataFrame({"customer_id": ["A", "B", "A"],
    ...                        "order_date": ["2024-02-01", "2023-12-01", "2024-12-31"]})
    >>> ck.satisfaction_curve(survey, orders, 90).loc[[4, 5], "repurchase_rate"].tolist()
    [0.0, 1.0]
    """
    _survey(survey)
    roles = validate.column_map(columns, CURVE_COLUMNS)
    validate.columns(survey, {**validate.needed(roles, "customer", "survey_date"),
                              "score": score})
    low, high = _scores.scale_of(score, scale)
    answers = _scores.checked(survey, score, (low, high))
    later = _customers.later_activity(survey, transactions, window_days, roles=roles,
                                      event="survey_date", as_of=as_of,
                                      names=("survey", "survey answer", "一份调查回答"))
    complete = later["complete"].to_numpy()
    orders = later["later_orders"].to_numpy(dtype=np.int64, na_value=0)[complete]
    kept = answers.to_numpy()[complete]
    respondents = np.bincount(kept - low, minlength=high - low + 1)
    repurchasers = np.bincount(kept - low, weights=orders > 0, minlength=high - low + 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(respondents > 0, repurchasers / np.maximum(respondents, 1), np.nan)
        below = np.concatenate([[np.nan], rate[:-1]])
        ratio = np.where(below > 0, rate / np.where(below > 0, below, 1), np.nan)
    curve = pd.DataFrame(
        {"respondents": respondents, "repurchasers": repurchasers.astype(np.int64),
         "repurchase_rate": rate, "ratio_to_score_below": ratio},
        index=pd.RangeIndex(low, high + 1, name="score"),
    )
    curve.attrs["left_out"] = int((~complete).sum())
    curve.attrs["window_days"] = later.attrs["window_days"]
    return curve
