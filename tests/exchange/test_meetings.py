"""Network meetings: series, invitations, answers, proposals, check-in, attendance list, minutes."""

import io
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from exchange.models import AgendaItem, Agreement, Meeting, MeetingInvitation
from exchange.services import meetings
from exchange.services.meetings import add_months
from funding.letters import sha256_hex
from funding.services.transitions import WorkflowError
from tests.exchange.conftest import in_days, language, make_meeting, make_partner
from tests.factories import OrganisationFactory, municipality

pytestmark = pytest.mark.django_db


def _pdf_text(data):
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def test_it_plans_a_series_every_six_months(client, anton):
    client.force_login(anton)
    start = in_days(30)
    response = client.post("/austausch/ki/treffen/neu/", {
        "title": "Netzwerktreffen", "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "place": "Kreishaus",
        "district_wide": "on", "repeat": "3", "interval_months": "6",
    })
    assert response.status_code == 302
    dates = [timezone.localtime(m.starts_at) for m in Meeting.objects.order_by("starts_at")]
    assert len(dates) == 3 and dates[1] == add_months(dates[0], 6) and dates[2] == add_months(dates[0], 12)
    assert {(d.hour, d.minute) for d in dates} == {(start.hour, start.minute)}  # 18:00 in winter and summer
    assert Meeting.objects.values("series").distinct().count() == 1


def test_it_keeps_the_end_of_the_month():
    moment = timezone.make_aware(datetime(2027, 8, 31, 18, 0))
    assert add_months(moment, 6).day == 29 and add_months(moment, 6).month == 2  # 2028 is a leap year


def test_it_asks_for_a_scope(client, anton):
    client.force_login(anton)
    response = client.post("/austausch/ki/treffen/neu/", {
        "title": "Treffen", "starts_at": in_days(3).strftime("%Y-%m-%dT%H:%M"), "place": "Rathaus",
        "repeat": "1", "interval_months": "6"})
    assert "municipalities" in response.context["form"].errors


def test_it_invites_everyone_in_scope_once_with_the_e_mails_in_the_transaction(
    client, anton, organisation, alice, run_tasks
):
    greven = OrganisationFactory(name="Verein Greven", municipality=municipality("Greven"))
    emsdetten = OrganisationFactory(name="Verein Emsdetten", municipality=municipality("Emsdetten"))
    make_partner("Greven", email="partner@greven.example")
    make_partner("Steinfurt", email="partner@steinfurt.example")
    meeting = make_meeting(anton, district_wide=False, invite_partners=True,
                           municipalities=[municipality("Rheine"), municipality("Greven")])
    assert meetings.meeting_invite(meeting=meeting, user=anton) == 3
    invited = set(meeting.invitations.values_list("organisation__name", "partner__email"))
    assert invited == {(organisation.name, None), (greven.name, None), (None, "partner@greven.example")}
    assert emsdetten.pk not in meeting.invitations.values_list("organisation", flat=True)
    assert DBTaskResult.objects.count() == 3
    assert meetings.meeting_invite(meeting=meeting, user=anton) == 0  # nobody twice
    run_tasks()
    to_alice = next(m for m in mail.outbox if alice.email in m.to)
    assert organisation.email in to_alice.to and "Einladung" in to_alice.subject
    invitation = meeting.invitations.get(organisation=organisation)
    assert f"/austausch/einladungen/{invitation.pk}/" in to_alice.body


def test_it_sends_no_invitation_when_the_transaction_fails(anton, organisation, monkeypatch):
    meeting = make_meeting(anton)

    def broken(*args, **kwargs):
        raise RuntimeError("mail template broken")

    monkeypatch.setattr(meetings, "queue_email", broken)
    with pytest.raises(RuntimeError):
        meetings.meeting_invite(meeting=meeting, user=anton)
    assert not MeetingInvitation.objects.exists() and not DBTaskResult.objects.exists()
    assert Meeting.objects.get(pk=meeting.pk).invited_at is None


def test_it_records_the_answer_with_people_and_needs(client, alice, invitation):
    client.force_login(alice)
    response = client.post(f"/austausch/einladungen/{invitation.pk}/", {
        "answer": "yes", "people": "3", "interpreting": language("ar").pk, "childcare": "on", "needs_note": "Rollstuhl"})
    assert response.status_code == 302
    invitation = MeetingInvitation.objects.get(pk=invitation.pk)
    assert (invitation.answer, invitation.people, invitation.childcare, invitation.answered_by) == ("yes", 3, True, alice)
    assert invitation.needs == ["Verdolmetschung: Arabisch", "Kinderbetreuung", "Rollstuhl"]
    missing = client.post(f"/austausch/einladungen/{invitation.pk}/", {"answer": "maybe", "people": ""})
    assert "people" in missing.context["form"].errors


