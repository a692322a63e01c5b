"""Assisted applications: KI staff submit for an organisation; its representative confirms the declarations.

An organisation that came to the office has its application filled in by
KI staff with the portal's own forms and submitted with the portal's own
checks (``refuse_on_problems``), through ``submit_assisted``: the state log
records who submitted it and when. The declarations (Erklärungen) are the
organisation's, not the staff's: its representative confirms them either
through an e-mail link (a signed token naming a single-use, expiring
``DeclarationRequest``) or in person at the office, recorded by staff with
a mandatory note. Until then the application is received but cannot be
decided (``funding.conditions.declarations_confirmed``; docs/decisions.md).
"""

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applicants.services.submission import DECLARATIONS, refuse_on_problems
from applicants.tasks import issue_application_pdf
from funding.models import DeclarationRequest, Note
from funding.notifications import queue_email
from funding.services.applications import application_submit
from funding.services.locks import lock_application, lock_row
from funding.services.transitions import WorkflowError
from funding.workflow import can_assist

SALT = "applicants.assisted.declarations"
EMAIL, IN_PERSON = "email", "in_person"


class InvalidLink(Exception):
    """The confirmation link is forged, expired, or not for this application."""


def _max_age():
    return settings.DECLARATION_LINK_DAYS * 24 * 60 * 60


def application_submit_assisted(*, application, user, email="", confirmed_name="", note=""):
    """Submits ``application`` for its organisation; then asks for or records the declarations.

    With ``note`` the representative was present and confirmed in person
    (``confirmed_name``: who); otherwise the confirmation link is queued to
    ``email``. Everything in one transaction: refused, nothing is sent.
    """
    note, email = (note or "").strip(), (email or "").strip()
    if not note and not email:
        raise WorkflowError(_("Bitte geben Sie die E-Mail-Adresse der vertretungsberechtigten Person an oder erfassen Sie die persönliche Bestätigung."))
    if note and not (confirmed_name or "").strip():
        raise WorkflowError(_("Bitte geben Sie den Namen der vertretungsberechtigten Person an, die persönlich bestätigt hat."))
    how = _("persönlich bestätigt") if note else _("Bestätigungslink an %(email)s gesendet") % {"email": email}
    with transaction.atomic():
        app = application_submit(
            application=application, user=user, check=refuse_on_problems, assisted=True,
            reason=_("Erklärungen: %(how)s") % {"how": how},
        )
        if note:
            _confirm(app, via=IN_PERSON, name=confirmed_name, note=note, recorded_by=user)
        else:
            _send_link(app, user, email)
        issue_application_pdf.enqueue(application_id=app.pk)
    return app


def declaration_request_send(*, application, user, email):
    """A new confirmation link to ``email``; earlier unused links stop working."""
    if not can_assist(application, user):
        raise PermissionDenied
    with transaction.atomic():
        app = _lock_pending(application)
        request = _send_link(app, user, email)
        Note.objects.create(
            application=app, author=user,
            body=_("Link zur Bestätigung der Erklärungen an %(email)s gesendet.") % {"email": request.email},
        )
    return request


def declarations_confirm_in_person(*, application, user, name, note):
    """Staff record that the representative confirmed the declarations at the office; the note is required."""
    if not can_assist(application, user):
        raise PermissionDenied
    note, name = (note or "").strip(), (name or "").strip()
    if not note:
        raise WorkflowError(_("Bitte vermerken Sie, wer anwesend war und welches Ausweisdokument Sie gesehen haben."))
    if not name:
        raise WorkflowError(_("Bitte geben Sie den Namen der vertretungsberechtigten Person an, die persönlich bestätigt hat."))
    with transaction.atomic():
        app = _lock_pending(application)
        _confirm(app, via=IN_PERSON, name=name, note=note, recorded_by=user)
    return app


def token_for(request):
    return signing.dumps(
        {"r": request.pk, "a": request.application_id, "o": request.application.organisation_id}, salt=SALT
    )


def request_for_link(token, application_id):
    """The ``DeclarationRequest`` a link names; ``InvalidLink`` when it is forged, too old or for another case.

    Whether it was used already is for the page to say (``declarations_confirm_by_link`` refuses it).
    """
    try:
        payload = signing.loads(token, salt=SALT, max_age=_max_age())
    except signing.BadSignature:  # SignatureExpired is one
        raise InvalidLink from None
    if payload.get("a") != application_id:
        raise InvalidLink
    request = (
        DeclarationRequest.objects.select_related("application__organisation", "application__line")
        .filter(pk=payload.get("r"), application_id=application_id).first()
    )
    if request is None or request.application.organisation_id != payload.get("o"):
        raise InvalidLink
    return request


def link_problem(request):
    """Why the link cannot be used (any more), or ""."""
    if request.used_at is not None or not request.application.declarations_pending:
        return _("Die Erklärungen zu diesem Antrag sind bereits bestätigt. Der Link kann nur einmal benutzt werden.")
    if request.expires_at <= timezone.now():
        return _("Dieser Link ist abgelaufen. Bitte wenden Sie sich an das Kommunale Integrationszentrum; es sendet Ihnen einen neuen.")
    return ""


def declarations_confirm_by_link(*, request, name):
    """The representative confirms through the link: once, before it expires."""
    with transaction.atomic():
        app = lock_application(request.application_id)
        locked = lock_row(DeclarationRequest, request.pk)
        locked.application = app
        problem = link_problem(locked)
        if problem:
            raise WorkflowError(problem)
        now = timezone.now()
        locked.used_at = now
        locked.save(update_fields=["used_at"])
        app.declaration_requests.filter(used_at=None).exclude(pk=locked.pk).update(expires_at=now)
        note = _("Bestätigt über den Link an %(email)s.") % {"email": locked.email}
        _confirm(app, via=EMAIL, name=name, note=note, recorded_by=None)
    return app


def _lock_pending(application):
    app = lock_application(application.pk)
    if not app.is_assisted or app.submitted_at is None:
        raise WorkflowError(_("Dieser Antrag wurde nicht mit Unterstützung des KI eingereicht."))
    if not app.declarations_pending:
        raise WorkflowError(_("Die Erklärungen zu diesem Antrag sind bereits bestätigt."))
    return app


def _send_link(app, user, email):
    now = timezone.now()
    app.declaration_requests.filter(used_at=None).update(expires_at=now)  # one live link at a time
    request = DeclarationRequest.objects.create(application=app, email=email, created_by=user)
    request.application = app
    url = settings.SITE_URL + reverse("applicants:declarations_confirm", args=[app.pk, token_for(request)])
    queue_email("declarations_confirm", to=[email], context={"application": app, "url": url, "request": request})
    return request


def _confirm(app, *, via, name, note, recorded_by):
    now = timezone.now()
    for field in DECLARATIONS:
        setattr(app, field, True)
    app.declared_at = now
    app.declarations_confirmed_at = now
    app.declarations_confirmed_via = via
    app.declarations_confirmed_name = name.strip()[:200]
    app.declarations_confirmation_note = note
    app.declarations_recorded_by = recorded_by
    app._history_user = recorded_by
    app.save(update_fields=[
        *DECLARATIONS, "declared_at", "declarations_confirmed_at", "declarations_confirmed_via",
        "declarations_confirmed_name", "declarations_confirmation_note", "declarations_recorded_by", "updated_at",
    ])
