"""What a user chose for themselves: the language of pages and e-mails."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserPreference(models.Model):
    """The language a user reads the portal and their e-mails in."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, primary_key=True, related_name="preference")
    language = models.CharField(_("Sprache"), max_length=8, choices=settings.LANGUAGES, default="de")

    class Meta:
        verbose_name = _("Spracheinstellung")
        verbose_name_plural = _("Spracheinstellungen")

    def __str__(self):
        return f"{self.user_id}: {self.language}"
