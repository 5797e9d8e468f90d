"""HTTP GET with the limits a long-running poller needs.

Conditional requests (ETag / Last-Modified), a body cap enforced while streaming
(the body is never held beyond `max_body_bytes`), redirects followed by hand so
that every hop is counted and, for third-party links, checked against private
addresses after DNS resolution. Every failure comes back as a `Fetched` with a
one-line `error`, never as an exception: one bad source must not stop a cycle.
"""

from __future__ import annotations

import asyncio
import importlib.util
import ipaddress
import re
import socket
import sys
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from .config import FetchSettings
from .errors import ErrorKind, http_kind

REDIRECTS = (301, 302, 303, 307, 308)

# httpcore asks for sniffio each time it sets up a lock or an event (about ten times a
# request); anyio no longer installs it, and a failed import is not remembered, so each
# ask searched sys.path again (40 us; encode/httpcore discussion 1102). Absent, it is
# recorded absent once, as the import system allows: the answer stays "asyncio".
if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
    sys.modules["sniffio"] = None


@dataclass
class Fetched:
    url: str
    status: str  # "ok", "not_modified" or "error"
    http_status: int | None = None
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    final_url: str | None = None
    error: str | None = None
    kind: ErrorKind | None = None  # what kind of failure `error` is
    retry_after: float | None = None  # seconds, from Retry-After on 429/503
    cache_ttl: float | None = None  # seconds, from Cache-Control max-age or Expires

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


class BlockedAddress(Exception):
    """A URL resolves to an address the watcher must not contact."""


def make_client(settings: FetchSettings) -> httpx.AsyncClient:
    timeout = httpx.Timeout(
        connect=settings.connect_timeout, read=settings.read_timeout,
        write=settings.read_timeout, pool=settings.connect_timeout + settings.read_timeout,
    )
    limits = httpx.Limits(
        max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency
    )
    return httpx.AsyncClient(
        timeout=timeout, limits=limits, follow_redirects=False, http2=False,
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
    )


def _seconds_until(http_date: str, now: datetime | None) -> float | None:
    """An HTTP date as seconds from now (never negative); None if it is not a date."""
    try:
        when = parsedate_to_datetime(http_date)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


_DIGITS = re.compile(r"[0-9]{1,12}")  # ASCII only: "²" is a digit to str.isdigit()


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date; None if neither."""
    if not value:
        return None
    value = value.strip()
    return float(value) if _DIGITS.fullmatch(value) else _seconds_until(value, now)


def cache_ttl(headers: httpx.Headers | dict, now: datetime | None = None) -> float | None:
    """How long the server says the response stays fresh (max-age wins over Expires)."""
    control = headers.get("cache-control", "")
    for part in control.split(","):
        name, _, val = part.strip().partition("=")
        if name.lower() in ("max-age", "s-maxage") and _DIGITS.fullmatch(val.strip()):
            return float(val.strip())
    expires = headers.get("expires")
    return _seconds_until(expires, now) if expires else None


def _blocked(ip: str) -> bool:
    """Anything but a global unicast address: private, loopback, link-local, carrier-grade
    NAT (100.64/10), benchmarking (198.18/15), reserved (240/4), multicast ..."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    return not addr.is_global or addr.is_multicast


async def resolve_public(url: str) -> str:
    """The address to connect to for `url`: every address its host resolves to must be
    public (raises BlockedAddress otherwise), and the connection then goes to the first of
    them, so that a second lookup cannot point elsewhere (DNS rebinding)."""
    host = urlsplit(url).hostname
    if not host:
        raise BlockedAddress(f"{url}: no host name")
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise BlockedAddress(f"cannot resolve {host}: {getattr(exc, 'strerror', exc)}") from None
    if not infos:
        raise BlockedAddress(f"cannot resolve {host}")
    for info in infos:
        ip = info[4][0]
        if _blocked(ip):
            raise BlockedAddress(f"{host} resolves to non-public address {ip}")
    return infos[0][4][0]


async def check_public(url: str) -> None:
    """Raise BlockedAddress unless every address `url`'s host resolves to is public."""
    await resolve_public(url)


