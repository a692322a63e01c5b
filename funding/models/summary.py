"""Figures kept current by the workflow services (``funding.summary``).

``StateCount`` holds the number of applications per (call, state) for the
staff queue; ``ReportCell`` the sums of the reports per (call, line, seat
and type of the organisation, month of receipt, month of decision, state).
Both are written in the transaction of every transition, creation, draft
edit and payment, and can be rebuilt from the applications with
``manage.py rebuild_summary``. Keys are plain columns with 0 or "" for
"none", so one unique constraint covers every cell on every database
(NULLs would count as distinct) and the upsert can find it.
"""

from django.db import models

from funding.models.fields import MoneyField

# Sentinels for "no value" in a key column.
NO_MUNICIPALITY = 0
NO_MONTH = 0


class StateCount(models.Model):
    call_id = models.IntegerField()
    state = models.CharField(max_length=50)
    applications = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["call_id", "state"], name="funding_statecount_key")]

    def __str__(self):
        return f"{self.call_id}/{self.state}: {self.applications}"


class Contribution(models.Model):
    """Key and sums of a report cell; also what one application is counted with."""

    call_id = models.IntegerField()
    line_id = models.IntegerField()
    municipality_id = models.IntegerField()  # seat of the organisation; NO_MUNICIPALITY: outside the district
    org_type = models.CharField(max_length=50)
    submitted_month = models.IntegerField()  # local month of receipt as yyyymm; NO_MONTH: none
    decided_month = models.IntegerField()  # local month of the decision as yyyymm; NO_MONTH: none
    state = models.CharField(max_length=50)
    applications = models.IntegerField(default=0)
    requested = MoneyField(max_digits=16, default=0)
    approved = MoneyField(max_digits=16, default=0)  # approved amounts (None counts as 0)
    paid = MoneyField(max_digits=16, default=0)
    recovered = MoneyField(max_digits=16, default=0)
    repaid = MoneyField(max_digits=16, default=0)
    participants = models.IntegerField(default=0)  # of submitted proofs of use

    class Meta:
        abstract = True


class ReportCell(Contribution):
    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["call_id", "line_id", "municipality_id", "org_type", "submitted_month", "decided_month", "state"],
                name="funding_reportcell_key",
            )
        ]
        indexes = [models.Index(fields=["line_id", "municipality_id"])]

    def __str__(self):
        return f"{self.line_id}/{self.state}: {self.applications}"


class ReportEntry(Contribution):
    """What one application is counted with in the cells (the row ``funding.summary.update`` compares to)."""

    application_id = models.IntegerField(primary_key=True)

    def __str__(self):
        return f"{self.application_id}: {self.state}"
