"""Generate a realistic, seeded netj journal for benchmarks.

    python benchmarks/generate.py --people 1000 --meetings 20000 --db benchmarks/out/small.db
    python benchmarks/generate.py --people 100000 --meetings 1000000 --db benchmarks/out/large.db

The file is created and migrated by netj's own code (``open_journal``), then
filled with driver-level ``executemany`` inside one ``BEGIN``/``COMMIT`` (not
the ORM, which inserts one row per statement). The derived columns are filled
as every write path fills them (see ``netjournal.storage.derived``):

* ``attendance.on_date`` is the meeting's date;
* ``person.last_contact_on`` is the latest date the person attended a meeting;
* ``person.next_due_on`` is ``netjournal.storage.derived.next_due`` of the person's
  status, cadence, creation date, last contact and snooze (the function that
  ``netj log``, both imports and ``netj db check --repair`` use);
* ``snoozed_until`` is only ever later than the last meeting (logging a meeting
  clears it), ``review_on`` is only set for paused people.

The morning list has the same size at every journal size: ``--overdue``
people are overdue for contact, ``--due-follow-ups`` open follow-ups and
``--due-reviews`` pause reviews fall due on ``--today``; everyone else with a
cadence was met recently enough (or added recently and not met yet). That way
``netj due`` on a small and a large journal prints about the same rows, and
the difference between the two timings is the cost of the journal's size.

Same ``--seed``, ``--today`` and sizes give the same journal (apart from the
migration's ``applied_at`` stamp).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from netjournal.domain.dates import Span, parse_cadence
from netjournal.domain.handles import slugify
from netjournal.storage.derived import next_due
from netjournal.storage.open import open_journal

# --- vocabulary ---------------------------------------------------------------------

FIRST_NAMES = """
Aaliyah Aaron Abdul Ada Adebayo Adrian Agnieszka Ahmed Aiko Aisha Alejandro Alex Alexandra Ali Alice
Amara Amir Ana Anders Andrea Andrew Anika Anna Anton Arjun Astrid Ava Beatriz Ben Bianca Björn Brian
Camille Carla Carlos Caroline Catherine Chen Chiara Chloe Chris Christine Claire Connor Daniel Daniela
Dan David Deepa Diana Diego Dmitri Elena Eli Elif Elizabeth Emeka Emily Emma Erik Esther Fatima Felix
Fernando Fiona Francesca François Gabriel Grace Hana Hannah Hassan Helen Hiroshi Ian Ingrid Isabel
Ivan Jack Jakub James Jana Javier Jennifer Jessica Jin João Jonas Jorge José Julia Julian Karen Kate
Kenji Kofi Lars Laura Leila Leon Liam Lina Lorraine Lucas Lucía Luis Maja Marco Margaret Maria Mark
Marta Matteo Maya Mehmet Mei Michael Miguel Mohammed Nadia Naomi Nicolás Nina Noah Nora Olga Oliver
Omar Paolo Patrick Paul Pedro Peter Priya Rachel Rafael Rahul Ravi Rebecca Ricardo Rosa Ruth Ryan Sam
Sara Sean Sebastian Shira Simone Sofia Søren Stefan Sunita Susan Takeshi Thomas Tomás Tobias Uma Valentina
Victor Wei Yara Yusuf Zanele Zoë
""".split()

LAST_NAMES = """
Abbott Adeyemi Almeida Andersen Bakker Banerjee Barnes Becker Bennett Bianchi Blanco Brennan Brooks
Campbell Carter Castillo Chen Chu Clarke Costa Cruz Dahl Davies Dubois Edwards Eriksson Evans Fischer
Fitzgerald Fontaine Garcia Gómez Green Gupta Hall Hansen Harris Herrera Hoffmann Hughes Ibrahim Ito
Jackson Jansen Johansson Jones Kaur Kelly Khan Kim Kowalski Kumar Larsen Laurent Lee Lewis Lindqvist
Lopez Marshall Martin Martínez Mensah Meyer Miller Mitchell Moreau Morris Müller Murphy Nakamura Natarajan
Nguyen Nielsen Novak Nowak O'Brien Okafor Olsen Ortiz Park Patel Pereira Peters Petrov Phillips Quinn
Ramos Reid Reyes Richter Rossi Russo Santos Sato Schmidt Schneider Scott Silva Singh Smith Sokolov
Suzuki Tanaka Taylor Thompson Torres Turner Van Dijk Varga Vogel Wagner Walker Wang Watanabe Weber
Whitfield Williams Wilson Wright Yamamoto Yilmaz Young Zhang Zimmermann
""".split()

COMPANY_STEMS = """
Acorn Alder Apex Arbor Atlas Beacon Birch Blue Door Bright Brightside Cedar Clearwater Compass Copper
Crescent Elm Evergreen Falcon Fern Granite Harbour Hawthorn Highland Horizon Iron Juniper Keystone
Lakeside Lantern Linden Maple Meridian Northwind Oak Orchard Park Pine Prairie Quarry Redwood Ridge
River Sable Sage Silver Spruce Station Summit Tidewater Trillium Union Vale Willow
""".split()

COMPANY_KINDS = """
Accounting Advisory Analytics Architects Bakery Bank Brewing Capital Coaching Consulting Dental Design
Engineering Events Finance Fitness Insurance Labs Law Legal Logistics Marketing Media Partners Payroll
Properties Realty Recruiting Software Studio Systems Tax Therapy Travel Ventures Wealth
""".split()

TITLES = [
    "Owner", "Founder", "Co-founder", "Managing partner", "Partner", "Director", "Head of sales",
    "Accountant", "Tax advisor", "Estate lawyer", "Business banker", "Broker", "Financial planner",
    "Marketing coach", "Brand designer", "Recruiter", "Office manager", "CEO", "COO", "CFO",
    "Account manager", "Consultant", "Architect", "Photographer", "Real-estate agent", "Therapist",
]

TAGS = [
    "partner", "prospect", "referral", "client", "former-client", "finance", "legal", "insurance",
    "marketing", "design", "tech", "real-estate", "chamber", "bni", "alumni", "mentor", "mentee",
    "speaker", "podcast", "investor", "supplier", "local", "remote", "conference", "family-business",
]

CADENCES = [("2w", 6), ("30d", 22), ("45d", 10), ("6w", 14), ("2m", 14), ("3m", 18), ("6m", 10), ("1y", 6)]

KINDS = [("coffee", 30), ("call", 20), ("video", 14), ("lunch", 12), ("message", 10), ("event", 8), ("other", 6)]

PLACES = {
    "coffee": ["Blue Door Café", "Station Coffee", "The Roastery", "Corner Bakery", "Hotel lobby bar",
               "Café Linden", "Espresso Lab", "their office", "my office"],
    "lunch": ["Trattoria Nove", "Harbour Grill", "The Green Table", "Noodle Bar", "Golf club",
              "Sushi Kaze", "Bistro 21", "their canteen"],
    "event": ["Chamber breakfast", "BNI chapter meeting", "Small Business Expo", "Founders' meetup",
              "Rotary lunch", "Industry conference", "Alumni evening", "Co-working open house"],
    "other": ["Trade fair booth", "Gym", "Airport lounge", "School gate", "Park run"],
}

TOPICS = [
    "referral partnerships", "tax season", "hiring a first employee", "pricing", "a workshop we could co-host",
    "their new website", "cash flow", "a joint newsletter", "succession planning", "the chamber committee",
    "a client we share", "their expansion plans", "LinkedIn content", "insurance for freelancers",
    "a speaking slot", "the local property market", "grant applications", "a podcast interview",
]

NOTE_SENTENCES = [
    "Arrived a few minutes late but apologised and got straight to the point.",
    "Had read my website and came with two ideas for clients we share.",
    "Asked every question back and checked she understood before answering.",
    "Talked about {topic} for most of the hour.",
    "Did not ask a single question about my business.",
    "Handed me a brochure within the first five minutes.",
    "Knows the market cold and had prepared specific questions.",
    "Wants introductions to two people in my network who work on {topic}.",
    "Agreed to meet again after the summer to compare notes on {topic}.",
    "Mentioned a client who might need a coach; promised to make the introduction.",
    "Good energy, but we serve quite different markets.",
    "Was distracted by the phone for a good part of the meeting.",
    "Listened carefully and summarised my situation better than I could.",
    "Came with a written list of questions about {topic}.",
    "Pitched their services twice even though I said I was not buying.",
    "Offered to review my proposal before I send it out.",
    "Brought a colleague along without warning, which made it harder to talk openly.",
    "Shared numbers from their last quarter, which was generous.",
    "We spent the first twenty minutes on small talk about holidays and children.",
    "Follow-up email arrived the same evening with the links we discussed.",
    "Seems overloaded at the moment; better to wait a couple of months.",
    "Interested in co-hosting something on {topic} next quarter.",
    "Remembered details from our last conversation and asked how it went.",
    "Still has not sent the introduction promised last time.",
    "Recommended a book on {topic} that I should read.",
    "Spoke mostly about their vision; hard to get a word in.",
    "Very practical advice on {topic}, with two names to contact.",
    "The meeting ran over by half an hour, in a good way.",
    "Short call; we confirmed the date for the next session.",
    "Asked me to keep an eye out for clients who need help with {topic}.",
]

PERSON_NOTES = [
    "Prefers mornings.", "Met through the chamber of commerce.", "Introduced by a former client.",
    "Vegetarian; pick the lunch place accordingly.", "Hates phone calls, prefers a message first.",
    "Has two kids at the same school as mine.", "Runs marathons; ask about the last race.",
    "Speaks Spanish and Portuguese.", "Very busy in tax season (Feb–Apr).", "Likes detailed agendas.",
]

FOLLOW_UPS = [
    "Send {first} the workshop dates", "Introduce {first} to the accountant I mentioned",
    "Send {first} the slides from the talk", "Share the proposal draft with {first}",
    "Ask {first} for feedback on the pricing page", "Send {first} the book recommendation",
    "Invite {first} to the next chamber breakfast", "Forward the job description to {first}",
    "Check in with {first} about the referral", "Send {first} the podcast link",
]

# Columns named in every INSERT, so a later migration that adds a column (schema v2
# added person.birthday) leaves it NULL instead of breaking the generator.
PERSON_COLUMNS = ("id, handle, name, company, title, email, phone, url, notes, cadence, status, review_on, "
                  "snoozed_until, last_contact_on, next_due_on, created_at, updated_at")
MEETING_COLUMNS = "id, on_date, at_time, kind, place, notes, created_at"
ATTENDANCE_COLUMNS = "meeting_id, person_id, on_date, minutes_late"
SCORE_COLUMNS = "meeting_id, person_id, dimension, value"
FOLLOW_UP_COLUMNS = "id, person_id, meeting_id, text, due_on, done_on, created_at"
REFERRAL_COLUMNS = ("id, direction, person_id, other_person_id, on_date, note, outcome, outcome_on, value, "
                    "created_at, updated_at")

REFERRAL_NOTES = [
    "A client who needs help with {topic}", "Introduced over email", "Warm introduction at the chamber breakfast",
    "Their neighbour is looking for advice on {topic}", "Passed on a lead from the BNI chapter",
    "A friend of a client, asking about {topic}", "Mentioned my name to their accountant",
    "Forwarded my details after our coffee", "Shared a contact at a larger firm",
]
# Outcomes by age: recent referrals are mostly still open, older ones are settled.
OUTCOMES_RECENT = (("open", 60), ("met", 25), ("won", 10), ("lost", 5))
OUTCOMES_SETTLED = (("open", 15), ("met", 30), ("won", 30), ("lost", 25))


def _marks(columns: str) -> str:
    return ", ".join("?" * len(columns.split(",")))


# --- helpers ----------------------------------------------------------------------------


def _weighted(pairs):
    values = [v for v, _ in pairs]
    cum, total = [], 0
    for _, w in pairs:
        total += w
        cum.append(total)
    return values, cum


def _latest_overdue_start(span: Span, today: date) -> date:
    """The latest date ``d`` with ``span.after(d) <= today``: meeting someone on
    or before it makes them due today."""
    d = span.before(today)
    while span.after(d + timedelta(days=1)) <= today:
        d += timedelta(days=1)
    while span.after(d) > today:
        d -= timedelta(days=1)
    return d


class _Stamps:
    """ISO dates and timestamps, cached per day (a few thousand distinct days)."""

    def __init__(self) -> None:
        self._dates: dict[int, str] = {}

    def d(self, ordinal: int) -> str:
        s = self._dates.get(ordinal)
        if s is None:
            s = self._dates[ordinal] = date.fromordinal(ordinal).isoformat()
        return s

    def ts(self, ordinal: int, seconds: int) -> str:
        h, rem = divmod(seconds, 3600)
        return f"{self.d(ordinal)}T{h:02d}:{rem // 60:02d}:{rem % 60:02d}Z"


# --- the generator ----------------------------------------------------------------------


def generate(
    *, people: int, meetings: int, db: Path, seed: int = 1, today: date | None = None,
    overdue: int = 25, due_follow_ups: int = 8, due_reviews: int = 3, years: float = 3.0,
    referrals_per_person: float = 0.3, quiet: bool = False,
) -> dict[str, int]:
    t0 = time.perf_counter()
    log = (lambda *a: None) if quiet else (lambda msg: print(f"[{time.perf_counter() - t0:6.1f}s] {msg}", file=sys.stderr))
    if people < 1 or meetings < 0:
        raise SystemExit("--people must be at least 1 and --meetings at least 0")
    if db.exists():
        raise SystemExit(f"{db} exists; remove it first (the generator only fills a new journal)")
    rng = random.Random(seed)
    today = today or date.today()
    day0 = today.toordinal()
    start = day0 - round(365.25 * years)
    last_day = day0 - 1  # meetings are logged up to yesterday: it is morning, time for `netj due`
    st = _Stamps()

    # -- people: profile, creation, status, cadence ------------------------------------
    cad_values, cad_cum = _weighted(CADENCES)
    spans = {c: parse_cadence(c) for c in cad_values}
    overdue_from = {c: _latest_overdue_start(s, today).toordinal() for c, s in spans.items()}
    profiles = []
    for _ in range(people):
        # a fifth came in with the first import of contacts, the rest one by one
        created = start + rng.randint(0, 6) if rng.random() < 0.2 else rng.randint(start, last_day)
        r = rng.random()
        status = "active" if r < 0.90 else "paused" if r < 0.94 else "archived"
        cadence = rng.choices(cad_values, cum_weights=cad_cum)[0] if rng.random() < 0.8 else None
        profiles.append([created, rng.randint(7 * 3600, 21 * 3600), status, cadence])
    profiles.sort(key=lambda p: (p[0], p[1]))  # ids in creation order, as autoincrement gives

    # who is due today, who is merely tracked, who was never met
    tracked = [i for i, p in enumerate(profiles) if p[2] == "active" and p[3] is not None]
    rng.shuffle(tracked)
    can_be_overdue = [i for i in tracked if profiles[i][0] <= overdue_from[profiles[i][3]]]
    overdue_set = set(can_be_overdue[:overdue])
    snoozed_set = set(can_be_overdue[overdue: overdue + max(1, len(tracked) // 100)])
    anchor: list[int | None] = [None] * people  # the planned date of the last meeting
    snoozed_until: list[int | None] = [None] * people
    for i, (created, _secs, status, cadence) in enumerate(profiles):
        if cadence is not None and status == "active":
            latest_due = overdue_from[cadence]
            if i in overdue_set or i in snoozed_set:
                if i in snoozed_set:
                    snoozed_until[i] = day0 + rng.randint(1, 30)
                if rng.random() < 0.15:
                    continue  # added long ago, never met
                anchor[i] = rng.randint(max(created, latest_due - 60), latest_due)
            elif created > latest_due and rng.random() < 0.3:
                continue  # added recently, not met yet, not due yet
            else:
                anchor[i] = rng.randint(max(created, latest_due + 1), last_day)
        elif rng.random() >= 0.1:
            anchor[i] = rng.randint(created, last_day)

    # -- attendance slots: every met person once (their last meeting), the rest spread
    sizes = rng.choices((1, 2, 3), cum_weights=(72, 93, 100), k=meetings)
    slots = sum(sizes)
    met = [i for i in range(people) if anchor[i] is not None]
    if len(met) > slots:  # more people than attendance slots: the extra ones were never met
        rng.shuffle(met)
        for i in met[slots:]:
            anchor[i] = None  # a tracked one is then due like anyone never met
        met = sorted(met[:slots])
    weights = [rng.lognormvariate(0, 1.0) * (0.3 if profiles[i][2] == "archived" else 1.0) for i in met]
    att = [(anchor[i], i) for i in met]
    randint = rng.randint
    for i in (rng.choices(met, weights=weights, k=slots - len(met)) if met else ()):
        att.append((randint(profiles[i][0], anchor[i]), i))
    rng.shuffle(att)
    att.sort(key=lambda a: a[0])
    log(f"planned {people} people, {meetings} meetings, {len(att)} attendances")

    # -- open the journal with netj's own code, then bulk load --------------------------
    db.parent.mkdir(parents=True, exist_ok=True)
    journal = open_journal(db, now=datetime.now(UTC))
    journal.materialize()  # netj creates a new journal's file at its first write: this is one
    conn = journal.conn
    conn.execute("PRAGMA foreign_keys = OFF")  # rows go in meetings first; checked at the end
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -1048576")  # 1 GiB: keeps the secondary indexes in memory
    conn.execute("BEGIN")

    kind_values, kind_cum = _weighted(KINDS)
    quality = [(rng.uniform(1.5, 4.8), rng.uniform(1.5, 4.8)) for _ in range(people)]
    last_contact = [0] * people
    last_stamp = [""] * people
    meeting_rows, attendance_rows, score_rows, follow_ups = [], [], [], []
    fu_id = 0
    pos = 0
    n_att = n_scores = 0
    random_ = rng.random
    choice = rng.choice
    gauss = rng.gauss
    for mid in range(1, meetings + 1):
        group = att[pos: pos + sizes[mid - 1]]
        pos += sizes[mid - 1]
        day = group[-1][0]  # the latest of the planned dates: nobody's last contact moves earlier
        kind = rng.choices(kind_values, cum_weights=kind_cum)[0]
        places = PLACES.get(kind)
        place = choice(places) if places and random_() < 0.85 else None
        at_time = f"{randint(7, 19):02d}:{choice(('00', '15', '30', '45'))}" if random_() < 0.6 else None
        if random_() < 0.9:
            sentences = [choice(NOTE_SENTENCES) for _ in range(randint(1, 5))]
            notes = " ".join(sentences).replace("{topic}", choice(TOPICS))
        else:
            notes = None
        logged_day = min(day + (1 if random_() < 0.2 else 0), day0)
        created_at = st.ts(logged_day, randint(6 * 3600, 23 * 3600) if logged_day < day0 else randint(0, 6 * 3600))
        on = st.d(day)
        meeting_rows.append((mid, on, at_time, kind, place, notes, created_at))
        seen = set()
        for _planned, pid in group:
            if pid in seen:  # the same person drawn twice for one meeting
                continue
            seen.add(pid)
            late = randint(0, 20) if kind in ("coffee", "lunch") and random_() < 0.15 else None
            attendance_rows.append((mid, pid + 1, on, late))
            p_score = 0.5 if kind in ("message", "event", "other") else 0.88
            lq, pq = quality[pid]
            if random_() < p_score:
                score_rows.append((mid, pid + 1, "listening", min(5, max(1, round(gauss(lq, 0.8))))))
            if random_() < p_score:
                score_rows.append((mid, pid + 1, "preparation", min(5, max(1, round(gauss(pq, 0.8))))))
            if day >= last_contact[pid]:
                last_contact[pid] = day
            if created_at > last_stamp[pid]:
                last_stamp[pid] = created_at
        if random_() < 0.12:
            for _ in range(1 if random_() < 0.85 else 2):
                owner = choice(group)[1]
                fu_id += 1
                follow_ups.append([fu_id, owner + 1, mid, choice(FOLLOW_UPS), day + randint(2, 30), created_at])
        if len(meeting_rows) >= 20_000:
            n_att += len(attendance_rows)
            n_scores += len(score_rows)
            _flush(conn, meeting_rows, attendance_rows, score_rows)
    n_att += len(attendance_rows)
    n_scores += len(score_rows)
    _flush(conn, meeting_rows, attendance_rows, score_rows)
    del att
    log(f"inserted {meetings} meetings, {n_att} attendances, {n_scores} scores")

    # -- people rows, with the derived columns the write paths store --------------------
    firsts = [rng.choice(FIRST_NAMES) for _ in range(people)]
    handles_taken: dict[str, int] = {}
    emails_taken: set[str] = set()
    person_rows, tag_rows = [], []
    paused = [i for i, p in enumerate(profiles) if p[2] == "paused"]
    paused_due = set(rng.sample(paused, min(due_reviews, len(paused))))  # up for review today
    company_pool = [f"{rng.choice(COMPANY_STEMS)} {rng.choice(COMPANY_KINDS)}" for _ in range(max(50, people // 8))]
    n_due = 0
    for i, (created, secs, status, cadence) in enumerate(profiles):
        first = firsts[i]
        last = rng.choice(LAST_NAMES)
        name = f"{first} {chr(rng.randint(65, 90))}. {last}" if rng.random() < 0.08 else f"{first} {last}"
        base = slugify(name)
        n = handles_taken.get(base, 0) + 1
        handles_taken[base] = n
        handle = base if n == 1 else f"{base}-{n}"
        company = rng.choice(company_pool) if rng.random() < 0.85 else None
        email = None
        if rng.random() < 0.7:
            domain = (slugify(company).replace("-", "") if company else rng.choice(("gmail", "outlook", "proton"))) + ".example"
            local = slugify(f"{first} {last}").replace("-", ".")
            email, k = f"{local}@{domain}", 1
            while email in emails_taken:
                k += 1
                email = f"{local}{k}@{domain}"
            emails_taken.add(email)
        created_at = st.ts(created, secs)
        lc = last_contact[i] or None
        review_on = None
        updated_at = max(created_at, last_stamp[i])
        if status == "paused":
            review_on = day0 - rng.randint(0, 20) if i in paused_due else day0 + rng.randint(1, 180)
            review_on = st.d(review_on)
        snooze = snoozed_until[i]  # set after the last meeting (logging one clears it)
        nxt = next_due(status=status, cadence=cadence, created_at=created_at,
                       last_contact_on=date.fromordinal(lc) if lc else None,
                       snoozed_until=date.fromordinal(snooze) if snooze else None)
        if nxt is not None and nxt <= today:
            n_due += 1
        person_rows.append((
            i + 1, handle, name, company,
            rng.choice(TITLES) if rng.random() < 0.75 else None,
            email,
            f"+1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}" if rng.random() < 0.4 else None,
            f"https://www.linkedin.com/in/{handle}" if rng.random() < 0.25 else None,
            rng.choice(PERSON_NOTES) if rng.random() < 0.3 else None,
            cadence, status, review_on, st.d(snooze) if snooze else None,
            st.d(lc) if lc else None, nxt.isoformat() if nxt else None,
            created_at, updated_at,
        ))
        for tag in sorted(set(rng.sample(TAGS, rng.choices((0, 1, 2, 3), cum_weights=(20, 60, 88, 100))[0]))):
            tag_rows.append((i + 1, tag))
    conn.executemany(f"INSERT INTO person ({PERSON_COLUMNS}) VALUES ({_marks(PERSON_COLUMNS)})", person_rows)
    conn.executemany("INSERT INTO person_tag (person_id, tag) VALUES (?, ?)", tag_rows)
    log(f"inserted {people} people ({n_due} due for contact today), {len(tag_rows)} tags")

    # -- follow-ups: most done; a few open and due today, the rest open in the future --
    past = [f for f in follow_ups if f[4] <= day0]
    recent = [f for f in past if f[4] >= day0 - 60]
    open_due = {f[0] for f in rng.sample(recent, min(due_follow_ups, len(recent)))}
    fu_rows = []
    for fid, pid, mid, template, due, created_at in follow_ups:
        if due <= day0:
            done = None if fid in open_due else min(day0, due + rng.randint(-5, 10))
            done = None if done is None else max(done, date.fromisoformat(created_at[:10]).toordinal())
        else:
            done = min(day0, date.fromisoformat(created_at[:10]).toordinal() + rng.randint(0, 5)) if rng.random() < 0.25 else None
        first = person_rows[pid - 1][2].split()[0]
        fu_rows.append((fid, pid, mid, template.format(first=first), st.d(due), st.d(done) if done else None, created_at))
    conn.executemany(f"INSERT INTO follow_up ({FOLLOW_UP_COLUMNS}) VALUES ({_marks(FOLLOW_UP_COLUMNS)})", fu_rows)
    log(f"inserted {len(fu_rows)} follow-ups ({len(open_due)} open and due today)")

    # -- referrals (drawn last, so the rows above do not depend on them) ---------------
    ref_rows = _referrals(rng, st, people=people, count=round(people * referrals_per_person), met=met,
                          weights=weights, profiles=profiles, quality=quality, day0=day0, last_day=last_day)
    conn.executemany(f"INSERT INTO referral ({REFERRAL_COLUMNS}) VALUES ({_marks(REFERRAL_COLUMNS)})", ref_rows)
    log(f"inserted {len(ref_rows)} referrals")
    conn.execute("COMMIT")
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("person", "person_tag", "meeting", "attendance", "score", "follow_up", "referral")}
    conn.execute("PRAGMA foreign_keys = ON")
    bad = conn.execute("PRAGMA foreign_key_check").fetchall()
    if bad:
        raise SystemExit(f"foreign key check failed: {bad[:5]}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    journal.close()
    log(f"done: {db} ({db.stat().st_size / 2**20:.0f} MiB)")
    return counts


def _referrals(rng, st, *, people, count, met, weights, profiles, quality, day0, last_day) -> list[tuple]:
    """Referrals with the people you meet, the frequent ones more often. Who
    gives and who receives follows how the person shows up: the attentive
    ones pass business back, the others mostly take it (a one-way street's
    ledger). A third of the referrals you give are introductions to another
    person; older ones mostly have an outcome, and won ones usually a value."""
    if not met or count <= 0:
        return []
    rec_values, rec_cum = _weighted(OUTCOMES_RECENT)
    old_values, old_cum = _weighted(OUTCOMES_SETTLED)
    rows = []
    for rid, i in enumerate(rng.choices(met, weights=weights, k=count), start=1):
        lq, pq = quality[i]
        gives_back = 0.15 + 0.6 * ((lq + pq) / 2 - 1.5) / 3.3  # 0.15 .. 0.75
        direction = "received" if rng.random() < gives_back else "given"
        other = None
        if direction == "given" and people > 1 and rng.random() < 0.35:
            other = rng.randrange(people - 1)
            other += other >= i  # anyone but the person
        on = rng.randint(profiles[i][0], last_day)
        settled = day0 - on > 60
        values, cum = (old_values, old_cum) if settled else (rec_values, rec_cum)
        outcome = rng.choices(values, cum_weights=cum)[0]
        outcome_on = None if outcome == "open" else min(day0, on + rng.randint(3, 45))
        value = None
        if (outcome == "won" and rng.random() < 0.8) or rng.random() < 0.1:
            value = float(round(rng.lognormvariate(7.5, 0.9) / 50) * 50 or 50)
        note = rng.choice(REFERRAL_NOTES).replace("{topic}", rng.choice(TOPICS)) if rng.random() < 0.6 else None
        created_at = st.ts(on, rng.randint(8 * 3600, 20 * 3600))
        updated_at = st.ts(outcome_on, rng.randint(8 * 3600, 20 * 3600)) if outcome_on else created_at
        rows.append((rid, direction, i + 1, other + 1 if other is not None else None, st.d(on), note, outcome,
                     st.d(outcome_on) if outcome_on else None, value, created_at, max(created_at, updated_at)))
    rows.sort(key=lambda r: (r[9], r[0]))  # ids in the order they were recorded
    return [(n, *r[1:]) for n, r in enumerate(rows, start=1)]


def _flush(conn, meeting_rows, attendance_rows, score_rows) -> None:
    conn.executemany(f"INSERT INTO meeting ({MEETING_COLUMNS}) VALUES ({_marks(MEETING_COLUMNS)})", meeting_rows)
    conn.executemany(f"INSERT INTO attendance ({ATTENDANCE_COLUMNS}) VALUES ({_marks(ATTENDANCE_COLUMNS)})", attendance_rows)
    conn.executemany(f"INSERT INTO score ({SCORE_COLUMNS}) VALUES ({_marks(SCORE_COLUMNS)})", score_rows)
    meeting_rows.clear()
    attendance_rows.clear()
    score_rows.clear()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--people", type=int, required=True)
    ap.add_argument("--meetings", type=int, required=True)
    ap.add_argument("--db", type=Path, required=True, help="the journal to create (must not exist)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)")
    ap.add_argument("--overdue", type=int, default=25, help="people overdue for contact today (default 25)")
    ap.add_argument("--due-follow-ups", type=int, default=8, help="open follow-ups due today (default 8)")
    ap.add_argument("--due-reviews", type=int, default=3, help="paused people up for review today (default 3)")
    ap.add_argument("--years", type=float, default=3.0, help="history length in years (default 3)")
    ap.add_argument("--referrals-per-person", type=float, default=0.3, help="referrals to write per person (default 0.3)")
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args(argv)
    counts = generate(
        people=a.people, meetings=a.meetings, db=a.db, seed=a.seed, today=a.today, overdue=a.overdue,
        due_follow_ups=a.due_follow_ups, due_reviews=a.due_reviews, years=a.years,
        referrals_per_person=a.referrals_per_person, quiet=a.quiet,
    )
    if not a.quiet:
        print(" ".join(f"{k}={v}" for k, v in counts.items()), file=sys.stderr)


if __name__ == "__main__":
    main()
