"""Builds demo applications and drives them through the real workflow.

Every state is reached by the same services the application uses, so the
transition log, decisions, payments and letters of the demo are real. The
way to each state comes from the state machine (``funding.workflow.route``).
"""

from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from applicants.models import Membership, OrganisationDocument
from applicants.services import assisted as assisted_services
from applicants.services.drafts import application_create, application_save_fields, cost_lines_replace
from applicants.tasks import issue_application_pdf
from funding.amounts import format_money
from funding.demo import PROJECTS
from funding.financing import approved_plan
from funding.letters import html_to_pdf
from funding.models import Application, CostLine, ProofLine, Receipt
from funding.services import applications as app_services
from funding.services import amendments, interest_claims, payment_runs, payments, proofs, recoveries, reviews
from funding.workflow import State, route

CATEGORIES = ["fees", "rent", "material", "public_relations", "travel"]
# The demo takes the shortest way to each state, except where a detour tells
# a fuller story: withdrawn after submission, rejected and closed after a
# review and a proof of use, the recovery after the proof's audit.
DETOURS = {
    State.WITHDRAWN: (State.SUBMITTED,),
    State.REJECTED: (State.IN_REVIEW,),
    State.RECOVERY_PENDING: (State.PROOF_SUBMITTED,),
    State.CLOSED: (State.PROOF_SUBMITTED,),
}
# Share of the plan a proof of use shows as spent, by the state the demo reaches:
# less than planned leaves a refund (hearing, recovery), the plan in full nothing owed.
SPENT_SHARE = {State.RECOVERY_PENDING: Decimal("0.85"), State.PROOF_SUBMITTED: Decimal("0.95")}
HEARING_REASONS = (
    "Laut Verwendungsnachweis wurden die Mittel nur teilweise für den Zuwendungszweck verwendet; "
    "der nicht verwendete Teil der Zuwendung ist zu erstatten."
)
EARLY_START = "Der vorzeitige Maßnahmebeginn wurde schriftlich zugelassen (Demo)."
# The file on late use, day by day before today: submitted, reviewed, decided,
# the early drawdown paid out (so long ago that two months have passed), the
# Anhörung, the organisation's answer; the Zinsbescheid is today's.
LATE_USE_DAYS = {"submit": 130, "start_review": 125, "approve": 120, "payout": 100, "hearing": 21, "answer": 10}
LATE_USE_REASONS = (
    "Die erste Rate wurde abgerufen und ausgezahlt, laut Belegliste aber innerhalb von zwei Monaten nach der "
    "Auszahlung nicht für den Zuwendungszweck verwendet (ANBest-P Nr. 1.4)."
)
LATE_USE_ANSWER = "Der Verein bestätigt die Zahlen; die Honorarkräfte konnten erst später gebunden werden."
# An assisted application whose declarations the representative confirmed at the office.
IN_PERSON_NAME = "Fatma Demir"
IN_PERSON_NOTE = (
    "Frau Demir (Vorsitzende) war im KI; Personalausweis vorgelegt, Vertretungsberechtigung laut "
    "Vereinsregisterauszug geprüft. Sie hat die Erklärungen gelesen und bestätigt."
)


class _ShiftedMeta(type):
    def __instancecheck__(cls, obj):  # ``isinstance(value, datetime)`` in django.utils.timezone keeps working
        return isinstance(obj, datetime)


class _ShiftedDatetime(datetime, metaclass=_ShiftedMeta):
    """``datetime`` as ``django.utils.timezone`` sees it while the clock is set back: ``now()`` shifted."""

    shift = timedelta(0)

    @classmethod
    def now(cls, tz=None):
        return datetime.now(tz) + cls.shift


@contextmanager
def days_ago(days):
    """Django's clock set back ``days``, to 09:00 local time that day, and ticking.

    Everything that asks ``timezone.now()`` or ``timezone.localdate()`` (the
    services, the state log, the models' defaults, the letters' dates) sees
    that day, so a demo file's history is told in order and its letters are
    made, once, with the dates they bear. For the single-threaded seeding
    only: the clock is the process's.
    """
    day = timezone.localdate() - timedelta(days=days)
    shifted = type("Shifted", (_ShiftedDatetime,), {})
    shifted.shift = timezone.make_aware(datetime.combine(day, time(9))) - timezone.now()
    real, timezone.datetime = timezone.datetime, shifted
    try:
        yield day
    finally:
        timezone.datetime = real


