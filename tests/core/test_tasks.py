"""The task queue for real: the configured storage (SQLite, or Redis when REDIS_URL is set),
a huey consumer with a worker thread, and enqueueing only once a transaction commits."""

from __future__ import annotations

import contextlib
import signal

import pytest
from django.conf import settings
from django.db import transaction
from huey.contrib.djhuey import HUEY
from huey.storage import RedisStorage, SqliteStorage

from waypoint.core.tasks import task_echo
from waypoint.tasks import enqueue_on_commit


@pytest.fixture
def real_queue():
    """The configured queue storage instead of the in-memory one tests use by default."""
    HUEY.immediate = False  # recreates the configured storage
    HUEY.flush()
    yield HUEY
    HUEY.flush()
    HUEY.immediate = True


@contextlib.contextmanager
def running_consumer(huey):
    """A consumer with one worker thread, stopped gracefully; pytest's signal handlers,
    which the consumer replaces on start, are put back afterwards."""
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    consumer = huey.create_consumer(workers=1, worker_type="thread", periodic=False)
    consumer.start()
    try:
        yield consumer
    finally:
        consumer.stop(graceful=True)
        for s, handler in handlers.items():
            signal.signal(s, handler)


def test_storage_is_the_configured_backend(real_queue):
    if settings.REDIS_URL:
        assert isinstance(real_queue.storage, RedisStorage)
        assert real_queue.storage.conn.ping()
    else:
        assert isinstance(real_queue.storage, SqliteStorage)
        assert real_queue.storage.filename == settings.HUEY["filename"]


def test_echo_round_trips_through_a_worker(real_queue):
    result = task_echo("are you there?")

    # Nothing has run it yet: the task waits in the real storage.
    assert real_queue.pending_count() == 1
    assert result.get() is None

    with running_consumer(real_queue):
        answer = result.get(blocking=True, timeout=15)

    assert answer == "are you there?"
    assert real_queue.pending_count() == 0


def test_worker_runs_tasks_in_order_of_enqueueing(real_queue):
    results = [task_echo(f"message {n}") for n in range(5)]
    assert real_queue.pending_count() == 5
    with running_consumer(real_queue):
        answers = [r.get(blocking=True, timeout=15) for r in results]
    assert answers == [f"message {n}" for n in range(5)]


# --- enqueue_on_commit ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_nothing_is_enqueued_when_the_transaction_rolls_back(real_queue):
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(task_echo, "never")
        raise RuntimeError("the write failed")
    assert real_queue.pending_count() == 0


@pytest.mark.django_db(transaction=True)
def test_task_is_enqueued_once_after_commit(real_queue):
    with transaction.atomic():
        enqueue_on_commit(task_echo, "after commit")
        # Not while the transaction is open: a worker could not see its rows yet.
        assert real_queue.pending_count() == 0
    assert real_queue.pending_count() == 1
    task = real_queue.dequeue()
    assert isinstance(task, task_echo.task_class)
    assert task.args == ("after commit",)
    assert real_queue.dequeue() is None


@pytest.mark.django_db(transaction=True)
def test_inner_rollback_drops_only_its_own_task(real_queue):
    with transaction.atomic():
        enqueue_on_commit(task_echo, "kept")
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue_on_commit(task_echo, "dropped")
            raise RuntimeError("inner write failed")
    assert real_queue.pending_count() == 1
    task = real_queue.dequeue()
    assert task.args == ("kept",)


def test_enqueue_on_commit_with_captured_callbacks(
    real_queue, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueue_on_commit(task_echo, "captured")
        assert real_queue.pending_count() == 0
    assert len(callbacks) == 1
    assert real_queue.pending_count() == 1
    assert real_queue.dequeue().args == ("captured",)
