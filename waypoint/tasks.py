"""Task queue conventions.

Tasks take ids, never model instances, re-open the program scope they need, and are
enqueued only once the transaction that asked for them has committed — so a worker
never sees a row that was rolled back, and never runs before the row exists.
"""

from __future__ import annotations

from django.db import transaction


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Enqueue ``task(*args, **kwargs)`` when the current transaction commits."""
    transaction.on_commit(lambda: task(*args, **kwargs))
