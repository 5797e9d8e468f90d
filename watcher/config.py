"""Settings from `config.toml`, validated before anything starts.

Every key has a default, so a file holding only `[[feeds]]` is complete. A bad file
raises `ConfigError` with one line naming the file, the key and the fault; the CLI
prints it and exits with status 2. Secrets are never read from the file: the file
names environment variables (`password_env`, `webhook_url_env`, `token_env`) and the
values are looked up when they are needed.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from .extract.gazetteer import GazetteerError
from .extract.gazetteer import current as current_gazetteer
from .extract.gazetteer import load as load_gazetteer
from .facts import LEVEL_RANK, MEETING_STATUSES, ROUTE_STATUSES
from .files import SETTINGS_LIMIT, FileRefused, read_regular

ENV_VAR = "WATCHER_CONFIG"
DEFAULT_FILE = "config.toml"

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"^\s*([0-9]{1,9}(?:\.[0-9]+)?)\s*([smhd])\s*$")


class ConfigError(Exception):
    """A configuration problem, worded as one line for the operator."""


MIN_DURATION = 1.0
MAX_DURATION = 30 * 86400.0


def parse_duration(value: Any, low: float = MIN_DURATION, high: float = MAX_DURATION) -> float:
    """'90s', '15m', '2h', '1d' or a number of seconds -> seconds, within [1 s, 30 days]."""
    if isinstance(value, bool):
        raise ValueError("expected a duration such as '15m'")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str) and (m := _DURATION.match(value)):
        seconds = float(m.group(1)) * _UNITS[m.group(2)]
    else:
        raise ValueError(f"{value!r} is not a duration (use e.g. '30s', '15m', '2h', '1d')")
    if not math.isfinite(seconds) or seconds <= 0:
        raise ValueError(f"{value!r} is not a positive, finite duration")
    if not low <= seconds <= high:
        raise ValueError(f"{value!r} is out of range ({_human(low)} to {_human(high)})")
    return seconds


def _human(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds / size:g}{unit}"
    return f"{seconds:g}s"


Duration = Annotated[float, BeforeValidator(parse_duration)]
# A duration a key allows to be long: how old news may be and still be alerted.
LongDuration = Annotated[float, BeforeValidator(
    lambda v: parse_duration(v, high=100 * 365 * 86400.0))]


def _http_url(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("expected a URL string")
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a URL: {exc}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or port == 0:
        raise ValueError(f"{value!r} is not an http(s) URL")
    return value.strip()


HttpUrl = Annotated[str, BeforeValidator(_http_url)]


def _base_url(value: Any) -> str:
    url = _http_url(value)
    parts = urlsplit(url)
    if parts.query or parts.fragment or re.search(r"[\x00-\x20\x7f-\x9f]", url):
        raise ValueError(f"{value!r} is not a base URL (http(s)://host[:port][/path]: no "
                         f"query, fragment, space or control character)")
    return url.rstrip("/")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WatcherSettings(_Section):
    db: Path = Path("store/watcher.db")
    baseline: Path = Path("store/baseline")
    timeline: Path = Path("store/timeline.toml")
    poll_interval: Duration = 900.0
    timezone: str = "UTC"
    log_level: str = "INFO"
    failure_threshold: int = Field(default=5, ge=1)

    @property
    def timeline_file(self) -> Path:
        """The timeline of the known state after the seed corpus (see timeline.py)."""
        return self.timeline

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        if value.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR")
        return value.upper()


class FeedSettings(_Section):
    name: str = Field(min_length=1)
    url: HttpUrl
    interval: Duration | None = None
    fetch_full_text: bool = False
    silence_after: Duration | None = None


class TopicSettings(_Section):
    """Extra words that make an article relevant, on top of the gazetteer's names."""

    keywords: list[str] = []
    exclude: list[str] = []


class FetchSettings(_Section):
    connect_timeout: Duration = 10.0
    read_timeout: Duration = 30.0
    total_timeout: Duration = 90.0
    max_body_bytes: int = Field(default=5_000_000, gt=0)
    concurrency: int = Field(default=8, ge=1, le=256)
    max_redirects: int = Field(default=5, ge=0, le=20)
    user_agent: str = "watcher/0.1 (+https://github.com/; Armenia-Azerbaijan news watcher)"
    allow_private_addresses: bool = False
    min_interval: Duration = 300.0
    max_interval: Duration = 6 * 3600.0
    max_backoff: Duration = 24 * 3600.0

    @model_validator(mode="after")
    def _bounds(self) -> FetchSettings:
        if self.min_interval > self.max_interval:
            raise ValueError("min_interval is longer than max_interval")
        return self


class DedupSettings(_Section):
    window: Duration = 3 * 86400.0
    title_similarity: float = Field(default=90.0, ge=50, le=100)


# a development's kind: meeting_*, route_status, source_*, possible (see [alerts] possible)
KINDS = ("meeting", "route", "source", "possible")
LEVELS = tuple(LEVEL_RANK)
STATUSES = tuple(dict.fromkeys(MEETING_STATUSES + ROUTE_STATUSES))


