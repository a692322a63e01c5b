"""Tokens: only a hash stored, shown once in the admin, limited by scope, revoked; errors as problem details."""

import pytest
from django.urls import reverse

from api.models import ApiToken, token_hash
from funding.models import PaymentRun
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db


def test_it_stores_only_the_hash(own, read_token):
    token = ApiToken.objects.get()
    assert token.key_hash == token_hash(read_token) and read_token not in (token.key_hash, token.key_prefix)
    assert read_token.startswith(token.key_prefix)


@pytest.mark.parametrize("header", [None, "Bearer mso_unknown", "Basic abc", "Bearer"])
def test_it_answers_401_as_problem_details_without_a_valid_token(client, own, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get("/api/v1/applications/", **extra)
    assert response.status_code == 401 and response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["status"] == 401 and body["title"] and body["detail"] and body["instance"] == "/api/v1/applications/"


def test_a_revoked_token_is_refused(client, own, read_token, admin_client):
    token = ApiToken.objects.get()
    response = admin_client.post(
        reverse("admin:api_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/v1/applications/", **bearer(read_token)).status_code == 401


def test_the_admin_shows_a_new_token_once(admin_client, own, finn):
    url = reverse("admin:api_apitoken_add")
    refused = admin_client.post(url, {"authority": own.authority.pk, "name": "Kasse", "scope": "write"})
    assert refused.status_code == 200 and not ApiToken.objects.exists()
    response = admin_client.post(
        url, {"authority": own.authority.pk, "name": "Kasse", "scope": "write", "acting_user": finn.pk}, follow=True
    )
    shown = [str(message) for message in response.context["messages"]]
    raw = next(word for text in shown for word in text.split() if word.startswith("mso_"))
    assert ApiToken.objects.get().key_hash == token_hash(raw)
    page = admin_client.get(reverse("admin:api_apitoken_change", args=[ApiToken.objects.get().pk]))
    assert raw not in page.content.decode()


def test_a_read_token_may_not_write(client, own, read_token):
    response = client.post(f"/api/v1/payment-runs/{own.run.pk}/book/", **bearer(read_token))
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
    own.run.refresh_from_db()
    assert own.run.status == PaymentRun.Status.OPEN


def test_a_write_token_books_a_run_through_the_workflow(client, own, write_token, finn):
    response = client.post(f"/api/v1/payment-runs/{own.run.pk}/book/", **bearer(write_token))
    assert response.status_code == 200 and response.json()["status"] == "booked"
    own.run.refresh_from_db()
    assert own.run.booked_by == finn and own.run.drawdowns.get().status == "paid"
    again = client.post(f"/api/v1/payment-runs/{own.run.pk}/book/", **bearer(write_token))
    assert again.status_code == 409 and again["Content-Type"] == "application/problem+json"


def test_a_write_token_cannot_book_another_authoritys_run(client, own, other, write_token):
    response = client.post(f"/api/v1/payment-runs/{other.run.pk}/book/", **bearer(write_token))
    assert response.status_code == 404
    other.run.refresh_from_db()
    assert other.run.status == PaymentRun.Status.OPEN


def test_the_four_eyes_rule_holds_for_the_acting_user(client, own, rita):
    from api.services import token_create

    raw = token_create(authority=own.authority, name="Falsch", scope="write", acting_user=rita)[1]
    response = client.post(f"/api/v1/payment-runs/{own.run.pk}/book/", **bearer(raw))
    assert response.status_code == 403


def test_invalid_input_is_400_with_the_fields(client, own, read_token):
    response = client.get("/api/v1/applications/", {"state": "nonsense", "page_size": "0"}, **bearer(read_token))
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert set(response.json()["errors"]) == {"page_size"} or "state" in response.json()["errors"]
    bad_cursor = client.get("/api/v1/applications/", {"cursor": "xyz"}, **bearer(read_token))
    assert bad_cursor.status_code == 400 and "cursor" in bad_cursor.json()["errors"]


def test_an_id_beyond_any_row_is_404(client, own, read_token):
    assert client.get(f"/api/v1/applications/{2**70}/", **bearer(read_token)).status_code == 404


def test_requests_are_throttled_per_token(client, own, read_token, settings):
    settings.API_THROTTLE_RATES = {"token": "2/minute", "public": "100/minute"}
    codes = [client.get("/api/v1/decisions/", **bearer(read_token)).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    response = client.get("/api/v1/decisions/", **bearer(read_token))
    assert response["Content-Type"] == "application/problem+json" and int(response["Retry-After"]) > 0


def test_public_requests_are_throttled_per_address(client, own, settings):
    settings.API_THROTTLE_RATES = {"token": "100/minute", "public": "1/minute"}
    assert [client.get("/api/v1/calls/").status_code for _ in range(2)] == [200, 429]
