"""Generate the workbook's sample data: Xinghe Mart (星河优选), deterministically.

``crmkit.synth`` builds every file in ``data/`` from one random seed, so the
committed CSVs can always be rebuilt byte for byte::

    python -m crmkit.synth                       # rebuild data/ with the defaults
    python -m crmkit.synth --customers 100000 --out /tmp/big   # a larger practice set

From Python, :func:`generate` returns the data sets as DataFrames (typed as the
``crmkit.datasets`` loaders return them) and writes them when given
``out_dir``.  The generator plants the structure the chapters teach: a long
tail of customer value, cohorts that decay at different speeds by channel,
satisfaction that drives repurchase, complaint handling that decides whether a
complainer stays, a costly minority of customers, leads whose MAN facts predict
conversion and channels with different acquisition costs.  ``data/README.md``
documents every column and how it was made.

>>> from crmkit import synth
>>> frames = synth.generate(customers=500)
>>> sorted(frames)[:3]
['acquisition', 'complaints', 'customers']
>>> len(frames["transactions"])
8000
"""

from crmkit.synth._generate import DEFAULT_CUSTOMERS, DEFAULT_SEED, generate
from crmkit.synth._inquiries import make_inquiries
from crmkit.synth._raw import make_customers_raw
from crmkit.synth._rice import make_rice_households

__all__ = [
    "DEFAULT_CUSTOMERS",
    "DEFAULT_SEED",
    "generate",
    "make_customers_raw",
    "make_inquiries",
    "make_rice_households",
]
