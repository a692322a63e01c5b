"""Public endpoints: open calls with lines and deadlines, published grants, the schema and its documentation."""

import pytest

from tests.factories import CallFactory, LineFactory

pytestmark = pytest.mark.django_db


def test_it_lists_open_calls_with_lines_and_deadlines(client, own):
    LineFactory(call=CallFactory(closes_on="2020-01-01", reference_prefix="ALT-2019"))
    body = client.get("/api/v1/calls/").json()
    [call] = body["results"]
    assert call["id"] == own.application.call_id and call["closes_on"] == "2030-12-31" and call["is_open"] is True
    assert call["authority"] == own.authority.name
    assert [(line["name"], line["max_grant"]) for line in call["lines"]] == [("Einzelprojekt", "15000.00")]


def test_it_lists_grants_only_of_authorities_that_publish_them(client, own, other):
    body = client.get("/api/v1/grants/").json()
    assert [row["id"] for row in body["results"]] == [own.application.pk]
    [grant] = body["results"]
    assert grant == {
        "id": own.application.pk, "file_reference": own.application.file_reference, "authority_id": own.authority.pk,
        "recipient": own.application.organisation.name, "municipality": "Rheine", "purpose": "Sprachcafé",
        "call": own.application.call.name, "line": "Einzelprojekt", "amount": "8000.00", "year": grant["year"],
    }
    assert client.get("/api/v1/grants/", {"year": grant["year"] + 1}).json()["results"] == []
    assert client.get("/api/v1/grants/", {"authority": other.authority.pk}).json()["results"] == []


def test_the_schema_and_documentation_list_every_endpoint(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    assert {"/api/v1/calls/", "/api/v1/grants/", "/api/v1/applications/", "/api/v1/applications/{id}/",
            "/api/v1/decisions/", "/api/v1/payments/", "/api/v1/payment-runs/", "/api/v1/payment-runs/{id}/book/",
            "/api/v1/proofs/", "/api/v1/letters/", "/api/v1/letters/{id}/file/", "/api/v1/changes/"} <= paths
    page = client.get("/api/docs/")
    assert page.status_code == 200 and b"swagger-ui-bundle.js" in page.content
    assert b"<script>" not in page.content and b"<style>" not in page.content  # the CSP allows neither inline
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and b"/api/schema/" in script.content
