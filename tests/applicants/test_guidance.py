"""Plain language and guidance: the guide, the glossary linked where its words
appear, error summaries, the documents before starting, the fixes from the
new-user walk, and message subjects as events."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from applicants.forms.accounts import PASSWORD_RULES
from applicants.forms.organisations import EXPIRED, DocumentForm
from applicants.models import OrganisationDocument
from funding.glossary import link_terms
from funding.models import CostLine, Message
from tests.factories import LineFactory


def _t(language, msgid):
    with translation.override(language):
        return gettext(msgid)


@pytest.mark.parametrize("language", ["de", "en", "tr", "ar", "uk"])
def test_it_explains_the_process_and_the_words_in_each_language(client, db, language):
    guide = client.get("/so-geht-es/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert _t(language, "5. Was passiert nach dem Einreichen?") in guide
    words = client.get("/woerter/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert 'id="eigenanteil"' in words or 'lang="de">Eigenanteil' in words


def test_it_links_each_glossary_word_once_and_marks_it_german():
    html = str(link_terms("Der Zuwendungsbescheid nennt den Eigenanteil. Der Zuwendungsbescheid ist deutsch."))
    assert html.count('class="term"') == 2
    assert 'href="/woerter/#' in html and 'lang="de">Zuwendungsbescheid</a>' in html


def test_it_summarises_the_errors_of_the_organisation_profile_at_the_top(client, alice):
    client.force_login(alice)
    html = client.post("/portal/organisationen/neu/", {"name": ""}).content.decode()
    summary = html[html.index("data-error-summary"):]
    assert html.index("data-error-summary") < html.index('name="name"')
    assert 'href="#id_name"' in summary and 'data-focus="id_name"' in summary


def test_it_shows_every_password_rule_before_the_first_try(client, db):
    html = client.get("/portal/konto/registrieren/").content.decode()
    assert str(PASSWORD_RULES).split(":")[0] in html and "passwort123" in html


def test_it_refuses_an_expired_tax_exemption_notice_when_it_is_entered(db):
    yesterday = timezone.localdate() - timedelta(days=1)
    form = DocumentForm(data={"kind": OrganisationDocument.Kind.TAX_EXEMPTION, "valid_until": yesterday.isoformat()})
    form.is_valid()
    assert EXPIRED in form.errors.get("valid_until", [])


def test_it_offers_a_new_organisation_only_to_people_without_one(client, alice, charlie):
    client.force_login(alice)
    assert 'href="/portal/organisationen/neu/"' not in client.get("/portal/").content.decode()
    client.force_login(charlie.__class__.objects.create_user("newcomer", password="x"))
    assert 'href="/portal/organisationen/neu/"' in client.get("/portal/").content.decode()


def test_it_says_checked_without_an_empty_date(client, alice, organisation):
    type(organisation).objects.filter(pk=organisation.pk).update(is_verified=True, verified_at=None)
    client.force_login(alice)
    html = client.get(f"/portal/organisationen/{organisation.pk}/").content.decode()
    assert "am  geprüft" not in html and "am geprüft" not in html
    assert "Das Integrationszentrum hat die Angaben Ihres Vereins geprüft." in html


def test_it_names_the_lower_limit_on_the_financing_step(client, alice, organisation, documents):
    from tests.factories import ApplicationFactory

    line = LineFactory(max_grant=Decimal("15000"), max_rate_percent=Decimal("100"))
    app = ApplicationFactory(organisation=organisation, line=line, created_by=alice)
    CostLine.objects.filter(application=app).delete()
    CostLine.objects.create(application=app, category="fees", description="Honorare", amount=Decimal("16000"))
    client.force_login(alice)
    html = client.get(f"/portal/antraege/{app.pk}/schritt/finanzierung/").content.decode()
    assert "15.000,00" in html and "höchstens 16.000,00" not in html


def test_it_sends_a_missing_standing_document_to_the_profile(client, alice, application):
    application.organisation.documents.filter(kind=OrganisationDocument.Kind.STATUTES).delete()
    client.force_login(alice)
    html = client.get(f"/portal/antraege/{application.pk}/einreichen/").content.decode()
    assert f"/portal/organisationen/{application.organisation_id}/dokumente/neu/?art=statutes" in html


def test_it_lists_the_documents_before_starting(client, alice, application, line):
    application.organisation.documents.filter(kind=OrganisationDocument.Kind.STATUTES).delete()
    client.force_login(alice)
    html = client.get(f"/portal/aufrufe/linie/{line.pk}/antrag/").content.decode()
    assert str(OrganisationDocument.Kind.STATUTES.label) in html
    assert str(OrganisationDocument.Kind.REGISTER_EXTRACT.label) in html


def test_it_marks_the_done_steps_of_the_form(client, alice, application):
    client.force_login(alice)
    html = client.get(f"/portal/antraege/{application.pk}/schritt/projekt/").content.decode()
    assert 'class="done"' in html and "(erledigt)" in html


def test_it_shows_a_closed_file_in_plain_words(client, alice, application):
    from applicants.presentation import applicant_state_label

    assert "z. d. A." not in str(applicant_state_label(application))


def test_it_stores_a_request_for_changes_as_an_event(changes_requested):
    message = Message.objects.get(application=changes_requested, from_staff=True)
    assert message.event == Message.Event.CHANGES_REQUESTED and message.subject == ""
    with translation.override("ar"):
        assert str(message.shown_subject) == gettext("Nachforderung zu Ihrem Antrag") != "Nachforderung zu Ihrem Antrag"