def pinned(url: str, ip: str) -> tuple[str, dict[str, str], dict]:
    """`url` with its host replaced by the checked address, the Host header and the TLS
    server name keeping the real name (certificates are still checked against it)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    literal = f"[{ip}]" if ":" in ip else ip
    netloc = literal + (f":{parts.port}" if parts.port else "")
    headers = {"Host": parts.netloc.rsplit("@", 1)[-1]}
    extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, "")), headers, \
        extensions


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and its causes (httpx wraps the socket error that says what happened)."""
    out: list[BaseException] = []
    while exc is not None and exc not in out:
        out.append(exc)
        exc = exc.__cause__ or exc.__context__
    return out


def describe_error(exc: Exception, settings: FetchSettings) -> tuple[ErrorKind, str]:
    """The kind and one readable line of a transport failure."""
    if isinstance(exc, httpx.ConnectTimeout):
        return ErrorKind.TIMEOUT, f"connection timed out after {settings.connect_timeout:g}s"
    if isinstance(exc, httpx.ReadTimeout | httpx.WriteTimeout | httpx.PoolTimeout):
        return ErrorKind.TIMEOUT, f"no answer within {settings.read_timeout:g}s (read timeout)"
    if isinstance(exc, httpx.ConnectError):
        causes = _chain(exc)
        if any(isinstance(c, socket.gaierror) for c in causes) or any(
                "Name or service not known" in str(c) or "nodename nor servname" in str(c)
                for c in causes):
            return ErrorKind.DNS, "DNS lookup failed (host not found)"
        if any(isinstance(c, ConnectionRefusedError) or "refused" in str(c).lower()
               for c in causes):
            return ErrorKind.REFUSED, "connection refused"
        return ErrorKind.CONNECT, f"cannot connect: {exc or type(exc).__name__}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return ErrorKind.PROTOCOL, f"server broke the HTTP protocol: {exc}"
    if isinstance(exc, httpx.DecodingError):
        return ErrorKind.BAD_ENCODING, f"cannot decode the compressed body: {exc}"
    if isinstance(exc, httpx.TimeoutException):
        return ErrorKind.TIMEOUT, f"{type(exc).__name__}: {exc}"
    if isinstance(exc, httpx.HTTPError | OSError):
        return ErrorKind.CONNECT, f"{type(exc).__name__}: {exc}"
    return ErrorKind.INTERNAL, f"{type(exc).__name__}: {exc}"


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    settings: FetchSettings,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    public_only: bool = False,
) -> Fetched:
    """GET `url` under the configured limits. Never raises.

    `public_only`: every hop, the first included, must resolve to public addresses (links
    found in third-party feeds). Otherwise the first URL is the operator's own and may
    point anywhere, but a redirect from it is checked like a third-party link, unless
    `[fetch] allow_private_addresses`. The whole exchange (connect, headers, body,
    redirects) has `total_timeout` seconds."""
    try:
        async with asyncio.timeout(settings.total_timeout):
            return await _fetch(client, url, settings, etag, last_modified, public_only)
    except TimeoutError:
        return Fetched(url, "error", kind=ErrorKind.TIMEOUT,
                       error=f"no complete answer within {settings.total_timeout:g}s "
                             "(total timeout)")
    except Exception as exc:  # noqa: BLE001 (anything else is still this URL's fault)
        return Fetched(url, "error", kind=ErrorKind.INTERNAL,
                       error=f"{type(exc).__name__}: {exc}")


