"""Write use cases: each opens one SQLModel session in one write transaction
(:func:`netjournal.storage.orm.unit_of_work`), so a command's writes land
together or not at all. These modules import the ORM at the top: only write
commands import them."""
