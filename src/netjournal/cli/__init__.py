"""The ``netj`` command line: thin commands over :mod:`netjournal.services`."""
