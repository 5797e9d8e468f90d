"""The user's own names (`[extract] gazetteer`) and `watcher explain`, end to end."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from conftest import REPO, free_port, rss

USER_NAMES = '''
# A foreign minister the shipped gazetteer does not know yet, and a new road.
[[person]]
name = "Rauf Gasimzade"
country = "AZ"
aliases = ["Gasimzade"]
offices = [{ office = "foreign_minister", from = "2026-11-01", to = "" }]

[[route]]
name = "Tigranashen-Sadarak road"
tracked = true
names = ["Tigranashen-Sadarak", "Sadarak-Tigranashen"]
nouns = ["road", "highway", "crossing"]

[[place]]
city = "Dilijan"
country = "Armenia"
aliases = ["Dilijan"]
'''


def watcher(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "watcher", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def write_config(tmp_path, names: str | None = USER_NAMES) -> str:
    lines = [f'[watcher]\ndb = "w.db"\nbaseline = "{REPO / "store" / "baseline"}"\n']
    if names is not None:
        (tmp_path / "my-names.toml").write_text(names)
        lines.append('[extract]\ngazetteer = "my-names.toml"\n')
    (tmp_path / "w.toml").write_text("\n".join(lines))
    return str(tmp_path / "w.toml")


FEED = rss([
    {"title": "Foreign ministers meet in Dilijan",
     "link": "https://wire.example/dilijan",
     "description": "Azerbaijan's new foreign minister Rauf Gasimzade and Ararat Mirzoyan met "
                    "in Dilijan on Monday.",
     "pub": datetime(2026, 11, 25, 9, tzinfo=UTC)},
    {"title": "New road opens",
     "link": "https://wire.example/road",
     "description": "Armenia and Azerbaijan opened the Tigranashen-Sadarak road to traffic on "
                    "Tuesday.",
     "pub": datetime(2026, 11, 26, 9, tzinfo=UTC)},
])


def test_a_user_gazetteer_adds_a_minister_a_place_and_a_route(tmp_path):
    (tmp_path / "feed.xml").write_text(FEED)
    plain = watcher("--config", write_config(tmp_path, None), "replay", "feed.xml",
                    cwd=tmp_path)
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout == ""  # without the user's names: nobody known, no such road
    proc = watcher("--config", write_config(tmp_path), "replay", "feed.xml", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    devs = [json.loads(line) for line in proc.stdout.splitlines()]
    meeting = devs[0]["meeting"]
    assert (meeting["level"], meeting["participants"], meeting["venue"]["city"],
            meeting["date"]) == ("foreign_ministers", ["Ararat Mirzoyan", "Rauf Gasimzade"],
                                 "Dilijan", "2026-11-23")
    assert devs[1]["route"] == {"name": "Tigranashen-Sadarak road", "status": "open",
                                "since": "2026-11-24"}


def test_a_bad_user_gazetteer_is_one_line_and_exit_2(tmp_path):
    bad = USER_NAMES.replace('from = "2026-11-01"', 'from = "soon"')
    proc = watcher("--config", write_config(tmp_path, bad), "facts", cwd=tmp_path)
    assert proc.returncode == 2
    line = proc.stderr.strip()
    assert "\n" not in line and line.startswith("watcher: ") and "extract.gazetteer" in line
    assert "person[0].offices[0].from" in line
    unknown_country = USER_NAMES.replace('country = "AZ"', 'country = "XX"')
    proc = watcher("--config", write_config(tmp_path, unknown_country), "facts", cwd=tmp_path)
    assert proc.returncode == 2 and "country 'XX' is not a [[country]] code" in proc.stderr
    empty_phrase = USER_NAMES + '\n[[route]]\nname = "X"\nphrases = ["(unclosed", " "]\n'
    proc = watcher("--config", write_config(tmp_path, empty_phrase), "facts", cwd=tmp_path)
    assert proc.returncode == 2 and "route[1].phrases: a phrase is empty" in proc.stderr
    missing = tmp_path / "w.toml"
    missing.write_text('[extract]\ngazetteer = "nowhere.toml"\n')
    proc = watcher("--config", str(missing), "facts", cwd=tmp_path)
    assert proc.returncode == 2 and "nowhere.toml: cannot read" in proc.stderr


ARTICLE = """Mediator meets each side

