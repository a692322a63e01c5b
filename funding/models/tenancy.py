"""Staff roles held per authority (the source of truth for who may do what where)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from funding.roles import STAFF_ROLES


class StaffRole(models.Model):
    """One role of one person in one authority; a person can review in one and be nobody in another."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles", verbose_name=_("Person")
    )
    authority = models.ForeignKey(
        "funding.Authority", on_delete=models.CASCADE, related_name="staff_roles", verbose_name=_("Behörde")
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=[(name, name) for name in STAFF_ROLES])

    class Meta:
        verbose_name = _("Rolle in einer Behörde")
        verbose_name_plural = _("Rollen in Behörden")
        constraints = [models.UniqueConstraint(fields=["user", "authority", "role"], name="staff_role_unique")]

    def __str__(self):
        return f"{self.role} · {self.authority}"
