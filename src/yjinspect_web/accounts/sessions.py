"""Sessions in the database (Django's ``db`` engine, unchanged in what it stores, signs and
expires), read with one plain SQL statement written once per process.

Every signed-in request reads its session first; building that one query through the ORM
cost more than running it. Writing, deleting and clearing expired sessions stay Django's.
Sessions stay on the server (not in signed cookies), so signing out ends the session
everywhere at once: a copied cookie is worthless after it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db import connections, models, router
from django.utils import timezone


def _column(name: str) -> str:
    field = Session._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(field.column)


@cache
def _select(alias: str) -> str:
    """SELECT session_data ... WHERE session_key = %s AND expire_date > %s, for the database."""
    quote = connections[alias].ops.quote_name
    key, data, expiry = (_column(n) for n in ("session_key", "session_data", "expire_date"))
    return (
        f"SELECT {quote(data)} FROM {quote(Session._meta.db_table)}"
        f" WHERE {quote(key)} = %s AND {quote(expiry)} > %s"
    )


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        """The session, if it exists and has not expired (as Django's own ``get``)."""
        alias = router.db_for_read(Session)
        connection = connections[alias]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(_select(alias), [self.session_key, now])
            row = cursor.fetchone()
        if row is None or self.session_key is None:
            self._session_key = None
            return None
        return Session(session_key=self.session_key, session_data=row[0])
