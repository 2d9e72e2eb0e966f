"""Who the customers are: names, places, phones, sign-up day, channel and hidden traits.

The hidden traits (true satisfaction, how often a customer buys, basket size,
whether the customer is costly to serve) never appear in the files; they drive
what the customers later do, so the analyses of each chapter find them again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crmkit.datasets import CATEGORIES
from crmkit.synth._base import DAYS, MONTHS, draw, month_start, rng_for

__all__ = ["COSTLY_TYPES", "People", "make_people", "synthetic_names"]

# Common Chinese surnames with rough relative frequencies.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_SURNAME_WEIGHT = np.concatenate([np.linspace(7.0, 2.0, 20),
                                  np.linspace(1.8, 0.4, len(_SURNAMES) - 20)])
_GIVEN_F = "芳娜敏静丽艳娟霞秀玲桂英婷雪琳颖慧欣怡佳悦晨雨思涵梦瑶璐倩蕾薇晶莉萍红燕月兰"
_GIVEN_M = "伟强磊军勇杰涛明超刚平辉鹏华飞斌宇浩凯健俊帆鑫博文轩泽晨阳航昊然瑞峰毅"

# City -> districts (pinyin) and weights; most customers live in Hangzhou.
_PLACES = (
    ("Hangzhou", 0.86, ("Xihu", "Gongshu", "Shangcheng", "Binjiang", "Xiaoshan", "Yuhang",
                        "Linping", "Qiantang", "Fuyang", "Lin'an"),
     (14, 14, 13, 10, 14, 13, 7, 6, 5, 4)),
    ("Shaoxing", 0.05, ("Yuecheng", "Keqiao"), (1, 1)),
    ("Jiaxing", 0.04, ("Nanhu", "Xiuzhou"), (1, 1)),
    ("Huzhou", 0.03, ("Wuxing", "Nanxun"), (2, 1)),
    ("Ningbo", 0.02, ("Haishu", "Yinzhou"), (1, 1)),
)

COSTLY_TYPES = ("none", "serial_caller", "returner", "coupon_hunter", "bad_payer")

# Channel mix of new customers at the start and at the end of the three years:
# stores lose share to social media over time.
_CHANNEL_MIX_2023 = np.array([0.38, 0.22, 0.10, 0.12, 0.18])
_CHANNEL_MIX_2025 = np.array([0.26, 0.24, 0.10, 0.26, 0.14])
# Share of registrations that never lead to an order (app sign-ups for a coupon ...).
_NEVER_BUY = np.array([0.0, 0.12, 0.04, 0.15, 0.08])
# Month seasonality of sign-ups: Spring Festival, 618 and Double 11 campaigns.
_SEASON = np.array([0.9, 1.1, 1.0, 1.0, 1.0, 1.2, 1.0, 0.95, 1.0, 1.05, 1.35, 1.1])
# Typical birth year by channel (social-media recruits are youngest).
_BIRTH_MEAN = np.array([1977.0, 1990.0, 1985.0, 1996.0, 1988.0])
# Latent satisfaction 1..5 by channel (referred friends are happiest).
_SAT = np.array([
    [0.10, 0.15, 0.17, 0.31, 0.27],
    [0.11, 0.16, 0.17, 0.30, 0.26],
    [0.06, 0.12, 0.15, 0.32, 0.35],
    [0.14, 0.18, 0.18, 0.28, 0.22],
    [0.11, 0.16, 0.17, 0.30, 0.26],
])
_FAVOURITE_P = np.array([0.30, 0.22, 0.14, 0.09, 0.05, 0.10, 0.10])


@dataclass
class People:
    """The customers as arrays, one entry per customer (index = customer number - 1)."""

    n: int
    name: np.ndarray
    gender: np.ndarray          # 0 = F, 1 = M
    birth_year: np.ndarray
    city: np.ndarray            # object array of city names
    district: np.ndarray
    phone: np.ndarray           # object array "100xxxxxxxx"
    signup: np.ndarray          # day offset (whole days)
    channel: np.ndarray         # index into CHANNELS
    buyer: np.ndarray           # bool: places a first order
    first: np.ndarray           # day offset (float) of the first order; nan for non-buyers
    sat: np.ndarray             # latent satisfaction 1..5
    rate: np.ndarray            # orders per month while active (before scaling)
    basket: np.ndarray          # basket size factor (1 = typical)
    favourite: np.ndarray       # favourite category index
    is_member: np.ndarray
    consent: np.ndarray
    costly: np.ndarray          # index into COSTLY_TYPES


def synthetic_names(rng: np.random.Generator, female: np.ndarray, *,
                    surnames: str = _SURNAMES, weights: np.ndarray | None = None,
                    given_f: str = _GIVEN_F, given_m: str = _GIVEN_M) -> np.ndarray:
    """Synthetic Chinese names: a common surname plus one or two given-name characters.

    Surnames are drawn by ``weights`` (most common first by default); given names
    from the character pools for women and men.  Namesakes occur, as in life.
    """
    n = len(female)
    weights = _SURNAME_WEIGHT if weights is None else np.asarray(weights, dtype=float)
    family = np.array(list(surnames), dtype=object)[
        rng.choice(len(surnames), size=n, p=weights / weights.sum())]
    pool_f = np.array(list(given_f), dtype=object)
    pool_m = np.array(list(given_m), dtype=object)
    first = np.where(female, pool_f[rng.integers(0, len(pool_f), n)],
                     pool_m[rng.integers(0, len(pool_m), n)])
    second = np.where(female, pool_f[rng.integers(0, len(pool_f), n)],
                      pool_m[rng.integers(0, len(pool_m), n)])
    two = rng.random(n) < 0.65
    return family + first + np.where(two & (first != second), second, "")


def _places(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    city_p = np.array([p[1] for p in _PLACES])
    city_i = rng.choice(len(_PLACES), size=n, p=city_p / city_p.sum())
    city = np.array([p[0] for p in _PLACES], dtype=object)[city_i]
    district = np.empty(n, dtype=object)
    u = rng.random(n)
    for i, (_, _, names, weights) in enumerate(_PLACES):
        here = city_i == i
        cum = np.cumsum(weights) / np.sum(weights)
        district[here] = np.array(names, dtype=object)[
            np.minimum(np.searchsorted(cum, u[here], side="right"), len(names) - 1)]
    return city, district


def make_people(seed: int, n: int) -> People:
    """Draw ``n`` customers with their visible attributes and hidden traits."""
    rng = rng_for(seed, "customers")
    # Sign-up month: slow growth plus campaign seasonality; day uniform within.
    months = np.arange(MONTHS)
    weight = (1.0 + 0.6 * months / (MONTHS - 1)) * _SEASON[months % 12]
    month = rng.choice(MONTHS, size=n, p=weight / weight.sum())
    length = month_start(month + 1) - month_start(month)
    signup = np.sort(month_start(month) + np.floor(rng.random(n) * length))  # ids by sign-up
    progress = (signup / DAYS)[:, None]
    channel = draw(rng, (1 - progress) * _CHANNEL_MIX_2023 + progress * _CHANNEL_MIX_2025)

    female = rng.random(n) < 0.58
    name = synthetic_names(rng, female)
    birth = np.clip(np.rint(rng.normal(_BIRTH_MEAN[channel], 10.5)), 1945, 2007).astype(np.int64)
    city, district = _places(rng, n)
    digits = rng.choice(100_000_000, size=n, replace=False)
    phone = np.array([f"100{d:08d}" for d in digits.tolist()], dtype=object)

    # First order: in the store on the day of sign-up; online within days.
    delay = np.floor(rng.exponential(3.0, n))
    first = signup + np.where(channel == 0, 0.0, delay) + rng.random(n)
    buyer = (rng.random(n) >= _NEVER_BUY[channel]) & (first < DAYS)
    first = np.where(buyer, first, np.nan)

    sat = draw(rng, _SAT[channel]) + 1
    rate = rng.gamma(1.7, 1.0, n) * np.array([0.0, 0.8, 0.85, 0.9, 1.0, 1.1])[sat]
    basket = rng.lognormal(0.0, 0.3, n)
    favourite = rng.choice(len(CATEGORIES), size=n, p=_FAVOURITE_P)
    # Frequent shoppers join the membership programme; store and app shoppers more so.
    logit = 0.9 * np.log(rate + 0.05) + np.array([0.4, 0.4, 0.1, -0.5, -0.2])[channel]
    is_member = rng.random(n) < np.where(buyer, 1 / (1 + np.exp(-logit)), 0.12)
    consent = rng.random(n) < np.array([0.55, 0.70, 0.62, 0.66, 0.60])[channel]
    # A minority is costly to serve, each in one way.
    costly = np.where(buyer & (rng.random(n) < 0.09),
                      rng.choice(np.arange(1, 5), size=n, p=[0.35, 0.25, 0.25, 0.15]), 0)
    return People(n=n, name=name, gender=(~female).astype(np.int64), birth_year=birth,
                  city=city, district=district, phone=phone, signup=signup, channel=channel,
                  buyer=buyer, first=first, sat=sat, rate=rate, basket=basket,
                  favourite=favourite, is_member=is_member, consent=consent, costly=costly)
