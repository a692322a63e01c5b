"""iCalendar feeds (RFC 5545) of the published events, built with ``icalendar``."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent
from icalendar import vText

DEFAULT_DURATION = timedelta(hours=2)


def _host():
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "localhost"


def calendar_feed(events, name):
    """The events as an iCalendar file (bytes), times in the local time zone."""
    feed = Calendar()
    feed.add("prodid", "-//Kreis Steinfurt//Austauschplattform//DE")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", name)
    feed.add("x-wr-timezone", settings.TIME_ZONE)
    feed.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    host, zone = _host(), timezone.get_current_timezone()
    stamp = timezone.now()
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", f"event-{event.pk}@{host}")
        entry.add("dtstamp", stamp)
        entry.add("last-modified", event.updated_at)
        entry.add("dtstart", event.starts_at.astimezone(zone))
        entry.add("dtend", (event.ends_at or event.starts_at + DEFAULT_DURATION).astimezone(zone))
        entry.add("summary", event.title)
        entry.add("location", vText(f"{event.place}, {event.municipality.name}"))
        entry.add("description", f"{event.description}\n\n{event.organisation.name}")
        entry.add("url", f"{settings.SITE_URL}{event.get_absolute_url()}")
        feed.add_component(entry)
    feed.add_missing_timezones()
    return feed.to_ical()
