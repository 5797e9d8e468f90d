"""HTTP GET with the limits a long-running poller needs.

Conditional requests (ETag / Last-Modified), a body cap enforced while streaming
(the body is never held beyond `max_body_bytes`), redirects followed by hand so
that every hop is counted and, for third-party links, checked against private
addresses after DNS resolution. Every failure comes back as a `Fetched` with a
one-line `error`, never as an exception: one bad source must not stop a cycle.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from .config import FetchSettings

REDIRECTS = (301, 302, 303, 307, 308)


@dataclass
class Fetched:
    url: str
    status: str  # "ok", "not_modified" or "error"
    http_status: int | None = None
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    final_url: str | None = None
    error: str | None = None
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


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    return float(value) if value.isdigit() else _seconds_until(value, now)


def cache_ttl(headers: httpx.Headers | dict, now: datetime | None = None) -> float | None:
    """How long the server says the response stays fresh (max-age wins over Expires)."""
    control = headers.get("cache-control", "")
    for part in control.split(","):
        name, _, val = part.strip().partition("=")
        if name.lower() in ("max-age", "s-maxage") and val.strip().isdigit():
            return float(val.strip())
    expires = headers.get("expires")
    return _seconds_until(expires, now) if expires else None


def _blocked(ip: str) -> bool:
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    return (addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_multicast
            or addr.is_reserved or addr.is_unspecified)


async def check_public(url: str) -> None:
    """Raise BlockedAddress unless every address `url`'s host resolves to is public."""
    host = urlsplit(url).hostname
    if not host:
        raise BlockedAddress(f"{url}: no host name")
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise BlockedAddress(f"cannot resolve {host}: {exc.strerror}") from None
    for info in infos:
        ip = info[4][0]
        if _blocked(ip):
            raise BlockedAddress(f"{host} resolves to non-public address {ip}")


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and its causes (httpx wraps the socket error that says what happened)."""
    out: list[BaseException] = []
    while exc is not None and exc not in out:
        out.append(exc)
        exc = exc.__cause__ or exc.__context__
    return out


def describe_error(exc: Exception, settings: FetchSettings) -> str:
    """One readable line for a transport failure."""
    if isinstance(exc, httpx.ConnectTimeout):
        return f"connection timed out after {settings.connect_timeout:g}s"
    if isinstance(exc, httpx.ReadTimeout | httpx.WriteTimeout | httpx.PoolTimeout):
        return f"no answer within {settings.read_timeout:g}s (read timeout)"
    if isinstance(exc, httpx.ConnectError):
        causes = _chain(exc)
        if any(isinstance(c, socket.gaierror) for c in causes) or any(
                "Name or service not known" in str(c) or "nodename nor servname" in str(c)
                for c in causes):
            return "DNS lookup failed (host not found)"
        if any(isinstance(c, ConnectionRefusedError) or "refused" in str(c).lower()
               for c in causes):
            return "connection refused"
        return f"cannot connect: {exc or type(exc).__name__}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"server broke the HTTP protocol: {exc}"
    if isinstance(exc, httpx.DecodingError):
        return f"cannot decode the compressed body: {exc}"
    if isinstance(exc, httpx.HTTPError):
        return f"{type(exc).__name__}: {exc}"
    return f"{type(exc).__name__}: {exc}"


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    settings: FetchSettings,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    public_only: bool = False,
) -> Fetched:
    """GET `url` under the configured limits. Never raises for network or HTTP faults."""
    headers: dict[str, str] = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    current = url
    try:
        for _hop in range(settings.max_redirects + 1):
            if public_only:
                await check_public(current)
            async with client.stream("GET", current, headers=headers) as resp:
                if resp.status_code in REDIRECTS and "location" in resp.headers:
                    current = urljoin(current, resp.headers["location"])
                    continue
                return await _read(resp, url, current, settings)
        return Fetched(url, "error", error=f"more than {settings.max_redirects} redirects")
    except BlockedAddress as exc:
        return Fetched(url, "error", final_url=current, error=f"refused: {exc}")
    except (httpx.HTTPError, OSError) as exc:
        return Fetched(url, "error", final_url=current, error=describe_error(exc, settings))


async def _read(resp: httpx.Response, url: str, final: str, settings: FetchSettings) -> Fetched:
    hdrs = {k.lower(): v for k, v in resp.headers.items()}
    result = Fetched(url, "error", http_status=resp.status_code, headers=hdrs, final_url=final,
                     cache_ttl=cache_ttl(resp.headers))
    if resp.status_code == 304:
        result.status = "not_modified"
        return result
    if resp.status_code >= 400 or resp.status_code < 200:
        result.error = f"HTTP {resp.status_code} {resp.reason_phrase}".rstrip()
        if resp.status_code in (429, 503):
            result.retry_after = parse_retry_after(resp.headers.get("retry-after"))
        return result
    declared = resp.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > settings.max_body_bytes:
        result.error = (f"body of {int(declared):,} bytes exceeds the limit of "
                        f"{settings.max_body_bytes:,} bytes (Content-Length)")
        return result
    chunks: list[bytes] = []
    size = 0
    async for chunk in resp.aiter_bytes():
        size += len(chunk)
        if size > settings.max_body_bytes:
            result.error = f"body exceeds the limit of {settings.max_body_bytes:,} bytes"
            return result
        chunks.append(chunk)
    result.body = b"".join(chunks)
    result.status = "ok"
    return result
