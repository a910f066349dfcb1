"""CountsStamp and the triggers that write it: any insert, update or delete of an answer, a
case or a sub-sample decision gives the inspection concerned a new stamp, in the same
transaction. PostgreSQL: one statement-level trigger per table and event (a bulk insert of
thousands of answers stamps each inspection once). SQLite: row-level triggers. Stamps are
random (53 bits on PostgreSQL, 64 on SQLite), so none is used twice, even after a rollback or
the restore of an older backup while the server runs."""

PG_STAMP = "floor(random() * 9007199254740991)::bigint"

from django.db import migrations, models

# (table, how a changed row names its inspection: a column of its own, or its case's)
TABLES = (
    ("workspace_answer", "case_id"),
    ("workspace_subsampledecision", "case_id"),
    ("workspace_case", "inspection_id"),
)
EVENTS = ("INSERT", "UPDATE", "DELETE")


def _trigger(table: str, event: str) -> str:
    """The name of the trigger (and, on PostgreSQL, its function) of a table and event."""
    return f"yjinspect_stamp_{table.removeprefix('workspace_')}_{event.lower()}"


def _inspections(rows: str, via: str) -> str:
    """SQL selecting the inspection ids of changed rows (a table or NEW/OLD)."""
    if via == "inspection_id":
        return f"SELECT DISTINCT r.inspection_id AS i FROM {rows} r"
    return (
        f"SELECT DISTINCT c.inspection_id AS i FROM {rows} r"
        f" JOIN workspace_case c ON c.id = r.case_id"
    )


def _postgresql(schema_editor) -> None:
    statements = []
    for table, via in TABLES:
        for event in EVENTS:
            name = _trigger(table, event)
            parts = []
            for rows in (["changed_new"] if event != "DELETE" else []) + (
                ["changed_old"] if event != "INSERT" else []
            ):
                parts.append(
                    "INSERT INTO workspace_countsstamp (inspection_id, stamp)"
                    f" SELECT x.i, {PG_STAMP} FROM ({_inspections(rows, via)}) x"
                    " WHERE x.i IS NOT NULL"
                    " ON CONFLICT (inspection_id) DO UPDATE SET stamp = EXCLUDED.stamp;"
                )
            referencing = {
                "INSERT": "NEW TABLE AS changed_new",
                "UPDATE": "OLD TABLE AS changed_old NEW TABLE AS changed_new",
                "DELETE": "OLD TABLE AS changed_old",
            }[event]
            statements.append(
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$"
                f" BEGIN {' '.join(parts)} RETURN NULL; END $$"
            )
            statements.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {referencing}"
                f" FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
            )
    statements.append(
        "INSERT INTO workspace_countsstamp (inspection_id, stamp)"
        f" SELECT id, {PG_STAMP} FROM workspace_inspection"
    )
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _sqlite(schema_editor) -> None:
    statements = []
    for table, via in TABLES:
        for event in EVENTS:
            name = _trigger(table, event)
            body = []
            for row in (["NEW"] if event != "DELETE" else []) + (["OLD"] if event != "INSERT" else []):
                if via == "inspection_id":
                    source = f"SELECT {row}.inspection_id AS i WHERE {row}.inspection_id IS NOT NULL"
                else:
                    source = f"SELECT c.inspection_id AS i FROM workspace_case c WHERE c.id = {row}.case_id"
                body.append(
                    "INSERT INTO workspace_countsstamp (inspection_id, stamp)"
                    f" SELECT x.i, random() FROM ({source}) x WHERE true"
                    " ON CONFLICT (inspection_id) DO UPDATE SET stamp = excluded.stamp;"
                )
            statements.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW BEGIN"
                f" {' '.join(body)} END"
            )
    statements.append(
        "INSERT INTO workspace_countsstamp (inspection_id, stamp)"
        " SELECT id, random() FROM workspace_inspection"
    )
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def create_triggers(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _postgresql(schema_editor)
    elif vendor == "sqlite":
        _sqlite(schema_editor)
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise RuntimeError(f"no counts-stamp triggers for {vendor}")


def drop_triggers(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        for table, _ in TABLES:
            for event in EVENTS:
                name = _trigger(table, event)
                if vendor == "postgresql":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                    cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
                else:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("workspace", "0011_synthetic"),
    ]

    operations = [
        migrations.CreateModel(
            name="CountsStamp",
            fields=[
                ("inspection_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("stamp", models.BigIntegerField()),
            ],
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
