"""History is append-only, and the application's database role may not UPDATE it
(archive.grants). Erasure on request must still empty what identifies a person in
every history event: it does so through this function, which runs as the tables'
owner and can only empty fields (set them to "", NULL or "[erased]") of the
history rows of the records named. The caller lifts the append-only trigger for
the statement (pgtrigger.ignore), as before."""

from django.db import migrations

REDACT = r"""
CREATE FUNCTION archive_redact_history(events regclass, ids bigint[], emptied jsonb)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  assignments text;
  redacted integer;
BEGIN
  IF events::text !~ '^[a-z_]+event$' THEN
    RAISE EXCEPTION 'archive_redact_history: % is not a history table', events;
  END IF;
  IF EXISTS (SELECT FROM jsonb_each(emptied)
             WHERE value NOT IN ('""'::jsonb, 'null'::jsonb, '"[erased]"'::jsonb)) THEN
    RAISE EXCEPTION 'archive_redact_history only empties fields';
  END IF;
  SELECT string_agg(format('%I = %L', key, value #>> '{}'), ', ')
    INTO assignments FROM jsonb_each(emptied);
  EXECUTE format('UPDATE %s SET %s WHERE pgh_obj_id = ANY($1)', events, assignments)
    USING ids;
  GET DIAGNOSTICS redacted = ROW_COUNT;
  RETURN redacted;
END $$;
REVOKE ALL ON FUNCTION archive_redact_history(regclass, bigint[], jsonb) FROM PUBLIC;
"""


class Migration(migrations.Migration):
    dependencies = [("archive", "0010_nothing_is_emptied_or_deleted")]

    operations = [
        migrations.RunSQL(
            REDACT,
            "DROP FUNCTION archive_redact_history(regclass, bigint[], jsonb);",
        )
    ]
