"""Use cases: one function per thing a user does, one transaction each.

Read use cases run on the stdlib driver inside a read transaction (a
consistent snapshot). Write use cases open a SQLModel session in a
``BEGIN IMMEDIATE`` transaction (:func:`netjournal.storage.orm.unit_of_work`),
so a command's writes land together or not at all. Nothing here reads the
clock or the environment: ``today`` and ``now`` come in as arguments.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import islice
from typing import TYPE_CHECKING

from netjournal.domain import authorship
from netjournal.domain import due as due_core
from netjournal.domain import handles as people_core
from netjournal.domain.dates import Span, parse_cadence
from netjournal.errors import Ambiguous, Conflict, InvalidValue, NothingToDo, NotFound
from netjournal.domain.records import (
    FollowUpRecord,
    LoggedMeeting,
    MeetingRecord,
    PersonDetail,
    PersonRecord,
    PersonScorecard,
    PersonSummary,
    ReferralRecord,
    RemovalPlan,
)
from netjournal.domain.scoring import rank_key, scorecard
from netjournal.storage import queries as q
from netjournal.storage.db import Journal, utc_stamp

if TYPE_CHECKING:
    from sqlmodel import Session

    from netjournal.domain.scoring import Reciprocity

    from netjournal.domain.digests import Briefing, DayReview, JournalReport
    from netjournal.domain.search import SearchResult

    from netjournal.domain.inputs import MeetingIn, PersonIn, PersonPatch, ReferralIn, ReferralPatch
    from netjournal.storage.tables import Person


# --- finding people ---------------------------------------------------------------


@dataclass(frozen=True)
class Resolution:
    """What a reference typed by the user points at."""

    ref: str
    match: tuple[int, str, str] | None  # (id, handle, name)
    candidates: tuple[tuple[int, str, str], ...] = ()  # when ambiguous
    suggestions: tuple[tuple[str, str], ...] = ()  # (handle, name) when unknown


def resolve(conn: sqlite3.Connection, ref: str) -> Resolution:
    found = q.people_matching(conn, ref)
    if len(found) == 1:
        return Resolution(ref, found[0])
    if len(found) > 1:
        return Resolution(ref, None, candidates=tuple(found))
    return Resolution(ref, None, suggestions=tuple(people_core.suggestions(ref, q.all_handles_and_names(conn))))


def resolve_many(journal: Journal, refs: Sequence[str]) -> list[Resolution]:
    with journal.read() as conn:
        return [resolve(conn, r) for r in refs]


def unknown_person(res: Resolution, hint: str) -> NotFound:
    msg = f"no person matches {res.ref!r}."
    if res.suggestions:
        msg += f" Did you mean {people_core.describe_suggestions(list(res.suggestions))}?"
    return NotFound(msg, hint=hint)


def ambiguous_person(res: Resolution) -> Ambiguous:
    handles = ", ".join(h for _, h, _ in res.candidates)
    return Ambiguous(f"{res.ref!r} matches {len(res.candidates)} people ({handles}); use the handle.")


def require(conn: sqlite3.Connection, ref: str, hint: str = "See `netj people list`.") -> tuple[int, str, str]:
    res = resolve(conn, ref)
    if res.match:
        return res.match
    if res.candidates:
        raise ambiguous_person(res)
    raise unknown_person(res, hint)


COMPLETIONS = 50


def complete_handles(journal: Journal, prefix: str, limit: int = COMPLETIONS) -> list[tuple[str, str]]:
    """People for shell completion: handles starting with ``prefix``, then
    people with a word of their name starting with it (``Park`` → ron-park),
    case and accents aside. Both are index searches (the handle index, the
    name index's terms), never a scan of everyone."""
    from netjournal.domain.search import fts_query
    from netjournal.storage import fulltext

    try:
        query = fts_query(prefix)
    except InvalidValue:  # no word, or too long: handles only
        query = None
    with journal.read() as conn:
        found = dict(q.handles_like(conn, prefix.lower(), limit))
        if query and len(found) < limit:
            for handle, name in fulltext.people_named(conn, query, limit):
                found.setdefault(handle, name)
    return list(found.items())[:limit]


def complete_follow_ups(journal: Journal, prefix: str, limit: int = COMPLETIONS) -> list[tuple[int, str, str]]:
    """Open follow-ups whose number starts with ``prefix``, soonest due first:
    ``(id, handle, text)``."""
    if prefix and not prefix.isdigit():
        return []
    with journal.read() as conn:
        return q.open_follow_ups_numbered(conn, prefix, limit)


# --- read use cases ---------------------------------------------------------------


def due_report(
    journal: Journal, *, today: date, within: Span, half_life: Span, limit: int | None = None,
    author: str | None = None,
) -> due_core.DueReport:
    """What is due; with ``author``, only the follow-ups that author wrote down
    (whom to contact and which decisions to review are the whole journal's)."""
    with journal.read() as conn:
        author = require_author(conn, author) if author is not None else None
        return _due(conn, today=today, within=within, half_life=half_life, limit=limit, author=author)


def _due(
    conn: sqlite3.Connection, *, today: date, within: Span, half_life: Span, limit: int | None = None,
    author: str | None = None,
) -> due_core.DueReport:
    horizon = within.after(today)
    contacts = q.due_contacts(conn, horizon)
    follow_ups = q.due_follow_ups(conn, horizon)
    if author is not None:
        follow_ups = [f for f in follow_ups if f.author == author]
    reviews = q.due_reviews(conn, horizon)
    ids = [p.id for p in contacts]
    obs = q.observations(conn, ids)
    flows = q.flows(conn, ids)
    decided = q.latest_decisions(conn, [p.id for p in reviews])
    cards = {pid: scorecard(obs.get(pid, ()), today=today, half_life=half_life, flows=flows.get(pid, ()))
             for pid in set(obs) | set(flows)}
    return due_core.build_due(
        people=contacts, follow_ups=follow_ups, reviews=reviews, scorecards=cards,
        today=today, within=within, limit=limit,
        decisions={pid: (d.date, d.reason) for pid, d in decided.items() if d.status == "paused"},
    )


REPORT_STATUSES = ("active", "paused")  # as `netj score` ranks: archived people are left out


def journal_report(
    journal: Journal, *, today: date, since: date, half_life: Span, limit: int = 10
) -> JournalReport:
    """``netj report``: the period ``since`` .. ``today`` in numbers. Partners
    and one-way streets are found among the people met in the period, their
    scores read 500 people at a time and only the best ``limit`` kept."""
    from netjournal.domain import report as reports
    from netjournal.domain.digests import JournalReport

    with journal.read() as conn:
        per_day = q.meetings_per_day(conn, since, today)
        board = reports.PartnerBoard(limit)
        met = q.met_in_period(conn, since, today, REPORT_STATUSES)
        people_met = 0
        while chunk := list(islice(met, q.CHUNK)):
            people_met += len(chunk)
            ids = [p.id for p in chunk]
            obs, given = q.observations(conn, ids), q.flows(conn, ids)
            for p in chunk:
                board.add(p, scorecard(obs.get(p.id, ()), today=today, half_life=half_life,
                                       flows=given.get(p.id, ())))
        flows = reports.referral_flows(q.referrals_between(conn, since, today), limit=limit)
        late = q.due_contacts(conn, today - timedelta(days=1))
        late_ids = [p.id for p in late]
        late_obs, late_flows = q.observations(conn, late_ids), q.flows(conn, late_ids)
    cards = {pid: scorecard(late_obs.get(pid, ()), today=today, half_life=half_life, flows=late_flows.get(pid, ()))
             for pid in set(late_obs) | set(late_flows)}
    return JournalReport(
        since=since, until=today, days=(today - since).days + 1, meetings=sum(per_day.values()),
        people_met=people_met,
        weeks=reports.weekly(per_day, since=since, today=today),
        calendar=reports.calendar(per_day, since=since, today=today),
        partners=board.partners(), referrals=flows,
        one_way_streets=board.one_way_streets(), one_way_total=board.one_way_total,
        drifting=reports.drifting(late, cards, today=today, limit=limit),
    )


def day_review(journal: Journal, *, day: date, half_life: Span) -> DayReview:
    """``netj review``: the meetings of ``day`` with their scores and notes,
    the follow-ups promised that day, and what is due the day after (what
    ``netj due`` will list that morning)."""
    from netjournal.domain.digests import DayReview

    tomorrow = day + timedelta(days=1)
    with journal.read() as conn:
        meetings = q.meetings_on(conn, day)
        follow_ups = q.follow_ups_made_on(conn, day)
        due = _due(conn, today=tomorrow, within=Span(0, "d"), half_life=half_life)
    return DayReview(day, tuple(meetings), tuple(follow_ups), tomorrow, due.items())


def _evidence(conn: sqlite3.Connection, person_id: int) -> tuple[list, list]:
    """A person's scores and referrals, everyone's: what their scorecards are made of."""
    return q.observations(conn, [person_id]).get(person_id, []), q.flows(conn, [person_id]).get(person_id, [])


def _card(evidence: tuple[list, list], today: date, half_life: Span, author: str | None = None):
    """A person's scorecard: from everyone's scores and referrals, or only ``author``'s."""
    obs, flows = evidence
    if author is not None:
        obs, flows = authorship.of_author(obs, flows, author)
    return scorecard(obs, today=today, half_life=half_life, flows=flows)


def _cards_by_author(evidence: tuple[list, list], person: PersonRecord, today: date,
                     half_life: Span) -> tuple[PersonScorecard, ...]:
    """One scorecard of ``person`` per author who scored them or recorded a referral with them."""
    obs, flows = evidence
    return tuple(
        PersonScorecard.of(person.handle, person.name, person.status,
                           scorecard(o, today=today, half_life=half_life, flows=f), author=a)
        for a, o, f in authorship.by_author(obs, flows)
    )


def require_author(conn: sqlite3.Connection, typed: str) -> str:
    """The author ``typed`` names (see :func:`authorship.author_matches`), or
    :class:`NotFound` listing who has written in the journal, or
    :class:`Ambiguous` listing whom it could be."""
    if not typed.strip():
        raise InvalidValue("--author is empty; give a name, or leave --author out for everyone's entries.")
    if q.has_author(conn, typed):
        return typed
    known = q.authors(conn)
    found = authorship.author_matches(typed, known)
    if len(found) == 1:
        return found[0]
    if found:
        raise Ambiguous(f"--author {typed!r} could be {', '.join(found)}.", hint="Give more of the name.")
    if not known:
        raise NotFound(f"nothing in this journal records an author yet, so there is nothing by {typed!r}.",
                       hint="Entries record their author from schema v5 on (see `netj config`).")
    shown = ", ".join(known[:10]) + (f" and {len(known) - 10} more" if len(known) > 10 else "")
    raise NotFound(f"nothing in this journal was written by {typed!r}.", hint=f"Authors: {shown}.")


def complete_authors(journal: Journal, prefix: str, limit: int = COMPLETIONS) -> list[str]:
    with journal.read() as conn:
        want = " ".join(prefix.split()).casefold()
        return [a for a in q.authors(conn) if authorship.starts_a_word(a, want)][:limit]


def person_scorecard(journal: Journal, ref: str, *, today: date, half_life: Span,
                     author: str | None = None) -> PersonScorecard:
    """``ref``'s scorecard; with ``author``, from that author's scores and referrals only."""
    with journal.read() as conn:
        pid, handle, name = require(conn, ref)
        author = require_author(conn, author) if author is not None else None
        person = q.person_by_id(conn, pid)
        card = _card(_evidence(conn, pid), today, half_life, author)
    return PersonScorecard.of(handle, name, person.status, card, author=author)


def person_scorecards_by_author(journal: Journal, ref: str, *, today: date,
                                half_life: Span) -> list[PersonScorecard]:
    """``ref``'s scorecard as each author sees it (``netj score PERSON --by-author``)."""
    with journal.read() as conn:
        pid, _, _ = require(conn, ref)
        return list(_cards_by_author(_evidence(conn, pid), q.person_by_id(conn, pid), today, half_life))


def ranking(
    journal: Journal, *, today: date, half_life: Span, include_unscored: bool = False,
    include_archived: bool = False, limit: int | None = None, author: str | None = None,
    by_author: bool = False,
) -> list[PersonScorecard]:
    """Everyone's scorecard, best first. Streams person by person and keeps only
    the best ``limit`` when given, so memory does not grow with the journal.
    With ``author``: from that author's scores and referrals only; with
    ``by_author``: one row per person and author."""
    import heapq

    from netjournal.domain.scoring import year_before

    statuses = ("active", "paused", "archived") if include_archived else ("active", "paused")
    ranked = []
    i = 0
    with journal.read() as conn:
        author = require_author(conn, author) if author is not None else None
        recent_flows = q.flows_since(conn, year_before(today))
        for (pid, handle, name, status), obs in q.observations_by_person(conn, statuses):
            flows = recent_flows.get(pid, ())
            if author is not None:
                obs, flows = authorship.of_author(obs, flows, author)
            groups = (authorship.by_author(obs, flows) or [(None, [], [])]) if by_author else [(author, obs, flows)]
            for who, o, f in groups:
                if not o and not f and not include_unscored:
                    continue
                card = scorecard(o, today=today, half_life=half_life, flows=f)
                ranked.append((rank_key(card, name), i, PersonScorecard.of(handle, name, status, card, author=who)))
                i += 1
            if limit is not None and len(ranked) > 2 * limit + 1000:
                ranked = heapq.nsmallest(limit, ranked)
    best = heapq.nsmallest(limit, ranked) if limit is not None else sorted(ranked)
    return [row for _, _, row in best]


def search(
    journal: Journal, text: str, *, people: Sequence[str] = (), since: date | None = None, limit: int = 20,
) -> SearchResult:
    """The texts of the journal matching every word of ``text`` (each as a
    prefix, accents and case aside), newest first: meeting notes, follow-ups,
    person notes, GAINS fields and referral notes, each with a snippet."""
    from netjournal.domain import search as core
    from netjournal.storage import fulltext

    query = core.fts_query(text)
    with journal.read() as conn:
        ids = list(dict.fromkeys(require(conn, ref)[0] for ref in people))
        rows = fulltext.search(conn, query, person_ids=ids, since=since, limit=limit + 1)
        hits = []
        for rowid, on in rows[:limit]:
            type_, field, id_ = fulltext.source_of(rowid)
            excerpt, matches = core.snippet(*fulltext.matched_text(conn, query, rowid))
            hits.append(core.SearchHit(type_, field, id_, on, fulltext.people_of(conn, rowid), excerpt, matches))
    return core.SearchResult(tuple(hits), more=len(rows) > limit)


SORTS = ("name", "last-contact", "score", "due")


def list_people(
    journal: Journal, *, statuses: Sequence[str], tag: str | None, sort: str, today: date, half_life: Span
) -> list[PersonSummary]:
    with journal.read() as conn:
        everyone = q.people(conn, statuses=statuses, tag=tag)
        obs = q.observations(conn, [p.id for p in everyone]) if everyone else {}
        flows = q.flows(conn, [p.id for p in everyone]) if everyone else {}
    out = []
    for p in everyone:
        card = scorecard(obs.get(p.id, ()), today=today, half_life=half_life, flows=flows.get(p.id, ()))
        out.append(PersonSummary(p.handle, p.name, p.company, p.tags, p.status, p.cadence,
                                 p.last_contact_on, p.next_due_on, card.overall, card.verdict))
    never = date.min
    keys = {
        "name": lambda s: (s.name.casefold(), s.handle),
        "last-contact": lambda s: (-(s.last_contact_on or never).toordinal(), s.name.casefold()),
        "score": lambda s: (s.overall is None, -(s.overall or 0), s.name.casefold()),
        "due": lambda s: (s.next_due_on is None, s.next_due_on or never, s.name.casefold()),
    }
    out.sort(key=keys[sort])
    return out


def person_detail(journal: Journal, ref: str, *, today: date, half_life: Span, meetings: int | None = 20,
                  author: str | None = None, by_author: bool = False) -> PersonDetail:
    """Everything about ``ref``; with ``author``, only the meetings, scores,
    follow-ups and referrals that author wrote; with ``by_author``, also one
    scorecard per author."""
    with journal.read() as conn:
        pid, handle, name = require(conn, ref)
        author = require_author(conn, author) if author is not None else None
        person = q.person_by_id(conn, pid)
        evidence = _evidence(conn, pid)  # read once for the scorecard and the cards by author
        card = _card(evidence, today, half_life, author)
        timeline = q.meetings_of(conn, pid, limit=meetings, author=author)
        open_fus = q.follow_ups_of(conn, pid, open_only=True, author=author)
        referrals = q.referrals(conn, person_id=pid, author=author)
        decisions = q.decisions_of(conn, pid)
        gains = q.gains_changes_of(conn, pid)
        per_author = _cards_by_author(evidence, person, today, half_life) if by_author else ()
    return PersonDetail(person, PersonScorecard.of(handle, name, person.status, card, author=author), tuple(timeline),
                        tuple(open_fus), tuple(referrals), tuple(decisions), tuple(gains), per_author)


PREP_MEETINGS = 3
PREP_REFERRALS = 5


def briefing(journal: Journal, ref: str, *, today: date, half_life: Span) -> Briefing:
    """What to read before meeting ``ref``: GAINS, scorecard, referral balance,
    the last meetings' notes, open promises both ways, and what you do not know yet."""
    from netjournal.domain.digests import Briefing, GainsProfile

    with journal.read() as conn:
        pid, handle, name = require(conn, ref)
        person = q.person_by_id(conn, pid)
        card = _card(_evidence(conn, pid), today, half_life)
        meetings = q.meetings_of(conn, pid, limit=PREP_MEETINGS)
        open_fus = q.follow_ups_of(conn, pid, open_only=True)
        referrals = q.referrals(conn, person_id=pid, limit=PREP_REFERRALS)
        decision = q.latest_decisions(conn, [pid]).get(pid)
    return Briefing(
        person=person,
        scorecard=PersonScorecard.of(handle, name, person.status, card),
        last_meetings=tuple(meetings),
        you_promised=tuple(f for f in open_fus if f.owed_by == "me"),
        they_promised=tuple(f for f in open_fus if f.owed_by == "them"),
        referrals=tuple(referrals),
        unknown=GainsProfile.of(person).unknown,
        latest_decision=decision,
    )


# --- write helpers ------------------------------------------------------------------


def _refresh_clock(person: Person) -> None:
    person.next_due_on = due_core.next_due_on(
        status=person.status,
        cadence=parse_cadence(person.cadence) if person.cadence else None,
        created_on=date.fromisoformat(person.created_at[:10]),
        last_contact_on=person.last_contact_on,
        snoozed_until=person.snoozed_until,
    )


def _check_email_free(conn: sqlite3.Connection, email: str | None, person_id: int | None = None) -> None:
    if email is None:
        return
    row = conn.execute(
        "SELECT handle FROM person WHERE lower(email) = lower(:e) AND id IS NOT :id", {"e": email, "id": person_id}
    ).fetchone()
    if row:
        raise Conflict(f"the email {email} already belongs to {row[0]}; emails are unique in a journal.")


def _free_handle(conn: sqlite3.Connection, base: str) -> str:
    return people_core.unique_handle(base, q.handles_taken(conn, base))


def _new_person(session: Session, conn: sqlite3.Connection, data: PersonIn, *, now: datetime,
                cadence: str | None) -> Person:
    from netjournal.storage.tables import Person, PersonTag

    if data.handle:
        if conn.execute("SELECT 1 FROM person WHERE handle = :h", {"h": data.handle}).fetchone():
            raise Conflict(f"the handle {data.handle} is taken; choose another with --handle.")
        handle = data.handle
    else:
        handle = _free_handle(conn, people_core.slugify(data.name))
    _check_email_free(conn, data.email)
    stamp = utc_stamp(now)
    person = Person(
        handle=handle, name=data.name, company=data.company, title=data.title, email=data.email,
        phone=data.phone, url=data.url, notes=data.notes, cadence=cadence, status="active",
        created_at=stamp, updated_at=stamp,
    )
    _refresh_clock(person)
    session.add(person)
    session.flush()
    for tag in data.tags:
        session.add(PersonTag(person_id=person.id, tag=tag))
    session.flush()
    return person


def _person_for_update(session: Session, conn: sqlite3.Connection, ref: str) -> Person:
    from netjournal.storage.tables import Person

    pid, _handle, _name = require(conn, ref)
    return session.get(Person, pid)


def _record(conn: sqlite3.Connection, person: Person) -> PersonRecord:
    return q.person_by_id(conn, person.id)


# --- write use cases ------------------------------------------------------------------


def add_person(journal: Journal, data: PersonIn, *, now: datetime) -> PersonRecord:
    from netjournal.storage.orm import unit_of_work

    with unit_of_work(journal) as session:
        person = _new_person(session, journal.conn, data, now=now, cadence=data.cadence)
        return _record(journal.conn, person)


def edit_person(journal: Journal, ref: str, patch: PersonPatch, *, today: date, now: datetime) -> PersonRecord:
    """Change a person's details; a change to a GAINS field is kept in its
    history with ``today``'s date."""
    from netjournal.storage.orm import unit_of_work

    changes = patch.changes()
    if not changes:
        raise NothingToDo("nothing to change; pass at least one option, e.g. --company or --cadence.")
    with unit_of_work(journal) as session:
        person = _person_for_update(session, journal.conn, ref)
        _note_gains(session, person, changes, today=today, now=now)
        if "handle" in changes and changes["handle"] != person.handle:
            if journal.conn.execute("SELECT 1 FROM person WHERE handle = :h", {"h": changes["handle"]}).fetchone():
                raise Conflict(f"the handle {changes['handle']} is taken; choose another.")
        if "email" in changes:
            _check_email_free(journal.conn, changes["email"], person.id)
        for field, value in changes.items():
            if field == "handle" and value is None:
                continue
            setattr(person, field, value)
        person.updated_at = utc_stamp(now)
        _refresh_clock(person)
        session.flush()
        return _record(journal.conn, person)


def _note_gains(session: Session, person: Person, changes: dict, *, today: date, now: datetime) -> None:
    """Record each GAINS field that really changes (setting the same text again is not news)."""
    from netjournal.domain.inputs import GAINS_FIELDS
    from netjournal.storage.tables import GainsChange

    for field in GAINS_FIELDS:
        if field in changes and changes[field] != getattr(person, field):
            session.add(GainsChange(person_id=person.id, field=field, value=changes[field], changed_on=today,
                                    created_at=utc_stamp(now)))


def _apply_gains(session: Session, person: Person, changes: dict, *, today: date,
                 now: datetime) -> tuple[str, ...]:
    """Set GAINS fields on ``person`` and record those that change; the fields that did."""
    changed = {k: v for k, v in changes.items() if v != getattr(person, k)}
    _note_gains(session, person, changed, today=today, now=now)
    for field, value in changed.items():
        setattr(person, field, value)
    return tuple(changed)


def set_gains(journal: Journal, ref: str, values: dict[str, str | None], *, today: date,
              now: datetime) -> tuple[PersonRecord, tuple[str, ...]]:
    """Set GAINS fields (``None`` clears one); the person, and the fields that
    changed (setting the same text again is not recorded)."""
    from netjournal.domain.inputs import PersonPatch, validated
    from netjournal.storage.orm import unit_of_work

    if not values:
        raise NothingToDo("nothing to change; give at least one of --goals, --accomplishments, --interests, "
                          "--networks, --skills.")
    changes = validated(PersonPatch, **{k: v if v is not None else "" for k, v in values.items()}).changes()
    with unit_of_work(journal) as session:
        person = _person_for_update(session, journal.conn, ref)
        changed = _apply_gains(session, person, changes, today=today, now=now)
        if changed:
            person.updated_at = utc_stamp(now)
            session.flush()
        return _record(journal.conn, person), changed


def gains_of(journal: Journal, ref: str) -> PersonRecord:
    with journal.read() as conn:
        return q.person_by_id(conn, require(conn, ref)[0])


def tag_person(journal: Journal, ref: str, tags: Sequence[str], *, remove: bool, now: datetime) -> PersonRecord:
    from sqlmodel import delete

    from netjournal.storage.orm import unit_of_work
    from netjournal.storage.tables import PersonTag

    with unit_of_work(journal) as session:
        person = _person_for_update(session, journal.conn, ref)
        current = set(q.tags_for(journal.conn, [person.id]).get(person.id, ()))
        if remove:
            gone = [t for t in tags if t in current]
            if not gone:
                raise NothingToDo(f"{person.handle} has none of the tags {', '.join(tags)}.")
            session.exec(delete(PersonTag).where(PersonTag.person_id == person.id, PersonTag.tag.in_(gone)))
        else:
            new = [t for t in tags if t not in current]
            if not new:
                raise NothingToDo(f"{person.handle} already has the tags {', '.join(tags)}.")
            for t in new:
                session.add(PersonTag(person_id=person.id, tag=t))
        person.updated_at = utc_stamp(now)
        session.flush()
        return _record(journal.conn, person)


def set_status(
    journal: Journal, ref: str, status: str, *, review_on: date | None, today: date, now: datetime,
    reason: str | None = None,
) -> PersonRecord:
    """Pause (with a review date), archive or activate a person, and record the
    decision with its date and reason: a history, not only a status."""
    from netjournal.storage.orm import unit_of_work
    from netjournal.storage.tables import Decision

    if status == "paused":
        if review_on is None:
            raise InvalidValue("pausing needs a review date; pass --review-on, e.g. --review-on 3m.")
        if review_on <= today:
            raise InvalidValue(f"the review date {review_on} is not in the future; pick a later date.")
    with unit_of_work(journal) as session:
        person = _person_for_update(session, journal.conn, ref)
        if person.status == status and status != "paused":
            raise NothingToDo(f"{person.handle} is already {status}.")
        person.status = status
        person.review_on = review_on if status == "paused" else None
        person.updated_at = utc_stamp(now)
        _refresh_clock(person)
        session.add(Decision(person_id=person.id, decided_on=today, status=status, review_on=person.review_on,
                             reason=reason, created_at=utc_stamp(now)))
        session.flush()
        return _record(journal.conn, person)


def snooze(journal: Journal, ref: str, *, until: date, today: date, now: datetime) -> PersonRecord:
    from netjournal.storage.orm import unit_of_work

    if until <= today:
        raise InvalidValue(f"snooze until {until}? Pick a date after today ({today}).")
    with unit_of_work(journal) as session:
        person = _person_for_update(session, journal.conn, ref)
        if person.status != "active":
            raise NothingToDo(f"{person.handle} is {person.status}; only active people are due for contact.")
        if not person.cadence:
            raise NothingToDo(
                f"{person.handle} has no cadence, so is never due; give one with `netj people edit {person.handle} --cadence 30d`."
            )
        person.snoozed_until = until
        person.updated_at = utc_stamp(now)
        _refresh_clock(person)
        session.flush()
        return _record(journal.conn, person)


def complete_follow_up(journal: Journal, follow_up_id: int, *, today: date) -> FollowUpRecord:
    from netjournal.storage.orm import unit_of_work
    from netjournal.storage.tables import FollowUp

    with unit_of_work(journal) as session:
        fu = session.get(FollowUp, follow_up_id)
        if fu is None:
            raise NotFound(f"there is no follow-up {follow_up_id}.", hint="See the ids in `netj due --within 30d`.")
        if fu.done_on is not None:
            raise NothingToDo(f"follow-up {follow_up_id} was already done on {fu.done_on}.")
        fu.done_on = today
        session.flush()
        return q.follow_up_by_id(journal.conn, follow_up_id)


def _removal_plan(conn: sqlite3.Connection, pid: int, handle: str, name: str) -> RemovalPlan:
    one = lambda sql: conn.execute(sql, {"id": pid}).fetchone()[0]  # noqa: E731
    return RemovalPlan(
        person=handle,
        name=name,
        meetings_attended=one("SELECT count(*) FROM attendance WHERE person_id = :id"),
        meetings_deleted=one(
            "SELECT count(*) FROM attendance a WHERE a.person_id = :id AND NOT EXISTS "
            "(SELECT 1 FROM attendance b WHERE b.meeting_id = a.meeting_id AND b.person_id <> :id)"
        ),
        scores=one("SELECT count(*) FROM score WHERE person_id = :id"),
        follow_ups=one("SELECT count(*) FROM follow_up WHERE person_id = :id"),
    )


def removal_plan(journal: Journal, ref: str) -> RemovalPlan:
    with journal.read() as conn:
        return _removal_plan(conn, *require(conn, ref))


def remove_person(journal: Journal, ref: str, *, expected: RemovalPlan | None = None) -> RemovalPlan:
    """Delete a person, their scores, follow-ups, and meetings nobody else attended."""
    from sqlmodel import delete

    from netjournal.storage import fulltext
    from netjournal.storage.orm import unit_of_work
    from netjournal.storage.tables import Meeting, Person

    with unit_of_work(journal) as session:
        conn = journal.conn
        pid, handle, name = require(conn, ref)
        plan = _removal_plan(conn, pid, handle, name)
        if expected is not None and plan != expected:
            raise Conflict(f"{handle} changed while you were confirming; run the command again.")
        alone = [m for (m,) in conn.execute(
            "SELECT a.meeting_id FROM attendance a WHERE a.person_id = :id AND NOT EXISTS "
            "(SELECT 1 FROM attendance b WHERE b.meeting_id = a.meeting_id AND b.person_id <> :id)", {"id": pid})]
        if alone:
            session.exec(delete(Meeting).where(Meeting.id.in_(alone)))
        session.exec(delete(Person).where(Person.id == pid))
        session.flush()
        fulltext.optimize(conn)  # the words of their notes leave the index, not only the results
        return plan


def log_meeting(
    journal: Journal, data: MeetingIn, *, now: datetime, default_cadence: Span, author: str | None = None
) -> LoggedMeeting:
    """Record a meeting, its attendees' scores and the follow-ups promised,
    each with ``author`` as who wrote it."""
    from netjournal.storage.orm import unit_of_work

    with unit_of_work(journal) as session:
        return _log(session, journal.conn, data, now=now, default_cadence=default_cadence, author=author)


def _log(session: Session, conn: sqlite3.Connection, data: MeetingIn, *, now: datetime,
         default_cadence: Span, author: str | None) -> LoggedMeeting:
    from netjournal.domain.inputs import PersonIn, validated
    from netjournal.storage.tables import Attendance, FollowUp, Meeting, Person, Score

    attendees: list[tuple[Person, object]] = []
    created: list[str] = []
    for a in data.attendees:
        res = resolve(conn, a.ref)
        if res.match:
            person = session.get(Person, res.match[0])
        elif res.candidates:
            raise ambiguous_person(res)
        elif a.create:
            person = _new_person(session, conn, validated(PersonIn, name=a.ref), now=now,
                                 cadence=str(default_cadence))
            created.append(person.handle)
        else:
            raise unknown_person(res, hint="Check the spelling, or pass --new to add them.")
        if any(p.id == person.id for p, _ in attendees):
            raise InvalidValue(f"{person.handle} is listed twice; name each attendee once.")
        attendees.append((person, a))

    meeting = Meeting(on_date=data.on_date, at_time=data.at_time, kind=data.kind, place=data.place,
                      notes=data.notes, created_at=utc_stamp(now), author=author)
    session.add(meeting)
    session.flush()
    for person, a in attendees:
        session.add(Attendance(meeting_id=meeting.id, person_id=person.id, on_date=data.on_date,
                               minutes_late=a.minutes_late))
        for dim, value in a.scores.items():
            session.add(Score(meeting_id=meeting.id, person_id=person.id, dimension=dim, value=value, author=author))
        if person.last_contact_on is None or data.on_date >= person.last_contact_on:
            person.last_contact_on = data.on_date
            person.snoozed_until = None
        person.updated_at = utc_stamp(now)
        _refresh_clock(person)

    by_ref = {a.ref: p for p, a in attendees}
    for fu in data.follow_ups:
        if fu.person_ref is None:
            if len(attendees) > 1:
                raise InvalidValue("with several attendees, say whom each follow-up is for (--follow-up-with).")
            owner = attendees[0][0]
        else:
            owner = by_ref.get(fu.person_ref)
            if owner is None:
                match = require(conn, fu.person_ref)
                owner = next((p for p, _ in attendees if p.id == match[0]), None)
                if owner is None:
                    raise InvalidValue(f"{match[1]} did not attend this meeting; follow-ups are for attendees.")
        session.add(FollowUp(person_id=owner.id, meeting_id=meeting.id, text=fu.text, due_on=fu.due_on,
                             created_at=utc_stamp(now), owed_by=fu.owed_by, author=author))
    session.flush()
    record = q.meeting_by_id(conn, meeting.id)
    fus = q.follow_ups_of_meeting(conn, meeting.id)
    return LoggedMeeting(record, tuple(fus), tuple(created))


def seed_demo(journal: Journal, *, today: date, now: datetime, author: str | None = None) -> dict[str, int]:
    """Fill an empty journal with the sample people and meetings of :mod:`netjournal.demo`."""
    from netjournal import demo
    from netjournal.storage.orm import unit_of_work
    from netjournal.storage.tables import Decision

    with unit_of_work(journal) as session:
        conn = journal.conn
        if any(q.counts(conn).values()):
            raise Conflict(f"{journal.path} is not empty; the demo only fills an empty journal.",
                           hint="Run `netj demo` without --db to use the separate demo journal.")
        sample = demo.sample(today)
        for person in sample.people:
            _new_person(session, conn, person, now=now, cadence=person.cadence)
        for meeting in sample.meetings:
            _log(session, conn, meeting, now=now, default_cadence=parse_cadence("30d"), author=author)
        for handle, decided_on, review_on, reason in sample.pauses:
            person = _person_for_update(session, conn, handle)
            person.status, person.review_on = "paused", review_on
            _refresh_clock(person)
            session.add(Decision(person_id=person.id, decided_on=decided_on, status="paused", review_on=review_on,
                                 reason=reason, created_at=utc_stamp(now)))
        for referral in sample.referrals:
            _add_referral(session, conn, referral, today=today, now=now, author=author)
        for handle, fields in sample.gains.items():
            _apply_gains(session, _person_for_update(session, conn, handle), fields, today=today, now=now)
        session.flush()
        return q.counts(conn)


def rescore(journal: Journal, ref: str, meeting_id: int, scores: dict[str, int],
            author: str | None = None) -> MeetingRecord:
    """Set some of ``ref``'s scores for a meeting they attended; ``author``
    becomes the author of each score set (it is theirs now)."""
    from netjournal.storage.orm import unit_of_work
    from netjournal.storage.tables import Attendance, Score

    if not scores:
        raise NothingToDo("nothing to score; pass --listening and/or --preparation.")
    with unit_of_work(journal) as session:
        conn = journal.conn
        pid, handle, _name = require(conn, ref)
        if session.get(Attendance, (meeting_id, pid)) is None:
            raise NotFound(f"{handle} did not attend a meeting {meeting_id}.",
                           hint=f"See their meetings with `netj people show {handle}`.")
        for dim, value in scores.items():
            existing = session.get(Score, (meeting_id, pid, dim))
            if existing and author is not None and existing.author not in (None, author):
                # one score per dimension and meeting: taking it over would lose how they saw it
                raise Conflict(f"{handle}'s {dim} score at meeting {meeting_id} was given by {existing.author}; "
                               "it stays theirs.",
                               hint="Log your own account of the meeting with `netj log`, or ask them to change it.")
            if existing:
                existing.value, existing.author = value, author
            else:
                session.add(Score(meeting_id=meeting_id, person_id=pid, dimension=dim, value=value, author=author))
        session.flush()
        return q.meeting_by_id(conn, meeting_id)


# --- referrals ------------------------------------------------------------------------


def record_referral(journal: Journal, data: ReferralIn, *, today: date, now: datetime,
                    author: str | None = None) -> ReferralRecord:
    """Record a referral given to (or an introduction of) a person, or received from one."""
    from netjournal.storage.orm import unit_of_work

    with unit_of_work(journal) as session:
        return q.referral_by_id(journal.conn, _add_referral(session, journal.conn, data, today=today, now=now,
                                                            author=author))


def _add_referral(session: Session, conn: sqlite3.Connection, data: ReferralIn, *, today: date,
                  now: datetime, author: str | None) -> int:
    from netjournal.storage.tables import Referral

    if data.on_date > today:
        raise InvalidValue(f"the referral date {data.on_date} is in the future; record it when it happens.")
    if data.other_ref is not None and data.direction != "given":
        raise InvalidValue("--to names whom you introduced the person to; it goes with `netj refer given`.")
    pid, handle, _ = require(conn, data.person_ref)
    other = None
    if data.other_ref is not None:
        other = require(conn, data.other_ref)[0]
        if other == pid:
            raise InvalidValue(f"{handle} cannot be introduced to themselves; check --to.")
    stamp = utc_stamp(now)
    outcome = data.outcome or "open"
    referral = Referral(direction=data.direction, person_id=pid, other_person_id=other, on_date=data.on_date,
                        note=data.note, outcome=outcome, outcome_on=None if outcome == "open" else today,
                        value=data.value, created_at=stamp, updated_at=stamp, author=author)
    session.add(referral)
    session.flush()
    return referral.id


def update_referral(journal: Journal, referral_id: int, patch: ReferralPatch, *, today: date,
                    now: datetime) -> ReferralRecord:
    """Change a referral's outcome (dated today), value, note or date."""
    from netjournal.storage.orm import unit_of_work
    from netjournal.storage.tables import Referral

    changes = patch.changes()
    if not changes:
        raise NothingToDo("nothing to change; pass --outcome, --value, --note or --date.")
    if "on_date" in changes and changes["on_date"] > today:
        raise InvalidValue(f"the referral date {changes['on_date']} is in the future.")
    with unit_of_work(journal) as session:
        referral = session.get(Referral, referral_id)
        if referral is None:
            raise NotFound(f"there is no referral {referral_id}.", hint="See the ids in `netj referrals`.")
        if "outcome" in changes and changes["outcome"] != referral.outcome:
            referral.outcome_on = None if changes["outcome"] == "open" else today
        for field, value in changes.items():
            setattr(referral, field, value)
        referral.updated_at = utc_stamp(now)
        session.flush()
        return q.referral_by_id(journal.conn, referral_id)


@dataclass(frozen=True)
class ReferralLedger:
    """``netj referrals``: the rows, and the balance when one person is asked for."""

    rows: tuple[ReferralRecord, ...]
    person: str | None = None
    name: str | None = None
    balance: Reciprocity | None = None
    filtered: bool = False  # --direction, --outcome or --since narrowed the rows


def referral_ledger(journal: Journal, ref: str | None, *, today: date, direction: str | None = None,
                    outcome: str | None = None, since: date | None = None,
                    limit: int | None = None) -> ReferralLedger:
    from netjournal.domain.scoring import reciprocity

    filtered = any(x is not None for x in (direction, outcome, since))
    with journal.read() as conn:
        if ref is None:
            return ReferralLedger(tuple(q.referrals(conn, direction=direction, outcome=outcome, since=since,
                                                    limit=limit)), filtered=filtered)
        pid, handle, name = require(conn, ref)
        rows = q.referrals(conn, person_id=pid, direction=direction, outcome=outcome, since=since, limit=limit)
        balance = reciprocity(q.flows(conn, [pid]).get(pid, ()), today=today)
    return ReferralLedger(tuple(rows), handle, name, balance, filtered)


# --- export ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportHeader:
    schema_version: int
    exported_at: str


@dataclass(frozen=True)
class ExportFilter:
    """What ``netj export --person/--tag/--since`` asks for; empty = everything."""

    people: tuple[str, ...] = ()  # handles, emails or names, as typed
    tags: tuple[str, ...] = ()
    since: date | None = None

    def __bool__(self) -> bool:
        return bool(self.people or self.tags or self.since)


EXPORT_SECTIONS = ("person", "meeting", "follow_up", "referral", "decision", "gains_change")


def export_stream(
    journal: Journal, *, now: datetime, only: ExportFilter | None = None,
    sections: Sequence[str] = EXPORT_SECTIONS,
) -> Iterator[tuple[str, object]]:
    """The journal (or the slice ``only`` selects) as ``(type, record)`` pairs,
    header first, in a fixed order, from one consistent snapshot, without
    loading it all into memory. ``sections`` leaves out the record types a
    format does not write. Unknown people raise before the header is yielded,
    so nothing has been written when the filter is wrong."""
    with journal.read() as conn:
        scope = None
        if only:
            ids = [require(conn, ref, hint="See `netj people list`.")[0] for ref in only.people]
            scope = q.export_scope(person_ids=list(dict.fromkeys(ids)), tags=only.tags, since=only.since)
        yield from _records(conn, now=now, scope=scope, sections=sections)


def _records(conn: sqlite3.Connection, *, now: datetime, scope=None,
             sections: Sequence[str] = EXPORT_SECTIONS) -> Iterator[tuple[str, object]]:
    """What ``conn`` sees (in the transaction it is in) as export records, header first."""
    from netjournal.domain.records import EXPORT_SCHEMA_VERSION

    yield "header", ExportHeader(EXPORT_SCHEMA_VERSION, utc_stamp(now))
    readers = (("person", q.iter_people), ("meeting", q.iter_meetings), ("follow_up", q.iter_follow_ups),
               ("referral", q.iter_referrals), ("decision", q.iter_decisions),
               ("gains_change", q.iter_gains_changes))
    for kind, read in readers:
        if kind in sections:
            for record in read(conn, scope=scope):
                yield kind, record


@dataclass(frozen=True)
class CopySummary:
    """What ``netj db copy`` copied: the journals as netj names them (no password) and the records."""

    source: str
    target: str
    people: int
    meetings: int
    follow_ups: int
    referrals: int
    decisions: int
    gains_changes: int


def _plain(pairs: Iterator[tuple[str, object]]) -> Iterator[tuple[str, dict, None]]:
    """Export records as the importer reads them: plain JSON objects, no line numbers."""
    import orjson

    for kind, record in pairs:
        yield kind, orjson.loads(orjson.dumps(record)), None


def keep_copy(conn: sqlite3.Connection, open_target: Callable[[], AbstractContextManager[Journal]], *,
              now: datetime, source_label: str) -> None:
    """Every record ``conn`` sees, inside the transaction it is in, into the
    empty journal ``open_target()`` opens: ``netj db backup`` of a server
    journal (in a read snapshot), and what ``netj db restore`` keeps of it
    before replacing it (under the write lock)."""
    from contextlib import closing

    from netjournal.importing import import_netj

    with open_target() as target, closing(_plain(_records(conn, now=now))) as stream:
        import_netj(target, source_label, stream, now=now, only_into_empty=True)


def _same_journal(a: Journal, b: Journal) -> bool:
    if a.dialect == "sqlite" and b.dialect == "sqlite":
        return a.path.expanduser().resolve() == b.path.expanduser().resolve()
    return a.dialect == b.dialect and str(a.path) == str(b.path)


def copy_journal(source: Journal, open_target: Callable[[], AbstractContextManager[Journal]], *, now: datetime,
                 source_label: str, target_label: str, replace: bool = False,
                 author: str | None = None,
                 before_replace: Callable[[sqlite3.Connection], None] | None = None) -> CopySummary:
    """``netj db copy``: every record of ``source`` (one read snapshot) into the
    empty journal ``open_target()`` opens, ids kept, in one transaction on it.

    The target is opened only once the source is known to exist (opening a
    server's empty database sets netj's tables up). The records go through the
    netj-format importer (its validation, all or nothing) as the objects an
    export would write, in memory: no file of the journal is ever written. A
    target with data is refused, nothing written; with ``replace`` (restoring
    a server's journal from a backup) its records are deleted first, in the
    same transaction, after ``before_replace(conn)`` has seen them (restore
    keeps them in a file under the same write lock). ``author`` is recorded
    on the entries that have none (handing a journal from before schema v5
    over to a team)."""
    from contextlib import closing

    from netjournal.errors import JournalError
    from netjournal.importing import JournalNotEmpty, import_netj

    if source.pending:
        raise NothingToDo(f"there is no journal at {source_label} yet; nothing to copy.")

    def records() -> Iterator[tuple[str, dict, None]]:
        with closing(export_stream(source, now=now)) as pairs:
            yield from _plain(pairs)

    with open_target() as target, closing(records()) as stream:
        if _same_journal(source, target):
            raise InvalidValue(f"--to: {target_label} is the journal being copied; give another file or database.")
        try:
            done = import_netj(target, source_label, stream, now=now, only_into_empty=not replace, replace=replace,
                               author=author, before_replace=before_replace)
        except JournalNotEmpty as exc:
            raise JournalError(f"{target_label} is not empty ({exc.message}); netj db copy only fills an empty "
                               "journal, and nothing was written.",
                               hint="To merge journals, use `netj export --jsonl` and `netj import`.") from None
    return CopySummary(source_label, target_label, done.created, done.meetings_created, done.follow_ups_created,
                       done.referrals_created, done.decisions_created, done.gains_changes_created)


@dataclass(frozen=True)
class JournalCheck:
    """What ``netj db check`` found. ``problems`` is empty for a sound journal."""

    path: str
    schema_version: int
    people: int
    meetings: int
    follow_ups: int
    problems: tuple[str, ...]
    repaired: int = 0
    damaged: bool = False  # SQLite's integrity check failed: restore a backup
    rebuilt_search_index: bool = False  # the search indexes were found wrong and rebuilt

    @property
    def ok(self) -> bool:
        return not self.problems


def _derived_mismatches(conn: sqlite3.Connection) -> Iterator[tuple[int, str, str, object, object]]:
    """People whose stored last contact or next-due date differ from a
    recomputation from their meetings: ``(id, handle, column, stored, expected)``."""
    rows = conn.execute(
        "SELECT p.id, p.handle, p.status, p.cadence, p.created_at, p.last_contact_on, p.snoozed_until, "
        "p.next_due_on, (SELECT max(a.on_date) FROM attendance a WHERE a.person_id = p.id) FROM person p"
    )
    for pid, handle, status, cadence, created, last, snoozed, next_due, actual_last in rows:
        if last != actual_last:
            yield pid, handle, "last_contact_on", last, actual_last
        expected = due_core.next_due_on(
            status=status, cadence=parse_cadence(cadence) if cadence else None,
            created_on=date.fromisoformat(created[:10]),
            last_contact_on=date.fromisoformat(actual_last) if actual_last else None,
            snoozed_until=date.fromisoformat(snoozed) if snoozed else None,
        )
        expected_text = expected.isoformat() if expected else None
        if next_due != expected_text:
            yield pid, handle, "next_due_on", next_due, expected_text


def check_journal(journal: Journal, *, repair: bool = False) -> JournalCheck:
    """Integrity, foreign keys, schema version, the stored derived dates
    (last contact, next due, each attendance's date) against a recomputation,
    and the search indexes against the texts they index. With ``repair``,
    wrong derived dates are recomputed and wrong indexes rebuilt, in one
    transaction."""
    from netjournal.storage import fulltext
    from netjournal.storage.backup import integrity_problems
    from netjournal.storage.schema import SCHEMA_VERSION

    conn = journal.conn
    problems = list(integrity_problems(conn))
    damaged = bool(problems)
    repaired = 0
    rebuilt = False
    if not damaged:
        with journal.write() if repair else journal.read() as conn:
            wrong_dates = conn.execute(
                "SELECT count(*) FROM attendance a JOIN meeting m ON m.id = a.meeting_id WHERE a.on_date != m.on_date"
            ).fetchone()[0]
            if wrong_dates and repair:
                conn.execute("UPDATE attendance SET on_date = (SELECT m.on_date FROM meeting m "
                             "WHERE m.id = attendance.meeting_id)")
                repaired += wrong_dates
            elif wrong_dates:
                problems.append(f"{wrong_dates} attendance(s) carry a date other than their meeting's")
            for pid, handle, column, stored, expected in list(_derived_mismatches(conn)):
                if repair:
                    conn.execute(f"UPDATE person SET {column} = :v WHERE id = :id", {"v": expected, "id": pid})
                    repaired += 1
                else:
                    problems.append(f"{handle}: {column} is {stored or 'empty'}, expected {expected or 'empty'}")
            if repair:
                rebuilt = bool(fulltext.index_problems(conn))
                if rebuilt:
                    fulltext.rebuild(conn)
            found = q.counts(conn)
        if not repair:
            # FTS5's check takes the write lock (and writes nothing): wait behind
            # other writers instead of failing inside the read transaction.
            with journal.read() if journal.read_only else journal.write(create=False) as conn:
                problems += fulltext.index_problems(conn)
    else:
        found = {"person": 0, "meeting": 0, "follow_up": 0}
    try:
        version = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] or SCHEMA_VERSION
    except sqlite3.DatabaseError:
        version = SCHEMA_VERSION
    return JournalCheck(str(journal.path), version, found["person"], found["meeting"],
                        found["follow_up"], tuple(problems), repaired, damaged=damaged,
                        rebuilt_search_index=rebuilt)


def is_empty(journal: Journal) -> bool:
    with journal.read() as conn:
        return not any(q.counts(conn).values())

