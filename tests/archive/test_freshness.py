"""What a partner syncs is complete (issue #28): random writes, through every write
path (model saves, QuerySet.update, the linkage decision, citation and retraction
actions), and after each the API as the public and as a partner reads it. Every
record whose representation changed, or that appeared, has a new `updated_at`, so
`?updated_since=` finds it.

FRESHNESS_EXAMPLES sets the number of writes (`make fuzz-staff` runs more).
"""

import os
from datetime import datetime

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import Phase
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from archive.actions import retract_records
from sources.models import Citation
from sources.models import ListEntry
from sources.models import Source
from tests.archive.test_api import LIST_ENDPOINTS
from tests.draws import NUMBERS
from tests.draws import Draws
from tests.factories import CriminalCaseFactory
from tests.factories import DeathFactory
from tests.factories import DetentionFactory
from tests.factories import IncidentFactory
from tests.factories import PublicPersonFactory
from tests.factories import PublicSourceFactory
from tests.factories import StaffPersonFactory
from tests.factories import StaffSourceFactory
from tests.factories import UserFactory
from tests.factories import VictimListFactory
from tests.factories import defendant
from tests.factories import partner_token
from victims.actions.list_decisions import decide
from victims.models import CriminalCase
from victims.models import Death
from victims.models import Detention
from victims.models import EntryVerdict
from victims.models import Hearing
from victims.models import NameVariant
from victims.models import Person

EXAMPLES = int(os.environ.get("FRESHNESS_EXAMPLES", "50"))
# The records that carry updated_at: the API's lists but places, organisations and
# citations, and the victim lists.
RESOURCES = [
    *(e for e in LIST_ENDPOINTS if e not in ("places", "organisations", "citations")),
    "lists",
]
LEVELS = ["public", "partners", "staff"]
NAMINGS = ["full", "initials", "pseudonym"]


def plant() -> dict:
    sources = [PublicSourceFactory(), StaffSourceFactory()]
    sources.append(PublicSourceFactory(visibility="partners"))
    people = [
        PublicPersonFactory(),
        PublicPersonFactory(naming="pseudonym"),
        PublicPersonFactory(visibility="partners"),
        StaffPersonFactory(),
    ]
    deaths = [DeathFactory(person=people[0]), DeathFactory(person=people[3])]
    detentions = [DetentionFactory(person=people[1])]
    case = CriminalCaseFactory()
    defendant(case, people[0])
    victim_list = VictimListFactory()
    for row in range(1, 4):
        victim_list.entries.create(
            row_number=row,
            columns=[["Name", f"Invented {row}"]],
            name_as_written=f"Invented {row}",
            surname=f"Invented{row}",
        )
    IncidentFactory()
    return {
        "sources": sources,
        "people": people,
        "deaths": deaths,
        "detentions": detentions,
        "case": case,
        "list": victim_list,
        "moderator": UserFactory(role="moderator"),
    }


def readers() -> list[Client]:
    token = partner_token("read:public", "read:partners")
    return [Client(), Client(HTTP_AUTHORIZATION=f"Bearer {token}")]


def representations(clients: list[Client]) -> dict:
    """(reader, resource, id) -> (the record as the API shows it, updated_at)."""
    shown = {}
    for number, client in enumerate(clients):
        for resource in RESOURCES:
            rows = client.get(f"/api/v1/{resource}/", {"page_size": 500}).json()
            for row in rows["results"]:
                updated = row.pop("updated_at")
                shown[number, resource, row["id"]] = (row, updated)
    return shown


def pick(draw: Draws, items):
    return draw.choose(items)


# The writes: each takes the world and Hypothesis's `draw`, and changes something
# through one of the archive's write paths.


def add_spelling(world, draw):
    NameVariant.objects.create(
        person=pick(draw, world["people"]),
        surname=f"Spelling{draw.number()}",
        script="Latn",
        source=pick(draw, [None, *world["sources"]]),
    )


