"""The organisation answers the hearing (Anhörung) in the portal, in its language, until the deadline."""

from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django import forms
from django.urls import reverse
from django.utils.html import escape
from django.utils import timezone, translation
from django.utils.translation import gettext

from funding.models import Application, UserPreference
from funding.services import recoveries
from funding.services.transitions import WorkflowError
from tests.funding import steps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def german_afterwards():
    """The pages in another language leave it active in this thread; later tests expect German."""
    yield
    translation.activate("de")


@pytest.fixture
def no_2fa(settings):
    settings.REQUIRE_STAFF_2FA = False


@pytest.fixture
def heard(application, alice, rita, anton, finn):
    app = steps.approved(application, alice, rita, anton)
    steps.paid(app, alice, rita, finn, "3000.00", paid_on=date(2027, 3, 1))
    return recoveries.hearing_start(
        application=Application.objects.get(pk=app.pk), user=rita, refund=Decimal("1000.00"), legal_basis="49_3_1",
        reasons="Das Projekt fand nur zur Hälfte statt.", deadline=TODAY + timedelta(days=14),
    )


def _answer_url(app):
    return reverse("applicants:hearing_answer", args=[app.pk])


def test_it_lets_the_representative_answer_until_the_deadline(client, alice, rita, heard):
    client.force_login(alice)
    page = client.get(heard.get_absolute_url())
    assert 'action="%s"' % _answer_url(heard) in page.content.decode() and "1.000,00" in page.content.decode()
    response = client.post(_answer_url(heard), {"answer": "Wir haben die zweite Hälfte im Januar nachgeholt."})
    assert response.status_code == 302 and response["Location"].endswith("#anhoerung")
    hearing = heard.hearings.get()
    assert (hearing.answer, hearing.answer_received_on, hearing.answer_recorded_by) == (
        "Wir haben die zweite Hälfte im Januar nachgeholt.", TODAY, alice)
    # Staff see it, marked as given in the portal, and may decide at once.
    client.force_login(rita)
    staff_page = client.get(reverse("staff:recovery", args=[heard.pk])).content.decode()
    assert "Wir haben die zweite Hälfte im Januar nachgeholt." in staff_page and "im Portal abgegeben von" in staff_page
    assert hearing.concluded_on(TODAY)


@pytest.mark.parametrize("language", ["tr", "ar", "uk"])
def test_it_speaks_the_users_language_and_refuses_an_empty_answer(client, alice, heard, language):
    UserPreference.objects.create(user=alice, language=language)
    client.force_login(alice)
    page = client.get(heard.get_absolute_url()).content.decode()
    with translation.override(language):
        heading, label = gettext("Anhörung: Sie können Stellung nehmen"), gettext("Ihre Stellungnahme")
    assert heading != "Anhörung: Sie können Stellung nehmen" and heading in page and label in page
    response = client.post(_answer_url(heard), {"answer": "   "})
    assert response.status_code == 400 and heard.hearings.get().answer == ""
    with translation.override(language):
        assert escape(str(forms.Field.default_error_messages["required"])) in response.content.decode()


def test_it_refuses_after_the_deadline_and_members_without_representation(client, alice, bob, heard):
    client.force_login(bob)
    assert 'action="%s"' % _answer_url(heard) not in client.get(heard.get_absolute_url()).content.decode()
    response = client.post(_answer_url(heard), {"answer": "Ich bin nur Mitglied."})
    assert heard.hearings.get().answer == "" and response.status_code in (400, 403)
    later = TODAY + timedelta(days=15)
    with mock.patch("funding.services.recoveries.timezone.localdate", return_value=later), translation.override("de"):
        with pytest.raises(WorkflowError, match="Frist ist abgelaufen"):
            recoveries.hearing_answer_by_applicant(application=heard, user=alice, answer="Zu spät.")


def test_it_answers_404_to_other_organisations(client, heard):
    from tests.factories import MembershipFactory, UserFactory

    stranger = MembershipFactory(user=UserFactory(username="carla")).user
    client.force_login(stranger)
    assert client.post(_answer_url(heard), {"answer": "Hallo"}).status_code == 404
    assert heard.hearings.get().answer == ""
