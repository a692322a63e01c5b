"""E-mail to applicants and staff.

One helper renders every e-mail from three templates
(``emails/<name>-subject.txt``, ``-body.txt``, ``-body.html``) and queues
it as a background task in the current transaction: if the transaction
rolls back, nothing is sent; if the worker crashes, the task stays queued.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from funding.tasks import send_email


def queue_email(name, *, to, context, letter_ids=(), language="de"):
    """Renders e-mail ``name`` for the recipients and queues it."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return None
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"emails/{name}-subject.txt", context).strip()
        text = render_to_string(f"emails/{name}-body.txt", context)
        html = render_to_string(f"emails/{name}-body.html", context)
    return send_email.enqueue(
        subject=" ".join(subject.split()), text=text, html=html, to=recipients, letter_ids=list(letter_ids)
    )


def organisation_addresses(organisation):
    """The organisation's address plus those of its representatives."""
    reps = organisation.memberships.filter(role="representative").values_list("user__email", flat=True)
    return [organisation.email, *reps]
