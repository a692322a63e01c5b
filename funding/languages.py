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
        return self.get_response(request)
