"""Keyset pagination through the directory and the calendar; filters backed by indexes."""

import pytest
from django.db import connection

from exchange.models import Profile
from exchange.paging import keyset_page
from tests.exchange.conftest import make_event, make_profile
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _walk(queryset, fields, size, start=""):
    seen, cursor, pages = [], start, 0
    while True:
        page = keyset_page(queryset, fields, cursor, size)
        seen += page.items
        pages += 1
        if not page.next_cursor:
            return seen, pages, page
        cursor = page.next_cursor


def test_it_walks_every_row_once_forward_and_back():
    for n in (3, 1, 2, 2, 5, 4, 4):  # equal names: the id breaks the tie
        make_profile(OrganisationFactory(name=f"Verein {n}"))
    queryset = Profile.objects.all()
    seen, pages, last = _walk(queryset, ["display_name", "id"], 3)
    expected = list(queryset.order_by("display_name", "id"))
    assert seen == expected and pages == 3
    back = keyset_page(queryset, ["display_name", "id"], last.previous_cursor, 3)
    assert back.items == expected[3:6] and back.next_cursor and back.previous_cursor
    first = keyset_page(queryset, ["display_name", "id"], back.previous_cursor, 3)
    assert first.items == expected[:3] and not first.previous_cursor


def test_it_pages_the_calendar_by_time(organisation):
    for days in (9, 3, 3, 7, 1):
        make_event(organisation, days=days)
    from exchange.models import Event

    seen, _pages, _last = _walk(Event.objects.all(), ["starts_at", "id"], 2)
    assert seen == list(Event.objects.order_by("starts_at", "id"))


def test_it_starts_over_with_a_forged_cursor(client, profile):
    response = client.get("/austausch/", {"seite": "forged:cursor"})
    assert response.status_code == 200 and [p.pk for p in response.context["page"].items] == [profile.pk]


def test_it_links_to_the_next_page_of_the_directory(client):
    for n in range(25):
        make_profile(OrganisationFactory(name=f"Verein {n:02d}"))
    first = client.get("/austausch/", {"angebot": "kultur"})
    assert len(first.context["page"].items) == 20
    second = client.get("/austausch/", {"angebot": "kultur", "seite": first.context["page"].next_cursor})
    assert [p.display_name for p in second.context["page"].items] == [f"Verein {n}" for n in range(20, 25)]
    assert "angebot=kultur&amp;seite=" in first.content.decode()


def _indexes(table):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {tuple(info["columns"]) for info in constraints.values() if info["index"] or info["unique"]}


def test_it_backs_every_filter_and_order_with_an_index():
    profiles = _indexes("exchange_profile")
    assert ("display_name", "id") in profiles and ("municipality_id", "display_name", "id") in profiles
    events = _indexes("exchange_event")
    assert ("status", "starts_at", "id") in events and ("municipality_id", "status", "starts_at") in events
    assert any(columns[0] == "profile_id" for columns in _indexes("exchange_profile_offers"))
    assert any(columns[0] == "profile_id" for columns in _indexes("exchange_profile_translation_languages"))
    assert ("responsible_id", "done_at") in _indexes("exchange_agreement")
    assert ("organisation_id", "meeting_id") in _indexes("exchange_meetinginvitation")
