"""Builds demo applications and drives them through the real workflow.

Every state is reached by the same services the application uses, so the
transition log, decisions, payments and letters of the demo are real. The
way to each state comes from the state machine (``funding.workflow.route``).
"""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from applicants.models import Membership, OrganisationDocument
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
LATE_USE_DAYS = 100  # the early drawdown's payout, so long ago that two months have passed
LATE_USE_REASONS = (
    "Die erste Rate wurde abgerufen und ausgezahlt, laut Belegliste aber innerhalb von zwei Monaten nach der "
    "Auszahlung nicht für den Zuwendungszweck verwendet (ANBest-P Nr. 1.4)."
)
LATE_USE_ANSWER = "Der Verein bestätigt die Zahlen; die Honorarkräfte konnten erst später gebunden werden."


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
        decided by the approver, all through the services. Only the payout
        is recorded with a past day (``LATE_USE_DAYS`` ago), as finance books
        a transfer on the day it left the account.
        """
        self.target = State.APPROVED
        representative = self._representative(organisation)
        self._documents(organisation, representative)
        app = self._draft(organisation, representative, index, ran=False)
        for step in route(State.APPROVED):
            app = getattr(self, f"_{step}")(app, representative, index)
        self._pay(app, representative, app.approved_amount / 2, paid_on=timezone.localdate() - timedelta(days=LATE_USE_DAYS))
        today, reviewer = timezone.localdate(), self.users["pruefung"]
        claim = interest_claims.interest_claim_propose(
            application=app, user=reviewer, reasons=LATE_USE_REASONS, due_date=today + timedelta(days=30),
        )
        claim = interest_claims.interest_claim_hearing_start(claim=claim, user=reviewer, deadline=today + timedelta(days=14))
        recoveries.hearing_record_answer(application=app, user=reviewer, answer=LATE_USE_ANSWER, received_on=today)
        return interest_claims.interest_claim_decide(
            claim=claim, user=self.users["leitung"],
            reasons=LATE_USE_REASONS + " Dass die Honorarkräfte erst später gebunden wurden, rechtfertigte keinen Abruf "
            "auf Vorrat; Gründe, von der Verzinsung abzusehen, sind nicht ersichtlich.",
        )

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

    def _draft(self, organisation, user, index, ran):
        """A complete draft; a project that has already run (``ran``) started early, with permission."""
        line = self.lines[index % len(self.lines)]
        start = date(2025, 3, 1) if ran else date(2027, 2, 1) + timedelta(days=index * 3)
        # Below the call's limit for a single equipment item (5.000 €).
        amounts = [Decimal(self.rng.randrange(8, 50) * 100) for _ in range(self.rng.randrange(2, 5))]
        total = sum(amounts)
        rate = line.max_rate_percent / 100
        requested = min(line.max_grant, (total * rate).quantize(Decimal("1")))
        app = Application.objects.create(
            call=self.call, line=line, organisation=organisation, created_by=user,
            title=PROJECTS[index % len(PROJECTS)], municipality=organisation.municipality,
            summary="Ein offenes Angebot für alle Menschen im Ort, gemeinsam mit Nachbarn und Schulen.",
            goals="Teilhabe stärken, Kontakte knüpfen, Orientierung im Alltag geben.",
            target_group="Neuzugewanderte Familien und Nachbarschaft",
            activities="Wöchentliche Treffen, ein Fest zum Abschluss, Begleitung durch Ehrenamtliche.",
            expected_participants=20 + index * 3, start_date=start, end_date=start + timedelta(days=300),
            early_start_requested=ran, early_start_reason=EARLY_START if ran else "",
            own_funds=total - requested, requested_amount=requested,
        )
        for order, amount in enumerate(amounts):
            category = CATEGORIES[(index + order) % len(CATEGORIES)]
            CostLine.objects.create(
                application=app, category=category, amount=amount, order=order,
                description=dict(CostLine.Category.choices)[category],
            )
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
