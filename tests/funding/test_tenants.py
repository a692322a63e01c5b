"""Tenant separation: the second authority's staff see nothing of the first (404 or not shown)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from applicants.models import Municipality
from exchange import selectors
from exchange.models import AgendaItem, Consultation, Meeting
from exchange.services import consultations, events
from funding import roles
from funding.models import Amendment, BulkLetterJob, EfileExportJob, PaymentRun, StaffRole
from funding.services import payment_runs
from funding.services.applications import application_approve
from funding.services.bulk import bulk_job_create
from funding.services.transitions import WorkflowError
from funding.staff.access import staff_applications
from reports.figures import report_figures
from reports.filters import report_filter
from reports.foerderbericht import report_create
from reports.models import FundingReport
from tests.factories import (
    ApplicationFactory, AuthorityFactory, CallFactory, LineFactory, MembershipFactory, OrganisationFactory,
    ProgrammeFactory, UserFactory, standing_documents,
)
from tests.exchange.conftest import make_event, make_meeting, make_partner
from tests.funding import steps
from tests.funding.tenant_urls import GLOBAL, WALKED, staff_url_names

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]

OTHER = "Stadt Musterstadt – Der Bürgermeister"


@pytest.fixture
def other_line(db):
    """The second authority's call and funding line."""
    authority = AuthorityFactory(name=OTHER, city="Musterstadt", court_name="VG Musterstadt")
    call = CallFactory(programme=ProgrammeFactory(authority=authority, name="Integrationsförderung Musterstadt"),
                       name="Integrationsfonds Musterstadt 2026", reference_prefix="MUS-2026")
    return LineFactory(call=call)


@pytest.fixture
def bea(other_line):
    """Every staff role, in the second authority only."""
    return UserFactory(username="bea", roles=list(roles.STAFF_ROLES), roles__authority=other_line.call.programme.authority)


@pytest.fixture
def other_application(other_line, charlie):
    """A submitted application of another organisation to the second authority's call."""
    organisation = charlie.memberships.get().organisation
    standing_documents(organisation)
    app = ApplicationFactory(organisation=organisation, line=other_line, created_by=charlie,
                             requested_amount=Decimal("3333.00"))
    return steps.submitted(app, charlie)


@pytest.fixture
def exchange_entries(application, alice, anton):
    """The first authority's exchange entries; its municipalities are given to it (unassigned ones are shared)."""
    Municipality.objects.update(authority=application.call.programme.authority)
    meeting = make_meeting(anton, title="Netzwerktreffen Steinfurt-Nord")
    consultation = consultations.consultation_save(
        consultation=Consultation(), user=anton, questions=["Frage?"],
        values={"title": "Beteiligung Steinfurt-Nord", "text": "Text", "deadline": timezone.now() + timedelta(days=5)})
    return {
        "event": make_event(application.organisation, user=alice, title="Sommerfest Steinfurt-Nord"),
        "partner": make_partner(name="Partner Steinfurt-Nord"), "meeting": meeting,
        "agenda_item": AgendaItem.objects.create(meeting=meeting, title="Punkt Steinfurt-Nord"),
        "consultation": consultation,
    }


EXCHANGE_MARKS = [b"Steinfurt-Nord"]


@pytest.fixture
def first(application, alice, rita, anton, finn, other_application, exchange_entries):
    """The first authority's case with money, a payment run, jobs and a report: the objects the walk names."""
    authority = application.call.programme.authority
    app = steps.with_bank_details(steps.approved(application, alice, rita, anton))
    steps.paid(app, alice, rita, finn, "1000.00")
    drawdown = steps.released(app, alice, rita, "500.00")
    run = payment_runs.payment_run_create(user=finn, execution_date=timezone.localdate() + timedelta(days=1))
    amendment = Amendment.objects.create(application=app, requested_by=alice, reasons="Neuer Zeitplan")
    return {
        "application": app, "attachment": app.attachments.first() or app, "call": app.call,
        "document": app.organisation.documents.first(), "letter": app.letters.first(), "amendment": amendment,
        "bulk_job": BulkLetterJob.objects.create(created_by=anton, authority=authority, description="Bescheide"),
        "efile_job": EfileExportJob.objects.create(call=app.call, created_by=rita),
        "organisation": app.organisation, "organisation_b": other_application.organisation,
        "drawdown": drawdown, "run": run, "run_drawdown": drawdown,
        "report": FundingReport.objects.create(title="Förderbericht", created_by=anton, authority=authority),
        **exchange_entries,
    }


