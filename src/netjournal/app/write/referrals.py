"""``netj refer given|received|update|rm``: the referral ledger."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from netjournal.app.resolve import no_such, require
from netjournal.domain.dates import utc_stamp
from netjournal.domain.inputs import ReferralIn, ReferralPatch
from netjournal.domain.records import ReferralRecord
from netjournal.errors import Conflict, InvalidValue, NoChangeGiven
from netjournal.storage import fulltext
from netjournal.storage.base import Connection, Journal
from netjournal.storage.orm import unit_of_work
from netjournal.storage.queries.referrals import referral_by_id
from netjournal.storage.tables import Referral
from netjournal.storage.undo import record as undo_record


def record_referral(journal: Journal, data: ReferralIn, *, today: date, now: datetime,
                    author: str | None = None) -> ReferralRecord:
    """Record a referral given to (or an introduction of) a person, or received from one."""
    with unit_of_work(journal) as session:
        rid = add_referral(session, journal.conn, data, today=today, now=now, author=author)
        return _record(journal.conn, rid)


def _record(conn: Connection, referral_id: int) -> ReferralRecord:
    record = referral_by_id(conn, referral_id)
    assert record is not None
    return record


def add_referral(session: Session, conn: Connection, data: ReferralIn, *, today: date,
                 now: datetime, author: str | None) -> int:
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
    assert referral.id is not None
    return referral.id


def update_referral(journal: Journal, referral_id: int, patch: ReferralPatch, *, today: date,
                    now: datetime) -> ReferralRecord:
    """Change a referral's outcome (dated today), value, note or date, and
    correct whom it was with, whom they were introduced to, or which way it went."""
    changes = patch.changes()
    if not changes:
        raise NoChangeGiven("nothing to change; pass --outcome, --value, --note, --date, --person, --to or --direction.")
    if "on_date" in changes and changes["on_date"] > today:
        raise InvalidValue(f"the referral date {changes['on_date']} is in the future.")
    with unit_of_work(journal) as session:
        conn = journal.conn
        referral = session.get(Referral, referral_id)
        if referral is None:
            raise no_such("referral", referral_id)
        if "person_ref" in changes:
            referral.person_id = require(conn, changes.pop("person_ref"))[0]
        if "other_ref" in changes:
            ref = changes.pop("other_ref")
            referral.other_person_id = require(conn, ref)[0] if ref else None
        if "direction" in changes:
            referral.direction = changes.pop("direction")
        if referral.other_person_id is not None and referral.direction != "given":
            raise InvalidValue("an introduction (--to) is one you gave; clear it with --to '' to make the referral "
                               "received.")
        if referral.other_person_id == referral.person_id:
            handle = conn.execute("SELECT handle FROM person WHERE id = :id", {"id": referral.person_id}).fetchone()[0]
            raise InvalidValue(f"{handle} cannot be introduced to themselves; check --person and --to.")
        if "outcome" in changes and changes["outcome"] != referral.outcome:
            referral.outcome_on = None if changes["outcome"] == "open" else today
        for field, value in changes.items():
            setattr(referral, field, value)
        referral.updated_at = utc_stamp(now)
        session.flush()
        return _record(conn, referral_id)


def remove_referral(journal: Journal, referral_id: int, *,
                    expected: ReferralRecord | None = None) -> ReferralRecord:
    """Delete a referral for good (its note is merged out of the search index)."""
    with unit_of_work(journal) as session:
        conn = journal.conn
        undo_record.mark(conn, "final")  # no image of what goes; the images others kept of it go too
        referral = session.get(Referral, referral_id)
        if referral is None:
            raise no_such("referral", referral_id)
        record = _record(conn, referral_id)
        if expected is not None and record != expected:
            raise Conflict(f"referral {referral_id} changed while you were confirming; run the command again.")
        session.delete(referral)
        session.flush()
        fulltext.optimize(conn)
        return record
