"""The rules an application is measured by, each written once.

Eligibility: the rules a funding call configures (who may apply, the
funding period, the line's limits, the documents it asks for) are
evaluated here and nowhere else. ``eligibility_problems`` returns every
rule the application breaks, as plain-language ``Problem`` rows. Three
places use them:

- the applicant's form steps and summary (``applicants/checks.py``), which
  show each problem at its step and field;
- the reviewer's pre-filled checklist (``funding/services/reviews.py``);
- the conditions of the ``submit`` and ``resubmit`` transitions
  (``funding/workflow.py``), so no caller of the services can skip a rule.

Only what the call switches on applies: a call that does not require a seat
in the district or charitable status asks for neither, nor for the
documents that would prove them. ``docs/workflow.md`` lists the rules.

The proof of use is measured by ANBest-P 1.2 (``OVERRUN_TOLERANCE``).
"""

from decimal import ROUND_DOWN, Decimal
from typing import NamedTuple

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applicants.models import Organisation, OrganisationDocument
from funding.amounts import format_money, format_plain

CENT = Decimal("0.01")
# Parts of an application a rule is about; the applicant portal shows each at its form step.
ORGANISATION, PROJECT, COSTS, FINANCING, DOCUMENTS = "organisation", "project", "costs", "financing", "documents"


class Problem(NamedTuple):
    rule: str
    field: str | None
    message: str


def _day(value):
    return date_format(value, "d.m.Y")


def reference_day(application):
    """The day the rules are measured on: the first submission, or today for a draft."""
    if application.submitted_at:
        return timezone.localdate(application.submitted_at)
    return timezone.localdate()


# --- The organisation ---------------------------------------------------------


def registered_association(app, day, documents):
    if app.call.require_registered_association and app.organisation.legal_form == Organisation.LegalForm.OTHER:
        return [_("Nur eingetragene Vereine (e.V.) oder Untergliederungen eines e.V. können einen Antrag stellen.")]
    return []


def charitable(app, day, documents):
    organisation = app.organisation
    if not app.call.require_charitable:
        return []
    if not organisation.is_charitable:
        return [_("Ihr Verein muss als gemeinnützig anerkannt sein.")]
    if not organisation.charitable_status_valid_on(day):
        return [
            _("Ihr Freistellungsbescheid ist nicht mehr gültig oder sein Datum fehlt. Bitte laden Sie den aktuellen Bescheid hoch.")
        ]
    return []


def seat_in_district(app, day, documents):
    if app.call.require_seat_in_district and app.organisation.municipality_id is None:
        return [_("Ihr Verein muss seinen Sitz im Kreis haben. Bitte wählen Sie im Profil die Kommune Ihres Vereinssitzes.")]
    return []


def migrant_share(app, day, documents):
    minimum = app.call.min_migrant_share_percent
    if app.organisation.migrant_share_percent < minimum:
        return [
            _("Mindestens %(share)s %% der Mitglieder oder des Vorstands müssen eine Migrationsgeschichte haben.")
            % {"share": minimum}
        ]
    return []


def independence(app, day, documents):
    if app.call.require_independence and not app.organisation.independent:
        return [_("Ihr Verein muss unabhängig von Regierungen und Parteien sein.")]
    return []


# --- The project --------------------------------------------------------------


def project_period(app, day, documents):
    """Both dates given, inside the call's funding period, the end after the start."""
    call, problems = app.call, []
    if app.start_date is None:
        problems.append(("start_date", _("Bitte geben Sie an, wann das Projekt beginnt.")))
    if app.end_date is None:
        problems.append(("end_date", _("Bitte geben Sie an, wann das Projekt endet.")))
    if app.start_date and app.start_date < call.period_start:
        message = _("Das Projekt kann frühestens am %(day)s beginnen.") % {"day": _day(call.period_start)}
        problems.append(("start_date", message))
    if app.end_date and app.end_date > call.period_end:
        problems.append(("end_date", _("Das Projekt muss spätestens am %(day)s enden.") % {"day": _day(call.period_end)}))
    if app.start_date and app.end_date and app.end_date < app.start_date:
        problems.append(("end_date", _("Das Projektende liegt vor dem Projektbeginn.")))
    return problems


