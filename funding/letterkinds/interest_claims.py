"""Zinsbescheid: interest for money used later than two months after its payout (§ 49a Abs. 4 VwVfG NRW).

The legal paragraphs are configured text blocks; the template holds the
figures: per payment the period from payout to proper use, the base rate
plus five points per period, the interest to the cent, the due date.
"""

from datetime import date
from decimal import Decimal

from funding.amounts import amount_in_words
from funding.letterkinds import samples
from funding.letterkinds.base import REMEDY, LetterKind, day, euro, register
from funding.letterkinds.money import _money_samples, money_context, money_objects
from funding.texts import block, placeholder

placeholder("late_interest", "Zinsen für verspätete Verwendung")(lambda c: euro(c["claim"].interest_amount))
placeholder("late_interest_due_date", "Fälligkeit der Zinsen")(lambda c: day(c["claim"].due_date))

INTEREST_BASIS = block(
    "late_use_legal_basis",
    "Zinsbescheid: Rechtsgrundlage",
    "Rechtsgrundlage ist § 49a Abs. 4 VwVfG NRW in Verbindung mit Nr. 1.4 und Nr. 8.5 {anbest_short}. Danach "
    "können für die Zeit von der Auszahlung bis zur zweckentsprechenden Verwendung Zinsen in Höhe von fünf "
    "Prozentpunkten über dem Basiszinssatz (§ 247 BGB) jährlich verlangt werden, wenn eine Leistung nicht "
    "alsbald nach der Auszahlung, das heißt innerhalb von zwei Monaten, für den bestimmten Zweck verwendet wird.",
    placeholders=("anbest_short",),
)
INTEREST_DISCRETION = block(
    "late_use_discretion",
    "Zinsbescheid: Ermessenserwägungen",
    "Die Verzinsung steht im Ermessen der Bewilligungsbehörde. Die Mittel des Haushalts dürfen nur so weit "
    "ausgezahlt werden, wie sie alsbald benötigt werden (§ 7 LHO NRW, Nr. 1.4 {anbest_short}); der Zinsvorteil, "
    "den die vorzeitig abgerufenen Mittel Ihnen verschafft haben, ist deshalb grundsätzlich auszugleichen. "
    "Gründe, von der Verzinsung ganz oder teilweise abzusehen, sind nicht ersichtlich. Der Zuwendungsbescheid "
    "selbst bleibt unverändert wirksam; die Zuwendung wird nicht zurückgefordert.",
    placeholders=("anbest_short",),
)
INTEREST_PAYMENT = block(
    "late_use_payment",
    "Zinsbescheid: Zahlung",
    "Bitte überweisen Sie {late_interest} bis zum {late_interest_due_date} unter Angabe des Aktenzeichens "
    "{file_reference}.",
    placeholders=("late_interest", "late_interest_due_date", "file_reference"),
)

HEARING_RIGHTS = block(
    "late_use_hearing_rights",
    "Anhörung zu Zinsen: Gelegenheit zur Stellungnahme",
    "Bevor wir entscheiden, geben wir Ihnen Gelegenheit, sich zu den für die Entscheidung erheblichen Tatsachen zu "
    "äußern (§ 28 Abs. 1 VwVfG NRW). Bitte teilen Sie uns **bis zum {hearing_deadline}** im Antragsportal, "
    "schriftlich oder per E-Mail unter Angabe des Aktenzeichens {file_reference} mit, ob die Zeiträume zutreffen "
    "(zum Beispiel weil Mittel früher verwendet wurden, als die Belege zeigen) oder ob Gründe dafür sprechen, von "
    "der Verzinsung ganz oder teilweise abzusehen, und legen Sie gegebenenfalls Nachweise vor. Äußern Sie sich bis "
    "dahin nicht, entscheiden wir nach Aktenlage.\n\n"
    "Dieses Schreiben ist noch keine Entscheidung. Sie müssen jetzt noch nichts zahlen.",
    placeholders=("hearing_deadline", "file_reference"),
)


def stored_rows(claim):
    """The interest table as decided, grouped by payment, with dates and amounts typed again."""
    payments = {}
    for row in claim.interest_periods:
        paid_on = date.fromisoformat(row["paid_on"])
        entry = payments.setdefault(paid_on, {
            "paid_on": paid_on, "paid_amount": Decimal(row["paid_amount"]), "late_amount": Decimal(row["late_amount"]),
            "interest": Decimal(row["payment_interest"]), "periods": [],
        })
        entry["periods"].append({
            "start": date.fromisoformat(row["start"]), "end": date.fromisoformat(row["end"]), "days": row["days"],
            "principal": Decimal(row["principal"]), "base_rate": Decimal(row["base_rate"]),
            "rate": Decimal(row["rate"]), "interest": Decimal(row["interest"]), "provisional": row["provisional"],
        })
    return [payments[key] for key in sorted(payments)]


class LateUseInterestKind(LetterKind):
    """Zinsbescheid under § 49a Abs. 4 VwVfG NRW: per payment from payout to proper use, to the cent."""

    name = "late_use_interest"
    title = "Zinsbescheid"
    noun = "Bescheid"
    blocks = (INTEREST_PAYMENT, INTEREST_BASIS, INTEREST_DISCRETION, REMEDY)

    def objects(self, application, claim=None, **given):
        claim = claim or application.recoveries.filter(kind="late_use", status="claimed").order_by("-claimed_at", "-pk").first()
        return money_objects(application, claim=claim, signed_by=given.pop("signed_by", None) or claim.claimed_by, **given)

    def sample_objects(self):
        objects, money = _money_samples()
        claim = samples.interest_claim(objects["application"])
        claim.hearing = samples.late_use_hearing(objects["application"], claim)
        return {**objects, **money, "claim": claim}

    def context(self, *, claim, hearing=None, **objects):
        rows = stored_rows(claim)
        context = money_context(**objects, claim=claim, hearing=hearing or claim.hearing)
        context.update(
            payment_rows=rows,
            interest_words=amount_in_words(claim.interest_amount),
            provisional=any(period["provisional"] for row in rows for period in row["periods"]),
        )
        return context


class LateUseHearingKind(LateUseInterestKind):
    """Anhörung (§ 28 VwVfG NRW) before a Zinsbescheid: the interest computed, its periods, the deadline."""

    name = "late_use_hearing"
    title = "Anhörung nach § 28 VwVfG NRW"
    noun = "Schreiben"
    blocks = (INTEREST_BASIS, HEARING_RIGHTS)

    def objects(self, application, claim=None, hearing=None, **given):
        claim = claim or application.recoveries.filter(kind="late_use").order_by("-proposed_at", "-pk").first()
        hearing = hearing or application.hearings.filter(kind="late_use").order_by("-created_at", "-pk").first()
        signed_by = given.pop("signed_by", None) or hearing.created_by
        return money_objects(application, claim=claim, hearing=hearing, signed_by=signed_by, **given)

    def sample_objects(self):
        objects = super().sample_objects()
        hearing, objects["claim"].hearing = objects["claim"].hearing, None
        hearing.answer, hearing.answer_received_on = "", None
        return {**objects, "hearing": hearing}


LATE_USE_INTEREST = register(LateUseInterestKind())
LATE_USE_HEARING = register(LateUseHearingKind())
