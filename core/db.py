"""Database helpers every app may use."""

from django.db import connection


def insert_many(model, names: list[str], rows) -> int:
    """The rows inserted at once (COPY on PostgreSQL, one INSERT run with
    executemany elsewhere); returns the number of rows.

    For the hundreds of thousands of values and audit rows of a country-wide
    sheet, building a model instance and compiling SQL per row (bulk_create,
    which SQLite also limits to 999 parameters per statement) was most of the
    import's time. The rows carry plain values in the order of ``names``: ids,
    Decimals, strings, and datetimes already adapted with the field's
    ``get_db_prep_save``.
    """
    fields = [model._meta.get_field(n) for n in names]
    qn = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names come from the model, values are parameters
        qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    )
    if connection.vendor == "postgresql":
        # COPY: a country-wide sheet's 311.000 values and as many audit rows
        # in a few seconds where executemany took half a minute. psycopg
        # adapts each value as it would a parameter.
        copy_sql = "COPY {} ({}) FROM STDIN".format(qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields))
        count = 0
        with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    params = list(rows)
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
    return len(params)


def literal(value: str) -> str:
    """A choice's value as an SQL string literal, for set-based statements that
    compare with our own choices (never with user input: parameters do that)."""
    return "'" + str(value).replace("'", "''") + "'"
