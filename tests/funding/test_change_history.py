"""Tamper-evident records: who changed which money or identity field when,
shown to staff; the transition log and the history tables are append-only."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_fsm_log.models import StateLog

from applicants.models import CoApplicant, Membership, Organisation
from applicants.services.organisations import membership_set_role
from funding import history
from funding.models import Application, Decision, Drawdown, Payment
from funding.records import APPEND_ONLY_TABLES, records_unlocked
from funding.workflow import state_logs
from tests.funding import steps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]


@pytest.fixture
def approved(application, alice, rita, anton):
    return steps.approved(application, alice, rita, anton, amount=Decimal("7500.00"), reasons="Honorare gekürzt.")


def _rows(entries):
    return [(entry.subject, entry.who, label, old, new) for entry in entries for label, old, new in entry.changes]


def test_it_shows_staff_who_changed_the_amounts_and_booked_the_money(client, approved, alice, rita, anton, finn):
    drawdown = steps.released(approved, alice, rita, "2000.00")
    client.force_login(finn)
    client.post(reverse("staff:drawdown_booking", args=[drawdown.pk]), {"paid_on": "2027-03-15", "reference": "KA-1"})
    assert Payment.objects.count() == 1

    response = client.get(reverse("staff:application_detail", args=[approved.pk]))
    rows = _rows(response.context["changes"])
    assert ("Antrag", anton, "Bewilligte Zuwendung", "–", "7.500,00\u00a0€") in rows
    assert ("Entscheidung", anton, "Bewilligter Betrag", None, "7.500,00\u00a0€") in rows
    assert ("Auszahlung", finn, "Betrag", None, "2.000,00\u00a0€") in rows
    page = response.content.decode()
    assert "Änderungsprotokoll" in page and "7.500,00\u00a0€" in page


def test_it_records_identity_bank_and_role_changes_of_an_organisation(client, organisation, alice, bob, rita):
    organisation.iban = "DE89370400440532013000"
    organisation._history_user = alice
    organisation.save()
    organisation.iban, organisation.legal_form = "DE02120300000000202051", Organisation.LegalForm.OTHER
    organisation._history_user = alice
    organisation.save()
    membership_set_role(membership=bob.memberships.get(), user=alice, role=Membership.Role.REPRESENTATIVE)

    client.force_login(rita)
    response = client.get(reverse("staff:organisation_history", args=[organisation.pk]))
    rows = _rows(response.context["changes"])
    assert ("Organisation", alice, "IBAN", "DE89370400440532013000", "DE02120300000000202051") in rows
    assert ("Organisation", alice, "Rechtsform", "Eingetragener Verein (e.V.)", "Andere Rechtsform") in rows
    assert ("Mitgliedschaft", alice, "Rolle", "Mitglied", "Vertretungsberechtigt") in rows


def _history_table_rows():
    """(table, primary key column, one id) of every append-only table that has rows."""
    found = []
    with connection.cursor() as cursor:
        for table in APPEND_ONLY_TABLES:
            column = "id" if table == "django_fsm_log_statelog" else "history_id"
            cursor.execute(f"SELECT {column} FROM {table} ORDER BY {column} LIMIT 1")
            row = cursor.fetchone()
            if row:
                found.append((table, column, row[0]))
    return found


def test_it_refuses_update_and_delete_on_the_log_and_the_history(approved, finn):
    steps_done = _history_table_rows()
    tables = {table for table, _column, _pk in steps_done}
    assert {"django_fsm_log_statelog", "funding_historicalapplication", "funding_historicaldecision"} <= tables
    for table, column, pk in steps_done:
        for statement in (f"UPDATE {table} SET {column} = {column} WHERE {column} = %s", f"DELETE FROM {table} WHERE {column} = %s"):
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement, [pk])
    assert StateLog.objects.filter(object_id=approved.pk).count() >= 3


def test_the_partners_history_is_append_only_too(approved, alice, charlie):
    CoApplicant.objects.create(application=approved, organisation=charlie.memberships.get().organisation, added_by=alice)
    with pytest.raises(DatabaseError), transaction.atomic():
        CoApplicant.history.filter(application_id=approved.pk).update(added_at=None)
    with pytest.raises(DatabaseError), transaction.atomic():
        CoApplicant.history.filter(application_id=approved.pk).delete()
    assert CoApplicant.history.filter(application_id=approved.pk).count() == 1


def test_it_refuses_changes_through_the_orm_too(approved):
    with pytest.raises(DatabaseError), transaction.atomic():
        StateLog.objects.filter(object_id=approved.pk).update(description="umgeschrieben")
    with pytest.raises(DatabaseError), transaction.atomic():
        Application.history.filter(id=approved.pk).delete()
    assert not StateLog.objects.filter(description="umgeschrieben").exists()


def test_it_lifts_the_guard_only_inside_the_unlocked_transaction(approved):
    log = StateLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Application), object_id=approved.pk
    ).first()
    with records_unlocked():
        StateLog.objects.filter(pk=log.pk).update(description="[gelöscht]")
    assert StateLog.objects.get(pk=log.pk).description == "[gelöscht]"
    with pytest.raises(DatabaseError), transaction.atomic():
        StateLog.objects.filter(pk=log.pk).update(description="danach wieder gesperrt")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_refuses_to_empty_the_log_and_lets_only_flush_do_it(approved):
    """TRUNCATE on PostgreSQL, DELETE of all rows on SQLite; ``flush`` (run after this test) may."""
    emptying = "TRUNCATE {}" if connection.vendor == "postgresql" else "DELETE FROM {}"
    for table in ("django_fsm_log_statelog", "funding_historicalapplication"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(emptying.format(table))
    assert StateLog.objects.filter(object_id=approved.pk).exists()


def test_it_reads_every_history_in_one_query_with_the_values_the_orm_reads(approved, alice, rita):
    steps.released(approved, alice, rita, "2000.00")
    parts = [(Application.history.filter(id=approved.pk), "history_user"),
             (Decision.history.filter(application_id=approved.pk), "history_user"),
             (Drawdown.history.filter(application_id=approved.pk), "history_user"),
             (state_logs(approved), "by")]
    with CaptureQueriesContext(connection) as queries:
        loaded = history.load(parts)
        users = [getattr(row, field) for (_queryset, field), rows in zip(parts, loaded) for row in rows]
        names = [(user.pk, user.username, user.get_full_name()) for user in users if user is not None]
    assert len(queries) == 1 and names
    for (queryset, field), rows in zip(parts, loaded):
        expected = {row.pk: row for row in queryset.select_related(field)}
        assert rows and {row.pk for row in rows} == set(expected)
        for row in rows:
            orm = expected[row.pk]
            for model_field in queryset.model._meta.concrete_fields:
                assert getattr(row, model_field.attname) == getattr(orm, model_field.attname), model_field.name
                assert type(getattr(row, model_field.attname)) is type(getattr(orm, model_field.attname))
            assert getattr(row, field) == getattr(orm, field)
