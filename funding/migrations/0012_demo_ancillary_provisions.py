"""Demo versions of the ANBest-P and ANBest-G, so that a fresh installation can issue Bescheide.

They are written for this application and marked as demo texts (every page
says so): they follow the official numbering and the headings of Nr. 1 to 8
but are not the official wording. The authority adds the official text as
a new version in the admin ("Allgemeine Nebenbestimmungen"); the version in
force on the decision date is attached. The texts are spelled out here, so
the migration does not change when code does.
"""

import datetime

from django.db import migrations

DEMO_VERSION = "Demo-Fassung 2026 (kein amtlicher Text)"
VALID_FROM = datetime.date(2000, 1, 1)

ANBEST_P = """Diese Nebenbestimmungen sind Bestandteil des Zuwendungsbescheides, soweit dort nichts anderes bestimmt ist. Sie enthalten Bedingungen und Auflagen im Sinne des § 36 VwVfG NRW. (Demo-Text: kurze eigene Fassung mit der amtlichen Gliederung.)

1 Anforderung und Verwendung der Zuwendung
1.1 Die Zuwendung ist wirtschaftlich und sparsam und nur für den im Zuwendungsbescheid bestimmten Zweck zu verwenden.
1.2 Der Finanzierungsplan ist im Gesamtergebnis verbindlich. Einzelansätze dürfen um bis zu 20 Prozent überschritten werden, soweit die Überschreitung durch Einsparungen bei anderen Einzelansätzen ausgeglichen wird.
1.3 Alle mit dem Zuwendungszweck zusammenhängenden Einnahmen und die Eigenmittel sind als Deckungsmittel für alle Ausgaben einzusetzen.
1.4 Die Zuwendung darf nur insoweit und nicht eher angefordert werden, als sie innerhalb von zwei Monaten nach der Auszahlung für fällige Zahlungen benötigt wird.

2 Nachträgliche Ermäßigung der Ausgaben oder Änderung der Finanzierung
2.1 Ermäßigen sich nach der Bewilligung die zuwendungsfähigen Ausgaben, erhöhen sich die Deckungsmittel oder treten neue hinzu, so ermäßigt sich die Zuwendung: bei der Anteilfinanzierung anteilig, bei der Fehlbedarfs- und der Vollfinanzierung um den vollen Betrag der Änderung.

3 Vergabe von Aufträgen
3.1 Aufträge sind nach den Grundsätzen der Wirtschaftlichkeit und Sparsamkeit zu vergeben. Ab dem im Zuwendungsbescheid genannten Auftragswert sind mindestens drei Vergleichsangebote einzuholen und zu den Akten zu nehmen.

4 Zur Erfüllung des Zuwendungszwecks beschaffte Gegenstände
4.1 Gegenstände, die zur Erfüllung des Zuwendungszwecks beschafft werden, sind für diesen Zweck zu verwenden und sorgfältig zu behandeln. Vor Ablauf der im Zuwendungsbescheid bestimmten Bindungsfrist darf über sie nicht anderweitig verfügt werden.
4.2 Beschaffte Gegenstände mit einem Wert über der im Zuwendungsbescheid genannten Grenze sind zu inventarisieren.

5 Mitteilungspflichten des Zuwendungsempfängers
5.1 Der Bewilligungsbehörde ist unverzüglich mitzuteilen, wenn weitere Zuwendungen für denselben Zweck beantragt oder bewilligt werden, wenn sich der Zuwendungszweck oder sonstige für die Bewilligung maßgebliche Umstände ändern oder wegfallen, wenn sich zeigt, dass der Zuwendungszweck nicht zu erreichen ist, und wenn ausgezahlte Beträge nicht innerhalb von zwei Monaten nach der Auszahlung verbraucht werden können.

6 Nachweis der Verwendung
6.1 Die Verwendung der Zuwendung ist innerhalb der im Zuwendungsbescheid bestimmten Frist nachzuweisen (Verwendungsnachweis).
6.2 Der Verwendungsnachweis besteht aus einem Sachbericht und einem zahlenmäßigen Nachweis.
6.3 Im zahlenmäßigen Nachweis sind Einnahmen und Ausgaben in zeitlicher Reihenfolge und nach der Gliederung des Finanzierungsplans getrennt aufzuführen (Belegliste).
6.4 Die Belege sind fünf Jahre nach Vorlage des Verwendungsnachweises aufzubewahren.

7 Prüfung der Verwendung
7.1 Die Bewilligungsbehörde ist berechtigt, Bücher, Belege und sonstige Geschäftsunterlagen anzufordern sowie die Verwendung der Zuwendung durch örtliche Erhebungen zu prüfen oder durch Beauftragte prüfen zu lassen.
7.2 Der Landesrechnungshof ist berechtigt, bei dem Zuwendungsempfänger zu prüfen (§ 91 LHO NRW).

8 Erstattung der Zuwendung, Verzinsung
8.1 Die Zuwendung ist zu erstatten, soweit der Zuwendungsbescheid nach §§ 48, 49 VwVfG NRW oder anderen Rechtsvorschriften mit Wirkung für die Vergangenheit zurückgenommen oder widerrufen oder sonst unwirksam wird.
8.2 Das gilt insbesondere, wenn die Zuwendung durch unrichtige oder unvollständige Angaben erwirkt worden ist, nicht oder nicht mehr für den bestimmten Zweck verwendet wird oder eine Auflage nicht oder nicht fristgerecht erfüllt wird.
8.3 Der Erstattungsbetrag ist nach § 49a Abs. 3 VwVfG NRW mit fünf Prozentpunkten über dem Basiszinssatz jährlich zu verzinsen.
8.4 Wird die Zuwendung nicht innerhalb von zwei Monaten nach der Auszahlung für den Zuwendungszweck verwendet, können für die Zeit bis zur zweckentsprechenden Verwendung Zinsen verlangt werden (§ 49a Abs. 4 VwVfG NRW)."""

