"""Signing in with a username and password (Django's ``ModelBackend``, unchanged in what it
checks), with the signed-in person read on every request by one plain SQL statement written
once per process.

Every signed-in request reads the person behind its session. The ORM took longer writing that
query than the database took answering it, and a second query then asked whether the person
has set up two-factor sign-in. One statement now reads both: the person's row, and whether a
confirmed authenticator app is theirs (kept on the object for
:func:`yjinspect_web.accounts.twofactor.needs_second_step`, read in the same request).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import router
from django_otp.plugins.otp_totp.models import TOTPDevice

from yjinspect_web import sql
from yjinspect_web.workspace.models import User

#: where the answer "has a confirmed authenticator app" is kept on the User object
ENROLLED = "_two_factor_enrolled"


@cache
def _select(alias: str) -> str:
    """The person's columns and whether they have a confirmed authenticator, by primary key."""
    columns = ", ".join(f"u.{sql.column(User, f.name)}" for f in User._meta.concrete_fields)
    owner, confirmed = sql.column(TOTPDevice, "user"), sql.column(TOTPDevice, "confirmed")
    pk = sql.column(User, "id")
    return (
        f"SELECT {columns}, EXISTS(SELECT 1 FROM {sql.table(TOTPDevice)} d"
        f" WHERE d.{owner} = u.{pk} AND d.{confirmed} = %s) AS {ENROLLED}"
        f" FROM {sql.table(User)} u WHERE u.{pk} = %s"
    )


class UserBackend(ModelBackend):
    """``ModelBackend`` (password sign-in, permissions), reading the person in plain SQL."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = User._meta.pk.to_python(user_id)
        except Exception:  # a session naming no valid id is no one
            return None
        alias = router.db_for_read(User)
        found = list(User.objects.db_manager(alias).raw(_select(alias), [True, pk]))
        if not found:
            return None
        user = found[0]
        user.__dict__[ENROLLED] = bool(user.__dict__.get(ENROLLED))
        return user if self.user_can_authenticate(user) else None
