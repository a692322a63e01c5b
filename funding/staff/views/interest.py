"""Interest for money used late (§ 49a Abs. 4 VwVfG NRW) on the staff side.

One page per file shows the payments not shown as used within two months
of their payout, the interest the audit computes for them period by period,
and the claims so far. Each step is a POST to its own URL that calls its
service (``funding.services.interest_claims``); a refusal or bad input shows
the page again with the form as typed. Which steps are offered comes from
the claim's machine (state and permission) and the role checks of the
services, all in the file's authority.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from funding import interest, roles
from funding.decorators import staff_required
from funding.errors import run_form_step
from funding.letterkinds.interest_claims import stored_rows
from funding.models import Recovery
from funding.services import interest_claims as services
from funding.services.recoveries import hearing_record_answer
from funding.staff.access import get_application_for_staff
from funding.staff.selectors import late_use_table
from funding.staff.forms import (
    HearingAnswerForm, InterestDecisionForm, InterestDismissForm, InterestHearingForm, InterestProposeForm,
    InterestRepaymentForm,
)
from funding.tenancy import authority_of, for_staff
from funding.workflow import offered_transitions

HEARING_DAYS = 28
PAYMENT_DAYS = 30
# The forms of the page, by the step they take; each with its own prefix, so several fit on one page.
FORMS = {
    "propose": InterestProposeForm, "hearing": InterestHearingForm, "answer": HearingAnswerForm,
    "decide": InterestDecisionForm, "dismiss": InterestDismissForm, "repayment": InterestRepaymentForm,
}


def file_claims(user, application):
    """The file's interest claims, newest first, read through the user's authorities."""
    claims = for_staff(Recovery.objects.filter(application=application, kind=Recovery.Kind.LATE_USE), user)
    claims = claims.select_related("proposed_by", "claimed_by", "hearing").prefetch_related("repayments")
    return list(claims.order_by("-proposed_at", "-pk"))


def _initial(name, claim=None):
    today = timezone.localdate()
    due = today + timezone.timedelta(days=PAYMENT_DAYS)
    values = {
        "propose": {"due_date": due},
        "hearing": {"deadline": today + timezone.timedelta(days=HEARING_DAYS)},
        "answer": {"received_on": today},
        "decide": {"reasons": claim.reason if claim else "", "due_date": max(claim.due_date, due) if claim else due},
        "repayment": {"received_on": today, "claim": claim.pk if claim else None},
    }
    return values.get(name, {})


def _page(request, app, bound=None, status=200):
    """The page; ``bound``: (step name, form) of a step that was refused, shown as typed."""
    user, authority = request.user, authority_of(app)
    claims = file_claims(user, app)
    rows, proposed = services.unclaimed_late_use(app, claims=claims)
    flagged = [row for row in rows if row.flagged]
    for claim in claims:
        claim.application = app  # the permission checks read it
    current = next((claim for claim in claims if claim.status in (Recovery.Status.PROPOSED, Recovery.Status.HEARING)), None)
    hearing = services.claim_hearing(current) if current else None
    offered = offered_transitions(current, user) if current else []
    answering = bool(hearing and not hearing.answer_received_on and current.status == Recovery.Status.HEARING and (
        roles.is_reviewer(user, authority) or roles.is_approver(user, authority)))

    shown = []

    def form(name, claim=None):
        if bound and bound[0] == name and (name != "repayment" or str(bound[1]["claim"].value()) == str(claim.pk)):
            shown.append(name)
            return bound[1]
        # one repayment form per open Zinsbescheid: the same field names, ids of their own
        ids = f"id_{claim.pk}_%s" if name == "repayment" else "id_%s"
        return FORMS[name](prefix=name, initial=_initial(name, claim), auto_id=ids)

    may_repay = services.can_record_repayment(app, user)
    decided = [
        {"claim": claim, "rows": stored_rows(claim), "caption_id": f"decided-caption-{claim.pk}",
         "open": services.interest_claim_open_amount(claim),
         "form": form("repayment", claim) if may_repay and claim.settled_on is None else None}
        for claim in claims if claim.status == Recovery.Status.CLAIMED
    ]
    context = {
        "application": app, "flagged": flagged, "payment_rows": late_use_table(rows), "proposed": proposed,
        "provisional": any(period.provisional for row in flagged for period in row.periods),
        "known_until": interest.RateTable.current().known_until,
        "dismissed": [claim for claim in claims if claim.status == Recovery.Status.DISMISSED],
        "current": current, "hearing": hearing, "decided": decided,
        "propose_form": form("propose") if current is None and proposed > 0 and services.can_propose(app, user) else None,
        "hearing_form": form("hearing") if "hear_interest_claim" in offered else None,
        "answer_form": form("answer") if answering else None,
        "decide_form": form("decide", current) if "decide_interest_claim" in offered else None,
        "dismiss_form": form("dismiss") if "dismiss_interest_claim" in offered else None,
        "hearing_open": bool(hearing and not hearing.concluded_on(timezone.localdate())),
    }
    if bound and not shown:  # the step is not offered (any more): its refusal above the page
        for errors in bound[1].errors.values():
            for error in errors:
                messages.error(request, error)
    return render(request, "staff/interest_claims.html", context, status=status)


@staff_required
def interest_claims(request, pk):
    return _page(request, get_application_for_staff(request.user, pk))


def _step(request, pk, name, act, success):
    """Binds the step's form; ``act(app, data)`` calls the service. Refused: the page again, as typed."""
    app = get_application_for_staff(request.user, pk)
    form = FORMS[name](request.POST, prefix=name)
    if form.is_valid() and run_form_step(form, act, app=app, data=form.cleaned_data) is not None:
        messages.success(request, success)
        return redirect("staff:interest_claims", pk=app.pk)
    return _page(request, app, bound=(name, form), status=400)


