"""Reference data per authority: letter texts, ANBest versions, standard reasons (the authority's own wins)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from funding import texts
from funding.letterkinds.provisions import provisions_in_force
from funding.models import AncillaryProvisions, LetterText, StandardReason
from funding.staff.forms import RejectForm
from tests.factories import ApplicationFactory, AuthorityFactory, CallFactory, LineFactory

pytestmark = pytest.mark.django_db

KEY = "rejection_discretion"  # a block without placeholders
SECTION = "1 Anforderung und Verwendung der Zuwendung\n1.1 {}"


@pytest.fixture
def two():
    return AuthorityFactory(), AuthorityFactory(name="Stadt Musterstadt – Der Bürgermeister")


def test_the_authoritys_own_letter_text_wins_over_a_newer_default(two):
    steinfurt, musterstadt = two
    today = timezone.localdate()
    LetterText.objects.create(key=KEY, authority=musterstadt, text="Eigene Fassung Musterstadt.",
                              valid_from=today - timedelta(days=10))
    LetterText.objects.create(key=KEY, text="Neuere Fassung für alle.", valid_from=today)
    found = {authority.name: str(texts.resolve([KEY], today, {"authority": authority})[0][KEY])
             for authority in two}
    assert found == {steinfurt.name: "Neuere Fassung für alle.", musterstadt.name: "Eigene Fassung Musterstadt."}
    assert texts.current_text(KEY, today, musterstadt) == "Eigene Fassung Musterstadt."
    assert texts.current_text(KEY, today) == "Neuere Fassung für alle."


def test_the_authoritys_own_anbest_wins_and_the_default_holds_for_the_others(two, organisation):
    steinfurt, musterstadt = two
    today = timezone.localdate()
    AncillaryProvisions.objects.all().delete()
    AncillaryProvisions.objects.create(kind="P", version="Landesfassung", valid_from=today,
                                       text=SECTION.format("Für alle."))
    AncillaryProvisions.objects.create(kind="P", version="Fassung Musterstadt", valid_from=today - timedelta(days=5),
                                       authority=musterstadt, text=SECTION.format("Eigene."))
    assert provisions_in_force(organisation, today, steinfurt.pk).version == "Landesfassung"
    assert provisions_in_force(organisation, today, musterstadt.pk).version == "Fassung Musterstadt"
    # the same day is allowed once per authority and once for the default
    AncillaryProvisions.objects.create(kind="P", version="Steinfurt", valid_from=today, authority=steinfurt,
                                       text=SECTION.format("Steinfurt."))
    assert provisions_in_force(organisation, today, steinfurt.pk).version == "Steinfurt"


def test_standard_reasons_are_the_calls_the_authoritys_and_the_defaults(two, organisation):
    steinfurt, musterstadt = two
    application = ApplicationFactory(organisation=organisation, line=LineFactory(call=CallFactory(
        programme__authority=musterstadt, reference_prefix="MUS-2026")))
    StandardReason.objects.create(title="Für alle", text="x")
    StandardReason.objects.create(title="Musterstadt", text="x", authority=musterstadt)
    StandardReason.objects.create(title="Steinfurt", text="x", authority=steinfurt)
    StandardReason.objects.create(title="Dieser Aufruf", text="x", call=application.call)
    offered = RejectForm(application=application).fields["standard_reasons"].queryset
    assert sorted(offered.values_list("title", flat=True)) == ["Dieser Aufruf", "Für alle", "Musterstadt"]
