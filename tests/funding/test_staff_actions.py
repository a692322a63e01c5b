"""The staff page offers what the workflow offers, and tells the history in words."""

from decimal import Decimal

import pytest
from django.urls import reverse

from funding.models import ProofLine

from tests.funding import steps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]


def page(client, user, application):
    client.force_login(user)
    return client.get(reverse("staff:application_detail", args=[application.pk]))


def links(response):
    return {str(action["label"]): action["url"] for action in response.context["actions"]}


def test_it_offers_the_decision_to_the_approver_only(client, application, alice, rita, anton, finn):
    steps.in_review(application, alice, rita)

    assert links(page(client, anton, application)) == {
        "Bewilligen": reverse("staff:approve", args=[application.pk]),
        "Ablehnen": reverse("staff:reject", args=[application.pk]),
    }
    assert set(links(page(client, rita, application))) == {"Prüfen"}
    assert links(page(client, finn, application)) == {}


def test_it_offers_no_decision_before_the_review(client, application, alice, anton):
    # A decision needs a completed review with Prüfvermerk; even a formal rejection goes through the review.
    steps.submitted(application, alice)
    assert set(links(page(client, anton, application))) == set()


def test_it_offers_payment_and_recovery_after_the_approval(client, application, alice, rita, anton, finn):
    steps.approved(application, alice, rita, anton)

    # Finance books released drawdowns from the money pages; the file offers it no step of its own.
    assert page(client, finn, application).context["may_amend"] is False
    assert set(links(page(client, finn, application))) == set()
    response = page(client, rita, application)
    assert set(links(response)) == {"Anhörung zur Rückforderung"}
    assert response.context["may_amend"] is True and "Änderung anlegen" in response.content.decode()


def test_it_shows_the_history_in_words_not_code_names(client, application, alice, rita):
    steps.in_review(application, alice, rita)

    html = page(client, rita, application).content.decode()

    assert "Antrag eingereicht" in html and "Prüfung begonnen" in html
    assert "(submit)" not in html and "start_review" not in html


def test_it_shows_the_audit_forms_only_while_the_proof_waits(client, application, alice, rita, anton, finn):
    app = steps.proof_submitted(application, alice, rita, anton, finn)
    client.force_login(rita)
    ProofLine.objects.filter(proof__application=app).update(actual_amount=Decimal("10000.00"))
    app.proof.receipts.update(amount=Decimal("10000.00"))  # spent as planned: nothing owed
    url = reverse("staff:proof_audit", args=[app.pk])
    assert "Anerkennen, festsetzen und Akte schließen" in client.get(url).content.decode()

    client.post(reverse("staff:proof_accept", args=[app.pk]), {"note": "Vollständig."})

    html = client.get(url).content.decode()
    assert "Anerkennen, festsetzen" not in html and "Anhörung" not in html
    assert set(links(page(client, rita, app))) == {"Verwendungsnachweis ansehen"}
