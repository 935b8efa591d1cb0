"""The privacy matrix: every caller against every URL pattern, with a marker planted
in every field of every record kind, at every combination of visibility, details
level and naming (issue #11).

The expectations below restate the rule of archive.visibility independently, in the
test's own words, so that a change to the code cannot quietly change both:
- a record is readable when it, and the person it is about, are at the caller's
  level or below, and it is not retracted (retracted records are for staff);
- a sensitive field also needs the record's details level;
- a real name needs consent on record (naming full), else staff;
- a spelling also needs the level of the source it was seen in;
- a citation needs its source and the record it supports, and its locator and note
  also the name of the person the record is about (they locate the person in it);
- a list's entries are as readable as the list; that a person is on a list (the
  person's and the list's ids in one response) needs the person's name as well;
- a submission, and everything in it, is for moderators.

It fails on any marker that reaches a caller it should not, on any 5xx, and on any
real-name search hit below staff for a person without consent to be named.
"""

import itertools
import json
import random
import re
import string
from dataclasses import dataclass
from dataclasses import field

import pytest
from django.db import models
from django.test import Client
from django.urls import URLPattern
from django.urls import URLResolver
from django.urls import get_resolver
from django.urls import reverse
from django.utils import timezone
from django.utils import translation

from allegations.models import TortureAllegation
from archive.models import Record
from sources.models import Citation
from sources.models import Figure
from sources.models import ListEntry
from sources.models import Organisation
from sources.models import Source
from sources.models import VictimList
from submissions.models import Submission
from tests.admin_models import registered_models
from tests.factories import UserFactory
from tests.factories import partner_token
from tests.factories import place
from tests.factories import sign_in
from victims import happenings
from victims.actions.list_decisions import decide
from victims.models import CriminalCase
from victims.models import Death
from victims.models import Defendant
from victims.models import Detention
from victims.models import EntryVerdict
from victims.models import Hearing
from victims.models import Incident
from victims.models import NameVariant
from victims.models import Person
from victims.models import Place

pytestmark = pytest.mark.django_db

LEVELS = ["public", "partners", "staff"]
AUDIENCES = [*LEVELS, "moderator"]  # who may read a marker, narrowest last
NAMINGS = ["full", "initials", "pseudonym"]
LANGUAGES = ["en", "kk", "ru"]
# No suffix is JSON already (the API's only default renderer): ".json" adds nothing.
API_FORMATS = [None, "api", "csv"]
MARKER = re.compile(r"zq[a-z]{10}")

# Pages with a public id, and the record kind each shows. A page added without an
# entry here fails the test, so that no page escapes the matrix.
PAGES = {
    "victims:person": Person,
    "victims:place": Place,
    "victims:incident": Incident,
    "victims:case": CriminalCase,
    "sources:source": Source,
    "allegations:allegation": TortureAllegation,
}
# Named URLs that take no public id and are fetched as they are.
SKIPPED = {"set_language", "api:api-root"}  # a redirect; the root lists links


def widest(*levels: str) -> str:
    """The narrowest audience that every one of `levels` allows."""
    return max(levels, key=AUDIENCES.index)


@dataclass
class World:
    """What was planted: each marker with the narrowest audience that may read it."""

    rng: random.Random = field(default_factory=lambda: random.Random(2022))  # noqa: S311
    allowed: dict[str, str] = field(default_factory=dict)
    ids: dict[type, list[str]] = field(default_factory=dict)
    # (real-name query, person uuid, audience that may find the person by it)
    searches: list[tuple[str, str, str]] = field(default_factory=list)
    # (person uuid, list uuid, audience that may learn the person is on the list)
    memberships: list[tuple[str, str, str]] = field(default_factory=list)
    releases: list = field(default_factory=list)  # made after the planting

    def marker(self, audience: str) -> str:
        text = "zq" + "".join(self.rng.choices(string.ascii_lowercase, k=10))
        self.allowed[text] = audience
        return text

    def add(self, record) -> None:
        self.ids.setdefault(type(record), []).append(str(record.uuid))


