"""The rules of the call, the funding line and the organisation, in plain German."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from applicants import checks
from applicants.models import Organisation
from funding.models import Application, FundingLine

pytestmark = pytest.mark.django_db


def problems(application, step=None):
    application = Application.objects.select_related("call", "line", "organisation").get(pk=application.pk)
    found = checks.application_problems(application)
    return [(p.step, p.field, p.message) for p in found if step is None or p.step == step]


def update(application, **fields):
    Application.objects.filter(pk=application.pk).update(**fields)


def test_it_finds_nothing_wrong_with_a_complete_draft(draft):
    assert problems(draft) == []


def test_it_asks_for_the_project_texts(draft):
    update(draft, goals="  ", expected_participants=0, municipality=None)
    fields = {field for _step, field, _message in problems(draft, "projekt")}
    assert fields == {"goals", "expected_participants", "municipality"}


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (Decimal("0"), "wie viel Zuwendung"),
        (Decimal("100"), "mindestens 500,00"),
        (Decimal("16000"), "höchstens 15.000,00"),
        (Decimal("8000.01"), "höchstens 80 % der Gesamtkosten beantragen, hier also höchstens 8.000,00"),
    ],
)
def test_it_checks_the_grant_against_the_line(draft, amount, message):
    FundingLine.objects.filter(pk=draft.line_id).update(min_grant=Decimal("500"))
    update(draft, requested_amount=amount, own_funds=Decimal("10000") - amount)
    found = [m for _s, field, m in problems(draft, "finanzierung") if field == "requested_amount"]
    assert any(message in m for m in found), found


def test_it_explains_an_unbalanced_plan_with_both_sums(draft):
    update(draft, own_funds=Decimal("1500"))
    [(_step, field, message)] = problems(draft, "finanzierung")
    assert field is None and "10.000,00" in message and "9.500,00" in message and "Es fehlen 500,00" in message


def test_it_limits_volunteer_work_to_its_share_of_the_own_contribution(draft):
    update(draft, own_funds=Decimal("1600"), volunteer_work=Decimal("400"))  # 400 of 2.000 = 20 %
    [(_step, field, message)] = problems(draft, "finanzierung")
    assert field == "volunteer_work" and "höchstens 15 %" in message and "höchstens 282,35" in message
    update(draft, own_funds=Decimal("1700"), volunteer_work=Decimal("300"))  # exactly 15 %
    assert problems(draft, "finanzierung") == []


def test_it_keeps_the_dates_inside_the_funding_window(draft):
    call = draft.call
    update(draft, start_date=call.period_start - timedelta(days=1), end_date=call.period_end + timedelta(days=1))
    found = {(field, message) for _s, field, message in problems(draft, "projekt")}
    assert ("start_date", f"Das Projekt kann frühestens am {call.period_start:%d.%m.%Y} beginnen.") in found
    assert ("end_date", f"Das Projekt muss spätestens am {call.period_end:%d.%m.%Y} enden.") in found


def test_it_refuses_an_end_before_the_start(draft):
    update(draft, end_date=draft.start_date - timedelta(days=1))
    assert ("projekt", "end_date", "Das Projektende liegt vor dem Projektbeginn.") in problems(draft)


def test_it_needs_a_reason_for_an_early_start(draft):
    update(draft, start_date=timezone.localdate() - timedelta(days=3))
    assert [f for _s, f, _m in problems(draft)] == ["start_date"]
    update(draft, early_start_requested=True)
    assert [f for _s, f, _m in problems(draft)] == ["early_start_reason"]
    update(draft, early_start_reason="Der Kurs beginnt mit dem Schuljahr.")
    assert problems(draft) == []


def test_it_measures_the_start_against_the_first_submission(draft):
    update(draft, start_date=date(2025, 1, 10), submitted_at=timezone.make_aware(timezone.datetime(2025, 1, 1)))
    assert not [p for p in problems(draft) if p[1] == "start_date"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"municipality": None}, "Sitz im Kreis"),
        ({"is_charitable": False}, "gemeinnützig"),
        ({"charitable_valid_until": date(2020, 1, 1)}, "Freistellungsbescheid ist nicht mehr gültig"),
        ({"legal_form": "other"}, "eingetragene Vereine"),
        ({"migrant_share_percent": 30}, "Mindestens 50 %"),
        ({"independent": False}, "unabhängig"),
    ],
)
def test_it_checks_the_eligibility_of_the_organisation(draft, fields, message):
    Organisation.objects.filter(pk=draft.organisation_id).update(**fields)
    found = problems(draft, "organisation")
    assert len(found) == 1 and message in found[0][2]


def test_it_asks_for_the_standing_documents(application):
    application.organisation.documents.all().delete()
    found = [m for _s, _f, m in problems(application, "anlagen")]
    assert len(found) == 3 and any("Satzung" in m for m in found)


def test_it_flags_expensive_equipment(draft):
    draft.cost_lines.update(category="material", amount=Decimal("10000"))
    [(_s, _f, message)] = problems(draft, "kosten")
    assert "Ausstattungsgegenstände über 5.000,00" in message


@pytest.mark.parametrize(("days", "expected"), [(-1, "abgelaufen"), (90, "gilt nur noch"), (91, None)])
def test_it_warns_before_the_tax_notice_expires(organisation, days, expected):
    organisation.charitable_valid_until = timezone.localdate() + timedelta(days=days)
    warning = checks.charitable_warning(organisation)
    assert (expected in warning) if expected else warning is None
