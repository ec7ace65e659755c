"""A journal on a PostgreSQL server: :mod:`.journal` (transactions, the write
lock, migrations), :mod:`.connection` (psycopg as a sqlite3-like connection),
:mod:`.translate` (the SQL), :mod:`.dialect` and :mod:`.textscan` (search
without FTS5). Only :mod:`netjournal.storage.open` imports the driver's side."""
