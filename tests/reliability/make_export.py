"""Write a large, seeded netj JSONL export (docs/json.md, schema_version 1)
without netj's code or the benchmarks: people, meetings with attendees and
scores, follow-ups. Derived fields (``last_contact_on``, ``next_due_on``) are
filled consistently with the meetings and cadences."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

FIRST = ("Ada Ben Cleo Dev Eve Finn Gia Hal Ida Jon Kai Lea Max Nia Oto Pia Quin Rui Sol Tam "
         "Uma Vic Wen Xia Yan Zoë Tomás Søren Łucja Anaïs").split()
LAST = ("Abbott Baker Chu Diaz Eng Fox Gupta Hale Ito Jones Khan Lopez Mori Ngo Ortiz Park "
        "Quist Rossi Sato Tran Ueda Vogel Wang Xu Yilmaz Zhou Müller O'Brien").split()
KINDS = ("coffee", "lunch", "call", "video", "event", "message", "other")
START = date(2023, 11, 22)
TODAY = date(2026, 11, 22)


def _stamp(d: date, rng: random.Random) -> str:
    return f"{d.isoformat()}T{rng.randint(7, 20):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z"


def write_export(path: Path, people: int = 2000, meetings: int = 20000, seed: int = 7) -> int:
    """Write the export to ``path``; return the number of records (header excluded)."""
    rng = random.Random(seed)
    span = (TODAY - START).days
    persons = []
    for i in range(1, people + 1):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"
        handle = f"bulk-{i}"
        persons.append({
            "id": i, "handle": handle, "name": name,
            "company": rng.choice([None, "Acorn Advisory", "Birch & Co", "Cedar Café"]),
            "title": None, "email": f"{handle}@example.com" if rng.random() < 0.7 else None,
            "phone": None, "url": None, "tags": sorted(rng.sample(["client", "peer", "referrer"], rng.randint(0, 2))),
            "notes": rng.choice([None, "Prefers mornings.", "Met at the guild dinner."]),
            "cadence": rng.choice([None, "30d", "6w", "90d"]), "status": "active",
            "review_on": None, "snoozed_until": None, "last_contact_on": None, "next_due_on": None,
            "created_at": _stamp(START, rng), "updated_at": _stamp(START, rng), "birthday": None,
        })
    rows = []
    for m in range(1, meetings + 1):
        d = START + timedelta(days=rng.randint(1, span))
        attendees = []
        for pid in sorted(rng.sample(range(1, people + 1), rng.choice((1, 1, 1, 2, 3)))):
            p = persons[pid - 1]
            if p["last_contact_on"] is None or p["last_contact_on"] < d.isoformat():
                p["last_contact_on"] = d.isoformat()
            attendees.append({"person_id": pid, "person": p["handle"],
                              "minutes_late": rng.choice([None, None, 0, 5, -3]),
                              "scores": {"listening": rng.choice([None, 1, 2, 3, 4, 5]),
                                         "preparation": rng.choice([None, 1, 2, 3, 4, 5])}})
        rows.append({"type": "meeting", "id": m, "date": d.isoformat(),
                     "time": rng.choice([None, "08:30", "12:15", "18:00"]), "kind": rng.choice(KINDS),
                     "place": rng.choice([None, "Blue Door Café", "Zoom"]),
                     "notes": rng.choice([None, f"Talked shop, meeting {m}.", "Promised an intro."]),
                     "attendees": attendees, "created_at": _stamp(d, rng)})
    rows.sort(key=lambda r: (r["date"], r["id"]))
    days = {"30d": 30, "6w": 42, "90d": 90}
    for p in persons:
        base = p["last_contact_on"] or p["created_at"][:10]
        if p["cadence"]:
            p["next_due_on"] = (date.fromisoformat(base) + timedelta(days=days[p["cadence"]])).isoformat()
    follow_ups = []
    for f in range(1, meetings // 8 + 1):
        m = rows[rng.randrange(len(rows))]
        a = m["attendees"][0]
        due = date.fromisoformat(m["date"]) + timedelta(days=rng.randint(1, 30))
        done = (due + timedelta(days=rng.randint(-3, 3))).isoformat() if due < TODAY and rng.random() < 0.8 else None
        if done is not None and done < m["date"]:
            done = m["date"]
        follow_ups.append({"type": "follow_up", "id": f, "person_id": a["person_id"], "person": a["person"],
                           "meeting_id": m["id"], "text": f"Send {a['person']} the notes #{f}",
                           "due_on": due.isoformat(), "done_on": done, "created_at": m["created_at"]})
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"type": "header", "schema_version": 1, "exported_at": "2026-11-22T08:00:00Z"}) + "\n")
        for record in [{"type": "person", **p} for p in persons] + rows + follow_ups:
            out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    return len(persons) + len(rows) + len(follow_ups)
