"""Assisted applications: KI staff file an application for an organisation; its representative confirms the declarations."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django_fsm_log.models import StateLog

from applicants.services import assisted
from funding import roles
from funding.models import Application, DeclarationRequest
from funding.services import applications as services
from funding.services.transitions import WorkflowError
from funding.workflow import State
from tests.applicants.conftest import project_data
from tests.factories import (
    ApplicationFactory, AuthorityFactory, CallFactory, LineFactory, MembershipFactory, OrganisationFactory,
    ProgrammeFactory, UserFactory, standing_documents,
)
from tests.funding import steps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]

UNDECLARED = {"declared_truthful": False, "declared_not_started": False, "declared_no_double_funding": False,
              "declared_data_consent": False}


def complete_draft(**fields):
    """A draft that passes the portal's checks (starting in a month), declarations not made."""
    start = timezone.localdate() + timedelta(days=30)
    return ApplicationFactory(
        start_date=start, end_date=start + timedelta(days=180), summary="Ein Sprachcafé.", goals="Deutsch üben.",
        target_group="Neu Zugewanderte", activities="Wöchentliche Treffen.", expected_participants=20,
        **UNDECLARED, **fields,
    )


@pytest.fixture
def draft(organisation, line, documents, rita, alice):
    """A complete draft rita (KI, Prüfung) fills in for alice's organisation."""
    return complete_draft(organisation=organisation, line=line, created_by=rita, assisted_by=rita)


@pytest.fixture
def other_reviewer(db):
    """A reviewer of a second authority only."""
    authority = AuthorityFactory(name="Stadt Musterstadt – Der Bürgermeister", city="Musterstadt")
    call = CallFactory(programme=ProgrammeFactory(authority=authority, name="Integrationsförderung Musterstadt"),
                       name="Integrationsfonds Musterstadt 2026", reference_prefix="MUS-2026")
    line = LineFactory(call=call)
    return UserFactory(username="bea", roles=[roles.REVIEWER], roles__authority=authority), line


def submitted_by_link(draft, rita, email="vorstand@verein.example"):
    return assisted.application_submit_assisted(application=draft, user=rita, email=email)


def confirm_url(request):
    return reverse("applicants:declarations_confirm", args=[request.application_id, assisted.token_for(request)])


CONFIRMATION = {"name": "Ayşe Yılmaz", "declared_truthful": "on", "declared_not_started": "on",
                "declared_no_double_funding": "on", "declared_data_consent": "on"}


def test_staff_fill_in_and_submit_with_the_portals_forms(client, rita, organisation, line, documents, alice):
    client.force_login(rita)
    page = client.get(reverse("staff:assisted_start"))
    assert page.status_code == 200 and organisation.name in page.content.decode()
    response = client.post(reverse("staff:assisted_start"),
                           {"organisation": organisation.pk, "line": line.pk, "title": "Sprachcafé"})
    app = Application.objects.get(organisation=organisation)
    assert response.status_code == 302 and app.assisted_by == rita and app.state == State.DRAFT
    step = reverse("staff:assisted_step", args=[app.pk, "projekt"])
    assert client.get(step).status_code == 200
    # The portal's form: bad input is refused at the field, the rest is kept.
    bad = client.post(step, project_data(expected_participants="viele", title="Sprachcafé am Dienstag"))
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    client.post(step, project_data(title="Sprachcafé am Dienstag"))
    costs = reverse("staff:assisted_step", args=[app.pk, "kosten"])
    client.post(costs, {"kosten-TOTAL_FORMS": "1", "kosten-INITIAL_FORMS": "0", "kosten-0-category": "fees",
                        "kosten-0-description": "Honorare", "kosten-0-amount": "1.000,00"})
    client.post(reverse("staff:assisted_step", args=[app.pk, "finanzierung"]),
                {"own_funds": "200,00", "requested_amount": "800,00"})
    app.refresh_from_db()
    assert app.title == "Sprachcafé am Dienstag" and app.total_costs() == 1000 and app.requested_amount == 800
    submit = reverse("staff:assisted_submit", args=[app.pk])
    assert "Für die Organisation einreichen" in client.get(submit).content.decode()
    response = client.post(submit, {"how": "email", "email": "vorstand@verein.example"})
    app.refresh_from_db()
    assert response.status_code == 302 and app.state == State.SUBMITTED and app.file_reference
    assert app.declarations_pending and not app.declarations_complete() and app.declared_by is None
    assert DeclarationRequest.objects.get(application=app).email == "vorstand@verein.example"
    # The organisation sees it in its portal like its own, marked as filed with the KI's help.
    client.force_login(alice)
    assert "mit Unterstützung des KI gestellt" in client.get(reverse("applicants:dashboard")).content.decode()
    detail = client.get(reverse("applicants:application_detail", args=[app.pk])).content.decode()
    assert "mit Unterstützung des Kommunalen Integrationszentrums" in detail and "noch nicht bestätigt" in detail


