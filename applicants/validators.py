from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException


def validate_iban(value):
    """Checks an IBAN's format and checksum (schwifty)."""
    if not value:
        return
    try:
        IBAN(value)
    except SchwiftyException:
        raise ValidationError(
            _("Diese IBAN ist nicht gültig. Bitte prüfen Sie die Angabe (z. B. DE89 3704 0044 0532 0130 00)."),
            code="invalid_iban",
        )
