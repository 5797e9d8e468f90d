"""Worker processes for the pipeline's CPU work (`watcher.reading`: parsing, plain text,
relevance, extraction), so the event loop keeps the network and every core reads.

One pool per process (`shared()`), one worker per core, started on first use by work
big enough to be worth sending (`SMALL` characters): a small job (a feed of a few items,
a replay of a handful of entries) runs in the calling process, as everything does with
`Workers(0)`. The functions are pure, so the answer is the same wherever they run; the
caller applies the results to the store in order. A pool that breaks (a worker killed)
is dropped with one warning, and its work is done in the calling process.

Workers are forked from a clean server process (`forkserver`), never from the daemon
with its threads, and ignore SIGINT: the daemon alone decides when to stop.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

log = logging.getLogger(__name__)

SMALL = 4_000  # characters: below this, sending the work costs more than doing it here
AHEAD = 3  # batches in flight per worker in `ordered`


def _quiet() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class Workers:
    def __init__(self, processes: int | None = None):
        self.processes = (os.cpu_count() or 1) if processes is None else processes
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    @property
    def started(self) -> bool:
        """Whether the worker processes are running (work has gone to them)."""
        return self._pool is not None

    def _executor(self) -> ProcessPoolExecutor | None:
        with self._lock:
            if self._pool is None and self.processes > 0:
                ctx = multiprocessing.get_context("forkserver")
                ctx.set_forkserver_preload(["watcher.reading"])
                self._pool = ProcessPoolExecutor(self.processes, mp_context=ctx,
                                                 initializer=_quiet)
            return self._pool

    def _broken(self, exc: BaseException) -> None:
        with self._lock:
            pool, self._pool, self.processes = self._pool, None, 0
        log.warning("worker processes failed (%s); reading in this process from now on",
                    type(exc).__name__)
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def _submit(self, size: int, fn: Callable, args: tuple) -> Future | None:
        if size < SMALL or self.processes <= 0:
            return None
        try:
            pool = self._executor()
            return pool.submit(fn, *args) if pool is not None else None
        except (BrokenProcessPool, RuntimeError) as exc:  # RuntimeError: shut down
            self._broken(exc)
            return None

    def call(self, size: int, fn: Callable, *args) -> Any:
        """fn(*args) in a worker when `size` makes it worth it, else here; waits."""
        return self._result(self._submit(size, fn, args), args, fn)

    async def run(self, size: int, fn: Callable, *args) -> Any:
        """As `call`, awaited: the event loop goes on while a worker reads."""
        future = self._submit(size, fn, args)
        if future is None:
            return fn(*args)
        try:
            return await asyncio.wrap_future(future)
        except BrokenProcessPool as exc:
            self._broken(exc)
            return fn(*args)

    def ordered(self, fn: Callable, batches: Iterable[tuple[int, tuple]]) -> Iterator[Any]:
        """fn(*args) for each (size, args) of `batches`, the results in the batches' order,
        a few batches per worker in flight (bounded memory however long the input)."""
        pending: deque[tuple[Future | None, tuple]] = deque()
        limit = max(1, self.processes) * AHEAD
        for size, args in batches:
            pending.append((self._submit(size, fn, args), args))
            while len(pending) >= limit:
                yield self._result(*pending.popleft(), fn)
        while pending:
            yield self._result(*pending.popleft(), fn)

    def _result(self, future: Future | None, args: tuple, fn: Callable) -> Any:
        """The future's result; fn(*args) here when there is none or its worker died."""
        if future is None:
            return fn(*args)
        try:
            return future.result()
        except BrokenProcessPool as exc:
            self._broken(exc)
            return fn(*args)


_shared: Workers | None = None
_shared_lock = threading.Lock()


def shared() -> Workers:
    """This process's pool, one worker per core."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Workers()
        return _shared
