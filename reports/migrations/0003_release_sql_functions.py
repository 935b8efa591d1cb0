"""SQL functions a release's large tables are written with (`reports.release_sql`):
a CSV cell as Python's csv module writes it in a release, and a moment as DRF
writes it in a time zone. Each argument is used once in the SQL that calls them."""

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

CREATE FUNCTION release_moment(value timestamptz, zone text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT to_char(local, 'YYYY-MM-DD"T"HH24:MI:SS')
    || CASE WHEN to_char(local, 'US') = '000000' THEN '' ELSE to_char(local, '.US') END
    || CASE WHEN utc_offset = interval '0' THEN 'Z'
            WHEN utc_offset < interval '0' THEN '-' || to_char(-utc_offset, 'HH24:MI')
            ELSE '+' || to_char(utc_offset, 'HH24:MI') END
  FROM (SELECT value AT TIME ZONE zone AS local,
               (value AT TIME ZONE zone) - (value AT TIME ZONE 'UTC') AS utc_offset) AS parts
$$;
"""

DROP = """
DROP FUNCTION release_moment(timestamptz, text);
DROP FUNCTION release_csv_text(text, text[]);
DROP FUNCTION release_csv_quoted(text);
"""


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_staff_report_roles")]

    operations = [migrations.RunSQL(FUNCTIONS, DROP)]
