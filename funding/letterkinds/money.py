"""Letters of the money after approval: Prüfmitteilung, Anhörung, Rückforderungsbescheid, Änderungsbescheid.

Every legal paragraph is a configured text block (``funding.texts``); the
templates hold the figures and tables. Each kind reads its rows in
``objects`` (the caller holds the application's lock) and computes in
``context`` without queries, so the same context works for the sample data.
"""

from datetime import date
from decimal import Decimal

from django.utils import timezone, translation

from funding import interest
from funding.amounts import amount_in_words
from funding.letterkinds import samples
from funding.letterkinds.base import REMEDY, Annex, LetterKind, common_context, common_objects, day, euro, register
from funding.letterkinds.provisions import provisions_in_force
from funding.models import LegalBasis
from funding.settlement import Outcome
from funding.texts import block, placeholder

ZERO = Decimal("0.00")
FINANCING_WORDS = {
    "full": "Vollfinanzierung", "share": "Anteilfinanzierung", "deficit": "Fehlbedarfsfinanzierung",
    "fixed": "Festbetragsfinanzierung",
}

# --- Placeholders ------------------------------------------------------------------------

placeholder("financing_words", "Finanzierungsart des Bescheides")(lambda c: c["financing_words"])
placeholder("final_grant", "Festgesetzte Zuwendung")(lambda c: euro(c["settlement"].final_grant))
placeholder("final_payment", "Schlusszahlung")(lambda c: euro(c["settlement"].final_payment))
placeholder("refund_found", "Zu viel ausgezahlter Betrag")(lambda c: euro(c["settlement"].refund))
placeholder("hearing_deadline", "Frist für die Stellungnahme")(lambda c: day(c["hearing"].deadline) if c.get("hearing") else "")
placeholder("refund_legal_basis", "Rechtsgrundlage des Widerrufs oder der Rücknahme")(lambda c: c["legal_basis_label"])
placeholder("recovery_interest", "Zinsen bis zur Fälligkeit")(lambda c: euro(c["recovery"].interest_amount))
placeholder("recovery_total_due", "Erstattung und Zinsen zusammen")(lambda c: euro(c["total_due"]))
placeholder("recovery_due_date", "Fälligkeit der Erstattung")(lambda c: day(c["recovery"].due_date))

# --- Text blocks ------------------------------------------------------------------------------

AUDIT_SETTLEMENT = block(
    "audit_settlement",
    "Prüfmitteilung: Festsetzung",
    "Die Zuwendung wird nach der im Zuwendungsbescheid bestimmten Finanzierungsart ({financing_words}) auf der "
    "Grundlage der anerkannten zuwendungsfähigen Ausgaben auf {final_grant} festgesetzt; sie ist nie höher als der "
    "bewilligte Höchstbetrag. Verringern sich die zuwendungsfähigen Ausgaben oder erhöhen sich die Deckungsmittel, "
    "ermäßigt sich die Zuwendung (Nr. 2 {anbest_short}).",
    placeholders=("financing_words", "final_grant", "anbest_short"),
)
AUDIT_FINAL_PAYMENT = block(
    "audit_next_final_payment",
    "Prüfmitteilung: weiter mit der Schlusszahlung",
    "Die Schlusszahlung von {final_payment} überweisen wir in den nächsten Tagen auf Ihr bei uns hinterlegtes Konto. "
    "Danach ist die Akte abgeschlossen. Sie müssen nichts weiter tun.",
    placeholders=("final_payment",),
)
AUDIT_REFUND = block(
    "audit_next_refund",
    "Prüfmitteilung: weiter mit der Anhörung zur Erstattung",
    "Es wurden {refund_found} mehr ausgezahlt, als Ihnen nach der Festsetzung zustehen. Wir beabsichtigen, diesen "
    "Betrag zurückzufordern. Dazu hören wir Sie mit gesondertem Schreiben vom heutigen Tag an; Sie können sich bis "
    "zum {hearing_deadline} äußern. Zahlen Sie bitte erst, wenn Sie den Rückforderungsbescheid erhalten haben.",
    placeholders=("refund_found", "hearing_deadline"),
)
AUDIT_CLOSED = block(
    "audit_next_closed",
    "Prüfmitteilung: nichts offen",
    "Es ist nichts mehr offen, weder für Sie noch für uns. Die Akte ist damit abgeschlossen.",
)
AUDIT_RECEIPTS = block(
    "audit_keep_receipts",
    "Prüfmitteilung: Aufbewahrung der Belege",
    "Bitte bewahren Sie die Belege fünf Jahre nach Vorlage des Verwendungsnachweises auf (Nr. 6.5 {anbest_short}).",
    placeholders=("anbest_short",),
)
AUDIT_NEXT = {Outcome.FINAL_PAYMENT: AUDIT_FINAL_PAYMENT, Outcome.REFUND: AUDIT_REFUND, Outcome.NOTHING_OWED: AUDIT_CLOSED}

