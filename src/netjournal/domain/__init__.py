"""The pure core: vocabulary, records, inputs and the rules netj computes.

Nothing here does I/O, reads the clock or talks to a database: ``today`` comes in
as an argument, so every rule is unit-tested without a journal.
"""