def test_it_takes_proposals_until_the_deadline(client, alice, invitation, anton):
    client.force_login(alice)
    client.post(f"/austausch/einladungen/{invitation.pk}/vorschlag/", {"title": "Ehrenamt versichern", "description": ""})
    item = AgendaItem.objects.get()
    assert item.status == "proposed" and item.proposed_by == invitation.organisation
    Meeting.objects.filter(pk=invitation.meeting_id).update(proposals_until=timezone.now() - timedelta(minutes=1))
    client.post(f"/austausch/einladungen/{invitation.pk}/vorschlag/", {"title": "Zu spät", "description": ""})
    assert AgendaItem.objects.count() == 1
    client.force_login(anton)
    client.post(f"/austausch/ki/tagesordnung/{item.pk}/entscheiden/", {"accept": "1"})
    assert AgendaItem.objects.get(pk=item.pk).status == "planned"
    page = client.get(f"/austausch/ki/treffen/{invitation.meeting_id}/")
    assert [i.title for i in page.context["agenda"]] == ["Ehrenamt versichern"]


def test_it_refuses_answers_to_another_organisations_invitation(client, charlie, invitation):
    client.force_login(charlie)
    assert client.get(f"/austausch/einladungen/{invitation.pk}/").status_code == 404
    assert client.post(f"/austausch/einladungen/{invitation.pk}/", {"answer": "no"}).status_code == 404


def test_it_lets_a_partner_answer_through_the_secret_link(client, anton):
    make_partner("Rheine", email="p@example.org")
    meeting = make_meeting(anton, invite_partners=True)
    meetings.meeting_invite(meeting=meeting, user=anton)
    invitation = meeting.invitations.get(partner__isnull=False)
    response = client.post(f"/austausch/einladung/{invitation.token}/", {"answer": "yes", "people": "1"})
    assert response.status_code == 302 and MeetingInvitation.objects.get(pk=invitation.pk).answer == "yes"
    assert client.get("/austausch/einladung/falsch/").status_code == 404


def test_it_checks_people_in_on_the_day_and_prints_the_list(client, anton, invitation):
    meetings.invitation_answer(invitation=invitation, user=None, values={"answer": "yes", "people": 2,
                                                                          "accessibility": True})
    client.force_login(anton)
    url = f"/austausch/ki/treffen/{invitation.meeting_id}/anwesenheit/"
    page = client.get(url)
    assert [row.pk for row in page.context["invitations"]] == [invitation.pk]
    client.post(url, {"invitation": invitation.pk, "people": "2"})
    client.post(f"{url}gast/", {"name": "Stadt Rheine, Integrationsrat", "people": "1"})
    assert client.get(url).context["present"] == 3
    pdf = client.get(f"/austausch/ki/treffen/{invitation.meeting_id}/anwesenheitsliste.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content)
    assert "Anwesenheitsliste" in text and invitation.organisation.name in text
    assert "Integrationsrat" in text and "barrierefreier Zugang" in text
    client.post(url, {"invitation": invitation.pk, "undo": "1"})
    assert MeetingInvitation.objects.get(pk=invitation.pk).checked_in_at is None


def _hold(meeting, invitation, anton):
    """Moves the meeting into the past and checks the organisation in."""
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(hours=3), ends_at=None)
    meetings.check_in(invitation=invitation, user=anton, people=2)
    return Meeting.objects.get(pk=meeting.pk)


