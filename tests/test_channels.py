"""Apprise and the signed webhook as channels, routing per channel, one channel registry:
end to end with real local endpoints (Apprise's json:// and the webhook, each a server on
127.0.0.1), the outbox's retries, `watcher alerts`, kill -9, and a broken Apprise URL."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime

import pytest
from conftest import BRUSSELS_PLAN, REPO, Route, free_port, one_feed_toml, rss

from watcher.alerts import DeliveryError
from watcher.alerts.registry import CHANNELS, channels, senders
from watcher.alerts.routing import routed
from watcher.alerts.webhook import WebhookSender
from watcher.config import Config, ConfigError, WebhookSettings, from_dict
from watcher.store import Store

MONDAY = datetime(2023, 9, 25, 10, tzinfo=UTC)
LEADERS = {"title": "Aliyev and Pashinyan to meet in Geneva",
           "link": "https://wire.example/geneva",
           "description": "Aliyev and Pashinyan will meet in Geneva on Friday.", "pub": MONDAY}
MINISTERS = {"title": "Bayramov and Mirzoyan to meet in Almaty",
             "link": "https://wire.example/almaty",
             "description": "Foreign ministers Jeyhun Bayramov and Ararat Mirzoyan will meet in "
                            "Almaty on Thursday.", "pub": MONDAY}
SECRET = "s3cret-for-signing"


def write_config(tmp_path, feed_url: str, extra: str = "", interval: str = "15m") -> str:
    path = tmp_path / "config.toml"
    path.write_text(one_feed_toml(tmp_path, feed_url, interval) + f"""
[alerts.apprise]
urls_env = "WATCHER_APPRISE_URLS"
only = {{ levels = ["leaders"] }}

