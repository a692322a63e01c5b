"""Languages: chosen from the browser, switched on every page, remembered on the
account; the staff workspace in German and English; Arabic right to left;
e-mails in each recipient's language; configured content per language;
message subjects stored as events."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from funding.models import FundingLine, UserPreference
from funding.notifications import queue_email
from tests.factories import LineFactory, UserFactory


def _t(language, msgid):
    with translation.override(language):
        return gettext(msgid)


@pytest.mark.parametrize("language", ["tr", "ar", "uk", "en"])
def test_it_picks_the_browser_language_on_the_first_visit(client, db, language):
    response = client.get("/konto/anmelden/", HTTP_ACCEPT_LANGUAGE=f"{language},de;q=0.5")
    html = response.content.decode()
    assert f'lang="{language}"' in html
    assert _t(language, "Noch kein Konto? Jetzt registrieren") in html
    assert ('dir="rtl"' in html) == (language == "ar")


def test_it_offers_every_applicant_language_in_the_switch(client, db):
    html = client.get("/konto/anmelden/").content.decode()
    for code, name in (("tr", "Türkçe"), ("ar", "العربيّة"), ("uk", "Українська"), ("en", "English")):
        assert f'value="{code}"' in html and name in html


def test_it_remembers_the_switch_on_the_account(client, alice):
    client.force_login(alice)
    response = client.post("/i18n/setlang/", {"language": "uk", "next": "/portal/"})
    assert response.status_code == 302
    assert UserPreference.objects.get(user=alice).language == "uk"
    other_browser = type(client)()
    other_browser.post("/konto/anmelden/", {"username": "alice", "password": "pw"})
    assert 'lang="uk"' in other_browser.get("/portal/").content.decode()


def test_it_keeps_the_staff_workspace_in_german_and_english(client, rita, no_2fa):
    client.force_login(rita)
    client.post("/i18n/setlang/", {"language": "ar", "next": "/sachbearbeitung/"})
    assert not UserPreference.objects.filter(user=rita, language="ar").exists()
    html = client.get("/sachbearbeitung/").content.decode()
    assert 'lang="de"' in html and 'value="ar"' not in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/sachbearbeitung/"})
    assert 'lang="en"' in client.get("/sachbearbeitung/").content.decode()


def test_it_falls_back_to_german_on_staff_pages_for_an_applicant_language(client, rita, no_2fa):
    client.force_login(rita)
    session = client.session
    session["language"] = "tr"
    session.save()
    assert 'lang="de"' in client.get("/sachbearbeitung/").content.decode()


def test_it_mails_each_recipient_in_their_language(db, run_tasks):
    turkish = UserFactory(username="ayse", email="ayse@example.org")
    UserPreference.objects.create(user=turkish, language="tr")
    UserFactory(username="gerd", email="gerd@example.org")
    queue_email("registration_confirm", to=["ayse@example.org", "gerd@example.org"],
                context={"confirm_path": "/portal/konto/bestaetigen/x/y/"})
    run_tasks()
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        "ayse@example.org": _t("tr", "Bitte bestätigen Sie Ihre E-Mail-Adresse"),
        "gerd@example.org": "Bitte bestätigen Sie Ihre E-Mail-Adresse",
    }


def test_it_shows_configured_content_per_language_and_falls_back_to_german(db):
    line = LineFactory(name="Einzelprojekt")
    FundingLine.objects.filter(pk=line.pk).update(name_tr="Tek proje")
    line = FundingLine.objects.get(pk=line.pk)
    with translation.override("tr"):
        assert line.name == "Tek proje"
    with translation.override("uk"):
        assert line.name == "Einzelprojekt"


def test_it_confirms_a_registration_in_the_language_it_was_made_in(client, db, run_tasks):
    client.post("/portal/konto/registrieren/", {
        "first_name": "Ayşe", "last_name": "Yılmaz", "email": "ayse@example.org",
        "password1": "Sommerfest-2027!", "password2": "Sommerfest-2027!",
    }, HTTP_ACCEPT_LANGUAGE="tr")
    run_tasks()
    assert [message.subject for message in mail.outbox] == [_t("tr", "Bitte bestätigen Sie Ihre E-Mail-Adresse")]
    assert UserPreference.objects.get(user__email="ayse@example.org").language == "tr"


@pytest.mark.parametrize("language", ["de", "en", "tr", "ar", "uk"])
def test_merged_catalogs_translate_every_message_as_before(language):
    """funding.languages.compact_catalogs: one lookup per message instead of one per app, the same result."""
    from django.utils.translation import trans_real

    from funding.languages import compact_catalogs

    before = trans_real.DjangoTranslation(language)._catalog  # built anew, not merged
    compact_catalogs(language)
    after = trans_real.translation(language)._catalog
    assert len(after._catalogs) < len(before._catalogs) or len(before._catalogs) == 1
    keys = set(before.keys())
    assert keys == set(after.keys())
    for key in keys:
        assert after.get(key) == before.get(key), key
    plurals = {key[0] for key in keys if isinstance(key, tuple)}
    for msgid in plurals:
        for n in range(0, 130):
            try:
                expected = before.plural(msgid, n)
            except KeyError:
                expected = KeyError
            try:
                got = after.plural(msgid, n)
            except KeyError:
                got = KeyError
            assert got == expected, (msgid, n)


def test_a_page_request_merges_the_catalogs_of_its_language(client, db):
    from django.utils.translation import trans_real

    client.get("/konto/anmelden/", HTTP_ACCEPT_LANGUAGE="uk")
    assert len(trans_real.translation("uk")._catalog._catalogs) == 1
    assert len(trans_real.translation("de")._catalog._catalogs) == 1  # its fallback
