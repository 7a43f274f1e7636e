"""The streamed CSV reader both importers are built on, with a minimal file kind of its own
(the importers' own rules are tested in test_catalogue_import.py and test_licence_import.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from counter_app.errors import ValidationError
from counter_app.services.csv_reading import (
    MAX_PROBLEMS_REPORTED,
    MAX_ROW_BYTES,
    CsvImportError,
    Problems,
    StreamedCsvReader,
    open_file,
    problem,
)


class _WordsError(CsvImportError):
    MANY = "The word file has {count} problems (the first {shown} are listed)."
    ALL = "The word file has {count} problem(s)."


class _WordsReader(StreamedCsvReader[tuple[int, str]]):
    """A header ``word``, then one word a row: no digits."""

    ROW_TOO_LONG = "The row is longer than {limit} bytes."
    NOT_CSV = "Not a word file."
    EMPTY = "Empty."
    NO_ROWS = "No words."

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data), Problems(_WordsError))

    def _header(self, fields: list[str]) -> int:
        if fields != ["word"]:
            raise problem("The header must be word.")
        return 1

    def _row(self, line: int, fields: list[str]) -> tuple[int, str]:
        if any(char.isdigit() for char in fields[0]):
            raise problem("A digit in {word}.", word=fields[0])
        return line, fields[0]


def _read(data: bytes) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    reader = _WordsReader(data)
    rows = list(reader.rows())
    return rows, [(kept.line, kept.message.english()) for kept in reader.problems.kept]


def test_rows_carry_the_physical_line_where_they_start_and_a_bom_is_passed_over() -> None:
    rows, problems = _read('\ufeffword\r\nalpha\r\n\r\n"be\nta"\r\ngamma\r\n'.encode())
    assert rows == [(2, "alpha"), (4, "be\nta"), (6, "gamma")] and problems == []


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", [(1, "Empty.")]),
        (b"word\n\n", [(2, "No words.")]),
        (b"name\nalpha\n", [(1, "The header must be word.")]),
        (b"PK\x03\x04\x00\nalpha\n", [(1, "Not a word file.")]),
        ("word".encode("utf-16"), [(1, "Not a word file.")]),
        (b"word\nalpha\n\xff\xfe\n", [(3, "The file is not UTF-8 text (save it as UTF-8 CSV).")]),
        (b"word\nalpha,beta\nr2d2\n", [(2, "The row has 2 fields; the header has 1."), (3, "A digit in r2d2.")]),
        (b"word\na\rb\n", [(2, "The row has a line break (CR) inside a field without quotes: quote the field, or save "
                                "the file with ordinary line endings.")]),
        (b"word\nalpha\n\"" + b"x" * MAX_ROW_BYTES, [(3, f"The row is longer than {MAX_ROW_BYTES} bytes.")]),
    ],
)
def test_a_problem_is_reported_at_its_line(data: bytes, expected: list[tuple[int, str]]) -> None:
    assert _read(data)[1] == expected


def test_rows_are_yielded_after_a_problem_unless_the_reader_says_not() -> None:
    data = b"word\nr2d2\nalpha\n"
    assert _read(data)[0] == [(3, "alpha")]

    class Strict(_WordsReader):
        YIELD_AFTER_PROBLEM = False

    reader = Strict(data)
    assert list(reader.rows()) == []
    assert reader.problems.count == 1


def test_problems_are_counted_all_kept_up_to_the_cap_and_raised_by_line() -> None:
    problems = Problems(_WordsError)
    problems.raise_if_any()  # none: nothing raised
    for line in range(MAX_PROBLEMS_REPORTED + 10, 0, -1):
        problems.add(line, problem("Line {line}.", line=line))
    with pytest.raises(_WordsError) as caught:
        problems.raise_if_any()
    error = caught.value
    assert error.total == MAX_PROBLEMS_REPORTED + 10 and len(error.problems) == MAX_PROBLEMS_REPORTED
    assert [kept.line for kept in error.problems] == sorted(range(11, MAX_PROBLEMS_REPORTED + 11))
    assert error.english() == f"The word file has {MAX_PROBLEMS_REPORTED + 10} problems (the first {MAX_PROBLEMS_REPORTED} are listed)."
    assert _WordsError([]).english() == "The word file has 0 problem(s)."


def test_a_file_that_cannot_be_opened_is_a_validation_error(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="cannot be read"):
        open_file(tmp_path / "missing.csv")
