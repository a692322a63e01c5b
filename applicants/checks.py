"""What still stands between a draft and its submission.

Each check reads saved data and returns ``Problem`` rows: the form step,
the field (or None for the whole step) and a plain German message. Form
steps show them at the field, the summary lists them all, and submission
is refused while any remain. Drafts may be saved with problems: the rules
of the call and funding line apply when the application is submitted.
"""

from decimal import ROUND_DOWN, Decimal
from typing import NamedTuple

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applicants.models import Organisation, OrganisationDocument
from funding.amounts import format_eur
from funding.workflow import State

CENT = Decimal("0.01")
PROJECT, COSTS, FINANCING, ATTACHMENTS, SUBMIT = "projekt", "kosten", "finanzierung", "anlagen", "einreichen"
ORGANISATION = "organisation"
PROJECT_TEXTS = ("summary", "goals", "target_group", "activities")


class Problem(NamedTuple):
    step: str
    field: str | None
    message: str


def _day(value):
    return date_format(value, "d.m.Y")


def _euro(value):
    return format_eur(value.quantize(CENT))


def reference_day(application):
    """The day the start date is compared with: today, or the first submission."""
    if application.submitted_at:
        return timezone.localdate(application.submitted_at)
    return timezone.localdate()


def eligibility_problems(organisation, call, day=None):
    """Rules of the call the organisation itself must meet."""
    day = day or timezone.localdate()
    rules = [
        (
            call.require_registered_association and organisation.legal_form == Organisation.LegalForm.OTHER,
            _("Nur eingetragene Vereine (e.V.) oder Untergliederungen eines e.V. können einen Antrag stellen."),
        ),
        (call.require_charitable and not organisation.is_charitable, _("Ihr Verein muss als gemeinnützig anerkannt sein.")),
        (
            call.require_charitable and organisation.is_charitable and not organisation.charitable_status_valid_on(day),
            _("Ihr Freistellungsbescheid ist nicht mehr gültig oder sein Datum fehlt. Bitte laden Sie den aktuellen Bescheid hoch."),
        ),
        (
            call.require_seat_in_district and organisation.municipality_id is None,
            _("Ihr Verein muss seinen Sitz im Kreis haben. Bitte wählen Sie im Profil die Kommune Ihres Vereinssitzes."),
        ),
        (
            organisation.migrant_share_percent < call.min_migrant_share_percent,
            _("Mindestens %(share)s %% der Mitglieder oder des Vorstands müssen eine Migrationsgeschichte haben.")
            % {"share": call.min_migrant_share_percent},
        ),
        (
            call.require_independence and not organisation.independent,
            _("Ihr Verein muss unabhängig von Regierungen und Parteien sein."),
        ),
    ]
    return [Problem(ORGANISATION, None, message) for failed, message in rules if failed]


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


def project_problems(app):
    problems = [
        Problem(PROJECT, name, _("Bitte füllen Sie dieses Feld aus."))
        for name in PROJECT_TEXTS
        if not getattr(app, name).strip()
    ]
    if not app.expected_participants:
        problems.append(Problem(PROJECT, "expected_participants", _("Bitte schätzen Sie, wie viele Menschen teilnehmen.")))
    if app.municipality_id is None:
        problems.append(Problem(PROJECT, "municipality", _("Bitte wählen Sie, in welcher Kommune das Projekt stattfindet.")))
    return problems + date_problems(app)


def date_problems(app):
    call, problems = app.call, []
    if app.start_date is None:
        problems.append(Problem(PROJECT, "start_date", _("Bitte geben Sie an, wann das Projekt beginnt.")))
    if app.end_date is None:
        problems.append(Problem(PROJECT, "end_date", _("Bitte geben Sie an, wann das Projekt endet.")))
    if app.start_date and app.start_date < call.period_start:
        problems.append(Problem(PROJECT, "start_date", _("Das Projekt kann frühestens am %(day)s beginnen.") % {"day": _day(call.period_start)}))
    if app.end_date and app.end_date > call.period_end:
        problems.append(Problem(PROJECT, "end_date", _("Das Projekt muss spätestens am %(day)s enden.") % {"day": _day(call.period_end)}))
    if app.start_date and app.end_date and app.end_date < app.start_date:
        problems.append(Problem(PROJECT, "end_date", _("Das Projektende liegt vor dem Projektbeginn.")))
    return problems + early_start_problems(app)


