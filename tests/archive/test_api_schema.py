"""Property-based run of the published OpenAPI schema (schemathesis): generated
requests to every operation, as an anonymous caller and with a partners token, must
never get a 5xx nor a response that breaks the schema.

The budget is small in `make test` and larger in `make fuzz-api`
(API_FUZZ_EXAMPLES examples per operation).
"""

import json
import os

import pytest
import schemathesis
from django.core.signals import request_finished
from django.core.signals import request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck
from hypothesis import settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance
from schemathesis.specs.openapi.checks import response_headers_conformance
from schemathesis.specs.openapi.checks import response_schema_conformance
from schemathesis.specs.openapi.checks import status_code_conformance

from archive.wsgi import application
from tests.factories import AllegationFactory
from tests.factories import CriminalCaseFactory
from tests.factories import DeathFactory
from tests.factories import DetentionFactory
from tests.factories import FigureFactory
from tests.factories import InjuryFactory
from tests.factories import NameVariantFactory
from tests.factories import PseudonymousPersonFactory
from tests.factories import defendant
from tests.factories import partner_token

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "5"))
PHASES = os.environ.get("API_FUZZ_PHASES", "examples,fuzzing").split(",")
# Every response-conformance check: a client generated from the schema must work.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def records(db):
    """Some of every record, so that responses have bodies to check. Requests go
    straight to the WSGI app, which would close the test's database connection at
    the end of each request; Django's own test client stops that the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    death = DeathFactory()
    NameVariantFactory(person=death.person)
    DetentionFactory(person=death.person)
    InjuryFactory(person=death.person)
    allegation = AllegationFactory(victim=PseudonymousPersonFactory())
    defendant(CriminalCaseFactory(), allegation.victim)
    FigureFactory()
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def partner(records) -> dict:
    """Headers of a partner token that reads the most a partner may."""
    scopes = ("read:public", "read:partners", "submit")
    return {"Authorization": f"Bearer {partner_token(*scopes)}"}


def _served_schema():
    """The schema exactly as /api/v1/schema/ serves it (built without a request, so
    that collecting the tests needs no database), called through the WSGI app."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(
        json.loads(OpenApiJsonRenderer().render(generated))
    )
    loaded.app = application
    # The coverage phase sends hundreds of boundary requests per operation: only in
    # `make fuzz-api`; `make test` fuzzes with its small budget.
    loaded.config.phases.update(phases=PHASES)
    return loaded


schema = _served_schema()


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=EXAMPLES <= 10,  # the small budget in `make test` is repeatable
)


@schema.parametrize()
@FUZZ
def test_anonymous_requests_get_no_5xx_and_conform_to_the_schema(case, records):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_partner_requests_get_no_5xx_and_conform_to_the_schema(case, partner):
    case.call_and_validate(headers=partner, checks=CHECKS)
