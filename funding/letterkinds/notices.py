"""Eingangsbestätigung (the Rückforderungsbescheid is in ``funding.letterkinds.money``)."""

from funding.letterkinds.base import LetterKind, Signature, register
from funding.texts import block

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
AUTOMATIC_NOTE = "Dieses Schreiben wurde maschinell erstellt und ist ohne Unterschrift gültig."


class ReceiptKind(LetterKind):
    name = "receipt"
    title = "Eingangsbestätigung"
    blocks = (RECEIPT_NOTICE,)

    def signature(self, context):
        authority = context["authority"]
        return Signature(name=authority.contact_name or authority.signatory_name, note=AUTOMATIC_NOTE)


RECEIPT = register(ReceiptKind())
