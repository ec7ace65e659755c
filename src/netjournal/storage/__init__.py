"""Storage: the schema and its migrations, connections, read queries (stdlib
``sqlite3``) and the SQLModel tables used by the write paths."""