def move_spelling(world, draw):
    spellings = NameVariant.objects.filter(is_primary=False).order_by("id")
    if spellings.exists():
        spelling = pick(draw, spellings)
        spelling.source = pick(draw, [None, *world["sources"]])
        spelling.person = pick(draw, world["people"])
        spelling.save()


def cite_something(world, draw):
    record = pick(draw, [*world["people"], *world["deaths"], world["case"]])
    Citation.objects.cite(
        record,
        pick(draw, world["sources"]),
        locator=f"p. {draw.number()}",
    )


def remove_citation(world, draw):
    citations = Citation.objects.order_by("id")
    if citations.exists():
        chosen = pick(draw, list(citations))
        Citation.objects.filter(pk=chosen.pk).remove(by=world["moderator"], reason="x")


def event_visibility(world, draw):
    model = pick(draw, [Death, Detention])
    chosen = pick(draw, model.objects.order_by("id"))
    model.objects.filter(pk=chosen.pk).update(visibility=pick(draw, LEVELS))


def repoint_event(world, draw):
    detention = pick(draw, Detention.objects.order_by("id"))
    detention.person = pick(draw, world["people"])
    detention.save()


def person_level(world, draw):
    person = pick(draw, world["people"])
    field = pick(draw, ["visibility", "naming", "details_visibility"])
    value = pick(draw, NAMINGS if field == "naming" else LEVELS)
    if draw.number() % 2:
        Person.objects.filter(pk=person.pk).update(**{field: value})
    else:
        person.refresh_from_db()
        setattr(person, field, value)
        person.save()


def rename_person(world, draw):
    person = Person.objects.get(pk=pick(draw, world["people"]).pk)
    person.surname = f"Renamed{draw.number()}"
    person.save()


def source_level(world, draw):
    source = pick(draw, world["sources"])
    Source.objects.filter(pk=source.pk).update(visibility=pick(draw, LEVELS))


def link_entry(world, draw):
    entry = pick(draw, list(ListEntry.objects.filter(victim_list=world["list"])))
    decide(
        entry,
        EntryVerdict.LINK,
        person=Person.objects.get(pk=pick(draw, world["people"]).pk),
        by=world["moderator"],
    )


def case_rows(world, draw):
    case = world["case"]
    if draw.number() % 2:
        Hearing.objects.create(case=case, held_on="2022-06-01", what_happened="x")
    else:
        CriminalCase.objects.filter(pk=case.pk).update(
            visibility=pick(draw, LEVELS), summary=f"v{draw.number()}"
        )


def retract(world, draw):
    death = pick(draw, world["deaths"])
    retract_records(Death.objects.filter(pk=death.pk), reason="an invented reason")


WRITES = [
    add_spelling,
    move_spelling,
    cite_something,
    remove_citation,
    event_visibility,
    repoint_event,
    person_level,
    rename_person,
    source_level,
    link_entry,
    case_rows,
    retract,
]


WRITING = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.generate],  # each write changes what the next starts from
    suppress_health_check=list(HealthCheck),
)


def stale_records(before: dict, after: dict, started: datetime) -> list:
    """Records whose representation changed, or that appeared, without a new
    `updated_at` (one that a sync from `started` would find)."""
    stale = []
    for key, (row, updated) in after.items():
        if key not in before:
            if datetime.fromisoformat(updated) < started:
                stale.append(key)
        elif before[key][0] != row and before[key][1] == updated:
            stale.append(key)
    return stale


@pytest.mark.django_db(transaction=True)
def test_every_change_partners_can_see_moves_updated_at(
    reference_data, fresh_rate_limits, settings
):
    unlimited = {"anonymous": "1000000/minute", "partner": "1000000/minute"}
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": unlimited,
    }
    world, clients = plant(), readers()
    state = {"shown": representations(clients)}
    stale = []

    @WRITING
    @given(st.sampled_from(WRITES), NUMBERS)
    def write_and_read(write, numbers):
        started = timezone.now()
        write(world, Draws(numbers))
        shown = representations(clients)
        stale.extend(
            (write.__name__, *key)
            for key in stale_records(state["shown"], shown, started)
        )
        state["shown"] = shown

    write_and_read()
    assert stale == [], stale[:10]
