"""The 24 towns and municipalities of Kreis Steinfurt."""

from django.db import migrations

TOWNS = ["Emsdetten", "Greven", "Hörstel", "Horstmar", "Ibbenbüren", "Lengerich", "Ochtrup", "Rheine", "Steinfurt", "Tecklenburg"]
MUNICIPALITIES = [
    "Altenberge", "Hopsten", "Ladbergen", "Laer", "Lienen", "Lotte", "Metelen", "Mettingen",
    "Neuenkirchen", "Nordwalde", "Recke", "Saerbeck", "Westerkappeln", "Wettringen",
]


def load(apps, schema_editor):
    Municipality = apps.get_model("applicants", "Municipality")
    names = sorted(TOWNS + MUNICIPALITIES)
    for index, name in enumerate(names, start=1):
        kind = "town" if name in TOWNS else "municipality"
        Municipality.objects.update_or_create(
            name=name, defaults={"kind": kind, "official_key": f"05566{index * 4:03d}"}
        )


def unload(apps, schema_editor):
    apps.get_model("applicants", "Municipality").objects.filter(official_key__startswith="05566").delete()


class Migration(migrations.Migration):
    dependencies = [("applicants", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
