"""The real Bescheide, read back with pypdf, and hostile applicant text in them."""

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from funding.letters import sha256_hex
from funding.management.commands.benchmark_letters import percentile
from funding.models import CostLine, FundingLine, Letter
from funding.services import applications as services
from funding.services import recoveries
from funding.services.letters import LetterIntegrityError, issue_decision_letter
from tests.factories import ApplicationFactory, LineFactory, MembershipFactory, OrganisationFactory, UserFactory, standing_documents
from tests.funding import steps
from tests.funding.test_letters import assert_no_leak

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]


def letter_text(letter):
    """The letter's text with line breaks and hyphenation undone."""
    with letter.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\u2010\n", "").split())


def letter_of(app, kind):
    return Letter.objects.get(application=app, kind=kind)


def test_it_issues_a_zuwendungsbescheid_at_once(application, alice, rita, anton):
    app = steps.approved(application, alice, rita, anton)

    text = letter_text(letter_of(app, Letter.Kind.APPROVAL))
    for expected in [
        "Zuwendungsbescheid", app.file_reference, "Deutsch-Türkischer Kulturverein Rheine e.V.",
        "8.000,00 €", "in Worten: achttausend Euro", "vom 01.03.2027 bis 30.11.2027",
        "Anteilfinanzierung", "80 % der zuwendungsfähigen Ausgaben", "Höchstbetrag", "10.000,00 €",
        "§§ 23, 44", "II. Nebenbestimmungen", "ANBest\u2011P", "§ 49a", "Verwendungsnachweis",
        "bis zum 30.05.2028", "III. Rechtsbehelfsbelehrung", "Verwaltungsgericht Münster, Piusallee 38, 48147 Münster",
        "Im Auftrag", anton.get_full_name(), "Anlage 1", "Ausgaben- und Finanzierungsplan", "Seite 1 von",
    ]:
        assert expected in text, expected
    assert "Begründung" not in text


def test_it_writes_the_letter_in_german_whatever_the_interface_language(client, application, alice, rita, anton):
    steps.reviewed(application, alice, rita)
    client.force_login(anton)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    client.post(reverse("staff:approve", args=[application.pk]), {"amount": "8,000.00", "reasons": "", "no_conflict": "on"})

    text = letter_text(letter_of(application, Letter.Kind.APPROVAL))
    assert "8.000,00 €" in text and "€8,000.00" not in text
    page = client.get(reverse("staff:application_detail", args=[application.pk])).content.decode()
    assert "€8,000.00" in page  # the English interface writes amounts its own way


def test_it_issues_a_teilbewilligung_with_its_reasons(application, alice, rita, anton):
    reasons = "Die Honorare sind nur in Höhe ortsüblicher Sätze zuwendungsfähig."
    app = steps.approved(application, alice, rita, anton, amount=Decimal("6400.50"), reasons=reasons)

    text = letter_text(letter_of(app, Letter.Kind.PARTIAL_APPROVAL))
    for expected in [
        "Zuwendungsbescheid (Teilbewilligung)", app.file_reference, "Deutsch-Türkischer Kulturverein Rheine e.V.",
        "6.400,50 €", "sechstausendvierhundert Euro und fünfzig Cent", "in Höhe von 1.599,50 €, wird Ihr Antrag abgelehnt",
        "III. Begründung", reasons, "IV. Rechtsbehelfsbelehrung", "Verwaltungsgericht Münster", "vom 01.03.2027 bis 30.11.2027",
        # Anteilfinanzierung at the 80 % applied for: the eligible costs fall with the grant, the plan is binding.
        "Anteilfinanzierung", "80 % der zuwendungsfähigen Ausgaben",
        "Die zuwendungsfähigen Ausgaben werden von 10.000,00 € auf 8.000,63 € festgesetzt",
        "Gesamtausgaben 10.000,00 € 8.000,63 € zuwendungsfähig laut Bescheid", "laut Bescheid (verbindlich)",
        "Eigenmittel 2.000,00 € 1.600,13 €", "Gesamtfinanzierung 10.000,00 € 8.000,63 €",
    ]:
        assert expected in text, expected
    assert "im Wege der Vollfinanzierung" not in text


