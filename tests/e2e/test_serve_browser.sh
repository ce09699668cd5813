#!/usr/bin/env bash
# The live system's web page in headless chromium (tests/e2e/serve/browser_test.py).
set -euo pipefail
exec /usr/bin/python3 "$2/tests/e2e/serve/browser_test.py" "$1" "$2"
