"""Plain SQL for the few statements every page runs (the session, the signed-in person, the
recorded judgements), written once per process from the models' own table and column names:
building them through the ORM on every request cost more than the database took to answer.
"""

from __future__ import annotations

from django.db import connection, models


def column(model: type[models.Model], name: str) -> str:
    """The quoted column of a model's field (a foreign key's ``..._id`` column)."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(connection.ops.quote_name(str(field.column)))


def table(model: type[models.Model]) -> str:
    """The quoted table of a model."""
    return str(connection.ops.quote_name(model._meta.db_table))
