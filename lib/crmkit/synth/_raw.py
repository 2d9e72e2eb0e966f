"""The customer records as first collected (customers_raw.csv), with realistic dirt.

Each clean customer appears once as typed in at sign-up, in the form its
source produced (paper forms typed in at the store are the dirtiest, the app's
validated form the cleanest, records migrated from the old system in early
2023 have their own formats).  On top come later re-registrations of the same
people (duplicates with spelling and format variants), exact double imports and
a few test records.  Planted defects (chapter 02):

* duplicates: the same person again, name variant (space, homophone), phone in
  another format or a new number, fields left empty;
* invalid phones: too short or long, letters for digits, placeholders;
* missing fields and placeholders such as "n/a", "-", "未知";
* impossible birth years (1900 default, future years, two or five digits);
* inconsistent city and district names (case, " City", Chinese, spaces);
* format variants of dates, gender, yes/no flags, member levels, channels.

:func:`make_customers_raw` also returns the answer key (never written to
``data/``): which customer each record belongs to and which defects it got.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from crmkit.datasets import CHANNELS, RAW_SOURCES
from crmkit.errors import CRMDataError
from crmkit.synth._base import DAYS, DEFAULT_SEED, START, ids, rng_for

__all__ = ["make_customers_raw"]

_CITY_ZH = {"Hangzhou": "杭州", "Shaoxing": "绍兴", "Jiaxing": "嘉兴", "Huzhou": "湖州",
            "Ningbo": "宁波"}
_DISTRICT_ZH = {
    "Xihu": "西湖区", "Gongshu": "拱墅区", "Shangcheng": "上城区", "Binjiang": "滨江区",
    "Xiaoshan": "萧山区", "Yuhang": "余杭区", "Linping": "临平区", "Qiantang": "钱塘区",
    "Fuyang": "富阳区", "Lin'an": "临安区", "Yuecheng": "越城区", "Keqiao": "柯桥区",
    "Nanhu": "南湖区", "Xiuzhou": "秀洲区", "Wuxing": "吴兴区", "Nanxun": "南浔区",
    "Haishu": "海曙区", "Yinzhou": "鄞州区",
}
# Characters that sound alike and get mixed up when a name is typed from speech.
_HOMOPHONE = dict(zip("芳静丽娜敏伟强磊军勇杰涛明超刚平辉鹏华飞斌宇浩凯婷雪琳颖慧欣怡佳悦晨",
                      "方晶莉那民玮墙蕾君永洁韬铭潮钢萍晖朋桦菲彬雨皓恺亭学林莹惠新仪嘉越辰",
                      strict=True))
# Per source (store_form, app, hotline, import): rates of each kind of dirt.
_RATES = {
    "phone_invalid": (0.04, 0.004, 0.03, 0.03),
    "phone_format": (0.10, 0.02, 0.08, 0.15),
    "missing_gender": (0.03, 0.005, 0.02, 0.05),
    "missing_birth_year": (0.06, 0.01, 0.04, 0.05),
    "missing_district": (0.08, 0.02, 0.05, 0.06),
    "missing_phone": (0.02, 0.0, 0.01, 0.03),
    "missing_marketing_consent": (0.05, 0.0, 0.03, 0.04),
    "birth_year_impossible": (0.015, 0.002, 0.015, 0.015),
    "city_variant": (0.30, 0.05, 0.25, 1.0),
    "district_variant": (0.10, 0.0, 0.05, 1.0),
    "gender_format": (0.10, 0.0, 0.30, 1.0),
    "date_format": (0.20, 0.0, 0.10, 1.0),
    "bool_format": (0.30, 0.0, 0.30, 1.0),
    "level_format": (0.10, 0.0, 0.05, 1.0),
    "channel_format": (0.10, 0.0, 0.05, 0.0),
    "placeholder": (0.015, 0.0, 0.01, 0.01),
    "name_whitespace": (0.04, 0.0, 0.02, 0.03),
}
_KEY_ORDER = ("duplicate", "exact_duplicate", "test_record", "name_variant", "phone_changed",
              *_RATES)


def _pick(rng: np.random.Generator, options: list, n: int) -> np.ndarray:
    return np.array(options, dtype=object)[rng.integers(0, len(options), n)]


def _s(values: np.ndarray) -> pd.Series:
    return pd.Series(values, dtype=object)


class _Dirt:
    """Applies defects to a table of text columns and remembers which rows got what."""

    def __init__(self, rng: np.random.Generator, table: dict[str, np.ndarray], source: np.ndarray):
        self.rng, self.t, self.source = rng, table, source
        self.n = len(source)
        self.marks: dict[str, np.ndarray] = {k: np.zeros(self.n, dtype=bool) for k in _KEY_ORDER}
        self.touched = {c: np.zeros(self.n, dtype=bool) for c in table}

    def rows(self, kind: str, extra: np.ndarray | None = None) -> np.ndarray:
        """Rows that get defect ``kind``, at the rate of each row's source."""
        hit = self.rng.random(self.n) < np.array(_RATES[kind])[self.source]
        return hit if extra is None else hit & extra

    def put(self, kind: str, column: str, hit: np.ndarray,
            make: Callable[[np.ndarray], np.ndarray]) -> None:
        """Replace ``column`` in the ``hit`` rows by ``make(row numbers)``.

        A cell gets at most one defect: rows already changed in ``column`` are
        left alone, so the answer key names exactly what happened to each cell.
        """
        where = np.flatnonzero(hit & ~self.touched[column])
        if len(where) == 0:
            return
        self.touched[column][where] = True
        col = self.t[column].copy()
        col[where] = make(where)
        self.t[column] = col
        self.marks[kind][where] = True


