"""Forms of the staff workspace. Forms validate input; services act."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applicants.forms.application import ApplicationCreateForm
from funding.amounts import format_plain
from funding.amounts import format_money
from funding.inputs import AmountField, DateField
from funding.models import Amendment, LegalBasis, Review, StandardReason
from funding.services.reviews import reviewer_candidates


def _text(label, required=True, rows=4, help_text=""):
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
    )


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Zuständige Prüfung"), queryset=None)

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewer_candidates(application)
        self.fields["reviewer"].label_from_instance = lambda user: user.get_full_name() or user.get_username()


class DeclarationForm(forms.Form):
    CHOICES = [
        ("no", _("Ich erkläre, dass ich nicht befangen bin: Ich bin weder Mitglied der antragstellenden Organisation noch stehe ich ihr persönlich, familiär oder wirtschaftlich nahe.")),
        ("yes", _("Ich bin befangen und nehme an der Prüfung nicht teil.")),
    ]
    conflict = forms.ChoiceField(label=_("Erklärung zur Befangenheit"), choices=CHOICES, widget=forms.RadioSelect)
    note = _text(_("Anmerkung (bei Befangenheit)"), required=False, rows=2)

    def clean(self):
        data = super().clean()
        if data.get("conflict") == "yes" and not data.get("note", "").strip():
            self.add_error("note", _("Bitte nennen Sie kurz den Grund der Befangenheit."))
        return data


class ReviewForm(forms.Form):
    """Checklist, scores 0–5 per criterion, recommendation and Prüfvermerk."""

    SCORE_CHOICES = [("", "–")] + [(str(n), str(n)) for n in range(6)]
    recommendation = forms.ChoiceField(
        label=_("Empfehlung"), required=False, choices=[("", "–"), *Review.Recommendation.choices]
    )
    recommended_amount = AmountField(
        label=_("Empfohlener Betrag (€)"), required=False, help_text=_("Nur bei einer Bewilligung mit geringerem Betrag.")
    )
    note = _text(_("Prüfvermerk (intern, Begründung der Empfehlung)"), required=False, rows=6)
    message = _text(
        _("Nachricht an den Antragsteller"),
        required=False,
        help_text=_("Nur bei einer Nachforderung: Was soll der Verein nachreichen oder ändern? Der Verein sieht diesen Text."),
    )

    def __init__(self, *args, checks, criteria, review, **kwargs):
        # A saved review reopens with everything it holds, not only the scores.
        kwargs.setdefault("initial", {
            "recommendation": review.recommendation,
            "recommended_amount": review.recommended_amount,
            "note": review.note,
        })
        super().__init__(*args, **kwargs)
        self.checks, self.criteria = checks, criteria
        saved = review.checklist or {}
        scores = {score.criterion_id: score.score for score in review.scores.all()}
        for row in checks:
            entry = saved.get(row["key"])
            initial = entry.get("ok") if isinstance(entry, dict) else bool(row["auto"])
            self.fields[f"check_{row['key']}"] = forms.BooleanField(label=row["label"], required=False, initial=initial)
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.name} (× {format_plain(criterion.weight)})",
                choices=self.SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=scores.get(criterion.pk),
            )

    def checklist(self):
        return {
            row["key"]: {"auto": row["auto"], "ok": self.cleaned_data[f"check_{row['key']}"]} for row in self.checks
        }

    def scores(self):
        values = {criterion: self.cleaned_data.get(f"score_{criterion.pk}") for criterion in self.criteria}
        return {criterion: score for criterion, score in values.items() if score is not None}

    def check_rows(self):
        return [(row, self[f"check_{row['key']}"]) for row in self.checks]

    def score_fields(self):
        return [self[f"score_{criterion.pk}"] for criterion in self.criteria]


class NoteForm(forms.Form):
    """Shown beside the message form: its own ids, so no label of one focuses the other."""

    body = _text(_("Interne Notiz (nur für Mitarbeitende sichtbar)"), rows=3)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "note_%s")
        super().__init__(*args, **kwargs)


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Betreff"), max_length=200)
    body = _text(_("Nachricht an den Antragsteller (der Verein sieht diesen Text)"), rows=5)


def _no_conflict_field():
    return forms.BooleanField(
        label=_("Ich erkläre, dass bei mir keine Befangenheit besteht (§§ 20, 21 VwVfG NRW): Ich bin nicht Mitglied "
                "des Vereins, stehe ihm nicht nahe und habe kein eigenes Interesse an der Entscheidung."),
        required=False,  # the decision service refuses without it, with its own message
    )


class ApproveForm(forms.Form):
    """Bewilligung; for a Teilbewilligung also each cost line's approved amount and the reason of a reduction."""

    amount = AmountField(label=_("Bewilligter Betrag (€)"))
    reasons = _text(
        _("Begründung"),
        required=False,
        rows=6,
        help_text=_("Pflicht bei einer Teilbewilligung; erscheint im Bescheid unter „III. Begründung“."),
    )
    no_conflict = _no_conflict_field()

    def __init__(self, *args, cost_lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.cost_lines = list(cost_lines)
        for line in self.cost_lines:
            name = f"„{line.description}“ ({line.get_category_display()}, {format_money(line.amount)})"
            self.fields[f"line_{line.pk}"] = AmountField(
                label=_("Anerkannt für %(line)s (€)") % {"line": name}, required=False, initial=line.amount,
                help_text=_("Nur bei einer Teilbewilligung: höchstens der beantragte Betrag; zusammen ergeben die "
                            "Positionen die zuwendungsfähigen Ausgaben laut Bescheid."),
            )
            self.fields[f"reason_{line.pk}"] = forms.CharField(
                label=_("Grund der Kürzung von %(line)s") % {"line": name}, required=False, max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}), help_text=_("Steht in Anlage 1 des Bescheides."),
            )
        self.order_fields(["amount", *[f for line in self.cost_lines for f in (f"line_{line.pk}", f"reason_{line.pk}")]])

    def clean_reasons(self):
        reasons = self.cleaned_data["reasons"]
        if "…" in reasons:
            raise forms.ValidationError(_("Bitte ergänzen Sie die Begründung an den mit „…“ markierten Stellen."))
        return reasons

    def line_approvals(self):
        """``{cost line pk: (approved amount or None, reason)}`` as entered, for the decision service."""
        data = self.cleaned_data
        return {line.pk: (data.get(f"line_{line.pk}"), data.get(f"reason_{line.pk}", "")) for line in self.cost_lines}


