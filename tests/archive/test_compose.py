"""The production compose file, read as data: Docker cannot run on our machines."""

import re
from pathlib import Path

import pytest
import yaml

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def environment_names_read_by_settings() -> set[str]:
    source = (BASE_DIR / "archive" / "settings.py").read_text()
    return set(re.findall(r'env\.\w+\(\s*"([A-Z_]+)"', source))


def test_the_stack_has_its_services(compose):
    assert set(compose["services"]) == {
        "postgres",
        "redis",
        "roles",
        "migrate",
        "web",
        "worker",
        "beat",
        "backup",
    }
    assert compose["services"]["postgres"]["image"] == "postgres:16"
    assert compose["services"]["redis"]["image"] == "redis:7"


def test_long_running_services_have_health_checks(compose):
    for name in ("postgres", "redis", "web", "worker", "beat", "backup"):
        assert compose["services"][name]["healthcheck"]["test"], name


def test_app_services_run_the_project_with_production_settings(compose):
    services = compose["services"]
    assert services["web"]["command"][:2] == ["gunicorn", "archive.wsgi:application"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "archive", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "archive", "beat"]
    assert services["migrate"]["command"] == [
        "sh",
        "-c",
        "python manage.py migrate --noinput && python manage.py load_archive_data",
    ]
    for name in ("migrate", "web", "worker", "beat", "backup"):
        env = services[name]["environment"]
        assert env["DJANGO_DEBUG"] == "0"
        role = "qantar_owner" if name == "migrate" else "qantar_app"
        assert env["DATABASE_URL"].startswith(f"postgres://{role}:")
        assert "@postgres:5432/" in env["DATABASE_URL"]
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        assert (
            services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"
        )
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy"


def test_web_health_check_calls_livez(compose):
    """Liveness only: a late backup (which /healthz reports) is no reason to restart."""
    check = " ".join(compose["services"]["web"]["healthcheck"]["test"])
    assert "/livez" in check
    assert "backups:/backups:ro" in compose["services"]["web"]["volumes"]


def test_worker_health_check_pings_the_worker(compose):
    check = " ".join(compose["services"]["worker"]["healthcheck"]["test"])
    assert "inspect ping" in check


def test_data_lives_in_named_volumes(compose):
    assert {"postgres-data", "redis-data", "media"} <= set(compose["volumes"])
    assert (
        "postgres-data:/var/lib/postgresql/data"
        in compose["services"]["postgres"]["volumes"]
    )
    assert f"media:{'/data/media'}" in compose["services"]["web"]["volumes"]


def test_every_setting_the_app_requires_is_documented_in_env_example():
    documented = set(
        re.findall(r"^#?\s*([A-Z_]+)=", (BASE_DIR / ".env.example").read_text(), re.M)
    )
    assert environment_names_read_by_settings() <= documented


def test_the_database_is_created_with_a_utf8_character_type(compose):
    assert (
        "--locale=C.UTF-8"
        in compose["services"]["postgres"]["environment"]["POSTGRES_INITDB_ARGS"]
    )


def test_the_image_runs_as_a_non_root_user():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    users = re.findall(r"^USER\s+(\S+)", dockerfile, re.M)
    assert users and users[-1] not in {"root", "0"}


def test_gunicorn_is_published_on_the_loopback_only(compose):
    """It trusts X-Forwarded-Proto: only the TLS proxy on the host may reach it."""
    assert compose["services"]["web"]["ports"] == ["127.0.0.1:8000:8000"]


def test_backups_run_on_a_schedule_into_a_volume_of_their_own(compose):
    backup = compose["services"]["backup"]
    assert "python manage.py backup" in backup["command"][-1]
    assert "BACKUP_INTERVAL_SECONDS" in backup["command"][-1]
    assert "backups:/backups" in backup["volumes"]
    assert "media:/data/media:ro" in backup["volumes"]
    assert backup["environment"]["BACKUP_DIR"] == "/backups"
    assert "backups" in compose["volumes"]


def test_the_application_connects_as_its_own_role_and_migrations_as_the_owner(
    compose,
):
    """The roles of deploy/database-roles.sql, set up before any migration; the
    owner grants the application role its privileges after each (archive.grants)."""
    services = compose["services"]
    roles = services["roles"]
    assert "./deploy/database-roles.sql:/database-roles.sql:ro" in roles["volumes"]
    command = " ".join(roles["command"])
    assert "-v owner=qantar_owner -v app=qantar_app" in command
    assert "-f /database-roles.sql" in command
    assert (
        roles["environment"]["PGUSER"]
        == services["postgres"]["environment"]["POSTGRES_USER"]
    )
    migrate = services["migrate"]
    assert migrate["environment"]["DATABASE_APP_ROLE"] == "qantar_app"
    assert migrate["depends_on"]["roles"]["condition"] == (
        "service_completed_successfully"
    )
