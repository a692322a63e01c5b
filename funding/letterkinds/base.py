"""What every letter kind shares: the registry, the common parts, signature and annexes.

A letter kind (``LetterKind``) names its template, the configured text
blocks it uses, how its data is loaded from the database (``objects``),
unsaved sample data of the same shape (``sample_objects``, used to validate a
text before it is saved), and how the template context is made from that
data (``context``, no queries). ``build_context`` adds what every letter
gets: the filled-in text blocks, the signature and the numbered annexes.
See docs/letters.md.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.formats import date_format

from funding import texts
from funding.amounts import format_eur
from funding.letterkinds.address import address_field
from funding.texts import block, placeholder

KINDS = {}


def register(kind):
    """Adds a ``LetterKind`` instance to the registry; its name is its ``Letter.Kind`` value."""
    if kind.name in KINDS:
        raise ImproperlyConfigured(f"letter kind {kind.name!r} registered twice")
    unknown = [key for key in kind.blocks if key not in texts.BLOCKS]
    if unknown:
        raise ImproperlyConfigured(f"letter kind {kind.name!r} uses undeclared text blocks {unknown}")
    KINDS[kind.name] = kind
    return kind


def kind(name):
    return KINDS[name]


@dataclass
class Signature:
    """The signature block (§ 37 Abs. 3 VwVfG NRW): who signs, on whose behalf."""

    name: str
    title: str = ""
    principal: str = ""  # e.g. "Der Landrat", printed above "Im Auftrag"
    on_behalf: bool = True  # "Im Auftrag"
    note: str = ""  # e.g. that a machine-made letter is valid without a signature


@dataclass
class Annex:
    """An annex named in the letter's list and, with a template, printed on pages of its own."""

    title: str
    template: str = ""
    context: dict = field(default_factory=dict)
    css_class: str = ""  # e.g. a named page of letter.css
    number: int = 0


class LetterKind:
    """Base of every letter kind; subclasses set the attributes and the three methods."""

    name = ""  # the Letter.Kind value; template letters/<name>.html
    title = ""  # what the letter is called, e.g. "Zuwendungsbescheid"
    noun = "Schreiben"  # how annexes refer to it: "Anlage 1 zum Schreiben vom …"
    blocks = ()  # keys of the configured text blocks (funding.texts) the template uses

    def objects(self, application, **given):
        """The letter's data from the database: a dict for ``context``."""
        return common_objects(application, **given)

    def sample_objects(self):
        """Unsaved data of the same shape, for checking a text before it is saved."""
        from funding.letterkinds import samples

        return samples.common()

    def context(self, **objects):
        """The template context, made from ``objects`` without any query."""
        return common_context(**objects)

    def signature(self, context):
        return signature_of(context["authority"], context.get("signed_by"))

    def annexes(self, context):
        return []

    def used_blocks(self, context):
        """The blocks this letter shows (of ``blocks``), e.g. only the text of the line's financing type."""
        return self.blocks

    @property
    def template(self):
        return self.name


def build_context(kind_name, overrides=None, **objects):
    """The full context of a letter: the kind's context, its texts, signature and annexes.

    ``overrides`` maps block keys to candidate texts (validation only).
    """
    letter_kind = KINDS[kind_name]
    context = letter_kind.context(**objects)
    context["kind"] = letter_kind
    used = letter_kind.used_blocks(context)
    context["texts"], versions = texts.resolve(used, context["letter_date"], context, overrides)
    context["signature"] = letter_kind.signature(context)
    annexes = letter_kind.annexes(context)
    for number, annex in enumerate(annexes, start=1):
        annex.number = number
    context["annexes"] = annexes
    context["text_versions"] = versions
    return context


def context_for(kind_name, application, **given):
    """``build_context`` from the database rows of ``application`` (and ``given`` objects)."""
    return build_context(kind_name, **KINDS[kind_name].objects(application, **given))


def validate_text(key, text):
    """Why ``text`` cannot be saved as block ``key``: syntax, placeholders, and every letter using it rendered with sample data."""
    from funding import letters

    found = texts.problems(key, text)
    if found:
        return found
    users = [letter_kind for letter_kind in KINDS.values() if key in letter_kind.blocks]
    try:
        for letter_kind in users:
            context = build_context(letter_kind.name, overrides={key: text}, **letter_kind.sample_objects())
            texts.fill(key, text, context)  # also where this sample letter does not show the block
            letters.render_letter_html(letter_kind.template, context)
    except Exception as exc:  # noqa: BLE001 - any failure is a reason not to save the text
        return [f"{type(exc).__name__}: {exc}"]
    return []


# --- Common parts of every letter ------------------------------------------------------


def representative_of(organisation):
    """The organisation's first representative (user), or None."""
    if organisation.pk is None:
        return None
    membership = organisation.memberships.filter(role="representative").select_related("user").order_by("pk").first()
    return membership.user if membership else None


def common_objects(application, **given):
    organisation = application.organisation
    return {
        "application": application,
        "representative": given.pop("representative", None) or representative_of(organisation),
        "letter_date": given.pop("letter_date", None) or timezone.localdate(),
        **given,
    }


