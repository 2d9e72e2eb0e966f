"""Customer loyalty (客户忠诚): attitude × behaviour, share of wallet, programme break-even.

Chapter 08 separates what customers *feel* from what they *do*:

* :func:`loyalty_matrix` — Dick & Basu's (1994) classes: relative attitude
  (from the survey) × repeat patronage (from the orders) gives true, latent,
  spurious or no loyalty; :func:`loyalty_counts` makes the 2 × 2 table.
* :func:`share_of_wallet` — our share of what the customer spends on the
  category (客户钱包份额), with the wallet given or estimated.
* :func:`programme_breakeven` — when does a loyalty programme pay for itself?
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from crmkit import _customers, _scores, validate
from crmkit.errors import CRMDataError

__all__ = [
    "LOYALTY_CLASSES",
    "LOYALTY_COLUMNS",
    "loyalty_counts",
    "loyalty_matrix",
    "programme_breakeven",
    "share_of_wallet",
]

#: Dick & Basu's four classes: (attitude, patronage) = (high, high), (high, low),
#: (low, high), (low, low).
LOYALTY_CLASSES = ("true", "latent", "spurious", "none")

#: The columns :func:`loyalty_matrix` reads, by role, as the sample data name them: the
#: customer id (the same name in the survey and the orders) and the order date.
LOYALTY_COLUMNS: dict[str, str] = {"customer": "customer_id", "date": "order_date"}

_PATRONAGE = ("orders", "active_share")
_AXES = ("attitude", "patronage")


def _cuts(cuts: Any) -> dict[str, Any]:
    """The fixed cuts asked for, by axis (``None``: the median), refusing unknown axes."""
    if cuts is None:
        return {axis: None for axis in _AXES}
    if not isinstance(cuts, Mapping):
        raise CRMDataError(
            f"cuts must be a mapping from axis to cut such as {{'attitude': 9, "
            f"'patronage': 4}}, but got {cuts!r}. Fix: pass e.g. cuts={{'attitude': 9}} "
            "(an axis left out is cut at its median).",
            zh=f"cuts 应当是从坐标轴到分界值的映射，例如 {{'attitude': 9, 'patronage': 4}}，"
               f"但收到的是 {cuts!r}。修正（Fix）：例如传入 cuts={{'attitude': 9}}"
               "（没有给出的轴以中位数为分界）。"
        )
    for axis in cuts:
        if axis not in _AXES:
            raise CRMDataError(
                f"cuts has the axis {axis!r}; the axes are 'attitude' and 'patronage'. "
                "Fix: use one of those as the key, e.g. cuts={'attitude': 9}.",
                zh=f"cuts 中有坐标轴 {axis!r}；坐标轴只有 'attitude' 和 'patronage'。"
                   "修正（Fix）：用其中一个作键，例如 cuts={'attitude': 9}。"
            )
    return {axis: cuts.get(axis) for axis in _AXES}


def _cut(value: Any, name: str, low: float, high: float | None) -> float:
    return validate.number(value, name, low=low, high=high)


@validate.checked
def loyalty_matrix(
    survey: pd.DataFrame,
    transactions: pd.DataFrame,
    *,
    attitude: str = "recommend",
    patronage: str = "orders",
    cuts: Mapping[str, float | None] | None = None,
    scale: tuple[int, int] | None = None,
    columns: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Dick & Basu's loyalty classes for every surveyed customer.

    *Relative attitude* is the customer's mean answer to ``attitude`` over
    their survey responses (default ``recommend``, 0–10; ``satisfaction`` or
    ``repurchase_intent`` work too).  *Repeat patronage* comes from the orders:
    ``patronage="orders"`` counts them, ``"active_share"`` is the share of the
    months covered by the order data in which the customer bought.
    Respondents without orders have patronage 0.

    A value counts as **high** when it is at or above its cut (``>=``).  The
    cuts default to the medians over the surveyed customers; pass fixed ones
    to compare years or groups, e.g. ``cuts={"attitude": 9, "patronage": 4}``
    (promoters; four orders or more; an axis left out keeps its median).  With
    many tied values the median can put most customers on one side; look at
    ``result.attrs["cuts"]``, which has the same shape.

    ``scale`` is the ``(low, high)`` scale of the attitude column when it is not
    its usual one.  ``columns`` names the columns where they differ from the
    sample data's (:data:`LOYALTY_COLUMNS`), e.g. ``columns={"customer":
    "member_no"}``: ``customer`` in both frames, ``date`` in ``transactions``.

    ==========  ========  =========
    class       attitude  patronage
    ==========  ========  =========
    true        high      high
    latent      high      low
    spurious    low       high
    none        low       low
    ==========  ========  =========

    Returns
    -------
    DataFrame
        One row per surveyed customer (index named after ``customer``):
        ``attitude``, ``patronage``, ``high_attitude``, ``high_patronage``,
        ``loyalty`` (ordered categorical over :data:`LOYALTY_CLASSES`).

    Raises
    ------
    CRMDataError
        Missing columns or ids, scores off the scale, unparseable dates, empty
        frames, an unknown ``patronage``, cuts outside the possible range.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> survey = pd.DataFrame({"customer_id": ["A", "B", "C", "D"],
    ...                        "recommend": [10, 9, 3, 2]})
    >>> orders = pd.DataFrame({"customer_id": ["A"] * 5 + ["C"] * 6 + ["B", "D"],
    ...                        "order_date": ["2024-01-01"] * 13})
    >>> ck.loyalty_matrix(survey, orders)["loyalty"].tolist()
    ['true', 'latent', 'spurious', 'none']
    """
    validate.frame(survey, what="survey")
    roles = validate.column_map(columns, LOYALTY_COLUMNS)
    customer = roles["customer"]
    validate.columns(survey, {**validate.needed(roles, "customer"), "attitude": attitude})
    validate.one_of(patronage, _PATRONAGE, "patronage")
    fixed = _cuts(cuts)
    low, high = _scores.scale_of(attitude, scale)
    scores = _scores.checked(survey, attitude, (low, high))
    codes, names = _customers.group_codes(survey, customer)
    feel = pd.Series(np.bincount(codes, weights=scores.to_numpy(), minlength=len(names))
                     / np.bincount(codes, minlength=len(names)), index=names)
    orders = validate.transactions(transactions, customer=customer, date=roles["date"],
                                   mapped=True)
    buyers, when = orders.ids, orders.dates
    validate.matching_ids(survey[customer], buyers, left_name="survey",
                          right_name="transactions")
    if patronage == "orders":
        do = buyers.value_counts(sort=False).astype(float)
        top = None
    else:
        months = _customers.month_numbers(when)
        span = int(months.max() - months.min()) + 1
        pairs = pd.DataFrame({"id": buyers.to_numpy(dtype=object), "m": months})
        do = pairs.drop_duplicates()["id"].value_counts(sort=False) / span
        top = 1.0
    do = do.reindex(feel.index, fill_value=0.0)
    cut_a = float(feel.median()) if fixed["attitude"] is None else _cut(
        fixed["attitude"], "cuts['attitude']", low, high)
    cut_p = float(do.median()) if fixed["patronage"] is None else _cut(
        fixed["patronage"], "cuts['patronage']", 0.0, top)
    high_a = (feel >= cut_a).to_numpy()
    high_p = (do >= cut_p).to_numpy()
    code = np.where(high_a, np.where(high_p, 0, 1), np.where(high_p, 2, 3))
    result = pd.DataFrame(
        {"attitude": feel.to_numpy(), "patronage": do.to_numpy(),
         "high_attitude": high_a, "high_patronage": high_p,
         "loyalty": pd.Categorical.from_codes(code, categories=list(LOYALTY_CLASSES),
                                              ordered=True)},
        index=pd.Index(feel.index, name=customer),
    )
    result.attrs["cuts"] = {"attitude": cut_a, "patronage": cut_p}
    return result


