"""Attendance list and minutes as PDF, through ``funding.letters.render_pdf``.

Both embed text typed by organisations (names, needs, proposals); the
templates output it autoescaped only, and the locked-down fetcher of
``funding.letters`` serves nothing but ``static/letters/``.
"""

from django.utils import timezone
from django.utils.translation import override

from exchange import selectors
from funding.letters import render_pdf
from funding.models import Authority


def _context(meeting, **extra):
    return {
        "meeting": meeting,
        "authority": Authority.objects.order_by("pk").first(),
        "created_on": timezone.localdate(),
        "starts_at": timezone.localtime(meeting.starts_at),
        "municipalities": list(meeting.municipalities.all()),
        **extra,
    }


def attendance_pdf(meeting):
    """Printable list: every invitee, their answer and needs, a column to sign."""
    rows = [row for row in selectors.invitations_for_staff(meeting) if row.answer != "no" or row.checked_in_at]
    with override("de"):
        return render_pdf("exchange/pdf/attendance.html", _context(meeting, rows=rows))


def minutes_pdf(meeting):
    """The minutes with agenda, attendance and agreements; rendered once at publishing."""
    context = _context(
        meeting,
        agenda=list(selectors.agenda(meeting)),
        present=list(meeting.invitations.filter(checked_in_at__isnull=False).select_related("organisation", "partner")
                     .order_by("organisation__name", "partner__name", "guest_name")),
        agreements=list(meeting.agreements.select_related("responsible")),
        earlier_agreements=list(selectors.open_agreements_before(meeting)),
    )
    with override("de"):
        return render_pdf("exchange/pdf/minutes.html", context)
