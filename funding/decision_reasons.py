"""Reasons of a decision prefilled from the review (§ 39 Abs. 1 VwVfG NRW).

The approver does not start from boilerplate: a rejection names the check
that failed (the rule not met) or, when the application was admissible but
the budget did not reach it, its score, its rank and the cut-off of the
call's ranking; a Teilbewilligung names the amounts and each cost line the
approver has to explain. The approver edits the text before deciding; what
is stored is what they decided.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max

from funding.amounts import format_money, format_plain
from funding.financing import approved_plan
from funding.models import Review
from funding.services.reviews import automatic_checks, checklist_rows
from funding.workflow import FUNDED_STATES, SUBMITTED_STATES


@dataclass(frozen=True)
class Rank:
    score: Decimal
    rank: int  # 1 is the best
    count: int  # scored applications of the call
    cutoff: Decimal | None  # lowest score of a funded application, None while nothing is funded


def call_ranking(call):
    """``[(application_id, score)]`` of the call's scored applications, best first (ties: earlier submission first)."""
    reviews = Review.objects.filter(
        application__call=call, application__state__in=SUBMITTED_STATES, completed_at__isnull=False,
        has_conflict=False, total_score__isnull=False,
    )
    best = reviews.values("application_id", "application__submitted_at").annotate(score=Max("total_score"))
    rows = sorted(best, key=lambda row: (-row["score"], row["application__submitted_at"], row["application_id"]))
    return [(row["application_id"], row["score"]) for row in rows]


def rank_of(application):
    """The application's place in its call's ranking, or None when it has no score."""
    ranking = call_ranking(application.call)
    places = {app_id: place for place, (app_id, _score) in enumerate(ranking, start=1)}
    if application.pk not in places:
        return None
    funded = set(application.call.applications.filter(state__in=FUNDED_STATES).values_list("pk", flat=True))
    funded_scores = [score for app_id, score in ranking if app_id in funded]
    return Rank(
        score=ranking[places[application.pk] - 1][1], rank=places[application.pk], count=len(ranking),
        cutoff=min(funded_scores) if funded_scores else None,
    )


def _points(value):
    return format_plain(value)


def rejection_reasons(application, review):
    """Prefilled reasons of an Ablehnungsbescheid: the checks not met, else score, rank and cut-off."""
    if review is None:
        return ""
    details = {row["key"]: row["detail"] for row in automatic_checks(application)}
    failed = [row for row in checklist_rows(review) if row["ok"] is False]
    if failed:
        return "\n\n".join(
            f"Die Fördervoraussetzung „{row['label']}“ ist nicht erfüllt. {details.get(row['key'], '')}".strip()
            for row in failed
        )
    rank = rank_of(application)
    if rank is None:
        return ""
    text = (
        f"Ihr Antrag ist zulässig und wurde nach den Bewertungskriterien des Förderaufrufs „{application.call.name}“ "
        f"mit {_points(rank.score)} von 5 Punkten bewertet. In der Rangfolge der {rank.count} bewerteten Anträge "
        f"steht er auf Platz {rank.rank}."
    )
    if rank.cutoff is not None:
        text += (
            f" Die verfügbaren Haushaltsmittel reichen für die Anträge mit mindestens {_points(rank.cutoff)} Punkten; "
            "für Ihren Antrag stehen keine Haushaltsmittel mehr zur Verfügung."
        )
    return text


def partial_reasons(application, review, amount):
    """Prefilled reasons of a Teilbewilligung: the amounts; each reduced cost line gets its own reason field."""
    if amount is None or amount >= application.requested_amount:
        return ""
    lines = [
        f"Beantragt wurden {format_money(application.requested_amount)}, bewilligt werden {format_money(amount)}.",
    ]
    if review is not None and review.recommended_amount:
        lines[0] += f" Die Prüfung empfiehlt {format_money(review.recommended_amount)}."
    plan = approved_plan(application, amount)
    lines.append(
        f"Bei {application.line.get_financing_type_display()} werden zuwendungsfähige Ausgaben von "
        f"{format_money(plan.eligible_costs)} statt {format_money(plan.requested_costs)} anerkannt."
    )
    return "\n".join(lines)
