"""The organisation asks for a change of its running grant; staff review it and decide (four eyes)."""

from datetime import date
from decimal import Decimal

import pytest

from funding.models import Amendment
from funding.services import amendments

pytestmark = pytest.mark.django_db


def url(app):
    return f"/portal/antraege/{app.pk}/aenderung/"


def test_it_lets_the_representative_ask_for_a_longer_period(client, alice, approved, rita, anton):
    client.force_login(alice)
    assert "Änderung beantragen" in client.get(f"/portal/antraege/{approved.pk}/").content.decode()

    response = client.post(url(approved), {"reasons": "Das Fest wurde verschoben.", "new_end_date": "31.12.2027"})

    assert response.status_code == 302
    amendment = Amendment.objects.get(application=approved)
    assert (amendment.requested_by, amendment.new_end_date, amendment.started_by_staff) == (alice, date(2027, 12, 31), False)
    amendment = amendments.amendment_start_review(amendment=amendment, user=rita)
    amendment = amendments.amendment_review_save(amendment=amendment, user=rita, recommendation="approve", note="Schlüssig.")
    amendments.amendment_approve(amendment=amendment, user=anton)
    approved.refresh_from_db()
    assert approved.end_date == date(2027, 12, 31)
    assert approved.letters.filter(kind="amendment").count() == 1


def test_it_keeps_what_was_typed_when_nothing_changes(client, alice, approved):
    client.force_login(alice)
    response = client.post(url(approved), {"reasons": "Bitte ändern.", "new_amount": "viel"})
    assert response.status_code == 400 and response.context["form"].errors["new_amount"]
    assert response.context["form"]["reasons"].value() == "Bitte ändern."
    response = client.post(url(approved), {"reasons": "Bitte ändern."})
    assert response.status_code == 400 and "was sich ändern soll" in response.content.decode()
    assert not Amendment.objects.exists()


def test_it_offers_no_change_to_members_who_do_not_represent(client, bob, approved):
    client.force_login(bob)
    assert "Änderung beantragen" not in client.get(f"/portal/antraege/{approved.pk}/").content.decode()
    assert client.post(url(approved), {"reasons": "x", "new_amount": "100"}).status_code == 302
    assert not Amendment.objects.filter(new_amount=Decimal("100")).exists()


def test_it_hides_the_page_from_other_organisations(client, charlie, approved):
    client.force_login(charlie)
    assert client.get(url(approved)).status_code == 404
