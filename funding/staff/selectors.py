"""Reads for the staff workspace: the queue, budgets, money, proof-of-use audit."""

from dataclasses import dataclass
from types import SimpleNamespace
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Subquery, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language, gettext as _
from django_fsm_log.models import StateLog

from applicants.models import CoApplicant, Membership, Organisation, OrganisationDocument
from funding import audit, history, interest, prepared, roles, workflow
from funding.tenancy import for_staff
from funding.models import (
    Amendment, Application, Attachment, CostLine, Decision, Drawdown, FundingLine, Hearing, Letter, Message, Note,
    Payment, PaymentRun, Recovery, Repayment, ReportCell, StateCount,
)
from funding.models.summary import ALL_LINES, ALL_MUNICIPALITIES, GRAIN_STATE, GRAIN_TYPE
from funding.letterkinds.interest_claims import stored_rows
from funding.services import payment_runs
from funding.services.interest_claims import claim_rows, unclaimed_late_use
from funding.rules import is_overrun
from funding.staff.access import require_staff, staff_applications, submitted_applications
from funding.staff.filters import STATE_CHOICES, ApplicationFilter
from funding.inputs import listed_labels, listed_rows
from funding.keyset import keyset_page
from funding.workflow import State

ZERO = Decimal("0.00")
PAGE_SIZE = 25


# What a queue row shows, read as values (no model instances). Fewer joins and columns: the call's
# join alone cost PostgreSQL about 6 ms of planning per page (docs/performance.md); the funding
# line's name comes from the line filter's options, which the page reads anyway.
QUEUE_COLUMNS = (
    "pk", "file_reference", "title", "state", "requested_amount", "submitted_at", "proof_due_date", "created_at",
    "line_id", "organisation__name", "municipality__name",
    "assigned_reviewer__first_name", "assigned_reviewer__last_name", "assigned_reviewer__username",
)


class QueueRow:
    """One row of the queue: the shown columns of an application (``QUEUE_COLUMNS``) and its labels."""

    __slots__ = (*(name.replace("__", "_") for name in QUEUE_COLUMNS), "line_name", "state_label", "reviewer")

    def __init__(self, values):
        for name, value in zip(self.__slots__, values):
            setattr(self, name, value)


def application_queue(*, user, params):
    """The filtered, sorted queue: one keyset page and the counts per state.

    The work does not grow with the number of applications or the page:
    the counts come from the figures the workflow keeps (``queue_state_counts``),
    the page starts at its cursor in the sort index (``funding.keyset``).
    """
    filterset = ApplicationFilter(params, queryset=staff_applications(user), user=user)
    filterset.read_options()  # the selects' options, before validation checks the chosen ones against them
    if not user.is_superuser:
        # The staff scope (the calls of the user's authorities) as the ids of those calls, the call select's
        # options: the same rows without joining call and programme, which cost PostgreSQL more to plan
        # than to run the page (docs/performance.md).
        calls = [pk for pk, _label in listed_rows(filterset.form.fields["call"])]
        filterset.queryset = submitted_applications().filter(call_id__in=calls)
    counts = queue_state_counts(filterset, user=user, params=params)
    state = filterset.form.cleaned_data.get("state") if filterset.is_valid() else None
    total = sum(n for value, _label, n in counts if not state or value == state)
    page = keyset_page(
        filterset.qs.values_list(*QUEUE_COLUMNS, named=True), _ordering(params.get("o")),
        after=params.get("after"), before=params.get("before"), size=PAGE_SIZE, count=total,
    )
    page.object_list = _queue_rows(page.object_list, listed_labels(filterset.form.fields["line"]))
    return filterset, page, counts


def _queue_rows(rows, line_names):
    """``QueueRow`` of each page row, with its line's name, its state translated once per page, its reviewer."""
    labels = {value: str(label) for value, label in STATE_CHOICES}  # translated once, not per row
    missing = {row.line_id for row in rows} - line_names.keys()
    if missing:  # a line outside the filter's options (not for staff of the authority): read its names
        line_names = {**line_names, **{line.pk: line.name for line in FundingLine.objects.filter(pk__in=missing)}}
    result = []
    for values in rows:
        row = QueueRow(values)
        row.line_name, row.state_label = line_names[row.line_id], labels[row.state]
        if row.assigned_reviewer_username is None:
            row.reviewer = None
        else:  # User.get_full_name(), or the user name
            full = f"{row.assigned_reviewer_first_name} {row.assigned_reviewer_last_name}".strip()
            row.reviewer = full or row.assigned_reviewer_username
        result.append(row)
    return result


