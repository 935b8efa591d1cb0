"""An editor, played by Hypothesis (issue #28): open any admin change page of the
archive's records, change random fields of the record and of its inline rows (a
foreign key to any existing row included), sometimes add a row, and save. After
every save the page accepts, no audience below staff (the public; a partner) reads
a planted marker it could not read before, anywhere in the API.

Text typed into a row that already exists is an edit of what its readers read;
text in a new row is planted too (a new row that an audience reads is widening).

STAFF_FUZZ_EXAMPLES sets the number of edits (`make fuzz-staff` runs more).
"""

import itertools
import os
import random
import re
import string

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck
from hypothesis import Phase
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from allegations.models import TortureAllegation
from sources.models import Citation
from sources.models import Organisation
from sources.models import Source
from sources.models import VictimList
from tests.archive.test_api import LIST_ENDPOINTS
from tests.draws import NUMBERS
from tests.draws import Draws
from tests.factories import UserFactory
from tests.factories import partner_token
from tests.factories import place
from tests.factories import sign_in
from tests.forms import page_data
from victims.models import CriminalCase
from victims.models import Death
from victims.models import Defendant
from victims.models import Detention
from victims.models import Incident
from victims.models import Injury
from victims.models import NameVariant
from victims.models import Person

EXAMPLES = int(os.environ.get("STAFF_FUZZ_EXAMPLES", "100"))
LEVELS = ["public", "partners", "staff"]
NAMINGS = ["full", "initials", "pseudonym"]
REFUSED = "Only moderators may widen who sees this"
MARKER = re.compile(r"zq[a-z]{10}")
# What the API gives each audience: every list that shows a planted field.
READ = [e for e in LIST_ENDPOINTS if e not in ("places", "organisations")] + ["lists"]
EDITED = [Person, Death, Detention, Injury, TortureAllegation, Incident]
EDITED += [CriminalCase, Source]


class Markers:
    def __init__(self) -> None:
        self.rng = random.Random(2022)  # noqa: S311 (test data)
        self.planted: set[str] = set()

    def __call__(self) -> str:
        text = "zq" + "".join(self.rng.choices(string.ascii_lowercase, k=10))
        self.planted.add(text)
        return text


def plant(marker: Markers) -> None:
    """A small archive at every level, every text a marker."""
    sources = []
    for level in LEVELS:
        source = Source.objects.create(
            reference=marker(),
            kind=Source.Kind.REPORT,
            title=marker(),
            reliability_note=marker(),
            language="en",
            visibility=level,
        )
        source.publishers.add(Organisation.objects.create(name=marker()))
        sources.append(source)
    victim_list = VictimList.objects.create(
        reference=marker(),
        title=marker(),
        language="kk",
        compiled_by=Organisation.objects.create(name=marker()),
        counts=VictimList.Counts.KILLED,
        claimed_count=1,
        visibility="public",
    )
    sources.append(victim_list)
    incident = Incident.objects.create(
        title_en=marker(),
        description=marker(),
        occurred_on="2022-01-05",
        place=place("Almaty"),
        visibility="partners",
    )
    case = CriminalCase.objects.create(
        number=marker(),
        summary=marker(),
        monitoring_notes=marker(),
        articles=["272"],
        visibility="partners",
        details_visibility="staff",
    )
    for record in (incident, case):
        Citation.objects.cite(record, sources[0], locator=marker(), note=marker())
    combinations = itertools.product(LEVELS, LEVELS, NAMINGS)
    for index, (level, details, naming) in enumerate(combinations):
        if index % 3:
            continue  # nine people: every level, detail level and naming
        person = Person.objects.create(
            surname=marker(),
            given_name=marker(),
            pseudonym=marker(),
            occupation=marker(),
            consent_note=marker(),
            citizenship=marker(),
            visibility=level,
            details_visibility=details,
            naming=naming,
        )
        for source in (sources[2], sources[index % len(sources)]):
            NameVariant.objects.create(
                person=person,
                surname=marker(),
                given_name=marker(),
                note=marker(),
                script="Latn",
                source=source,
            )
        death = Death.objects.create(
            person=person,
            circumstances=marker(),
            occurred_on="2022-01-05",
            incident=incident,
            visibility=LEVELS[index % 3],
        )
        detention = Detention.objects.create(
            person=person,
            sentence=marker(),
            occurred_on="2022-01-06",
            criminal_case=case,
            visibility=LEVELS[(index + 1) % 3],
        )
        injury = Injury.objects.create(
            person=person, description=marker(), visibility=LEVELS[(index + 2) % 3]
        )
        allegation = TortureAllegation.objects.create(
            victim=person,
            detention=detention,
            other_methods=marker(),
            testimony=marker(),
            perpetrator_description=marker(),
            visibility=level,
            details_visibility=details,
        )
        Defendant.objects.create(
            case=case, person=person, role=Defendant.Role.PROTESTER, sentence=marker()
        )
        for record in (person, death, detention, injury, allegation):
            for source in sources[:3]:
                Citation.objects.cite(record, source, locator=marker(), note=marker())


