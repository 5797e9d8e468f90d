"""The kinds of failure a feed can have: a stable key beside each error's prose.

Every failed poll stores its one-line error and one of these kinds with the feed. The kind
is what an operator groups and counts by (`watcher feeds`, `/metrics`, `/healthz`); its
hint says whose fault it most likely is and what to do. The prose stays free to name the
details (the status line, the limit, the address).
"""

from __future__ import annotations

import errno
import sqlite3
from enum import StrEnum
from pathlib import Path


class ErrorKind(StrEnum):
    DNS = "dns"
    REFUSED = "refused"
    CONNECT = "connect"
    TIMEOUT = "timeout"
    PROTOCOL = "protocol"
    HTTP_4XX = "http_4xx"
    HTTP_5XX = "http_5xx"
    TOO_LARGE = "too_large"
    BAD_ENCODING = "bad_encoding"
    BAD_FEED = "bad_feed"
    BAD_URL = "bad_url"
    REDIRECTS = "redirects"
    BLOCKED = "blocked"
    DISK_FULL = "disk_full"
    INTERNAL = "internal"


HINTS: dict[ErrorKind, str] = {
    ErrorKind.DNS: "the host name does not resolve: check the URL, or the machine's DNS",
    ErrorKind.REFUSED: "nothing listens there: the server is down or the port is wrong",
    ErrorKind.CONNECT: "the network path to the server failed",
    ErrorKind.TIMEOUT: "the server is slow or trickling: it is retried with backoff; raise "
                       "[fetch] timeouts only if it is known to be slow",
    ErrorKind.PROTOCOL: "the server broke HTTP: the publisher's fault",
    ErrorKind.HTTP_4XX: "the server refuses this URL (moved, gone, forbidden, rate limit): "
                        "check the URL in a browser",
    ErrorKind.HTTP_5XX: "the server failed: the publisher's fault, retried with backoff",
    ErrorKind.TOO_LARGE: "the body is larger than [fetch] max_body_bytes: raise it if the "
                         "feed is honest",
    ErrorKind.BAD_ENCODING: "the body's compression cannot be decoded",
    ErrorKind.BAD_FEED: "not a usable RSS or Atom document: the publisher's fault, or the "
                        "URL is a web page rather than its feed",
    ErrorKind.BAD_URL: "the URL (or a redirect's) is not a usable http(s) address",
    ErrorKind.REDIRECTS: "too many redirects: probably a loop on the server",
    ErrorKind.BLOCKED: "a redirect or link points at a non-public address, refused "
                       "(see [fetch] allow_private_addresses)",
    ErrorKind.DISK_FULL: "the disk holding the store is full (the error names the folder): "
                         "free space there; nothing was lost: the feed was not marked read, "
                         "and `watcher poll --force` catches up at once",
    ErrorKind.INTERNAL: "a bug in the watcher on this feed's data: please report it with "
                        "the error line",
}


def http_kind(status: int) -> ErrorKind:
    return ErrorKind.HTTP_5XX if status >= 500 else ErrorKind.HTTP_4XX


def disk_full(exc: BaseException) -> bool:
    """SQLite's "database or disk is full" (SQLITE_FULL), or the system's ENOSPC."""
    if isinstance(exc, sqlite3.Error):
        return (getattr(exc, "sqlite_errorcode", 0) & 0xFF) == sqlite3.SQLITE_FULL
    return isinstance(exc, OSError) and exc.errno == errno.ENOSPC


def unforeseen(exc: BaseException, store: Path) -> tuple[ErrorKind, str]:
    """The kind and one-line error of an exception no stage caught: a full disk under the
    store is the operator's to fix; anything else is a bug."""
    if disk_full(exc):
        return ErrorKind.DISK_FULL, f"disk full: free space on {store.parent}; nothing was lost"
    return ErrorKind.INTERNAL, f"internal error: {type(exc).__name__}: {exc}"[:300]
