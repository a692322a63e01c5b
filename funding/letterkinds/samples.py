"""Sample data for checking a text before it is saved: unsaved rows, never stored.

Every value is plausible and every field a letter prints is filled, so a
text that renders here renders in a real letter. ``common()`` is the shared
base; kinds add their own rows (``decision()``, ``recovery()``, …).
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from applicants.models import Municipality, Organisation
from funding.models import (
    Amendment,
    AncillaryProvisions,
    Application,
    Authority,
    CostLine,
    Decision,
    DecisionCostLine,
    FundingCall,
    FundingLine,
    FundingProgramme,
    Hearing,
    Payment,
    ProofOfUse,
    Recovery,
)
from funding.settlement import settlement_for

LETTER_DATE = date(2027, 2, 15)


def _aware(*args):
    return timezone.make_aware(datetime(*args))


def authority():
    return Authority(
        name="Kreis Beispielstadt – Der Landrat", department="Kommunales Integrationszentrum",
        street="Musterstraße 1", postcode="12345", city="Beispielstadt", phone="01234 56-0",
        email="integration@kreis-beispiel.example", website="www.kreis-beispiel.example",
        contact_name="Frau Beispiel", contact_phone="01234 56-789", contact_email="beispiel@kreis-beispiel.example",
        signatory_name="Dr. Erika Muster", signatory_title="Leiterin des Kommunalen Integrationszentrums",
        court_name="Verwaltungsgericht Musterstadt", court_address="Gerichtsweg 1, 12345 Musterstadt",
        payer_iban="DE02120300000000202051", bank_details="Sparkasse Beispielstadt, IBAN DE02 1203 0000 0000 2020 51",
    )


def application(financing_type=FundingLine.FinancingType.SHARE):
    programme = FundingProgramme(
        authority=authority(), name="Förderung von Migrantenselbstorganisationen",
        legal_basis="§§ 23, 44 Landeshaushaltsordnung NRW (LHO) mit den Verwaltungsvorschriften",
        guideline="Richtlinie des Kreises Beispielstadt zur Förderung von Migrantenselbstorganisationen",
    )
    call = FundingCall(
        programme=programme, name="Sonderförderung MSO 2027", reference_prefix="MSO-2027",
        opens_on=date(2026, 9, 1), closes_on=date(2026, 12, 31), budget=Decimal("250000.00"),
        period_start=date(2027, 1, 1), period_end=date(2027, 12, 31),
    )
    line = FundingLine(
        call=call, name="Einzelprojekt", max_grant=Decimal("15000.00"), max_rate_percent=Decimal("80.00"),
        financing_type=financing_type,
    )
    organisation = Organisation(
        name="Beispielverein für Begegnung e.V.", legal_form="ev", register_court="Amtsgericht Beispielstadt",
        register_number="VR 1234", is_charitable=True, charitable_valid_until=date(2029, 12, 31),
        street="Vereinsweg 5", postcode="12345", city="Beispielstadt", municipality=Municipality(name="Beispielstadt"),
        org_type="cultural", contact_name="Vorstand", email="vorstand@beispielverein.example", phone="01234 9876",
        account_holder="Beispielverein für Begegnung e.V.", iban="DE02120300000000202051",
    )
    return Application(
        call=call, line=line, organisation=organisation, file_reference="MSO-2027-0001", title="Sprachcafé für alle",
        summary="Wöchentliche Treffen zum Deutschlernen und Kennenlernen.", goals="Teilhabe stärken.",
        target_group="Neuzugewanderte Familien", activities="Treffen, Ausflüge, Abschlussfest.",
        expected_participants=40, start_date=date(2027, 3, 1), end_date=date(2027, 11, 30),
        own_funds=Decimal("2000.00"), requested_amount=Decimal("8000.00"),
        submitted_at=_aware(2027, 1, 10, 9, 30), decided_at=_aware(2027, 2, 15, 11, 0),
        proof_due_date=date(2028, 5, 31), approved_amount=Decimal("8000.00"),
        declared_at=_aware(2027, 1, 10, 9, 30),
    )


def cost_lines(app):
    return [
        CostLine(application=app, category="fees", description="Honorare für die Sprachbegleitung", amount=Decimal("6000.00")),
        CostLine(application=app, category="rent", description="Raummiete", amount=Decimal("3000.00")),
        CostLine(application=app, category="material", description="Lernmaterial", amount=Decimal("1000.00")),
    ]


def approved_lines(decision, lines):
    """The sample Teilbewilligung (6.400 € of 8.000 € at 80 %): the fees cut from 6.000 € to 4.000 €."""
    reason = "Honorare sind nur bis zum ortsüblichen Satz von 40 € je Stunde zuwendungsfähig."
    return [
        DecisionCostLine(
            decision=decision, cost_line=line, approved_amount=line.amount - (Decimal("2000.00") if index == 0 else 0),
            reason=reason if index == 0 else "",
        )
        for index, line in enumerate(lines)
    ]


def person(first="Max", last="Beispiel", username="beispiel"):
    return get_user_model()(username=username, first_name=first, last_name=last)


def common():
    return {
        "application": application(),
        "representative": person("Ayşe", "Beispiel", "vorstand"),
        "letter_date": LETTER_DATE,
        "signed_by": person("Lena", "Entscheider", "leitung"),
    }


def decision(app, outcome=Decision.Outcome.APPROVED, amount=None):
    amount = app.requested_amount if amount is None and outcome != Decision.Outcome.REJECTED else amount
    return Decision(
        application=app, outcome=outcome, amount=amount, decided_at=app.decided_at,
        reasons="Die Honorare sind nur in Höhe der ortsüblichen Sätze zuwendungsfähig.",
    )


# The base rates of the sample letters (the seeded table up to 2026).
RATES = ((date(2027, 1, 1), Decimal("1.27")), (date(2027, 7, 1), Decimal("1.27")), (date(2028, 1, 1), Decimal("1.27")))


def payments(app):
    return [Payment(application=app, amount=Decimal("8000.00"), paid_on=date(2027, 3, 1), reference="KA-2027-17")]


def proof(app):
    return ProofOfUse(application=app, submitted_at=_aware(2027, 12, 20, 10, 0), participants_reached=42)


def settlement(outcome="refund"):
    paid = {"refund": Decimal("8000.00"), "final_payment": Decimal("4000.00")}.get(outcome, Decimal("5600.00"))
    return settlement_for(
        financing_type="share", approved=Decimal("8000.00"), planned_costs=Decimal("10000.00"),
        expenditure=Decimal("7000.00"), other_income=Decimal("1400.00"), paid=paid,
    )


def hearing(app):
    return Hearing(
        application=app, intended_refund=Decimal("2400.00"), intended_grant=Decimal("5600.00"), legal_basis="49_3_1",
        reasons="Die Ausgaben lagen unter dem Plan; der nicht verbrauchte Teil der Zuwendung ist zu erstatten.",
        deadline=date(2028, 2, 15), created_at=_aware(2028, 1, 20, 10, 0), answer_received_on=date(2028, 2, 1),
    )


def recovery(app, hearing=None):
    return Recovery(
        application=app, hearing=hearing, legal_basis="49_3_1", amount=Decimal("2400.00"),
        new_grant_amount=Decimal("5600.00"), reason="Die Ausgaben lagen unter dem Plan.",
        effective_date=date(2027, 2, 15), due_date=date(2028, 4, 1), interest_amount=Decimal("163.26"),
        interest_periods=[{
            "start": "2027-03-01", "end": "2028-03-31", "days": 396, "principal": "2400.00", "base_rate": "1.27",
            "rate": "6.27", "interest": "163.26", "provisional": False,
        }],
        claimed_at=_aware(2028, 3, 1, 10, 0),
    )


def late_use_hearing(app, claim):
    return Hearing(
        application=app, kind="late_use", intended_refund=claim.interest_amount, intended_grant=claim.new_grant_amount,
        legal_basis="49a_4", reasons=claim.reason, deadline=date(2028, 1, 31), created_at=_aware(2028, 1, 10, 10, 0),
        answer="Die Mittel wurden für Honorare gebunden, die erst im Juni fällig wurden.", answer_received_on=date(2028, 1, 20),
    )


def interest_claim(app):
    """Zinsbescheid: of 8.000 € paid on 01.03.2027, 4.000 € used only on 15.06.2027 (106 days at 6,27 %)."""
    return Recovery(
        application=app, kind="late_use", status="claimed", legal_basis="49a_4", amount=Decimal("0.00"),
        new_grant_amount=Decimal("8000.00"), reason="4.000 € der am 01.03.2027 ausgezahlten Mittel wurden erst am "
        "15.06.2027 verwendet, mehr als zwei Monate nach der Auszahlung.",
        effective_date=date(2027, 3, 1), due_date=date(2028, 2, 15), interest_amount=Decimal("72.84"),
        interest_periods=[{
            "start": "2027-03-01", "end": "2027-06-14", "days": 106, "principal": "4000.00", "base_rate": "1.27",
            "rate": "6.27", "interest": "72.84", "provisional": False, "paid_on": "2027-03-01",
            "paid_amount": "8000.00", "late_amount": "4000.00", "payment_interest": "72.84",
        }],
        claimed_at=_aware(2028, 1, 15, 10, 0),
    )


def amendment(app):
    return Amendment(
        application=app, requested_at=_aware(2027, 9, 1, 9, 0), reasons="Das Fest musste verschoben werden.",
        new_end_date=date(2027, 12, 31), decided_at=_aware(2027, 9, 20, 9, 0),
        previous={"amount": "8000.00", "start_date": "2027-03-01", "end_date": "2027-11-30", "financing": {}, "cost_lines": []},
    )


def later(days):
    return LETTER_DATE + timedelta(days=days)


def provisions():
    """The ANBest-P in force on the sample date, or a short sample text when none is configured."""
    found = AncillaryProvisions.objects.filter(kind="P", valid_from__lte=LETTER_DATE).order_by("-valid_from").first()
    return found or AncillaryProvisions(
        kind="P", version="Musterfassung", valid_from=date(2020, 1, 1), is_demo=True,
        text="1 Anforderung und Verwendung der Zuwendung\n1.1 Mustertext.",
    )
