"""The pieces of ``manage.py benchmark``: seeding that leaves consistent figures, growing, measuring."""

import pytest
from django.test.utils import override_settings
from django.urls import reverse

from funding import benchmark, summary
from funding.models import Application
from funding.staff.access import submitted_applications
from reports.benchmark import benchmark_calls

pytestmark = pytest.mark.django_db

SETTINGS = {"ROOT_URLCONF": "funding.benchmark", "REQUIRE_STAFF_2FA": False, "ALLOWED_HOSTS": ["testserver"]}


def test_seeding_grows_and_leaves_the_kept_figures_as_a_rebuild(settings):
    benchmark.seed(60, lambda line: None)
    benchmark.seed(90, lambda line: None)
    assert Application.objects.filter(call__in=benchmark_calls()).count() == 90
    assert benchmark_calls().count() == 8
    assert summary.stored_cells() == summary.computed_cells()
    big = Application.objects.filter(organisation__name="Benchmark-Großverein e.V.")
    assert big.count() == min(benchmark.OVERVIEW_APPLICATIONS, 90)


@override_settings(**SETTINGS)
def test_it_measures_pages_and_finds_the_deep_cursor():
    benchmark.seed(80, lambda line: None)
    staff = benchmark.Browser(benchmark.staff_user())
    items = [benchmark.Item("floor", lambda: staff.get("/__benchmark__/bare/"), per_round=2,
                            queries=lambda: benchmark.count_queries(lambda: staff.get("/__benchmark__/bare/"))),
             benchmark.Item("queue", lambda: staff.get(reverse("staff:queue")), per_round=2)]
    benchmark.measure(items, rounds=2)
    assert [item.runs for item in items] == [4, 4]
    assert all(item.cpu > 0 for item in items) and all(len(item.rounds) == 2 for item in items)
    assert items[0].query_count == 2  # session and user
    page, cursor = benchmark.deep_cursor(2000, 25)
    assert page == (submitted_applications().count() - 1) // 25 + 1
    assert staff.get(reverse("staff:queue"), after=cursor)


def test_an_items_cpu_is_the_median_of_its_rounds_not_moved_by_one_busy_round():
    item = benchmark.Item("floor", lambda: True, per_round=4, app_cpu=0.4, db_cpu=0.0, runs=16,
                          rounds=[0.002, 0.0021, 0.0019, 0.094])
    assert item.cpu == pytest.approx(0.00205)
    assert item.app_cpu / item.runs == pytest.approx(0.025)  # the mean the busy round would have made it


def test_growth_is_the_median_of_the_rounds_pairs_not_the_ratio_of_two_medians():
    """In a round where the machine ran slower, both sizes of the item were slower: the pair's ratio holds."""
    small = benchmark.Item("queue", lambda: True, rounds=[0.010, 0.010, 0.015, 0.015, 0.015])
    large = benchmark.Item("queue", lambda: True, rounds=[0.0105, 0.0105, 0.0105, 0.01575, 0.01575])
    assert small.cpu == 0.015 and large.cpu == 0.0105  # the medians say it shrank by 30 %
    assert benchmark.paired_growth(small, large) == pytest.approx(0.05)
    floor_small = benchmark.Item("bare", lambda: True, rounds=[0.002] * 5)
    floor_large = benchmark.Item("bare", lambda: True, rounds=[0.0021] * 5)
    assert benchmark.paired_growth(small, large, floor_small, floor_large) == pytest.approx(0.0)
