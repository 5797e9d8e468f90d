"""Feed documents (RSS 0.9x/1.0/2.0, Atom) -> `Entry` records.

Two parsers: fastfeedparser (compiled, about 50 times faster) for well-formed UTF-8
documents, and feedparser for everything else: other encodings, broken ("bozo")
documents, which are used as far as they parse with the fault reported, and anything
the fast parser cannot read. A document that declares XML entities is refused before
either parser sees it, since that is how entity-expansion attacks ("billion laughs")
start and no real news feed needs them.
"""

from __future__ import annotations

import calendar
import functools
import hashlib
import re
import xml.parsers.expat
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import dateparser
import fastfeedparser
import feedparser
import lxml.html

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote"}
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


class FeedError(Exception):
    """The document cannot be used as a feed at all."""


@dataclass
class Entry:
    """One feed item. Its text is converted from HTML only when first read, so an entry
    already seen in an earlier poll costs no HTML parsing."""

    title: str
    url: str
    guid: str | None
    published: datetime
    # default_factory, not a plain default: no class attribute shadows __getattr__ below
    summary: str = field(default_factory=str)
    content: str = field(default_factory=str)
    outlet: str | None = None
    # True: `published` is the item's own date; False: it had none, or one that cannot be
    # (see `plausible`), and the fetch time stands in. Relative days in the text are read
    # only against a known date, and on a feed's first poll such an item is catch-up.
    published_known: bool = True
    summary_html: str | None = None
    content_html: str | None = None

    def __post_init__(self) -> None:
        if self.summary_html is not None or self.content_html is not None:
            self.__dict__.pop("summary", None)  # computed on first access below
            self.__dict__.pop("content", None)

    def __getattr__(self, name: str) -> str:
        if name == "summary":
            value = html_to_text(self.summary_html or "")
        elif name == "content":
            value = html_to_text(self.content_html or "")
        else:
            raise AttributeError(name)
        self.__dict__[name] = value
        return value

    def size(self) -> int:
        """Characters this entry carries: its markup, or its text once converted."""
        have = self.__dict__
        return len(self.title) + len(have.get("summary", self.summary_html or "")) + \
            len(have.get("content", self.content_html or ""))

    def without_text(self) -> Entry:
        """This entry without its text and markup: what an entry that is seen or
        irrelevant takes back from a worker (its identity, title, date and outlet)."""
        slim = object.__new__(Entry)
        slim.__dict__.update(self.__dict__, summary="", content="", summary_html=None,
                             content_html=None)
        return slim

    def drop_markup(self) -> None:
        """Forget the markup once the text is read from it (both parts converted)."""
        if "summary" in self.__dict__ and "content" in self.__dict__:
            self.summary_html = self.content_html = None

    def markup(self) -> list[str] | None:
        """The HTML of summary and content while not converted yet, else None."""
        if "summary" in self.__dict__ or "content" in self.__dict__:
            return None
        return [self.summary_html or "", self.content_html or ""]

    @property
    def text(self) -> str:
        """The longest text the feed carries for this entry."""
        return self.content if len(self.content) > len(self.summary) else self.summary


