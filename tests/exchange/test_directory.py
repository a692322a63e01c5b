"""The public directory: opt-in with recorded consent, search, Art. 9 data, contact form."""

import pytest
from django.core import mail

from exchange.models import ConsentRecord, ContactRequest, Profile
from tests.exchange.conftest import make_partner, make_profile
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db


def _names(response):
    return [profile.display_name for profile in response.context["page"].items]


def test_it_finds_who_translates_arabic_in_rheine(client, profile):
    emsdetten = OrganisationFactory(name="Syrisches Haus", municipality=municipality("Emsdetten"))
    make_profile(emsdetten, offers=("uebersetzung",), translation=("ar",))
    turkish = OrganisationFactory(name="Türkischer Verein")
    make_profile(turkish, offers=("uebersetzung",), translation=("tr",), spoken=("ar",))
    query = {"kommune": municipality("Rheine").pk, "angebot": "uebersetzung", "sprache": "ar"}
    response = client.get("/austausch/", query)
    assert response.status_code == 200
    assert _names(response) == [profile.display_name]
    assert response.context["count"] == 1
    # Without the offer, speaking Arabic is enough.
    response = client.get("/austausch/", {"kommune": municipality("Rheine").pk, "sprache": "ar"})
    assert sorted(_names(response)) == sorted([profile.display_name, "Türkischer Verein"])


def test_it_searches_name_and_description(client, profile):
    make_profile(OrganisationFactory(name="Sportfreunde"), description="Fußball für alle")
    assert _names(client.get("/austausch/", {"q": "fußball"})) == ["Sportfreunde"]


def test_it_shows_nothing_without_consent(client, organisation, alice):
    draft = make_profile(organisation, user=alice, published=False)
    assert _names(client.get("/austausch/")) == []
    assert client.get(f"/austausch/verzeichnis/{draft.pk}/").status_code == 404
    assert not ConsentRecord.objects.exists()


def test_it_records_consent_with_date_and_person(client, organisation, alice):
    draft = make_profile(organisation, user=alice, published=False)
    client.force_login(alice)
    refused = client.post(f"/austausch/verein/{organisation.pk}/profil/veroeffentlichen/", {})
    assert refused.status_code == 302 and Profile.objects.get(pk=draft.pk).published_at is None
    client.post(f"/austausch/verein/{organisation.pk}/profil/veroeffentlichen/", {"consent": "on"})
    record = ConsentRecord.objects.get()
    assert record.user == alice and record.action == "granted" and record.at and "willige ein" in record.text
    assert Profile.objects.get(pk=draft.pk).published_at is not None
    client.post(f"/austausch/verein/{organisation.pk}/profil/zurueckziehen/")
    assert Profile.objects.get(pk=draft.pk).published_at is None
    assert list(ConsentRecord.objects.values_list("action", flat=True)) == ["withdrawn", "granted"]


def test_it_lets_only_a_representative_publish(client, organisation, bob, alice):
    make_profile(organisation, user=alice, published=False)
    client.force_login(bob)
    assert client.post(f"/austausch/verein/{organisation.pk}/profil/veroeffentlichen/", {"consent": "on"}).status_code == 403
    assert client.get(f"/austausch/verein/{organisation.pk}/profil/").status_code == 403
    assert client.get(f"/austausch/verein/{organisation.pk}/").status_code == 200


def _profile_form(organisation, **changes):
    data = {"display_name": "Kulturverein Rheine", "municipality": organisation.municipality_id,
            "description": "Wir feiern Feste.", "offers": [], "languages": [], "translation_languages": [],
            "contact_enabled": "on"}
    return {**data, **changes}


