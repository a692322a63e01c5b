"""Fixtures of the exchange tests.

alice represents the Rheine organisation (``organisation``), bob is a plain
member of it, charlie belongs to another organisation; rita (reviewer) and
anton (approver) are KI staff, finn (finance) is staff but not KI staff.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from exchange.models import Event, Language, Meeting, MeetingInvitation, OfferCategory, Partner, Profile
from exchange.services import events, meetings
from exchange.services.directory import profile_publish, profile_save
from tests.factories import municipality


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REQUIRE_STAFF_2FA = False
    return settings.MEDIA_ROOT


def offer(slug):
    return OfferCategory.objects.get(slug=slug)


def language(code):
    return Language.objects.get(code=code)


def make_profile(organisation, *, user=None, published=True, offers=("kultur",), translation=(), spoken=("de",),
                 **values):
    profile = Profile(organisation=organisation, display_name=values.pop("display_name", organisation.name),
                      municipality_id=organisation.municipality_id)
    profile_save(
        profile=profile, user=user, values={"description": "Ein Verein.", **values},
        offers=[offer(slug) for slug in offers], languages=[language(code) for code in spoken],
        translation_languages=[language(code) for code in translation],
    )
    if published:
        profile_publish(profile=profile, user=user)
    return Profile.objects.get(pk=profile.pk)


def in_days(days, hour=18):
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def make_event(organisation, *, user=None, days=10, town="Rheine", published=False, staff=None, **values):
    event = events.event_create(organisation=organisation, user=user, languages=[language("de")], values={
        "title": "Sommerfest", "kind": "festival", "description": "Für alle.", "starts_at": in_days(days),
        "ends_at": in_days(days, 21), "place": "Marktplatz 1", "municipality": municipality(town),
        "open_to_all": True, **values,
    })
    if published:
        event = events.event_moderate(event=event, user=staff, approve=True)
    return Event.objects.get(pk=event.pk)


def make_meeting(user, *, days=20, **values):
    return meetings.meeting_create(user=user, municipalities=values.pop("municipalities", []), values={
        "title": "Netzwerktreffen", "starts_at": in_days(days), "ends_at": in_days(days, 21),
        "place": "Kreishaus Steinfurt", "district_wide": True, "proposals_until": in_days(days - 5), **values,
    })


def make_partner(town="Rheine", **values):
    return Partner.objects.create(municipality=municipality(town), **{
        "name": "Integrationsbüro", "kind": "integration_officer", "email": "buero@example.org", **values})


@pytest.fixture
def profile(organisation, alice):
    return make_profile(organisation, user=alice, offers=("uebersetzung", "alltagshilfe"), translation=("ar",))


@pytest.fixture
def other_organisation(charlie):
    return charlie.memberships.get().organisation


@pytest.fixture
def event(organisation, alice):
    return make_event(organisation, user=alice)


@pytest.fixture
def meeting(anton):
    return make_meeting(anton)


@pytest.fixture
def invitation(meeting, organisation, anton):
    meetings.meeting_invite(meeting=meeting, user=anton)
    return MeetingInvitation.objects.get(meeting=meeting, organisation=organisation)


@pytest.fixture
def past_meeting(anton):
    """A meeting that took place yesterday (made in the past, as the KI would record one)."""
    meeting = make_meeting(anton, days=-1, proposals_until=None)
    return Meeting.objects.get(pk=meeting.pk)