class RejectForm(forms.Form):
    standard_reasons = forms.ModelMultipleChoiceField(
        label=_("Standardbegründungen"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    reasons = _text(
        _("Begründung im Bescheid"),
        required=False,
        rows=10,
        help_text=_("Wählen Sie Standardbegründungen und übernehmen Sie sie in dieses Feld; dort können Sie den Text anpassen."),
    )
    no_conflict = _no_conflict_field()

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        # The call's own reasons, the authority's, and the defaults for every authority.
        authority = Q(authority__isnull=True) | Q(authority=application.call.programme.authority_id)
        reasons = StandardReason.objects.filter(Q(call=application.call) | Q(authority, call__isnull=True))
        self.fields["standard_reasons"].queryset = reasons.order_by("order", "title")
        self.fields["standard_reasons"].label_from_instance = lambda reason: reason.title

    def composed_reasons(self):
        """The chosen standard texts, one paragraph each."""
        return "\n\n".join(reason.text for reason in self.cleaned_data.get("standard_reasons", []))

    def final_reasons(self):
        return self.cleaned_data.get("reasons", "").strip() or self.composed_reasons()


class RecuseForm(forms.Form):
    note = _text(_("Grund der Befangenheit (kommt in die Akte)"), required=False, rows=2)


class DrawdownDecisionForm(forms.Form):
    note = forms.CharField(label=_("Anmerkung"), required=False, max_length=500)


class BookingForm(forms.Form):
    paid_on = DateField(label=_("Auszahlungsdatum"))
    reference = forms.CharField(label=_("Buchungszeichen"), max_length=100)


class PaymentRunForm(forms.Form):
    execution_date = DateField(label=_("Ausführungstag"))


class ProofNoteForm(forms.Form):
    note = _text(_("Prüfvermerk zum Verwendungsnachweis"), rows=4, help_text=_("Pflicht: Was wurde geprüft, was ist das Ergebnis?"))
    recognised_expenditure = AmountField(
        label=_("Anerkannte zuwendungsfähige Ausgaben (€)"), required=False,
        help_text=_("Vorgeschlagen: jede Position höchstens Plan + 20 %, insgesamt höchstens der Plan, ohne Belege außerhalb des Bewilligungszeitraums."),
    )


class ProofChangesForm(forms.Form):
    message = _text(_("Nachricht an den Antragsteller: Was fehlt oder ist zu korrigieren?"))


class HearingForm(forms.Form):
    """Anhörung: intended refund, legal basis, reasons, deadline (§ 28 VwVfG NRW)."""

    refund = AmountField(label=_("Beabsichtigter Erstattungsbetrag (€)"))
    legal_basis = forms.ChoiceField(label=_("Rechtsgrundlage"), choices=LegalBasis.choices)
    reasons = _text(_("Gründe (erscheinen im Anhörungsschreiben)"), rows=6)
    deadline = DateField(label=_("Frist zur Stellungnahme bis"), help_text=_("Üblich sind zwei bis vier Wochen."))


class HearingWithAuditForm(HearingForm):
    """After an audit the refund follows from the settlement; it is not typed in."""

    refund = None


class HearingAnswerForm(forms.Form):
    answer = _text(_("Stellungnahme des Vereins (Inhalt)"), rows=5)
    received_on = DateField(label=_("Eingegangen am"))


class RecoveryForm(forms.Form):
    refund = AmountField(label=_("Erstattungsbetrag (€)"))
    legal_basis = forms.ChoiceField(label=_("Rechtsgrundlage"), choices=LegalBasis.choices)
    reason = _text(_("Begründung (erscheint im Rückforderungsbescheid)"), rows=6)
    effective_date = DateField(
        label=_("Widerruf wirksam ab"),
        help_text=_("Nicht vor dem Tag der Bewilligung. Ab hier laufen die Zinsen, für jede Auszahlung frühestens ab ihrem Tag (§ 49a Abs. 3 VwVfG)."),
    )
    due_date = DateField(label=_("Fällig am"))


class RepaymentForm(forms.Form):
    received_on = DateField(label=_("Zahlungseingang am"))
    amount = AmountField(label=_("Eingegangener Betrag (€)"))


class AmendmentReviewForm(forms.Form):
    recommendation = forms.ChoiceField(label=_("Empfehlung"), choices=Amendment.Recommendation.choices)
    note = _text(_("Prüfvermerk"), rows=4)


class AmendmentDecisionForm(forms.Form):
    reasons = _text(_("Begründung der Entscheidung"), required=False, rows=4, help_text=_("Pflicht bei einer Ablehnung."))


class InterestProposeForm(forms.Form):
    """A reviewer proposes the interest the audit computed for money used late (§ 49a Abs. 4 VwVfG)."""

    reasons = _text(_("Begründung des Vorschlags (welche Mittel wann verwendet wurden)"), rows=5)
    due_date = DateField(label=_("Fällig am"), help_text=_("Mindestens ein Monat Zahlungsfrist wird empfohlen."))


class InterestHearingForm(forms.Form):
    deadline = DateField(label=_("Frist zur Stellungnahme bis"), help_text=_("Üblich sind zwei bis vier Wochen."))


class InterestDecisionForm(forms.Form):
    reasons = _text(_("Gründe der Entscheidung (erscheinen im Zinsbescheid)"), rows=6)
    due_date = DateField(label=_("Fällig am"))


class InterestDismissForm(forms.Form):
    reasons = _text(_("Gründe, von den Zinsen abzusehen"), rows=4)


class InterestRepaymentForm(RepaymentForm):
    claim = forms.IntegerField(widget=forms.HiddenInput)


class AssistedStartForm(ApplicationCreateForm):
    """The portal's form to begin an application, with the organisation to choose and the funding line."""

    line = forms.ModelChoiceField(label=_("Förderlinie"), queryset=None, empty_label=_("– bitte wählen –"))
    field_order = ["organisation", "line", "title"]

    def __init__(self, *args, organisations, lines, **kwargs):
        super().__init__(*args, organisations=organisations, **kwargs)
        organisation = self.fields["organisation"]
        organisation.label = _("Organisation, die den Antrag stellt")
        organisation.widget, organisation.empty_label = forms.Select(), _("– bitte wählen –")
        organisation.queryset = organisations  # the choices again, for the new widget
        organisation.help_text = _("Nur Organisationen, die Sie im Arbeitsbereich sehen.")
        self.fields["line"].queryset = lines
        self.fields["line"].label_from_instance = lambda line: f"{line.call.name}: {line.name}"


class AssistedSubmitForm(forms.Form):
    """How the organisation's representative confirms the declarations of an application staff submit."""

    EMAIL, IN_PERSON = "email", "in_person"
    how = forms.ChoiceField(
        label=_("Bestätigung der Erklärungen durch die vertretungsberechtigte Person"),
        choices=[
            (EMAIL, _("Per E-Mail-Link: Die Person liest die Erklärungen und bestätigt sie online.")),
            (IN_PERSON, _("Persönlich: Die Person ist hier und hat die Erklärungen gelesen und bestätigt.")),
        ],
        widget=forms.RadioSelect, initial=EMAIL,
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse der vertretungsberechtigten Person"), required=False,
        help_text=_("Der Link gilt einmal und läuft ab; ein neuer kann jederzeit aus der Akte gesendet werden."),
    )
    name = forms.CharField(label=_("Name der vertretungsberechtigten Person"), max_length=200, required=False)
    note = _text(
        _("Vermerk (bei persönlicher Bestätigung)"), required=False, rows=3,
        help_text=_("Wer war anwesend, welches Ausweisdokument haben Sie gesehen?"),
    )

    def clean(self):
        data = super().clean()
        if data.get("how") == self.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Bitte geben Sie die E-Mail-Adresse an, an die der Link geht."))
        if data.get("how") == self.IN_PERSON:
            if not (data.get("name") or "").strip():
                self.add_error("name", _("Bitte geben Sie den Namen der Person an."))
            if not (data.get("note") or "").strip():
                self.add_error("note", _("Bitte vermerken Sie, wer anwesend war und welches Ausweisdokument Sie gesehen haben."))
        return data


class DeclarationLinkForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail-Adresse der vertretungsberechtigten Person"))


class InPersonConfirmationForm(forms.Form):
    name = forms.CharField(label=_("Name der vertretungsberechtigten Person"), max_length=200)
    note = _text(_("Vermerk"), rows=3, help_text=_("Wer war anwesend, welches Ausweisdokument haben Sie gesehen?"))

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(_("Bitte vermerken Sie, wer anwesend war und welches Ausweisdokument Sie gesehen haben."))
        return note
