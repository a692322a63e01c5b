"""History entries are stored as events and read in the reader's language (tr, ar, uk)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from funding.amounts import format_money


def _t(language, msgid):
    with translation.override(language):
        return gettext(msgid)


@pytest.mark.parametrize("language", ["tr", "ar", "uk"])
def test_it_shows_the_history_in_the_readers_language(client, alice, changes_requested, language):
    client.force_login(alice)
    client.post("/i18n/setlang/", {"language": language, "next": "/portal/"})
    html = client.get(f"/portal/antraege/{changes_requested.pk}/").content.decode()
    for label in ("Entwurf angelegt", "Antrag eingereicht", "Nachforderung: Angaben oder Unterlagen fehlen"):
        translated = _t(language, label)
        assert translated != label, f"{label!r} untranslated in {language}"
        assert translated in html
        assert label not in html
    assert _t(language, "Integrationszentrum") in html


@pytest.mark.parametrize("language", ["tr", "ar", "uk"])
def test_it_shows_the_requested_amount_in_the_readers_notation(client, alice, submitted, language):
    client.force_login(alice)
    client.post("/i18n/setlang/", {"language": language, "next": "/portal/"})
    html = client.get(f"/portal/antraege/{submitted.pk}/").content.decode()
    with translation.override(language):
        assert format_money(submitted.requested_amount) in html
