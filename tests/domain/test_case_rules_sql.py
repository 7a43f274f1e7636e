"""The SQL written from the case rules says what the domain says."""

from counter_app.db.models import OPEN_CASES
from counter_app.domain.cases import OPEN_STATUSES


def test_the_open_cases_index_condition_is_the_domains_open_statuses() -> None:
    assert f"status IN ({', '.join(repr(status.value) for status in sorted(OPEN_STATUSES))})" == OPEN_CASES
