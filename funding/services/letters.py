"""Issuing letters: render once, store with SHA-256, never regenerate.

What a letter says comes from its kind (``funding.letterkinds``): the
template, the configured text blocks, the data. This module makes the PDF
and stores it. Decision and recovery letters are stored inside the
transaction that records the decision, so a Bescheid exists exactly when
its decision does and the approver can download it right after deciding.
The e-mail that delivers it is queued in the same transaction.

The typesetting, the slow part, happens before the locks are taken: a
``PreparedLetter`` holds the HTML and the PDF made from unlocked rows; under
the lock the HTML is rendered again from the locked rows (milliseconds)
and the prepared PDF is kept only if that HTML is identical, so what is
stored is exactly what rendering under the lock would have produced.
"""

import logging

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django_fsm import can_proceed, has_transition_perm

from funding import letters
from funding.files import delete_unless_committed
from funding.letterkinds import context_for
from funding.letterkinds.decisions import KIND_OF_OUTCOME
from funding.letters import sha256_hex
from funding.models import Application, Letter
from funding.notifications import organisation_addresses, queue_email
from funding.services.locks import lock_application

logger = logging.getLogger(__name__)
LETTER_RELATED = ("call__programme__authority", "line", "organisation")

# Outcome of a decision -> its letter kind (Zuwendungsbescheid, Teilbewilligung, Ablehnungsbescheid).
DECISION_LETTER_KINDS = KIND_OF_OUTCOME


def decision_letter_context(application, decision, **given):
    """The full context of the decision letter of ``decision`` (which may be unsaved)."""
    return context_for(DECISION_LETTER_KINDS[decision.outcome], application, decision=decision, **given)


class PreparedLetter:
    """A letter typeset without any lock held, to be stored under the lock."""

    def __init__(self, kind, context):
        self.kind = kind
        self.text_versions = context.get("text_versions", {})
        self.html = letters.render_letter_html(kind, context)
        self.pdf = letters.html_to_pdf(self.html)

    def pdf_for(self, kind, context):
        """The PDF for ``context``: the prepared one while its HTML is unchanged, else typeset anew."""
        html = letters.render_letter_html(kind, context)
        if kind != self.kind or html != self.html:
            logger.info("letter %s changed under the lock; typesetting again", kind)
            self.kind, self.html, self.pdf = kind, html, letters.html_to_pdf(html)
        self.text_versions = context.get("text_versions", {})
        return self.pdf


def render_for(kind, context, prepared=None):
    return prepared.pdf_for(kind, context) if prepared is not None else letters.render_letter(kind, context)


def recorded_versions(context):
    """What a stored letter records about its texts: block versions and the ANBest attached."""
    versions = dict(context.get("text_versions", {}))
    provisions = context.get("provisions")
    if provisions is not None and provisions.pk:
        versions["anbest"] = {"id": provisions.pk, "kind": provisions.kind, "version": provisions.version}
    return versions


def store_letter(application, kind, pdf, user=None, text_versions=None, key=""):
    """Stores ``pdf`` as the letter of ``kind``; the file goes again if the transaction rolls back."""
    letter = Letter(
        application=application, kind=kind, key=key, sha256=sha256_hex(pdf), size=len(pdf), created_by=user,
        text_versions=text_versions or {},
    )
    suffix = f"-{key}" if key else ""
    letter.file.save(f"{application.file_reference}-{kind}{suffix}.pdf", ContentFile(pdf), save=False)
    delete_unless_committed(letter.file)
    letter.save()
    return letter


def existing_letter(application_id, kind, key=""):
    return Letter.objects.filter(application_id=application_id, kind=kind, key=key).first()


def issue_letter(
    application, kind, *, context=None, user=None, email=None, email_context=None, prepared=None, key="", **objects
):
    """Stores the letter of ``kind`` once and queues the e-mail ``email`` carrying it.

    The caller holds the application's lock. ``context`` is the letter's full
    context (``funding.letterkinds.build_context``); without it the context is
    built from the rows of ``application`` and ``objects``. Returns the letter
    already stored for this kind when there is one. ``key`` tells apart
    letters of a kind an application can receive more than once (a hearing,
    a recovery, an amendment: one per row).
    """
    letter = existing_letter(application.pk, kind, key)
    if letter is not None:
        return letter
    context = context if context is not None else context_for(kind, application, **objects)
    pdf = render_for(kind, context, prepared)
    letter = store_letter(application, kind, pdf, user=user, text_versions=recorded_versions(context), key=key)
    if email:
        queue_email(
            email,
            to=organisation_addresses(application.organisation),
            context={"application": application, "letter": letter, **(email_context or {})},
            letter_ids=[letter.pk],
        )
    return letter


