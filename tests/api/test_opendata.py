"""Open data: the grants list per authority and year as a page, CSV and JSON, with its licence."""

import csv
import io
import json

import pytest
from django.utils import timezone

from funding.models import OpenDataLicence

pytestmark = pytest.mark.django_db


def _year(world):
    return timezone.localtime(world.application.submitted_at).year


def _body(response):
    return b"".join(response.streaming_content).decode("utf-8")


def test_the_index_lists_publishing_authorities_and_their_years(client, own, other):
    page = client.get("/offene-daten/").content.decode()
    assert own.authority.name in page and f"/offene-daten/{own.authority.pk}/{_year(own)}/" in page
    assert other.authority.name not in page


def test_the_year_page_shows_the_grants_and_the_licence(client, own):
    response = client.get(f"/offene-daten/{own.authority.pk}/{_year(own)}/")
    page = response.content.decode()
    assert response.status_code == 200, page.split("<main")[1][:500]
    assert own.application.organisation.name in page and "8.000,00" in page
    assert "Datenlizenz Deutschland – Zero – Version 2.0" in page and "https://www.govdata.de/dl-de/zero-2-0" in page
    assert "zuwendungen.csv" in page and "zuwendungen.json" in page


def test_the_csv_holds_the_grants_list_without_formulas(client, own):
    organisation = own.application.organisation
    organisation.name = "=HYPERLINK(\"x\")"
    organisation.save()
    response = client.get(f"/offene-daten/{own.authority.pk}/{_year(own)}/zuwendungen.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(_body(response).lstrip("\ufeff"))))
    assert rows[0][:4] == ["Aktenzeichen", "Zuwendungsempfänger", "Kommune", "Zweck"]
    assert rows[1][0] == own.application.file_reference and rows[1][1].startswith("'=") and "8000.00" in rows[1]
    assert len(rows) == 2


def test_the_json_names_authority_year_and_licence(client, own, other):
    own.authority.open_data_licence = OpenDataLicence.CC_BY
    own.authority.save()
    response = client.get(f"/offene-daten/{own.authority.pk}/{_year(own)}/zuwendungen.json")
    data = json.loads(_body(response))
    assert data["authority"] == {"id": own.authority.pk, "name": own.authority.name} and data["year"] == _year(own)
    assert data["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    [grant] = data["grants"]
    assert grant["file_reference"] == own.application.file_reference and grant["approved"] == "8000.00"
    assert other.application.file_reference not in json.dumps(data)


@pytest.mark.parametrize("path", ["{other}/{year}/", "{other}/{year}/zuwendungen.csv", "{own}/1999/",
                                  "{own}/{year}/zuwendungen.xml"])
def test_unpublished_authorities_and_empty_years_are_not_found(client, own, other, path):
    url = "/offene-daten/" + path.format(other=other.authority.pk, own=own.authority.pk, year=_year(own))
    assert client.get(url).status_code == 404


def test_the_page_speaks_english(client, own):
    client.cookies["django_language"] = "en"
    page = client.get(f"/offene-daten/{own.authority.pk}/{_year(own)}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Licence" in page and "Download" in page
