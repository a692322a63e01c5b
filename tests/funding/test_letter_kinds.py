"""Letters from configured texts: the ANBest attached as pages, broken texts never block a decision."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from funding.models import AncillaryProvisions, Application, Letter, LetterText
from funding.services import applications as services
from funding.texts import FIRST_DAY
from tests.funding import steps
from tests.funding.test_letter_pdfs import letter_of, letter_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]


def pages(letter):
    with letter.file.open("rb") as handle:
        return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(handle.read())).pages]


def test_a_broken_text_in_the_database_never_blocks_a_decision(application, alice, rita, anton):
    # Written past the validation, as a direct database change would.
    LetterText.objects.bulk_create([
        LetterText(key="remedy", version=2, valid_from=FIRST_DAY, text="Klage beim {court_name}, Piusallee {"),
        LetterText(key="approval_side_provisions", version=2, valid_from=FIRST_DAY, text="{no_such_placeholder}"),
    ])

    app = steps.approved(application, alice, rita, anton)

    letter = letter_of(app, Letter.Kind.APPROVAL)
    assert Application.objects.get(pk=app.pk).state == "approved"
    assert "Verwaltungsgericht Münster, Piusallee 38, 48147 Münster" in letter_text(letter)
    assert letter.text_versions["remedy"] == 1 and letter.text_versions["approval_side_provisions"] == 1


def test_the_letter_records_the_versions_it_used(application, alice, rita, anton):
    LetterText.objects.create(key="remedy", valid_from=timezone.localdate(), text="Neue Belehrung: {court_name}.")

    app = steps.approved(application, alice, rita, anton)

    letter = letter_of(app, Letter.Kind.APPROVAL)
    assert "Neue Belehrung: Verwaltungsgericht Münster." in letter_text(letter)
    assert letter.text_versions["remedy"] == 2
    assert letter.text_versions["anbest"]["kind"] == "P"


def test_it_attaches_the_anbest_p_in_force_on_the_decision_date_as_pages(application, alice, rita, anton):
    today = timezone.localdate()
    AncillaryProvisions.objects.create(
        kind="P", version="Fassung von gestern", valid_from=today - timedelta(days=1),
        text="1 Anforderung und Verwendung der Zuwendung\n1.1 Gestriger Text.",
    )
    AncillaryProvisions.objects.create(
        kind="P", version="Fassung von morgen", valid_from=today + timedelta(days=1),
        text="1 Anforderung und Verwendung der Zuwendung\n1.1 Morgiger Text.",
    )

    app = steps.approved(application, alice, rita, anton)

    text = pages(letter_of(app, Letter.Kind.APPROVAL))
    attached = next(page for page in text if "Anlage 2 zum Bescheid vom" in page)
    assert "Fassung: Fassung von gestern" in attached and "1.1 Gestriger Text." in attached
    assert "Morgiger" not in " ".join(text)
    assert any("Anlage 2: Allgemeine Nebenbestimmungen für Zuwendungen zur Projektförderung (ANBest\u2011P), Fassung: "
               "Fassung von gestern" in page for page in text)
    assert "Demo-Text" not in attached


def test_it_attaches_the_demo_anbest_marked_on_every_page(application, alice, rita, anton):
    app = steps.approved(application, alice, rita, anton)

    text = pages(letter_of(app, Letter.Kind.APPROVAL))
    provisions = [page for page in text if "Demo-Fassung 2026" in page or "Erstattung der Zuwendung, Verzinsung" in page]
    start = next(i for i, page in enumerate(text) if "Anlage 2 zum Bescheid vom" in page)
    for heading in [
        "1 Anforderung und Verwendung der Zuwendung", "2 Nachträgliche Ermäßigung der Ausgaben oder Änderung der Finanzierung",
        "3 Vergabe von Aufträgen", "4 Zur Erfüllung des Zuwendungszwecks beschaffte Gegenstände",
        "5 Mitteilungspflichten des Zuwendungsempfängers", "6 Nachweis der Verwendung", "7 Prüfung der Verwendung",
        "8 Erstattung der Zuwendung, Verzinsung",
    ]:
        assert heading in " ".join(text[start:]), heading
    assert provisions and all("Demo-Text – nicht die amtliche Fassung" in page for page in text[start:])


def test_a_municipal_recipient_gets_the_anbest_g(application, alice, rita, anton, organisation):
    organisation.legal_form = "municipal"
    organisation.save()

    app = steps.approved(application, alice, rita, anton)

    text = letter_text(letter_of(app, Letter.Kind.APPROVAL))
    # "ANBest-G" never breaks: a non-breaking hyphen (U+2011, funding.texts.typeset)
    assert "ANBest\u2011G" in text and "an Gemeinden (GV)" in text
    assert "ANBest\u2011P" not in text and "ANBest-P" not in text


def test_without_anbest_in_force_the_approval_is_refused_and_nothing_changes(application, alice, rita, anton):
    steps.reviewed(application, alice, rita)
    AncillaryProvisions.objects.update(valid_from=date(2999, 1, 1))

    with pytest.raises(ValidationError) as refused:
        services.application_approve(no_conflict=True, application=application, user=anton, amount=application.requested_amount)

    assert "keine Fassung der ANBest-P" in " ".join(refused.value.messages)
    assert Application.objects.get(pk=application.pk).state == "in_review"
    assert not Letter.objects.filter(application=application, kind=Letter.Kind.APPROVAL).exists()


def test_every_letter_kind_has_a_kind():
    """The demo holds a letter of each: tests/funding/test_foundation.py, with the demo's one seeding."""
    from funding.letterkinds import KINDS

    assert set(KINDS) == set(Letter.Kind.values)
