"""Worker processes for the pipeline's CPU work (`watcher.reading`: parsing, plain text,
relevance, extraction), so the event loop keeps the network and every core reads.

One pool per process (`shared()`), one worker per core, started on first use by work
big enough to be worth sending (`SMALL` characters): a small job (a feed of a few items,
a replay of a handful of entries) runs in the calling process, as everything does with
`Workers(0)`. The functions are pure, so the answer is the same wherever they run; the
caller applies the results to the store in order.

Each worker is a process with a pipe of its own, taking one item at a time: the caller
sends the item and reads the answer itself (an event loop watches the pipe with a reader
of its own, `run`; `call` and `ordered` wait on it), so no thread of this process stands
between them. A worker that dies mid-item is reported in one line, its item done in the
calling process and the worker replaced; if its replacement dies too before finishing an
item, the workers are given up (one warning) and everything is read here. An item that
takes a worker longer than `hang_after` seconds stops that worker (a new one takes its
place) and fails with `WorkerError`, one line, for the caller to report.

Workers are forked from a clean server process (`forkserver`), never from the daemon
with its threads; they ignore SIGINT (the daemon alone decides when to stop), end when
their pipe closes, and end, busy or not, when this process is gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

log = logging.getLogger(__name__)

SMALL = 4_000  # characters: below this, sending the work costs more than doing it here
AHEAD = 3  # batches taken from the input per worker in `ordered`
HANG_AFTER = 300.0  # seconds an item may take a worker before the worker is stopped
DEATHS = 2  # workers dying in a row (no item finished between) before they are given up


class WorkerError(Exception):
    """An item a worker could not finish in time (its message is one readable line)."""


class _Died(Exception):
    """The worker's pipe closed: the process ended."""


def _serve(conn: Connection) -> None:
    """A worker's life: items from the pipe, answers back, until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_orphaned, daemon=True).start()
    while True:
        try:
            fn, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = (True, fn(*args))
        except Exception as exc:  # noqa: BLE001 (the caller's to raise)
            answer = (False, exc)
        try:
            conn.send(answer)
        except (EOFError, OSError):
            return
        except Exception as exc:  # noqa: BLE001 (an answer that cannot travel)
            conn.send((False, WorkerError(f"{type(exc).__name__}: {exc}"[:300])))


def _orphaned() -> None:
    """End the worker, busy or not, when the process that started it is gone."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        wait([parent.sentinel])
        os._exit(1)


class _Worker:
    def __init__(self, ctx):
        ours, theirs = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(theirs,), daemon=True)
        self.process.start()
        theirs.close()  # the worker holds its end: its exit closes the pipe
        self.conn = ours

    @property
    def pid(self) -> int:
        return self.process.pid

    def send(self, fn: Callable, args: tuple) -> None:
        try:
            self.conn.send((fn, args))
        except (BrokenPipeError, ConnectionResetError, EOFError) as exc:
            raise _Died from exc

    def receive(self) -> tuple[bool, Any]:
        """(True, the answer) or (False, the exception the item raised)."""
        try:
            return self.conn.recv()
        except (EOFError, ConnectionResetError) as exc:
            raise _Died from exc

    def ended(self) -> str:
        """How the process ended, once its pipe closed."""
        self.process.join(1.0)
        code = self.process.exitcode
        if code is None:
            return "its pipe closed"
        return f"killed by {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"

    def stop(self, kill: bool = False) -> None:
        """Close the pipe (an idle worker ends at once); kill a busy or stuck one."""
        self.conn.close()
        if kill:
            self.process.kill()
        self.process.join(0 if kill else 1.0)
        if self.process.exitcode is None:
            self.process.kill()
            self.process.join(1.0)


def _stop_all(workers: dict[int, _Worker]) -> None:
    for worker in list(workers.values()):
        worker.stop()
    workers.clear()


