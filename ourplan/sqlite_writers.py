"""Turns for writers of the embedded SQLite database.

SQLite lets one connection write at a time. The others poll for their turn, sleeping 1, 2, 5, 10
ms and longer between tries, so a write that finds another under way waits several times as long
as that write takes. ``turn()`` queues a write behind the others instead, and it starts the moment
the one before it ends: threads of one server process wait on a lock of their own, and the server's
processes on an exclusive lock (``flock``) of a file beside the database. Writes that do not take
a turn still get SQLite's own polling, as before.

On PostgreSQL, for a database in memory, or where ``flock`` is missing (Windows), ``turn()`` does
nothing but the threads' lock where that applies.
"""

import contextlib
import os
import threading

from django.db import connection

try:
    import fcntl
except ImportError:  # Windows: threads still take turns, processes poll as before
    fcntl = None

_threads = threading.Lock()
_lock_file = {"pid": None, "fd": None}


def _lock_file_descriptor():
    """This process's own descriptor of the lock file (opened again after a fork: a descriptor
    shared with the parent would share its lock too), or None where there is no file to lock."""
    if fcntl is None:
        return None
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return None
    if _lock_file["pid"] != os.getpid():
        _lock_file["fd"] = os.open(f"{name}-writers.lock", os.O_RDWR | os.O_CREAT, 0o600)
        _lock_file["pid"] = os.getpid()
    return _lock_file["fd"]


@contextlib.contextmanager
def turn():
    """Wait for this write's turn, if the database is SQLite (see above); hold it until the block ends."""
    if connection.vendor != "sqlite":
        yield
        return
    with _threads:
        descriptor = _lock_file_descriptor()
        if descriptor is None:
            yield
            return
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
