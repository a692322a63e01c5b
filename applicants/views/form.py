"""The application form in steps: project, costs, financing (data steps),
attachments, and the summary with the declarations and submission."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from applicants import checks
from applicants.access import get_application_for_user, membership_for
from applicants.forms.application import CostFormSet, FinancingForm, ProjectForm
from applicants.services.drafts import (
    FINANCING_FIELDS,
    PROJECT_FIELDS,
    application_save_fields,
    cost_lines_replace,
    is_editable,
)
from applicants.views.steps import Step, autosave_response, load_step, navigation, save_step, target_after_save
from funding import rules
from funding.models import Application
from funding.services.transitions import WorkflowError
from funding.workflow import is_first_submission

BLANK_ROWS = 3


def _save_fields(allowed):
    def save(app, user, form, valid):
        application_save_fields(application=app, user=user, values=form.cleaned_data, allowed=allowed)

    return save


def _save_costs(app, user, formset, valid):
    if valid:
        cost_lines_replace(application=app, user=user, rows=formset.rows())


def _fresh_costs(app, extra=0):
    fields = ("category", "description", "amount")
    rows = [{name: getattr(line, name) for name in fields} for line in app.cost_lines.all()]
    blanks = BLANK_ROWS if not rows else 1
    return CostFormSet(initial=rows + [{}] * (blanks + extra), prefix="kosten")


DATA_STEPS = {
    step.key: step
    for step in (
        Step(
            checks.PROJECT,
            bind=lambda app, data: ProjectForm(data, instance=app),
            fresh=lambda app: ProjectForm(instance=app),
            save=_save_fields(PROJECT_FIELDS),
        ),
        Step(
            checks.COSTS,
            bind=lambda app, data: CostFormSet(data, prefix="kosten"),
            fresh=_fresh_costs,
            save=_save_costs,
        ),
        Step(
            checks.FINANCING,
            bind=lambda app, data: FinancingForm(data, instance=app),
            fresh=lambda app: FinancingForm(instance=app),
            save=_save_fields(FINANCING_FIELDS),
        ),
    )
}
NAVIGATION = [
    (checks.PROJECT, gettext_lazy("Projekt"), "applicants:application_step"),
    (checks.COSTS, gettext_lazy("Kosten"), "applicants:application_step"),
    (checks.FINANCING, gettext_lazy("Finanzierung"), "applicants:application_step"),
    (checks.ATTACHMENTS, gettext_lazy("Anlagen"), "applicants:application_attachments"),
    (checks.SUBMIT, gettext_lazy("Prüfen und einreichen"), "applicants:application_submit"),
]


def step_url(app, key):
    for step_key, _label, name in NAVIGATION:
        if step_key == key:
            args = [app.pk, key] if name == "applicants:application_step" else [app.pk]
            return reverse(name, args=args)
    raise Http404


def step_navigation(app, current):
    items = [(key, label) for key, label, _name in NAVIGATION]
    result = navigation(items, current, lambda key: step_url(app, key))
    done = done_steps(app)
    for item in result["steps"]:
        item["done"] = item["key"] in done
    return {**result, "first_submission": is_first_submission(app)}


def done_steps(app):
    """The steps of the form with nothing left to do (the last one: once submitted)."""
    drafts = [draft.step for draft in app.form_drafts.all()]
    problems = checks.application_problems(app, documents=list(app.organisation.documents.all()), drafts=drafts)
    open_steps = {problem.step for problem in problems}
    done = {key for key, _label, _name in NAVIGATION if key not in open_steps and key != checks.SUBMIT}
    if app.submitted_at and not open_steps:
        done.add(checks.SUBMIT)
    return done


def load_for_form(user, pk):
    queryset = Application.objects.select_related("call", "line", "organisation", "municipality").prefetch_related(
        "cost_lines", "form_drafts"
    )
    return get_application_for_user(user, pk, queryset)


def _refuse_when_locked(request, app):
    messages.info(request, _("Dieser Antrag ist eingereicht und kann gerade nicht geändert werden."))
    return redirect(app)


@login_required
@require_http_methods(["GET", "POST"])
def application_step(request, pk, step):
    spec = _data_step(step)
    app = load_for_form(request.user, pk)
    if not is_editable(app):
        return _refuse_when_locked(request, app)
    problems = checks.step_problems(app, step)
    if request.method == "POST":
        try:
            form, valid = save_step(spec, app, request.user, request.POST)
        except WorkflowError:
            return _refuse_when_locked(request, app)
        if valid:
            return _after_save(request, app, step)
        messages.error(request, _("Bitte korrigieren Sie die markierten Felder. Alle anderen Angaben sind gespeichert."))
    else:
        extra = BLANK_ROWS if "zeilen" in request.GET else 0
        form = _fresh_costs(app, extra) if step == checks.COSTS and extra else load_step(spec, app, _drafts(app))
    show = request.GET.get("pruefen") == "1"
    return render_step(request, app, step, form, problems if show else [])


def _data_step(key):
    if key not in DATA_STEPS:
        raise Http404
    return DATA_STEPS[key]


def _drafts(app):
    return {draft.step: draft for draft in app.form_drafts.all()}


def _after_save(request, app, step):
    if "mehr_zeilen" in request.POST:
        return redirect(f"{step_url(app, step)}?zeilen=1")
    app = load_for_form(request.user, app.pk)
    if "zurueck" not in request.POST and checks.step_problems(app, step):
        messages.warning(request, _("Gespeichert. Einige Angaben passen noch nicht – sie sind unten markiert."))
        return redirect(f"{step_url(app, step)}?pruefen=1")
    messages.success(request, _("Gespeichert."))
    return redirect(target_after_save(request, step_navigation(app, step), step_url(app, step)))


def place_problems(form, problems):
    """Shows each problem at its field of ``form``; returns the others (shown above the form)."""
    fields = getattr(form, "fields", {})
    for problem in problems:
        if problem.field and problem.field in fields:
            show_at_field(form, problem.field, problem.message)
    return [problem for problem in problems if not problem.field or problem.field not in fields]


def render_step(request, app, step, form, problems):
    context = {
        "application": app,
        "step": step,
        "form": form,
        "step_problems": place_problems(form, problems),
        "has_problems": bool(problems),
        "autosave_url": reverse("applicants:application_autosave", args=[app.pk, step]),
        "total_costs": app.total_costs(),
        "membership": membership_for(app, request.user),
        **_extra_context(app, step),
        **step_navigation(app, step),
    }
    return render(request, f"applicants/form/{step}.html", context)


def show_at_field(form, field, message):
    """Adds a message to a field, also on a form that shows saved data (unbound)."""
    if form.is_bound:
        form.add_error(field, message)
    else:
        form.errors.setdefault(field, form.error_class()).append(message)


def _extra_context(app, step):
    if step == checks.PROJECT:
        return {"eligibility": checks.rule_problems(app, [checks.ORGANISATION])}
    if step == checks.FINANCING:
        rate_max = rules.rate_maximum(app)
        return {"grant_max": min(rate_max, app.line.max_grant), "rate_binding": rate_max < app.line.max_grant}
    return {}


@login_required
@require_POST
def application_autosave(request, pk, step):
    """Background save from the page's script; answers JSON."""
    spec = _data_step(step)
    app = load_for_form(request.user, pk)
    return autosave_response(request, spec, app)
