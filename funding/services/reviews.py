"""The review (Prüfung): assignment, conflicts of interest, checklist, scores.

A reviewer declares that there is no conflict of interest before the review
form opens; a declared conflict recuses them. Members of the applicant
organisation are excluded automatically. The checklist is pre-filled by
``automatic_checks`` and confirmed or corrected by the reviewer.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from funding import prepared, roles, rules
from funding.tenancy import authority_of
from funding.amounts import format_money, format_plain
from funding.models import Note, Review, ReviewScore
from funding.services.applications import application_request_changes, application_start_review
from funding.services.locks import lock_application
from funding.services.transitions import WorkflowError
from funding.workflow import ASSIGNABLE_STATES, State, can_review, has_assisted, is_member


# --- Automatic checks: the call's rules (funding.rules) as checklist rows -----
#
# Whether a row passes is decided by the rules alone; the detail states the
# facts the reviewer confirms.


def _documents_detail(app, problems):
    missing = rules.missing_document_kinds(app)
    if missing:
        return _("Es fehlen: %(kinds)s.") % {"kinds": ", ".join(str(kind.label) for kind in missing)}
    kinds = ", ".join(str(kind.label) for kind in rules.required_document_kinds(app.call))
    return _("Verlangte Unterlagen liegen vor: %(kinds)s.") % {"kinds": kinds}


def _not_required(required, detail):
    if required:
        return detail
    return _("%(detail)s Dieser Aufruf verlangt das nicht.") % {"detail": detail}


def _seat_detail(app, problems):
    org = app.organisation
    if org.municipality_id is None:
        detail = _("Keine Kommune im Kreis als Sitz angegeben (%(city)s).") % {"city": org.city}
    else:
        detail = _("Sitz in %(name)s.") % {"name": org.municipality.name}
    return _not_required(app.call.require_seat_in_district, detail)


def _charitable_detail(app, problems):
    org = app.organisation
    if not org.is_charitable or org.charitable_valid_until is None:
        detail = _("Keine Gemeinnützigkeit nachgewiesen.")
    else:
        detail = _("Freistellungsbescheid gültig bis %(until)s, Eingang am %(day)s.") % {
            "until": _day(org.charitable_valid_until),
            "day": _day(rules.reference_day(app)),
        }
    return _not_required(app.call.require_charitable, detail)


def _organisation_detail(app, problems):
    org, failed = app.organisation, {problem.rule for problem in problems}
    notes = {
        "registered_association": _("kein e.V."),
        "migrant_share": _("Anteil mit Migrationsgeschichte %(share)s %%") % {"share": org.migrant_share_percent},
        "independence": _("nicht unabhängig"),
    }
    found = [note for rule, note in notes.items() if rule in failed]
    return "; ".join(found) or _("Rechtsform, Migrationsanteil und Unabhängigkeit erfüllt.")


def _limits_detail(app, problems):
    line, requested = app.line, app.requested_amount
    detail = _("Beantragt %(requested)s (%(rate)s %% der Kosten); Förderlinie: %(min)s bis %(max)s, höchstens %(max_rate)s %%.")
    detail %= {
        "requested": format_money(requested),
        "rate": format_plain(app.funding_rate_percent()) if app.total_costs() else "–",
        "min": format_money(line.min_grant),
        "max": format_money(line.max_grant),
        "max_rate": format_plain(line.max_rate_percent),
    }
    return " ".join([detail, *(str(problem.message) for problem in problems if problem.rule != "grant_limits")])


def _period_detail(app, problems):
    call = app.call
    start, end = (_day(value) if value else "–" for value in (app.start_date, app.end_date))
    return _("Projekt vom %(start)s bis %(end)s; Förderzeitraum %(first)s bis %(last)s.") % {
        "start": start, "end": end, "first": _day(call.period_start), "last": _day(call.period_end),
    }


def _balance_detail(app, problems):
    return _("Differenz Kosten minus Finanzierung: %(diff)s.") % {"diff": format_money(app.plan_difference())}


def _start_detail(app, problems):
    if app.start_date is None:
        return _("Kein Projektbeginn angegeben.")
    day = rules.reference_day(app)
    detail = _("Projektbeginn %(start)s, Eingang am %(day)s.") % {"start": _day(app.start_date), "day": _day(day)}
    if rules.early_start_used(app):
        return detail + " " + _("Vorzeitiger Maßnahmebeginn beantragt: schriftliche Zulassung prüfen.")
    return detail


# (key, label, the rules it stands for, detail)
CHECKS = [
    ("documents_complete", gettext_lazy("Unterlagen vollständig"), ("documents",), _documents_detail),
    ("seat_in_district", gettext_lazy("Sitz im Kreis"), ("seat_in_district",), _seat_detail),
    ("charitable", gettext_lazy("Gemeinnützigkeit am Tag des Eingangs gültig"), ("charitable",), _charitable_detail),
    (
        "organisation_rules",
        gettext_lazy("Antragsberechtigung des Vereins"),
        ("registered_association", "migrant_share", "independence"),
        _organisation_detail,
    ),
    (
        "within_limits",
        gettext_lazy("Grenzen der Förderlinie eingehalten"),
        ("grant_limits", "volunteer_share", "equipment"),
        _limits_detail,
    ),
    ("project_period", gettext_lazy("Projektzeitraum im Förderzeitraum"), ("project_period",), _period_detail),
    ("plan_balanced", gettext_lazy("Kosten- und Finanzierungsplan ausgeglichen"), ("plan_balanced",), _balance_detail),
    ("not_started", gettext_lazy("Projekt noch nicht begonnen"), ("not_started",), _start_detail),
]


def _day(value):
    return date_format(value, "d.m.Y")


def automatic_checks(application):
    """Rows ``{key, label, auto, detail}`` for the checklist form.

    ``auto`` is True when the call's rules behind the row hold, False when
    one fails, and None where only the reviewer can tell (an early start
    needs the written permission).
    """
    found = rules.eligibility_problems(application)
    rows = []
    for key, label, rule_keys, describe in CHECKS:
        problems = [problem for problem in found if problem.rule in rule_keys]
        auto = not problems
        if key == "not_started" and auto and rules.early_start_used(application):
            auto = None
        rows.append({"key": key, "label": label, "auto": auto, "detail": describe(application, problems)})
    return rows


def checklist_rows(review):
    """The saved checklist with labels, marking where the reviewer corrected it."""
    labels = {key: label for key, label, _rules, _detail in CHECKS}
    rows = []
    for key, entry in (review.checklist or {}).items():
        entry = entry if isinstance(entry, dict) else {"auto": entry, "ok": entry}
        corrected = entry.get("auto") is not None and entry.get("auto") != entry.get("ok")
        rows.append({"key": key, "label": labels.get(key, key), "ok": entry.get("ok"), "corrected": corrected})
    return rows


# --- Assignment and declarations --------------------------------------------


def reviewer_candidates(application):
    """Reviewers who may be assigned: not in the organisation, no declared conflict."""
    members = application.organisation.memberships.values("user")
    conflicted = application.reviews.filter(has_conflict=True).values("reviewer")
    users = get_user_model().objects.filter(
        is_active=True, staff_roles__role=roles.REVIEWER, staff_roles__authority=authority_of(application)
    ).distinct()
    return users.exclude(pk__in=members).exclude(pk__in=conflicted).order_by("last_name", "first_name")


def _check_assignable(app, user, reviewer):
    authority = authority_of(app)
    if not (roles.is_approver(user, authority) or (reviewer == user and roles.is_reviewer(user, authority))):
        raise PermissionDenied(_("Nur die Leitung kann andere Personen zuweisen."))
    if app.state not in ASSIGNABLE_STATES:
        raise WorkflowError(_("In diesem Status kann keine Prüfung zugewiesen werden."))
    if not roles.is_reviewer(reviewer, authority_of(app)) or not reviewer.is_active:
        raise WorkflowError(_("Die Person gehört nicht zur Sachbearbeitung (Prüfung)."))
    if is_member(app, reviewer):
        raise WorkflowError(_("Die Person ist Mitglied der antragstellenden Organisation und daher ausgeschlossen."))
    if app.reviews.filter(reviewer=reviewer, has_conflict=True).exists():
        raise WorkflowError(_("Die Person hat sich für befangen erklärt."))
    if has_assisted(app, reviewer):
        raise WorkflowError(_("Die Person hat den Antrag für die Organisation ausgefüllt und prüft ihn daher nicht."))


def review_assign(*, application, user, reviewer):
    """Zuweisen: the Leitung assigns anybody, a reviewer takes an unassigned file."""
    with transaction.atomic():
        app = lock_application(application.pk)
        _check_assignable(app, user, reviewer)
        if reviewer == user and not roles.is_approver(user, authority_of(app)) and app.assigned_reviewer_id not in (None, user.pk):
            raise PermissionDenied(_("Dieser Antrag ist bereits einer anderen Person zugewiesen."))
        app.assigned_reviewer = reviewer
        app.save(update_fields=["assigned_reviewer", "updated_at"])
        body = _("Prüfung zugewiesen an %(name)s.") % {"name": reviewer.get_full_name() or reviewer.get_username()}
        Note.objects.create(application=app, author=user, body=body)
        return app


def review_declare(*, application, user, has_conflict, note=""):
    """Erklärung zur Befangenheit; with no conflict, the review starts."""
    with transaction.atomic():
        app = lock_application(application.pk)
        if not can_review(app, user):
            raise PermissionDenied(_("Sie können diesen Antrag nicht prüfen."))
        if app.state not in ASSIGNABLE_STATES:
            raise WorkflowError(_("In diesem Status ist keine Prüfung mehr möglich."))
        review, _created = Review.objects.get_or_create(application=app, reviewer=user)
        if review.no_conflict_declared_at:
            return review
        if has_conflict:
            return _recuse(app, review, user, note)
        review.no_conflict_declared_at = timezone.now()
        review.save(update_fields=["no_conflict_declared_at"])
        if app.state == State.SUBMITTED:
            application_start_review(application=app, user=user)
        elif app.assigned_reviewer_id is None:
            app.assigned_reviewer = user
            app.save(update_fields=["assigned_reviewer", "updated_at"])
        return review


def _recuse(app, review, user, note):
    review.has_conflict, review.conflict_note = True, note
    review.save(update_fields=["has_conflict", "conflict_note"])
    if app.assigned_reviewer_id == user.pk:
        app.assigned_reviewer = None
        app.save(update_fields=["assigned_reviewer", "updated_at"])
    body = _("Befangenheit erklärt; die Person ist von der Prüfung ausgeschlossen. %(note)s") % {"note": note}
    Note.objects.create(application=app, author=user, body=body.strip())
    return review


def own_review(application, user):
    """The user's review after declaring no conflict, or None."""
    return application.reviews.filter(reviewer=user, has_conflict=False, no_conflict_declared_at__isnull=False).first()


