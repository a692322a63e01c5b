"""Filters of the public directory and calendar; every filter is in the URL."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from applicants.models import Municipality
from exchange.models import Language, OfferCategory, Profile


class ProfileFilter(django_filters.FilterSet):
    """Offer and language by slug and code, so URLs read ?angebot=uebersetzung&sprache=ar."""

    q = django_filters.CharFilter(label=_("Suchbegriff"), method="search")
    kommune = django_filters.ModelChoiceFilter(
        label=_("Kommune"), field_name="municipality", queryset=Municipality.objects.all(), empty_label=_("alle")
    )
    angebot = django_filters.ModelChoiceFilter(
        label=_("Angebot"), queryset=OfferCategory.objects.filter(is_active=True), to_field_name="slug",
        method="by_offer", empty_label=_("alle"),
    )
    sprache = django_filters.ModelChoiceFilter(
        label=_("Sprache"), queryset=Language.objects.all(), to_field_name="code", method="by_language",
        empty_label=_("alle"),
    )

    class Meta:
        model = Profile
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(display_name__icontains=value) | Q(description__icontains=value))

    def by_offer(self, queryset, name, value):
        through = Profile.offers.through.objects.filter(profile=OuterRef("pk"), offercategory=value)
        return queryset.filter(Exists(through))

    def by_language(self, queryset, name, value):
        """Spoken, or translated into, the language; with "Übersetzung" chosen only the latter."""
        translating = Profile.translation_languages.through.objects.filter(profile=OuterRef("pk"), language=value)
        offer = self.form.cleaned_data.get("angebot")
        if offer is not None and offer.asks_languages:
            return queryset.filter(Exists(translating))
        speaking = Profile.languages.through.objects.filter(profile=OuterRef("pk"), language=value)
        return queryset.filter(Exists(translating) | Exists(speaking))
