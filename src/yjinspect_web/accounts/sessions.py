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
from django.db import connections, router
from django.utils import timezone

from yjinspect_web import sql


@cache
def _select(alias: str) -> str:
    """SELECT session_data ... WHERE session_key = %s AND expire_date > %s, for the database."""
    key, data = sql.column(Session, "session_key"), sql.column(Session, "session_data")
    expiry = sql.column(Session, "expire_date")
    return f"SELECT {data} FROM {sql.table(Session)} WHERE {key} = %s AND {expiry} > %s"


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
