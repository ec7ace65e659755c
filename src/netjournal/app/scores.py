"""``netj score``: a person's scorecard, as everyone or one author scored
them, and everyone's, ranked."""

from __future__ import annotations

import heapq
from datetime import date

from netjournal.app.resolve import author_or_everyone, require
from netjournal.domain import authorship
from netjournal.domain.dates import Span
from netjournal.domain.records import PersonRecord, PersonScorecard
from netjournal.domain.scoring import (
    VERDICT_DIMENSIONS,
    Flow,
    Observation,
    Reciprocity,
    Scorecard,
    rank_key,
    reciprocity,
    scorecard,
    year_before,
)
from netjournal.domain.shortlist import Estimate, Summary, by_rank, estimate, shortlist
from netjournal.storage.base import Connection, Journal
from netjournal.storage.queries.people import names_of, person_by_id
from netjournal.storage.queries.scores import flows, flows_since, observations, observations_by_person, summaries

Evidence = tuple[list[Observation], list[Flow]]


def evidence(conn: Connection, person_id: int) -> Evidence:
    """A person's scores and referrals, everyone's: what their scorecards are made of."""
    return observations(conn, [person_id]).get(person_id, []), flows(conn, [person_id]).get(person_id, [])


def card(found: Evidence, today: date, half_life: Span, referral_check: Span, author: str | None = None) -> Scorecard:
    """A person's scorecard: from everyone's scores and referrals, or only ``author``'s."""
    obs, given = found
    if author is not None:
        obs, given = authorship.of_author(obs, given, author)
    return scorecard(obs, today=today, half_life=half_life, flows=given, check=referral_check)


def cards_by_author(found: Evidence, person: PersonRecord, today: date,
                    half_life: Span, referral_check: Span) -> tuple[PersonScorecard, ...]:
    """One scorecard of ``person`` per author who scored them or recorded a referral with them."""
    obs, given = found
    return tuple(
        PersonScorecard.of(person.handle, person.name, person.status,
                           scorecard(o, today=today, half_life=half_life, flows=f, check=referral_check), author=a)
        for a, o, f in authorship.by_author(obs, given)
    )


def person_scorecard(journal: Journal, ref: str, *, today: date, half_life: Span, referral_check: Span,
                     author: str | None = None) -> PersonScorecard:
    """``ref``'s scorecard; with ``author``, from that author's scores and referrals only."""
    with journal.read() as conn:
        pid, handle, name = require(conn, ref)
        author = author_or_everyone(conn, author)
        person = person_by_id(conn, pid)
        assert person is not None
        found = card(evidence(conn, pid), today, half_life, referral_check, author)
    return PersonScorecard.of(handle, name, person.status, found, author=author)


def person_scorecards_by_author(journal: Journal, ref: str, *, today: date,
                                half_life: Span, referral_check: Span) -> list[PersonScorecard]:
    """``ref``'s scorecard as each author sees it (``netj score PERSON --by-author``)."""
    with journal.read() as conn:
        pid, _, _ = require(conn, ref)
        person = person_by_id(conn, pid)
        assert person is not None
        return list(cards_by_author(evidence(conn, pid), person, today, half_life, referral_check))


def ranking(
    journal: Journal, *, today: date, half_life: Span, referral_check: Span, include_unscored: bool = False,
    include_archived: bool = False, limit: int | None = None, author: str | None = None,
    by_author: bool = False,
) -> list[PersonScorecard]:
    """Everyone's scorecard, best first. Streams person by person and keeps only
    the best ``limit`` when given, so memory does not grow with the journal.
    With ``author``: from that author's scores and referrals only; with
    ``by_author``: one row per person and author."""
    statuses = ("active", "paused", "archived") if include_archived else ("active", "paused")
    ranked: list[tuple[tuple, int, PersonScorecard]] = []
    i = 0
    with journal.read() as conn:
        author = author_or_everyone(conn, author)
        if limit is not None and author is None and not by_author and not include_unscored:
            return best_ranked(conn, statuses, today=today, half_life=half_life, referral_check=referral_check, limit=limit)
        recent_flows = flows_since(conn, year_before(today))
        for (pid, handle, name, status), obs in observations_by_person(conn, statuses):
            given: list[Flow] = recent_flows.get(pid, [])
            if author is not None:
                obs, given = authorship.of_author(obs, given, author)
            groups = (authorship.by_author(obs, given) or [(None, [], [])]) if by_author else [(author, obs, given)]
            for who, o, f in groups:
                if not o and not f and not include_unscored:
                    continue
                found = scorecard(o, today=today, half_life=half_life, flows=f, check=referral_check)
                ranked.append((rank_key(found, name), i, PersonScorecard.of(handle, name, status, found, author=who)))
                i += 1
            if limit is not None and len(ranked) > 2 * limit + 1000:
                ranked = heapq.nsmallest(limit, ranked)
    best = heapq.nsmallest(limit, ranked) if limit is not None else sorted(ranked)
    return [row for _, _, row in best]


class Standing:
    """Everyone with one of ``statuses`` who has scores or referrals (the
    people a ranking ranks), placed by the database's summaries of their
    scores (:mod:`netjournal.domain.shortlist`): full scorecards only for
    those :meth:`cards` is asked about."""

    def __init__(self, conn: Connection, statuses: tuple[str, ...], *, today: date, half_life: Span,
                 referral_check: Span) -> None:
        self.conn, self.today, self.half_life, self.check = conn, today, half_life, referral_check
        self.flows = flows_since(conn, year_before(today))
        recips: dict[int, Reciprocity] = {pid: reciprocity(f, today=today, check=referral_check)
                                          for pid, f in self.flows.items()}
        self.people: dict[int, tuple[str, str, str]] = {}
        self.estimates: dict[int, Estimate] = {}
        for pid, handle, name, status, summary in summaries(conn, statuses, today=today, half_life=half_life):
            self.people[pid] = (handle, name, status)
            self.estimates[pid] = estimate(summary, recips.get(pid))
        unscored = [pid for pid in self.flows if pid not in self.people]
        nothing = (0,) * len(VERDICT_DIMENSIONS), (None,) * len(VERDICT_DIMENSIONS)
        for pid, person in names_of(conn, unscored, statuses).items():
            self.people[pid] = person
            self.estimates[pid] = estimate(Summary(pid, *nothing), recips.get(pid))

    def cards(self, ids: list[int]) -> dict[int, Scorecard]:
        """Full scorecards, from the same scores and referrals as the streaming ranking's."""
        obs = observations(self.conn, ids)
        return {pid: scorecard(obs.get(pid, []), today=self.today, half_life=self.half_life,
                               flows=self.flows.get(pid, []), check=self.check) for pid in ids}


def best_ranked(conn: Connection, statuses: tuple[str, ...], *, today: date, half_life: Span, referral_check: Span,
         limit: int) -> list[PersonScorecard]:
    """The best ``limit`` scorecards, the same as ranking everyone: the shortlist
    by the summaries, then full scorecards of the shortlisted only."""
    standing = Standing(conn, statuses, today=today, half_life=half_life, referral_check=referral_check)
    chosen = sorted(e.person_id for e in shortlist(standing.estimates.values(), limit, by_rank))
    cards = standing.cards(chosen)
    rows = []
    for pid in chosen:
        handle, name, status = standing.people[pid]
        rows.append((rank_key(cards[pid], name), pid, PersonScorecard.of(handle, name, status, cards[pid])))
    return [row for _, _, row in heapq.nsmallest(limit, rows)]