class ApplicationSeeder:
    def __init__(self, call, users, rng):
        self.call, self.users, self.rng = call, users, rng
        self.lines = list(call.lines.order_by("order"))
        self.criteria = list(call.criteria.all())

    def create(self, organisation, state, index):
        self.target = state
        steps = route(*DETOURS.get(state, ()), state)
        representative = self._representative(organisation)
        self._documents(organisation, representative)
        app = self._draft(organisation, representative, index, ran="submit_proof" in steps)
        for step in steps:
            app = getattr(self, f"_{step}")(app, representative, index)
        if steps[-1:] == ["approve"]:
            self._running_grant(app, representative, index)
        return app

    def _running_grant(self, app, user, index):
        """Drawdowns waiting to be released and to be booked, and amendments, so every desk has work."""
        if index % 2:
            # An open drawdown request, so the reviewer has something to release.
            payments.drawdown_request(application=app, user=user, amount=app.approved_amount / 2, purpose="Erste Rate")
        elif index % 4 == 0:
            drawdown = payments.drawdown_request(
                application=app, user=user, amount=(app.approved_amount / 4).quantize(Decimal("0.01")),
                purpose="Honorare und Raummiete der nächsten zwei Monate",
            )
            payments.drawdown_release(drawdown=drawdown, user=self.users["pruefung"])
        else:
            self._amendment(app, user, decided=index % 3 == 0)

    def _amendment(self, app, user, decided):
        """A longer funding period: asked for by the organisation, decided (Änderungsbescheid) or open."""
        amendment = amendments.amendment_request(
            application=app, user=user, new_end_date=min(app.end_date + timedelta(days=60), self.call.period_end),
            reasons="Das Abschlussfest musste wegen der Hallensanierung um zwei Monate verschoben werden.",
        )
        if not decided:
            return
        amendment = amendments.amendment_start_review(amendment=amendment, user=self.users["pruefung"])
        amendment = amendments.amendment_review_save(
            amendment=amendment, user=self.users["pruefung"], recommendation="approve",
            note="Verschiebung nachvollziehbar begründet; Finanzierung unverändert.",
        )
        amendments.amendment_approve(amendment=amendment, user=self.users["leitung"])

    def finish(self):
        """A payment run of the released drawdowns, for finance to check and book; a Zinsbescheid for late use."""
        if payment_runs.runnable_drawdowns(self.users["kasse"]).exists():
            payment_runs.payment_run_create(user=self.users["kasse"], execution_date=timezone.localdate() + timedelta(days=2))

    def late_use(self, organisation, index):
        """A grant drawn too early: paid out more than two months ago, nothing shown as used yet.

        Interest under § 49a Abs. 4 VwVfG: proposed by the reviewer, the
        organisation heard (Anhörung), its answer recorded, the Zinsbescheid
        decided by the approver, all through the services. The file's history
        lies in the past (``LATE_USE_DAYS``, ``days_ago``): submission, review
        and Zuwendungsbescheid before the payout, the payout before the
        Anhörung, the Anhörung before today's Zinsbescheid.
        """
        self.target = State.APPROVED
        representative = self._representative(organisation)
        reviewer, due = self.users["pruefung"], timezone.localdate() + timedelta(days=30)
        with days_ago(LATE_USE_DAYS["submit"]):
            self._documents(organisation, representative)
            app = self._draft(organisation, representative, index, ran=False)
        for step in route(State.APPROVED):  # submit, start_review, approve: each on its day
            with days_ago(LATE_USE_DAYS[step]):
                app = getattr(self, f"_{step}")(app, representative, index)
        with days_ago(LATE_USE_DAYS["payout"]):
            self._pay(app, representative, app.approved_amount / 2)
        with days_ago(LATE_USE_DAYS["hearing"]) as day:
            claim = interest_claims.interest_claim_propose(
                application=app, user=reviewer, reasons=LATE_USE_REASONS, due_date=due,
            )
            claim = interest_claims.interest_claim_hearing_start(claim=claim, user=reviewer, deadline=day + timedelta(days=14))
        with days_ago(LATE_USE_DAYS["answer"]) as day:
            recoveries.hearing_record_answer(application=app, user=reviewer, answer=LATE_USE_ANSWER, received_on=day)
        return interest_claims.interest_claim_decide(
            claim=claim, user=self.users["leitung"], due_date=due,
            reasons=LATE_USE_REASONS + " Dass die Honorarkräfte erst später gebunden wurden, rechtfertigte keinen Abruf "
            "auf Vorrat; Gründe, von der Verzinsung abzusehen, sind nicht ersichtlich.",
        )

    def assisted(self, organisation, index, in_person):
        """An application the KI filled in and submitted for the organisation (``application_submit_assisted``).

        ``in_person``: the representative confirmed the declarations at the
        office, recorded by the reviewer with a note; otherwise the link went
        to the organisation's address and is not used yet ("noch nicht bestätigt").
        """
        self.target = State.SUBMITTED
        staff, representative = self.users["pruefung"], self._representative(organisation)
        self._documents(organisation, representative)
        app = self._draft(organisation, representative, index, ran=False, assisted_by=staff)
        if in_person:
            return assisted_services.application_submit_assisted(
                application=app, user=staff, confirmed_name=IN_PERSON_NAME, note=IN_PERSON_NOTE,
            )
        return assisted_services.application_submit_assisted(application=app, user=staff, email=organisation.email)

    def _documents(self, organisation, user):
        """The standing documents every call asks for, as short demo PDFs."""
        present = set(organisation.documents.values_list("kind", flat=True))
        for kind in OrganisationDocument.Kind:
            if kind.value in present:
                continue
            document = OrganisationDocument(
                organisation=organisation, kind=kind, original_name=f"{kind.label}.pdf", content_type="application/pdf",
                uploaded_by=user,
            )
            pdf = self._demo_pdf(kind)
            document.size = len(pdf)
            document.file.save(f"demo-{kind.value}.pdf", ContentFile(pdf), save=False)
            document.save()

    def _demo_pdf(self, kind):
        cache = self.__dict__.setdefault("_pdfs", {})
        if kind not in cache:
            cache[kind] = html_to_pdf(
                f'<html lang="de"><title>{kind.label} (Demo)</title><h1>{kind.label}</h1>'
                "<p>Demo-Dokument, kein echter Nachweis.</p></html>"
            )
        return cache[kind]

    def _representative(self, organisation):
        membership = organisation.memberships.filter(role="representative").select_related("user").first()
        if membership:
            return membership.user
        user = get_user_model().objects.create(
            username=f"vorstand-{organisation.pk}", first_name="Vorstand", last_name=organisation.name[:20],
            email=f"vorstand-{organisation.pk}@demo.example",
        )
        user.set_unusable_password()
        user.save()
        Membership.objects.create(user=user, organisation=organisation, role="representative")
        return user

    def _draft(self, organisation, user, index, ran, assisted_by=None):
        """A complete draft; a project that has already run (``ran``) started early, with permission.

        ``assisted_by``: begun by KI staff for the organisation, as the staff's start page does.
        """
        line = self.lines[index % len(self.lines)]
        start = date(2025, 3, 1) if ran else date(2027, 2, 1) + timedelta(days=index * 3)
        # Below the call's limit for a single equipment item (5.000 €).
        amounts = [Decimal(self.rng.randrange(8, 50) * 100) for _ in range(self.rng.randrange(2, 5))]
        total = sum(amounts)
        rate = line.max_rate_percent / 100
        requested = min(line.max_grant, (total * rate).quantize(Decimal("1")))
        title = PROJECTS[index % len(PROJECTS)]
        fields = dict(
            summary="Ein offenes Angebot für alle Menschen im Ort, gemeinsam mit Nachbarn und Schulen.",
            goals="Teilhabe stärken, Kontakte knüpfen, Orientierung im Alltag geben.",
            target_group="Neuzugewanderte Familien und Nachbarschaft",
            activities="Wöchentliche Treffen, ein Fest zum Abschluss, Begleitung durch Ehrenamtliche.",
            expected_participants=20 + index * 3, start_date=start, end_date=start + timedelta(days=300),
            early_start_requested=ran, early_start_reason=EARLY_START if ran else "",
            own_funds=total - requested, requested_amount=requested,
        )
        rows = []
        for order, amount in enumerate(amounts):
            category = CATEGORIES[(index + order) % len(CATEGORIES)]
            rows.append({"category": category, "amount": amount, "description": dict(CostLine.Category.choices)[category]})
        if assisted_by is not None:  # the services behind the staff's form steps
            app = application_create(user=assisted_by, organisation=organisation, line=line, title=title, assisted=True)
            app = application_save_fields(application=app, user=assisted_by, values=fields, allowed=list(fields))
            cost_lines_replace(application=app, user=assisted_by, rows=rows)
            return Application.objects.get(pk=app.pk)
        app = Application.objects.create(
            call=self.call, line=line, organisation=organisation, created_by=user, title=title,
            municipality=organisation.municipality, **fields,
        )
        for order, row in enumerate(rows):
            CostLine.objects.create(application=app, order=order, **row)
        return app

    def _submit(self, app, user, index):
        Application.objects.filter(pk=app.pk).update(
            declared_truthful=True, declared_not_started=True, declared_no_double_funding=True,
            declared_data_consent=True, declared_by=user, declared_at=timezone.now(),
        )
        app.refresh_from_db()
        app = app_services.application_submit(application=app, user=user)
        issue_application_pdf.enqueue(application_id=app.pk)  # as the portal does: the application as PDF
        return app

    def _withdraw(self, app, user, index):
        return app_services.application_withdraw(application=app, user=user, reason="Projekt wird verschoben.")

    def _start_review(self, app, user, index):
        reviews.review_declare(application=app, user=self.users["pruefung"], has_conflict=False)
        app = Application.objects.get(pk=app.pk)
        self._save_review(app, index)
        return app

    def _save_review(self, app, index, recommendation="", amount=None):
        """The reviewer's checklist and scores; with a recommendation the review completes."""
        checklist = {row["key"]: {"auto": row["auto"], "ok": True} for row in reviews.automatic_checks(app)}
        scores = {criterion: 2 + (index + i) % 4 for i, criterion in enumerate(self.criteria)}
        note = "Antrag vollständig, Verein antragsberechtigt, Finanzierung schlüssig." if recommendation else ""
        reviews.review_save(
            application=app, user=self.users["pruefung"], checklist=checklist, scores=scores,
            recommendation=recommendation, recommended_amount=amount, note=note, complete=bool(recommendation),
        )

    def _request_changes(self, app, user, index):
        return app_services.application_request_changes(
            application=app, user=self.users["pruefung"],
            message="Bitte laden Sie ein Angebot für die Honorarkosten hoch und erläutern Sie die Raummiete.",
        )

    def _approve(self, app, user, index):
        reduced = index % 3 == 0
        amount = (app.requested_amount * Decimal("0.8")).quantize(Decimal("1")) if reduced else app.requested_amount
        self._save_review(app, index, "approve_reduced" if reduced else "approve", amount if reduced else None)
        reasons = "Die Honorarkosten sind nur in Höhe ortsüblicher Sätze zuwendungsfähig." if reduced else ""
        app = app_services.application_approve(
            no_conflict=True, application=app, user=self.users["leitung"], amount=amount, reasons=reasons,
            line_approvals=self._line_approvals(app, amount) if reduced else None,
        )
        if index % 2 == 0:
            self._pay(app, user, amount / 2)
        return app

    def _line_approvals(self, app, amount):
        """A Teilbewilligung's cost lines: the cut of the eligible costs taken from the largest lines."""
        cut = approved_plan(app, amount).cost_reduction
        approvals = {}
        for line in sorted(app.cost_lines.all(), key=lambda line: -line.amount):
            taken = min(cut, line.amount)
            cut -= taken
            reason = f"Der Ansatz ist nur in Höhe ortsüblicher Sätze zuwendungsfähig ({format_money(taken)} gekürzt)."
            approvals[line.pk] = (line.amount - taken, reason if taken else "")
        return approvals

    def _pay(self, app, user, amount, paid_on=None):
        """A drawdown requested, released by the reviewer and booked by finance (four eyes), paid today or ``paid_on``."""
        drawdown = payments.drawdown_request(application=app, user=user, amount=amount, purpose="Erste Rate")
        drawdown = payments.drawdown_release(drawdown=drawdown, user=self.users["pruefung"])
        payments.drawdown_book(
            drawdown=drawdown, user=self.users["kasse"], paid_on=paid_on or timezone.localdate(), reference=f"KA-{app.pk:05d}"
        )

    def _reject(self, app, user, index):
        self._save_review(app, index, "reject")
        reason = self.call.standard_reasons.order_by("order").first().text
        return app_services.application_reject(no_conflict=True, application=app, user=self.users["leitung"], reasons=reason)

    def _submit_proof(self, app, user, index):
        paid = payments.paid_total(app)
        # A final payment is due where only half was drawn; everywhere else the grant was drawn in full.
        wanted = app.approved_amount / 2 if self.target == State.FINAL_PAYMENT_DUE else app.approved_amount
        if wanted > paid:
            self._pay(app, user, wanted - paid)
        proof = proofs.proof_for(app)
        spent = Decimal("0.00")
        share = SPENT_SHARE.get(self.target, Decimal("1.00"))
        for line in app.cost_lines.all():
            actual = (line.amount * share).quantize(Decimal("0.01"))
            spent += actual
            ProofLine.objects.create(
                proof=proof, cost_line=line, category=line.category, description=line.description,
                planned_amount=line.amount, actual_amount=actual,
            )
            Receipt.objects.create(
                proof=proof, date=app.start_date + timedelta(days=30), payee="Druckerei Rheine GmbH",
                purpose=line.description, amount=actual, category=line.category,
            )
        proof.activities = "Alle geplanten Treffen haben stattgefunden; das Abschlussfest war gut besucht."
        proof.participants_reached = app.expected_participants + 5
        proof.results = "Viele Familien kennen jetzt Ansprechpersonen in Schule und Verwaltung."
        # Own funds as planned: spending less than planned lowers the grant (ANBest-P Nr. 2).
        proof.own_funds_actual = min(app.own_funds, spent)
        proof.grant_actual = spent - proof.own_funds_actual
        proof.save()
        return proofs.proof_submit(application=app, user=user)

    def _request_proof_changes(self, app, user, index):
        return proofs.proof_request_changes(
            application=app, user=self.users["pruefung"], message="Bitte ergänzen Sie die Belege zur Raummiete.",
        )

    def _hearing(self):
        return {"legal_basis": "49_3_1", "reasons": HEARING_REASONS, "deadline": timezone.localdate() + timedelta(days=28)}

    def _accept_proof(self, app, user, index):
        return proofs.proof_accept(application=app, user=self.users["pruefung"], note="Nachweis vollständig und schlüssig.")

    def _accept_proof_with_final_payment(self, app, user, index):
        note = "Nachweis vollständig; die Zuwendung wird in voller Höhe festgesetzt, der Rest ist auszuzahlen."
        return proofs.proof_accept(application=app, user=self.users["pruefung"], note=note)

    def _accept_proof_with_refund(self, app, user, index):
        note = "Ausgaben unter dem Plan; die Zuwendung wird anteilig niedriger festgesetzt."
        return proofs.proof_accept(application=app, user=self.users["pruefung"], note=note, hearing=self._hearing())

    def _start_hearing(self, app, user, index):
        """Money paid but the project did not start: the hearing on the refund of what was paid."""
        self._pay(app, user, app.approved_amount / 2)
        hearing = self._hearing()
        return recoveries.hearing_start(
            application=app, user=self.users["pruefung"], refund=recoveries.refundable(app),
            legal_basis=hearing["legal_basis"], reasons="Das Projekt hat bis heute nicht begonnen; die ausgezahlten Mittel wurden nicht alsbald verwendet.",
            deadline=hearing["deadline"],
        )

    def _decide_recovery(self, app, user, index):
        hearing = recoveries.current_hearing(app)
        recoveries.hearing_record_answer(
            application=app, user=self.users["pruefung"], received_on=timezone.localdate(),
            answer="Der Verein bestätigt die Zahlen und bittet um Ratenzahlung.",
        )
        return recoveries.recovery_decide(
            application=app, user=self.users["pruefung"], refund=hearing.intended_refund, legal_basis=hearing.legal_basis,
            reasons=hearing.reasons, effective_date=timezone.localdate(app.decided_at),
            due_date=timezone.localdate() + timedelta(days=30),
        )
