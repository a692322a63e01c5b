"""Proof-of-use audit: accept, request changes, or claim a recovery."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from funding.decorators import case_worker_required
from funding.errors import run_form_step, run_step
from funding.interest import recovery_interest_rate
from funding.models import ProofOfUse
from funding.services.proofs import proof_accept, proof_request_changes, recovery_claim
from funding.staff import selectors
from funding.staff.access import get_application_for_staff
from funding.staff.forms import ProofChangesForm, ProofNoteForm, RecoveryForm
from funding.workflow import can_audit_proof, offered_transitions


def _auditable(request, pk):
    app = get_application_for_staff(request.user, pk)
    if not can_audit_proof(app, request.user):
        raise PermissionDenied(_("Sie können diesen Verwendungsnachweis nicht prüfen."))
    return app


def _proof(app):
    try:
        return app.proof
    except ProofOfUse.DoesNotExist:
        raise Http404 from None


@case_worker_required
def proof_audit(request, pk):
    app = _auditable(request, pk)
    proof = _proof(app)
    context = {
        "application": app,
        "proof": proof,
        "note_form": ProofNoteForm(),
        "changes_form": ProofChangesForm(),
        "offered": offered_transitions(app, request.user),
        **selectors.proof_audit(app, proof),
    }
    return render(request, "staff/proof_audit.html", context)


@case_worker_required
@require_POST
def proof_accept_view(request, pk):
    app = _auditable(request, pk)
    form = ProofNoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    success = _("Der Verwendungsnachweis ist anerkannt; die Akte ist geschlossen (z. d. A.).")
    run_step(request, proof_accept, success, application=app, user=request.user, note=note)
    return redirect("staff:application_detail", pk=app.pk)


@case_worker_required
@require_POST
def proof_changes(request, pk):
    app = _auditable(request, pk)
    form = ProofChangesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte schreiben Sie, was fehlt oder zu korrigieren ist."))
        return redirect("staff:proof_audit", pk=app.pk)
    success = _("Die Nachforderung wurde an den Antragsteller gesendet.")
    run_step(request, proof_request_changes, success, application=app, user=request.user, message=form.cleaned_data["message"])
    return redirect("staff:application_detail", pk=app.pk)


@case_worker_required
@require_http_methods(["GET", "POST"])
def recovery(request, pk):
    """Rückforderung: amount, reason, interest; the Rückforderungsbescheid follows at once."""
    app = _auditable(request, pk)
    proof = getattr(app, "proof", None)
    audit = selectors.proof_audit(app, proof) if proof else {}
    initial = {"amount": audit.get("unspent_grant") or None, "repayable_since": app.end_date}
    form = RecoveryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if run_form_step(form, recovery_claim, application=app, user=request.user, **form.cleaned_data):
            messages.success(request, _("Die Rückforderung ist erfasst; der Rückforderungsbescheid wurde erstellt."))
            return redirect("staff:application_detail", pk=app.pk)
    authority = app.call.programme.authority
    rate = recovery_interest_rate(authority.base_interest_rate)
    context = {"application": app, "form": form, "rate": rate, "base_rate": authority.base_interest_rate, **audit}
    return render(request, "staff/recovery.html", context)
