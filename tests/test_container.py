"""The Dockerfile (no Docker engine runs here): the entrypoint, the README's install step,
a non-root user, the store as a volume, a health check on /healthz."""

from __future__ import annotations

import re

from conftest import REPO

DOCKERFILE = (REPO / "Dockerfile").read_text()
README = (REPO / "README.md").read_text()


def readme_install_step() -> str:
    run_line = next(line for line in README.splitlines()
                    if line.startswith("python3 -m venv .venv") and "watcher run" in line)
    return run_line.split(" && .venv/bin/watcher")[0]


def test_install_step_is_the_readmes():
    assert f"RUN {readme_install_step()}" in DOCKERFILE


def test_entrypoint_runs_the_watcher_daemon():
    assert 'ENTRYPOINT ["/app/.venv/bin/watcher"]' in DOCKERFILE
    assert 'CMD ["run"]' in DOCKERFILE


def test_non_root_volume_and_healthcheck():
    assert re.search(r"^USER watcher$", DOCKERFILE, re.M)
    assert 'VOLUME ["/app/store"]' in DOCKERFILE
    assert "HEALTHCHECK" in DOCKERFILE and "/healthz" in DOCKERFILE
    assert DOCKERFILE.startswith("#") and "FROM python:3.11-slim" in DOCKERFILE