ANBEST_G = """Diese Nebenbestimmungen gelten für Zuwendungen an Gemeinden und Gemeindeverbände (GV). Sie sind Bestandteil des Zuwendungsbescheides, soweit dort nichts anderes bestimmt ist. (Demo-Text: kurze eigene Fassung mit der amtlichen Gliederung.)

1 Anforderung und Verwendung der Zuwendung
1.1 Die Zuwendung ist wirtschaftlich und sparsam und nur für den im Zuwendungsbescheid bestimmten Zweck zu verwenden.
1.2 Der Finanzierungsplan ist im Gesamtergebnis verbindlich; Einzelansätze dürfen um bis zu 20 Prozent überschritten werden, soweit dies durch Einsparungen bei anderen Einzelansätzen ausgeglichen wird.
1.3 Die Zuwendung darf nur insoweit und nicht eher angefordert werden, als sie innerhalb von zwei Monaten nach der Auszahlung für fällige Zahlungen benötigt wird.

2 Nachträgliche Ermäßigung der Ausgaben oder Änderung der Finanzierung
2.1 Ermäßigen sich die zuwendungsfähigen Ausgaben oder erhöhen sich die Deckungsmittel, so ermäßigt sich die Zuwendung nach der Finanzierungsart des Zuwendungsbescheides.

3 Vergabe von Aufträgen
3.1 Bei der Vergabe von Aufträgen sind die für die Gemeinde geltenden vergaberechtlichen Bestimmungen anzuwenden.

4 Zur Erfüllung des Zuwendungszwecks beschaffte Gegenstände
4.1 Beschaffte Gegenstände sind für den Zuwendungszweck zu verwenden; über sie darf vor Ablauf der Bindungsfrist nicht anderweitig verfügt werden.

5 Mitteilungspflichten des Zuwendungsempfängers
5.1 Die Gemeinde teilt der Bewilligungsbehörde unverzüglich mit, wenn sich der Zuwendungszweck, die Finanzierung oder sonstige für die Bewilligung maßgebliche Umstände ändern oder ausgezahlte Beträge nicht innerhalb von zwei Monaten verbraucht werden können.

6 Nachweis der Verwendung
6.1 Die Verwendung ist innerhalb der im Zuwendungsbescheid bestimmten Frist mit einem Sachbericht und einem zahlenmäßigen Nachweis nachzuweisen.

7 Prüfung der Verwendung
7.1 Die Bewilligungsbehörde ist berechtigt, die Verwendung der Zuwendung durch Einsicht in die Unterlagen und durch örtliche Erhebungen zu prüfen; das Prüfungsrecht des Landesrechnungshofs bleibt unberührt.

8 Erstattung der Zuwendung, Verzinsung
8.1 Die Zuwendung ist zu erstatten, soweit der Zuwendungsbescheid mit Wirkung für die Vergangenheit zurückgenommen, widerrufen oder sonst unwirksam wird; der Erstattungsbetrag ist nach § 49a Abs. 3 VwVfG NRW zu verzinsen."""

TITLES = {
    "P": "Allgemeine Nebenbestimmungen für Zuwendungen zur Projektförderung",
    "G": "Allgemeine Nebenbestimmungen für Zuwendungen zur Projektförderung an Gemeinden (GV)",
}


def _load(apps, schema_editor):
    AncillaryProvisions = apps.get_model("funding", "AncillaryProvisions")
    for kind, text in (("P", ANBEST_P), ("G", ANBEST_G)):
        if not AncillaryProvisions.objects.filter(kind=kind).exists():
            AncillaryProvisions.objects.create(
                kind=kind, title=TITLES[kind], version=DEMO_VERSION, valid_from=VALID_FROM, text=text, is_demo=True
            )


def _unload(apps, schema_editor):
    apps.get_model("funding", "AncillaryProvisions").objects.filter(version=DEMO_VERSION, is_demo=True).delete()


class Migration(migrations.Migration):
    dependencies = [("funding", "0011_configured_letter_texts")]

    operations = [migrations.RunPython(_load, _unload)]
