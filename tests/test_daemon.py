"""The daemon as a subprocess: polls on schedule, alerts, answers the API, refuses a second
instance, and exits 0 on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import REPO, email_toml, free_port, one_feed_toml, rss

REOPENED = {"title": "Azerbaijan reopens Lachin corridor", "link": "https://wire.example/l",
            "description": "Azerbaijan reopened the Lachin corridor on Monday, officials said."}


def get(url: str, token: str | None = None) -> tuple[int, str, str]:
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token
                                 else {})
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.read().decode()


def wait_for(predicate, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except OSError:
            value = None
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


@pytest.fixture
def daemon(tmp_path, server, smtp):
    box, smtp_port = smtp
    api_port = free_port()
    feed = server.serve("/feed.xml", rss([REOPENED]))
    cfg = tmp_path / "config.toml"
    cfg.write_text(one_feed_toml(tmp_path, feed, "2s") + "\n" + email_toml(smtp_port) + f"""
[api]
listen = "127.0.0.1:{api_port}"
token_env = "WATCHER_API_TOKEN"
""")
    env = {**os.environ, "WATCHER_API_TOKEN": "t0ken"}
    proc = subprocess.Popen([sys.executable, "-m", "watcher", "--config", str(cfg), "run"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    base = f"http://127.0.0.1:{api_port}"
    try:
        wait_for(lambda: get(base + "/healthz")[0] == 200)
        yield {"proc": proc, "base": base, "box": box, "server": server, "cfg": cfg, "env": env}
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_daemon_polls_alerts_answers_and_stops_cleanly(daemon):
    base, box, server = daemon["base"], daemon["box"], daemon["server"]
    wait_for(lambda: len(box.messages) == 1)
    assert box.messages[0]["Subject"].startswith("Route: Lachin corridor reopened")
    # It keeps polling on schedule (2 s interval, conditional requests, no second alert).
    wait_for(lambda: len(server.hits("/feed.xml")) >= 3, timeout=15)
    assert len(box.messages) == 1

    status, ctype, body = get(base + "/healthz")
    health = json.loads(body)
    assert status == 200 and health["scheduler"] is True and health["failing_feeds"] == []

    assert get(base + "/facts")[0] == 401  # the token guards everything but /healthz
    status, ctype, body = get(base + "/digest?since=7d&format=json", "t0ken")
    assert status == 200 and ctype == "application/json"
    assert json.loads(body)["changes"]["route"][0]["headline"].startswith(
        "Route: Lachin corridor reopened")
    status, ctype, body = get(base + "/digest?since=7d&format=html", "t0ken")
    assert status == 200 and ctype.startswith("text/html") and "<svg" in body
    status, _, body = get(base + "/digest?since=banana", "t0ken")
    assert status == 400 and "banana" in json.loads(body)["error"]
    status, _, body = get(base + "/developments?since=1d", "t0ken")
    assert [d["type"] for d in json.loads(body)] == ["route_status"]
    status, _, body = get(base + "/facts", "t0ken")
    assert any(f.get("name") == "Lachin corridor" and f["status"] == "reopened"
               for f in json.loads(body))
    status, ctype, body = get(base + "/metrics", "t0ken")
    assert status == 200 and "watcher_alerts_sent_total 1" in body
    assert "watcher_developments_total 1" in body and "# TYPE watcher_polls_total counter" \
        in body

    second = subprocess.run([sys.executable, "-m", "watcher", "--config", str(daemon["cfg"]),
                             "run"], capture_output=True, text=True, env=daemon["env"],
                            timeout=30)
    assert second.returncode == 1 and "already running" in second.stderr

    proc = daemon["proc"]
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=10) == 0
    assert time.monotonic() - started < 8
    stderr = proc.stderr.read()
    assert "received SIGTERM, stopping" in stderr and "t0ken" not in stderr
    assert "apscheduler" not in stderr  # its job lines are below INFO, on every executor


def poke(daemon, sql: str) -> None:
    """Change the running daemon's store directly (WAL lets another connection write)."""
    db = sqlite3.connect(daemon["cfg"].parent / "store" / "watcher.db", timeout=30)
    db.execute(sql)
    db.commit()
    db.close()


