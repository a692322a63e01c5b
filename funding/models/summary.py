"""Figures kept current by the workflow services (``funding.summary``).

``StateCount`` holds the number of applications per (call, state) for the
staff queue. ``ReportCell`` holds the sums of the reports, each row one cell
of one *grain*: what a page shows, precomputed, once summed over every seat
of the organisations (``ALL_MUNICIPALITIES``) and once per seat (for the
municipality filter), so no page sums more than a few thousand cells,
whatever the number of applications. ``OrganisationFigure`` counts the
funded applications of each organisation per line, per call and in all
(funded and first-time funded organisations). ``FlowCell`` holds the money
after approval (``reports.flow``: settled, paid, final payments, hearings,
recoveries, repayments, interest) per (call, line, seat). All are written
in the transaction of every transition, creation, draft edit, payment and
repayment, and can be rebuilt from the applications with
``manage.py rebuild_summary``. Keys
are plain columns with 0, -1 or "" for "none" or "all", so one unique
constraint covers every row on every database (NULLs would count as
distinct) and the upsert can find it.
"""

from django.db import models

from funding.models.fields import MoneyField

# Sentinels in key columns.
NO_MUNICIPALITY = 0  # seat outside the district
ALL_MUNICIPALITIES = -1  # the cell sums every seat
NO_MONTH = 0
ALL_LINES = 0  # the cell sums every line of its call (or of its authority's calls)
# An authority's cells over all its calls have call_id = -authority id and line ALL_LINES:
# the dashboard over everything reads those few, whatever the number of calls and applications.


def authority_key(authority_id):
    """The call_id of the cells (and organisation figures) over every call of the authority."""
    return -authority_id

# Grains of ReportCell: (key columns that vary, what they hold). Every grain but GRAIN_STATE is kept
# three times: per line, per call over all its lines (ALL_LINES) and per authority over all its calls
# (``authority_key``, ALL_LINES); a reader that sums cells picks one of them (``reports.cells``).
GRAIN_STATE = "state"  # line, seat or all seats, state: all sums (per line only)
GRAIN_TYPE = "type"  # line, all seats, organisation type, state / line, seat, type, outcome: all sums
GRAIN_SEAT = "seat"  # line, seat, outcome: all sums
GRAIN_SUBMITTED = "submitted"  # line, seat or all, bucket = month of receipt (yyyymm): count
GRAIN_DECIDED = "decided"  # line, seat or all, bucket = month of the decision (yyyymm): count
GRAIN_DAYS = "days"  # line, seat or all, bucket = whole days from receipt to decision: count


class StateCount(models.Model):
    call_id = models.IntegerField()
    state = models.CharField(max_length=50)
    applications = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["call_id", "state"], name="funding_statecount_key")]

    def __str__(self):
        return f"{self.call_id}/{self.state}: {self.applications}"


class Sums(models.Model):
    """The sums of a report cell; also what one application is counted with."""

    applications = models.IntegerField(default=0)
    requested = MoneyField(max_digits=16, default=0)
    approved = MoneyField(max_digits=16, default=0)  # approved amounts (None counts as 0)
    paid = MoneyField(max_digits=16, default=0)
    recovered = MoneyField(max_digits=16, default=0)
    repaid = MoneyField(max_digits=16, default=0)
    participants = models.IntegerField(default=0)  # of submitted proofs of use

    class Meta:
        abstract = True


class ReportCell(Sums):
    grain = models.CharField(max_length=10)
    municipality_id = models.IntegerField()  # seat; NO_MUNICIPALITY: outside the district; ALL_MUNICIPALITIES
    call_id = models.IntegerField()
    line_id = models.IntegerField()
    org_type = models.CharField(max_length=50)  # "" unless GRAIN_TYPE
    state = models.CharField(max_length=50)  # state, or the outcome's representative state; "" for buckets
    bucket = models.IntegerField()  # month or days (bucket grains); 0 otherwise

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["grain", "municipality_id", "call_id", "line_id", "org_type", "state", "bucket"],
                name="funding_reportcell_grain_key",
            )
        ]
        # The dashboard's reads: one grain of one call, line or authority (over all seats or per seat).
        indexes = [models.Index(fields=["grain", "call_id", "line_id", "municipality_id"],
                                name="funding_reportcell_scope")]

    def __str__(self):
        return f"{self.grain} {self.line_id}/{self.state}/{self.bucket}: {self.applications}"


