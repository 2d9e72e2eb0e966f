"""Customer satisfaction (客户满意): survey scores, top box, NPS, importance–performance.

Chapter 07 reads the sample survey: how the scores spread, what share gives
the top mark (with its interval), the Net Promoter Score (with its interval),
whether two groups really differ or only seem to (:func:`group_difference`),
which service attributes matter and perform (the importance–performance grid
and a weighted :func:`satisfaction_index`), who answered compared with all
customers (:func:`compare_respondents`), and whether satisfied customers
really come back (:func:`repurchase_after_survey` and the
satisfaction–repurchase curve; Xerox found that "very satisfied" customers
were six times as likely to buy again as merely "satisfied" ones).

Scores are whole numbers on a scale: 1–5 for ``satisfaction``,
``repurchase_intent`` and the ``importance_*`` / ``performance_*`` attributes,
0–10 for ``recommend``.  Pass ``scale=(low, high)`` for other columns.

Every estimate from a sample comes with a 95% interval (``level=`` changes
it): Wilson's score interval for a share, the normal approximation for the
NPS (whose variance is (p + d − (p − d)²) / n for promoter share p and
detractor share d), Katz's log interval for a ratio of two shares, and a
normal or bootstrap interval for a difference between two groups.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd

from crmkit import _customers, _scores, validate
from crmkit.datasets import ATTRIBUTES  # the attributes rated in the sample survey
from crmkit.errors import CRMDataError

__all__ = [
    "ATTRIBUTES",
    "CURVE_COLUMNS",
    "MEASURES",
    "QUADRANTS",
    "VERDICTS",
    "ZONES",
    "compare_respondents",
    "group_difference",
    "importance_performance",
    "nps",
    "repurchase_after_survey",
    "satisfaction_curve",
    "satisfaction_index",
    "satisfaction_scorecard",
    "score_distribution",
    "score_summary",
    "top_box",
    "top_box_table",
]

#: Quadrants of the importance–performance grid (Martilla & James, 1977).
QUADRANTS = ("concentrate_here", "keep_up_the_good_work", "low_priority", "possible_overkill")

#: The zones of the satisfaction–loyalty curve (Jones & Sasser 1995, in the course's slides),
#: low to high.  On a 1–5 scale the workbook puts 1–2 in the zone of defection, 3–4 in the
#: zone of indifference and 5 in the zone of affection; other scales by the same positions.
ZONES = ("zone_of_defection", "zone_of_indifference", "zone_of_affection")

#: What :func:`group_difference` can compare.
MEASURES = ("nps", "top_box", "share", "mean")

#: The verdict of :func:`group_difference`: the first group higher, the second higher, or
#: an interval that includes no difference at all (we cannot tell).
VERDICTS = ("first_higher", "second_higher", "cannot_tell")

# Columns of the sample survey that hold 1–5 answers (never an NPS question).
_ONE_TO_FIVE = ("satisfaction", "repurchase_intent")


def _z(level: Any) -> float:
    """The normal quantile of a two-sided interval at ``level`` (1.96 for 0.95)."""
    level = validate.number(level, "level", low=0.5, high=0.999)
    return NormalDist().inv_cdf(0.5 + level / 2)


def _wilson(successes: Any, n: Any, z: float) -> tuple[np.ndarray, np.ndarray]:
    """Wilson's score interval of a share ``successes / n`` (arrays; NaN where n is 0)."""
    k = np.asarray(successes, dtype=float)
    m = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / m
        centre = (p + z * z / (2 * m)) / (1 + z * z / m)
        half = z * np.sqrt(p * (1 - p) / m + z * z / (4 * m * m)) / (1 + z * z / m)
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)


def _survey(survey: Any) -> pd.DataFrame:
    """Check the survey frame, refusing an answer counted twice.

    Two rows with the same ``response_id`` are one answer counted twice (a file
    appended to itself, two overlapping exports): every share and score would
    weigh that customer double, silently.  A customer who answered in two
    rounds gives two answers, and both count.
    """
    survey = validate.frame(survey, what="survey")
    validate.duplicated(survey)
    if "response_id" in survey.columns:
        ids = survey["response_id"]
        twice = ids.notna() & ids.duplicated(keep=False)
        if twice.any():
            bad = ids[twice]
            raise CRMDataError(
                f"{validate.caller()}: the survey holds the same response_id more than once "
                f"({validate.show_rows(bad.index, bad.tolist())}): one answer counted twice "
                "would count double in every share and score. Fix: keep each answer once: "
                "`survey = survey.drop_duplicates(\"response_id\")`.",
                zh=f"{validate.caller()}：调查数据中同一个 response_id 出现了不止一次"
                   f"（{validate.rows_zh(bad.index, bad.tolist())}）：同一份回答算两次，"
                   "会在每个比例和分数里被重复计算。修正（Fix）：每份回答只保留一次："
                   "`survey = survey.drop_duplicates(\"response_id\")`。")
    return survey


def _groups(survey: pd.DataFrame, by: Any) -> pd.Series:
    """The group labels of ``by``, refusing missing labels."""
    validate.column_name(by, "by")
    validate.columns(survey, {"by": by})
    groups = survey[by]
    if groups.isna().any():
        bad = groups[groups.isna()]
        raise CRMDataError(
            f"{validate.caller()}: column '{by}' has missing group labels "
            f"({validate.show_rows(bad.index)}). Fix: fill them "
            f"(`survey[{by!r}] = survey[{by!r}].fillna(\"unknown\")`) or drop those rows.",
            zh=f"{validate.caller()}：列 '{by}' 中有缺失的分组标签"
               f"（{validate.rows_zh(bad.index)}）。修正（Fix）：补齐"
               f"（`survey[{by!r}] = survey[{by!r}].fillna(\"unknown\")`）或删去这些行。")
    return groups


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


