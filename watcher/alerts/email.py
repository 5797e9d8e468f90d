"""Alerts by email: SMTP with STARTTLS or implicit TLS, optional login.

The subject says the news; the body comes as plain text and HTML, neither holding a
control character or an escape sequence (`textclean`). Header injection is impossible by
construction: every header value is reduced to one line of printable text before it is
set, and non-ASCII is encoded by the email package. The Message-ID is derived from the
development's idempotency key, so a copy sent twice (the only case: a crash between the
server's acceptance and our bookkeeping) has the same Message-ID.
"""

from __future__ import annotations

import hashlib
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate

from ..config import EmailSettings, secret
from ..textclean import clean, markup_safe
from . import DeliveryError
from .card import html_body
from .render import Wording, body, headline, one_line_text


def one_line(value: str, limit: int = 200) -> str:
    """A header-safe value: no CR, LF or other control characters, bounded length."""
    text = one_line_text(value)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def message_id(key: str, sender: str) -> str:
    domain = sender.rpartition("@")[2] or "watcher.invalid"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{one_line(domain)}>"


def build(dev: dict, sources: list[dict], key: str, settings: EmailSettings,
          wording: Wording | None = None) -> EmailMessage:
    """The alert: the card as plain text and as HTML (inline styles only)."""
    msg = EmailMessage()
    msg["Subject"] = one_line(headline(dev))
    msg["From"] = one_line(settings.sender)
    msg["To"] = ", ".join(one_line(r) for r in settings.recipients)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = message_id(key, settings.sender)
    msg["X-Watcher-Key"] = one_line(key, 400)
    msg.set_content(body(dev, sources, wording))
    msg.add_alternative(html_body(dev, sources, wording), subtype="html")
    return msg


def build_digest(title: str, text: str, html: str, settings: EmailSettings) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = one_line(title)
    msg["From"] = one_line(settings.sender)
    msg["To"] = ", ".join(one_line(r) for r in settings.recipients)
    msg["Date"] = formatdate(localtime=False)
    msg.set_content(clean(text))
    msg.add_alternative(markup_safe(html), subtype="html")
    return msg


class EmailSender:
    def __init__(self, settings: EmailSettings, wording: Wording | None = None):
        self.settings = settings
        self.wording = wording

    def send(self, dev: dict, sources: list[dict], key: str) -> None:
        if not self.settings.recipients:
            raise DeliveryError("no recipients configured ([alerts.email] recipients)",
                                permanent=True)
        self._submit(build(dev, sources, key, self.settings, self.wording))

    def send_digest(self, title: str, text: str, html: str, markdown: str) -> None:
        if not self.settings.recipients:
            raise DeliveryError("no recipients configured ([alerts.email] recipients)",
                                permanent=True)
        self._submit(build_digest(title, text, html, self.settings))

    def _submit(self, msg: EmailMessage) -> None:
        s = self.settings
        try:
            if s.ssl:
                client = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout,
                                          context=ssl.create_default_context())
            else:
                client = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            with client:
                if s.starttls and not s.ssl:
                    client.starttls(context=ssl.create_default_context())
                if s.username:
                    client.login(s.username, secret(s.password_env) or "")
                client.send_message(msg)
        except smtplib.SMTPAuthenticationError as exc:
            raise DeliveryError(f"SMTP login refused ({exc.smtp_code})", permanent=True) from None
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            listed = ", ".join(f"{rcpt} ({code})" for rcpt, (code, _) in exc.recipients.items())
            # 4xx ("452 mailbox full, try later") is transient: retried; 5xx is final
            raise DeliveryError(f"SMTP refused the recipients: {one_line(listed, 160)}",
                                permanent=all(500 <= c < 600 for c in codes)) from None
        except smtplib.SMTPResponseException as exc:
            reply = exc.smtp_error.decode(errors="replace") if isinstance(
                exc.smtp_error, bytes) else str(exc.smtp_error)
            raise DeliveryError(f"SMTP {exc.smtp_code}: {one_line(reply, 120)}",
                                permanent=500 <= exc.smtp_code < 600) from None
        except (OSError, smtplib.SMTPException) as exc:
            reason = one_line(str(exc) or type(exc).__name__, 120)
            raise DeliveryError(f"SMTP {s.host}:{s.port}: {reason}") from None