HEARING_BASIS = block(
    "hearing_legal_basis",
    "Anhörung: Rechtsgrundlage und Verzinsung",
    "Als Rechtsgrundlage kommt in Betracht: {refund_legal_basis}, in Verbindung mit § 49a Abs. 1 VwVfG NRW "
    "(Erstattung) und Nr. 8 {anbest_short}. Der Erstattungsbetrag wäre nach § 49a Abs. 3 VwVfG NRW mit fünf "
    "Prozentpunkten über dem Basiszinssatz jährlich zu verzinsen.",
    placeholders=("refund_legal_basis", "anbest_short"),
)
HEARING_RIGHTS = block(
    "hearing_rights",
    "Anhörung: Gelegenheit zur Stellungnahme",
    "Bevor wir entscheiden, geben wir Ihnen Gelegenheit, sich zu den für die Entscheidung erheblichen Tatsachen zu "
    "äußern (§ 28 Abs. 1 VwVfG NRW). Bitte teilen Sie uns **bis zum {hearing_deadline}** schriftlich oder per E-Mail "
    "unter Angabe des Aktenzeichens {file_reference} mit, ob und warum Sie mit der beabsichtigten Rückforderung nicht "
    "einverstanden sind, und legen Sie gegebenenfalls Nachweise vor. Äußern Sie sich bis dahin nicht, entscheiden "
    "wir nach Aktenlage.\n\n"
    "Dieses Schreiben ist noch keine Entscheidung. Sie müssen jetzt noch nichts zahlen.",
    placeholders=("hearing_deadline", "file_reference"),
)

RECOVERY_LEGAL_BASIS = block(
    "recovery_legal_basis",
    "Rückforderung: Rechtsgrundlage",
    "Rechtsgrundlage ist {refund_legal_basis} in Verbindung mit Nr. 8 {anbest_short}. Die Erstattungspflicht folgt "
    "aus § 49a Abs. 1 VwVfG NRW, die Verzinsung aus § 49a Abs. 3 VwVfG NRW.",
    placeholders=("refund_legal_basis", "anbest_short"),
)
RECOVERY_INTEREST = block(
    "recovery_interest",
    "Rückforderung: Verzinsung",
    "Der Erstattungsbetrag ist vom Eintritt der Unwirksamkeit an, für jeden ausgezahlten Teilbetrag jedoch nicht vor "
    "dem Tag seiner Auszahlung, mit fünf Prozentpunkten über dem jeweiligen Basiszinssatz nach § 247 BGB jährlich zu "
    "verzinsen (§ 49a Abs. 3 VwVfG NRW). Bis zur Fälligkeit betragen die Zinsen {recovery_interest}:",
    placeholders=("recovery_interest",),
)
RECOVERY_PAYMENT = block(
    "recovery_payment",
    "Rückforderung: Zahlung",
    "Bitte überweisen Sie {recovery_total_due} (Erstattung und Zinsen) bis zum {recovery_due_date} unter Angabe des "
    "Aktenzeichens {file_reference}. Zahlungen werden zuerst auf die Zinsen, dann auf die Hauptforderung angerechnet "
    "(§ 367 BGB).",
    placeholders=("recovery_total_due", "recovery_due_date", "file_reference"),
)
RECOVERY_DISCRETION = block(
    "recovery_discretion",
    "Rückforderung: Ermessenserwägungen",
    "Bei der Ausübung des Ermessens war zu berücksichtigen, dass die Grundsätze der Wirtschaftlichkeit und "
    "Sparsamkeit (§ 7 LHO NRW) die Rückforderung nicht zweckentsprechend verwendeter oder nicht verbrauchter Mittel "
    "grundsätzlich gebieten. Gründe, ausnahmsweise von der Rückforderung oder der Verzinsung abzusehen, sind nicht "
    "ersichtlich.",
)