def test_a_failing_feed_raises_one_operational_alert_and_one_recovery(daemon):
    server, box = daemon["server"], daemon["box"]
    wait_for(lambda: len(box.messages) == 1)
    server.serve("/feed.xml", "down", status=500)
    # Backoff starts at the feed's 2 s interval and doubles; the default threshold is 5
    # failures, so set the count to 4 and make the feed due instead of waiting minutes.
    poke(daemon, "UPDATE feeds SET consecutive_failures = 4, next_poll_at = NULL")
    wait_for(lambda: any(m["Subject"] == "Source failing: Local wire" for m in box.messages),
             timeout=30)
    health = json.loads(get(daemon["base"] + "/healthz")[2])
    assert health["failing_feeds"] == ["Local wire"]
    assert health["failing_by_kind"] == {"http_5xx": 1}
    metrics = get(daemon["base"] + "/metrics", "t0ken")[2]
    assert 'watcher_feeds_failing_by_kind{kind="http_5xx"} 1' in metrics
    assert 'watcher_feeds_failing_by_kind{kind="timeout"} 0' in metrics
    server.serve("/feed.xml", rss([REOPENED]))
    poke(daemon, "UPDATE feeds SET next_poll_at = NULL")
    wait_for(lambda: any(m["Subject"] == "Source recovered: Local wire" for m in box.messages),
             timeout=30)
    subjects = [m["Subject"] for m in box.messages]
    assert subjects.count("Source failing: Local wire") == 1
    assert subjects.count("Source recovered: Local wire") == 1


def test_run_once_refuses_beside_a_running_watcher_even_through_a_symlink(tmp_path):
    import subprocess
    import sys

    from watcher.daemon import InstanceLock

    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    held = InstanceLock(real / "w.db")  # the daemon, as far as the store can tell
    try:
        cfg = tmp_path / "w.toml"
        cfg.write_text(f'[watcher]\ndb = "{tmp_path / "link" / "w.db"}"\n'
                       f'baseline = "{REPO / "store" / "baseline"}"\n')
        proc = subprocess.run([sys.executable, "-m", "watcher", "--config", str(cfg), "run",
                               "--once"], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 1, proc.stderr
        assert "another watcher (pid" in proc.stderr and "already running" in proc.stderr
    finally:
        held.release()


def test_only_the_process_that_claimed_an_alert_may_finish_it(tmp_path):
    from watcher.store import Store

    store = Store(tmp_path / "w.db")
    with store.tx():
        dev = store.add_development("k", "meeting_new", {"type": "meeting_new"}, None,
                                    "2024-01-01T00:00:00+00:00", [])
        store.enqueue(dev, ["console"])
    alert = store.alerts()[0]["id"]
    with store.tx():
        assert store.claim_alert(alert, "daemon")
        assert not store.claim_alert(alert, "run-once")  # already being sent
        assert not store.finish_alert(alert, "pending", "x", owner="run-once")
    assert store.alerts()[0]["status"] == "sending"
    with store.tx():
        assert store.finish_alert(alert, "sent", owner="daemon")
    assert store.alerts()[0]["status"] == "sent"
    store.close()


def test_a_slow_feed_never_holds_back_an_alert(tmp_path, server, smtp):
    """Feeds share `concurrency` workers; delivery has its own, so an alert waiting in the
    outbox goes out while the only feed worker is held by a trickling server."""
    import threading

    box, smtp_port = smtp
    good = server.serve("/feed.xml", rss([REOPENED]))
    trickling = threading.Event()
    done = threading.Event()

    def trickle(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.end_headers()
        trickling.set()
        try:
            for _ in range(40):
                handler.wfile.write(b" ")
                handler.wfile.flush()
                time.sleep(0.25)
        except OSError:
            pass
        finally:
            done.set()

    slow = server.serve("/slow.xml", handler=trickle)
    db = tmp_path / "store" / "watcher.db"

    def config(feed: str, port: int) -> Path:
        cfg = tmp_path / "config.toml"
        cfg.write_text(f"""[watcher]
db = "{db}"
baseline = "{REPO / 'store' / 'baseline'}"

[fetch]
concurrency = 1
total_timeout = "20s"

[[feeds]]
name = "Wire"
url = "{feed}"
interval = "60s"

[alerts]
max_age = "36500d"

[alerts.email]
host = "127.0.0.1"
port = {port}
starttls = false
sender = "watcher@example.org"
recipients = ["desk@example.org"]

[api]
listen = "127.0.0.1:{free_port()}"
""")
        return cfg

    # First the news, with the mail server down: the alert waits in the outbox.
    once = subprocess.run([sys.executable, "-m", "watcher", "--config",
                           str(config(good, free_port())), "run", "--once"],
                          capture_output=True, text=True, timeout=60)
    assert once.returncode == 0, once.stderr
    outbox = sqlite3.connect(db)
    assert outbox.execute("SELECT status FROM outbox").fetchall() == [("pending",)]
    outbox.execute("UPDATE outbox SET next_attempt_at = NULL")
    outbox.commit()
    outbox.close()

    # Then the daemon, whose only feed trickles for ten seconds.
    proc = subprocess.Popen([sys.executable, "-m", "watcher", "--config",
                             str(config(slow, smtp_port)), "run"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert trickling.wait(20)
        wait_for(lambda: len(box.messages) == 1, timeout=20)
        assert not done.is_set()  # sent while the feed's fetch was still in flight
        assert box.messages[0]["Subject"].startswith("Route: Lachin corridor reopened")
    finally:
        proc.kill()
        proc.wait()