def test_it_walks_every_staff_url():
    """A new staff URL must join the walk (or be listed as not separated, with the reason)."""
    names = staff_url_names()
    assert names - set(WALKED) - set(GLOBAL) == set()
    assert set(WALKED) - names == set()


def _content(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def test_the_other_authoritys_staff_get_404_or_nothing_of_the_first(client, first, bea, other_application):
    app = first["application"]
    assert app.file_reference and first["letter"] and first["run"].authority_id == app.call.programme.authority_id
    marks = [app.file_reference.encode(), app.organisation.name.encode(),  # (titles: the same factory default)
             app.call.name.encode(), *EXCHANGE_MARKS]
    client.force_login(bea)
    for name, arguments in WALKED.items():
        kwargs = {key: value[1:] if value.startswith("=") else first[value].pk for key, value in arguments.items()}
        url = reverse(name, kwargs=kwargs)
        answers = []
        for method in (client.get, client.post):
            response = method(url)
            shown = _content(response)
            answers.append(response.status_code)
            if any(not value.startswith("=") for value in arguments.values()):
                # the method a page does not take is 405 before anything is looked up (the same for any id)
                assert response.status_code in (404, 405), (name, method.__name__, response.status_code)
            else:
                assert response.status_code < 500, (name, method.__name__)
                assert not [mark for mark in marks if mark in shown], (name, method.__name__)
        if any(not value.startswith("=") for value in arguments.values()):
            assert 404 in answers, (name, answers)


def test_the_queue_shows_only_the_own_authoritys_applications(client, first, bea, other_application, anton):
    assert list(staff_applications(bea)) == [other_application]
    assert first["application"] in staff_applications(anton) and other_application not in staff_applications(anton)
    client.force_login(bea)
    page = client.get(reverse("staff:queue")).content
    assert other_application.file_reference.encode() in page
    assert first["application"].file_reference.encode() not in page


def test_a_role_in_one_authority_is_none_in_the_other(bea, first, rita):
    app = first["application"]
    authority = app.call.programme.authority
    assert roles.is_reviewer(bea) and not roles.is_reviewer(bea, authority)
    assert roles.is_reviewer(rita, authority) and roles.authorities_of(rita) == {authority.pk}
    superuser = UserFactory(username="ada", is_superuser=True)
    assert roles.authorities_of(superuser) >= {authority.pk, bea.staff_roles.first().authority_id}


def test_reports_of_one_authority_never_include_the_others_figures(first, bea, anton, other_application):
    for live in (False, True):
        theirs = report_figures(report_filter(QueryDict(""), bea), live=live).totals
        ours = report_figures(report_filter(QueryDict(""), anton), live=live).totals
        assert (theirs.applications, theirs.requested, theirs.approved, theirs.paid) == (
            1, Decimal("3333.00"), Decimal("0"), Decimal("0"))
        assert ours.applications == 1 and ours.requested == first["application"].requested_amount
        assert ours.paid == Decimal("1000.00") and ours.organisations == 1 and theirs.organisations == 0


def test_exports_of_one_authority_hold_only_its_applications(client, first, bea, other_application):
    client.force_login(bea)
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("reports:export", kwargs={"kind": "antraege", "fmt": fmt}))
        assert response.status_code == 200
        if fmt == "csv":
            content = _content(response).decode("utf-8-sig")
            assert other_application.file_reference in content
            assert first["application"].file_reference not in content


def test_a_payment_run_never_mixes_authorities(first, bea, other_application, finn):
    run = first["run"]
    assert set(run.drawdowns.values_list("application__call__programme__authority", flat=True)) == {
        run.authority_id}
    assert not PaymentRun.objects.filter(authority=other_application.call.programme.authority).exists()
    with pytest.raises(Exception):
        payment_runs.payment_run_create(user=bea, execution_date=timezone.localdate() + timedelta(days=1))


def test_an_organisation_applies_to_both_and_sees_only_its_own(client, application, alice, other_line, bea, charlie):
    application = steps.submitted(application, alice)
    second = steps.submitted(ApplicationFactory(organisation=application.organisation, line=other_line,
                                                created_by=alice), alice)
    foreign = ApplicationFactory(organisation=OrganisationFactory(name="Fremder Verein e.V."), line=other_line)
    MembershipFactory(user=UserFactory(username="fremd"), organisation=foreign.organisation)
    client.force_login(alice)
    page = client.get(reverse("applicants:dashboard")).content
    assert application.title.encode() in page or application.file_reference.encode() in page
    assert second.file_reference.encode() in page
    assert client.get(reverse("applicants:application_detail", args=[foreign.pk])).status_code == 404
    assert list(staff_applications(bea)) == [second]


