"""The offer categories named in the KI's brief, and the languages most asked for.

Both are reference data the KI can change in the admin afterwards.
"""

from django.db import migrations

CATEGORIES = [
    ("alltagshilfe", "Alltagshilfe", "Everyday help", False),
    ("uebersetzung", "Übersetzung/Sprachmittlung", "Translation/language mediation", True),
    ("sport", "Sport", "Sports", False),
    ("kultur", "Kultur", "Culture", False),
    ("religion", "Religion", "Religion", False),
    ("begegnungsfeste", "Begegnungsfeste", "Encounter festivals", False),
    ("beratung", "Beratung", "Counselling", False),
    ("jugend", "Jugend", "Youth", False),
    ("frauen", "Frauen", "Women", False),
    ("bildung", "Bildung", "Education", False),
]

LANGUAGES = [
    ("de", "Deutsch", "German"),
    ("ar", "Arabisch", "Arabic"),
    ("tr", "Türkisch", "Turkish"),
    ("ku", "Kurdisch", "Kurdish"),
    ("fa", "Persisch (Farsi)", "Persian (Farsi)"),
    ("prs", "Dari", "Dari"),
    ("ps", "Paschtu", "Pashto"),
    ("ti", "Tigrinya", "Tigrinya"),
    ("am", "Amharisch", "Amharic"),
    ("so", "Somali", "Somali"),
    ("ru", "Russisch", "Russian"),
    ("uk", "Ukrainisch", "Ukrainian"),
    ("pl", "Polnisch", "Polish"),
    ("ro", "Rumänisch", "Romanian"),
    ("bg", "Bulgarisch", "Bulgarian"),
    ("sq", "Albanisch", "Albanian"),
    ("sh", "Bosnisch/Kroatisch/Serbisch", "Bosnian/Croatian/Serbian"),
    ("el", "Griechisch", "Greek"),
    ("it", "Italienisch", "Italian"),
    ("es", "Spanisch", "Spanish"),
    ("pt", "Portugiesisch", "Portuguese"),
    ("fr", "Französisch", "French"),
    ("en", "Englisch", "English"),
    ("ur", "Urdu", "Urdu"),
    ("vi", "Vietnamesisch", "Vietnamese"),
    ("dgs", "Deutsche Gebärdensprache", "German Sign Language"),
]


def load(apps, schema_editor):
    OfferCategory = apps.get_model("exchange", "OfferCategory")
    Language = apps.get_model("exchange", "Language")
    for order, (slug, name, name_en, asks) in enumerate(CATEGORIES):
        OfferCategory.objects.update_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "asks_languages": asks, "order": order}
        )
    for order, (code, name, name_en) in enumerate(LANGUAGES):
        Language.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en, "order": order})


def unload(apps, schema_editor):
    apps.get_model("exchange", "OfferCategory").objects.filter(slug__in=[c[0] for c in CATEGORIES]).delete()
    apps.get_model("exchange", "Language").objects.filter(code__in=[c[0] for c in LANGUAGES]).delete()


class Migration(migrations.Migration):
    dependencies = [("exchange", "0001_platform")]
    operations = [migrations.RunPython(load, unload)]
