"""The SQLite store: schema migrations, WAL, transactions that leave nothing half-written."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime

import pytest
import sqlite_utils

from watcher.facts import Meeting, RouteFact, Venue, When
from watcher.state import State
from watcher.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    Batch,
    SearchError,
    SearchTimeout,
    Store,
    StoreError,
)


def store_at(path, version: int) -> sqlite_utils.Database:
    """A store file of schema `version`, as a watcher of that version made it."""
    db = sqlite_utils.Database(sqlite3.connect(path, isolation_level=None))
    for migrate in MIGRATIONS[:version]:
        migrate(db)
    db.execute(f"PRAGMA user_version = {version}")
    return db


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
    db = store_at(tmp_path / "w.db", 5)  # a store from before the index
    db.execute("INSERT INTO articles (url, title, text, published, fetched_at, content_hash) "
               "VALUES ('https://a/1', 'Old article', 'Gabala', '2024-05-10T00:00:00+00:00', "
               "'2024-05-10T00:00:00+00:00', 'x')")
    db.conn.close()
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
    made = Store(tmp_path / "made.db")  # the developments as a watcher makes them
    with made.tx():
        assert len(apply(State(made), met, "https://a/1", "FT")) == 1
        assert len(apply(State(made), closed, "https://a/2", "FT")) == 1
    db = store_at(tmp_path / "w.db", 9)
    for d in made.developments():
        db.execute("INSERT INTO developments (id, key, type, data, article_id, created_at, "
                   "published, sources) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   [d["id"], d["key"], d["type"], json.dumps(d["data"]), d["article_id"],
                    d["created_at"], d["published"], json.dumps(d["sources"])])
    for e in made.entities():
        db.execute("INSERT INTO entities (id, kind, key, data, sources, first_seen, last_seen) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [e["id"], e["kind"], e["key"], json.dumps(e["data"]),
                    json.dumps(e["sources"]), e["first_seen"], e["last_seen"]])
    made.close()
    before = list(db.execute("SELECT id, key, type, data, created_at FROM developments"))
    db.conn.close()

    store = Store(tmp_path / "w.db")
    assert store.schema_version == SCHEMA_VERSION
    assert list(store.conn.execute("SELECT id, key, type, data, created_at FROM developments"
                                   )) == before
    assert {p for p, in store.conn.execute("SELECT part FROM development_keys")} >= {
        "lachin corridor", "closed", "scheduled", "2023-05-14"}
    with store.tx():
        assert apply(State(store), met, "https://b/1", "Euronews") == []
        assert apply(State(store), closed, "https://b/2", "Euronews") == []
        assert apply(State(store), closed, "https://a/2", "FT") == []  # listed already
    assert [[s["outlet"] for s in d["sources"]] for d in store.developments()] == [
        ["FT", "Euronews"], ["FT", "Euronews"]]
    store.close()


def test_the_migration_to_rows_of_sources_keeps_every_source_in_its_order(tmp_path):
    """A store of schema 10 keeps each meeting's, route's and development's sources as a
    JSON list (written whole, then grown by `json_insert`). Migrated, every reader shows
    the same sources in the same order (the known state, developments, a pending alert's),
    the lists are gone, and a new source comes after the migrated ones."""
    first = {"url": "https://a/1", "outlet": "Азатутюн", "title": "«Talks»",
             "published": "2023-05-11T00:00:00+00:00"}
    later = [{"url": f"https://b/{i}", "outlet": None, "title": None} for i in range(3)]
    route = [{"url": "https://c/1", "outlet": "C", "title": "Lachin"}]
    meeting = {"level": "leaders", "participants": ["Ilham Aliyev", "Nikol Pashinyan"],
               "mediators": [], "venue": {"city": "Brussels", "country": "Belgium"},
               "date": "2023-05-14", "status": "scheduled", "evidence": "..."}
    grow = "UPDATE {} SET sources = json_insert(sources, '$[#]', json(?)) WHERE id = ?"
    db = store_at(tmp_path / "w.db", 10)
    db.execute("INSERT INTO entities VALUES (1, 'meeting', 'm-1', ?, ?, 'f', 'l')",
               [json.dumps(meeting), json.dumps([first])])
    db.execute("INSERT INTO entities VALUES (2, 'route', 'Lachin corridor', ?, ?, 'f', 'l')",
               [json.dumps({"name": "Lachin corridor", "status": "closed", "since": None,
                            "evidence": "..."}), json.dumps(route)])
    db.execute("INSERT INTO developments (id, key, type, data, created_at, sources) VALUES "
               "(7, 'meeting_new|m-1|scheduled|2023-05-14|Brussels', 'meeting_new', ?, 'c', ?)",
               [json.dumps({"type": "meeting_new"}), json.dumps([first])])
    db.execute("INSERT INTO developments (id, key, type, data, created_at) VALUES "
               "(8, 'k8', 'route_status', '{}', 'c')")  # no source at all
    db.execute("INSERT INTO outbox (development_id, channel) VALUES (7, 'console')")
    for src in later:
        db.execute(grow.format("entities"), [json.dumps(src), 1])
        db.execute(grow.format("developments"), [json.dumps(src), 7])
    db.conn.close()

    store = Store(tmp_path / "w.db")
    assert store.schema_version == SCHEMA_VERSION
    assert [e["sources"] for e in store.entities()] == [[first, *later], route]
    assert [e["sources"] for e in store.entities("route")] == [route]
    assert [d["sources"] for d in store.developments()] == [[first, *later], []]
    assert [json.loads(a["sources"]) for a in store.due_alerts("z")] == [[first, *later]]
    assert [k.sources for k in State(store).known()] == [[first, *later], route]
    for table in ("entities", "developments"):
        assert "sources" not in {c.name for c in store.db[table].columns}
    new = {"url": "https://d/1", "outlet": "D", "title": None}
    assert store.add_development_source(7, new, want=True) == [first, *later, new]
    assert store.add_development_source(8, new, want=True) == [new]
    store.close()


class Timer:
    cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


def test_a_batch_commits_its_parts_at_its_count_or_its_time_a_failing_part_alone_undone(
        tmp_path):
    store = Store(tmp_path / "w.db")
    reader = sqlite3.connect(tmp_path / "w.db")  # another process's view
    timers: list[tuple[float, object, Timer]] = []

    def schedule(seconds, callback):
        timers.append((seconds, callback, Timer()))
        return timers[-1][2]

    batch = Batch(store, parts=3, seconds=60, schedule=schedule)
    done: list[str] = []

    def part(name: str, fail: bool = False) -> None:
        with batch.part(lambda: done.append(name)):
            store.set_meta(name, "1")
            if fail:
                raise RuntimeError("this part cannot be written")

    def committed() -> set[str]:
        return {k for k, in reader.execute("SELECT key FROM meta")}

    part("a")
    part("b")
    with pytest.raises(RuntimeError):
        part("bad", fail=True)
    assert done == [] and committed() == set()  # two parts: not yet
    part("c")  # the third: committed, then told
    assert done == ["a", "b", "c"] and committed() == {"a", "b", "c"}
    assert timers[0][2].cancelled
    part("d")  # a new transaction, which no part follows: its time commits it
    assert timers[1][0] == 60 and committed() == {"a", "b", "c"}
    timers[1][1]()
    assert done[-1] == "d" and committed() == {"a", "b", "c", "d"}
    batch.commit()  # nothing open: nothing to do
    assert not store.conn.in_transaction
    part("e")
    with pytest.raises(RuntimeError), batch.part(lambda: done.append("lost")):
        store.conn.execute("ROLLBACK")  # as SQLite does on a full disk: all of it undone
        raise RuntimeError("database or disk is full")
    batch.commit()
    assert done[-1] == "d" and "e" not in committed()  # lost with it, never told
    reader.close()
    store.close()


def test_rows_and_their_sources_are_read_from_one_state_of_the_store(tmp_path, monkeypatch):
    """A writer that commits between the read of the rows and the read of their sources
    is not half seen: the known state and the developments are as they were when the
    reading began."""
    store = Store(tmp_path / "w.db")
    first = {"url": "https://a/1", "outlet": "A"}
    with store.tx():
        store.save_entity("route", "Lachin corridor", {"name": "Lachin corridor"}, [first],
                          "f", "l")
        dev = store.add_development("k", "route_status", {}, None, None, [first])
    writer = Store(tmp_path / "w.db")
    read_sources = store._sources

    def sources_after_a_write(table, owners, args):
        with writer.tx():  # a new source for what is being read, committed now
            if table == "entity_sources":
                writer.save_entity("route", "Lachin corridor", {"name": "Lachin corridor"},
                                   [], "f", "later", added=[{"url": "https://b/1"}])
            else:
                writer.add_development_source(dev, {"url": "https://b/1", "outlet": "B"})
        return read_sources(table, owners, args)

    monkeypatch.setattr(store, "_sources", sources_after_a_write)
    (entity,) = store.entities()
    assert (entity["last_seen"], entity["sources"]) == ("l", [first])
    assert store.developments()[0]["sources"] == [first]
    monkeypatch.undo()
    assert [s["url"] for s in store.entities()[0]["sources"]] == ["https://a/1",
                                                                   "https://b/1"]
    assert [s["outlet"] for s in store.developments()[0]["sources"]] == ["A", "B"]
    writer.close()
    store.close()
