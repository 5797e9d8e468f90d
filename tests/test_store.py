"""The SQLite store: schema migrations, WAL, transactions that leave nothing half-written."""

from __future__ import annotations

import sqlite3

import pytest

from watcher.store import SCHEMA_VERSION, Store, StoreError


def test_new_store_is_migrated_in_wal_mode(tmp_path):
    store = Store(tmp_path / "w.db")
    assert store.schema_version == SCHEMA_VERSION
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = set(store.db.table_names())
    assert {"feeds", "articles", "facts", "entities", "developments", "outbox",
            "poll_runs"} <= tables
    store.close()


def test_reopening_keeps_data_and_does_not_migrate_again(tmp_path):
    store = Store(tmp_path / "w.db")
    store.sync_feeds([("A", "https://a.example/rss")])
    store.close()
    again = Store(tmp_path / "w.db")
    assert [f.name for f in again.feeds()] == ["A"]
    again.close()


def test_a_newer_schema_is_refused(tmp_path):
    conn = sqlite3.connect(tmp_path / "w.db")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this watcher"):
        Store(tmp_path / "w.db")


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    (tmp_path / "w.db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a usable watcher database"):
        Store(tmp_path / "w.db")


def test_transaction_rolls_back_everything_on_error(tmp_path):
    store = Store(tmp_path / "w.db")
    store.sync_feeds([("A", "https://a.example/rss")])
    feed = store.feeds()[0]
    with pytest.raises(RuntimeError), store.tx():
        store.update_feed(feed.id, etag='"new"')
        raise RuntimeError("crash")
    assert store.feeds()[0].etag is None
    store.close()


def test_feed_names_follow_the_config_without_losing_state(tmp_path):
    store = Store(tmp_path / "w.db")
    store.sync_feeds([("Old", "https://a.example/rss")])
    store.update_feed(store.feeds()[0].id, etag='"e"')
    store.sync_feeds([("New", "https://a.example/rss")])
    feed = store.feeds()[0]
    assert (feed.name, feed.etag) == ("New", '"e"')
    store.close()
