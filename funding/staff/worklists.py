"""The work lists on the staff start page: what each role has to do next.

The reviewer sees new applications, answered requests for changes and
proofs of use that fall due; the approver the reviewed applications
waiting for a decision. Each list has its count, the date that sets its
pace (how long the oldest has waited, or the next due date) and the first
few applications. Finance's list ("freizugeben / zu buchen") belongs to
the money pages.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Min, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm_log.models import StateLog

from funding import roles
from funding.models import Application, Review
from funding.staff.access import staff_applications
from funding.workflow import State

SHOWN = 5
# A proof of use "falls due" this many days ahead.
PROOF_DUE_AHEAD = timedelta(days=30)


@dataclass
class WorkList:
    key: str
    title: str
    date_label: str
    date: object
    count: int
    applications: list


def _last_transition():
    logs = StateLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Application), object_id=OuterRef("pk")
    ).order_by("-timestamp", "-pk")
    return Subquery(logs.values("transition")[:1])


def _work_list(key, title, date_label, queryset, date_field, order):
    summary = queryset.aggregate(first=Min(date_field))
    rows = list(queryset.select_related("organisation").order_by(order, "pk")[:SHOWN])
    return WorkList(key, title, date_label, summary["first"], queryset.count(), rows)


def reviewer_lists(today, user):
    apps = staff_applications(user, roles.REVIEWER)
    answered = apps.filter(state=State.IN_REVIEW).annotate(last=_last_transition()).filter(last="resubmit")
    due = apps.filter(state=State.APPROVED, proof_due_date__lte=today + PROOF_DUE_AHEAD)
    return [
        _work_list("new", _("Neu eingegangen"), _("wartet seit"), apps.filter(state=State.SUBMITTED), "submitted_at", "submitted_at"),
        _work_list("answered", _("Nachforderung beantwortet"), _("wartet seit"), answered, "updated_at", "updated_at"),
        _work_list("proof_due", _("Verwendungsnachweis fällig"), _("nächste Frist"), due, "proof_due_date", "proof_due_date"),
    ]


def approver_lists(today, user):
    reviewed = Review.objects.filter(completed_at__isnull=False).exclude(
        recommendation=Review.Recommendation.REQUEST_CHANGES
    )
    waiting = staff_applications(user, roles.APPROVER).filter(state=State.IN_REVIEW, reviews__in=reviewed).distinct()
    return [_work_list("decide", _("Zur Entscheidung"), _("wartet seit"), waiting, "reviews__completed_at", "updated_at")]


def work_lists(user, today=None):
    """The lists for ``user``'s roles, in the order of the process."""
    today = today or timezone.localdate()
    lists = []
    if roles.is_reviewer(user):
        lists += reviewer_lists(today, user)
    if roles.is_approver(user):
        lists += approver_lists(today, user)
    return lists