def _phone_formats(rng: np.random.Generator, phone: np.ndarray) -> np.ndarray:
    s = _s(phone).fillna("")
    a, b, c = s.str[:3], s.str[3:7], s.str[7:]
    styles = np.stack([(a + "-" + b + "-" + c).to_numpy(), (a + " " + b + " " + c).to_numpy(),
                       ("+86 " + s).to_numpy(), ("86" + s).to_numpy()], axis=1)
    return styles[np.arange(len(s)), rng.integers(0, 4, len(s))]


def _phone_invalid(rng: np.random.Generator, phone: np.ndarray) -> np.ndarray:
    s = _s(phone).fillna("10000000000")
    styles = np.stack([
        s.str[:10].to_numpy(),                                  # a digit lost
        (s + s.str[-1]).to_numpy(),                             # a digit doubled
        s.str.replace("1", "l", n=1).str.replace("0", "O", n=1).to_numpy(),  # letters
        np.full(len(s), "n/a", dtype=object),
        np.full(len(s), "0", dtype=object),
        np.full(len(s), "-", dtype=object),
    ], axis=1)
    return styles[np.arange(len(s)), rng.choice(6, size=len(s), p=[0.3, 0.25, 0.2, 0.1, 0.1, 0.05])]


def _birth_impossible(rng: np.random.Generator, year: np.ndarray) -> np.ndarray:
    k = len(year)
    styles = np.stack([
        np.full(k, "1900", dtype=object), np.full(k, "1899", dtype=object),
        (2026 + rng.integers(0, 10, k)).astype(str).astype(object),  # a future year
        np.char.add(year.astype(str), "0").astype(object),            # five digits
        np.char.zfill((year % 100).astype(str), 2).astype(object),     # two digits
        np.full(k, "0", dtype=object),
    ], axis=1)
    return styles[np.arange(k), rng.choice(6, size=k, p=[0.3, 0.1, 0.2, 0.15, 0.15, 0.1])]


def _city_variants(rng: np.random.Generator, city: np.ndarray, imported: np.ndarray) -> np.ndarray:
    cs = _s(city)
    zh = cs.map(_CITY_ZH)
    styles = np.stack([
        cs.str.lower().to_numpy(dtype=object), cs.str.upper().to_numpy(dtype=object),
        (cs + " City").to_numpy(dtype=object), zh.to_numpy(dtype=object),
        (zh + "市").to_numpy(dtype=object), (" " + cs + " ").to_numpy(dtype=object),
    ], axis=1)
    pick = np.where(imported, 4, rng.choice(6, size=len(cs), p=[0.3, 0.1, 0.15, 0.25, 0.1, 0.1]))
    return styles[np.arange(len(cs)), pick]


