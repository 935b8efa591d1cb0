"""Two SQL functions for the rule that what a partner syncs is complete: any change
to what a record shows moves its `updated_at` (archive.models.fresh_record; the
citation and source triggers in sources.models). Triggers on each table call them."""

from django.db import migrations

FUNCTIONS = """
-- A record written earlier in this transaction (updated_at >= now(), the
-- transaction's start) is left alone: bulk loads touch nothing they just made.
--
-- Move updated_at of every record that refers to `owner`'s row `owner_id` by a
-- foreign key (a death to its person, a detention to its case): they show what
-- the owner lets them show. Records are the tables with updated_at; history
-- tables (pgh_id) are never written.
CREATE OR REPLACE FUNCTION archive_touch_referrers(owner regclass, owner_id bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  referrer record;
BEGIN
  FOR referrer IN
    SELECT c.conrelid::regclass AS tbl, a.attname AS col
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    WHERE c.contype = 'f' AND c.confrelid = owner AND cardinality(c.conkey) = 1
      AND EXISTS (SELECT 1 FROM pg_attribute u WHERE u.attrelid = c.conrelid
                  AND u.attname = 'updated_at' AND NOT u.attisdropped)
      AND NOT EXISTS (SELECT 1 FROM pg_attribute h WHERE h.attrelid = c.conrelid
                      AND h.attname = 'pgh_id' AND NOT h.attisdropped)
  LOOP
    EXECUTE format(
      'UPDATE %s SET updated_at = clock_timestamp()'
      ' WHERE %I = $1 AND updated_at < now()',
      referrer.tbl, referrer.col
    ) USING owner_id;
  END LOOP;
END $$;

-- Move updated_at of the record a citation is of (a content type and an id). A
-- model that extends another (a victim list, a source) keeps updated_at in the
-- table it extends: follow its primary key's foreign key there.
CREATE OR REPLACE FUNCTION archive_touch_record(content_type integer, record bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  tbl regclass;
  key name;
  parent regclass;
BEGIN
  SELECT to_regclass(quote_ident(app_label || '_' || model)) INTO tbl
  FROM django_content_type WHERE id = content_type;
  WHILE tbl IS NOT NULL AND record IS NOT NULL LOOP
    SELECT a.attname INTO key FROM pg_index i
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
    WHERE i.indrelid = tbl AND i.indisprimary;
    IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl
               AND attname = 'updated_at' AND NOT attisdropped) THEN
      EXECUTE format(
        'UPDATE %s SET updated_at = clock_timestamp()'
        ' WHERE %I = $1 AND updated_at < now()', tbl, key
      ) USING record;
      RETURN;
    END IF;
    SELECT c.confrelid INTO parent FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    WHERE c.contype = 'f' AND c.conrelid = tbl AND a.attname = key;
    tbl := parent;
    parent := NULL;
  END LOOP;
END $$;
"""

DROP = """
DROP FUNCTION IF EXISTS archive_touch_referrers(regclass, bigint);
DROP FUNCTION IF EXISTS archive_touch_record(integer, bigint);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0008_history_of_every_record"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunSQL(FUNCTIONS, DROP)]
