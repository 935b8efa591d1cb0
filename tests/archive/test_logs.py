"""Log lines carry the request's id, which the response gives back, and production
writes them as JSON."""

import io
import json
import logging
import logging.config

import pytest
from django.conf import settings


@pytest.fixture
def json_log():
    """The settings' JSON console handler, writing into a buffer."""
    buffer = io.StringIO()
    config = {**settings.LOGGING}
    config["handlers"] = {
        "console": {
            **settings.LOGGING["handlers"]["console"],
            "formatter": "json",
            "stream": buffer,
        }
    }
    logging.config.dictConfig(config)
    yield buffer
    logging.config.dictConfig(settings.LOGGING)


def lines(buffer: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def test_each_response_names_its_request_id(client):
    first = client.get("/en/")["X-Request-ID"]
    second = client.get("/en/")["X-Request-ID"]

    assert len(first) == 32 and first != second
    given = client.get("/en/", headers={"X-Request-ID": "proxy-7f3a.1"})
    assert given["X-Request-ID"] == "proxy-7f3a.1"
    odd = client.get("/en/", headers={"X-Request-ID": "<script>\n"})
    assert odd["X-Request-ID"] != "<script>\n" and len(odd["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_log_lines_are_json_with_the_request_id(client, json_log):
    response = client.get("/en/no-such-page/", headers={"X-Request-ID": "abc-123"})

    assert response.status_code == 404
    [line] = [line for line in lines(json_log) if line["logger"] == "django.request"]
    assert line["level"] == "WARNING"
    assert line["request_id"] == "abc-123"
    assert "no-such-page" in line["message"]
    assert line["time"]