def _date_formats(rng: np.random.Generator, day: np.ndarray) -> np.ndarray:
    d = pd.DatetimeIndex(day)
    y, m, dd = d.year.astype(str), d.month.astype(str), d.day.astype(str)
    m2, d2 = pd.Index(m).str.zfill(2), pd.Index(dd).str.zfill(2)
    styles = np.stack([
        (y + "/" + m2 + "/" + d2).to_numpy(dtype=object),
        (y + "/" + m + "/" + dd).to_numpy(dtype=object),
        (y + "年" + m + "月" + dd + "日").to_numpy(dtype=object),
        (d2 + "/" + m2 + "/" + y).to_numpy(dtype=object),
        (y + m2 + d2).to_numpy(dtype=object),
    ], axis=1)
    return styles[np.arange(len(d)), rng.choice(5, size=len(d), p=[0.3, 0.3, 0.15, 0.1, 0.15])]


def _name_variant(rng: np.random.Generator, name: np.ndarray) -> np.ndarray:
    s = _s(name)
    last = s.str[-1].map(_HOMOPHONE)
    homophone = (s.str[:-1] + last).to_numpy(dtype=object)
    spaced = (s.str[:1] + " " + s.str[1:]).to_numpy(dtype=object)
    return np.where(last.notna().to_numpy() & (rng.random(len(s)) < 0.6), homophone, spaced)


_SOURCE_BY_CHANNEL = np.array([  # P(store_form, app, hotline) by acquisition channel
    [0.8, 0.0, 0.2], [0.0, 0.9, 0.1], [0.4, 0.6, 0.0], [0.0, 0.9, 0.1], [0.0, 0.9, 0.1]])
_LEVEL_ZH = {"none": "无", "silver": "银卡", "gold": "金卡", "platinum": "白金卡"}


