"""Open calls and starting a draft."""

from datetime import date

import pytest

from funding.models import Application, FundingCall
from tests.factories import LineFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_it_lists_open_calls_with_lines_limits_and_rules(client, alice, line):
    closed = LineFactory(call__name="Alter Aufruf", call__closes_on=date(2018, 1, 1))
    client.force_login(alice)
    page = client.get("/portal/aufrufe/").content.decode()
    assert line.call.name in page and line.name in page and "15.000,00" in page
    assert "Höchstens 80 % der Kosten" in page and "Sitz im Kreis" in page
    assert closed.call.name not in page
    assert f"/portal/aufrufe/linie/{line.pk}/antrag/" in page


def test_it_creates_a_draft_for_the_users_organisation(client, alice, organisation, line):
    client.force_login(alice)
    response = client.post(f"/portal/aufrufe/linie/{line.pk}/antrag/", {"organisation": organisation.pk, "title": "Sprachcafé"})
    application = Application.objects.get()
    assert response.url == f"/portal/antraege/{application.pk}/schritt/projekt/"
    assert (application.organisation, application.line, application.call, application.state) == (
        organisation, line, line.call, "draft"
    )
    assert application.municipality == organisation.municipality and application.created_by == alice


def test_it_refuses_to_apply_for_another_organisation(client, alice, line):
    foreign = OrganisationFactory()
    client.force_login(alice)
    response = client.post(f"/portal/aufrufe/linie/{line.pk}/antrag/", {"organisation": foreign.pk, "title": "X"})
    assert response.status_code == 200 and "organisation" in response.context["form"].errors
    assert not Application.objects.exists()


def test_it_asks_for_a_profile_first(client, line):
    user = MembershipFactory().user
    user.memberships.all().delete()
    client.force_login(user)
    assert client.get(f"/portal/aufrufe/linie/{line.pk}/antrag/").url == "/portal/organisationen/neu/"


def test_it_refuses_a_closed_call(client, alice, line):
    FundingCall.objects.filter(pk=line.call_id).update(closes_on=date(2018, 1, 1))
    client.force_login(alice)
    assert client.get(f"/portal/aufrufe/linie/{line.pk}/antrag/").status_code == 404
