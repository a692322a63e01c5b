"""Reference data of the demo: authority, programme, call, lines, people."""

from datetime import date
from decimal import Decimal

DEMO_PASSWORD = "demo"

AUTHORITY = {
    "name": "Kreis Steinfurt – Der Landrat",
    "department": "Kommunales Integrationszentrum",
    "street": "Tecklenburger Straße 10",
    "postcode": "48565",
    "city": "Steinfurt",
    "phone": "02551 69-0",
    "email": "integration@kreis-steinfurt.example",
    "website": "www.kreis-steinfurt.de",
    "contact_name": "Frau Schmidt",
    "contact_phone": "02551 69-2100",
    "contact_email": "integration@kreis-steinfurt.example",
    "signatory_name": "Lilli Schmidt",
    "signatory_title": "Leiterin des Kommunalen Integrationszentrums",
    "court_name": "Verwaltungsgericht Münster",
    "court_address": "Piusallee 38, 48147 Münster",
    # A demo account (the German example IBAN of the Bundesbank), for the payment run's SEPA file.
    "payer_name": "Kreis Steinfurt",
    "payer_iban": "DE02120300000000202051",
    "bank_details": "Kreissparkasse Steinfurt, IBAN DE89 3704 0044 0532 0130 00 (Demo)",
    "publish_grants": True,
}

CALL = {
    "name": "Sonderförderung MSO 2017/2018",
    "reference_prefix": "MSO-2017",
    "description": (
        "Mit der Sonderförderung unterstützt der Kreis Steinfurt Migrantenselbstorganisationen "
        "und Moscheevereine, die sich für das Zusammenleben im Kreis einsetzen."
    ),
    "eligibility_text": (
        "Antragsberechtigt sind eingetragene, gemeinnützige Vereine mit Sitz im Kreis Steinfurt, "
        "in denen mindestens die Hälfte der Mitglieder oder des Vorstands eine Migrationsgeschichte hat. "
        "Das Projekt darf vor der Bewilligung noch nicht begonnen haben."
    ),
    "opens_on": date(2017, 7, 1),
    "closes_on": date(2027, 12, 31),
    "budget": Decimal("250000.00"),
    "period_start": date(2017, 9, 1),
    "period_end": date(2028, 12, 31),
    "proof_due_months": 6,
}

LINES = [
    ("Anschubförderung", "Starthilfe für neue Gruppen", "0.00", "5000.00", "100.00", "full"),
    ("Einzelprojekt", "Einzelprojekte, z. B. Empowerment von Geflüchteten", "500.00", "15000.00", "80.00", "share"),
    ("Qualifizierung und Vernetzung", "Fortbildung und Vernetzung", "500.00", "15000.00", "80.00", "share"),
]

CRITERIA = [
    ("Integrationswirkung", "2.00"),
    ("Erreichen der Zielgruppe", "1.50"),
    ("Umsetzbarkeit", "1.00"),
    ("Wirtschaftlichkeit des Budgets", "1.00"),
    ("Vernetzung und Beteiligung", "1.50"),
]

STANDARD_REASONS = [
    ("Budget ausgeschöpft", "Die für den Förderaufruf zur Verfügung stehenden Haushaltsmittel sind ausgeschöpft. Ein Rechtsanspruch auf die Zuwendung besteht nicht."),
    ("Sitz außerhalb des Kreises", "Der Verein hat seinen Sitz nicht im Kreis Steinfurt. Nach der Förderrichtlinie sind nur Vereine mit Sitz im Kreis antragsberechtigt."),
    ("Keine Gemeinnützigkeit", "Die Gemeinnützigkeit wurde nicht durch einen gültigen Freistellungsbescheid nachgewiesen."),
    ("Vorzeitiger Beginn", "Das Projekt hat vor der Bewilligung begonnen, ohne dass ein vorzeitiger Maßnahmebeginn schriftlich zugelassen wurde (VV Nr. 1.3 zu § 44 LHO)."),
    ("Kein Integrationsbezug", "Das Projekt zielt ausschließlich auf die Pflege der Herkunftskultur oder die Religionsausübung und nicht auf das Leben in Deutschland."),
]

# Register courts the organisation form suggests (reference data per authority; more in the admin).
REGISTER_COURTS = ["Amtsgericht Steinfurt"]

