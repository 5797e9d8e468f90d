"""Configuration: defaults, validation errors as one line, exit status 2, secrets by name."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from watcher.config import ConfigError, load, parse_duration, secret

REPO = Path(__file__).resolve().parents[1]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_with_only_feeds_is_complete(tmp_path):
    config = load(write(tmp_path, '[[feeds]]\nname = "A"\nurl = "https://a.example/rss"\n'))
    assert config.feeds[0].name == "A"
    assert config.watcher.poll_interval == 900
    assert config.fetch.max_backoff == 86400
    assert config.watcher.db == tmp_path / "store" / "watcher.db"  # relative to the file


@pytest.mark.parametrize(("text", "expected"), [
    ('[watcher]\npoll_intervall = "5m"\n', "watcher.poll_intervall: unknown key"),
    ('[watcher]\npoll_interval = "soon"\n', "watcher.poll_interval: 'soon' is not a duration"),
    ('[watcher]\npoll_interval = -5\n',
     "watcher.poll_interval: -5 is not a positive, finite duration"),
    ('[watcher]\npoll_interval = "9999999999d"\n', "watcher.poll_interval: '9999999999d' is not a"),
    ('[watcher]\npoll_interval = inf\n', "watcher.poll_interval: inf is not a positive, finite"),
    ('[watcher]\npoll_interval = nan\n', "watcher.poll_interval: nan is not a positive, finite"),
    ('[watcher]\npoll_interval = 0.001\n',
     "watcher.poll_interval: 0.001 is out of range (1s to 30d)"),
    ('[watcher]\npoll_interval = "40d"\n', "watcher.poll_interval: '40d' is out of range"),
    ('[[feeds]]\nname = "A"\nurl = "http://a.example:99999/x"\n', "feeds[0].url: 'http://a.example"),
    ('[api]\nlisten = "127.0.0.1:99999"\n', "api.listen: '127.0.0.1:99999' is not HOST:PORT"),
    ('[digest]\nschedule = "banana"\n', "digest: schedule 'banana' is not a cron expression"),
    ('[digest]\ntimezone = "Nowhere/Else"\n', "digest.timezone: unknown time zone"),
    ('[[feeds]]\nname = "A"\nurl = "ftp://a.example/x"\n', "feeds[0].url: 'ftp://a.example/x'"),
    ('[[feeds]]\nname = "A"\n', "feeds[0].url: missing required key"),
    ('[fetch]\nconcurrency = "many"\n', "fetch.concurrency:"),
    ('[watcher]\ntimezone = "Mars/Olympus"\n', "watcher.timezone: unknown time zone"),
    ('[api]\nlisten = "8787"\n', "api.listen: '8787' is not HOST:PORT"),
    ('[alerts.email]\npassword = "hunter2"\n', "alerts.email.password: unknown key"),
    ("[watcher\n", "invalid TOML"),
])
def test_bad_config_is_one_line_naming_file_key_and_fault(tmp_path, text, expected):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load(path)
    message = str(err.value)
    assert message.startswith(str(path) + ":")
    assert expected in message
    assert "\n" not in message


def test_cli_exits_2_on_a_bad_config_before_doing_anything(tmp_path):
    path = write(tmp_path, '[watcher]\ndb = "x.db"\nbogus = 1\n')
    proc = subprocess.run([sys.executable, "-m", "watcher", "--config", str(path), "poll"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"watcher: {path}: watcher.bogus: unknown key"
    assert not (tmp_path / "x.db").exists()  # nothing half-started


def test_watcher_config_variable_selects_the_file(tmp_path, monkeypatch):
    path = write(tmp_path, '[watcher]\npoll_interval = "2h"\n')
    monkeypatch.setenv("WATCHER_CONFIG", str(path))
    assert load().watcher.poll_interval == 7200
    assert load().source == str(path)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load(tmp_path / "nope.toml")


def test_durations():
    assert parse_duration("90s") == 90
    assert parse_duration("15m") == 900
    assert parse_duration("1.5h") == 5400
    assert parse_duration(30) == 30
    with pytest.raises(ValueError):
        parse_duration("15 minutes")


def test_secrets_come_from_the_named_variable(monkeypatch):
    monkeypatch.setenv("MY_HOOK", " https://hooks.example/T/B/X ")
    assert secret("MY_HOOK") == "https://hooks.example/T/B/X"
    assert secret("UNSET_VARIABLE_FOR_TEST") is None
    assert secret(None) is None


def test_shipped_config_is_valid_and_lists_real_feeds():
    config = load(REPO / "config.toml")
    assert len(config.feeds) >= 10
    assert all(f.url.startswith("https://") for f in config.feeds)
    assert config.alerts.email is None and config.alerts.slack is None  # console by default


@pytest.mark.parametrize(("value", "fault"), [
    ('"ftp://watch.example/"', "'ftp://watch.example/' is not an http(s) URL"),
    ('"watch.example"', "'watch.example' is not an http(s) URL"),
    ('"https://watch.example/?feed=1"', "no query, fragment, space or control character"),
    ('"https://watch\\u0001.example/"', "no query, fragment, space or control character"),
    ("8787", "expected a URL string"),
])
def test_api_base_url_must_be_an_http_url(tmp_path, value, fault):
    path = write(tmp_path, f"[api]\nbase_url = {value}\n")
    with pytest.raises(ConfigError) as err:
        load(path)
    assert str(err.value).startswith(f"{path}: api.base_url: ") and fault in str(err.value)
    assert "\n" not in str(err.value)
    assert load(write(tmp_path, '[api]\nbase_url = "https://watch.example/w"\n')
                ).api.base_url == "https://watch.example/w"
