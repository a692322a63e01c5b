"""Possible duplicates of an organisation, and merging two entries of the same one."""

import pytest
from django.db import connection
from django.urls import reverse

from applicants.duplicates import SAME_IBAN, SAME_REGISTER, SIMILAR_NAME, normalised, possible_duplicates
from applicants.models import CoApplicant, Membership, Organisation, OrganisationDocument, OrganisationMerge
from applicants.services.merge import organisation_merge
from funding.models import Application, Letter
from funding.services.transitions import WorkflowError
from tests.applicants.test_organisations import PROFILE
from tests.factories import ApplicationFactory, DocumentFactory, MembershipFactory, OrganisationFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_2fa(settings):
    settings.REQUIRE_STAFF_2FA = False


def _found(organisation):
    return {candidate.organisation.name: candidate.reasons for candidate in possible_duplicates(organisation)}


def test_it_finds_the_same_register_entry_and_the_same_iban():
    first = OrganisationFactory(name="Afrika-Forum", register_court="Amtsgericht Steinfurt", register_number="VR 1234",
                                iban="DE89370400440532013000", municipality=municipality("Greven"))
    OrganisationFactory(name="Verein A", register_court="amtsgericht steinfurt", register_number="VR1234")
    OrganisationFactory(name="Verein B", register_court="Amtsgericht Münster", register_number="VR 1234")
    OrganisationFactory(name="Verein C", iban="DE89370400440532013000")

    assert _found(first) == {"Verein A": [SAME_REGISTER], "Verein C": [SAME_IBAN]}


def test_it_finds_a_similar_name_only_in_the_same_municipality():
    rheine = municipality("Rheine")
    first = OrganisationFactory(name="Deutsch-Türkischer Kulturverein Rheine e.V.", municipality=rheine)
    OrganisationFactory(name="Deutsch Türkischer Kulturverein Rheine", municipality=rheine)
    OrganisationFactory(name="Deutsch-Türkischer Kulturverein Rheine e.V.", municipality=municipality("Greven"))
    OrganisationFactory(name="Sportfreunde Rheine", municipality=rheine)

    assert _found(first) == {"Deutsch Türkischer Kulturverein Rheine": [SIMILAR_NAME]}
    assert normalised("Kulturverein Rheine e. V.") == "kulturverein rheine"


def test_the_database_compares_names_as_its_vendor_can():
    if connection.vendor == "postgresql":  # pg_trgm is enabled by the migration
        with connection.cursor() as cursor:
            cursor.execute("SELECT similarity('Kulturverein Rheine', 'Kulturverein Rheine e.V.')")
            assert cursor.fetchone()[0] > 0.45
    else:  # SQLite: the normalised comparison
        first = OrganisationFactory(name="Kulturverein Rheine e.V.")
        OrganisationFactory(name="KULTURVEREIN RHEINE")
        assert list(_found(first)) == ["KULTURVEREIN RHEINE"]


def test_it_warns_the_applicant_who_creates_a_duplicate_without_naming_it(client, charlie):
    OrganisationFactory(name="Anderer Name", register_court="Amtsgericht Steinfurt", register_number="VR 1234")
    client.force_login(charlie)

    response = client.post("/portal/organisationen/neu/", {**PROFILE, "municipality": municipality("Greven").pk},
                           follow=True)

    page = response.content.decode()
    assert "Es gibt schon einen Verein mit ähnlichen Angaben" in page and "Anderer Name" not in page


def test_staff_see_possible_duplicates_on_the_organisation_page(client, rita, organisation):
    twin = OrganisationFactory(name="Zweiter Eintrag", iban="DE89370400440532013000")
    Organisation.objects.filter(pk=organisation.pk).update(iban="DE89370400440532013000")
    client.force_login(rita)

    page = client.get(reverse("staff:organisation_history", args=[organisation.pk])).content.decode()

    assert "Zweiter Eintrag" in page
    assert reverse("staff:organisation_merge", args=[organisation.pk, twin.pk]) in page


@pytest.fixture
def twins(organisation, alice, bob, line, documents):
    twin = OrganisationFactory(name="Kulturverein Rheine (alt)")
    MembershipFactory(user=bob, organisation=twin, role=Membership.Role.REPRESENTATIVE)  # bob is a member of both
    carol = MembershipFactory(organisation=twin, role=Membership.Role.MEMBER).user
    app = ApplicationFactory(organisation=twin, line=line, file_reference="MSO-2017-0099")
    Letter.objects.create(application=app, kind=Letter.Kind.RECEIPT, sha256="0" * 64, file="letters/x.pdf")
    DocumentFactory(organisation=twin, kind="statutes")
    return organisation, twin, app, carol


def test_it_merges_keeping_every_application_letter_membership_and_document(twins, rita, bob, alice):
    kept, removed, app, carol = twins
    documents_before = OrganisationDocument.objects.count()

    record = organisation_merge(kept=kept, removed=removed, user=rita, reason="Gleicher Registereintrag.")

    assert not Organisation.objects.filter(pk=removed.pk).exists()
    assert Application.objects.get(pk=app.pk).organisation == kept
    assert Letter.objects.get(application=app).application.organisation == kept
    assert OrganisationDocument.objects.filter(organisation=kept).count() == documents_before
    roles = dict(Membership.objects.filter(organisation=kept).values_list("user__username", "role"))
    assert roles == {alice.username: "representative", bob.username: "representative", carol.username: "member"}
    assert (record.removed_name, record.merged_by, record.kept) == ("Kulturverein Rheine (alt)", rita, kept)
    assert record.moved["funding.Application"] == 1


def test_it_keeps_partnerships_and_drops_one_with_the_own_application(twins, rita, alice, charlie, line):
    kept, removed, app, _carol = twins
    third = charlie.memberships.get().organisation
    own = ApplicationFactory(organisation=kept, line=line)
    other = ApplicationFactory(organisation=third, line=line)
    for application in (own, other):
        CoApplicant.objects.create(application=application, organisation=removed, added_by=alice)
    CoApplicant.objects.create(application=other, organisation=kept, added_by=alice)  # partner twice after the merge
    CoApplicant.objects.create(application=app, organisation=third, added_by=alice)

    organisation_merge(kept=kept, removed=removed, user=rita, reason="Gleicher Registereintrag.")

    partners = set(CoApplicant.objects.values_list("application_id", "organisation_id"))
    assert partners == {(other.pk, kept.pk), (app.pk, third.pk)}


def test_it_merges_only_after_confirmation_with_a_reason(client, twins, rita, alice):
    kept, removed, app, _carol = twins
    url = reverse("staff:organisation_merge", args=[kept.pk, removed.pk])
    client.force_login(alice)
    assert client.get(url).status_code == 404
    client.force_login(rita)

    page = client.get(url).content.decode()
    assert "Kulturverein Rheine (alt)" in page and 'name="csrfmiddlewaretoken"' in page
    client.post(url, {"reason": " "})
    assert Organisation.objects.filter(pk=removed.pk).exists()

    response = client.post(url, {"reason": "Doppelt registriert."})

    assert response["Location"] == reverse("staff:organisation_history", args=[kept.pk])
    assert OrganisationMerge.objects.get().reason == "Doppelt registriert."
    with pytest.raises(WorkflowError):
        organisation_merge(kept=kept, removed=kept, user=rita, reason="x")
