"""Decision letters: Zuwendungsbescheid, Teilbewilligung, Ablehnungsbescheid."""

from decimal import Decimal

from django.utils import timezone

from funding.amounts import amount_in_words, format_percent
from funding.financing import approved_plan
from funding.letterkinds import samples
from funding.letterkinds.base import REMEDY, Annex, LetterKind, common_context, common_objects, day, euro, register
from funding.letterkinds.provisions import provisions_annex, provisions_in_force
from funding.models import Decision, FundingLine
from funding.texts import block, placeholder

FinancingType = FundingLine.FinancingType

# --- Placeholders of decision letters ---------------------------------------------------

placeholder("amount", "Bewilligter Betrag (Höchstbetrag)")(lambda c: euro(c["decision_amount"]))
placeholder("amount_words", "Bewilligter Betrag in Worten")(lambda c: c["amount_words"])
placeholder("funding_rate", "Fördersatz (Anteil an den zuwendungsfähigen Ausgaben)")(
    lambda c: format_percent(c["funding_rate"], language="de")
)
placeholder("eligible_costs", "Zuwendungsfähige Ausgaben laut Bescheid")(lambda c: euro(c["eligible_costs"]))
placeholder("requested_costs", "Gesamtausgaben laut Antrag")(lambda c: euro(c["total_costs"]))
placeholder("proof_due_date", "Frist für den Verwendungsnachweis")(lambda c: day(c["application"].proof_due_date))
placeholder("period_start", "Beginn des Bewilligungszeitraums")(lambda c: day(c["application"].start_date))
placeholder("period_end", "Ende des Bewilligungszeitraums")(lambda c: day(c["application"].end_date))
placeholder("decision_date", "Datum der Entscheidung")(lambda c: day(c["decision_date"]))
placeholder("legal_bases", "Rechtsgrundlage und, falls eingetragen, „sowie der“ Förderrichtlinie")(
    lambda c: " sowie der ".join(part for part in (c["programme"].legal_basis, c["programme"].guideline) if part)
)

# --- Text blocks ---------------------------------------------------------------------------

