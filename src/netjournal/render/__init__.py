"""Output: tables and talk for people (Rich, on a terminal), JSON for scripts.

:mod:`.core` holds the consoles, the one JSON emitter and the helpers every view
shares; each other module renders one command group's results. Rich is imported
only when a table is printed."""