def not_started(app, day, documents):
    """Not begun before submission, unless the call allows an early start and it is requested with reasons."""
    if app.early_start_requested and not app.call.allow_early_start:
        return [("early_start_requested", _("In diesem Förderaufruf ist ein vorzeitiger Beginn nicht möglich."))]
    if app.early_start_requested and not app.early_start_reason.strip():
        return [("early_start_reason", _("Bitte begründen Sie, warum das Projekt vor der Bewilligung beginnen soll."))]
    if app.start_date and app.start_date < day and not app.early_start_requested:
        message = _(
            "Das Projekt darf nicht vor dem Einreichen (%(day)s) beginnen. Wählen Sie ein späteres Datum oder beantragen Sie einen vorzeitigen Beginn."
        ) % {"day": _day(day)}
        return [("start_date", message)]
    return []


def early_start_used(application):
    """True when the project begins before submission under a requested early start.

    The written permission (vorzeitiger Maßnahmebeginn) is then for the
    reviewer to confirm; no rule can check it.
    """
    start = application.start_date
    return bool(application.early_start_requested and start and start < reference_day(application))


# --- Costs and financing -----------------------------------------------------


def equipment(app, day, documents):
    limit = app.call.max_equipment_item
    message = _(
        "„%(line)s“: Einzelne Ausstattungsgegenstände über %(max)s sind nicht förderfähig. Bitte teilen Sie die Position auf oder prüfen Sie den Betrag."
    )
    return [
        message % {"line": line.description, "max": format_money(limit)}
        for line in app.cost_lines.all()
        if line.category == "material" and line.amount > limit
    ]


def grant_limits(app, day, documents):
    """The requested grant within the funding line: above 0 €, its minimum, maximum and maximum rate."""
    line, requested, costs = app.line, app.requested_amount, app.total_costs()
    values = {"line": line.name, "min": format_money(line.min_grant), "max": format_money(line.max_grant)}
    problems = []
    if requested <= 0:
        problems.append(_("Bitte geben Sie an, wie viel Zuwendung Sie beantragen."))
    elif requested < line.min_grant:
        problems.append(_("In der Förderlinie „%(line)s“ beträgt die Zuwendung mindestens %(min)s.") % values)
    if requested > line.max_grant:
        problems.append(_("In der Förderlinie „%(line)s“ beträgt die Zuwendung höchstens %(max)s.") % values)
    rate_max = rate_maximum(app, costs)
    # Only the lower of the two limits is named: the line's maximum or the rate's.
    if requested > rate_max and costs > 0 and rate_max < line.max_grant:
        problems.append(
            _("Sie können höchstens %(rate)s %% der Gesamtkosten beantragen, hier also höchstens %(max)s.")
            % {"rate": format_plain(line.max_rate_percent), "max": format_money(rate_max)}
        )
    return [("requested_amount", message) for message in problems]


def rate_maximum(app, costs=None):
    """The most that may be requested under the line's maximum funding rate."""
    costs = app.total_costs() if costs is None else costs
    return (costs * app.line.max_rate_percent / 100).quantize(CENT, rounding=ROUND_DOWN)


def volunteer_share(app, day, documents):
    share = app.call.max_volunteer_share_percent
    if share >= 100 or app.volunteer_work <= 0:
        return []
    allowed = (app.own_funds * share / (100 - share)).quantize(CENT, rounding=ROUND_DOWN)
    if app.volunteer_work <= allowed:
        return []
    message = _(
        "Die Eigenleistung darf höchstens %(share)s %% des Eigenanteils (Eigenmittel plus Eigenleistung) sein. "
        "Bei Eigenmitteln von %(own)s sind das höchstens %(max)s."
    ) % {"share": format_plain(share), "own": format_money(app.own_funds), "max": format_money(allowed)}
    return [("volunteer_work", message)]


