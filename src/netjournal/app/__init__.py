"""Use cases: one function per thing a user does, one transaction each.

Read use cases (the modules here) run on the journal's own connection inside
a read transaction, a consistent snapshot, and never import the ORM. Write
use cases (:mod:`.write`) open a SQLModel session in one write transaction
(:func:`netjournal.storage.orm.unit_of_work`); imports (:mod:`.imports`)
write in bulk through the connection. Nothing here reads the clock or the
environment: ``today`` and ``now`` come in as arguments.
"""
