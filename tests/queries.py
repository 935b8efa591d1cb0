"""Pages in tests: their HTML (answered 200), the queries they take, and the rows of
an export."""

import csv
import hashlib
import io

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


def exported_csv_rows(response) -> list[dict]:
    """The rows of a streamed CSV export, after checking its last line: the count
    of rows and the SHA-256 of the lines above it."""
    text = b"".join(response.streaming_content).decode()
    *lines, check = text.splitlines(keepends=True)
    above = hashlib.sha256("".join(lines).encode()).hexdigest()
    rows = list(csv.DictReader(io.StringIO("".join(lines))))
    expected = f"# end of export: {len(rows)} rows; sha256 of the lines above: {above}"
    assert check.rstrip("\r\n") == expected
    return rows
