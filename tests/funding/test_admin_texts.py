"""Editing the configured letter texts in the admin: new versions only, checked on save."""

from datetime import date

import pytest
from django.urls import reverse

from funding import texts
from funding.models import AncillaryProvisions, LetterText
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]


@pytest.fixture
def lawyer(client):
    user = UserFactory(username="justiziar", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def add_url(model, **query):
    url = reverse(f"admin:funding_{model}_add")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_it_prefills_a_new_version_with_the_text_in_force_and_lists_the_placeholders(client, lawyer):
    page = client.get(add_url("lettertext", key="remedy")).content.decode()

    assert "Gegen diesen Bescheid kann innerhalb eines Monats" in page
    assert "{court_name}" in page and "Zuständiges Gericht" in page


def test_it_saves_a_valid_text_as_the_next_version_by_its_author(client, lawyer):
    text = "Gegen diesen Bescheid kann Klage beim {court_name}, {court_address}, erhoben werden."
    response = client.post(add_url("lettertext"), {"key": "remedy", "valid_from": "01.01.2027", "text": text, "note": "geprüft"})

    assert response.status_code == 302
    saved = LetterText.objects.get(key="remedy", version=2)
    assert saved.text == text and saved.created_by == lawyer and saved.valid_from == date(2027, 1, 1)


def test_it_refuses_a_stray_brace_and_an_unknown_placeholder_and_keeps_what_was_typed(client, lawyer):
    for text, message in [
        ("Klage beim {court_name}, Piusallee 38 {, Münster.", "Einzelne geschweifte Klammer"),
        ("Klage beim {gericht}.", "Unbekannte Platzhalter: {gericht}"),
    ]:
        response = client.post(add_url("lettertext"), {"key": "remedy", "valid_from": "01.01.2027", "text": text})
        page = response.content.decode()
        assert response.status_code == 200 and message in page
        assert "Piusallee 38" in page or "{gericht}" in page
    assert not LetterText.objects.filter(key="remedy", version__gt=1).exists()


def test_a_saved_version_is_read_only(client, lawyer):
    first = LetterText.objects.get(key="remedy", version=1)
    url = reverse("admin:funding_lettertext_change", args=[first.pk])

    assert client.get(url).status_code == 200
    assert client.post(url, {"key": "remedy", "text": "anders"}).status_code == 403
    assert LetterText.objects.get(pk=first.pk).text == texts.BLOCKS["remedy"].default
    assert "?key=remedy" in client.get(reverse("admin:funding_lettertext_changelist")).content.decode()


def test_it_adds_an_anbest_version_checked_for_its_numbering(client, lawyer):
    page = client.get(add_url("ancillaryprovisions", kind="P")).content.decode()
    assert "1 Anforderung und Verwendung der Zuwendung" in page

    base = {"kind": "P", "title": "Allgemeine Nebenbestimmungen für Zuwendungen zur Projektförderung",
            "version": "RdErl. vom 01.01.2027", "valid_from": "01.01.2027"}
    refused = client.post(add_url("ancillaryprovisions"), {**base, "text": "Nur Fließtext ohne Nummern."})
    assert refused.status_code == 200 and "nummerierte Abschnitte" in refused.content.decode()
    wrong = client.post(add_url("ancillaryprovisions"), {**base, "text": "1 Anforderung\n2.1 Falscher Abschnitt"})
    assert "Nr. 2.1 steht im Abschnitt 1" in wrong.content.decode()

    saved = client.post(add_url("ancillaryprovisions"), {**base, "text": "1 Anforderung\n1.1 Text."})
    assert saved.status_code == 302
    official = AncillaryProvisions.objects.get(version="RdErl. vom 01.01.2027")
    assert not official.is_demo and official.created_by == lawyer and official.valid_from == date(2027, 1, 1)
