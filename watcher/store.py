"""The SQLite store: schema, migrations and the queries the pipeline needs.

One file, WAL mode, opened through sqlite-utils. The schema version lives in
`PRAGMA user_version`; `MIGRATIONS[i]` takes the store from version i to i+1 and
runs at start-up inside a transaction, so a store is either migrated or untouched.
Everything that must change together (a feed's new ETag and the articles it
brought) is written in one transaction by the caller (`with store.tx():`), or in one
savepoint of a transaction several callers share (`Batch`).
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

log = logging.getLogger(__name__)


def entity_json(data: dict) -> str:
    """An entity's data as its row holds it."""
    return json.dumps(data, sort_keys=True)


def iso(dt: datetime) -> str:
    """A timestamp as stored: UTC, to the second."""
    return dt.astimezone(UTC).isoformat(timespec="seconds")


def now_iso() -> str:
    return iso(datetime.now(UTC))


def _v1(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE TABLE feeds (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            etag TEXT,
            last_modified TEXT,
            body_hash TEXT,
            last_status TEXT,
            last_http_status INTEGER,
            last_error TEXT,
            last_attempt_at TEXT,
            last_success_at TEXT,
            last_new_at TEXT,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            interval_floor REAL,
            next_poll_at TEXT
        )"""
    )
    db.execute(
        """CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            guid TEXT,
            feed_id INTEGER REFERENCES feeds(id),
            outlet TEXT,
            title TEXT NOT NULL DEFAULT '',
            summary TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL DEFAULT '',
            published TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            title_key TEXT NOT NULL DEFAULT '',
            full_text_error TEXT
        )"""
    )
    db.execute("CREATE INDEX articles_guid ON articles(guid)")
    db.execute("CREATE INDEX articles_published ON articles(published)")
    db.execute("CREATE INDEX articles_hash ON articles(content_hash)")
    db.execute(
        """CREATE TABLE article_sources (
            article_id INTEGER NOT NULL REFERENCES articles(id),
            feed_id INTEGER REFERENCES feeds(id),
            url TEXT NOT NULL,
            outlet TEXT,
            seen_at TEXT NOT NULL,
            PRIMARY KEY (article_id, url)
        )"""
    )
    db.execute(
        """CREATE TABLE dedup_tokens (
            token TEXT NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            published TEXT NOT NULL,
            PRIMARY KEY (token, article_id)
        ) WITHOUT ROWID"""
    )
    db.execute(
        """CREATE TABLE poll_runs (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            feeds_ok INTEGER DEFAULT 0,
            feeds_not_modified INTEGER DEFAULT 0,
            feeds_failed INTEGER DEFAULT 0,
            articles_new INTEGER DEFAULT 0,
            articles_duplicate INTEGER DEFAULT 0,
            articles_irrelevant INTEGER DEFAULT 0
        )"""
    )
    db.execute(
        """CREATE TABLE facts (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            kind TEXT NOT NULL,
            data TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX facts_article ON facts(article_id)")
    # The known state: one row per meeting or route, its JSON form and its sources.
    db.execute(
        """CREATE TABLE entities (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            data TEXT NOT NULL,
            sources TEXT NOT NULL DEFAULT '[]',
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            UNIQUE (kind, key)
        )"""
    )
    db.execute(
        """CREATE TABLE developments (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL,
            data TEXT NOT NULL,
            article_id INTEGER REFERENCES articles(id),
            created_at TEXT NOT NULL,
            published TEXT,
            sources TEXT NOT NULL DEFAULT '[]',
            held INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute("CREATE INDEX developments_created ON developments(created_at)")
    db.execute(
        """CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            development_id INTEGER NOT NULL REFERENCES developments(id),
            channel TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT,
            last_error TEXT,
            sent_at TEXT,
            UNIQUE (development_id, channel)
        )"""
    )
    db.execute("CREATE INDEX outbox_status ON outbox(status, next_attempt_at)")
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")


def _v2(db: sqlite_utils.Database) -> None:
    """Source health: which operational alert a feed is in, and its publishing history."""
    db.execute("ALTER TABLE feeds ADD COLUMN health TEXT")
    db.execute("CREATE INDEX articles_feed ON articles(feed_id, fetched_at)")


def _v3(db: sqlite_utils.Database) -> None:
    """Near-duplicate blocks: MinHash band keys by (key, published), so a window is a range
    scan; filled from the stored titles."""
    from .dedup import band_keys

    db.execute(
        """CREATE TABLE dedup_blocks (
            token TEXT NOT NULL,
            published TEXT NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            PRIMARY KEY (token, published, article_id)
        ) WITHOUT ROWID"""
    )
    rows = db.execute("SELECT id, title_key, published FROM articles").fetchall()
    db.conn.executemany("INSERT OR IGNORE INTO dedup_blocks VALUES (?, ?, ?)",
                        [(t, pub, i) for i, key, pub in rows for t in band_keys(key)])
    db.execute("DROP TABLE dedup_tokens")


def _v4(db: sqlite_utils.Database) -> None:
    """Entries already classified (relevant or not), so a re-polled item costs one lookup."""
    db.execute(
        """CREATE TABLE seen (
            key TEXT PRIMARY KEY,
            article_id INTEGER,
            seen_at TEXT NOT NULL
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX seen_at ON seen(seen_at)")


def _v5(db: sqlite_utils.Database) -> None:
    """Who claimed an alert being sent: only that process may finish it."""
    db.execute("ALTER TABLE outbox ADD COLUMN claimed_by TEXT")


def _v6(db: sqlite_utils.Database) -> None:
    """Full-text search over stored articles (title, text, outlet): an external-content
    FTS5 index, the same tables and triggers sqlite-utils' `enable_fts` makes, built here
    statement by statement so that it runs inside the migration's transaction; articles
    already stored are indexed now."""
    db.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, outlet, "
               "content='articles', content_rowid='id', tokenize='porter unicode61')")
    db.execute("INSERT INTO articles_fts (rowid, title, text, outlet) "
               "SELECT id, title, text, coalesce(outlet, '') FROM articles")
    db.execute("""CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, text, outlet)
        VALUES (new.id, new.title, new.text, coalesce(new.outlet, '')); END""")
    db.execute("""CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text, outlet)
        VALUES ('delete', old.id, old.title, old.text, coalesce(old.outlet, '')); END""")
    db.execute("""CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text, outlet)
        VALUES ('delete', old.id, old.title, old.text, coalesce(old.outlet, ''));
        INSERT INTO articles_fts (rowid, title, text, outlet)
        VALUES (new.id, new.title, new.text, coalesce(new.outlet, '')); END""")


def _v7(db: sqlite_utils.Database) -> None:
    """Developments recorded as catch-up (their article was old when polled): not alerted."""
    db.execute("ALTER TABLE developments ADD COLUMN catch_up INTEGER NOT NULL DEFAULT 0")


def _v8(db: sqlite_utils.Database) -> None:
    """The kind of a feed's last failure (`watcher.errors.ErrorKind`), beside its prose."""
    db.execute("ALTER TABLE feeds ADD COLUMN error_kind TEXT")


def _v9(db: sqlite_utils.Database) -> None:
    """Possible developments: sentences that may tell a development no rule decided
    (`watcher.extract.review`), kept for a person to read, never alerted by default."""
    db.execute(
        """CREATE TABLE possible (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            kind TEXT NOT NULL,
            evidence TEXT NOT NULL,
            reason TEXT NOT NULL,
            read TEXT NOT NULL,
            published TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE(article_id, evidence)
        )"""
    )
    db.execute("CREATE INDEX possible_published ON possible(published)")


def key_parts(key: str) -> set[str]:
    """The parts of a development's key between its first and its last `|` (a meeting's
    entity key, a route's name and status...), folded to lower case: what corroboration
    looks a development up by (`development_keys`)."""
    return {part.lower() for part in key.split("|")[1:-1]}


def _v10(db: sqlite_utils.Database) -> None:
    """Developments by the parts of their key, so that corroboration reads the few of one
    meeting or route instead of matching every key with LIKE; and the URLs each lists
    among its sources, so that a new source is told without reading the list (a route may
    have thousands). Both filled from the stored developments."""
    db.execute(
        """CREATE TABLE development_keys (
            part TEXT NOT NULL,
            development_id INTEGER NOT NULL REFERENCES developments(id),
            PRIMARY KEY (part, development_id)
        ) WITHOUT ROWID"""
    )
    db.conn.executemany("INSERT OR IGNORE INTO development_keys VALUES (?, ?)",
                        [(part, dev_id) for dev_id, key in
                         db.execute("SELECT id, key FROM developments") for part in
                         key_parts(key)])
    db.execute(
        """CREATE TABLE development_urls (
            development_id INTEGER NOT NULL REFERENCES developments(id),
            url TEXT NOT NULL,
            PRIMARY KEY (development_id, url)
        ) WITHOUT ROWID"""
    )
    db.execute("INSERT OR IGNORE INTO development_urls SELECT d.id, json_extract(s.value, "
               "'$.url') FROM developments d, json_each(d.sources) s "
               "WHERE json_extract(s.value, '$.url') IS NOT NULL")


def _v11(db: sqlite_utils.Database) -> None:
    """A meeting's, route's or development's sources as rows of a table of their own, in
    their order (`seq`), instead of a JSON list written again whole on every new source (a
    route's reached thousands); moved from the lists, which are dropped."""
    for table, owner in _SOURCES.items():
        db.execute(
            f"""CREATE TABLE {table} (
                {owner} INTEGER NOT NULL REFERENCES {_OWNERS[table]}(id),
                seq INTEGER NOT NULL,
                source TEXT NOT NULL,
                PRIMARY KEY ({owner}, seq)
            ) WITHOUT ROWID"""
        )
        db.execute(f"INSERT INTO {table} SELECT o.id, s.key, json_quote(s.value) FROM "
                   f"{_OWNERS[table]} o, json_each(o.sources) s ORDER BY o.id, s.key")
        db.execute(f"ALTER TABLE {_OWNERS[table]} DROP COLUMN sources")


# The tables of sources (migration 11): table -> the column naming whose sources they are.
_SOURCES = {"entity_sources": "entity_id", "development_sources": "development_id"}
_OWNERS = {"entity_sources": "entities", "development_sources": "developments"}

MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_v1, _v2, _v3, _v4, _v5, _v6,
                                                             _v7, _v8, _v9, _v10, _v11]
