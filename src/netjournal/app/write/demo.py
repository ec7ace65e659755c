"""The sample journal behind ``netj demo``: a few months of a consultant's
networking, relative to ``today`` so that ``netj due`` always has something to
say. Two partners tell the product's story: Lorraine studies your website and
asks the question back; Ron arrives early with a brochure and talks about
himself, and drops the referrals you send him. Aiko never refers anyone back
but wins every referral you send her; Tomás has sent you two, and you owe
him. :func:`seed_demo` writes it into an empty journal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from netjournal.app.write.gains import apply_gains
from netjournal.app.write.meetings import log
from netjournal.app.write.people import new_person, person_for_update, record_decision, settle
from netjournal.app.write.referrals import add_referral
from netjournal.domain.dates import parse_cadence
from netjournal.domain.inputs import AttendeeIn, FollowUpIn, MeetingIn, PersonIn, ReferralIn
from netjournal.errors import Conflict
from netjournal.storage.base import Journal
from netjournal.storage.orm import unit_of_work
from netjournal.storage.queries.people import counts


@dataclass(frozen=True)
class Sample:
    people: list[PersonIn]
    meetings: list[MeetingIn]
    pauses: list[tuple[str, date, date, str]]  # (handle, decided on, review on, reason)
    referrals: list[ReferralIn]
    gains: dict[str, dict[str, str]]  # handle -> GAINS fields known


def _people() -> list[PersonIn]:
    return [
        PersonIn(name="Lorraine Chu", company="Chu & Partners", title="Estate lawyer",
                 email="lorraine@chu-partners.example", tags=["partner", "legal"], cadence="30d",
                 notes="Prefers mornings. Studied my website before we first met."),
        PersonIn(name="Ron Park", company="Park Insurance", title="Broker",
                 email="ron@parkinsurance.example", tags=["prospect", "insurance"], cadence="2m"),
        PersonIn(name="Maya Okafor", company="Okafor Accounting", title="Accountant",
                 email="maya@okafor.example", tags=["partner", "finance"], cadence="45d"),
        PersonIn(name="Tomás Herrera", company="Banco Norte", title="Business banker",
                 email="tomas.herrera@banconorte.example", tags=["partner", "finance"], cadence="2w"),
        PersonIn(name="Priya Natarajan", company="Brightside Marketing", title="Marketing coach",
                 tags=["partner"], cadence="30d"),
        PersonIn(name="Dan Whitfield", company="Whitfield Fitness", title="Owner", tags=["prospect"]),
        PersonIn(name="Aiko Tanaka", company="Tanaka Design", title="Brand designer",
                 email="aiko@tanaka.example", tags=["referral"], cadence="30d"),
    ]


def _meeting(day: date, kind: str, place: str | None, notes: str, *attendees: tuple, follow_ups=()) -> MeetingIn:
    """``attendees`` are ``(handle, scores)`` or ``(handle, scores, minutes_late)``; ``follow_ups``
    are ``(handle, text, due)`` or ``(handle, text, due, owed_by)``."""
    return MeetingIn(
        on_date=day, kind=kind, place=place, notes=notes,
        attendees=[AttendeeIn(ref=a[0], scores=a[1], minutes_late=a[2] if len(a) > 2 else None) for a in attendees],
        follow_ups=[FollowUpIn(text=f[1], due_on=f[2], person_ref=f[0], owed_by=f[3] if len(f) > 3 else "me")
                    for f in follow_ups],
    )


def sample(today: date) -> Sample:
    ago = lambda n: today - timedelta(days=n)  # noqa: E731
    meetings = [
        _meeting(ago(120), "coffee", "Blue Door Café",
                 "Arrived 10 minutes late but had read my website and came with two ideas for clients we share. "
                 "Asked every question back.",
                 ("lorraine-chu", {"listening": 5, "preparation": 5}, 10)),
        _meeting(ago(95), "coffee", "Station Coffee",
                 "Arrived 15 minutes early. Had not looked at my profile; guessed wrongly what I do. "
                 "Talked about his vision for 40 minutes and handed me his brochure.",
                 ("ron-park", {"listening": 1, "preparation": 2}, -15)),
        _meeting(ago(80), "lunch", "Trattoria Nove",
                 "Walked through her estate-planning clients who need a coach. Checked she understood "
                 "my question before answering.",
                 ("lorraine-chu", {"listening": 5, "preparation": 4})),
        _meeting(ago(70), "call", None, "Second try. Still pitching; asked nothing about my clients.",
                 ("ron-park", {"listening": 2, "preparation": 1})),
        _meeting(ago(60), "video", None, "Tax-season referrals; she wants introductions to two lawyers.",
                 ("maya-okafor", {"listening": 4, "preparation": 3})),
        _meeting(ago(34), "event", "Chamber breakfast", "Introduced Lorraine and Maya to each other.",
                 ("lorraine-chu", {"listening": 5, "preparation": 5}),
                 ("maya-okafor", {"listening": 3, "preparation": 4})),
        _meeting(ago(30), "coffee", "Banco Norte lobby", "Knows the SME lending market cold; prepared questions.",
                 ("tomas-herrera", {"listening": 4, "preparation": 5})),
        _meeting(ago(20), "lunch", "Harbour Grill", "Brought a list of three clients to introduce.",
                 ("tomas-herrera", {"listening": 5, "preparation": 4}),
                 follow_ups=[("tomas-herrera", "Send Tomás the workshop dates", ago(5)),
                             ("tomas-herrera", "Intro to his client at the Harbour Group", ago(2), "them")]),
        _meeting(ago(150), "coffee", "Blue Door Café", "Good energy, but we serve different markets.",
                 ("priya-natarajan", {"listening": 3, "preparation": 3})),
        _meeting(ago(12), "message", None, "Asked for a gym referral programme sketch.",
                 ("dan-whitfield", {}),
                 follow_ups=[("dan-whitfield", "Sketch the referral programme for Dan", today)]),
        _meeting(ago(10), "coffee", "Okafor office", "Agreed to co-host a Q1 workshop.",
                 ("maya-okafor", {"listening": 4, "preparation": 4}),
                 follow_ups=[("maya-okafor", "Send Maya the intro to Lorraine's colleague", today + timedelta(days=4))]),
    ]
    pauses = [("priya-natarajan", ago(93), ago(3), "Different markets for now; revisit after her rebrand.")]

    def referral(direction: str, who: str, days: int, note: str, **kw) -> ReferralIn:
        return ReferralIn(direction=direction, person_ref=who, on_date=ago(days), note=note, **kw)

    referrals = [
        # Lorraine: the two-way street. Referrals flow both ways.
        referral("received", "lorraine-chu", 75, "Her client the Hendersons need a business coach.",
                 outcome="won", value=4800),
        referral("given", "lorraine-chu", 34, "Introduced her to Maya for tax-and-estate clients.",
                 other_ref="maya-okafor", outcome="met"),
        # Ron wanted clients, dropped the ones he got, and never sent anyone back.
        referral("given", "ron-park", 90, "Passed him the Alvarez family's insurance review.", outcome="lost"),
        referral("given", "ron-park", 68, "Gave him a warm lead at the bakery on Elm Street.", outcome="lost"),
        referral("given", "ron-park", 40, "Sent him my neighbour's small-business policy.", outcome="open"),
        # Tomás has sent you two clients, and you have sent him none yet.
        referral("received", "tomas-herrera", 18, "Introduced me to a client expanding to a second site.",
                 outcome="met"),
        referral("received", "tomas-herrera", 45, "A bakery owner looking for a growth coach.", outcome="won",
                 value=2400),
        # Aiko never refers anyone back, but makes you look great with everyone you send her.
        referral("given", "aiko-tanaka", 100, "The Greens' new café needed a brand.", outcome="won", value=3000),
        referral("given", "aiko-tanaka", 70, "Introduced her to Maya for her office rebrand.", other_ref="maya-okafor",
                 outcome="won"),
        referral("given", "aiko-tanaka", 35, "A coaching client relaunching her shop.", outcome="met"),
    ]
    gains = {
        "lorraine-chu": {
            "goals": "Grow the estate practice to three partners by 2028.",
            "accomplishments": "Built Chu & Partners from a solo practice; teaches at the bar school.",
            "interests": "Sailing; her daughter's robotics team.",
            "networks": "Chamber of Commerce board; Women in Law circle.",
            "skills": "Trusts and succession; explains contracts in plain English.",
        },
        "ron-park": {"goals": "Double his book of small-business policies this year."},
        "tomas-herrera": {"goals": "Lend to 40 new SMEs this year.", "networks": "Rotary; the export forum."},
    }
    return Sample(_people(), meetings, pauses, referrals, gains)


def seed_demo(journal: Journal, *, today: date, now: datetime, author: str | None = None) -> dict[str, int]:
    """Fill an empty journal with the sample people and meetings."""
    with unit_of_work(journal) as session:
        conn = journal.conn
        if any(counts(conn).values()):
            raise Conflict(f"{journal.path} is not empty; the demo only fills an empty journal.",
                           hint="Run `netj demo` without --db to use the separate demo journal.")
        data = sample(today)
        for person in data.people:
            new_person(session, conn, person, now=now, cadence=person.cadence)
        for meeting in data.meetings:
            log(session, conn, meeting, now=now, default_cadence=parse_cadence("30d"), author=author)
        for handle, decided_on, review_on, reason in data.pauses:
            paused = person_for_update(session, conn, handle)
            record_decision(session, paused, "paused", review_on=review_on, decided_on=decided_on, reason=reason,
                            now=now)
            settle(session, conn, [paused])
        for referral in data.referrals:
            add_referral(session, conn, referral, today=today, now=now, author=author)
        for handle, fields in data.gains.items():
            apply_gains(session, person_for_update(session, conn, handle), fields, today=today, now=now)
        session.flush()
        return counts(conn)
