"""Log lines that can be followed: each carries the id of the request or task it
belongs to, and production writes them as JSON (python-json-logger), one object a
line, for a log collector to index.

A request's id is the proxy's `X-Request-ID` when it looks like one (so proxy and
archive logs join), else a new one; the response carries it back. A task's id is
its Celery task id.
"""

import contextvars
import logging
import re
import uuid

from celery.signals import task_postrun
from celery.signals import task_prerun
from django.http import HttpRequest
from django.http import HttpResponse

NO_ID = "-"
CURRENT_ID = contextvars.ContextVar("request_id", default=NO_ID)
LOOKS_LIKE_AN_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (for the formatters in settings.LOGGING)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = CURRENT_ID.get()
        return True


class RequestId:
    """Middleware, first of all: gives the request its id and the response its
    `X-Request-ID`. The id stays set after the response so that Django's own
    "Not Found" and error lines, written after the middleware, carry it too; the
    next request on this thread sets its own."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        request_id = given if LOOKS_LIKE_AN_ID.fullmatch(given) else uuid.uuid4().hex
        CURRENT_ID.set(request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


@task_prerun.connect
def _task_started(task_id: str, **kwargs) -> None:
    CURRENT_ID.set(task_id)


@task_postrun.connect
def _task_ended(**kwargs) -> None:
    CURRENT_ID.set(NO_ID)
