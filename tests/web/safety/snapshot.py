"""The whole database as one comparable value: to show a refused input changed nothing."""

from __future__ import annotations

import hashlib

from django.db import connection

# Tables that change whatever a request does: sessions, and the throttling of failed sign-ins
# and second-factor codes (django-axes; django-otp counts a device's failures on the device).
VOLATILE = ("django_session", "axes_", "otp_")


def database_snapshot() -> dict[str, str]:
    """Each table's name to a hash of all its rows (in primary key order)."""
    snapshot = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table.startswith(VOLATILE):
                continue
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')
            digest = hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()
            snapshot[table] = digest
    return snapshot


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )
