"""Members of an organisation, their roles, and invitations by e-mail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applicants.access import get_membership
from applicants.forms.organisations import InvitationForm, RoleForm
from applicants.models import Invitation, Membership
from applicants.services import organisations as services
from funding.errors import SERVICE_ERRORS, add_errors
from funding.services.transitions import WorkflowError


def _member_page(request, membership, form, status=200):
    organisation = membership.organisation
    context = {
        "organisation": organisation,
        "membership": membership,
        "members": organisation.memberships.select_related("user").order_by("user__last_name", "user__first_name"),
        "invitations": organisation.invitations.filter(accepted_at=None).order_by("-created_at"),
        "form": form,
        "role_choices": Membership.Role.choices,
    }
    return render(request, "applicants/members.html", context, status=status)


@login_required
def member_list(request, pk):
    membership = get_membership(request.user, pk)
    return _member_page(request, membership, InvitationForm())


@login_required
@require_POST
def invitation_create(request, pk):
    membership = get_membership(request.user, pk, representative=True)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_create(organisation=membership.organisation, user=request.user, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_errors(form, error, "email")
        else:
            messages.success(request, _("Die Einladung an %(email)s ist verschickt.") % form.cleaned_data)
            return redirect("applicants:member_list", pk)
    return _member_page(request, membership, form, status=400)


@login_required
@require_POST
def invitation_revoke(request, pk, invitation_pk):
    membership = get_membership(request.user, pk, representative=True)
    invitation = get_object_or_404(Invitation, organisation=membership.organisation, pk=invitation_pk)
    services.invitation_revoke(invitation=invitation, user=request.user)
    messages.success(request, _("Die Einladung ist zurückgenommen."))
    return redirect("applicants:member_list", pk)


def _target_membership(request, pk, membership_pk):
    get_membership(request.user, pk, representative=True)
    return get_object_or_404(Membership.objects.select_related("user"), organisation_id=pk, pk=membership_pk)


@login_required
@require_POST
def member_role(request, pk, membership_pk):
    target = _target_membership(request, pk, membership_pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie eine Rolle."))
        return redirect("applicants:member_list", pk)
    try:
        services.membership_set_role(membership=target, user=request.user, role=form.cleaned_data["role"])
    except WorkflowError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Die Rolle ist geändert."))
    return redirect("applicants:member_list", pk)


@login_required
@require_POST
def member_remove(request, pk, membership_pk):
    target = _target_membership(request, pk, membership_pk)
    try:
        services.membership_remove(membership=target, user=request.user)
    except WorkflowError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("applicants:member_list", pk)
    messages.success(request, _("%(name)s gehört nicht mehr zum Verein.") % {"name": target.user.get_full_name()})
    if target.user_id == request.user.pk:
        return redirect("applicants:dashboard")
    return redirect("applicants:member_list", pk)


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    """The link from the invitation e-mail: log in or register, then accept."""
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    context = {"invitation": invitation, "valid": services.invitation_is_valid(invitation)}
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect(f"{reverse('login')}?{urlencode({'next': request.path})}")
        query = urlencode({"next": request.path, "email": invitation.email})
        return render(request, "applicants/invitation.html", {**context, "query": query})
    if request.method == "POST":
        try:
            membership = services.invitation_accept(invitation=invitation, user=request.user)
        except WorkflowError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Sie gehören jetzt zu „%(name)s“.") % {"name": membership.organisation.name})
            return redirect("applicants:organisation_detail", membership.organisation_id)
    return render(request, "applicants/invitation.html", context)
