"""Register courts per authority: suggested in the organisation form, any other court still accepted."""

import re

import pytest

from applicants.forms.organisations import OrganisationForm
from applicants.models import Organisation, RegisterCourt
from funding import demo
from funding.management.commands import seed_demo
from funding.models import Authority
from tests.applicants.test_organisations import PROFILE
from tests.factories import AuthorityFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def courts(db):
    steinfurt = AuthorityFactory(name="Kreis Steinfurt – Der Landrat")
    musterstadt = AuthorityFactory(name="Stadt Musterstadt – Der Bürgermeister", city="Musterstadt")
    RegisterCourt.objects.create(authority=steinfurt, name="Amtsgericht Steinfurt")
    RegisterCourt.objects.create(authority=steinfurt, name="Amtsgericht Münster", order=1)
    RegisterCourt.objects.create(authority=musterstadt, name="Amtsgericht Musterstadt")
    rheine = municipality("Rheine")
    rheine.authority = steinfurt
    rheine.save()
    return steinfurt, musterstadt


def _suggestions(html):
    datalist = re.search(r'<datalist id="id_register_court_suggestions">(.*?)</datalist>', html, re.S)
    return re.findall(r'<option value="([^"]*)">', datalist.group(1)) if datalist else None


def test_the_form_suggests_the_courts_of_the_organisations_authority(client, alice, organisation, courts):
    organisation.municipality = municipality("Rheine")
    organisation.save()
    client.force_login(alice)
    html = client.get(f"/portal/organisationen/{organisation.pk}/bearbeiten/").content.decode()
    assert 'list="id_register_court_suggestions"' in html
    assert _suggestions(html) == ["Amtsgericht Steinfurt", "Amtsgericht Münster"]


def test_a_new_organisation_gets_every_authoritys_courts(client, charlie, courts):
    client.force_login(charlie)
    html = client.get("/portal/organisationen/neu/").content.decode()
    assert set(_suggestions(html)) == {"Amtsgericht Steinfurt", "Amtsgericht Münster", "Amtsgericht Musterstadt"}


def test_any_other_court_is_still_accepted(client, charlie, courts):
    client.force_login(charlie)
    client.post("/portal/organisationen/neu/", {**PROFILE, "register_court": "Amtsgericht Bielefeld",
                                                "municipality": municipality("Greven").pk})
    assert Organisation.objects.get(name=PROFILE["name"]).register_court == "Amtsgericht Bielefeld"


def test_without_configured_courts_it_is_a_plain_text_field(organisation):
    html = str(OrganisationForm(instance=organisation)["register_court"])
    assert "datalist" not in html and 'name="register_court"' in html


def test_the_demo_configures_courts_for_both_authorities():
    """As ``seed_demo`` seeds the two authorities, without its applications (their letters take a minute)."""
    command = seed_demo.Command()
    command._reference_data()
    command._second_authority(command._users(), [])
    courts = {a.name: list(a.register_courts.values_list("name", flat=True)) for a in Authority.objects.all()}
    assert courts[demo.AUTHORITY["name"]] == ["Amtsgericht Steinfurt"]
    assert courts[demo.SECOND_AUTHORITY["name"]] == ["Amtsgericht Musterstadt"]