def _open_claim(app):
    claim = services.open_claim(app)
    if claim is None:
        raise services.WorkflowError(_("Zu diesem Antrag liegt kein offener Zinsvorschlag vor."))
    return claim


def _propose(user, app, data):
    return services.interest_claim_propose(application=app, user=user, reasons=data["reasons"], due_date=data["due_date"])


def _hearing(user, app, data):
    return services.interest_claim_hearing_start(claim=_open_claim(app), user=user, deadline=data["deadline"])


def _answer(user, app, data):
    if _open_claim(app).status != Recovery.Status.HEARING:
        raise services.WorkflowError(_("Zu diesem Antrag läuft keine Anhörung."))
    return hearing_record_answer(application=app, user=user, answer=data["answer"], received_on=data["received_on"])


def _decide(user, app, data):
    return services.interest_claim_decide(claim=_open_claim(app), user=user, reasons=data["reasons"], due_date=data["due_date"])


def _dismiss(user, app, data):
    return services.interest_claim_dismiss(claim=_open_claim(app), user=user, reasons=data["reasons"])


def _repayment(user, app, data):
    claims = for_staff(Recovery.objects.filter(application=app, kind=Recovery.Kind.LATE_USE), user)
    claim = claims.filter(pk=data["claim"]).first()
    if claim is None:
        raise services.WorkflowError(_("Zu diesem Zinsbescheid ist nichts offen."))
    return services.interest_repayment_record(claim=claim, user=user, received_on=data["received_on"], amount=data["amount"])


def step_view(name, act, success):
    """The POST view of one step: ``act(user, app, data)`` calls its service."""

    @staff_required
    @require_POST
    def view(request, pk):
        return _step(request, pk, name, lambda app, data: act(request.user, app, data), success)

    view.__name__ = view.__qualname__ = f"interest_{name}"
    return view


interest_claim_propose = step_view(
    "propose", _propose, gettext_lazy("Der Zinsvorschlag ist angelegt. Als Nächstes wird die Organisation angehört.")
)
interest_claim_hearing = step_view(
    "hearing", _hearing, gettext_lazy("Die Anhörung ist eingeleitet; das Anhörungsschreiben wurde erstellt.")
)
interest_claim_answer = step_view("answer", _answer, gettext_lazy("Die Stellungnahme ist erfasst."))
interest_claim_decide = step_view("decide", _decide, gettext_lazy("Der Zinsbescheid ist erlassen und wurde erstellt."))
interest_claim_dismiss = step_view(
    "dismiss", _dismiss, gettext_lazy("Der Zinsvorschlag ist verworfen; es werden keine Zinsen verlangt.")
)
interest_repayment = step_view("repayment", _repayment, gettext_lazy("Der Zahlungseingang ist gebucht."))