SCHEMA_VERSION = len(MIGRATIONS)


_TERM = re.compile(r'"([^"]+)"|(\S+)')

# A search's budget: every request costs at most this much work, whatever its words.
SEARCH_MAX_CHARS = 500
SEARCH_MAX_TERMS = 16
SEARCH_MAX_PREFIXES = 4  # each word* merges the index entries of every word it starts
SEARCH_TIME_LIMIT = 2.0  # seconds of SQLite work per search, then it is stopped
_PROGRESS_EVERY = 1000  # SQLite virtual machine steps between two looks at the clock


class SearchError(ValueError):
    """A search refused before it runs: not text, or beyond its budget. One line."""


class SearchTimeout(SearchError):
    """A search stopped at its time limit."""


def _check_text(text: str) -> None:
    for i, ch in enumerate(text, 1):
        if ch == "\0":
            raise SearchError(f"a NUL character at character {i}")
        if "\udc80" <= ch <= "\udcff":  # an undecodable byte, as Python keeps it from argv
            raise SearchError(f"not valid UTF-8 (byte {ord(ch) - 0xdc00:#04x} at "
                              f"character {i})")
        if "\ud800" <= ch <= "\udfff":
            raise SearchError(f"not valid text (a lone surrogate at character {i})")


def fts_query(text: str) -> str:
    """A user's search as an FTS5 query that cannot be a syntax error: every word and
    every "quoted phrase" a quoted term, all of them required; a word ending in * a
    prefix. Raises SearchError for text that is not text or beyond the budget."""
    text = text or ""
    if len(text) > SEARCH_MAX_CHARS:
        raise SearchError(f"the query is {len(text)} characters long; at most "
                          f"{SEARCH_MAX_CHARS}")
    _check_text(text)
    terms = []
    for phrase, word in _TERM.findall(text):
        raw = (phrase or word).replace('"', "")
        prefix = bool(word) and raw.endswith("*")
        raw = raw.rstrip("*").strip()
        if raw:
            terms.append(f'"{raw}"' + ("*" if prefix else ""))
    prefixes = sum(t.endswith("*") for t in terms)
    if prefixes > SEARCH_MAX_PREFIXES:
        raise SearchError(f"{prefixes} prefix terms (word*); at most {SEARCH_MAX_PREFIXES}")
    if len(terms) > SEARCH_MAX_TERMS:
        raise SearchError(f"{len(terms)} terms; at most {SEARCH_MAX_TERMS}")
    return " ".join(terms)