def plan_balanced(app, day, documents):
    """Total costs equal own funds + volunteer work + third-party + other public funds + the grant."""
    costs, financing = app.total_costs(), app.total_financing()
    if costs == financing:
        return []
    if costs > financing:
        message = _("Der Plan ist nicht ausgeglichen: Die Kosten betragen %(costs)s, die Finanzierung %(financing)s. Es fehlen %(diff)s.")
    else:
        message = _("Der Plan ist nicht ausgeglichen: Die Finanzierung (%(financing)s) ist um %(diff)s höher als die Kosten (%(costs)s).")
    values = {"costs": format_money(costs), "financing": format_money(financing), "diff": format_money(abs(costs - financing))}
    return [message % values]


# --- Documents ----------------------------------------------------------------


def required_document_kinds(call):
    """The standing documents the call asks for: statutes always, the others as its rules need them."""
    kinds = [OrganisationDocument.Kind.STATUTES]
    if call.require_registered_association:
        kinds.append(OrganisationDocument.Kind.REGISTER_EXTRACT)
    if call.require_charitable:
        kinds.append(OrganisationDocument.Kind.TAX_EXEMPTION)
    return kinds


def missing_document_kinds(app, documents=None):
    """Required kinds neither in the organisation's profile nor attached to the application."""
    if documents is None:
        documents = app.organisation.documents.all()
    present = {document.kind for document in documents} | {attachment.kind for attachment in app.attachments.all()}
    return [kind for kind in required_document_kinds(app.call) if kind.value not in present]


def documents_present(app, day, documents):
    """Each missing standing document, as (its kind, message): it is uploaded in the profile."""
    return [
        (kind.value, _("Es fehlt: %(kind)s. Bitte laden Sie das Dokument im Profil Ihres Vereins hoch.") % {"kind": kind.label})
        for kind in missing_document_kinds(app, documents)
    ]


# --- Evaluation ---------------------------------------------------------------


class Rule(NamedTuple):
    key: str
    part: str
    check: object


RULES = (
    Rule("registered_association", ORGANISATION, registered_association),
    Rule("charitable", ORGANISATION, charitable),
    Rule("seat_in_district", ORGANISATION, seat_in_district),
    Rule("migrant_share", ORGANISATION, migrant_share),
    Rule("independence", ORGANISATION, independence),
    Rule("project_period", PROJECT, project_period),
    Rule("not_started", PROJECT, not_started),
    Rule("equipment", COSTS, equipment),
    Rule("grant_limits", FINANCING, grant_limits),
    Rule("volunteer_share", FINANCING, volunteer_share),
    Rule("plan_balanced", FINANCING, plan_balanced),
    Rule("documents", DOCUMENTS, documents_present),
)
PARTS = {rule.key: rule.part for rule in RULES}


def eligibility_problems(application, *, documents=None, parts=None):
    """Every configured rule of the call that ``application`` breaks, in the order of the form.

    ``parts`` limits the rules to those about some parts of the application
    (``ORGANISATION``, ``PROJECT``, ...); ``documents`` are the organisation's
    standing documents when the caller has them loaded already (to keep
    query counts flat).
    """
    day = reference_day(application)
    found = []
    for rule in RULES:
        if parts is not None and rule.part not in parts:
            continue
        for result in rule.check(application, day, documents):
            field, message = result if isinstance(result, tuple) else (None, result)
            found.append(Problem(rule.key, field, message))
    return found


def application_period_problems(application, today=None):
    """A first submission only while the call accepts applications."""
    call = application.call
    if call.is_open_on(today or timezone.localdate()):
        return []
    return [Problem("application_period", None, _("Der Antragszeitraum ist beendet (%(day)s).") % {"day": _day(call.closes_on)})]


# --- Proof of use (ANBest-P) ----------------------------------------------------

# ANBest-P 1.2: a single line of the cost plan may be exceeded by up to 20 %
# if the excess is offset by savings elsewhere. Spending less is no breach.
OVERRUN_TOLERANCE = Decimal("0.20")


def is_overrun(planned, actual):
    """More than 20 % above the plan (or any spending on a line planned with 0 €)."""
    return actual > planned * (1 + OVERRUN_TOLERANCE)