STAFF_USERS = [
    ("pruefung", "Peter", "Prüfer", "Prüfung"),
    ("leitung", "Lilli", "Schmidt", "Leitung"),
    ("kasse", "Karin", "Kassner", "Kasse"),
]

ORGANISATIONS = [
    ("Deutsch-Türkischer Kulturverein Rheine e.V.", "Rheine", "cultural"),
    ("DITIB Moscheegemeinde Ibbenbüren e.V.", "Ibbenbüren", "mosque"),
    ("Syrisches Haus Emsdetten e.V.", "Emsdetten", "refugees"),
    ("Afrika-Forum Greven e.V.", "Greven", "cultural"),
    ("Polnischer Elternverein Steinfurt e.V.", "Steinfurt", "parents"),
    ("Eritreische Gemeinschaft Lengerich e.V.", "Lengerich", "refugees"),
    ("Frauen für Frauen International Ochtrup e.V.", "Ochtrup", "women"),
    ("Kurdisches Kulturzentrum Hörstel e.V.", "Hörstel", "cultural"),
    ("Islamische Gemeinde Greven e.V.", "Greven", "mosque"),
    ("Jugend ohne Grenzen Mettingen e.V.", "Mettingen", "youth"),
    ("Russlanddeutscher Sportverein Lotte e.V.", "Lotte", "sports"),
    ("Netzwerk der MSO im Kreis Steinfurt e.V.", "Steinfurt", "umbrella"),
]

PROJECTS = [
    "Sprachcafé für Neuzugewanderte",
    "Hausaufgabenhilfe am Nachmittag",
    "Interkulturelles Sommerfest",
    "Begleitung zu Ämtern und Ärzten",
    "Fußball verbindet",
    "Frauenfrühstück mit Beratung",
    "Fortbildung für Vereinsvorstände",
    "Elternabende zur Schule in Deutschland",
    "Theaterprojekt Heimat",
    "Netzwerktreffen der Migrantenorganisationen",
]

# A second authority in the same installation (tenants): its own staff, call and a few applications.
# Its staff see nothing of Kreis Steinfurt's, and Steinfurt's staff nothing of it.
SECOND_AUTHORITY = {
    "name": "Stadt Musterstadt – Der Bürgermeister",
    "department": "Kommunales Integrationszentrum Musterstadt",
    "street": "Rathausplatz 1",
    "postcode": "12345",
    "city": "Musterstadt",
    "email": "integration@musterstadt.example",
    "contact_name": "Herr Beispiel",
    "signatory_name": "Max Beispiel",
    "signatory_title": "Leiter des Kommunalen Integrationszentrums",
    "court_name": "Verwaltungsgericht Musterstadt",
    "court_address": "Gerichtsstraße 5, 12345 Musterstadt",
    "payer_name": "Stadt Musterstadt",
    "payer_iban": "DE02120300000000202051",
}

SECOND_PROGRAMME = "Integrationsförderung der Stadt Musterstadt"

SECOND_CALL = {
    "name": "Integrationsfonds Musterstadt 2026",
    "reference_prefix": "MUS-2026",
    "description": "Die Stadt Musterstadt fördert Projekte von Migrantenselbstorganisationen in der Stadt.",
    "eligibility_text": "Antragsberechtigt sind gemeinnützige Vereine, die in Musterstadt tätig sind.",
    "opens_on": date(2026, 1, 1),
    "closes_on": date(2027, 12, 31),
    "budget": Decimal("60000.00"),
    "period_start": date(2026, 3, 1),
    "period_end": date(2028, 12, 31),
    "proof_due_months": 6,
}

SECOND_REGISTER_COURTS = ["Amtsgericht Musterstadt"]

SECOND_MUNICIPALITY = {"name": "Musterstadt", "kind": "town", "official_key": "09999001"}

SECOND_ORGANISATION = ("Kulturbrücke Musterstadt e.V.", "Musterstadt", "cultural")

# (username, first name, last name, role) in the second authority.
SECOND_STAFF_USERS = [
    ("pruefung2", "Paula", "Prüfmann", "Prüfung"),
    ("leitung2", "Lars", "Leitner", "Leitung"),
    ("kasse2", "Kai", "Kassel", "Kasse"),
]

# (state, index of the organisation: 0 = verein1's, which applies to both authorities; -1 = the Musterstadt one)
SECOND_PLAN = [("submitted", -1), ("in_review", 0), ("approved", -1), ("rejected", -1), ("draft", 0)]
