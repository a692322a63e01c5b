"""Organisation profile, standing documents and the verified status."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applicants.models import Membership, Organisation, OrganisationDocument
from tests.applicants.conftest import PDF, image_bytes
from tests.factories import DocumentFactory, municipality

pytestmark = pytest.mark.django_db

PROFILE = {
    "name": "Afrika-Forum Greven e.V.",
    "legal_form": "ev",
    "register_court": "Amtsgericht Steinfurt",
    "register_number": "VR 1234",
    "is_charitable": "on",
    "charitable_notice_date": "01.02.2025",
    "charitable_valid_until": "2028-12-31",
    "street": "Marktstraße 3",
    "postcode": "48268",
    "city": "Greven",
    "org_type": "cultural",
    "offers": ["culture", "festivals"],
    "member_count": "45",
    "migrant_share_percent": "90",
    "independent": "on",
    "contact_name": "Amara Okafor",
    "email": "info@afrika-forum.example",
    "iban": "DE89 3704 0044 0532 0130 00",
}


def test_it_creates_an_organisation_with_its_creator_as_representative(client, charlie):
    client.force_login(charlie)
    response = client.post("/portal/organisationen/neu/", {**PROFILE, "municipality": municipality("Greven").pk})
    organisation = Organisation.objects.get(name=PROFILE["name"])
    assert response.url == f"/portal/organisationen/{organisation.pk}/"
    assert organisation.memberships.get(user=charlie).role == Membership.Role.REPRESENTATIVE
    assert organisation.offers == ["culture", "festivals"] and organisation.iban == "DE89370400440532013000"
    assert organisation.charitable_valid_until.isoformat() == "2028-12-31"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"postcode": "4826"}, "postcode", "fünf Ziffern"),
        ({"iban": "DE00 1234"}, "iban", "IBAN ist nicht gültig"),
        ({"migrant_share_percent": "150"}, "migrant_share_percent", "100"),
        ({"charitable_valid_until": ""}, "charitable_valid_until", "bis wann"),
        ({"charitable_valid_until": "31.12.2020"}, "charitable_valid_until", "vor dem Datum"),
        ({"charitable_notice_date": "32.13.2025"}, "charitable_notice_date", "gültiges Datum"),
    ],
)
def test_it_explains_bad_profile_input_at_the_field(client, charlie, change, field, message):
    client.force_login(charlie)
    response = client.post("/portal/organisationen/neu/", {**PROFILE, **change})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert f'id="id_{field}_error"' in response.content.decode()


def test_it_lets_only_representatives_edit_the_profile(client, alice, bob, organisation):
    client.force_login(bob)
    assert client.get(f"/portal/organisationen/{organisation.pk}/bearbeiten/").status_code == 403
    client.force_login(alice)
    data = {**PROFILE, "name": "Neuer Name e.V.", "municipality": municipality().pk}
    response = client.post(f"/portal/organisationen/{organisation.pk}/bearbeiten/", data)
    assert response.status_code == 302
    assert Organisation.objects.get(pk=organisation.pk).name == "Neuer Name e.V."


def test_it_gives_every_profile_field_a_label_and_help_text(client, alice, organisation):
    client.force_login(alice)
    form = client.get(f"/portal/organisationen/{organisation.pk}/bearbeiten/").context["form"]
    assert all(field.label and field.help_text for field in form.fields.values())


def _upload(client, organisation, kind, data, name="scan.pdf", valid_until=""):
    file = SimpleUploadedFile(name, data, content_type="application/pdf")
    return client.post(
        f"/portal/organisationen/{organisation.pk}/dokumente/neu/",
        {"kind": kind, "file": file, "valid_until": valid_until},
    )


def test_it_stores_a_document_under_a_generated_name(client, bob, organisation):
    client.force_login(bob)
    response = _upload(client, organisation, "statutes", PDF, name="Satzung unseres Vereins.pdf")
    assert response.status_code == 302
    document = OrganisationDocument.objects.get()
    assert document.original_name == "Satzung_unseres_Vereins.pdf"
    assert "Satzung" not in document.file.name and document.file.name.endswith(".pdf")
    download = client.get(f"/portal/organisationen/{organisation.pk}/dokumente/{document.pk}/")
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF


def test_it_refuses_a_document_that_is_not_pdf_or_image(client, alice, organisation):
    client.force_login(alice)
    response = _upload(client, organisation, "statutes", b"#!/bin/sh\nrm -rf /\n", name="satzung.pdf")
    assert response.status_code == 200
    assert "PDF, ein JPEG- oder ein PNG-Bild" in " ".join(response.context["form"].errors["file"])
    assert not OrganisationDocument.objects.exists()


def test_it_takes_the_expiry_of_a_new_tax_notice_into_the_profile(client, alice, organisation):
    client.force_login(alice)
    response = _upload(client, organisation, "tax_exemption", image_bytes("JPEG"), name="bescheid.jpg")
    assert "bis wann" in " ".join(response.context["form"].errors["valid_until"])
    _upload(client, organisation, "tax_exemption", image_bytes("JPEG"), name="bescheid.jpg", valid_until="2029-06-30")
    organisation.refresh_from_db()
    assert organisation.charitable_valid_until.isoformat() == "2029-06-30"
    assert OrganisationDocument.objects.get().content_type == "image/jpeg"


def test_it_deletes_a_document(client, alice, organisation):
    document = DocumentFactory(organisation=organisation)
    client.force_login(alice)
    client.post(f"/portal/organisationen/{organisation.pk}/dokumente/{document.pk}/loeschen/")
    assert not OrganisationDocument.objects.exists()


@pytest.mark.parametrize(("days", "text"), [(-1, "abgelaufen"), (20, "gilt nur noch bis"), (400, None)])
def test_it_warns_about_an_expired_or_expiring_tax_notice(client, alice, organisation, days, text):
    Organisation.objects.filter(pk=organisation.pk).update(charitable_valid_until=timezone.localdate() + timedelta(days=days))
    client.force_login(alice)
    page = client.get(f"/portal/organisationen/{organisation.pk}/").content.decode()
    dashboard = client.get("/portal/").content.decode()
    if text:
        assert text in page and text in dashboard
    else:
        assert "abgelaufen" not in page and "gilt nur noch bis" not in page


def test_it_lists_missing_standing_documents(client, alice, organisation, line):
    client.force_login(alice)
    page = client.get(f"/portal/organisationen/{organisation.pk}/").content.decode()
    assert "Für einen Antrag fehlen noch" in page and "Vereinsregisterauszug" in page
