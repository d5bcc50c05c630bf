"""The input: an ``Article`` and the ways to read one from text, bytes or a file.

Files may open with a header line ``date YYYY-MM-DD`` (the sample articles in ``seeds/``
do, on the same line as the body); it becomes the article's date and is kept out of the
text the model sees. So are the notices of a page that scraped news text keeps: a video
player's ("Media playback is not supported on this device", the Daily Mail's "Scroll down
for video") and the BBC's "These are external links and will open in a new window" and
"Share this withEmail...Copy this link". They are in 1,141 of the 7,326 article rows of the
evaluation data's BBC and Daily Mail sets, are no part of the story, and the local model
copied the first, with the article, into the over-long answers for 2 of 10 articles of one
batch.

Anything that is not usable text (empty, whitespace only, binary, not UTF-8) is an
``InputError`` naming the source, raised before any model call.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from summarize.errors import InputError

__all__ = ["Article", "content_id", "decode", "fetch_url", "from_html", "load_article", "load_source", "parse_text"]

_DATE_HEADER = re.compile(
    r"""\A\s*
        date \s*:?\s+                 # the word 'date', optionally 'date:'
        (?P<date>\d{4}-\d{2}-\d{2})   # an ISO date
        \b\s*                         # the body follows on the same line or the next
    """,
    re.VERBOSE | re.IGNORECASE,
)
# A page's notices, left in scraped text mid-paragraph, often with no full stop or space:
# a video player's, and the BBC's links and sharing buttons.
_PAGE_NOTICE = re.compile(
    r"[ \t]*\b(?:Media playback is (?:not supported on this device|unsupported on your device)\b"
    r"|Scroll down for video\b"
    r"|These are external links and will open in a new window\.?"
    r"|Share this with(?:Email|Facebook|Messenger|Twitter|Pinterest|WhatsApp|LinkedIn)*Copy this link)[ \t]*"
)
_NOTICE_MARKS = ("Media playback", "Scroll down", "These are external", "Share this with")
# Control characters other than tab, newline and carriage return mark a binary file.
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f]")


def content_id(text: str) -> str:
    """A stable id for an article: the first 16 hex digits of its text's SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Article(BaseModel):
    """One article to summarize. Only ``text`` is required."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(description="The body of the article.")
    id: str | None = Field(default=None, description="Caller's id; defaults to a content hash.")
    title: str | None = None
    url: str | None = None
    date: dt.date | None = None
    source: str | None = Field(default=None, description="Where it was read from, for messages.")

    @field_validator("text")
    @classmethod
    def _usable_text(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("the article is empty or only whitespace")
        if _BINARY.search(text[:65536]):
            raise ValueError("the article contains control characters; it looks like a binary file")
        return text

    @property
    def key(self) -> str:
        """The caller's id, or a hash of the text when none was given."""
        return self.id or content_id(self.text)


def parse_text(
    raw: str,
    *,
    source: str | None = None,
    id: str | None = None,  # noqa: A002 - mirrors the field name
    title: str | None = None,
    url: str | None = None,
    date: dt.date | None = None,
) -> Article:
    """Build an ``Article`` from text, reading a leading ``date YYYY-MM-DD`` header."""
    text = raw.lstrip("\ufeff")
    header = _DATE_HEADER.match(text)
    if header:
        try:
            header_date = dt.date.fromisoformat(header["date"])
        except ValueError:
            raise InputError(f"bad date header {header['date']!r}", source=source) from None
        date = date or header_date
        text = text[header.end() :]
    if any(mark in text for mark in _NOTICE_MARKS):
        text = _PAGE_NOTICE.sub(_space, text)
    if not text.strip():
        raise InputError("the article is empty or only whitespace", source=source)
    if _BINARY.search(text[:65536]):
        raise InputError("the file contains control characters; it looks like a binary file", source=source)
    return Article(text=text.strip(), id=id, title=title, url=url, date=date, source=source)


def _space(notice: re.Match[str]) -> str:
    """What stands for a removed notice: a space between words, nothing at a line's end."""
    start, end = notice.span()
    text = notice.string
    inside = 0 < start and end < len(text) and text[start - 1] != "\n" and text[end] != "\n"
    return " " if inside else ""


