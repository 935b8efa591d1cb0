"""Testimony, health details and contacts are encrypted wherever they land: a
marker planted in every such field (docs/threat-model.md, "Where testimony
lands") through the public form, the partner API and the admin never appears in
a dump of the database."""

import subprocess
import uuid

import pytest
from django.test import Client

from archive.backups import connection_settings
from archive.backups import pg_tool
from submissions.models import Submission
from tests.factories import AllegationFactory
from tests.factories import CriminalCaseFactory
from tests.factories import DeathFactory
from tests.factories import InjuryFactory
from tests.factories import PublicPersonFactory
from tests.forms import page_data
from tests.submissions.test_api import SUBMISSION
from tests.submissions.test_api import _partner
from tests.submissions.test_replies import STATUS
from tests.submissions.test_replies import ask
from tests.submissions.test_submissions import receipt_of
from tests.submissions.test_submissions import send

pytestmark = pytest.mark.usefixtures("fresh_rate_limits")


class Markers(dict):
    """One unique marker per field planted: `markers["account (form)"]`."""

    def __missing__(self, field: str) -> str:
        self[field] = f"MARKER{uuid.uuid4().hex[:12]}"
        return self[field]


def edit(client: Client, url: str, **fields) -> None:
    """Save an admin change page with `fields` changed, as a browser would."""
    data = page_data(client.get(url))
    data.update(fields)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def database_dump() -> str:
    conninfo, environment = connection_settings(None)
    return subprocess.run(  # noqa: S603 (pg_dump found by pg_tool)
        [pg_tool("pg_dump"), "--data-only", "--format=plain", conninfo],
        env=environment, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_no_testimony_or_contact_is_readable_in_a_database_dump(
    reference_data, moderator_client
):
    markers = Markers()
    # The public form, and a reply to the moderator's question.
    receipt = receipt_of(
        send(
            Client(),
            account=markers["account (form)"],
            contact=markers["contact (form)"],
        )
    )
    ask(moderator_client, Submission.objects.get(), note=markers["question"])
    answered = Client().post(STATUS, {"code": receipt, "text": markers["reply"]})
    assert answered.status_code == 200
    # The partner API, and its reply.
    partner = _partner("submit")
    sent = partner.post(
        "/api/v1/submissions/",
        {**SUBMISSION, "account": markers["account (API)"],
         "contact": markers["contact (API)"]},
        content_type="application/json",
    ).json()  # fmt: skip
    ask(moderator_client, Submission.objects.get(uuid=sent["id"]), note="Where?")
    replied = partner.post(
        f"/api/v1/submissions/{sent['id']}/reply/",
        {"text": markers["reply (API)"]},
        content_type="application/json",
    )
    assert replied.status_code == 201
    # The admin: every record field that holds testimony or health details.
    admin = "/en/admin"
    person = PublicPersonFactory()
    edit(moderator_client, f"{admin}/victims/person/{person.pk}/change/",
         consent_note=markers["consent note"])  # fmt: skip
    allegation = AllegationFactory()
    edit(
        moderator_client,
        f"{admin}/allegations/tortureallegation/{allegation.pk}/change/",
        testimony=markers["testimony"],
        perpetrator_description=markers["perpetrator"],
    )
    case = CriminalCaseFactory()
    edit(
        moderator_client,
        f"{admin}/victims/criminalcase/{case.pk}/change/",
        monitoring_notes=markers["trial-monitoring notes"],
        **{"hearings-0-held_on": "2022-06-01",
           "hearings-0-what_happened": markers["hearing"]},
    )  # fmt: skip
    death, injury = DeathFactory(), InjuryFactory()
    edit(moderator_client, f"{admin}/victims/death/{death.pk}/change/",
         circumstances=markers["circumstances of a death"])  # fmt: skip
    edit(moderator_client, f"{admin}/victims/injury/{injury.pk}/change/",
         description=markers["an injury"])  # fmt: skip

    dump = database_dump()

    assert len(markers) == 14
    assert "Сәрсенбаев" in dump  # the dump is of what the test wrote: names are plain
    assert case.hearings.get().what_happened == markers["hearing"]  # stored, read
    shown = [field for field, marker in markers.items() if marker in dump]
    assert shown == []
