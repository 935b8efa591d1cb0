"""Fictional victim lists over fictional people, with the noise real lists have:
other scripts and spellings, an initials-only official-style list, ages off by one,
missing dates, typos, namesakes, and people who are on one list only or not in the
archive at all. For `make eval-linkage` and `make bench-linkage`; nobody real.
"""

import csv
import io
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from sources.actions import import_list_rows
from sources.actions import receive_list_file
from sources.models import Organisation
from sources.models import VictimList
from victims.names import to_russian_cyrillic

from .evaluation import PRESS
from .evaluation import _transliterate
from .evaluation import _typo
from .fictional import DemoPerson


@dataclass
class ListShape:
    """How one publisher writes its list: its columns, the mapping staff would
    choose, and how a person becomes a row."""

    title: str
    language: str
    headers: list[str]
    mapping: dict[str, str]
    row: Callable[[DemoPerson, random.Random], list[str]]


def _date(value, rng: random.Random, missing: float) -> str:
    return "" if rng.random() < missing else value.strftime("%d.%m.%Y")


def _official(person: DemoPerson, rng: random.Random) -> list[str]:
    surname = to_russian_cyrillic(person.surname)
    if rng.random() < 0.03:
        surname = _typo(rng, surname)
    initials = f"{person.given_name[0]}.{to_russian_cyrillic(person.patronymic)[0]}."
    return [
        f"{surname} {initials}",
        str(person.birth_year),
        _date(person.detention["occurred_on"], rng, 0.3),
        person.region,
    ]


def _press(person: DemoPerson, rng: random.Random) -> list[str]:
    given = _transliterate(person.given_name, PRESS, press=True)
    surname = _transliterate(person.surname, PRESS, press=True)
    if rng.random() < 0.05:
        surname = _typo(rng, surname)
    age = 2022 - person.birth_year + (rng.choice([-1, 1]) if rng.random() < 0.2 else 0)
    return [f"{given} {surname}", str(age), person.place]


def _family(person: DemoPerson, rng: random.Random) -> list[str]:
    return [
        f"{person.surname} {person.given_name} {person.patronymic}",
        "" if rng.random() < 0.5 else str(person.birth_year),
        person.region,
        _date(person.detention["occurred_on"], rng, 0.5),
    ]


SHAPES = [
    ListShape(
        "Fictional official-style list (initials only)",
        "ru",
        ["ФИО", "Год рождения", "Дата задержания", "Регион"],
        {
            "name": "ФИО",
            "birth_year": "Год рождения",
            "event_date": "Дата задержания",
            "region": "Регион",
        },
        _official,
    ),
    ListShape(
        "Fictional press list (Latin script, ages)",
        "en",
        ["Name", "Age", "City"],
        {"name": "Name", "age": "Age", "place": "City"},
        _press,
    ),
    ListShape(
        "Fictional family testimony list (Kazakh)",
        "kk",
        ["Аты-жөні", "Туған жылы", "Өңір", "Ұсталған күні"],
        {
            "name": "Аты-жөні",
            "birth_year": "Туған жылы",
            "region": "Өңір",
            "event_date": "Ұсталған күні",
        },
        _family,
    ),
]


def list_csv(shape: ListShape, people: list[DemoPerson], rng: random.Random) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(shape.headers)
    for person in people:
        writer.writerow(shape.row(person, rng))
    return out.getvalue().encode()


def import_fictional_list(
    shape: ListShape, content: bytes, *, user, reference: str
) -> VictimList:
    """A fictional list of the detained, imported through the staff import path."""
    victim_list = VictimList.objects.create(
        reference=reference,
        title=shape.title,
        language=shape.language,
        compiled_by=Organisation.objects.get_or_create(name="Fictional compiler")[0],
        counts=VictimList.Counts.DETAINED,
    )
    list_import = receive_list_file(
        victim_list, content=content, filename=f"{reference}.csv", user=user
    )
    list_import.mapping = shape.mapping
    list_import.status = list_import.Status.QUEUED
    list_import.save()
    import_list_rows(list_import.pk)
    list_import.file.delete(save=False)  # callers roll the rows back; so the file
    return victim_list


def fictional_user(name: str):
    return get_user_model().objects.get_or_create(username=name)[0]
