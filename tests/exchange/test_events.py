"""Events: organisations publish, the KI moderates, the public calendar and its feeds."""

import pytest
from django.core import mail
from django_fsm_log.models import StateLog
from icalendar import Calendar

from exchange.models import Event, EventStatus
from tests.exchange.conftest import in_days, language, make_event
from tests.factories import municipality

pytestmark = pytest.mark.django_db


def _event_form(**changes):
    start = in_days(12)
    data = {"title": "Tag der offenen Tür", "kind": "open_day", "description": "Kommen Sie vorbei.",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "ends_at": start.replace(hour=21).strftime("%Y-%m-%dT%H:%M"),
            "place": "Vereinsheim", "municipality": municipality("Rheine").pk, "languages": [language("ar").pk],
            "open_to_all": "on"}
    return {**data, **changes}


def _month(event):
    return event.starts_at.astimezone().strftime("%Y-%m")


def _calendar_titles(client, event, **params):
    response = client.get("/austausch/kalender/", {"monat": _month(event), **params})
    return [item.title for item in response.context["page"].items]


def test_it_takes_an_event_through_moderation_into_the_calendar(client, alice, organisation, anton, run_tasks):
    client.force_login(alice)
    response = client.post(f"/austausch/verein/{organisation.pk}/veranstaltungen/neu/", _event_form())
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.status == EventStatus.PENDING and event.created_by == alice
    client.logout()
    assert _calendar_titles(client, event) == []
    assert client.get(f"/austausch/veranstaltungen/{event.pk}/").status_code == 404
    client.force_login(anton)
    queue = client.get("/austausch/ki/freigaben/")
    assert [e.pk for e in queue.context["page"].items] == [event.pk]
    client.post(f"/austausch/ki/freigaben/{event.pk}/", {"approve": "1", "note": ""})
    event = Event.objects.get(pk=event.pk)
    assert event.status == EventStatus.PUBLISHED and event.moderated_by == anton
    assert StateLog.objects.filter(object_id=str(event.pk), transition="approve", by=anton).exists()
    client.logout()
    assert _calendar_titles(client, event) == ["Tag der offenen Tür"]
    run_tasks()
    assert "Freigegeben" in mail.outbox[-1].subject


def test_it_refuses_without_a_reason(client, event, anton):
    client.force_login(anton)
    client.post(f"/austausch/ki/freigaben/{event.pk}/", {"approve": "0", "note": ""})
    assert Event.objects.get(pk=event.pk).status == EventStatus.PENDING
    client.post(f"/austausch/ki/freigaben/{event.pk}/", {"approve": "0", "note": "Bitte Ort ergänzen."})
    event = Event.objects.get(pk=event.pk)
    assert event.status == EventStatus.REJECTED and event.moderation_note == "Bitte Ort ergänzen."


def test_it_sends_an_edited_event_back_to_review(client, alice, organisation, anton):
    event = make_event(organisation, user=alice, published=True, staff=anton)
    client.force_login(alice)
    data = _event_form(title="Sommerfest (neuer Ort)", starts_at=event.starts_at.astimezone().strftime("%Y-%m-%dT%H:%M"),
                       ends_at=event.ends_at.astimezone().strftime("%Y-%m-%dT%H:%M"))
    assert client.post(f"/austausch/veranstaltungen/{event.pk}/bearbeiten/", data).status_code == 302
    event = Event.objects.get(pk=event.pk)
    assert event.status == EventStatus.PENDING and event.title == "Sommerfest (neuer Ort)"


def test_it_keeps_what_was_typed_when_the_dates_are_wrong(client, alice, organisation):
    client.force_login(alice)
    start = in_days(5)
    data = _event_form(starts_at=start.strftime("%Y-%m-%dT%H:%M"), ends_at=start.replace(hour=8).strftime("%Y-%m-%dT%H:%M"))
    response = client.post(f"/austausch/verein/{organisation.pk}/veranstaltungen/neu/", data)
    assert response.status_code == 200 and "ends_at" in response.context["form"].errors
    assert 'value="Tag der offenen Tür"' in response.content.decode()
    assert not Event.objects.exists()


def test_it_lets_only_the_own_organisation_edit(client, event, charlie, bob):
    client.force_login(charlie)
    assert client.get(f"/austausch/veranstaltungen/{event.pk}/bearbeiten/").status_code == 404
    assert client.post(f"/austausch/veranstaltungen/{event.pk}/absagen/").status_code == 404
    client.force_login(bob)  # a plain member of the organisation may
    assert client.post(f"/austausch/veranstaltungen/{event.pk}/absagen/").status_code == 302
    assert Event.objects.get(pk=event.pk).status == EventStatus.CANCELLED


def test_it_filters_the_calendar_by_month_and_municipality(client, organisation, anton):
    rheine = make_event(organisation, published=True, staff=anton, title="In Rheine")
    make_event(organisation, published=True, staff=anton, title="In Greven", town="Greven")
    make_event(organisation, published=True, staff=anton, title="Später", days=70)
    assert sorted(_calendar_titles(client, rheine)) in (["In Greven", "In Rheine"], ["In Greven", "In Rheine", "Später"])
    assert _calendar_titles(client, rheine, kommune=municipality("Rheine").pk) == ["In Rheine"]


def test_it_serves_the_district_feed_and_one_per_municipality(client, organisation, anton):
    published = make_event(organisation, published=True, staff=anton, title="Kulturfest")
    make_event(organisation, published=True, staff=anton, title="Fest in Greven", town="Greven")
    make_event(organisation, title="Noch nicht freigegeben")
    response = client.get("/austausch/kalender.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    feed = Calendar.from_ical(response.content)
    entries = {str(e["summary"]): e for e in feed.walk("VEVENT")}
    assert set(entries) == {"Kulturfest", "Fest in Greven"}
    entry = entries["Kulturfest"]
    assert entry["dtstart"].dt == published.starts_at
    assert str(entry["uid"]).startswith(f"event-{published.pk}@")
    assert feed.walk("VTIMEZONE")  # local times carry their zone
    rheine = Calendar.from_ical(client.get(f"/austausch/kalender/kommune-{municipality('Rheine').pk}.ics").content)
    assert [str(e["summary"]) for e in rheine.walk("VEVENT")] == ["Kulturfest"]


def test_it_offers_the_subscription_on_the_calendar_page(client):
    page = client.get("/austausch/kalender/").content.decode()
    assert "webcal://testserver/austausch/kalender.ics" in page