def make_customers_raw(customers: pd.DataFrame, *, seed: int | None = None
                       ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Build the dirty first-collected records from the clean ``customers`` frame.

    Returns ``(raw, key)``.  ``raw`` is what customers_raw.csv holds (all text).
    ``key`` is the answer key for exercises, one row per raw record:
    ``record_id``, ``customer_id`` (missing for test records), ``duplicate``
    (True for a later copy of a customer already on file) and ``defects``
    (the planted defects, separated by ``;``).  The result depends only on
    ``customers`` and ``seed`` (default: the workbook's seed), so the key of
    the committed file can be rebuilt from customers.csv alone.

    >>> from crmkit.datasets import load_customers
    >>> raw, key = make_customers_raw(load_customers())
    >>> int(key["duplicate"].sum()) > 0 and int(key["customer_id"].isna().sum()) > 0
    True
    """
    needed = ["customer_id", "name", "gender", "birth_year", "city", "district", "phone",
              "signup_date", "channel", "is_member", "member_level", "marketing_consent"]
    missing = [c for c in needed if c not in customers.columns]
    if missing:
        raise CRMDataError(f"make_customers_raw: customers lacks {missing}. Fix: pass the "
                           "frame from crmkit.datasets.load_customers().",
                           zh=f"make_customers_raw：customers 缺少 {missing}。修正（Fix）：传入 "
                              "crmkit.datasets.load_customers() 读入的数据框。")
    rng = rng_for(DEFAULT_SEED if seed is None else seed, "raw")
    n = len(customers)
    cid = customers["customer_id"].to_numpy(dtype=object)
    signup = customers["signup_date"].to_numpy(dtype="datetime64[D]")
    channel = customers["channel"].to_numpy(dtype=object)
    channel_code = pd.Categorical(channel, categories=list(CHANNELS)).codes

    # Who gets re-registered (once or twice) or double-imported.
    copies = np.where(rng.random(n) < 0.085, np.where(rng.random(n) < 0.18, 2, 1), 0)
    exact = rng.random(n) < 0.01
    rows = np.concatenate([np.arange(n), np.repeat(np.arange(n), copies)])
    is_dup = np.r_[np.zeros(n, bool), np.ones(len(rows) - n, bool)]
    m = len(rows)
    later = rng.integers(5, 400, m)
    day = signup[rows] + np.where(is_dup, later, 0).astype("timedelta64[D]")
    day = np.minimum(day, START + np.timedelta64(DAYS - 1, "D"))

    early = (signup[rows] - START).astype(np.int64) < 75
    cum = np.cumsum(_SOURCE_BY_CHANNEL[channel_code[rows]], axis=1)
    source = np.minimum((rng.random((m, 1)) >= cum).sum(axis=1), 2)
    source = np.where(~is_dup & early & (rng.random(m) < 0.6), 3, source)
    imported = source == 3

    def column(name: str) -> np.ndarray:
        return customers[name].astype(str).to_numpy(dtype=object)[rows]

    table = {c: column(c) for c in needed[1:]}
    table["signup_date"] = pd.DatetimeIndex(day).strftime("%Y-%m-%d").to_numpy(dtype=object)
    dirt = _Dirt(rng, table, source)
    dirt.marks["duplicate"][:] = is_dup

    def empty(where: np.ndarray) -> np.ndarray:
        return np.full(len(where), None, dtype=object)

    def cur(name: str) -> Callable[[np.ndarray], np.ndarray]:
        return lambda where: dirt.t[name][where]

    # Duplicates: the same person typed again, differently.
    dirt.put("name_variant", "name", is_dup & (rng.random(m) < 0.35),
             lambda w: _name_variant(rng, table["name"][w]))
    dirt.put("phone_changed", "phone", is_dup & (rng.random(m) < 0.10),
             lambda w: np.array([f"100{d:08d}" for d in rng.integers(0, 10**8, len(w)).tolist()],
                                dtype=object))
    dirt.put("phone_format", "phone", is_dup & (rng.random(m) < 0.40),
             lambda w: _phone_formats(rng, dirt.t["phone"][w]))
    for name, share in (("birth_year", 0.2), ("district", 0.2), ("marketing_consent", 0.15)):
        dirt.put(f"missing_{name}", name, is_dup & (rng.random(m) < share), empty)

    # Dirt by source on every record.
    dirt.put("phone_format", "phone", dirt.rows("phone_format"),
             lambda w: _phone_formats(rng, dirt.t["phone"][w]))
    dirt.put("phone_invalid", "phone", dirt.rows("phone_invalid"),
             lambda w: _phone_invalid(rng, table["phone"][w]))
    year = customers["birth_year"].to_numpy()[rows]
    dirt.put("birth_year_impossible", "birth_year", dirt.rows("birth_year_impossible"),
             lambda w: _birth_impossible(rng, year[w]))
    dirt.put("city_variant", "city", dirt.rows("city_variant"),
             lambda w: _city_variants(rng, table["city"][w], imported[w]))
    has_district = _s(dirt.t["district"]).notna().to_numpy()
    dirt.put("district_variant", "district", dirt.rows("district_variant", has_district),
             lambda w: np.where(imported[w] | (rng.random(len(w)) < 0.5),
                                _s(table["district"][w]).map(_DISTRICT_ZH).to_numpy(dtype=object),
                                _s(table["district"][w]).str.lower().to_numpy(dtype=object)))
    female = table["gender"] == "F"
    gender_style = np.where(imported, np.where(female, "female", "male"),
                            np.where(source == 2, np.where(female, "女", "男"),
                                     np.where(female, "f", "m"))).astype(object)
    dirt.put("gender_format", "gender", dirt.rows("gender_format"), lambda w: gender_style[w])
    dirt.put("date_format", "signup_date", dirt.rows("date_format"),
             lambda w: _date_formats(rng, day[w]))
    bool_style = np.where(imported, 0, np.where(source == 2, 1, 2 + rng.integers(0, 2, m)))
    yes = np.array(["1", "Y", "yes", "是"], dtype=object)[bool_style]
    no = np.array(["0", "N", "no", "否"], dtype=object)[bool_style]
    hit = dirt.rows("bool_format")
    for name in ("is_member", "marketing_consent"):
        values = dirt.t[name]
        dirt.put("bool_format", name, hit & _s(values).notna().to_numpy(),
                 lambda w, v=values: np.where(v[w] == "True", yes[w], no[w]))
    dirt.put("level_format", "member_level", dirt.rows("level_format"),
             lambda w: np.where(imported[w], _s(table["member_level"][w]).str.capitalize(),
                                _s(table["member_level"][w]).map(_LEVEL_ZH)).astype(object))
    dirt.put("channel_format", "channel", dirt.rows("channel_format"),
             lambda w: _s(table["channel"][w]).str.capitalize().to_numpy(dtype=object))
    for kind in ("missing_gender", "missing_birth_year", "missing_district", "missing_phone",
                 "missing_marketing_consent"):
        dirt.put(kind, kind.removeprefix("missing_"), dirt.rows(kind), empty)
    hit = dirt.rows("placeholder")
    in_district = rng.random(m) < 0.5
    for name, mask in (("district", in_district), ("gender", ~in_district)):
        dirt.put("placeholder", name, hit & mask,
                 lambda w: _pick(rng, ["n/a", "-", "未知"], len(w)))
    dirt.put("name_whitespace", "name", dirt.rows("name_whitespace"),
             lambda w: np.where(rng.random(len(w)) < 0.5, " " + _s(dirt.t["name"][w]),
                                _s(dirt.t["name"][w]) + " ").astype(object))

    # Exact double imports (a record copied as it stands) and test records.
    twin = np.flatnonzero(exact[rows] & ~is_dup)
    n_test = max(3, n // 1000)
    test = {
        "name": _pick(rng, ["测试", "test", "TEST用户", "张三", "aaa"], n_test),
        "gender": _pick(rng, ["F", "M", None], n_test),
        "birth_year": _pick(rng, ["1900", "2000", None], n_test),
        "city": _pick(rng, ["Hangzhou", "test"], n_test),
        "district": _pick(rng, ["Xihu", None], n_test),
        "phone": _pick(rng, ["10000000000", "10012345678", "10011111111"], n_test),
        "signup_date": pd.DatetimeIndex(
            START + rng.integers(0, DAYS, n_test).astype("timedelta64[D]")).strftime(
                "%Y-%m-%d").to_numpy(dtype=object),
        "channel": _pick(rng, ["app", "store"], n_test),
        "is_member": _pick(rng, ["False", "True"], n_test),
        "member_level": _pick(rng, ["none"], n_test),
        "marketing_consent": _pick(rng, ["False", None], n_test),
    }
    test_day = pd.to_datetime(test["signup_date"]).to_numpy(dtype="datetime64[D]")
    out = {c: np.concatenate([dirt.t[c], dirt.t[c][twin], test[c]]) for c in table}
    src = np.concatenate([source, source[twin], rng.choice([0, 1], size=n_test)])
    owner = np.concatenate([cid[rows], cid[rows][twin], np.full(n_test, None, dtype=object)])
    when = np.concatenate([day, day[twin], test_day])
    marks = {k: np.concatenate([v, v[twin], np.zeros(n_test, bool)]) for k, v in dirt.marks.items()}
    marks["duplicate"][m: m + len(twin)] = True
    marks["exact_duplicate"][m: m + len(twin)] = True
    marks["test_record"][m + len(twin):] = True

    order = np.lexsort((rng.random(len(src)), when))
    total = len(order)
    defects = np.full(total, "", dtype=object)
    for kind in _KEY_ORDER:
        flag = marks[kind][order]
        defects = np.where(flag, np.where(defects == "", kind, defects + ";" + kind), defects)
    text_dtype = pd.StringDtype(na_value=np.nan)
    record_id = ids("R", total, 5)
    raw = {"record_id": record_id, "source": np.array(RAW_SOURCES, dtype=object)[src[order]]}
    raw.update({c: out[c][order] for c in table})
    raw_frame = pd.DataFrame({k: pd.array(v, dtype=text_dtype) for k, v in raw.items()})
    key = pd.DataFrame({
        "record_id": pd.array(record_id, dtype=text_dtype),
        "customer_id": pd.array(owner[order], dtype=text_dtype),
        "duplicate": marks["duplicate"][order],
        "defects": pd.array(defects, dtype=text_dtype),
    })
    return raw_frame, key
