from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Förderung")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_delete

        import funding.letterkinds  # noqa: F401 - declares the letter kinds and their text blocks
        from funding.languages import on_login
        from funding.records import ensure_sqlite_triggers, register_sqlite_function
        from funding.services.users import protect_users_in_records
        from funding.texts import install_first_versions

        connection_created.connect(register_sqlite_function, dispatch_uid="mso_records_unlocked")
        post_migrate.connect(ensure_sqlite_triggers, sender=self, dispatch_uid="mso_sqlite_triggers")
        post_migrate.connect(install_first_versions, sender=self, dispatch_uid="mso_letter_texts")

        pre_delete.connect(protect_users_in_records, sender=get_user_model(), dispatch_uid="protect_users_in_records")
        user_logged_in.connect(on_login, dispatch_uid="mso_language_on_login")
