"""Object-level access for applicants: every view that loads an object
belonging to an organisation goes through these helpers. Anything that is
not the user's own answers 404."""

from django.shortcuts import get_object_or_404

from applicants.models import Membership, Organisation
from funding.models import Application


def user_organisations(user):
    return Organisation.objects.filter(memberships__user=user)


def get_membership(user, organisation_id):
    return get_object_or_404(Membership.objects.select_related("organisation"), user=user, organisation_id=organisation_id)


def applications_for(user):
    return Application.objects.filter(organisation__memberships__user=user)


def get_application_for_user(user, pk, queryset=None):
    queryset = queryset if queryset is not None else Application.objects.all()
    return get_object_or_404(queryset.filter(organisation__memberships__user=user), pk=pk)