def addressee_lines(organisation, representative_name):
    """Anschriftzone (DIN 5008): name, "z. Hd." line, street, postcode and town."""
    lines = [organisation.name]
    if representative_name:
        lines.append(f"z. Hd. {representative_name}")
    return [*lines, organisation.street, f"{organisation.postcode} {organisation.city}"]


def person_name(user):
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def common_context(*, application, representative=None, letter_date, signed_by=None, **extra):
    organisation = application.organisation
    authority = application.call.programme.authority
    representative_name = person_name(representative)
    submitted = application.submitted_at
    return {
        "application": application,
        "organisation": organisation,
        "authority": authority,
        "programme": application.call.programme,
        "call": application.call,
        "line": application.line,
        "file_reference": application.file_reference,
        "letter_date": letter_date,
        "addressee_lines": addressee_lines(organisation, representative_name),
        "address_field": address_field(authority, organisation, representative_name),
        "representative_name": representative_name,
        "contact_name": authority.contact_name,
        "contact_phone": authority.contact_phone,
        "contact_email": authority.contact_email,
        "submitted_on": timezone.localdate(submitted) if submitted else None,
        "signed_by": signed_by,
        **extra,
    }


def signature_of(authority, user):
    """Who signs: the person who decided, or the configured signatory they act for (§ 37 Abs. 3 VwVfG NRW)."""
    if authority.letters_signed_by_signatory or user is None:
        return Signature(name=authority.signatory_name, title=authority.signatory_title, principal=authority.signature_principal)
    return Signature(name=person_name(user), principal=authority.signature_principal)


def day(value):
    return date_format(value, "d.m.Y") if value else ""


def euro(value):
    return format_eur(value) if value is not None else ""


# --- Placeholders every letter can fill -----------------------------------------------

placeholder("authority_name", "Name der Bewilligungsbehörde")(lambda c: c["authority"].name)
placeholder("court_name", "Zuständiges Gericht")(lambda c: c["authority"].court_name)
placeholder("court_address", "Anschrift des Gerichts")(lambda c: c["authority"].court_address)
placeholder("contact_name", "Ansprechperson der Behörde")(lambda c: c["contact_name"])
placeholder("contact_phone", "Telefon der Ansprechperson")(lambda c: c["contact_phone"])
placeholder("contact_email", "E-Mail der Ansprechperson")(lambda c: c["contact_email"])


@placeholder("contact", "Ansprechperson mit Telefon und E-Mail, soweit angegeben")
def _contact(c):
    """“Frau Beispiel (Telefon …, E-Mail …)”: only what the authority configured, never an empty “Telefon ,”."""
    reach = [f"{label} {value}" for label, value in (("Telefon", c["contact_phone"]), ("E-Mail", c["contact_email"])) if value]
    name = c["contact_name"] or c["authority"].name
    return f"{name} ({', '.join(reach)})" if reach else name
placeholder("file_reference", "Aktenzeichen")(lambda c: c["file_reference"])
placeholder("letter_date", "Datum des Schreibens")(lambda c: day(c["letter_date"]))
placeholder("submitted_on", "Datum des Antrags (Eingang)")(lambda c: day(c["submitted_on"]))
placeholder("legal_basis", "Rechtsgrundlage des Programms")(lambda c: c["programme"].legal_basis)
placeholder("guideline", "Förderrichtlinie des Programms")(lambda c: c["programme"].guideline)
placeholder("call_name", "Name des Förderaufrufs")(lambda c: c["call"].name)
placeholder("project_title", "Titel des Projekts")(lambda c: c["application"].title)
placeholder("organisation_name", "Name des Vereins")(lambda c: c["organisation"].name)
placeholder("requested_amount", "Beantragter Betrag")(lambda c: euro(c["application"].requested_amount))

REMEDY = block(
    "remedy",
    "Rechtsbehelfsbelehrung",
    "Gegen diesen Bescheid kann innerhalb eines Monats nach seiner Bekanntgabe Klage erhoben werden. "
    "Die Klage ist beim {court_name}, {court_address}, schriftlich oder zur Niederschrift der Urkundsbeamtin "
    "oder des Urkundsbeamten der Geschäftsstelle zu erheben.\n\n"
    "Die Klage kann auch durch Übertragung eines elektronischen Dokuments an die elektronische Poststelle des "
    "Gerichts erhoben werden. Das elektronische Dokument muss für die Bearbeitung durch das Gericht geeignet "
    "sein und mit einer qualifizierten elektronischen Signatur der verantwortenden Person versehen sein oder von "
    "ihr signiert und auf einem sicheren Übermittlungsweg gemäß § 55a Abs. 4 der Verwaltungsgerichtsordnung "
    "(VwGO) eingereicht werden. Die für die Übermittlung und Bearbeitung geltenden technischen "
    "Rahmenbedingungen bestimmen sich nach der Elektronischer-Rechtsverkehr-Verordnung (ERVV).",
    placeholders=("court_name", "court_address"),
    help="Klage beim Verwaltungsgericht (in NRW kein Widerspruchsverfahren). Eine fehlerhafte Belehrung "
    "verlängert die Klagefrist auf ein Jahr (§ 58 Abs. 2 VwGO).",
)
