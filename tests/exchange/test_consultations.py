"""Consultations: the KI opens one, organisations state their views, the outcome is published."""

from datetime import timedelta

import pytest
from django.utils import timezone

from exchange.models import Consultation, Statement
from exchange.services import consultations
from funding.services.transitions import WorkflowError

pytestmark = pytest.mark.django_db


def _open(anton, **values):
    consultation = consultations.consultation_save(
        consultation=Consultation(), user=anton,
        values={"title": "Integrationskonzept", "text": "Ihre Meinung ist gefragt.",
                "deadline": timezone.now() + timedelta(days=14), **values},
        questions=["Was läuft gut?", "Was fehlt?"],
    )
    return consultations.consultation_open(consultation=consultation, user=anton)


def test_it_opens_a_consultation_with_questions(client, anton):
    client.force_login(anton)
    deadline = (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    client.post("/austausch/ki/beteiligung/neu/", {"title": "Konzept", "text": "Text", "deadline": deadline,
                                                  "questions": "Erste Frage\n\nZweite Frage\n"})
    consultation = Consultation.objects.get()
    assert list(consultation.questions.values_list("text", flat=True)) == ["Erste Frage", "Zweite Frage"]
    client.logout()
    assert client.get(f"/austausch/beteiligung/{consultation.pk}/").status_code == 404  # not open yet
    client.force_login(anton)
    client.post(f"/austausch/ki/beteiligung/{consultation.pk}/eroeffnen/")
    client.logout()
    assert client.get(f"/austausch/beteiligung/{consultation.pk}/").status_code == 200


def test_it_takes_statements_until_the_deadline(client, alice, organisation, anton):
    consultation = _open(anton)
    first, second = consultation.questions.all()
    client.force_login(alice)
    assert "Integrationskonzept" in client.get("/portal/").content.decode()  # open ones on the start page
    url = f"/austausch/beteiligung/{consultation.pk}/stellungnahme/{organisation.pk}/"
    client.post(url, {"text": "Mehr Räume", f"q{first.pk}": "Die Feste", f"q{second.pk}": ""})
    statement = Statement.objects.get()
    assert statement.answers == {str(first.pk): "Die Feste", str(second.pk): ""} and statement.submitted_by == alice
    client.post(url, {"text": "Mehr Räume und Zeit"})
    assert Statement.objects.get().text == "Mehr Räume und Zeit"
    Consultation.objects.filter(pk=consultation.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    client.post(url, {"text": "Zu spät"})
    assert Statement.objects.get().text == "Mehr Räume und Zeit"


def test_it_refuses_an_empty_statement(client, alice, organisation, anton):
    consultation = _open(anton)
    client.force_login(alice)
    response = client.post(f"/austausch/beteiligung/{consultation.pk}/stellungnahme/{organisation.pk}/", {"text": " "})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not Statement.objects.exists()


def test_it_keeps_statements_to_the_own_organisation(client, charlie, organisation, anton):
    consultation = _open(anton)
    client.force_login(charlie)
    url = f"/austausch/beteiligung/{consultation.pk}/stellungnahme/{organisation.pk}/"
    assert client.get(url).status_code == 404 and client.post(url, {"text": "x"}).status_code == 404


def test_it_publishes_the_summary_only_after_the_deadline(client, anton, alice, organisation):
    consultation = _open(anton)
    consultations.statement_save(consultation=consultation, organisation=organisation, user=alice,
                                 text="Gute Idee", answers={})
    with pytest.raises(WorkflowError):
        consultations.summary_publish(consultation=consultation, user=anton, summary="Zu früh", outcome="")
    Consultation.objects.filter(pk=consultation.pk).update(deadline=timezone.now() - timedelta(hours=1))
    client.force_login(anton)
    manage = client.get(f"/austausch/ki/beteiligung/{consultation.pk}/")
    assert [s.text for s in manage.context["statements"]] == ["Gute Idee"]
    client.post(f"/austausch/ki/beteiligung/{consultation.pk}/ergebnis/",
                {"summary": "Die Vereine wünschen mehr Räume.", "outcome": "Der Kreis prüft Räume in Schulen."})
    client.logout()
    page = client.get(f"/austausch/beteiligung/{consultation.pk}/").content.decode()
    assert "Die Vereine wünschen mehr Räume." in page and "Räume in Schulen" in page
    assert "Gute Idee" not in page  # statements stay with the KI
    assert "Integrationskonzept" not in client.get("/portal/").content.decode()
