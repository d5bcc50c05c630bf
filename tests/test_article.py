"""Reading articles: headers, bad input, HTML and URLs."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from summarize.article import decode, load_article, load_source, parse_text
from summarize.errors import InputError

SEED = Path(__file__).parent.parent / "seeds" / "000_0b078e7ce2398037.txt"


def test_seed_header_becomes_the_date_and_leaves_the_body() -> None:
    """The seed's 'date 2020-08-23' header, on the body's first line, is parsed out."""
    article = load_article(SEED)
    assert dt.date(2020, 8, 23) == article.date
    assert article.text.startswith("The United States-led coalition")
    assert "date 2020" not in article.text


@pytest.mark.parametrize(
    ("raw", "date", "body"),
    [
        ("date 2021-01-02\nBody text.", dt.date(2021, 1, 2), "Body text."),
        ("Date: 2021-01-02  Body text.", dt.date(2021, 1, 2), "Body text."),
        ("No header here, updated 2021-01-02.", None, "No header here, updated 2021-01-02."),
        ("\ufeffdate 2021-01-02 Body.", dt.date(2021, 1, 2), "Body."),
    ],
)
def test_date_header_forms(raw: str, date: dt.date | None, body: str) -> None:
    """Only a leading date header is taken as the date."""
    article = parse_text(raw)
    assert (date, body) == (article.date, article.text)


@pytest.mark.parametrize(
    ("raw", "body"),
    [
        ("He scored. Media playback is not supported on this device The Welsh side won.",
         "He scored. The Welsh side won."),
        ("Intro.\nMedia playback is unsupported on your device\nBody.", "Intro.\n\nBody."),
        ("Scroll down for video  A man fell.", "A man fell."),
        ("These are external links and will open in a new window. The deal was signed.", "The deal was signed."),
        ("Share this withEmailFacebookTwitterWhatsAppCopy this linkThe song went viral.", "The song went viral."),
        # the words in a sentence of the story stay
        ("The club said media playback is not supported on older phones.",
         "The club said media playback is not supported on older phones."),
    ],
)
def test_a_pages_notices_are_dropped(raw: str, body: str) -> None:
    """Scraped news text keeps a page's notices; the article has none of them."""
    assert body == parse_text(raw).text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty or only whitespace"),
        (b"  \n\t \n", "empty or only whitespace"),
        (b"date 2020-01-01   \n", "empty or only whitespace"),
        (b"Media playback is not supported on this device\n", "empty or only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"caf\xe9 au lait", "not valid UTF-8 (byte 3"),
        (b"text with \x01\x02 controls", "control characters"),
    ],
)
def test_bad_files_name_the_file_and_the_problem(tmp_path: Path, content: bytes, message: str) -> None:
    """Unusable files raise InputError naming the file, before any model call."""
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        load_article(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.txt", "no such file"),
        (lambda p: p, "is a directory"),
    ],
)
def test_unreadable_paths(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    """Missing files and directories are input errors, not crashes."""
    with pytest.raises(InputError, match=message):
        load_article(make(tmp_path))


def test_html_keeps_the_article_and_drops_scripts_and_navigation(tmp_path: Path) -> None:
    """An HTML page is reduced to its main text by trafilatura."""
    body = " ".join(["The council approved a budget of $12 million for new schools on Monday."] * 4)
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Budget</title><script>var secret = 'tracking';</script></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/sport'>Sport</a></nav>"
        f"<article><h1>Budget approved</h1><p>{body}</p><p>{body}</p></article>"
        "<footer>Copyright footer links</footer></body></html>",
        encoding="utf-8",
    )
    article = load_source(str(page))
    assert "$12 million" in article.text
    assert "tracking" not in article.text
    assert "Sport" not in article.text


@pytest.mark.parametrize("url", ["ftp://example.com/a.txt", "file:///etc/passwd"])
def test_only_http_urls_are_fetched(url: str) -> None:
    """Other schemes are refused before any connection."""
    with pytest.raises(InputError, match="only http"):
        load_source(url)


@pytest.mark.parametrize("lead", ["", "\ufeff", "\n  "])  # a BOM, as a page saved on Windows has
def test_an_html_page_on_stdin_is_reduced_to_its_main_text(lead: str) -> None:
    """`curl URL | summarize -`: a page given on stdin is read as a fetched one is."""
    body = " ".join(["The council approved a budget of $12 million for new schools on Monday."] * 4)
    page = f"{lead}<!DOCTYPE html><html><body><nav>Top 10</nav><article><p>{body}</p><p>{body}</p></article>"
    article = load_source("-", stdin=page.encode())
    assert "$12 million" in article.text
    assert "Top 10" not in article.text
    assert "<p>" not in article.text


def test_stdin_is_read_as_an_article() -> None:
    """'-' reads the given stdin bytes."""
    article = load_source("-", stdin=b"date 2020-08-23 Some text.")
    assert ("<stdin>", "Some text.") == (article.source, article.text)


def test_decode_drops_a_bom() -> None:
    assert decode(b"\xef\xbb\xbfSales rose 5%.", source="f") == "Sales rose 5%."  # as Windows editors write one


@pytest.mark.parametrize(("data", "named"), [
    (b"\xef\xbb\xbfCaf\xe9 5%", "byte 6: b'\\xe9'"),  # where it is in the file, the mark counted
    (b"Caf\xe9 5%", "byte 3: b'\\xe9'"),
])
def test_decode_names_a_bad_byte_where_it_is_in_the_file(data: bytes, named: str) -> None:
    with pytest.raises(InputError, match=re.escape(named)):
        decode(data, source="f")
