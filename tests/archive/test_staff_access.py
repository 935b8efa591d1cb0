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


def test_one_colleagues_typos_do_not_lock_the_others_at_the_same_address():
    office = "198.51.100.7"
    typist, colleague = UserFactory(role="editor"), UserFactory(role="moderator")
    for _ in range(5):
        assert not sign_in(Client(REMOTE_ADDR=office), typist.username, "wrong")

    assert not sign_in(Client(REMOTE_ADDR=office), typist.username, PASSWORD)
    assert sign_in(Client(REMOTE_ADDR=office), colleague.username, PASSWORD)
    # Someone elsewhere cannot lock a staff account out by guessing its name.
    assert sign_in(Client(REMOTE_ADDR="198.51.100.8"), typist.username, PASSWORD)


def test_an_address_that_guesses_many_accounts_is_locked_after_many_more(settings):
    settings.STAFF_LOGIN_WIDE_FAILURE_LIMIT = 7  # 50 in production
    client = Client(REMOTE_ADDR="198.51.100.9")
    moderator = UserFactory(role="moderator")
    for n in range(6):
        sign_in(client, f"guess{n}", "wrong")
    assert sign_in(Client(REMOTE_ADDR="198.51.100.9"), moderator.username, PASSWORD)

    sign_in(client, "guess6", "wrong")

    assert not sign_in(Client(REMOTE_ADDR="198.51.100.9"), moderator.username, PASSWORD)
    assert sign_in(Client(REMOTE_ADDR="198.51.100.10"), moderator.username, PASSWORD)


def test_an_account_guessed_from_many_addresses_is_locked_after_many_more(settings):
    settings.STAFF_LOGIN_WIDE_FAILURE_LIMIT = 7  # 50 in production
    editor = UserFactory(role="editor")
    for n in range(7):
        sign_in(Client(REMOTE_ADDR=f"198.51.100.{n + 20}"), editor.username, "wrong")

    assert not sign_in(Client(REMOTE_ADDR="198.51.100.60"), editor.username, PASSWORD)


def test_an_administrator_unlocks_an_account():
    editor = UserFactory(role="editor")
    for _ in range(5):
        sign_in(Client(REMOTE_ADDR="198.51.100.20"), editor.username, "wrong")
    assert not sign_in(Client(REMOTE_ADDR="198.51.100.20"), editor.username, PASSWORD)

    call_command("axes_reset_username", editor.username)

    assert sign_in(Client(REMOTE_ADDR="198.51.100.20"), editor.username, PASSWORD)


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
    assert editor_client.session[LAST_SEEN] > time.time() - 60  # seen again now
    assert editor_client.get("/en/admin/").status_code == 200