def _ordering(value):
    """The queue's sort order from the ``o`` parameter (its first valid field), newest first by default."""
    allowed = {name for name, _label in ApplicationFilter.base_filters["o"].param_map.items()}
    for part in (value or "").split(","):
        if part.lstrip("-") in allowed:
            return part
    return "-created_at"


# Filters the kept figures can answer: StateCount by call, ReportCell also by line and organisation type.
COUNTED_BY_CALL = {"call"}
COUNTED_BY_CELL = {"call", "line", "org_type"}


def queue_state_counts(filterset, *, user, params):
    """(state, label, count) for the current filters except the state itself.

    Without filters or with the call only, from ``StateCount``; with the
    funding line or organisation type too, from ``ReportCell`` (both kept
    current by the workflow, a few rows per call). Other filters (search,
    amounts, reviewer, overdue) count the matching applications.
    """
    active = set()
    if filterset.is_valid():
        active = {name for name, value in filterset.form.cleaned_data.items() if value not in (None, "", False)}
    active -= {"state", "o"}
    values = filterset.form.cleaned_data if filterset.is_valid() else {}
    if filterset.is_valid() and active <= COUNTED_BY_CALL:
        # Compiled once per set of the user's authorities (``funding.prepared``), the call's id a parameter.
        call = {"call": values["call"].pk} if "call" in active else {}
        scope = None if user.is_superuser else tuple(sorted(roles.authorities_of(user)))
        counts = dict(prepared.rows(("queue-counts", scope, bool(call)), lambda **call: _kept_counts(user, **call), call))
        return [(value, label, counts.get(value, 0)) for value, label in STATE_CHOICES]
    elif filterset.is_valid() and active <= COUNTED_BY_CELL:
        grain = GRAIN_TYPE if "org_type" in active else GRAIN_STATE
        rows = for_staff(ReportCell.objects.all(), user).filter(grain=grain, municipality_id=ALL_MUNICIPALITIES)
        if "call" in active:
            rows = rows.filter(call_id=values["call"].pk)
        if "line" in active:
            rows = rows.filter(line_id=values["line"].pk)
        elif grain == GRAIN_TYPE:  # kept per line, call and authority: the calls' rows over all their lines
            rows = rows.filter(call_id__gt=0, line_id=ALL_LINES)
        if "org_type" in active:
            rows = rows.filter(org_type=values["org_type"])
    elif filterset.is_valid():
        counts = None
        if "q" in active and connection.vendor == "postgresql":
            # The text search's matches, read once for the page's ids, carry their state and call.
            filterset.qs  # noqa: B018 (reads the matches)
            counts = filterset.matched_state_counts({pk for pk, _label in listed_rows(filterset.form.fields["call"])})
        if counts is None:
            # Counted in the table: the filters of the page but the state, through the same filterset
            # (its fields are validated once: no second form, no second look-up of the call).
            rows = filterset.filter_queryset(staff_applications(user), skip={"state"})
            counts = dict(rows.order_by().values_list("state").annotate(n=Count("pk")))
        return [(value, label, counts.get(value, 0)) for value, label in STATE_CHOICES]
    else:
        return state_counts(user=user, params=params)
    counts = dict(rows.values_list("state").annotate(n=Sum("applications")).order_by())
    return [(value, label, counts.get(value, 0)) for value, label in STATE_CHOICES]


def _kept_counts(user, call=None):
    """(state, applications) of the user's calls in ``StateCount``, of the call ``call`` only if given."""
    rows = for_staff(StateCount.objects.all(), user)
    if call is not None:
        rows = rows.filter(call_id=call)
    return rows.values_list("state").annotate(n=Sum("applications")).order_by()


def state_counts(*, user, params):
    """(state, label, count) for the current filters except the state itself, counted in the table."""
    data = params.copy()
    data.pop("state", None)
    queryset = ApplicationFilter(data, queryset=staff_applications(user), user=user).qs
    counts = dict(queryset.order_by().values_list("state").annotate(n=Count("pk")))
    return [(value, label, counts.get(value, 0)) for value, label in STATE_CHOICES]


