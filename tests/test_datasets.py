"""The loaders (crmkit.datasets) and the generator's in-memory interface (crmkit.synth)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from crmkit import datasets, synth
from crmkit.errors import CRMDataError

DATA = Path(__file__).resolve().parents[1] / "data"
LOADERS = {name: getattr(datasets, f"load_{name}") for name in datasets.FILES}


def _documented_dtypes(loader) -> dict[str, str]:
    """The ``name : dtype`` lines of a loader's Columns section."""
    doc = loader.__doc__ or ""
    section = doc.split("Columns\n-------\n", 1)[1].split("\n\n", 1)[0]
    return dict(re.findall(r"^(\w+) : (.+)$", section, flags=re.MULTILINE))


def _shown(dtype) -> str:
    if isinstance(dtype, pd.CategoricalDtype):
        return "category (ordered: " + " < ".join(dtype.categories) + ")"
    return str(dtype)


@pytest.fixture(scope="module")
def loaded() -> dict[str, pd.DataFrame]:
    return {name: load(data_dir=DATA) for name, load in LOADERS.items()}


@pytest.fixture
def copy_of(tmp_path):
    """Copy one committed file into a temporary folder and return its path."""
    def make(name: str) -> Path:
        target = tmp_path / datasets.FILES[name]
        shutil.copyfile(DATA / datasets.FILES[name], target)
        return target
    return make


# --- typed frames, as documented ----------------------------------------------------------

@pytest.mark.parametrize("name", list(datasets.FILES))
def test_loader_dtypes_are_what_its_docstring_says(name, loaded):
    documented = _documented_dtypes(LOADERS[name])
    frame = loaded[name]
    assert list(documented) == list(frame.columns)
    for column, dtype in documented.items():
        assert _shown(frame[column].dtype) == dtype, (name, column)


def test_text_is_str_dates_are_datetime_flags_are_bool(loaded):
    t = loaded["transactions"]
    assert t["customer_id"].dtype == "str"
    assert t["order_date"].dtype == "datetime64[us]"
    assert t["returned"].dtype == bool and t["unpaid"].dtype == bool
    assert loaded["customers"]["member_level"].cat.ordered
    assert list(loaded["complaints"]["severity"].cat.categories) == ["low", "medium", "high"]
    assert all(dtype == "str" for dtype in loaded["customers_raw"].dtypes)


def test_raw_records_are_kept_exactly_as_typed(loaded):
    raw = loaded["customers_raw"]
    text = (DATA / "customers_raw.csv").read_text(encoding="utf-8")
    assert "n/a" in set(raw["phone"].dropna())          # placeholders stay text
    assert raw["city"].str.startswith(" ").any()       # spaces are not stripped
    assert ",n/a," in text and raw["birth_year"].isna().any()  # only empty cells are missing
    assert raw["birth_year"].dropna().str.fullmatch(r"\d+").all()


def test_generate_returns_the_same_frames_the_loaders_read(loaded):
    frames = synth.generate()
    assert set(frames) == set(datasets.FILES)
    for name, frame in frames.items():
        pd.testing.assert_frame_equal(frame, loaded[name], check_exact=True, obj=name)


def test_generate_can_hit_an_exact_number_of_orders():
    frames = synth.generate(seed=3, customers=400, orders=6000)
    assert len(frames["customers"]) == 400
    assert len(frames["transactions"]) == 6000
    assert frames["transactions"]["customer_id"].isin(frames["customers"]["customer_id"]).all()


def test_a_different_seed_gives_different_data_of_the_same_shape():
    a = synth.generate(seed=1, customers=300)["transactions"]
    b = synth.generate(seed=2, customers=300)["transactions"]
    assert list(a.columns) == list(b.columns) and len(a) == len(b) == 300 * 16
    assert not a["revenue"].equals(b["revenue"])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_tiny_data_sets_still_have_every_file_and_dtype(seed):
    frames = synth.generate(seed=seed, customers=50)
    for name, frame in frames.items():
        assert list(frame.columns) == [c.name for c in datasets.schema(name)]
        for col in datasets.schema(name):
            assert frame[col.name].dtype == datasets.dtype_of(col), (name, col.name)


@pytest.mark.parametrize("bad", [{"customers": 10}, {"customers": "5000"}, {"seed": -1},
                                 {"orders": 0}, {"customers": True}])
def test_generate_refuses_bad_arguments(bad):
    with pytest.raises(CRMDataError, match="generate:"):
        synth.generate(**bad)