AMENDMENT_REST = block(
    "amendment_rest",
    "Änderungsbescheid: was unverändert bleibt",
    "Im Übrigen bleibt der Zuwendungsbescheid vom {decision_date} mit allen Nebenbestimmungen, insbesondere den "
    "{anbest_short}, unverändert wirksam.",
    placeholders=("decision_date", "anbest_short"),
)
AMENDMENT_BASIS = block(
    "amendment_legal_basis",
    "Änderungsbescheid: Rechtsgrundlage",
    "Die Änderung beruht auf den {legal_bases}. Soweit sie den Zuwendungsbescheid zu Ihren Lasten ändert, beruht sie "
    "auf § 49 VwVfG NRW. Sie wurde nach dem Vier-Augen-Prinzip geprüft und entschieden; eine Erhöhung ist durch die "
    "verfügbaren Haushaltsmittel gedeckt.",
    placeholders=("legal_bases",),
)
ANNEX_AMENDMENT_PLAN = block(
    "annex_amendment_plan",
    "Anlagenverzeichnis: geänderter Finanzierungsplan",
    "Ausgaben- und Finanzierungsplan in der Fassung dieses Änderungsbescheides (verbindlich)",
)


# --- Shared parts -----------------------------------------------------------------------------


def legal_basis_label(value):
    """The legal basis as the letter names it: always in German, whatever the page's language."""
    with translation.override("de"):
        return str(LegalBasis(value).label)


def _provisions(application):
    return provisions_in_force(application.organisation, timezone.localdate(application.decision.decided_at),
                               application.call.programme.authority_id)


def money_objects(application, **given):
    """The decision, payments, proof and ANBest every letter after the approval refers to."""
    decision = given.pop("decision", None) or application.decision
    return common_objects(
        application,
        decision=decision,
        payments=given.pop("payments", None) or list(application.payments.all()),
        proof=given.pop("proof", None) or getattr(application, "proof", None),
        provisions=given.pop("provisions", None) or _provisions(application),
        **given,
    )


def money_context(*, decision, payments, proof, provisions, **objects):
    return common_context(
        **objects,
        decision=decision,
        decision_date=timezone.localdate(decision.decided_at),
        paid_total=sum((payment.amount for payment in payments), ZERO),
        proof=proof,
        provisions=provisions,
    )


def _money_samples():
    objects = samples.common()
    app = objects["application"]
    return objects, {
        "decision": samples.decision(app), "payments": samples.payments(app), "proof": samples.proof(app),
        "provisions": samples.provisions(),
    }


# --- Prüfmitteilung --------------------------------------------------------------------------


class AuditResultKind(LetterKind):
    """The result of the proof-of-use audit, the settled grant and what happens next."""

    name = "audit_result"
    title = "Prüfmitteilung zum Verwendungsnachweis"
    blocks = (AUDIT_SETTLEMENT, *AUDIT_NEXT.values(), AUDIT_RECEIPTS)

    def objects(self, application, settlement=None, hearing=None, **given):
        return money_objects(application, settlement=settlement, hearing=hearing, **given)

    def sample_objects(self):
        objects, money = _money_samples()
        app = objects["application"]
        return {**objects, **money, "settlement": samples.settlement(), "hearing": samples.hearing(app)}

    def context(self, *, settlement, hearing=None, **objects):
        context = money_context(**objects, settlement=settlement, hearing=hearing)
        context["financing_words"] = FINANCING_WORDS[settlement.financing_type]
        context["outcome"] = str(settlement.outcome)
        context["next_text"] = AUDIT_NEXT[settlement.outcome]
        return context

    def used_blocks(self, context):
        shown = context["next_text"]
        return tuple(key for key in self.blocks if key == shown or key not in AUDIT_NEXT.values())


# --- Anhörung ----------------------------------------------------------------------------------


class HearingKind(LetterKind):
    """Anhörung (§ 28 VwVfG NRW): the intended refund, the reasons and the deadline for comments."""

    name = "hearing"
    title = "Anhörung nach § 28 VwVfG NRW"
    blocks = (HEARING_BASIS, HEARING_RIGHTS)

    def objects(self, application, hearing=None, **given):
        hearing = hearing or application.hearings.order_by("-created_at", "-pk").first()
        return money_objects(application, hearing=hearing, signed_by=given.pop("signed_by", None) or hearing.created_by, **given)

    def sample_objects(self):
        objects, money = _money_samples()
        return {**objects, **money, "hearing": samples.hearing(objects["application"])}

    def context(self, *, hearing, **objects):
        context = money_context(**objects, hearing=hearing)
        context["legal_basis_label"] = legal_basis_label(hearing.legal_basis)
        return context


# --- Rückforderungsbescheid ----------------------------------------------------------------


def stored_periods(recovery):
    """The interest table as decided, with dates and amounts typed again."""
    rows = []
    for row in recovery.interest_periods:
        rows.append({
            **row, "start": date.fromisoformat(row["start"]), "end": date.fromisoformat(row["end"]),
            "principal": Decimal(row["principal"]), "base_rate": Decimal(row["base_rate"]),
            "rate": Decimal(row["rate"]), "interest": Decimal(row["interest"]),
        })
    return rows


