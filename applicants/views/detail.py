"""The application page after submission: state, timeline, messages, letters,
money; and the steps taken from it (reply, withdraw, drawdown)."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applicants.access import get_application_for_reader, get_application_for_user, is_co_applicant_reader, membership_for
from applicants.forms.detail import DrawdownForm, HearingAnswerForm, MessageForm, WithdrawForm
from applicants.models import Membership
from applicants.letter_help import explained_letters
from applicants.presentation import STATE_HELP, timeline
from applicants.services import submission as services
from applicants.services.drafts import is_editable
from funding.errors import SERVICE_ERRORS, add_errors
from funding.models import Application, Drawdown, Hearing
from funding.services.applications import proof_due_date
from funding.services.recoveries import current_hearing, hearing_answer_by_applicant, open_hearing_for
from funding.workflow import (
    AMENDABLE_STATES,
    AWAITING_APPLICANT_STATES,
    FUNDED_STATES,
    HEARING_STATES,
    PAYABLE_STATES,
    PROOF_EDITABLE_STATES,
    RECEIVED_STATES,
    WITHDRAWABLE_STATES,
    is_first_submission,
    is_representative,
    offered_transitions,
)

ZERO = Decimal("0.00")
PENDING = (Drawdown.Status.REQUESTED, Drawdown.Status.RELEASED)


def load_for_page(user, pk, *, reader=False):
    """The application with what its page shows; ``reader`` also lets co-applicants' members in."""
    queryset = Application.objects.select_related(
        "call", "line", "organisation", "municipality", "created_by", "decision", "proof"
    ).prefetch_related("messages__sender", "letters", "attachments", "drawdowns", "payments", "cost_lines",
                       "co_applicants__organisation")
    return (get_application_for_reader if reader else get_application_for_user)(user, pk, queryset)


def money_summary(app):
    """Approved, paid, pending and still available, from the prefetched rows."""
    paid = sum((payment.amount for payment in app.payments.all()), ZERO)
    pending = sum((d.amount for d in app.drawdowns.all() if d.status in PENDING), ZERO)
    approved = app.approved_amount or ZERO
    return {"approved": approved, "paid": paid, "pending": pending, "available": max(approved - paid - pending, ZERO)}


def _page_context(request, app, message_form=None, hearing_form=None):
    member_ids = set(Membership.objects.filter(organisation_id=app.organisation_id).values_list("user_id", flat=True))
    staff_messages = [m for m in app.messages.all() if m.from_staff]
    funded = app.state in FUNDED_STATES
    awaiting_answer = app.state in AWAITING_APPLICANT_STATES
    return {
        "application": app,
        "membership": membership_for(app, request.user),
        "state_help": STATE_HELP.get(app.state, ""),
        "timeline": timeline(app, member_ids),
        "awaiting_answer": awaiting_answer,
        "open_request": staff_messages[-1] if staff_messages and awaiting_answer else None,
        "message_form": message_form or MessageForm(),
        "can_write": app.state in RECEIVED_STATES,
        "editable": is_editable(app),
        "first_submission": is_first_submission(app),
        "can_withdraw": "withdraw" in offered_transitions(app, request.user),
        "can_draw": app.state in PAYABLE_STATES,
        "can_amend": app.state in AMENDABLE_STATES and is_representative(app, request.user),
        "funded": funded,
        "proof_editable": app.state in PROOF_EDITABLE_STATES,
        "money": money_summary(app) if funded else None,
        "proof_due": (app.proof_due_date or proof_due_date(app)) if funded else None,
        "attachments": list(app.attachments.all()),
        "letters": explained_letters(app),
        "co_applicants": [co.organisation for co in app.co_applicants.all()],
        "can_add_partners": is_editable(app) and is_representative(app, request.user),
        **_hearing_context(request, app, hearing_form),
    }


# What a co-applicant's member never gets offered: they read, nothing else.
WRITE_FLAGS = ("can_write", "editable", "can_withdraw", "can_draw", "can_amend", "proof_editable", "can_add_partners")


def _reader_context(request, app):
    context = _page_context(request, app)
    if is_co_applicant_reader(app, request.user):
        context.update({flag: False for flag in WRITE_FLAGS}, hearing_form=None, co_applicant_reader=True)
    return context


def _hearing_context(request, app, form):
    """The latest hearing; the answer form while it is open and the user represents the organisation."""
    hearing = current_hearing(app)
    if hearing is None or (hearing.kind == Hearing.Kind.REFUND and app.state not in HEARING_STATES):
        return {"hearing": None}  # an interest claim's hearing runs while the file stays approved
    is_open = hearing is not None and open_hearing_for(app) is not None
    can_answer = is_open and is_representative(app, request.user)
    return {
        "hearing": hearing,
        "hearing_closed": not is_open,
        "hearing_form": (form or HearingAnswerForm()) if can_answer else None,
    }


@login_required
def application_detail(request, pk):
    app = load_for_page(request.user, pk, reader=True)
    return render(request, "applicants/application_detail.html", _reader_context(request, app))


@login_required
@require_POST
def message_send(request, pk):
    app = load_for_page(request.user, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.message_send(application=app, user=request.user, body=form.cleaned_data["body"])
        except SERVICE_ERRORS as error:
            add_errors(form, error, "body")
        else:
            messages.success(request, _("Ihre Nachricht ist verschickt."))
            return redirect(f"{app.get_absolute_url()}#nachrichten")
    context = _page_context(request, app, message_form=form)
    return render(request, "applicants/application_detail.html", context, status=400)


@login_required
@require_POST
def hearing_answer(request, pk):
    """The organisation's comments on the intended recovery, until the deadline."""
    app = load_for_page(request.user, pk)
    form = HearingAnswerForm(request.POST)
    if form.is_valid():
        try:
            hearing_answer_by_applicant(application=app, user=request.user, answer=form.cleaned_data["answer"])
        except SERVICE_ERRORS as error:
            add_errors(form, error, "answer")
        else:
            messages.success(request, _("Ihre Stellungnahme ist bei uns eingegangen. Wir berücksichtigen sie bei der Entscheidung."))
            return redirect(f"{app.get_absolute_url()}#anhoerung")
    context = _page_context(request, app, hearing_form=form)
    return render(request, "applicants/application_detail.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def application_withdraw(request, pk):
    """Asks once more, then withdraws."""
    app = get_application_for_user(request.user, pk, Application.objects.select_related("organisation"))
    if app.state not in WITHDRAWABLE_STATES:
        messages.info(request, _("Dieser Antrag kann nicht mehr zurückgezogen werden."))
        return redirect(app)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw_by_applicant(application=app, user=request.user, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Der Antrag ist zurückgezogen."))
            return redirect(app)
    return render(request, "applicants/withdraw.html", {"application": app, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def drawdown_create(request, pk):
    """Mittelabruf: never more than approved minus requested or paid."""
    app = load_for_page(request.user, pk)
    if app.state not in PAYABLE_STATES:
        messages.info(request, _("Geld kann erst nach der Bewilligung abgerufen werden."))
        return redirect(app)
    form = DrawdownForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.drawdown_request_by_applicant(application=app, user=request.user, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_errors(form, error, "amount")
        else:
            messages.success(request, _("Ihr Mittelabruf ist bei uns eingegangen."))
            return redirect(f"{app.get_absolute_url()}#geld")
    context = {"application": app, "form": form, "money": money_summary(app)}
    return render(request, "applicants/drawdown.html", context, status=400 if form.errors else 200)

