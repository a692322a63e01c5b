"""Configured content per language (django-modeltranslation).

The admin shows one field per language (``name_de``, ``name_tr``, …); a
page reads ``name`` and gets the reader's language, falling back to
German where no translation was entered. Letters render in German and so
always read the German texts.
"""

from modeltranslation.translator import TranslationOptions, register

from funding.models import FundingCall, FundingLine, FundingProgramme, ScoreCriterion


@register(FundingProgramme)
class ProgrammeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(FundingCall)
class CallTranslation(TranslationOptions):
    fields = ("name", "description", "eligibility_text")


@register(FundingLine)
class LineTranslation(TranslationOptions):
    fields = ("name", "description")


@register(ScoreCriterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name",)
