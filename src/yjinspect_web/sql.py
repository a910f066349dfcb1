"""Plain SQL for the few statements every page runs (the session, the signed-in person, the
recorded judgements), written once per process from the models' own table and column names:
building them through the ORM on every request cost more than the database took to answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, NamedTuple, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models


def column(model: type[models.Model], name: str) -> str:
    """The quoted column of a model's field (a foreign key's ``..._id`` column)."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(connection.ops.quote_name(str(field.column)))


def table(model: type[models.Model]) -> str:
    """The quoted table of a model."""
    return str(connection.ops.quote_name(model._meta.db_table))


@cache
def _reader(model: type[models.Model], vendor: str) -> _Reader:
    """SELECT of every concrete column of the model, the fields' names, the converters of the
    columns that have any (the ORM's own: dates, booleans, JSON), and the ORDER BY of the
    model's ``Meta.ordering`` (None when it names anything but the model's own fields)."""
    fields = model._meta.concrete_fields
    select = f"SELECT {', '.join(column(model, f.name) for f in fields)} FROM {table(model)}"
    converters = []
    for index, field in enumerate(fields):
        expression = field.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(expression) + expression.get_db_converters(
            connection
        )
        if found:
            converters.append((index, tuple(found), expression))
    order: list[str] | None = []
    for name in model._meta.ordering or ():
        if not isinstance(name, str) or "__" in name.lstrip("-") or order is None:
            order = None
            continue
        try:
            order.append(f"{column(model, name.lstrip('-'))}{' DESC' if name[0] == '-' else ''}")
        except FieldDoesNotExist:
            order = None
    order_by = (f" ORDER BY {', '.join(order)}" if order else "") if order is not None else None
    return _Reader(select, [f.attname for f in fields], converters, order_by)


class _Reader(NamedTuple):
    select: str
    names: list[str]
    converters: list[tuple[int, tuple[Any, ...], Any]]
    order_by: str | None


M = TypeVar("M", bound=models.Model)


def ordered_rows(model: type[M], where: str, params: Sequence[Any]) -> list[M] | None:
    """``model``'s rows ``WHERE where`` (written with :func:`column`) in its ``Meta.ordering``,
    as the ORM would give them from its default manager, or None where that cannot be written
    plainly (an ordering through a relation, a default manager that filters)."""
    reader = _reader(model, connection.vendor)
    manager = type(model._default_manager)
    if reader.order_by is None or manager.get_queryset is not models.Manager.get_queryset:
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"{reader.select} WHERE {where}{reader.order_by}", list(params))
        rows = cursor.fetchall()
    found = []
    for row in rows:
        values = list(row)
        for index, converters, expression in reader.converters:
            value = values[index]
            for convert in converters:
                value = convert(value, expression, connection)
            values[index] = value
        found.append(model.from_db(connection.alias, reader.names, values))
    return found