class Batch:
    """Several parts' writes (a poll cycle's feeds) in one transaction, each part in a
    savepoint of its own: a part that fails is rolled back alone, the others are kept.
    Committed once `parts` parts are in it or `seconds` after it began, whichever comes
    first (`schedule(seconds, callback)`, e.g. the event loop's `call_later`, commits one
    that no further part comes to), and by `commit()`. What a part's caller does once its
    writes are durable (count them) is passed as `on_commit` and done then; a transaction
    lost whole (SQLite rolls back on a full disk; a crash) takes its parts with it, their
    `on_commit` never done."""

    def __init__(self, store: Store, parts: int, seconds: float,
                 schedule: Callable[[float, Callable[[], None]], object] | None = None):
        self.store, self.parts, self.seconds, self.schedule = store, parts, seconds, schedule
        self._done: list[Callable[[], None]] = []  # the open transaction's parts' on_commit
        self._began = 0.0
        self._timer = None

    @contextmanager
    def part(self, on_commit: Callable[[], None] | None = None) -> Iterator[None]:
        conn = self.store.conn
        if not conn.in_transaction:
            self._done = []
            conn.execute("BEGIN IMMEDIATE")
            self._began = time.monotonic()
            self._cancel_timer()  # of a transaction lost whole
            if self.schedule is not None:
                self._timer = self.schedule(self.seconds, self._commit_logged)
        try:
            with self.store.savepoint():
                yield
        except BaseException:
            if not conn.in_transaction:
                self._done = []  # lost whole: the parts before this one too
            raise
        self._done.append(on_commit or (lambda: None))
        if len(self._done) >= self.parts or time.monotonic() - self._began >= self.seconds:
            self.commit()

    def commit(self) -> None:
        """Commit the parts so far, then do their `on_commit`."""
        self._cancel_timer()
        done, self._done = self._done, []
        if not self.store.conn.in_transaction:
            return
        try:
            self.store.conn.execute("COMMIT")
        except BaseException:
            if self.store.conn.in_transaction:
                self.store.conn.execute("ROLLBACK")
            raise
        for callback in done:
            callback()

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _commit_logged(self) -> None:
        self._timer = None
        try:
            self.commit()
        except Exception as exc:  # noqa: BLE001 (told; the parts are read again next time)
            log.error("%s: a batch of writes could not be committed: %s", self.store.path, exc)


