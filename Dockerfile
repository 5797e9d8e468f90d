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
COPY store/timeline.toml ./store/timeline.toml
RUN chown -R watcher:watcher /app/store
USER watcher

# The database lives in store/; keep it on a (named) volume, which starts with the baseline.
VOLUME ["/app/store"]
EXPOSE 8787
HEALTHCHECK --interval=60s --timeout=10s --start-period=30s --retries=3 \
  CMD ["/app/.venv/bin/python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8787/healthz', timeout=8).status == 200 else 1)"]
ENTRYPOINT ["/app/.venv/bin/watcher"]
CMD ["run"]
