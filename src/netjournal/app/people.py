"""``netj people list|show`` and what ``people rm`` will remove: reading people."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from netjournal.app.resolve import author_or_everyone, require
from netjournal.app.scores import card, cards_by_author, evidence
from netjournal.domain.dates import Span
from netjournal.domain.records import PersonDetail, PersonRecord, PersonScorecard, PersonSummary, RemovalPlan
from netjournal.domain.scoring import scorecard
from netjournal.storage.base import Connection, Journal
from netjournal.storage.queries.follow_ups import follow_ups_of
from netjournal.storage.queries.history import decisions_of, gains_changes_of
from netjournal.storage.queries.meetings import meetings_of
from netjournal.storage.queries.people import people, person_by_id
from netjournal.storage.queries.referrals import referrals
from netjournal.storage.queries.removal import removal_counts
from netjournal.storage.queries.scores import flows, observations

SORTS = ("name", "last-contact", "score", "due")


def list_people(
    journal: Journal, *, statuses: Sequence[str], tag: str | None, sort: str, today: date, half_life: Span,
    referral_check: Span,
) -> list[PersonSummary]:
    with journal.read() as conn:
        everyone = people(conn, statuses=statuses, tag=tag)
        obs = observations(conn, [p.id for p in everyone]) if everyone else {}
        given = flows(conn, [p.id for p in everyone]) if everyone else {}
    out = []
    for p in everyone:
        found = scorecard(obs.get(p.id, ()), today=today, half_life=half_life, flows=given.get(p.id, ()),
                          check=referral_check)
        out.append(PersonSummary(p.handle, p.name, p.company, p.tags, p.status, p.cadence,
                                 p.last_contact_on, p.next_due_on, found.overall, found.verdict))
    never = date.min
    keys = {
        "name": lambda s: (s.name.casefold(), s.handle),
        "last-contact": lambda s: (-(s.last_contact_on or never).toordinal(), s.name.casefold()),
        "score": lambda s: (s.overall is None, -(s.overall or 0), s.name.casefold()),
        "due": lambda s: (s.next_due_on is None, s.next_due_on or never, s.name.casefold()),
    }
    out.sort(key=keys[sort])
    return out


def person_detail(journal: Journal, ref: str, *, today: date, half_life: Span, referral_check: Span,
                  meetings: int | None = 20,
                  author: str | None = None, by_author: bool = False) -> PersonDetail:
    """Everything about ``ref``; with ``author``, only the meetings, scores,
    follow-ups and referrals that author wrote; with ``by_author``, also one
    scorecard per author."""
    with journal.read() as conn:
        pid, handle, name = require(conn, ref)
        author = author_or_everyone(conn, author)
        person = person_by_id(conn, pid)
        assert person is not None
        found = evidence(conn, pid)  # read once for the scorecard and the cards by author
        timeline = meetings_of(conn, pid, limit=meetings, author=author)
        open_fus = follow_ups_of(conn, pid, open_only=True, author=author)
        given = referrals(conn, person_id=pid, author=author)
        decisions = decisions_of(conn, pid)
        gains = gains_changes_of(conn, pid)
        per_author = cards_by_author(found, person, today, half_life, referral_check) if by_author else ()
    summary = PersonScorecard.of(handle, name, person.status, card(found, today, half_life, referral_check, author),
                                 author=author)
    return PersonDetail(person, summary, tuple(timeline), tuple(open_fus), tuple(given), tuple(decisions),
                        tuple(gains), per_author)


def gains_of(journal: Journal, ref: str) -> PersonRecord:
    with journal.read() as conn:
        person = person_by_id(conn, require(conn, ref)[0])
        assert person is not None
        return person


def plan_removal(conn: Connection, pid: int, handle: str, name: str) -> RemovalPlan:
    """What removing a person takes with them."""
    return RemovalPlan(handle, name, *removal_counts(conn, pid))


def removal_plan(journal: Journal, ref: str) -> RemovalPlan:
    with journal.read() as conn:
        return plan_removal(conn, *require(conn, ref))
