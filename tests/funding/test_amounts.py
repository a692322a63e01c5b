from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import translation

from funding.amounts import (
    MAX_AMOUNT,
    amount_in_words,
    format_count,
    format_eur,
    format_money,
    format_percent,
    format_plain,
    format_ratio,
    parse_amount,
    parse_english_amount,
    parse_german_amount,
)

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12000.00", "zwölftausend Euro"),
        ("4250.50", "viertausendzweihundertfünfzig Euro und fünfzig Cent"),
        ("1.00", "ein Euro"),
        ("1", "ein Euro"),
        ("0.01", "null Euro und ein Cent"),
        ("0.00", "null Euro"),
        ("2.21", "zwei Euro und einundzwanzig Cent"),
        ("101.00", "einhunderteins Euro"),
        ("1000000.00", "eine Million Euro"),
        ("99999999.99",
         "neunundneunzig Millionen neunhundertneunundneunzigtausend"
         "neunhundertneunundneunzig Euro und neunundneunzig Cent"),
    ],
)
def test_amount_in_words(value, expected):
    assert amount_in_words(Decimal(value)) == expected


def test_amount_in_words_accepts_int():
    assert amount_in_words(500) == "fünfhundert Euro"


@pytest.mark.parametrize("value", [Decimal("-1.00"), Decimal("1.005"), Decimal("NaN"),
                                   Decimal("Infinity")])
def test_amount_in_words_rejects_bad_values(value):
    with pytest.raises(ValueError):
        amount_in_words(value)


@pytest.mark.parametrize("value", [1.5, "1,50", None, True])
def test_amount_in_words_rejects_non_decimal(value):
    with pytest.raises(TypeError):
        amount_in_words(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1234.56", "1.234,56"),
        ("0", "0,00"),
        ("0.5", "0,50"),
        ("999.99", "999,99"),
        ("1000", "1.000,00"),
        ("12000.00", "12.000,00"),
        ("99999999.99", "99.999.999,99"),
        ("-1234.5", "-1.234,50"),
        ("1.230", "1,23"),  # trailing zero is not a lost cent
    ],
)
def test_format_eur(value, expected):
    assert format_eur(Decimal(value)) == f"{expected}{NBSP}€"


def test_format_eur_refuses_sub_cent_and_floats():
    with pytest.raises(ValueError):
        format_eur(Decimal("1.234"))
    with pytest.raises(TypeError):
        format_eur(1.5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1.234", "1234.00"),
        ("1234", "1234.00"),
        ("12,5", "12.50"),
        ("12.5", "12.50"),
        ("0,01", "0.01"),
        ("0", "0.00"),
        ("1.234.567,89", "1234567.89"),
        ("  1.234,56 € ", "1234.56"),
        ("1.234,56€", "1234.56"),
        ("€ 1.234,56", "1234.56"),
        (f"1.234,56{NBSP}€", "1234.56"),
        ("99.999.999,99", "99999999.99"),
    ],
)
def test_parse_german_amount_valid(text, expected):
    result = parse_german_amount(text)
    assert result == Decimal(expected)
    assert result.as_tuple().exponent == -2


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "€",
        "abc",
        "1e5",
        "-5",
        "+5",
        "- 5",
        "1,234.56",  # English grouping: ambiguous in a German form
        "1,234",  # three decimals (or English grouping): ambiguous
        "1.23,45",
        "12.34.56",
        "1.2345",
        "1,2,3",
        "12,345",
        "1,",
        ",5",
        ".5",
        "1.",
        "0.001",
        "1.234,567",
        "1 234,56",
        "01.234",
        "100.000.000,00",  # above the cap
        "100000000",
        "NaN",
        "Infinity",
        "١٢٣",  # Arabic-Indic digits
        "12 € 5",
        "€€5",
        "5" * 41,
    ],
)
def test_parse_german_amount_invalid(text):
    with pytest.raises(ValueError):
        parse_german_amount(text)


