"""The export writers on their own: records in, bytes out, no journal."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from netjournal.app.export import ExportHeader
from netjournal.domain.records import AttendeeRecord, FollowUpRecord, MeetingRecord, PersonRecord, ReferralRecord
from netjournal.formats import csv_tables, vcard_out
from netjournal.formats.registry import exporter

STAMP = "2026-11-22T00:00:00Z"


def person(pid=1, **kw) -> PersonRecord:
    base = dict(id=pid, handle="tomas-herrera", name="Tomás Herrera", company="Banco; Norte, S.A.",
                title="Business banker", email="tomas@banconorte.example", phone="+34 600 000 000",
                url="https://www.linkedin.com/in/tomas", tags=("finance", "partner"),
                notes="Met at the chamber.\nLikes mornings; \"direct\" talk.", cadence="2w", status="active",
                review_on=None, snoozed_until=None, last_contact_on=date(2026, 11, 2), next_due_on=date(2026, 11, 16),
                created_at=STAMP, updated_at=STAMP, birthday="--03-14")
    base.update(kw)
    return PersonRecord(**base)


def meeting(mid=1, **kw) -> MeetingRecord:
    base = dict(id=mid, date=date(2026, 11, 2), time="12:30", kind="lunch", place="Harbour, Grill",
                notes="=HYPERLINK(\"http://evil\")", created_at=STAMP, attendees=(
                    AttendeeRecord(1, "tomas-herrera", -5, {"listening": 5, "preparation": None, "humour": 3}),
                    AttendeeRecord(2, "ann-lee", None, {"listening": None, "preparation": None}),
                ))
    base.update(kw)
    return MeetingRecord(**base)


def follow_up(fid=1, **kw) -> FollowUpRecord:
    base = dict(id=fid, person_id=1, person="tomas-herrera", meeting_id=1, text="@Tomás: send the dates",
                due_on=date(2026, 11, 17), done_on=None, created_at=STAMP)
    base.update(kw)
    return FollowUpRecord(**base)


def referral(rid=1, **kw) -> ReferralRecord:
    base = dict(id=rid, direction="given", person_id=1, person="tomas-herrera", other_person_id=2,
                other_person="ann-lee", date=date(2026, 11, 3), note="-50% fee, first year", outcome="won",
                outcome_on=date(2026, 11, 20), value=1250.5, created_at=STAMP, updated_at=STAMP)
    base.update(kw)
    return ReferralRecord(**base)


def pairs(*records):
    kinds = {PersonRecord: "person", MeetingRecord: "meeting", FollowUpRecord: "follow_up", ReferralRecord: "referral"}
    yield "header", ExportHeader(1, STAMP)
    for r in records:
        yield kinds[type(r)], r


def csv_of(table: str, *records) -> tuple[bytes, list[dict]]:
    buf = io.BytesIO()
    exporter("csv", table).write(pairs(*records), buf)
    data = buf.getvalue()
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    return data, rows


# --- CSV -----------------------------------------------------------------------------------


def test_csv_people_is_rfc4180_with_a_bom_and_reads_back_the_same_values():
    p = person()
    data, rows = csv_of("people", p, meeting())
    assert data.startswith(b"\xef\xbb\xbfid,handle,name,")
    assert data.endswith(b"\r\n") and data.count(b"\r\n") == 2  # records end CRLF; the quoted newline is kept
    assert list(rows[0]) == list(csv_tables.PEOPLE)
    (row,) = rows
    back = {k: csv_tables.unescape(v) for k, v in row.items()}
    assert back["name"] == "Tomás Herrera"
    assert back["company"] == "Banco; Norte, S.A."
    assert back["notes"] == p.notes  # quoted newline and quotes survive
    assert back["phone"] == "+34 600 000 000"  # neutralised on the way out, undone on the way in
    assert row["phone"] == "'+34 600 000 000"
    assert back["tags"].split(",") == ["finance", "partner"]
    assert back["last_contact_on"] == "2026-11-02" and back["review_on"] == ""
    assert back["birthday"] == "--03-14"  # starts with '-': neutralised, undone exactly
    assert back["id"] == "1"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'quoted", "''", "plain", "a=b"])
def test_formula_cells_are_neutralised_and_the_rule_is_reversible(text):
    out = csv_tables.cell(text)
    assert not str(out).startswith(("=", "+", "-", "@", "\t", "\r"))
    assert csv_tables.unescape(out) == text


def test_numbers_stay_numbers_even_when_negative():
    assert csv_tables.cell(-5) == -5
    assert csv_tables.cell(None) == ""
    assert csv_tables.cell(date(2026, 1, 2)) == "2026-01-02"


def test_csv_meetings_has_one_row_per_attendee():
    _, rows = csv_of("meetings", person(), meeting())
    assert [r["person"] for r in rows] == ["tomas-herrera", "ann-lee"]
    first = rows[0]
    assert first["meeting_id"] == "1" and first["date"] == "2026-11-02" and first["time"] == "12:30"
    assert first["minutes_late"] == "-5" and first["listening"] == "5" and first["preparation"] == ""
    assert first["other_scores"] == "humour=3"
    assert first["notes"] == "'=HYPERLINK(\"http://evil\")"
    assert csv_tables.unescape(first["notes"]) == '=HYPERLINK("http://evil")'


def test_csv_follow_ups():
    _, rows = csv_of("follow-ups", follow_up(), follow_up(2, meeting_id=None, done_on=date(2026, 11, 20)))
    assert [csv_tables.unescape(r["text"]) for r in rows] == ["@Tomás: send the dates"] * 2
    assert rows[1]["meeting_id"] == "" and rows[1]["done_on"] == "2026-11-20"


def test_csv_referrals_keep_numbers_as_numbers_and_neutralise_text():
    data, rows = csv_of("referrals", person(), follow_up(), referral(),
                        referral(2, direction="received", other_person_id=None, other_person=None, note=None,
                                 outcome="open", outcome_on=None, value=None))
    assert list(rows[0]) == list(csv_tables.REFERRALS)
    assert b",1250.5," in data and rows[0]["note"] == "'-50% fee, first year"
    assert (rows[0]["other_person"], rows[0]["outcome_on"]) == ("ann-lee", "2026-11-20")
    assert (rows[1]["other_person_id"], rows[1]["value"], rows[1]["outcome"]) == ("", "", "open")


def test_csv_of_nothing_is_a_header_only():
    data, rows = csv_of("people")
    assert rows == [] and data == b"\xef\xbb\xbf" + ",".join(csv_tables.PEOPLE).encode() + b"\r\n"


# --- vCard ---------------------------------------------------------------------------------


def cards(*people) -> str:
    buf = io.BytesIO()
    exporter("vcard").write(pairs(*people, meeting()), buf)
    return buf.getvalue().decode("utf-8")


def test_vcard_is_3_0_crlf_folded_at_75_octets_without_splitting_characters():
    long = person(notes="é" * 200 + " 🙂" * 30)
    text = cards(long)
    raw = text.encode("utf-8")
    assert raw.count(b"\n") == raw.count(b"\r\n")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # each physical line is whole UTF-8: no character was split
    assert "VERSION:3.0\r\n" in text
    assert text.count("BEGIN:VCARD") == 1


def test_vcard_reads_back_with_vobject():
    import vobject

    p = person()
    (card,) = list(vobject.readComponents(cards(p)))
    assert card.fn.value == "Tomás Herrera"
    assert card.n.value.family == "Herrera" and card.n.value.given == "Tomás"
    assert card.org.value == ["Banco; Norte, S.A."]
    assert card.title.value == "Business banker"
    assert card.email.value == p.email
    assert card.tel.value == p.phone
    assert card.url.value == p.url
    assert card.bday.value == "--0314"
    assert card.note.value == p.notes
    assert card.categories.value == ["finance", "partner"]
    assert card.uid.value == vcard_out.uid(p)


def test_vcard_uid_is_stable_and_distinct():
    assert vcard_out.uid(person()) == vcard_out.uid(person(name="Renamed"))
    assert vcard_out.uid(person()) != vcard_out.uid(person(pid=2))


def test_vcard_leaves_out_empty_fields_and_writes_full_birthdays_as_they_are():
    import vobject

    p = person(company=None, title=None, email=None, phone=None, url=None, notes=None, tags=(), birthday="1980-03-14",
               name="Cher")
    (card,) = list(vobject.readComponents(cards(p)))
    assert set(card.contents) == {"version", "uid", "fn", "n", "bday"}
    assert card.bday.value == "1980-03-14" and card.n.value.given == "Cher"


def test_vcard_parses_back_with_netjs_own_reader():
    from netjournal.formats import vcard

    (c,) = list(vcard.parse(cards(person()).encode("utf-8")))
    assert (c.name, c.company, c.title, c.emails, c.phones, c.url, c.notes, c.birthday, c.tags) == (
        "Tomás Herrera", "Banco; Norte, S.A.", "Business banker", ("tomas@banconorte.example",),
        ("+34 600 000 000",), "https://www.linkedin.com/in/tomas", person().notes, "--03-14", ("finance", "partner"))


# --- the writers need the records they say they read ------------------------------------------

ALL = ("person", "meeting", "follow_up", "referral", "decision", "gains_change")


@pytest.mark.parametrize(("fmt", "table", "sections"), [
    ("json", "people", ALL), ("jsonl", "people", ALL),
    ("csv", "people", ("person",)), ("csv", "meetings", ("meeting",)), ("csv", "follow-ups", ("follow_up",)),
    ("csv", "referrals", ("referral",)),
    ("vcard", "people", ("person",)),
])
def test_exporters_read_only_their_sections(fmt, table, sections):
    assert exporter(fmt, table).sections == sections

