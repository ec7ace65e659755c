"""The overlapping attendee names of the concurrency case (shared by the test
and its in-process worker, which runs outside pytest)."""

from __future__ import annotations

POOL = [
    "Ada Racer", "Ben Racer", "Cleo Racer", "Dev Racer", "Eve Racer", "Finn Racer",
    "Gia Racer", "Hal Racer", "Ida Racer", "Jon Racer", "Kai Racer", "Zoë Núñez",
]
HANDLES = {
    "Ada Racer": "ada-racer", "Ben Racer": "ben-racer", "Cleo Racer": "cleo-racer", "Dev Racer": "dev-racer",
    "Eve Racer": "eve-racer", "Finn Racer": "finn-racer", "Gia Racer": "gia-racer", "Hal Racer": "hal-racer",
    "Ida Racer": "ida-racer", "Jon Racer": "jon-racer", "Kai Racer": "kai-racer", "Zoë Núñez": "zoe-nunez",
}


def names_for(worker: int, call: int) -> list[str]:
    """Two different people per call; every worker touches every name, and
    the first calls of all workers create the same people at the same time."""
    a = POOL[(worker + call) % len(POOL)]
    b = POOL[(worker + call + 1 + call % 5) % len(POOL)]
    return [a, b] if a != b else [a]


def used_names(workers: int, calls: int) -> set[str]:
    return {n for w in range(workers) for i in range(calls) for n in names_for(w, i)}


def attendances(workers: int, calls: int) -> int:
    return sum(len(names_for(w, i)) for w in range(workers) for i in range(calls))