def cite(world: World, record, source: Source, audience: str) -> None:
    """A citation whose locator and note are `audience`'s, and, below staff, only
    where the person the record is about is named in full."""
    person = record if isinstance(record, Person) else getattr(record, "person", None)
    person = person or getattr(record, "victim", None)
    if person is not None and person.naming != "full":
        audience = widest(audience, "staff")
    Citation.objects.cite(
        record, source, locator=world.marker(audience), note=world.marker(audience)
    )


# Text fields every record has, set by the archive rather than by an editor.
RECORD_TEXT = {field.name for field in Record._meta.local_fields}


def plant_record(world, kind, person, level, *, details, readable, extra):
    """A record of `kind` about `person` at `level`, with a marker in each of its
    free-text fields: readable by `readable`, and a sensitive one also needs
    `details` (the record's details level, where it has one)."""
    model = kind.model
    values = {
        kind.owner: person,
        kind.dated_by: "2022-01-05",
        kind.placed_by: place("Taraz"),
        "visibility": level,
        **extra,
    }
    has_details = any(f.name == "details_visibility" for f in model._meta.fields)
    if has_details:
        values["details_visibility"] = details
    for text in model._meta.fields:
        if (
            isinstance(text, models.CharField | models.TextField)
            and not text.choices
            and text.name not in RECORD_TEXT
            and text.name not in values
        ):
            sensitive = text.name in model.SENSITIVE_FIELDS and has_details
            audience = widest(readable, details) if sensitive else readable
            values[text.name] = world.marker(audience)
    return model.objects.create(**values)


