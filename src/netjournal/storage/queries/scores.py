"""What scorecards are made of: each person's scores and referrals."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date

from netjournal.domain.dates import Span
from netjournal.domain.scoring import VERDICT_DIMENSIONS, Flow, Observation
from netjournal.domain.shortlist import Summary
from netjournal.storage.base import Connection
from netjournal.storage.queries.rows import chunks, in_list


def observations(conn: Connection, person_ids: Sequence[int]) -> dict[int, list[Observation]]:
    out: dict[int, list[Observation]] = defaultdict(list)
    for chunk in chunks(list(person_ids)):
        marks, params = in_list(chunk, conn)
        for pid, mid, on_date, dim, value, author in conn.execute(
            "SELECT s.person_id, s.meeting_id, a.on_date, s.dimension, s.value, s.author FROM score s "
            "JOIN attendance a ON a.meeting_id = s.meeting_id AND a.person_id = s.person_id "
            f"WHERE s.person_id IN ({marks})",
            params,
        ):
            out[pid].append(Observation(mid, date.fromisoformat(on_date), dim, value, author))
    return out


def observations_by_person(
    conn: Connection, statuses: Sequence[str]
) -> Iterator[tuple[tuple[int, str, str, str], list[Observation]]]:
    """Everyone with one of ``statuses``, in id order, each with their scores:
    ``((id, handle, name, status), observations)``. Streams one person at a
    time (the ranking of a 100,000-person journal never holds all scores)."""
    marks = ", ".join(f":s{i}" for i in range(len(statuses)))
    params = {f"s{i}": s for i, s in enumerate(statuses)}
    people = conn.execute(
        f"SELECT id, handle, name, status FROM person WHERE status IN ({marks}) ORDER BY id", params
    )
    scores = conn.execute(  # a cursor of its own, read alongside `people`
        "SELECT s.person_id, s.meeting_id, a.on_date, s.dimension, s.value, s.author FROM score s "
        "JOIN attendance a ON a.meeting_id = s.meeting_id AND a.person_id = s.person_id "
        "ORDER BY s.person_id"
    )
    pending = next(scores, None)
    for person in people:
        obs = []
        while pending is not None and pending[0] <= person[0]:
            if pending[0] == person[0]:
                _, mid, on_date, dim, value, author = pending
                obs.append(Observation(mid, date.fromisoformat(on_date), dim, value, author))
            pending = next(scores, None)
        yield person, obs


def flows(conn: Connection, person_ids: Sequence[int]) -> dict[int, list[Flow]]:
    """Each person's referrals as :class:`Flow`, with their outcome (``person_id``
    is whom it was given to or received from; the other side of an introduction is not)."""
    out: dict[int, list[Flow]] = defaultdict(list)
    for chunk in chunks(list(person_ids)):
        marks, params = in_list(chunk, conn)
        for pid, on, direction, author, outcome in conn.execute(
            f"SELECT person_id, on_date, direction, author, outcome FROM referral WHERE person_id IN ({marks})",
            params,
        ):
            out[pid].append(Flow(date.fromisoformat(on), direction, author, outcome))
    return out


def flows_since(conn: Connection, since: date) -> dict[int, list[Flow]]:
    """Every person's referrals dated after ``since`` (the ranking's window: a
    year of referrals, never the whole table)."""
    out: dict[int, list[Flow]] = defaultdict(list)
    for pid, on, direction, author, outcome in conn.execute(
        "SELECT person_id, on_date, direction, author, outcome FROM referral WHERE on_date > :since",
        {"since": since.isoformat()},
    ):
        out[pid].append(Flow(date.fromisoformat(on), direction, author, outcome))
    return out


def summaries(conn: Connection, statuses: Sequence[str], *, today: date,
              half_life: Span) -> Iterator[tuple[int, str, str, str, Summary]]:
    """Everyone with one of ``statuses`` who has a score, with their scores summed up by the database: per dimension,
    how many and the recency-weighted average (``(id, handle, name, status,
    summary)``, in no particular order). One pass over ``score``: the ranking
    never brings every score into Python."""
    weight = conn.dialect.recency_weight(conn, "a.on_date")
    params: dict[str, object] = {"today": today.isoformat(), "half_life_days": half_life.approx_days}
    sums = []
    for i, dim in enumerate(VERDICT_DIMENSIONS):
        params[f"d{i}"] = dim
        sums.append(f"sum(CASE WHEN s.dimension = :d{i} THEN 1 ELSE 0 END), "
                    f"sum(CASE WHEN s.dimension = :d{i} THEN s.value * {weight} END), "
                    f"sum(CASE WHEN s.dimension = :d{i} THEN {weight} END)")
    marks = ", ".join(f":s{i}" for i in range(len(statuses)))
    params.update({f"s{i}": s for i, s in enumerate(statuses)})
    # `+ 0`: SQLite would otherwise walk ix_score_person to group, one random
    # row lookup per score (10 x slower than reading the table in order).
    cur = conn.execute(
        f"SELECT p.id, p.handle, p.name, p.status, x.* FROM (SELECT s.person_id + 0 AS pid, {', '.join(sums)} "
        "FROM score s JOIN attendance a ON a.meeting_id = s.meeting_id AND a.person_id = s.person_id "
        "GROUP BY s.person_id + 0) x "
        f"JOIN person p ON p.id = x.pid WHERE p.status IN ({marks})",
        params,
    )
    n = len(VERDICT_DIMENSIONS)
    while rows := cur.fetchmany(1000):
        for row in rows:
            sums_of = row[5:]
            counts = tuple(int(sums_of[3 * i]) for i in range(n))
            averages = tuple(sums_of[3 * i + 1] / sums_of[3 * i + 2] if sums_of[3 * i] else None for i in range(n))
            yield row[0], row[1], row[2], row[3], Summary(row[0], counts, averages)
