"""What still stands between a draft and its submission, by form step.

The call's rules come from ``funding.rules`` (the one place they are
written); this module adds what the form itself needs filled in (the
project texts, at least one cost line, no unsaved input) and places every
problem at its form step and field. Form steps show them at the field, the
summary lists them all, and submission is refused while any remain. Drafts
may be saved with problems: the rules apply when the application is
submitted.
"""

from typing import NamedTuple

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from funding import rules
from funding.workflow import is_first_submission

PROJECT, COSTS, FINANCING, ATTACHMENTS, SUBMIT = "projekt", "kosten", "finanzierung", "anlagen", "einreichen"
ORGANISATION = "organisation"
PROJECT_TEXTS = ("summary", "goals", "target_group", "activities")
# The form step at which the problems with each part of the application are shown.
STEPS = {
    rules.ORGANISATION: ORGANISATION,
    rules.PROJECT: PROJECT,
    rules.COSTS: COSTS,
    rules.FINANCING: FINANCING,
    rules.DOCUMENTS: ATTACHMENTS,
}
UNSAVED = gettext_lazy("In diesem Schritt gibt es Eingaben mit Fehlern, die noch nicht gespeichert sind.")


class Problem(NamedTuple):
    step: str
    field: str | None
    message: str


def _day(value):
    return date_format(value, "d.m.Y")


# How long before its expiry a Freistellungsbescheid is flagged.
EXPIRY_WARNING_DAYS = 90


def charitable_warning(organisation, day=None):
    """A warning when the Freistellungsbescheid has expired or soon will, else None."""
    day = day or timezone.localdate()
    until = organisation.charitable_valid_until
    if not organisation.is_charitable:
        return None
    if until is None:
        return _("Bitte tragen Sie ein, bis wann Ihr Freistellungsbescheid gilt.")
    if until < day:
        return _(
            "Ihr Freistellungsbescheid ist seit dem %(day)s abgelaufen. Bitte laden Sie den neuen Bescheid hoch. "
            "Ohne gültigen Bescheid können Sie keinen Antrag einreichen."
        ) % {"day": _day(until)}
    if (until - day).days <= EXPIRY_WARNING_DAYS:
        return _(
            "Ihr Freistellungsbescheid gilt nur noch bis zum %(day)s. Bitte laden Sie rechtzeitig den neuen Bescheid hoch."
        ) % {"day": _day(until)}
    return None


def document_checklist(call, organisations):
    """Before starting: each document the call requires, and whether each organisation has it on file.

    Rows ``{kind, label, organisations: [{organisation, document}]}``; ``document``
    is the newest one on file or None.
    """
    rows = []
    for kind in rules.required_document_kinds(call):
        held = []
        for organisation in organisations:
            documents = [d for d in organisation.documents.all() if d.kind == kind.value]
            held.append({"organisation": organisation, "document": documents[0] if documents else None})
        rows.append({"kind": kind.value, "label": kind.label, "organisations": held})
    return rows


def completeness_problems(app, step):
    """What the form asks for at ``step`` beyond the call's rules."""
    if step == COSTS and not app.cost_lines.all():
        return [Problem(COSTS, None, _("Bitte tragen Sie mindestens eine Kostenposition ein."))]
    if step != PROJECT:
        return []
    problems = [
        Problem(PROJECT, name, _("Bitte füllen Sie dieses Feld aus."))
        for name in PROJECT_TEXTS
        if not getattr(app, name).strip()
    ]
    if not app.expected_participants:
        problems.append(Problem(PROJECT, "expected_participants", _("Bitte schätzen Sie, wie viele Menschen teilnehmen.")))
    if app.municipality_id is None:
        problems.append(Problem(PROJECT, "municipality", _("Bitte wählen Sie, in welcher Kommune das Projekt stattfindet.")))
    return problems


def rule_problems(app, steps, documents=None):
    """The call's rules about the parts of the application shown at ``steps``."""
    parts = [part for part, step in STEPS.items() if step in steps]
    found = rules.eligibility_problems(app, documents=documents, parts=parts)
    return [Problem(STEPS[rules.PARTS[p.rule]], p.field, p.message) for p in found]


def step_problems(app, step):
    """Problems shown at one data step of the form (project, costs, financing)."""
    return completeness_problems(app, step) + rule_problems(app, [step])


def application_problems(app, *, documents=None, drafts=()):
    """All problems of an application, in the order of the form steps.

    ``documents`` are the organisation's standing documents (loaded by the
    caller to keep query counts flat); ``drafts`` the steps with unsaved input.
    """
    found = [Problem(step, None, UNSAVED) for step in drafts]
    by_rules = rule_problems(app, STEPS.values(), documents)
    for step in (ORGANISATION, SUBMIT, PROJECT, COSTS, FINANCING, ATTACHMENTS):
        if step == SUBMIT and is_first_submission(app):
            found += [Problem(SUBMIT, None, p.message) for p in rules.application_period_problems(app)]
        found += completeness_problems(app, step) + [problem for problem in by_rules if problem.step == step]
    return found


def problems_for_step(problems, step):
    return [problem for problem in problems if problem.step == step]


# --- Proof of use -------------------------------------------------------------

NARRATIVE, FIGURES, RECEIPTS = "sachbericht", "zahlen", "belege"
PROOF_STEPS = (NARRATIVE, FIGURES, RECEIPTS)


def proof_draft_step(step):
    """The FormDraft key of a proof step (distinct from the application's steps)."""
    return f"proof_{step}"


def proof_problems(app, proof, *, drafts=()):
    """What must be filled in before the proof of use can be submitted."""
    problems = [
        Problem(step, None, UNSAVED)
        for step in PROOF_STEPS
        if proof_draft_step(step) in drafts
    ]
    texts = {
        "activities": _("Bitte beschreiben Sie, was durchgeführt wurde."),
        "results": _("Bitte beschreiben Sie die Ergebnisse."),
    }
    problems += [Problem(NARRATIVE, name, message) for name, message in texts.items() if not getattr(proof, name).strip()]
    if not proof.participants_reached:
        problems.append(Problem(NARRATIVE, "participants_reached", _("Bitte geben Sie an, wie viele Menschen teilgenommen haben.")))
    if proof.pk is None or not proof.lines.exists():
        problems.append(Problem(FIGURES, None, _("Bitte tragen Sie die tatsächlichen Ausgaben ein.")))
    if proof.pk is None or not proof.receipts.exists():
        problems.append(Problem(RECEIPTS, None, _("Bitte tragen Sie Ihre Belege in die Belegliste ein.")))
    return problems
