"""Closed-loop load: N clients, each sending its next request when the last one answered.

Each client stops at ``max_requests`` or at the deadline, whichever comes first; requests
finished during the warm-up are not counted.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
import uuid
from collections.abc import Callable

from .common import summary


def run_clients(
    clients: int,
    work: Callable[[int, random.Random], Callable[[], bool]],
    *,
    seconds: float,
    warmup: float,
    max_requests: int,
) -> dict:
    """``work(n, rng)`` returns the client's ``send()``, which does one request and says if it succeeded."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    ready = threading.Barrier(clients + 1)
    start_box: list[float] = []

    def client(n: int) -> None:
        send = work(n, random.Random(1000 + n))
        ready.wait(timeout=60)
        begin = start_box[0]
        measure_from, stop_at = begin + warmup, begin + warmup + seconds
        for _ in range(max_requests):
            started = time.perf_counter()
            if started >= stop_at:
                break
            ok = send()
            finished = time.perf_counter()
            if started >= measure_from:
                if ok:
                    latencies[n].append(finished - started)
                else:
                    errors[n] += 1

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    start_box.append(time.perf_counter() + 0.05)
    ready.wait(timeout=60)
    for thread in threads:
        thread.join(timeout=warmup + seconds + 120)
    elapsed = min(seconds, time.perf_counter() - start_box[0] - warmup)
    return summary([value for per in latencies for value in per], elapsed, sum(errors))


def visit_body(rng: random.Random, data) -> dict:
    participant = None if rng.random() < 0.1 else rng.choice(data.participant_ids)
    picked = rng.sample(data.quick_item_ids, k=rng.randint(1, 3))
    return {
        "client_uuid": str(uuid.uuid4()),
        "site_id": data.site_ids[0],
        "participant_id": participant,
        "items": [{"item_id": item_id, "quantity": rng.randint(1, 3)} for item_id in picked],
    }


def api_client(port: int, data) -> Callable[[int, random.Random], Callable[[], bool]]:
    """Clients that POST new visits to the API with the benchmark device's token (keep-alive)."""
    headers = {
        "Authorization": f"Bearer {data.device_token}",
        "Content-Type": "application/json",
        "Connection": "keep-alive",
    }

    def work(n: int, rng: random.Random) -> Callable[[], bool]:
        box = {"conn": http.client.HTTPConnection("127.0.0.1", port, timeout=30)}

        def send() -> bool:
            body = json.dumps(visit_body(rng, data))
            for attempt in range(2):
                try:
                    box["conn"].request("POST", "/api/v1/visits", body=body, headers=headers)
                    response = box["conn"].getresponse()
                    response.read()
                    return response.status in (200, 201)  # 200: a retried request replayed
                except (http.client.HTTPException, ConnectionError, OSError):
                    box["conn"].close()
                    box["conn"] = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    if attempt:
                        return False
            return False

        return send

    return work
