"""Contacts parsers without a database: fixture files in, Contact records out."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from netjournal.formats import addressbook, linkedin, vcard
from netjournal.formats.contacts import Contact, FormatProblem, Skipped, clean, decode, parse_birthday, url_keys
from netjournal.formats.registry import detect as detect_format

FIX = Path(__file__).parents[1] / "fixtures"


def contacts(items):
    return [c for c in items if isinstance(c, Contact)]


def by_name(items):
    return {c.name: c for c in contacts(items)}


@pytest.mark.parametrize("text, expected", [
    ("14 Mar 2024", date(2024, 3, 14)), ("1 May 2021", date(2021, 5, 1)), ("14-Mar-2024", date(2024, 3, 14)),
    ("Mar 14, 2024", date(2024, 3, 14)), ("2024-03-14", date(2024, 3, 14)), ("", None), ("30 Sept 2022", date(2022, 9, 30)),
])
def test_connected_on_is_parsed_without_the_locale(text, expected):
    assert linkedin.parse_connected_on(text) == expected


@pytest.mark.parametrize("text", ["14 Mär 2024", "31 Feb 2024", "14/03/2024", "yesterday"])
def test_connected_on_is_never_guessed(text):
    with pytest.raises(ValueError):
        linkedin.parse_connected_on(text)


def test_linkedin_current_export_with_preamble_bom_and_quoted_newline():
    items = list(linkedin.parse((FIX / "linkedin_connections.csv").read_bytes()))
    people = by_name(items)
    assert set(people) == {"Lorraine Chu", "Tomás Herrera", "Zoë Ødegård", "José García", "Ron Park"}
    lorraine = people["Lorraine Chu"]
    assert lorraine.company == "Chu & Partners, LLP"
    assert lorraine.emails == ("lorraine@chu-partners.example",)
    assert lorraine.url == "https://www.linkedin.com/in/lorraine-chu-example"
    assert lorraine.notes == "Connected on LinkedIn on 2024-03-14."
    assert lorraine.row == 5
    assert people["Tomás Herrera"].title == "SME lending,\nnorth region"
    assert people["José García"].repaired == ("First Name", "Last Name")
    assert people["Ron Park"].url == "https://www.linkedin.com/in/ron-park-example"
    assert [(s.row, s.reason[:7]) for s in items if isinstance(s, Skipped)] == [(10, "no name")]


def test_linkedin_old_export_without_url_column():
    people = by_name(linkedin.parse((FIX / "linkedin_connections_old.csv").read_bytes()))
    assert people["Maya Okafor"].url is None and people["Maya Okafor"].emails == ("maya@okafor.example",)
    assert people["Priya Natarajan"].emails == ()


def _zip(files: dict[str, bytes]) -> io.BytesIO:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    buf.seek(0)
    return buf


def test_linkedin_zip_is_opened_or_rejected_naming_the_file():
    data = (FIX / "linkedin_connections.csv").read_bytes()
    assert linkedin.open_export("x.zip", _zip({"Connections.csv": data, "Profile.csv": b"a"})) == data
    with pytest.raises(FormatProblem, match=r"Connections\.csv"):
        linkedin.open_export("x.zip", _zip({"Profile.csv": b"a"}))


def test_google_current_layout():
    people = by_name(addressbook.parse((FIX / "google_contacts.csv").read_bytes(), "google"))
    lorraine = people["Lorraine Chu"]
    assert lorraine.emails == ("lorraine@chu-partners.example", "lchu@home.example")
    assert lorraine.phones == ("+1 555 0100", "+1 555 0101")
    assert lorraine.tags == ("Partners", "Legal")  # not * myContacts, * starred
    assert lorraine.birthday == "1979-03-14" and lorraine.title == "Estate lawyer"
    assert lorraine.notes == "Prefers mornings.\nStudied my website."
    assert people["Dan Whitfield"].birthday == "--07-04"
    assert people["Acme Plumbing"].company == "Acme Plumbing"


def test_google_older_layout_ignores_misleading_columns():
    (maya,) = contacts(addressbook.parse((FIX / "google_contacts_old.csv").read_bytes(), "google"))
    assert (maya.name, maya.company, maya.title, maya.tags, maya.birthday) == (
        "Maya Okafor", "Okafor Accounting", "Accountant", ("Finance",), "1985-11-30")


def test_outlook_title_is_not_the_job_and_birthdays_are_not_guessed():
    people = by_name(addressbook.parse((FIX / "outlook_contacts.csv").read_bytes(), "outlook"))
    ron = people["Ron Park"]
    assert (ron.title, ron.birthday, ron.tags) == ("Broker", None, ("Prospects",))
    assert ron.emails == ("ron@parkinsurance.example", "ron.park@home.example")
    assert ron.phones[0] == "+1 555 0143"  # mobile first
    assert people["Aiko Tanaka"].birthday == "1988-03-25"
    assert people["Priya Natarajan"].birthday is None  # 4/5/1990: April 5 or 4 May


def test_semicolon_cp1252_file_needs_its_encoding():
    data = (FIX / "outlook_semicolon_cp1252.csv").read_bytes()
    with pytest.raises(FormatProblem, match="cp1252"):
        list(addressbook.parse(data, "outlook"))
    (soren,) = contacts(addressbook.parse(data, "outlook", encoding="cp1252"))
    assert (soren.name, soren.company) == ("Søren Müller", "Café Zürich")


def test_vcard_21_30_40():
    people = by_name(vcard.parse((FIX / "contacts_mixed.vcf").read_bytes()))
    jose = people["José García"]
    assert jose.notes == "Primera línea\nSegunda línea muy larga que se parte en dos líneas"
    assert jose.phones == ("+34 910 000 000", "+34 600 111 222")  # PREF first
    assert jose.birthday == "1985-07-09"
    lorraine = people["Lorraine Chu"]
    assert lorraine.company == "Chu & Partners, LLP"
    assert lorraine.notes == "Met at the chamber breakfast; likes mornings.\nSecond line"
    assert lorraine.emails[0] == "lchu@home.example"
    assert lorraine.birthday == "--03-14"  # Apple's 1604 = no year
    assert lorraine.url == "https://www.linkedin.com/in/lorrainechu"
    tomas = people["Tomás Herrera"]
    assert (tomas.birthday, tomas.phones) == ("--03-14", ("+1-555-555-0123",))


def test_vcard_cut_short_is_rejected():
    data = (FIX / "contacts_mixed.vcf").read_bytes()
    with pytest.raises(FormatProblem, match="END:VCARD"):
        list(vcard.parse(data[: data.rfind(b"END:VCARD")]))


@pytest.mark.parametrize("text, expected", [
    ("1980-03-14", "1980-03-14"), ("19800314", "1980-03-14"), ("--0314", "--03-14"), ("--03-14", "--03-14"),
    ("1604-03-14", "--03-14"), ("", None), ("--02-29", "--02-29"),
])
def test_birthdays(text, expected):
    assert parse_birthday(text) == expected


@pytest.mark.parametrize("text", ["14/03/1980", "1980-02-30", "March 14"])
def test_bad_birthdays_raise(text):
    with pytest.raises(ValueError):
        parse_birthday(text)


def test_text_policy():
    assert decode("é".encode("utf-8-sig")) == "é"
    assert decode("é".encode("utf-16")) == "é"
    with pytest.raises(FormatProblem, match="binary"):
        decode(b"\x89PNG\x00\x00\x00")
    assert clean("JosÃ©") == ("José", True)
    assert clean("Crème brûlée") == ("Crème brûlée", False)
    with pytest.raises(ValueError, match="U\\+FFFD"):
        clean("Jos\ufffd")


def test_company_websites_are_not_identities():
    assert url_keys("https://acme.example") == []
    assert "https://www.linkedin.com/in/x" in url_keys("http://linkedin.com/in/x/")


@pytest.mark.parametrize("name, fmt", [
    ("linkedin_connections.csv", "linkedin"), ("linkedin_connections_old.csv", "linkedin"),
    ("google_contacts.csv", "google"), ("google_contacts_old.csv", "google"), ("outlook_contacts.csv", "outlook"),
    ("outlook_semicolon_cp1252.csv", "outlook"), ("contacts_mixed.vcf", "vcard"),
])
def test_format_is_detected_from_the_contents(name, fmt):
    assert detect_format("renamed.txt", (FIX / name).read_bytes()) == fmt
