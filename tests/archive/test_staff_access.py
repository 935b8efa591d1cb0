"""Staff sign-in: lockout after repeated failures, unlock by an administrator, and
the end of idle sessions."""

import time

import pytest
from django.core.management import call_command
from django.test import Client

from archive.middleware import LAST_SEEN
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/en/account/login/"  # django-two-factor-auth's: password, then a code
ADMIN_LOGIN = "/en/admin/login/"  # where the admin sends a signed-out visitor
PASSWORD = "a long test password"  # tests.factories.UserFactory's


def password_step(username: str, password: str) -> dict:
    return {
        "login_view-current_step": "auth",
        "auth-username": username,
        "auth-password": password,
    }


def sign_in(client: Client, username: str, password: str) -> bool:
    client.post(LOGIN, password_step(username, password))
    return "_auth_user_id" in client.session


def test_thirty_wrong_passwords_lock_the_account_even_against_the_right_one():
    editor = UserFactory(role="editor")
    client = Client()

    for _ in range(30):
        assert not sign_in(client, editor.username, "wrong")

    response = client.post(LOGIN, password_step(editor.username, PASSWORD))
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_address_that_guesses_many_accounts_is_locked_too():
    client = Client(REMOTE_ADDR="198.51.100.7")
    for n in range(5):
        sign_in(client, f"guess{n}", "wrong")

    moderator = UserFactory(role="moderator")
    assert not sign_in(client, moderator.username, PASSWORD)
    assert sign_in(Client(REMOTE_ADDR="198.51.100.8"), moderator.username, PASSWORD)


def test_an_administrator_unlocks_an_account():
    editor = UserFactory(role="editor")
    for _ in range(5):
        sign_in(Client(REMOTE_ADDR=f"198.51.100.{_ + 20}"), editor.username, "wrong")
    assert not sign_in(Client(REMOTE_ADDR="198.51.100.40"), editor.username, PASSWORD)

    call_command("axes_reset_username", editor.username)

    assert sign_in(Client(REMOTE_ADDR="198.51.100.41"), editor.username, PASSWORD)


def test_a_staff_session_ends_after_it_has_been_idle(editor_client, settings):
    settings.STAFF_IDLE_MINUTES = 30
    assert editor_client.get("/en/admin/").status_code == 200

    session = editor_client.session
    session[LAST_SEEN] = time.time() - 31 * 60
    session.save()

    response = editor_client.get("/en/admin/")
    assert response.status_code == 302
    assert ADMIN_LOGIN in response["Location"]


def test_a_staff_session_in_use_stays_open(editor_client, settings):
    settings.STAFF_IDLE_MINUTES = 30
    session = editor_client.session
    session[LAST_SEEN] = time.time() - 29 * 60
    session.save()

    assert editor_client.get("/en/admin/").status_code == 200
    assert editor_client.get("/en/admin/").status_code == 200
