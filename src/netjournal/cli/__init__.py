"""The ``netj`` command line: thin commands over the use cases of :mod:`netjournal.app`.

:mod:`.main` holds the lazy command table and the one place errors become a
line on stderr and an exit code; :mod:`.options` the options every command
shares and the ``@command()`` decorator; :mod:`.context` the settings and
journal of a run; :mod:`.prompts` the questions asked in a terminal;
:mod:`.completion` shell completion; every other module one command group."""
