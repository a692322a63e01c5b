"""The application itself as PDF, through the hardened letters module."""

import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from applicants.models import ApplicationPreview, RenderSlot
from funding import letters
from funding.letters import sha256_hex
from funding.models import Application, Letter
from funding.letterkinds import context_for
from funding.services.letters import PreparedLetter, render_for, store_letter
from funding.services.locks import lock_application
from funding.workflow import state_logs

SUBMISSION_TRANSITIONS = ("submit", "submit_assisted", "resubmit")
PDF_RELATED = ("call__programme__authority", "line", "organisation", "declared_by", "municipality")


def application_letter_context(app):
    """The application as PDF (funding.letterkinds.application)."""
    return context_for(Letter.Kind.APPLICATION, app)


class RenderBusy(Exception):
    """The user already has a PDF being typeset; try again in a moment."""


@contextmanager
def render_slot(user):
    """Holds the user's one render slot (a row, so it works across app server processes) or raises RenderBusy."""
    now, token = timezone.now(), uuid.uuid4().hex
    stale = now - timedelta(seconds=settings.PREVIEW_RENDER_TIMEOUT_SECONDS)
    RenderSlot.objects.filter(user=user, started_at__lt=stale).delete()
    try:
        with transaction.atomic():
            RenderSlot.objects.create(user=user, token=token, started_at=now)
    except IntegrityError:
        raise RenderBusy from None
    try:
        yield
    finally:
        RenderSlot.objects.filter(user=user, token=token).delete()


def _cached_preview(app, digest):
    return ApplicationPreview.objects.filter(application=app, content_sha256=digest).values_list("pdf", flat=True).first()


def application_preview_pdf(*, application, user):
    """The draft as PDF: typeset at most once per version, never twice at once for one user.

    The version is the hash of the letter HTML, which holds everything that
    goes into the PDF. Raises ``RenderBusy`` while the user has another
    render running (in any process).
    """
    html = letters.render_letter_html(Letter.Kind.APPLICATION, application_letter_context(application))
    digest = sha256_hex(html.encode("utf-8"))
    cached = _cached_preview(application, digest)
    if cached is not None:
        return bytes(cached)
    with render_slot(user):
        cached = _cached_preview(application, digest)  # made meanwhile by another request
        if cached is not None:
            return bytes(cached)
        pdf = letters.html_to_pdf(html)
        ApplicationPreview.objects.update_or_create(
            application=application, defaults={"content_sha256": digest, "pdf": pdf, "created_at": timezone.now()}
        )
    return pdf


def _last_submission(app):
    log = state_logs(app).filter(transition__in=SUBMISSION_TRANSITIONS).order_by("-timestamp").first()
    return log.timestamp if log else None


def _needs_pdf(app):
    """True while the last submission has no stored PDF yet."""
    submitted = _last_submission(app)
    stored = Letter.objects.filter(application=app, kind=Letter.Kind.APPLICATION)
    return submitted is not None and not stored.filter(created_at__gte=submitted).exists()


def application_pdf_issue(application_id):
    """Renders and stores the application as submitted; idempotent per submission.

    Typeset before the row lock is taken; under the lock the check is
    repeated and the prepared PDF kept if nothing changed in between.
    """
    app = Application.objects.select_related(*PDF_RELATED).get(pk=application_id)
    if not _needs_pdf(app):
        return None
    prepared = PreparedLetter(Letter.Kind.APPLICATION, application_letter_context(app))
    with transaction.atomic():
        app = lock_application(application_id, related=PDF_RELATED)
        if not _needs_pdf(app):
            return None
        pdf = render_for(Letter.Kind.APPLICATION, application_letter_context(app), prepared)
        return store_letter(app, Letter.Kind.APPLICATION, pdf)