def bulk_selection(*, user, params):
    """The applications a bulk letter job takes from the queue's filters, and a summary."""
    filterset = ApplicationFilter(params, queryset=staff_applications(user), user=user)
    return filterset.qs, filter_summary(filterset)


def filter_summary(filterset):
    """The active filters in words, e.g. "Status: Bewilligt; Kommune: Rheine"."""
    form = filterset.form
    parts = []
    for name, value in (form.cleaned_data if form.is_valid() else {}).items():
        if name == "o" or value in (None, "", False):
            continue
        display = value
        if isinstance(value, str):
            display = dict(getattr(form.fields[name], "choices", None) or []).get(value, value)
        parts.append(f"{form.fields[name].label}: {display}")
    return "; ".join(parts) or _("alle Anträge")


@dataclass
class Budget:
    call_budget: Decimal
    call_remaining: Decimal
    line_budget: Decimal | None
    line_remaining: Decimal | None


def budget_overview(application):
    """Budget of the call (and line) and what is left, without this application."""
    line = application.line
    line_remaining = line.remaining_budget(exclude=application) if line.budget is not None else None
    return Budget(
        call_budget=application.call.budget,
        call_remaining=application.call.remaining_budget(exclude=application),
        line_budget=line.budget,
        line_remaining=line_remaining,
    )


# Parts of the file that are often empty: one query tells which hold rows,
# so the page does not query the empty ones one by one.
_SECTIONS = {
    "attachments": Attachment.objects,
    "letters": Letter.objects,
    "messages": Message.objects,
    "notes": Note.objects,
    "hearings": Hearing.objects,
    "recoveries": Recovery.objects,
    "repayments": Repayment.objects,
    "amendments": Amendment.objects,
    "co_applicants": CoApplicant.objects,
    "decision_history": Decision.history,
    "drawdown_history": Drawdown.history,
    "payment_history": Payment.history,
    "recovery_history": Recovery.history,
}


def application_file(user, pk):
    """(application, filled sections) of the staff file page, from one query.

    Besides the application and what ``get_application_for_staff`` reads
    with it, the query loads the decision (with its approver), the proof of
    use, the viewer's role in the applicant organisation (for the
    permissions) and which parts of ``_SECTIONS`` hold rows, so empty parts
    are not queried. The query is compiled once per set of the viewer's
    authorities (``funding.prepared``): building it cost the ORM more than
    running it.
    """
    require_staff(user)
    if not 0 < pk < 2**63:  # no such id: the ORM would not have queried either
        raise Http404
    scope = None if user.is_superuser else tuple(sorted(roles.authorities_of(user)))
    found = prepared.rows(("staff-file", scope), lambda application, viewer: _file_query(user, application, viewer),
                          {"application": pk, "viewer": user.pk})
    if not found:
        raise Http404
    application = found[0]
    for attname, field in _FILE_PEOPLE:
        target = application if "__" not in attname else getattr(application, "decision", None)
        if target is not None:
            field.set_cached_value(target, history.person(application._state.db, getattr(application, f"_{field.name}")))
    workflow.remember_membership_role(application, user, application.viewer_role)
    return application, {name for name in _SECTIONS if getattr(application, f"has_{name}")}


# The people the file names, read as subqueries (``history.person_subquery``), not joins.
_FILE_PEOPLE = [
    (attname, model._meta.get_field(attname.rsplit("__", 1)[-1].removesuffix("_id")))
    for attname, model in (("assigned_reviewer_id", Application), ("assisted_by_id", Application),
                           ("declarations_recorded_by_id", Application), ("decision__decided_by_id", Decision))
]


def _file_query(user, pk, viewer):
    checks = {f"has_{name}": Exists(rows.filter(application_id=OuterRef("pk"))) for name, rows in _SECTIONS.items()}
    role = Membership.objects.filter(organisation_id=OuterRef("organisation_id"), user_id=viewer).order_by("pk")
    people = {f"_{field.name}": history.person_subquery(attname) for attname, field in _FILE_PEOPLE}
    return (
        staff_applications(user)
        .select_related("call__programme__authority", "line", "organisation__municipality", "municipality",
                        "decision", "proof")
        .annotate(viewer_role=Subquery(role.values("role")[:1]), **checks, **people)
        .filter(pk=pk)
    )


