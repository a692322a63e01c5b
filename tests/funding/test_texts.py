"""Configured letter texts: syntax, placeholders, versions, validation on save, fallback."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from funding import texts
from funding.letterkinds import KINDS, build_context, validate_text
from funding.models import Letter, LetterText
from funding.texts import FIRST_DAY, TextError

pytestmark = pytest.mark.django_db

REMEDY = "Klage beim {court_name}, {court_address}, innerhalb eines Monats."


def context():
    return build_context("receipt", **KINDS["receipt"].sample_objects())


# --- syntax and placeholders ---------------------------------------------------------


def test_it_accepts_known_placeholders():
    assert texts.problems("remedy", REMEDY) == []


def test_it_names_an_unknown_placeholder_and_the_allowed_ones():
    [problem] = texts.problems("remedy", "Klage beim {gericht}.")
    assert "{gericht}" in problem and "{court_name}" in problem and "{court_address}" in problem


def test_it_refuses_a_stray_brace_with_where_it_is():
    found = texts.problems("remedy", "Klage beim {court_name}, Piusallee 38 {, 48147 Münster.")
    assert len(found) == 1 and "Piusallee 38 {" in found[0]
    assert texts.problems("remedy", "Klage beim court_name}.") != []


def test_it_refuses_an_empty_text_unclosed_bold_and_unknown_blocks():
    assert texts.problems("remedy", "  \n ") != []
    assert texts.problems("remedy", "**Achtung: {court_name}") != []
    assert texts.problems("no_such_block", "Text") != []


def test_it_escapes_text_and_values_and_keeps_paragraphs():
    ctx = context()
    ctx["contact_name"] = "<b>Frau</b> & Herr"
    rendered = texts.fill("rejection_other_funding", "**Hinweis** <i>x</i>\n\nFragen: {contact_name}", ctx)

    assert rendered.paragraphs[0] == "<strong>Hinweis</strong> &lt;i&gt;x&lt;/i&gt;"
    assert rendered.paragraphs[1] == "Fragen: &lt;b&gt;Frau&lt;/b&gt; &amp; Herr"


def test_it_glues_numbers_to_sections_and_keeps_addresses_whole():
    html = texts.typeset("nach § 49a Abs. 3 und Nr. 1.4 ANBest-P, Mail an ki-mso@kreis-steinfurt.de")
    assert "§\u00a049a Abs.\u00a03" in html and "Nr.\u00a01.4" in html
    assert "ANBest\u2011P" in html and "ANBest-P" not in html  # a non-breaking hyphen, no span to lay out
    assert '<span class="nowrap">ki-mso@kreis-steinfurt.de</span>' in html


def test_every_first_wording_is_valid_and_every_kind_renders_its_sample():
    for key, spec in texts.BLOCKS.items():
        assert texts.problems(key, spec.default) == [], key
    assert set(KINDS) == set(Letter.Kind.values)
    for name, kind in KINDS.items():
        context = build_context(name, **kind.sample_objects())
        assert set(context["texts"]) == set(kind.used_blocks(context)) <= set(kind.blocks)


# --- versions ----------------------------------------------------------------------------


def test_it_installs_a_first_version_of_every_block():
    assert set(LetterText.objects.filter(version=1).values_list("key", flat=True)) == set(texts.BLOCKS)


def test_it_numbers_versions_and_uses_the_newest_in_force_on_the_letter_date():
    today = timezone.localdate()
    second = LetterText.objects.create(key="remedy", text="Zweite Fassung: {court_name}.", valid_from=today)
    LetterText.objects.create(key="remedy", text="Künftige Fassung: {court_name}.", valid_from=today + timedelta(days=30))
    assert second.version == 2

    found, versions = texts.resolve(["remedy"], today, context())
    assert str(found["remedy"]) == "Zweite Fassung: Verwaltungsgericht Musterstadt."
    assert versions == {"remedy": 2}
    _found, versions = texts.resolve(["remedy"], today + timedelta(days=30), context())
    assert versions == {"remedy": 3}
    _found, versions = texts.resolve(["remedy"], today - timedelta(days=1), context())
    assert versions == {"remedy": 1}


def test_a_broken_version_falls_back_to_the_one_before_and_then_to_the_first_wording():
    LetterText.objects.bulk_create([LetterText(key="remedy", version=2, valid_from=FIRST_DAY, text="Klage {court_nam")])

    found, versions = texts.resolve(["remedy"], date(2030, 1, 1), context())
    assert versions == {"remedy": 1} and "Verwaltungsgericht Musterstadt" in str(found["remedy"])

    LetterText.objects.filter(key="remedy", version=1).update(text="{unknown}")
    found, versions = texts.resolve(["remedy"], date(2030, 1, 1), context())
    assert versions == {"remedy": 0} and str(found["remedy"]).startswith("Gegen diesen Bescheid")


def test_a_placeholder_the_letter_cannot_fill_is_a_text_error():
    ctx = context()
    del ctx["contact_name"]
    with pytest.raises(TextError):
        texts.fill("rejection_other_funding", "Fragen an {contact_name}", ctx)


# --- validation when saving -------------------------------------------------------------


def test_saving_checks_the_text_against_every_letter_that_uses_it():
    assert validate_text("remedy", REMEDY) == []
    with pytest.raises(ValidationError) as refused:
        LetterText(key="remedy", text="Klage beim {court_name}, {, Münster.").full_clean()
    assert "text" in refused.value.message_dict
    with pytest.raises(ValidationError):
        LetterText(key="approval_proof", text="Nachweis bis {amount_words} und {court_name}.").full_clean()
    LetterText(key="approval_proof", text="Nachweis bis zum {proof_due_date}.").full_clean()
    # Not shown in the sample letter (its line is an Anteilfinanzierung), still checked.
    LetterText(key="financing_full", text="Vollfinanzierung bis {amount}.").full_clean()


def test_current_text_is_the_one_in_force_for_a_new_version():
    assert texts.current_text("remedy", timezone.localdate()) == texts.BLOCKS["remedy"].default
    LetterText.objects.create(key="remedy", text=REMEDY, valid_from=FIRST_DAY)
    assert texts.current_text("remedy", timezone.localdate()) == REMEDY


def test_the_contact_names_only_what_the_authority_configured():
    ctx = context()
    ctx.update(contact_name="Frau Beispiel", contact_phone="", contact_email="")
    assert texts.fill("rejection_other_funding", "Ansprechperson: {contact}.", ctx).paragraphs == ("Ansprechperson: Frau Beispiel.",)
    ctx.update(contact_name="", contact_email="ki@kreis.example")
    [paragraph] = texts.fill("rejection_other_funding", "Ansprechperson: {contact}.", ctx).paragraphs
    assert paragraph.startswith(f"Ansprechperson: {ctx['authority'].name} (E-Mail ") and "ki@kreis.example" in paragraph
    assert "Telefon" not in paragraph