def _one_of(what: str, accepted: tuple[str, ...]):
    def check(values: list[str] | None) -> list[str] | None:
        for value in values or ():
            if value not in accepted:
                raise ValueError(f"unknown {what} {value!r} (accepted: {', '.join(accepted)})")
        return values
    return check


class Only(_Section):
    """What a channel receives (`only = { ... }`), as `alerts.routing` reads it; an absent
    key means all."""

    kinds: Annotated[list[str] | None, AfterValidator(_one_of("kind", KINDS))] = None
    levels: Annotated[list[str] | None, AfterValidator(_one_of("level", LEVELS))] = None
    statuses: Annotated[list[str] | None, AfterValidator(_one_of("status", STATUSES))] = None
    routes: list[str] | None = None  # route names of the gazetteer, checked in from_dict


class _Channel(_Section):
    only: Only = Only()


class EmailSettings(_Channel):
    host: str = "localhost"
    port: int = Field(default=587, ge=1, le=65535)
    starttls: bool = True
    ssl: bool = False
    username: str | None = None
    password_env: str | None = None
    sender: str = "watcher@localhost"
    recipients: list[str] = Field(default_factory=list)
    timeout: Duration = 30.0


class SlackSettings(_Channel):
    webhook_url_env: str = "WATCHER_SLACK_WEBHOOK"
    timeout: Duration = 15.0


class AppriseSettings(_Channel):
    """Apprise URLs (space-separated) in the environment variable named by `urls_env`."""

    urls_env: str = "WATCHER_APPRISE_URLS"
    timeout: Duration = 30.0


class WebhookSettings(_Channel):
    """A JSON POST per development, signed with the secret named by `secret_env`."""

    url_env: str = "WATCHER_WEBHOOK_URL"
    secret_env: str = "WATCHER_WEBHOOK_SECRET"
    timeout: Duration = 15.0


class AlertSettings(_Section):
    email: EmailSettings | None = None
    slack: SlackSettings | None = None
    apprise: AppriseSettings | None = None
    webhook: WebhookSettings | None = None
    min_sources: int = Field(default=1, ge=1)
    max_attempts: int = Field(default=8, ge=1)
    max_age: LongDuration = 2 * 86400.0
    possible: bool = False  # send possible developments too, marked unconfirmed


class DigestSettings(_Section):
    schedule: str | None = None
    timezone: str = "UTC"
    channels: list[str] = Field(default_factory=list)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        return WatcherSettings._known_zone(value)

    @model_validator(mode="after")
    def _cron(self) -> DigestSettings:
        if self.schedule is not None:
            from apscheduler.triggers.cron import CronTrigger
            try:
                CronTrigger.from_crontab(self.schedule, timezone=self.timezone)
            except (ValueError, TypeError) as exc:
                raise ValueError(f"schedule {self.schedule!r} is not a cron expression "
                                 f"('minute hour day month weekday', e.g. '0 7 * * *'): "
                                 f"{exc}") from None
        return self


class ApiSettings(_Section):
    """`base_url`: where readers reach the API (behind a proxy, say); the Atom feed's id
    and self link are made from it, else from `listen`, never from a request."""

    listen: str = "127.0.0.1:8787"
    token_env: str | None = None
    base_url: Annotated[str, BeforeValidator(_base_url)] | None = None

    @property
    def public_url(self) -> str:
        return self.base_url or f"http://{self.listen}"

    @field_validator("listen")
    @classmethod
    def _host_port(cls, value: str) -> str:
        host, sep, port = value.rpartition(":")
        if not sep or not host or not re.fullmatch(r"[0-9]{1,5}", port) or \
                not 0 < int(port) < 65536:
            raise ValueError(f"{value!r} is not HOST:PORT (a port from 1 to 65535)")
        return value


class ExtractSettings(_Section):
    """`gazetteer`: the user's own names (people with offices and terms, places, routes),
    a TOML file in the shipped gazetteer's format, merged over it."""

    gazetteer: Path | None = None


class Config(_Section):
    watcher: WatcherSettings = WatcherSettings()
    feeds: list[FeedSettings] = Field(default_factory=list)
    topic: TopicSettings = TopicSettings()
    fetch: FetchSettings = FetchSettings()
    dedup: DedupSettings = DedupSettings()
    alerts: AlertSettings = AlertSettings()
    digest: DigestSettings = DigestSettings()
    api: ApiSettings = ApiSettings()
    extract: ExtractSettings = ExtractSettings()
    source: str = "(embedded defaults)"

    @model_validator(mode="after")
    def _unique_feeds(self) -> Config:
        seen: set[str] = set()
        for feed in self.feeds:
            if feed.url in seen:
                raise ValueError(f"feed URL {feed.url} is listed twice")
            seen.add(feed.url)
        return self


def gazetteer(config: Config):
    """The names this configuration reads with: the shipped gazetteer and the user's, as
    the user's file is now (or as it last was good, should it have been broken since)."""
    return current_gazetteer(config.extract.gazetteer)