# --- The review itself -------------------------------------------------------


def weighted_total(scores):
    """Weighted mean of ``{criterion: score}`` on the 0–5 scale."""
    weight = sum((criterion.weight for criterion in scores), Decimal("0"))
    if not weight:
        return None
    total = sum((criterion.weight * score for criterion, score in scores.items()), Decimal("0"))
    return (total / weight).quantize(Decimal("0.01"))


def review_save(*, application, user, checklist, scores, recommendation, recommended_amount, note, complete, message=""):
    """Saves checklist, scores and Prüfvermerk; completing may request changes.

    ``scores`` maps ScoreCriterion to 0–5. Completing with the recommendation
    "request changes" sends ``message`` to the applicant and leaves the review
    open for the answer; every other recommendation completes the review.
    """
    with transaction.atomic():
        app = lock_application(application.pk)
        review = _editable_review(app, user)
        review.checklist = checklist
        review.recommendation, review.recommended_amount, review.note = recommendation, recommended_amount, note
        _save_scores(review, scores)
        review.total_score = weighted_total(scores)
        if complete:
            _check_complete(app, review, scores, message)
        if complete and recommendation == Review.Recommendation.REQUEST_CHANGES:
            application_request_changes(application=app, user=user, message=message)
        elif complete:
            review.completed_at = timezone.now()
        review.save()
        return review


