"""`watcher run`: the daemon. APScheduler 3.x jobs poll each feed at its interval, deliver
the outbox and send the scheduled digest; the HTTP API answers alongside.

Jobs run in a thread pool; each thread has its own SQLite connection (WAL lets them
read while one writes). A lock file next to the database keeps a second daemon off the
same store. SIGTERM or SIGINT stops the scheduler without waiting for running jobs:
an alert being sent is left `sending` and is sent again at the next start, never lost.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import signal
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from . import baseline, digest, health
from .alerts import DeliveryError
from .alerts import channels as alert_channels
from .alerts.outbox import deliver, senders
from .api import ApiServer
from .config import Config, FeedSettings, gazetteer
from .pipeline import Pipeline
from .poll import Poller
from .store import Store

log = logging.getLogger(__name__)

DELIVERY_EVERY = 30  # seconds
STOP_GRACE = 3.0  # seconds a running job gets to finish after SIGTERM


class AlreadyRunning(Exception):
    """Another daemon holds the store's lock."""


class InstanceLock:
    """An exclusive, non-blocking flock on `<db>.lock`; released when the process dies."""

    def __init__(self, db: Path):
        # The real path: a store reached through a symlink or "../" is the same store.
        self.path = Path(f"{os.path.realpath(db)}.lock")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            other = os.read(self.fd, 32).decode(errors="replace").strip() or "?"
            os.close(self.fd)
            raise AlreadyRunning(f"another watcher (pid {other}) is already running on "
                                 f"{db}; stop it first") from None
        os.ftruncate(self.fd, 0)
        os.write(self.fd, str(os.getpid()).encode())

    def release(self) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)


