"""Alerts as a signed JSON POST to any HTTP endpoint (its URL and secret from environment
variables).

The body is one development in the replay contract's shape plus its `sources`, as
`watcher developments --json` prints it. `X-Watcher-Signature: sha256=<hex>` is the
HMAC-SHA256 of those exact bytes with the secret, and `Idempotency-Key` (the SHA-256 of
the development's key) is the same on every try, so a receiver drops a copy it has seen.
Nothing goes out unsigned: without the secret the alert is retried, then marked failed.
Answers are judged as Slack's are (`http.post`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from urllib.parse import urlsplit

from ..config import WebhookSettings, secret
from . import DeliveryError
from .http import post

SIGNATURE = "X-Watcher-Signature"
IDEMPOTENCY = "Idempotency-Key"


def signature(body: bytes, key: str) -> str:
    return "sha256=" + hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


def idempotency_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def problems(settings: WebhookSettings) -> list[str]:
    """What keeps the webhook from delivering, one line each."""
    url, out = secret(settings.url_env), []
    if not url:
        out.append(f"alerts.webhook: environment variable {settings.url_env} is empty: "
                   f"webhook alerts are retried, then marked failed, until it is set")
    elif urlsplit(url).scheme not in ("http", "https"):
        out.append(f"alerts.webhook: {settings.url_env} is not an http(s) URL: webhook "
                   f"alerts fail")
    if not secret(settings.secret_env):
        out.append(f"alerts.webhook: environment variable {settings.secret_env} is empty: "
                   f"nothing is sent unsigned; webhook alerts are retried, then marked "
                   f"failed, until it is set")
    return out


class WebhookSender:
    def __init__(self, settings: WebhookSettings):
        self.settings = settings

    def send(self, dev: dict, sources: list[dict], key: str) -> None:
        self._post({**dev, "sources": sources}, key)

    def send_digest(self, title: str, text: str, html: str, markdown: str) -> None:
        self._post({"type": "digest", "title": title, "text": text, "markdown": markdown},
                   f"digest|{title}|{text}")

    def _post(self, payload: dict, key: str) -> None:
        s = self.settings
        url, secret_key = secret(s.url_env), secret(s.secret_env)
        if not url:
            raise DeliveryError(f"webhook URL not set: environment variable {s.url_env} "
                                f"is empty")
        if not secret_key:
            raise DeliveryError(f"webhook secret not set: environment variable "
                                f"{s.secret_env} is empty; nothing is sent unsigned")
        if urlsplit(url).scheme not in ("http", "https"):
            raise DeliveryError(f"{s.url_env} is not an http(s) URL", permanent=True)
        body = json.dumps(payload, ensure_ascii=False).encode()
        post(url, "webhook", s.timeout, content=body, headers={
            "Content-Type": "application/json", SIGNATURE: signature(body, secret_key),
            IDEMPOTENCY: idempotency_key(key)})