def _threshold(score: str, scale: Any, top: Any, threshold: Any) -> tuple[int, int, int]:
    """(low, high, threshold): the scale of ``score`` and the lowest score counted as "top"."""
    low, high = _scores.scale_of(score, scale)
    if threshold is None:
        top = validate.number(top, "top", low=1, high=high - low + 1, integer=True)
        return low, high, high - top + 1
    return low, high, validate.number(threshold, "threshold", low=low, high=high, integer=True)


@validate.checked
def top_box(survey: pd.DataFrame, score: str = "satisfaction", *, top: int = 1,
            threshold: int | None = None, scale: tuple[int, int] | None = None) -> float:
    """Share of respondents giving the top score(s): the "top-box" share (0–1).

    ``top=1`` counts only the highest point of the scale (the 5s on 1–5),
    ``top=2`` the two highest ("top-two box", 4s and 5s).  ``threshold`` instead
    counts every score at or above it (``threshold=9`` on the 0–10 scale
    gives the promoter share).  :func:`top_box_table` gives the same share
    with its interval, also per group.

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
    low, high, cut = _threshold(score, scale, top, threshold)
    values = _scores.checked(survey, score, (low, high))
    return float((values >= cut).mean())


@validate.checked
def top_box_table(survey: pd.DataFrame, score: str = "satisfaction", *, by: str | None = None,
                  top: int = 1, threshold: int | None = None, level: float = 0.95,
                  scale: tuple[int, int] | None = None) -> pd.DataFrame:
    """The top-box share with its interval, for all respondents or per group.

    A share from a few hundred answers is an estimate: had other customers
    been asked, it would differ.  The interval (Wilson's score interval, at
    ``level``, default 95%) shows by how much it plausibly could.  ``top``,
    ``threshold`` and ``scale`` as in :func:`top_box`.

    Parameters
    ----------
    by:
        Optional column to split the respondents by (a channel, a quarter).

    Returns
    -------
    DataFrame
        One row per group (index ``by``), or one row ``"all"``: ``respondents``,
        ``top`` (how many gave a top score), ``share`` (0–1), ``share_low`` and
        ``share_high`` (the interval).  ``result.attrs["threshold"]`` is the
        lowest score counted.

    Raises
    ------
    CRMDataError
        As :func:`top_box`; a ``level`` outside 0.5–0.999; missing group labels.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> survey = pd.DataFrame({"satisfaction": [5] * 30 + [4] * 70})
    >>> ck.top_box_table(survey).round(3).loc["all"].tolist()
    [100.0, 30.0, 0.3, 0.219, 0.396]
    """
    _survey(survey)
    low, high, cut = _threshold(score, scale, top, threshold)
    values = _scores.checked(survey, score, (low, high))
    z = _z(level)
    hit = (values >= cut).astype(np.int64)
    if by is None:
        counts = pd.DataFrame({"respondents": [len(hit)], "top": [int(hit.sum())]},
                              index=pd.Index(["all"]))
    else:
        groups = _groups(survey, by)
        grouped = hit.groupby(groups.to_numpy(), sort=True)
        counts = pd.DataFrame({"respondents": grouped.size(), "top": grouped.sum()})
        counts.index.name = by
    counts["share"] = counts["top"] / counts["respondents"]
    counts["share_low"], counts["share_high"] = _wilson(counts["top"], counts["respondents"], z)
    counts.attrs["threshold"] = cut
    return counts


def _nps_cuts(promoter_from: Any, detractor_to: Any) -> tuple[int, int]:
    promoter_from = validate.number(promoter_from, "promoter_from", low=1, high=10, integer=True)
    detractor_to = validate.number(detractor_to, "detractor_to", low=0, high=9, integer=True)
    if detractor_to >= promoter_from:
        raise CRMDataError(
            f"{validate.caller()}: detractor_to={detractor_to} must be below "
            f"promoter_from={promoter_from}, or a respondent would be both. Fix: keep the "
            "usual cuts, promoter_from=9 and detractor_to=6.",
            zh=f"{validate.caller()}：detractor_to={detractor_to} 必须小于 "
               f"promoter_from={promoter_from}，否则同一位受访者会既是推荐者又是贬损者。"
               "修正（Fix）：使用通常的分界：promoter_from=9，detractor_to=6。")
    return promoter_from, detractor_to


def _recommend_scores(survey: pd.DataFrame, score: str, confirm_0_to_10: bool) -> pd.Series:
    """The 0–10 answers, refusing a 1–5 column passed as one."""
    validate.column_name(score, "score")
    attribute = isinstance(score, str) and score.startswith(("importance_", "performance_"))
    if score in _ONE_TO_FIVE or attribute:
        raise CRMDataError(
            f"{validate.caller()}: column '{score}' holds 1–5 answers, but the NPS is "
            "defined on the 0–10 question 'how likely are you to recommend us?': on a 1–5 "
            "column nobody can reach 9, so every answer would count as a detractor. Fix: "
            "pass the 0–10 column, `ck.nps(survey, score=\"recommend\")`; for a 1–5 column "
            f"give its top-box share, `ck.top_box(survey, \"{score}\")`.",
            zh=f"{validate.caller()}：列 '{score}' 是 1–5 分的回答，但净推荐值是用 0–10 分的"
               "“您向朋友推荐我们的可能性有多大？”来定义的：在 1–5 分的列上没有人能打到 9 分，"
               "每份回答都会被算作贬损者。修正（Fix）：传入 0–10 分的列，"
               "`ck.nps(survey, score=\"recommend\")`；1–5 分的列请给出最高分占比，"
               f"`ck.top_box(survey, \"{score}\")`。")
    values = _scores.checked(survey, score, (0, 10))
    if not confirm_0_to_10 and len(values) >= 30 and values.min() >= 1 and values.max() <= 5:
        raise CRMDataError(
            f"{validate.caller()}: all {len(values)} answers in column '{score}' lie between 1 "
            "and 5, which looks like a 1–5 scale passed as the 0–10 recommend question (every "
            "answer would count as a detractor). Fix: pass the 0–10 column; if this really is "
            f"0–10 and nobody gave more than 5, pass `confirm_0_to_10=True`.",
            zh=f"{validate.caller()}：列 '{score}' 的全部 {len(values)} 个回答都在 1 到 5 之间，"
               "看起来是把 1–5 分的量表当成了 0–10 分的推荐问题（每份回答都会被算作贬损者）。"
               "修正（Fix）：传入 0–10 分的列；如果它确实是 0–10 分、只是没有人打出 5 分以上，"
               "请传入 `confirm_0_to_10=True`。")
    return values


@validate.checked
def nps(survey: pd.DataFrame, score: str = "recommend", *, by: str | None = None,
        promoter_from: int = 9, detractor_to: int = 6, level: float = 0.95,
        confirm_0_to_10: bool = False) -> Any:
    """Net Promoter Score (净推荐值): % promoters − % detractors (−100 to 100), with its interval.

    Respondents answer "How likely are you to recommend us to a friend?"
    from 0 to 10.  Promoters answer 9–10, passives 7–8, detractors 0–6.
    NPS = 100 × (promoters − detractors) / respondents.  (The NPS is a common
    industry measure, Reichheld 2003; it is not in the course material.)

    The interval is the normal approximation: with promoter share p and
    detractor share d of n answers, the NPS has the standard error
    100 × √((p + d − (p − d)²) / n).

    Parameters
    ----------
    score:
        The 0–10 column (default ``"recommend"``).  A 1–5 column is refused.
    by:
        Optional column to compute the score per group (e.g. a segment).
    promoter_from, detractor_to:
        The cuts: promoters answer ``promoter_from`` or more (9), detractors
        ``detractor_to`` or less (6); change them only to see what the cuts do.
    level:
        Coverage of the interval (0.95).
    confirm_0_to_10:
        ``True`` accepts a column whose 30 or more answers all lie in 1–5
        (otherwise refused as a 1–5 scale passed by mistake).

    Returns
    -------
    Series (or DataFrame with one row per group when ``by`` is given)
        ``respondents``, ``promoters``, ``passives``, ``detractors``,
        ``promoter_share``, ``passive_share``, ``detractor_share``, ``nps``,
        ``nps_low`` and ``nps_high`` (the interval, in points).

    Raises
    ------
    CRMDataError
        A missing column, an empty frame, or any answer that is not a whole
        number from 0 to 10 (naming the rows); a 1–5 column; a response
        counted twice; missing group labels; cuts that overlap.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> survey = pd.DataFrame({"recommend": [10, 9, 9, 10, 9, 8, 7, 8, 3, 6]})
    >>> float(ck.nps(survey)["nps"])
    30.0
    """
    _survey(survey)
    high_cut, low_cut = _nps_cuts(promoter_from, detractor_to)
    values = _recommend_scores(survey, score, confirm_0_to_10)
    z = _z(level)
    kind = pd.DataFrame({
        "promoters": (values >= high_cut).astype(np.int64),
        "passives": ((values > low_cut) & (values < high_cut)).astype(np.int64),
        "detractors": (values <= low_cut).astype(np.int64),
    })
    if by is None:
        counts = kind.sum().to_frame().T
        counts.index = ["all"]
    else:
        groups = _groups(survey, by)
        counts = kind.groupby(groups.to_numpy(), sort=True).sum()
        counts.index.name = by
    n = counts.sum(axis=1)
    result = pd.DataFrame({"respondents": n, **{c: counts[c] for c in kind.columns}})
    for c in kind.columns:
        result[c[:-1] + "_share"] = counts[c] / n
    p, d = result["promoter_share"], result["detractor_share"]
    result["nps"] = 100 * (p - d)
    half = 100 * z * np.sqrt(np.maximum(p + d - (p - d) ** 2, 0.0) / n)
    result["nps_low"] = np.maximum(result["nps"] - half, -100.0)
    result["nps_high"] = np.minimum(result["nps"] + half, 100.0)
    if by is None:
        series = result.iloc[0].astype(float)
        series.name = "nps"
        return series
    return result


def _pair(groups: Any) -> tuple[Any, Any]:
    try:
        first, second = groups
    except (TypeError, ValueError) as err:
        raise CRMDataError(
            f"{validate.caller()}: groups must be a pair of group labels, (first, second), "
            f"but got {groups!r}. Fix: pass e.g. groups=(\"referral\", \"store\").",
            zh=f"{validate.caller()}：groups 应当是一对分组标签 (first, second)，但收到的是 "
               f"{groups!r}。修正（Fix）：例如传入 groups=(\"referral\", \"store\")。") from err
    if str(first) == str(second):
        raise CRMDataError(
            f"{validate.caller()}: groups=({first!r}, {second!r}) names the same group twice. "
            "Fix: name two different groups.",
            zh=f"{validate.caller()}：groups=({first!r}, {second!r}) 两次指定了同一个分组。"
               "修正（Fix）：给出两个不同的分组。")
    return first, second


def _measure_values(survey: pd.DataFrame, measure: str, score: Any, top: Any,
                    threshold: Any, promoter_from: Any, detractor_to: Any) -> pd.Series:
    """Per answer, what the measure averages: +1/0/−1 for NPS, 1/0 for shares, the score."""
    if measure == "nps":
        high_cut, low_cut = _nps_cuts(promoter_from, detractor_to)
        values = _recommend_scores(survey, "recommend" if score is None else score, False)
        return ((values >= high_cut).astype(np.int64)
                - (values <= low_cut).astype(np.int64)).astype(float)
    if measure == "top_box":
        score = "satisfaction" if score is None else score
        low, high, cut = _threshold(score, None, top, threshold)
        return (_scores.checked(survey, score, (low, high)) >= cut).astype(float)
    if score is None:
        raise CRMDataError(
            f"{validate.caller()}: measure={measure!r} needs score=<column>: the yes/no column "
            "for a share (e.g. score=\"repurchased\"), the numbers for a mean. "
            "Fix: pass score=.",
            zh=f"{validate.caller()}：measure={measure!r} 需要 score=<列名>：比例用是/否列"
               "（例如 score=\"repurchased\"），均值用数值列。修正（Fix）：传入 score=。")
    validate.column_name(score, "score")
    if measure == "share":
        return _customers.flags(survey, score).astype(float)
    return pd.Series(validate.numeric(survey, score, allow_negative=True).to_numpy(dtype=float),
                     index=survey.index)


def _estimate(values: np.ndarray, measure: str) -> float:
    return float(values.mean() * (100 if measure == "nps" else 1))


def _bootstrap(values: np.ndarray, measure: str, draws: int,
               rng: np.random.Generator) -> np.ndarray:
    """``draws`` bootstrap replicates of the measure of ``values`` (resampled with replacement).

    Shares and the NPS depend only on the counts of each value, so the counts
    are drawn directly (binomial, multinomial): the same as resampling the
    answers, without building every resample.
    """
    n = len(values)
    if measure == "mean":
        return values[rng.integers(0, n, size=(draws, n))].mean(axis=1)
    levels, counts = np.unique(values, return_counts=True)
    drawn = rng.multinomial(n, counts / n, size=draws)
    return drawn @ levels / n * (100 if measure == "nps" else 1)


@validate.checked
def group_difference(survey: pd.DataFrame, by: str, groups: tuple[Any, Any], *,
                     measure: str = "nps", score: str | None = None, top: int = 1,
                     threshold: int | None = None, promoter_from: int = 9,
                     detractor_to: int = 6, method: str = "normal", level: float = 0.95,
                     draws: int = 2000, seed: int = 0) -> pd.Series:
    """Do two groups really differ? The difference with its interval, and a verdict.

    Two groups of respondents (two channels, two quarters, the 5s and the 4s)
    always show some difference; with a few hundred answers each, much of it
    can be chance.  The interval says which differences the data are
    consistent with: if it includes 0, we **cannot tell** which group is higher.

    Parameters
    ----------
    by, groups:
        The column that splits the answers and the two labels to compare,
        first minus second (e.g. ``by="channel", groups=("referral", "store")``).
    measure:
        ``"nps"`` (points, from ``score``, default ``recommend``),
        ``"top_box"`` (share at or above the top cut of ``score``, default
        ``satisfaction``; ``top`` and ``threshold`` as in :func:`top_box`),
        ``"share"`` (share of True in the yes/no column ``score``, e.g. the
        ``repurchased`` column of :func:`repurchase_after_survey`) or
        ``"mean"`` (the mean of the numbers in ``score``).
    method:
        ``"normal"`` (the normal approximation: difference ± z × standard
        error) or ``"bootstrap"`` (``draws`` resamples of each group, seeded by
        ``seed``, and the percentile interval).
    level:
        Coverage of the interval (0.95).

    Returns
    -------
    Series
        ``first``, ``second`` (the labels), ``n_first``, ``n_second``,
        ``value_first``, ``value_second``, ``difference`` (first − second),
        ``low``, ``high`` (its interval), ``ratio`` (first ÷ second, for
        shares only, else NaN), ``ratio_low``, ``ratio_high`` and ``verdict``
        (one of :data:`VERDICTS`).

    Raises
    ------
    CRMDataError
        A missing column, a group label that does not occur, a group with
        fewer than two answers, an unknown ``measure`` or ``method``, and
        whatever the measure's own function refuses.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> survey = pd.DataFrame({"satisfaction": [5] * 60 + [4] * 40 + [5] * 40 + [4] * 60,
    ...                        "store": ["a"] * 100 + ["b"] * 100})
    >>> result = ck.group_difference(survey, "store", ("a", "b"), measure="top_box")
    >>> round(result["difference"], 2), round(result["low"], 3), result["verdict"]
    (0.2, 0.064, 'first_higher')
    """
    _survey(survey)
    first, second = _pair(groups)
    measure = validate.one_of(measure, MEASURES, "measure")
    method = validate.one_of(method, ("normal", "bootstrap"), "method")
    z = _z(level)
    level = float(level)
    draws = validate.number(draws, "draws", low=200, high=100_000, integer=True)
    seed = validate.number(seed, "seed", low=0, integer=True)
    labels = _groups(survey, by)
    first, second = validate.labels(labels.astype(str), [first, second], "groups")
    values = _measure_values(survey, measure, score, top, threshold, promoter_from,
                             detractor_to)
    text = labels.astype(str).to_numpy()
    parts = [values.to_numpy(dtype=float)[text == g] for g in (first, second)]
    for label, part in zip((first, second), parts, strict=True):
        if len(part) < 2:
            raise CRMDataError(
                f"{validate.caller()}: group {label!r} has {len(part)} answer(s); a "
                "difference needs at least two in each group. Fix: compare larger groups.",
                zh=f"{validate.caller()}：分组 {label!r} 只有 {len(part)} 个回答；比较差异"
                   "每组至少需要两个回答。修正（Fix）：比较更大的分组。")
    a, b = (_estimate(part, measure) for part in parts)
    n_a, n_b = (len(part) for part in parts)
    scale = 100 if measure == "nps" else 1
    ratio = ratio_low = ratio_high = math.nan
    if measure in ("top_box", "share") and b > 0:
        ratio = a / b
    if method == "normal":
        var = sum(float(np.var(part)) / len(part) for part in parts)  # np.var: divide by n
        if measure == "mean":
            var = sum(float(np.var(part, ddof=1)) / len(part) for part in parts)
        half = z * math.sqrt(var) * scale
        low, high = a - b - half, a - b + half
        hits = [float(part.sum()) for part in parts]
        if not math.isnan(ratio) and min(hits) > 0:
            spread = z * math.sqrt(1 / hits[0] - 1 / n_a + 1 / hits[1] - 1 / n_b)
            ratio_low, ratio_high = ratio * math.exp(-spread), ratio * math.exp(spread)
    else:
        rng = np.random.default_rng(seed)
        reps = [_bootstrap(part, measure, draws, rng) for part in parts]
        tail = (1 - level) / 2 * 100
        low, high = (float(v) for v in np.percentile(reps[0] - reps[1], [tail, 100 - tail]))
        if not math.isnan(ratio):
            with np.errstate(divide="ignore", invalid="ignore"):
                ratios = reps[0] / reps[1]
            ratio_low, ratio_high = (float(v) for v in np.nanpercentile(
                np.where(np.isfinite(ratios), ratios, np.nan), [tail, 100 - tail]))
    verdict = VERDICTS[0] if low > 0 else VERDICTS[1] if high < 0 else VERDICTS[2]
    return pd.Series({"first": first, "second": second, "n_first": n_a, "n_second": n_b,
                      "value_first": a, "value_second": b, "difference": a - b,
                      "low": low, "high": high, "ratio": ratio, "ratio_low": ratio_low,
                      "ratio_high": ratio_high, "verdict": verdict}, name=measure, dtype=object)


def _weights(weights: Any, names: list[str]) -> pd.Series:
    """Attribute weights as a Series over ``names``: numbers >= 0, not all 0, none missing."""
    if not isinstance(weights, Mapping):
        raise CRMDataError(
            f"{validate.caller()}: weights must map each attribute to a number, such as "
            f"{{'price': 4.2, 'quality': 4.5}}, but got {weights!r}. Fix: pass a dict with "
            f"one weight for each of {', '.join(names)}.",
            zh=f"{validate.caller()}：weights 应当把每个属性映射到一个数，例如 "
               f"{{'price': 4.2, 'quality': 4.5}}，但收到的是 {weights!r}。修正（Fix）：传入一个"
               f"字典，为 {'、'.join(names)} 各给一个权重。")
    missing = [a for a in names if a not in weights]
    extra = [a for a in weights if a not in names]
    if missing or extra:
        raise CRMDataError(
            f"{validate.caller()}: weights must give exactly one weight per attribute; "
            f"missing: {missing or 'none'}, not an attribute here: {extra or 'none'}. "
            f"Fix: pass a weight for each of {', '.join(names)} and nothing else.",
            zh=f"{validate.caller()}：weights 必须为每个属性恰好给出一个权重；缺少："
               f"{missing or '无'}，不是这里的属性：{extra or '无'}。修正（Fix）：为 "
               f"{'、'.join(names)} 各给一个权重，不要多给。")
    values = pd.Series({a: validate.number(weights[a], f"weights[{a!r}]", low=0)
                        for a in names}, dtype=float)
    if not (values > 0).any():
        raise CRMDataError(
            f"{validate.caller()}: every weight is 0, so nothing counts. Fix: give at least "
            "one attribute a positive weight.",
            zh=f"{validate.caller()}：所有权重都是 0，什么都不计入。修正（Fix）：至少给一个"
               "属性正的权重。")
    return values


@validate.checked
def importance_performance(
    survey: pd.DataFrame,
    attributes: Sequence[str] | None = None,
    *,
    importance: str = "importance_{}",
    performance: str = "performance_{}",
    thresholds: tuple[float, float] | None = None,
    weights: Mapping[str, float] | None = None,
    level: float = 0.95,
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
    weights:
        Optional ``{attribute: weight}`` used as the importance instead of the
        survey's importance ratings (to ask "what if customers cared more about
        delivery?"); the importance columns are then not read.
    level:
        Coverage of the intervals of the means (0.95).
    scale:
        The rating scale (default 1–5).

    Returns
    -------
    DataFrame
        Index ``attribute``; ``importance``, ``performance`` (means),
        ``importance_low``, ``importance_high``, ``performance_low``,
        ``performance_high`` (intervals of the means, normal approximation;
        NaN for importance given as ``weights``), ``gap`` (importance −
        performance) and ``quadrant`` (one of :data:`QUADRANTS`).  The cuts used
        are in ``result.attrs["thresholds"]``.

    Raises
    ------
    CRMDataError
        A missing ``importance_<a>`` / ``performance_<a>`` column (naming it),
        ratings that are not whole numbers on the scale, an empty frame, bad
        ``thresholds`` or ``weights``.

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
    z = _z(level)
    pairs = {f"performance of {a}": performance.format(a) for a in names}
    if weights is None:
        pairs.update({f"importance of {a}": importance.format(a) for a in names})
    validate.columns(survey, pairs)

    def described(template: str) -> tuple[list[float], list[float], list[float]]:
        means, lows, highs = [], [], []
        for a in names:
            values = _scores.checked(survey, template.format(a), rating)
            mean = float(values.mean())
            half = z * float(values.std()) / math.sqrt(len(values)) if len(values) > 1 \
                else math.nan
            means.append(mean)
            lows.append(mean - half)
            highs.append(mean + half)
        return means, lows, highs

    perf, perf_low, perf_high = described(performance)
    if weights is None:
        imp, imp_low, imp_high = described(importance)
    else:
        imp = _weights(weights, names).tolist()
        imp_low = imp_high = [math.nan] * len(names)
    table = pd.DataFrame(
        {"importance": imp, "performance": perf, "importance_low": imp_low,
         "importance_high": imp_high, "performance_low": perf_low,
         "performance_high": perf_high},
        index=pd.Index(names, name="attribute"),
    )
    if thresholds is None:
        cut_i, cut_p = float(table["importance"].mean()), float(table["performance"].mean())
    else:
        try:
            cut_i, cut_p = thresholds
        except (TypeError, ValueError) as err:
            raise CRMDataError(f"thresholds must be a pair (importance cut, performance "
                               f"cut), not {thresholds!r}. Fix: pass e.g. "
                               "thresholds=(3.0, 3.0), or leave it out to cut at the means.",
                               zh="thresholds 应当是一对数（重要性分界，绩效分界），"
                                  f"而不是 {thresholds!r}。修正（Fix）：例如传入 "
                                  "thresholds=(3.0, 3.0)，或不传，以均值为分界。") from err
        high_i = max(rating[1], float(table["importance"].max()))
        cut_i = validate.number(cut_i, "importance cut", low=min(rating[0], 0), high=high_i)
        cut_p = validate.number(cut_p, "performance cut", low=rating[0], high=rating[1])
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
    table.attrs["importance_from"] = "survey" if weights is None else "weights"
    return table


@validate.checked
def satisfaction_index(
    survey: pd.DataFrame,
    attributes: Sequence[str] | None = None,
    *,
    weights: Mapping[str, float] | None = None,
    importance: str = "importance_{}",
    performance: str = "performance_{}",
    scale: tuple[int, int] = (1, 5),
) -> float:
    """A satisfaction index (满意度指数) from 0 to 100: weighted mean performance.

    Each attribute's mean performance is weighted by how much it matters
    (default: its mean importance in the survey; or ``weights``), and the
    weighted mean is put on a 0–100 scale (the lowest rating 0, the highest
    100).  The workbook's own simple index: national indices such as the ACSI
    (American) or the CCSI (Chinese) estimate their weights with a structural
    model of many questions; the idea — one number from several attributes,
    weighted by importance — is the same.

    Returns
    -------
    float
        The index, 0–100.

    Raises
    ------
    CRMDataError
        As :func:`importance_performance`.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> survey = pd.DataFrame({"importance_price": [4, 4], "performance_price": [2, 2],
    ...                        "importance_app": [2, 2], "performance_app": [5, 5]})
    >>> ck.satisfaction_index(survey, ["price", "app"])  # (4 x 25 + 2 x 100) / 6
    50.0
    """
    table = importance_performance(survey, attributes, importance=importance,
                                   performance=performance, weights=weights, scale=scale)
    low, high = _scores.scale_of("", scale)
    weight = table["importance"]
    points = (table["performance"] - low) / (high - low) * 100
    return float((weight * points).sum() / weight.sum())


@validate.checked
def satisfaction_scorecard(
    survey: pd.DataFrame,
    *,
    satisfied: int = 5,
    dissatisfied: int = 2,
    promoter_from: int = 9,
    detractor_to: int = 6,
    weights: Mapping[str, float] | None = None,
    score: str = "satisfaction",
    recommend: str = "recommend",
    level: float = 0.95,
) -> pd.Series:
    """The survey's headline numbers under stated cut-offs: what the explorer of chapter 07 shows.

    Every headline number rests on a choice: which scores count as
    "satisfied" (the top box 5, or 4 and 5?), which as "dissatisfied", where
    promoters and detractors begin, how the attributes are weighted.  This
    function makes the choices explicit, so a reader can see how much each
    one moves the result.

    Parameters
    ----------
    satisfied, dissatisfied:
        On the 1–5 ``score``: answers at or above ``satisfied`` count as
        satisfied, at or below ``dissatisfied`` as dissatisfied, the rest as
        neutral (``dissatisfied`` must be below ``satisfied``).
    promoter_from, detractor_to:
        The NPS cuts on the 0–10 ``recommend`` column (as in :func:`nps`).
    weights:
        Attribute weights for :func:`satisfaction_index` (default: the mean
        importance ratings).

    Returns
    -------
    Series
        ``satisfied_share``, ``satisfied_low``, ``satisfied_high``,
        ``neutral_share``, ``dissatisfied_share``, ``dissatisfied_low``,
        ``dissatisfied_high`` (0–1), ``nps``, ``nps_low``, ``nps_high``
        (points) and ``index`` (0–100).

    Raises
    ------
    CRMDataError
        Cut-offs outside the scales or in the wrong order, and whatever
        :func:`top_box_table`, :func:`nps` and :func:`satisfaction_index` refuse.

    Examples
    --------
    >>> import crmkit as ck
    >>> card = ck.satisfaction_scorecard(ck.load_survey(), satisfied=4)
    >>> round(float(card["satisfied_share"]), 3), round(float(card["nps"]), 1)
    (0.553, -18.5)
    """
    _survey(survey)
    satisfied = validate.number(satisfied, "satisfied", low=2, high=5, integer=True)
    dissatisfied = validate.number(dissatisfied, "dissatisfied", low=1, high=4, integer=True)
    if dissatisfied >= satisfied:
        raise CRMDataError(
            f"{validate.caller()}: dissatisfied={dissatisfied} must be below "
            f"satisfied={satisfied}, or an answer would be both. Fix: e.g. satisfied=4, "
            "dissatisfied=2 (3 is then neutral).",
            zh=f"{validate.caller()}：dissatisfied={dissatisfied} 必须小于 "
               f"satisfied={satisfied}，否则同一份回答会既满意又不满意。修正（Fix）：例如 "
               "satisfied=4、dissatisfied=2（3 分即为一般）。")
    high = top_box_table(survey, score, threshold=satisfied, level=level,
                         scale=(1, 5)).loc["all"]
    above = top_box_table(survey, score, threshold=dissatisfied + 1, level=level,
                          scale=(1, 5)).loc["all"]
    promoters = nps(survey, recommend, promoter_from=promoter_from, detractor_to=detractor_to,
                    level=level)
    return pd.Series({
        "satisfied_share": high["share"], "satisfied_low": high["share_low"],
        "satisfied_high": high["share_high"],
        "neutral_share": above["share"] - high["share"],
        "dissatisfied_share": 1 - above["share"], "dissatisfied_low": 1 - above["share_high"],
        "dissatisfied_high": 1 - above["share_low"],
        "nps": promoters["nps"], "nps_low": promoters["nps_low"],
        "nps_high": promoters["nps_high"],
        "index": satisfaction_index(survey, None if weights is None else list(weights),
                                    weights=weights),
    }, name="scorecard", dtype=float)


@validate.checked
def compare_respondents(survey: pd.DataFrame, customers: pd.DataFrame,
                        columns: Sequence[str] = ("channel", "is_member"), *,
                        customer: str = "customer_id") -> pd.DataFrame:
    """Who answered, against all customers: the first check for non-response bias.

    A survey describes the customers who answered it.  If they differ from
    the customers as a whole (more members, more frequent buyers, fewer of the
    customers who have left), every share and score describes *them*, not
    the customer base.  For each column of ``customers``: the share of each
    value (text and yes/no columns) or the mean (numbers) among respondents,
    among all customers and among those who did not answer.

    Parameters
    ----------
    survey:
        The answers (one or more per respondent); only ``customer`` is read.
    customers:
        One row per customer, with the ``columns`` to compare (add a column
        such as the number of orders first to compare behaviour).
    columns:
        Columns of ``customers`` to compare.
    customer:
        The id column, in both frames.

    Returns
    -------
    DataFrame
        Index (``column``, ``value``) — ``value`` is ``"mean"`` and ``"median"`` for
        a column of numbers —; ``respondents``, ``non_respondents``, ``all_customers`` and
        ``difference`` (respondents − all customers).
        ``result.attrs["response_rate"]`` is respondents ÷ customers.

    Raises
    ------
    CRMDataError
        Missing columns, missing or duplicated customer ids in ``customers``,
        a survey with no customer found in ``customers``.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> customers = pd.DataFrame({"customer_id": ["A", "B", "C", "D"],
    ...                           "is_member": [True, True, False, False]})
    >>> survey = pd.DataFrame({"customer_id": ["A", "B", "C"]})
    >>> ck.compare_respondents(survey, customers, ["is_member"]).loc[
    ...     ("is_member", "True"), ["respondents", "all_customers"]].tolist()
    [0.6666666666666666, 0.5]
    """
    validate.frame(survey, what="survey")  # answering twice is fine here: only who answered
    validate.frame(customers, what="customers")
    names = validate.column_names(columns, "columns")
    validate.column_name(customer, "customer")
    validate.columns(survey, {"customer": customer})
    validate.columns(customers, {"customer": customer, **{f"columns[{i}]": c
                                                          for i, c in enumerate(names)}})
    ids = _customers.customer_ids(customers, customer)
    if ids.duplicated().any():
        bad = ids[ids.duplicated(keep=False)]
        raise CRMDataError(
            f"{validate.caller()}: customers must have one row per customer, but "
            f"{validate.show_rows(bad.index, bad.tolist())} repeat an id. Fix: "
            f"`customers = customers.drop_duplicates({customer!r})`.",
            zh=f"{validate.caller()}：customers 应当每位客户一行，但"
               f"{validate.rows_zh(bad.index, bad.tolist())} 的编号重复。修正（Fix）："
               f"`customers = customers.drop_duplicates({customer!r})`。")
    who = _customers.customer_ids(survey, customer)
    validate.matching_ids(who, ids, left_name="survey", right_name="customers")
    responded = ids.isin(set(who)).to_numpy()
    rows = {}
    for name in names:
        column = customers[name]
        numeric = (pd.api.types.is_numeric_dtype(column)
                   and not pd.api.types.is_bool_dtype(column))
        if numeric:
            values = validate.numeric(customers, name, allow_negative=True).astype(float)
            parts = {"respondents": values[responded], "non_respondents": values[~responded],
                     "all_customers": values}
            for statistic in ("mean", "median"):
                rows[(name, statistic)] = {k: float(v.agg(statistic)) if len(v) else math.nan
                                           for k, v in parts.items()}
            continue
        if column.isna().any():
            validate.missing(column, name)
        text = column.astype(str)
        for value in sorted(text.unique()):
            hit = (text == value).to_numpy()
            rows[(name, value)] = {
                "respondents": float(hit[responded].mean()),
                "non_respondents": float(hit[~responded].mean()) if (~responded).any()
                else math.nan,
                "all_customers": float(hit.mean())}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index = pd.MultiIndex.from_tuples(table.index, names=["column", "value"])
    table["difference"] = table["respondents"] - table["all_customers"]
    table.attrs["response_rate"] = float(responded.mean())
    return table


#: The columns :func:`satisfaction_curve` reads, by role, as the sample data name them.
CURVE_COLUMNS: dict[str, str] = {
    "customer": "customer_id",
    "survey_date": "survey_date",
    "date": "order_date",
}


def _repurchase(survey: pd.DataFrame, transactions: pd.DataFrame, window_days: Any,
                score: str, as_of: Any, scale: Any, columns: Any
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int, int]:
    """(complete, answers, orders after, low, high, window) for every survey row.

    The window is the book's one event -> later-activity window,
    :func:`crmkit._customers.later_activity`: from the day after the survey day up
    to and including ``window_days`` days later, complete windows only.
    """
    _survey(survey)
    roles = validate.column_map(columns, CURVE_COLUMNS)
    validate.columns(survey, {**validate.needed(roles, "customer", "survey_date"),
                              "score": score})
    low, high = _scores.scale_of(score, scale)
    answers = _scores.checked(survey, score, (low, high)).to_numpy()
    later = _customers.later_activity(survey, transactions, window_days, roles=roles,
                                      event="survey_date", as_of=as_of,
                                      names=("survey", "survey answer", "一份调查回答"))
    complete = later["complete"].to_numpy()
    after = later["later_orders"].to_numpy(dtype=np.int64, na_value=0)
    return complete, answers, after, low, high, int(later.attrs["window_days"])


@validate.checked
def repurchase_after_survey(
    survey: pd.DataFrame,
    transactions: pd.DataFrame,
    window_days: int = 180,
    *,
    score: str = "satisfaction",
    as_of: Any = None,
    scale: tuple[int, int] | None = None,
    columns: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Every survey answer with what the customer did next: did they buy again?

    For each answer: the number of orders the customer placed in the
    ``window_days`` after the survey day (from the next day up to
    ``window_days`` days later) and whether there was at least one.  Answers
    whose window runs past ``as_of`` (default: the last order day in the data)
    are left out, because we cannot yet see whether those customers came back;
    ``result.attrs["left_out"]`` says how many.  :func:`satisfaction_curve`
    sums this up per score; :func:`group_difference` with ``measure="share",
    score="repurchased"`` compares two groups of it.

    ``score``, ``scale`` and ``columns`` as in :func:`satisfaction_curve`;
    ``as_of`` means what it means everywhere in crmkit
    (:func:`crmkit.validate.as_of_date`): the day the analysis looks from, at the
    end of that day.

    Returns
    -------
    DataFrame
        The survey's rows with a complete window (their index kept; the survey
        date as a date-time column), plus ``orders_after`` (int) and
        ``repurchased`` (bool).

    Raises
    ------
    CRMDataError
        As :func:`satisfaction_curve`.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> survey = pd.DataFrame({"customer_id": ["A", "B"], "satisfaction": [5, 4],
    ...                        "survey_date": ["2024-01-10", "2024-01-10"]})
    >>> orders = pd.DataFrame({"customer_id": ["A", "B", "A"],
    ...                        "order_date": ["2024-02-01", "2023-12-01", "2024-12-31"]})
    >>> ck.repurchase_after_survey(survey, orders, 90)["repurchased"].tolist()
    [True, False]
    """
    complete, _, after, _, _, window = _repurchase(survey, transactions, window_days, score,
                                                    as_of, scale, columns)
    asked = validate.column_map(columns, CURVE_COLUMNS)["survey_date"]
    result = survey.loc[complete].copy()
    # the survey day as a plain date-time column, however it was written
    result[asked] = validate.dates(survey, asked).to_numpy()[complete]
    result["orders_after"] = after[complete]
    result["repurchased"] = after[complete] > 0
    result.attrs["left_out"] = int((~complete).sum())
    result.attrs["window_days"] = window
    return result


