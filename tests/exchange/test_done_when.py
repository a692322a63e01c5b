"""The issue's "done when", on the demo data, step by step as a new user would go.

An anonymous visitor finds an Arabic-speaking translation offer in Rheine and
subscribes to the district calendar; verein1 publishes its profile and an
event, answers an invitation and proposes an agenda item; KI staff moderate
the event, hold the meeting with check-in, publish the minutes as PDF and see
the open agreements on the next agenda; the networking picture lists all 24
municipalities.
"""

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from applicants.models import Municipality
from funding.management.commands import seed_demo
from exchange import demo as exchange_demo
from exchange.demo import SERIES_TITLE
from exchange.models import AgendaItem, Event, Meeting, MeetingInvitation, Profile

pytestmark = pytest.mark.django_db


def _seed_exchange_demo():
    """The demo's reference data, users, organisations and exchange platform, as ``seed_demo`` seeds
    them, without its applications: their letters cost a minute of typesetting and play no part here."""
    command = seed_demo.Command()
    command._reference_data()
    users = command._users()
    exchange_demo.seed(users=users, organisations=command._organisations(users))


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    _seed_exchange_demo()
    settings.DEBUG = False
    users = get_user_model().objects
    return users.get(username="verein1"), users.get(username="leitung")


def _series():
    return list(Meeting.objects.filter(series__title=SERIES_TITLE).order_by("starts_at"))


def _visitor_finds_arabic_translation_in_rheine_and_subscribes(client):
    rheine = Municipality.objects.get(name="Rheine")
    response = client.get("/austausch/", {"kommune": rheine.pk, "angebot": "uebersetzung", "sprache": "ar"})
    assert [p.display_name for p in response.context["page"].items] == ["Arabisch-Deutscher Freundeskreis Rheine e.V."]
    profile = response.context["page"].items[0]
    assert "Arabisch" in client.get(profile.get_absolute_url()).content.decode()
    calendar_page = client.get("/austausch/kalender/").content.decode()
    assert "webcal://testserver/austausch/kalender.ics" in calendar_page
    feed = Calendar.from_ical(client.get("/austausch/kalender.ics").content)
    assert "Sprachcafé Arabisch–Deutsch" in {str(entry["summary"]) for entry in feed.walk("VEVENT")}


def _verein1_publishes_profile_and_event(client, verein1):
    client.force_login(verein1)
    organisation = verein1.memberships.get().organisation
    start = client.get("/portal/").content.decode()
    assert "Austauschplattform" in start and "bitte antworten" in start and "Sprachmittler" in start
    profile = Profile.objects.get(organisation=organisation)
    assert not profile.is_published
    client.post(f"/austausch/verein/{organisation.pk}/profil/veroeffentlichen/", {"consent": "on"})
    assert client.get(profile.get_absolute_url()).status_code == 200
    begins = (timezone.localtime() + timedelta(days=20)).replace(hour=15, minute=0)
    client.post(f"/austausch/verein/{organisation.pk}/veranstaltungen/neu/", {
        "title": "Tag der offenen Tür im Kulturverein", "kind": "open_day", "description": "Tee und Gespräche.",
        "starts_at": begins.strftime("%Y-%m-%dT%H:%M"), "place": "Bahnhofstraße 3",
        "municipality": organisation.municipality_id, "open_to_all": "on"})
    return organisation, Event.objects.get(title="Tag der offenen Tür im Kulturverein")


def _verein1_answers_and_proposes(client, organisation):
    upcoming = _series()[1]
    invitation = MeetingInvitation.objects.get(meeting=upcoming, organisation=organisation)
    client.post(f"/austausch/einladungen/{invitation.pk}/", {"answer": "yes", "people": "2", "childcare": "on"})
    client.post(f"/austausch/einladungen/{invitation.pk}/vorschlag/",
                {"title": "Gemeinsamer Stand beim Stadtfest", "description": "Alle Vereine aus Rheine zusammen."})
    invitation = MeetingInvitation.objects.get(pk=invitation.pk)
    assert (invitation.answer, invitation.people, invitation.childcare) == ("yes", 2, True)
    return invitation, AgendaItem.objects.get(title="Gemeinsamer Stand beim Stadtfest")


