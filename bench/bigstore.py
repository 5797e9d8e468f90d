"""A store with N articles (and optionally developments), built fast with plain SQL, for
the benchmarks that need a large history. Cached under the system temp folder."""

from __future__ import annotations

import json
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from watcher.dedup import band_keys, title_key
from watcher.store import Store

# A headline vocabulary of 20,000 words (real news uses tens of thousands; a small one would
# make unrelated titles look alike and overstate the near-duplicate candidates).
_SYLLABLES = ["ba", "ku", "ye", "re", "van", "ta", "lk", "bor", "der", "tra", "de", "en",
              "er", "gy", "pea", "ce", "sum", "mit", "cor", "ri", "mar", "ket", "gra", "in",
              "ra", "il", "gas", "vo", "te", "co", "urt", "ar", "my", "pre", "ss", "ban", "oil",
              "wa", "ter", "lo"]
WORDS = [a + b + c for a in _SYLLABLES for b in _SYLLABLES[:25] for c in _SYLLABLES[:20]]
START = datetime(2022, 1, 1, tzinfo=UTC)
SPAN = timedelta(days=3 * 365)


def title(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 11)))


def add_developments(store: Store, n: int) -> None:
    """n route developments spread over the last 60 days, with their known state."""
    now = datetime.now(UTC)
    base = store.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM developments").fetchone()[0]
    devs = []
    for i in range(n):
        when = (now - timedelta(hours=i % (24 * 60))).isoformat(timespec="seconds")
        data = {"type": "route_status", "published": when, "article_url": f"https://d/{i}",
                "route": {"name": "Lachin corridor", "status": "closed", "since": when[:10]},
                "previous": None, "evidence": "Azerbaijan closed the Lachin corridor."}
        devs.append((base + i, f"k{i}", "route_status", json.dumps(data), when, when))
    with store.tx():
        store.conn.executemany(
            "INSERT INTO developments(id, key, type, data, created_at, published) "
            "VALUES (?,?,?,?,?,?)", devs)
        store.conn.executemany(
            "INSERT INTO development_sources VALUES (?, 0, ?)",
            [(base + i, json.dumps({"url": f"https://d/{i}", "outlet": "W"})) for i in range(n)])
        store.save_entity("route", "Lachin corridor", {"name": "Lachin corridor",
                          "status": "closed", "since": now.date().isoformat()},
                          [{"url": "https://d/0", "outlet": "W"}], now.isoformat(),
                          now.isoformat())


def body(rng: random.Random) -> str:
    """An article text of 1-2 KB: news sentences, some of them about the peace process."""
    from feedgen import FILLER, PEOPLE, PLACES, RELEVANT
    a, b = rng.choice(PEOPLE)
    pool = FILLER + RELEVANT[:3] if rng.random() < 0.2 else FILLER
    return " ".join(rng.choice(pool).format(a=a, b=b, p=rng.choice(PLACES), d="Monday")
                    for _ in range(rng.randint(12, 24)))


def build(n: int, developments: int = 0, seed: int = 5, texts: bool = False) -> Path:
    """`texts`: each article with a text of its own (full-text search has words to find)."""
    name = f"watcher-bench-{n}-{developments}{'-text' if texts else ''}.db"
    path = Path(tempfile.gettempdir()) / name
    if path.exists():
        return path
    started = time.perf_counter()
    tmp = path.with_suffix(".part")
    tmp.unlink(missing_ok=True)
    store = Store(tmp)
    rng = random.Random(seed)
    step = SPAN / n
    batch = 50_000
    with store.tx():
        for lo in range(0, n, batch):
            rows, blocks = [], []
            for i in range(lo, min(n, lo + batch)):
                t = title(rng)
                key = title_key(t)
                pub = (START + step * i).isoformat(timespec="seconds")
                rows.append((i + 1, f"https://n{i % 97}.example/a/{i}", f"g{i}", t,
                             t[:120], body(rng) if texts else "",
                             f"Outlet {i % 97}" if texts else None, pub,
                             pub, f"h{i}", key))
                blocks += [(tok, pub, i + 1) for tok in band_keys(key)]
            store.conn.executemany(
                "INSERT INTO articles(id, url, guid, title, summary, text, outlet, published, "
                "fetched_at, content_hash, title_key) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
            store.conn.executemany("INSERT OR IGNORE INTO dedup_blocks VALUES (?,?,?)", blocks)
    if developments:
        add_developments(store, developments)
    store.db.execute("ANALYZE")
    store.close()
    tmp.rename(path)
    for suffix in ("-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    print(f"(built {path.name}: {n:,} articles in {time.perf_counter() - started:.0f} s)")
    return path