[alerts.webhook]
url_env = "WATCHER_WEBHOOK_URL"
secret_env = "WATCHER_WEBHOOK_SECRET"
{extra}""")
    return str(path)


@pytest.fixture
def endpoints(server, tmp_path):
    """A feed with a leaders' meeting and a foreign ministers' meeting; Apprise (json://)
    and the webhook posting to the same local server, on paths of their own."""
    server.serve("/apprise", "ok")
    server.serve("/hook", "ok")
    feed = server.serve("/feed.xml", rss([LEADERS, MINISTERS]))
    env = {**os.environ,
           "WATCHER_APPRISE_URLS": f"json://{server.base.removeprefix('http://')}/apprise",
           "WATCHER_WEBHOOK_URL": server.url("/hook"), "WATCHER_WEBHOOK_SECRET": SECRET}
    return {"server": server, "cfg": write_config(tmp_path, feed), "env": env,
            "feed": feed, "tmp": tmp_path}


def watcher(e, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "watcher", "--config", e["cfg"], *args],
                          capture_output=True, text=True, env=e["env"], cwd=e["tmp"],
                          timeout=60)


def signed(headers: dict, body: bytes) -> bool:
    good = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(good, headers.get("x-watcher-signature", ""))


def test_done_when_apprise_routed_to_leaders_gets_one_post_the_webhook_two_signed(endpoints):
    server = endpoints["server"]
    proc = watcher(endpoints, "run", "--once")
    assert proc.returncode == 0, proc.stderr
    assert "3 sent" in proc.stderr  # one by Apprise, two by the webhook
    [(_, apprise_body)] = server.posted("/apprise")
    posted = json.loads(apprise_body)
    assert posted["title"] == "Meeting scheduled: Aliyev and Pashinyan in Geneva, 29 September 2023"
    assert "Evidence: \u201cAliyev and Pashinyan will meet in Geneva" in posted["message"]
    hooks = server.posted("/hook")
    assert len(hooks) == 2
    devs = []
    for headers, body in hooks:
        assert signed(headers, body), headers
        assert headers["content-type"] == "application/json"
        assert re.fullmatch(r"[0-9a-f]{64}", headers["idempotency-key"])
        devs.append(json.loads(body))
    assert {d["meeting"]["level"] for d in devs} == {"leaders", "foreign_ministers"}
    for d in devs:  # the replay contract's shape, plus the sources
        assert set(d) == {"type", "published", "article_url", "meeting", "previous",
                          "evidence", "sources"}
        assert d["sources"][0]["url"] == d["article_url"]
    assert len({h["idempotency-key"] for h, _ in hooks}) == 2
    again = watcher(endpoints, "run", "--once")  # nothing new: nothing sent
    assert again.returncode == 0 and len(server.posted("/hook")) == 2
    assert len(server.posted("/apprise")) == 1


def test_a_500_from_either_endpoint_is_retried_and_shown_in_watcher_alerts(endpoints):
    server = endpoints["server"]
    server.routes["/apprise"] = Route(b"down", status=500)
    server.routes["/hook"] = Route(b"down", status=500)
    assert watcher(endpoints, "run", "--once").returncode == 0
    out = watcher(endpoints, "alerts").stdout
    assert out.startswith("3 pending, 0 sending, 0 sent, 0 failed"), out
    assert "apprise:1 pending  attempts 1  Meeting scheduled: Aliyev and Pashinyan" in out
    assert "last error: Apprise JSON (json://127.0.0.1:" in out and "error=500" in out
    assert out.count("last error: webhook answered HTTP 500: down") == 2
    store = Store(endpoints["tmp"] / "store" / "watcher.db")
    store.db.execute("UPDATE outbox SET next_attempt_at = '2000-01-01T00:00:00+00:00'")
    store.close()
    server.routes["/apprise"], server.routes["/hook"] = Route(b"ok"), Route(b"ok")
    assert watcher(endpoints, "run", "--once").returncode == 0
    out = watcher(endpoints, "alerts").stdout
    assert out.startswith("0 pending, 0 sending, 3 sent, 0 failed"), out
    assert len(server.posted("/apprise")) == 2 and len(server.posted("/hook")) == 4


def test_kill_9_between_claim_and_send_loses_nothing(endpoints):
    """The daemon is killed while Apprise's endpoint holds its request: the alert it had
    claimed is sent at the next start, and so is every alert it never reached."""
    server, held, release = endpoints["server"], threading.Event(), threading.Event()

    def hold(handler) -> None:
        held.set()
        release.wait(30)

    server.routes["/apprise"] = Route(handler=hold)
    proc = subprocess.Popen([sys.executable, "-m", "watcher", "--config", endpoints["cfg"],
                             "run", "--once"], env=endpoints["env"], cwd=endpoints["tmp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert held.wait(30), "the alert never reached Apprise's endpoint"
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    finally:
        release.set()
        if proc.poll() is None:
            proc.kill()
    store = Store(endpoints["tmp"] / "store" / "watcher.db")
    statuses = sorted((a["channel"], a["status"]) for a in store.alerts())
    store.close()
    assert ("apprise:1", "sending") in statuses and len(statuses) == 3
    server.routes["/apprise"] = Route(b"ok")
    assert watcher(endpoints, "run", "--once").returncode == 0
    store = Store(endpoints["tmp"] / "store" / "watcher.db")
    assert [a["status"] for a in store.alerts()] == ["sent"] * 3
    store.close()
    assert len(server.posted("/hook")) == 2  # each development once
    assert len(server.posted("/apprise")) == 2  # the claimed one, sent again


def test_watcher_run_with_a_broken_apprise_url_says_so_once_and_the_rest_works(endpoints):
    """`watcher run` (the daemon): the unusable URL is named in one line (its secret part
    never), the working Apprise URL and the webhook get their alerts."""
    e, server = endpoints, endpoints["server"]
    cfg = write_config(e["tmp"], e["feed"], interval="2s")
    working = e["env"]["WATCHER_APPRISE_URLS"]
    env = {**e["env"], "WATCHER_APPRISE_URLS": f"foo://t0psecret {working}"}
    proc = subprocess.Popen([sys.executable, "-m", "watcher", "--config", cfg, "run"],
                            env=env, cwd=e["tmp"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (
                len(server.posted("/hook")) == 2 and server.posted("/apprise")):
            time.sleep(0.1)
        assert len(server.posted("/hook")) == 2 and len(server.posted("/apprise")) == 1
    finally:
        proc.send_signal(signal.SIGTERM)
        stderr = proc.communicate(timeout=30)[1]
    assert proc.returncode == 0, stderr
    told = [line for line in stderr.splitlines() if "URL 1 of WATCHER_APPRISE_URLS" in line]
    assert len(told) == 1, stderr
    assert "ERROR" in told[0] and "Apprise has no service 'foo'" in told[0]
    assert "t0psecret" not in stderr


def test_the_signature_checks_with_the_readmes_receiver(tmp_path):
    """The README's ten-line receiver accepts a signed post and refuses a forged one."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    code = next(b for b in re.findall(r"```python\n(.*?)```", readme, re.DOTALL)
                if "X-Watcher-Signature" in b)
    port = free_port()
    script = tmp_path / "receiver.py"
    script.write_text(code.replace("8000", str(port)))
    env = {**os.environ, "WATCHER_WEBHOOK_SECRET": SECRET, "WATCHER_WEBHOOK_URL":
           f"http://127.0.0.1:{port}/"}
    receiver = subprocess.Popen([sys.executable, str(script)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        os.environ.update({k: env[k] for k in ("WATCHER_WEBHOOK_SECRET", "WATCHER_WEBHOOK_URL")})
        sender = WebhookSender(WebhookSettings())
        while True:
            try:
                sender.send(DEV, [], "meeting_new|k1")
                break
            except DeliveryError:  # not listening yet
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        os.environ["WATCHER_WEBHOOK_SECRET"] = "not-the-secret"
        with pytest.raises(DeliveryError) as refused:
            sender.send(DEV, [], "meeting_new|k2")
        assert refused.value.permanent and "401" in str(refused.value)
    finally:
        for k in ("WATCHER_WEBHOOK_SECRET", "WATCHER_WEBHOOK_URL"):
            os.environ.pop(k, None)
        receiver.terminate()
        out = receiver.communicate(timeout=10)[0]
    key, body = out.splitlines()[0].split(" ", 1)
    assert key == hashlib.sha256(b"meeting_new|k1").hexdigest()
    assert json.loads(body)["meeting"]["venue"]["city"] == "Brussels"


def test_the_webhook_fails_closed_without_its_secret(server, monkeypatch):
    server.serve("/hook", "ok")
    monkeypatch.setenv("WATCHER_WEBHOOK_URL", server.url("/hook"))
    monkeypatch.delenv("WATCHER_WEBHOOK_SECRET", raising=False)
    with pytest.raises(DeliveryError) as caught:
        WebhookSender(WebhookSettings()).send(DEV, [], "k")
    assert "WATCHER_WEBHOOK_SECRET" in str(caught.value)
    assert server.posted("/hook") == []  # nothing goes out unsigned


DEV = BRUSSELS_PLAN
FM = {**DEV, "meeting": {**DEV["meeting"], "level": "foreign_ministers", "status": "held"}}
ROUTE = {"type": "route_status", "published": "2023-09-25T10:00:00+00:00",
         "article_url": "https://a.example/2", "route": {"name": "Lachin corridor",
                                                         "status": "reopened", "since": None},
         "previous": None, "evidence": "Reopened."}
SOURCE = {"type": "source_failing", "published": "2023-09-25T10:00:00+00:00",
          "article_url": "https://feed.example/rss",
          "feed": {"name": "Wire", "url": "https://feed.example/rss", "detail": "5 failures"},
          "previous": {"health": None}, "evidence": "5 failures"}


def alerts_config(only: dict) -> Config:
    return from_dict({"alerts": {"webhook": {"only": only}, "email": {}}})


@pytest.mark.parametrize(("only", "expected"), [
    ({}, ["leaders", "fm", "route", "source"]),
    ({"levels": ["leaders"]}, ["leaders"]),  # levels speak of meetings alone
    ({"kinds": ["meeting", "source"], "levels": ["leaders"]}, ["leaders", "source"]),
    ({"levels": ["leaders"], "routes": ["lachin corridor"]}, ["leaders", "route"]),
    ({"routes": ["Aghdam road"]}, []),
    ({"statuses": ["held", "reopened"]}, ["fm", "route"]),
    ({"levels": ["leaders", "foreign_ministers"], "statuses": ["held", "reopened"]}, ["fm"]),
    ({"kinds": ["route"]}, ["route"]),
    ({"kinds": []}, []),  # the digest only
])
def test_only_routes_each_development_to_the_channels_that_want_it(only, expected):
    wanted = channels(alerts_config(only))
    devs = {"leaders": DEV, "fm": FM, "route": ROUTE, "source": SOURCE}
    assert [name for name, dev in devs.items() if "webhook" in routed(wanted, dev)] == expected
    assert all("email" in routed(wanted, dev) for dev in devs.values())  # no `only`: all


@pytest.mark.parametrize(("only", "expected"), [
    ('{ levels = ["leader"] }', "alerts.webhook.only.levels: unknown level 'leader' "
                                "(accepted: leaders, foreign_ministers, officials)"),
    ('{ kinds = ["meetings"] }', "alerts.webhook.only.kinds: unknown kind 'meetings' "
                                 "(accepted: meeting, route, source, possible)"),
    ('{ statuses = ["done"] }', "alerts.webhook.only.statuses: unknown status 'done' "
                                "(accepted: proposed, scheduled, held, cancelled, postponed, "
                                "open, closed, "),
    ('{ routes = ["Lachn corridor"] }', "alerts.webhook.only.routes: unknown route "
                                        "'Lachn corridor' (accepted: Lachin corridor, "),
    ('{ level = ["leaders"] }', "alerts.webhook.only.level: unknown key"),
    ('{ levels = "leaders" }', "alerts.webhook.only.levels: "),
])
def test_a_bad_only_is_one_line_naming_the_accepted_values(tmp_path, only, expected):
    path = tmp_path / "config.toml"
    path.write_text(f"[alerts.webhook]\nonly = {only}\n")
    from watcher.config import load
    with pytest.raises(ConfigError) as err:
        load(path)
    assert str(err.value).startswith(f"{path}: {expected}"), str(err.value)
    assert "\n" not in str(err.value)


def test_a_route_of_ones_own_gazetteer_can_be_routed(tmp_path):
    names = tmp_path / "names.toml"
    names.write_text('[[route]]\nname = "Old Post Road"\nnames = ["Old Post Road"]\n'
                     'nouns = ["road"]\n')
    config = from_dict({"extract": {"gazetteer": str(names)},
                        "alerts": {"webhook": {"only": {"routes": ["Old Post Road"]}}}})
    dev = {**ROUTE, "route": {**ROUTE["route"], "name": "Old Post Road"}}
    assert routed(channels(config), dev) == ["webhook"]


def test_one_registry_names_every_channel_and_its_settings():
    """A channel is a module and one entry: its settings are [alerts.NAME], its targets
    are the outbox's channels, and [digest] channels may name it."""
    assert [c.name for c in CHANNELS] == ["email", "slack", "apprise", "webhook"]
    alert_sections = {n for n in Config.model_fields["alerts"].annotation.model_fields
                      if n not in ("min_sources", "max_attempts", "max_age", "possible")}
    assert alert_sections == {c.name for c in CHANNELS}
    config = from_dict({"alerts": {"email": {}, "webhook": {}}})
    assert set(senders(config)) == {"console", "email", "webhook"}
    assert list(channels(config)) == ["email", "webhook"]
    assert list(channels(from_dict({}))) == ["console"]


def test_each_apprise_url_is_a_target_of_its_own(monkeypatch):
    monkeypatch.setenv("WATCHER_APPRISE_URLS", "json://127.0.0.1:1/a  tgram://123:abc/-100\n")
    config = from_dict({"alerts": {"apprise": {}}})
    assert list(channels(config)) == ["apprise:1", "apprise:2"]
    monkeypatch.setenv("WATCHER_APPRISE_URLS", "")
    assert list(channels(config)) == []


@pytest.mark.parametrize(("status", "permanent"), [(400, True), (401, True), (429, False),
                                                    (408, False), (500, False), (503, False)])
def test_an_apprise_refusal_fails_at_once_other_failures_are_retried(server, status,
                                                                     permanent):
    from watcher.alerts.apprise import AppriseSender
    from watcher.config import AppriseSettings

    server.serve("/apprise", "no", status=status)
    sender = AppriseSender(AppriseSettings(), f"json://{server.base[7:]}/apprise")
    with pytest.raises(DeliveryError) as caught:
        sender.send(DEV, [], "k")
    assert caught.value.permanent is permanent
    assert f"error={status}" in str(caught.value)
    assert str(caught.value).startswith(f"Apprise JSON (json://{server.base[7:]}/apprise)")


def test_an_unreachable_apprise_service_is_retried():
    from watcher.alerts.apprise import AppriseSender
    from watcher.config import AppriseSettings

    with pytest.raises(DeliveryError) as caught:
        AppriseSender(AppriseSettings(), f"json://127.0.0.1:{free_port()}/x").send(DEV, [], "k")
    assert not caught.value.permanent and "Connection error" in str(caught.value)


def test_a_held_development_goes_only_where_it_is_wanted(server, make_config, monkeypatch):
    """`min_sources = 2`: the route development waits for a second outlet, then goes to
    the webhook (all news) and not to Slack (meetings only)."""
    import asyncio

    from watcher.alerts.outbox import deliver
    from watcher.baseline import ensure_baseline
    from watcher.poll import Poller

    server.serve("/slack", "ok")
    server.serve("/hook", "ok")
    monkeypatch.setenv("WATCHER_SLACK_WEBHOOK", server.url("/slack"))
    monkeypatch.setenv("WATCHER_WEBHOOK_URL", server.url("/hook"))
    monkeypatch.setenv("WATCHER_WEBHOOK_SECRET", SECRET)
    reopened = {"title": "Azerbaijan reopens Lachin corridor", "link": "https://a.example/l",
                "description": "Azerbaijan reopened the Lachin corridor on Monday.",
                "pub": MONDAY}
    retold = {"title": "Traffic resumes on the road to Karabakh",
              "link": "https://b.example/k", "pub": MONDAY,
              "description": "Cars crossed the Lachin corridor after Baku reopened it on "
                             "Monday, according to witnesses."}
    feeds = [{"name": "One", "url": server.serve("/one.xml", rss([reopened]))},
             {"name": "Two", "url": server.serve("/two.xml", rss([retold], title="Two"))}]
    alerts = {"min_sources": 2, "webhook": {}, "slack": {"only": {"kinds": ["meeting"]}}}
    for n in (1, 2):
        config = make_config(feeds[:n], alerts=alerts)
        store = Store(config.watcher.db)
        poller = Poller(config, store)
        ensure_baseline(poller.pipeline, config.watcher.baseline)
        asyncio.run(poller.cycle(force=True))
        deliver(store, config)
        store.close()
        assert server.posted("/slack") == []
        assert len(server.posted("/hook")) == n - 1
    [(headers, body)] = server.posted("/hook")
    assert signed(headers, body) and len(json.loads(body)["sources"]) == 2


def test_the_digest_goes_to_every_apprise_url(server, monkeypatch):
    from watcher.alerts.registry import digest_targets

    server.serve("/a", "ok")
    server.serve("/b", "ok")
    host = server.base[7:]
    monkeypatch.setenv("WATCHER_APPRISE_URLS", f"json://{host}/a json://{host}/b")
    config = from_dict({"alerts": {"apprise": {}}})
    found = digest_targets(config, ["apprise", "slack"])
    assert [name for name, _ in found] == ["apprise:1", "apprise:2", "slack"]
    assert found[2][1] is None  # not configured
    for _, sender in found[:2]:
        sender.send_digest("Digest: 2 changes", "text", "<p>html</p>", "# Digest\n\n- one")
    for path in ("/a", "/b"):
        [(_, body)] = server.posted(path)
        assert json.loads(body)["title"] == "Digest: 2 changes"
        assert "- one" in json.loads(body)["message"]


def test_the_readmes_apprise_urls_are_ones_apprise_can_use():
    from watcher.alerts.apprise import unusable

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    urls = re.search(r"export WATCHER_APPRISE_URLS='(.*)'", readme).group(1).split()
    assert [u.split("://")[0] for u in urls] == ["tgram", "https"]  # Telegram, Teams
    assert [unusable(u) for u in urls] == [None, None]
