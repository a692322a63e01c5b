"""Pages keep a constant number of queries, with 1 row as with many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exchange.models import MeetingInvitation
from exchange.services import meetings
from tests.exchange.conftest import language, make_event, make_meeting, make_partner, make_profile
from tests.factories import MembershipFactory, OrganisationFactory, municipality

pytestmark = pytest.mark.django_db
MANY = 30


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(context)


def _profiles(count, **values):
    for n in range(count):
        make_profile(OrganisationFactory(name=f"Verein {n:03d}"), offers=("uebersetzung", "kultur"),
                     translation=("ar", "tr"), spoken=("de", "ar"), **values)


def _events(count, organisation, anton, **values):
    for n in range(count):
        event = make_event(organisation, published=True, staff=anton, title=f"Fest {n}", **values)
        event.languages.add(language("ar"), language("tr"))


def _flat(client, url, add_more, django_assert_max_num_queries):
    single = queries(client, url)
    add_more()
    with django_assert_max_num_queries(single):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/austausch/", "/austausch/?angebot=uebersetzung&sprache=ar", "/austausch/kommunen/"])
def test_it_keeps_the_directory_flat(client, url, django_assert_max_num_queries):
    _profiles(1)
    _flat(client, url, lambda: _profiles(MANY), django_assert_max_num_queries)


def test_it_keeps_a_municipality_flat(client, django_assert_max_num_queries):
    _profiles(1)
    make_partner("Rheine")
    url = f"/austausch/kommunen/{municipality('Rheine').pk}/"
    _flat(client, url, lambda: (_profiles(MANY), [make_partner("Rheine", name=f"P{n}") for n in range(MANY)]),
          django_assert_max_num_queries)


def test_it_keeps_the_profile_page_flat(client, organisation, anton, django_assert_max_num_queries):
    profile = make_profile(organisation, offers=("uebersetzung",), translation=("ar",))
    _events(1, organisation, anton)
    _flat(client, profile.get_absolute_url(), lambda: _events(MANY, organisation, anton),
          django_assert_max_num_queries)


@pytest.mark.parametrize("url", ["/austausch/kalender/", "/austausch/kalender.ics", "/austausch/"])
def test_it_keeps_the_calendar_and_feeds_flat(client, url, organisation, anton, django_assert_max_num_queries):
    _events(1, organisation, anton, days=1)
    _flat(client, url, lambda: _events(MANY, organisation, anton, days=1), django_assert_max_num_queries)


def test_it_keeps_the_moderation_queue_flat(client, organisation, anton, django_assert_max_num_queries):
    make_event(organisation)
    client.force_login(anton)
    _flat(client, "/austausch/ki/freigaben/", lambda: [make_event(organisation) for _ in range(MANY)],
          django_assert_max_num_queries)


def _invite_more(meeting, anton, count):
    for n in range(count):
        organisation = OrganisationFactory(name=f"Eingeladen {n}")
        MeetingInvitation.objects.create(meeting=meeting, organisation=organisation, answer="yes", people=2,
                                         interpreting=language("ar"), checked_in_at=meeting.starts_at,
                                         attended_people=1)
        meetings.agenda_item_add(meeting=meeting, user=anton, title=f"Punkt {n}", description="")


@pytest.mark.parametrize("suffix", ["", "anwesenheit/", "protokoll/"])
def test_it_keeps_the_meeting_pages_flat(client, anton, suffix, django_assert_max_num_queries):
    meeting = make_meeting(anton)
    _invite_more(meeting, anton, 1)
    client.force_login(anton)
    _flat(client, f"/austausch/ki/treffen/{meeting.pk}/{suffix}", lambda: _invite_more(meeting, anton, MANY),
          django_assert_max_num_queries)


def test_it_keeps_the_picture_flat(client, anton, organisation, django_assert_max_num_queries):
    meeting = make_meeting(anton, days=-3, proposals_until=None)
    _invite_more(meeting, anton, 1)
    _profiles(1)
    client.force_login(anton)

    def more():
        _invite_more(meeting, anton, MANY)
        _profiles(MANY)
        for town in ("Greven", "Lotte", "Laer"):
            make_partner(town)
        make_meeting(anton, days=-200, proposals_until=None)

    _flat(client, "/austausch/ki/vernetzung/", more, django_assert_max_num_queries)


def test_it_keeps_the_start_page_box_flat(client, alice, organisation, anton, django_assert_max_num_queries):
    client.force_login(alice)

    def invited_agreements(count):
        for n in range(count):
            meeting = make_meeting(anton, days=10 + n)
            MeetingInvitation.objects.create(meeting=meeting, organisation=organisation)
            past = make_meeting(anton, days=-1 - n, proposals_until=None)
            meetings.minutes_save(meeting=past, user=anton, text="x")
            meetings.agreement_add(meeting=past, user=anton, values={
                "text": f"Aufgabe {n}", "responsible": organisation, "responsible_text": "", "due_on": None})
            type(past).objects.filter(pk=past.pk).update(minutes_published_at=past.starts_at)

    invited_agreements(1)
    _flat(client, "/portal/", lambda: (invited_agreements(5), MembershipFactory(user=alice)),
          django_assert_max_num_queries)