def test_it_publishes_the_minutes_once_as_pdf_to_the_participants(client, anton, alice, invitation, run_tasks):
    meeting = _hold(invitation.meeting, invitation, anton)
    client.force_login(anton)
    client.post(f"/austausch/ki/treffen/{meeting.pk}/protokoll/", {"minutes": "Die Vereine stellten sich vor."})
    client.post(f"/austausch/ki/treffen/{meeting.pk}/vereinbarungen/", {
        "text": "Liste der Sprachmittler erstellen", "responsible": invitation.organisation_id,
        "due_on": (timezone.localdate() + timedelta(days=30)).isoformat()})
    client.post(f"/austausch/ki/treffen/{meeting.pk}/protokoll/veroeffentlichen/")
    meeting = Meeting.objects.get(pk=meeting.pk)
    data = meeting.minutes_file.read()
    assert data.startswith(b"%PDF-") and sha256_hex(data) == meeting.minutes_sha256
    text = _pdf_text(data)
    assert "Protokoll" in text and "Liste der Sprachmittler erstellen" in text and invitation.organisation.name in text
    with pytest.raises(WorkflowError):
        meetings.minutes_publish(meeting=meeting, user=anton)
    with pytest.raises(WorkflowError):
        meetings.minutes_save(meeting=meeting, user=anton, text="anders")
    run_tasks()
    message = next(m for m in mail.outbox if "Protokoll" in m.subject)
    assert alice.email in message.to and f"/austausch/treffen/{meeting.pk}/protokoll.pdf" in message.body
    client.force_login(alice)
    download = client.get(f"/austausch/treffen/{meeting.pk}/protokoll.pdf")
    assert download.status_code == 200 and b"".join(download.streaming_content) == data


def test_it_refuses_minutes_before_the_meeting(anton, meeting):
    meetings.minutes_save(meeting=meeting, user=anton, text="Vorab")
    with pytest.raises(WorkflowError):
        meetings.minutes_publish(meeting=meeting, user=anton)


def test_it_carries_open_agreements_to_the_next_agenda_and_the_start_page(client, anton, alice, invitation):
    meeting = _hold(invitation.meeting, invitation, anton)
    meetings.minutes_save(meeting=meeting, user=anton, text="Protokoll")
    agreement = meetings.agreement_add(meeting=meeting, user=anton, values={
        "text": "Sommerfest gemeinsam planen", "responsible": invitation.organisation, "responsible_text": "",
        "due_on": None})
    following = make_meeting(anton, days=60, title="Nächstes Treffen")
    client.force_login(alice)
    assert "Sommerfest gemeinsam planen" not in client.get("/portal/").content.decode()  # minutes not out yet
    meetings.minutes_publish(meeting=meeting, user=anton)
    assert "Sommerfest gemeinsam planen" in client.get("/portal/").content.decode()
    client.force_login(anton)
    agenda = client.get(f"/austausch/ki/treffen/{following.pk}/")
    assert [a.pk for a in agenda.context["open_agreements"]] == [agreement.pk]
    client.force_login(alice)
    client.post(f"/austausch/vereinbarungen/{agreement.pk}/erledigt/")
    assert Agreement.objects.get(pk=agreement.pk).done_by == alice
    assert "Sommerfest gemeinsam planen" not in client.get("/portal/").content.decode()
    client.force_login(anton)
    assert list(client.get(f"/austausch/ki/treffen/{following.pk}/").context["open_agreements"]) == []


def test_it_keeps_open_agreements_within_the_scope(anton, past_meeting):
    meetings.minutes_save(meeting=past_meeting, user=anton, text="x")
    Meeting.objects.filter(pk=past_meeting.pk).update(district_wide=False)
    past_meeting.municipalities.set([municipality("Greven")])
    meetings.agreement_add(meeting=past_meeting, user=anton, values={"text": "Greven", "responsible": None,
                                                                     "responsible_text": "KI", "due_on": None})
    meetings.minutes_publish(meeting=Meeting.objects.get(pk=past_meeting.pk), user=anton)
    in_rheine = make_meeting(anton, days=30, district_wide=False, municipalities=[municipality("Rheine")])
    in_greven = make_meeting(anton, days=30, district_wide=False, municipalities=[municipality("Greven")])
    from exchange.selectors import open_agreements_before

    assert list(open_agreements_before(in_rheine)) == []
    assert [a.text for a in open_agreements_before(in_greven)] == ["Greven"]


def test_it_lets_only_the_responsible_organisation_close_an_agreement(client, charlie, anton, past_meeting,
                                                                      organisation):
    meetings.minutes_save(meeting=past_meeting, user=anton, text="x")
    agreement = meetings.agreement_add(meeting=past_meeting, user=anton, values={
        "text": "Flyer", "responsible": organisation, "responsible_text": "", "due_on": None})
    meetings.minutes_publish(meeting=Meeting.objects.get(pk=past_meeting.pk), user=anton)
    client.force_login(charlie)
    assert client.post(f"/austausch/vereinbarungen/{agreement.pk}/erledigt/").status_code == 404
    assert Agreement.objects.get(pk=agreement.pk).done_at is None