LEGAL_BASIS = block(
    "approval_legal_basis",
    "Bescheid: Rechtsgrundlage",
    "Die Zuwendung wird auf der Grundlage der {legal_bases} gewährt. Ein Rechtsanspruch auf die Zuwendung "
    "besteht nicht; die Bewilligungsbehörde entscheidet nach pflichtgemäßem Ermessen im Rahmen der verfügbaren "
    "Haushaltsmittel.",
    placeholders=("legal_bases",),
)
FINANCING = {
    FinancingType.FULL: block(
        "financing_full",
        "Bescheid: Finanzierungsart Vollfinanzierung",
        "Die Zuwendung wird als Projektförderung im Wege der Vollfinanzierung als nicht rückzahlbarer Zuschuss "
        "gewährt. Sie deckt die zuwendungsfähigen Ausgaben, soweit sie nicht durch Drittmittel oder andere "
        "öffentliche Mittel gedeckt sind; ein Eigenanteil wird nicht verlangt. Die Zuwendung ist auf den "
        "Höchstbetrag von {amount} begrenzt.",
        placeholders=("amount",),
    ),
    FinancingType.SHARE: block(
        "financing_share",
        "Bescheid: Finanzierungsart Anteilfinanzierung",
        "Die Zuwendung wird als Projektförderung im Wege der Anteilfinanzierung als nicht rückzahlbarer Zuschuss "
        "gewährt. Sie beträgt {funding_rate} der zuwendungsfähigen Ausgaben, höchstens {amount} (Höchstbetrag). "
        "Verringern sich die zuwendungsfähigen Ausgaben, verringert sich die Zuwendung anteilig.",
        placeholders=("amount", "funding_rate"),
    ),
    FinancingType.DEFICIT: block(
        "financing_deficit",
        "Bescheid: Finanzierungsart Fehlbedarfsfinanzierung",
        "Die Zuwendung wird als Projektförderung im Wege der Fehlbedarfsfinanzierung als nicht rückzahlbarer "
        "Zuschuss gewährt. Sie deckt den Betrag, um den die zuwendungsfähigen Ausgaben Ihre Eigenmittel und die "
        "Einnahmen von dritter Seite übersteigen, höchstens {amount} (Höchstbetrag). Höhere Eigen- oder "
        "Drittmittel verringern die Zuwendung in voller Höhe.",
        placeholders=("amount",),
    ),
    FinancingType.FIXED: block(
        "financing_fixed",
        "Bescheid: Finanzierungsart Festbetragsfinanzierung",
        "Die Zuwendung wird als Projektförderung im Wege der Festbetragsfinanzierung als nicht rückzahlbarer "
        "Zuschuss in Höhe eines festen Betrages von {amount} gewährt. Sie ermäßigt sich nur, wenn die "
        "zuwendungsfähigen Ausgaben unter diesen Betrag sinken.",
        placeholders=("amount",),
    ),
}
ELIGIBLE_COSTS = block(
    "approval_eligible_costs",
    "Bescheid: zuwendungsfähige Ausgaben und verbindlicher Finanzierungsplan",
    "Die zuwendungsfähigen Ausgaben betragen {eligible_costs}. Der Ausgaben- und Finanzierungsplan in der Fassung "
    "dieses Bescheides (Anlage 1) ist verbindlich; Einzelansätze dürfen nach Nr. 1.2 {anbest_short} überschritten "
    "werden, soweit die Überschreitung durch Einsparungen bei anderen Einzelansätzen ausgeglichen wird.",
    placeholders=("eligible_costs", "anbest_short"),
)
PAYMENT = block(
    "approval_payment",
    "Bescheid: Auszahlung und Mittelabruf",
    "Die Zuwendung wird auf Ihre Anforderung (Mittelabruf im Antragsportal) ausgezahlt. Sie darf nur insoweit und "
    "nicht eher angefordert werden, als sie innerhalb von zwei Monaten nach der Auszahlung für fällige Zahlungen "
    "benötigt wird (Nr. 1.4 {anbest_short}).",
    placeholders=("anbest_short",),
)
PROOF = block(
    "approval_proof",
    "Bescheid: Verwendungsnachweis (Form und Frist)",
    "Die Verwendung der Zuwendung ist bis zum {proof_due_date} nachzuweisen (Nr. 6 {anbest_short}). Der "
    "Verwendungsnachweis besteht aus einem Sachbericht und einem zahlenmäßigen Nachweis nach der Gliederung des "
    "Finanzierungsplans mit einer Belegliste (Datum, Empfänger, Zweck und Betrag jeder Zahlung in zeitlicher "
    "Reihenfolge). Er ist über das Antragsportal einzureichen. Die Belege sind fünf Jahre nach Vorlage des "
    "Verwendungsnachweises aufzubewahren.",
    placeholders=("proof_due_date", "anbest_short"),
)
SIDE_PROVISIONS = block(
    "approval_side_provisions",
    "Bescheid: Nebenbestimmungen (Abschnitt II)",
    "Die Nebenbestimmungen „{anbest_title}“ ({anbest_short}) in der Fassung {anbest_version} sind Bestandteil dieses Bescheides "
    "(Anlage 2), soweit in diesem Bescheid nichts anderes bestimmt ist.\n\n"
    "**Mitteilungspflichten.** Sie sind verpflichtet, unverzüglich mitzuteilen, wenn sich der Zuwendungszweck oder "
    "sonstige für die Bewilligung maßgebliche Umstände ändern, wenn sich die zuwendungsfähigen Ausgaben ermäßigen "
    "oder sich die Finanzierung ändert (insbesondere durch weitere Zuwendungen oder höhere Eigen- oder Drittmittel) "
    "oder wenn ausgezahlte Beträge nicht innerhalb von zwei Monaten verbraucht werden können (Nr. 5 {anbest_short}).\n\n"
    "**Prüfungsrecht.** Die Bewilligungsbehörde und der Landesrechnungshof sind berechtigt, Bücher, Belege und "
    "sonstige Geschäftsunterlagen anzufordern sowie die Verwendung der Zuwendung durch örtliche Erhebungen zu prüfen "
    "oder durch Beauftragte prüfen zu lassen (Nr. 7 {anbest_short}, § 91 LHO NRW).\n\n"
    "**Erstattung und Verzinsung.** Die Zuwendung ist zu erstatten, soweit dieser Bescheid nach §§ 48, 49 VwVfG NRW "
    "oder anderen Rechtsvorschriften mit Wirkung für die Vergangenheit zurückgenommen oder widerrufen oder sonst "
    "unwirksam wird (§ 49a Abs. 1 VwVfG NRW, Nr. 8 {anbest_short}). Der Erstattungsbetrag ist nach § 49a Abs. 3 "
    "VwVfG NRW mit fünf Prozentpunkten über dem Basiszinssatz jährlich zu verzinsen.\n\n"
    "**Öffentlichkeitsarbeit.** Bei Veröffentlichungen und Veranstaltungen zum Projekt ist auf die Förderung durch "
    "{authority_name} hinzuweisen.",
    placeholders=("anbest_title", "anbest_short", "anbest_version", "authority_name"),
    help="Jeder Absatz wird eine nummerierte Bestimmung.",
)
PARTIAL_DISCRETION = block(
    "partial_discretion",
    "Teilbewilligung: Ermessenserwägungen",
    "Ein Rechtsanspruch auf die Zuwendung besteht nicht. Bei der Entscheidung nach pflichtgemäßem Ermessen wurden "
    "Ihr Interesse an einer Förderung in beantragter Höhe, der Zuwendungszweck, die Grundsätze der Wirtschaftlichkeit "
    "und Sparsamkeit (§ 7 LHO NRW) und die Gleichbehandlung aller Antragstellenden im Rahmen der verfügbaren "
    "Haushaltsmittel abgewogen. Die nicht bewilligten Ausgaben sind durch Eigen- oder Drittmittel zu decken oder "
    "einzusparen; dies ist im Verwendungsnachweis darzustellen.",
)
ANNEX_PLAN = block(
    "annex_plan",
    "Anlagenverzeichnis: Finanzierungsplan",
    "Ausgaben- und Finanzierungsplan in der Fassung dieses Bescheides (verbindlich)",
)
ANNEX_PROVISIONS = block(
    "annex_provisions",
    "Anlagenverzeichnis: ANBest",
    "{anbest_title} ({anbest_short}), Fassung: {anbest_version}, gültig ab {anbest_valid_from}",
    placeholders=("anbest_title", "anbest_short", "anbest_version", "anbest_valid_from"),
)
REJECTION_LEGAL_BASIS = block(
    "rejection_legal_basis",
    "Ablehnung: Rechtsgrundlage, kein Rechtsanspruch",
    "Zuwendungen werden auf der Grundlage der {legal_bases} gewährt. Ein Rechtsanspruch auf eine Zuwendung besteht "
    "nicht. Die Bewilligungsbehörde entscheidet nach pflichtgemäßem Ermessen (§ 40 VwVfG NRW) im Rahmen der "
    "verfügbaren Haushaltsmittel.",
    placeholders=("legal_bases",),
)
REJECTION_DISCRETION = block(
    "rejection_discretion",
    "Ablehnung: Ermessenserwägungen",
    "Bei der Ausübung des Ermessens wurden Ihr Interesse an der Förderung, der Zweck des Förderprogramms und die "
    "Gleichbehandlung aller Antragstellenden gegeneinander abgewogen. Eine Förderung ist danach nicht möglich.",
)
OTHER_FUNDING = block(
    "rejection_other_funding",
    "Ablehnung: Hinweis auf andere Förderung",
    "Gerne beraten wir Sie zu anderen Fördermöglichkeiten, etwa Landesprogrammen für Migrantenselbstorganisationen, "
    "Stiftungen oder der Vereinsförderung Ihrer Kommune, und zu einer erneuten Antragstellung in einem späteren "
    "Förderaufruf. Ihre Ansprechperson: {contact}.",
    placeholders=("contact", "contact_name", "contact_phone", "contact_email"),
)


