"""Plain SQL for the few statements every page runs (the session, the signed-in person, the
recorded judgements), written once per process from the models' own table and column names:
building them through the ORM on every request cost more than the database took to answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, Generic, NamedTuple, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]


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


class Prepared(Generic[M]):
    """A queryset written into SQL once per process, with stand-in values for what changes
    between requests, then run with the real values: the same SQL the ORM writes, and the
    same objects it builds from the rows (converted values, ``select_related`` objects,
    annotations), without building the query anew each time.

    ``stand_ins`` maps a name to an integer the queryset was built with in place of the real
    value (choose integers no real row uses, such as negative ids); every parameter equal to
    one is replaced by the value given to :meth:`first` under that name."""

    def __init__(self, queryset: models.QuerySet[M], stand_ins: dict[str, int]) -> None:
        compiler = queryset.query.get_compiler(using=queryset.db)
        self.sql, params = compiler.as_sql()
        by_value = {value: name for name, value in stand_ins.items()}
        self.sources = [
            by_value.get(p) if type(p) is int else None  # never a bool, which equals 0 or 1
            for p in params
        ]
        self.params = list(params)
        self.compiler = compiler
        self.converters = compiler.get_converters([column[0] for column in compiler.select])

    def first(self, **values: Any) -> M | None:
        """The first object the queryset gives with these values, or None."""
        params = [
            values[source] if source else constant
            for source, constant in zip(self.sources, self.params, strict=True)
        ]
        compiler = self.compiler
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        if self.converters:
            row = next(iter(compiler.apply_converters([row], self.converters)))
        klass_info, select = compiler.klass_info, compiler.select
        assert klass_info is not None
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        names = [column[0].target.attname for column in select[start:end]]
        found: M = klass_info["model"].from_db(compiler.using, names, row[start:end])
        for populator in get_related_populators(klass_info, select, compiler.using):
            populator.populate(row, found)
        for name, position in compiler.annotation_col_map.items():
            setattr(found, name, row[position])
        return found