class _Waiter:
    """Someone waiting for a free worker: a thread, or a future on an event loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop | None = None):
        self.loop = loop
        self.future = loop.create_future() if loop is not None else None
        self.event = threading.Event() if loop is None else None
        self.worker: _Worker | None = None

    def hand(self, worker: _Worker | None, pool: Workers) -> bool:
        """Give `worker` (None: the pool is given up) to this waiter; False if it left."""
        if self.future is None:
            self.worker = worker
            self.event.set()
            return True
        if self.future.done():
            return False
        try:
            self.loop.call_soon_threadsafe(self._deliver, worker, pool)
        except RuntimeError:  # its loop is closed
            return False
        return True

    def _deliver(self, worker: _Worker | None, pool: Workers) -> None:
        if self.future.done():  # cancelled meanwhile: the worker goes back
            if worker is not None:
                pool._release(worker)
        else:
            self.future.set_result(worker)


class Workers:
    def __init__(self, processes: int | None = None, hang_after: float = HANG_AFTER):
        self.processes = (os.cpu_count() or 1) if processes is None else processes
        self.hang_after = hang_after
        self._lock = threading.Lock()
        self._all: dict[int, _Worker] = {}  # by pid
        self._idle: list[_Worker] = []
        self._starting = 0
        self._waiters: deque[_Waiter] = deque()
        self._deaths = 0
        self._ctx = None
        weakref.finalize(self, _stop_all, self._all)

    @property
    def started(self) -> bool:
        """Whether worker processes are running (work has gone to them)."""
        return bool(self._all)

    def pids(self) -> list[int]:
        return list(self._all)

    # -- taking and giving back a worker -------------------------------------------------
    def _take(self, waiter: _Waiter | None) -> _Worker | None | bool:
        """A free worker; None when the pool is given up; False when all are busy (the
        waiter, if any, is queued and handed one when it is free)."""
        with self._lock:
            if self.processes <= 0:
                return None
            if self._idle:
                return self._idle.pop()
            if len(self._all) + self._starting >= self.processes:
                if waiter is not None:
                    self._waiters.append(waiter)
                return False
            self._starting += 1
        try:
            return self._start()
        except (OSError, RuntimeError, EOFError) as exc:  # no process to be had
            self._give_up(f"cannot start one: {type(exc).__name__}: {exc}"[:200])
            return None
        finally:
            with self._lock:
                self._starting -= 1

    def _start(self) -> _Worker:
        if self._ctx is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["watcher.reading"])
            self._ctx = ctx
        worker = _Worker(self._ctx)
        with self._lock:
            self._all[worker.pid] = worker
        return worker

    def _release(self, worker: _Worker) -> None:
        """A worker free again: to the first waiter still waiting, else to the idle."""
        with self._lock:
            if self.processes > 0:
                while self._waiters:
                    if self._waiters.popleft().hand(worker, self):
                        return
                self._idle.append(worker)
                return
            self._all.pop(worker.pid, None)
        worker.stop()

    def _drop(self, worker: _Worker, kill: bool = False) -> None:
        """A worker that died or is stopped: out of the pool (a new one is started when
        work needs it); a waiter is woken to start it."""
        with self._lock:
            self._all.pop(worker.pid, None)
            waiter = self._waiters.popleft() if self._waiters else None
        worker.stop(kill)
        if waiter is not None:
            self._rewake(waiter)

    def _rewake(self, waiter: _Waiter) -> None:
        """A waiter whose turn came with no worker to hand: it asks again."""
        if waiter.future is None:
            waiter.event.set()  # worker None, pool alive: `_acquire_sync` loops
        elif not waiter.future.done():
            with contextlib.suppress(RuntimeError):  # its loop is closed
                waiter.loop.call_soon_threadsafe(
                    lambda: waiter.future.done() or waiter.future.set_result(False))

    def _died(self, worker: _Worker, fn: Callable, size: int) -> None:
        """One line for the item; the workers given up after DEATHS in a row."""
        how = worker.ended()
        self._drop(worker)
        with self._lock:
            self._deaths += 1
            give_up = self._deaths >= DEATHS and self.processes > 0
        if give_up:
            self._give_up(f"a worker {how} while reading {fn.__name__}, "
                          f"{DEATHS} in a row")
        else:
            log.warning("worker process %d ended (%s) while reading %s (%s characters); "
                        "read in this process instead, a new worker takes its place",
                        worker.pid, how, fn.__name__, f"{size:,}")

    def _give_up(self, why: str) -> None:
        with self._lock:
            self.processes = 0
            idle, self._idle = self._idle, []
            waiters, self._waiters = list(self._waiters), deque()
            for worker in idle:
                self._all.pop(worker.pid, None)
        log.warning("worker processes failed (%s); reading in this process from now on", why)
        for worker in idle:
            worker.stop()
        for waiter in waiters:
            waiter.hand(None, self)

    def _hung(self, worker: _Worker, fn: Callable, size: int) -> WorkerError:
        self._drop(worker, kill=True)
        return WorkerError(f"reading {fn.__name__} ({size:,} characters) took a worker "
                           f"process more than {self.hang_after:g}s: it was stopped and "
                           "replaced; nothing of this item was used")

    def _done(self, worker: _Worker) -> None:
        with self._lock:
            self._deaths = 0
        self._release(worker)

    def _acquire_sync(self) -> _Worker | None:
        while True:
            waiter = _Waiter()
            worker = self._take(waiter)
            if worker is not False:
                return worker
            waiter.event.wait()
            if waiter.worker is not None or self.processes <= 0:
                return waiter.worker

    async def _acquire(self) -> _Worker | None:
        loop = asyncio.get_running_loop()
        while True:
            waiter = _Waiter(loop)
            worker = self._take(waiter)
            if worker is not False:
                return worker
            try:
                worker = await waiter.future
            except asyncio.CancelledError:
                if waiter.future.done() and not waiter.future.cancelled() and \
                        waiter.future.result():
                    self._release(waiter.future.result())
                raise
            if worker is not False:
                return worker

    # -- the three ways in -----------------------------------------------------------------
    def call(self, size: int, fn: Callable, *args) -> Any:
        """fn(*args) in a worker when `size` makes it worth it, else here; waits."""
        return next(self.ordered(fn, [(size, args)]))

    async def run(self, size: int, fn: Callable, *args) -> Any:
        """As `call`, awaited: the event loop reads the worker's pipe and goes on while
        the worker reads."""
        if size < SMALL or self.processes <= 0:
            return fn(*args)
        worker = await self._acquire()
        if worker is None:
            return fn(*args)
        try:
            worker.send(fn, args)
            await self._readable(worker)
            ok, answer = worker.receive()
        except _Died:
            self._died(worker, fn, size)
            return fn(*args)
        except TimeoutError:
            raise self._hung(worker, fn, size) from None
        except BaseException:  # cancelled, or an answer that cannot be read: not reusable
            self._drop(worker, kill=True)
            raise
        self._done(worker)
        if not ok:
            raise answer
        return answer

    async def _readable(self, worker: _Worker) -> None:
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        fd = worker.conn.fileno()
        loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
        try:
            async with asyncio.timeout(self.hang_after):
                await ready
        finally:
            loop.remove_reader(fd)

    def ordered(self, fn: Callable, batches: Iterable[tuple[int, tuple]]) -> Iterator[Any]:
        """fn(*args) for each (size, args) of `batches`, the results in the batches' order,
        one batch per worker in flight and a few more taken (bounded memory however long
        the input)."""
        queue: deque[_Item] = deque()
        source = iter(batches)
        limit = max(1, self.processes) * AHEAD
        try:
            while True:
                for size, args in source:
                    queue.append(_Item(fn, size, args))
                    if len(queue) >= limit:
                        break
                if not queue:
                    return
                self._dispatch(queue)
                yield self._first(queue)
        finally:
            for item in queue:
                if item.worker is not None:  # left early: its answer is not wanted
                    self._drop(item.worker, kill=True)

    def _dispatch(self, queue: deque[_Item]) -> None:
        """Free workers to the items not sent yet, in order (none waits for one)."""
        for item in queue:
            if item.state == "queued" and item.size >= SMALL and not item.here:
                worker = self._take(None)
                if not worker:
                    return
                self._send(item, worker)

    def _send(self, item: _Item, worker: _Worker) -> None:
        try:
            worker.send(item.fn, item.args)
        except _Died:
            self._died(worker, item.fn, item.size)
            return
        item.worker, item.state = worker, "sent"
        item.deadline = time.monotonic() + self.hang_after

    def _first(self, queue: deque[_Item]) -> Any:
        """The first item's answer: read here when it is small or no worker can take it;
        meanwhile the answers of the others are collected and their workers given more."""
        head = queue[0]
        if head.state == "queued" and head.size >= SMALL and not head.here and \
                self.processes > 0:
            worker = self._acquire_sync()
            if worker is not None:
                self._send(head, worker)
        while head.state == "sent":
            sent = {item.worker.conn: item for item in queue if item.state == "sent"}
            timeout = max(0.0, min(i.deadline for i in sent.values()) - time.monotonic())
            for conn in wait(list(sent), timeout) or []:
                self._collect(sent[conn])
            for item in sent.values():
                if item.state == "sent" and time.monotonic() > item.deadline:
                    item.state, item.error = "done", self._hung(item.worker, item.fn, item.size)
                    item.worker = None
            self._dispatch(queue)
        queue.popleft()
        if head.state == "queued":
            return head.fn(*head.args)
        if head.error is not None:
            raise head.error
        return head.value

    def _collect(self, item: _Item) -> None:
        worker, item.worker = item.worker, None
        item.state = "done"
        try:
            ok, item.value = worker.receive()
        except _Died:
            self._died(worker, item.fn, item.size)
            item.state, item.here = "queued", True  # read here, in its turn
            return
        if not ok:  # the item's own error, raised in its turn
            item.error, item.value = item.value, None
        self._done(worker)


class _Item:
    """A batch of `ordered`: queued, sent to a worker, or done (its value or error)."""

    __slots__ = ("fn", "size", "args", "state", "here", "worker", "deadline", "value",
                 "error")

    def __init__(self, fn: Callable, size: int, args: tuple):
        self.fn, self.size, self.args, self.here = fn, size, args, False
        self.state, self.worker, self.deadline = "queued", None, 0.0
        self.value, self.error = None, None


_shared: Workers | None = None
_shared_lock = threading.Lock()


def shared() -> Workers:
    """This process's pool, one worker per core."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Workers()
        return _shared
