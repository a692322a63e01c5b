"""Dashboard, work queue, the application file, notes and messages."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applicants.models import OrganisationDocument
from funding.decorators import staff_required
from funding.downloads import upload_download
from funding.inputs import python_selects, unbound_form_html
from funding.models import Recovery
from funding.services.applications import message_applicant
from funding.services.reviews import checklist_rows, current_review
from funding.staff import selectors
from funding.staff.access import get_application_for_staff, get_attachment_for_staff, staff_applications
from funding.staff.actions import staff_actions
from funding.staff.filters import STATE_CHOICES
from funding.staff.forms import AssignForm, MessageForm, NoteForm
from funding.staff.worklists import work_lists
from funding.workflow import State


@staff_required
def dashboard(request):
    """Start page for staff: counts per state, linked to the queue."""
    counts = dict(staff_applications(request.user).values_list("state").annotate(n=Count("pk")).order_by())
    states = [(value, label, counts.get(value, 0)) for value, label in STATE_CHOICES]
    mine = staff_applications(request.user).filter(assigned_reviewer=request.user, state=State.IN_REVIEW).count()
    context = {
        "states": states,
        "mine": mine,
        "money_figures": selectors.dashboard_money(request.user),
        "work_lists": work_lists(request.user),
    }
    return render(request, "staff/dashboard.html", context)


@staff_required
def queue(request):
    filterset, page, counts = selectors.application_queue(user=request.user, params=request.GET)
    context = {"filter": filterset, "page": page, "state_counts": counts}
    return render(request, "staff/queue.html", context)


@staff_required
def application_detail(request, pk):
    app, filled = selectors.application_file(request.user, pk)
    cost_lines = selectors.file_plan(app)  # the plan and its totals from one query
    review = current_review(app)
    money = selectors.money_overview(app)
    for name in ("hearings", "recoveries", "repayments", "amendments"):
        if name not in filled:
            money[name] = []
    recoveries = list(money["recoveries"])
    money.update(selectors.late_use_overview(app, money["payments"], recoveries))
    money["recoveries"] = [recovery for recovery in recoveries if recovery.kind == Recovery.Kind.REFUND]
    organisation = app.organisation
    actions = staff_actions(app, request.user)
    # Names the change history refers to, already loaded for the page.
    known = [app, app.call, app.line, organisation, organisation.municipality, app.municipality,
             app.assigned_reviewer, request.user, *money["drawdowns"], *money["payments"]]
    context = {
        "application": app,
        "review": review,
        "checklist": checklist_rows(review) if review else [],
        "decision": getattr(app, "decision", None),
        "cost_lines": cost_lines,
        "attachments": app.attachments.all() if "attachments" in filled else [],
        "documents": selectors.organisation_documents(app.organisation),
        "letters": app.letters.select_related("created_by") if "letters" in filled else [],
        "thread": app.messages.select_related("sender") if "messages" in filled else [],
        "notes": app.notes.select_related("author") if "notes" in filled else [],
        "partners": app.co_applicants.select_related("organisation__municipality") if "co_applicants" in filled else [],
        **selectors.application_history(app, [obj for obj in known if obj is not None], filled),
        "note_form_html": unbound_form_html(NoteForm),
        "message_form_html": unbound_form_html(MessageForm),
        **money,
        **actions,
        # Only built when shown: the select of reviewers is a query of its own.
        "assign_form": python_selects(AssignForm(application=app)) if actions["may_assign"] else None,
    }
    return render(request, "staff/application_detail.html", context)


def _post_to_file(request, pk, form_class, act, success, failure):
    """Binds ``form_class`` to the POST; ``act(app, data)`` runs when it is valid."""
    app = get_application_for_staff(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        act(app, form.cleaned_data)
        messages.success(request, success)
    else:
        messages.error(request, failure)
    return redirect("staff:application_detail", pk=app.pk)


@staff_required
@require_POST
def note_add(request, pk):
    def act(app, data):
        app.notes.create(author=request.user, body=data["body"])

    return _post_to_file(
        request, pk, NoteForm, act, _("Die interne Notiz wurde gespeichert."), _("Bitte schreiben Sie eine Notiz.")
    )


@staff_required
@require_POST
def message_send(request, pk):
    def act(app, data):
        message_applicant(application=app, sender=request.user, **data)

    success = _("Die Nachricht wurde an den Antragsteller gesendet.")
    return _post_to_file(request, pk, MessageForm, act, success, _("Bitte geben Sie Betreff und Nachricht ein."))


@staff_required
def attachment_download(request, pk, attachment_pk):
    app = get_application_for_staff(request.user, pk)
    attachment = get_attachment_for_staff(request.user, app.pk, attachment_pk)
    return upload_download(attachment)


@staff_required
def document_download(request, pk, document_pk):
    app = get_application_for_staff(request.user, pk)
    document = get_object_or_404(OrganisationDocument, organisation_id=app.organisation_id, pk=document_pk)
    return upload_download(document)