class ReportEntry(Sums):
    """What one application is counted with (the row ``funding.summary.update`` compares to)."""

    application_id = models.IntegerField(primary_key=True)
    call_id = models.IntegerField()
    line_id = models.IntegerField()
    municipality_id = models.IntegerField()
    org_type = models.CharField(max_length=50)
    submitted_month = models.IntegerField()  # local month of receipt as yyyymm; NO_MONTH: none
    decided_month = models.IntegerField()  # local month of the decision as yyyymm; NO_MONTH: none
    state = models.CharField(max_length=50)
    organisation_id = models.IntegerField(default=0)
    authority_id = models.IntegerField(default=0)  # the call's authority (its cells over all calls)
    funded_at = models.DateTimeField(null=True)  # decision date while funded
    processing_days = models.IntegerField(null=True)  # whole days from receipt to decision
    # No column, no constraint: lets a query of applications join their entries
    # (``report_entry__paid``; the grants list reads the kept sums this way).
    application = models.ForeignObject(
        "funding.Application", on_delete=models.DO_NOTHING, from_fields=["application_id"], to_fields=["id"],
        related_name="report_entry", null=True,
    )

    def __str__(self):
        return f"{self.application_id}: {self.state}"


class OrganisationFigure(models.Model):
    """An organisation's funded applications in one line (call and line set), one call (line 0), every call of
    one authority (call ``authority_key``, line 0) or all (both 0)."""

    organisation_id = models.IntegerField()
    call_id = models.IntegerField()
    line_id = models.IntegerField()
    funded = models.IntegerField(default=0)
    first_funded = models.DateTimeField(null=True)  # earliest decision date of those funded applications

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["call_id", "line_id", "organisation_id"], name="funding_orgfigure_key")
        ]

    def __str__(self):
        return f"{self.organisation_id} in {self.call_id}/{self.line_id}: {self.funded}"


class OrganisationTally(models.Model):
    """How many organisations have funded applications in one scope of ``OrganisationFigure`` (line, call, one
    authority's calls or all), and how many of them had their first grant ever there: the dashboard's two
    figures without counting the organisations' rows (``funding.summary``)."""

    call_id = models.IntegerField()
    line_id = models.IntegerField()
    funded = models.IntegerField(default=0)  # organisations with funded applications in the scope
    first_time = models.IntegerField(default=0)  # of them: the earliest grant in the scope is their earliest ever

    class Meta:
        constraints = [models.UniqueConstraint(fields=["call_id", "line_id"], name="funding_orgtally_key")]

    def __str__(self):
        return f"{self.call_id}/{self.line_id}: {self.funded} ({self.first_time} first time)"


class FlowSums(models.Model):
    """The money after approval of the applications of one line whose organisations have one seat (or of one)."""

    call_id = models.IntegerField()
    line_id = models.IntegerField()
    municipality_id = models.IntegerField()  # seat; NO_MUNICIPALITY: outside the district
    applications = models.IntegerField(default=0)  # applications counted: funded, or money moved
    funded = models.IntegerField(default=0)  # funded applications (the lines the flow table lists)
    approved = MoneyField(max_digits=16, default=0)  # approved (after amendments) while funded
    settled_files = models.IntegerField(default=0)  # funded applications with a settled proof of use
    approved_settled = MoneyField(max_digits=16, default=0)
    settled = MoneyField(max_digits=16, default=0)  # Festgesetzte Zuwendung of the funded ones
    paid = MoneyField(max_digits=16, default=0)
    paid_settled = MoneyField(max_digits=16, default=0)
    final_payments = MoneyField(max_digits=16, default=0)  # booked Schlusszahlungen
    final_payments_open = MoneyField(max_digits=16, default=0)  # released Schlusszahlungen not yet booked
    in_hearing = MoneyField(max_digits=16, default=0)  # intended refunds of settled files, hearing open
    recovered = MoneyField(max_digits=16, default=0)
    recovered_settled = MoneyField(max_digits=16, default=0)
    repaid = MoneyField(max_digits=16, default=0)  # principal part of the repayments
    interest_claimed = MoneyField(max_digits=16, default=0)  # interest of the decided claims
    interest_received = MoneyField(max_digits=16, default=0)  # interest part of the repayments

    class Meta:
        abstract = True


class FlowCell(FlowSums):
    """The sums of ``reports.flow.Flow`` for one line and seat."""

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["call_id", "line_id", "municipality_id"], name="funding_flowcell_key")
        ]

    def __str__(self):
        return f"{self.call_id}/{self.line_id}/{self.municipality_id}: {self.applications}"


class FlowEntry(FlowSums):
    """What one application is counted with in ``FlowCell`` (none: not counted, nothing to count)."""

    application_id = models.IntegerField(primary_key=True)

    def __str__(self):
        return f"{self.application_id}: {self.paid}"
