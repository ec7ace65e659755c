"""``netj import``: contacts files and netj's own exports into the journal.

One use case per kind of source, each ONE write transaction: the file is
parsed while the transaction is open, and any problem that stops the import
rolls everything back. ``--dry-run`` runs exactly the same code and rolls
back at the end. :mod:`.files` opens and recognises a file, :mod:`.contacts`
and :mod:`.netj` import it, :mod:`.identity` matches people, :mod:`.records`
checks netj's records and :mod:`.summary` says what happened.
"""
