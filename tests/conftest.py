"""Shared test set-up: a non-interactive matplotlib and English labels for every test."""

import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _english_and_closed_figures():
    import matplotlib.pyplot as plt

    import crmkit as ck

    ck.set_language("en")
    yield
    ck.set_language("en")
    plt.close("all")
