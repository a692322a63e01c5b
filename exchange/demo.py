"""Demo data of the exchange platform, loaded by ``manage.py seed_demo``.

Idempotent: once the demo meeting series exists, nothing is added again.
Everything goes through the services where the platform has one, so the
demo shows what the application really does (the past meeting's minutes
are a real PDF, the upcoming meeting's invitations are real e-mails).
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from applicants.models import Membership, Municipality, Organisation
from exchange.models import (
    Answer,
    Consultation,
    Event,
    Language,
    MeetingInvitation,
    MeetingSeries,
    OfferCategory,
    Partner,
    Profile,
)
from exchange.services import consultations, events, meetings
from exchange.services.directory import profile_publish, profile_save

SERIES_TITLE = "Netzwerktreffen der Migrantenorganisationen"
EXTRA_ORGANISATION = ("Arabisch-Deutscher Freundeskreis Rheine e.V.", "Rheine", "refugees")

# organisation index (in funding.demo.ORGANISATIONS, -1 = EXTRA_ORGANISATION):
# (published?, description, offers, translation languages, spoken languages, place, times, religion)
PROFILES = {
    0: (False, "Kulturverein für Familien aus der Türkei und alle Nachbarn in Rheine: Feste, Musik, "
        "Hausaufgabenhilfe und Begleitung zu Ämtern.", ["kultur", "begegnungsfeste", "uebersetzung"], ["tr"],
        ["de", "tr"], "Vereinsheim, Bahnhofstraße 3, Rheine", "freitags 17–20 Uhr", ""),
    1: (True, "Moscheegemeinde mit Jugendarbeit, Frauengruppe und jährlichem Tag der offenen Moschee.",
        ["religion", "begegnungsfeste", "jugend"], [], ["de", "tr"], "Moschee, Bahnhofstraße 4, Ibbenbüren",
        "täglich geöffnet", "Islam (sunnitisch, DITIB)"),
    2: (True, "Neu Zugewanderte helfen neu Zugewanderten: Sprachmittlung, Begleitung und Beratung im Alltag.",
        ["alltagshilfe", "uebersetzung", "beratung"], ["ar", "ku"], ["de", "ar", "ku"],
        "Kirchstraße 5, Emsdetten", "mittwochs 15–18 Uhr", ""),
    3: (True, "Afrikanische Musik, Küche und Geschichten, ein großes Sommerfest für alle in Greven.",
        ["kultur", "begegnungsfeste"], [], ["de", "fr", "en"], "Bürgerhaus Greven", "nach Absprache", ""),
    4: (True, "Eltern unterstützen Eltern: Schule in Deutschland verstehen, Polnisch für Kinder.",
        ["bildung", "uebersetzung"], ["pl"], ["de", "pl"], "Familienzentrum Steinfurt", "dienstags 16 Uhr", ""),
    5: (True, "Gemeinschaft der Familien aus Eritrea; Sprachmittlung Tigrinya und Amharisch.",
        ["uebersetzung", "alltagshilfe", "kultur"], ["ti", "am"], ["de", "ti", "am"],
        "Gemeindehaus Lengerich", "samstags 14 Uhr", ""),
    6: (True, "Frauen aus vielen Ländern treffen sich, lernen Deutsch und beraten einander.",
        ["frauen", "beratung", "bildung"], [], ["de", "ar", "fa", "ru"], "Stadtteilbüro Ochtrup",
        "montags 9–11 Uhr", ""),
    7: (False, "Kurdisches Kulturzentrum mit Musik- und Tanzgruppe.", ["kultur"], [], ["de", "ku"], "", "", ""),
    9: (True, "Jugendliche aus 15 Ländern: Sport, Ausflüge und Hausaufgabenhilfe.", ["jugend", "sport", "bildung"],
        [], ["de", "ar", "ru", "tr"], "Jugendzentrum Mettingen", "donnerstags 17 Uhr", ""),
    10: (True, "Fußball, Volleyball und Gymnastik für alle Generationen.", ["sport"], [], ["de", "ru"],
         "Sportplatz Lotte", "dienstags und donnerstags 18 Uhr", ""),
    -1: (True, "Ehrenamtliche übersetzen Arabisch–Deutsch und begleiten zu Ärzten, Schulen und Ämtern in Rheine.",
         ["uebersetzung", "alltagshilfe"], ["ar"], ["de", "ar"], "Stadtteilhaus Dorenkamp, Rheine",
         "montags und donnerstags 16–18 Uhr", ""),
}

PARTNERS = [
    ("Rheine", "Integrationsbeauftragte der Stadt Rheine", "integration_officer",
     "Beratung von Vereinen, Kontakte in die Stadtverwaltung, Integrationsrat.", "Frau Demir"),
    ("Rheine", "Migrationsberatung für Erwachsene Rheine", "advice_centre",
     "Beratung zu Aufenthalt, Arbeit, Sprachkursen; Termine auch mit Sprachmittlung.", "Herr Krause"),
    ("Ibbenbüren", "Integrationsbüro der Stadt Ibbenbüren", "integration_officer",
     "Ansprechpartner für Vereine und Ehrenamtliche, Raumvergabe.", "Frau Lange"),
    ("Emsdetten", "Flüchtlingshilfe Emsdetten", "initiative",
     "Ehrenamtliche Paten, Fahrradwerkstatt, Sprachcafé.", "Herr Öztürk"),
    ("Greven", "Integrationsrat der Stadt Greven", "authority",
     "Politische Vertretung der Menschen mit Einwanderungsgeschichte in Greven.", ""),
    ("Lengerich", "Diakonie Beratungsstelle Lengerich", "advice_centre",
     "Sozialberatung, Schuldnerberatung, Beratung für Geflüchtete.", "Frau Yilmaz"),
]

EVENTS = [
    # (organisation index, title, kind, days ahead, hour, municipality, languages, published)
    (-1, "Sprachcafé Arabisch–Deutsch", "meeting", 9, 16, "Rheine", ["ar", "de"], True),
    (1, "Tag der offenen Moschee", "open_day", 24, 11, "Ibbenbüren", ["de", "tr"], True),
    (3, "Afrikanisches Sommerfest", "festival", 38, 14, "Greven", ["de", "fr", "en"], True),
    (4, "Elternabend: Schule in Deutschland", "course", 45, 18, "Steinfurt", ["de", "pl"], True),
    (0, "Interkulturelles Sommerfest", "festival", 60, 12, "Rheine", ["de", "tr"], True),
    (2, "Beratungstag für Familien", "open_day", 75, 10, "Emsdetten", ["ar", "ku", "de"], True),
    (5, "Eritreisches Neujahrsfest", "festival", 95, 15, "Lengerich", ["ti", "de"], False),
]


def _at(days, hour, minute=0):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _extra_organisation():
    name, town, org_type = EXTRA_ORGANISATION
    municipality = Municipality.objects.get(name=town)
    organisation, _created = Organisation.objects.get_or_create(name=name, defaults={
        "legal_form": "ev", "register_court": "Amtsgericht Steinfurt", "register_number": "VR 1400",
        "is_charitable": True, "street": "Dorenkamp 12", "postcode": "48431", "city": town,
        "municipality": municipality, "org_type": org_type, "member_count": 25, "migrant_share_percent": 90,
        "contact_name": "Vorstand", "email": "freundeskreis-rheine@demo.example",
    })
    return organisation


def _representative(organisation):
    membership = Membership.objects.filter(organisation=organisation, role="representative").select_related("user")
    return membership.first().user if membership.exists() else None


def _profiles(organisations, user):
    categories = {c.slug: c for c in OfferCategory.objects.all()}
    languages = {language.code: language for language in Language.objects.all()}
    for index, (published, text, offers, translation, spoken, place, times, religion) in PROFILES.items():
        organisation = organisations[index]
        if Profile.objects.filter(organisation=organisation).exists():
            continue
        profile = Profile(organisation=organisation, display_name=organisation.name,
                          municipality_id=organisation.municipality_id)
        values = {"description": text, "meeting_place": place, "meeting_times": times,
                  "show_religion": bool(religion), "religion": religion, "contact_enabled": True}
        representative = _representative(organisation) or user
        profile_save(profile=profile, user=representative, values=values,
                     offers=[categories[slug] for slug in offers],
                     languages=[languages[code] for code in spoken],
                     translation_languages=[languages[code] for code in translation])
        if published:
            profile_publish(profile=profile, user=representative)


def _partners():
    for town, name, kind, offer, contact in PARTNERS:
        Partner.objects.get_or_create(name=name, defaults={
            "municipality": Municipality.objects.get(name=town), "kind": kind, "offer": offer,
            "contact_name": contact, "email": f"{kind.replace('_', '-')}@{town.lower()}.demo.example",
            "phone": "05971 000000",
        })


def _events(organisations, staff):
    languages = {language.code: language for language in Language.objects.all()}
    for index, title, kind, days, hour, town, codes, published in EVENTS:
        organisation = organisations[index]
        if Event.objects.filter(organisation=organisation, title=title).exists():
            continue
        user = _representative(organisation) or staff
        event = events.event_create(organisation=organisation, user=user, languages=[languages[c] for c in codes],
                                    values={
                                        "title": title, "kind": kind, "starts_at": _at(days, hour),
                                        "ends_at": _at(days, hour + 3), "place": "Marktplatz 1",
                                        "municipality": Municipality.objects.get(name=town), "open_to_all": True,
                                        "description": f"{title}: Alle sind herzlich eingeladen. "
                                                       "Der Eintritt ist frei.",
                                    })
        if published:
            events.event_moderate(event=event, user=staff, approve=True)


def _past_meeting(meeting, organisations, staff):
    """Invitations, check-in, minutes with agreements, published as PDF."""
    present = {0: 2, 1: 1, 2: 3, 4: 1, 5: 2, 9: 1, -1: 1}
    for index, organisation in organisations.items():
        came = index in present
        MeetingInvitation.objects.create(
            meeting=meeting, organisation=organisation, sent_at=meeting.starts_at - timedelta(days=30),
            answer=Answer.YES if came else Answer.NO, people=present.get(index, 0),
            answered_at=meeting.starts_at - timedelta(days=10),
            checked_in_at=meeting.starts_at if came else None, attended_people=present.get(index, 0),
        )
    for title in ("Begrüßung durch die Leiterin des Kommunalen Integrationszentrums",
                  "Die Sonderförderung MSO 2017/2018", "Angebote der Vereine: Runde", "Vernetzung vor Ort"):
        meetings.agenda_item_add(meeting=meeting, user=staff, title=title, description="")
    meetings.minutes_save(meeting=meeting, user=staff, text=(
        "Frau Schmidt begrüßt die Vereine im Kreishaus und stellt die Sonderförderung vor.\n"
        "Die Vereine berichten von ihren Angeboten: Hilfe im Alltag, Übersetzung, Sport, Kultur, Religion "
        "und jährliche Begegnungsfeste für alle.\n"
        "In Rheine, Emsdetten und Ibbenbüren sind die Vereine gut mit Stadt und Initiativen vernetzt, in "
        "anderen Kommunen noch nicht. Die Vereine möchten als Akteure der Integrationsarbeit gesehen werden "
        "und sich an der Kommunalpolitik beteiligen.\n"
        "Das Integrationszentrum bietet regelmäßige Netzwerktreffen und diese Plattform an."
    ))
    for responsible, text, days, done in (
        (organisations[0], "Liste der ehrenamtlichen Sprachmittlerinnen und Sprachmittler (Türkisch, Arabisch) "
                           "für den Kreis zusammenstellen", 20, False),
        (organisations[1], "Termin für den Tag der offenen Moschee an alle Vereine schicken", 10, False),
        (None, "Leitfaden zur Sonderförderung in einfacher Sprache an alle Vereine senden", -30, True),
    ):
        agreement = meetings.agreement_add(meeting=meeting, user=staff, values={
            "text": text, "responsible": responsible, "responsible_text": "" if responsible else "KI",
            "due_on": timezone.localdate() + timedelta(days=days)})
        if done:
            meetings.agreement_done(agreement=agreement, user=staff)
    meetings.minutes_publish(meeting=meeting, user=staff)


def _upcoming_meeting(meeting, organisations, staff):
    """Agenda, e-mail invitations and some answers; verein1 has not answered yet."""
    for title in ("Begrüßung und Rückblick auf das letzte Treffen", "Förderaufruf: Fragen und Antworten",
                  "Partner vor Ort stellen sich vor"):
        meetings.agenda_item_add(meeting=meeting, user=staff, title=title, description="")
    meetings.meeting_invite(meeting=meeting, user=staff)
    languages = {language.code: language for language in Language.objects.all()}
    answers = {1: ("yes", 2, "tr", False, False), 2: ("yes", 3, "ar", False, True), 3: ("maybe", 1, None, False, False),
               5: ("no", 0, None, False, False), 6: ("yes", 2, None, True, True)}
    for index, (answer, people, language, access, childcare) in answers.items():
        invitation = meeting.invitations.get(organisation=organisations[index])
        meetings.invitation_answer(invitation=invitation, user=_representative(organisations[index]), values={
            "answer": answer, "people": people, "interpreting": languages.get(language), "accessibility": access,
            "childcare": childcare, "needs_note": ""})
    proposer = meeting.invitations.get(organisation=organisations[2])
    meetings.agenda_propose(invitation=proposer, user=None, title="Ehrenamtliche Sprachmittlung: Versicherung "
                            "und Aufwandsentschädigung", description="Wie sind Ehrenamtliche versichert?")


def _consultation(organisations, staff):
    consultation = consultations.consultation_save(
        consultation=Consultation(), user=staff,
        values={"title": "Integrationskonzept des Kreises Steinfurt: Ihre Meinung", "deadline": _at(30, 23, 59),
                "text": "Der Kreis schreibt sein Integrationskonzept fort. Bevor der Kreistag entscheidet, "
                        "möchten wir wissen, was aus Sicht der Vereine wichtig ist."},
        questions=["Was läuft in Ihrer Kommune gut?", "Wo brauchen Sie mehr Unterstützung?",
                   "Wie möchten Sie an der Kommunalpolitik beteiligt werden?"],
    )
    consultations.consultation_open(consultation=consultation, user=staff)
    first = consultation.questions.first()
    consultations.statement_save(consultation=consultation, organisation=organisations[1],
                                 user=_representative(organisations[1]), text="Wir wünschen uns feste Ansprechpartner.",
                                 answers={str(first.pk): "Die Zusammenarbeit mit der Stadt ist gut."})


def seed(*, users, organisations):
    """Everything the exchange demo needs; ``organisations`` as created by seed_demo."""
    staff = users["leitung"]
    with transaction.atomic():
        by_index = dict(enumerate(organisations))
        by_index[-1] = _extra_organisation()
        _profiles(by_index, staff)
        _partners()
        _events(by_index, staff)
        if MeetingSeries.objects.filter(title=SERIES_TITLE).exists():
            return
        first = meetings.meeting_create(
            user=staff, municipalities=[], repeat=3, interval_months=6,
            values={"title": SERIES_TITLE, "starts_at": _at(-150, 17), "ends_at": _at(-150, 20),
                    "place": "Kreishaus Steinfurt, Tecklenburger Straße 10, Sitzungssaal", "district_wide": True,
                    "invite_partners": True, "proposals_until": _at(-157, 23, 59),
                    "description": "Austausch der Vereine untereinander und mit dem Integrationszentrum."},
        )
        _past_meeting(first, by_index, staff)
        upcoming = first.series.meetings.exclude(pk=first.pk).order_by("starts_at").first()
        _upcoming_meeting(upcoming, by_index, staff)
        _consultation(by_index, staff)