@dataclass
class ParsedFeed:
    title: str
    entries: list[Entry] = field(default_factory=list)
    warning: str | None = None  # a bozo feed's fault, when entries were still read
    ttl: float | None = None  # seconds, from <ttl> (RSS 2.0)


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment, one paragraph per line."""
    if not markup:
        return ""
    if "<" not in markup and "&" not in markup:
        return _SPACES.sub(" ", markup).strip()
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return _SPACES.sub(" ", re.sub(r"<[^>]+>", " ", markup)).strip()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
    text = root.text_content()
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# What `text_cover` leaves to `html_to_text` (`_beyond_cover`): comments, CDATA and other `<!`/`<?`
# constructs; elements whose content is not plain text, or may be moved or dropped
# (script, title, head ...); a character reference that may stand for a letter or digit
# (only those to punctuation and spaces pass); characters the parser may drop or that
# lower-case by context (controls, C1, BOM, non-characters, surrogates, capital sigma).
_BEYOND_TAG = re.compile(
    r"<(?:[!?]|(?:script|style|textarea|title|xmp|plaintext|iframe|noembed|noframes"
    r"|noscript|template|head|html|body|frameset|svg|math)(?![a-z0-9:_.-]))",
    re.IGNORECASE)
_BEYOND_REF = re.compile(
    r"&(?!(?:amp|lt|gt|quot|apos|nbsp|#39|#x27|#34|#x22|#160|#xa0|rsquo|lsquo|ldquo"
    r"|rdquo|mdash|ndash|hellip|laquo|raquo|middot|bull|#821[1-2]|#821[6-7]|#822[0-1]);)"
    r"[a-z0-9#]", re.IGNORECASE)
_BEYOND_CHAR = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff\ud800-\udfffΣ]")


def _beyond_cover(markup: str) -> bool:
    return bool(_BEYOND_TAG.search(markup) or ("&" in markup and _BEYOND_REF.search(markup))
                or _BEYOND_CHAR.search(markup))


# A tag that the HTML tokenizer and `text_cover` both end at the same `>`: a name, then
# attributes separated by ASCII white space, each value quoted or plain; or an end tag.
_PLAIN_TAG = re.compile(
    r"<(?:[a-z][a-z0-9:_.-]*"
    r"(?:[ \t\n\f\r]+[a-z_:][a-z0-9:_.-]*"
    r"(?:[ \t\n\f\r]*=[ \t\n\f\r]*(?:\"[^\"]*\"|'[^']*'|[^ \t\n\f\r\"'=<>`]+))?)*"
    r"[ \t\n\f\r]*/?|/[a-z][a-z0-9:_.-]*[ \t\n\f\r]*)>",
    re.IGNORECASE)


def text_cover(markup: str) -> str | None:
    """A lower-case string that holds, as a substring, every run of letters and digits
    of `html_to_text(markup).lower()` (the markup without its tags); None when the
    markup is beyond this reading (`_beyond_cover`), and only the conversion can
    tell. Two regex scans, not a parse: a relevance test that finds none of its words in
    it may skip the conversion. Tags are dropped, not made spaces: a word a tag splits
    ("Arm<b>enia") is one run of the text unless the tag ends a block."""
    if _beyond_cover(markup):
        return None
    text = _PLAIN_TAG.sub("", markup)
    if "<" in text or ">" in text:
        return None  # a tag this reading does not know, or a bare bracket
    return text.lower()


def _when(entry: dict) -> tuple[datetime | None, bool]:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), UTC), True
            except (OverflowError, ValueError, OSError):
                return None, False
    for key in ("published", "updated"):
        if (raw := entry.get(key)) and (parsed := _loose_date(raw)):
            return parsed, True
    return None, False


def _loose_date(text: str) -> datetime | None:
    """A date string neither parser understood (local formats, zone names), in UTC."""
    parsed = dateparser.parse(text, settings={"RETURN_AS_TIMEZONE_AWARE": True,
                                              "TO_TIMEZONE": "UTC"})
    return parsed.astimezone(UTC) if parsed else None


_CHARSET = re.compile(r"charset=[\"']?([\w-]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding=[\"']([\w-]+)", re.IGNORECASE)


def _fast_ok(body: bytes, content_type: str | None) -> bool:
    """Is this a well-formed UTF-8 document the fast parser reads exactly like feedparser?"""
    declared = _XML_ENCODING.match(body[:200])
    if declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        return False
    if not declared and content_type and (m := _CHARSET.search(content_type)) and \
            m.group(1).lower() not in ("utf-8", "utf8"):
        return False
    checker = xml.parsers.expat.ParserCreate()
    try:
        checker.Parse(body, True)  # well-formedness only; a fault goes to feedparser
    except (xml.parsers.expat.ExpatError, ValueError):  # ValueError: a multi-byte encoding
        return False
    return True


_BOMS = [(b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"), (b"\xef\xbb\xbf", "utf-8-sig")]
_NO_BOM = [(b"\x00\x00\x00<", "utf-32-be"), (b"<\x00\x00\x00", "utf-32-le"),
           (b"\x00<\x00?", "utf-16-be"), (b"<\x00?\x00", "utf-16-le")]
_DECLARED = re.compile(rb"^(\s*<\?xml[^>]*encoding=)([\"'])[\w-]+\2", re.IGNORECASE)


def to_utf8(body: bytes) -> bytes:
    """A document in UTF-16 or UTF-32 (with or without a byte-order mark), or UTF-8 with a
    mark, as plain UTF-8 with its declaration saying so; anything else unchanged."""
    codec = next((c for mark, c in _BOMS if body.startswith(mark)), None) or next(
        (c for mark, c in _NO_BOM if body.startswith(mark)), None)
    if codec is None:
        return body
    try:
        text = body.decode(codec)
    except UnicodeDecodeError:
        return body  # not what the first bytes said: let feedparser judge
    out = text.lstrip("\ufeff").encode("utf-8")
    return _DECLARED.sub(rb"\1\2utf-8\2", out, count=1)


EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)


@functools.lru_cache(maxsize=65536)  # a feed's links come again on every poll
def usable_link(link: str) -> bool:
    """An http(s) URL that parses, port included: an entry's link must be one."""
    try:
        parts = urlsplit(link)
        parts.port  # noqa: B018 (raises ValueError on a port out of range)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def plausible(when: datetime | None, now: datetime) -> datetime | None:
    """A publication date, or None when it cannot be one (before 1990, such as 1970-01-01 or
    year 0001; more than two days after the fetch, such as 2099 or year 9999): such an
    entry is dated when it was fetched, its date not known."""
    if when is None or not EARLIEST <= when <= now + timedelta(days=2):
        return None
    return when