def test_public_exchange_pages_show_every_authoritys_entries_with_its_name(client, exchange_entries, anton, bea):
    """The exchange is public across authorities: an event or consultation page names the authority it is of."""
    authority = exchange_entries["meeting"].authority
    event = events.event_moderate(event=exchange_entries["event"], user=anton, approve=True)
    consultation = exchange_entries["consultation"]
    consultations.consultation_open(consultation=consultation, user=anton)
    for url in (reverse("exchange:event_detail", args=[event.pk]),
                reverse("exchange:consultation_detail", args=[consultation.pk])):
        page = client.get(url).content.decode()
        assert authority.name in page and "Steinfurt-Nord" in page
    client.force_login(bea)
    assert client.get(reverse("exchange:event_moderate", args=[event.pk])).status_code in (404, 405)
    assert client.post(reverse("exchange:consultation_summary", args=[consultation.pk]),
                       {"summary": "x"}).status_code == 404


def test_a_new_meeting_belongs_to_the_chosen_authority_and_invites_only_its_area(client, exchange_entries, bea,
                                                                                   other_line, organisation):
    """KI staff of two authorities choose; the municipalities and invitees are the chosen authority's."""
    first, second = exchange_entries["meeting"].authority, other_line.call.programme.authority
    both = UserFactory(username="beide", roles=[roles.REVIEWER], roles__authority=second)
    StaffRole.objects.create(user=both, authority=first, role=roles.REVIEWER)
    town = Municipality.objects.create(name="Musterstadt", kind="town", official_key="99999999", authority=second)
    OrganisationFactory(name="Musterverein e.V.", municipality=town)
    client.force_login(both)
    start = (timezone.localtime() + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M")
    values = {"title": "Treffen Musterstadt", "starts_at": start, "place": "Rathaus", "authority": second.pk,
              "repeat": "1", "interval_months": "6"}
    refused = client.post(reverse("exchange:meeting_create"), {**values, "municipalities": [organisation.municipality_id]})
    assert refused.status_code == 200 and "Kommunen der gewählten Behörde" in refused.content.decode()
    assert client.post(reverse("exchange:meeting_create"), {**values, "district_wide": "on"}).status_code == 302
    meeting = Meeting.objects.get(title="Treffen Musterstadt")
    assert meeting.authority == second
    assert list(selectors.organisations_in_scope(meeting).values_list("name", flat=True)) == ["Musterverein e.V."]
    client.force_login(bea)
    assert client.get(reverse("exchange:meeting_detail", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("exchange:meeting_detail", args=[exchange_entries["meeting"].pk])).status_code == 404


def test_jobs_belong_to_an_authority_and_only_its_staff_see_them(client, first, anton, rita, charlie,
                                                                   other_application):
    """A bulk job of mixed authorities is refused; a job's creator loses it with the role in its authority."""
    authority, second = first["application"].call.programme.authority, other_application.call.programme.authority
    StaffRole.objects.create(user=anton, authority=second, role=roles.APPROVER)
    StaffRole.objects.create(user=rita, authority=second, role=roles.REVIEWER)
    for user in (anton, rita):
        roles.forget(user)
    steps.complete_review(other_application, rita)
    application_approve(no_conflict=True, application=other_application, user=anton,
                        amount=other_application.requested_amount, reasons="")
    with pytest.raises(WorkflowError):
        bulk_job_create(user=anton, applications=staff_applications(anton))
    job = bulk_job_create(user=anton, applications=staff_applications(anton).filter(call=first["call"]))
    assert job.authority == authority
    with pytest.raises(WorkflowError):  # a Förderbericht over two authorities
        report_create(user=anton, query="")
    report = report_create(user=anton, query=f"call={first['call'].pk}")
    assert report.authority == authority
    efile_job = EfileExportJob.objects.create(call=first["call"], created_by=anton)
    client.force_login(anton)
    urls = [reverse("staff:bulk_detail", args=[job.pk]), reverse("reports:report_detail", args=[report.pk]),
            reverse("staff:efile_job", args=[efile_job.pk])]
    for url in urls:
        assert client.get(url).status_code == 200, url
    StaffRole.objects.filter(user=anton, authority=authority).delete()
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert reverse("staff:bulk_detail", args=[job.pk]).encode() not in client.get(reverse("staff:bulk_jobs")).content
