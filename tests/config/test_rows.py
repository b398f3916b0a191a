"""A row read with plain SQL (config/rows.py) is the instance the ORM would have built."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db.models import Model

from config.rows import columns, fetch_one
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
