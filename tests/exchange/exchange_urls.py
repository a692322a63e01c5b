"""Every URL of the exchange platform with objects to fill it, for the tests that walk them all."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.urls import URLPattern, reverse
from django.utils import timezone

from exchange import urls
from exchange.models import AgendaItem, ConsultationDocument, Meeting, MeetingDocument, MeetingInvitation
from exchange.services import consultations, meetings
from tests.exchange.conftest import make_event, make_meeting, make_partner, make_profile

PUBLIC = {
    "directory", "municipality_list", "municipality_detail", "profile_detail", "profile_contact", "calendar",
    "ical_district", "ical_municipality", "event_detail", "consultation_list", "consultation_detail",
    "consultation_document", "invitation_token", "token_document", "token_minutes",
}
MEMBER = {
    "member_home", "profile_edit", "profile_publish", "profile_withdraw", "event_create", "event_edit",
    "event_cancel", "invitation_detail", "agenda_propose", "meeting_document", "minutes_pdf", "agreement_done",
    "statement_edit",
}
POST_ONLY = {
    "profile_contact", "profile_publish", "profile_withdraw", "event_cancel", "agenda_propose", "agreement_done",
    "event_moderate", "meeting_invite", "agenda_add", "agenda_decide", "document_upload", "walk_in",
    "agreement_add", "minutes_publish", "consultation_open", "consultation_document_upload", "consultation_summary",
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url_names():
    return [pattern.name for pattern in urls.urlpatterns if isinstance(pattern, URLPattern)]


def staff_names():
    return [name for name in url_names() if name not in PUBLIC | MEMBER]


def build_objects(organisation, alice, anton):
    """One object of each kind; the organisation's own ones belong to alice's organisation."""
    profile = make_profile(organisation, user=alice)
    published = make_event(organisation, user=alice, published=True, staff=anton, title="Öffentlich")
    pending = make_event(organisation, user=alice, title="Wartet")
    make_partner("Rheine", email="partner@example.org")
    meeting = make_meeting(anton, invite_partners=True)
    meetings.meeting_invite(meeting=meeting, user=anton)
    # Only the organisation itself stays invited, so that others have no business with the meeting.
    meeting.invitations.filter(organisation__isnull=False).exclude(organisation=organisation).delete()
    document = MeetingDocument(meeting=meeting, original_name="tagesordnung.pdf", content_type="application/pdf")
    document.file.save("t.pdf", ContentFile(PDF))
    proposal = AgendaItem.objects.create(meeting=meeting, title="Vorschlag", status="proposed",
                                         proposed_by=organisation)
    past = make_meeting(anton, days=-2, proposals_until=None, title="Vergangen")
    MeetingInvitation.objects.create(meeting=past, organisation=organisation, answer="yes", people=1)
    meetings.minutes_save(meeting=past, user=anton, text="Protokoll")
    agreement = meetings.agreement_add(meeting=past, user=anton, values={
        "text": "Flyer", "responsible": organisation, "responsible_text": "", "due_on": None})
    past = meetings.minutes_publish(meeting=Meeting.objects.get(pk=past.pk), user=anton)
    consultation = consultations.consultation_save(
        consultation=consultations.Consultation(), user=anton, questions=["Frage?"],
        values={"title": "Konzept", "text": "Text", "deadline": timezone.now() + timedelta(days=5)})
    consultations.consultation_open(consultation=consultation, user=anton)
    consultation_document = ConsultationDocument(consultation=consultation, original_name="k.pdf",
                                                 content_type="application/pdf")
    consultation_document.file.save("k.pdf", ContentFile(PDF))
    partner_invitation = meeting.invitations.get(partner__isnull=False)
    past_partner = past.invitations.create(partner=partner_invitation.partner)
    return {
        "organisation": organisation, "profile": profile, "published": published, "pending": pending,
        "meeting": meeting, "document": document, "proposal": proposal, "past": past, "agreement": agreement,
        "invitation": meeting.invitations.get(organisation=organisation), "token": partner_invitation.token,
        "past_token": past_partner.token, "consultation": consultation,
        "consultation_document": consultation_document, "partner": partner_invitation.partner,
    }


def kwargs_for(name, o):
    org, meeting, consultation = o["organisation"].pk, o["meeting"].pk, o["consultation"].pk
    table = {
        "municipality_detail": {"pk": o["organisation"].municipality_id},
        "profile_detail": {"pk": o["profile"].pk}, "profile_contact": {"pk": o["profile"].pk},
        "ical_municipality": {"pk": o["organisation"].municipality_id},
        "event_detail": {"pk": o["published"].pk},
        "consultation_detail": {"pk": consultation},
        "consultation_document": {"pk": consultation, "document_pk": o["consultation_document"].pk},
        "invitation_token": {"token": o["token"]},
        "token_document": {"token": o["token"], "document_pk": o["document"].pk},
        "token_minutes": {"token": o["past_token"]},
        "member_home": {"org": org}, "profile_edit": {"org": org}, "profile_publish": {"org": org},
        "profile_withdraw": {"org": org}, "event_create": {"org": org},
        "event_edit": {"pk": o["pending"].pk}, "event_cancel": {"pk": o["pending"].pk},
        "invitation_detail": {"pk": o["invitation"].pk}, "agenda_propose": {"pk": o["invitation"].pk},
        "meeting_document": {"pk": meeting, "document_pk": o["document"].pk},
        "minutes_pdf": {"pk": o["past"].pk}, "agreement_done": {"pk": o["agreement"].pk},
        "statement_edit": {"pk": consultation, "org": org},
        "event_moderate": {"pk": o["pending"].pk}, "partner_edit": {"pk": o["partner"].pk},
        "agenda_decide": {"pk": o["proposal"].pk},
        "consultation_manage": {"pk": consultation}, "consultation_edit": {"pk": consultation},
        "consultation_open": {"pk": consultation}, "consultation_document_upload": {"pk": consultation},
        "consultation_summary": {"pk": consultation},
    }
    if name in table:
        return table[name]
    if name in ("meeting_detail", "meeting_edit", "meeting_invite", "agenda_add", "document_upload", "check_in",
                "walk_in", "attendance_list", "minutes_edit", "agreement_add", "minutes_publish"):
        return {"pk": meeting}
    return {}


def all_urls(objects, names=None):
    return [(name, reverse(f"exchange:{name}", kwargs=kwargs_for(name, objects))) for name in names or url_names()]
