"""The proof of use (Verwendungsnachweis) in steps: narrative report, figures
beside the plan, list of receipts, attachments, and submission."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from applicants import checks
from applicants.access import get_application_for_user, membership_for
from applicants.forms.proof import INCOME_FIELDS, FiguresForm, NarrativeForm, ProofAttachmentForm, ReceiptFormSet
from applicants.services import proofs as services
from applicants.views.common import store_upload
from applicants.views.steps import Step, autosave_response, load_step, navigation, save_step, target_after_save
from funding.models import Application, ProofOfUse
from funding.services.applications import proof_due_date
from funding.services.transitions import WorkflowError
from funding.rules import is_overrun
from funding.workflow import FUNDED_STATES, PROOF_EDITABLE_STATES

BLANK_ROWS = 3


def proof_of(app):
    """The saved proof, or an unsaved empty one (nothing is written on GET)."""
    if "_portal_proof" not in app.__dict__:
        try:
            app._portal_proof = app.proof
        except ProofOfUse.DoesNotExist:
            app._portal_proof = ProofOfUse(application=app)
    return app._portal_proof


def _actuals(app):
    proof = proof_of(app)
    return {line.cost_line_id: line.actual_amount for line in proof.lines.all()} if proof.pk else {}


def _figures(app, data=None):
    return FiguresForm(data, cost_lines=list(app.cost_lines.all()), proof=proof_of(app), actuals=_actuals(app))


def _receipts(app):
    proof = proof_of(app)
    return list(proof.receipts.all()) if proof.pk else []


def _fresh_receipts(app, extra=0):
    fields = ("date", "payee", "purpose", "amount", "category")
    rows = [{name: getattr(receipt, name) for name in fields} for receipt in _receipts(app)]
    return ReceiptFormSet(initial=rows + [{}] * ((1 if rows else BLANK_ROWS) + extra), prefix="belege")


def _save_narrative(app, user, form, valid):
    services.proof_save_narrative(application=app, user=user, values=form.cleaned_data)


def _save_figures(app, user, form, valid):
    services.proof_save_figures(application=app, user=user, lines=form.line_values(), income=form.income_values())


def _save_receipts(app, user, formset, valid):
    if valid:
        services.proof_receipts_replace(application=app, user=user, rows=formset.rows())


PROOF_STEPS = {
    step.key: step
    for step in (
        Step(
            checks.NARRATIVE,
            bind=lambda app, data: NarrativeForm(data, instance=proof_of(app)),
            fresh=lambda app: NarrativeForm(instance=proof_of(app)),
            save=_save_narrative, draft_key=checks.proof_draft_step(checks.NARRATIVE),
        ),
        Step(
            checks.FIGURES,
            bind=lambda app, data: _figures(app, data), fresh=_figures,
            save=_save_figures, draft_key=checks.proof_draft_step(checks.FIGURES),
        ),
        Step(
            checks.RECEIPTS,
            bind=lambda app, data: ReceiptFormSet(data, prefix="belege"), fresh=_fresh_receipts,
            save=_save_receipts, draft_key=checks.proof_draft_step(checks.RECEIPTS),
        ),
    )
}
NAVIGATION = [
    (checks.NARRATIVE, gettext_lazy("Sachbericht")),
    (checks.FIGURES, gettext_lazy("Zahlen")),
    (checks.RECEIPTS, gettext_lazy("Belegliste")),
    ("anlagen", gettext_lazy("Anlagen")),
    ("einreichen", gettext_lazy("Prüfen und einreichen")),
]


def proof_step_url(app, key):
    if key == "anlagen":
        return reverse("applicants:proof_attachments", args=[app.pk])
    if key == "einreichen":
        return reverse("applicants:proof_submit", args=[app.pk])
    return reverse("applicants:proof_step", args=[app.pk, key])


def proof_navigation(app, current):
    return {
        **navigation(NAVIGATION, current, lambda key: proof_step_url(app, key)),
        "proof_due": app.proof_due_date or proof_due_date(app),
    }


def load_for_proof(user, pk):
    queryset = Application.objects.select_related("call", "line", "organisation", "proof").prefetch_related(
        "cost_lines", "form_drafts", "proof__lines", "proof__receipts", "attachments"
    )
    app = get_application_for_user(user, pk, queryset)
    if app.state not in FUNDED_STATES:
        raise Http404
    return app


def _proof_step(key):
    if key not in PROOF_STEPS:
        raise Http404
    return PROOF_STEPS[key]


@login_required
@require_http_methods(["GET", "POST"])
def proof_step(request, pk, step):
    spec = _proof_step(step)
    app = load_for_proof(request.user, pk)
    if app.state not in PROOF_EDITABLE_STATES:
        return redirect("applicants:proof_submit", app.pk)
    if request.method == "POST":
        try:
            form, valid = save_step(spec, app, request.user, request.POST)
        except WorkflowError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(app)
        if valid:
            return _after_save(request, app, step)
        messages.error(request, _("Bitte korrigieren Sie die markierten Felder. Alle anderen Angaben sind gespeichert."))
    elif step == checks.RECEIPTS and "zeilen" in request.GET:
        form = _fresh_receipts(app, BLANK_ROWS)
    else:
        form = load_step(spec, app, {d.step: d for d in app.form_drafts.all()})
    return render(request, f"applicants/proof/{step}.html", _step_context(app, step, form))


def _after_save(request, app, step):
    if "mehr_zeilen" in request.POST:
        return redirect(f"{proof_step_url(app, step)}?zeilen=1")
    messages.success(request, _("Gespeichert."))
    return redirect(target_after_save(request, proof_navigation(app, step), proof_step_url(app, step)))


def _step_context(app, step, form):
    context = {
        "application": app,
        "proof": proof_of(app),
        "step": step,
        "form": form,
        "autosave_url": reverse("applicants:proof_autosave", args=[app.pk, step]),
        **proof_navigation(app, step),
    }
    if step == checks.FIGURES:
        context.update(figure_rows(app, form))
    if step == checks.RECEIPTS:
        context["receipts_total"] = sum((receipt.amount for receipt in _receipts(app)), 0)
    return context


def figure_rows(app, form):
    """Plan beside actual for every cost line and income source, with the 20 % warning."""
    actuals = _actuals(app)
    lines = []
    for line in app.cost_lines.all():
        actual = actuals.get(line.pk)
        over = actual is not None and is_overrun(line.amount, actual)
        lines.append({"line": line, "field": form[f"line_{line.pk}"], "actual": actual, "over": over})
    proof = proof_of(app)
    income = [
        {"field": form[name], "planned": getattr(app, plan) or 0, "actual": getattr(proof, name)}
        for name, (plan, _label) in INCOME_FIELDS.items()
    ]
    total_actual = sum((row["actual"] or 0 for row in lines), 0)
    return {"line_rows": lines, "income_rows": income, "total_planned": app.total_costs(), "total_actual": total_actual}


@login_required
@require_POST
def proof_autosave(request, pk, step):
    spec = _proof_step(step)
    app = load_for_proof(request.user, pk)
    return autosave_response(request, spec, app)


@login_required
@require_http_methods(["GET", "POST"])
def proof_attachments(request, pk):
    app = load_for_proof(request.user, pk)
    editable = app.state in PROOF_EDITABLE_STATES
    form = ProofAttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and editable and form.is_valid():
        if store_upload(request, app, form, kind="proof", states=PROOF_EDITABLE_STATES):
            return redirect("applicants:proof_attachments", app.pk)
    context = {
        "application": app,
        "step": "anlagen",
        "form": form,
        "editable": editable,
        "attachments": [a for a in app.attachments.all() if a.kind == "proof"],
        **proof_navigation(app, "anlagen"),
    }
    return render(request, "applicants/proof/anlagen.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def proof_submit(request, pk):
    """Summary of the proof; the representative submits it."""
    app = load_for_proof(request.user, pk)
    membership = membership_for(app, request.user)
    editable = app.state in PROOF_EDITABLE_STATES
    if request.method == "POST":
        if not membership.is_representative or not editable:
            raise PermissionDenied
        try:
            services.proof_submit_by_applicant(application=app, user=request.user)
        except WorkflowError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Ihr Verwendungsnachweis ist eingereicht. Vielen Dank!"))
            return redirect(app)
    return render(request, "applicants/proof/einreichen.html", _summary_context(app, membership, editable))


def _summary_context(app, membership, editable):
    proof = proof_of(app)
    drafts = [draft.step for draft in app.form_drafts.all()]
    problems = checks.proof_problems(app, proof, drafts=drafts) if editable else []
    receipts = _receipts(app)
    return {
        "application": app,
        "proof": proof,
        "step": "einreichen",
        "membership": membership,
        "editable": editable,
        "problems": [(p, proof_step_url(app, p.step)) for p in problems],
        "receipts": receipts,
        "receipts_total": sum((r.amount for r in receipts), 0),
        "attachments": [a for a in app.attachments.all() if a.kind == "proof"],
        **figure_rows(app, _figures(app)),
        **proof_navigation(app, "einreichen"),
    }
