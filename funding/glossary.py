"""The funding-law words an applicant meets, explained in plain words.

Each ``Term`` has an anchor on the glossary page (``/woerter/#<slug>``),
the German word as it stands in letters and forms (and the forms of it
that are linked), and a short explanation, translated like every other
text. ``link_terms`` turns the first mention of each word in a text into
a link to its explanation; translations keep the German word in brackets
("Öz katkı (Eigenanteil)") so the link appears in every language and the
reader recognises the word in the German letter.
"""

import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Term:
    slug: str
    word: str
    explanation: str
    forms: tuple = ()

    def pattern(self):
        words = sorted({self.word, *self.forms}, key=len, reverse=True)
        return "|".join(re.escape(word) for word in words)


TERMS = (
    Term("aktenzeichen", "Aktenzeichen", _("Die Nummer Ihres Antrags, zum Beispiel MSO-2017-0007. Bitte nennen Sie sie, wenn Sie schreiben oder anrufen.")),
    Term("eingangsbestaetigung", "Eingangsbestätigung", _("Ein Schreiben: Wir haben Ihren Antrag bekommen. Es ist noch keine Entscheidung.")),
    Term("nachforderung", "Nachforderung", _("Wir brauchen noch Angaben oder Unterlagen von Ihnen. Sie ändern den Antrag und reichen ihn erneut ein.")),
    Term("zuwendung", "Zuwendung", _("Das Geld, das Sie von uns bekommen. Sie müssen es für das Projekt ausgeben und nachweisen."), ("Zuwendungen",)),
    Term("zuwendungsbescheid", "Zuwendungsbescheid", _("Das Schreiben mit der Entscheidung: Sie bekommen Geld. Darin stehen der Betrag, der Zeitraum und die Regeln."), ("Bewilligungsbescheid",)),
    Term("teilbewilligung", "Teilbewilligung", _("Sie bekommen Geld, aber weniger als beantragt. Im Schreiben steht, warum.")),
    Term("ablehnungsbescheid", "Ablehnungsbescheid", _("Das Schreiben mit der Entscheidung: Sie bekommen kein Geld. Im Schreiben steht, warum.")),
    Term("aenderungsbescheid", "Änderungsbescheid", _("Ein neues Schreiben, das einen Zuwendungsbescheid ändert, zum Beispiel den Zeitraum oder den Betrag.")),
    Term("anhoerung", "Anhörung", _("Bevor wir etwas zu Ihrem Nachteil entscheiden, dürfen Sie Ihre Sicht schreiben. Dafür gibt es eine Frist.")),
    Term("rueckforderung", "Rückforderung", _("Sie müssen Geld zurückzahlen, zum Beispiel weil es nicht ausgegeben oder nicht richtig verwendet wurde."), ("Rückforderungsbescheid",)),
    Term("zinsen", "Zinsen", _("Für Geld, das Sie zurückzahlen müssen, berechnen wir einen Aufschlag pro Jahr. Das steht im Gesetz (§ 49a VwVfG)."), ("Verzinsung",)),
    Term("bewilligungszeitraum", "Bewilligungszeitraum", _("Die Zeit, in der Ihr Projekt laufen und Geld ausgeben darf.")),
    Term("finanzierungsplan", "Finanzierungsplan", _("Ihre Aufstellung: Was kostet das Projekt, und woher kommt das Geld? Beide Summen müssen gleich sein."), ("Ausgaben- und Finanzierungsplan", "Ausgabenplan")),
    Term("zuwendungsfaehig", "zuwendungsfähige Ausgaben", _("Kosten, die wir bezahlen dürfen. Zum Beispiel keine Geräte über 5.000 €."), ("zuwendungsfähig",)),
    Term("eigenanteil", "Eigenanteil", _("Der Teil der Kosten, den Ihr Verein selbst trägt: eigenes Geld (Eigenmittel) und ehrenamtliche Arbeit (Eigenleistung)."), ("Eigenmittel", "Eigenleistung")),
    Term("drittmittel", "Drittmittel", _("Geld von anderen für Ihr Projekt, zum Beispiel Spenden, Eintritt oder eine Stiftung.")),
    Term("hoechstbetrag", "Höchstbetrag", _("So viel Geld gibt es höchstens. Sie bekommen nie mehr, auch wenn das Projekt teurer wird.")),
    Term("nebenbestimmungen", "Nebenbestimmungen", _("Regeln, die zum Zuwendungsbescheid gehören. Die wichtigsten stehen in den ANBest-P."), ("ANBest-P",)),
    Term("rechtsbehelfsbelehrung", "Rechtsbehelfsbelehrung", _("Am Ende eines Bescheids: Wenn Sie nicht einverstanden sind, können Sie innerhalb eines Monats beim Verwaltungsgericht klagen.")),
    Term("bestandskraft", "Bestandskraft", _("Ein Bescheid ist bestandskräftig, wenn die Frist für eine Klage vorbei ist. Dann gilt er endgültig."), ("bestandskräftig",)),
    Term("mittelabruf", "Mittelabruf", _("Sie fordern einen Teil des bewilligten Geldes an, wenn Sie es brauchen: höchstens so viel, wie Sie in den nächsten zwei Monaten ausgeben."), ("Mittelabrufe",)),
    Term("auszahlung", "Auszahlung", _("Wir überweisen Geld auf das Konto Ihres Vereins."), ("Auszahlungen",)),
    Term("verwendungsnachweis", "Verwendungsnachweis", _("Nach dem Projekt zeigen Sie, wofür Sie das Geld ausgegeben haben: Bericht, Zahlen und Belege."), ("Verwendungsnachweises",)),
    Term("sachbericht", "Sachbericht", _("Ein Teil des Verwendungsnachweises: Sie schreiben, was Sie gemacht haben und wie viele Menschen teilgenommen haben.")),
    Term("zahlenmaessiger-nachweis", "zahlenmäßiger Nachweis", _("Ein Teil des Verwendungsnachweises: die wirklichen Einnahmen und Ausgaben, nach den Zeilen Ihres Plans.")),
    Term("belegliste", "Belegliste", _("Die Liste aller Rechnungen und Quittungen: Datum, Empfänger, Zweck, Betrag.")),
    Term("freistellungsbescheid", "Freistellungsbescheid", _("Ein Schreiben des Finanzamts: Ihr Verein ist gemeinnützig. Es hat ein Datum und gilt nur eine bestimmte Zeit.")),
    Term("gemeinnuetzig", "gemeinnützig", _("Ihr Verein arbeitet für das Gemeinwohl, nicht für Gewinn. Das Finanzamt bestätigt es."), ("Gemeinnützigkeit",)),
    Term("vereinsregisterauszug", "Vereinsregisterauszug", _("Ein Blatt vom Amtsgericht: Ihr Verein ist eingetragen (e.V.), und es steht darin, wer ihn vertritt.")),
    Term("satzung", "Satzung", _("Die Regeln Ihres Vereins: Zweck, Mitglieder, Vorstand.")),
    Term("vertretungsberechtigt", "vertretungsberechtigt", _("Diese Person darf für den Verein unterschreiben und Anträge einreichen, meist der Vorstand.")),
    Term("vorzeitiger-beginn", "vorzeitiger Maßnahmebeginn", _("Normalerweise darf Ihr Projekt erst nach dem Bescheid beginnen. Früher nur, wenn wir es vorher schriftlich erlauben."), ("Vorzeitiger Beginn", "vorzeitigen Beginn")),
    Term("vier-augen-prinzip", "Vier-Augen-Prinzip", _("Wer Ihren Antrag prüft, entscheidet nicht selbst darüber. Eine zweite Person entscheidet.")),
)

_BY_WORD = {}
for _term in TERMS:
    for _word in (_term.word, *_term.forms):
        _BY_WORD[_word] = _term
_PATTERN = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(word) for word in sorted(_BY_WORD, key=len, reverse=True)) + r")(?![\w-])"
)


def glossary_url(term):
    return f"{reverse('glossary')}#{term.slug}"


def link_terms(text):
    """``text`` escaped, with the first mention of each glossary word linked."""
    escaped = str(conditional_escape(text))
    seen = set()

    def link(match):
        term = _BY_WORD[match.group(1)]
        if term.slug in seen:
            return match.group(0)
        seen.add(term.slug)
        # The word stays German (it is the word in the letters): lang tells screen readers.
        return format_html('<a class="term" href="{}" lang="de">{}</a>', glossary_url(term), match.group(1))

    return mark_safe(_PATTERN.sub(link, escaped))
