"""Which languages a page speaks, and the one a user chose.

Applicant pages (portal, registration, account, the exchange platform's
public and member pages, e-mails to applicants) speak German, English,
Turkish, Arabic (right to left) and Ukrainian; the staff workspace speaks
German and English (``STAFF_LANGUAGES``). On the first visit the browser's
``Accept-Language`` picks one (Django's ``LocaleMiddleware``); the switch in
every page header stores the choice in a cookie, in the session and, for a
signed-in user, in ``UserPreference``, which wins from the next sign-in on
and decides the language of that user's e-mails. Letters stay German.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real

STAFF_LANGUAGES = ("de", "en")
RTL_LANGUAGES = ("ar",)
SESSION_KEY = "language"
# URL prefixes of the staff workspace; there only STAFF_LANGUAGES are offered.
# The open data pages and the API documentation speak German and English too.
STAFF_PREFIXES = ("/sachbearbeitung/", "/berichte/", "/admin/", "/austausch/ki/", "/offene-daten/", "/api/")


def applicant_languages():
    return [code for code, _name in settings.LANGUAGES]


def is_staff_path(path):
    return path.startswith(STAFF_PREFIXES)


def offered_languages(request, *, staff=False):
    """(code, name in its own language) for the switch on this page."""
    codes = STAFF_LANGUAGES if staff or is_staff_path(request.path) else applicant_languages()
    return [(code, translation.get_language_info(code)["name_local"]) for code in codes]


def is_rtl(language=None):
    return (language or translation.get_language() or "de").split("-")[0] in RTL_LANGUAGES


def user_language(user, default="de"):
    """The language ``user`` chose, or ``default``."""
    preference = getattr(user, "preference", None) if user is not None and user.pk else None
    return preference.language if preference else default


def remember(request, user, language):
    """Stores ``language`` as the user's choice (account and session)."""
    from funding.models import UserPreference

    request.session[SESSION_KEY] = language
    if user.is_authenticated:
        UserPreference.objects.update_or_create(user=user, defaults={"language": language})


def on_login(sender, request, user, **kwargs):
    """At sign-in the account's language wins; a new account keeps the one in use."""
    from funding.models import UserPreference

    current = translation.get_language() or settings.LANGUAGE_CODE
    preference, _created = UserPreference.objects.get_or_create(user=user, defaults={"language": current})
    request.session[SESSION_KEY] = preference.language


# Plural numbers on which two catalogs' plural rules must agree to be merged (the rules look at n % 100 at most).
_PLURAL_PROBE = range(1000)


def compact_catalogs(language):
    """Merges the message catalogs of ``language`` that Django keeps apart, so a lookup reads one dict.

    Django keeps one catalog per installed app whose plural rule differs from
    the previous one's, and its test for "the same rule" never holds, so
    German had twelve catalogs: a German msgid of this project (which no
    catalog holds) raised and caught a ``KeyError`` in each of them, about
    12 µs per ``{% translate %}``, over 1 ms on a staff page. Neighbouring
    catalogs whose rules give the same plural form for every number are
    merged in their order (an earlier catalog's entry wins, as in the lookup),
    so every lookup returns what it returned before. Done once per
    translation object; the new catalog replaces the old one in one step, so
    a lookup in another thread sees either. Relies on Django's
    ``TranslationCatalog`` (docs/decisions.md); anything else is left alone.
    """
    trans = trans_real.translation(language)
    while isinstance(trans, trans_real.DjangoTranslation) and not getattr(trans, "_compacted", False):
        catalog = trans._catalog
        if isinstance(catalog, trans_real.TranslationCatalog) and len(catalog._catalogs) > 1:
            trans._catalog = _merged(catalog)
        trans._compacted = True
        trans = trans._fallback


def _merged(catalog):
    groups = []  # [(plural, signature, [catalogs, earliest first])]
    for entries, plural in zip(catalog._catalogs, catalog._plurals):
        signature = tuple(plural(n) for n in _PLURAL_PROBE)
        if groups and groups[-1][1] == signature:
            groups[-1][2].append(entries)
        else:
            groups.append((plural, signature, [entries]))
    merged = trans_real.TranslationCatalog()
    merged._catalogs, merged._plurals = [], []
    for plural, _signature, members in groups:
        entries = {}
        for member in reversed(members):  # the earlier catalog's entry wins
            entries.update(member)
        merged._catalogs.append(entries)
        merged._plurals.append(plural)
    return merged


class UserLanguageMiddleware:
    """Activates the signed-in user's language; staff pages fall back to German.

    Reads the session, which authentication loads anyway: no extra query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if language not in applicant_languages():
            language = request.LANGUAGE_CODE
        if is_staff_path(request.path) and language not in STAFF_LANGUAGES:
            language = settings.LANGUAGE_CODE
        if language != request.LANGUAGE_CODE:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        compact_catalogs(translation.get_language())
        return self.get_response(request)
