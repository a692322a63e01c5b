"""The exchange platform's offer categories and languages, named per language."""

from modeltranslation.translator import TranslationOptions, register

from exchange.models import Language, OfferCategory


@register(OfferCategory)
class OfferCategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(Language)
class LanguageTranslation(TranslationOptions):
    fields = ("name",)