def _zones(index: np.ndarray, low: int, high: int) -> list[str]:
    """The zone of each score: by its position on the scale (1–2, 3–4, 5 on a 1–5 scale)."""
    position = (index - low) / (high - low)
    return [ZONES[0] if p < 0.4 else ZONES[1] if p < 0.9 else ZONES[2] for p in position]


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
    level: float = 0.95,
) -> pd.DataFrame:
    """Repurchase rate by satisfaction score: do satisfied customers come back?

    For every survey answer, did the customer place at least one order in the
    ``window_days`` after the survey day (from the next day up to and
    including ``window_days`` days later: an order on the survey day itself
    may have come before the answer and does not count)?  The share who did, per score, is the
    satisfaction–repurchase curve.  Answers whose window runs past ``as_of``
    (default: the last order day in the data) are left out, because we cannot
    yet see whether those customers came back; ``result.attrs["left_out"]``
    says how many.  :func:`repurchase_after_survey` gives the answers one by one.

    The column ``ratio_to_score_below`` compares each score with the one
    below it: at Xerox the 5s were about six times as likely to buy again as
    the 4s (``result.loc[5, "ratio_to_score_below"]``).  Each rate and ratio
    has its interval at ``level`` (95%): Wilson's for a rate, Katz's log
    interval for a ratio.  ``zone`` places each score in the zones of the
    satisfaction–loyalty curve (:data:`ZONES`).

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
        that score), ``rate_low``, ``rate_high``, ``ratio_to_score_below``,
        ``ratio_low``, ``ratio_high`` and ``zone``.

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
    complete, answers, after, low, high, window = _repurchase(
        survey, transactions, window_days, score, as_of, scale, columns)
    z = _z(level)
    kept = answers[complete]
    respondents = np.bincount(kept - low, minlength=high - low + 1)
    repurchasers = np.bincount(kept - low, weights=after[complete] > 0,
                               minlength=high - low + 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(respondents > 0, repurchasers / np.maximum(respondents, 1), np.nan)
        below = np.concatenate([[np.nan], rate[:-1]])
        ratio = np.where(below > 0, rate / np.where(below > 0, below, 1), np.nan)
        hits, n = repurchasers, respondents.astype(float)
        hits_below, n_below = np.concatenate([[np.nan], hits[:-1]]), np.concatenate(
            [[np.nan], n[:-1]])
        spread = z * np.sqrt(1 / hits - 1 / n + 1 / hits_below - 1 / n_below)
        usable = (hits > 0) & (hits_below > 0)
        ratio_low = np.where(usable, ratio * np.exp(-spread), np.nan)
        ratio_high = np.where(usable, ratio * np.exp(spread), np.nan)
    rate_low, rate_high = _wilson(repurchasers, respondents, z)
    index = np.arange(low, high + 1)
    curve = pd.DataFrame(
        {"respondents": respondents, "repurchasers": repurchasers.astype(np.int64),
         "repurchase_rate": rate, "rate_low": rate_low, "rate_high": rate_high,
         "ratio_to_score_below": ratio, "ratio_low": ratio_low, "ratio_high": ratio_high,
         "zone": _zones(index, low, high)},
        index=pd.RangeIndex(low, high + 1, name="score"),
    )
    curve.attrs["left_out"] = int((~complete).sum())
    curve.attrs["window_days"] = window
    return curve