Blinken met Aliyev in Munich on Friday and then met Pashinyan on Saturday.
The two leaders will meet in Brussels on May 14, the EU said.
Azerbaijan's president and Armenia's prime minister spoke by phone on Sunday.
"""


def test_explain_a_file_says_why_each_candidate_was_kept_or_dropped(tmp_path):
    (tmp_path / "article.txt").write_text(ARTICLE)
    proc = watcher("--config", write_config(tmp_path, None), "explain", "article.txt",
                   "--published", "2024-05-06", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "title: Mediator meets each side" in out
    assert "dropped a third party meeting each side apart" in out
    assert "dropped a phone or video call" in out
    assert "leaders Aliyev + Pashinyan, Brussels, 2024-05-14: scheduled" in out
    assert "no store at" in out  # nothing replayed yet: no known state to compare with


def test_explain_a_stored_article_against_the_known_state(tmp_path):
    (tmp_path / "feed.xml").write_text(FEED)
    cfg = write_config(tmp_path)
    watcher("--config", cfg, "replay", "--db", "w.db", "feed.xml", cwd=tmp_path)
    proc = watcher("--config", cfg, "explain", "https://wire.example/dilijan", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "published 2026-11-25" in proc.stdout
    assert "foreign_ministers Mirzoyan + Gasimzade, Dilijan, 2026-11-23: held" in proc.stdout
    assert "Against the known state:" in proc.stdout
    assert "no development: already known" in proc.stdout  # it was replayed into the store
    shouting = watcher("--config", cfg, "explain", "HTTPS://WIRE.example/dilijan", cwd=tmp_path)
    assert shouting.returncode == 0 and "published 2026-11-25" in shouting.stdout, \
        shouting.stderr
    nowhere = f"http://127.0.0.1:{free_port()}/none"
    missing = watcher("--config", cfg, "explain", nowhere, cwd=tmp_path)
    line = missing.stderr.strip()
    assert missing.returncode == 1 and "\n" not in line and "not in the store" in line
    assert "cannot fetch it" in line


# -- user names are data, never code ---------------------------------------------------

def run_bounded(*args: str, cwd, timeout: float = 60) -> subprocess.CompletedProcess:
    """A watcher process that cannot take the machine with it: 2 GB of address space (a
    read of /dev/zero ends there) and a time limit (a hang fails the test, not the suite)."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    return subprocess.run([sys.executable, "-m", "watcher", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=timeout, preexec_fn=limit)


FIND_ROUTES = """
import sys
from watcher.extract.gazetteer import load
gaz = load(sys.argv[1])
print([f.ref.name for f in gaz.find_routes(sys.argv[2])])
"""