def test_it_shows_religion_only_where_the_organisation_chose_it(client, organisation, alice):
    client.force_login(alice)
    url = f"/austausch/verein/{organisation.pk}/profil/"
    response = client.post(url, _profile_form(organisation, show_religion="on", religion="alevitisch"))
    assert response.status_code == 200 and "religion_consent" in response.context["form"].errors
    client.post(url, _profile_form(organisation, show_religion="on", religion="alevitisch", religion_consent="on"))
    profile = Profile.objects.get(organisation=organisation)
    assert ConsentRecord.objects.get().includes_religion
    client.post(f"/austausch/verein/{organisation.pk}/profil/veroeffentlichen/", {"consent": "on"})
    assert "alevitisch" in client.get(profile.get_absolute_url()).content.decode()
    client.post(url, _profile_form(organisation, religion="alevitisch"))
    profile = Profile.objects.get(pk=profile.pk)
    assert profile.religion == "" and not profile.show_religion  # not kept when not shown
    assert "alevitisch" not in client.get(profile.get_absolute_url()).content.decode()


def test_it_asks_for_the_languages_of_a_translation_offer(client, organisation, alice):
    client.force_login(alice)
    from tests.exchange.conftest import offer

    data = _profile_form(organisation, offers=[offer("uebersetzung").pk])
    response = client.post(f"/austausch/verein/{organisation.pk}/profil/", data)
    assert "translation_languages" in response.context["form"].errors
    assert response.context["form"].data["description"] == "Wir feiern Feste."  # what was typed stays


def test_it_forwards_a_message_without_revealing_the_address(client, profile, run_tasks):
    page = client.get(profile.get_absolute_url()).content.decode()
    assert profile.organisation.email not in page and "mailto:" not in page
    response = client.post(f"/austausch/verzeichnis/{profile.pk}/kontakt/", {
        "name": "Erika", "email": "erika@example.org", "message": "Können Sie am Montag übersetzen?"})
    assert response.status_code == 302
    run_tasks()
    message = mail.outbox[-1]
    assert profile.organisation.email in message.to
    assert "erika@example.org" in message.body and "Montag übersetzen" in message.body


def test_it_refuses_bots_and_floods(client, profile, settings):
    url = f"/austausch/verzeichnis/{profile.pk}/kontakt/"
    data = {"name": "Erika", "email": "erika@example.org", "message": "Hallo"}
    assert client.post(url, {**data, "homepage": "http://spam"}).status_code == 400
    for _ in range(3):
        assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 400 and "später" in response.content.decode()
    assert ContactRequest.objects.count() == 3


def test_it_lists_all_24_municipalities_with_their_counts(client, profile):
    make_partner("Rheine")
    make_partner("Greven")
    response = client.get("/austausch/kommunen/")
    rows = {m.name: (m.profile_count, m.partner_count) for m in response.context["municipalities"]}
    assert len(rows) == 24
    assert rows["Rheine"] == (1, 1) and rows["Greven"] == (0, 1) and rows["Laer"] == (0, 0)


def test_it_shows_the_partners_beside_the_organisations(client, profile):
    make_partner("Rheine", name="Integrationsbeauftragte Rheine", offer="Beratung für Vereine")
    make_partner("Rheine", name="Versteckt", is_public=False)
    page = client.get(f"/austausch/kommunen/{municipality('Rheine').pk}/").content.decode()
    assert "Integrationsbeauftragte Rheine" in page and profile.display_name in page
    assert "Versteckt" not in page


def test_it_lets_another_organisation_not_edit_the_profile(client, profile, charlie):
    client.force_login(charlie)
    organisation = profile.organisation
    assert client.get(f"/austausch/verein/{organisation.pk}/profil/").status_code == 404
    assert client.post(f"/austausch/verein/{organisation.pk}/profil/zurueckziehen/").status_code == 404
    assert Profile.objects.get(pk=profile.pk).is_published


def test_it_keeps_a_member_of_two_organisations_apart(client, profile, charlie):
    both = UserFactory(username="dora")
    MembershipFactory(user=both, organisation=charlie.memberships.get().organisation)
    client.force_login(both)
    assert client.get(f"/austausch/verein/{profile.organisation_id}/").status_code == 404
