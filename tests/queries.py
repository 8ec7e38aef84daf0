"""The query budget of the suite: count the SQL of a request or a call, and
fail with the SQL printed when a page's work grows with the data (NetBox's
query baselines, Zulip's assert_database_query_count)."""

from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass
class Captured:
    label: str
    statements: list[str]

    @property
    def count(self) -> int:
        return len(self.statements)

    def listing(self) -> str:
        return f"{self.label}: {self.count} queries\n" + "\n".join(
            f"  {i}. {sql}" for i, sql in enumerate(self.statements, start=1)
        )


class QueryBudget:
    def of(self, call, *args, label: str = "", **kwargs) -> Captured:
        """Run ``call(*args, **kwargs)`` and capture its SQL. A client's get must answer 200."""
        with CaptureQueriesContext(connection) as ctx:
            result = call(*args, **kwargs)
        if hasattr(result, "status_code"):
            assert result.status_code == 200, f"{label or args} answered {result.status_code}"
        return Captured(label or " ".join(map(str, args)), [q["sql"] for q in ctx.captured_queries])

    def get(self, client, url: str) -> Captured:
        """A GET by ``client``, warmed once first (sessions, content types, the user's access)."""
        client.get(url)
        return self.of(client.get, url, label=f"GET {url}")

    def same(self, first: Captured, second: Captured) -> None:
        """The same number of queries for more data (more wards, more quarters)."""
        if first.count != second.count:
            pytest.fail(f"the queries grew with the data\n{first.listing()}\n{second.listing()}")

    def at_most(self, budget: int, captured: Captured) -> None:
        if captured.count > budget:
            pytest.fail(f"over the budget of {budget}\n{captured.listing()}")

    @contextmanager
    def budget(self, budget: int, label: str = "block"):
        with CaptureQueriesContext(connection) as ctx:
            yield
        self.at_most(budget, Captured(label, [q["sql"] for q in ctx.captured_queries]))
