"""Partner tokens: every request they make is logged (token, endpoint, status,
time), administrators read and export the log, old lines are purged, and a token
can be given an expiry date."""

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from archive.models import PartnerToken
from archive.models import TokenUse
from archive.tasks import purge_token_uses
from tests.factories import partner_token


def partner(secret: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.mark.django_db
def test_each_request_with_a_token_is_logged_with_its_status():
    client = partner(partner_token("read:public"))
    client.get("/api/v1/persons/?page_size=5")
    client.get("/api/v1/persons/00000000-0000-0000-0000-000000000000/")
    Client().get("/api/v1/persons/")  # anonymous: not a token's use

    uses = list(TokenUse.objects.order_by("at", "pk"))
    token = PartnerToken.objects.get()
    assert [(u.token, u.method, u.endpoint, u.status) for u in uses] == [
        (token, "GET", "/api/v1/persons/", 200),
        (token, "GET", "/api/v1/persons/00000000-0000-0000-0000-000000000000/", 404),
    ]


@pytest.mark.django_db
def test_an_expired_token_no_longer_works():
    secret = partner_token("read:public")
    client = partner(secret)
    token = PartnerToken.objects.get()
    token.expires_at = timezone.now() + timedelta(days=1)
    token.save()
    assert client.get("/api/v1/persons/").status_code == 200
    PartnerToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get("/api/v1/persons/")
    assert response.status_code == 401
    assert response.json()["detail"] == "Unknown or revoked token."


@pytest.mark.django_db
def test_old_lines_are_purged_after_the_configured_days(settings):
    settings.PARTNER_TOKEN_LOG_DAYS = 30
    partner(partner_token("read:public")).get("/api/v1/persons/")
    old = TokenUse.objects.get()
    old.at = timezone.now() - timedelta(days=31)
    old.save()
    partner(partner_token("read:public")).get("/api/v1/places/")

    assert purge_token_uses() == 1
    assert [use.endpoint for use in TokenUse.objects.all()] == ["/api/v1/places/"]


@pytest.mark.django_db
def test_only_administrators_read_and_export_the_log(
    administrator_client, moderator_client, editor_client, client
):
    partner(partner_token("read:public")).get("/api/v1/persons/")
    changelist = reverse("admin:archive_tokenuse_changelist")
    assert client.get(changelist).status_code == 302  # to the login page
    assert editor_client.get(changelist).status_code == 403
    assert moderator_client.get(changelist).status_code == 403
    assert "/api/v1/persons/" in administrator_client.get(changelist).text

    response = administrator_client.post(
        changelist,
        {
            "action": "export_csv",
            "_selected_action": list(TokenUse.objects.values_list("pk", flat=True)),
        },
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["time", "organisation", "token", "prefix", "method"] + [
        "endpoint",
        "status",
    ]
    assert rows[1][4:] == ["GET", "/api/v1/persons/", "200"]


@pytest.mark.django_db
def test_administrators_give_a_token_an_expiry_when_they_issue_it(
    administrator_client,
):
    from tests.factories import OrganisationFactory

    organisation = OrganisationFactory()
    response = administrator_client.post(
        reverse("admin:archive_partnertoken_add"),
        {
            "organisation": organisation.pk,
            "name": "invented quarterly sync",
            "scopes": ["read:public"],
            "expires_at_0": "2030-01-01",
            "expires_at_1": "00:00:00",
        },
    )
    assert response.status_code == 200  # the page that shows the secret once
    token = PartnerToken.objects.get()
    assert timezone.localtime(token.expires_at).year == 2030  # Almaty time
