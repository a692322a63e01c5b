"""The form steps: every save keeps what was typed, errors appear at the field."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from applicants.models import FormDraft
from funding.models import Application
from tests.applicants.conftest import costs_data, project_data

pytestmark = pytest.mark.django_db


def url(application, step, suffix=""):
    return f"/portal/antraege/{application.pk}/schritt/{step}/{suffix}"


def test_it_saves_the_project_step_and_goes_on(client, alice, application):
    client.force_login(alice)
    response = client.post(url(application, "projekt"), {**project_data(), "weiter": "1"})
    assert response.url == url(application, "kosten")
    application.refresh_from_db()
    assert application.summary == "Ein offener Treff." and application.expected_participants == 25


def test_it_keeps_valid_fields_and_the_typed_text_of_invalid_ones(client, alice, application):
    client.force_login(alice)
    response = client.post(url(application, "projekt"), project_data(start_date="31.02.2027", goals="Neue Ziele"))
    assert response.status_code == 200
    assert "gültiges Datum" in " ".join(response.context["form"].errors["start_date"])
    application.refresh_from_db()
    assert application.goals == "Neue Ziele"
    assert FormDraft.objects.get(application=application, step="projekt").data["start_date"] == ["31.02.2027"]
    page = client.get(url(application, "projekt")).content.decode()  # later, e.g. after a timeout
    assert 'value="31.02.2027"' in page and "gültiges Datum" in page


def test_it_forgets_the_unsaved_input_once_the_step_validates(client, alice, application):
    client.force_login(alice)
    client.post(url(application, "projekt"), project_data(start_date="kein Datum"))
    client.post(url(application, "projekt"), project_data())
    assert not FormDraft.objects.exists()


def test_it_shows_rule_problems_at_the_field_after_saving(client, alice, application):
    client.force_login(alice)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(url(application, "projekt"), {**project_data(start_date=yesterday), "weiter": "1"})
    assert response.url == url(application, "projekt", "?pruefen=1")
    page = client.get(response.url)
    errors = " ".join(page.context["form"].errors["start_date"])
    assert "nicht vor dem Einreichen" in errors
    assert Application.objects.get(pk=application.pk).start_date.isoformat() == yesterday


def test_it_accepts_an_early_start_with_a_reason(client, alice, application):
    client.force_login(alice)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    data = project_data(start_date=yesterday, early_start_requested="on", early_start_reason="Die Räume gibt es nur jetzt.")
    response = client.post(url(application, "projekt"), {**data, "weiter": "1"})
    assert response.url == url(application, "kosten")


def test_it_saves_cost_lines_in_german_notation(client, alice, application):
    client.force_login(alice)
    rows = [
        {"category": "fees", "description": "Honorar Sprachlehrerin", "amount": "1.234,56"},
        {"category": "rent", "description": "Raummiete", "amount": "500"},
        {"category": "", "description": "", "amount": ""},
        {"category": "material", "description": "Flyer", "amount": "99.5", "DELETE": "on"},
    ]
    client.post(url(application, "kosten"), costs_data(rows))
    lines = list(application.cost_lines.values_list("description", "amount", "order"))
    assert lines == [("Honorar Sprachlehrerin", Decimal("1234.56"), 0), ("Raummiete", Decimal("500.00"), 1)]
    page = client.get(url(application, "kosten")).content.decode()
    assert 'value="1.234,56"' in page and "1.734,56" in page


@pytest.mark.parametrize(
    "amount", ["-100", "1,234.56", "12,345", "1e9", "Infinity", "NaN", "0x10", "١٢٣", "9" * 30, "<b>5</b>", "0"]
)
def test_it_refuses_bad_cost_amounts_with_a_message_never_a_500(client, alice, application, amount):
    client.force_login(alice)
    before = list(application.cost_lines.values_list("amount", flat=True))
    response = client.post(url(application, "kosten"), costs_data([{"category": "fees", "description": "X", "amount": amount}]))
    assert response.status_code == 200
    assert response.context["form"].forms[0].errors["amount"]
    assert 'id="id_kosten-0-amount_error"' in response.content.decode()
    assert list(application.cost_lines.values_list("amount", flat=True)) == before
    assert FormDraft.objects.get(step="kosten").data["kosten-0-amount"] == [amount]


def test_it_asks_for_the_missing_parts_of_a_row(client, alice, application):
    client.force_login(alice)
    response = client.post(url(application, "kosten"), costs_data([{"category": "", "description": "", "amount": "50"}]))
    errors = response.context["form"].forms[0].errors
    assert "Kategorie" in errors["category"][0] and "wofür" in errors["description"][0]


def test_it_survives_a_tampered_row_count(client, alice, application):
    client.force_login(alice)
    response = client.post(url(application, "kosten"), {"kosten-TOTAL_FORMS": "x"})
    assert response.status_code == 200
    response = client.post(url(application, "kosten"), costs_data([{"category": "fees", "description": "X", "amount": "1"}] * 101))
    assert response.status_code == 200 and "höchstens 100 Zeilen" in response.content.decode()


def test_it_adds_blank_rows_without_script(client, alice, application):
    client.force_login(alice)
    row = {"category": "fees", "description": "Honorare", "amount": "10.000"}
    response = client.post(url(application, "kosten"), {**costs_data([row]), "mehr_zeilen": "1"})
    assert response.url == url(application, "kosten", "?zeilen=1")
    assert len(client.get(response.url).context["form"].forms) == 5  # one line + one blank + three more


def test_it_saves_the_financing_plan_and_flags_the_line_limits(client, alice, application):
    client.force_login(alice)
    data = {"own_funds": "1.000", "volunteer_work": "", "third_party_funds": "0", "other_public_funds": "",
            "requested_amount": "9.000,00", "weiter": "1"}
    response = client.post(url(application, "finanzierung"), data)
    assert response.url == url(application, "finanzierung", "?pruefen=1")
    application.refresh_from_db()
    assert (application.own_funds, application.requested_amount, application.volunteer_work) == (
        Decimal("1000.00"), Decimal("9000.00"), Decimal("0.00")
    )
    page = client.get(response.url)
    assert "höchstens 80 % der Gesamtkosten beantragen, hier also höchstens 8.000,00" in " ".join(page.context["form"].errors["requested_amount"])


def test_it_explains_an_unbalanced_plan(client, alice, application):
    client.force_login(alice)
    data = {"own_funds": "1000", "requested_amount": "8000", "volunteer_work": "", "third_party_funds": "", "other_public_funds": ""}
    client.post(url(application, "finanzierung"), data)
    page = client.get(url(application, "finanzierung", "?pruefen=1")).content.decode()
    assert "Es fehlen 1.000,00" in page


def test_it_autosaves_in_the_background(client, alice, application):
    client.force_login(alice)
    response = client.post(url(application, "projekt", "autosave/"), project_data(summary="Zwischenstand"))
    assert response.status_code == 200 and response.json()["saved"] and response.json()["valid"]
    assert Application.objects.get(pk=application.pk).summary == "Zwischenstand"
    response = client.post(url(application, "finanzierung", "autosave/"), {"own_funds": "zwei"})
    assert response.json() == {**response.json(), "saved": True, "valid": False}
    assert FormDraft.objects.get(step="finanzierung").data["own_funds"] == ["zwei"]


def test_it_refuses_edits_once_submitted(client, alice, submitted):
    client.force_login(alice)
    response = client.post(url(submitted, "projekt"), project_data(title="Geändert"))
    assert response.url == f"/portal/antraege/{submitted.pk}/"
    assert client.post(url(submitted, "projekt", "autosave/"), project_data(title="Geändert")).status_code == 409
    assert Application.objects.get(pk=submitted.pk).title == "Sprachcafé"


def test_it_lets_members_edit_a_draft(client, bob, application):
    client.force_login(bob)
    client.post(url(application, "projekt"), project_data(title="Von Bob"))
    assert Application.objects.get(pk=application.pk).title == "Von Bob"


def test_it_answers_404_for_an_unknown_step(client, alice, application):
    client.force_login(alice)
    assert client.get(url(application, "geheim")).status_code == 404


def test_it_labels_every_field_and_explains_it(client, alice, application):
    client.force_login(alice)
    for step in ("projekt", "finanzierung"):
        form = client.get(url(application, step)).context["form"]
        assert all(field.label and field.help_text for field in form.fields.values()), step
    page = client.get(url(application, "kosten")).content.decode()
    assert page.count('class="cell-label"') >= 6


def test_it_keeps_input_with_a_nul_character_without_failing(client, alice, application):
    client.force_login(alice)
    response = client.post(url(application, "projekt"), project_data(summary="Sprach\x00café"))
    assert response.status_code == 200 and "summary" in response.context["form"].errors
    assert FormDraft.objects.get(step="projekt").data["summary"] == ["Sprachcafé"]