def application_history(application, known=(), filled=None):
    """{"history": the steps taken, "changes": who changed which amount, plan line, decision or payment when}.

    Both from one query over the state log and the change histories, compiled
    once per set of filled histories (``funding.prepared``).
    ``known``: objects the page has loaded already, whose names are not queried again;
    ``filled``: the sections of ``application_file`` (histories without rows are not queried).
    """
    keys = _HISTORY_KEYS if filled is None else tuple(key for key in _HISTORY_KEYS if key is None or key in filled)
    sources, parts = _unfiltered_sources(keys)  # for their labels and models: the rows come from the prepared query
    content_type = ContentType.objects.get_for_model(application).pk

    def build(application, content_type):
        marked = [source.queryset for source in _history_sources(application, keys)]
        logs = StateLog.objects.filter(content_type_id=content_type, object_id=application)  # as state_logs()
        return history.load_query([*((queryset, "history_user") for queryset in marked), (logs, "by")])

    found = prepared.rows(("staff-file-history", keys), build, {"application": application.pk, "content_type": content_type})
    *records, logs = history.load(parts, found)
    return {
        "history": workflow.history(application, logs),
        "changes": history.visible(history.change_log(sources, known, records)),
    }


# The change histories of the file; None: always read, else the ``_SECTIONS`` part telling whether it holds rows.
_HISTORY_KEYS = (None, None, "decision_history", "drawdown_history", "payment_history", "recovery_history")
_UNFILTERED = {}


def _unfiltered_sources(keys):
    """(sources, parts for ``history.load``) of ``_history_sources(None, keys)``, built once per keys and language.

    The page needs them only for their labels, fields and models (the rows come
    from the prepared query), and building them cost more than a millisecond:
    django-simple-history makes a new manager class on every ``Model.history``.
    The querysets are never evaluated.
    """
    key = (keys, get_language())
    found = _UNFILTERED.get(key)
    if found is None:
        sources = _history_sources(None, keys)
        parts = [*((source.queryset, "history_user") for source in sources), (StateLog.objects.all(), "by")]
        found = _UNFILTERED[key] = (sources, parts)
    return found


def _history_sources(pk, keys):
    """The file's change histories among ``keys`` (of ``_HISTORY_KEYS``); ``pk`` None: unfiltered querysets."""

    def rows(manager, **mine):
        return manager.filter(**mine) if pk is not None else manager.all()

    submitted = Application.history.filter(id=pk).exclude(state=State.DRAFT) if pk is not None else Application.history.all()
    sources = [
        history.Source(
            _("Antrag"),
            submitted,
            ("requested_amount", "own_funds", "volunteer_work", "third_party_funds", "other_public_funds"),
        ),
        history.Source(_("Kostenposition"), rows(CostLine.history, application_id=pk), ("category", "description", "amount")),
        history.Source(_("Entscheidung"), rows(Decision.history, application_id=pk), ("outcome", "amount")),
        history.Source(_("Mittelabruf"), rows(Drawdown.history, application_id=pk), ("amount", "status", "purpose")),
        history.Source(_("Auszahlung"), rows(Payment.history, application_id=pk), ("amount", "paid_on", "reference")),
        history.Source(_("Rückforderung"), rows(Recovery.history, application_id=pk), ("amount", "interest_amount", "due_date")),
    ]
    return [source for key, source in zip(_HISTORY_KEYS, sources) if key is None or key in keys]


def organisation_changes(organisation):
    """Changes of name, legal form, register, bank details, verification and roles (newest first)."""
    sources = [
        history.Source(
            _("Organisation"),
            Organisation.history.filter(id=organisation.pk),
            ("name", "legal_form", "register_number", "account_holder", "iban"),
        ),
        history.Source(
            _("Mitgliedschaft"), Membership.history.filter(organisation_id=organisation.pk), ("user", "role")
        ),
    ]
    return history.visible(history.change_log(sources))


def organisation_holdings(organisation):
    """What hangs on an organisation, as a merge moves it: (label, count) for the confirmation page."""
    return [
        (_("Anträge"), organisation.applications.count()),
        (_("Schreiben"), Letter.objects.filter(application__organisation=organisation).count()),
        (_("Mitgliedschaften"), organisation.memberships.count()),
        (_("Einladungen"), organisation.invitations.count()),
        (_("Vereinsdokumente"), organisation.documents.count()),
    ]


