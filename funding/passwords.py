"""Django's password rules with their messages in the project's catalogues.

Django's own catalogues lag behind its messages in some languages (Arabic
shows the German fallback for "too short"); the applicant reads every
refusal in their language, so the messages are ours.
"""

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "Das Passwort ist zu kurz. Es braucht mindestens %d Zeichen.",
            "Das Passwort ist zu kurz. Es braucht mindestens %d Zeichen.",
            self.min_length,
        ) % self.min_length


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return _("Das Passwort ist Ihren Angaben zu ähnlich (%(verbose_name)s).")


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self):
        return _("Dieses Passwort ist zu bekannt und leicht zu erraten.")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self):
        return _("Das Passwort besteht nur aus Ziffern.")