def early_start_problems(app):
    day = reference_day(app)
    if app.early_start_requested and not app.call.allow_early_start:
        return [Problem(PROJECT, "early_start_requested", _("In diesem Förderaufruf ist ein vorzeitiger Beginn nicht möglich."))]
    if app.early_start_requested and not app.early_start_reason.strip():
        return [Problem(PROJECT, "early_start_reason", _("Bitte begründen Sie, warum das Projekt vor der Bewilligung beginnen soll."))]
    if app.start_date and app.start_date < day and not app.early_start_requested:
        return [
            Problem(
                PROJECT,
                "start_date",
                _("Das Projekt darf nicht vor dem Einreichen (%(day)s) beginnen. Wählen Sie ein späteres Datum oder beantragen Sie einen vorzeitigen Beginn.")
                % {"day": _day(day)},
            )
        ]
    return []


def cost_problems(app):
    lines = list(app.cost_lines.all())
    if not lines:
        return [Problem(COSTS, None, _("Bitte tragen Sie mindestens eine Kostenposition ein."))]
    limit = app.call.max_equipment_item
    return [
        Problem(
            COSTS,
            None,
            _("„%(line)s“: Einzelne Ausstattungsgegenstände über %(max)s sind nicht förderfähig. Bitte teilen Sie die Position auf oder prüfen Sie den Betrag.")
            % {"line": line.description, "max": _euro(limit)},
        )
        for line in lines
        if line.category == "material" and line.amount > limit
    ]


def financing_problems(app):
    costs, line, requested = app.total_costs(), app.line, app.requested_amount
    problems = []
    if requested <= 0:
        problems.append(Problem(FINANCING, "requested_amount", _("Bitte geben Sie an, wie viel Zuwendung Sie beantragen.")))
    elif requested < line.min_grant:
        problems.append(Problem(FINANCING, "requested_amount", _("In der Förderlinie „%(line)s“ beträgt die Zuwendung mindestens %(min)s.") % {"line": line.name, "min": _euro(line.min_grant)}))
    if requested > line.max_grant:
        problems.append(Problem(FINANCING, "requested_amount", _("In der Förderlinie „%(line)s“ beträgt die Zuwendung höchstens %(max)s.") % {"line": line.name, "max": _euro(line.max_grant)}))
    rate_max = rate_maximum(app, costs)
    if requested > rate_max and costs > 0:
        problems.append(
            Problem(
                FINANCING,
                "requested_amount",
                _("Sie können höchstens %(rate)s %% der Gesamtkosten beantragen, hier also höchstens %(max)s.")
                % {"rate": _percent(line.max_rate_percent), "max": _euro(rate_max)},
            )
        )
    return problems + volunteer_problems(app) + balance_problems(app, costs)


def rate_maximum(app, costs=None):
    """The most that may be requested under the line's maximum funding rate."""
    costs = app.total_costs() if costs is None else costs
    return (costs * app.line.max_rate_percent / 100).quantize(CENT, rounding=ROUND_DOWN)


def _percent(value):
    return f"{value.normalize():f}".replace(".", ",")