class Daemon:
    def __init__(self, config: Config):
        self.config = config
        self.started = datetime.now(UTC)
        self.local = threading.local()
        self.stopping = threading.Event()
        self.channels = alert_channels(config)
        self.scheduler = BackgroundScheduler(
            timezone=config.watcher.timezone,
            # Feeds share `concurrency` workers; delivery and the digest have their own, so
            # a slow feed (held at most [fetch] total_timeout) never holds back an alert.
            executors={"default": ThreadPoolExecutor(max_workers=config.fetch.concurrency),
                       "alerts": ThreadPoolExecutor(max_workers=1)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
        )
        self.running_jobs = 0
        self._jobs_lock = threading.Lock()

    def _job(self, fn, *args) -> None:
        """Run a job unless stopping, counting it so shutdown can wait a little for it."""
        if self.stopping.is_set():
            return
        with self._jobs_lock:
            self.running_jobs += 1
        try:
            fn(*args)
        except Exception:  # a job's failure is logged; the daemon keeps going
            log.exception("job %s failed", getattr(fn, "__name__", fn))
        finally:
            with self._jobs_lock:
                self.running_jobs -= 1

    # -- per-thread resources ----------------------------------------------------------
    def poller(self) -> Poller:
        if getattr(self.local, "poller", None) is None:
            store = Store(self.config.watcher.db)
            self.local.poller = Poller(self.config, store, Pipeline(store, self.config))
        return self.local.poller

    # -- jobs ----------------------------------------------------------------------------
    def poll_feed(self, feed: FeedSettings) -> None:
        poller = self.poller()
        if feed not in poller.due(datetime.now(UTC)):
            return  # backing off, or a server asked for a longer interval
        summary = asyncio.run(poller.cycle(feeds=[feed]))
        if summary.articles_new or summary.developments:
            log.info("%s: %s", feed.name, summary.line())
        kind = health.check(poller.store, feed, self.config, self.channels, datetime.now(UTC))
        if kind:
            log.warning("%s: %s", feed.name, kind.replace("_", " "))
        if summary.developments or kind:
            self.deliver()  # news goes out now, not at the next delivery tick

    def deliver(self) -> None:
        summary = deliver(self.poller().store, self.config, started=self.started)
        if summary.sent or summary.failed:
            log.info(summary.line())

    def send_digest(self) -> None:
        """The scheduled digest of the last day, by the configured channels."""
        d = digest.build(self.poller().store, datetime.now(UTC) - timedelta(days=1),
                         gazetteer=gazetteer(self.config))
        title = digest.title(d)
        parts = {fmt: digest.render(d, fmt) for fmt in ("text", "html", "markdown")}
        channel_senders = senders(self.config)
        for name in self.config.digest.channels or self.channels:
            sender = channel_senders.get(name)
            if sender is None:
                log.warning("digest: channel %r is not configured", name)
                continue
            try:
                sender.send_digest(title, parts["text"], parts["html"], parts["markdown"])
                log.info("digest sent by %s", name)
            except DeliveryError as exc:  # the next scheduled digest will try again
                log.warning("digest by %s not sent: %s", name, exc)

    # -- health, for /healthz ------------------------------------------------------------
    def health(self, store: Store) -> tuple[bool, dict]:
        feeds = [f for f in store.feeds() if f.url in {c.url for c in self.config.feeds}]
        failing = [f.name for f in feeds if f.consecutive_failures]
        last = max((f.last_attempt_at for f in feeds if f.last_attempt_at), default=None)
        alive = self.scheduler.running and not self.stopping.is_set()
        ok = alive and not (feeds and len(failing) == len(feeds))
        return ok, {"status": "ok" if ok else "unhealthy", "scheduler": alive,
                    "last_poll": last, "feeds": len(feeds), "failing_feeds": failing,
                    "failing_by_kind": dict(Counter(f.error_kind or "internal" for f in feeds
                                                    if f.consecutive_failures)),
                    "pending_alerts": len(store.alerts("pending"))}

    # -- life cycle ----------------------------------------------------------------------
    def schedule(self) -> None:
        now = datetime.now(UTC)
        count = max(1, len(self.config.feeds))
        for i, feed in enumerate(self.config.feeds):
            interval = feed.interval or self.config.watcher.poll_interval
            self.scheduler.add_job(
                self._job, "interval", args=[self.poll_feed, feed], seconds=interval,
                jitter=min(60.0, interval / 10), id=f"feed-{i}", name=f"poll {feed.name}",
                # Spread the first polls over a few seconds rather than all at once.
                next_run_time=now + timedelta(seconds=min(10.0, interval / 2) * i / count),
            )
        self.scheduler.add_job(self._job, "interval", args=[self.deliver],
                               seconds=DELIVERY_EVERY, id="deliver", executor="alerts",
                               next_run_time=now + timedelta(seconds=1))
        if self.config.digest.schedule:
            trigger = CronTrigger.from_crontab(self.config.digest.schedule,
                                               timezone=self.config.digest.timezone)
            self.scheduler.add_job(self._job, trigger, args=[self.send_digest], id="digest",
                                   executor="alerts")

    def run(self) -> int:
        lock = InstanceLock(self.config.watcher.db)
        api = None
        try:
            store = Store(self.config.watcher.db)
            baseline.ensure_baseline(Pipeline(store, self.config), self.config.watcher.baseline,
                                     self.config.watcher.timeline_file)
            store.close()
            api = ApiServer(self.config, self.health)
            self.schedule()
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda signum, _frame: self._stop(signum))
            self.scheduler.start()
            api.start()
            log.info("watching %d feeds; store %s", len(self.config.feeds),
                     self.config.watcher.db)
            self.stopping.wait()
        finally:
            if self.scheduler.running:
                self.scheduler.shutdown(wait=False)
            if api is not None:
                api.stop()
            deadline = datetime.now(UTC) + timedelta(seconds=STOP_GRACE)
            while self.running_jobs and datetime.now(UTC) < deadline:
                self.stopping.wait(0.1)
            lock.release()
        if self.running_jobs:
            # A job is still in a network call. Its writes are transactions (rolled back if
            # cut short) and its alert, if any, is left 'sending' and resent at next start.
            log.info("stopped (%d jobs cut short)", self.running_jobs)
            return -1
        log.info("stopped")
        return 0

    def _stop(self, signum: int) -> None:
        log.info("received %s, stopping", signal.Signals(signum).name)
        self.stopping.set()
