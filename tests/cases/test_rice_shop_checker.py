"""Case study 1, Wang Yongqing's rice shop: the checked tasks c01.* and where they live."""

import numpy as np
import pandas as pd
import pytest

import crmkit as ck
from crmkit.exercises import exercise, registered

TEXT = {"en": "t", "zh": "题"}


def test_the_case_registers_its_four_tasks_from_its_own_package():
    assert registered("c01") == ["c01.collection", "c01.first_delivery", "c01.run_out",
                                 "c01.visits"]

    def misplaced():
        return 1

    misplaced.__module__ = "crmkit.cases.rice_shop.exercises"
    with pytest.raises(ck.CRMDataError, match="module of chapter c01"):
        exercise("04.misplaced", title=TEXT, hint=TEXT)(misplaced)


def test_run_out_checker_names_the_31_day_slip_even_without_a_tolerance():
    # 60 kg for 8 people eating 9.3 kg a month lasts exactly 25.0 days in 31-day months,
    # but floating point gives 24.999..., and a student's plain np.floor makes it 24.
    h = ck.load_rice_households()
    days = h["jar_kg"] / (h["members"] * h["kg_per_person_month"] / 31)
    answer = h["last_delivery"] + pd.to_timedelta(np.floor(days), unit="D")
    answer.index = h["household_id"]
    result = ck.check("c01.run_out", answer.rename("run_out_date"))
    assert not result
    assert "31-day months" in str(result)
