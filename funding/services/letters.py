"""Issuing letters: render once, store with SHA-256, never regenerate."""

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from funding.amounts import amount_in_words
from funding.letters import render_letter, sha256_hex
from funding.models import Application, Decision, Letter, Recovery
from funding.notifications import organisation_addresses, queue_email

DECISION_LETTER_KINDS = {
    Decision.Outcome.APPROVED: Letter.Kind.APPROVAL,
    Decision.Outcome.PARTIAL: Letter.Kind.PARTIAL_APPROVAL,
    Decision.Outcome.REJECTED: Letter.Kind.REJECTION,
}


def letter_context(application, **extra):
    """What every letter needs: authority, addressee, file reference, date."""
    organisation = application.organisation
    authority = application.call.programme.authority
    representative = (
        organisation.memberships.filter(role="representative").select_related("user").order_by("pk").first()
    )
    rep_name = representative.user.get_full_name() if representative else ""
    addressee = [organisation.name]
    if rep_name:
        addressee.append(f"z. Hd. {rep_name}")
    addressee += [organisation.street, f"{organisation.postcode} {organisation.city}"]
    return {
        "application": application,
        "organisation": organisation,
        "authority": authority,
        "programme": application.call.programme,
        "call": application.call,
        "line": application.line,
        "file_reference": application.file_reference,
        "letter_date": timezone.localdate(),
        "addressee_lines": addressee,
        "representative_name": rep_name,
        "contact_name": authority.contact_name,
        "contact_phone": authority.contact_phone,
        "contact_email": authority.contact_email,
        "signatory_name": authority.signatory_name,
        "signatory_title": authority.signatory_title,
        **extra,
    }


def store_letter(application, kind, pdf, user=None):
    letter = Letter(application=application, kind=kind, sha256=sha256_hex(pdf), size=len(pdf), created_by=user)
    letter.file.save(f"{application.file_reference}-{kind}.pdf", ContentFile(pdf), save=False)
    letter.save()
    return letter


def existing_letter(application_id, kind):
    return Letter.objects.filter(application_id=application_id, kind=kind).first()


def send_receipt(application_id):
    """Eingangsbestätigung: created once, e-mailed with the PDF attached."""
    with transaction.atomic():
        app = Application.objects.select_for_update().select_related("call__programme__authority").get(pk=application_id)
        if existing_letter(app.pk, Letter.Kind.RECEIPT):
            return
        pdf = render_letter("receipt", letter_context(app))
        letter = store_letter(app, Letter.Kind.RECEIPT, pdf)
        queue_email(
            "application_received",
            to=organisation_addresses(app.organisation),
            context={"application": app},
            letter_ids=[letter.pk],
        )


def send_decision_letter(application_id, user_id):
    """Zuwendungsbescheid, Teilbewilligung or Ablehnungsbescheid."""
    with transaction.atomic():
        app = Application.objects.select_for_update().select_related("call__programme__authority").get(pk=application_id)
        decision = app.decision
        kind = DECISION_LETTER_KINDS[decision.outcome]
        if existing_letter(app.pk, kind):
            return
        context = letter_context(app, decision=decision, amount_words=_words(decision.amount))
        pdf = render_letter(kind, context)
        letter = store_letter(app, kind, pdf, user=get_user_model().objects.filter(pk=user_id).first())
        queue_email(
            "decision",
            to=organisation_addresses(app.organisation),
            context={"application": app, "decision": decision, "letter": letter},
            letter_ids=[letter.pk],
        )


def send_recovery_letter(recovery_id, user_id):
    with transaction.atomic():
        recovery = Recovery.objects.select_related("application").get(pk=recovery_id)
        app = Application.objects.select_for_update().get(pk=recovery.application_id)
        if existing_letter(app.pk, Letter.Kind.RECOVERY):
            return
        context = letter_context(app, recovery=recovery, amount_words=_words(recovery.amount))
        pdf = render_letter(Letter.Kind.RECOVERY, context)
        letter = store_letter(app, Letter.Kind.RECOVERY, pdf, user=get_user_model().objects.filter(pk=user_id).first())
        queue_email(
            "recovery",
            to=organisation_addresses(app.organisation),
            context={"application": app, "recovery": recovery, "letter": letter},
            letter_ids=[letter.pk],
        )


def _words(amount):
    return amount_in_words(amount) if amount is not None else ""
