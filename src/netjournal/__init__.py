"""netj: a terminal-first networking journal.

Importing this package is cheap on purpose: it pulls in no ORM, no Rich and no
Typer. The command line lives in :mod:`netjournal.cli`.
"""

__version__ = "0.1.0"
