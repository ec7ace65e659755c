"""Read queries on the stdlib driver (or psycopg through the same interface),
one module per kind of record. Named parameters only (``:name``) and
dialect-neutral SQL; rows become the records of :mod:`netjournal.domain.records`
here and nowhere else."""
