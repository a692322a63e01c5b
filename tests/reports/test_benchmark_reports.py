from django.core.management import call_command

from funding.models import Application, Payment, ProofOfUse, Recovery
from reports.benchmark import benchmark_calls


def test_it_seeds_and_measures_a_small_data_set(db, capsys):
    call_command("benchmark_reports", "--applications", "40", "--repeat", "1", "--calls", "2")
    output = capsys.readouterr().out
    assert Application.objects.filter(call__in=benchmark_calls()).count() == 40
    assert Payment.objects.exists() and ProofOfUse.objects.exists() and Recovery.objects.exists()
    for label in ("Berichtsseite, ein Aufruf", "Berichtsseite, alles", "XLSX zuwendungen", "Förderbericht-PDF"):
        assert label in output
    assert all(call.budget > 0 for call in benchmark_calls())
