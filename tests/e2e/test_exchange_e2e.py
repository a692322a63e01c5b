"""End to end in headless Chromium on a phone: a visitor finds an Arabic translation
offer in Rheine and subscribes to the calendar; an organisation answers an invitation."""

import os

import pytest
from icalendar import Calendar

from exchange.models import MeetingInvitation
from exchange.services import meetings
from tests.e2e.test_portal_e2e import _fits_a_phone, browser_page  # noqa: F401 - the fixture
from tests.exchange.conftest import make_event, make_meeting, make_profile
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, municipality

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def platform(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REQUIRE_STAFF_2FA = False
    staff = UserFactory(username="ki", roles=["Leitung"])
    translators = OrganisationFactory(name="Arabisch-Deutscher Freundeskreis Rheine e.V.")
    make_profile(translators, offers=("uebersetzung", "alltagshilfe"), translation=("ar",), spoken=("de", "ar"))
    make_profile(OrganisationFactory(name="Polnischer Elternverein", municipality=municipality("Steinfurt")),
                 offers=("uebersetzung",), translation=("pl",))
    make_event(translators, published=True, staff=staff, title="Sprachcafé Arabisch–Deutsch", days=3)
    member = MembershipFactory(user=UserFactory(username="samira", password="Sprachcafe-2027!"),
                               organisation=translators).user
    meeting = make_meeting(staff, title="Netzwerktreffen Frühjahr")
    meetings.meeting_invite(meeting=meeting, user=staff)
    return member, meeting


def test_it_finds_a_translator_and_answers_an_invitation_on_a_phone(live_server, browser_page, platform):  # noqa: F811
    member, meeting = platform
    page = browser_page
    page.goto(f"{live_server.url}/austausch/")
    page.select_option("#id_kommune", label="Rheine")
    page.select_option("#id_angebot", label="Übersetzung/Sprachmittlung")
    page.select_option("#id_sprache", label="Arabisch")
    page.get_by_role("button", name="Suchen", exact=True).click()
    page.get_by_role("heading", name="1 Verein gefunden").wait_for()
    _fits_a_phone(page)
    page.get_by_role("link", name="Arabisch-Deutscher Freundeskreis Rheine e.V.").click()
    page.get_by_role("heading", name="Nachricht an den Verein").wait_for()
    assert "Arabisch" in page.content()
    _fits_a_phone(page)
    page.get_by_role("link", name="Kalender", exact=True).click()
    page.get_by_role("link", name="Sprachcafé Arabisch–Deutsch").first.wait_for()
    subscribe = page.get_by_role("link", name="Ganzer Kreis abonnieren")
    assert subscribe.get_attribute("href").startswith("webcal://") and subscribe.get_attribute("href").endswith(
        "/austausch/kalender.ics")
    _fits_a_phone(page)
    feed = page.request.get(f"{live_server.url}/austausch/kalender.ics")
    assert "Sprachcafé Arabisch–Deutsch" in {str(e["summary"]) for e in Calendar.from_ical(feed.body()).walk("VEVENT")}

    page.goto(f"{live_server.url}/konto/anmelden/")
    page.fill("#id_username", "samira")
    page.fill("#id_password", "Sprachcafe-2027!")
    page.locator("main").get_by_role("button", name="Anmelden").click()
    page.get_by_role("link", name="Netzwerktreffen Frühjahr", exact=False).click()
    page.get_by_label("Ja, wir kommen").check()
    page.fill("#id_people", "2")
    page.get_by_label("Kinderbetreuung nötig").check()
    page.get_by_role("button", name="Antwort speichern").click()
    page.get_by_text("Danke, Ihre Antwort ist gespeichert.").wait_for()
    _fits_a_phone(page)
    invitation = MeetingInvitation.objects.get(meeting=meeting, organisation__memberships__user=member)
    assert (invitation.answer, invitation.people, invitation.childcare) == ("yes", 2, True)
