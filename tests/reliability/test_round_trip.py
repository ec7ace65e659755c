"""Case 5: hostile text survives export -> import into an empty journal ->
export, identically, with the exporting and the importing process in time
zones 25 hours apart (Pacific/Kiritimati is UTC+14, Pacific/Pago_Pago UTC-11)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile import NAMES, NOTE
from reliability_helpers import Journal

EAST = {"TZ": "Pacific/Kiritimati"}
WEST = {"TZ": "Pacific/Pago_Pago"}


def _fill(j: Journal, env: dict) -> None:
    j.ok("log", *NAMES, "--new", "--no-input", "--date", "2026-11-20", "--time", "23:30",
         "--place", NAMES[2], "--note", NOTE, "--follow-up", NOTE.splitlines()[1] + " " + NAMES[6],
         "--follow-up-on", "2026-12-01", "--follow-up-with", "robert-drop-table-person", env=env)
    j.ok("people", "add", "Ünïcödé Ådd", "--company", NAMES[4], "--title", NAMES[5], "--tag", "vip",
         "--email", "unicode@example.com", "--cadence", "6w", env=env)
    j.ok("log", NAMES[0], "--no-input", "--date", "2026-01-01", "--kind", "video",
         "--score", "zoe-nunez-oster:listening=5,preparation=1", "--note-file", "-",
         input=NOTE * 3, env=env)


def _parsed(raw: bytes) -> dict:
    data = json.loads(raw)
    data.pop("exported_at")
    return data


@pytest.mark.parametrize("pinned", [True, False], ids=["today-pinned", "real-clock"])
def test_export_import_export_is_identical_across_time_zones(tmp_path: Path, pinned: bool):
    source = Journal(tmp_path / "source")
    target = Journal(tmp_path / "target")
    if not pinned:  # real "today" and "now": the two processes' local dates differ
        for j in (source, target):
            j.env.pop("NETJ_TODAY")
    _fill(source, EAST)
    exported = source.ok("export", "--json", env=EAST).stdout_b
    (tmp_path / "export.json").write_bytes(exported)
    first = _parsed(exported)
    assert {p["name"] for p in first["people"]} >= set(NAMES)
    assert NOTE in [m["notes"] for m in first["meetings"]]
    assert NOTE * 3 in [m["notes"] for m in first["meetings"]]

    target.ok("import", str(tmp_path / "export.json"), env=WEST)
    second = _parsed(target.ok("export", "--json", env=WEST).stdout_b)
    assert second == first
    target.assert_sound()

    # and back again through JSON Lines, in the first time zone
    jsonl = target.ok("export", "--jsonl", env=WEST).stdout_b
    (tmp_path / "export.jsonl").write_bytes(jsonl)
    third = Journal(tmp_path / "third")
    if not pinned:
        third.env.pop("NETJ_TODAY")
    third.ok("import", str(tmp_path / "export.jsonl"), env=EAST)
    assert _parsed(third.ok("export", "--json", env=EAST).stdout_b) == first
    third.scores_are_integers_1_to_5()
