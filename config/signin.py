"""Who is signed in: Django's database sessions and model backend, each read with one plain
SQL query.

Every signed-in page reads its session and then its user before anything else. Django builds
both queries through the ORM on every request, and building them took four times as long as
running them; here each is written once. Everything else (writing and expiring sessions,
signing in and out, password checks, the session's auth hash that signs a user out when the
password changes) stays Django's own, and so do the async reads (``aload``, ``aget_user``),
which openweigh's WSGI server does not use.

The user is read from its table directly, past any filter a custom user manager might add;
openweigh uses Django's own user model. Sessions made before this backend was configured name
Django's ``ModelBackend``, which is no longer listed: those people sign in once more.
"""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db import connections
from django.db.models import Model
from django.utils import timezone

from config.rows import columns, fetch_one


class SessionStore(db.SessionStore):
    """``SESSION_ENGINE = "config.signin"``."""

    def _get_session_from_db(self) -> Session | None:
        key = self.session_key
        if key is None:
            return None
        connection = connections[Session.objects.db]
        table = connection.ops.quote_name(Session._meta.db_table)  # the name from the model
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",
                [key, now],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # unknown or expired: a new session, as in Django's
            return None
        # Only the data is read back (``load`` needs nothing else).
        return Session(session_key=key, session_data=row[0])


class UserBackend(ModelBackend):
    """``AUTHENTICATION_BACKENDS = ["config.signin.UserBackend"]``."""

    def get_user(self, user_id: Any) -> Any:
        user_model = get_user_model()
        user = fetch_one(user_model, _user_query(user_model), [user_id])
        return user if user is not None and self.user_can_authenticate(user) else None


@functools.cache
def _user_query(user_model: type[Model]) -> str:
    table, pk = user_model._meta.db_table, user_model._meta.pk.column  # names from the model
    return f'SELECT {columns(user_model, "u")} FROM "{table}" AS u WHERE u."{pk}" = %s'
