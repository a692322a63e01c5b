"""Bulk letters: many Bescheide as one ZIP, produced by a background job."""

import io
import zipfile

import pytest
from django.urls import reverse

from funding.letters import sha256_hex
from funding.models import BulkLetterJob, Letter
from funding.services import applications as services
from funding.services.bulk import bulk_job_run
from tests.factories import ApplicationFactory
from tests.funding import steps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]


@pytest.fixture
def decided(organisation, documents, line, alice, rita, anton):
    first = steps.approved(ApplicationFactory(organisation=organisation, line=line), alice, rita, anton)
    second = steps.reviewed(ApplicationFactory(organisation=organisation, line=line), alice, rita, recommendation="reject")
    services.application_reject(no_conflict=True, application=second, user=anton, reasons="Budget ausgeschöpft.")
    steps.in_review(ApplicationFactory(organisation=organisation, line=line), alice, rita)  # undecided: left out
    return first, second


def test_it_collects_the_letters_of_the_filtered_decisions_into_a_zip(client, decided, anton, run_tasks):
    client.force_login(anton)

    response = client.post(reverse("staff:bulk_create") + f"?call={decided[0].call_id}")
    job = BulkLetterJob.objects.get()
    assert response["Location"] == reverse("staff:bulk_detail", args=[job.pk])
    assert job.total == 2 and job.status == BulkLetterJob.Status.QUEUED
    assert 'http-equiv="refresh"' in client.get(response["Location"]).content.decode()

    run_tasks()

    job.refresh_from_db()
    assert (job.status, job.done, job.failed) == (BulkLetterJob.Status.DONE, 2, 0)
    page = client.get(reverse("staff:bulk_detail", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' not in page and job.sha256 in page
    download = b"".join(client.get(reverse("staff:bulk_download", args=[job.pk])).streaming_content)
    archive = zipfile.ZipFile(io.BytesIO(download))
    letters = Letter.objects.exclude(kind=Letter.Kind.RECEIPT)
    assert len(archive.namelist()) == 3  # two letters and SHA256SUMS
    sums = archive.read("SHA256SUMS").decode()
    for letter in letters:
        name = next(n for n in archive.namelist() if n.startswith(letter.application.file_reference))
        assert sha256_hex(archive.read(name)) == letter.sha256
        assert f"{letter.sha256}  {name}" in sums


def test_it_never_regenerates_a_letter(decided, anton):
    before = {letter.pk: letter.sha256 for letter in Letter.objects.all()}
    job = BulkLetterJob.objects.create(created_by=anton, application_ids=[app.pk for app in decided], total=2)

    bulk_job_run(job.pk)

    assert {letter.pk: letter.sha256 for letter in Letter.objects.all()} == before


def test_it_produces_a_missing_letter_once(decided, anton):
    Letter.objects.filter(application=decided[1], kind=Letter.Kind.REJECTION).delete()
    job = BulkLetterJob.objects.create(created_by=anton, application_ids=[decided[1].pk], total=1)

    bulk_job_run(job.pk)

    assert Letter.objects.filter(application=decided[1], kind=Letter.Kind.REJECTION).count() == 1


def test_it_counts_failures_and_goes_on(decided, anton, application):
    ids = [application.pk, decided[0].pk]  # the draft has no decision
    job = BulkLetterJob.objects.create(created_by=anton, application_ids=ids, total=2)

    job = bulk_job_run(job.pk)

    assert (job.done, job.failed, job.status) == (1, 1, BulkLetterJob.Status.DONE)
    assert job.errors[0]["application_id"] == application.pk


def test_it_refuses_a_selection_without_decisions(client, anton, application, alice, rita):
    steps.in_review(application, alice, rita)
    client.force_login(anton)
    response = client.post(reverse("staff:bulk_create") + "?state=in_review", follow=True)
    assert "kein entschiedener Antrag" in response.content.decode()
    assert not BulkLetterJob.objects.exists()
