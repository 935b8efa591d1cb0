"""Production settings, each checked in a fresh interpreter with its own environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.waiting import HUNG_AFTER_SECONDS

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x7#Qv9!mL2@pR5$tW8^zB1&nC4*hJ6(kF3)dG0-sA7+yE2=uI9~oP5",
    "DJANGO_ALLOWED_HOSTS": "archive.example.org",
    "API_TRUSTED_PROXIES": "1",
    "SUBMISSION_CONTACT_KEYS": "lzb2vJ8GMQ9mJ0mUXo1lTqgGz3Tq5wO0pB7a3tS3u6E=",
    "RECORD_KEYS": "Ufz3qK7mTn1Yw9sB4cXv2Ld8Ge6Hj0Pa5Rk3Mu7Nq1o=",
    "BACKUP_KEYS": "q3Vt8YbN1xR6mK0sW4dF9hJ2cL7pZ5gA1eU3iO8yT6w=",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=HUNG_AFTER_SECONDS,
    )


def test_deploy_check_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_a_setting_it_needs(missing):
    env = {name: value for name, value in PRODUCTION.items() if name != missing}

    result = manage("check", **env)

    assert result.returncode != 0
    assert missing in result.stderr


def test_debug_is_off_unless_asked_for():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_DEBUG"}

    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        **env,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_sqlite_is_refused():
    result = manage("check", **PRODUCTION, DATABASE_URL="sqlite:///archive.db")

    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_no_model_change_is_missing_a_migration():
    result = manage("makemigrations", "--check", "--dry-run", DJANGO_DEBUG="1")

    assert result.returncode == 0, result.stdout + result.stderr


KEY_SETTINGS = ["SUBMISSION_CONTACT_KEYS", "RECORD_KEYS", "BACKUP_KEYS"]


@pytest.mark.parametrize("name", KEY_SETTINGS)
@pytest.mark.parametrize("key", ["not-a-key", "c2hvcnQ="])
def test_a_malformed_key_stops_the_start_not_a_submission(name, key):
    result = manage("check", **{**PRODUCTION, name: key})

    assert result.returncode != 0
    assert f"{name} must be Fernet keys" in result.stderr


def test_fernet_contact_keys_are_accepted_newest_first():
    from cryptography.fernet import Fernet

    keys = ",".join(Fernet.generate_key().decode() for _ in range(2))
    result = manage("check", **{**PRODUCTION, "SUBMISSION_CONTACT_KEYS": keys})

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", KEY_SETTINGS)
def test_production_needs_encryption_keys_of_their_own(name):
    env = {k: v for k, v in PRODUCTION.items() if k != name}

    result = manage("check", **env)

    assert result.returncode != 0
    assert f"set {name}" in result.stderr


def test_every_cookie_is_secure_samesite_and_httponly_where_it_can_be():
    names = [
        f"{kind}_COOKIE_{flag}"
        for kind in ("SESSION", "CSRF", "LANGUAGE")
        for flag in ("SECURE", "SAMESITE", "HTTPONLY")
    ]
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; "
        f"print(*[getattr(settings, n) for n in {names!r}])",
        **PRODUCTION,
    )

    assert result.returncode == 0, result.stderr
    values = dict(zip(names, result.stdout.split(), strict=True))
    for kind in ("SESSION", "CSRF", "LANGUAGE"):
        assert values[f"{kind}_COOKIE_SECURE"] == "True", kind
        assert values[f"{kind}_COOKIE_SAMESITE"] == "Lax", kind
    assert values["SESSION_COOKIE_HTTPONLY"] == values["LANGUAGE_COOKIE_HTTPONLY"]
    assert values["LANGUAGE_COOKIE_HTTPONLY"] == "True"


@pytest.mark.django_db
def test_the_language_cookie_carries_its_flags(client):
    response = client.post("/en/i18n/setlang/", {"language": "kk", "next": "/kk/"})

    cookie = response.cookies["django_language"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


@pytest.mark.parametrize(
    "key",
    [
        "change-me-to-50-or-more-random-characters",
        "insecure-local-development-key-never-in-production",
        "short-but-random-4f8a",
        "a" * 60,
    ],
    ids=["example", "development default", "short", "one letter"],
)
def test_production_refuses_a_placeholder_or_weak_secret_key(key):
    result = manage("check", **{**PRODUCTION, "DJANGO_SECRET_KEY": key})

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is a placeholder or too short" in result.stderr


def test_production_must_say_how_many_proxies_it_trusts():
    env = {k: v for k, v in PRODUCTION.items() if k != "API_TRUSTED_PROXIES"}

    result = manage("check", **env)

    assert result.returncode != 0
    assert "set API_TRUSTED_PROXIES" in result.stderr
