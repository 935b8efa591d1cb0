"""The staff roles, created by a migration, and what each may do."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import PublicPersonFactory
from tests.factories import UserFactory
from tests.factories import sign_in

pytestmark = pytest.mark.django_db


def permissions_of(role: str) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=role).permissions.select_related("content_type")
    }


def test_the_three_roles_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "editor",
        "moderator",
        "administrator",
    }


def test_editors_edit_records_but_neither_publish_nor_delete_them():
    editor = permissions_of("editor")

    assert {
        "victims.add_person",
        "victims.change_person",
        "sources.add_source",
    } <= editor
    assert "victims.publish_records" not in editor
    assert not {p for p in editor if p.split(".")[1].startswith("delete_")} - {
        "sources.delete_citation",
        "victims.delete_namevariant",
        "victims.delete_defendant",
        "victims.delete_hearing",
    }
    assert "auth.change_user" not in editor


def test_moderators_publish_and_administrators_manage_users():
    assert "victims.publish_records" in permissions_of("moderator")
    assert "auth.change_user" not in permissions_of("moderator")
    assert {"auth.add_user", "auth.change_user", "victims.publish_records"} <= (
        permissions_of("administrator")
    )


def test_only_administrators_open_the_user_admin(client):
    url = reverse("admin:auth_user_changelist")
    for role, status in (("editor", 403), ("moderator", 403), ("administrator", 200)):
        sign_in(client, UserFactory(role=role))
        assert client.get(url).status_code == status, role


def test_staff_read_a_record_history_with_who_and_why(editor_client):
    person = PublicPersonFactory()

    change_page = editor_client.get(
        reverse("admin:victims_person_change", args=[person.pk])
    )
    events_url = reverse("admin:archive_historyevent_changelist")
    events = editor_client.get(
        events_url, {"method": "tracks", "obj": f"victims.Person:{person.pk}"}
    )

    assert events_url in change_page.content.decode()
    assert events.status_code == 200
    assert "insert" in events.content.decode()


def test_history_is_not_open_to_the_public(client):
    response = client.get(reverse("admin:archive_historyevent_changelist"))

    assert response.status_code == 302