def _staff_moderate_and_hold_the_meeting(client, leitung, event, invitation, proposal):
    client.force_login(leitung)
    queue = client.get("/austausch/ki/freigaben/")
    assert event in queue.context["page"].items
    client.post(f"/austausch/ki/freigaben/{event.pk}/", {"approve": "1"})
    assert Event.objects.get(pk=event.pk).is_published
    client.post(f"/austausch/ki/tagesordnung/{proposal.pk}/entscheiden/", {"accept": "1"})
    meeting = invitation.meeting
    client.post(f"/austausch/ki/treffen/{meeting.pk}/anwesenheit/", {"invitation": invitation.pk, "people": "2"})
    assert client.get(f"/austausch/ki/treffen/{meeting.pk}/anwesenheit/").context["present"] >= 2
    attendance = client.get(f"/austausch/ki/treffen/{meeting.pk}/anwesenheitsliste.pdf")
    assert attendance.content.startswith(b"%PDF-")
    # The evening of the meeting has come.
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(hours=3), ends_at=None)
    client.post(f"/austausch/ki/treffen/{meeting.pk}/protokoll/", {"minutes": "Die Vereine planen das Stadtfest."})
    client.post(f"/austausch/ki/treffen/{meeting.pk}/vereinbarungen/", {
        "text": "Stand beim Stadtfest anmelden", "responsible": invitation.organisation_id})
    client.post(f"/austausch/ki/treffen/{meeting.pk}/protokoll/veroeffentlichen/")
    meeting = Meeting.objects.get(pk=meeting.pk)
    text = " ".join(PdfReader(io.BytesIO(meeting.minutes_file.read())).pages[0].extract_text().split())
    assert "Protokoll" in text and "Gemeinsamer Stand beim Stadtfest" in text
    return meeting


def test_it_does_what_the_issue_asks_on_the_demo(client, demo):
    verein1, leitung = demo
    _visitor_finds_arabic_translation_in_rheine_and_subscribes(client)
    organisation, event = _verein1_publishes_profile_and_event(client, verein1)
    invitation, proposal = _verein1_answers_and_proposes(client, organisation)
    client.logout()
    _staff_moderate_and_hold_the_meeting(client, leitung, event, invitation, proposal)
    following = _series()[2]
    agenda = client.get(f"/austausch/ki/treffen/{following.pk}/")
    open_texts = [agreement.text for agreement in agenda.context["open_agreements"]]
    assert "Stand beim Stadtfest anmelden" in open_texts
    assert any("Sprachmittler" in text for text in open_texts)  # still open from the first meeting
    picture = client.get("/austausch/ki/vernetzung/")
    assert len(picture.context["rows"].rows) == 24
    client.force_login(verein1)
    assert "Stand beim Stadtfest anmelden" in client.get("/portal/").content.decode()


def test_it_seeds_the_exchange_demo_once(demo, settings):
    counts = (Profile.objects.count(), Event.objects.count(), Meeting.objects.count(), MeetingInvitation.objects.count())
    settings.DEBUG = True
    _seed_exchange_demo()
    assert counts == (Profile.objects.count(), Event.objects.count(), Meeting.objects.count(),
                      MeetingInvitation.objects.count())
    assert Profile.objects.filter(published_at__isnull=True).exists()  # published and unpublished
    assert Event.objects.filter(status="pending").exists() and Event.objects.filter(status="published").exists()
    past, upcoming, _later = _series()
    assert past.minutes_file and past.agreements.filter(done_at__isnull=True).exists()
    assert upcoming.invitations.exclude(answer="").exists() and upcoming.invitations.filter(answer="").exists()
