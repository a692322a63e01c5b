"""Bulk seeding of a large, plausible data set for ``benchmark_reports``.

Writes applications with cost plans, decisions, payments, proofs of use and
recoveries directly with ``bulk_create`` in batches (the workflow services
would take hours for 100,000 applications). Everything lives in its own
programme and calls with the prefix ``BENCH-``, so it cannot clash with
real or demo data. Only for throwaway databases.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from applicants.models import Municipality, Organisation
from funding import roles
from funding.models import (
    Application,
    Authority,
    CostLine,
    Decision,
    FundingCall,
    FundingLine,
    FundingProgramme,
    Payment,
    ProofOfUse,
    Recovery,
    StaffRole,
)
from funding.workflow import AFTER_PROOF_STATES, FUNDED_STATES, State

PREFIX = "BENCH-"
FIRST_YEAR = 2017
LINES = (("Anschubförderung", Decimal("5000.00")), ("Einzelprojekt", Decimal("15000.00")),
         ("Qualifizierung und Vernetzung", Decimal("15000.00")))
# Twenty applications in a row follow this mix of states; half are funded.
STATE_MIX = (
    ["draft", "withdrawn", "changes_requested", "proof_changes_requested", "recovery_pending"]
    + ["submitted", "in_review", "proof_submitted", "closed"] * 2
    + ["rejected"] * 3
    + ["approved"] * 4
)
BATCH = 5000


def benchmark_calls():
    return FundingCall.objects.filter(reference_prefix__startswith=PREFIX).order_by("opens_on")


def benchmark_user():
    user, _created = get_user_model().objects.get_or_create(username="benchmark-leitung")
    user.groups.add(Group.objects.get(name=roles.APPROVER))
    for authority in Authority.objects.all():  # roles are held per authority (StaffRole)
        StaffRole.objects.get_or_create(user=user, authority=authority, role=roles.APPROVER)
    roles.forget(user)
    return user


class BenchmarkSeeder:
    def __init__(self, *, applications, calls=8, organisations=1000, seed=4711, log=print):
        self.total, self.call_count, self.org_count = applications, calls, organisations
        self.rng, self.log = random.Random(seed), log
        self.user = benchmark_user()

    def run(self):
        with transaction.atomic():
            self.lines = self._calls()
            self.organisations = self._organisations()
        for start in range(0, self.total, BATCH):
            with transaction.atomic():
                self._batch(start, min(start + BATCH, self.total))
            self.log(f"  {min(start + BATCH, self.total):>7} Anträge angelegt")
        self._set_budgets()

    def _calls(self):
        authority = Authority.objects.order_by("pk").first() or Authority.objects.create(
            name="Kreis Steinfurt – Der Landrat", street="Tecklenburger Straße 10", postcode="48565",
            city="Steinfurt", signatory_name="Lilli Schmidt", court_name="Verwaltungsgericht Münster",
            court_address="Piusallee 38, 48147 Münster")
        programme = FundingProgramme.objects.create(authority=authority, name="Benchmark-Programm")
        lines = []
        for index in range(self.call_count):
            year = FIRST_YEAR + index
            call = FundingCall.objects.create(
                programme=programme, name=f"Benchmark-Aufruf {year}", reference_prefix=f"{PREFIX}{year}",
                opens_on=datetime.date(year, 1, 1), closes_on=datetime.date(year, 12, 31), budget=Decimal("0.00"),
                period_start=datetime.date(year, 1, 1), period_end=datetime.date(year + 1, 12, 31))
            lines.append([
                FundingLine.objects.create(call=call, name=name, max_grant=max_grant, order=order,
                                           financing_type=FundingLine.FinancingType.SHARE)
                for order, (name, max_grant) in enumerate(LINES)
            ])
        return lines

    def _organisations(self):
        places = list(Municipality.objects.all()) + [None]
        types = list(Organisation.OrgType.values)
        rows = [
            Organisation(name=f"Benchmark-Verein {n} e.V.", legal_form="ev", street="Marktplatz 1", postcode="48431",
                         city="Rheine", municipality=self.rng.choice(places), org_type=self.rng.choice(types),
                         contact_name="Vorstand", email=f"bench{n}@example.org")
            for n in range(self.org_count)
        ]
        return Organisation.objects.bulk_create(rows, batch_size=BATCH)

    def _batch(self, start, stop):
        apps = Application.objects.bulk_create([self._application(n) for n in range(start, stop)], batch_size=BATCH)
        CostLine.objects.bulk_create(
            [CostLine(application=a, category=c, description=c, amount=amount)
             for a in apps for c, amount in (("fees", a.requested_amount), ("rent", a.own_funds))],
            batch_size=BATCH)
        decided = [a for a in apps if a.decided_at]
        Decision.objects.bulk_create([self._decision(a) for a in decided], batch_size=BATCH)
        funded = [a for a in apps if a.state in FUNDED_STATES]
        Payment.objects.bulk_create([self._payment(a) for a in funded], batch_size=BATCH)
        ProofOfUse.objects.bulk_create([self._proof(a) for a in funded if a.state in AFTER_PROOF_STATES], batch_size=BATCH)
        Recovery.objects.bulk_create(
            [self._recovery(a) for a in funded if a.state == State.RECOVERY_PENDING], batch_size=BATCH)

    def _application(self, n):
        call_index, state = n % self.call_count, STATE_MIX[n % len(STATE_MIX)]
        line = self.lines[call_index][(n // self.call_count) % len(LINES)]
        requested = Decimal(self.rng.randrange(10, int(line.max_grant) // 100 + 1) * 100)
        year = FIRST_YEAR + call_index
        submitted = None if state == "draft" else self._moment(datetime.date(year, 1, 1), 360)
        decided = submitted + datetime.timedelta(days=self.rng.randrange(5, 120)) if self._decided(state) else None
        funded, organisation = state in FUNDED_STATES, self.rng.choice(self.organisations)
        approved = (requested if n % 3 else requested * Decimal("0.8")).quantize(Decimal("1"))
        return Application(
            call_id=line.call_id, line=line, organisation=organisation,
            title=f"Projekt {n}", municipality=organisation.municipality, state=state,
            file_reference=None if state == "draft" else f"{PREFIX}{year}-{n:06d}",
            start_date=datetime.date(year, 3, 1), end_date=datetime.date(year, 12, 31),
            own_funds=Decimal("500.00"), requested_amount=requested,
            approved_amount=approved if funded else None,
            submitted_at=submitted, decided_at=decided, created_at=submitted or timezone.now(),
        )

    def _moment(self, first_day, days):
        day = first_day + datetime.timedelta(days=self.rng.randrange(days))
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9 + self.rng.randrange(8))))

    @staticmethod
    def _decided(state):
        return state in FUNDED_STATES or state == State.REJECTED

    def _decision(self, app):
        outcome = Decision.Outcome.REJECTED if app.state == State.REJECTED else Decision.Outcome.APPROVED
        return Decision(application=app, outcome=outcome, amount=app.approved_amount, decided_by=self.user,
                        decided_at=app.decided_at, reasons="Benchmark")

    def _payment(self, app):
        share = Decimal("0.5") if app.state == State.APPROVED else Decimal("1")
        return Payment(application=app, amount=(app.approved_amount * share).quantize(Decimal("0.01")),
                       paid_on=app.decided_at.date() + datetime.timedelta(days=14), recorded_by=self.user)

    def _proof(self, app):
        return ProofOfUse(application=app, participants_reached=self.rng.randrange(5, 200),
                          submitted_at=app.decided_at + datetime.timedelta(days=300))

    def _recovery(self, app):
        amount = (app.approved_amount / 10).quantize(Decimal("0.01"))
        return Recovery(application=app, amount=amount, new_grant_amount=app.approved_amount - amount,
                        legal_basis="49_3_1", reason="Benchmark", effective_date=app.decided_at.date(),
                        due_date=app.decided_at.date() + datetime.timedelta(days=30), claimed_by=self.user)

    def _set_budgets(self):
        for call in benchmark_calls():
            funded = call.applications.filter(state__in=FUNDED_STATES)
            approved = funded.aggregate(total=Sum("approved_amount", default=Decimal("0")))["total"]
            call.budget = (approved * Decimal("1.25")).quantize(Decimal("1"))
            call.save(update_fields=["budget"])
