"""Writers of the embedded SQLite database take turns (ourplan.sqlite_writers) instead of polling."""

import fcntl
import multiprocessing
import threading
import time

import pytest
from django.db import connection

from ourplan import sqlite_writers

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="turns are for SQLite only")


@pytest.fixture
def database_file(tmp_path, monkeypatch):
    name = tmp_path / "ourplan.sqlite3"
    monkeypatch.setitem(connection.settings_dict, "NAME", str(name))
    monkeypatch.setattr(sqlite_writers, "_lock_file", {"pid": None, "fd": None})
    return name


def _try_to_take_the_lock(path, answer):
    import os

    descriptor = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        answer.put("took it")
    except BlockingIOError:
        answer.put("had to wait")


def test_another_process_waits_while_a_write_has_its_turn(database_file):
    answer = multiprocessing.get_context("fork").Queue()
    with sqlite_writers.turn():
        other = multiprocessing.get_context("fork").Process(
            target=_try_to_take_the_lock, args=(f"{database_file}-writers.lock", answer)
        )
        other.start()
        other.join(10)
    assert answer.get(timeout=5) == "had to wait"


def test_another_process_takes_its_turn_once_the_write_has_ended(database_file):
    with sqlite_writers.turn():
        pass
    answer = multiprocessing.get_context("fork").Queue()
    other = multiprocessing.get_context("fork").Process(
        target=_try_to_take_the_lock, args=(f"{database_file}-writers.lock", answer)
    )
    other.start()
    other.join(10)
    assert answer.get(timeout=5) == "took it"


def test_threads_of_one_process_take_turns(database_file):
    under_way, most_at_once = [], []

    def write():
        with sqlite_writers.turn():
            under_way.append(1)
            most_at_once.append(len(under_way))
            time.sleep(0.01)
            under_way.pop()

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most_at_once == [1, 1, 1, 1]


def test_a_database_in_memory_needs_no_lock_file(tmp_path, monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "NAME", "file:memorydb_default?mode=memory&cache=shared")
    monkeypatch.setattr(sqlite_writers, "_lock_file", {"pid": None, "fd": None})
    with sqlite_writers.turn():
        pass
    assert sqlite_writers._lock_file["fd"] is None