def decode(data: bytes, *, source: str) -> str:
    """Decode bytes as UTF-8, refusing binary data and other encodings with an ``InputError``.
    A leading byte-order mark (Windows editors write one) is dropped."""
    if b"\x00" in data[:65536]:
        raise InputError("the file is binary (it contains NUL bytes), not text", source=source)
    try:
        return data.decode("utf-8").removeprefix("\ufeff")  # not 'utf-8-sig': it counts error positions after the mark
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the file is not valid UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r}); "
            "convert it to UTF-8 first",
            source=source,
        ) from None


def load_article(path: str | Path) -> Article:
    """Read one article from a text file (``.txt``, ``.md``; a ``date`` header is read)."""
    path = Path(path)
    source = str(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError("is a directory, not an article file", source=source) from None
    except FileNotFoundError:
        raise InputError("no such file", source=source) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=source) from None
    return parse_text(decode(data, source=source), source=source)


def from_html(html: str, *, source: str) -> Article:
    """Extract the main text of an HTML page (navigation, scripts and boilerplate dropped)."""
    import trafilatura  # heavy; only for HTML input

    extracted = trafilatura.bare_extraction(html, include_comments=False, with_metadata=True)
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise InputError("no article text found in the HTML page", source=source)
    title = getattr(extracted, "title", None)
    raw_date = getattr(extracted, "date", None)
    try:
        date = dt.date.fromisoformat(raw_date[:10]) if raw_date else None
    except ValueError:
        date = None
    return parse_text(text, source=source, title=title, date=date)


# URL fetching is bounded: pages larger than this or slower than the timeout are refused.
MAX_FETCH_BYTES = 5_000_000
FETCH_TIMEOUT = 20.0
MAX_REDIRECTS = 5


def fetch_url(url: str, *, timeout: float = FETCH_TIMEOUT, max_bytes: int = MAX_FETCH_BYTES) -> Article:
    """Fetch an http(s) page and extract its article text."""
    import httpx2

    if not url.lower().startswith(("http://", "https://")):
        raise InputError("only http:// and https:// URLs are fetched", source=url)
    try:
        with (
            httpx2.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=timeout) as client,
            client.stream("GET", url, headers={"User-Agent": "summarize/0.1"}) as response,
        ):
            if response.status_code >= 400:
                raise InputError(f"the server answered HTTP {response.status_code}", source=url)
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise InputError(f"the page is larger than {max_bytes} bytes", source=url)
                chunks.append(chunk)
            content_type = response.headers.get("content-type", "")
    except httpx2.TooManyRedirects:
        raise InputError(f"more than {MAX_REDIRECTS} redirects", source=url) from None
    except httpx2.TimeoutException:
        raise InputError(f"no complete answer within {timeout:g} s", source=url) from None
    except httpx2.HTTPError as exc:
        raise InputError(f"cannot fetch: {exc}", source=url) from None
    body = b"".join(chunks)
    text = decode(body, source=url) if "charset" not in content_type else body.decode(
        content_type.split("charset=")[-1].split(";")[0].strip() or "utf-8", errors="replace"
    )
    if "html" in content_type or text.lstrip()[:1] == "<":
        return from_html(text, source=url)
    return parse_text(text, source=url)


def load_source(arg: str, *, stdin: bytes | None = None) -> Article:
    """Read an article from a command-line argument: a path, ``-`` (stdin) or a URL."""
    if arg == "-":
        text = decode(stdin if stdin is not None else b"", source="<stdin>")
        if text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):  # `curl URL | summarize -`
            return from_html(text, source="<stdin>")
        return parse_text(text, source="<stdin>")
    if arg.lower().startswith(("http://", "https://")):
        return fetch_url(arg)
    if "://" in arg:
        raise InputError("only http:// and https:// URLs are fetched", source=arg)
    path = Path(arg)
    if path.suffix.lower() in {".html", ".htm"}:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", source=arg) from None
        return from_html(decode(data, source=arg), source=arg)
    return load_article(path)