def test_a_teilbewilligung_lists_each_cost_line_with_its_approved_amount_and_reason(organisation, documents, alice, rita, anton):
    app = ApplicationFactory(organisation=organisation, costs=Decimal("6000.00"))  # Anteilfinanzierung, 80 %
    rent = CostLine.objects.create(application=app, category="rent", description="Raummiete", amount=Decimal("3000.00"), order=1)
    material = CostLine.objects.create(application=app, category="material", description="Lernmaterial", amount=Decimal("1000.00"), order=2)
    fees = app.cost_lines.get(category="fees")
    app = steps.reviewed(app, alice, rita, recommendation="approve_reduced", amount=Decimal("6000.00"))
    # 6.000 € of 8.000 € at 80 %: eligible costs 7.500 € (hand-computed: 6.000 / 0,8), 2.500 € cut from two lines.
    services.application_approve(
        no_conflict=True, application=app, user=anton, amount=Decimal("6000.00"), reasons="Siehe Anlage 1.",
        line_approvals={
            fees.pk: (Decimal("4000.00"), "Honorare nur bis 40 € je Stunde (ortsüblich)."),
            rent.pk: (Decimal("2500.00"), "Miete nur für 10 statt 12 Monate des Projekts."),
            material.pk: (Decimal("1000.00"), "wird ignoriert, weil nicht gekürzt"),
        },
    )

    text = letter_text(letter_of(app, Letter.Kind.PARTIAL_APPROVAL))
    for expected in [
        "Ausgaben beantragt anerkannt (verbindlich) Grund der Kürzung",
        "Honorare: Honorare 6.000,00 € 4.000,00 € Honorare nur bis 40 € je Stunde (ortsüblich).",
        "Miete und Raumkosten: Raummiete 3.000,00 € 2.500,00 € Miete nur für 10 statt 12 Monate des Projekts.",
        "Sachausgaben und Material: Lernmaterial 1.000,00 € 1.000,00 € –",
        "Gesamtausgaben 10.000,00 € 7.500,00 € zuwendungsfähig laut Bescheid",
        "Eigenmittel 2.000,00 € 1.500,00 €", "Gesamtfinanzierung 10.000,00 € 7.500,00 €",
        "Gekürzt werden folgende Kostenpositionen: Honorare „Honorare“: beantragt 6.000,00 €, anerkannt 4.000,00 €.",
        "Anteilfinanzierung",
    ]:
        assert expected in text, expected
    assert "wird ignoriert" not in text
    assert list(app.decision.cost_lines.values_list("approved_amount", flat=True)) == [
        Decimal("4000.00"), Decimal("2500.00"), Decimal("1000.00"),
    ]


def test_a_teilbewilligung_in_full_financing_shows_no_own_share(application, alice, rita, anton):
    FundingLine.objects.filter(pk=application.line_id).update(financing_type=FundingLine.FinancingType.FULL)
    app = steps.approved(application, alice, rita, anton, amount=Decimal("6000.00"), reasons="Honorare gekürzt.")

    text = letter_text(letter_of(app, Letter.Kind.PARTIAL_APPROVAL))
    for expected in [
        "im Wege der Vollfinanzierung", "ein Eigenanteil wird nicht verlangt",
        "Eigenmittel (kein Eigenanteil verlangt) 2.000,00 € 0,00 €", "Gesamtausgaben 10.000,00 € 6.000,00 €",
        "Gesamtfinanzierung 10.000,00 € 6.000,00 €",
    ]:
        assert expected in text, expected
    assert "im Wege der Anteilfinanzierung" not in text