@validate.checked
def loyalty_counts(matrix: pd.DataFrame) -> pd.DataFrame:
    """The 2 × 2 table of :func:`loyalty_matrix`: customers per attitude × patronage cell.

    Returns
    -------
    DataFrame
        Index ``relative_attitude`` (``high``, ``low``), columns
        ``repeat_patronage`` (``high``, ``low``); counts.  Top left is true
        loyalty, top right latent, bottom left spurious, bottom right none.

    Raises
    ------
    CRMDataError
        A frame without the ``high_attitude`` / ``high_patronage`` columns.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> m = pd.DataFrame({"high_attitude": [True, True, False],
    ...                   "high_patronage": [True, False, False]})
    >>> ck.loyalty_counts(m).to_numpy().tolist()
    [[1, 1], [0, 1]]
    """
    validate.frame(matrix, what="loyalty matrix", allow_empty=True,
                   made_by="ck.loyalty_matrix(...)")
    attitude = _customers.flags(matrix, "high_attitude")
    patronage = _customers.flags(matrix, "high_patronage")
    levels = ["high", "low"]
    counts = np.zeros((2, 2), dtype=np.int64)
    for i, a in enumerate((True, False)):
        for j, p in enumerate((True, False)):
            counts[i, j] = int(((attitude == a) & (patronage == p)).sum())
    return pd.DataFrame(counts, index=pd.Index(levels, name="relative_attitude"),
                        columns=pd.Index(levels, name="repeat_patronage"))


