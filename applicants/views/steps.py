"""Form steps that never lose what was typed.

Saving a step stores every valid field at once. Whatever does not
validate is kept verbatim as a ``FormDraft``; the next visit binds the
form to it, so the typed text comes back together with its error. The
same happens for the background autosave of the page.
"""

import time
from dataclasses import dataclass
from typing import Callable

from django.http import JsonResponse, QueryDict
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from applicants.services.drafts import form_draft_clear, form_draft_store
from funding.services.transitions import WorkflowError

IGNORED_KEYS = {"csrfmiddlewaretoken", "weiter", "speichern", "zurueck", "mehr_zeilen"}


@dataclass(frozen=True)
class Step:
    """One step: how to bind its form, show it fresh, and save it.

    ``save(app, user, form, valid)`` stores what is valid; it may raise a
    WorkflowError when the application can no longer be edited.
    """

    key: str
    bind: Callable
    fresh: Callable
    save: Callable
    draft_key: str = ""

    @property
    def draft_name(self):
        return self.draft_key or self.key


def to_draft(data):
    """The posted values as JSON; NUL characters (which PostgreSQL refuses) dropped."""
    return {
        key.replace("\x00", ""): [value.replace("\x00", "") for value in values]
        for key, values in data.lists()
        if key not in IGNORED_KEYS
    }


def from_draft(stored):
    data = QueryDict(mutable=True)
    for key, values in stored.items():
        data.setlist(key, [str(value) for value in values])
    return data


def load_step(step, app, drafts):
    """The step's form, bound to unsaved input when there is some."""
    draft = drafts.get(step.draft_name)
    if draft is None:
        return step.fresh(app)
    form = step.bind(app, from_draft(draft.data))
    form.is_valid()
    return form


def save_step(step, app, user, data):
    """Saves what is valid; keeps the rest. Returns (form, valid)."""
    form = step.bind(app, data)
    valid = form.is_valid()
    step.save(app, user, form, valid)
    if valid:
        form_draft_clear(application=app, step=step.draft_name)
    else:
        form_draft_store(application=app, step=step.draft_name, user=user, data=to_draft(data))
    return form, valid


def autosave_response(request, step, app):
    """Saves a step in the background (the page's script); answers JSON."""
    try:
        _form, valid = save_step(step, app, request.user, request.POST)
    except WorkflowError as error:
        return JsonResponse({"saved": False, "message": " ".join(error.messages)}, status=409)
    now = time_format(timezone.localtime(), "H:i")
    if valid:
        message = _("Entwurf gespeichert um %(time)s Uhr.") % {"time": now}
    else:
        message = _("Entwurf gespeichert um %(time)s Uhr. Einige Felder haben noch Fehler.") % {"time": now}
    return JsonResponse({"saved": True, "valid": valid, "message": message, "saved_at": time.time()})


def navigation(items, current, url_for):
    """Links to every step of a form, with previous and next.

    ``items`` are (key, label) pairs in order, ``url_for(key)`` the step's URL.
    """
    keys = [key for key, _label in items]
    index = keys.index(current)
    return {
        "steps": [
            {"key": key, "label": label, "url": url_for(key), "current": key == current, "number": number}
            for number, (key, label) in enumerate(items, start=1)
        ],
        "previous_url": url_for(keys[index - 1]) if index > 0 else None,
        "next_url": url_for(keys[index + 1]) if index + 1 < len(keys) else None,
        "current_number": index + 1,
        "current_label": items[index][1],
    }


def target_after_save(request, navigation, here):
    """Where the buttons lead: on, back, or stay."""
    if "weiter" in request.POST and navigation["next_url"]:
        return navigation["next_url"]
    if "zurueck" in request.POST and navigation["previous_url"]:
        return navigation["previous_url"]
    return here
