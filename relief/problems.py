"""A validation problem that names the file, row and column it concerns."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or worth a warning) in a data file.

    ``row`` is the spreadsheet row: the header is row 1, the first record
    row 2. It is ``None`` when the problem concerns the whole file.
    ``column`` is ``None`` when the problem concerns no single column.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    severity: str = "error"  # "error" or "warning"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def location(self) -> str:
        """``file:row:column`` with ``-`` for an unknown part (the CLI format)."""
        row = "-" if self.row is None else str(self.row)
        return f"{self.file}:{row}:{self.column or '-'}"

    def __str__(self) -> str:
        prefix = "" if self.is_error else "warning: "
        return f"{self.location()}: {prefix}{self.message}"

    def sentence(self) -> str:
        """A human sentence for the app: 'In claims.csv, row 4, column quote: ...'."""
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column “{self.column}”")
        return f"In {', '.join(where)}: {self.message}"

    def to_dict(self) -> dict:
        return asdict(self)


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def shorten(value: object, limit: int = 60) -> str:
    """A found value quoted in a message: on one line, cut to ``limit`` characters with an ellipsis."""
    text = str(value).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
