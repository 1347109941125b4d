"""Count the SQL queries a block of code runs.

Django's CaptureQueriesContext reads ``connection.queries_log``, which every
request start empties; an execute wrapper counts reliably across requests.
"""

from contextlib import contextmanager

from django.db import connection


class QueryCounter:
    def __init__(self):
        self.statements: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append(sql)
        return execute(sql, params, many, context)

    def __len__(self):
        return len(self.statements)


@contextmanager
def count_queries():
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        yield counter
