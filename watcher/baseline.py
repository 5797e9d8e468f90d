"""The baseline: the articles (and so the state of the world) the watcher starts from.

A folder of plain-text articles with a `manifest.toml`:

    [[article]]
    file = "000_b5b81bfc60be7e26.txt"
    title = "Azerbaijan and Armenia leaders to resume peace talks in Brussels"
    outlet = "Financial Times (republished)"
    published = "2023-05-11T12:00:00+00:00"
    url = "https://..."          # optional

Loading goes through the same pipeline as polling, in publication order, but makes no
developments: the baseline is what is already known. Loading again adds only the
entries not loaded before, so a user extends the baseline by adding files and entries.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from . import timeline
from .feeds import Entry
from .pipeline import Pipeline

log = logging.getLogger(__name__)


class BaselineError(Exception):
    """The baseline folder or its manifest cannot be used."""


@dataclass
class BaselineSummary:
    loaded: int = 0
    known: int = 0
    irrelevant: int = 0


def entries(folder: Path) -> list[Entry]:
    manifest = folder / "manifest.toml"
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"{manifest}: cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise BaselineError(f"{manifest}: invalid TOML: {exc}") from None
    out = []
    for i, art in enumerate(data.get("article", [])):
        where = f"{manifest}: article[{i}]"
        try:
            file, title = art["file"], art["title"]
            published = datetime.fromisoformat(str(art["published"]))
        except KeyError as exc:
            raise BaselineError(f"{where}: missing key {exc.args[0]!r}") from None
        except ValueError:
            raise BaselineError(f"{where}.published: not an ISO date-time") from None
        if published.tzinfo is None:
            published = published.replace(tzinfo=UTC)
        try:
            text = (folder / file).read_text(encoding="utf-8")
        except OSError as exc:
            raise BaselineError(f"{where}: cannot read {file}: {exc.strerror or exc}") from None
        url = art.get("url") or f"https://baseline.invalid/{Path(file).stem}"
        out.append(Entry(title=title, url=url, guid=url, published=published, content=text,
                         outlet=art.get("outlet")))
    return sorted(out, key=lambda e: e.published)


def load(pipeline: Pipeline, folder: Path) -> BaselineSummary:
    """Load the baseline into the store (once per article)."""
    summary = BaselineSummary()
    for entry in entries(folder):
        with pipeline.store.tx():
            verdict = pipeline.classify(entry)
            if verdict.status == "new":
                pipeline.ingest(entry, verdict, None, record=False)
                summary.loaded += 1
            elif verdict.status == "duplicate":
                summary.known += 1
            else:
                summary.irrelevant += 1
        pipeline.store.set_meta("baseline_loaded", datetime.now(UTC).isoformat())
    return summary


def load_timeline(pipeline: Pipeline, path: Path | None) -> int:
    """Fold the timeline's entries not loaded before into the state (see timeline.py)."""
    if path is None or not path.exists():
        return 0
    return timeline.load(pipeline.store, pipeline.state, path, pipeline.gazetteer)


def ensure_baseline(pipeline: Pipeline, folder: Path, timeline_file: Path | None = None
                    ) -> None:
    """An empty store starts from the baseline corpus (once), then the timeline (its
    entries not loaded before, so entries a user adds are taken at the next start)."""
    store = pipeline.store
    if not (store.get_meta("baseline_loaded") or store.count("articles")):
        if (folder / "manifest.toml").exists():
            summary = load(pipeline, folder)
            log.info("baseline: %d articles loaded", summary.loaded)
        else:
            log.warning("no baseline at %s; starting from an empty state", folder)
    if n := load_timeline(pipeline, timeline_file):
        log.info("timeline %s: %d entries loaded", timeline_file, n)