@validate.checked
def share_of_wallet(
    transactions: pd.DataFrame,
    wallet: Any = None,
    *,
    customer: str = "customer_id",
    amount: str = "revenue",
    peers: pd.Series | None = None,
    quantile: float = 0.9,
) -> pd.DataFrame:
    """Share of wallet (钱包份额): our spend / the customer's total spend on the category.

    Parameters
    ----------
    transactions:
        Our orders (one row per order), covering the same period as the wallet.
    wallet:
        What each customer spends on the category in all shops, ours included:
        a Series (or dict) indexed by customer id, or one number for everyone.
        When you do not know it (the usual case), leave it out and it is
        *estimated*: customers like this one who spend the most with us show
        what such a customer can spend in total, so the wallet is the
        ``quantile`` (default 0.9) of our spend among the customer's peers, or
        the customer's own spend if that is higher.
    peers:
        Optional Series mapping customer id → peer group (e.g.
        ``customers.set_index("customer_id")["member_level"]``); default: all
        customers are one group.
    quantile:
        Which top share of peers stands for the full wallet (0–1, default 0.9).

    Returns
    -------
    DataFrame
        One row per customer: ``spend``, ``wallet``, ``share_of_wallet`` (0–1),
        ``wallet_estimated`` (bool).  Customers only in ``wallet`` have spend 0.

    Raises
    ------
    CRMDataError
        Missing columns or ids, text, gaps or negatives in ``amount``, an empty
        frame, a wallet that is missing, not positive or smaller than what the
        customer already spends with us (share above 1), customers missing from
        ``peers``, a ``quantile`` outside 0–1.

    Examples
    --------
    >>> import pandas as pd
    >>> import crmkit as ck
    >>> orders = pd.DataFrame({"customer_id": ["A", "A", "B"], "revenue": [100.0, 200.0, 50.0]})
    >>> ck.share_of_wallet(orders, {"A": 1000, "B": 500})["share_of_wallet"].tolist()
    [0.3, 0.1]
    """
    orders = validate.transactions(transactions, customer=customer, amount=amount)
    spend = _customers.customer_totals(orders).rename("spend")
    if wallet is None:
        q = validate.fraction(quantile, "quantile")
        if peers is None:
            group = pd.Series("all", index=spend.index)
        else:
            if isinstance(peers, dict):
                peers = pd.Series(peers)
            if not isinstance(peers, pd.Series):
                raise CRMDataError(f"peers must be a Series mapping customer id to a "
                                   f"group, not a {type(peers).__name__}.",
                                   zh=f"peers 应当是把客户 ID 对应到分组的 Series，"
                                      f"而不是 {type(peers).__name__}。")
            group = peers[~peers.index.duplicated()].reindex(spend.index)
            if group.isna().any():
                missing = group.index[group.isna()]
                raise CRMDataError(
                    f"peers has no group for customer "
                    f"{', '.join(map(str, missing[:5]))}"
                    f"{' and more' if len(missing) > 5 else ''}. Fix: give every customer a "
                    "group, e.g. `peers = peers.fillna('unknown')`.",
                    zh=f"peers 中没有客户 {', '.join(map(str, missing[:5]))}"
                       f"{' 等' if len(missing) > 5 else ''} 的分组。修正（Fix）：给每个客户"
                       "一个分组，例如 `peers = peers.fillna('unknown')`。"
                )
        bench = spend.groupby(group.astype(str).to_numpy()).transform(lambda s: s.quantile(q))
        table = pd.DataFrame({"spend": spend, "wallet": np.maximum(spend, bench)})
        table["wallet_estimated"] = True
    else:
        if isinstance(wallet, dict):
            wallet = pd.Series(wallet, dtype=object)
        if isinstance(wallet, pd.Series):
            values = validate.numeric(pd.DataFrame({"wallet": wallet.to_numpy()},
                                                   index=wallet.index), "wallet")
            values = values[~values.index.duplicated()]
            everyone = spend.index.union(values.index, sort=False)
            table = pd.DataFrame({"spend": spend.reindex(everyone, fill_value=0.0),
                                  "wallet": values.reindex(everyone)})
            if table["wallet"].isna().any():
                missing = table.index[table["wallet"].isna()]
                raise CRMDataError(
                    f"wallet has no value for customer {', '.join(map(str, missing[:5]))}"
                    f"{' and more' if len(missing) > 5 else ''}. Fix: give every customer in "
                    "the transactions a wallet, or leave wallet out to estimate it.",
                    zh=f"wallet 中没有客户 {', '.join(map(str, missing[:5]))}"
                       f"{' 等' if len(missing) > 5 else ''} 的值。修正（Fix）：给交易数据中的"
                       "每个客户一个 wallet 值，或不传 wallet，让函数去估计它。"
                )
        else:
            size = validate.number(wallet, "wallet", low=0, low_open=True)
            table = pd.DataFrame({"spend": spend, "wallet": size})
        table["wallet_estimated"] = False
        bad = table.index[table["wallet"] <= 0]
        if len(bad):
            raise CRMDataError(f"wallet must be positive, but is not for customer "
                               f"{', '.join(map(str, bad[:5]))}. Fix: correct those wallets.",
                               zh=f"wallet 应当为正数，但客户 {', '.join(map(str, bad[:5]))} "
                                  "的不是。修正（Fix）：改正这些 wallet 值。")
        over = table[table["spend"] > table["wallet"] * (1 + 1e-12)]
        if len(over):
            shown = ", ".join(f"{c} (spend {s:g} > wallet {w:g})"
                              for c, s, w in zip(over.index[:5], over["spend"], over["wallet"],
                                                 strict=False))
            raise CRMDataError(
                f"a customer cannot spend more with us than in the whole category, "
                f"but {shown}. Fix: check that wallet and transactions cover the same period.",
                zh=f"客户在我们这里的消费不可能超过他在整个品类的消费，但 {shown}。"
                   "修正（Fix）：检查 wallet 和交易数据是否覆盖同一时期。"
            )
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(table["wallet"] > 0, table["spend"] / table["wallet"], np.nan)
    table.insert(2, "share_of_wallet", np.minimum(share, 1.0))
    table.index.name = customer
    return table


