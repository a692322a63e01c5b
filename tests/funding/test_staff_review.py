"""Review: assignment, conflicts of interest, checklist, scores, recommendation."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from applicants.models import Organisation
from funding import roles
from funding.models import Application, Message, Note, Review
from funding.services import reviews
from funding.services.transitions import WorkflowError
from tests.factories import MembershipFactory, ScoreCriterionFactory, UserFactory
from tests.funding import steps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]


def post(client, name, app, data=None):
    return client.post(reverse(f"staff:{name}", args=[app.pk]), data or {})


def review_data(**overrides):
    data = {"recommendation": "approve", "recommended_amount": "", "note": "Schlüssig.", "message": "", "complete": "1"}
    return {**data, **overrides}


def test_it_asks_for_the_declaration_before_the_review_form(client, application, alice, rita):
    steps.submitted(application, alice)
    client.force_login(rita)

    response = client.get(reverse("staff:review", args=[application.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("staff:declare", args=[application.pk])


def test_it_starts_the_review_when_no_conflict_is_declared(client, application, alice, rita):
    steps.submitted(application, alice)
    client.force_login(rita)

    response = post(client, "declare", application, {"conflict": "no"})

    assert response["Location"] == reverse("staff:review", args=[application.pk])
    application.refresh_from_db()
    assert application.state == "in_review"
    assert application.assigned_reviewer == rita
    assert Review.objects.get(application=application, reviewer=rita).no_conflict_declared_at is not None
    assert client.get(reverse("staff:review", args=[application.pk])).status_code == 200


def test_it_recuses_a_reviewer_who_declares_a_conflict(client, application, alice, rita, anton):
    steps.submitted(application, alice)
    reviews.review_assign(application=application, user=anton, reviewer=rita)
    client.force_login(rita)

    post(client, "declare", application, {"conflict": "yes", "note": "Mein Schwager ist im Vorstand."})

    application.refresh_from_db()
    assert application.assigned_reviewer is None
    assert application.state == "submitted"
    assert Note.objects.filter(application=application, body__contains="Schwager").exists()
    assert rita not in reviews.reviewer_candidates(application)
    assert client.get(reverse("staff:review", args=[application.pk])).status_code == 403
    with pytest.raises(WorkflowError, match="befangen"):
        reviews.review_assign(application=application, user=anton, reviewer=rita)


def test_it_excludes_members_of_the_organisation(client, application, alice, organisation, anton):
    member = UserFactory(username="member-reviewer", roles=[roles.REVIEWER])
    MembershipFactory(user=member, organisation=organisation, role="member")
    steps.submitted(application, alice)
    client.force_login(member)

    assert client.get(reverse("staff:declare", args=[application.pk])).status_code == 403
    assert member not in reviews.reviewer_candidates(application)
    with pytest.raises(WorkflowError, match="Mitglied"):
        reviews.review_assign(application=application, user=anton, reviewer=member)


def test_it_refuses_the_review_to_a_reviewer_without_assignment(client, application, alice, rita, anton):
    other = UserFactory(username="ralf", roles=[roles.REVIEWER])
    steps.submitted(application, alice)
    reviews.review_assign(application=application, user=anton, reviewer=rita)
    client.force_login(other)

    assert client.get(reverse("staff:declare", args=[application.pk])).status_code == 403
    assert client.get(reverse("staff:review", args=[application.pk])).status_code == 403
    assert post(client, "review", application, review_data()).status_code == 403
    assert post(client, "assign", application, {"take_over": "1"}).status_code == 403


def test_it_lets_the_leitung_assign_and_a_reviewer_take_over(client, application, alice, rita, anton):
    steps.submitted(application, alice)
    client.force_login(rita)
    post(client, "assign", application, {"take_over": "1"})
    assert Application.objects.get(pk=application.pk).assigned_reviewer == rita

    other = UserFactory(username="ralf", roles=[roles.REVIEWER])
    client.force_login(anton)
    post(client, "assign", application, {"reviewer": other.pk})
    assert Application.objects.get(pk=application.pk).assigned_reviewer == other
    assert Note.objects.filter(application=application, body__contains="zugewiesen").count() == 2


def test_it_prefills_the_checklist_from_the_automatic_checks(client, application, alice, rita, organisation):
    steps.in_review(application, alice, rita)
    # Changed after the submission, which the call's rules would have refused.
    Organisation.objects.filter(pk=organisation.pk).update(charitable_valid_until=date(2020, 1, 1))
    organisation.documents.filter(kind="statutes").delete()
    client.force_login(rita)

    form = client.get(reverse("staff:review", args=[application.pk])).context["form"]

    assert form["check_charitable"].initial is False
    assert form["check_plan_balanced"].initial is True
    assert form["check_not_started"].initial is True
    assert form["check_documents_complete"].initial is False


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"own_funds": Decimal("1000.00")}, "plan_balanced"),
        ({"start_date": date(2020, 1, 1)}, "not_started"),
        ({"requested_amount": Decimal("20000.00"), "own_funds": Decimal("-10000.00")}, "within_limits"),
    ],
)
def test_it_flags_failed_automatic_checks(application, alice, rita, change, key):
    steps.in_review(application, alice, rita)
    Application.objects.filter(pk=application.pk).update(**change)
    application.refresh_from_db()
    checks = {row["key"]: row["auto"] for row in reviews.automatic_checks(application)}
    assert checks[key] is False


def test_it_flags_a_seat_outside_the_district(application, alice, rita, organisation):
    steps.in_review(application, alice, rita)
    Organisation.objects.filter(pk=organisation.pk).update(municipality=None, city="Münster")
    application = Application.objects.get(pk=application.pk)
    assert {row["key"]: row["auto"] for row in reviews.automatic_checks(application)}["seat_in_district"] is False


def test_it_saves_scores_with_the_weighted_total_and_completes(client, application, alice, rita):
    impact = ScoreCriterionFactory(call=application.call, name="Integrationswirkung", weight=Decimal("2.00"))
    economy = ScoreCriterionFactory(call=application.call, name="Wirtschaftlichkeit", weight=Decimal("1.00"))
    steps.in_review(application, alice, rita)
    client.force_login(rita)
    data = review_data(**{f"score_{impact.pk}": "5", f"score_{economy.pk}": "2", "check_plan_balanced": "on"})

    response = post(client, "review", application, data)

    assert response.status_code == 302
    review = Review.objects.get(application=application, reviewer=rita)
    assert review.total_score == Decimal("4.00")  # (2*5 + 1*2) / 3
    assert review.completed_at is not None
    assert review.checklist["plan_balanced"] == {"auto": True, "ok": True}
    assert review.checklist["charitable"]["ok"] is False  # not ticked: corrected by the reviewer


def test_it_refuses_to_complete_without_all_scores(client, application, alice, rita):
    ScoreCriterionFactory(call=application.call)
    steps.in_review(application, alice, rita)
    client.force_login(rita)

    response = post(client, "review", application, review_data())

    assert response.status_code == 200
    assert "Bitte bewerten Sie alle Kriterien." in response.content.decode()
    assert Review.objects.get(application=application, reviewer=rita).completed_at is None


def test_it_saves_a_draft_of_the_review(client, application, alice, rita):
    steps.in_review(application, alice, rita)
    client.force_login(rita)
    data = review_data(note="Zwischenstand", recommendation="")
    del data["complete"]

    post(client, "review", application, {**data, "save": "1"})

    review = Review.objects.get(application=application, reviewer=rita)
    assert review.note == "Zwischenstand"
    assert review.completed_at is None


def test_it_requests_changes_with_a_message_to_the_applicant(client, application, alice, rita):
    steps.in_review(application, alice, rita)
    client.force_login(rita)
    data = review_data(recommendation="request_changes", note="Angebot fehlt.", message="Bitte laden Sie ein Angebot hoch.")

    post(client, "review", application, data)

    application.refresh_from_db()
    assert application.state == "changes_requested"
    message = Message.objects.get(application=application)
    assert message.from_staff and message.body == "Bitte laden Sie ein Angebot hoch."
    assert "Angebot fehlt." not in message.body  # the review note stays internal
    assert Review.objects.get(application=application).completed_at is None


def test_it_requires_a_message_when_requesting_changes(client, application, alice, rita):
    steps.in_review(application, alice, rita)
    client.force_login(rita)

    response = post(client, "review", application, review_data(recommendation="request_changes"))

    assert "Bitte schreiben Sie dem Antragsteller" in response.content.decode()
    assert Application.objects.get(pk=application.pk).state == "in_review"


def test_it_requires_a_reduced_amount_below_the_request(client, application, alice, rita):
    steps.in_review(application, alice, rita)
    client.force_login(rita)

    response = post(client, "review", application, review_data(recommendation="approve_reduced", recommended_amount="9.000,00"))

    assert "kleiner als der beantragte Betrag" in response.content.decode()


def test_it_keeps_internal_notes_apart_from_messages(client, application, alice, rita):
    steps.in_review(application, alice, rita)
    client.force_login(rita)

    post(client, "note_add", application, {"body": "Vorstand telefonisch nicht erreichbar."})
    post(client, "message_send", application, {"subject": "Rückfrage", "body": "Bitte rufen Sie uns an."})

    assert list(Note.objects.filter(application=application).values_list("body", flat=True)) == ["Vorstand telefonisch nicht erreichbar."]
    assert list(Message.objects.filter(application=application).values_list("body", flat=True)) == ["Bitte rufen Sie uns an."]
    page = client.get(reverse("staff:application_detail", args=[application.pk])).content.decode()
    internal = page.split('id="notes-heading"')[1]
    external = page.split('id="messages-heading"')[1].split('id="notes-heading"')[0]
    assert "Vorstand telefonisch" in internal and "Vorstand telefonisch" not in external
    assert "Bitte rufen Sie uns an." in external


def test_it_emails_the_applicant_about_a_message(client, application, alice, rita, run_tasks):
    steps.in_review(application, alice, rita)
    client.force_login(rita)
    post(client, "message_send", application, {"subject": "Rückfrage", "body": "Bitte rufen Sie uns an."})
    run_tasks()
    assert any("Bitte rufen Sie uns an." in message.body for message in mail.outbox)


def test_it_shows_score_weights_in_the_reader_s_notation(client, application, alice, rita):
    criterion = ScoreCriterionFactory(call=application.call, name="Zielgruppe", weight=Decimal("1.50"))
    steps.in_review(application, alice, rita)
    client.force_login(rita)

    form = client.get(reverse("staff:review", args=[application.pk])).context["form"]
    assert form[f"score_{criterion.pk}"].label == "Zielgruppe (× 1,5)"

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    form = client.get(reverse("staff:review", args=[application.pk])).context["form"]
    assert form[f"score_{criterion.pk}"].label == "Zielgruppe (× 1.5)"
