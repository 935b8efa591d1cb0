"""PostgreSQL down: what needs no database is served; the rest answers the archive's
own 503 page (JSON under /api/) with Retry-After, never a 500."""

import pytest
from django.db import connection
from django.test import Client

from tests.drills.servers import free_port
from tests.submissions.test_submissions import form


@pytest.fixture
def database_down(transactional_db):
    """From the site's side PostgreSQL is down: its connection points at a port where
    nothing listens. Put back before the test database is flushed."""
    saved = connection.settings_dict["PORT"]

    def bring_back() -> None:
        connection.close()
        connection.settings_dict["PORT"] = saved

    connection.close()
    connection.settings_dict["PORT"] = free_port()
    yield bring_back
    bring_back()


@pytest.fixture
def visitor() -> Client:
    return Client(raise_request_exception=False)


def test_pages_that_need_no_database_are_served(database_down, visitor):
    assert visitor.get("/en/").status_code == 200
    assert visitor.get("/en/submit/").status_code == 200


@pytest.mark.parametrize(
    "path", ["/en/search/?q=Tokayev", "/en/figures/", "/en/statistics/"]
)
def test_pages_that_need_it_answer_503_with_retry_after(database_down, visitor, path):
    response = visitor.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "briefly unavailable" in response.content.decode()


def test_a_submission_sent_while_it_is_down_is_told_to_come_back(
    database_down, visitor
):
    response = visitor.post("/en/submit/", form())

    assert response.status_code == 503
    assert "nothing was saved" in response.content.decode()


def test_the_api_answers_json_503(database_down, visitor):
    response = visitor.get("/api/v1/persons/")

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response.json()["status"] == 503


def test_the_site_answers_again_once_it_is_back(database_down, visitor):
    assert visitor.get("/en/figures/").status_code == 503

    database_down()

    assert visitor.get("/en/figures/").status_code == 200