class StoreError(Exception):
    """The database cannot be opened or is newer than this program."""


@dataclass
class FeedRow:
    id: int
    url: str
    name: str
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    last_status: str | None
    last_http_status: int | None
    last_error: str | None
    last_attempt_at: str | None
    last_success_at: str | None
    last_new_at: str | None
    consecutive_failures: int
    interval_floor: float | None
    next_poll_at: str | None
    health: str | None = None
    error_kind: str | None = None


class Store:
    """A connection to the watcher database with its schema up to date."""

    def __init__(self, path: str | Path, *, check_same_thread: bool = True):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                str(self.path), timeout=30, check_same_thread=check_same_thread,
                isolation_level=None,
            )
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{self.path}: cannot open database: {exc}") from None
        self.db = sqlite_utils.Database(conn)
        self.conn = conn
        try:
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA busy_timeout = 30000")
            self.db.enable_wal()
            self.db.execute("PRAGMA synchronous = NORMAL")
            # Index lookups stay in memory as the history grows (dedup at 1M articles).
            self.db.execute("PRAGMA cache_size = -32768")  # 32 MiB
            self.db.execute("PRAGMA mmap_size = 268435456")  # 256 MiB, file-backed
            self._migrate()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"{self.path}: not a usable watcher database: {exc}") from None

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def tx(self) -> Iterator[None]:
        """One write transaction (BEGIN IMMEDIATE ... COMMIT, ROLLBACK on error). Nests."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:  # SQLite may have rolled it back (a full disk)
                self.conn.execute("ROLLBACK")
            raise

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads that see one state of the store (a read transaction; inside a write
        transaction, that one): rows and their sources read by two statements agree."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A nested part of a transaction that can fail alone: ROLLBACK TO on error."""
        self._savepoints = getattr(self, "_savepoints", 0) + 1
        name = f"sp{self._savepoints}"
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:  # else SQLite rolled back the whole transaction
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
            raise
        finally:
            self._savepoints -= 1
        self.conn.execute(f"RELEASE {name}")

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {version} is newer than this watcher "
                f"({SCHEMA_VERSION}); upgrade the watcher"
            )
        if version == SCHEMA_VERSION:
            return
        with self.tx():  # BEGIN IMMEDIATE: two processes opening a new store take turns
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            for target in range(version, SCHEMA_VERSION):
                MIGRATIONS[target](self.db)
                self.db.execute(f"PRAGMA user_version = {target + 1}")

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    # -- meta -----------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", [key, value])

    def bump_state_version(self) -> str:
        """Count a change of the known state, so other readers know to reload it."""
        return self.conn.execute(
            "INSERT INTO meta(key, value) VALUES ('state_version', '1') ON CONFLICT(key) "
            "DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) "
            "RETURNING value").fetchone()[0]

    # -- feeds ----------------------------------------------------------------
    def sync_feeds(self, feeds: list[tuple[str, str]]) -> None:
        """Make sure every configured (name, url) has a row; keeps the state of known ones."""
        with self.tx():
            for name, url in feeds:
                self.db.execute(
                    "INSERT INTO feeds(url, name) VALUES (?, ?) "
                    "ON CONFLICT(url) DO UPDATE SET name = excluded.name",
                    [url, name],
                )

    def feed(self, url: str) -> FeedRow | None:
        row = self.db.execute("SELECT * FROM feeds WHERE url = ?", [url]).fetchone()
        return FeedRow(*row) if row else None

    def feeds(self) -> list[FeedRow]:
        return [FeedRow(*r) for r in self.db.execute("SELECT * FROM feeds ORDER BY id")]

    def update_feed(self, feed_id: int, **fields) -> None:
        """Set these columns of a feed's row (one statement: a poll writes it per feed)."""
        sets = ", ".join(f"[{name}] = ?" for name in fields)
        self.conn.execute(f"UPDATE feeds SET {sets} WHERE id = ?", [*fields.values(), feed_id])

    def arrival_times(self, feed_id: int, limit: int = 21) -> list[str]:
        """When the feed's latest articles were first seen, newest first."""
        return [r[0] for r in self.db.execute(
            "SELECT fetched_at FROM articles WHERE feed_id = ? ORDER BY fetched_at DESC LIMIT ?",
            [feed_id, limit])]

    # -- articles -------------------------------------------------------------
    def article_id_by_url(self, url: str) -> int | None:
        row = self.db.execute("SELECT id FROM articles WHERE url = ?", [url]).fetchone()
        return row[0] if row else None

    def article_id_by_guid(self, guid: str) -> int | None:
        row = self.db.execute("SELECT id FROM articles WHERE guid = ? LIMIT 1", [guid]).fetchone()
        return row[0] if row else None

    def article_id_by_hash(self, content_hash: str) -> int | None:
        row = self.db.execute(
            "SELECT id FROM articles WHERE content_hash = ? LIMIT 1", [content_hash]
        ).fetchone()
        return row[0] if row else None

    def articles_by(self, url: str, guid: str | None, content_hash: str
                    ) -> tuple[int | None, int | None, int | None]:
        """The article with this URL, one with this GUID (None: no GUID) and one with
        this content hash: one statement."""
        return self.conn.execute(
            "SELECT (SELECT id FROM articles WHERE url = ?), (SELECT id FROM articles WHERE "
            "guid = ? LIMIT 1), (SELECT id FROM articles WHERE content_hash = ? LIMIT 1)",
            [url, guid, content_hash]).fetchone()

    def seen(self, key: str) -> tuple[bool, int | None]:
        """(known, article id or None when it was irrelevant)."""
        row = self.conn.execute("SELECT article_id FROM seen WHERE key = ?", [key]).fetchone()
        return (True, row[0]) if row else (False, None)

    def seen_many(self, keys: list[str]) -> dict[str, int | None]:
        """The keys among `keys` seen before: key -> article id (None: irrelevant)."""
        out: dict[str, int | None] = {}
        for lo in range(0, len(keys), 500):
            part = keys[lo:lo + 500]
            out.update(self.conn.execute(
                f"SELECT key, article_id FROM seen WHERE key IN ({','.join('?' * len(part))})",
                part))
        return out

    def mark_seen(self, key: str, article_id: int | None) -> None:
        self.mark_seen_many([(key, article_id)])

    def mark_seen_many(self, rows: list[tuple[str, int | None]]) -> None:
        stamp = now_iso()
        self.conn.executemany(
            "INSERT OR REPLACE INTO seen(key, article_id, seen_at) VALUES (?,?,?)",
            [(key, article_id, stamp) for key, article_id in rows])

    def forget_seen(self, before: str) -> int:
        return self.conn.execute("DELETE FROM seen WHERE seen_at < ?", [before]).rowcount

    def insert_article(self, row: dict, tokens: list[str]) -> int:
        names = ", ".join(f"[{name}]" for name in row)
        article_id = self.conn.execute(
            f"INSERT INTO articles ({names}) VALUES ({', '.join('?' * len(row))})",
            list(row.values())).lastrowid
        self.conn.executemany(
            "INSERT OR IGNORE INTO dedup_blocks(token, published, article_id) VALUES (?, ?, ?)",
            [(t, row["published"], article_id) for t in tokens],
        )
        self.add_source(article_id, row.get("feed_id"), row["url"], row.get("outlet"))
        return article_id

    def add_source(self, article_id: int, feed_id: int | None, url: str,
                   outlet: str | None) -> bool:
        """Record that `url` (from `outlet`) carried this article; False if already known."""
        cur = self.db.execute(
            "INSERT OR IGNORE INTO article_sources(article_id, feed_id, url, outlet, seen_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [article_id, feed_id, url, outlet, now_iso()],
        )
        return cur.rowcount > 0

    def sources_listed(self, pairs: list[tuple[int, str]]) -> set[tuple[int, str]]:
        """Those of (article id, URL) `pairs` that `article_sources` holds."""
        wanted, out = set(pairs), set()
        ids = sorted({article_id for article_id, _ in pairs})
        for lo in range(0, len(ids), 500):
            part = ids[lo:lo + 500]
            out.update(row for row in self.conn.execute(
                "SELECT article_id, url FROM article_sources WHERE article_id IN "
                f"({','.join('?' * len(part))})", part) if row in wanted)
        return out

    def candidates_sharing_bands(
        self, tokens: list[str], since: str, until: str, limit: int = 50
    ) -> list[tuple[int, str, str]]:
        """Articles published in [since, until] sharing one of `tokens` (band keys):
        (id, title_key, summary). One range scan of dedup_blocks per key."""
        if not tokens:
            return []
        marks = ",".join("?" * len(tokens))
        return self.conn.execute(
            "SELECT id, title_key, substr(summary, 1, 300) FROM articles WHERE id IN "
            f"(SELECT DISTINCT article_id FROM dedup_blocks WHERE token IN ({marks}) "
            "AND published BETWEEN ? AND ? LIMIT ?) ORDER BY id",
            [*tokens, since, until, limit]).fetchall()

    def article(self, article_id: int) -> dict | None:
        rows = list(self.db.query("SELECT * FROM articles WHERE id = ?", [article_id]))
        return rows[0] if rows else None

    def generation(self) -> tuple:
        """Changes whenever what a reader is shown changes: an article or a source stored,
        a development or a possible one recorded, the known state changed (a development's
        sources and flags change only with one of these). Cheap: a few rowid maxima."""
        return self.conn.execute(
            "SELECT (SELECT max(id) FROM articles), (SELECT max(rowid) FROM article_sources), "
            "(SELECT max(id) FROM developments), (SELECT max(id) FROM possible), "
            "(SELECT value FROM meta WHERE key = 'state_version')").fetchone()

    def count(self, table: str) -> int:
        return self.db.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]

    def sources_of(self, article_id: int) -> list[dict]:
        return list(
            self.db.query(
                "SELECT url, outlet FROM article_sources WHERE article_id = ? ORDER BY seen_at",
                [article_id],
            )
        )

    # -- poll runs ------------------------------------------------------------
    def start_run(self) -> int:
        return self.db["poll_runs"].insert({"started_at": now_iso()}).last_pk

    def finish_run(self, run_id: int, counts: dict[str, int]) -> None:
        self.db["poll_runs"].update(run_id, {"finished_at": now_iso(), **counts})

    # -- facts, state, developments ------------------------------------------
    def add_facts(self, article_id: int, facts: list[tuple[str, dict]]) -> None:
        self.conn.executemany(
            "INSERT INTO facts(article_id, kind, data) VALUES (?, ?, ?)",
            [(article_id, kind, json.dumps(data, sort_keys=True)) for kind, data in facts],
        )

    def fact_keys(self, article_id: int) -> set[tuple[str, str]]:
        """An article's facts as (kind, sorted JSON), to compare with another's."""
        return set(self.conn.execute("SELECT kind, data FROM facts WHERE article_id = ?",
                                     [article_id]))

    def add_possible(self, article_id: int, published: str, possibles: list[dict]) -> None:
        """An article's possible developments (`review.Possible.to_json()` each)."""
        self.conn.executemany(
            "INSERT OR IGNORE INTO possible(article_id, kind, evidence, reason, read, "
            "published, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(article_id, p["kind"], p["evidence"], p["reason"], json.dumps(p["read"]),
              published, now_iso()) for p in possibles])

    def possible(self, since: str | None = None) -> list[dict]:
        """Possible developments of articles published since `since`, newest first, each
        with its article's URL, outlet, title and day."""
        rows = self.db.query(
            "SELECT p.id, p.kind, p.evidence, p.reason, p.read, p.published, p.created_at, "
            "a.url AS article_url, a.outlet, a.title FROM possible p "
            "JOIN articles a ON a.id = p.article_id WHERE p.published >= ? "
            "ORDER BY p.published DESC, p.id", [since or ""])
        return [{**r, "read": json.loads(r["read"])} for r in rows]

    def entities(self, kind: str | None = None) -> list[dict]:
        where, args = (" WHERE kind = ?", [kind]) if kind else ("", [])
        with self.snapshot():
            rows = list(self.db.query("SELECT id, kind, key, data, NULL AS sources, "
                                      f"first_seen, last_seen FROM entities{where} ORDER BY id",
                                      args))
            sources = self._sources("entity_sources", f"SELECT id FROM entities{where}", args)
        return [{**r, "data": json.loads(r["data"]), "sources": sources.get(r["id"], [])}
                for r in rows]

    def _sources(self, table: str, owners: str, args: list) -> dict[int, list[dict]]:
        """The sources (`table`) of the rows `owners` (a query of their ids) selects, in
        their order: id -> list."""
        out: dict[int, list[dict]] = {}
        for owner, source in self.conn.execute(
                f"SELECT {_SOURCES[table]}, source FROM {table} WHERE {_SOURCES[table]} IN "
                f"({owners}) ORDER BY {_SOURCES[table]}, seq", args):
            out.setdefault(owner, []).append(json.loads(source))
        return out

    def _add_sources(self, table: str, owner: int, sources: list) -> None:
        """Append `sources` to the ones of `owner` in `table`, after its last."""
        self._append_sources(table, [(owner, s) for s in sources])

    def _append_sources(self, table: str, rows: list[tuple[int, dict]]) -> None:
        """Append each (owner, source) of `rows`, in order, to the owner's sources in
        `table`, after its last: one statement for all."""
        column = _SOURCES[table]
        self.conn.executemany(
            f"INSERT INTO {table} SELECT ?, coalesce(max(seq) + 1, 0), ? FROM {table} "
            f"WHERE {column} = ?", [(owner, json.dumps(s), owner) for owner, s in rows])

    def save_entity(self, kind: str, key: str, data: dict, sources: list, first: str, last: str,
                    added: list[dict] | None = None) -> int:
        """Write an entity; returns its id. With `added`, the row's sources are as stored
        but for these, appended to them here; the whole row is written when there is no
        such row."""
        if added is not None:
            row = self.conn.execute(
                "UPDATE entities SET data = ?, last_seen = ? WHERE kind = ? AND key = ? "
                "RETURNING id", [entity_json(data), last, kind, key]).fetchall()
            if row:
                self._add_sources("entity_sources", row[0][0], added)
                return row[0][0]
        (entity_id,), = self.conn.execute(
            "INSERT INTO entities(kind, key, data, first_seen, last_seen) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(kind, key) DO UPDATE SET "
            "data = excluded.data, last_seen = excluded.last_seen RETURNING id",
            [kind, key, entity_json(data), first, last]).fetchall()
        self.conn.execute("DELETE FROM entity_sources WHERE entity_id = ?", [entity_id])
        self._add_sources("entity_sources", entity_id, sources)
        return entity_id

    def update_entity(self, entity_id: int, data: str, last: str) -> None:
        """Set the data (`entity_json` of it) and the last day seen of the entity
        `entity_id`."""
        self.conn.execute("UPDATE entities SET data = ?, last_seen = ? WHERE id = ?",
                          [data, last, entity_id])

    def add_entity_sources(self, rows: list[tuple[int, dict]]) -> None:
        """Append each (entity id, source) of `rows` to the entity's, after its last."""
        self._append_sources("entity_sources", rows)

    def delete_entity(self, kind: str, key: str) -> None:
        self.conn.execute("DELETE FROM entity_sources WHERE entity_id IN (SELECT id FROM "
                          "entities WHERE kind = ? AND key = ?)", [kind, key])
        self.db.execute("DELETE FROM entities WHERE kind = ? AND key = ?", [kind, key])

    def add_development(self, key: str, dev_type: str, data: dict, article_id: int | None,
                        published: str | None, sources: list) -> int | None:
        """Insert a development once; returns its id, or None when the key was already known."""
        cur = self.db.execute(
            "INSERT OR IGNORE INTO developments(key, type, data, article_id, created_at, "
            "published) VALUES (?, ?, ?, ?, ?, ?)",
            [key, dev_type, json.dumps(data, sort_keys=True), article_id, now_iso(), published],
        )
        if not cur.rowcount:
            return None
        self.conn.executemany("INSERT OR IGNORE INTO development_keys VALUES (?, ?)",
                              [(part, cur.lastrowid) for part in key_parts(key)])
        self._add_sources("development_sources", cur.lastrowid, sources)
        self._list_urls(cur.lastrowid, sources)
        return cur.lastrowid

    def _list_urls(self, dev_id: int, sources: list[dict]) -> None:
        """Note the URLs of sources added to a development (`development_urls`)."""
        self._list_urls_of([(dev_id, s) for s in sources])

    def _list_urls_of(self, rows: list[tuple[int, dict]]) -> None:
        self.conn.executemany("INSERT OR IGNORE INTO development_urls VALUES (?, ?)",
                              [(dev_id, s["url"]) for dev_id, s in rows
                               if s.get("url") is not None])

    def developments_lacking(self, url: str, article_id: int) -> list[tuple[int, int]]:
        """(id, held) of the developments that came from `article_id` and whose sources do
        not yet list `url`."""
        return self.conn.execute(
            "SELECT id, held FROM developments WHERE article_id = ? AND NOT EXISTS (SELECT 1 "
            "FROM development_urls u WHERE u.development_id = developments.id AND u.url = ?) "
            "ORDER BY id", [article_id, url]).fetchall()

    def developments_of(self, part: str) -> list[tuple[int, str, int]]:
        """(id, key, held) of the developments with `part` between two `|` of their key
        (see `key_parts`), in the order of their ids."""
        return self.conn.execute(
            "SELECT id, key, held FROM development_keys JOIN developments ON id = "
            "development_id WHERE part = ? ORDER BY id", [part]).fetchall()

    def developments_listing(self, url: str, dev_ids: list[int]) -> list[int]:
        """Those of `dev_ids` whose sources list `url` (`development_urls`)."""
        out: list[int] = []
        for lo in range(0, len(dev_ids), 500):
            part = dev_ids[lo:lo + 500]
            out += [i for i, in self.conn.execute(
                "SELECT development_id FROM development_urls WHERE url = ? AND "
                f"development_id IN ({','.join('?' * len(part))})", [url, *part])]
        return out

    def add_development_source(self, dev_id: int, source: dict, want: bool = False
                               ) -> list[dict]:
        """Append `source` to a development's sources (one row: the others are not read);
        with `want`, return them all as they now are."""
        self.add_development_sources([(dev_id, source)])
        if not want:
            return []
        return self._sources("development_sources", "?", [dev_id]).get(dev_id, [])

    def add_development_sources(self, rows: list[tuple[int, dict]]) -> None:
        """Append each (development id, source) of `rows` to the development's sources,
        after its last (one statement for all, and one for their URLs)."""
        self._append_sources("development_sources", rows)
        self._list_urls_of(rows)

    def development_data(self, dev_id: int) -> dict:
        """A development's JSON form (`Development.to_json()`)."""
        row = self.conn.execute("SELECT data FROM developments WHERE id = ?",
                                [dev_id]).fetchone()
        return json.loads(row[0]) if row else {}

    def flag_development(self, dev_id: int, flag: str) -> None:
        """Set `catch_up` or `held` on a development."""
        column = {"catch_up": "catch_up", "held": "held"}[flag]
        self.conn.execute(f"UPDATE developments SET {column} = 1 WHERE id = ?", [dev_id])

    def developments(self, since: str | None = None) -> list[dict]:
        where, args = (" WHERE created_at >= ?", [since]) if since else ("", [])
        with self.snapshot():
            rows = list(self.db.query(
                "SELECT id, key, type, data, article_id, created_at, published, NULL AS "
                f"sources, held, catch_up FROM developments{where} ORDER BY id", args))
            sources = self._sources("development_sources",
                                    f"SELECT id FROM developments{where}", args)
        return [{**r, "data": json.loads(r["data"]), "sources": sources.get(r["id"], [])}
                for r in rows]

    def search(self, query: str, since: str | None = None, limit: int = 20,
               time_limit: float = SEARCH_TIME_LIMIT) -> list[dict]:
        """Stored articles matching `query` (words, "quoted phrases"), best first, each with
        a snippet of its text around the match ([...] marks the matched words).
        SearchError when the query is not text or beyond its budget; SearchTimeout when
        SQLite has worked on it for `time_limit` seconds."""
        match = fts_query(query)
        if not match:
            return []
        sql = ("SELECT a.id, a.url, a.title, a.outlet, a.published, "
               "snippet(articles_fts, 1, '[', ']', '…', 14) AS snippet, "
               "bm25(articles_fts, 5.0, 1.0, 2.0) AS rank FROM articles_fts "
               "JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH ?")
        args: list = [match]
        if since:
            sql += " AND a.published >= ?"
            args.append(since)
        sql += " ORDER BY rank LIMIT ?"
        args.append(limit)
        deadline = time.monotonic() + time_limit
        self.conn.set_progress_handler(lambda: time.monotonic() >= deadline, _PROGRESS_EVERY)
        try:
            return list(self.db.query(sql, args))
        except sqlite3.OperationalError as exc:
            if str(exc) != "interrupted":
                raise
            raise SearchTimeout(f"stopped after {time_limit:g} s: too broad a search, or "
                                f"the store too busy; try fewer or longer prefix terms "
                                f"(word*), a \"quoted phrase\" or a shorter window") from None
        finally:
            self.conn.set_progress_handler(None, 0)

    # -- alert outbox ---------------------------------------------------------
    def enqueue(self, development_id: int, channels: list[str]) -> None:
        """Queue one alert per channel (call in the development's transaction)."""
        self.conn.executemany(
            "INSERT OR IGNORE INTO outbox(development_id, channel, status, next_attempt_at) "
            "VALUES (?, ?, 'pending', ?)",
            [(development_id, ch, now_iso()) for ch in channels],
        )
        self.db.execute("UPDATE developments SET held = 0 WHERE id = ?", [development_id])

    def due_alerts(self, now: str) -> list[dict]:
        """Pending alerts due by `now`, each with its development's key, type, data and
        sources (JSON texts)."""
        due = ("FROM outbox o JOIN developments d ON d.id = o.development_id WHERE "
               "o.status = 'pending' AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?)")
        with self.snapshot():
            rows = list(self.db.query(f"SELECT o.*, d.key, d.type, d.data, NULL AS sources "
                                      f"{due} ORDER BY o.id", [now]))
            sources = self._sources("development_sources", f"SELECT o.development_id {due}",
                                    [now])
        return [{**r, "sources": json.dumps(sources.get(r["development_id"], []))}
                for r in rows]

    def claim_alert(self, alert_id: int, owner: str = "") -> bool:
        """Mark an alert as being sent by `owner` (its attempt counted) before the channel
        is called. False when another process has it."""
        cur = self.db.execute(
            "UPDATE outbox SET status = 'sending', attempts = attempts + 1, claimed_by = ?, "
            "next_attempt_at = ? WHERE id = ? AND status = 'pending'",
            [owner, now_iso(), alert_id])
        return cur.rowcount == 1

    def finish_alert(self, alert_id: int, status: str, error: str | None = None,
                     next_attempt_at: str | None = None, owner: str | None = None) -> bool:
        """Record how a send ended. With `owner`, only the claim's owner may: False when
        the claim is no longer its own (released, or taken over)."""
        fields = {"status": status, "last_error": error, "next_attempt_at": next_attempt_at,
                  "claimed_by": None}
        if status == "sent":
            fields["sent_at"] = now_iso()
        sets = ", ".join(f"{k} = ?" for k in fields)
        where, args = "id = ?", [alert_id]
        if owner is not None:
            where += " AND status = 'sending' AND claimed_by = ?"
            args.append(owner)
        cur = self.db.execute(f"UPDATE outbox SET {sets} WHERE {where}",
                              [*fields.values(), *args])
        return cur.rowcount == 1

    def release_claims(self, before: str) -> int:
        """Alerts left 'sending' by a process that died: back to pending (at least once)."""
        cur = self.db.execute(
            "UPDATE outbox SET status = 'pending' WHERE status = 'sending' "
            "AND next_attempt_at < ?", [before])
        return cur.rowcount

    def alerts(self, status: str | None = None) -> list[dict]:
        sql = ("SELECT o.*, d.data, d.key FROM outbox o JOIN developments d "
               "ON d.id = o.development_id")
        args = []
        if status:
            sql += " WHERE o.status = ?"
            args.append(status)
        return list(self.db.query(sql + " ORDER BY o.id", args))

    def requeue_failed(self) -> int:
        cur = self.db.execute(
            "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, "
            "last_error = NULL WHERE status = 'failed'", [now_iso()])
        return cur.rowcount



class SeenView:
    """A store's `seen` table read from another process (a worker reading a feed): a
    read-only connection of its own, which sees committed rows only, and never writes.
    Its answers are a subset of the store's own (a `seen` row is only ever forgotten at
    a cycle's end), so the caller looks up again only the keys not found here."""

    seen_many = Store.seen_many  # the same query

    def __init__(self, path: str | Path):
        self.conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True,
                                    timeout=5, isolation_level=None,
                                    check_same_thread=False)  # the caller serialises

    def close(self) -> None:
        self.conn.close()
