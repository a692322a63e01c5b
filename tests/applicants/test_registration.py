"""Registration with e-mail confirmation, password reset and change."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

pytestmark = pytest.mark.django_db
User = get_user_model()
FORM = {
    "first_name": "Ayşe",
    "last_name": "Demir",
    "email": "Ayse.Demir@Example.org",
    "password1": "Sommerfest-2027!",
    "password2": "Sommerfest-2027!",
}


def _link(message):
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_it_creates_an_inactive_account_and_mails_the_link(client, run_tasks):
    response = client.post("/portal/konto/registrieren/", FORM)
    assert response.status_code == 302 and response.url == "/portal/konto/registrieren/gesendet/"
    user = User.objects.get(username="ayse.demir@example.org")
    assert not user.is_active and user.check_password(FORM["password1"])
    run_tasks()
    assert mail.outbox[0].to == ["ayse.demir@example.org"]
    assert "/portal/konto/bestaetigen/" in mail.outbox[0].body
    assert "bestätigen" in mail.outbox[0].subject


def test_it_activates_and_logs_in_with_the_link(client, run_tasks):
    client.post("/portal/konto/registrieren/", FORM)
    run_tasks()
    link = _link(mail.outbox[0])
    assert client.get(link).status_code == 200
    assert not User.objects.get(username="ayse.demir@example.org").is_active  # GET alone changes nothing
    response = client.post(link)
    assert response.status_code == 302
    assert User.objects.get(username="ayse.demir@example.org").is_active
    assert client.get("/portal/").status_code == 200
    assert client.post(link).status_code == 400  # used up


def test_it_keeps_the_next_page_through_the_confirmation(client, run_tasks):
    client.post("/portal/konto/registrieren/?next=/portal/einladung/abc/", FORM)
    run_tasks()
    response = client.post(_link(mail.outbox[0]))
    assert response.url == "/portal/einladung/abc/"


def test_it_ignores_a_next_page_on_another_site(client, run_tasks):
    client.post("/portal/konto/registrieren/", {**FORM, "next": "https://evil.example/"})
    run_tasks()
    assert client.post(_link(mail.outbox[0])).url == "/portal/"


def test_it_refuses_a_forged_link(client):
    assert client.get("/portal/konto/bestaetigen/MQ/abc-def/").status_code == 400
    assert client.post("/portal/konto/bestaetigen/xx/abc-def/").status_code == 400


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"password2": "anders"}, "password2", "nicht gleich"),
        ({"password1": "123", "password2": "123"}, "password1", "zu kurz"),
        ({"email": "keine-adresse"}, "email", "E-Mail"),
        ({"first_name": ""}, "first_name", "erforderlich"),
    ],
)
def test_it_explains_bad_input_at_the_field(client, change, field, message):
    response = client.post("/portal/konto/registrieren/", {**FORM, **change})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not User.objects.exists()


def test_it_does_not_reveal_an_existing_account(client, alice, run_tasks):
    response = client.post("/portal/konto/registrieren/", {**FORM, "email": alice.email})
    assert response.status_code == 302
    run_tasks()
    assert mail.outbox[0].to == [alice.email] and "schon ein Konto" in mail.outbox[0].subject
    assert User.objects.filter(email=alice.email).count() == 1


def test_it_renews_an_unconfirmed_registration(client, run_tasks):
    client.post("/portal/konto/registrieren/", FORM)
    client.post("/portal/konto/registrieren/", {**FORM, "password1": "Neues-Passwort-99", "password2": "Neues-Passwort-99"})
    run_tasks()
    assert len(mail.outbox) == 2 and User.objects.count() == 1
    client.post(_link(mail.outbox[1]))
    assert User.objects.get().check_password("Neues-Passwort-99")


def test_it_resets_a_password_by_e_mail(client, alice, run_tasks):
    response = client.post("/portal/konto/passwort-vergessen/", {"email": alice.email})
    assert response.url == "/portal/konto/passwort-vergessen/gesendet/"
    run_tasks()
    link = _link(mail.outbox[0])
    form_url = client.get(link).url
    response = client.post(form_url, {"new_password1": "Ganz-Neu-2027", "new_password2": "Ganz-Neu-2027"})
    assert response.url == "/portal/konto/passwort-neu/fertig/"
    alice.refresh_from_db()
    assert alice.check_password("Ganz-Neu-2027")


def test_it_links_registration_and_reset_from_the_login_page(client):
    content = client.get("/konto/anmelden/").content.decode()
    assert "/portal/konto/registrieren/" in content and "/portal/konto/passwort-vergessen/" in content


def test_it_changes_the_password_when_logged_in(client, alice):
    client.force_login(alice)
    response = client.post(
        "/portal/konto/passwort-aendern/",
        {"old_password": "pw", "new_password1": "Neu-und-lang-77", "new_password2": "Neu-und-lang-77"},
    )
    assert response.url == "/portal/konto/passwort-aendern/fertig/"


def test_it_logs_in_with_the_e_mail_address_in_any_case(client):
    from tests.factories import UserFactory

    UserFactory(username="ayse.demir@example.org", email="ayse.demir@example.org")
    response = client.post("/konto/anmelden/", {"username": " Ayse.Demir@Example.org", "password": "pw"})
    assert response.status_code == 302
    assert client.get("/portal/").status_code == 200
