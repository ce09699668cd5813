#!/usr/bin/env bash
# The live sharing system over HTTP, on a GeoPackage database (tests/e2e/serve/serve_test.py).
set -euo pipefail
akichi="$1"
src="$2"
exec /usr/bin/python3 "$src/tests/e2e/serve/serve_test.py" "$akichi" "$src"
