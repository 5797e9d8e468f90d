"""`watcher run`: the daemon. APScheduler 3.x jobs poll each feed at its interval, deliver
the outbox and send the scheduled digest; the HTTP API answers alongside.

Jobs run in a thread pool; each thread has its own SQLite connection (WAL lets them
read while one writes). A lock on the database file itself keeps a second daemon off the
same store. SIGTERM or SIGINT stops the scheduler without waiting for running jobs:
an alert being sent is left `sending` and is sent again at the next start, never lost.
SIGHUP reads the config file again and applies it whole, or keeps the running one.
"""

from __future__ import annotations

import asyncio
import errno
import fcntl
import logging
import os
import signal
import struct
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from . import baseline, digest, health
from .alerts import DeliveryError
from .alerts.outbox import deliver
from .alerts.registry import channels as alert_channels
from .alerts.registry import digest_targets, problems
from .api import ApiServer
from .config import Config, ConfigError, FeedSettings, gazetteer, load
from .errors import ErrorKind, unforeseen
from .pipeline import Pipeline
from .poll import Poller
from .store import Store, StoreError

log = logging.getLogger(__name__)

DELIVERY_EVERY = 30  # seconds
STOP_GRACE = 3.0  # seconds a running job gets to finish after SIGTERM


class AlreadyRunning(Exception):
    """Another daemon holds the store's lock."""


# The instance lock's bytes in the database file, far from SQLite's own (0x40000000 and
# the 511 after it). The holder also locks PID_BASE + its pid, so a refused process can
# say who holds the store (Linux pids are below 2**22).
LOCK_BYTE = 0x7000_0000
PID_BASE = LOCK_BYTE + 1
PID_SPAN = 1 << 22
FLOCK = struct.Struct("hhqqi4x")  # struct flock on 64-bit Linux (l_pid 0 for OFD locks)


def _ofd_lock(fd: int, cmd: int, kind: int, start: int, length: int = 1) -> tuple:
    return FLOCK.unpack(fcntl.fcntl(fd, cmd, FLOCK.pack(kind, os.SEEK_SET, start, length, 0)))


