"""Object-level access for applicants: every view that loads an object
belonging to an organisation goes through these helpers. Anything that is
not the user's own answers 404; a plain member asking for what only a
representative may do gets 403.

Members of a co-applicant (a partner organisation added to an application,
``CoApplicant``) read the application and its letters through
``get_application_for_reader`` / ``readable_applications``; every view that
changes something keeps ``get_application_for_user``, so they get 404 there."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from applicants.models import CoApplicant, Membership, Organisation, OrganisationDocument
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


def _readable(user):
    # Subqueries on both sides: an OR over a join would repeat the row once per membership.
    own = Membership.objects.filter(user=user).values("organisation_id")
    partner_of = CoApplicant.objects.filter(organisation__in=own).values("application_id")
    return Q(organisation__in=own) | Q(pk__in=partner_of)


def readable_applications(user):
    """The user's own applications and those their organisations are co-applicants of."""
    return Application.objects.filter(_readable(user))


def get_application_for_reader(user, pk, queryset=None):
    """Read-only access: a member of the applicant or of a co-applicant; anyone else 404."""
    queryset = queryset if queryset is not None else Application.objects.all()
    return get_object_or_404(queryset.filter(_readable(user)), pk=pk)


def is_co_applicant_reader(application, user):
    """True when the user reads the application only as a member of a co-applicant."""
    return membership_for(application, user) is None


def membership_for(application, user):
    """The user's membership in the application's organisation (or None)."""
    if "_portal_membership" not in application.__dict__:
        application._portal_membership = (
            Membership.objects.filter(organisation_id=application.organisation_id, user=user).first()
        )
    return application._portal_membership


def get_attachment_for_user(user, application_id, pk, *, reader=False):
    """An attachment; ``reader`` (downloads) also for members of a co-applicant."""
    applications = readable_applications(user) if reader else applications_for(user)
    return get_object_or_404(
        Attachment.objects.filter(application__in=applications).select_related("application"),
        application_id=application_id,
        pk=pk,
    )


def get_letter_for_user(user, application_id, pk):
    """Letters are read by members of the applicant and of its co-applicants."""
    return get_object_or_404(
        Letter.objects.filter(application__in=readable_applications(user)).select_related("application"),
        application_id=application_id,
        pk=pk,
    )
