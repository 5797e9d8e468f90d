"""The SQLite store: schema migrations, WAL, transactions that leave nothing half-written."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

import pytest

from watcher.facts import Meeting, RouteFact, Venue, When
from watcher.state import State
from watcher.store import SCHEMA_VERSION, SearchError, SearchTimeout, Store, StoreError


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


def test_search_finds_stored_articles_ranked_with_snippets(tmp_path):
    store = Store(tmp_path / "w.db")
    with store.tx():
        for i, (title, text) in enumerate([
                ("Ministers meet in Almaty", "The foreign ministers met in Almaty for talks."),
                ("Weather", "Rain in Almaty and snow in the mountains."),
                ("Lachin corridor reopened", "Traffic resumed on the Lachin corridor.")]):
            store.insert_article({"url": f"https://a/{i}", "title": title, "text": text,
                                  "outlet": "Wire", "published": f"2024-05-1{i}T00:00:00+00:00",
                                  "fetched_at": "2024-05-10T00:00:00+00:00",
                                  "content_hash": str(i)}, [])
    hits = store.search("almaty")
    assert [h["title"] for h in hits] == ["Ministers meet in Almaty", "Weather"]  # title first
    assert "[Almaty]" in hits[0]["snippet"]
    assert [h["title"] for h in store.search('"Lachin corridor"')] == [
        "Lachin corridor reopened"]
    assert store.search('minist*')[0]["title"] == "Ministers meet in Almaty"
    assert [h["url"] for h in store.search("almaty", since="2024-05-11")] == [
        h["url"] for h in store.search("rain")]
    assert store.search('") OR * NEAR(') == []  # no FTS syntax reaches SQLite
    store.close()


def test_the_migration_indexes_articles_stored_before_it(tmp_path):
    store = Store(tmp_path / "w.db")
    with store.tx():
        store.insert_article({"url": "https://a/1", "title": "Old article", "text": "Gabala",
                              "published": "2024-05-10T00:00:00+00:00",
                              "fetched_at": "2024-05-10T00:00:00+00:00", "content_hash": "x"},
                             [])
        for trigger in ("articles_ai", "articles_ad", "articles_au"):
            store.db.execute(f"DROP TRIGGER {trigger}")
        store.db.execute("DROP TABLE articles_fts")
        store.db.execute("ALTER TABLE developments DROP COLUMN catch_up")
        store.db.execute("ALTER TABLE feeds DROP COLUMN error_kind")
        store.db.execute("DROP TABLE possible")
        store.db.execute("DROP TABLE development_keys")
        store.db.execute("DROP TABLE development_urls")
        store.db.execute("PRAGMA user_version = 5")  # a store from before the index
    store.close()
    store = Store(tmp_path / "w.db")
    assert [h["url"] for h in store.search("gabala")] == ["https://a/1"]
    store.close()


def add_lachin_articles(store: Store, n: int) -> None:
    """n stored articles that all match a search for "lachin"."""
    with store.tx():
        for i in range(n):
            store.insert_article({"url": f"https://wire.example/{i}",
                                  "title": f"Lachin corridor report {i}",
                                  "text": f"Traffic on the Lachin corridor, day {i}. " * 5,
                                  "outlet": "Wire", "published": "2024-05-10T00:00:00+00:00",
                                  "fetched_at": "2024-05-10T00:00:00+00:00",
                                  "content_hash": f"h{i}"}, [])


@pytest.mark.parametrize(("query", "error"), [
    (" ".join(["a*"] * 32), "32 prefix terms (word*); at most 4"),
    (" ".join(f"w{i}" for i in range(40)), "40 terms; at most 16"),
    ("lachin " * 100, "700 characters long; at most 500"),
    ("lachin\x00", "a NUL character at character 7"),
    ("lachin \udcff", "not valid UTF-8 (byte 0xff at character 8)"),
])
def test_a_search_beyond_its_budget_or_not_text_is_refused_in_one_line(tmp_path, query,
                                                                        error):
    store = Store(tmp_path / "w.db")
    add_lachin_articles(store, 3)
    with pytest.raises(SearchError) as caught:
        store.search(query)
    assert error in str(caught.value) and "\n" not in str(caught.value)
    assert len(store.search(" ".join(["lachin"] * 16))) == 3  # the caps themselves pass
    assert len(store.search("lachin* corr* rep* traf*")) == 3
    store.close()


def test_a_search_past_its_time_limit_is_stopped_and_the_connection_stays_usable(tmp_path):
    store = Store(tmp_path / "w.db")
    add_lachin_articles(store, 200)
    with pytest.raises(SearchTimeout, match="stopped after 0 s"):
        store.search("lachin", time_limit=0)
    assert len(store.search("lachin", limit=500)) == 200  # no handler left behind
    assert store.count("articles") == 200
    store.close()


def test_the_migration_to_development_keys_keeps_every_development_and_finds_them(tmp_path):
    """A store of schema 9 (no `development_keys` nor `development_urls`) is migrated: its
    developments are all kept as they were, filed by their key's parts and their sources'
    URLs; a later source corroborates them, one they list already is not added again."""

    def apply(state, fact, url, outlet):
        return state.apply([fact], article_id=None, url=url, outlet=outlet,
                           published=datetime(2023, 5, 12, tzinfo=UTC))

    met = Meeting("leaders", ("Ilham Aliyev", "Nikol Pashinyan"), (),
                  Venue("Brussels", "Belgium"), When.day(date(2023, 5, 14)), "scheduled", "...")
    closed = RouteFact("Lachin corridor", "closed", When.day(date(2023, 5, 10)), "...", "event")
    store = Store(tmp_path / "w.db")
    with store.tx():
        assert len(apply(State(store), met, "https://a/1", "FT")) == 1
        assert len(apply(State(store), closed, "https://a/2", "FT")) == 1
        store.db.execute("DROP TABLE development_keys")
        store.db.execute("DROP TABLE development_urls")
        store.db.execute("PRAGMA user_version = 9")
    before = list(store.conn.execute("SELECT * FROM developments ORDER BY id"))
    store.close()

    store = Store(tmp_path / "w.db")
    assert store.schema_version == SCHEMA_VERSION
    assert list(store.conn.execute("SELECT * FROM developments ORDER BY id")) == before
    assert {p for p, in store.conn.execute("SELECT part FROM development_keys")} >= {
        "lachin corridor", "closed", "scheduled", "2023-05-14"}
    with store.tx():
        assert apply(State(store), met, "https://b/1", "Euronews") == []
        assert apply(State(store), closed, "https://b/2", "Euronews") == []
        assert apply(State(store), closed, "https://a/2", "FT") == []  # listed already
    assert [[s["outlet"] for s in d["sources"]] for d in store.developments()] == [
        ["FT", "Euronews"], ["FT", "Euronews"]]
    store.close()
