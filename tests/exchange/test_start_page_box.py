"""The exchange box on the organisations' start page: one query gives what the three ORM lists gave."""

import datetime
from datetime import timedelta

import pytest
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation

from exchange import selectors
from exchange.models import Agreement, Consultation, MeetingInvitation, Statement
from exchange.services import consultations, meetings
from tests.exchange.conftest import make_meeting
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _former_lists(org_ids):
    """The box's three querysets before they became one ``UNION ALL`` (exchange.selectors.member_overview)."""
    now = timezone.now()
    agreements = (Agreement.objects.filter(responsible__in=org_ids, done_at__isnull=True,
                                           meeting__minutes_published_at__isnull=False)
                  .select_related("responsible", "meeting").order_by("due_on", "pk"))
    own = Statement.objects.filter(consultation=OuterRef("pk"), organisation__in=org_ids)
    consultations = (Consultation.objects.filter(opened_at__isnull=False, deadline__gt=now)
                     .annotate(answered=Exists(own)).order_by("deadline"))
    invitations = (MeetingInvitation.objects.filter(organisation__in=org_ids, meeting__starts_at__gte=now)
                   .select_related("meeting").order_by("meeting__starts_at"))
    return list(agreements), list(consultations), list(invitations)


def _agreement(meeting, anton, text, responsible, due_on):
    return meetings.agreement_add(meeting=meeting, user=anton, values={
        "text": text, "responsible": responsible, "responsible_text": "", "due_on": due_on})


def _consultation(anton, title, days, opened=True):
    consultation = consultations.consultation_save(
        consultation=Consultation(), user=anton, questions=["Was fehlt?"],
        values={"title": title, "text": "Text", "deadline": timezone.now() + timedelta(days=max(days, 1))})
    if opened:
        consultation = consultations.consultation_open(consultation=consultation, user=anton)
    Consultation.objects.filter(pk=consultation.pk).update(deadline=timezone.now() + timedelta(days=days))
    return Consultation.objects.get(pk=consultation.pk)


@pytest.fixture
def box(alice, organisation, anton):
    second = MembershipFactory(user=alice, organisation=OrganisationFactory(name="Ärztinnen für Alle e.V.")).organisation
    stranger = OrganisationFactory(name="Fremder Verein")
    today = timezone.localdate()
    past = make_meeting(anton, days=-3, proposals_until=None)
    older = make_meeting(anton, days=-40, proposals_until=None)
    for meeting in (past, older):
        meetings.minutes_save(meeting=meeting, user=anton, text="x")
    unpublished = make_meeting(anton, days=-2, proposals_until=None)
    meetings.minutes_save(meeting=unpublished, user=anton, text="x")
    _agreement(past, anton, "Ohne Frist", organisation, None)
    _agreement(older, anton, "Später", second, today + timedelta(days=30))
    _agreement(past, anton, "Bald", organisation, today + timedelta(days=3))
    _agreement(older, anton, "Auch bald", organisation, today + timedelta(days=3))
    _agreement(past, anton, "Noch einmal ohne Frist", second, None)
    meetings.agreement_done(agreement=_agreement(past, anton, "Erledigt", organisation, None), user=anton)
    _agreement(past, anton, "Fremd", stranger, None)
    _agreement(unpublished, anton, "Protokoll nicht veröffentlicht", organisation, None)
    for meeting in (past, older):
        type(meeting).objects.filter(pk=meeting.pk).update(minutes_published_at=meeting.starts_at)
    for days, org, answer in ((20, organisation, ""), (5, second, "maybe"), (9, organisation, "yes"),
                              (9, second, "no"), (7, stranger, "")):
        meeting = make_meeting(anton, days=days, title=f"Treffen in {days} Tagen")
        MeetingInvitation.objects.create(meeting=meeting, organisation=org, answer=answer)
    MeetingInvitation.objects.create(meeting=past, organisation=organisation, answer="yes")  # over
    later, sooner = _consultation(anton, "Integrationskonzept", 14), _consultation(anton, "Sportstätten", 6)
    _consultation(anton, "Vorbei", -1)
    _consultation(anton, "Noch nicht eröffnet", 3, opened=False)
    Statement.objects.create(consultation=later, organisation=second, text="Unsere Meinung")
    Statement.objects.create(consultation=sooner, organisation=stranger, text="Andere Meinung")
    return sorted([organisation, second], key=lambda o: o.name)


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_box_lists_what_the_three_querysets_listed(alice, box, language):
    with translation.override(language):
        found = selectors.member_overview(alice, box)
        agreements, consultations, invitations = _former_lists([o.pk for o in box])
        assert found["organisations"] == box
        assert [(a.pk, a.text, a.responsible.pk, a.responsible.name, a.due_on, a.agreed_at) for a in found["agreements"]] == [
            (a.pk, a.text, a.responsible.pk, a.responsible.name, a.due_on, a.meeting.starts_at) for a in agreements]
        assert [(c.pk, c.title, c.deadline, c.answered) for c in found["consultations"]] == [
            (c.pk, c.title, c.deadline, c.answered) for c in consultations]
        assert [(i.pk, i.title, i.starts_at, i.answer, i.answer_label) for i in found["invitations"]] == [
            (i.pk, i.meeting.title, i.meeting.starts_at, i.answer, i.get_answer_display()) for i in invitations]
    assert len(agreements) == 5 and len(consultations) == 2 and len(invitations) == 4
    assert [c.answered for c in found["consultations"]] == [False, True]
    assert all(isinstance(a.due_on, (datetime.date, type(None))) and a.agreed_at.tzinfo for a in found["agreements"])


def test_the_start_page_isolates_the_users_texts_in_arabic(client, alice, box):
    client.force_login(alice)
    page = client.post("/i18n/setlang/", {"language": "ar", "next": "/portal/"}, follow=True).content.decode()
    assert 'lang="ar"' in page and 'dir="rtl"' in page
    assert "<strong><bdi>Ärztinnen für Alle e.V.</bdi></strong>" in page  # the organisation's card
    assert page.count("<bdi>Ärztinnen für Alle e.V.</bdi>") >= 3  # card, exchange button, an agreement
    assert "<bdi>Später</bdi>" in page and "<bdi>Integrationskonzept</bdi>" in page
    assert "<bdi>Treffen in 5 Tagen</bdi>" in page
