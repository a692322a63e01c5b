"""factory-boy factories for the domain."""

from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from applicants.models import Membership, Municipality, Organisation
from funding.models import Application, Authority, CostLine, FundingCall, FundingLine, FundingProgramme, StaffRole


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Erika"
    last_name = "Muster"
    password = factory.django.Password("pw")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """Roles in ``authority=`` (post-generation kwarg ``roles__authority``) or in the default test authority."""
        if not extracted:
            return
        authority = kwargs.get("authority") or AuthorityFactory()
        for name in extracted:
            self.groups.add(Group.objects.get(name=name))
            StaffRole.objects.get_or_create(user=self, authority=authority, role=name)
        self.__dict__.pop("_staff_roles", None)


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority
        django_get_or_create = ("name",)  # one shared default authority; a second one by another name

    name = "Kreis Steinfurt – Der Landrat"
    department = "Kommunales Integrationszentrum"
    street = "Tecklenburger Straße 10"
    postcode = "48565"
    city = "Steinfurt"
    signatory_name = "Lilli Schmidt"
    court_name = "Verwaltungsgericht Münster"
    court_address = "Piusallee 38, 48147 Münster"


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingProgramme

    authority = factory.SubFactory(AuthorityFactory)
    name = "Förderung von Migrantenselbstorganisationen"


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingCall

    programme = factory.SubFactory(ProgrammeFactory)
    name = "Sonderförderung MSO 2017/2018"
    reference_prefix = factory.Sequence(lambda n: "MSO-2017" if n == 0 else f"MSO-T{n}")
    opens_on = date(2017, 7, 1)
    closes_on = date(2030, 12, 31)
    budget = Decimal("100000.00")
    period_start = date(2017, 9, 1)
    period_end = date(2030, 12, 31)


class LineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingLine

    call = factory.SubFactory(CallFactory)
    name = "Einzelprojekt"
    min_grant = Decimal("0.00")
    max_grant = Decimal("15000.00")
    max_rate_percent = Decimal("80.00")
    financing_type = FundingLine.FinancingType.SHARE


def municipality(name="Rheine"):
    return Municipality.objects.get(name=name)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Kulturverein {n} e.V.")
    legal_form = "ev"
    is_charitable = True
    charitable_notice_date = date(2024, 1, 1)
    charitable_valid_until = date(2030, 1, 1)
    street = "Bahnhofstraße 1"
    postcode = "48431"
    city = "Rheine"
    municipality = factory.LazyFunction(municipality)
    org_type = "cultural"
    member_count = 40
    migrant_share_percent = 80
    contact_name = "Vorstand"
    email = factory.Sequence(lambda n: f"verein{n}@example.org")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "representative"


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete, balanced draft: 10.000 € costs, 8.000 € requested."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    line = factory.SubFactory(LineFactory)
    call = factory.LazyAttribute(lambda a: a.line.call)
    organisation = factory.SubFactory(OrganisationFactory)
    title = "Sprachcafé"
    municipality = factory.LazyFunction(municipality)
    start_date = date(2027, 3, 1)
    end_date = date(2027, 11, 30)
    own_funds = Decimal("2000.00")
    requested_amount = Decimal("8000.00")
    declared_truthful = True
    declared_not_started = True
    declared_no_double_funding = True
    declared_data_consent = True

    @factory.post_generation
    def costs(self, create, extracted, **kwargs):
        amount = extracted if extracted is not None else self.own_funds + self.requested_amount
        CostLine.objects.create(application=self, category="fees", description="Honorare", amount=amount)


class ScoreCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "funding.ScoreCriterion"

    call = factory.SubFactory(CallFactory)
    name = factory.Sequence(lambda n: f"Kriterium {n}")
    weight = Decimal("1.00")
    order = factory.Sequence(int)


class StandardReasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "funding.StandardReason"

    call = factory.SubFactory(CallFactory)
    title = "Budget ausgeschöpft"
    text = "Die Haushaltsmittel des Förderaufrufs sind ausgeschöpft."


class DocumentFactory(factory.django.DjangoModelFactory):
    """A standing document of an organisation (a tiny PDF)."""

    class Meta:
        model = "applicants.OrganisationDocument"

    organisation = factory.SubFactory(OrganisationFactory)
    kind = "statutes"
    file = factory.django.FileField(data=b"%PDF-1.4\n%%EOF\n", filename="dokument.pdf")
    original_name = "Satzung.pdf"
    content_type = "application/pdf"
    size = 15


STANDING_DOCUMENTS = ("statutes", "register_extract", "tax_exemption")


def standing_documents(organisation):
    """The standing documents every call of the tests asks for; submission needs them."""
    return [DocumentFactory(organisation=organisation, kind=kind, original_name=f"{kind}.pdf") for kind in STANDING_DOCUMENTS]
