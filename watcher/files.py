"""Reading a file the operator named, within bounds: a regular file, at most `limit` bytes.

A FIFO would block the reader until someone writes to it, a device such as /dev/zero
never ends, a directory is not a document: each is refused at once, as is a file larger
than the limit, before a byte of it is parsed. The caller words the one-line error.
"""

from __future__ import annotations

import os
import stat

MB = 1_000_000
SETTINGS_LIMIT = MB  # config.toml and a gazetteer: text an operator writes by hand


class FileRefused(Exception):
    """Why a file was not read, as a phrase for a one-line error ('not a regular file ...')."""


def _size_words(limit: int) -> str:
    return f"{limit // MB} MB" if limit % MB == 0 else f"{limit:,} bytes"


def read_regular(path: str | os.PathLike, limit: int) -> bytes:
    """The bytes of `path`, a regular file of at most `limit` bytes; else `FileRefused`."""
    try:
        # O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise FileRefused(f"cannot read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(f"not a regular file ({_kind(info.st_mode)})")
        if info.st_size > limit:
            raise FileRefused(f"larger than {_size_words(limit)}")
        data = _read_at_most(fd, limit + 1)  # a file that grew, or under-reports its size
    except OSError as exc:
        raise FileRefused(f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise FileRefused(f"larger than {_size_words(limit)}")
    return data


def _read_at_most(fd: int, n: int) -> bytes:
    chunks: list[bytes] = []
    while n > 0 and (chunk := os.read(fd, min(n, 1 << 20))):
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a special file"

