# watcher: a change-monitoring news watcher for the Armenia-Azerbaijan peace process.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN useradd --create-home --uid 10001 watcher
WORKDIR /app

# The install step is the README's: the project from its lock.
COPY pyproject.toml requirements.lock README.md ./
COPY watcher ./watcher
RUN python3 -m venv .venv && .venv/bin/pip install -q -c requirements.lock -e .

COPY config.toml ./
COPY store/baseline ./store/baseline
RUN chown -R watcher:watcher /app/store
USER watcher

# The database lives in store/; keep it on a volume.
VOLUME ["/app/store"]
ENTRYPOINT ["/app/.venv/bin/watcher"]
CMD ["run"]