def _editable_review(app, user):
    if not can_review(app, user):
        raise PermissionDenied(_("Sie können diesen Antrag nicht prüfen."))
    review = own_review(app, user)
    if review is None:
        raise PermissionDenied(_("Bitte erklären Sie zuerst, dass keine Befangenheit besteht."))
    if app.state != State.IN_REVIEW:
        raise WorkflowError(_("Geprüft werden kann nur ein Antrag im Status „In Prüfung“."))
    if review.completed_at:
        raise WorkflowError(_("Die Prüfung ist bereits abgeschlossen."))
    return review


def _save_scores(review, scores):
    review.scores.exclude(criterion__in=list(scores)).delete()
    for criterion, score in scores.items():
        ReviewScore.objects.update_or_create(review=review, criterion=criterion, defaults={"score": score})


def inadmissible(review):
    """A recommended rejection with a failed check: a formal rejection that needs no scores."""
    failed = any(not (entry.get("ok") if isinstance(entry, dict) else entry) for entry in (review.checklist or {}).values())
    return review.recommendation == Review.Recommendation.REJECT and failed


def _check_complete(app, review, scores, message):
    errors = []
    if set(scores) != set(app.call.criteria.all()) and not inadmissible(review):
        errors.append(_("Bitte bewerten Sie alle Kriterien."))
    if not review.recommendation or not review.note.strip():
        errors.append(_("Empfehlung und Prüfvermerk sind erforderlich."))
    if review.recommendation == Review.Recommendation.APPROVE_REDUCED:
        amount = review.recommended_amount
        if amount is None or not 0 < amount < app.requested_amount:
            errors.append(_("Der empfohlene Betrag muss größer als 0 € und kleiner als der beantragte Betrag sein."))
    if review.recommendation == Review.Recommendation.REQUEST_CHANGES and not message.strip():
        errors.append(_("Bitte schreiben Sie dem Antragsteller, was nachzureichen ist."))
    if errors:
        raise WorkflowError(errors)


def current_review(application):
    """The review the decision rests on: completed first, then the latest open one."""
    found = prepared.children(("current-review",), application, _current_review, "application")
    return found[0] if found else None


def _current_review(parent):
    reviews = Review.objects.filter(application_id=parent, has_conflict=False, no_conflict_declared_at__isnull=False)
    reviews = reviews.select_related("reviewer").prefetch_related("scores__criterion")
    return reviews.order_by(F("completed_at").desc(nulls_last=True), "-created_at")[:1]
