from django.db import connection
from django.test import TestCase

from ficshelf.search.backends import get_backend
from ficshelf.search.backends.base import SearchTookTooLong

# A statement that runs for about a second on either database.
SLOW = {
    "postgresql": "SELECT pg_sleep(1)",
    "sqlite": "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000000) "
    "SELECT count(*) FROM c",
}


class TimeLimitTestCase(TestCase):
    def run_slow(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(SLOW[connection.vendor])

    def test_it_stops_a_statement_that_runs_past_the_limit(self):
        with self.assertRaises(SearchTookTooLong), get_backend().time_limit(0.05):
            self.run_slow()
        # Queries after the block run unlimited, and the connection still works.
        self.run_slow()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)

    def test_quick_statements_run_as_usual(self):
        with get_backend().time_limit(0.5), connection.cursor() as cursor:
            cursor.execute("SELECT 2")
            assert cursor.fetchone() == (2,)
        self.run_slow()  # a second long: the limit ended with the block (here, in a transaction)
