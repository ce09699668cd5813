#!/usr/bin/env bash
# Runs CMD... against a throwaway PostgreSQL + PostGIS cluster:
#   tests/pg/with_postgres.sh CMD [ARG...]
# initdb into a temporary folder, the server listening only on a Unix socket in that folder,
# database "akichi" with the postgis extension; AKICHI_TEST_PG="PG:host=DIR dbname=akichi" is
# exported for CMD; the cluster is stopped and the folder removed on exit, whatever happens.
# Fails (never skips) when PostgreSQL or PostGIS is missing: it is only run when asked to.
# initdb refuses to run as root: as root, the server runs as user "nobody", owner of the folder.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 CMD [ARG...]" >&2
  exit 2
fi

bindir=""
for d in /usr/lib/postgresql/*/bin; do
  if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then bindir=$d; fi
done
if [ -z "$bindir" ]; then
  echo "with_postgres: no initdb under /usr/lib/postgresql/*/bin: install postgresql (scripts/setup.sh)" >&2
  exit 1
fi
version=$(basename "$(dirname "$bindir")")
if [ ! -f "/usr/share/postgresql/$version/extension/postgis.control" ]; then
  echo "with_postgres: PostGIS for PostgreSQL $version is not installed: install postgresql-$version-postgis-3 (scripts/setup.sh)" >&2
  exit 1
fi

# The database superuser is named after the calling user, so that libpq's default user name
# (the caller's) connects without a user= in the connection string.
dbuser=$(id -un)
run_pg=()
if [ "$(id -u)" -eq 0 ]; then
  run_pg=(runuser -u nobody --)
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/akichi-pg.XXXXXX")
started=0
cleanup() {
  local rc=$?
  if [ "$started" -eq 1 ]; then
    (cd "$dir" && "${run_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1) || true
  fi
  rm -rf "$dir"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "${#run_pg[@]}" -gt 0 ]; then chown nobody "$dir"; fi
chmod 700 "$dir"
cd "$dir"

"${run_pg[@]}" "$bindir/initdb" -D "$dir/data" -U "$dbuser" --auth=trust --encoding=UTF8 \
  --locale=C >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
"${run_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=on" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }
started=1

"$bindir/createdb" -h "$dir" -U "$dbuser" akichi
"$bindir/psql" -h "$dir" -U "$dbuser" -d akichi -q -v ON_ERROR_STOP=1 \
  -c "CREATE EXTENSION postgis" >/dev/null

export AKICHI_TEST_PG="PG:host=$dir dbname=akichi"
cd - >/dev/null
rc=0
"$@" || rc=$?
# AKICHI_PG_LOG=FILE: keep the server's log (it is removed with the cluster).
if [ -n "${AKICHI_PG_LOG:-}" ]; then cp "$dir/server.log" "$AKICHI_PG_LOG"; fi
exit "$rc"
