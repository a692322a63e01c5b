"""Organisations: profile, standing documents, members and invitations."""

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applicants.models import Invitation, Membership, Organisation, OrganisationDocument
from applicants.uploads import check_upload, display_name, storage_name
from funding.notifications import queue_email
from funding.services.transitions import WorkflowError

INVITATION_VALID_DAYS = 14
Role = Membership.Role


def organisation_create(*, user, values):
    """A new organisation; its creator becomes its first representative."""
    with transaction.atomic():
        organisation = Organisation.objects.create(**values)
        Membership.objects.create(user=user, organisation=organisation, role=Role.REPRESENTATIVE)
    return organisation


def organisation_update(*, organisation, user, values):
    with transaction.atomic():
        Organisation.objects.filter(pk=organisation.pk).update(**values)
    organisation.refresh_from_db()
    return organisation


def organisation_set_verified(*, organisation, user, verified):
    """Staff confirm that the organisation's details and documents were checked."""
    Organisation.objects.filter(pk=organisation.pk).update(
        is_verified=verified, verified_at=timezone.now() if verified else None, verified_by=user if verified else None
    )


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
        Membership.objects.filter(pk=membership.pk).update(role=role)


def membership_remove(*, membership, user):
    with transaction.atomic():
        if membership.is_representative and not list(_other_representatives(membership)):
            raise _last_representative_error()
        membership.delete()
