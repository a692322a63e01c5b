from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Förderung")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_delete

        from funding.services.users import protect_users_in_records

        pre_delete.connect(protect_users_in_records, sender=get_user_model(), dispatch_uid="protect_users_in_records")