async def _fetch(client: httpx.AsyncClient, url: str, settings: FetchSettings,
                 etag: str | None, last_modified: str | None, public_only: bool) -> Fetched:
    headers: dict[str, str] = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    current = url
    try:
        for hop in range(settings.max_redirects + 1):
            if not usable_url(current):
                return Fetched(url, "error", final_url=current, kind=ErrorKind.BAD_URL,
                               error=f"not a usable URL: {current[:200]}")
            target, extra, extensions = current, {}, {}
            if public_only or (hop > 0 and not settings.allow_private_addresses):
                ip = await resolve_public(current)
                target, extra, extensions = pinned(current, ip)
            async with client.stream("GET", target, headers={**headers, **extra},
                                     extensions=extensions) as resp:
                if resp.status_code in REDIRECTS and "location" in resp.headers:
                    current = urljoin(current, resp.headers["location"])
                    continue
                return await _read(resp, url, current, settings)
        return Fetched(url, "error", kind=ErrorKind.REDIRECTS,
                       error=f"more than {settings.max_redirects} redirects")
    except BlockedAddress as exc:
        return Fetched(url, "error", final_url=current, kind=ErrorKind.BLOCKED,
                       error=f"refused: {exc}")
    except (httpx.HTTPError, OSError) as exc:
        kind, line = describe_error(exc, settings)
        return Fetched(url, "error", final_url=current, kind=kind, error=line)


def usable_url(url: str) -> bool:
    """http(s), a host, and a port that is one."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and port != 0


class _Inflater:
    """Decompresses a body chunk by chunk, never producing more than the limit allows: a
    small gzip bomb costs no more memory than an honest body of the limit's size."""

    def __init__(self, encoding: str):
        self.z = zlib.decompressobj(16 + zlib.MAX_WBITS if encoding == "gzip"
                                    else zlib.MAX_WBITS) if encoding else None
        self.raw_deflate = encoding == "deflate"

    def feed(self, data: bytes, room: int) -> bytes:
        if self.z is None:
            return data
        try:
            out = self.z.decompress(data, room + 1)
        except zlib.error:
            if self.raw_deflate and not getattr(self, "_retried", False):
                self._retried = True  # "deflate" sent without its zlib header
                self.z = zlib.decompressobj(-zlib.MAX_WBITS)
                out = self.z.decompress(data, room + 1)
            else:
                raise
        return out


async def _read(resp: httpx.Response, url: str, final: str, settings: FetchSettings) -> Fetched:
    hdrs = {k.lower(): v for k, v in resp.headers.items()}
    result = Fetched(url, "error", http_status=resp.status_code, headers=hdrs, final_url=final,
                     cache_ttl=cache_ttl(resp.headers))
    if resp.status_code == 304:
        result.status = "not_modified"
        return result
    if resp.status_code >= 400 or resp.status_code < 200:
        result.error = f"HTTP {resp.status_code} {resp.reason_phrase}".rstrip()
        result.kind = http_kind(resp.status_code)
        if resp.status_code in (429, 503):
            result.retry_after = parse_retry_after(resp.headers.get("retry-after"))
        return result
    encoding = resp.headers.get("content-encoding", "").strip().lower()
    if encoding in ("identity",):
        encoding = ""
    if encoding not in ("", "gzip", "x-gzip", "deflate"):
        result.error = f"unsupported content encoding {encoding!r}"
        result.kind = ErrorKind.BAD_ENCODING
        return result
    declared = resp.headers.get("content-length")
    if not encoding and declared and _DIGITS.fullmatch(declared.strip()) and \
            int(declared) > settings.max_body_bytes:
        result.error = (f"body of {int(declared):,} bytes exceeds the limit of "
                        f"{settings.max_body_bytes:,} bytes (Content-Length)")
        result.kind = ErrorKind.TOO_LARGE
        return result
    inflater = _Inflater("gzip" if encoding == "x-gzip" else encoding)
    body = bytearray()
    try:
        async for chunk in resp.aiter_raw():
            while chunk:
                out = inflater.feed(chunk, settings.max_body_bytes - len(body))
                body += out
                if len(body) > settings.max_body_bytes:
                    result.error = f"body exceeds the limit of {settings.max_body_bytes:,} bytes"
                    result.kind = ErrorKind.TOO_LARGE
                    return result
                chunk = inflater.z.unconsumed_tail if inflater.z is not None else b""
    except zlib.error as exc:
        result.error = f"cannot decode the compressed body: {exc}"
        result.kind = ErrorKind.BAD_ENCODING
        return result
    result.body = bytes(body)
    result.status = "ok"
    return result
