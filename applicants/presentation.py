"""What the applicant reads about the state of an application, in plain German."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from funding.addresses import id_address
from funding.workflow import State, history, offered_transitions

STATE_HELP = {
    State.DRAFT: _("Sie schreiben noch an diesem Antrag. Alles ist gespeichert. Wenn er fertig ist, reicht eine vertretungsberechtigte Person ihn ein."),
    State.SUBMITTED: _("Ihr Antrag ist bei uns angekommen. Wir prüfen ihn bald. Sie müssen jetzt nichts tun."),
    State.IN_REVIEW: _("Wir prüfen Ihren Antrag. Wenn etwas fehlt, schreiben wir Ihnen hier und per E-Mail."),
    State.CHANGES_REQUESTED: _("Wir brauchen noch Angaben oder Unterlagen von Ihnen. Bitte lesen Sie unsere Nachricht, ändern Sie den Antrag und reichen Sie ihn erneut ein."),
    State.APPROVED: _("Ihr Antrag ist bewilligt. Sie können jetzt Geld abrufen. Nach dem Projekt reichen Sie den Verwendungsnachweis ein."),
    State.REJECTED: _("Ihr Antrag wurde leider abgelehnt. Die Gründe stehen im Bescheid."),
    State.WITHDRAWN: _("Sie haben diesen Antrag zurückgezogen. Er wird nicht weiter bearbeitet."),
    State.PROOF_SUBMITTED: _("Ihr Verwendungsnachweis ist bei uns angekommen. Wir prüfen ihn."),
    State.PROOF_CHANGES_REQUESTED: _("Wir brauchen noch Angaben oder Belege zu Ihrem Verwendungsnachweis. Bitte lesen Sie unsere Nachricht und reichen Sie den Nachweis erneut ein."),
    State.RECOVERY_PENDING: _("Ein Teil der Zuwendung muss zurückgezahlt werden. Betrag und Frist stehen im Rückforderungsbescheid."),
    State.CLOSED: _("Das Verfahren ist abgeschlossen. Vielen Dank für Ihr Engagement!"),
}

# State names the office uses that a volunteer would not understand.
APPLICANT_STATE_LABELS = {
    State.CLOSED: _("Abgeschlossen"),
}


def applicant_state_label(app):
    return APPLICANT_STATE_LABELS.get(app.state) or app.get_state_display()


def applicant_state_labels():
    """{state: the applicant's label}, translated once (for a list of applications)."""
    return {value: str(APPLICANT_STATE_LABELS.get(value) or label) for value, label in State.choices}


# Transitions whose description is the staff's text to the applicant.
SHOWN_DESCRIPTIONS = {"request_changes", "request_proof_changes", "withdraw"}


def timeline(app, member_ids):
    """The steps of the application from the transition log, oldest first.

    Staff appear as the integration centre, not by name; members of the
    organisation by name.
    """
    entries = [{"when": app.created_at, "label": _("Entwurf angelegt"), "who": _person(app.created_by), "text": ""}]
    for log in history(app):
        by_member = log.by_id in member_ids
        entries.append(
            {
                "when": log.timestamp,
                "label": log.label,
                "who": _person(log.by) if by_member else _("Integrationszentrum"),
                "text": (log.description or "") if log.transition in SHOWN_DESCRIPTIONS else "",
            }
        )
    return entries


# The organisation's next step on its overview, by the transition the workflow offers.
NEXT_STEPS = {
    "submit": (_("Weiter bearbeiten"), "applicants:application_step", ("projekt",)),
    "resubmit": (_("Nachforderung beantworten"), "applicants:application_detail", ()),
    "submit_proof": (_("Verwendungsnachweis"), "applicants:proof_submit", ()),
}


def next_step(app, offered=None):
    """``{label, url, proof}`` of what the organisation does next, or None when nothing is to do.

    ``offered``: ``offered_transitions(app)`` when known already.
    """
    offered = offered_transitions(app) if offered is None else offered
    for name, (label, url_name, args) in NEXT_STEPS.items():
        if name in offered:
            return {"label": label, "url": reverse(url_name, args=[app.pk, *args]), "proof": name == "submit_proof"}
    return None


def next_steps(applications):
    """Sets ``next_step`` (as ``next_step``) on every application of a page.

    Without a user and with the conditions left out, the steps offered depend
    on the state only: they are worked out once per state, and each step's
    address is reversed once and filled in per row.
    """
    by_state, steps = {}, {}
    for app in applications:
        if app.state not in by_state:
            offered = offered_transitions(app)
            by_state[app.state] = next((name for name in NEXT_STEPS if name in offered), None)
        name = by_state[app.state]
        if name is None:
            app.next_step = None
            continue
        if name not in steps:
            label, url_name, args = NEXT_STEPS[name]
            steps[name] = str(label), id_address(url_name, *args)
        label, address = steps[name]
        app.next_step = {"label": label, "url": address.format(app.pk), "proof": name == "submit_proof"}


def _person(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