def volunteer_problems(app):
    share = app.call.max_volunteer_share_percent
    if share >= 100 or app.volunteer_work <= 0:
        return []
    allowed = (app.own_funds * share / (100 - share)).quantize(CENT, rounding=ROUND_DOWN)
    if app.volunteer_work <= allowed:
        return []
    message = _(
        "Die Eigenleistung darf höchstens %(share)s %% des Eigenanteils (Eigenmittel plus Eigenleistung) sein. "
        "Bei Eigenmitteln von %(own)s sind das höchstens %(max)s."
    ) % {"share": _percent(share), "own": _euro(app.own_funds), "max": _euro(allowed)}
    return [Problem(FINANCING, "volunteer_work", message)]


def balance_problems(app, costs):
    financing = app.total_financing()
    if costs == financing:
        return []
    if costs > financing:
        message = _("Der Plan ist nicht ausgeglichen: Die Kosten betragen %(costs)s, die Finanzierung %(financing)s. Es fehlen %(diff)s.")
    else:
        message = _("Der Plan ist nicht ausgeglichen: Die Finanzierung (%(financing)s) ist um %(diff)s höher als die Kosten (%(costs)s).")
    values = {"costs": _euro(costs), "financing": _euro(financing), "diff": _euro(abs(costs - financing))}
    return [Problem(FINANCING, None, message % values)]


def required_document_kinds(call):
    kinds = [OrganisationDocument.Kind.STATUTES]
    if call.require_registered_association:
        kinds.append(OrganisationDocument.Kind.REGISTER_EXTRACT)
    if call.require_charitable:
        kinds.append(OrganisationDocument.Kind.TAX_EXEMPTION)
    return kinds


def document_problems(app, document_kinds, attachment_kinds):
    """Standing documents the call needs, from the profile or the application."""
    have = set(document_kinds) | set(attachment_kinds)
    return [
        Problem(
            ATTACHMENTS,
            None,
            _("Es fehlt: %(kind)s. Bitte laden Sie das Dokument im Profil Ihres Vereins hoch.") % {"kind": kind.label},
        )
        for kind in required_document_kinds(app.call)
        if kind.value not in have
    ]


def application_problems(app, *, documents=None, drafts=()):
    """All problems of an application, in the order of the form steps.

    ``documents`` are the organisation's standing documents (loaded by the
    caller to keep query counts flat); ``drafts`` the steps with unsaved input.
    """
    if documents is None:
        documents = list(app.organisation.documents.all())
    attachment_kinds = {a.kind for a in app.attachments.all()}
    problems = [
        Problem(step, None, _("In diesem Schritt gibt es Eingaben mit Fehlern, die noch nicht gespeichert sind."))
        for step in drafts
    ]
    problems += eligibility_problems(app.organisation, app.call, reference_day(app))
    if app.state == State.DRAFT and not app.call.is_open_on(timezone.localdate()):
        problems.append(Problem(SUBMIT, None, _("Der Antragszeitraum ist beendet (%(day)s).") % {"day": _day(app.call.closes_on)}))
    problems += project_problems(app) + cost_problems(app) + financing_problems(app)
    problems += document_problems(app, {d.kind for d in documents}, attachment_kinds)
    return problems


def problems_for_step(problems, step):
    return [problem for problem in problems if problem.step == step]


# --- Proof of use -------------------------------------------------------------

NARRATIVE, FIGURES, RECEIPTS = "sachbericht", "zahlen", "belege"
PROOF_STEPS = (NARRATIVE, FIGURES, RECEIPTS)
# ANBest-P 1.2: a single line may be exceeded by up to 20 % if offset elsewhere.
OVERRUN_TOLERANCE = Decimal("1.20")


def proof_draft_step(step):
    """The FormDraft key of a proof step (distinct from the application's steps)."""
    return f"proof_{step}"


def proof_problems(app, proof, *, drafts=()):
    """What must be filled in before the proof of use can be submitted."""
    problems = [
        Problem(step, None, _("In diesem Schritt gibt es Eingaben mit Fehlern, die noch nicht gespeichert sind."))
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


def is_overrun(planned, actual):
    """More than 20 % above the plan (or spent on a line planned with 0 €)."""
    return actual > planned * OVERRUN_TOLERANCE