def bank_details_changes(organisation):
    """Only the changes and confirmations of the bank details, for the finance pages."""
    source = history.Source(
        _("Bankverbindung"),
        Organisation.history.filter(id=organisation.pk),
        summary_fields=("account_holder", "iban"),
        fields=("account_holder", "iban", "bic", "bank_details_pending", "bank_details_confirmed_by"),
    )
    return history.visible(history.change_log([source]))


def money_overview(application):
    payments = prepared.children(("staff-file-payments",), application, _payments, "application")
    return {
        "drawdowns": prepared.children(("staff-file-drawdowns",), application, _drawdowns, "application"),
        "payments": payments,
        "recoveries": application.recoveries.all(),
        "repayments": application.repayments.all(),
        "hearings": application.hearings.all(),
        "amendments": application.amendments.all(),
        "paid": sum((payment.amount for payment in payments), ZERO),  # paid_total without another query
    }


def _payments(parent):
    return Payment.objects.filter(application_id=parent).select_related("recorded_by")


def _drawdowns(parent):
    return Drawdown.objects.filter(application_id=parent).select_related("requested_by", "decided_by").order_by("-requested_at")


def file_plan(application):
    """The application's cost lines, as ``prefetch_related("cost_lines")`` leaves them (the plan and its totals)."""
    found = prepared.children(("staff-file-plan",), application, lambda parent: CostLine.objects.filter(application_id=parent),
                              "application")
    return prepared.prefetched(application, "cost_lines", found)


def organisation_documents(organisation):
    """The organisation's documents (``organisation.documents.all()``)."""
    return prepared.children(("staff-file-documents",), organisation,
                             lambda parent: OrganisationDocument.objects.filter(organisation_id=parent), "organisation")


def late_use_overview(application, payments, recoveries):
    """The file page's part on money used late (§ 49a Abs. 4 VwVfG): flagged payouts, interest proposed, claims.

    ``payments`` and ``recoveries``: the rows the page has loaded already. The
    computation reads the receipts and the base rates; it runs only once a
    payout is more than two months old, so files without one cost no query.
    """
    claims = [recovery for recovery in recoveries if recovery.kind == Recovery.Kind.LATE_USE]
    today = timezone.localdate()
    flagged, proposed = [], ZERO
    if any(interest.add_months(payment.paid_on, 2) < today for payment in payments):
        rows, proposed = unclaimed_late_use(application, payments=payments, claims=claims)
        flagged = [row for row in rows if row.flagged]
    return {"late_use": flagged, "late_use_rows": late_use_table(flagged), "late_use_interest": proposed,
            "late_use_provisional": any(period.provisional for row in flagged for period in row.periods),
            "interest_claims": claims}


def late_use_table(rows):
    """The computed interest in the shape of a decided claim's table: per payment, one row per rate period."""
    return stored_rows(SimpleNamespace(interest_periods=claim_rows(rows)))


def open_drawdowns(user, role=None):
    """Drawdowns waiting for someone: requested (to release) or released (to book), not yet paid."""
    waiting = (Drawdown.Status.REQUESTED, Drawdown.Status.RELEASED)
    return (
        for_staff(Drawdown.objects.filter(status__in=waiting), user, role)
        .select_related("application__organisation", "requested_by", "decided_by", "run")
        .order_by("requested_at")
    )


def _count_and_total(rows):
    figures = rows.aggregate(count=Count("pk"), total=Sum("amount"))
    return {"count": figures["count"], "total": figures["total"] or ZERO}


def money_work(user):
    """The money work list of ``user``'s roles, each part with its count and total."""
    work = {}
    if roles.is_reviewer(user) or roles.is_approver(user):
        to_release = open_drawdowns(user).filter(status=Drawdown.Status.REQUESTED).exclude(application__organisation__memberships__user=user)
        work["to_release"] = to_release
        work["to_release_figures"] = _count_and_total(to_release)
    if roles.is_finance(user):
        to_book = open_drawdowns(user, roles.FINANCE).filter(status=Drawdown.Status.RELEASED, run__isnull=True)
        work["to_book"] = to_book
        work["to_book_figures"] = _count_and_total(to_book)
        work["held_back"] = payment_runs.held_back_drawdowns(user)
        own_runs = for_staff(PaymentRun.objects.all(), user, roles.FINANCE)
        runs = own_runs.filter(status=PaymentRun.Status.OPEN).select_related("created_by")
        work["open_runs"] = runs
        work["open_runs_figures"] = {"count": len(runs), "total": sum((run.total for run in runs), ZERO)}
        work["booked_runs"] = own_runs.filter(status=PaymentRun.Status.BOOKED).select_related("booked_by")[:10]
        recoveries = for_staff(Recovery.objects.all(), user, roles.FINANCE).filter(
            application__state=State.RECOVERY_PENDING, settled_on__isnull=True, kind="refund"
        )
        work["repayments_due"] = recoveries.select_related("application__organisation").order_by("due_date")
    return work


