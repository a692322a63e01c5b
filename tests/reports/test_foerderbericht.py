import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from applicants.models import Municipality
from reports.foerderbericht import report_generate, report_title
from reports.models import FundingReport
from tests.factories import AuthorityFactory
from tests.reports.test_figures import figures_for


def _create(client, user, query):
    client.force_login(user)
    return client.post(reverse("reports:report_new"), {"query": query})


def _pdf_text(report):
    with report.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_it_is_hidden_from_applicants(client, alice, leitung, known):
    report = FundingReport.objects.create(title="Förderbericht", authority=AuthorityFactory(), created_by=leitung)
    client.force_login(alice)
    assert client.get(reverse("reports:report_list")).status_code == 404
    assert client.post(reverse("reports:report_new"), {"query": ""}).status_code == 404
    assert client.get(reverse("reports:report_detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:report_download", args=[report.pk])).status_code == 404
    assert FundingReport.objects.count() == 1


def test_it_queues_a_job_and_shows_its_progress(client, leitung, known):
    response = _create(client, leitung, f"call={known.call.pk}")
    report = FundingReport.objects.get()
    assert response["Location"] == report.get_absolute_url()
    assert report.status == "queued" and report.title == "Förderbericht (gesamter Zeitraum) – Aufruf 2024"
    page = client.get(report.get_absolute_url()).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert 'value="0"' in page


# The worker closes its database connection; only a transactional test survives that.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_stores_the_pdf_with_the_dashboard_figures(client, leitung, known, run_tasks):
    rheine = Municipality.objects.get(name="Rheine")
    query = f"municipality={rheine.pk}&line={known.project.pk}"
    _create(client, leitung, query)
    run_tasks()
    report = FundingReport.objects.get()
    assert (report.status, report.progress) == ("done", 100)
    assert len(report.sha256) == 64 and report.size > 1000
    page = client.get(report.get_absolute_url()).content.decode()
    assert "http-equiv" not in page and reverse("reports:report_download", args=[report.pk]) in page
    text = _pdf_text(report)
    figures = figures_for(query)
    for label, value in (("Bewilligt abzüglich Rückforderungen", "4.500,00"), ("Zurückgefordert", "1.500,00")):
        assert label in text and value in text
    assert figures.totals.net == 4500
    for name in Municipality.objects.values_list("name", flat=True):
        assert name in text
    assert "MSO-2024-a3" in text and "So werden die Zahlen berechnet" in text
    assert "Kreis Steinfurt" in text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_downloads_the_finished_pdf(client, leitung, known, run_tasks):
    _create(client, leitung, "")
    run_tasks()
    report = FundingReport.objects.get()
    response = client.get(reverse("reports:report_download", args=[report.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_it_does_not_offer_an_unfinished_pdf(client, leitung, known):
    _create(client, leitung, "")
    report = FundingReport.objects.get()
    assert client.get(reverse("reports:report_download", args=[report.pk])).status_code == 404


def test_it_shortens_a_long_project_list(client, leitung, known, settings):
    settings.REPORTS_PDF_PROJECT_LIMIT = 1
    report = FundingReport.objects.create(title="Förderbericht", authority=AuthorityFactory(), query=f"call={known.call.pk}", created_by=leitung)
    report_generate(report.pk)
    report.refresh_from_db()
    text = _pdf_text(report)
    assert "MSO-2024-a1" in text and "MSO-2024-a3" not in text
    assert "das erste von 3 geförderten Projekten" in " ".join(text.split())


def test_it_marks_a_failed_job(leitung, known):
    report = FundingReport.objects.create(title="Förderbericht", authority=AuthorityFactory(), query="date_from=kaputt", created_by=leitung)
    try:
        report_generate(report.pk)
    except ValueError:
        pass
    report.refresh_from_db()
    assert report.status == "failed" and "date_from" in report.error


def test_it_rejects_an_invalid_filter(client, leitung, known):
    response = _create(client, leitung, f"call={known.empty_call.pk}&line={known.project.pk}")
    assert response.status_code == 400
    assert not FundingReport.objects.exists()


def test_it_names_the_year_of_a_whole_calendar_year(known):
    values = {"call": None, "line": None, "municipality": None}
    year = {**values, "date_from": datetime.date(2024, 1, 1), "date_to": datetime.date(2024, 12, 31)}
    assert report_title(year) == "Förderbericht 2024"
    part = {**values, "date_from": datetime.date(2024, 3, 1), "date_to": None}
    assert report_title(part) == "Förderbericht 01.03.2024–…"


def test_it_shows_why_a_job_failed_and_restarts_it(client, leitung, alice, known):
    report = FundingReport.objects.create(title="Förderbericht", authority=AuthorityFactory(), query="date_from=kaputt", created_by=leitung)
    try:
        report_generate(report.pk)
    except ValueError:
        pass
    restart = reverse("reports:report_restart", args=[report.pk])
    client.force_login(alice)
    assert client.post(restart).status_code == 404
    client.force_login(leitung)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Fehlgeschlagen" in page and "Der Auftrag ist fehlgeschlagen. Grund: invalid report filter" in page
    assert f'action="{restart}"' in page and "http-equiv" not in page
    assert client.get(restart).status_code == 405

    assert client.post(restart)["Location"] == report.get_absolute_url()

    report.refresh_from_db()
    assert report.status == "queued" and report.task_id and not report.error
