"""The headers a production deploy sends, on a public page, an admin page, the API
docs and a 404: read in a fresh interpreter with production settings."""

import json
import re

import pytest
from django.db import connection

from tests.archive.test_settings import PRODUCTION
from tests.archive.test_settings import manage

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>")
# The admin's own login now sends staff to the two-factor sign-in (a redirect).
PAGES = ["/en/", "/en/account/login/", "/en/admin/login/", "/api/v1/docs/"]
PAGES += ["/en/no-such-page/"]
HEADERS = [
    "Content-Security-Policy",
    "Permissions-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
]
SCRIPT = f"""
import json
from django.test import Client
client = Client(HTTP_HOST="archive.example.org")
found = {{}}
for path in {PAGES!r}:
    response = client.get(path, secure=True)
    found[path] = {{
        "status": response.status_code,
        "body": response.content.decode(),
        **{{name: response.headers.get(name, "") for name in {HEADERS!r}}},
    }}
print(json.dumps(found))
"""


@pytest.mark.django_db(transaction=True)  # the sign-in page keeps its wizard state
def test_every_security_header_on_every_kind_of_page(tmp_path):
    database = connection.settings_dict  # the test database, migrated
    production = {
        **PRODUCTION,
        "DJANGO_STATIC_ROOT": str(tmp_path),
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
            f"/{database['NAME']}"
        ),
    }
    collected = manage("collectstatic", "--noinput", "-v0", **production)
    assert collected.returncode == 0, collected.stderr

    result = manage("shell", "--no-imports", "-c", SCRIPT, **production)
    assert result.returncode == 0, result.stderr
    pages = json.loads(result.stdout.strip().splitlines()[-1])

    assert [pages[path]["status"] for path in PAGES] == [200, 200, 302, 200, 404]
    for path, page in pages.items():
        policy = page["Content-Security-Policy"]
        assert "default-src 'self'" in policy, path
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, path
        assert "frame-ancestors 'none'" in policy, path
        assert "camera=()" in page["Permissions-Policy"], path
        assert "max-age=" in page["Strict-Transport-Security"], path
        assert page["X-Content-Type-Options"] == "nosniff", path
        assert page["X-Frame-Options"] == "DENY", path
        assert page["Referrer-Policy"] == "same-origin", path
        assert page["Cross-Origin-Opener-Policy"] == "same-origin", path
        inline = re.findall(
            r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", page["body"]
        )
        assert inline == [], (path, inline)
