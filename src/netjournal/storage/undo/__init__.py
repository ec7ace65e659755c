"""The undo record: what each write changed, kept in the journal itself.

Every write transaction of a named command (``netj log``, ``netj meetings
edit``, ``netj import``…) opens one row of ``undo_write`` when it takes the
write lock (:mod:`.record`), and triggers on every table of records
(:mod:`.capture`) keep, in ``undo_row``, the image of each row it changed
before and after, in the same transaction; ``netj undo`` puts the images
back. Deletions are final: they keep no image, and the images other writes
kept of what they delete are dropped with it.
"""
