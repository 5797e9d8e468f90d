"""The full text of an article whose feed carries only a summary, with trafilatura.

The link comes from a third party's feed, so it is fetched with the private-address
guard on (every redirect hop is resolved and checked) unless the operator allowed
private addresses, and under the same body limit as feeds.
"""

from __future__ import annotations

import httpx
import trafilatura

from .config import FetchSettings
from .fetch import fetch


async def full_text(client: httpx.AsyncClient, url: str, settings: FetchSettings
                    ) -> tuple[str | None, str | None]:
    """(text, None) on success, (None, reason) otherwise."""
    got = await fetch(client, url, settings, public_only=not settings.allow_private_addresses)
    if got.status != "ok":
        return None, got.error or "not fetched"
    ctype = got.headers.get("content-type", "")
    if ctype and "html" not in ctype and "xml" not in ctype:
        return None, f"not an HTML page ({ctype.split(';')[0]})"
    html = got.body.decode(_charset(ctype), errors="replace")
    text = trafilatura.extract(html, url=got.final_url or url, include_comments=False,
                               include_tables=False, favor_precision=True)
    if not text:
        return None, "no article text found on the page"
    return text, None


def _charset(content_type: str) -> str:
    for part in content_type.split(";"):
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            try:
                "".encode(value.strip('"'))
                return value.strip('"')
            except LookupError:
                break
    return "utf-8"
