"""Object-level access for applicants: every view that loads an object
belonging to an organisation goes through these helpers. Anything that is
not the user's own answers 404; a plain member asking for what only a
representative may do gets 403."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from applicants.models import Membership, Organisation, OrganisationDocument
from funding.models import Application, Attachment, Letter


def user_organisations(user):
    return Organisation.objects.filter(memberships__user=user)


def get_membership(user, organisation_id, *, representative=False):
    """The user's membership in the organisation; 404 when there is none."""
    membership = get_object_or_404(
        Membership.objects.select_related("organisation"), user=user, organisation_id=organisation_id
    )
    if representative and not membership.is_representative:
        raise PermissionDenied
    return membership


def get_document_for_user(user, organisation_id, pk):
    return get_object_or_404(
        OrganisationDocument.objects.filter(organisation__memberships__user=user),
        organisation_id=organisation_id,
        pk=pk,
    )


def applications_for(user):
    return Application.objects.filter(organisation__memberships__user=user)


def get_application_for_user(user, pk, queryset=None):
    queryset = queryset if queryset is not None else Application.objects.all()
    return get_object_or_404(queryset.filter(organisation__memberships__user=user), pk=pk)


def membership_for(application, user):
    """The user's membership in the application's organisation (or None)."""
    if "_portal_membership" not in application.__dict__:
        application._portal_membership = (
            Membership.objects.filter(organisation_id=application.organisation_id, user=user).first()
        )
    return application._portal_membership


def get_attachment_for_user(user, application_id, pk):
    return get_object_or_404(
        Attachment.objects.filter(application__organisation__memberships__user=user).select_related("application"),
        application_id=application_id,
        pk=pk,
    )


def get_letter_for_user(user, application_id, pk):
    return get_object_or_404(
        Letter.objects.filter(application__organisation__memberships__user=user).select_related("application"),
        application_id=application_id,
        pk=pk,
    )
