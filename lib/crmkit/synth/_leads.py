"""B2B inquiries (leads.csv): companies asking about group purchases and gift cards.

Planted structure (chapter 02): behind every inquiry is a hidden fact, whether
it comes from a genuine buyer (others are price fishing, competitors, students,
spam).  Genuine inquirers more often have money, authority and need (MAN) and
show the inquiry-quality signals (own website, e-mail on the company domain, a
named product, trade vocabulary, a consistent address).  Only genuine leads
convert, more often the more MAN facts hold, so the MAN count and the signals
predict conversion, with noise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.datasets import INDUSTRIES
from crmkit.synth._base import DAYS, frame, ids, rng_for, text, to_date

__all__ = ["LEADS_PER_CUSTOMER", "make_leads"]

LEADS_PER_CUSTOMER = 0.18
_INDUSTRY_P = np.array([0.24, 0.12, 0.22, 0.14, 0.10, 0.07, 0.11])
_INDUSTRY_WORD = ("餐饮", "酒店管理", "科技", "教育科技", "物业服务", "健康管理", "会展服务")
_DEAL_MEDIAN = np.array([12000.0, 25000.0, 8000.0, 15000.0, 10000.0, 18000.0, 9000.0])
_CITY = ("杭州", "杭州", "杭州", "杭州", "绍兴", "嘉兴", "湖州", "宁波")
_BRAND = "禾岚铭晟嘉润恒泰鑫悦锦程华宇瑞丰汇川博远启航云帆盛达和美尚品鼎新联创星澜"
# P(fact) for genuine and for other inquiries, in column order.
_FACTS = {
    "money": (0.68, 0.30), "authority": (0.58, 0.28), "need": (0.78, 0.30),
    "has_website": (0.80, 0.35), "email_domain_matches": (0.70, 0.22),
    "names_model": (0.62, 0.15), "uses_trade_terms": (0.55, 0.15),
    "address_consistent": (0.86, 0.45),
}


def make_leads(seed: int, n: int) -> pd.DataFrame:
    """Draw ``n`` B2B inquiries over the three years."""
    rng = rng_for(seed, "leads")
    day = np.sort(rng.integers(0, DAYS, n))
    genuine = rng.random(n) < 0.55
    facts = {name: rng.random(n) < np.where(genuine, p_true, p_false)
             for name, (p_true, p_false) in _FACTS.items()}
    industry = rng.choice(len(INDUSTRIES), size=n, p=_INDUSTRY_P)
    logit = (-2.5 + 1.1 * facts["money"] + 0.9 * facts["authority"] + 1.3 * facts["need"]
             + rng.normal(0.0, 0.5, n))
    converted = rng.random(n) < np.where(genuine, 1 / (1 + np.exp(-logit)), 0.03)
    value = _DEAL_MEDIAN[industry] * rng.lognormal(0.0, 0.7, n)
    brand = np.array(list(_BRAND), dtype=object)
    company = (np.array(_CITY, dtype=object)[rng.integers(0, len(_CITY), n)]
               + brand[rng.integers(0, len(brand), n)] + brand[rng.integers(0, len(brand), n)]
               + text(_INDUSTRY_WORD, industry) + "有限公司")
    return frame("leads", {
        "lead_id": ids("L", n, 4),
        "received_date": to_date(day),
        "company": company,
        "industry": text(INDUSTRIES, industry),
        **facts,
        "converted": converted,
        "deal_value": np.where(converted, np.round(value, 2), 0.0),
    })