def test_it_issues_an_ablehnungsbescheid_with_its_reasons(application, alice, rita, anton):
    steps.reviewed(application, alice, rita, recommendation="reject")
    reasons = "Das Projekt zielt ausschließlich auf die Pflege der Herkunftskultur."
    app = services.application_reject(no_conflict=True, application=application, user=anton, reasons=reasons)

    text = letter_text(letter_of(app, Letter.Kind.REJECTION))
    for expected in [
        "Ablehnungsbescheid", app.file_reference, "Deutsch-Türkischer Kulturverein Rheine e.V.",
        "wird abgelehnt", "8.000,00 €", "achttausend Euro", "vom 01.03.2027 bis 30.11.2027",
        "II. Sachverhalt", "III. Begründung", reasons, "Ein Rechtsanspruch auf eine Zuwendung besteht nicht",
        "anderen Fördermöglichkeiten", "V. Rechtsbehelfsbelehrung", "Verwaltungsgericht Münster, Piusallee 38",
    ]:
        assert expected in text, expected


def recovered(app, rita, reason, refund="1000.00", due=date(2027, 5, 30)):
    """Hearing, the organisation's answer, then the Rückforderungsbescheid effective from the approval."""
    refund = Decimal(refund)
    app = recoveries.hearing_start(
        application=app, user=rita, refund=refund, legal_basis="49_3_1", reasons=reason,
        deadline=timezone.localdate() + timedelta(days=14),
    )
    recoveries.hearing_record_answer(application=app, user=rita, answer="Einverstanden.", received_on=timezone.localdate())
    return recoveries.recovery_decide(
        application=app, user=rita, refund=refund, legal_basis="49_3_1", reasons=reason,
        effective_date=timezone.localdate(app.decided_at), due_date=due,
    )


def test_it_issues_a_rueckforderungsbescheid_with_interest(application, alice, rita, anton, finn):
    app = steps.approved(application, alice, rita, anton)
    steps.paid(app, alice, rita, finn, "3000.00", paid_on=date(2027, 3, 1))
    app = recovered(app, rita, "Die Ausgaben lagen unter dem Plan.")

    text = letter_text(letter_of(app, Letter.Kind.RECOVERY))
    # 1.000 € from the payout (01.03.2027) to the due date (30.05.2027), 90 days at 6,27 % (1,27 + 5):
    # 1000 × 0,0627 × 90 / 365 = 15,4602… → 15,46 €.
    effective = timezone.localdate(app.decided_at).strftime("%d.%m.%Y")
    for expected in [
        "Rückforderungsbescheid", "Teilwiderruf", app.file_reference, "1.000,00 €", "eintausend Euro",
        f"mit Wirkung vom {effective}", "§ 49 Abs. 3 Satz 1 Nr. 1 VwVfG NRW", "01.03.2027 – 29.05.2027", "90",
        "6,27", "15,46 €", "1.015,46 €", "30.05.2027", "Die Ausgaben lagen unter dem Plan.", "angehört (§ 28 VwVfG NRW)",
        "Verwaltungsgericht Münster",
    ]:
        assert expected in text, expected
    assert "Sie müssen jetzt noch nichts zahlen" in letter_text(letter_of(app, Letter.Kind.HEARING))


def test_it_stores_each_letter_once_and_downloads_identical_bytes(client, application, alice, rita, anton):
    app = steps.approved(application, alice, rita, anton)
    letter = letter_of(app, Letter.Kind.APPROVAL)
    assert issue_decision_letter(app) == letter
    client.force_login(anton)

    first = client.get(reverse("staff:letter_download", args=[letter.pk]))
    second = client.get(reverse("staff:letter_download", args=[letter.pk]))

    assert first["Content-Type"] == "application/pdf"
    assert first.content == second.content
    assert sha256_hex(first.content) == letter.sha256 == sha256_hex(letter.file.open("rb").read())
    assert Letter.objects.filter(application=app).exclude(kind=Letter.Kind.RECEIPT).count() == 1
    page = client.get(reverse("staff:application_detail", args=[app.pk])).content.decode()
    assert letter.sha256 in page


def test_it_refuses_to_serve_a_changed_letter(client, application, alice, rita, anton):
    app = steps.approved(application, alice, rita, anton)
    letter = letter_of(app, Letter.Kind.APPROVAL)
    with open(letter.file.path, "ab") as handle:
        handle.write(b"%tampered")
    client.force_login(anton)

    with pytest.raises(LetterIntegrityError):
        client.get(reverse("staff:letter_download", args=[letter.pk]))


