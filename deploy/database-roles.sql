-- The archive's two database roles, set up by a superuser with psql (safe to rerun):
--
--   psql "postgres://SUPERUSER@HOST/postgres" -v owner=qantar_owner -v app=qantar_app \
--        -v database=qantar -v owner_password=... -v app_password=... \
--        -f deploy/database-roles.sql
--
-- `owner` owns the database and every table and runs the migrations: give its URL
-- to `manage.py migrate` only, with DATABASE_APP_ROLE set to `app`. `app` is what
-- the site and its workers connect as: no superuser, owner of nothing; after each
-- migrate the owner grants it what every table allows (archive/grants.py): never
-- TRUNCATE, and no DELETE or UPDATE where a table is never deleted or append-only.
-- An empty password leaves the role without one (local trust authentication).
-- Tables, views and functions an earlier set-up made under another role (one
-- superuser for everything) pass to the owner.
\set ON_ERROR_STOP on

SELECT format('CREATE ROLE %I LOGIN', role) FROM (VALUES (:'owner'), (:'app')) AS r (role)
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = role) \gexec
ALTER ROLE :"owner" NOSUPERUSER NOCREATEROLE NOBYPASSRLS;
ALTER ROLE :"app" NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
SELECT format('ALTER ROLE %I PASSWORD %L', role, nullif(password, ''))
  FROM (VALUES (:'owner', :'owner_password'), (:'app', :'app_password')) AS r (role, password) \gexec

SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'owner')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database') \gexec
ALTER DATABASE :"database" OWNER TO :"owner";

\connect :"database"
-- `app` creates nothing: it only uses what the owner made.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";

SELECT format('ALTER %s %I.%I OWNER TO %I',
              CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                             WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
              n.nspname, c.relname, :'owner')
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
   AND pg_get_userbyid(c.relowner) <> :'owner'
   -- not an extension's, and not a sequence that moves with its table
   AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                   AND d.objid = c.oid AND d.deptype IN ('e', 'a', 'i')) \gexec
SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, :'owner')
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> :'owner'
   AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                   AND d.objid = p.oid AND d.deptype = 'e') \gexec
