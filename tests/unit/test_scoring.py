"""victims.scoring without a database: Splink on DuckDB scores two small frames."""

import pandas as pd

from victims.scoring import COLUMNS
from victims.scoring import explain
from victims.scoring import score


def frame(*rows: dict) -> pd.DataFrame:
    blank = dict.fromkeys(COLUMNS, "")
    blank["birth_year"] = None
    blank["event_date"] = None
    return pd.DataFrame([{**blank, **row} for row in rows], columns=COLUMNS)


ENTRY = {"uid": "e1", "surname_key": "tokaev", "given_key": "erlan",
         "given_initial": "e", "birth_year": 1990, "sex": "male"}  # fmt: skip


def test_the_same_person_outscores_a_namesake_born_decades_apart():
    people = frame(
        {**ENTRY, "uid": "same"},
        {**ENTRY, "uid": "namesake", "birth_year": 1961},
        {"uid": "other", "surname_key": "ospanov", "given_key": "dias",
         "given_initial": "d", "birth_year": 1990, "sex": "male"},
    )  # fmt: skip

    pairs = score(frame(ENTRY), people)

    by_person = dict(zip(pairs.uid_r, pairs.match_probability, strict=True))
    assert by_person["same"] > 0.95
    assert by_person["same"] > by_person.get("namesake", 0)
    assert "other" not in by_person  # blocked: no shared name key


def test_a_score_explains_itself_field_by_field():
    pairs = score(frame(ENTRY), frame({**ENTRY, "uid": "same"}))

    explained = {item["field"]: item for item in explain(next(pairs.itertuples()))}

    assert explained["surname"]["weight"] > 0
    assert explained["birth_year"]["weight"] > 0
    assert "place" not in explained  # missing on both sides: no evidence


def test_every_field_and_level_the_model_explains_has_words_for_staff():
    """The review queue translates each stored label (victims.explanations): a
    field or level added to the model without words would show in English."""
    from victims.explanations import AGREEMENTS
    from victims.explanations import FIELDS
    from victims.scoring import LABELS

    assert {name.removesuffix("_key") for name in LABELS} == set(FIELDS)
    assert {label for levels in LABELS.values() for label in levels.values()} == set(
        AGREEMENTS
    )
