"""Who needs a call, which promises fall due, which referrals you gave have
gone quiet, which decisions come up for review.

Pure functions: the storage layer hands in plain rows, ``today`` is an
argument. ``next_due_on`` is what the write paths store (indexed) so that
``netj due`` reads only the rows it shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from netjournal.domain.dates import Span, describe_day
from netjournal.domain.scoring import REFERRAL_CHECK, Scorecard, ask_on, still_counts, year_before


@dataclass(frozen=True)
class PersonClock:
    """What the due computation needs to know about one person."""

    id: int
    handle: str
    name: str
    status: str
    cadence: Span | None
    created_on: date
    last_contact_on: date | None
    snoozed_until: date | None
    review_on: date | None = None


@dataclass(frozen=True)
class OpenFollowUp:
    id: int
    handle: str
    name: str
    text: str
    due_on: date
    owed_by: str = "me"  # "them": a promise the person made to you
    author: str | None = None  # who wrote it down (schema v5)


@dataclass(frozen=True)
class OpenReferral:
    """A referral you gave whose outcome is still ``open``."""

    id: int
    handle: str  # whom you gave it to
    name: str
    other_handle: str | None  # for an introduction: whom you introduced them to
    other_name: str | None
    referred_on: date
    note: str | None = None
    author: str | None = None  # who recorded it (schema v5)


@dataclass(frozen=True)
class DueItem:
    """One row of ``netj due``; ``type`` is ``contact``, ``follow_up``, ``referral`` or ``review``."""

    type: str
    person: str
    name: str
    due_on: date
    days_overdue: int
    reason: str
    follow_up_id: int | None = None
    text: str | None = None
    cadence: str | None = None
    last_contact_on: date | None = None
    verdict: str | None = None
    owed_by: str | None = None  # follow-ups: "me" (you promised) or "them" (they promised you)
    decided_on: date | None = None  # reviews: when the relationship was paused
    decision_reason: str | None = None  # reviews: why, as you wrote it
    leaning: str | None = None  # contacts with "not enough data": what one scored meeting points to
    author: str | None = None  # follow-ups and referrals: who wrote it down (schema v5)
    referral_id: int | None = None  # referrals: the open referral to ask about
    other_person: str | None = None  # referrals: for an introduction, whom you introduced them to (handle)
    referred_on: date | None = None  # referrals: when you gave it
    you_owe: bool | None = None  # contacts: you owe them (scoring.Reciprocity.you_owe)
    other_name: str | None = None  # referrals: for an introduction, the name of whom you introduced them to


@dataclass(frozen=True)
class DueReport:
    contacts: tuple[DueItem, ...]
    follow_ups: tuple[DueItem, ...]
    reviews: tuple[DueItem, ...]
    referrals: tuple[DueItem, ...] = ()

    def items(self) -> tuple[DueItem, ...]:
        return self.contacts + self.follow_ups + self.referrals + self.reviews


def next_due_on(
    *,
    status: str,
    cadence: Span | None,
    created_on: date,
    last_contact_on: date | None,
    snoozed_until: date | None,
) -> date | None:
    """When a person next needs contact, or None when they are not tracked.

    The clock starts at the last meeting, or when the person was added if you
    have never met. Only active people with a cadence are tracked; a snooze
    pushes the date out but never pulls it in.
    """
    if status != "active" or cadence is None:
        return None
    due = cadence.after(last_contact_on or created_on)
    if snoozed_until is not None and snoozed_until > due:
        due = snoozed_until
    return due


def contact_item(p: PersonClock, due_on: date, today: date, card: Scorecard | None) -> DueItem:
    days = (today - due_on).days
    if p.last_contact_on is not None:
        since = (today - p.last_contact_on).days
        met = "last met today" if since == 0 else f"last met {since} day{'s' if since != 1 else ''} ago"
    else:
        added = (today - p.created_on).days
        met = f"never met (added {describe_day(p.created_on, today)})" if added else "never met (added today)"
    reason = f"{met}, cadence {p.cadence}"
    if p.snoozed_until is not None and p.snoozed_until == due_on:
        reason = f"snoozed until {p.snoozed_until.isoformat()}; {reason}"
    return DueItem(
        type="contact",
        person=p.handle,
        name=p.name,
        due_on=due_on,
        days_overdue=days,
        reason=reason,
        cadence=str(p.cadence) if p.cadence else None,
        last_contact_on=p.last_contact_on,
        verdict=card.verdict if card else None,
        leaning=card.leaning if card else None,
        you_owe=bool(card and card.referrals and card.referrals.you_owe),
    )


def referral_item(r: OpenReferral, today: date, check: Span = REFERRAL_CHECK) -> DueItem:
    """An open referral you gave, to ask about from :func:`scoring.ask_on` on."""
    due_on = ask_on(r.referred_on, check)
    what = f"the intro to {r.other_name}" if r.other_name else "your referral"
    days = (today - r.referred_on).days
    return DueItem(
        type="referral",
        person=r.handle,
        name=r.name,
        due_on=due_on,
        days_overdue=(today - due_on).days,
        reason=f"ask how {what} went: given {r.referred_on.isoformat()}, still open after {days} days",
        text=r.note,
        author=r.author,
        referral_id=r.id,
        other_person=r.other_handle,
        referred_on=r.referred_on,
        other_name=r.other_name,
    )


def referrals_to_ask_between(today: date, horizon: date, check: Span) -> tuple[date, date]:
    """Bounds for the query, ``(after, up_to)``: a referral given on or before
    ``after`` has left the reciprocity window (it no longer counts, and is no
    longer asked about); none given after ``up_to`` is asked about by
    ``horizon`` (a few days beyond the exact day, which calendar months can
    shorten; :func:`build_due` applies the exact rules)."""
    return year_before(today), check.before(horizon) + timedelta(days=3)


def build_due(
    *,
    people: Iterable[PersonClock],
    follow_ups: Iterable[OpenFollowUp],
    reviews: Iterable[PersonClock],
    scorecards: Mapping[int, Scorecard],
    today: date,
    within: Span,
    limit: int | None = None,
    decisions: Mapping[int, tuple[date, str | None]] | None = None,
    open_referrals: Iterable[OpenReferral] = (),
    referral_check: Span = REFERRAL_CHECK,
) -> DueReport:
    """The four sections of ``netj due`` for a horizon of ``today + within``:
    contacts, follow-ups, referrals to ask about, reviews."""
    horizon = within.after(today)

    contacts: list[tuple[tuple, DueItem]] = []
    for p in people:
        due_on = next_due_on(
            status=p.status,
            cadence=p.cadence,
            created_on=p.created_on,
            last_contact_on=p.last_contact_on,
            snoozed_until=p.snoozed_until,
        )
        if due_on is None or due_on > horizon:
            continue
        card = scorecards.get(p.id)
        item = contact_item(p, due_on, today, card)
        assert p.cadence is not None  # a person with no cadence is never due for contact
        lateness = item.days_overdue / p.cadence.approx_days
        overall = card.overall if card and card.overall is not None else 0.0
        contacts.append(((-lateness, -overall, p.name.casefold(), p.id), item))
    contacts.sort(key=lambda pair: pair[0])

    fus = []
    for f in follow_ups:
        if f.due_on > horizon:
            continue
        days = (today - f.due_on).days
        theirs = f.owed_by == "them"
        fus.append(
            DueItem(
                type="follow_up",
                person=f.handle,
                name=f.name,
                due_on=f.due_on,
                days_overdue=days,
                reason=(f"{f.name} promised it for {f.due_on.isoformat()}" if theirs
                        else f"promised for {f.due_on.isoformat()}"),
                follow_up_id=f.id,
                text=f.text,
                owed_by=f.owed_by,
                author=f.author,
            )
        )
    fus.sort(key=lambda i: (i.due_on, i.follow_up_id))

    revs = []
    for p in reviews:
        if p.review_on is None or p.review_on > horizon:
            continue
        days = (today - p.review_on).days
        decided_on, why = (decisions or {}).get(p.id, (None, None))
        since = f"paused on {decided_on.isoformat()} " if decided_on else "paused "
        revs.append(
            DueItem(
                type="review",
                person=p.handle,
                name=p.name,
                due_on=p.review_on,
                days_overdue=days,
                reason=f"review the decision about {p.name}: {since}until {p.review_on.isoformat()}",
                cadence=str(p.cadence) if p.cadence else None,
                last_contact_on=p.last_contact_on,
                decided_on=decided_on,
                decision_reason=why,
            )
        )
    revs.sort(key=lambda i: (i.due_on, i.name.casefold()))

    asks = [referral_item(r, today, referral_check) for r in open_referrals
            if ask_on(r.referred_on, referral_check) <= horizon and still_counts(r.referred_on, today)]
    asks.sort(key=lambda i: (i.due_on, i.referral_id))

    cut = slice(None, limit)
    return DueReport(
        tuple(item for _, item in contacts)[cut], tuple(fus)[cut], tuple(revs)[cut], tuple(asks)[cut]
    )