def _numbers(value: Any, name: str, *, high: float | None = None,
             positive: bool = False) -> np.ndarray:
    """A number or a list/array/Series of numbers as a float array, checked."""
    if isinstance(value, (str, bytes)) or value is None:
        raise CRMDataError(f"{name} must be a number (or a list of numbers), "
                           f"not {value!r}.",
                           zh=f"{name} 应当是一个数（或一组数），而不是 {value!r}。")
    flat = np.atleast_1d(np.asarray(value, dtype=object))
    if flat.ndim != 1:
        raise CRMDataError(f"{name} must be a number or a flat list of numbers.",
                           zh=f"{name} 应当是一个数或一个一维的数字列表。")
    numbers = validate.numeric(pd.DataFrame({name: list(flat)}), name)
    if positive and (numbers <= 0).any():
        raise CRMDataError(f"{name} must be above 0, but got "
                           f"{numbers[numbers <= 0].tolist()[:5]}. Fix: pass positive values.",
                           zh=f"{name} 应当大于 0，但收到了 "
                              f"{numbers[numbers <= 0].tolist()[:5]}。修正（Fix）：传入正数。")
    if high is not None and (numbers > high).any():
        hint = " (a fraction: 0.25, not 25)" if high == 1 else ""
        raise CRMDataError(f"{name} must be at most {high:g}{hint}, but got "
                           f"{numbers[numbers > high].tolist()[:5]}.",
                           zh=f"{name} 最多为 {high:g}"
                              f"{'（是小数：写 0.25，而不是 25）' if high == 1 else ''}，但收到了 "
                              f"{numbers[numbers > high].tolist()[:5]}。")
    return numbers.to_numpy()


