"""The authority's own data with a token: every list and detail, scoped; letters byte for byte."""

import hashlib

import pytest

from funding.models import Letter
from tests.api.conftest import bearer
from tests.funding import steps

pytestmark = pytest.mark.django_db

LISTS = ["applications", "decisions", "payments", "payment-runs", "letters", "changes"]


def _get(client, path, token, **params):
    return client.get(f"/api/v1/{path}", params, **bearer(token))


def test_it_lists_the_authoritys_application_with_its_state_history(client, own, other, read_token):
    body = _get(client, "applications/", read_token).json()
    assert [row["id"] for row in body["results"]] == [own.application.pk]
    detail = _get(client, f"applications/{own.application.pk}/", read_token).json()
    assert detail["file_reference"] == own.application.file_reference and detail["approved_amount"] == "8000.00"
    assert [step["transition"] for step in detail["history"]] == ["submit", "start_review", "approve"]
    assert detail["history"][-1]["state"] == "approved" and detail["history"][-1]["label"]


@pytest.mark.parametrize("path", LISTS)
def test_it_never_shows_another_authoritys_rows(client, own, other, read_token, path):
    response = _get(client, f"{path}/", read_token)
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert ids, path
    foreign = {
        "applications": {other.application.pk}, "decisions": {other.application.decision.pk},
        "payments": set(other.application.payments.values_list("pk", flat=True)), "payment-runs": {other.run.pk},
        "letters": set(other.application.letters.values_list("pk", flat=True)),
    }.get(path)
    if foreign is not None:
        assert not ids & foreign
    else:
        assert all(row["object_id"] != other.application.pk or row["object_type"] != "application"
                   for row in response.json()["results"])


@pytest.mark.parametrize("path", ["applications/{app}/", "payment-runs/{run}/", "letters/{letter}/file/"])
def test_another_authoritys_object_is_not_found(client, own, other, read_token, path):
    letter = other.application.letters.first()
    url = path.format(app=other.application.pk, run=other.run.pk, letter=letter.pk)
    response = _get(client, url, read_token)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_letter_comes_as_the_stored_bytes(client, own, read_token):
    letter = own.application.letters.get(kind=Letter.Kind.APPROVAL)
    listed = _get(client, "letters/", read_token, application=own.application.pk, kind="approval").json()["results"]
    assert [row["id"] for row in listed] == [letter.pk] and listed[0]["file"].endswith(f"/letters/{letter.pk}/file/")
    response = _get(client, f"letters/{letter.pk}/file/", read_token)
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert response["Content-Type"] == "application/pdf" and data.startswith(b"%PDF")
    assert hashlib.sha256(data).hexdigest() == letter.sha256


def test_the_change_feed_follows_new_changes_after_its_cursor(client, own, read_token, rita):
    everything = _get(client, "changes/", read_token, page_size=500).json()["results"]
    pages, url = [], "/api/v1/changes/?page_size=2"
    while True:
        page = client.get(url, **bearer(read_token)).json()
        if not page["results"]:
            break
        pages.append(page["results"])
        url = page["next"]
    assert [row["id"] for page in pages for row in page] == [row["id"] for row in everything]
    assert all(len(page) <= 2 for page in pages) and {"application", "drawdown", "payment_run"} >= {
        row["object_type"] for row in everything} >= {"application", "drawdown"}
    # Nothing new: the cursor stays where it was; a new step appears after it.
    assert page["after"] == everything[-1]["id"]
    steps.released(own.application, own.application.organisation.memberships.first().user, rita, "100.00")
    new = client.get(url, **bearer(read_token)).json()["results"]
    assert [(row["object_type"], row["transition"]) for row in new] == [("drawdown", "release_drawdown")]


def _queries(client, url, token):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        body = client.get(url, **bearer(token)).json()
    return len(captured), body


@pytest.mark.parametrize("path", ["letters/", "changes/"])
def test_pages_cost_the_same_queries_whatever_their_position(client, own, read_token, path):
    for kind in (Letter.Kind.RECEIPT, Letter.Kind.APPLICATION):
        Letter.objects.create(application=own.application, kind=kind, file="letters/x.pdf", sha256="0" * 64)
    counts, url = [], f"/api/v1/{path}?page_size=1"
    for _page in range(3):
        count, body = _queries(client, url, read_token)
        assert len(body["results"]) == 1
        counts.append(count)
        url = body["next"]
    assert counts[1] == counts[2] and counts[1] <= counts[0] + 1, counts
