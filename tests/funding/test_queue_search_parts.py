"""The queue's text search: which filters narrow its parts, and the parts compiled once (PostgreSQL)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from funding.staff import filters
from tests.factories import ApplicationFactory, LineFactory, MembershipFactory, OrganisationFactory, UserFactory, standing_documents
from tests.funding import steps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]


def test_only_filters_with_a_value_narrow_the_search():
    call, line = object(), object()
    data = {"call": call, "line": None, "municipality": None, "org_type": "", "amount_min": Decimal("0"),
            "amount_max": None, "reviewer": None, "mine": False, "overdue": "", "o": ["-created_at"], "state": "submitted",
            "q": "Projekt"}
    assert filters._narrowing(data, ()) == (("call", call), ("amount_min", Decimal("0")))
    assert filters._narrowing({**data, "mine": True}, ("call",)) == (("amount_min", Decimal("0")), ("mine", True))


@pytest.fixture
def searched(alice, organisation, documents):
    line = LineFactory(call__reference_prefix="SUCH-2024")
    other_call = LineFactory(call__reference_prefix="ANDER-2024")
    club = OrganisationFactory(name="Sprachprojekt Emsdetten e.V.")
    bob = MembershipFactory(organisation=club, user=UserFactory(username="club-rep")).user
    standing_documents(club)
    steps.submitted(ApplicationFactory(organisation=club, line=line, title="Sprachcafé"), bob)  # by its name
    for title, chosen in [("Nähprojekt", line), ("Nähprojekt", other_call), ("Sommerfest", line)]:
        steps.submitted(ApplicationFactory(organisation=organisation, line=chosen, title=title), alice)
    return line.call


def _references(client, **params):
    response = client.get(reverse("staff:queue"), params)
    assert response.status_code == 200
    counts = {state: n for state, _label, n in response.context["state_counts"] if n}
    return sorted(app.file_reference for app in response.context["page"]), counts


def test_the_queue_searches_with_the_compiled_parts_when_only_ids_filter(client, rita, searched, monkeypatch):
    calls = []
    compiled = filters._prepared_matches

    def spy(*args):
        calls.append(args[1])
        return compiled(*args)

    monkeypatch.setattr(filters, "_prepared_matches", spy)
    client.force_login(rita)
    found = _references(client, call=searched.pk, q="projekt")
    without_call = _references(client, q="projekt")
    if connection.vendor == "postgresql":
        # The page's form holds every filter, most of them empty: only the call narrows.
        assert [tuple(name for name, _value in applied) for applied in calls] == [("call",), ()]
    else:
        assert calls == []  # SQLite: the page's query filters on the text itself
    # The same as the filters' own querysets give (no compiled parts).
    monkeypatch.setattr(filters, "_ID_FILTERS", ())
    assert _references(client, call=searched.pk, q="projekt") == found
    assert _references(client, q="projekt") == without_call
    assert found == (["SUCH-2024-0001", "SUCH-2024-0002"], {"submitted": 2})
    assert without_call == (["ANDER-2024-0001", "SUCH-2024-0001", "SUCH-2024-0002"], {"submitted": 3})
    assert _references(client, call=searched.pk, q="such-2024-0003")[0] == ["SUCH-2024-0003"]  # by its file reference


def test_each_queue_filterset_has_filters_of_its_own(rita):
    """Copied one level deep, not with ``copy.deepcopy``: still nothing one request sets reaches another."""
    from funding.models import Application

    first = filters.ApplicationFilter({"mine": "on"}, queryset=Application.objects.all(), user=rita)
    second = filters.ApplicationFilter({}, queryset=Application.objects.all(), user=rita)
    base = filters.ApplicationFilter.base_filters
    for name, copied in first.filters.items():
        assert copied is not base[name] and copied is not second.filters[name]
        assert copied.parent is first and second.filters[name].parent is second
        assert copied.extra is not base[name].extra
    first.filters["call"].extra["empty_label"] = "geändert"
    assert second.filters["call"].extra["empty_label"] != "geändert"
    assert first.filters["call"].field is not second.filters["call"].field
    assert first.filters["mine"].filter.f is first.filters["mine"]  # the method bound to its own copy
    rita_only = first.filters["mine"].filter(Application.objects.all(), True)
    assert "assigned_reviewer_id" in str(rita_only.query)
    assert second.filters["mine"].filter(Application.objects.all(), False).query.where.children == []