def test_a_user_phrase_is_literal_text_and_cannot_backtrack(tmp_path):
    """`(a+)+$` was run as a regex: one sentence of a's took minutes. It is text now."""
    (tmp_path / "names.toml").write_text(
        '[[route]]\nname = "Test road"\nphrases = ["(a+)+$", "crossing at  Sadarak*"]\n')
    sentence = "The road " + "a" * 40 + "b."
    proc = subprocess.run([sys.executable, "-c", FIND_ROUTES, str(tmp_path / "names.toml"),
                           sentence], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
    from watcher.extract.gazetteer import load
    gaz = load(tmp_path / "names.toml")
    found = lambda text: [f.text for f in gaz.find_routes(text)]  # noqa: E731
    assert found("the road sign read (A+)+$ today") == ["(A+)+$"]
    assert found("the CROSSING at\nsadarakh opened") == ["CROSSING at\nsadarakh"]
    assert found("the road crossing at Sadarak opened") == ["crossing at Sadarak"]
    assert found("the road crossings at Sadarak") == []  # whole words: no 's' after 'crossing'


@pytest.mark.parametrize("nouns", ['["-"]', '["road", "road-road"]', '[" road"]'])
def test_route_names_and_nouns_that_could_backtrack_are_refused(tmp_path, nouns):
    """A noun such as '-' or 'road-road' made `Name(?:[\\s-]+(?:nouns))+` exponential on a
    run of hyphens; nouns are words now, names begin and end with a letter or digit."""
    from watcher.extract.gazetteer import GazetteerError, load
    path = tmp_path / "names.toml"
    path.write_text(f'[[route]]\nname = "Test road"\nnames = ["Nm"]\nnouns = {nouns}\n')
    with pytest.raises(GazetteerError, match=r"route\[0\]\.nouns"):
        load(path)
    path.write_text('[[route]]\nname = "Test road"\nnames = ["Nm-"]\nnouns = ["road"]\n')
    with pytest.raises(GazetteerError, match=r"route\[0\]\.names"):
        load(path)


def _not_a_file(kind: str, path) -> str:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    elif kind == "too large":
        path.write_text("# " + "x" * 1_100_000 + "\n")
    else:
        return "/dev/zero"
    return path.name


@pytest.mark.parametrize("kind", ["fifo", "device", "directory", "too large"])
def test_a_gazetteer_that_is_not_a_small_regular_file_is_one_line_and_exit_2(tmp_path, kind):
    config = tmp_path / "w.toml"
    name = _not_a_file(kind, tmp_path / "names.toml")
    config.write_text(f'[watcher]\ndb = "w.db"\n[extract]\ngazetteer = "{name}"\n')
    proc = run_bounded("--config", str(config), "facts", cwd=tmp_path)
    line = proc.stderr.strip()
    assert proc.returncode == 2 and "\n" not in line, proc.stderr
    assert line.startswith("watcher: ") and "extract.gazetteer" in line
    assert ("larger than 1 MB" if kind == "too large" else "not a regular file") in line


@pytest.mark.parametrize("kind", ["fifo", "device", "too large"])
def test_a_config_that_is_not_a_small_regular_file_is_one_line_and_exit_2(tmp_path, kind):
    name = _not_a_file(kind, tmp_path / "w.toml")
    proc = run_bounded("--config", name, "facts", cwd=tmp_path)
    line = proc.stderr.strip()
    assert proc.returncode == 2 and "\n" not in line, proc.stderr
    assert ("larger than 1 MB" if kind == "too large" else "not a regular file") in line


def test_a_gazetteer_broken_while_the_api_runs_keeps_the_last_good_one(tmp_path, caplog):
    from test_api import request

    from watcher.api import ApiServer
    from watcher.config import from_dict
    names = tmp_path / "names.toml"
    names.write_text(USER_NAMES)
    config = from_dict({"watcher": {"db": str(tmp_path / "w.db"),
                                    "baseline": str(REPO / "store" / "baseline")},
                        "api": {"listen": f"127.0.0.1:{free_port()}"},
                        "extract": {"gazetteer": str(names)}}, source="t.toml")
    api = ApiServer(config, lambda store: (True, {"status": "ok"}))
    api.start()
    try:
        assert request(api, "GET", "/digest")[0] == 200
        names.write_text(USER_NAMES + "\n[[route]\n")  # an editor saving half a change
        later = names.stat().st_mtime + 5
        os.utime(names, (later, later))
        with caplog.at_level(logging.WARNING):
            status, body, _ = request(api, "GET", "/digest")
            assert status == 200, body
            assert "Tigranashen-Sadarak road" in body.decode()  # the user's route, still known
            assert request(api, "GET", "/digest")[0] == 200
    finally:
        api.stop()
    lines = [r.getMessage() for r in caplog.records if "names.toml" in r.getMessage()]
    assert len(lines) == 1 and "invalid TOML" in lines[0] and "last good" in lines[0], lines


ARTICLE_HTML = """<html><head><title>Mediator meets each side</title></head><body><article>
<h1>Mediator meets each side</h1>
<p>The two leaders will meet in Brussels on May 14, the EU said on Monday.</p>
<p>Aliyev and Pashinyan last met in Prague. Officials said preparations were under way.</p>
</article></body></html>"""


def test_explain_a_url_with_an_upper_case_scheme_fetches_it(tmp_path, server):
    url = server.serve("/article.html", ARTICLE_HTML, headers={"Content-Type": "text/html"})
    shouting = "HTTP://" + url.removeprefix("http://")
    proc = watcher("--config", write_config(tmp_path, None), "explain", shouting,
                   "--published", "2024-05-06", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert server.hits("/article.html")
    assert "title: Mediator meets each side" in proc.stdout
    assert "leaders Aliyev + Pashinyan, Brussels, 2024-05-14: scheduled" in proc.stdout
    server.serve("/huge.html", ARTICLE_HTML + " " * 6_000_000,
                 headers={"Content-Type": "text/html"})
    proc = watcher("--config", write_config(tmp_path, None), "explain",
                   server.url("/huge.html"), cwd=tmp_path)
    line = proc.stderr.strip()
    assert proc.returncode == 1 and "\n" not in line and "exceeds the limit" in line, \
        proc.stderr


def test_explain_refuses_a_file_over_the_size_cap_before_reading_it(tmp_path):
    big = tmp_path / "big.html"
    with big.open("w") as f:
        f.write("<html><body>")
        for _ in range(50):
            f.write("<p>" + "word " * 200_000 + "</p>")
    proc = run_bounded("--config", write_config(tmp_path, None), "explain", "big.html",
                       cwd=tmp_path, timeout=30)
    line = proc.stderr.strip()
    assert proc.returncode == 1 and "\n" not in line, proc.stderr
    assert line.startswith("watcher: ") and "big.html" in line and "larger than" in line


def test_a_users_gathering_dates_a_meeting_told_in_its_city(tmp_path):
    from datetime import date

    from watcher.extract import extract
    from watcher.extract.gazetteer import GazetteerError, load
    path = tmp_path / "names.toml"
    path.write_text('[[place]]\ncity = "Dilijan"\ncountry = "Armenia"\naliases = ["Dilijan"]\n'
                    '[[gathering]]\nname = "A summit"\ncities = ["Dilijan"]\nday = 2026-11-20\n')
    gaz = load(path)
    [m] = extract("", "Aliyev will not attend the meeting with Pashinyan in Dilijan.",
                  date(2026, 11, 18), gaz)
    assert (m.status, m.when.iso()) == ("cancelled", "2026-11-20")
    path.write_text('[[gathering]]\nname = "A summit"\ncities = ["Nowhere"]\nday = 2026-11-20\n')
    with pytest.raises(GazetteerError, match=r"gathering 'A summit': city 'Nowhere' is not"):
        load(path)


def test_a_route_covering_a_route_not_in_the_gazetteer_is_refused(tmp_path):
    from watcher.extract.gazetteer import GazetteerError, load

    path = tmp_path / "names.toml"
    path.write_text('[[route]]\nname = "Test rail link"\nnames = ["Testline"]\n'
                    'nouns = ["railway"]\ncovers = ["Nowhere railway"]\n')
    with pytest.raises(GazetteerError, match=r"route 'Test rail link': covers 'Nowhere railway'"):
        load(path)
    path.write_text('[[route]]\nname = "Test rail link"\nnames = ["Testline"]\n'
                    'nouns = ["railway"]\ncovers = ["Ijevan-Gazakh railway"]\n')
    assert "Test rail link" in load(path).route_kin()["Ijevan-Gazakh railway"]
