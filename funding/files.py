"""Files written inside a database transaction.

A letter's PDF is written to ``MEDIA_ROOT`` before the row that refers to
it is committed. If that transaction rolls back, the row is gone and the
file would stay behind as an orphan. Django has ``on_commit`` but no
``on_rollback``; what it does on a rollback is drop the callbacks that were
registered inside the rolled-back block (``connection.run_on_commit``).

``delete_unless_committed`` registers an ``on_commit`` callback that only
marks the file as kept, and a ``weakref.finalize`` on that callback: when
Django drops the callback without calling it (the transaction, or the
savepoint it was registered in, rolled back), the finalizer deletes the
file. This works however deeply the write is nested in atomic blocks.
A process killed mid-transaction runs no Python at all; for that case
``manage.py prune_orphan_files`` (a daily timer, see docs/operations.md)
removes files no row refers to.
"""

import logging
import weakref

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


class _Keep:
    """The on_commit callback; called means committed."""

    def __init__(self, state):
        self.state = state

    def __call__(self):
        self.state["committed"] = True


def _delete_if_rolled_back(storage, name, state):
    if state["committed"]:
        return
    try:
        storage.delete(name)
    except OSError:
        logger.exception("could not delete %s after a rollback", name)


def delete_unless_committed(field_file, using=None):
    """Deletes ``field_file`` again unless the current transaction commits."""
    state = {"committed": False}
    keep = _Keep(state)
    weakref.finalize(keep, _delete_if_rolled_back, field_file.storage, field_file.name, state)
    transaction.on_commit(keep, using=using)


def _file_fields():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField) and not callable(field.upload_to):
                yield model, field


def _walk(storage, folder):
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from _walk(storage, f"{folder}/{directory}")


def orphan_files(min_age):
    """Stored files under the folders of our FileFields that no row refers to, older than ``min_age``."""
    referenced, folders = set(), set()
    for model, field in _file_fields():
        folders.add(str(field.upload_to).split("/", 1)[0])
        referenced.update(model._base_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True).iterator())
    cutoff = timezone.now() - min_age
    for folder in sorted(folders):
        if not default_storage.exists(folder):
            continue
        for name in _walk(default_storage, folder):
            if name not in referenced and default_storage.get_modified_time(name) < cutoff:
                yield name
