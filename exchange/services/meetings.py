"""Network meetings: planning, invitations, answers, check-in, minutes."""

import calendar
from collections import defaultdict

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applicants.models import Membership
from exchange import selectors
from exchange.access import default_authority
from exchange.models import AgendaItem, Agreement, Meeting, MeetingDocument, MeetingInvitation, MeetingSeries
from exchange.pdfs import minutes_pdf
from exchange.services.documents import document_store
from funding.letters import sha256_hex
from funding.notifications import queue_email
from funding.services.transitions import WorkflowError

MAX_SERIES = 12


def add_months(moment, months):
    """The same local day and time ``months`` later (the 31st becomes the month's last day).

    Local wall-clock time: a meeting at 18:00 stays at 18:00 across a change to summer time.
    """
    if moment is None:
        return None
    moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _locked(meeting):
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def meeting_create(*, user, values, municipalities, repeat=1, interval_months=6):
    """One meeting, or a series of ``repeat`` meetings ``interval_months`` apart; returns the first.

    The meetings belong to ``values["authority"]``, or else to the first authority where ``user`` is KI staff.
    """
    values = {**values, "authority": values.get("authority") or default_authority(user)}
    if not 1 <= repeat <= MAX_SERIES:
        raise WorkflowError(_("Eine Reihe hat höchstens %(max)s Treffen.") % {"max": MAX_SERIES})
    with transaction.atomic():
        series = None
        if repeat > 1:
            series = MeetingSeries.objects.create(title=values["title"], interval_months=interval_months)
        meetings = []
        for number in range(repeat):
            shift = number * interval_months
            meeting = Meeting.objects.create(
                series=series, created_by=user,
                **{**values, **{name: add_months(values.get(name), shift)
                                for name in ("starts_at", "ends_at", "proposals_until")}},
            )
            meeting.municipalities.set(municipalities)
            meetings.append(meeting)
    return meetings[0]


def meeting_update(*, meeting, user, values, municipalities):
    with transaction.atomic():
        meeting = _locked(meeting)
        if meeting.minutes_published_at:
            raise WorkflowError(_("Das Protokoll ist veröffentlicht; das Treffen kann nicht mehr geändert werden."))
        for name, value in values.items():
            setattr(meeting, name, value)
        meeting.save()
        meeting.municipalities.set(municipalities)
    return meeting


def _addresses_by_organisation(organisations):
    """{organisation id: [its address, its representatives' addresses]} in two queries."""
    addresses = defaultdict(list)
    for organisation in organisations:
        addresses[organisation.pk].append(organisation.email)
    reps = Membership.objects.filter(
        organisation__in=[o.pk for o in organisations], role=Membership.Role.REPRESENTATIVE
    ).values_list("organisation_id", "user__email")
    for organisation_id, email in reps:
        addresses[organisation_id].append(email)
    return addresses


def meeting_invite(*, meeting, user):
    """Invites every organisation (and, if chosen, partner) in scope not invited yet.

    The e-mails are queued in the same transaction: either all invitations
    exist and go out, or none. Calling it again invites only newcomers.
    """
    with transaction.atomic():
        meeting = _locked(meeting)
        if meeting.is_past:
            raise WorkflowError(_("Das Treffen hat schon stattgefunden."))
        invited_orgs = meeting.invitations.filter(organisation__isnull=False).values("organisation")
        organisations = list(selectors.organisations_in_scope(meeting).exclude(pk__in=invited_orgs))
        partners = []
        if meeting.invite_partners:
            invited_partners = meeting.invitations.filter(partner__isnull=False).values("partner")
            partners = list(selectors.partners_in_scope(meeting).exclude(pk__in=invited_partners))
        now = timezone.now()
        created = MeetingInvitation.objects.bulk_create(
            [MeetingInvitation(meeting=meeting, organisation=o, sent_at=now) for o in organisations]
            + [MeetingInvitation(meeting=meeting, partner=p, sent_at=now) for p in partners]
        )
        addresses = _addresses_by_organisation(organisations)
        for invitation in MeetingInvitation.objects.filter(pk__in=[i.pk for i in created]).select_related(
            "organisation", "partner"
        ):
            if invitation.organisation_id:
                to = addresses[invitation.organisation_id]
                path = reverse("exchange:invitation_detail", args=[invitation.pk])
            else:
                to = [invitation.partner.email]
                path = reverse("exchange:invitation_token", args=[invitation.token])
            queue_email("exchange_invitation", to=to, context={"meeting": meeting, "invitation": invitation,
                                                               "path": path})
        meeting.invited_at = meeting.invited_at or now
        meeting.save(update_fields=["invited_at"])
    return len(created)


def invitation_answer(*, invitation, user, values):
    """Yes, no or maybe, with the number of people and their needs; until the meeting starts."""
    with transaction.atomic():
        invitation = MeetingInvitation.objects.select_for_update().select_related("meeting").get(pk=invitation.pk)
        if invitation.meeting.is_past:
            raise WorkflowError(_("Das Treffen hat schon begonnen; die Antwort kann nicht mehr geändert werden."))
        for name, value in values.items():
            setattr(invitation, name, value)
        if invitation.answer == "no":
            invitation.people = 0
        invitation.answered_at = timezone.now()
        invitation.answered_by = user if user and user.is_authenticated else None
        invitation.save()
    return invitation


