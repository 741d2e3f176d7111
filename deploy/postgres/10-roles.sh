#!/bin/sh
# Run once by the postgres image on an empty data volume (docker-entrypoint-initdb.d).
# nomina owns the database and its tables and runs the migrations; nomina_app is
# what web, worker and beat connect as, given its privileges by
# `manage.py grant_app_role nomina_app --apply` after each migrate.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$NOMINA_DB_OWNER_PASSWORD" -v app_password="$NOMINA_DB_APP_PASSWORD" <<'SQL'
CREATE ROLE nomina LOGIN PASSWORD :'owner_password';
CREATE ROLE nomina_app LOGIN PASSWORD :'app_password';
CREATE DATABASE nomina OWNER nomina;
REVOKE ALL ON DATABASE nomina FROM PUBLIC;
SQL