def readers() -> dict[str, Client]:
    token = partner_token("read:public", "read:partners")
    return {
        "public": Client(),
        "partners": Client(HTTP_AUTHORIZATION=f"Bearer {token}"),
    }


def read(client: Client) -> set[str]:
    """Every marker the API gives this reader."""
    found = set()
    for resource in READ:
        text = client.get(f"/api/v1/{resource}/", {"page_size": 500}).text
        found |= set(MARKER.findall(text))
    for victim_list in VictimList.objects.all():
        rows = client.get(f"/api/v1/lists/{victim_list.uuid}/entries/").text
        found |= set(MARKER.findall(rows))
    return found


def change_url(model, pk: int) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])


def field_value(field, draw: Draws, marker: Markers, *, new_row: bool):
    """A value the field's widget could send: any choice, any existing row."""
    choices = getattr(field, "choices", None)
    queryset = getattr(field, "queryset", None)
    kind = type(field).__name__
    if queryset is not None:
        keys = list(queryset.order_by("pk").values_list("pk", flat=True)[:40])
        return str(draw.choose(keys))
    if kind in ("TypedMultipleChoiceField", "MultipleChoiceField"):
        values = [str(value) for value, _label in choices]
        return sorted({draw.choose(values) for _ in range(draw.choose([1, 2, 3]))})
    if choices is not None:
        return draw.choose([str(value) for value, _label in choices])
    if kind == "BooleanField":
        return draw.choose(["on", ""])
    if kind == "DateField":
        return f"2022-01-{draw.choose(list(range(1, 29))):02d}"
    if kind in ("CharField", "SlugField", "URLField"):
        return marker() if new_row else "zzedited" + marker()[2:]
    return None


def kind_of(field) -> str:
    if getattr(field, "queryset", None) is not None:
        return "foreign key"
    return "choice" if getattr(field, "choices", None) is not None else "other"


def edits(response, draw: Draws, marker: Markers) -> dict:
    """The page's values with one to three fields of the record or its rows
    changed (a foreign key, a choice or another field, drawn in equal parts), and
    sometimes a new row."""
    data = page_data(response)
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += formset.initial_forms
        if formset.extra_forms and draw.choose(range(6)) == 0:
            total = f"{formset.prefix}-TOTAL_FORMS"
            new = formset.empty_form
            new.prefix = formset.add_prefix(int(data[total]))
            data[total] = str(int(data[total]) + 1)
            for name, field in new.fields.items():
                value = field_value(field, draw, marker, new_row=True)
                if name not in ("id", "DELETE") and value is not None:
                    data[new.add_prefix(name)] = value
    editable = {"foreign key": [], "choice": [], "other": []}
    for form in forms:
        for name, field in form.fields.items():
            if name not in ("id", "DELETE", "change_reason") and not field.disabled:
                editable[kind_of(field)].append((form, name, field))
    for _change in range(draw.choose([1, 1, 2, 3])):
        fields = editable[draw.choose(list(editable))]
        if fields:
            form, name, field = draw.choose(fields)
            value = field_value(field, draw, marker, new_row=False)
            if value is not None:
                data[form.add_prefix(name)] = value
    return data


@pytest.mark.django_db
def test_no_editor_save_lets_an_audience_read_more(fresh_rate_limits, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "anonymous": "1000000/minute",
            "partner": "1000000/minute",
        },
    }
    marker = Markers()
    plant(marker)
    editor = sign_in(Client(raise_request_exception=False), UserFactory(role="editor"))
    audiences = readers()
    seen = {name: read(client) & marker.planted for name, client in audiences.items()}
    outcome = {"saved": 0, "refused": 0, "invalid": 0, "server errors": 0}
    outcome["widened"] = []

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        # Each edit changes the archive the next one starts from: generated
        # examples only (no replay or shrinking of a past one); the outcome
        # says what happened.
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.sampled_from(EDITED), NUMBERS)
    def edit(model, numbers):
        draw = Draws(numbers)
        pk = draw.choose(model.objects.values_list("pk", flat=True))
        url = change_url(model, pk)
        page = editor.get(url)
        if page.status_code != 200:
            outcome["server errors"] += page.status_code >= 500
            return
        response = editor.post(url, edits(page, draw, marker))
        if response.status_code >= 500:
            outcome["server errors"] += 1
        if response.status_code != 302:
            refused = REFUSED in response.content.decode()
            outcome["refused" if refused else "invalid"] += 1
            return
        outcome["saved"] += 1
        for name, client in audiences.items():
            now = read(client) & marker.planted
            if gained := now - seen[name]:
                outcome["widened"].append((model.__name__, pk, name, sorted(gained)))
            seen[name] = now

    edit()
    print(f"staff fuzz: {EXAMPLES} edits, {outcome}")
    assert outcome["server errors"] == 0
    assert outcome["widened"] == []
    assert outcome["saved"] > EXAMPLES // 10  # the editor does get edits through
