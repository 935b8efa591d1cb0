"""Fictional people and events for demonstrations, tests at scale and benchmarks.

Deterministic for a seed. Every person is marked `is_fictional`, every record cites
one source whose title says the data is fictional, and every page showing a
fictional person says so. Names are common first names and surnames combined at
random; any resemblance to a real person is chance.
"""

import random
import uuid
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import timedelta

from victims.names import to_latin
from victims.names import to_russian_cyrillic

KAZAKH_MALE = [
    "Ерлан",
    "Асқар",
    "Дәурен",
    "Нұрлан",
    "Бауыржан",
    "Ержан",
    "Серік",
    "Қайрат",
    "Мұрат",
    "Ғалым",
    "Жандос",
    "Арман",
    "Әлібек",
    "Дархан",
    "Бекзат",
    "Айдос",
    "Ерболат",
    "Талғат",
    "Мейірбек",
    "Саят",
    "Рүстем",
    "Олжас",
    "Азамат",
    "Ақжол",
    "Бақытжан",
    "Жасұлан",
    "Нұржан",
    "Сұлтан",
    "Темірлан",
    "Қуаныш",
    "Ербол",
    "Ғани",
    "Ілияс",
    "Мирас",
    "Ерасыл",
]
KAZAKH_FEMALE = [
    "Айгерім",
    "Гүлнұр",
    "Әсел",
    "Жанар",
    "Динара",
    "Аружан",
    "Мөлдір",
    "Ақмарал",
    "Сәуле",
    "Гүлмира",
    "Назерке",
    "Айжан",
    "Ұлжан",
    "Балжан",
    "Меруерт",
    "Жұлдыз",
    "Айнұр",
    "Толқын",
    "Қарлығаш",
    "Перизат",
    "Әйгүл",
    "Іңкәр",
]
KAZAKH_SURNAMES = [
    "Сәрсенбаев",
    "Жұмабаев",
    "Нұрланов",
    "Ерболатов",
    "Қасымов",
    "Тоқтаров",
    "Омаров",
    "Бекмұхамбетов",
    "Мұқанов",
    "Ахметов",
    "Оспанов",
    "Құрманов",
    "Досымов",
    "Есімов",
    "Жақыпов",
    "Байжанов",
    "Тұрсынов",
    "Өтегенов",
    "Сағынтаев",
    "Ізбасаров",
    "Әбдірахманов",
    "Қожахметов",
    "Мұхаметжанов",
    "Шәкенов",
    "Серікбаев",
    "Әмірев",
    "Қайыров",
    "Жексенбаев",
    "Мырзахметов",
    "Ғаббасов",
    "Төлеуов",
    "Үсенов",
    "Бақтыбаев",
    "Нұрғалиев",
    "Құдайбергенов",
    "Әбілқасымов",
    "Көшербаев",
    "Ысқақов",
    "Дүйсенов",
    "Иманов",
]
RUSSIAN_MALE = [
    "Сергей",
    "Андрей",
    "Дмитрий",
    "Алексей",
    "Иван",
    "Николай",
    "Владимир",
    "Евгений",
    "Олег",
]
RUSSIAN_FEMALE = ["Ольга", "Елена", "Наталья", "Татьяна", "Ирина", "Светлана", "Марина"]
RUSSIAN_SURNAMES = [
    "Иванов",
    "Кузнецов",
    "Попов",
    "Соколов",
    "Лебедев",
    "Морозов",
    "Волков",
    "Козлов",
]
RUSSIAN_FATHERS = [
    "Иван",
    "Петр",
    "Николай",
    "Сергей",
    "Владимир",
    "Александр",
    "Виктор",
]
OCCUPATIONS = (
    "oil worker",
    "driver",
    "student",
    "construction worker",
    "unemployed",
    "entrepreneur",
    "teacher",
    "security guard",
    "market trader",
)
# (settlement or city, region, weight): where the January events were heaviest.
PLACES = [
    ("Almaty", None, 40),
    ("Zhanaozen", "Mangystau Region", 6),
    ("Aktau", "Mangystau Region", 5),
    ("Shymkent", None, 8),
    ("Taldykorgan", "Jetisu Region", 9),
    ("Taraz", "Jambyl Region", 8),
    ("Aktobe", "Aktobe Region", 6),
    ("Kyzylorda", "Kyzylorda Region", 5),
    ("Konaev", "Almaty Region", 4),
    ("Turkistan", "Turkistan Region", 3),
    ("Oral", "West Kazakhstan Region", 2),
    ("Astana", None, 4),
]
JANUARY_4 = date(2022, 1, 4)


