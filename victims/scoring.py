"""How likely two descriptions of a person are the same person: a Fellegi-Sunter
model (Splink, on DuckDB in memory) over the parts matching needs.

Why Splink: it is the maintained, documented Fellegi-Sunter implementation in
Python; it trains without labels (u from random pairs, m by expectation
maximisation), every score decomposes into per-field Bayes factors that staff can
read, and DuckDB links 10,000 entries against 100,000 people in seconds with no
server to run. The archive's PostgreSQL stays the store; DuckDB only scores.

Both sides are frames of the same columns (`COLUMNS`): a list's entries, and the
archive's people, one row per spelling. Names arrive as the folded keys of
victims.names, so "Тоқаев", "Токаев" and "Tokayev" agree exactly.

The priors below (m: how often a field agrees for the same person; u: how often by
chance) are used as they stand for small lists; with enough rows they are
re-estimated from the data itself (`train`).
"""

import copy
import logging
import math

import pandas as pd
from splink import DuckDBAPI
from splink import Linker
from splink import SettingsCreator
from splink import block_on

logger = logging.getLogger(__name__)
logging.getLogger("splink").setLevel(logging.WARNING)  # it narrates every EM step

COLUMNS = [
    "uid",
    "surname_key",
    "given_key",
    "given_initial",
    "patronymic_key",
    "patronymic_initial",
    "birth_year",
    "sex",
    "event_date",
    "place_key",
    "region_key",
]
# Rows needed on the smaller side before m and u are estimated from the data.
TRAIN_FROM_ROWS = 300


def _level(label: str, sql: str, m: float, u: float) -> dict:
    return {
        "sql_condition": sql,
        "label_for_charts": label,
        "m_probability": m,
        "u_probability": u,
    }


def _missing(sql: str) -> dict:
    """Either side lacks the field: no evidence either way."""
    return {"sql_condition": sql, "label_for_charts": "missing", "is_null_level": True}


def _name_part(column: str, initial: str, *, m_initial: float) -> dict:
    """A name part: exact key, near key (a typo), or only an initial to compare."""
    left, right = f"{column}_l", f"{column}_r"
    return {
        "output_column_name": column,
        "comparison_levels": [
            _missing(f"{initial}_l IS NULL OR {initial}_r IS NULL"),
            _level("same", f"{left} = {right}", 0.85, 0.002),
            _level(
                "near",
                f"jaro_winkler_similarity({left}, {right}) >= 0.9",
                0.08,
                0.003,
            ),
            _level(
                "initial only, same",
                f"({left} IS NULL OR {right} IS NULL) AND {initial}_l = {initial}_r",
                m_initial,
                0.08,
            ),
            _level("different", "ELSE", 0.07, 0.915),
        ],
    }


def _exact(column: str, m: float, u: float, *, near: tuple | None = None) -> dict:
    levels = [
        _missing(f"{column}_l IS NULL OR {column}_r IS NULL"),
        _level("same", f"{column}_l = {column}_r", m, u),
    ]
    if near:
        label, sql, near_m, near_u = near
        levels.append(_level(label, sql, near_m, near_u))
    levels.append(_level("different", "ELSE", 1 - m - (near[2] if near else 0), 1 - u))
    return {"output_column_name": column, "comparison_levels": levels}


