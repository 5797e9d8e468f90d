"""Alerts through a real SMTP server (aiosmtpd) and a local HTTP endpoint playing Slack:
delivered once, retried, given up, never lost, never sent twice."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from conftest import (
    BRUSSELS_PLAN,
    HOSTILE_ITEM,
    HOSTILE_TEXT,
    REPO,
    Route,
    assert_clean,
    free_port,
    rss,
)

from watcher.alerts.console import ConsoleSender
from watcher.alerts.email import EmailSender, message_id
from watcher.alerts.outbox import deliver
from watcher.alerts.slack import SlackSender, escape
from watcher.baseline import ensure_baseline
from watcher.config import EmailSettings, SlackSettings
from watcher.poll import Poller
from watcher.store import Store

MONDAY = datetime(2023, 9, 25, 10, tzinfo=UTC)
REOPENED = {
    "title": "Azerbaijan reopens Lachin corridor",
    "link": "https://wire.example/lachin",
    "description": "Azerbaijan reopened the Lachin corridor on Monday, officials said.",
    "pub": MONDAY,
}
RETOLD = {
    "title": "Traffic resumes on the road to Karabakh",
    "link": "https://other.example/karabakh-road",
    "description": "Cars crossed the Latchine corridor after Baku reopened it on Monday, "
                   "according to witnesses.",
    "pub": MONDAY + timedelta(hours=2),
}
FOOTBALL = {
    "title": "Qarabag draw in the Europa League",
    "link": "https://sport.example/qarabag",
    "description": "The Azerbaijani club scored late in the match; the striker and the "
                   "goalkeeper starred.",
    "pub": MONDAY,
}
DEV = BRUSSELS_PLAN


def email_settings(port: int, **kw) -> dict:
    return {"host": "127.0.0.1", "port": port, "starttls": False,
            "sender": "watcher@example.org", "recipients": ["desk@example.org"], **kw}


def run_cycle(config) -> None:
    store = Store(config.watcher.db)
    try:
        poller = Poller(config, store)
        ensure_baseline(poller.pipeline, config.watcher.baseline)
        asyncio.run(poller.cycle(force=True))
        deliver(store, config)
    finally:
        store.close()


def outbox(config) -> list[dict]:
    store = Store(config.watcher.db)
    try:
        return store.alerts()
    finally:
        store.close()


def queued_config(make_config, server, feeds_items, **sections):
    url = server.serve("/feed.xml", rss(feeds_items))
    return make_config([{"name": "Local wire", "url": url}], **sections)


@pytest.fixture
def slack(server, monkeypatch):
    """The local Slack endpoint; its URL is in WATCHER_SLACK_WEBHOOK, as in production."""
    server.serve("/hook", "ok")
    monkeypatch.setenv("WATCHER_SLACK_WEBHOOK", server.url("/hook"))
    return server


def test_email_is_sent_once_with_plain_and_html_parts(smtp, server, make_config):
    box, port = smtp
    config = queued_config(make_config, server, [REOPENED],
                           alerts={"email": email_settings(port)})
    run_cycle(config)
    run_cycle(config)  # a second cycle finds nothing new and sends nothing
    assert len(box.messages) == 1
    msg = box.messages[0]
    assert msg["Subject"] == "Route: Lachin corridor reopened since 25 September 2023"
    assert msg["Message-ID"].endswith("@example.org>")
    plain = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "Reopened on 25 September 2023; it had been closed since 11 July 2023." in plain
    assert "Evidence: \u201cAzerbaijan reopened the Lachin corridor on Monday" in plain
    assert "Source: Local wire: Azerbaijan reopens Lachin corridor" in plain
    assert '<a href="https://wire.example/lachin"' in html
    assert [a["status"] for a in outbox(config)] == ["sent"]


def test_slack_gets_blocks_and_a_text_fallback(slack, make_config):
    config = queued_config(make_config, slack, [REOPENED], alerts={"slack": {}})
    run_cycle(config)
    posts = [json.loads(body) for path, body in slack.posts if path == "/hook"]
    assert len(posts) == 1
    assert posts[0]["text"].startswith("Route: Lachin corridor reopened")
    kinds = [b["type"] for b in posts[0]["blocks"]]
    assert kinds[0] == "header" and "context" in kinds
    assert "<https://wire.example/lachin|Local wire>" in json.dumps(posts[0])


def test_slack_5xx_is_retried_with_backoff_then_delivered(slack, make_config):
    slack.routes["/hook"] = Route(b"oops", status=500, then=[Route(b"ok")])
    config = queued_config(make_config, slack, [REOPENED], alerts={"slack": {}})
    run_cycle(config)
    [alert] = outbox(config)
    assert alert["status"] == "pending" and alert["attempts"] == 1
    assert alert["last_error"] == "Slack answered HTTP 500: oops"
    store = Store(config.watcher.db)
    assert deliver(store, config).sent == 0  # not due yet: the backoff is respected
    store.db["outbox"].update(alert["id"], {"next_attempt_at": "2000-01-01T00:00:00+00:00"})
    assert deliver(store, config).sent == 1
    store.close()
    assert [a["status"] for a in outbox(config)] == ["sent"]


def test_slack_429_retry_after_is_honoured(slack, make_config):
    slack.routes["/hook"] = Route(b"rate_limited", status=429, headers={"Retry-After": "900"})
    config = queued_config(make_config, slack, [REOPENED], alerts={"slack": {}})
    before = datetime.now(UTC)
    run_cycle(config)
    [alert] = outbox(config)
    assert alert["status"] == "pending"
    assert datetime.fromisoformat(alert["next_attempt_at"]) >= before + timedelta(seconds=899)


def test_slack_400_fails_at_once_and_can_be_requeued(slack, make_config):
    slack.routes["/hook"] = Route(b"invalid_payload", status=400)
    config = queued_config(make_config, slack, [REOPENED], alerts={"slack": {}})
    run_cycle(config)
    [alert] = outbox(config)
    assert (alert["status"], alert["last_error"]) == (
        "failed", "Slack answered HTTP 400: invalid_payload")
    slack.routes["/hook"] = Route(b"ok")
    store = Store(config.watcher.db)
    with store.tx():
        assert store.requeue_failed() == 1
    assert deliver(store, config).sent == 1
    store.close()


def test_give_up_after_max_attempts(slack, make_config):
    slack.routes["/hook"] = Route(b"down", status=503)
    config = queued_config(make_config, slack, [REOPENED],
                           alerts={"slack": {}, "max_attempts": 2})
    run_cycle(config)
    store = Store(config.watcher.db)
    store.db.execute("UPDATE outbox SET next_attempt_at = '2000-01-01T00:00:00+00:00'")
    summary = deliver(store, config)
    store.close()
    assert summary.failed == 1 and "gave up after 2 attempt(s)" in summary.errors[0]
    assert [a["status"] for a in outbox(config)] == ["failed"]


def test_smtp_down_keeps_the_alert_pending_then_sends_it(smtp, server, make_config):
    box, port = smtp
    dead = free_port()
    config = queued_config(make_config, server, [REOPENED],
                           alerts={"email": email_settings(dead)})
    run_cycle(config)
    [alert] = outbox(config)
    assert alert["status"] == "pending" and "Connection refused" in alert["last_error"]
    assert "\n" not in alert["last_error"]
    live = make_config(config.model_dump()["feeds"], alerts={"email": email_settings(port)})
    store = Store(live.watcher.db)
    store.db.execute("UPDATE outbox SET next_attempt_at = '2000-01-01T00:00:00+00:00'")
    assert deliver(store, live).sent == 1
    store.close()
    assert len(box.messages) == 1


def test_restart_with_a_pending_outbox_sends_each_alert_once(smtp, server, make_config):
    box, port = smtp
    config = queued_config(make_config, server, [REOPENED],
                           alerts={"email": email_settings(port)})
    store = Store(config.watcher.db)
    asyncio.run(Poller(config, store).cycle(force=True))  # queued, not delivered
    store.close()  # "the process stops"
    proc = subprocess.run([sys.executable, "-c", (
        "import sys; from watcher.config import from_dict; from watcher.store import Store; "
        "from watcher.alerts.outbox import deliver; import json; "
        "c = from_dict(json.loads(sys.argv[1])); s = Store(c.watcher.db); "
        "print(deliver(s, c).sent); print(deliver(s, c).sent)"),
        json.dumps(config.model_dump(mode="json", exclude={"source"}))],
        capture_output=True, text=True, cwd=REPO)
    assert proc.stdout.split() == ["1", "0"], proc.stderr
    assert len(box.messages) == 1


def test_a_crash_between_send_and_mark_resends_once_with_the_same_message_id(
        smtp, server, make_config):
    box, port = smtp
    config = queued_config(make_config, server, [REOPENED],
                           alerts={"email": email_settings(port)})
    store = Store(config.watcher.db)
    asyncio.run(Poller(config, store).cycle(force=True))
    real_finish = store.finish_alert

    def die(*args, **kwargs):
        raise SystemExit("killed after the server accepted the message")

    store.finish_alert = die
    with pytest.raises(SystemExit):
        deliver(store, config)
    assert len(box.messages) == 1
    assert [a["status"] for a in store.alerts()] == ["sending"]  # never silently dropped
    store.finish_alert = real_finish
    store.close()
    store = Store(config.watcher.db)  # restart
    assert deliver(store, config).sent == 1
    assert deliver(store, config).sent == 0
    store.close()
    assert len(box.messages) == 2
    assert box.messages[0]["Message-ID"] == box.messages[1]["Message-ID"]


def test_hostile_titles_cannot_inject_headers_or_markup(smtp, slack):
    box, port = smtp
    dev = json.loads(json.dumps(DEV))
    dev["meeting"]["participants"] = ["Ilham Aliyev\r\nBcc: spy@evil.example", "Nikol Pashinyan"]
    dev["evidence"] = "Talks <b>bold</b> & more\nBcc: spy@evil.example"
    sources = [{"url": "https://a.example/1", "outlet": "Wire <script>",
                "title": "Aliyev & Pashinyan <b>meet</b>\nBcc: spy@evil.example"}]
    EmailSender(EmailSettings(**email_settings(port))).send(dev, sources, "k1")
    msg, envelope = box.messages[0], box.envelopes[0]
    assert envelope.rcpt_tos == ["desk@example.org"]
    assert msg["Bcc"] is None
    headers = envelope.content.split(b"\r\n\r\n", 1)[0]
    assert not any(line.lower().startswith(b"bcc:") for line in headers.splitlines())
    plain = msg.get_body(("plain",)).get_content()
    assert not any(line.startswith("Bcc:") for line in plain.splitlines())
    html = msg.get_body(("html",)).get_content()
    assert "<b>" not in html and "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html
    SlackSender(SlackSettings()).send(dev, sources, "k1")
    posted = json.dumps(json.loads(slack.posts[-1][1]))
    assert "<b>" not in posted and "&lt;b&gt;" in posted and "&amp;" in posted
    assert escape("a & <b>") == "a &amp; &lt;b&gt;"


def test_every_channel_quotes_shortened_evidence_and_dated_sources_first_marked(smtp, slack):
    box, port = smtp
    dev = json.loads(json.dumps(DEV))
    dev["evidence"] = "Michel will host a meeting on Sunday. " + "More detail follows. " * 60
    sources = [{"url": "https://a.example/1", "outlet": "APA", "published": "2023-10-03T08:00:00"},
               {"url": "https://b.example/2", "outlet": "Trend",
                "published": "2023-10-04T09:00:00"}]
    EmailSender(EmailSettings(**email_settings(port))).send(dev, sources, "k1")
    plain = box.messages[0].get_body(("plain",)).get_content()
    evidence = next(line for line in plain.splitlines() if line.startswith("Evidence:"))
    assert evidence.endswith("…”") and len(evidence) < 700
    assert "Source: APA (3 October 2023, first report) <https://a.example/1>" in plain
    assert "Source: Trend (4 October 2023) <https://b.example/2>" in plain
    SlackSender(SlackSettings()).send(dev, sources, "k1")
    posted = json.loads(slack.posts[-1][1])
    text = json.dumps(posted, ensure_ascii=False)
    assert "<https://a.example/1|APA> (3 October 2023, first report)" in text
    assert "<https://b.example/2|Trend> (4 October 2023)" in text
    quote = next(b["text"]["text"] for b in posted["blocks"]
                 if b["type"] == "section" and b["text"]["text"].startswith(">"))
    assert quote.endswith("…") and len(quote) < 700


def test_message_id_comes_from_the_idempotency_key():
    assert message_id("k", "w@example.org") == message_id("k", "w@example.org")
    assert message_id("k", "w@example.org") != message_id("k2", "w@example.org")


def test_min_sources_holds_a_development_until_a_second_outlet(slack, make_config):
    one = slack.serve("/one.xml", rss([REOPENED]))
    two = slack.serve("/two.xml", rss([RETOLD], title="Other wire"))
    config = make_config([{"name": "One", "url": one}], alerts={"slack": {}, "min_sources": 2})
    run_cycle(config)
    assert outbox(config) == [] and slack.posts == []
    config = make_config([{"name": "One", "url": one}, {"name": "Two", "url": two}],
                         alerts={"slack": {}, "min_sources": 2})
    run_cycle(config)
    assert len([p for p in slack.posts if p[0] == "/hook"]) == 1
    payload = json.loads(slack.posts[-1][1])
    assert "Two" in json.dumps(payload) and "One" in json.dumps(payload)


def write_issue_config(tmp_path, feed_urls: list[str], smtp_port: int) -> str:
    """The configuration of the alerts issue, as written (ports are the test's)."""
    feeds = "".join(f'[[feeds]]\nname = "Wire {i + 1}"\nurl = "{url}"\n\n'
                    for i, url in enumerate(feed_urls))
    path = tmp_path / "config.toml"
    path.write_text(f"""[watcher]
db = "{tmp_path / 'w' / 'watcher.db'}"
baseline = "{REPO / 'store' / 'baseline'}"

{feeds}[alerts]
max_age = "36500d"  # not in the issue: its news is dated 2023, alerted all the same

[alerts.email]
host = "127.0.0.1"
port = {smtp_port}
starttls = false
sender = "watcher@example.org"
recipients = ["desk@example.org"]

[alerts.slack]
webhook_url_env = "WATCHER_SLACK_WEBHOOK"
""")
    return str(path)


def test_done_when_one_email_one_slack_then_corroboration_then_nothing(smtp, slack, tmp_path):
    box, port = smtp
    feeds = [slack.serve("/feed1.xml", rss([REOPENED])),
             slack.serve("/feed2.xml", rss([RETOLD], title="Other wire")),
             slack.serve("/feed3.xml", rss([FOOTBALL], title="Sport"))]

    def run_once(n_feeds: int) -> None:
        cfg = write_issue_config(tmp_path, feeds[:n_feeds], port)
        proc = subprocess.run([sys.executable, "-m", "watcher", "--config", cfg, "run",
                               "--once"], capture_output=True, text=True, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr

    run_once(1)
    assert len(box.messages) == 1 and len(slack.posts) == 1
    run_once(2)  # the same news from a second feed, in other words: a source, no alert
    run_once(3)  # an irrelevant article (football): nothing
    assert len(box.messages) == 1 and len(slack.posts) == 1
    cfg = write_issue_config(tmp_path, feeds, port)
    devs = subprocess.run([sys.executable, "-m", "watcher", "--config", cfg, "developments",
                           "--json"], capture_output=True, text=True, cwd=tmp_path).stdout
    [dev] = [json.loads(line) for line in devs.splitlines()]
    assert [s["url"] for s in dev["sources"]] == [REOPENED["link"], RETOLD["link"]]


def test_alerts_command_lists_the_outbox(slack, tmp_path, make_config):
    slack.routes["/hook"] = Route(b"invalid_payload", status=400)
    slack.serve("/feed1.xml", rss([REOPENED]))
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[watcher]\ndb = "a.db"\nbaseline = "{REPO / "store" / "baseline"}"\n'
                   f'[[feeds]]\nname = "W"\nurl = "{slack.url("/feed1.xml")}"\n'
                   f'[alerts]\nmax_age = "36500d"\n[alerts.slack]\n')
    run = [sys.executable, "-m", "watcher", "--config", str(cfg)]
    subprocess.run([*run, "run", "--once"], capture_output=True, cwd=tmp_path, check=True)
    out = subprocess.run([*run, "alerts"], capture_output=True, text=True, cwd=tmp_path).stdout
    assert out.startswith("0 pending, 0 sending, 0 sent, 1 failed")
    assert "last error: Slack answered HTTP 400: invalid_payload" in out
    slack.routes["/hook"] = Route(b"ok")
    out = subprocess.run([*run, "alerts", "--retry"], capture_output=True, text=True,
                         cwd=tmp_path).stdout
    assert out.startswith("1 failed alerts queued again\n1 pending")
    subprocess.run([*run, "run", "--once"], capture_output=True, cwd=tmp_path, check=True)
    out = subprocess.run([*run, "alerts"], capture_output=True, text=True, cwd=tmp_path).stdout
    assert out.startswith("0 pending, 0 sending, 1 sent, 0 failed")


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_smtp_login_with_the_password_from_the_environment(smtp_login, monkeypatch, caplog):
    box, port = smtp_login
    settings = EmailSettings(**email_settings(port, username="watcher",
                                              password_env="WATCHER_SMTP_PASSWORD"))
    monkeypatch.setenv("WATCHER_SMTP_PASSWORD", "s3cret")
    EmailSender(settings).send(DEV, [], "k-login")
    assert box.messages[0]["Subject"] == (
        "Meeting scheduled: Aliyev and Pashinyan in Brussels, 14 May 2023")
    assert "s3cret" not in caplog.text
    assert b"s3cret" not in box.envelopes[0].content


def test_a_javascript_link_never_becomes_a_link(smtp, slack):
    box, port = smtp
    sources = [{"url": "javascript:alert(document.cookie)", "outlet": "Wire", "title": "T"},
               {"url": "https://a.example/1", "outlet": "Real", "title": "T"}]
    EmailSender(EmailSettings(**email_settings(port))).send(DEV, sources, "k-js")
    html = box.messages[0].get_body(("html",)).get_content()
    assert "href=\"javascript" not in html.lower() and 'href="https://a.example/1"' in html
    assert "javascript:alert(document.cookie)" in html  # shown as text, not linked
    SlackSender(SlackSettings()).send(DEV, sources, "k-js")
    posted = slack.posts[-1][1].decode()
    assert "<javascript:" not in posted and "<https://a.example/1|Real>" in posted


def test_smtp_452_on_a_recipient_is_transient_550_is_final():
    from aiosmtpd.controller import Controller

    from watcher.alerts import DeliveryError

    class Refusing:
        def __init__(self, reply: str):
            self.reply = reply

        async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
            return self.reply

    for reply, permanent in (("452 4.2.2 Mailbox full, try later", False),
                             ("550 5.1.1 No such user", True)):
        port = free_port()
        controller = Controller(Refusing(reply), hostname="127.0.0.1", port=port)
        controller.start()
        try:
            with pytest.raises(DeliveryError) as caught:
                EmailSender(EmailSettings(**email_settings(port))).send(DEV, [], "k-rcpt")
        finally:
            controller.stop()
        assert caught.value.permanent is permanent, reply
        assert reply[:3] in str(caught.value)


def _strings(value) -> list[str]:
    """Every string in a decoded JSON payload."""
    if isinstance(value, dict):
        return [t for v in value.values() for t in _strings(v)]
    if isinstance(value, list):
        return [t for v in value for t in _strings(v)]
    return [value] if isinstance(value, str) else []


def _assert_clean_mail(msg, envelope) -> None:
    headers = envelope.content.split(b"\r\n\r\n", 1)[0].decode()
    assert_clean(headers, allowed="\r\n\t")  # folded lines only
    for name in ("Subject", "From", "To", "Message-ID"):
        assert_clean(str(msg[name] or ""), allowed="")
    for part in ("plain", "html"):  # CRLF is the mail's own line ending
        assert_clean(msg.get_body((part,)).get_content().replace("\r\n", "\n"))


def test_an_item_with_control_characters_reaches_email_and_slack_clean(smtp, slack,
                                                                       make_config):
    box, port = smtp
    config = queued_config(make_config, slack, [HOSTILE_ITEM],
                           alerts={"email": email_settings(port), "slack": {}})
    run_cycle(config)
    assert [a["status"] for a in outbox(config)] == ["sent", "sent"]
    [msg] = box.messages
    _assert_clean_mail(msg, box.envelopes[0])
    assert "RED" in msg.get_body(("plain",)).get_content()  # the words stay
    [posted] = [json.loads(body) for path, body in slack.posts if path == "/hook"]
    assert_clean("\n".join(_strings(posted)))


def test_an_item_with_control_characters_reaches_the_console_clean(server, make_config,
                                                                   capsys):
    config = queued_config(make_config, server, [HOSTILE_ITEM])
    run_cycle(config)
    out = capsys.readouterr().out
    assert "Lachin corridor" in out and "RED" in out
    assert_clean(out)


def test_a_digest_with_control_characters_leaves_every_channel_clean(smtp, slack, capsys,
                                                                     tmp_path):
    from watcher import digest
    from watcher.facts import RouteFact, When
    from watcher.state import State

    box, port = smtp
    store = Store(tmp_path / "d.db")
    fact = RouteFact("Lachin corridor", "reopened", When.day(MONDAY.date()),
                     f"Azerbaijan reopened the Lachin corridor{HOSTILE_TEXT} on Monday.")
    State(store).apply([fact], article_id=None, url="https://wire.example/1",
                       outlet=f"Wire{HOSTILE_TEXT}", published=MONDAY,
                       title=f"Lachin reopens{HOSTILE_TEXT}")
    d = digest.build(store, MONDAY - timedelta(days=1), now=MONDAY + timedelta(hours=1))
    store.close()
    title = f"{digest.title(d)}{HOSTILE_TEXT}"  # the channels clean what they are given
    text, html, markdown = (digest.render(d, fmt) for fmt in ("text", "html", "markdown"))
    EmailSender(EmailSettings(**email_settings(port))).send_digest(
        title, text + HOSTILE_TEXT, html, markdown)
    _assert_clean_mail(box.messages[0], box.envelopes[0])
    assert "RED" in box.messages[0].get_body(("html",)).get_content()
    SlackSender(SlackSettings()).send_digest(title, text + HOSTILE_TEXT, html, markdown)
    assert_clean("\n".join(_strings(json.loads(slack.posts[-1][1]))))
    ConsoleSender().send_digest(title, text + HOSTILE_TEXT, html, markdown)
    assert_clean(capsys.readouterr().out)
