"""No orphan letter files: a PDF written in a transaction that rolls back goes again."""

from decimal import Decimal
from unittest import mock

import pytest
from django.db import transaction

from funding.models import Decision, Letter
from funding.services import applications as services
from tests.factories import ApplicationFactory
from tests.funding import steps

pytestmark = [pytest.mark.django_db]


def _letter_files(media_root):
    folder = media_root / "letters"
    return sorted(path.name for path in folder.rglob("*.pdf")) if folder.exists() else []


@pytest.fixture
def reviewed(organisation, line, alice, rita, documents):
    return steps.reviewed(ApplicationFactory(organisation=organisation, line=line), alice, rita)


def test_it_removes_the_letter_file_when_the_decision_rolls_back(reviewed, anton, media_root):
    before = _letter_files(media_root)  # the Eingangsbestätigung, if any
    with mock.patch("funding.services.letters.queue_email", side_effect=RuntimeError("Mail-Warteschlange kaputt")):
        with pytest.raises(RuntimeError):
            services.application_approve(no_conflict=True, application=reviewed, user=anton, amount=Decimal("8000.00"))

    assert not Decision.objects.filter(application=reviewed).exists()
    assert not Letter.objects.filter(application=reviewed, kind=Letter.Kind.APPROVAL).exists()
    assert _letter_files(media_root) == before


def test_it_removes_the_letter_file_when_an_outer_transaction_rolls_back(reviewed, anton, media_root):
    before = _letter_files(media_root)

    class Abort(Exception):
        pass

    with pytest.raises(Abort):
        with transaction.atomic():
            services.application_approve(no_conflict=True, application=reviewed, user=anton, amount=Decimal("8000.00"))
            assert len(_letter_files(media_root)) == len(before) + 1
            raise Abort

    assert _letter_files(media_root) == before


def test_it_keeps_the_file_of_a_committed_decision(reviewed, anton, media_root):
    services.application_approve(no_conflict=True, application=reviewed, user=anton, amount=Decimal("8000.00"))

    letter = Letter.objects.get(application=reviewed, kind=Letter.Kind.APPROVAL)
    assert letter.file.name.rsplit("/", 1)[-1] in _letter_files(media_root)