def test_parse_german_amount_cap_is_inclusive():
    assert parse_german_amount("99999999,99") == MAX_AMOUNT


def test_parse_german_amount_rejects_non_str():
    with pytest.raises(TypeError):
        parse_german_amount(Decimal("5"))


def test_parse_and_format_round_trip():
    for text in ["0,01", "1.234,56", "99.999.999,99", "12,50"]:
        assert format_eur(parse_german_amount(text)) == f"{text}{NBSP}€"


# --- The same amounts in the English interface -------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234.56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1,234", "1234.00"),
        ("1234", "1234.00"),
        ("12.5", "12.50"),
        ("1234,56", "1234.56"),  # a decimal comma with cents is unambiguous
        ("€1,234.56", "1234.56"),
        ("1,234,567.89", "1234567.89"),
    ],
)
def test_parse_english_amount_valid(text, expected):
    assert parse_english_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["1.234,56", "1.234", "12,345.678", "1,23,456", "-5", "1e5", ""])
def test_parse_english_amount_invalid(text):
    with pytest.raises(ValueError):
        parse_english_amount(text)


def test_it_reads_and_writes_amounts_in_the_active_language():
    with translation.override("en"):
        assert parse_amount("1,234.56") == Decimal("1234.56")
        assert format_money(Decimal("1234.56")) == "€1,234.56"
        assert format_money(Decimal("-5")) == "-€5.00"
        assert format_percent(Decimal("80.00")) == "80%"
        assert format_ratio(Decimal("-0.3")) == "-30.0%"
        assert format_count(12345) == "12,345"
        assert format_plain(Decimal("1.50")) == "1.5"
        assert format_eur(Decimal("1234.56")) == f"1.234,56{NBSP}€"  # letters stay German
    with translation.override("de"):
        assert parse_amount("1.234,56") == Decimal("1234.56")
        assert format_money(Decimal("1234.56")) == f"1.234,56{NBSP}€"
        assert format_percent(Decimal("6.27")) == f"6,27{NBSP}%"
        assert format_ratio(Decimal("0.25")) == f"+25,0{NBSP}%"
        assert format_count(12345) == "12.345"
        assert format_plain(Decimal("10")) == "10"


@pytest.mark.parametrize("language", ["de", "en", "tr", "ar", "uk"])
def test_the_page_formatter_writes_what_the_formatters_write(language):
    """``PageFormatter`` (the notation read once per table) gives the text of format_count, format_sum, format_money, format_number."""
    from funding.amounts import PageFormatter, format_money, format_number, format_sum

    values = [Decimal("0"), Decimal("1234.5"), Decimal("-1234567.891"), Decimal("0.005"), Decimal("-0.004"), 7, -12345]
    with translation.override(language):
        fmt = PageFormatter()
        for value in values:
            assert fmt.sum(value) == format_sum(value)
            cents = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            assert fmt.money(cents) == format_money(cents)
            assert fmt.number(Decimal(value)) == format_number(Decimal(value))
            assert fmt.count(int(value)) == format_count(int(value))
        assert fmt.report_value(None, "money") == "–"
        assert fmt.report_value(Decimal("12.5"), "days") == format_number(Decimal("12.5"))


@pytest.mark.parametrize("language", ["de", "en", "tr", "ar", "uk"])
def test_the_page_formatter_writes_money_as_format_money(language):
    """``PageFormatter.money`` (the staff queue's amounts) gives the text of format_money; empty for None."""
    from funding.amounts import PageFormatter

    with translation.override(language):
        fmt = PageFormatter()
        for value in [Decimal("0.00"), Decimal("1234.50"), Decimal("-1234567.89"), Decimal("999999.99"), 7]:
            assert fmt.money(value) == format_money(value)
        assert fmt.money(None) == ""
        with pytest.raises(ValueError):
            fmt.money(Decimal("1.005"))
