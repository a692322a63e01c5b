"""Partner organisations (co-applicants): added by the representative, read by their members, nothing more."""

import pytest
from django.urls import reverse

from applicants.models import CoApplicant
from tests.applicants.portal_urls import kwargs_for
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

# What a partner's member may open: the page, the PDF, the files and letters.
READ_URLS = {"application_detail", "attachment_download", "letter_download"}
WRITE_URLS = [
    "application_step", "application_autosave", "application_attachments", "application_submit", "message_send",
    "application_withdraw", "drawdown_create", "amendment_create", "hearing_answer", "co_applicants",
    "attachment_delete", "proof_step", "proof_submit", "proof_attachments",
]


@pytest.fixture
def partner(objects, alice, charlie):
    """charlie's organisation is a co-applicant of alice's draft and approved application."""
    organisation = charlie.memberships.get().organisation
    for app in (objects["draft"], objects["approved"]):
        CoApplicant.objects.create(application=app, organisation=organisation, added_by=alice)
    return organisation


def _url(name, objects):
    return reverse(f"applicants:{name}", kwargs=kwargs_for(name, objects))


def test_it_lets_the_representative_find_and_add_a_partner(client, alice, draft, charlie):
    other = charlie.memberships.get().organisation
    other.name = "Ukrainischer Kulturverein Greven e.V."
    other.save()
    client.force_login(alice)
    url = reverse("applicants:co_applicants", args=[draft.pk])
    html = client.get(url, {"q": "kulturverein greven"}).content.decode()
    assert other.name in html and f'value="{other.pk}"' in html
    # a German name inside an Arabic sentence keeps its direction (and its final period)
    assert f"<bdi>{other.name}</bdi>" in html
    assert client.post(url, {"organisation": other.pk}).status_code == 302
    assert list(draft.co_applicants.values_list("organisation", flat=True)) == [other.pk]
    html = client.get(draft.get_absolute_url()).content.decode()
    assert other.name in html
    co = draft.co_applicants.get()
    client.post(url, {"remove": co.pk})
    assert not draft.co_applicants.exists()


def test_it_does_not_offer_the_own_organisation_or_unknown_ones(client, alice, draft):
    client.force_login(alice)
    url = reverse("applicants:co_applicants", args=[draft.pk])
    html = client.get(url, {"q": draft.organisation.name[:10]}).content.decode()
    assert f'name="organisation" value="{draft.organisation_id}"' not in html
    client.post(url, {"organisation": draft.organisation_id})
    client.post(url, {"organisation": "999999"})
    assert not draft.co_applicants.exists()


def test_a_plain_member_may_not_add_partners(client, bob, draft):
    client.force_login(bob)
    assert client.get(reverse("applicants:co_applicants", args=[draft.pk])).status_code == 403


def test_partner_members_read_the_application_and_its_letters(client, charlie, objects, partner):
    client.force_login(charlie)
    for name in READ_URLS:
        assert client.get(_url(name, objects)).status_code == 200, name
    html = client.get(objects["approved"].get_absolute_url()).content.decode()
    assert "Ihr Verein ist Partner" in html
    for name in ("application_withdraw", "drawdown_create", "amendment_create", "proof_submit", "message_send"):
        assert _url(name, objects).replace(str(objects["draft"].pk), str(objects["approved"].pk)) not in html, name
    assert 'name="body"' not in html


@pytest.mark.parametrize("name", WRITE_URLS)
def test_partner_members_cannot_change_submit_or_withdraw(client, charlie, objects, partner, name):
    client.force_login(charlie)
    url = _url(name, objects)
    assert client.get(url).status_code in (404, 405), name
    assert client.post(url, {}).status_code == 404, name


def test_others_still_get_404(client, objects, partner):
    stranger = MembershipFactory(user=UserFactory(username="dora"), organisation=OrganisationFactory()).user
    client.force_login(stranger)
    for name in sorted(READ_URLS) + ["application_pdf"]:
        assert client.get(_url(name, objects)).status_code == 404, name


def test_the_partner_page_has_a_fixed_number_of_queries(client, alice, draft, django_assert_num_queries):
    for number in range(3):
        CoApplicant.objects.create(application=draft, organisation=OrganisationFactory(name=f"Partner {number}"),
                                   added_by=alice)
    client.force_login(alice)
    url = reverse("applicants:co_applicants", args=[draft.pk])
    client.get(url, {"q": "Partner"})
    with django_assert_num_queries(8):
        assert client.get(url, {"q": "Partner"}).status_code == 200


def test_the_application_pdf_names_the_partners(objects, partner):
    from applicants.services.letters import application_letter_context
    from funding import letters
    from funding.models import Letter

    html = letters.render_letter_html(Letter.Kind.APPLICATION, application_letter_context(objects["draft"]))
    assert "Partnerorganisationen" in html and partner.name in html
    CoApplicant.objects.filter(application=objects["approved"]).delete()
    alone = letters.render_letter_html(Letter.Kind.APPLICATION, application_letter_context(objects["approved"]))
    assert "Partnerorganisationen" not in alone


def test_staff_see_the_partners_on_the_file(client, objects, partner, rita, settings):
    settings.REQUIRE_STAFF_2FA = False
    client.force_login(rita)
    html = client.get(reverse("staff:application_detail", args=[objects["approved"].pk])).content.decode()
    assert "Partnerorganisationen" in html and partner.name in html
    assert reverse("staff:organisation_history", args=[partner.pk]) in html
