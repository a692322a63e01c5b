"""Possible duplicates of an organisation: the same register entry, the same IBAN, a similar name.

A similar name counts only within the same municipality. On PostgreSQL the
name is compared by trigram similarity (``pg_trgm``, enabled by a
migration); SQLite has no such function, so there names are compared after
normalising them (case, punctuation, the legal form "e.V." left out): equal,
or one containing the other.
"""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applicants.models import Organisation

SIMILARITY = 0.45
SAME_REGISTER = _("gleiche Registernummer beim gleichen Registergericht")
SAME_IBAN = _("gleiche IBAN")
SIMILAR_NAME = _("ähnlicher Name in derselben Kommune")
LEGAL_FORM = re.compile(r"\b(e\s*\.?\s*v\b\.?|ev\b|eingetragener verein)")


@dataclass
class Candidate:
    organisation: Organisation
    reasons: list = field(default_factory=list)


def normalised(text):
    """Lower case, without the legal form, punctuation and repeated spaces: "Kulturverein Rheine e. V." → "kulturverein rheine"."""
    text = LEGAL_FORM.sub(" ", (text or "").casefold())
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def compact_iban(iban):
    return re.sub(r"\s+", "", iban or "").upper()


def possible_duplicates(organisation):
    """Other organisations that may be the same one, each with the reasons, closest first."""
    found = {}
    for reason, matches in (
        (SAME_REGISTER, _same_register(organisation)),
        (SAME_IBAN, _same_iban(organisation)),
        (SIMILAR_NAME, _similar_names(organisation)),
    ):
        for other in matches:
            found.setdefault(other.pk, Candidate(other)).reasons.append(reason)
    return sorted(found.values(), key=lambda candidate: (-len(candidate.reasons), candidate.organisation.name))


def _others(organisation):
    return Organisation.objects.exclude(pk=organisation.pk).select_related("municipality")


def _same_register(organisation):
    number = re.sub(r"\s+", "", organisation.register_number or "")
    if not number or not organisation.register_court:
        return []
    court = normalised(organisation.register_court)
    candidates = _others(organisation).filter(register_number__icontains=number[-4:])
    return [
        other for other in candidates
        if re.sub(r"\s+", "", other.register_number).casefold() == number.casefold()
        and normalised(other.register_court) == court
    ]


def _same_iban(organisation):
    iban = compact_iban(organisation.iban)
    if not iban:
        return []
    # Stored IBANs are compact already (the form normalises them); spaces of older rows are tolerated.
    candidates = _others(organisation).filter(Q(iban__iexact=iban) | Q(iban__icontains=iban[-4:]))
    return [other for other in candidates if compact_iban(other.iban) == iban]


def _similar_names(organisation):
    if not organisation.municipality_id:
        return []
    neighbours = _others(organisation).filter(municipality_id=organisation.municipality_id)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        return list(
            neighbours.annotate(similarity=TrigramSimilarity("name", organisation.name))
            .filter(similarity__gte=SIMILARITY).order_by("-similarity")
        )
    name = normalised(organisation.name)
    return [other for other in neighbours if _alike(name, normalised(other.name))]


def _alike(first, second):
    return bool(first and second) and (first == second or first in second or second in first)
