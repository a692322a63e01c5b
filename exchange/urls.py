from django.urls import path

from exchange.views import consultations, meetings, member, partner, public, staff

app_name = "exchange"

PUBLIC_URLS = [
    path("", public.directory, name="directory"),
    path("kommunen/", public.municipality_list, name="municipality_list"),
    path("kommunen/<int:pk>/", public.municipality_detail, name="municipality_detail"),
    path("verzeichnis/<int:pk>/", public.profile_detail, name="profile_detail"),
    path("verzeichnis/<int:pk>/kontakt/", public.profile_contact, name="profile_contact"),
    path("kalender/", public.calendar, name="calendar"),
    path("kalender.ics", public.ical_district, name="ical_district"),
    path("kalender/kommune-<int:pk>.ics", public.ical_municipality, name="ical_municipality"),
    path("veranstaltungen/<int:pk>/", public.event_detail, name="event_detail"),
    path("beteiligung/", public.consultation_list, name="consultation_list"),
    path("beteiligung/<int:pk>/", public.consultation_detail, name="consultation_detail"),
    path("beteiligung/<int:pk>/unterlagen/<int:document_pk>/", public.consultation_document,
         name="consultation_document"),
    path("einladung/<str:token>/", partner.invitation_token, name="invitation_token"),
    path("einladung/<str:token>/unterlagen/<int:document_pk>/", partner.token_document, name="token_document"),
    path("einladung/<str:token>/protokoll.pdf", partner.token_minutes, name="token_minutes"),
]

MEMBER_URLS = [
    path("verein/<int:org>/", member.member_home, name="member_home"),
    path("verein/<int:org>/profil/", member.profile_edit, name="profile_edit"),
    path("verein/<int:org>/profil/veroeffentlichen/", member.profile_publish_view, name="profile_publish"),
    path("verein/<int:org>/profil/zurueckziehen/", member.profile_withdraw_view, name="profile_withdraw"),
    path("verein/<int:org>/veranstaltungen/neu/", member.event_create, name="event_create"),
    path("veranstaltungen/<int:pk>/bearbeiten/", member.event_edit, name="event_edit"),
    path("veranstaltungen/<int:pk>/absagen/", member.event_cancel, name="event_cancel"),
    path("einladungen/<int:pk>/", member.invitation_detail, name="invitation_detail"),
    path("einladungen/<int:pk>/vorschlag/", member.agenda_propose, name="agenda_propose"),
    path("treffen/<int:pk>/unterlagen/<int:document_pk>/", member.meeting_document, name="meeting_document"),
    path("treffen/<int:pk>/protokoll.pdf", member.minutes_pdf, name="minutes_pdf"),
    path("vereinbarungen/<int:pk>/erledigt/", member.agreement_done, name="agreement_done"),
    path("beteiligung/<int:pk>/stellungnahme/<int:org>/", member.statement_edit, name="statement_edit"),
]

STAFF_URLS = [
    path("ki/freigaben/", staff.moderation_queue, name="moderation_queue"),
    path("ki/freigaben/<int:pk>/", staff.event_moderate_view, name="event_moderate"),
    path("ki/partner/", staff.partner_list, name="partner_list"),
    path("ki/partner/neu/", staff.partner_edit, name="partner_create"),
    path("ki/partner/<int:pk>/", staff.partner_edit, name="partner_edit"),
    path("ki/vernetzung/", staff.picture, name="picture"),
    path("ki/vernetzung.xlsx", staff.picture_export, name="picture_export"),
    path("ki/treffen/", meetings.meeting_list, name="meeting_list"),
    path("ki/treffen/neu/", meetings.meeting_create, name="meeting_create"),
    path("ki/treffen/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("ki/treffen/<int:pk>/bearbeiten/", meetings.meeting_edit, name="meeting_edit"),
    path("ki/treffen/<int:pk>/einladen/", meetings.meeting_invite, name="meeting_invite"),
    path("ki/treffen/<int:pk>/tagesordnung/", meetings.agenda_add, name="agenda_add"),
    path("ki/tagesordnung/<int:pk>/entscheiden/", meetings.agenda_decide, name="agenda_decide"),
    path("ki/treffen/<int:pk>/unterlagen/", meetings.document_upload, name="document_upload"),
    path("ki/treffen/<int:pk>/anwesenheit/", meetings.check_in, name="check_in"),
    path("ki/treffen/<int:pk>/anwesenheit/gast/", meetings.walk_in, name="walk_in"),
    path("ki/treffen/<int:pk>/anwesenheitsliste.pdf", meetings.attendance_list, name="attendance_list"),
    path("ki/treffen/<int:pk>/protokoll/", meetings.minutes_edit, name="minutes_edit"),
    path("ki/treffen/<int:pk>/vereinbarungen/", meetings.agreement_add, name="agreement_add"),
    path("ki/treffen/<int:pk>/protokoll/veroeffentlichen/", meetings.minutes_publish, name="minutes_publish"),
    path("ki/beteiligung/", consultations.consultation_admin_list, name="consultation_admin_list"),
    path("ki/beteiligung/neu/", consultations.consultation_edit, name="consultation_create"),
    path("ki/beteiligung/<int:pk>/", consultations.consultation_manage, name="consultation_manage"),
    path("ki/beteiligung/<int:pk>/bearbeiten/", consultations.consultation_edit, name="consultation_edit"),
    path("ki/beteiligung/<int:pk>/eroeffnen/", consultations.consultation_open, name="consultation_open"),
    path("ki/beteiligung/<int:pk>/unterlagen/", consultations.consultation_document_upload,
         name="consultation_document_upload"),
    path("ki/beteiligung/<int:pk>/ergebnis/", consultations.consultation_summary, name="consultation_summary"),
]

urlpatterns = [*PUBLIC_URLS, *MEMBER_URLS, *STAFF_URLS]
