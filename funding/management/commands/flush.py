"""Django's flush, able to empty the append-only tables too.

flush removes every row of every table on purpose (the test suite runs it
between transactional tests); the append-only triggers would refuse that.
"""

from django.core.management.commands import flush

from funding.records import records_unlocked


class Command(flush.Command):
    def handle(self, **options):
        with records_unlocked(options["database"], session=True):
            return super().handle(**options)
