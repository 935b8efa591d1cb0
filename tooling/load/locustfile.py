"""The load test's mix of visitors (Locust), run by `manage.py load_test`, which
writes the paths to ask for into the JSON file named by LOAD_TARGETS.

Shares of requests: public search 60%, person pages 25%, the API's list pages and
exports 10%, submissions 5%; and, beside the mix, a trivial JSON 404 under /api/ as
the framework's ceiling. A 5xx (or no answer) counts as a failure, and so does a
submission that does not get its receipt page.
"""

import json
import os
import random
import re

from locust import FastHttpUser
from locust import task

TARGETS = json.loads(open(os.environ["LOAD_TARGETS"]).read())  # noqa: SIM115
PICK = random.Random()  # noqa: S311 (which name to search for, not a secret)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Visitor(FastHttpUser):
    # As the TLS proxy in front of gunicorn says: production settings mark cookies
    # Secure, which a client sends back only over HTTPS.
    HTTPS = {"X-Forwarded-Proto": "https"}

    def _get(self, path: str, name: str) -> str:
        with self.client.get(
            path, name=name, headers=self.HTTPS, catch_response=True
        ) as response:
            if response.status_code >= 500 or response.status_code == 0:
                response.failure(f"status {response.status_code}")
            else:
                response.success()
            return response.text or ""

    @task(60)
    def search(self) -> None:
        self._get(f"/en/search/?q={PICK.choice(TARGETS['names'])}", "search page")

    @task(25)
    def person(self) -> None:
        self._get(PICK.choice(TARGETS["people"]), "person page")

    @task(8)
    def api_list(self) -> None:
        self._get(
            f"/api/v1/persons/?page_size=50&q={PICK.choice(TARGETS['names'])}",
            "API list",
        )

    @task(2)
    def api_export(self) -> None:
        name = PICK.choice(TARGETS["names"])
        self._get(f"/api/v1/persons/export.csv?q={name}", "API export")

    @task(5)
    def submit(self) -> None:
        with self.client.get(
            "/en/submit/", name="submission form", headers=self.HTTPS
        ) as response:
            token = CSRF.search(response.text or "")
            cookie = response.headers.get("Set-Cookie", "")
        csrf_cookie = re.search(r"csrftoken=([^;]+)", cookie)
        if token is None or csrf_cookie is None:
            return
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "kind": "new_person",
            "surname": "Жүктемеов",
            "given_name": "Сынақ",
            "account": "An invented account sent by the load test.",
            "naming": "initials",
            "website": "",
        }
        with self.client.post(
            "/en/submit/",
            data=data,
            name="submission sent",
            headers={
                **self.HTTPS,
                "Referer": self.host.replace("http:", "https:") + "/en/submit/",
                "Cookie": f"csrftoken={csrf_cookie.group(1)}",
            },
            catch_response=True,
        ) as response:
            # Rate limits are lifted for the load test: anything but the receipt
            # page means the submission was lost.
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            else:
                response.success()

    @task(2)
    def trivial(self) -> None:
        self._get("/api/v1/no-such-endpoint/", "trivial 404")
