"""One row read with plain SQL into a model instance, as the ORM would have built it.

The signed-in user and the decision with the member's role are read on nearly every request.
``Model.objects.raw`` works out, on every query, which column goes to which field and how each
value is converted, and that took three times as long as running the query. Here the column
list is written once per model and the converters are looked up once per model and database
connection.

The SQL is the kind SQLite and PostgreSQL share (names in double quotes). Models with
multi-table inheritance are not supported: their fields span two tables.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

Converter = Callable[[Any, Any, BaseDatabaseWrapper], Any]
ModelConverters = list[tuple[int, list[Converter], Any]]  # position, converters, column

# Kept on the connection they belong to: a backend's converters are methods of that
# connection's operations, so a cache of its own would keep every connection alive.
_CACHE_ATTRIBUTE = "_openweigh_row_converters"


def columns(model: type[Model], alias: str) -> str:
    """Every column of ``model`` in field order, qualified by the table alias, for a SELECT
    whose rows ``fetch_one`` reads."""
    return ", ".join(f'{alias}."{field.column}"' for field in model._meta.concrete_fields)


def fetch_one[M: Model](
    model: type[M], sql: str, params: Sequence[Any], *, extra: Sequence[str] = ()
) -> M | None:
    """The first row of ``sql`` as a ``model`` instance, or None.

    The query selects ``columns(model, ...)`` and then one column per name in ``extra``,
    which become attributes of the instance as they come from the database.
    """
    fields = model._meta.concrete_fields
    if clash := _field_names(model).intersection(extra):
        raise ValueError(f"extra columns would hide fields of {model.__name__}: {sorted(clash)}")
    connection = connections[router.db_for_read(model)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    if len(row) != len(fields) + len(extra):
        raise ValueError(
            f"expected {len(fields)} columns of {model.__name__} and {len(extra)} extra, "
            f"got {len(row)}: select columns({model.__name__}, ...) first"
        )
    values = list(row)
    for position, converters, expression in _converters_for(model, connection):
        for converter in converters:
            values[position] = converter(values[position], expression, connection)
    instance = model.from_db(connection.alias, [f.attname for f in fields], values[: len(fields)])
    for name, value in zip(extra, values[len(fields) :], strict=True):
        setattr(instance, name, value)
    return instance


@functools.cache
def _field_names(model: type[Model]) -> frozenset[str]:
    return frozenset(
        name for field in model._meta.concrete_fields for name in (field.name, field.attname)
    )


def _converters_for(model: type[Model], connection: BaseDatabaseWrapper) -> ModelConverters:
    by_model: dict[type[Model], ModelConverters] = connection.__dict__.setdefault(
        _CACHE_ATTRIBUTE, {}
    )
    if model not in by_model:
        found = []
        for position, field in enumerate(model._meta.concrete_fields):
            expression = field.get_col(model._meta.db_table)
            converters = connection.ops.get_db_converters(
                expression
            ) + expression.get_db_converters(connection)
            if converters:
                found.append((position, converters, expression))
        by_model[model] = found
    return by_model[model]
