"""Configured letter texts: versions of the text blocks, the ANBest-P and ANBest-G.

Both are kept as versions: a new wording is a new row with the date from
which it applies, so a stored letter can always name the version it used.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+(\S.*)$")


class LetterText(models.Model):
    """One version of a configured text block (``funding.texts``)."""

    key = models.CharField(_("Textbaustein"), max_length=60, db_index=True)
    authority = models.ForeignKey(
        "funding.Authority", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("Behörde"),
        help_text=_("Leer: gilt für alle Behörden, die keine eigene Fassung haben."),
    )
    version = models.PositiveIntegerField(_("Version"), editable=False)
    valid_from = models.DateField(_("Gilt ab"), default=timezone.localdate)
    text = models.TextField(_("Text"))
    note = models.CharField(
        _("Vermerk"), max_length=300, blank=True, help_text=_("z. B. geprüft durch das Rechtsamt am …, Anlass der Änderung")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("Angelegt am"), default=timezone.now)

    class Meta:
        ordering = ["key", "-version"]
        verbose_name = _("Textbaustein (Fassung)")
        verbose_name_plural = _("Textbausteine")
        constraints = [models.UniqueConstraint(fields=["key", "version"], name="one_letter_text_per_version")]
        indexes = [models.Index(fields=["key", "valid_from"])]

    def __str__(self):
        from funding.texts import BLOCKS

        spec = BLOCKS.get(self.key)
        return f"{spec.title if spec else self.key} – {_('Version')} {self.version}"

    def clean(self):
        from funding.letterkinds import validate_text

        found = validate_text(self.key, self.text)
        if found:
            raise ValidationError({"text": found})

    def save(self, *args, **kwargs):
        if self.version is None:
            latest = LetterText.objects.filter(key=self.key).aggregate(latest=Max("version"))["latest"]
            self.version = (latest or 0) + 1
        super().save(*args, **kwargs)


@dataclass
class ProvisionSection:
    number: str
    heading: str
    paragraphs: list = field(default_factory=list)  # [(number or "", text)]


class AncillaryProvisions(models.Model):
    """A version of the ANBest-P or ANBest-G, attached unchanged to every Zuwendungsbescheid.

    Text format: a line "1 Anforderung und Verwendung der Zuwendung" starts
    a numbered section, "1.1 Die Zuwendung …" a numbered paragraph; other
    lines continue the paragraph above, a blank line ends it.
    """

    class Kind(models.TextChoices):
        PROJECT = "P", _("ANBest-P (Projektförderung)")
        MUNICIPAL = "G", _("ANBest-G (Projektförderung an Gemeinden und Gemeindeverbände)")

    kind = models.CharField(_("Art"), max_length=1, choices=Kind.choices)
    authority = models.ForeignKey(
        "funding.Authority", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("Behörde"),
        help_text=_("Leer: gilt für alle Behörden, die keine eigene Fassung haben."),
    )
    title = models.CharField(
        _("Titel"), max_length=300, default="Allgemeine Nebenbestimmungen für Zuwendungen zur Projektförderung"
    )
    version = models.CharField(_("Fassung"), max_length=200, help_text=_("z. B. „RdErl. d. Finanzministeriums vom …“"))
    valid_from = models.DateField(_("Gilt ab"))
    text = models.TextField(_("Text"))
    is_demo = models.BooleanField(
        _("Demo-Text"), default=False, help_text=_("Kein amtlicher Text; jede Seite trägt den Hinweis „Demo-Text“.")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("Angelegt am"), default=timezone.now)

    class Meta:
        ordering = ["kind", "-valid_from"]
        verbose_name = _("Allgemeine Nebenbestimmungen (Fassung)")
        verbose_name_plural = _("Allgemeine Nebenbestimmungen (ANBest)")
        constraints = [
            models.UniqueConstraint(fields=["kind", "valid_from"], condition=models.Q(authority__isnull=True),
                                    name="one_anbest_per_day"),
            models.UniqueConstraint(fields=["kind", "valid_from", "authority"],
                                    condition=models.Q(authority__isnull=False), name="one_anbest_per_day_and_authority"),
        ]

    def __str__(self):
        return f"{self.short_name} – {self.version}"

    @property
    def short_name(self):
        return f"ANBest-{self.kind}"

    def clean(self):
        problems = provision_problems(self.text)
        if problems:
            raise ValidationError({"text": problems})

    def sections(self):
        """The text as ``(preamble, [ProvisionSection])``."""
        return parse_provisions(self.text)


def parse_provisions(text):
    preamble, sections, current = [], [], None

    def target():
        return current.paragraphs if current else preamble

    open_paragraph = False
    for line in text.replace("\r\n", "\n").split("\n"):
        line = line.strip()
        match = _NUMBERED.match(line)
        if not line:
            open_paragraph = False
        elif match and "." not in match.group(1):
            current = ProvisionSection(match.group(1), match.group(2))
            sections.append(current)
            open_paragraph = False
        elif match:
            target().append([match.group(1), match.group(2)])
            open_paragraph = True
        elif open_paragraph:
            target()[-1][1] += " " + line
        else:
            target().append(["", line])
            open_paragraph = True
    return [text for _number, text in preamble], sections


def provision_problems(text):
    """Why ``text`` cannot be attached as ANBest: no sections, or a paragraph in the wrong section."""
    _preamble, sections = parse_provisions(text)
    if not sections:
        return [_("Der Text braucht nummerierte Abschnitte, z. B. „1 Anforderung und Verwendung der Zuwendung“.")]
    found = []
    for section in sections:
        for number, _text in section.paragraphs:
            if number and number.split(".")[0] != section.number:
                found.append(_("Nr. %(number)s steht im Abschnitt %(section)s.") % {"number": number, "section": section.number})
    return found