@dataclass
class DemoPerson:
    """One fictional person and what happened to them, before any database work."""

    uuid: uuid.UUID
    surname: str
    given_name: str
    patronymic: str
    sex: str
    birth_year: int
    role: str
    occupation: str
    place: str
    region: str
    spellings: list[tuple[str, str, str, str]] = field(default_factory=list)
    death: dict | None = None
    detention: dict | None = None
    injury: dict | None = None
    allegation: dict | None = None


def _kazakh_name(rng: random.Random, female: bool) -> tuple[str, str, str]:
    surname = rng.choice(KAZAKH_SURNAMES) + ("а" if female else "")
    given = rng.choice(KAZAKH_FEMALE if female else KAZAKH_MALE)
    father = rng.choice(KAZAKH_MALE)
    if rng.random() < 0.5:
        patronymic = father + ("қызы" if female else "ұлы")
    else:
        patronymic = to_russian_cyrillic(father) + ("овна" if female else "ович")
    return surname, given, patronymic


def _russian_name(rng: random.Random, female: bool) -> tuple[str, str, str]:
    surname = rng.choice(RUSSIAN_SURNAMES) + ("а" if female else "")
    given = rng.choice(RUSSIAN_FEMALE if female else RUSSIAN_MALE)
    father = rng.choice(RUSSIAN_FATHERS)
    return surname, given, father + ("овна" if female else "ович")


def _day(rng: random.Random, last: int) -> date:
    return JANUARY_4 + timedelta(days=rng.randint(0, last))


def generate(count: int, seed: int) -> list[DemoPerson]:
    """`count` fictional people, always the same ones for the same seed."""
    rng = random.Random(seed)  # noqa: S311 (fictional data, not secrets)
    weights = [weight for _, _, weight in PLACES]
    people = []
    for _ in range(count):
        female = rng.random() < 0.12
        kazakh = rng.random() < 0.85
        surname, given, patronymic = (_kazakh_name if kazakh else _russian_name)(
            rng, female
        )
        place, region, _ = rng.choices(PLACES, weights)[0]
        person = DemoPerson(
            uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
            surname=surname,
            given_name=given,
            patronymic=patronymic,
            sex="female" if female else "male",
            birth_year=rng.randint(1955, 2004),
            role=rng.choices(
                ["civilian", "law_enforcement", "military", "unknown"], [90, 4, 2, 4]
            )[0],
            occupation=rng.choice(OCCUPATIONS),
            place=place,
            region=region or place,
        )
        full = (surname, given, patronymic)
        if kazakh:
            person.spellings.append(
                ("ru-Cyrl", *(to_russian_cyrillic(part) for part in full))
            )
        person.spellings.append(("Latn", *(to_latin(part) for part in full)))
        _add_events(rng, person)
        people.append(person)
    return people


def _add_events(rng: random.Random, person: DemoPerson) -> None:
    roll = rng.random()
    if roll < 0.03:
        person.death = {
            "occurred_on": _day(rng, 3),
            "place": person.place,
            "cause": rng.choices(["gunshot", "beating", "unknown"], [80, 10, 10])[0],
            "on_official_list": rng.choice(["yes", "no", "unknown"]),
        }
        return
    if roll < 0.11:
        person.injury = {
            "occurred_on": _day(rng, 3),
            "place": person.place,
            "cause": rng.choices(["gunshot", "beating", "unknown"], [60, 30, 10])[0],
        }
    if roll < 0.90:
        arrested = _day(rng, 14)
        person.detention = {
            "occurred_on": arrested,
            "place": person.place,
            "released_on": arrested + timedelta(days=rng.randint(1, 400)),
            "charges": ["272"] if rng.random() < 0.7 else [],
            "outcome": rng.choice(["released", "convicted", "amnesty", "case_closed"]),
        }
        if rng.random() < 0.06:
            person.allegation = {
                "started_on": arrested,
                "methods": rng.sample(
                    ["beating", "electric_shock", "burning", "suffocation", "water"],
                    k=rng.randint(1, 3),
                ),
                "complaint_filed": rng.choice(["yes", "no", "unknown"]),
            }
