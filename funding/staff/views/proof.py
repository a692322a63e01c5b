"""Proof-of-use audit with the settlement; the hearing and the recovery decision."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from funding import interest
from funding.decorators import case_worker_required
from funding.errors import run_form_step, run_step
from funding.models import ProofOfUse
from funding.services.proofs import proof_accept, proof_request_changes
from funding.services.recoveries import (
    current_hearing,
    hearing_record_answer,
    hearing_start,
    recovery_decide,
    recovery_preview,
    refundable,
)
from funding.settlement import Outcome
from funding.staff import selectors
from funding.staff.access import get_application_for_staff
from funding.staff.forms import HearingAnswerForm, HearingForm, HearingWithAuditForm, ProofChangesForm, ProofNoteForm, RecoveryForm
from funding.workflow import can_audit_proof, offered_transitions

HEARING_DAYS = 28


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


def _hearing_initial():
    return {"deadline": timezone.localdate() + timezone.timedelta(days=HEARING_DAYS)}


def _audit_page(request, app, note_form=None, hearing_form=None, status=200):
    proof = _proof(app)
    recognised = getattr(note_form, "cleaned_data", {}).get("recognised_expenditure") if note_form is not None else None
    audit = selectors.proof_audit(app, proof, recognised)
    initial = {"recognised_expenditure": audit["recognised_default"]}
    context = {
        "application": app,
        "proof": proof,
        "note_form": note_form or ProofNoteForm(initial=initial),
        "hearing_form": hearing_form or HearingWithAuditForm(initial=_hearing_initial()),
        "changes_form": ProofChangesForm(),
        "offered": offered_transitions(app, request.user),
        "refund_outcome": audit["settlement"].outcome == Outcome.REFUND,
        **audit,
    }
    return render(request, "staff/proof_audit.html", context, status=status)


@case_worker_required
def proof_audit(request, pk):
    return _audit_page(request, _auditable(request, pk))


@case_worker_required
@require_POST
def proof_accept_view(request, pk):
    """Completes the audit: Prüfvermerk, settlement and, for a refund, the hearing."""
    app = _auditable(request, pk)
    note_form, hearing_form = ProofNoteForm(request.POST), HearingWithAuditForm(request.POST)
    if "preview" in request.POST:
        note_form.is_valid()
        return _audit_page(request, app, note_form, HearingWithAuditForm(initial=request.POST.dict()))
    if not note_form.is_valid():
        return _audit_page(request, app, note_form, hearing_form, status=400)
    data = note_form.cleaned_data
    hearing = hearing_form.cleaned_data if hearing_form.is_valid() else None
    done = run_form_step(
        note_form, proof_accept, application=app, user=request.user, note=data["note"],
        recognised_expenditure=data.get("recognised_expenditure"), hearing=hearing,
    )
    if done is None:
        return _audit_page(request, app, note_form, hearing_form, status=400)
    messages.success(request, _("Die Prüfung ist abgeschlossen; die Prüfmitteilung wurde erstellt."))
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
def hearing(request, pk):
    """Anhörung before a recovery without an audited proof (e.g. money not used, proof overdue)."""
    app = _auditable(request, pk)
    form = HearingForm(request.POST or None, initial={**_hearing_initial(), "refund": refundable(app)})
    if request.method == "POST" and form.is_valid():
        if run_form_step(form, hearing_start, application=app, user=request.user, **form.cleaned_data):
            messages.success(request, _("Die Anhörung ist eingeleitet; das Anhörungsschreiben wurde erstellt."))
            return redirect("staff:application_detail", pk=app.pk)
    context = {"application": app, "form": form, "refundable": refundable(app), **selectors.money_overview(app)}
    return render(request, "staff/hearing.html", context, status=400 if form.errors else 200)


@case_worker_required
@require_POST
def hearing_answer(request, pk):
    app = _auditable(request, pk)
    form = HearingAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte geben Sie die Stellungnahme und den Tag ihres Eingangs an."))
        return redirect("staff:recovery", pk=app.pk)
    success = _("Die Stellungnahme ist erfasst.")
    run_step(request, hearing_record_answer, success, application=app, user=request.user, **form.cleaned_data)
    return redirect("staff:recovery", pk=app.pk)


@case_worker_required
@require_http_methods(["GET", "POST"])
def recovery(request, pk):
    """Rückforderungsbescheid after the hearing: legal basis, effective date, refund, due date, interest table."""
    app = _auditable(request, pk)
    found = current_hearing(app)
    decided_on = timezone.localdate(app.decided_at) if app.decided_at else None
    initial = {
        "refund": found.intended_refund if found else None, "legal_basis": found.legal_basis if found else None,
        "reason": found.reasons if found else "", "effective_date": decided_on,
        "due_date": timezone.localdate() + timezone.timedelta(days=30),
    }
    form = RecoveryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and "preview" not in request.POST:
        data = form.cleaned_data
        done = run_form_step(
            form, recovery_decide, application=app, user=request.user, refund=data["refund"],
            legal_basis=data["legal_basis"], reasons=data["reason"], effective_date=data["effective_date"],
            due_date=data["due_date"],
        )
        if done is not None:
            messages.success(request, _("Der Rückforderungsbescheid ist erlassen und wurde erstellt."))
            return redirect("staff:application_detail", pk=app.pk)
    values = form.cleaned_data if form.is_bound and form.is_valid() else initial
    periods, total = ([], None)
    if values.get("refund") and values.get("effective_date") and values.get("due_date"):
        periods, total = recovery_preview(app, values["refund"], values["effective_date"], values["due_date"])
    context = {
        "application": app, "form": form, "hearing": found, "answer_form": HearingAnswerForm(initial={"received_on": timezone.localdate()}),
        "periods": periods, "interest_total": total, "known_until": interest.RateTable.current().known_until,
        "provisional": any(period.provisional for period in periods), "refundable": refundable(app),
        "offered": offered_transitions(app, request.user), "decided_on": decided_on,
        "hearing_open": found is not None and not found.concluded_on(timezone.localdate()),
    }
    return render(request, "staff/recovery.html", context, status=400 if form.errors else 200)
