"""The ingest form's body, read as it streams in, with the write token checked first.

Starlette's ``Request.form()`` reads the whole body (spooling files to disk) before the endpoint
can look at a single field, so a client without the token could still make the server take in a
body of any size. This reader feeds the stream to python-multipart's push parsers (the parser
Starlette itself uses) and stops as soon as the first field has ended: unless that field is
``token`` and the token is valid, nothing after it is read. The form puts the token first, and
browsers send fields in document order. The body's total size is capped by the app's guard
middleware while it streams.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

from python_multipart import MultipartParser, QuerystringParser
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import parse_options_header

from ..errors import Code, RashomonError

MAX_TOKEN = 1024  # a token is 43 characters; a longer first field is not one
MAX_PARTS = 1000  # fields and files together, as Starlette's own limit


@dataclass
class Form:
    """The fields (the last value of each name) and the uploaded files, in order."""

    fields: dict[str, str] = field(default_factory=dict)
    files: list[tuple[str, bytes]] = field(default_factory=list)  # (file name, bytes)


@dataclass
class _Part:
    name: str = ""
    filename: str | None = None
    data: bytearray = field(default_factory=bytearray)


class _State:
    """What the parser callbacks have seen so far; checked after every chunk."""

    def __init__(self, check_token: Callable[[str], bool]) -> None:
        self.check_token = check_token
        self.form = Form()
        self.part = _Part()
        self.header_name = b""
        self.header_value = b""
        self.disposition = b""
        self.parts = 0
        self.verified = False

    def begin(self) -> None:
        self.parts += 1
        if self.parts > MAX_PARTS:
            raise RashomonError(Code.USAGE, f"the form has more than {MAX_PARTS} fields and files")
        if self.parts > 1 and not self.verified:
            raise _refused()
        self.part = _Part()
        self.disposition = b""

    def data(self, chunk: bytes) -> None:
        if not self.verified and len(self.part.data) + len(chunk) > MAX_TOKEN:
            raise _refused()
        self.part.data += chunk

    def end(self) -> None:
        p = self.part
        if not self.verified:
            token = bytes(p.data).decode("utf-8", "replace").strip()
            if p.name != "token" or p.filename is not None or not self.check_token(token):
                raise _refused()
            self.verified = True
            return
        if p.filename is not None:
            if p.filename:  # a file input left empty sends a part with filename=""
                self.form.files.append((p.filename, bytes(p.data)))
        else:
            self.form.fields[p.name] = bytes(p.data).decode("utf-8", "replace")

    # multipart headers
    def header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_name += data[start:end]

    def header_data(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def header_end(self) -> None:
        if self.header_name.lower() == b"content-disposition":
            self.disposition = self.header_value
        self.header_name = self.header_value = b""

    def headers_finished(self) -> None:
        _, options = parse_options_header(self.disposition)
        self.part.name = options.get(b"name", b"").decode("utf-8", "replace")
        filename = options.get(b"filename")
        self.part.filename = None if filename is None else filename.decode("utf-8", "replace")


def _refused() -> RashomonError:
    return RashomonError(
        Code.AUTH,
        "the write token is missing or wrong",
        fix="paste the write token that 'rashomon serve' printed (a new one: 'rashomon token "
        "--rotate'); it must be the form's first field",
    )


async def read_form(
    content_type: str,
    stream: AsyncIterator[bytes],
    check_token: Callable[[str], bool],
    verified: bool = False,
) -> Form:
    """Parse a ``multipart/form-data`` or ``application/x-www-form-urlencoded`` body whose first
    field must be a valid ``token``; raises :class:`RashomonError` (E016) the moment it is not.
    ``verified``: the writer is known already (the form's session cookie), no token needed."""
    media, params = parse_options_header(content_type)
    st = _State(check_token)
    st.verified = verified
    parser: MultipartParser | QuerystringParser
    if media == b"multipart/form-data":
        boundary = params.get(b"boundary")
        if not boundary:
            raise RashomonError(Code.USAGE, "a multipart form without a boundary")
        parser = MultipartParser(
            boundary,
            {
                "on_part_begin": st.begin,
                "on_part_data": lambda d, s, e: st.data(d[s:e]),
                "on_part_end": st.end,
                "on_header_field": st.header_field,
                "on_header_value": st.header_data,
                "on_header_end": st.header_end,
                "on_headers_finished": st.headers_finished,
            },
        )
    elif media == b"application/x-www-form-urlencoded":
        name = bytearray()

        def field_end() -> None:
            from urllib.parse import unquote_plus

            st.part.name = unquote_plus(name.decode("latin-1"))
            value = unquote_plus(bytes(st.part.data).decode("latin-1"), encoding="utf-8")
            st.part.data = bytearray(value.encode("utf-8"))
            name.clear()
            st.end()

        parser = QuerystringParser(
            {
                "on_field_start": st.begin,
                "on_field_name": lambda d, s, e: name.extend(d[s:e]),
                "on_field_data": lambda d, s, e: st.data(d[s:e]),
                "on_field_end": field_end,
            }
        )
    else:
        raise RashomonError(
            Code.UNSUPPORTED,
            f"the form was sent as {media.decode('latin-1') or 'no content type'}",
            fix="send it as multipart/form-data, as the page's form does",
        )
    try:
        async for chunk in stream:
            parser.write(chunk)
        parser.finalize()
    except FormParserError as exc:
        raise RashomonError(Code.MALFORMED, f"the form cannot be parsed ({exc})") from None
    if not st.verified:
        raise _refused()
    return st.form
