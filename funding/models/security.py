"""Records of security-relevant actions by administrators."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SecondFactorReset(models.Model):
    """An administrator removed every second factor of a user (lost phone)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="second_factor_resets", verbose_name=_("Person")
    )
    reset_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("Zurückgesetzt von")
    )
    reset_at = models.DateTimeField(_("Zurückgesetzt am"), default=timezone.now)
    devices = models.TextField(_("Entfernte Geräte"), blank=True)

    class Meta:
        ordering = ["-reset_at", "-pk"]
        verbose_name = _("Zurücksetzung des zweiten Faktors")
        verbose_name_plural = _("Zurücksetzungen des zweiten Faktors")

    def __str__(self):
        return f"{self.user} ({self.reset_at:%d.%m.%Y %H:%M})"
