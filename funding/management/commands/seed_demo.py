"""Loads the demo: authority, call, organisations, users and ~40 applications.

Idempotent: a second run finds everything in place and changes nothing.
Refused when DEBUG is off, so demo logins never reach production.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from applicants.models import Membership, Municipality, Organisation, RegisterCourt
from exchange import demo as exchange_demo
from funding import demo
from funding.models import (
    Authority, FundingCall, FundingLine, FundingProgramme, ScoreCriterion, StaffRole, StandardReason,
)
from funding.seeding import ApplicationSeeder

# (state to reach, how many) — every state of the workflow appears.
PLAN = [
    ("draft", 4), ("submitted", 4), ("in_review", 4), ("changes_requested", 3), ("approved", 6),
    ("rejected", 3), ("withdrawn", 2), ("proof_submitted", 4), ("proof_changes_requested", 2),
    ("final_payment_due", 1), ("hearing", 1), ("recovery_pending", 2), ("closed", 6),
]


# verein1 (organisation 0) and verein2 (organisation 1) get applications in
# the states a demo walks through; the others share the rest.
DEMO_OWNERS = {0: 0, 4: 0, 12: 0, 15: 0, 30: 0, 34: 0, 1: 1, 8: 1, 16: 1, 21: 1, 26: 1}


# Assisted applications (filed by pruefung): organisations without a demo login of their own.
ASSISTED_OWNERS = (6, 7)


def _owner(index):
    return DEMO_OWNERS.get(index, 2 + index % 10)


class Command(BaseCommand):
    help = "Lädt die Demodaten (nur mit DEBUG=1)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo läuft nur mit DEBUG=1: Demo-Zugänge gehören nicht in den Betrieb.")
        with transaction.atomic():
            call = self._reference_data()
            users = self._users()
            organisations = self._organisations(users)
            exchange_demo.seed(users=users, organisations=organisations)
            second_call = self._second_authority(users, organisations)
            if call.applications.exists():
                self.stdout.write("Demodaten sind bereits vorhanden.")
                return
            seeder = ApplicationSeeder(call, users, random.Random(2017))
            states = [state for state, count in PLAN for _ in range(count)]
            for index, state in enumerate(states):
                seeder.create(organisations[_owner(index)], state, index)
            # A grant drawn too early: the Anhörung and the Zinsbescheid on interest for late use.
            seeder.late_use(organisations[_owner(len(states))], len(states) + 1)
            # Filed by the KI for an organisation: confirmed in person, and one whose e-mail link is still unused.
            seeder.assisted(organisations[ASSISTED_OWNERS[0]], len(states) + 2, in_person=True)
            seeder.assisted(organisations[ASSISTED_OWNERS[1]], len(states) + 3, in_person=False)
            seeder.finish()
            self._second_applications(second_call, users, organisations)
        self.stdout.write(self.style.SUCCESS("Demodaten geladen."))

    def _reference_data(self):
        authority, _ = Authority.objects.get_or_create(name=demo.AUTHORITY["name"], defaults=demo.AUTHORITY)
        # The 24 municipalities of the district are Kreis Steinfurt's (the demo default).
        Municipality.objects.filter(authority__isnull=True).exclude(name=demo.SECOND_MUNICIPALITY["name"]).update(
            authority=authority
        )
        self._register_courts(authority, demo.REGISTER_COURTS)
        return self._call(authority, "Förderung von Migrantenselbstorganisationen",
                          "Richtlinie des Kreises Steinfurt zur Sonderförderung MSO", demo.CALL)

    def _register_courts(self, authority, names):
        for order, name in enumerate(names):
            RegisterCourt.objects.get_or_create(authority=authority, name=name, defaults={"order": order})

    def _call(self, authority, programme_name, guideline, fields):
        programme, _ = FundingProgramme.objects.get_or_create(
            name=programme_name, defaults={"authority": authority, "guideline": guideline},
        )
        call, created = FundingCall.objects.get_or_create(
            reference_prefix=fields["reference_prefix"], defaults={**fields, "programme": programme}
        )
        if created:
            for order, (name, description, minimum, maximum, rate, financing) in enumerate(demo.LINES):
                FundingLine.objects.create(
                    call=call, name=name, description=description, min_grant=Decimal(minimum),
                    max_grant=Decimal(maximum), max_rate_percent=Decimal(rate), financing_type=financing, order=order,
                )
            for order, (name, weight) in enumerate(demo.CRITERIA):
                ScoreCriterion.objects.create(call=call, name=name, weight=Decimal(weight), order=order)
            for order, (title, text) in enumerate(demo.STANDARD_REASONS):
                StandardReason.objects.create(call=call, title=title, text=text, order=order)
        return call

    def _users(self):
        User = get_user_model()
        users = {}
        steinfurt = Authority.objects.get(name=demo.AUTHORITY["name"])
        for username, first, last, group in demo.STAFF_USERS:
            users[username] = self._user(User, username, first, last)
            self._role(users[username], steinfurt, group)
        users["verein1"] = self._user(User, "verein1", "Ayşe", "Yılmaz")
        users["verein2"] = self._user(User, "verein2", "Samir", "Haddad")
        admin = self._user(User, "admin", "Ada", "Admin")
        if not admin.is_superuser:
            admin.is_superuser = admin.is_staff = True
            admin.save()
        users["admin"] = admin
        return users

    def _role(self, user, authority, role):
        """The role in that authority only (the group is kept for the admin's lists)."""
        user.groups.add(Group.objects.get(name=role))
        StaffRole.objects.get_or_create(user=user, authority=authority, role=role)

    def _second_authority(self, users, organisations):
        """Stadt Musterstadt: its own authority, call, municipality, organisation and staff (pruefung2, …)."""
        authority, _ = Authority.objects.get_or_create(name=demo.SECOND_AUTHORITY["name"], defaults=demo.SECOND_AUTHORITY)
        Municipality.objects.get_or_create(
            name=demo.SECOND_MUNICIPALITY["name"], defaults={**demo.SECOND_MUNICIPALITY, "authority": authority}
        )
        self._register_courts(authority, demo.SECOND_REGISTER_COURTS)
        call = self._call(authority, demo.SECOND_PROGRAMME, "Richtlinie der Stadt Musterstadt zum Integrationsfonds",
                          demo.SECOND_CALL)
        User = get_user_model()
        for username, first, last, role in demo.SECOND_STAFF_USERS:
            users[username] = self._user(User, username, first, last)
            self._role(users[username], authority, role)
        name, town, org_type = demo.SECOND_ORGANISATION
        municipality = Municipality.objects.get(name=town)
        index = len(demo.ORGANISATIONS)
        organisation, _ = Organisation.objects.get_or_create(
            name=name, defaults=_organisation_fields(index, municipality, org_type)
        )
        organisations.append(organisation)
        return call

    def _second_applications(self, call, users, organisations):
        if call.applications.exists():
            return
        staff = {**users, "pruefung": users["pruefung2"], "leitung": users["leitung2"], "kasse": users["kasse2"]}
        seeder = ApplicationSeeder(call, staff, random.Random(2026))
        for index, (state, owner) in enumerate(demo.SECOND_PLAN):
            seeder.create(organisations[owner], state, 100 + index)
        seeder.finish()

    def _user(self, User, username, first, last):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.example"},
        )
        if created:
            user.set_password(demo.DEMO_PASSWORD)
            user.save()
        return user

    def _organisations(self, users):
        organisations = []
        for index, (name, town, org_type) in enumerate(demo.ORGANISATIONS):
            municipality = Municipality.objects.get(name=town)
            organisation, _ = Organisation.objects.get_or_create(
                name=name,
                defaults=_organisation_fields(index, municipality, org_type),
            )
            organisations.append(organisation)
        Membership.objects.get_or_create(
            user=users["verein1"], organisation=organisations[0], defaults={"role": "representative"}
        )
        Membership.objects.get_or_create(
            user=users["verein2"], organisation=organisations[1], defaults={"role": "representative"}
        )
        return organisations


def _organisation_fields(index, municipality, org_type):
    today = date.today()
    return {
        "legal_form": "ev",
        "register_court": "Amtsgericht Steinfurt",
        "register_number": f"VR {1200 + index}",
        "is_charitable": True,
        "charitable_notice_date": today - timedelta(days=400 + index * 30),
        # One organisation's exemption notice expires soon, to show the warning.
        "charitable_valid_until": today + timedelta(days=20 if index == 3 else 900),
        "street": f"Bahnhofstraße {index + 3}",
        "postcode": "48431" if municipality.name == "Rheine" else "48565",
        "city": municipality.name,
        "municipality": municipality,
        "org_type": org_type,
        "offers": ["everyday_help", "culture", "festivals"] if index % 2 else ["translation", "language", "sports"],
        "member_count": 30 + index * 7,
        "migrant_share_percent": 70 + index % 25,
        "contact_name": "Vorstand",
        "email": f"verein{index + 1}@demo.example",
        "phone": f"05971 {100200 + index}",
        "account_holder": "Vereinskonto",
        "iban": "DE89370400440532013000",
        "is_verified": index % 3 != 2,
    }
