"""One POST to an HTTP endpoint (Slack's webhook, the signed webhook): only a 2xx answer
counts as delivered. 429 carries Retry-After; 5xx, 408 and timeouts are retried; other
answers will not get better by retrying and fail at once. The URL may hold a secret and
never appears in an error."""

from __future__ import annotations

import httpx

from ..fetch import parse_retry_after
from . import DeliveryError


def post(url: str, service: str, timeout: float, *, json: dict | None = None,
         content: bytes | None = None, headers: dict[str, str] | None = None) -> None:
    """POST `json` (or the bytes `content`) to `url`; DeliveryError unless accepted."""
    try:
        resp = httpx.post(url, json=json, content=content, headers=headers, timeout=timeout)
    except httpx.TimeoutException:
        raise DeliveryError(f"{service} did not answer within {timeout:g}s") from None
    except httpx.HTTPError as exc:
        raise DeliveryError(f"cannot reach {service}: {type(exc).__name__}") from None
    if 200 <= resp.status_code < 300:
        return
    reason = resp.text.strip()[:120] or resp.reason_phrase
    message = f"{service} answered HTTP {resp.status_code}: {reason}"
    if resp.status_code == 429:
        raise DeliveryError(message, retry_after=parse_retry_after(
            resp.headers.get("retry-after")))
    permanent = 400 <= resp.status_code < 500 and resp.status_code != 408
    raise DeliveryError(message, permanent=permanent)