# --- Context -------------------------------------------------------------------------------


def decision_objects(application, decision=None, with_provisions=True, **given):
    decision = decision or application.decision
    decided_on = timezone.localdate(decision.decided_at)
    provisions = given.pop("provisions", None)
    if provisions is None and with_provisions:
        provisions = provisions_in_force(application.organisation, decided_on, application.call.programme.authority_id)
    return common_objects(
        application,
        decision=decision,
        cost_lines=given.pop("cost_lines", None) or list(application.cost_lines.all()),
        approved_lines=given.pop("approved_lines", None) or approved_lines_of(decision),
        provisions=provisions,
        letter_date=given.pop("letter_date", None) or decided_on,
        signed_by=given.pop("signed_by", None) or decision.decided_by,
        **given,
    )


def approved_lines_of(decision):
    """The cost lines as a Teilbewilligung approved them (``DecisionCostLine``), also before they are saved."""
    pending = getattr(decision, "pending_lines", None)
    if pending is not None:
        return pending
    return list(decision.cost_lines.select_related("cost_line")) if decision.pk else []


def decision_context(*, decision, cost_lines, provisions, approved_lines=(), **objects):
    application = objects["application"]
    amount = decision.amount if decision.amount is not None else application.requested_amount
    plan = approved_plan(application, amount, cost_lines)  # fitted to the line's financing type
    return common_context(
        **objects,
        decision=decision,
        decision_date=timezone.localdate(decision.decided_at),
        decision_amount=amount,
        amount_words=amount_in_words(amount),
        reduction=application.requested_amount - amount,
        plan=plan,
        funding_rate=plan.rate,
        eligible_costs=plan.eligible_costs,
        cost_lines=cost_lines,
        approved_lines=approved_lines,
        reduced_lines=[line for line in approved_lines if line.reduction],
        total_costs=plan.requested_costs,
        provisions=provisions,
    )


