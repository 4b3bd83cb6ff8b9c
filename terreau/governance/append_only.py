"""The SQL that makes the member register and the audit trail append-only:
the database refuses UPDATE and DELETE on them (PostgreSQL and SQLite
triggers). Used by migration 0002; kept here so tests can reinstate it."""

# Tables the database itself keeps append-only: a correction is a new row.
APPEND_ONLY = ["governance_auditentry", "governance_sharemovement"]

POSTGRESQL_FUNCTION = """
CREATE OR REPLACE FUNCTION terreau_refuse_rewrite() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE =
        'append-only table ' || TG_TABLE_NAME || ': rows are never updated nor deleted';
END
$$;
"""


def forward_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [POSTGRESQL_FUNCTION] + [
            "CREATE TRIGGER %s_append_only BEFORE UPDATE OR DELETE ON %s "
            "FOR EACH ROW EXECUTE FUNCTION terreau_refuse_rewrite();" % (table, table)
            for table in APPEND_ONLY
        ]
    if vendor == "sqlite":
        return [
            "CREATE TRIGGER IF NOT EXISTS %s_no_%s BEFORE %s ON %s "
            "BEGIN SELECT RAISE(ABORT, 'append-only table %s'); END;"
            % (table, verb.lower(), verb, table, table)
            for table in APPEND_ONLY
            for verb in ("UPDATE", "DELETE")
        ]
    raise NotImplementedError("append-only triggers are written for PostgreSQL and SQLite")


def backward_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return ["DROP TRIGGER IF EXISTS %s_append_only ON %s;" % (t, t) for t in APPEND_ONLY] + [
            "DROP FUNCTION IF EXISTS terreau_refuse_rewrite();"
        ]
    return [
        "DROP TRIGGER IF EXISTS %s_no_%s;" % (t, verb)
        for t in APPEND_ONLY
        for verb in ("update", "delete")
    ]