class InstanceLock:
    """One daemon per store: an exclusive lock on the database file itself (its device and
    inode), so a store reached through a symlink, a hard link or "../" is the same store.

    An open-file-description lock (F_OFD_SETLK) on bytes SQLite never locks: it belongs to
    this descriptor alone and goes away with the process. The descriptor stays open until
    the process ends, because closing any descriptor of a database file drops the POSIX
    locks SQLite's own connections hold on it in this process."""

    def __init__(self, db: Path):
        Path(db).parent.mkdir(parents=True, exist_ok=True)
        try:  # an empty file is an empty store: Store makes it one
            self.fd = os.open(db, os.O_RDWR | os.O_CREAT, 0o644)
            _ofd_lock(self.fd, fcntl.F_OFD_SETLK, fcntl.F_WRLCK, LOCK_BYTE)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise StoreError(f"{db}: cannot lock the store: {exc.strerror}") from None
            held = _ofd_lock(self.fd, fcntl.F_OFD_GETLK, fcntl.F_WRLCK, PID_BASE, PID_SPAN)
            pid = held[2] - PID_BASE if held[0] != fcntl.F_UNLCK else "?"
            raise AlreadyRunning(f"another watcher (pid {pid}) is already running on "
                                 f"{db}; stop it first") from None
        _ofd_lock(self.fd, fcntl.F_OFD_SETLK, fcntl.F_WRLCK, PID_BASE + os.getpid())

    def release(self) -> None:
        _ofd_lock(self.fd, fcntl.F_OFD_SETLK, fcntl.F_UNLCK, LOCK_BYTE, 0)  # 0: to the end


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
        self.generation = 0  # counts reloads: each thread's poller follows the config
        self.wake = threading.Event()  # set by a signal: stop, or reload
        self.reload_wanted = False

    def _job(self, fn, *args) -> None:
        """Run a job unless stopping, counting it so shutdown can wait a little for it."""
        if self.stopping.is_set():
            return
        with self._jobs_lock:
            self.running_jobs += 1
        try:
            fn(*args)
        except Exception as exc:  # a job's failure is logged; the daemon keeps going
            kind, error = unforeseen(exc, self.config.watcher.db)
            if kind is ErrorKind.DISK_FULL:
                log.error("job %s failed: %s", getattr(fn, "__name__", fn), error)
            else:
                log.exception("job %s failed", getattr(fn, "__name__", fn))
        finally:
            with self._jobs_lock:
                self.running_jobs -= 1

    # -- per-thread resources ----------------------------------------------------------
    def poller(self) -> Poller:
        """This thread's poller, made again (in this thread) after a reload."""
        generation = self.generation  # before the config: a newer one is never missed
        if getattr(self.local, "generation", None) != generation:
            if getattr(self.local, "poller", None) is not None:
                self.local.poller.store.close()
            store = Store(self.config.watcher.db)
            self.local.poller = Poller(self.config, store, Pipeline(store, self.config))
            self.local.generation = generation
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
        for name, sender in digest_targets(self.config,
                                           self.config.digest.channels or list(self.channels)):
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
        self.schedule_feeds()
        self.scheduler.add_job(self._job, "interval", args=[self.deliver],
                               seconds=DELIVERY_EVERY, id="deliver", executor="alerts",
                               next_run_time=datetime.now(UTC) + timedelta(seconds=1))

    def schedule_feeds(self) -> None:
        """A job per configured feed, and the digest's; at a reload they replace the old."""
        now = datetime.now(UTC)
        count = max(1, len(self.config.feeds))
        wanted = {f"feed {feed.url}" for feed in self.config.feeds}
        for job in self.scheduler.get_jobs():
            if (job.id.startswith("feed ") and job.id not in wanted) or job.id == "digest":
                job.remove()
        for i, feed in enumerate(self.config.feeds):
            interval = feed.interval or self.config.watcher.poll_interval
            self.scheduler.add_job(
                self._job, "interval", args=[self.poll_feed, feed], seconds=interval,
                jitter=min(60.0, interval / 10), id=f"feed {feed.url}",
                name=f"poll {feed.name}", replace_existing=True,
                # Spread the first polls over a few seconds rather than all at once.
                next_run_time=now + timedelta(seconds=min(10.0, interval / 2) * i / count),
            )
        if self.config.digest.schedule:
            trigger = CronTrigger.from_crontab(self.config.digest.schedule,
                                               timezone=self.config.digest.timezone)
            self.scheduler.add_job(self._job, trigger, args=[self.send_digest], id="digest",
                                   executor="alerts")

    def reload(self) -> None:
        """SIGHUP: read the config file again and apply it whole (feeds, alerts, topic,
        fetch limits, digest), or keep the running one with one error line."""
        try:
            new = load(None if self.config.source == DEFAULT_SOURCE else self.config.source)
            fixed = _restart_only(self.config, new)
            if fixed:
                raise ConfigError(f"{new.source}: {fixed} changes only at a restart")
        except ConfigError as exc:
            log.error("configuration not reloaded, the running one is kept: %s", exc)
            return
        old = {f.url: f for f in self.config.feeds}
        now = {f.url: f for f in new.feeds}
        added = sum(url not in old for url in now)
        changed = sum(url in old and old[url] != f for url, f in now.items())
        self.config, self.channels = new, alert_channels(new)
        for line in problems(new):
            log.error(line)
        self.generation += 1
        self.schedule_feeds()
        log.info("reloaded %s: feeds %d added, %d removed, %d changed, %d unchanged; "
                 "alerts by %s", new.source, added, sum(url not in now for url in old),
                 changed, len(now) - added - changed, ", ".join(self.channels))

    def run(self) -> int:
        lock = InstanceLock(self.config.watcher.db)
        api = None
        # A SIGHUP while the store gets ready is not lost: the reload waits for _serve.
        signal.signal(signal.SIGHUP, lambda _signum, _frame: self._reload_soon())
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
            self._serve()
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

    def _serve(self) -> None:
        """Wait for signals: reload on SIGHUP (here, not in the handler), until stopped."""
        while not self.stopping.is_set():
            self.wake.wait()
            self.wake.clear()
            if self.reload_wanted and not self.stopping.is_set():
                self.reload_wanted = False
                self.reload()

    def _reload_soon(self) -> None:
        self.reload_wanted = True
        self.wake.set()

    def _stop(self, signum: int) -> None:
        log.info("received %s, stopping", signal.Signals(signum).name)
        self.stopping.set()
        self.wake.set()


DEFAULT_SOURCE = Config.model_fields["source"].default  # no file: the built-in defaults

# What the running daemon cannot take over: the store it locked, the API's socket, its
# worker pool and clock, the logging set up at start. A reload that changes one is refused.
RESTART_ONLY = (("watcher", "db"), ("watcher", "timezone"), ("watcher", "log_level"),
                ("fetch", "concurrency"), ("api", None))


def _restart_only(old: Config, new: Config) -> str | None:
    """The first setting of RESTART_ONLY that differs between the two configs."""
    for section, key in RESTART_ONLY:
        before, after = getattr(old, section), getattr(new, section)
        if key is not None:
            before, after = getattr(before, key), getattr(after, key)
        if before != after:
            return f"{section}.{key}" if key else f"[{section}]"
    return None
