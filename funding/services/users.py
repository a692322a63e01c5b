"""User accounts that appear in records are deactivated, never deleted."""

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models.deletion import ProtectedError
from django.utils.translation import gettext as _


def _record_relations():
    """Every relation from a record to the user model that does not cascade.

    Cascading relations (memberships, second-factor devices, group links)
    belong to the account itself; the others (created by, decided by, the
    transition log, the change history …) are records about what a person did.
    """
    return [
        relation
        for relation in get_user_model()._meta.related_objects
        if relation.on_delete is not models.CASCADE and not relation.many_to_many
    ]


def user_record_references(user):
    """Querysets of the records that name ``user``; empty when the account may go."""
    found = []
    for relation in _record_relations():
        queryset = relation.related_model._base_manager.filter(**{relation.field.name: user})
        if queryset.exists():
            found.append(queryset)
    return found


def user_appears_in_records(user):
    return bool(user_record_references(user))


def protect_users_in_records(sender, instance, **kwargs):
    """pre_delete guard: raises ProtectedError for a user who appears in records.

    PROTECT on the project's own foreign keys already stops the deletion;
    this also covers the transition log (django-fsm-log) and the change
    history, whose foreign keys to the user are SET_NULL in their libraries.
    """
    references = user_record_references(instance)
    if references:
        objects = {obj for queryset in references for obj in queryset[:10]}
        raise ProtectedError(
            _("Dieses Konto erscheint in Akten und kann nur deaktiviert, nicht gelöscht werden."), objects
        )


def user_deactivate(*, user, by):
    """Closes the account; the records keep naming the person."""
    with transaction.atomic():
        get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    return user