class RecoveryKind(LetterKind):
    """Rückforderungsbescheid: Widerruf/Teilwiderruf (or Rücknahme), refund, interest table, due date."""

    name = "recovery"
    title = "Rückforderungsbescheid"
    noun = "Bescheid"
    blocks = (RECOVERY_INTEREST, RECOVERY_PAYMENT, RECOVERY_LEGAL_BASIS, RECOVERY_DISCRETION, REMEDY)

    def objects(self, application, recovery=None, **given):
        recovery = recovery or application.recoveries.filter(kind="refund").order_by("-claimed_at", "-pk").first()
        return money_objects(
            application, recovery=recovery, hearing=recovery.hearing, rates=interest.RateTable.current(),
            signed_by=given.pop("signed_by", None) or recovery.claimed_by, **given,
        )

    def sample_objects(self):
        objects, money = _money_samples()
        app = objects["application"]
        hearing = samples.hearing(app)
        return {
            **objects, **money, "recovery": samples.recovery(app, hearing), "hearing": hearing,
            "rates": interest.RateTable(samples.RATES),
        }

    def context(self, *, recovery, hearing, rates, **objects):
        periods = stored_periods(recovery)
        context = money_context(**objects, recovery=recovery, hearing=hearing)
        context.update(
            amount_words=amount_in_words(recovery.amount),
            legal_basis_label=legal_basis_label(recovery.legal_basis),
            kind_label=recovery.kind_label,
            periods=periods,
            provisional=any(row["provisional"] for row in periods),
            known_until=rates.known_until,
            interest_per_day=interest.daily_interest(recovery.amount, rates, recovery.due_date),
            total_due=recovery.amount + recovery.interest_amount,
        )
        return context


# --- Änderungsbescheid -----------------------------------------------------------------------


def amendment_changes(amendment, application):
    """(changes, stays): rows (label, before, after, kind) and the parts that stay as they were."""
    before, changes, stays = amendment.previous, [], []

    def as_date(value):
        return date.fromisoformat(value) if value else None

    rows = [
        ("Zuwendung (Höchstbetrag)", Decimal(before["amount"]), application.approved_amount, "money"),
        ("Beginn des Bewilligungszeitraums", as_date(before["start_date"]), application.start_date, "date"),
        ("Ende des Bewilligungszeitraums", as_date(before["end_date"]), application.end_date, "date"),
    ]
    for label, old, new, kind in rows:
        (changes if old != new else stays).append({"label": label, "before": old, "after": new, "kind": kind})
    plan = {"label": "Ausgaben- und Finanzierungsplan", "kind": "plan"}
    (changes if amendment.plan_changed else stays).append(plan)
    return changes, stays


class AmendmentKind(LetterKind):
    """Änderungsbescheid: names the original decision, what changes and what stays, a new binding plan."""

    name = "amendment"
    title = "Änderungsbescheid"
    noun = "Bescheid"
    blocks = (AMENDMENT_REST, AMENDMENT_BASIS, ANNEX_AMENDMENT_PLAN, REMEDY)

    def objects(self, application, amendment=None, **given):
        amendment = amendment or application.amendments.order_by("-decided_at", "-pk").first()
        return money_objects(
            application, amendment=amendment, cost_lines=list(application.cost_lines.all()),
            signed_by=given.pop("signed_by", None) or amendment.decided_by, **given,
        )

    def sample_objects(self):
        objects, money = _money_samples()
        app = objects["application"]
        return {**objects, **money, "amendment": samples.amendment(app), "cost_lines": samples.cost_lines(app)}

    def context(self, *, amendment, cost_lines, **objects):
        application = objects["application"]
        changes, stays = amendment_changes(amendment, application)
        context = money_context(**objects, amendment=amendment, changes=changes, stays=stays)
        context.update(
            new_amount_words=amount_in_words(application.approved_amount),
            cost_lines=[line for line in cost_lines if line.amount],
            total_costs=sum((line.amount for line in cost_lines), ZERO),
            financing_rows=[
                ("Eigenmittel", application.own_funds),
                ("Eigenleistung (ehrenamtliche Arbeit)", application.volunteer_work),
                ("Drittmittel", application.third_party_funds),
                ("Andere öffentliche Mittel", application.other_public_funds),
                ("Zuwendung", application.approved_amount),
            ],
        )
        return context

    def annexes(self, context):
        if not context["amendment"].plan_changed:
            return []
        return [Annex(title=context["texts"][ANNEX_AMENDMENT_PLAN], template="letters/_amendment_plan.html")]


AUDIT_RESULT = register(AuditResultKind())
HEARING = register(HearingKind())
RECOVERY = register(RecoveryKind())
AMENDMENT = register(AmendmentKind())
