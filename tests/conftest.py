"""Shared test set-up: a non-interactive matplotlib, English labels, figures rendered."""

import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _english_and_closed_figures():
    import matplotlib.pyplot as plt

    import crmkit as ck

    ck.set_language("en")
    yield
    # Render every figure the test made: a glyph missing from the font only warns when
    # drawn, and tests marked filterwarnings("error") must see that warning.
    for number in plt.get_fignums():
        plt.figure(number).canvas.draw()
    ck.set_language("en")
    plt.close("all")
