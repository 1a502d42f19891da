"""The exceptions a user can cause. The CLI turns each into one message and its exit code."""

from __future__ import annotations

from dataclasses import dataclass


class ReportgenError(Exception):
    """Base of every error reportgen raises on purpose; `exit_code` is what the CLI returns."""

    exit_code = 1


class OptionError(ReportgenError):
    """A command-line option names something that does not exist or cannot be used."""

    exit_code = 2


class DataError(ReportgenError):
    """The datasets failed validation; carries every problem found, not only the first."""

    exit_code = 3

    def __init__(self, problems: list["Problem"]):
        self.problems = problems
        lines = [p.describe() for p in problems]
        shown = lines[:50]
        more = f"\n… and {len(lines) - 50} more" if len(lines) > 50 else ""
        super().__init__(
            f"The data has {len(problems)} problem(s); nothing was built.\n"
            + "\n".join(shown)
            + more
        )


class InputError(ReportgenError):
    """A file or directory the user pointed at is missing, unreadable or unwritable."""

    exit_code = 4


class RenderError(ReportgenError):
    """A brief could not be rendered (a template, font or chart problem)."""

    exit_code = 5


@dataclass(frozen=True)
class Problem:
    """One validation finding: where it is (file, row, column) and what is wrong."""

    file: str
    row: int | None  # line number in the file as a spreadsheet shows it (header = 1)
    column: str | None
    code: str
    message: str
    in_text: bool = False  # a text file (commentary): row is a line, column a character position

    def describe(self) -> str:
        where = self.file
        if self.in_text:
            where += f", line {self.row}" + (f", column {self.column}" if self.column else "")
            return f"{where}: {self.message} [{self.code}]"
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message} [{self.code}]"
