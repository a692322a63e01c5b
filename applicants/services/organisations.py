"""Organisations: profile, standing documents, members and invitations."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applicants.models import Invitation, Membership, Organisation, OrganisationDocument
from applicants.uploads import check_upload, display_name, storage_name
from funding import roles, summary
from funding.notifications import queue_email
from funding.services.transitions import WorkflowError

INVITATION_VALID_DAYS = 14
Role = Membership.Role
# A change of these sends money elsewhere: staff confirm it before the next payment.
BANK_FIELDS = ("iban", "account_holder")


def organisation_create(*, user, values):
    """A new organisation; its creator becomes its first representative.

    Bank details entered here wait for the staff's confirmation like changed ones.
    """
    with transaction.atomic():
        organisation = Organisation(**values)
        if any(getattr(organisation, name) for name in BANK_FIELDS):
            _mark_bank_details_changed(organisation, user)
        organisation._history_user = user
        organisation.save()
        Membership.objects.create(user=user, organisation=organisation, role=Role.REPRESENTATIVE)
    return organisation


def organisation_update(*, organisation, user, values):
    """Saves the profile; a changed IBAN or account holder waits for staff and is announced.

    Money goes to the new account only after a second person on the staff
    side confirmed it (``bank_details_confirm``). All representatives and the
    organisation's previous address are told, so that a change nobody made
    is noticed.
    """
    with transaction.atomic():
        current = Organisation.objects.select_for_update().get(pk=organisation.pk)
        previous_email = current.email
        counted_as = (current.municipality_id, current.org_type)
        bank_changed = any(values.get(name, getattr(current, name)) != getattr(current, name) for name in BANK_FIELDS)
        for name, value in values.items():
            setattr(current, name, value)
        if bank_changed:
            _mark_bank_details_changed(current, user)
        current._history_user = user
        current.save()
        if bank_changed:
            _queue_bank_details_mail(current, user, previous_email)
        if (current.municipality_id, current.org_type) != counted_as:  # the reports count by seat and type
            transaction.on_commit(lambda: summary.organisation_refresh(current.pk))
    organisation.refresh_from_db()
    return organisation


def _mark_bank_details_changed(organisation, user):
    organisation.bank_details_pending = True
    organisation.bank_details_changed_at = timezone.now()
    organisation.bank_details_changed_by = user


def _queue_bank_details_mail(organisation, user, previous_email):
    representatives = organisation.memberships.filter(role=Role.REPRESENTATIVE).values_list("user__email", flat=True)
    queue_email(
        "bank_details_changed",
        to=[*representatives, previous_email],
        context={"organisation": organisation, "changed_by": user, "iban_end": organisation.iban[-4:]},
    )


def organisation_set_verified(*, organisation, user, verified):
    """Staff confirm that the organisation's details and documents were checked."""
    with transaction.atomic():
        current = Organisation.objects.select_for_update().get(pk=organisation.pk)
        current.is_verified = verified
        current.verified_at = timezone.now() if verified else None
        current.verified_by = user if verified else None
        current._history_user = user
        current.save(update_fields=["is_verified", "verified_at", "verified_by"])


def bank_details_confirm(*, organisation, user):
    """A second person on the staff side confirms new bank details; payments may follow."""
    if not roles.is_staff_member(user):
        raise PermissionDenied
    with transaction.atomic():
        current = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if not current.bank_details_pending:
            raise WorkflowError(_("Die Bankverbindung ist bereits bestätigt."))
        if current.bank_details_changed_by_id == user.pk:
            raise WorkflowError(
                _("Sie haben die Bankverbindung selbst geändert. Eine zweite Person muss sie bestätigen.")
            )
        current.bank_details_pending = False
        current.bank_details_confirmed_at = timezone.now()
        current.bank_details_confirmed_by = user
        current._history_user = user
        current.save(update_fields=["bank_details_pending", "bank_details_confirmed_at", "bank_details_confirmed_by"])
    return current


def document_add(*, organisation, user, kind, upload, valid_until=None):
    """Stores a standing document; a new Freistellungsbescheid updates the profile."""
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        content_type = check_upload(upload)
        document = OrganisationDocument(
            organisation=organisation, kind=kind, original_name=display_name(upload, content_type), content_type=content_type,
            size=upload.size, valid_until=valid_until, uploaded_by=user,
        )
        document.file.save(storage_name(content_type), upload, save=False)
        document.save()
        if kind == OrganisationDocument.Kind.TAX_EXEMPTION and valid_until:
            Organisation.objects.filter(pk=organisation.pk).update(is_charitable=True, charitable_valid_until=valid_until)
    return document


def document_delete(*, document, user):
    with transaction.atomic():
        document.delete()
        transaction.on_commit(lambda: document.file.delete(save=False))


def invitation_create(*, organisation, user, email, role):
    """Invites a person by e-mail; the link in the e-mail adds them to the organisation."""
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise WorkflowError(_("Diese Person gehört schon zu Ihrem Verein."))
    with transaction.atomic():
        invitation = Invitation.objects.create(organisation=organisation, email=email, role=role, invited_by=user)
        queue_email(
            "invitation",
            to=[email],
            context={
                "invitation": invitation,
                "organisation": organisation,
                "inviter": user,
                "accept_path": reverse("applicants:invitation_accept", args=[invitation.token]),
                "valid_days": INVITATION_VALID_DAYS,
            },
        )
    return invitation


def invitation_is_valid(invitation):
    expires = invitation.created_at + timedelta(days=INVITATION_VALID_DAYS)
    return invitation.accepted_at is None and timezone.now() < expires


def invitation_accept(*, invitation, user):
    """Adds the user to the organisation; the invitation is used up."""
    if not invitation_is_valid(invitation):
        raise WorkflowError(_("Diese Einladung ist abgelaufen oder wurde schon benutzt. Bitte bitten Sie um eine neue."))
    if user.email.lower() != invitation.email.lower():
        raise WorkflowError(
            _("Diese Einladung ist für %(email)s. Bitte melden Sie sich mit dem Konto zu dieser E-Mail-Adresse an.")
            % {"email": invitation.email}
        )
    with transaction.atomic():
        updated = Invitation.objects.filter(pk=invitation.pk, accepted_at=None).update(accepted_at=timezone.now())
        if not updated:
            raise WorkflowError(_("Diese Einladung wurde schon benutzt."))
        membership, _created = Membership.objects.get_or_create(
            user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
        )
    return membership


def invitation_revoke(*, invitation, user):
    Invitation.objects.filter(pk=invitation.pk, accepted_at=None).delete()


def _other_representatives(membership):
    return (
        Membership.objects.select_for_update()
        .filter(organisation_id=membership.organisation_id, role=Role.REPRESENTATIVE)
        .exclude(pk=membership.pk)
    )


def _last_representative_error():
    return WorkflowError(
        _("Ein Verein braucht mindestens eine vertretungsberechtigte Person. Bitte bestimmen Sie zuerst eine andere.")
    )


def membership_set_role(*, membership, user, role):
    with transaction.atomic():
        if role != Role.REPRESENTATIVE and not list(_other_representatives(membership)):
            raise _last_representative_error()
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        membership.role = role
        membership._history_user = user
        membership.save(update_fields=["role"])


def membership_remove(*, membership, user):
    with transaction.atomic():
        if membership.is_representative and not list(_other_representatives(membership)):
            raise _last_representative_error()
        membership.delete()
