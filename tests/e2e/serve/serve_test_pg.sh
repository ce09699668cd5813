#!/usr/bin/env bash
# serve_test.py on PostgreSQL + PostGIS: run under tests/pg/with_postgres.sh, which exports the
# throwaway database as AKICHI_TEST_PG.
set -euo pipefail
: "${AKICHI_TEST_PG:?run me under tests/pg/with_postgres.sh}"
exec /usr/bin/python3 "$2/tests/e2e/serve/serve_test.py" "$1" "$2" --db-uri "$AKICHI_TEST_PG"
