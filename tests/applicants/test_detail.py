"""The application page: state, timeline, messages, letters."""

import pytest

from funding.models import Letter, Message
from funding.services.applications import message_applicant
from funding.services.letters import store_letter
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def page(client, application):
    return client.get(f"/portal/antraege/{application.pk}/")


def test_it_explains_the_state_in_plain_german(client, alice, submitted):
    client.force_login(alice)
    content = page(client, submitted).content.decode()
    assert "Ihr Antrag ist bei uns angekommen" in content and submitted.file_reference in content


def test_it_shows_the_timeline_with_staff_as_the_centre(client, alice, changes_requested):
    client.force_login(alice)
    timeline = page(client, changes_requested).context["timeline"]
    assert [entry["label"] for entry in timeline] == [
        "Entwurf angelegt", "Antrag eingereicht", "Prüfung begonnen", "Nachforderung: Angaben oder Unterlagen fehlen",
    ]
    assert timeline[1]["who"] == "Erika Muster" and timeline[2]["who"] == "Integrationszentrum"
    assert timeline[3]["text"] == "Bitte Angebot hochladen."


def test_it_shows_messages_and_takes_a_reply(client, bob, submitted, rita):
    message_applicant(application=submitted, sender=rita, subject="Frage", body="Wann beginnt das Projekt?")
    client.force_login(bob)
    assert "Wann beginnt das Projekt?" in page(client, submitted).content.decode()
    response = client.post(f"/portal/antraege/{submitted.pk}/nachrichten/", {"body": "Im März."})
    assert response.url == f"/portal/antraege/{submitted.pk}/#nachrichten"
    reply = Message.objects.get(from_staff=False)
    assert (reply.application, reply.sender, reply.body) == (submitted, bob, "Im März.")


def test_it_explains_an_empty_reply(client, alice, submitted):
    client.force_login(alice)
    response = client.post(f"/portal/antraege/{submitted.pk}/nachrichten/", {"body": ""})
    assert response.status_code == 400 and response.context["message_form"].errors["body"]


def test_it_offers_letters_for_download(client, alice, submitted):
    letter = store_letter(submitted, Letter.Kind.RECEIPT, b"%PDF-1.4 Eingang")
    client.force_login(alice)
    assert f"/portal/antraege/{submitted.pk}/schreiben/{letter.pk}/" in page(client, submitted).content.decode()
    response = client.get(f"/portal/antraege/{submitted.pk}/schreiben/{letter.pk}/")
    assert response["Content-Disposition"].startswith("attachment") and response["Content-Type"] == "application/pdf"
    assert response.content == b"%PDF-1.4 Eingang"


def test_it_renders_a_draft_as_pdf_preview(client, alice, draft):
    client.force_login(alice)
    response = client.get(f"/portal/antraege/{draft.pk}/pdf/")
    assert response.content.startswith(b"%PDF") and "Entwurf" in response["Content-Disposition"]


def test_it_shows_the_money_and_the_proof_due_date_after_approval(client, alice, approved):
    client.force_login(alice)
    content = page(client, approved).content.decode()
    assert "Geld abrufen" in content and "Verwendungsnachweis fällig am" in content
    assert approved.proof_due_date.strftime("%d.%m.%Y") in content


def test_it_links_drafts_to_the_form_from_the_overview(client, alice, organisation, submitted):
    other = ApplicationFactory(organisation=organisation, title="Hausaufgabenhilfe")
    client.force_login(alice)
    content = client.get("/portal/").content.decode()
    assert f"/portal/antraege/{other.pk}/schritt/projekt/" in content and "Weiter bearbeiten" in content
    assert f"/portal/antraege/{submitted.pk}/schritt/projekt/" not in content
