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
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from funding import roles
from funding.amounts import format_eur
from funding.models import Attachment, Note, Review, ReviewScore
from funding.services.applications import application_request_changes, application_start_review
from funding.services.locks import lock_application
from funding.services.transitions import WorkflowError
from funding.workflow import State, can_review, is_member

ASSIGNABLE_STATES = (State.SUBMITTED, State.IN_REVIEW, State.CHANGES_REQUESTED)
REQUIRED_DOCUMENTS = ("statutes", "register_extract", "tax_exemption")


# --- Automatic checks: application -> (passed or None, detail) --------------


def _check_seat(app):
    org = app.organisation
    if org.municipality_id is None:
        return False, _("Keine Kommune im Kreis als Sitz angegeben (%(city)s).") % {"city": org.city}
    return True, _("Sitz in %(name)s.") % {"name": org.municipality.name}


def _check_charitable(app):
    org, day = app.organisation, _submission_day(app)
    if not org.is_charitable or org.charitable_valid_until is None:
        return False, _("Keine Gemeinnützigkeit nachgewiesen.")
    detail = _("Freistellungsbescheid gültig bis %(until)s, Eingang am %(day)s.") % {
        "until": _day(org.charitable_valid_until),
        "day": _day(day),
    }
    return org.charitable_status_valid_on(day), detail


def _check_limits(app):
    line, requested, costs = app.line, app.requested_amount, app.total_costs()
    rate = (requested * 100 / costs).quantize(Decimal("0.01")) if costs else None
    passed = line.min_grant <= requested <= line.max_grant and rate is not None and rate <= line.max_rate_percent
    detail = _("Beantragt %(requested)s (%(rate)s %% der Kosten); Förderlinie: %(min)s bis %(max)s, höchstens %(max_rate)s %%.")
    return passed, detail % {
        "requested": format_eur(requested),
        "rate": number_format(rate.normalize()) if rate is not None else "–",
        "min": format_eur(line.min_grant),
        "max": format_eur(line.max_grant),
        "max_rate": number_format(line.max_rate_percent.normalize()),
    }


def _check_balanced(app):
    difference = app.plan_difference()
    return difference == 0, _("Differenz Kosten minus Finanzierung: %(diff)s.") % {"diff": format_eur(difference)}


def _check_not_started(app):
    if app.start_date is None:
        return None, _("Kein Projektbeginn angegeben.")
    detail = _("Projektbeginn %(start)s, Eingang am %(day)s.") % {"start": _day(app.start_date), "day": _day(_submission_day(app))}
    if app.start_date > _submission_day(app):
        return True, detail
    if app.early_start_requested and app.call.allow_early_start:
        return None, detail + " " + _("Vorzeitiger Maßnahmebeginn beantragt: schriftliche Zulassung prüfen.")
    return False, detail


def _check_documents(app):
    present = set(app.attachments.values_list("kind", flat=True))
    present |= set(app.organisation.documents.values_list("kind", flat=True))
    missing = [kind for kind in REQUIRED_DOCUMENTS if kind not in present]
    if not missing:
        return True, _("Satzung, Vereinsregisterauszug und Freistellungsbescheid liegen vor.")
    labels = dict(Attachment.Kind.choices)
    return False, _("Es fehlen: %(kinds)s.") % {"kinds": ", ".join(str(labels[kind]) for kind in missing)}


def _check_membership_rules(app):
    org, call = app.organisation, app.call
    problems = []
    if call.require_registered_association and org.legal_form == "other":
        problems.append(_("kein e.V."))
    if org.migrant_share_percent < call.min_migrant_share_percent:
        problems.append(_("Anteil mit Migrationsgeschichte %(share)s %%") % {"share": org.migrant_share_percent})
    if call.require_independence and not org.independent:
        problems.append(_("nicht unabhängig"))
    return not problems, "; ".join(problems) or _("Rechtsform, Migrationsanteil und Unabhängigkeit erfüllt.")


CHECKS = [
    ("documents_complete", gettext_lazy("Unterlagen vollständig"), _check_documents),
    ("seat_in_district", gettext_lazy("Sitz im Kreis"), _check_seat),
    ("charitable", gettext_lazy("Gemeinnützigkeit am Tag des Eingangs gültig"), _check_charitable),
    ("organisation_rules", gettext_lazy("Antragsberechtigung des Vereins"), _check_membership_rules),
    ("within_limits", gettext_lazy("Grenzen der Förderlinie eingehalten"), _check_limits),
    ("plan_balanced", gettext_lazy("Kosten- und Finanzierungsplan ausgeglichen"), _check_balanced),
    ("not_started", gettext_lazy("Projekt noch nicht begonnen"), _check_not_started),
]


def _submission_day(app):
    return timezone.localdate(app.submitted_at) if app.submitted_at else timezone.localdate()


def _day(value):
    return date_format(value, "d.m.Y")


def automatic_checks(application):
    """Rows ``{key, label, auto, detail}`` for the checklist form."""
    rows = []
    for key, label, check in CHECKS:
        auto, detail = check(application)
        rows.append({"key": key, "label": label, "auto": auto, "detail": detail})
    return rows


def checklist_rows(review):
    """The saved checklist with labels, marking where the reviewer corrected it."""
    labels = {key: label for key, label, _check in CHECKS}
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
    users = get_user_model().objects.filter(is_active=True, groups__name=roles.REVIEWER)
    return users.exclude(pk__in=members).exclude(pk__in=conflicted).order_by("last_name", "first_name")


def _check_assignable(app, user, reviewer):
    if not (roles.is_approver(user) or (reviewer == user and roles.is_reviewer(user))):
        raise PermissionDenied(_("Nur die Leitung kann andere Personen zuweisen."))
    if app.state not in ASSIGNABLE_STATES:
        raise WorkflowError(_("In diesem Status kann keine Prüfung zugewiesen werden."))
    if not roles.is_reviewer(reviewer) or not reviewer.is_active:
        raise WorkflowError(_("Die Person gehört nicht zur Sachbearbeitung (Prüfung)."))
    if is_member(app, reviewer):
        raise WorkflowError(_("Die Person ist Mitglied der antragstellenden Organisation und daher ausgeschlossen."))
    if app.reviews.filter(reviewer=reviewer, has_conflict=True).exists():
        raise WorkflowError(_("Die Person hat sich für befangen erklärt."))


def review_assign(*, application, user, reviewer):
    """Zuweisen: the Leitung assigns anybody, a reviewer takes an unassigned file."""
    with transaction.atomic():
        app = lock_application(application.pk)
        _check_assignable(app, user, reviewer)
        if reviewer == user and not roles.is_approver(user) and app.assigned_reviewer_id not in (None, user.pk):
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


def _check_complete(app, review, scores, message):
    errors = []
    if set(scores) != set(app.call.criteria.all()):
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
    reviews = application.reviews.filter(has_conflict=False, no_conflict_declared_at__isnull=False)
    reviews = reviews.select_related("reviewer").prefetch_related("scores__criterion")
    return reviews.order_by(F("completed_at").desc(nulls_last=True), "-created_at").first()