def agenda_propose(*, invitation, user, title, description):
    """An invited organisation proposes a topic, until the deadline."""
    meeting = invitation.meeting
    if not meeting.proposals_open:
        raise WorkflowError(_("Vorschläge zur Tagesordnung sind nicht mehr möglich."))
    return AgendaItem.objects.create(
        meeting=meeting, title=title, description=description, status=AgendaItem.Status.PROPOSED,
        proposed_by=invitation.organisation, created_by=user, order=99,
    )


def agenda_item_add(*, meeting, user, title, description):
    order = (meeting.agenda_items.count() + 1) * 10
    return AgendaItem.objects.create(meeting=meeting, title=title, description=description, created_by=user,
                                     order=order)


def agenda_item_decide(*, item, user, accept):
    """The KI takes a proposal onto the agenda or leaves it off."""
    if item.status != AgendaItem.Status.PROPOSED:
        raise WorkflowError(_("Über diesen Vorschlag ist schon entschieden."))
    item.status = AgendaItem.Status.PLANNED if accept else AgendaItem.Status.DECLINED
    item.order = (item.meeting.agenda_items.filter(status=AgendaItem.Status.PLANNED).count() + 1) * 10
    item.save(update_fields=["status", "order"])
    return item


def document_add(*, meeting, user, upload):
    return document_store(document=MeetingDocument(meeting=meeting), user=user, upload=upload)


def check_in(*, invitation, user, people):
    """Marks an invitee present on the day (again to correct the number of people)."""
    if people < 1:
        raise WorkflowError(_("Bitte geben Sie an, wie viele Personen da sind."))
    with transaction.atomic():
        invitation = MeetingInvitation.objects.select_for_update().get(pk=invitation.pk)
        invitation.checked_in_at = invitation.checked_in_at or timezone.now()
        invitation.attended_people = people
        invitation.save(update_fields=["checked_in_at", "attended_people"])
    return invitation


def check_out(*, invitation, user):
    """Undoes a check-in made by mistake."""
    MeetingInvitation.objects.filter(pk=invitation.pk).update(checked_in_at=None, attended_people=0)


def walk_in(*, meeting, user, name, people):
    """Someone who came without an invitation, checked in at the door."""
    return MeetingInvitation.objects.create(
        meeting=meeting, guest_name=name, people=people, attended_people=people, checked_in_at=timezone.now()
    )


def _require_draft_minutes(meeting):
    if meeting.minutes_published_at:
        raise WorkflowError(_("Das Protokoll ist bereits veröffentlicht und wird nicht mehr geändert."))


def minutes_save(*, meeting, user, text):
    with transaction.atomic():
        meeting = _locked(meeting)
        _require_draft_minutes(meeting)
        meeting.minutes = text
        meeting.save(update_fields=["minutes"])
    return meeting


def agreement_add(*, meeting, user, values):
    _require_draft_minutes(meeting)
    return Agreement.objects.create(meeting=meeting, **values)


def agreement_done(*, agreement, user):
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if agreement.done_at:
            raise WorkflowError(_("Die Vereinbarung ist bereits erledigt."))
        agreement.done_at = timezone.now()
        agreement.done_by = user
        agreement.save(update_fields=["done_at", "done_by"])
    return agreement


def minutes_publish(*, meeting, user):
    """Renders the minutes once as PDF, stores it with its SHA-256 and tells the participants."""
    with transaction.atomic():
        meeting = _locked(meeting)
        _require_draft_minutes(meeting)
        if not meeting.is_past:
            raise WorkflowError(_("Das Protokoll kann erst nach dem Treffen veröffentlicht werden."))
        if not meeting.minutes.strip():
            raise WorkflowError(_("Bitte schreiben Sie zuerst das Protokoll."))
        meeting.minutes_published_at = timezone.now()
        data = minutes_pdf(meeting)
        meeting.minutes_file.save(f"protokoll-{meeting.pk}.pdf", ContentFile(data), save=False)
        meeting.minutes_sha256 = sha256_hex(data)
        meeting.save(update_fields=["minutes_published_at", "minutes_file", "minutes_sha256"])
        _notify_participants(meeting)
    return meeting


def _notify_participants(meeting):
    invitations = list(selectors.participants(meeting).select_related("organisation", "partner"))
    organisations = [i.organisation for i in invitations if i.organisation_id]
    addresses = _addresses_by_organisation(organisations)
    for invitation in invitations:
        if invitation.organisation_id:
            to, path = addresses[invitation.organisation_id], reverse("exchange:minutes_pdf", args=[meeting.pk])
        elif invitation.partner_id:
            to, path = [invitation.partner.email], reverse("exchange:invitation_token", args=[invitation.token])
        else:
            continue
        queue_email("exchange_minutes", to=to, context={"meeting": meeting, "path": path})
