"""A row read with plain SQL (config/rows.py) is the instance the ORM would have built."""

from __future__ import annotations

import gc
import weakref
from datetime import datetime

import pytest
from django.contrib.auth.models import User
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model

from config.rows import _converters_for, columns, fetch_one
from decisions.models import Decision, Membership


def field_values(instance: Model) -> dict[str, object]:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_a_user_comes_back_with_every_field_converted_as_the_orm_does(editor: User) -> None:
    User.objects.filter(pk=editor.pk).update(last_login="2026-11-30T08:15:00Z", is_staff=True)
    expected = User.objects.get(pk=editor.pk)

    found = fetch_one(
        User, f"SELECT {columns(User, 'u')} FROM auth_user u WHERE u.id = %s", [editor.pk]
    )

    assert found is not None
    assert field_values(found) == field_values(expected)
    assert isinstance(found.last_login, datetime)
    assert found.last_login.tzinfo is not None
    assert found.is_staff is True  # SQLite stores 1
    assert found._state.adding is False
    assert found._state.db == "default"


def test_a_decision_comes_back_with_its_answers_and_the_extra_columns(
    draft: Decision, editor: User
) -> None:
    draft.answers = {"offline": "never", "p95_latency_ms": 250}
    draft.save()
    sql = f"""
        SELECT {columns(Decision, "d")}, m.role, m.user_id
        FROM decisions_decision d JOIN {Membership._meta.db_table} m
          ON m.organization_id = d.organization_id
        WHERE d.id = %s AND m.user_id = %s
    """

    found = fetch_one(Decision, sql, [draft.pk, editor.pk], extra=["member_role", "member"])

    assert found is not None
    assert field_values(found) == field_values(Decision.objects.get(pk=draft.pk))
    assert found.answers == {"offline": "never", "p95_latency_ms": 250}
    assert (found.member_role, found.member) == ("editor", editor.pk)  # type: ignore[attr-defined]


def test_no_row_is_none(editor: User) -> None:
    sql = f"SELECT {columns(User, 'u')} FROM auth_user u WHERE u.id = %s"
    assert fetch_one(User, sql, [editor.pk + 1000]) is None


def test_a_query_not_built_with_columns_is_refused(editor: User) -> None:
    with pytest.raises(ValueError, match="expected 11 columns of User and 0 extra, got 2"):
        fetch_one(User, "SELECT id, username FROM auth_user WHERE id = %s", [editor.pk])


def test_an_extra_column_may_not_hide_a_field(editor: User) -> None:
    sql = f"SELECT {columns(User, 'u')}, u.username FROM auth_user u WHERE u.id = %s"
    with pytest.raises(ValueError, match=r"hide fields of User: \['username'\]"):
        fetch_one(User, sql, [editor.pk], extra=["username"])


def test_the_converters_kept_for_a_connection_do_not_keep_it_alive() -> None:
    # They are methods of the connection's own operations: a cache beside the connection
    # would hold every connection a thread ever opened.
    connection = connections.create_connection(DEFAULT_DB_ALIAS)
    assert _converters_for(User, connection) is _converters_for(User, connection)
    gone = weakref.ref(connection)
    del connection
    gc.collect()
    assert gone() is None
