"""Directory profiles: saving, consent to publish, withdrawal, contact requests."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exchange.models import ConsentRecord, ContactRequest, Profile
from funding.notifications import organisation_addresses, queue_email
from funding.services.transitions import WorkflowError

CONSENT_TEXT = gettext_lazy(
    "Ich bin für den Verein vertretungsberechtigt und willige ein, dass die Angaben dieses Eintrags "
    "öffentlich im Verzeichnis der Austauschplattform des Kreises gezeigt werden. Die E-Mail-Adresse "
    "des Vereins wird nicht gezeigt. Die Einwilligung kann jederzeit mit Wirkung für die Zukunft "
    "widerrufen werden; der Eintrag ist dann sofort nicht mehr öffentlich."
)
RELIGION_CONSENT_TEXT = gettext_lazy(
    "Wir möchten ausdrücklich, dass unsere Religionszugehörigkeit öffentlich gezeigt wird "
    "(Art. 9 Abs. 2 Buchst. a DSGVO)."
)
# Contact requests: per sender and hour, and per profile and day.
CONTACT_LIMIT_SENDER_PER_HOUR = 3
CONTACT_LIMIT_PROFILE_PER_DAY = 30


def profile_draft(organisation):
    """The organisation's profile, or an unsaved one prefilled from its record."""
    try:
        return organisation.exchange_profile
    except Profile.DoesNotExist:
        return Profile(organisation=organisation, display_name=organisation.name,
                       municipality_id=organisation.municipality_id)


def _record(profile, user, action, *, religion=False, text=""):
    ConsentRecord.objects.create(profile=profile, user=user, action=action, includes_religion=religion, text=text)


def profile_save(*, profile, user, values, offers, languages, translation_languages):
    """Saves what the organisation wants to show. Religion is kept only when it is to be shown."""
    with transaction.atomic():
        religion_before = profile.pk and Profile.objects.filter(pk=profile.pk, show_religion=True).exists()
        for name, value in values.items():
            setattr(profile, name, value)
        if not profile.show_religion:
            profile.religion = ""
        profile.updated_at = timezone.now()
        profile.save()
        profile.offers.set(offers)
        profile.languages.set(languages)
        profile.translation_languages.set(translation_languages if any(o.asks_languages for o in offers) else [])
        if profile.show_religion and not religion_before:
            _record(profile, user, ConsentRecord.Action.GRANTED, religion=True, text=str(RELIGION_CONSENT_TEXT))
    return profile


def profile_publish(*, profile, user):
    """A representative's explicit consent makes the profile public."""
    with transaction.atomic():
        profile = Profile.objects.select_for_update().get(pk=profile.pk)
        if profile.is_published:
            raise WorkflowError(_("Der Eintrag ist bereits veröffentlicht."))
        profile.published_at = timezone.now()
        profile.save(update_fields=["published_at"])
        _record(profile, user, ConsentRecord.Action.GRANTED, religion=profile.show_religion, text=str(CONSENT_TEXT))
    return profile


def profile_withdraw(*, profile, user):
    """Consent withdrawn: the profile is no longer public, at once."""
    with transaction.atomic():
        profile = Profile.objects.select_for_update().get(pk=profile.pk)
        if not profile.is_published:
            raise WorkflowError(_("Der Eintrag ist nicht veröffentlicht."))
        profile.published_at = None
        profile.save(update_fields=["published_at"])
        _record(profile, user, ConsentRecord.Action.WITHDRAWN)
    return profile


def contact_send(*, profile, name, email, message):
    """Forwards a message to the organisation; its address is never shown to the sender."""
    now = timezone.now()
    recent = ContactRequest.objects.filter(profile=profile)
    if (
        recent.filter(sender_email__iexact=email, created_at__gte=now - timedelta(hours=1)).count()
        >= CONTACT_LIMIT_SENDER_PER_HOUR
        or recent.filter(created_at__gte=now - timedelta(days=1)).count() >= CONTACT_LIMIT_PROFILE_PER_DAY
    ):
        raise WorkflowError(_("Es wurden gerade viele Nachrichten gesendet. Bitte versuchen Sie es später noch einmal."))
    with transaction.atomic():
        ContactRequest.objects.create(profile=profile, sender_email=email, created_at=now)
        queue_email(
            "exchange_contact",
            to=organisation_addresses(profile.organisation),
            context={"profile": profile, "name": name, "email": email, "message": message},
        )
