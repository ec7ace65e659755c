"""Which rows the undo record captures, and the triggers that capture them.

The triggers fire for every writer: the ORM, an import's ``executemany``, a
cascade of ``ON DELETE``, the refresh of derived dates. They capture only
while a write of the undo record is open (``undo_write.state = 'open'``, see
:mod:`.record`), and how depends on its ``mode``:

- ``rows``: every insert, update and delete, as the row's image before and
  after (JSON), one ``undo_row`` per row changed (a row changed twice keeps
  its first image before and its last after);
- ``bulk`` (an import): as ``rows`` for the rows that were there before
  it, nothing for the rows it adds (it keeps the range of ids it added,
  ``undo_write.added``) nor for the rows belonging to them (the attendance
  and scores of a new meeting, the tags of a new person);
- ``final`` (a deletion): nothing is captured; a write whose images include
  a deleted row can no longer be undone (``state`` ``gone``), and its images
  are dropped when the deletion commits;
- ``undo``: as ``rows``, so that ``netj undo`` can see what it touched;
- ``off``: nothing.

On SQLite a trigger names the columns of its table, so a migration that adds
a column must create this table's triggers again (:func:`statements`, after
dropping them with :func:`drop_statements`); ``tests/storage/test_undo_capture.py``
fails until it does. On PostgreSQL one function captures whole rows
(``to_jsonb``), called only when the trigger's ``WHEN`` clause, reading the
mode from settings local to the transaction, says so. SQLite's triggers read
the mode from the open ``undo_write`` row itself, so that a write by another
program (the ``sqlite3`` shell) still works, unrecorded.
"""

from __future__ import annotations

from dataclasses import dataclass

RECORD_TABLES = ("undo_write", "undo_row")


@dataclass(frozen=True)
class Captured:
    """A table the undo record captures: its key, its columns, and (for a
    table of rows owned by a row with an id) the owner's table and column."""

    keys: tuple[str, ...]
    columns: tuple[str, ...]
    owner: tuple[str, str] | None = None


# The tables of records as of schema v6, parents before the rows that refer to them.
CAPTURED: dict[str, Captured] = {
    "person": Captured(("id",), (
        "id", "handle", "name", "company", "title", "email", "phone", "url", "notes", "cadence", "status",
        "review_on", "snoozed_until", "last_contact_on", "next_due_on", "created_at", "updated_at", "birthday",
        "goals", "accomplishments", "interests", "networks", "skills")),
    "person_tag": Captured(("person_id", "tag"), ("person_id", "tag"), owner=("person", "person_id")),
    "meeting": Captured(("id",), ("id", "on_date", "at_time", "kind", "place", "notes", "created_at", "author")),
    "attendance": Captured(("meeting_id", "person_id"), ("meeting_id", "person_id", "on_date", "minutes_late"),
                           owner=("meeting", "meeting_id")),
    "score": Captured(("meeting_id", "person_id", "dimension"),
                      ("meeting_id", "person_id", "dimension", "value", "author"), owner=("meeting", "meeting_id")),
    "follow_up": Captured(("id",), ("id", "person_id", "meeting_id", "text", "due_on", "done_on", "created_at",
                                    "owed_by", "author")),
    "gains_change": Captured(("id",), ("id", "person_id", "field", "value", "changed_on", "created_at")),
    "decision": Captured(("id",), ("id", "person_id", "decided_on", "status", "review_on", "reason", "created_at")),
    "referral": Captured(("id",), ("id", "direction", "person_id", "other_person_id", "on_date", "note", "outcome",
                                   "outcome_on", "value", "created_at", "updated_at", "author")),
}
ID_TABLES = tuple(t for t, c in CAPTURED.items() if c.keys == ("id",))

RECORD_SCHEMA = (
    # One row per write of a named command. state: open (the transaction is
    # running), kept (it can be undone), undone, final (a deletion, a copy,
    # a repair: never undone), too_large (more rows than the record keeps),
    # gone (a row it changed was deleted since). marks: an import's largest
    # id of each table before it; added: the ids it added, {table: [first,
    # last, rows]}; counts: rows added, changed and removed, by table.
    """CREATE TABLE undo_write (
        id {pk},
        command TEXT NOT NULL,
        author TEXT,
        at TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'kept', 'undone', 'final', 'too_large', 'gone')),
        mode TEXT NOT NULL CHECK (mode IN ('rows', 'bulk', 'final', 'undo', 'off')),
        marks TEXT,
        added TEXT,
        counts TEXT,
        row_count INTEGER NOT NULL DEFAULT 0,
        undone_at TEXT
    ){strict}""",
    "CREATE INDEX ix_undo_write_open ON undo_write (state) WHERE state = 'open'",
    # The image of one row before and after a write (JSON; NULL: it did not exist).
    """CREATE TABLE undo_row (
        id {pk},
        write_id INTEGER NOT NULL REFERENCES undo_write (id) ON DELETE CASCADE,
        table_name TEXT NOT NULL,
        row_key TEXT NOT NULL,
        old_row TEXT,
        new_row TEXT,
        UNIQUE (write_id, table_name, row_key)
    ){strict}""",
    "CREATE INDEX ix_undo_row_key ON undo_row (table_name, row_key)",
)

_OPEN = "FROM undo_write WHERE state = 'open'"


def _image(ref: str, columns: tuple[str, ...]) -> str:
    return "json_object(" + ", ".join(f"'{c}', {ref}.{c}" for c in columns) + ")"


def _key(ref: str, keys: tuple[str, ...]) -> str:
    return "json_array(" + ", ".join(f"{ref}.{k}" for k in keys) + ")"