def plant(world: World) -> None:
    region = place("Mangystau Region")
    sources = {}
    for level in LEVELS:
        source = Source.objects.create(
            reference=world.marker(level),
            kind=Source.Kind.REPORT,
            title=world.marker(level),
            reliability_note=world.marker(level),
            language="en",
            visibility=level,
        )
        source.publishers.add(Organisation.objects.create(name=f"Invented {level}"))
        sources[level] = source
        world.add(source)
    retracted_source = Source.objects.create(
        reference=world.marker("staff"),
        kind=Source.Kind.LIST,
        title=world.marker("staff"),
        language="en",
        visibility="public",
        retracted_at=timezone.now(),
    )
    world.add(retracted_source)
    public = sources["public"]

    incidents = {}
    for level in LEVELS:
        incident = Incident.objects.create(
            title_en=world.marker(level),
            description=world.marker(level),
            occurred_on="2022-01-05",
            place=place("Almaty"),
            visibility=level,
        )
        cite(world, incident, public, level)
        incidents[level] = incident
        world.add(incident)

    for index, (level, details, naming) in enumerate(
        itertools.product(LEVELS, LEVELS, NAMINGS)
    ):
        name_level = widest(level, "public" if naming == "full" else "staff")
        person = Person.objects.create(
            surname=world.marker(name_level),
            given_name=world.marker(name_level),
            patronymic=world.marker(name_level),
            pseudonym=world.marker(level),
            citizenship=world.marker(level),
            occupation=world.marker(widest(level, details)),
            consent_note=world.marker(widest(level, details)),
            birth_date="1990-01-01",
            age_at_events=32,
            residence_region=region,
            residence_settlement=place("Zhanaozen"),
            visibility=level,
            details_visibility=details,
            naming=naming,
        )
        world.add(person)
        cite(world, person, public, level)
        cite(world, person, sources["staff"], "staff")
        world.searches.append(
            (f"{person.surname} {person.given_name}", str(person.uuid), name_level)
        )
        seen_in = LEVELS[index % 3]
        variant = NameVariant.objects.create(
            person=person,
            surname=world.marker(widest(name_level, seen_in)),
            given_name=world.marker(widest(name_level, seen_in)),
            note=world.marker(widest(name_level, seen_in)),
            script=NameVariant.Script.LATIN,
            source=sources[seen_in],
        )
        world.searches.append(
            (
                f"{variant.surname} {variant.given_name}",
                str(person.uuid),
                widest(name_level, seen_in),
            )
        )

        events = {}
        for offset, kind in enumerate(happenings.kinds()):
            event_level = LEVELS[(index + offset) % 3]
            events[kind.model] = plant_record(
                world,
                kind,
                person,
                event_level,
                details=LEVELS[index // 9],
                readable=widest(level, event_level),
                extra={
                    Death: {"incident": incidents[event_level]},
                    TortureAllegation: {
                        "detention": events.get(Detention),
                        "methods": ["beating"],
                    },
                }.get(kind.model, {}),
            )
        for record in events.values():
            record_level = record.visibility
            world.add(record)
            cite(world, record, public, widest(level, record_level))
            cite(
                world,
                record,
                sources["partners"],
                widest(level, record_level, "partners"),
            )

    retracted = Person.objects.create(
        surname=world.marker("staff"),
        pseudonym=world.marker("staff"),
        naming="full",
        visibility="public",
        retracted_at=timezone.now(),
    )
    world.add(retracted)

    people = list(Person.objects.filter(retracted_at=None).order_by("id"))
    for level, details in itertools.product(LEVELS, LEVELS):
        case = CriminalCase.objects.create(
            number=world.marker(level),
            court=world.marker(level),
            articles=["272"],
            summary=world.marker(level),
            monitoring_notes=world.marker(widest(level, details)),
            visibility=level,
            details_visibility=details,
        )
        cite(world, case, public, level)
        world.add(case)
        Hearing.objects.create(
            case=case, held_on="2022-06-01", what_happened=world.marker(level)
        )
        for person in world.rng.sample(people, 2):
            Defendant.objects.create(
                case=case,
                person=person,
                role=Defendant.Role.PROTESTER,
                articles=["272"],
                sentence=world.marker(widest(level, person.visibility)),
            )

    for level in LEVELS:
        figure = Figure.objects.create(
            metric=Figure.Metric.ARRESTED,
            value=100,
            claimant=Organisation.objects.create(name=f"Invented claimant {level}"),
            as_of="2022-03-01",
            note=world.marker(level),
            includes=world.marker(level),
            visibility=level,
        )
        cite(world, figure, public, level)
        world.add(figure)

    for level in LEVELS:
        victim_list = VictimList.objects.create(
            reference=world.marker(level),
            title=world.marker(level),
            notes=world.marker(level),
            language="kk",
            compiled_by=Organisation.objects.create(name=f"Invented compiler {level}"),
            counts=VictimList.Counts.KILLED,
            claimed_count=2,
            visibility=level,
        )
        world.add(victim_list)
        world.ids.setdefault(Source, []).append(str(victim_list.uuid))
        for row in (1, 2, 3):
            name = world.marker(level)
            ListEntry.objects.create(
                victim_list=victim_list,
                row_number=row,
                columns=[["Name", name], ["Note", world.marker(level)]],
                name_as_written=name,
                surname=name,
                place=world.marker(level),
            )

    link_entries(world, people)

    for region_name in ("Mangystau Region", "Almaty", "Taraz", "Zhanaozen"):
        world.ids.setdefault(Place, []).append(str(place(region_name).uuid))


def link_entries(world: World, people: list[Person]) -> None:
    """Tie rows of each list to public people of each naming, as a moderator's
    linkage decision does (a citation of the list at the row, a spelling)."""
    moderator = UserFactory(role="moderator")
    public = [person for person in people if person.visibility == "public"]
    for victim_list in VictimList.objects.all():
        entries = victim_list.entries.order_by("row_number")
        for entry, naming in zip(entries, NAMINGS, strict=True):
            person = next(p for p in public if p.naming == naming)
            decide(entry, EntryVerdict.LINK, person=person, by=moderator)
            name_level = "public" if naming == "full" else "staff"
            world.memberships.append(
                (
                    str(person.uuid),
                    str(victim_list.uuid),
                    widest(victim_list.visibility, name_level),
                )
            )


def send_submission(world: World) -> None:
    """Someone writes in: everything they send is for moderators."""
    from django.core.cache import cache

    cache.clear()
    response = Client().post(
        "/en/submit/",
        {
            "kind": "new_person",
            "surname": world.marker("moderator"),
            "given_name": world.marker("moderator"),
            "happened": ["detained"],
            "place_text": world.marker("moderator"),
            "account": world.marker("moderator"),
            "naming": "full",
            "contact": world.marker("moderator"),
            "website": "",
        },
    )
    assert response.status_code == 200
    world.ids[Submission] = [str(Submission.objects.get().uuid)]


@dataclass
class Caller:
    name: str
    audience: str
    client: Client
    pages: bool = True  # tokens reach only the API
    admin: bool = False


def callers() -> list[Caller]:
    def token(*scopes) -> Client:
        return Client(
            raise_request_exception=False,
            HTTP_AUTHORIZATION=f"Bearer {partner_token(*scopes)}",
        )

    def staff(role: str) -> Client:
        client = Client(raise_request_exception=False)
        sign_in(client, UserFactory(role=role))
        return client

    return [
        Caller("anonymous", "public", Client(raise_request_exception=False)),
        Caller("token read:public", "public", token("read:public"), pages=False),
        Caller(
            "token read:partners",
            "partners",
            token("read:public", "read:partners"),
            pages=False,
        ),
        Caller("token submit", "public", token("submit"), pages=False),
        Caller("editor", "staff", staff("editor"), admin=True),
        Caller("moderator", "moderator", staff("moderator"), admin=True),
        Caller("administrator", "moderator", staff("administrator"), admin=True),
    ]


def named_patterns(patterns=None, namespace: str = ""):
    """(URL name, its keyword arguments) for every named pattern of the site."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def api_model(pattern: URLPattern):
    view = getattr(pattern.callback, "cls", None)
    queryset = getattr(view, "queryset", None)
    if queryset is not None:
        return queryset.model
    return Submission if "submissions" in str(pattern.pattern) else None


def urls(world: World) -> tuple[list[str], list[str]]:
    """The site's URLs (pages, in every language) and the API's (every format)."""
    pages, api = set(), set()
    for name, pattern in named_patterns():
        keywords = set(pattern.pattern.regex.groupindex)
        if name in SKIPPED or name.startswith("admin:"):
            continue
        if name.startswith("api:"):
            model = api_model(pattern)
            formats = API_FORMATS if "format" in keywords else [None]
            if "number" in keywords:
                ids = [{"number": release.number} for release in world.releases]
            elif "uuid" in keywords:
                ids = [{"uuid": uuid} for uuid in world.ids.get(model, [])]
            else:
                ids = [{}]
            for kwargs, suffix in itertools.product(ids, formats):
                api.add(
                    reverse(
                        name, kwargs=kwargs | ({"format": suffix} if suffix else {})
                    )
                )
            continue
        if "number" in keywords:  # a release's page, or each of its files
            for language, release in itertools.product(LANGUAGES, world.releases):
                paths = (
                    [f["path"] for f in release.files] if "path" in keywords else [None]
                )
                for path in paths:
                    kwargs = {"number": release.number} | (
                        {"path": path} if path else {}
                    )
                    with translation.override(language):
                        pages.add(reverse(name, kwargs=kwargs))
            continue
        if "uuid" in keywords or keywords - {"uuid"}:
            assert name in PAGES, f"{name}: add the page to the privacy matrix"
            ids = world.ids.get(PAGES[name], [])
        else:
            ids = [None]
        for language, uuid in itertools.product(LANGUAGES, ids):
            with translation.override(language):
                pages.add(reverse(name, kwargs={"uuid": uuid} if uuid else {}))
    return sorted(pages), sorted(api)


def admin_urls() -> list[str]:
    found = ["/en/admin/", "/en/admin/archive/historyevent/"]
    for model in registered_models():
        opts = model._meta
        found.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            found.append(
                reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk]
                )
            )
    return found


def text_of(response) -> str:
    body = b"".join(response) if response.streaming else response.content
    return body.decode("utf-8", "replace")


def units_of(text: str) -> list[str]:
    """What one response says of one thing: each row of an API list, each line of
    a CSV, else the whole page (two people on one list page are not a pair)."""
    try:
        data = json.loads(text)
    except ValueError:
        lines = text.splitlines()
        return lines if lines and "," in lines[0] and "<" not in text[:200] else [text]
    rows = data.get("results", data) if isinstance(data, dict) else data
    if isinstance(rows, list):
        return [json.dumps(row) for row in rows]
    return [text]


def leaks_in(
    caller: Caller, url: str, status: int, text: str, world: World
) -> list[str]:
    """A 5xx, every marker in `text` that `caller` may not read, and every person
    shown with a list they are on when `caller` may not learn that."""
    found = []
    if status >= 500:
        found.append(f"{caller.name}: {status} at {url}")
    reach = AUDIENCES.index(caller.audience)
    for person, victim_list, allowed in world.memberships:
        if AUDIENCES.index(allowed) <= reach:
            continue
        for unit in units_of(text):
            shown = f"{url} {unit}"
            if person in shown and victim_list in shown:
                found.append(f"{caller.name}: {person} on {victim_list} at {url}")
    for marker in set(MARKER.findall(text)):
        allowed = world.allowed.get(marker)
        if allowed is None or AUDIENCES.index(allowed) > reach:
            found.append(f"{caller.name}: {marker} ({allowed}) at {url}")
    return found


def search_leaks(caller: Caller, world: World) -> list[str]:
    """A real-name search finds a person only for those who may read that name."""
    found = []
    for query, uuid, allowed in world.searches:
        if AUDIENCES.index(allowed) <= AUDIENCES.index(caller.audience):
            continue
        paths = [("/api/v1/persons/", {"q": query})]
        if caller.pages:
            paths.append(("/en/search/", {"q": query}))
        for path, params in paths:
            response = caller.client.get(path, params)
            if response.status_code >= 500 or uuid in response.text:
                found.append(f"{caller.name}: {query!r} found {uuid} at {path}")
    return found


@pytest.fixture
def world(db, fresh_rate_limits, settings, tmp_path) -> World:
    from reports.actions import make_release

    settings.MEDIA_ROOT = tmp_path
    planted = World()
    plant(planted)
    send_submission(planted)
    planted.releases = [make_release(by=UserFactory(role="administrator"))]
    return planted


def test_no_marker_reaches_a_caller_who_may_not_read_it(world, settings):
    """Every page, API list, export and admin page, as each caller: no marker beyond
    the caller's reach. The public exports hold every public pseudonymous person
    (they are not empty). One planted world for all of it: planting is most of the
    test's time."""
    rates = {"anonymous": "100000/minute", "partner": "100000/minute"}
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": rates,
    }
    pages, api = urls(world)
    exports = [url for url in api if re.search(r"/export\.(csv|json)$", url)]
    assert len(exports) >= 24
    leaks, responses, everyone, exported = [], 0, callers(), set()
    for caller in everyone:
        wanted = api + (pages if caller.pages else [])
        wanted += admin_urls() if caller.admin else ["/en/admin/"]
        for url in wanted:
            response = caller.client.get(url)
            responses += 1
            text = text_of(response)
            leaks += leaks_in(caller, url, response.status_code, text, world)
            if caller.name == "anonymous" and url in exports:
                exported |= set(MARKER.findall(text))
        leaks += search_leaks(caller, world)
    print(
        f"privacy matrix: {len(everyone)} callers, {len(pages)} page and "
        f"{len(api)} API URLs ({len(exports)} exports), {responses} responses, "
        f"{len(world.allowed)} markers, {len(leaks)} leaks"
    )
    assert leaks == [], "\n".join(leaks[:50])
    public_pseudonyms = {
        person.pseudonym
        for person in Person.objects.filter(
            visibility="public", naming="pseudonym", retracted_at=None
        )
    }
    assert public_pseudonyms and public_pseudonyms <= exported


def test_the_matrix_sees_a_leak():
    """The detector itself: a planted staff-only marker shown to the public is
    reported, and so is a person shown with a list the public may not link them
    to (so an empty report means something)."""
    world = World()
    anonymous = Caller("anonymous", "public", Client())
    secret = world.marker("staff")
    world.memberships.append(("person-1", "list-1", "staff"))

    assert leaks_in(anonymous, "/en/", 200, f"<p>{secret}</p>", world) == [
        f"anonymous: {secret} (staff) at /en/"
    ]
    assert leaks_in(anonymous, "/x", 200, "person-1 on list-1", world) == [
        "anonymous: person-1 on list-1 at /x"
    ]
    assert leaks_in(anonymous, "/x", 503, "", world) == ["anonymous: 503 at /x"]
