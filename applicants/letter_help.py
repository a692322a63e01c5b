"""Beside each German letter: what it says, what to do and by when, in the reader's language.

Keyed by ``Letter.Kind``: a new kind of letter is one entry in ``LETTER_HELP``;
a kind without an entry gets ``FALLBACK``. The texts may use the figures of
``_figures`` (``%(approved)s``, ``%(proof_due)s``, ``%(letter_date)s`` …),
formatted in the reader's language when the page is shown.
"""

from dataclasses import dataclass

from django.utils.dateformat import format as format_date
from django.utils.translation import gettext_lazy as _

from funding.amounts import format_money
from funding.models import Letter


@dataclass(frozen=True)
class LetterHelp:
    says: str
    todo: str
    until: str = ""


_LAWSUIT = _(
    "Wenn Sie nicht einverstanden sind, können Sie innerhalb eines Monats, nachdem Sie den Bescheid bekommen "
    "haben, beim Verwaltungsgericht klagen. Wie, steht am Ende des Bescheids (Rechtsbehelfsbelehrung)."
)

LETTER_HELP = {
    Letter.Kind.RECEIPT: LetterHelp(
        says=_("Wir haben Ihren Antrag am %(letter_date)s bekommen. Ihr Aktenzeichen ist %(file_reference)s. Das ist noch keine Entscheidung."),
        todo=_("Sie müssen nichts tun. Wir prüfen Ihren Antrag. Wenn etwas fehlt, schreiben wir Ihnen."),
    ),
    Letter.Kind.APPLICATION: LetterHelp(
        says=_("Das ist Ihr Antrag, so wie Sie ihn eingereicht haben."),
        todo=_("Sie müssen nichts tun. Bewahren Sie den Antrag für Ihre Unterlagen auf."),
    ),
    Letter.Kind.APPROVAL: LetterHelp(
        says=_("Sie bekommen Geld: höchstens %(approved)s für Ihr Projekt vom %(start)s bis %(end)s. Der Bescheid nennt auch die Regeln, die Sie einhalten müssen (Nebenbestimmungen, ANBest-P)."),
        todo=_("Geben Sie das Geld nur für das Projekt und nur im Bewilligungszeitraum aus. Fordern Sie es hier im Portal an, wenn Sie es brauchen (Mittelabruf). Bewahren Sie alle Belege auf. Nach dem Projekt reichen Sie den Verwendungsnachweis ein."),
        until=_("Verwendungsnachweis bis %(proof_due)s."),
    ),
    Letter.Kind.PARTIAL_APPROVAL: LetterHelp(
        says=_("Sie bekommen Geld, aber weniger als beantragt: höchstens %(approved)s statt %(requested)s. Warum, steht im Teil III des Bescheids (Begründung)."),
        todo=_("Prüfen Sie, ob Ihr Projekt mit weniger Geld möglich ist. Geben Sie das Geld nur für das Projekt aus und fordern Sie es hier im Portal an (Mittelabruf). Nach dem Projekt reichen Sie den Verwendungsnachweis ein."),
        until=_("Verwendungsnachweis bis %(proof_due)s."),
    ),
    Letter.Kind.REJECTION: LetterHelp(
        says=_("Sie bekommen für diesen Antrag leider kein Geld. Die Gründe stehen im Bescheid."),
        todo=_("Lesen Sie die Gründe. Sie können in einer späteren Runde einen neuen Antrag stellen. Fragen Sie uns gern, was Sie anders machen können."),
        until=_LAWSUIT,
    ),
    Letter.Kind.RECOVERY: LetterHelp(
        says=_("Sie müssen Geld zurückzahlen: %(recovery_total)s, das ist der Betrag mit Zinsen bis zum Datum im Bescheid. Warum, steht im Bescheid."),
        todo=_("Überweisen Sie den Betrag auf das Konto, das im Bescheid steht. Geben Sie dabei das Aktenzeichen %(file_reference)s an. Für jeden weiteren Tag kommen Zinsen dazu."),
        until=_("Innerhalb eines Monats, nachdem Sie den Bescheid bekommen haben (Bescheid vom %(letter_date)s)."),
    ),
}

FALLBACK = LetterHelp(
    says=_("Ein Schreiben vom %(letter_date)s zu Ihrem Antrag %(file_reference)s. Es ist auf Deutsch, weil Deutsch die Amtssprache ist."),
    todo=_("Bitte lesen Sie das Schreiben. Wenn Sie etwas nicht verstehen, schreiben Sie uns unten eine Nachricht."),
    until=_("Wenn das Schreiben eine Frist nennt, gilt diese Frist."),
)


def _day(value):
    return format_date(value, "d.m.Y") if value else "–"


def _figures(letter, application):
    recovery = None
    if letter.kind == Letter.Kind.RECOVERY:
        recovery = application.recoveries.order_by("-pk").first()
    day = _day
    return {
        "letter_date": day(letter.created_at.date()),
        "file_reference": application.file_reference or "–",
        "approved": format_money(application.approved_amount or 0),
        "requested": format_money(application.requested_amount or 0),
        "start": day(application.start_date),
        "end": day(application.end_date),
        "proof_due": day(application.proof_due_date),
        "recovery_total": format_money((recovery.amount + recovery.interest_amount) if recovery else 0),
    }


def explain(letter, application):
    """{says, todo, until} for ``letter``, in the active language."""
    help_ = LETTER_HELP.get(letter.kind, FALLBACK)
    figures = _figures(letter, application)
    return {part: str(getattr(help_, part)) % figures if getattr(help_, part) else "" for part in ("says", "todo", "until")}


def explained_letters(application):
    """The application's letters, each with its ``explanation``."""
    letters = list(application.letters.all())
    for letter in letters:
        letter.explanation = explain(letter, application)
    return letters
