"""The journal's schema, as named, ordered migrations.

Why not Alembic: every command, including the start-up-sensitive ``netj due``
and shell completion, checks the schema version before it reads. With a small
migrations table that check is one indexed ``SELECT`` on the stdlib driver;
with Alembic it would import SQLAlchemy and Alembic (~400 ms) on every run.
Migrations here are plain SQL, written once per version and never edited; the
SQLModel tables in :mod:`netjournal.storage.tables` describe the same schema
for the ORM, and a test checks that the two agree.

SQL is kept dialect-neutral where it costs nothing (a PostgreSQL backend will
follow): dates are ISO-8601 ``TEXT`` (so they sort and compare as text on any
engine), timestamps are UTC ISO-8601 ``TEXT`` ending in ``Z``. The few
SQLite-only words are placeholders: ``{pk}`` (an integer key) and ``{strict}``
(SQLite STRICT tables, which refuse a 3.5 or ``'abc'`` in an INTEGER column).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from netjournal.domain.vocab import DIRECTIONS, GAINS, KINDS, OUTCOMES, OWED_BY, STATUSES
from netjournal.storage.undo import capture as undo_capture

AUTHORED = ("meeting", "score", "follow_up", "referral")  # the tables with an author column (schema v5)


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]
    dialects: tuple[str, ...] = ("sqlite", "postgresql")  # where its statements run; elsewhere a no-op
    per_dialect: dict[str, tuple[str, ...]] | None = None  # statements that differ by dialect, instead

    def statements_for(self, dialect: str) -> tuple[str, ...]:
        if self.per_dialect is not None:
            return self.per_dialect.get(dialect, ())
        return self.statements if dialect in self.dialects else ()


_KIND_LIST = ", ".join(f"'{k}'" for k in KINDS)
_STATUS_LIST = ", ".join(f"'{s}'" for s in STATUSES)


def _list(words: tuple[str, ...]) -> str:
    return ", ".join(f"'{w}'" for w in words)


# --- full-text search (migration 4) ----------------------------------------------------
#
# Every searchable text is one row of the FTS5 table ``search_index``, whose
# rowid says where it comes from: ``id * SEARCH_STRIDE + slot``. An update or
# a delete of a source row finds its index rows by rowid (O(1)), and a search
# hit finds its source row by primary key. Triggers keep the index in step
# with every writer: the ORM, ``netj import``'s ``executemany``, the
# benchmark generator's bulk load, and rows deleted by ON DELETE CASCADE.
# ``person_name_index`` indexes the words of people's names (for completion);
# it is an external-content table over ``person`` (rowid = person.id), so it
# keeps no second copy of the names. Both tokenize with unicode61 and
# remove_diacritics 2: "cafe" finds "Café", "zoe" finds "Zoë". SQLite only
# (a PostgreSQL backend would use a tsvector column with a GIN index).

SEARCH_STRIDE = 16
# (slot, table, column): the texts migration 4 indexes. Slots are never reused;
# a later migration that indexes another text adds its own triggers and
# extends SEARCH_SOURCES (which the repair reads), leaving this tuple as it is.
_V4_SOURCES: tuple[tuple[int, str, str], ...] = (
    (1, "meeting", "notes"),
    (2, "follow_up", "text"),
    (3, "person", "notes"),
    (4, "person", "goals"),
    (5, "person", "accomplishments"),
    (6, "person", "interests"),
    (7, "person", "networks"),
    (8, "person", "skills"),
    (9, "referral", "note"),
)
SEARCH_SOURCES = _V4_SOURCES  # every text the index holds, in this version
SEARCH_TABLE = "search_index"
NAME_TABLE = "person_name_index"
FTS_TABLES = (SEARCH_TABLE, NAME_TABLE)
FTS_SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")
_TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2'"


def search_fill_statements(sources: tuple[tuple[int, str, str], ...] = SEARCH_SOURCES) -> tuple[str, ...]:
    """Index every searchable text already in the journal (the migration, and
    ``netj db check --repair`` after emptying the index)."""
    return (
        *(f"INSERT INTO {SEARCH_TABLE} (rowid, body) SELECT id * {SEARCH_STRIDE} + {slot}, {column} "
          f"FROM {table} WHERE {column} IS NOT NULL" for slot, table, column in sources),
        f"INSERT INTO {NAME_TABLE} ({NAME_TABLE}) VALUES ('rebuild')",
    )


def _search_statements(sources: tuple[tuple[int, str, str], ...]) -> tuple[str, ...]:
    out = [
        f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5 (body, {_TOKENIZE})",
        f"CREATE VIRTUAL TABLE {NAME_TABLE} USING fts5 (name, content = 'person', content_rowid = 'id', {_TOKENIZE})",
    ]
    for table in dict.fromkeys(t for _, t, _ in sources):
        slots = [(slot, column) for slot, t, column in sources if t == table]
        row = lambda ref, slot: f"{ref}.id * {SEARCH_STRIDE} + {slot}"  # noqa: E731
        inserts = "".join(f"INSERT INTO {SEARCH_TABLE} (rowid, body) SELECT {row('new', slot)}, new.{column} "
                          f"WHERE new.{column} IS NOT NULL; " for slot, column in slots)
        deletes = "".join(f"DELETE FROM {SEARCH_TABLE} WHERE rowid = {row('old', slot)}; " for slot, _ in slots)
        out.append(f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN {inserts}END")
        out.append(f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN {deletes}END")
        for slot, column in slots:
            out.append(
                f"CREATE TRIGGER search_{table}_{column}_update AFTER UPDATE OF {column} ON {table} "
                f"WHEN old.{column} IS NOT new.{column} BEGIN "
                f"DELETE FROM {SEARCH_TABLE} WHERE rowid = {row('old', slot)}; "
                f"INSERT INTO {SEARCH_TABLE} (rowid, body) SELECT {row('new', slot)}, new.{column} "
                f"WHERE new.{column} IS NOT NULL; END"
            )
    delete_name = f"INSERT INTO {NAME_TABLE} ({NAME_TABLE}, rowid, name) VALUES ('delete', old.id, old.name);"
    insert_name = f"INSERT INTO {NAME_TABLE} (rowid, name) VALUES (new.id, new.name);"
    out += [
        f"CREATE TRIGGER person_name_insert AFTER INSERT ON person BEGIN {insert_name} END",
        f"CREATE TRIGGER person_name_delete AFTER DELETE ON person BEGIN {delete_name} END",
        f"CREATE TRIGGER person_name_update AFTER UPDATE OF name ON person "
        f"WHEN old.name IS NOT new.name BEGIN {delete_name} {insert_name} END",
    ]
    return (*out, *search_fill_statements(sources))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "initial journal: people, tags, meetings, attendance, scores, follow-ups",
        (
            f"""CREATE TABLE person (
                id {{pk}},
                handle TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL CHECK (length(name) > 0),
                company TEXT,
                title TEXT,
                email TEXT,
                phone TEXT,
                url TEXT,
                notes TEXT,
                cadence TEXT,
                status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ({_STATUS_LIST})),
                review_on TEXT,
                snoozed_until TEXT,
                last_contact_on TEXT,
                next_due_on TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            ){{strict}}""",
            "CREATE UNIQUE INDEX ux_person_email ON person (lower(email))",
            "CREATE INDEX ix_person_next_due ON person (next_due_on) WHERE next_due_on IS NOT NULL",
            "CREATE INDEX ix_person_review ON person (review_on) WHERE status = 'paused'",
            """CREATE TABLE person_tag (
                person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
                tag TEXT NOT NULL CHECK (length(tag) > 0),
                PRIMARY KEY (person_id, tag)
            ){strict}""",
            "CREATE INDEX ix_person_tag_tag ON person_tag (tag)",
            f"""CREATE TABLE meeting (
                id {{pk}},
                on_date TEXT NOT NULL,
                at_time TEXT,
                kind TEXT NOT NULL CHECK (kind IN ({_KIND_LIST})),
                place TEXT,
                notes TEXT,
                created_at TEXT NOT NULL
            ){{strict}}""",
            "CREATE INDEX ix_meeting_date ON meeting (on_date)",
            """CREATE TABLE attendance (
                meeting_id INTEGER NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
                person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
                on_date TEXT NOT NULL,
                minutes_late INTEGER,
                PRIMARY KEY (meeting_id, person_id)
            ){strict}""",
            "CREATE INDEX ix_attendance_person_date ON attendance (person_id, on_date)",
            """CREATE TABLE score (
                meeting_id INTEGER NOT NULL,
                person_id INTEGER NOT NULL,
                dimension TEXT NOT NULL CHECK (length(dimension) > 0),
                value INTEGER NOT NULL CHECK (value BETWEEN 1 AND 5),
                PRIMARY KEY (meeting_id, person_id, dimension),
                FOREIGN KEY (meeting_id, person_id)
                    REFERENCES attendance (meeting_id, person_id) ON DELETE CASCADE
            ){strict}""",
            "CREATE INDEX ix_score_person ON score (person_id)",
            """CREATE TABLE follow_up (
                id {pk},
                person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
                meeting_id INTEGER REFERENCES meeting (id) ON DELETE SET NULL,
                text TEXT NOT NULL CHECK (length(text) > 0),
                due_on TEXT NOT NULL,
                done_on TEXT,
                created_at TEXT NOT NULL
            ){strict}""",
            "CREATE INDEX ix_follow_up_open ON follow_up (due_on) WHERE done_on IS NULL",
            "CREATE INDEX ix_follow_up_person ON follow_up (person_id)",
        ),
    ),
    Migration(
        2,
        "birthdays, and profile URLs indexed for matching imported contacts",
        (
            # YYYY-MM-DD, or --MM-DD when the year is not known (as in vCard 4).
            "ALTER TABLE person ADD COLUMN birthday TEXT",
            "CREATE INDEX ix_person_url ON person (lower(url)) WHERE url IS NOT NULL",
        ),
    ),
    Migration(
        3,
        "referral ledger, GAINS profiles with their history, review decisions, follow-ups owed to you",
        (
            *(f"ALTER TABLE person ADD COLUMN {g} TEXT" for g in GAINS),
            # Each change of a GAINS field, with the day it was learned; NULL = cleared.
            f"""CREATE TABLE gains_change (
                id {{pk}},
                person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
                field TEXT NOT NULL CHECK (field IN ({_list(GAINS)})),
                value TEXT,
                changed_on TEXT NOT NULL,
                created_at TEXT NOT NULL
            ){{strict}}""",
            "CREATE INDEX ix_gains_change_person ON gains_change (person_id, changed_on)",
            # Every status decision (pause with a review date, archive, activate) with its reason.
            f"""CREATE TABLE decision (
                id {{pk}},
                person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
                decided_on TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ({_STATUS_LIST})),
                review_on TEXT,
                reason TEXT,
                created_at TEXT NOT NULL
            ){{strict}}""",
            "CREATE INDEX ix_decision_person ON decision (person_id, decided_on)",
            # People paused or archived before decisions were recorded keep one,
            # dated by their last change, so their history is never empty.
            """INSERT INTO decision (person_id, decided_on, status, review_on, reason, created_at)
               SELECT id, substr(updated_at, 1, 10), status, review_on, NULL, updated_at
               FROM person WHERE status <> 'active' ORDER BY id""",
            # given: you passed business to person_id, or introduced person_id to
            # other_person_id; received: person_id passed business to you.
            f"""CREATE TABLE referral (
                id {{pk}},
                direction TEXT NOT NULL CHECK (direction IN ({_list(DIRECTIONS)})),
                person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
                other_person_id INTEGER REFERENCES person (id) ON DELETE SET NULL,
                on_date TEXT NOT NULL,
                note TEXT,
                outcome TEXT NOT NULL DEFAULT 'open' CHECK (outcome IN ({_list(OUTCOMES)})),
                outcome_on TEXT,
                value REAL CHECK (value IS NULL OR value >= 0),
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                CHECK (other_person_id IS NULL OR other_person_id <> person_id)
            ){{strict}}""",
            "CREATE INDEX ix_referral_person ON referral (person_id, on_date)",
            "CREATE INDEX ix_referral_other ON referral (other_person_id) WHERE other_person_id IS NOT NULL",
            "CREATE INDEX ix_referral_date ON referral (on_date)",
            # me: a promise you made; them: a promise the person made to you.
            f"ALTER TABLE follow_up ADD COLUMN owed_by TEXT NOT NULL DEFAULT 'me' CHECK (owed_by IN ({_list(OWED_BY)}))",
        ),
    ),
    Migration(
        4,
        "full-text search over notes, promises and GAINS; people found by the words of their names",
        _search_statements(_V4_SOURCES),
        # FTS5 is SQLite's; on PostgreSQL search scans the texts (see storage/fulltext.py).
        dialects=("sqlite",),
    ),
    Migration(
        5,
        "authorship: who wrote each meeting, score, follow-up and referral",
        (
            # NULL: written before netj recorded authors (schema v4 and earlier).
            *(f"ALTER TABLE {t} ADD COLUMN author TEXT CHECK (author IS NULL OR length(author) > 0)"
              for t in AUTHORED),
            # `--author` filters and the check that an author has written anything.
            "CREATE INDEX ix_meeting_author ON meeting (author)",
            "CREATE INDEX ix_score_author ON score (author)",
        ),
    ),
    Migration(
        6,
        "the undo record: what each write changed, row by row, for netj undo",
        (),
        # SQLite's triggers name each column; PostgreSQL's function takes whole rows (storage/undo/capture.py)
        per_dialect={d: undo_capture.migration_statements(d) for d in ("sqlite", "postgresql")},
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1].version

MIGRATIONS_TABLE = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""

DIALECT_WORDS = {
    "sqlite": {"pk": "INTEGER PRIMARY KEY AUTOINCREMENT", "strict": " STRICT"},
    "postgresql": {"pk": "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", "strict": ""},
}


_PG_TYPES = ((re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
             # SQLite's INTEGER holds 64 bits; PostgreSQL's is 32: an id above
             # 2**31 in a foreign key (an import keeps the file's ids), or a
             # minutes_late of 3e9, would fit in one journal and not the other.
             (re.compile(r"\bINTEGER\b"), "BIGINT"),
             # Byte-order comparison and sorting, as SQLite's BINARY collation (and
             # the handle-prefix ranges of storage/queries/people.py) expect, whatever
             # the database's locale; lower() then folds ASCII only, as SQLite's does.
             (re.compile(r"\bTEXT\b"), 'TEXT COLLATE "C"'))


def render(statement: str, dialect: str = "sqlite") -> str:
    """A migration statement with the dialect's words filled in; on PostgreSQL,
    REAL is a double (SQLite's REAL is 8 bytes), INTEGER a bigint (SQLite's
    holds 64 bits) and TEXT compares byte-wise."""
    text = statement.format(**DIALECT_WORDS[dialect])
    if dialect == "postgresql":
        for word, replacement in _PG_TYPES:
            text = word.sub(replacement, text)
    return text
