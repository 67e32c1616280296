"""The exception hierarchy. The CLI maps each to an exit code, the web layer to a status."""
from __future__ import annotations


class BriefingError(Exception):
    """Base of every error briefing-kg raises on purpose."""

    exit_code = 3


class InputError(BriefingError):
    """Unreadable or malformed input; names the file, line and key where it can."""

    exit_code = 2

    def __init__(self, message: str, *, path: object = None, line: int | None = None, key: str | None = None):
        self.path = path
        self.line = line
        self.key = key
        where = ""
        if path is not None:
            where = str(path)
            if line is not None:
                where += f":{line}"
            if key:
                where += f" ({key})"
            where += ": "
        super().__init__(where + message)
        self.message = message


class SourceError(InputError):
    """A source release that cannot be read or segmented."""


class FactsError(InputError):
    """A facts file that does not parse or refers to something that does not exist."""


class ValidationFailed(BriefingError):
    """The mapped graph does not conform to the shapes; nothing was published."""

    exit_code = 1

    def __init__(self, report):
        self.report = report
        super().__init__(f"the graph does not conform: {len(report.results)} violation(s)")


class StoreError(BriefingError):
    """The store could not be opened, loaded or queried."""
