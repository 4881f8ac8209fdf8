"""The one error type for bad course data, so every message names where the problem is."""

from __future__ import annotations


class DataError(ValueError):
    """Bad data in a course file: says which file, row, column, what was expected and found.

    ``row`` is a 1-based data row for CSV files (the header is row 0) or a question id for
    quiz banks.
    """

    def __init__(
        self, file: str, row: int | str | None, column: str | None, expected: str, found: object
    ) -> None:
        self.file, self.row, self.column = file, row, column
        self.expected, self.found = expected, found
        where = file
        if row is not None:
            where += f", row {row}" if isinstance(row, int) else f", question {row!r}"
        if column:
            where += f", field {column!r}"
        super().__init__(f"{where}: expected {expected}, found {found!r}")
