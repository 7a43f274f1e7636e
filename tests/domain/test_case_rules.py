"""Case rules: what the SQL written from them says, and the limits an item may promise."""

from counter_app.db.models import OPEN_CASES
from counter_app.domain.cases import OPEN_STATUSES


def test_the_open_cases_index_condition_is_the_domains_open_statuses() -> None:
    assert f"status IN ({', '.join(repr(status.value) for status in sorted(OPEN_STATUSES))})" == OPEN_CASES


def test_a_promise_longer_than_the_law_or_a_quick_case_not_promised_on_the_spot_is_wrong() -> None:
    from counter_app.domain.cases import LimitUnit, TimeLimit, promise_problem
    from counter_app.domain.catalogue import CaseType

    days = TimeLimit(LimitUnit.WORKING_DAYS, 20)
    assert promise_problem(days, TimeLimit(LimitUnit.WORKING_DAYS, 3), CaseType.PROMISED) is None
    assert promise_problem(days, TimeLimit(LimitUnit.WORKING_DAYS, 21), CaseType.PROMISED) == "longer"
    assert promise_problem(days, TimeLimit(LimitUnit.NONE), CaseType.PROMISED) == "longer"
    assert promise_problem(TimeLimit(LimitUnit.ON_THE_SPOT), TimeLimit(LimitUnit.WORKING_DAYS, 1), CaseType.PROMISED) == "longer"
    assert promise_problem(days, TimeLimit(LimitUnit.MONTHS, 1), CaseType.PROMISED) is None  # units not compared
    assert promise_problem(days, TimeLimit(LimitUnit.WORKING_DAYS, 1), CaseType.ON_THE_SPOT) == "not_on_the_spot"
    assert promise_problem(days, TimeLimit(LimitUnit.ON_THE_SPOT), CaseType.ON_THE_SPOT) is None