def _owner(table: str, c: Captured) -> tuple[str, str]:
    """The row with an id that a row belongs to: itself, or its owner."""
    return c.owner or (table, "id")


def _sqlite_triggers(table: str, c: Captured) -> tuple[str, ...]:
    parent, column = _owner(table, c)

    def capture(event: str, ref: str, old: str, new: str) -> str:
        # an import keeps no image of a row it added (or of one belonging to it): it keeps their ids
        added = f"{ref}.{column} > coalesce(CAST(json_extract(marks, '$.{parent}') AS INTEGER), 0)"
        return (f"CREATE TRIGGER undo_{table}_{event} AFTER {event.upper()} ON {table} BEGIN "
                f"INSERT INTO undo_row (write_id, table_name, row_key, old_row, new_row) "
                f"SELECT id, '{table}', {_key(ref, c.keys)}, {old}, {new} {_OPEN} "
                f"AND (mode IN ('rows', 'undo') OR (mode = 'bulk' AND NOT {added})) "
                "ON CONFLICT (write_id, table_name, row_key) DO UPDATE SET new_row = excluded.new_row; END")

    return (
        capture("insert", "NEW", "NULL", _image("NEW", c.columns)),
        capture("update", "OLD", _image("OLD", c.columns), _image("NEW", c.columns)),
        capture("delete", "OLD", _image("OLD", c.columns), "NULL"),
        f"CREATE TRIGGER undo_{table}_final AFTER DELETE ON {table} WHEN (SELECT mode {_OPEN}) = 'final' BEGIN "
        f"UPDATE undo_write SET state = 'gone' WHERE state = 'kept' AND id IN (SELECT write_id FROM undo_row "
        f"WHERE table_name = '{table}' AND row_key = {_key('OLD', c.keys)}); END",
    )


# PostgreSQL: one function does the capture for every table; its arguments are
# the key columns (comma-separated), and the table and column of the id the row
# belongs to. Each trigger's WHEN clause decides, from settings local to the
# transaction (see PgDialect.undo_state), whether to call it at all: an import
# of a million meetings pays a comparison per row, not a function call.
_PG_FUNCTION = """CREATE FUNCTION netj_undo_capture() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    w_id bigint := nullif(current_setting('netj.undo_write', true), '')::bigint;
    img_old jsonb;
    img_new jsonb;
    k text;
BEGIN
    IF w_id IS NULL THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        img_old := to_jsonb(OLD);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        img_new := to_jsonb(NEW);
    END IF;
    SELECT jsonb_agg(coalesce(img_new, img_old) -> u.c ORDER BY u.n)::text INTO k
        FROM unnest(string_to_array(TG_ARGV[0], ',')) WITH ORDINALITY AS u(c, n);
    IF current_setting('netj.undo_mode', true) = 'final' THEN
        UPDATE undo_write SET state = 'gone' WHERE state = 'kept' AND id IN
            (SELECT write_id FROM undo_row WHERE table_name = TG_TABLE_NAME AND row_key = k);
        RETURN NULL;
    END IF;
    INSERT INTO undo_row (write_id, table_name, row_key, old_row, new_row)
        VALUES (w_id, TG_TABLE_NAME, k, img_old::text, img_new::text)
        ON CONFLICT (write_id, table_name, row_key) DO UPDATE SET new_row = excluded.new_row;
    RETURN NULL;
END
$$"""


def _pg_triggers(table: str, c: Captured) -> tuple[str, ...]:
    parent, column = _owner(table, c)
    args = ", ".join(f"'{a}'" for a in (",".join(c.keys), parent, column))
    mode = "current_setting('netj.undo_mode', true)"
    mark = f"nullif(current_setting('netj.undo_mark_{parent}', true), '')::bigint"

    def trigger(event: str, ref: str, modes: tuple[str, ...]) -> str:
        listed = ", ".join(f"'{m}'" for m in modes)
        return (f"CREATE TRIGGER undo_{event} AFTER {event.upper()} ON {table} FOR EACH ROW "
                f"WHEN ({mode} IN ({listed}) OR ({mode} = 'bulk' AND {ref}.{column} <= {mark})) "
                f"EXECUTE FUNCTION netj_undo_capture({args})")

    return (trigger("insert", "NEW", ("rows", "undo")), trigger("update", "OLD", ("rows", "undo")),
            trigger("delete", "OLD", ("rows", "undo", "final")))


def statements(dialect: str, tables: tuple[str, ...] = tuple(CAPTURED)) -> tuple[str, ...]:
    """The triggers that capture ``tables`` on ``dialect``, as migration statements."""
    if dialect == "sqlite":
        return tuple(s for t in tables for s in _sqlite_triggers(t, CAPTURED[t]))
    return tuple(s for t in tables for s in _pg_triggers(t, CAPTURED[t]))


def drop_statements(dialect: str, tables: tuple[str, ...]) -> tuple[str, ...]:
    """Drop the triggers of ``tables`` (before :func:`statements` makes them again, in a later migration)."""
    if dialect == "sqlite":
        return tuple(f"DROP TRIGGER undo_{t}_{e}" for t in tables for e in ("insert", "update", "delete", "final"))
    return tuple(f"DROP TRIGGER undo_{e} ON {t}" for t in tables for e in ("insert", "update", "delete"))


def migration_statements(dialect: str) -> tuple[str, ...]:
    """Schema v6 on ``dialect``: the record's tables, and the triggers that fill them."""
    function = () if dialect == "sqlite" else (_PG_FUNCTION,)
    return (*RECORD_SCHEMA, *function, *statements(dialect))
