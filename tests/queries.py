"""Pages in tests: their HTML (answered 200), and the queries they take."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def query_count(client, url: str, **params) -> int:
    """How many queries one request takes; the page must answer 200."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return len(captured)


def html_of(client, url: str, params: dict | None = None) -> str:
    """A page's HTML; the page must answer 200."""
    response = client.get(url, params or {})
    assert response.status_code == 200, response.status_code
    return response.content.decode()
