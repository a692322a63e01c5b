"""E-mail to applicants and staff.

One helper renders every e-mail from three templates
(``emails/<name>-subject.txt``, ``-body.txt``, ``-body.html``) and queues
it as a background task in the current transaction: if the transaction
rolls back, nothing is sent; if the worker crashes, the task stays queued.

Each recipient reads the e-mail in their own language: the language of
the account with that address (``UserPreference``); an address without an
account (an organisation's office address) gets ``language``, German by
default. One e-mail is queued per language.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from funding.tasks import send_email


def recipient_languages(addresses, default):
    """{address: language} for ``addresses``, from the accounts that have them."""
    from funding.models import UserPreference

    rows = UserPreference.objects.filter(user__email__in=addresses, user__is_active=True)
    chosen = {email.lower(): language for email, language in rows.values_list("user__email", "language")}
    return {address: chosen.get(address.lower(), default) for address in addresses}


def queue_email(name, *, to, context, letter_ids=(), language=None):
    """Renders e-mail ``name`` for the recipients, each in their language, and queues it.

    Returns the queued task, or a list of them when the recipients read
    different languages; None without recipients.
    """
    recipients = sorted({address for address in to if address})
    if not recipients:
        return None
    by_address = recipient_languages(recipients, language or settings.LANGUAGE_CODE)
    context = {"site_url": settings.SITE_URL, **context}
    tasks = []
    for code in sorted(set(by_address.values())):
        group = [address for address in recipients if by_address[address] == code]
        with translation.override(code):
            subject = render_to_string(f"emails/{name}-subject.txt", context).strip()
            text = render_to_string(f"emails/{name}-body.txt", context)
            html = render_to_string(f"emails/{name}-body.html", context)
        tasks.append(
            send_email.enqueue(
                subject=" ".join(subject.split()), text=text, html=html, to=group, letter_ids=list(letter_ids)
            )
        )
    return tasks[0] if len(tasks) == 1 else tasks


def organisation_addresses(organisation):
    """The organisation's address plus those of its representatives."""
    reps = organisation.memberships.filter(role="representative").values_list("user__email", flat=True)
    return [organisation.email, *reps]