@validate.checked
def programme_breakeven(
    members: Any,
    extra_spend_per_member: Any,
    margin_rate: Any,
    cost_per_member: Any,
    fixed_cost: Any = 0.0,
    *,
    fee_per_member: Any = 0.0,
) -> pd.DataFrame:
    """Does a loyalty programme (忠诚计划) pay? Profit and break-even points.

    Each member spends ``extra_spend_per_member`` more than they would have
    without the programme (per year, say), earning ``margin_rate`` of it as
    gross margin, plus any membership ``fee_per_member`` (Costco earns mainly
    from fees); each member costs ``cost_per_member`` (points, gifts, cards,
    mailings) and the programme ``fixed_cost`` (system, staff) in all.

    * contribution per member = extra spend × margin rate + fee − cost per member
    * profit = members × contribution − fixed cost
    * break-even members = fixed cost / contribution (infinite when the
      contribution is not positive: more members only lose more)
    * break-even extra spend = (fixed cost / members + cost − fee) / margin rate
      (0 when the fees alone cover the costs)
    * return on cost = profit / (members × cost per member + fixed cost)

    Every argument can be a number or a list/array (broadcast together), one
    row per scenario — handy for a what-if table or a widget.

    Raises
    ------
    CRMDataError
        Negative or non-numeric values, a ``margin_rate`` outside (0, 1]
        (pass 0.25, not 25), lists of different lengths.

    Examples
    --------
    >>> import crmkit as ck
    >>> plan = ck.programme_breakeven(members=10_000, extra_spend_per_member=400,
    ...                               margin_rate=0.25, cost_per_member=40,
    ...                               fixed_cost=300_000)
    >>> plan[["contribution_per_member", "profit", "breakeven_members"]].iloc[0].tolist()
    [60.0, 300000.0, 5000.0]
    """
    args = {
        "members": _numbers(members, "members"),
        "extra_spend_per_member": _numbers(extra_spend_per_member, "extra_spend_per_member"),
        "margin_rate": _numbers(margin_rate, "margin_rate", high=1.0, positive=True),
        "cost_per_member": _numbers(cost_per_member, "cost_per_member"),
        "fee_per_member": _numbers(fee_per_member, "fee_per_member"),
        "fixed_cost": _numbers(fixed_cost, "fixed_cost"),
    }
    try:
        arrays = np.broadcast_arrays(*args.values())
    except ValueError as err:
        sizes = ", ".join(f"{k}: {len(v)}" for k, v in args.items())
        raise CRMDataError(f"lists of different lengths ({sizes}). Fix: give single "
                           "numbers or lists of the same length.",
                           zh=f"各列表长度不同（{sizes}）。修正（Fix）：传入单个数，"
                              "或长度相同的列表。") from err
    plan = pd.DataFrame(dict(zip(args, (a.copy() for a in arrays), strict=True)))
    contribution = (plan["extra_spend_per_member"] * plan["margin_rate"]
                    + plan["fee_per_member"] - plan["cost_per_member"])
    plan["contribution_per_member"] = contribution
    plan["profit"] = plan["members"] * contribution - plan["fixed_cost"]
    with np.errstate(divide="ignore", invalid="ignore"):
        plan["breakeven_members"] = np.where(
            contribution > 0, plan["fixed_cost"] / np.where(contribution > 0, contribution, 1),
            np.inf)
        per_member = np.where(plan["members"] > 0,
                              plan["fixed_cost"] / np.where(plan["members"] > 0,
                                                            plan["members"], 1),
                              np.where(plan["fixed_cost"] > 0, np.inf, 0.0))
        needed = (per_member + plan["cost_per_member"] - plan["fee_per_member"]) \
            / plan["margin_rate"]
        plan["breakeven_extra_spend"] = np.maximum(needed, 0.0)
        outlay = plan["members"] * plan["cost_per_member"] + plan["fixed_cost"]
        plan["return_on_cost"] = np.where(outlay > 0, plan["profit"] / np.where(
            outlay > 0, outlay, 1), np.nan)
    return plan
