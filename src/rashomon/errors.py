"""Every failure rashomon reports on purpose: a stable code, what went wrong, and how to fix it.

One boundary (``rashomon.cli`` for the terminal, ``rashomon.web`` for HTTP) turns these into a
one-line message and an exit code or an HTTP status. Library code raises them and never prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Code(StrEnum):
    """Stable error codes; the value is what users and scripts see and may grep for."""

    EMPTY = "E001"  # the input holds no text at all
    BINARY = "E002"  # the input is not text (images, archives, executables, ...)
    TOO_LARGE = "E003"  # the input exceeds the size limit
    ENCODING = "E004"  # the bytes decode to nothing sensible
    NOT_ARTICLE = "E005"  # text, but no article body could be found in it
    MALFORMED = "E006"  # a JSON/JSONL/feed record that cannot be parsed
    TRUNCATED = "E007"  # the input ends in the middle of a record
    NOT_FOUND = "E008"  # a path, URL or id that does not exist
    UNSUPPORTED = "E009"  # an input kind rashomon does not read
    NETWORK = "E010"  # a URL could not be fetched (time-out, status, redirects)
    FORBIDDEN_ADDRESS = "E011"  # a URL resolves to a private, loopback or link-local address
    DUPLICATE = "W012"  # the same content was ingested before (a warning, not an error)
    DATABASE = "E013"  # the database file cannot be opened or is corrupt
    MODEL = "E014"  # a language model package is missing
    USAGE = "E015"  # wrong arguments
    AUTH = "E016"  # a write without a valid token
    INTERNAL = "E017"  # an unexpected failure (a bug): the HTTP boundary's 500


# Exit codes for the CLI: distinct per family so scripts can tell them apart.
EXIT_OK = 0
EXIT_PARTIAL = 1  # some inputs failed, the rest were processed
EXIT_INPUT = 2  # every input failed, or the one input failed
EXIT_USAGE = 64  # like sysexits EX_USAGE
EXIT_NOT_FOUND = 66  # like sysexits EX_NOINPUT
EXIT_SOFTWARE = 70  # an unexpected internal error (a bug: please report it)
EXIT_DATABASE = 74  # like sysexits EX_IOERR

HTTP_STATUS: dict[Code, int] = {
    Code.EMPTY: 422,
    Code.BINARY: 415,
    Code.TOO_LARGE: 413,
    Code.ENCODING: 422,
    Code.NOT_ARTICLE: 422,
    Code.MALFORMED: 422,
    Code.TRUNCATED: 422,
    Code.NOT_FOUND: 404,
    Code.UNSUPPORTED: 415,
    Code.NETWORK: 502,
    Code.FORBIDDEN_ADDRESS: 403,
    Code.DUPLICATE: 200,
    Code.DATABASE: 500,
    Code.MODEL: 500,
    Code.USAGE: 400,
    Code.AUTH: 401,
    Code.INTERNAL: 500,
}

FIXES: dict[Code, str] = {
    Code.EMPTY: "give a file that contains the article's text",
    Code.BINARY: "give a text, HTML, JSON/JSONL or feed file, not a binary one",
    Code.TOO_LARGE: "split the input, or raise the limit with --max-bytes",
    Code.ENCODING: "re-save the file as UTF-8",
    Code.NOT_ARTICLE: "give the page of a single article (not an index, a login page or a fragment)",
    Code.MALFORMED: "fix the record so it is valid JSON/XML",
    Code.TRUNCATED: "the file was cut short; fetch or export it again",
    Code.NOT_FOUND: "check the path, URL or id",
    Code.UNSUPPORTED: "give .txt, .html, .json, .jsonl, .xml/.rss/.atom or a URL",
    Code.NETWORK: "check the URL and that the host answers",
    Code.FORBIDDEN_ADDRESS: "pass --allow-private to fetch from private or local addresses",
    Code.DUPLICATE: "nothing to do: the stored copy is kept",
    Code.DATABASE: "check the --db path; restore from a copy if the file is damaged",
    Code.MODEL: "run the set-up command from the README to install the models",
    Code.USAGE: "see --help",
    Code.AUTH: "send 'Authorization: Bearer TOKEN' (see 'rashomon token')",
    Code.INTERNAL: "a bug: the server's log has the traceback; please report it",
}


@dataclass(eq=False)
class RashomonError(Exception):
    """An expected failure: the message names the input and the problem; ``fix`` says what to do."""

    code: Code
    message: str
    source: str | None = None
    fix: str | None = None

    def __post_init__(self) -> None:
        Exception.__init__(self, self.one_line())
        if self.fix is None:
            self.fix = FIXES.get(self.code)

    @property
    def is_warning(self) -> bool:
        return self.code.value.startswith("W")

    def one_line(self) -> str:
        where = f"{self.source}: " if self.source else ""
        fix = self.fix if self.fix is not None else FIXES.get(self.code)
        tail = f" ({fix})" if fix else ""
        return f"{where}{self.message} [{self.code.value}]{tail}".replace("\n", " ")

    def to_dict(self) -> dict[str, str | None]:
        """The JSON error shape shared by the CLI (--format json) and the HTTP API."""
        return {
            "code": self.code.value,
            "name": self.code.name.lower(),
            "message": self.message,
            "source": self.source,
            "fix": self.fix,
        }

    @property
    def http_status(self) -> int:
        return HTTP_STATUS.get(self.code, 400)
