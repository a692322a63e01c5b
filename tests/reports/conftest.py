"""A small dataset with known answers for every report figure.

Call "Aufruf 2024" (budget 100.000 €) has two lines: "Anschub" with its own
budget of 20.000 € and "Projekt" without one. Call "Aufruf leer" has no
applications. An older call "Aufruf 2023" holds org1's first grant, so in
2024 only org2 and org3 are funded for the first time.

    app  org (seat, type)          line     state             requested  approved  paid   recovered  days
    a1   org1 (Rheine, cultural)   Anschub  approved            5.000     4.000    3.000      –      10
    a2   org2 (Greven, mosque)     Projekt  closed             10.000    10.000   10.000      –      20
    a3   org3 (Rheine, women)      Projekt  recovery_pending    8.000     6.000    6.000    1.500    30
    a4   org1                      Projekt  rejected            7.000       –        –        –      40
    a5   org4 (no seat, sports)    Anschub  submitted           3.000       –        –        –       –
    a6   org2                      Projekt  draft               9.000       –        –        –       –
    a7   org3                      Anschub  withdrawn           2.000       –        –        –       –
    a8   org1                      (2023)   closed              3.000     3.000    3.000      –      30

Proofs of use: a2 reached 120 participants, a3 30.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from funding import summary
from funding.models import Payment, ProofOfUse, Recovery
from tests.factories import ApplicationFactory, CallFactory, LineFactory, OrganisationFactory, municipality


def noon(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 12, 0))


def _application(org, line, state, requested, approved=None, submitted=None, decided_days=None, title="Projekt"):
    submitted_at = noon(*submitted) if submitted else None
    decided_at = submitted_at + datetime.timedelta(days=decided_days) if decided_days else None
    return ApplicationFactory(
        organisation=org, line=line, state=state, title=title, requested_amount=Decimal(requested),
        approved_amount=Decimal(approved) if approved else None, submitted_at=submitted_at, decided_at=decided_at,
        file_reference=None if state == "draft" else f"{line.call.reference_prefix}-{title}",
        municipality=org.municipality,
    )


def _pay(app, amount, user):
    return Payment.objects.create(application=app, amount=Decimal(amount), paid_on=datetime.date(2024, 5, 1),
                                  recorded_by=user)


def _proof(app, participants):
    ProofOfUse.objects.create(application=app, participants_reached=participants, submitted_at=noon(2024, 11, 1))


@pytest.fixture
def known(finn):
    call = CallFactory(name="Aufruf 2024", reference_prefix="MSO-2024", budget=Decimal("100000.00"))
    empty_call = CallFactory(name="Aufruf leer", reference_prefix="MSO-LEER", budget=Decimal("50000.00"))
    old_call = CallFactory(name="Aufruf 2023", reference_prefix="MSO-2023", budget=Decimal("30000.00"))
    start = LineFactory(call=call, name="Anschub", budget=Decimal("20000.00"), order=1)
    project = LineFactory(call=call, name="Projekt", order=2)
    empty_line = LineFactory(call=empty_call, name="Leerlinie")
    old_line = LineFactory(call=old_call, name="Altlinie")
    org1 = OrganisationFactory(name="Verein Eins", municipality=municipality("Rheine"), org_type="cultural")
    org2 = OrganisationFactory(name="Verein Zwei", municipality=municipality("Greven"), org_type="mosque")
    org3 = OrganisationFactory(name="Verein Drei", municipality=municipality("Rheine"), org_type="women")
    org4 = OrganisationFactory(name="Verein Vier", municipality=None, org_type="sports")
    a1 = _application(org1, start, "approved", 5000, 4000, (2024, 1, 10), 10, "a1")
    a2 = _application(org2, project, "closed", 10000, 10000, (2024, 2, 1), 20, "a2")
    a3 = _application(org3, project, "recovery_pending", 8000, 6000, (2024, 2, 15), 30, "a3")
    a4 = _application(org1, project, "rejected", 7000, None, (2024, 3, 1), 40, "a4")
    a5 = _application(org4, start, "submitted", 3000, None, (2024, 3, 5), None, "a5")
    a6 = _application(org2, project, "draft", 9000, None, None, None, "a6")
    a7 = _application(org3, start, "withdrawn", 2000, None, (2024, 1, 5), None, "a7")
    a8 = _application(org1, old_line, "closed", 3000, 3000, (2023, 4, 1), 30, "a8")
    _pay(a1, "2000.00", finn), _pay(a1, "1000.00", finn), _pay(a2, "10000.00", finn), _pay(a3, "6000.00", finn)
    _pay(a8, "3000.00", finn)
    _proof(a2, 120), _proof(a3, 30)
    Recovery.objects.create(
        application=a3, amount=Decimal("1500.00"), new_grant_amount=Decimal("4500.00"), legal_basis="49_3_1",
        reason="Nicht verbraucht", effective_date=datetime.date(2024, 12, 1), due_date=datetime.date(2024, 12, 31),
        claimed_by=finn,
    )
    summary.rebuild()  # loaded past the workflow services, like an import
    return SimpleNamespace(
        call=call, empty_call=empty_call, old_call=old_call, start=start, project=project, empty_line=empty_line,
        old_line=old_line, orgs=(org1, org2, org3, org4), apps=(a1, a2, a3, a4, a5, a6, a7, a8),
    )


@pytest.fixture
def leitung(anton):
    return anton


@pytest.fixture(autouse=True)
def report_settings(settings, tmp_path):
    """Generated files go to a temporary directory; staff skip the second factor."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REQUIRE_STAFF_2FA = False