MONEY_FIGURES = ("to_release_figures", "to_book_figures", "open_runs_figures")


def money_figures(work):
    """The counts and totals of a ``money_work`` result: to release, to book, open payment runs."""
    return {name: work[name] for name in MONEY_FIGURES if name in work}


def dashboard_money(user):
    """Counts and totals for the start page ("freizugeben / zu buchen")."""
    return money_figures(money_work(user))


# --- Proof-of-use audit ------------------------------------------------------


@dataclass
class ComparisonRow:
    label: str
    description: str
    planned: Decimal
    actual: Decimal
    # Only lines of the cost plan are held to ANBest-P 1.2; income is compared, not flagged.
    cost_line: bool = True

    @property
    def difference(self):
        return self.actual - self.planned

    @property
    def deviation(self):
        """Relative deviation from the plan, e.g. Decimal('0.25') for +25 %."""
        if not self.planned:
            return None if not self.actual else Decimal("1")
        return (self.difference / self.planned).quantize(Decimal("0.0001"))

    @property
    def flagged(self):
        """Above the plan by more than ANBest-P 1.2 allows (spending less is never flagged)."""
        return self.cost_line and is_overrun(self.planned, self.actual)


def cost_comparison(application, proof):
    """Plan and actual per line of the cost plan; actual-only lines appended."""
    actual_by_line = {}
    extra = []
    for line in proof.lines.all():
        if line.cost_line_id:
            actual_by_line[line.cost_line_id] = actual_by_line.get(line.cost_line_id, ZERO) + line.actual_amount
        else:
            extra.append(ComparisonRow(line.get_category_display(), line.description, ZERO, line.actual_amount))
    rows = [
        ComparisonRow(line.get_category_display(), line.description, line.amount, actual_by_line.get(line.pk, ZERO))
        for line in application.cost_lines.all()
    ]
    return rows + extra


def financing_comparison(application, proof):
    pairs = [
        (_("Eigenmittel"), application.own_funds, proof.own_funds_actual),
        (_("Eigenleistung"), application.volunteer_work, proof.volunteer_work_actual),
        (_("Drittmittel"), application.third_party_funds, proof.third_party_funds_actual),
        (_("Andere öffentliche Mittel"), application.other_public_funds, proof.other_public_funds_actual),
        (_("Zuwendung"), application.approved_amount or ZERO, proof.grant_actual),
    ]
    return [ComparisonRow(label, "", planned, actual, cost_line=False) for label, planned, actual in pairs]


def proof_audit(application, proof, recognised=None):
    """Everything the proof-of-use audit page shows: comparisons, findings, settlement, late use."""
    costs = cost_comparison(application, proof)
    receipts = list(proof.receipts.all())
    actual_total = sum((row.actual for row in costs), ZERO)
    lines = [(row.description or row.label, row.planned, row.actual) for row in costs]
    default = audit.recognised_default(application, proof, receipts, lines)
    settlement = audit.audit_settlement(application, proof, default if recognised is None else recognised)
    late_rows, late_interest = audit.late_use_proposal(application)
    return {
        "cost_rows": costs,
        "financing_rows": financing_comparison(application, proof),
        "planned_total": sum((row.planned for row in costs), ZERO),
        "actual_total": actual_total,
        "receipts": receipts,
        "receipts_total": sum((receipt.amount for receipt in receipts), ZERO),
        "paid": settlement.paid,
        "unspent_grant": settlement.refund,
        "flagged": sum(1 for row in costs if row.flagged),
        "findings": audit.findings(application, proof, receipts, lines),
        "recognised_default": default,
        "settlement": settlement,
        "late_use": [row for row in late_rows if row.flagged],
        "late_use_interest": late_interest,
    }
