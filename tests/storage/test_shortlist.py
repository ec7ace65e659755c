"""The ranking's summaries (issue 17): what the database sums up equals what
the pure scoring computes, and the shortlisted ranking and report equal
scoring everyone, on generated journals, on both backends."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from backends import open_test_journal, writing
from netjournal.app.report import REPORT_STATUSES, journal_report
from netjournal.app.scores import ranking
from netjournal.domain import report
from netjournal.domain.dates import Span
from netjournal.domain.scoring import VERDICT_DIMENSIONS, scorecard, weight
from netjournal.storage.queries.meetings import met_in_period
from netjournal.storage.queries.scores import flows, observations, summaries

pytestmark = pytest.mark.backends

TODAY = date(2026, 6, 15)
HALF_LIFE = Span(180, "d")
CHECK = Span(30, "d")


def fill(where, seed: int, people: int = 90, meetings: int = 400) -> None:
    """A journal with many ties (partners who always score 5), many averages
    near the one-way threshold of 2.0, referrals both ways (some one-way on
    reciprocity), a meeting after today, and a custom dimension."""
    rng = random.Random(seed)
    stamp = "2026-01-01T09:00:00Z"
    people_rows, meeting_rows, attendance_rows, score_rows, referral_rows = [], [], [], [], []
    for pid in range(1, people + 1):
        status = rng.choice(("active",) * 8 + ("paused", "archived"))
        people_rows.append((pid, f"p-{pid}", f"{rng.choice('AaBb')}name {pid % 7}", status,
                            "2026-09-01" if status == "paused" else None, stamp, stamp))
    level = {pid: rng.choice((5, 5, 2, 2, 1, 3, 4)) for pid in range(1, people + 1)}
    for mid in range(1, meetings + 1):
        on = (TODAY - timedelta(days=rng.randrange(-3, 900))).isoformat()
        meeting_rows.append((mid, on, stamp))
        for pid in rng.sample(range(1, people + 1), rng.choice((1, 1, 2, 3))):
            attendance_rows.append((mid, pid, on))
            for dim in (*VERDICT_DIMENSIONS, "punctuality"):
                if rng.random() < 0.75:
                    score_rows.append((mid, pid, dim, min(5, max(1, level[pid] + rng.choice((0, 0, 0, 1, -1))))))
    for _ in range(people):
        referral_rows.append((rng.choice(("given", "given", "received")), rng.randrange(1, people // 3),
                              (TODAY - timedelta(days=rng.randrange(0, 500))).isoformat(),
                              rng.choice(("open", "open", "lost", "met", "won")), stamp, stamp))
    with writing(where) as conn:
        conn.executemany("INSERT INTO person (id, handle, name, status, review_on, created_at, updated_at) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", people_rows)
        conn.executemany("INSERT INTO meeting (id, on_date, kind, created_at) VALUES (?, ?, 'coffee', ?)",
                         meeting_rows)
        conn.executemany("INSERT INTO attendance (meeting_id, person_id, on_date) VALUES (?, ?, ?)",
                         attendance_rows)
        conn.executemany("INSERT INTO score (meeting_id, person_id, dimension, value) VALUES (?, ?, ?, ?)",
                         score_rows)
        conn.executemany("INSERT INTO referral (direction, person_id, on_date, outcome, created_at, updated_at) "
                         "VALUES (?, ?, ?, ?, ?, ?)", referral_rows)


@pytest.fixture
def journal(db_path, request):
    fill(db_path, seed=getattr(request, "param", 1))
    j = open_test_journal(db_path)
    yield j
    j.close()


def test_the_summaries_are_the_weighted_averages_scoring_computes(journal):
    with journal.read() as conn:
        rows = list(summaries(conn, ("active", "paused", "archived"), today=TODAY, half_life=HALF_LIFE))
        obs = observations(conn, [r[0] for r in rows])
    assert len(rows) > 50
    for pid, handle, _, _, summary in rows:
        assert handle == f"p-{pid}"
        for i, dim in enumerate(VERDICT_DIMENSIONS):
            mine = [o for o in obs[pid] if o.dimension == dim]
            assert summary.counts[i] == len(mine)
            if not mine:
                assert summary.averages[i] is None
                continue
            weights = [weight(o.on_date, TODAY, HALF_LIFE) for o in mine]
            expected = sum(w * o.value for w, o in zip(weights, mine, strict=True)) / sum(weights)
            assert summary.averages[i] == pytest.approx(expected, rel=1e-12)
            card = scorecard(mine, today=TODAY, half_life=HALF_LIFE)
            assert card.dimensions[i].average == pytest.approx(expected, abs=0.0051)


@pytest.mark.parametrize("journal", [1, 2, 3], indirect=True)
@pytest.mark.parametrize("limit", [1, 10, 40])
def test_the_shortlisted_ranking_is_the_ranking_of_everyone(journal, limit):
    for hl in (HALF_LIFE, Span(2, "w")):
        everyone = ranking(journal, today=TODAY, half_life=hl, referral_check=CHECK)
        assert ranking(journal, today=TODAY, half_life=hl, referral_check=CHECK, limit=limit) == everyone[:limit]
    archived = ranking(journal, today=TODAY, half_life=HALF_LIFE, referral_check=CHECK, include_archived=True)
    assert ranking(journal, today=TODAY, half_life=HALF_LIFE, referral_check=CHECK, include_archived=True,
                   limit=limit) == archived[:limit]


@pytest.mark.parametrize("journal", [1, 2, 3], indirect=True)
@pytest.mark.parametrize(("since", "limit"), [(date(2026, 3, 17), 10), (date(2025, 6, 16), 3), (date(2024, 1, 1), 25)])
def test_the_report_places_partners_and_one_way_streets_as_scoring_everyone_does(journal, since, limit):
    got = journal_report(journal, today=TODAY, since=since, half_life=HALF_LIFE, referral_check=CHECK, limit=limit)
    board = report.PartnerBoard(limit)  # the report as it was: a scorecard for everyone met
    with journal.read() as conn:
        met = list(met_in_period(conn, since, TODAY, REPORT_STATUSES))
        ids = [p.id for p in met]
        obs, given = observations(conn, ids), flows(conn, ids)
    for p in met:
        board.add(p, scorecard(obs.get(p.id, ()), today=TODAY, half_life=HALF_LIFE, flows=given.get(p.id, ()),
                               check=CHECK))
    assert got.people_met == len(met)
    assert got.partners == board.partners()
    assert got.one_way_streets == board.one_way_streets()
    assert got.one_way_total == board.one_way_total > 0