class DecisionKind(LetterKind):
    noun = "Bescheid"
    outcome = Decision.Outcome.APPROVED
    attaches_provisions = True

    def objects(self, application, **given):
        return decision_objects(application, with_provisions=self.attaches_provisions, **given)

    def sample_objects(self):
        objects = samples.common()
        app = objects["application"]
        amount = None if self.outcome != Decision.Outcome.PARTIAL else Decimal("6400.00")
        decision = samples.decision(app, self.outcome, amount)
        cost_lines = samples.cost_lines(app)
        return {
            **objects,
            "decision": decision,
            "cost_lines": cost_lines,
            "approved_lines": samples.approved_lines(decision, cost_lines) if amount else [],
            "provisions": samples.provisions() if self.attaches_provisions else None,
        }

    def context(self, **objects):
        return decision_context(**objects)


class ApprovalKind(DecisionKind):
    name = "approval"
    title = "Zuwendungsbescheid"
    blocks = (
        LEGAL_BASIS, *FINANCING.values(), ELIGIBLE_COSTS, PAYMENT, PROOF, SIDE_PROVISIONS, ANNEX_PLAN,
        ANNEX_PROVISIONS, REMEDY,
    )

    def context(self, **objects):
        context = super().context(**objects)
        context["financing_text"] = FINANCING[context["line"].financing_type]
        return context

    def used_blocks(self, context):
        shown = FINANCING[context["line"].financing_type]
        return tuple(key for key in self.blocks if key == shown or key not in FINANCING.values())

    def annexes(self, context):
        return [
            Annex(title=context["texts"][ANNEX_PLAN], template="letters/_financing_plan.html"),
            provisions_annex(context["provisions"], context["texts"][ANNEX_PROVISIONS]),
        ]


class PartialApprovalKind(ApprovalKind):
    name = "partial_approval"
    title = "Zuwendungsbescheid (Teilbewilligung)"
    outcome = Decision.Outcome.PARTIAL
    blocks = (*ApprovalKind.blocks, PARTIAL_DISCRETION)


class RejectionKind(DecisionKind):
    name = "rejection"
    title = "Ablehnungsbescheid"
    outcome = Decision.Outcome.REJECTED
    attaches_provisions = False
    blocks = (REJECTION_LEGAL_BASIS, REJECTION_DISCRETION, OTHER_FUNDING, REMEDY)

    def context(self, **objects):
        context = super().context(**objects)
        context["amount_words"] = amount_in_words(context["application"].requested_amount)
        return context


APPROVAL = register(ApprovalKind())
PARTIAL_APPROVAL = register(PartialApprovalKind())
REJECTION = register(RejectionKind())
KIND_OF_OUTCOME = {kind.outcome: kind.name for kind in (APPROVAL, PARTIAL_APPROVAL, REJECTION)}
