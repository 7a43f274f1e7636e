"""Reading a CSV file as a stream of checked rows, all or nothing: what the catalogue
import (``services.catalogue``) and the licence import (``services.licences.importing``)
share.

A file is read one physical line at a time: UTF-8 (a BOM at its start is passed over), no
row longer than ``MAX_ROW_BYTES`` (all its physical lines), no field longer than the csv
module's field limit. Every problem is collected with the physical line where its row
starts (a row with a quoted multi-line field is reported at the line where it starts); the
first ``MAX_PROBLEMS_REPORTED`` are kept, all are counted. A row the csv module cannot read
is reported and skipped; a file that cannot be read on (not UTF-8, a row without end) is
reported where it stops. Memory stays bounded whatever the file's size: one row at a time.

A reader of one kind of file subclasses ``StreamedCsvReader``: its messages that name what
the file holds, the check of its header row and the check of a row.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, ClassVar, Generic, TypeVar

from counter_app.errors import UserError, ValidationError
from counter_app.i18n import QT_TRANSLATE_NOOP

MAX_PROBLEMS_REPORTED = 200
# A row (all its physical lines) may not be longer than this: an open quote that is never
# closed, or a file of another kind, is refused before it fills the memory.
MAX_ROW_BYTES = 1 << 20
UTF8_BOM = b"\xef\xbb\xbf"
# Control characters no text file has in its header: a binary file (a spreadsheet).
BINARY_CHARACTERS = frozenset(chr(code) for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F))

RowT = TypeVar("RowT")


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: UserError


def problem(text: str, **params: object) -> ValidationError:
    return ValidationError(text, **params)


class CsvImportError(ValidationError):
    """A file with problems: nothing of it was imported.

    ``problems``: the first ``MAX_PROBLEMS_REPORTED`` problems, by line; ``total``: how
    many problems were found in all. A subclass gives the two messages (``MANY``: some are
    not listed; ``ALL``: all are), with ``{count}`` and ``{shown}``."""

    MANY: ClassVar[str]
    ALL: ClassVar[str]

    def __init__(self, problems: list[RowProblem], total: int | None = None) -> None:
        total = len(problems) if total is None else total
        if total > len(problems):
            super().__init__(self.MANY, count=total, shown=len(problems))
        else:
            super().__init__(self.ALL, count=total)
        self.problems = problems
        self.total = total


class Problems:
    """Problems of a file: the first ``MAX_PROBLEMS_REPORTED`` kept, all counted;
    ``raise_if_any`` raises ``error`` with those kept, by line."""

    def __init__(self, error: type[CsvImportError]) -> None:
        self.kept: list[RowProblem] = []
        self.count = 0
        self._error = error

    def add(self, line: int, error: UserError) -> None:
        self.count += 1
        if len(self.kept) < MAX_PROBLEMS_REPORTED:
            self.kept.append(RowProblem(line, error))

    def raise_if_any(self) -> None:
        if self.count:
            raise self._error(sorted(self.kept, key=lambda kept: kept.line), total=self.count)


class _Unreadable(Exception):
    """The rest of the file cannot be read (not UTF-8, a row without end): stop there."""

    def __init__(self, line: int, error: ValidationError) -> None:
        super().__init__(error.english())
        self.line = line
        self.error = error


class StreamedCsvReader(Generic[RowT]):
    """Reads a CSV file from a binary stream, one row at a time.

    ``rows()`` yields every row that passes ``_row`` and reads on to the end of the file
    (``YIELD_AFTER_PROBLEM`` False: yields nothing more once a problem has been found, but
    still checks the rest); problems are collected in ``problems``. A subclass sets the
    messages that name what the file holds (marked with ``QT_TRANSLATE_NOOP("Errors", …)``
    where they are written) and implements ``_header`` and ``_row``."""

    # "The row is longer than {limit} bytes: …", naming what the file should be.
    ROW_TOO_LONG: ClassVar[str]
    # The file is not CSV text in UTF-8: how to save the file.
    NOT_CSV: ClassVar[str]
    # The file has no header: what it needs.
    EMPTY: ClassVar[str]
    # The file has a header but no rows.
    NO_ROWS: ClassVar[str]
    YIELD_AFTER_PROBLEM: ClassVar[bool] = True

    def __init__(self, stream: BinaryIO, problems: Problems) -> None:
        self._stream = stream
        self.problems = problems
        self._line = 0  # physical lines read so far
        self._row_start = 1
        self._row_bytes = 0

    def _header(self, fields: list[str]) -> int:
        """Check the header row (``ValidationError`` if wrong) and take its columns; the
        number of fields every row must have."""
        raise NotImplementedError

    def _row(self, line: int, fields: list[str]) -> RowT:
        """The checked row (of the header's width) that starts at ``line``, or ``ValidationError``."""
        raise NotImplementedError

    def rows(self) -> Iterator[RowT]:
        reader = csv.reader(self._lines(), strict=False)
        try:
            width = self._read_header(reader)
            if width is None:
                return
            count = 0
            while (fields := self._next_record(reader)) is not None:
                line = self._row_start
                if not any(value.strip() for value in fields):
                    continue  # blank line
                if len(fields) != width:
                    self.problems.add(
                        line,
                        problem(
                            QT_TRANSLATE_NOOP("Errors", "The row has {found} fields; the header has {expected}."),
                            found=len(fields),
                            expected=width,
                        ),
                    )
                    continue
                try:
                    row = self._row(line, fields)
                except ValidationError as error:
                    self.problems.add(line, error)
                    continue
                count += 1
                if self.YIELD_AFTER_PROBLEM or not self.problems.count:
                    yield row
            if not count and not self.problems.count:
                self.problems.add(self._line, problem(self.NO_ROWS))
        except _Unreadable as unreadable:
            self.problems.add(unreadable.line, unreadable.error)

    def _read_header(self, reader: Iterator[list[str]]) -> int | None:
        """The width of the checked header, or None (reported) if the file cannot be one of its kind."""
        while (fields := self._next_record(reader)) is not None and not any(value.strip() for value in fields):
            pass  # blank lines before the header
        if fields is None:
            if not self.problems.count:
                self.problems.add(1, problem(self.EMPTY))
            return None
        if any(char in BINARY_CHARACTERS for value in fields for char in value):
            self.problems.add(self._row_start, problem(self.NOT_CSV))
            return None
        try:
            return self._header(fields)
        except ValidationError as error:
            self.problems.add(self._row_start, error)
            return None

    def _lines(self) -> Iterator[str]:
        readline = self._stream.readline
        while True:
            raw = readline(MAX_ROW_BYTES + 1)
            if not raw:
                return
            self._line += 1
            self._row_bytes += len(raw)
            if self._row_bytes > MAX_ROW_BYTES:
                raise _Unreadable(self._row_start, problem(self.ROW_TOO_LONG, limit=MAX_ROW_BYTES))
            if self._line == 1 and raw.startswith(UTF8_BOM):
                raw = raw[len(UTF8_BOM) :]
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                if self._line == 1:
                    raise _Unreadable(1, problem(self.NOT_CSV)) from None
                raise _Unreadable(
                    self._line,
                    problem(QT_TRANSLATE_NOOP("Errors", "The file is not UTF-8 text (save it as UTF-8 CSV).")),
                ) from None

    def _next_record(self, reader: Iterator[list[str]]) -> list[str] | None:
        """The next record (None at the end); a broken one is reported and skipped."""
        while True:
            self._row_start = self._line + 1
            self._row_bytes = 0
            try:
                return next(reader)
            except StopIteration:
                return None
            except csv.Error as exc:
                self.problems.add(self._row_start, _csv_problem(exc))


def open_file(path: Path) -> BinaryIO:
    """``path`` opened for reading as a stream, or ``ValidationError`` saying why not."""
    try:
        return path.open("rb")
    except OSError as exc:
        raise ValidationError(
            QT_TRANSLATE_NOOP("Errors", "The file {path} cannot be read: {reason}"), path=str(path), reason=exc.strerror
        ) from exc


def _csv_problem(exc: csv.Error) -> ValidationError:
    reason = str(exc)
    if "field larger than field limit" in reason:
        return problem(
            QT_TRANSLATE_NOOP(
                "Errors", "A field of the row is longer than {limit} characters, far more than any column allows."
            ),
            limit=csv.field_size_limit(),
        )
    if "new-line character" in reason:
        return problem(
            QT_TRANSLATE_NOOP(
                "Errors",
                "The row has a line break (CR) inside a field without quotes: quote the field, or save the file with "
                "ordinary line endings.",
            )
        )
    return problem(QT_TRANSLATE_NOOP("Errors", "The row is not valid CSV: {reason}."), reason=reason)
