"""SQL functions a release's large tables are written with (`reports.release_sql`):
a text CSV cell as `csv_cell` and Python's csv module write it in a release."""

from django.db import migrations

FUNCTIONS = r"""
CREATE FUNCTION release_csv_quoted(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN strpos(value, ',') > 0 OR strpos(value, '"') > 0 OR strpos(value, E'\n') > 0
    THEN '"' || replace(value, '"', '""') || '"'
    ELSE value
  END
$$;

CREATE FUNCTION release_csv_text(value text, formula_starts text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN value IS NULL THEN ''
    WHEN left(value, 1) = ANY(formula_starts) THEN release_csv_quoted('''' || value)
    ELSE release_csv_quoted(value)
  END
$$;
"""

DROP = """
DROP FUNCTION release_csv_text(text, text[]);
DROP FUNCTION release_csv_quoted(text);
"""


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_staff_report_roles")]

    operations = [migrations.RunSQL(FUNCTIONS, DROP)]
