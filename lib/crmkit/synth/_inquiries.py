"""Six B2B inquiries to Xinghe Mart's corporate-sales team, for the screening exercise (chapter 02).

SYNTHETIC: written for the workbook, not real messages; the companies,
addresses, e-mail addresses and web sites are invented.
Each inquiry is built so that one of the seed's screening signals decides it
(web site, e-mail domain, a named model number, trade vocabulary, an address
that fits the claimed identity).  Xinghe Mart's own product codes: gift boxes
``XH-GB168`` and ``XH-GB268``, gift cards ``XH-GC500``.

The table is fixed (no random draw), so it is the same on every machine.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["make_inquiries"]

# inquiry_id, company, email, website, claimed, address_kind, product_code, trade_terms,
# asks_sample, message_en, message_zh
_ROWS = [
    ("Q1", "杭州禾岚餐饮有限公司", "caigou@helancy.com", "helancy.com", "local_firm", "office",
     "XH-GB268", "VAT invoice; delivery in two batches", True,
     "We need 300 XH-GB268 Mid-Autumn gift boxes for our staff, delivered in two batches "
     "before 10 September. Please quote with a VAT invoice and send one sample box.",
     "我司需要 300 盒 XH-GB268 中秋礼盒发给员工，9 月 10 日前分两批交货。"
     "请报价（开增值税专用发票），"
     "并寄一盒样品。"),
    ("Q2", "环球零售采购中心", "globalbuyer88@163.com", None, "global_chain_office",
     "residential_flat", None, None, True,
     "We are the China buying office of a world-famous retail chain. We are very interested "
     "in all your products and will order in very large quantities. Send samples of "
     "everything to our office first.",
     "我们是某国际知名零售集团驻华采购办，对贵司全部产品都很感兴趣，订量很大。请先把所有产品的样品寄到我们办公室。"),
    ("Q3", "嘉兴瑞丰物业服务有限公司", "admin@ruifengwy.cn", "ruifengwy.cn", "local_firm",
     "office", "XH-GC500", "MOQ; unit price", False,
     "For our residents' festival gifts we are comparing your XH-GC500 gift cards with two "
     "other suppliers. What are your MOQ and unit price for 120 cards?",
     "我们在为小区业主准备节日礼品，正在把贵司的 XH-GC500 礼品卡与另外两家供应商比较。"
     "120 张的起订量和单价是多少？"),
    ("Q4", "（个人）", "xiaoli2003@qq.com", None, "none", "none", None, None, True,
     "I am writing a course paper on retail gift cards. Could you send me your price list "
     "and a free gift box?",
     "我在写一篇关于零售礼品卡的课程论文，能否寄给我一份价目表和一个免费礼盒？"),
    ("Q5", "湖州鼎新科技有限公司", "hr.dingxin@163.com", "dingxintech.com", "local_firm",
     "office", "XH-GB168", "invoice title; delivery to two sites", True,
     "Our HR team wants 80 XH-GB168 boxes for the Mid-Autumn festival, delivered to our two "
     "sites. Please send a quotation to the invoice title below, and a sample if possible.",
     "我司人事部需要 80 盒 XH-GB168 中秋礼盒，分送两个厂区。请按下面的发票抬头报价，"
     "方便的话寄一盒样品。"),
    ("Q6", "上海恒泰贸易有限公司", "sales@hengtai-trade.com", "hengtai-trade.com", "local_firm",
     "office", None, None, False,
     "Please send your full price list and catalogue for all products.",
     "请发送贵司全部产品的完整价目表和产品目录。"),
]
_COLUMNS = ["inquiry_id", "company", "email", "website", "claimed", "address_kind",
            "product_code", "trade_terms", "asks_sample", "message_en", "message_zh"]


def make_inquiries() -> pd.DataFrame:
    """The six synthetic B2B inquiries (one row each), as evidence to screen.

    Columns: ``inquiry_id``; ``company`` (as the sender names it); ``email``;
    ``website`` (missing when none is given); ``claimed`` (who the sender says
    they are: ``local_firm``, ``global_chain_office``, ``none``);
    ``address_kind`` (``office``, ``residential_flat``, ``none``);
    ``product_code`` (a Xinghe Mart model number the message names, or
    missing); ``trade_terms`` (trade vocabulary the message uses, or missing);
    ``asks_sample``; the message in English and Chinese.

    >>> make_inquiries()[["inquiry_id", "website", "product_code"]].head(2)
      inquiry_id      website product_code
    0         Q1  helancy.com     XH-GB268
    1         Q2          NaN          NaN
    """
    frame = pd.DataFrame(_ROWS, columns=_COLUMNS)
    text = pd.StringDtype(na_value=float("nan"))
    for column in _COLUMNS:
        if column != "asks_sample":
            frame[column] = frame[column].astype(text)
    return frame
