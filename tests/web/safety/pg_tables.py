"""Print every table of the PostgreSQL database at DATABASE_URL, row by row, in order: the
whole database as text to compare (used by test_backup.py)."""

from __future__ import annotations

import os

import psycopg

with psycopg.connect(os.environ["DATABASE_URL"]) as connection:
    names = [
        row[0]
        for row in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
    ]
    for name in names:
        print(f"== {name}")
        for row in connection.execute(f'SELECT * FROM "{name}" ORDER BY 1'):
            print(repr(row))
