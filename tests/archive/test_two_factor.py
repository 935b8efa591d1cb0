"""Two-factor sign-in: moderators and administrators must use an authenticator
(TOTP) or a recovery code; editors may enrol one and then must use it. Until an
account has signed in as far as it asks, it reads the archive as the public does."""

import re
from base64 import b32decode

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import StaffPersonFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/en/account/login/"
PASSWORD = "a long test password"  # tests.factories.UserFactory's
DEVICE = "default"  # the name two_factor's enrolment gives, and its sign-in asks for


def step(name: str, **fields) -> dict:
    return {"login_view-current_step": name} | {
        f"{name}-{key}": value for key, value in fields.items()
    }


def code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def password_step(user) -> tuple[Client, object]:
    """A new browser that has given `user`'s password, and the page it got."""
    client = Client()
    response = client.post(
        LOGIN, step("auth", username=user.username, password=PASSWORD)
    )
    return client, response


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def reads_as_staff(client: Client) -> bool:
    hidden = StaffPersonFactory()
    return client.get(hidden.get_absolute_url()).status_code == 200


def test_a_moderator_signs_in_with_password_then_authenticator():
    moderator = UserFactory(role="moderator")
    device = TOTPDevice.objects.create(user=moderator, name=DEVICE)

    client, response = password_step(moderator)
    assert response.status_code == 200 and not signed_in(client)  # now the code
    client.post(LOGIN, step("token", otp_token="000000"))
    assert not signed_in(client)
    client.post(LOGIN, step("token", otp_token=code(device)))
    assert not signed_in(client)  # each failure doubles the wait before a retry
    device.refresh_from_db()
    device.throttle_reset()  # as if the wait had passed
    response = client.post(LOGIN, step("token", otp_token=code(device)))

    assert response.status_code == 302 and signed_in(client)
    assert client.get("/en/admin/").status_code == 200
    assert reads_as_staff(client)


def test_a_moderator_without_an_authenticator_enrols_before_anything_staff():
    moderator = UserFactory(role="moderator")
    client, _ = password_step(moderator)
    assert signed_in(client)  # by password only

    response = client.get("/en/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/en/account/two_factor/setup/"
    assert not reads_as_staff(client)

    setup = "/en/account/two_factor/setup/"
    # One method (an authenticator app): the wizard goes from welcome to its code.
    page = client.post(setup, {"setup_view-current_step": "welcome"})
    secret = re.search(r'otpauth://[^"]*">([A-Z2-7]{16,})</a>', page.text)
    assert secret, "the page shows the secret to type into an authenticator"
    key = b32decode(secret.group(1) + "=" * (-len(secret.group(1)) % 8))
    token = f"{TOTP(key).token():06d}"
    client.post(
        setup, {"setup_view-current_step": "generator", "generator-token": token}
    )

    assert TOTPDevice.objects.filter(user=moderator, confirmed=True).exists()
    assert client.get("/en/admin/").status_code == 200
    assert reads_as_staff(client)


def test_an_editor_signs_in_with_a_password_until_enrolling_an_authenticator():
    editor = UserFactory(role="editor")
    client, _ = password_step(editor)
    assert signed_in(client)
    assert client.get("/en/admin/").status_code == 200

    TOTPDevice.objects.create(user=editor, name=DEVICE)
    enrolled, _ = password_step(editor)
    assert not signed_in(enrolled)  # the code is asked for now


def test_a_recovery_code_signs_in_once():
    administrator = UserFactory(role="administrator")
    TOTPDevice.objects.create(user=administrator, name=DEVICE)
    recovery = StaticDevice.objects.create(user=administrator, name="backup")
    recovery.token_set.create(token="invented1")

    def with_recovery_code() -> bool:
        client, _ = password_step(administrator)
        client.post(LOGIN, {"wizard_goto_step": "backup"})
        client.post(LOGIN, step("backup", otp_token="invented1"))
        return signed_in(client)

    assert with_recovery_code()
    assert not with_recovery_code()  # spent


def test_the_sign_in_pages_speak_kazakh_and_russian(client):
    assert "Кіру" in client.get("/kk/account/login/").text
    assert "Логин" in client.get("/ru/account/login/").text


def test_the_workspace_links_each_person_to_their_two_factor_settings(editor_client):
    page = editor_client.get("/en/admin/")
    assert 'href="/en/account/two_factor/"' in page.text
    assert editor_client.get("/en/account/two_factor/").status_code == 200