YEARS_APART = "abs(birth_year_l - birth_year_r)"
FAR_APART = "more than 5 years apart"  # never linked automatically (linkage)
COMPARISONS = [
    _name_part("surname_key", "surname_key", m_initial=0.01),
    _name_part("given_key", "given_initial", m_initial=0.9),
    _name_part("patronymic_key", "patronymic_initial", m_initial=0.9),
    {
        # Graded: two years apart is a slip of a list, thirty is another person.
        "output_column_name": "birth_year",
        "comparison_levels": [
            _missing("birth_year_l IS NULL OR birth_year_r IS NULL"),
            _level("same", "birth_year_l = birth_year_r", 0.7, 0.02),
            _level("a year apart", f"{YEARS_APART} <= 1", 0.2, 0.04),
            _level("2 to 5 years apart", f"{YEARS_APART} <= 5", 0.08, 0.12),
            _level(FAR_APART, "ELSE", 0.02, 0.82),
        ],
    },
    _exact("sex", 0.97, 0.5),
    _exact(
        "event_date",
        0.7,
        0.1,
        near=(
            "within 3 days",
            "abs(date_diff('day', event_date_l, event_date_r)) <= 3",
            0.25,
            0.5,
        ),
    ),
    _exact("place_key", 0.8, 0.2),
    _exact("region_key", 0.85, 0.2),
]
FIELDS = [comparison["output_column_name"] for comparison in COMPARISONS]
# Splink numbers a comparison's levels from the last (0) up; the null level is -1.
LABELS = {
    comparison["output_column_name"]: {
        value: level["label_for_charts"]
        for value, level in enumerate(reversed(comparison["comparison_levels"][1:]))
    }
    for comparison in COMPARISONS
}
# Pairs are compared only when they share one of these (blocking): names are
# folded keys, so every spelling of a surname meets every other.
BLOCKING = [
    block_on("surname_key", "given_initial"),
    block_on("given_key", "patronymic_key"),
    block_on("surname_key", "birth_year"),
]


def score(
    left: pd.DataFrame, right: pd.DataFrame, *, threshold: float = 0.01
) -> pd.DataFrame:
    """Every blocked pair of a `left` row and a `right` row whose probability of
    being the same person is at least `threshold`: uid_l, uid_r,
    match_probability, and per field the level that applied (gamma_*) and its
    Bayes factor (bf_*)."""
    left, right = _prepared(left), _prepared(right)
    linker = _linker(left, right)
    if min(len(left), len(right)) >= TRAIN_FROM_ROWS and not train(linker):
        linker = _linker(left, right)  # a failed EM pass leaves the model half-built
        linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=2022)
    predicted = linker.inference.predict(threshold_match_probability=threshold)
    return predicted.as_pandas_dataframe()


def _linker(left: pd.DataFrame, right: pd.DataFrame) -> Linker:
    settings = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="uid",
        comparisons=copy.deepcopy(COMPARISONS),
        blocking_rules_to_generate_predictions=BLOCKING,
        # Most entries name one person of the other side: the prior odds of a pair.
        probability_two_random_records_match=_prior(len(left), len(right)),
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
    )
    return Linker(
        [left, right], settings, db_api=DuckDBAPI(), input_table_aliases=["l", "r"]
    )


def train(linker: Linker) -> bool:
    """Estimate u from random pairs and m by expectation maximisation, without
    labels; False if EM could not run on this data (e.g. a list of initials has no
    given names to block on)."""
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=2022)
    # Each EM pass fixes the fields it blocks on and trains the others.
    for rule in (
        block_on("surname_key", "given_key"),
        block_on("birth_year", "patronymic_key"),
    ):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, fix_u_probabilities=True
            )
        except Exception:  # noqa: BLE001 (Splink raises plain errors)
            logger.warning("Linkage EM could not run on %s; m priors kept", rule)
            return False
    return True


def explain(row) -> list[dict]:
    """Per field: the level that applied and its weight in bits (log2 Bayes
    factor; positive for agreement, negative for disagreement), for display."""
    explained = []
    for name in FIELDS:
        level = int(getattr(row, f"gamma_{name}"))
        if level == -1:  # missing on either side: no evidence either way
            continue
        factor = float(getattr(row, f"bf_{name}"))
        explained.append(
            {
                "field": name.removesuffix("_key"),
                "agreement": LABELS[name][level],
                "weight": round(math.log2(factor), 2) if factor > 0 else None,
            }
        )
    return explained


def _prior(left: int, right: int) -> float:
    """Prior that a random pair matches, if each left row names about one right
    row (people have a few spellings each: three rows per person)."""
    if not left or not right:
        return 0.5
    return min(0.5, 3 / right)


def _prepared(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame[COLUMNS].copy()
    for column in COLUMNS:
        if column == "birth_year":
            frame[column] = pd.array(frame[column], dtype="Int64")
        elif column == "event_date":
            frame[column] = pd.to_datetime(frame[column]).dt.date
        else:
            frame[column] = frame[column].replace("", None)
    return frame