def test_raw_answer_key_links_records_to_customers(loaded):
    raw, key = synth.make_customers_raw(loaded["customers"])
    pd.testing.assert_frame_equal(raw, loaded["customers_raw"])
    assert list(key["record_id"]) == list(raw["record_id"])
    people = key.dropna(subset=["customer_id"])
    # every customer is on file once, plus later duplicates
    first = people[~people["duplicate"]]
    assert first["customer_id"].is_unique
    assert set(first["customer_id"]) == set(loaded["customers"]["customer_id"])
    assert people["duplicate"].sum() == len(people) - len(loaded["customers"])
    # records without planted defects equal the clean record
    clean = key["defects"].eq("") & key["customer_id"].notna()
    merged = raw[clean].assign(customer_id=key.loc[clean, "customer_id"]).merge(
        loaded["customers"], on="customer_id", suffixes=("", "_clean"))
    for column in ("name", "phone", "city", "district", "gender", "channel"):
        assert (merged[column] == merged[f"{column}_clean"].astype(str)).all(), column
    # test records have no owner
    assert key.loc[key["customer_id"].isna(), "defects"].eq("test_record").all()


# --- where the files are ------------------------------------------------------------------

def test_data_dir_defaults_to_the_repository_data_folder(monkeypatch):
    monkeypatch.delenv("CRMKIT_DATA", raising=False)
    assert datasets.data_dir() == DATA


def test_data_dir_follows_the_environment_variable(monkeypatch, tmp_path, copy_of):
    copy_of("rice_households")
    monkeypatch.setenv("CRMKIT_DATA", str(tmp_path))
    assert datasets.data_dir() == tmp_path
    assert len(datasets.load_rice_households()) == 40


def test_path_argument_reads_that_file(copy_of):
    target = copy_of("acquisition")
    renamed = target.with_name("my_copy.csv")
    target.rename(renamed)
    assert len(datasets.load_acquisition(renamed)) == 180


# --- missing and damaged files ------------------------------------------------------------

@pytest.mark.parametrize("name", list(datasets.FILES))
def test_missing_file_says_how_to_rebuild_it(name, tmp_path):
    with pytest.raises(CRMDataError, match=r"python -m crmkit\.synth") as err:
        LOADERS[name](data_dir=tmp_path)
    assert "not found" in str(err.value)


def _rewrite(path: Path, change) -> None:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(frame)
    frame.to_csv(path, index=False, lineterminator="\n")


@pytest.mark.parametrize("name", list(datasets.FILES))
def test_dropped_column_is_reported(name, copy_of):
    path = copy_of(name)
    victim = datasets.schema(name)[1].name
    _rewrite(path, lambda f: f.pop(victim))
    with pytest.raises(CRMDataError, match=r"python -m crmkit\.synth") as err:
        LOADERS[name](path)
    assert victim in str(err.value)


@pytest.mark.parametrize(("name", "column", "value", "words"), [
    ("transactions", "order_date", "yesterday", "not dates"),
    ("transactions", "revenue", "12,5", "not numbers"),
    ("transactions", "items", "2.5", "whole numbers"),
    ("transactions", "returned", "maybe", "True/False"),
    ("transactions", "channel", "phone", "outside"),
    ("customers", "signup_date", "2023-13-45", "not dates"),
    ("customers", "member_level", "diamond", "outside"),
    ("complaints", "severity", "", "empty"),
    ("survey", "satisfaction", "five", "not whole numbers"),
    ("rice_households", "last_delivery", "1933-02", "not dates"),
])
def test_garbled_value_is_reported_with_its_line(name, column, value, words, copy_of):
    path = copy_of(name)

    def garble(frame: pd.DataFrame) -> None:
        frame.loc[3, column] = value
    _rewrite(path, garble)
    with pytest.raises(CRMDataError, match=r"python -m crmkit\.synth") as err:
        LOADERS[name](path)
    message = str(err.value)
    assert f"'{column}'" in message and "line 5" in message and words in message


def test_file_that_is_not_a_csv_is_reported(tmp_path):
    path = tmp_path / "transactions.csv"
    path.write_bytes(b"\xff\xfe\x00binary\x00")
    with pytest.raises(CRMDataError, match=r"python -m crmkit\.synth"):
        datasets.load_transactions(path)


def test_loaders_return_fresh_frames_each_time(loaded):
    first = datasets.load_leads(data_dir=DATA)
    first.loc[0, "deal_value"] = -1.0
    assert datasets.load_leads(data_dir=DATA).loc[0, "deal_value"] == loaded["leads"].loc[
        0, "deal_value"]


def test_unknown_schema_name_is_refused():
    with pytest.raises(CRMDataError, match="unknown data set"):
        datasets.schema("orders")


def test_transactions_load_as_numbers_that_add_up(loaded):
    t = loaded["transactions"]
    assert t["order_id"].iloc[0] == "O0000001" and len(t) == 80_000
    assert np.isclose(t["revenue"].sum(), pd.read_csv(DATA / "transactions.csv")["revenue"].sum())