def secret(env_name: str | None) -> str | None:
    """The value of the environment variable a config key names, or None."""
    if not env_name:
        return None
    value = os.environ.get(env_name, "").strip()
    return value or None


def _where(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _describe(exc: ValidationError, path: str) -> str:
    errors = exc.errors(include_url=False)
    first = errors[0]
    # Strip pydantic's internal markers from the location ("function-before[...]" etc.).
    loc = tuple(p for p in first["loc"] if not (isinstance(p, str) and "[" in p))
    if first["type"] == "extra_forbidden":
        fault = "unknown key"
    elif first["type"] == "missing":
        fault = "missing required key"
    else:
        fault = first["msg"].removeprefix("Value error, ")
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{path}: {_where(loc)}: {fault}{more}"


def from_dict(data: dict, source: str = "(embedded defaults)", base: Path | None = None) -> Config:
    """Validate a parsed TOML document; relative paths are resolved against `base`."""
    try:
        config = Config.model_validate({**data, "source": source})
    except ValidationError as exc:
        raise ConfigError(_describe(exc, source)) from None
    if base is not None:
        w = config.watcher
        resolved = w.model_copy(
            update={"db": _under(base, w.db), "baseline": _under(base, w.baseline),
                    "timeline": _under(base, w.timeline)}
        )
        config = config.model_copy(update={"watcher": resolved})
        if config.extract.gazetteer is not None:
            names = config.extract.model_copy(
                update={"gazetteer": _under(base, config.extract.gazetteer)})
            config = config.model_copy(update={"extract": names})
    named = data.get("watcher") or {}
    config = _baseline_or_shipped(config, "baseline" in named, "timeline" in named)
    if config.extract.gazetteer is not None:
        try:
            load_gazetteer(config.extract.gazetteer)
        except GazetteerError as exc:
            raise ConfigError(f"{source}: extract.gazetteer: {exc}") from None
    _check_timeline(config, source, "timeline" in named)
    _check_routes(config, source)
    return config


def alert_channels(config: Config) -> dict[str, _Channel]:
    """The configured alert channels' settings, by section name ([alerts.NAME])."""
    return {name: settings for name in AlertSettings.model_fields
            if isinstance(settings := getattr(config.alerts, name), _Channel)}


def _check_routes(config: Config, source: str) -> None:
    """A route an `only` names is one the gazetteer knows (the user's names included)."""
    named = [(name, route) for name, settings in alert_channels(config).items()
             for route in settings.only.routes or ()]
    if not named:
        return
    known = [r.name for r in gazetteer(config).routes]
    folded = {k.casefold() for k in known}
    for name, route in named:
        if route.casefold() not in folded:
            raise ConfigError(f"{source}: alerts.{name}.only.routes: unknown route "
                              f"{route!r} (accepted: {', '.join(known)})")


def _check_timeline(config: Config, source: str, named: bool) -> None:
    """A timeline named in the config must exist; any timeline is validated entry by entry."""
    from . import timeline

    path = config.watcher.timeline_file
    if not path.exists() and not named:
        return
    try:
        timeline.read(path, gazetteer(config))
    except timeline.TimelineError as exc:
        raise ConfigError(f"{source}: watcher.timeline: {exc}") from None


def _under(base: Path, path: Path) -> Path:
    return path if path.is_absolute() else base / path


# The baseline shipped beside the package (a checkout or an editable install).
SHIPPED_BASELINE = Path(__file__).resolve().parents[1] / "store" / "baseline"


SHIPPED_TIMELINE = SHIPPED_BASELINE.parent / "timeline.toml"


def _baseline_or_shipped(config: Config, given: bool, timeline_given: bool = False) -> Config:
    """A baseline the user did not name, and that is not where the default says, is the
    one shipped with the watcher: `watcher replay` works from any folder. So is the
    timeline, unless the user named a baseline of their own (then their world starts
    from it, and a timeline only where they put or name one)."""
    w = config.watcher
    update = {}
    if not (given or (w.baseline / "manifest.toml").exists() or not SHIPPED_BASELINE.exists()):
        update["baseline"] = SHIPPED_BASELINE
    if not (given or timeline_given or w.timeline.exists() or not SHIPPED_TIMELINE.exists()):
        update["timeline"] = SHIPPED_TIMELINE
    if not update:
        return config
    return config.model_copy(update={"watcher": w.model_copy(update=update)})


def load(path: str | os.PathLike | None = None) -> Config:
    """Load the config named by `path`, else $WATCHER_CONFIG, else ./config.toml, else defaults."""
    chosen = path or os.environ.get(ENV_VAR)
    if not chosen and Path(DEFAULT_FILE).exists():
        chosen = DEFAULT_FILE
    if chosen is None:
        return from_dict({})
    file = Path(chosen)
    try:
        raw = read_regular(file, SETTINGS_LIMIT)
    except FileRefused as exc:
        raise ConfigError(f"{file}: {exc}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{file}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: invalid TOML: {exc}") from None
    if "source" in data:
        raise ConfigError(f"{file}: source: unknown key")
    return from_dict(data, source=str(file), base=file.resolve().parent)
