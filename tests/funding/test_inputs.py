"""Amount and date input of both portals: what people type is understood or explained."""

from datetime import date
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from funding.inputs import AmountField, DateField, shown_amount


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", Decimal("1234.56")),
        ("1234,56", Decimal("1234.56")),
        ("1234.56", Decimal("1234.56")),
        ("1.234", Decimal("1234.00")),
        (" 250 € ", Decimal("250.00")),
        ("0", Decimal("0.00")),
    ],
)
def test_it_understands_german_and_plain_amounts(text, expected):
    assert AmountField().clean(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-5", "nicht negativ"),
        ("−5", "nicht negativ"),
        ("12,345", "zwei Stellen"),
        ("1,234.56", "Betrag in Euro"),
        ("zwölf", "Betrag in Euro"),
        ("1e5", "Betrag in Euro"),
        ("NaN", "Betrag in Euro"),
        ("99999999999999", "zu hoch"),
        ("2000000", "zu hoch"),
        ("x" * 500, "Betrag in Euro"),
    ],
)
def test_it_refuses_bad_amounts_with_a_german_message(text, message):
    with pytest.raises(forms.ValidationError) as error:
        AmountField().clean(text)
    assert message in " ".join(error.value.messages)


def test_it_treats_an_empty_optional_amount_as_none():
    assert AmountField(required=False).clean("") is None


def test_it_refuses_zero_where_a_positive_amount_is_needed():
    with pytest.raises(forms.ValidationError, match="größer als 0"):
        AmountField(positive=True).clean("0,00")


def test_it_shows_amounts_in_german_notation():
    assert shown_amount(Decimal("1234.5")) == "1.234,50"
    assert shown_amount(None) == ""


def test_it_marks_the_input_for_the_phone_keypad_and_the_totals():
    html = AmountField(group="kosten").widget.render("amount", Decimal("5"))
    assert 'inputmode="decimal"' in html and 'data-group="kosten"' in html and 'value="5,00"' in html


def test_it_reads_english_amounts_in_the_english_interface():
    with translation.override("en"):
        assert AmountField().clean("1,234.56") == Decimal("1234.56")
        assert 'value="1,234.56"' in AmountField().widget.render("amount", Decimal("1234.56"))
        with pytest.raises(forms.ValidationError) as error:
            AmountField().clean("1.234,56")
        assert "1,234.56" in " ".join(error.value.messages)  # the example is in the reader's notation
        with pytest.raises(forms.ValidationError, match="two"):
            AmountField().clean("12.345")


def test_staff_and_applicants_use_the_same_amount_field():
    from applicants.forms.detail import DrawdownForm
    from funding.staff.forms import ApproveForm

    assert type(DrawdownForm.base_fields["amount"]) is type(ApproveForm.base_fields["amount"]) is AmountField


def test_it_takes_dates_from_the_picker_and_typed_the_german_way():
    field = DateField()
    assert field.clean("2027-12-31") == field.clean("31.12.2027") == date(2027, 12, 31)
    assert 'type="date"' in field.widget.render("day", date(2027, 12, 31)) and 'value="2027-12-31"' in field.widget.render(
        "day", date(2027, 12, 31)
    )


# Each applicant language: what the formatter prints, the parser reads back.
LANGUAGE_NOTATIONS = [
    ("tr", "1.234,56\u00a0€", "1.234,56", ["1.234,56", "1234,56", "1234.56"], "1,234.56"),
    ("uk", "1\u202f234,56\u00a0€", "1\u202f234,56", ["1 234,56", "1\u00a0234,56", "1234,56", "1234.56"], "1.234,56"),
    ("ar", "1,234.56\u00a0€", "1,234.56", ["1,234.56", "1234.56", "1234,56"], "1.234,56"),
]


@pytest.mark.parametrize(("language", "money", "typed", "accepted", "refused"), LANGUAGE_NOTATIONS)
def test_it_shows_and_reads_amounts_in_each_applicant_language(language, money, typed, accepted, refused):
    from funding.amounts import format_money

    with translation.override(language):
        assert format_money(Decimal("1234.56")) == money
        assert f'value="{typed}"' in AmountField().widget.render("amount", Decimal("1234.56"))
        assert AmountField().clean(typed) == Decimal("1234.56")
        for text in accepted:
            assert AmountField().clean(text) == Decimal("1234.56"), text
        with pytest.raises(forms.ValidationError) as error:
            AmountField().clean(refused)
        assert typed in " ".join(error.value.messages).replace("1\u202f234,56", "1\u202f234,56")


@pytest.mark.parametrize("language", ["tr", "ar", "uk"])
def test_it_reads_and_shows_dates_the_same_way_in_each_applicant_language(language):
    from django.template import Context, Template

    with translation.override(language):
        assert DateField().clean("27.11.2026") == DateField().clean("2026-11-27") == date(2026, 11, 27)
        shown = Template('{{ day|date:"d.m.Y" }}').render(Context({"day": date(2026, 11, 27)}))
        assert shown == "27.11.2026"


def test_letters_stay_german_whatever_the_language():
    from funding.amounts import format_eur

    for language in ("tr", "ar", "uk"):
        with translation.override(language):
            assert format_eur(Decimal("1234.56")) == "1.234,56\u00a0€"
