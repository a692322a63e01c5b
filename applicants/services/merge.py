"""Two entries of the same organisation merged into one, keeping everything that hangs on either.

Every row that points at the removed entry (applications with their letters,
memberships, invitations, standing documents, partnerships on applications,
exchange entries) is moved to
the kept one; where the kept entry has the same row already (a membership of
the same person, an invitation to the same meeting, a directory profile),
the kept row stays, a membership taking the stronger role. Both rows are
locked for the merge; the merge is recorded (``OrganisationMerge``) and
logged; the reports count the moved applications with the kept entry's
seat and type.
"""

import logging

from django.db import models, transaction
from django.utils.translation import gettext as _

from applicants.models import CoApplicant, Membership, Organisation, OrganisationMerge
from funding import summary
from funding.services.transitions import WorkflowError

logger = logging.getLogger(__name__)


def organisation_merge(*, kept, removed, user, reason):
    """Moves everything of ``removed`` to ``kept`` and deletes ``removed``; returns the merge record."""
    if kept.pk == removed.pk:
        raise WorkflowError(_("Eine Organisation kann nicht mit sich selbst zusammengeführt werden."))
    if not (reason or "").strip():
        raise WorkflowError(_("Bitte begründen Sie die Zusammenführung."))
    with transaction.atomic():
        rows = Organisation.objects.select_for_update().filter(pk__in=[kept.pk, removed.pk]).order_by("pk")
        locked = {org.pk: org for org in rows}
        if len(locked) != 2:
            raise WorkflowError(_("Eine der beiden Organisationen gibt es nicht mehr."))
        kept, removed = locked[kept.pk], locked[removed.pk]
        moved = {}
        for relation in Organisation._meta.related_objects:
            if relation.related_model is OrganisationMerge:
                continue
            count = _move(relation, kept, removed)
            if count:
                moved[relation.related_model._meta.label] = count
        # A partner merged into the lead organisation is no longer its own partner.
        CoApplicant.objects.filter(organisation=kept, application__organisation=kept).delete()
        record = OrganisationMerge.objects.create(
            kept=kept, removed_pk=removed.pk, removed_name=removed.name,
            removed_register=f"{removed.register_court} {removed.register_number}".strip(), moved=moved,
            reason=reason.strip(), merged_by=user,
        )
        removed._history_user = user
        removed.delete()
        transaction.on_commit(lambda: summary.organisation_refresh(kept.pk))
    logger.info("organisation %s merged into %s by %s: %s", record.removed_pk, kept.pk, user, moved)
    return record


def _move(relation, kept, removed):
    """Points the rows of ``relation`` from ``removed`` to ``kept``; returns how many moved."""
    model, name = relation.related_model, relation.field.name
    rows = model.objects.filter(**{name: removed})
    if relation.one_to_one:
        if model.objects.filter(**{name: kept}).exists():
            return 0  # the kept entry's own (a directory profile) stays; the other goes with the entry
        return rows.update(**{name: kept})
    for together in _unique_with(model, name):
        taken = set(model.objects.filter(**{name: kept}).values_list(*together))
        for row in rows:
            if tuple(model._meta.get_field(field).value_from_object(row) for field in together) in taken:
                _resolve_conflict(row, kept)
    return rows.update(**{name: kept})


def _unique_with(model, name):
    """The other fields of each unique constraint of ``model`` that includes ``name``."""
    return [
        [field for field in constraint.fields if field != name]
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and name in (constraint.fields or ())
    ]


def _resolve_conflict(row, kept):
    """The kept entry has this row already: a membership takes the stronger role, then the duplicate goes."""
    if isinstance(row, Membership) and row.is_representative:
        Membership.objects.filter(organisation=kept, user_id=row.user_id).update(role=Membership.Role.REPRESENTATIVE)
    row.delete()