def prepare_decision_letter(application, transition, user, decide):
    """The Bescheid of a decision about to be taken, typeset before any lock.

    ``decide(app)`` sets the decision's data on a fresh, unlocked copy of the
    application and returns the unsaved ``Decision``. Returns None when the
    step would be refused anyway (state, conditions, permission), so a
    refused decision costs no typesetting.
    """
    app = Application.objects.select_related(*LETTER_RELATED).get(pk=application.pk)
    decision = decide(app)
    method = getattr(app, transition)
    if not can_proceed(method) or not has_transition_perm(method, user):
        return None
    return PreparedLetter(DECISION_LETTER_KINDS[decision.outcome], decision_letter_context(app, decision))


def issue_decision_letter(application, user=None, prepared=None):
    """Zuwendungsbescheid, Teilbewilligung or Ablehnungsbescheid of the decision."""
    decision = application.decision
    kind = DECISION_LETTER_KINDS[decision.outcome]
    context = decision_letter_context(application, decision)
    return issue_letter(
        application, kind, context=context, user=user, email="decision", email_context={"decision": decision},
        prepared=prepared,
    )


def issue_recovery_letter(application, recovery, user=None):
    """Rückforderungsbescheid with the interest table (§ 49a (3) VwVfG)."""
    return issue_letter(
        application, Letter.Kind.RECOVERY, user=user, email="recovery", email_context={"recovery": recovery},
        key=f"recovery-{recovery.pk}", recovery=recovery,
    )


def issue_interest_letter(application, claim, user=None):
    """Zinsbescheid (§ 49a Abs. 4 VwVfG NRW) for money used later than two months after payout."""
    return issue_letter(
        application, Letter.Kind.LATE_USE_INTEREST, user=user, email="late_use_interest",
        email_context={"claim": claim}, key=f"interest-{claim.pk}", claim=claim,
    )


def issue_late_use_hearing_letter(application, claim, hearing, user=None):
    """Anhörung (§ 28 VwVfG NRW) before a Zinsbescheid: the interest computed, its periods, the deadline."""
    return issue_letter(
        application, Letter.Kind.LATE_USE_HEARING, user=user, email="late_use_hearing", email_context={"hearing": hearing},
        key=f"hearing-{hearing.pk}", claim=claim, hearing=hearing,
    )


def issue_hearing_letter(application, hearing, user=None):
    """Anhörung (§ 28 VwVfG NRW): intended refund, reasons, deadline for comments."""
    return issue_letter(
        application, Letter.Kind.HEARING, user=user, email="hearing", email_context={"hearing": hearing},
        key=f"hearing-{hearing.pk}", hearing=hearing,
    )


def issue_audit_letter(application, settlement, user=None, hearing=None):
    """Prüfmitteilung: the result of the audit, the settled grant, what happens next."""
    return issue_letter(
        application, Letter.Kind.AUDIT_RESULT, user=user, email="audit_result", email_context={"settlement": settlement},
        settlement=settlement, hearing=hearing, signed_by=user,
    )


def issue_amendment_letter(application, amendment, user=None):
    """Änderungsbescheid naming the original decision, what changes and what stays."""
    return issue_letter(
        application, Letter.Kind.AMENDMENT, user=user, email="amendment", email_context={"amendment": amendment},
        key=f"amendment-{amendment.pk}", amendment=amendment,
    )


def _prepared(application_id, kind, build):
    """Typesets a missing letter from unlocked rows; None when it exists already."""
    if existing_letter(application_id, kind) is not None:
        return None
    app = Application.objects.select_related(*LETTER_RELATED).get(pk=application_id)
    return PreparedLetter(kind, build(app))


def send_receipt(application_id):
    """Eingangsbestätigung: created once, e-mailed with the PDF attached."""
    kind = Letter.Kind.RECEIPT
    prepared = _prepared(application_id, kind, lambda app: context_for(kind, app))
    with transaction.atomic():
        app = lock_application(application_id, related=LETTER_RELATED)
        issue_letter(app, kind, email="application_received", prepared=prepared)


def send_decision_letter(application_id, user_id=None):
    """The decision letter of an application, produced now if it is missing."""
    app = Application.objects.select_related("decision").get(pk=application_id)
    kind = DECISION_LETTER_KINDS[app.decision.outcome]
    prepared = _prepared(application_id, kind, lambda unlocked: decision_letter_context(unlocked, unlocked.decision))
    with transaction.atomic():
        app = lock_application(application_id, related=LETTER_RELATED)
        return issue_decision_letter(app, get_user_model().objects.filter(pk=user_id).first(), prepared)


class LetterIntegrityError(Exception):
    """A stored letter no longer matches the hash recorded when it was issued."""


def letter_bytes(letter):
    """The stored PDF, checked against its SHA-256: identical bytes or an error."""
    with letter.file.open("rb") as handle:
        data = handle.read()
    if sha256_hex(data) != letter.sha256:
        raise LetterIntegrityError(f"letter {letter.pk}: stored file does not match its SHA-256")
    return data

