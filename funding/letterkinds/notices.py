"""Eingangsbestätigung and Rückforderungsbescheid."""

from decimal import Decimal

from django.utils import timezone

from funding.amounts import amount_in_words
from funding.interest import daily_interest
from funding.letterkinds import samples
from funding.letterkinds.base import REMEDY, LetterKind, Signature, common_context, common_objects, euro, register
from funding.letterkinds.provisions import provisions_in_force
from funding.texts import block, placeholder

placeholder("recovery_amount", "Erstattungsbetrag")(lambda c: euro(c["recovery"].amount))

RECEIPT_NOTICE = block(
    "receipt_notice",
    "Eingangsbestätigung: Hinweise",
    "Bitte geben Sie bei Rückfragen immer das Aktenzeichen {file_reference} an. Wir prüfen Ihren Antrag nun auf "
    "Vollständigkeit und Förderfähigkeit. Fehlen Unterlagen, melden wir uns bei Ihnen.\n\n"
    "Bitte beachten Sie: Diese Bestätigung ist keine Bewilligung. Mit dem Projekt darf vor der Bewilligung nicht "
    "begonnen werden, es sei denn, ein vorzeitiger Maßnahmebeginn wurde schriftlich zugelassen. Ein Rechtsanspruch "
    "auf die Förderung besteht nicht.",
    placeholders=("file_reference",),
)
RECOVERY_LEGAL_BASIS = block(
    "recovery_legal_basis",
    "Rückforderung: Rechtsgrundlage",
    "Rechtsgrundlage des Widerrufs ist § 49 Abs. 3 VwVfG NRW in Verbindung mit Nr. 8 {anbest_short}; die "
    "Erstattungspflicht folgt aus § 49a Abs. 1 VwVfG NRW, die Verzinsung aus § 49a Abs. 3 VwVfG NRW.",
    placeholders=("anbest_short",),
)
RECOVERY_DISCRETION = block(
    "recovery_discretion",
    "Rückforderung: Ermessenserwägungen",
    "Bei der Ausübung des Ermessens war zu berücksichtigen, dass die Grundsätze der Wirtschaftlichkeit und "
    "Sparsamkeit (§ 7 LHO NRW) die Rückforderung nicht zweckentsprechend verwendeter oder nicht verbrauchter Mittel "
    "grundsätzlich gebieten. Gründe, ausnahmsweise von der Rückforderung oder der Verzinsung abzusehen, sind nicht "
    "ersichtlich.",
)

AUTOMATIC_NOTE = "Dieses Schreiben wurde maschinell erstellt und ist ohne Unterschrift gültig."


class ReceiptKind(LetterKind):
    name = "receipt"
    title = "Eingangsbestätigung"
    blocks = (RECEIPT_NOTICE,)

    def signature(self, context):
        authority = context["authority"]
        return Signature(name=authority.contact_name or authority.signatory_name, note=AUTOMATIC_NOTE)


class RecoveryKind(LetterKind):
    """Rückforderungsbescheid, signed by whoever recorded the recovery (or the configured signatory)."""

    name = "recovery"
    title = "Rückforderungsbescheid"
    noun = "Bescheid"
    blocks = (RECOVERY_LEGAL_BASIS, RECOVERY_DISCRETION, REMEDY)

    def objects(self, application, recovery=None, **given):
        recovery = recovery or application.recoveries.order_by("-claimed_at").first()
        decision = application.decision
        return common_objects(
            application,
            recovery=recovery,
            decision=decision,
            payments=given.pop("payments", None) or list(application.payments.all()),
            proof=getattr(application, "proof", None),
            provisions=provisions_in_force(application.organisation, timezone.localdate(decision.decided_at)),
            signed_by=given.pop("signed_by", None) or recovery.claimed_by,
            **given,
        )

    def sample_objects(self):
        objects = samples.common()
        app = objects["application"]
        return {
            **objects, "recovery": samples.recovery(app), "decision": samples.decision(app), "payments": [],
            "proof": None, "provisions": samples.provisions(),
        }

    def context(self, *, recovery, decision, payments, proof, provisions, **objects):
        authority = objects["application"].call.programme.authority
        return common_context(
            **objects,
            recovery=recovery,
            decision=decision,
            provisions=provisions,
            decision_date=timezone.localdate(decision.decided_at),
            amount_words=amount_in_words(recovery.amount),
            interest_days=max((recovery.interest_until - recovery.repayable_since).days, 0),
            interest_per_day=daily_interest(recovery.amount, recovery.interest_rate_percent),
            base_rate=authority.base_interest_rate,
            total_due=recovery.amount + recovery.interest_amount,
            paid_total=sum((payment.amount for payment in payments), Decimal("0.00")),
            proof=proof,
        )


RECEIPT = register(ReceiptKind())
RECOVERY = register(RecoveryKind())