def _parse_fast(body: bytes, now: datetime, outlet: str | None) -> ParsedFeed | None:
    try:
        # Only what an Entry holds: no tags, media or enclosures to build.
        doc = fastfeedparser.parse(body, include_tags=False, include_media=False,
                                   include_enclosures=False)
    except Exception:  # noqa: BLE001 (any failure means: let feedparser try)
        return None
    if not doc.entries:
        return None
    feed_title = html_to_text(doc.feed.get("title") or "")
    entries = []
    skipped = 0
    for raw in doc.entries:
        link = (raw.get("link") or "").strip()
        guid = raw.get("id") or None
        if not link and guid and guid.lower().startswith(("http://", "https://")):
            link = guid
        if not link:
            continue
        if not usable_link(link):
            skipped += 1
            continue
        published, known = _iso_when(raw.get("published") or raw.get("updated"))
        if plausible(published, now) is None:
            published, known = None, False
        content = ""
        if raw.get("content"):
            content = max((c.get("value") or "" for c in raw["content"]), key=len)
        entries.append(Entry(
            title=html_to_text(raw.get("title") or ""), url=link, guid=guid,
            published=published or now, published_known=known,
            summary_html=raw.get("description") or "", content_html=content,
            outlet=outlet or feed_title or None,
        ))
    return ParsedFeed(title=feed_title, entries=entries, ttl=_ttl(body),
                      warning=_skipped_line(skipped))


_TTL = re.compile(rb"<ttl>\s*(\d{1,6})\s*</ttl>")


def _ttl(body: bytes) -> float | None:
    """RSS 2.0 <ttl> (minutes) as seconds; it sits in the channel head, before the items."""
    m = _TTL.search(body[:8192])
    return float(m.group(1)) * 60 if m else None


