"""The ANBest-P / ANBest-G a letter attaches: the version in force on the decision date."""

from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils.translation import gettext as _

from funding.letterkinds.base import Annex, day
from funding.models import AncillaryProvisions
from funding.texts import placeholder


def provisions_kind(organisation):
    """ANBest-G for municipal recipients (Gemeinden, Gemeindeverbände), ANBest-P for everyone else."""
    if organisation.legal_form == organisation.LegalForm.MUNICIPAL:
        return AncillaryProvisions.Kind.MUNICIPAL
    return AncillaryProvisions.Kind.PROJECT


def provisions_in_force(organisation, on, authority=None):
    """The version in force on ``on``; a ValidationError (shown to the approver) when none is configured.

    The authority's own version wins over the default one (no authority).
    """
    kind = provisions_kind(organisation)
    rows = AncillaryProvisions.objects.filter(Q(authority__isnull=True) | Q(authority=authority), kind=kind,
                                              valid_from__lte=on)
    found = rows.order_by(F("authority").asc(nulls_last=True), "-valid_from").first()
    if found is None:
        raise ValidationError(
            _("Für den %(day)s ist keine Fassung der ANBest-%(kind)s hinterlegt. Bitte im Admin unter "
              "„Allgemeine Nebenbestimmungen“ die geltende Fassung anlegen.") % {"day": day(on), "kind": kind}
        )
    return found


def provisions_annex(provisions, title):
    """The annex that prints ``provisions`` unchanged on pages of their own."""
    preamble, sections = provisions.sections()
    return Annex(
        title=title, template="letters/_provisions.html",
        context={"provisions": provisions, "preamble": preamble, "sections": sections},
        css_class="provisions-demo" if provisions.is_demo else "",
    )


placeholder("anbest_short", "Kurzbezeichnung der Nebenbestimmungen (ANBest-P oder ANBest-G)")(
    lambda c: c["provisions"].short_name
)
placeholder("anbest_title", "Titel der Nebenbestimmungen")(lambda c: c["provisions"].title)
placeholder("anbest_version", "Fassung der Nebenbestimmungen")(lambda c: c["provisions"].version)
placeholder("anbest_valid_from", "Nebenbestimmungen gültig ab")(lambda c: day(c["provisions"].valid_from))
