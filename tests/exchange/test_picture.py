"""The networking picture: all 24 municipalities, the figures, chart and XLSX, for KI staff only."""

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from exchange.picture import networking_picture
from funding.models import Authority
from exchange.services import meetings
from tests.exchange.conftest import make_event, make_partner, make_profile
from tests.factories import ApplicationFactory, OrganisationFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(organisation, alice, anton, past_meeting):
    make_profile(organisation, user=alice, offers=("uebersetzung", "kultur"), translation=("ar",))
    OrganisationFactory(name="Noch ohne Eintrag")  # Rheine, not in the directory
    OrganisationFactory(name="Verein Greven", municipality=municipality("Greven"))
    make_partner("Rheine")
    invitation = past_meeting.invitations.create(organisation=organisation, answer="yes", people=2)
    meetings.check_in(invitation=invitation, user=anton, people=2)
    event = make_event(organisation, published=True, staff=anton)
    type(event).objects.filter(pk=event.pk).update(starts_at=past_meeting.starts_at)
    meetings.minutes_save(meeting=past_meeting, user=anton, text="x")
    meetings.agreement_add(meeting=past_meeting, user=anton, values={
        "text": "Flyer", "responsible": organisation, "responsible_text": "", "due_on": None})
    meetings.minutes_publish(meeting=type(past_meeting).objects.get(pk=past_meeting.pk), user=anton)
    ApplicationFactory(organisation=organisation, state="approved", approved_amount=Decimal("4000.00"))
    return past_meeting


def test_it_counts_per_municipality(network):
    picture = networking_picture(Authority.objects.all())
    rows = {row.label: row for row in picture}
    assert len(rows) == 24
    rheine, greven, laer = rows["Rheine"], rows["Greven"], rows["Laer"]
    assert (rheine.organisations, rheine.published, rheine.partners, rheine.participations) == (2, 1, 1, 1)
    assert rheine.offers == ["Kultur", "Übersetzung/Sprachmittlung"]
    assert (rheine.events_held, rheine.open_agreements, rheine.funding) == (1, 1, Decimal("4000.00"))
    assert rheine.level == "strong"  # half took part, a partner is there
    assert greven.level == "potential" and laer.level == "none"
    assert [meeting.present for meeting in picture.meetings] == [1]


def test_it_shows_table_and_charts_to_ki_staff(client, network, rita):
    client.force_login(rita)
    response = client.get("/austausch/ki/vernetzung/")
    page = response.content.decode()
    assert len(response.context["rows"].rows) == 24 and "Wettringen" in page and "Altenberge" in page
    assert 'id="chart-networking"' in page and 'role="img"' in page and "4.000,00" in page


def test_it_exports_all_24_municipalities_as_xlsx(client, network, anton):
    client.force_login(anton)
    response = client.get("/austausch/ki/vernetzung.xlsx")
    assert response["Content-Disposition"].startswith('attachment; filename="vernetzung-')
    sheet = load_workbook(__import__("io").BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Kommune" and len(rows) == 25
    rheine = next(row for row in rows if row[0] == "Rheine")
    assert rheine[1] == 2 and rheine[-2] == 4000 and rheine[-1] == "stark vernetzt"


def test_it_hides_the_picture_from_everyone_else(client, finn, alice, network):
    for user in (finn, alice):
        client.force_login(user)
        assert client.get("/austausch/ki/vernetzung/").status_code == 404
        assert client.get("/austausch/ki/vernetzung.xlsx").status_code == 404
