"""What the applicant reads about the state of an application, in plain German."""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from django_fsm_log.models import StateLog

from funding.models import Application
from funding.workflow import State

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

TRANSITION_LABELS = {
    "submit": _("Antrag eingereicht"),
    "start_review": _("Prüfung begonnen"),
    "request_changes": _("Nachforderung: Angaben oder Unterlagen fehlen"),
    "resubmit": _("Geänderten Antrag erneut eingereicht"),
    "approve": _("Antrag bewilligt"),
    "reject": _("Antrag abgelehnt"),
    "withdraw": _("Antrag zurückgezogen"),
    "submit_proof": _("Verwendungsnachweis eingereicht"),
    "request_proof_changes": _("Nachforderung zum Verwendungsnachweis"),
    "accept_proof": _("Verwendungsnachweis anerkannt, Akte geschlossen"),
    "claim_recovery": _("Rückforderung"),
    "record_repayment": _("Rückzahlung verbucht, Akte geschlossen"),
}
# Transitions whose description is the staff's text to the applicant.
SHOWN_DESCRIPTIONS = {"request_changes", "request_proof_changes", "withdraw"}


def timeline(app, member_ids):
    """The steps of the application from the transition log, oldest first.

    Staff appear as the integration centre, not by name; members of the
    organisation by name.
    """
    content_type = ContentType.objects.get_for_model(Application)
    logs = StateLog.objects.filter(content_type=content_type, object_id=app.pk).select_related("by").order_by("timestamp", "pk")
    entries = [{"when": app.created_at, "label": _("Entwurf angelegt"), "who": _person(app.created_by), "text": ""}]
    for log in logs:
        by_member = log.by_id in member_ids
        entries.append(
            {
                "when": log.timestamp,
                "label": TRANSITION_LABELS.get(log.transition, log.transition),
                "who": _person(log.by) if by_member else _("Integrationszentrum"),
                "text": (log.description or "") if log.transition in SHOWN_DESCRIPTIONS else "",
            }
        )
    return entries


def _person(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
