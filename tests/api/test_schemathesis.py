"""schemathesis against the served OpenAPI schema, through the WSGI app (no live server).

Every operation gets generated requests with Steinfurt's write token (it
reads as well): no 5xx, every answer as the schema says (status, content
type, body, headers), and no id of the second authority in any answer.
Examples are limited per operation so the run stays short.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from funding.wsgi import application as wsgi_app

pytestmark = pytest.mark.django_db(transaction=False)

EXAMPLES = 12
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance]
# Which kind of row a list's "id" is; the change feed names its kind per row.
KINDS = {"applications": "application", "decisions": "decision", "payments": "payment", "payment-runs": "payment_run",
         "letters": "letter", "proofs": "proof", "grants": "application"}


def _foreign(other):
    app = other.application
    return {
        "application": {app.pk}, "decision": {app.decision.pk}, "payment_run": {other.run.pk},
        "payment": set(app.payments.values_list("pk", flat=True)), "letter": set(app.letters.values_list("pk", flat=True)),
        "drawdown": set(app.drawdowns.values_list("pk", flat=True)), "proof": set(),
    }


def _content_type(response):
    value = response.headers.get("content-type") or response.headers.get("Content-Type") or ""
    return value[0] if isinstance(value, list) else value


def _leaks(path, body, foreign):
    """(kind, id) pairs of the other authority found in one answer."""
    if not isinstance(body, dict):
        return []
    rows = body.get("results", [body])
    kind = KINDS.get(path.split("/")[3]) if path.count("/") > 3 else None
    found = []
    for row in rows:
        if not isinstance(row, dict):
            continue
        if "object_type" in row:
            found.append((row["object_type"], row.get("object_id")))
        elif kind and "id" in row:
            found.append((kind, row["id"]))
        if "application_id" in row:
            found.append(("application", row["application_id"]))
    return [(k, i) for k, i in found if i in foreign.get(k, ())]


@pytest.fixture
def wsgi_in_test_transaction():
    """As Django's test client does: the app must not close the test's connection after each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield wsgi_app
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_api_keeps_its_schema_and_its_authority(own, other, write_token, settings, wsgi_in_test_transaction):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_in_test_transaction)
    foreign, leaks, calls, rows = _foreign(other), [], 0, 0
    headers = {"Authorization": f"Bearer {write_token}"}
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @hypothesis_settings(max_examples=EXAMPLES, deadline=None, database=None,
                             suppress_health_check=list(HealthCheck))
        def run(case):
            nonlocal calls, rows
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS)
            calls += 1
            if _content_type(response).startswith("application/json"):
                body = response.json()
                leaks.extend(_leaks(operation.path, body, foreign))
                rows += len(body.get("results", [])) if isinstance(body, dict) else 0

        run()
    assert calls > 50 and rows > 0
    assert leaks == []


def test_the_leak_check_sees_a_foreign_row(own, other):
    foreign = _foreign(other)
    body = {"results": [{"id": other.application.pk, "application_id": other.application.pk}]}
    assert _leaks("/api/v1/applications/", body, foreign) == [("application", other.application.pk)] * 2
    assert _leaks("/api/v1/changes/", {"results": [{"object_type": "payment_run", "object_id": other.run.pk}]},
                  foreign) == [("payment_run", other.run.pk)]