def _iso_when(value: str | None) -> tuple[datetime | None, bool]:
    if not value:
        return None, False
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        parsed = _loose_date(value)
        return (parsed, True) if parsed else (None, False)
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC), True


# Only a reference that may be bad: to 0, or with the digits a surrogate or a code past
# U+10FFFF needs (4 hexadecimal, 5 decimal); "&#39;" and "&#x27;" never are.
_CHAR_REF = re.compile(rb"&#(?:[xX](0{1,8}|[0-9a-fA-F]{4,8})|(0{1,10}|[0-9]{5,10}));")


def _no_bad_char_refs(body: bytes) -> bytes:
    """Character references to no character (a lone surrogate, NUL, past U+10FFFF) become
    U+FFFD: XML forbids them, and a parser that decodes one cannot encode it again."""
    if b"&#" not in body:
        return body

    def fix(m: re.Match) -> bytes:
        code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
        bad = code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF
        return b"&#xFFFD;" if bad else m.group(0)
    return _CHAR_REF.sub(fix, body)


def parse(body: bytes, *, content_type: str | None = None, fetched_at: datetime | None = None,
          outlet: str | None = None) -> ParsedFeed:
    """Parse a feed document. Raises FeedError when nothing usable comes out of it."""
    original, body = body, to_utf8(body)
    body = _no_bad_char_refs(body)
    if _ENTITY_DECL.search(body[:65536]):
        raise FeedError("document declares XML entities (possible entity-expansion attack); "
                        "refused")
    now = fetched_at or datetime.now(UTC)
    if body is not original and content_type:
        content_type = _CHARSET.sub("charset=utf-8", content_type)
    if _fast_ok(body, content_type) and (fast := _parse_fast(body, now, outlet)):
        return fast
    headers = {"content-type": content_type} if content_type else None
    try:
        doc = feedparser.parse(body, response_headers=headers, sanitize_html=True,
                               resolve_relative_uris=True)
    except Exception as exc:  # noqa: BLE001 (the library's fault on this document)
        raise FeedError(f"the feed parser failed on this document: {_exc_line(exc)}") from None
    warning = None
    if doc.bozo:
        exc = doc.get("bozo_exception")
        warning = f"malformed feed: {_exc_line(exc)}"
    if not doc.entries:
        if doc.bozo or not doc.get("version"):
            raise FeedError(warning or "not an RSS or Atom document")
        return ParsedFeed(title=doc.feed.get("title", ""), warning=warning)
    feed_title = doc.feed.get("title", "") or ""
    entries = []
    skipped = 0
    for raw in doc.entries:
        link = raw.get("link") or ""
        guid = raw.get("id") or None
        if not link and guid and guid.lower().startswith(("http://", "https://")):
            link = guid
        if not link:
            continue
        if not usable_link(link.strip()):
            skipped += 1
            continue
        published, known = _when(raw)
        if plausible(published, now) is None:
            published, known = None, False
        content = ""
        if raw.get("content"):
            content = html_to_text(max((c.get("value", "") for c in raw.content), key=len))
        entries.append(Entry(
            title=html_to_text(raw.get("title", "")),
            url=link.strip(),
            guid=guid,
            published=published or now,
            published_known=known,
            summary=html_to_text(raw.get("summary", "")),
            content=content,
            outlet=outlet or feed_title or None,
        ))
    skipped_line = _skipped_line(skipped)
    if skipped_line:
        warning = f"{warning}; {skipped_line}" if warning else skipped_line
    return ParsedFeed(title=feed_title, entries=entries, warning=warning, ttl=_ttl(body))


def _skipped_line(skipped: int) -> str | None:
    if not skipped:
        return None
    return f"{skipped} {'entry' if skipped == 1 else 'entries'} skipped: link is not a usable URL"


def _exc_line(exc: BaseException | None) -> str:
    if exc is None:
        return "unknown fault"
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text
