"""German amount input: what volunteers type is understood or explained."""

from decimal import Decimal

import pytest
from django import forms

from applicants.fields import GermanAmountField, format_amount


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
    assert GermanAmountField().clean(text) == expected


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
        GermanAmountField().clean(text)
    assert message in " ".join(error.value.messages)


def test_it_treats_an_empty_optional_amount_as_none():
    assert GermanAmountField(required=False).clean("") is None


def test_it_refuses_zero_where_a_positive_amount_is_needed():
    with pytest.raises(forms.ValidationError, match="größer als 0"):
        GermanAmountField(positive=True).clean("0,00")


def test_it_shows_amounts_in_german_notation():
    assert format_amount(Decimal("1234.5")) == "1.234,50"
    assert format_amount(None) == ""


def test_it_marks_the_input_for_the_phone_keypad_and_the_totals():
    html = GermanAmountField(group="kosten").widget.render("amount", Decimal("5"))
    assert 'inputmode="decimal"' in html and 'data-group="kosten"' in html and 'value="5,00"' in html