# ------------------------------------------------- hostile applicant text


def payloads(port):
    return {
        "img": '<img src="file:///etc/passwd">',
        "link": '<link rel="attachment" href="file:///etc/passwd">',
        "css": f"<style>body{{background:url(http://127.0.0.1:{port}/x)}}</style>",
        "style": f'<p style="background:url(http://127.0.0.1:{port}/)">css</p>',
        "variable": "{{ authority.court_name }}",
        "tag": "{% load static %}",
    }


def hostile_application(port):
    """An application whose applicant-controlled fields all carry a payload."""
    found = payloads(port)
    organisation = OrganisationFactory(name=f"Verein {found['img']}", street=found["link"], city=found["variable"])
    representative = UserFactory(username="hostile", first_name=found["tag"], last_name="Rep")
    MembershipFactory(user=representative, organisation=organisation)
    standing_documents(organisation)
    line = LineFactory(max_rate_percent=Decimal("100"))
    app = ApplicationFactory(
        organisation=organisation, line=line, title=f"Projekt {found['link']}", summary=f"{found['css']} {found['style']}"
    )
    return app, representative, found


def assert_safe(letter, found, listener):
    with letter.file.open("rb") as handle:
        data = handle.read()
    # Long tokens may wrap at "/" without a hyphen, so compare without spaces.
    text = "".join(letter_text(letter).split())
    for payload in found.values():
        assert "".join(payload.split()) in text, payload
    assert "48431Verwaltungsgericht" not in text  # the {{ }} in the city was not evaluated
    assert_no_leak(data)
    assert len(PdfReader(io.BytesIO(data)).pages) >= 1
    assert listener.drain() == []


def test_it_shows_hostile_text_literally_in_a_teilbewilligung(listener, rita, anton):
    app, representative, found = hostile_application(listener.port)
    steps.reviewed(app, representative, rita)
    reasons = " ".join(found.values())
    services.application_approve(no_conflict=True, application=app, user=anton, amount=Decimal("5000.00"), reasons=reasons, line_approvals=steps.line_approvals(app, Decimal("5000.00")))

    assert_safe(letter_of(app, Letter.Kind.PARTIAL_APPROVAL), found, listener)


def test_it_shows_hostile_text_literally_in_an_ablehnungsbescheid(listener, rita, anton):
    app, representative, found = hostile_application(listener.port)
    steps.reviewed(app, representative, rita, recommendation="reject")
    reasons = " ".join(found.values())
    services.application_reject(no_conflict=True, application=app, user=anton, reasons=reasons)

    assert_safe(letter_of(app, Letter.Kind.REJECTION), found, listener)


def test_it_shows_hostile_text_literally_in_a_rueckforderungsbescheid(listener, rita, anton, finn):
    app, representative, found = hostile_application(listener.port)
    app = steps.approved(app, representative, rita, anton)
    steps.paid(app, representative, rita, finn, "100.00")
    recovered(app, rita, " ".join(found.values()), refund="100.00")

    assert_safe(letter_of(app, Letter.Kind.RECOVERY), found, listener)


# ------------------------------------------------------------- benchmark


def test_it_benchmarks_letter_rendering(application, alice, rita, anton):
    steps.approved(application, alice, rita, anton)
    out = io.StringIO()

    call_command("benchmark_letters", "--count", "3", stdout=out)

    assert re.fullmatch(r"3 Bescheide aus 1 Entscheidungen: Median \d+ ms, 95\. Perzentil \d+ ms\n", out.getvalue())
    assert Letter.objects.filter(application=application).exclude(kind=Letter.Kind.RECEIPT).count() == 1


def test_it_takes_the_nearest_rank_percentile():
    values = list(range(1, 51))
    assert percentile(values, 95) == 48
    assert percentile(values, 50) == 25
    assert percentile([7], 95) == 7