def test_the_submission_uses_the_portals_checks(draft, rita):
    draft.cost_lines.all().delete()
    with pytest.raises(WorkflowError) as refused:
        submitted_by_link(draft, rita)
    assert "Kostenposition" in " ".join(refused.value.messages)
    draft.refresh_from_db()
    assert draft.state == State.DRAFT and not DeclarationRequest.objects.exists()


def test_the_history_records_the_assisted_submission(client, draft, rita):
    app = submitted_by_link(draft, rita)
    log = StateLog.objects.for_(app).get()
    assert (log.transition, log.by, log.state) == ("submit_assisted", rita, State.SUBMITTED)
    assert "vorstand@verein.example" in log.description
    client.force_login(rita)
    page = client.get(reverse("staff:application_detail", args=[app.pk])).content.decode()
    assert "Antrag mit Unterstützung des KI eingereicht" in page and "noch nicht bestätigt" in page


def test_other_authority_and_applicants_cannot_reach_the_staff_pages(client, draft, rita, alice, anton,
                                                                       other_reviewer, organisation, line):
    bea, other_line = other_reviewer
    pages = [reverse("staff:assisted_step", args=[draft.pk, "projekt"]), reverse("staff:assisted_submit", args=[draft.pk])]
    for user in (bea, alice, anton):  # another authority's reviewer, the applicant, an approver (no Prüfung role)
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == 404, (user, url)
    client.force_login(alice)
    assert client.get(reverse("staff:assisted_start")).status_code == 404
    # bea may begin one only for her authority's calls.
    client.force_login(bea)
    response = client.post(reverse("staff:assisted_start"), {"organisation": organisation.pk, "line": line.pk, "title": "X"})
    assert response.status_code == 400 and not Application.objects.filter(title="X").exists()
    app = submitted_by_link(draft, rita)
    assert client.get(reverse("staff:declarations", args=[app.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        assisted.declarations_confirm_in_person(application=app, user=bea, name="X", note="Ausweis gesehen")
    app.refresh_from_db()
    assert app.declarations_pending


def test_the_link_confirms_once(client, draft, rita, run_tasks):
    app = submitted_by_link(draft, rita)
    run_tasks()
    email = next(m for m in mail.outbox if "Erklärungen" in m.subject)
    assert email.to == ["vorstand@verein.example"]
    url = re.search(r"https?://\S+/erklaerungen/\S+/", email.body).group(0).split("://", 1)[1].split("/", 1)[1]
    client.logout()
    page = client.get("/" + url)
    assert page.status_code == 200 and "Ich versichere" in page.content.decode()
    assert client.post("/" + url, {**CONFIRMATION, "declared_data_consent": ""}).status_code == 400
    app.refresh_from_db()
    assert app.declarations_pending
    done = client.post("/" + url, CONFIRMATION)
    app.refresh_from_db()
    assert done.status_code == 200 and not app.declarations_pending and app.declarations_complete()
    assert (app.declarations_confirmed_via, app.declarations_confirmed_name) == ("email", "Ayşe Yılmaz")
    again = client.post("/" + url, {**CONFIRMATION, "name": "Jemand anders"})
    app.refresh_from_db()
    assert "nur einmal" in again.content.decode() and app.declarations_confirmed_name == "Ayşe Yılmaz"
    client.force_login(rita)
    page = client.get(reverse("staff:application_detail", args=[app.pk])).content.decode()
    assert "bestätigt per E-Mail am" in page


def test_the_link_expires(client, draft, rita, settings):
    app = submitted_by_link(draft, rita)
    request = app.declaration_requests.get()
    DeclarationRequest.objects.filter(pk=request.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.post(confirm_url(request), CONFIRMATION)
    app.refresh_from_db()
    assert "abgelaufen" in response.content.decode() and app.declarations_pending
    settings.DECLARATION_LINK_DAYS = 0  # the signature's own age limit, whatever the row says
    DeclarationRequest.objects.filter(pk=request.pk).update(expires_at=timezone.now() + timedelta(days=1))
    assert client.post(confirm_url(request), CONFIRMATION).status_code == 404


def test_a_new_link_replaces_the_old_one(client, draft, rita):
    app = submitted_by_link(draft, rita)
    old = app.declaration_requests.get()
    client.force_login(rita)
    client.post(reverse("staff:declarations", args=[app.pk]), {"link": "1", "email": "neu@verein.example"})
    new = app.declaration_requests.get(email="neu@verein.example")
    client.logout()
    assert "abgelaufen" in client.post(confirm_url(old), CONFIRMATION).content.decode()
    assert client.post(confirm_url(new), CONFIRMATION).status_code == 200
    app.refresh_from_db()
    assert not app.declarations_pending


def test_a_link_of_another_organisation_or_a_forged_one_finds_nothing(client, draft, rita, line, charlie):
    app = submitted_by_link(draft, rita)
    request = app.declaration_requests.get()
    other_org = charlie.memberships.get().organisation
    standing_documents(other_org)
    other = submitted_by_link(
        complete_draft(organisation=other_org, line=line, created_by=rita, assisted_by=rita), rita)
    token = assisted.token_for(request)
    wrong = reverse("applicants:declarations_confirm", args=[other.pk, token])
    assert client.post(wrong, CONFIRMATION).status_code == 404
    forged = reverse("applicants:declarations_confirm", args=[app.pk, token[:-2] + "xx"])
    assert client.get(forged).status_code == 404
    # The organisation of the case changed (merged): the old link is not its link.
    Application.objects.filter(pk=app.pk).update(organisation=other_org)
    assert client.get(confirm_url(request)).status_code == 404
    for case in (app, other):
        case.refresh_from_db()
        assert case.declarations_pending


def test_in_person_needs_a_note(client, draft, rita):
    app = submitted_by_link(draft, rita)
    with pytest.raises(WorkflowError):
        assisted.declarations_confirm_in_person(application=app, user=rita, name="Ayşe Yılmaz", note="  ")
    client.force_login(rita)
    url = reverse("staff:declarations", args=[app.pk])
    refused = client.post(url, {"in_person": "1", "name": "Ayşe Yılmaz", "note": ""})
    app.refresh_from_db()
    assert refused.status_code == 400 and app.declarations_pending
    assert 'value="Ayşe Yılmaz"' in refused.content.decode()  # the form keeps the input
    client.post(url, {"in_person": "1", "name": "Ayşe Yılmaz", "note": "Vorsitzende anwesend, Personalausweis gesehen."})
    app.refresh_from_db()
    assert (app.declarations_confirmed_via, app.declarations_recorded_by) == ("in_person", rita)
    page = client.get(reverse("staff:application_detail", args=[app.pk])).content.decode()
    assert "persönlich bestätigt am" in page and "Personalausweis gesehen" in page


def test_submitted_in_person_at_once(draft, rita):
    with pytest.raises(WorkflowError):
        assisted.application_submit_assisted(application=draft, user=rita, confirmed_name="Ayşe Yılmaz", note="")
    app = assisted.application_submit_assisted(
        application=draft, user=rita, confirmed_name="Ayşe Yılmaz", note="Anwesend, Ausweis gesehen.")
    assert app.state == State.SUBMITTED and not app.declarations_pending and app.declarations_complete()
    assert not DeclarationRequest.objects.exists()


@pytest.fixture
def ralf(db):
    """A second reviewer of the same authority: the one who files an application does not review it."""
    return UserFactory(username="ralf", roles=[roles.REVIEWER])


def test_no_decision_until_the_declarations_are_confirmed(draft, rita, ralf, anton):
    app = submitted_by_link(draft, rita)
    from funding.services import reviews

    reviews.review_declare(application=app, user=ralf, has_conflict=False)
    app.refresh_from_db()
    app = steps.complete_review(app, ralf)
    for decide in (
        lambda: services.application_approve(no_conflict=True, application=app, user=anton, amount=app.requested_amount),
        lambda: services.application_reject(no_conflict=True, application=app, user=anton, reasons="Nein."),
    ):
        with pytest.raises(WorkflowError) as refused:
            decide()
        assert "noch nicht bestätigt" in " ".join(refused.value.messages)
    app.refresh_from_db()
    assert app.state == State.IN_REVIEW
    assisted.declarations_confirm_in_person(application=app, user=rita, name="Ayşe Yılmaz", note="Ausweis gesehen.")
    app.refresh_from_db()
    approved = services.application_approve(no_conflict=True, application=app, user=anton, amount=app.requested_amount)
    assert approved.state == State.APPROVED


def test_an_applicants_own_submission_is_not_held_back(application, alice):
    app = steps.submitted(application, alice)
    assert not app.is_assisted and not app.declarations_pending


def test_a_member_of_the_organisation_cannot_assist_it(organisation, line, documents):
    staff_member = UserFactory(username="kim", roles=[roles.REVIEWER])
    MembershipFactory(user=staff_member, organisation=organisation)
    app = complete_draft(organisation=organisation, line=line, created_by=staff_member, assisted_by=staff_member)
    with pytest.raises(PermissionDenied):
        assisted.application_submit_assisted(application=app, user=staff_member, email="a@b.example")
    app.refresh_from_db()
    assert app.state == State.DRAFT


def test_the_confirmation_page_speaks_the_applicants_languages(client, draft, rita):
    app = submitted_by_link(draft, rita)
    url = confirm_url(app.declaration_requests.get())
    for code, word in (("tr", "onayla"), ("ar", "تأكيد"), ("uk", "Підтвер")):
        client.cookies["django_language"] = code
        assert word in client.get(url).content.decode(), code


def test_an_organisation_without_any_application_yet_can_be_chosen(client, rita, line):
    fresh = OrganisationFactory(name="Neuer Verein Rheine e.V.")
    client.force_login(rita)
    assert fresh.name in client.get(reverse("staff:assisted_start")).content.decode()


def test_the_representative_declaring_in_the_portal_confirms(draft, alice):
    """An assisted draft the organisation submits itself: the representative declares on submission."""
    from applicants.services.submission import application_submit_by_applicant

    app = application_submit_by_applicant(application=draft, user=alice)
    assert app.state == State.SUBMITTED and not app.declarations_pending
    assert (app.declarations_confirmed_via, app.declared_by) == ("portal", alice)


def test_who_filed_the_application_neither_reviews_nor_decides_it(draft, rita, ralf, anton):
    from funding.services import reviews
    from funding.workflow import can_decide, can_review

    app = assisted.application_submit_assisted(
        application=draft, user=rita, confirmed_name="Ayşe Yılmaz", note="Anwesend, Ausweis gesehen.")
    assert not can_review(app, rita) and can_review(app, ralf)
    with pytest.raises((PermissionDenied, WorkflowError)):
        reviews.review_declare(application=app, user=rita, has_conflict=False)
    with pytest.raises(WorkflowError) as refused:
        reviews.review_assign(application=app, user=anton, reviewer=rita)
    assert "ausgefüllt" in " ".join(refused.value.messages)
    both = UserFactory(username="rike", roles=[roles.REVIEWER, roles.APPROVER])
    app.assisted_by = both  # one person with both roles who filed the application
    assert not can_decide(app, both) and can_decide(app, anton)
