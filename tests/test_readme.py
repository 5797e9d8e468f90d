"""The README runs as a test: its TOML blocks load, its configuration table is the config
model's fields, its command table is the CLI's commands."""

from __future__ import annotations

import re
import tomllib

import pytest
from conftest import REPO

from watcher.cli import COMMANDS
from watcher.config import Config, from_dict
from watcher.extract.gazetteer import load as load_gazetteer

README = (REPO / "README.md").read_text(encoding="utf-8")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, re.DOTALL)


def _section(title: str) -> str:
    start = README.index(f"## {title}")
    end = README.find("\n## ", start + 1)
    return README[start:end if end > 0 else None]


@pytest.mark.parametrize("block", _blocks("toml"), ids=lambda b: b.splitlines()[0][:40])
def test_every_toml_block_loads(block, tmp_path):
    data = tomllib.loads(block)
    if "person" in data or "route" in data or "place" in data:  # a gazetteer of one's own
        path = tmp_path / "names.toml"
        path.write_text(block)
        load_gazetteer(path)
        return
    if "extract" in data:  # names a gazetteer file: give it one
        (tmp_path / data["extract"]["gazetteer"]).write_text("")
    from_dict(data, base=tmp_path)


def _documented_keys() -> set[tuple[str, str]]:
    out = set()
    for line in _section("Configuration reference").splitlines():
        m = re.match(r"\| `\[+([\w.]+)\]+ ([^|]+)\|", line)
        if m:
            for key in re.findall(r"`?(\w+)`?", m.group(2)):
                out.add((m.group(1), key))
    return out


def _model_keys() -> set[tuple[str, str]]:
    out = set()
    for section, field in Config.model_fields.items():
        if section == "source":
            continue
        model = field.annotation
        inner = getattr(model, "__args__", (model,))[0] if section == "feeds" else model
        for name, sub in inner.model_fields.items():
            sub_model = sub.annotation
            nested = [a for a in getattr(sub_model, "__args__", (sub_model,))
                      if isinstance(a, type) and hasattr(a, "model_fields")]
            if nested:  # [alerts.email], [alerts.slack]
                for key in nested[0].model_fields:
                    out.add((f"{section}.{name}", key))
            else:
                out.add((section, name))
    return out


def test_the_configuration_table_is_the_config_model():
    documented, model = _documented_keys(), _model_keys()
    assert model - documented == set(), "keys of the model missing from the README"
    assert documented - model == set(), "keys in the README that the model does not have"


def test_the_command_table_is_the_cli():
    table = _section("Command line")
    documented = set(re.findall(r"^\| `(\w+)", table, re.MULTILINE)) - {"command"}
    assert documented == set(COMMANDS)


def test_the_example_alert_is_what_the_renderer_writes():
    import json

    from watcher.alerts.render import body

    example = json.loads((REPO / "docs" / "example_alert.json").read_text(encoding="utf-8"))
    text = body(example["development"], example["sources"])
    assert f"```text\n{text}\n```" in _section("Alerts")
