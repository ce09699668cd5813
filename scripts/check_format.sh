#!/usr/bin/env bash
# Fails when any tracked C++ file differs from the repository's .clang-format (clang-format-14),
# printing each offending file and line. Fix with: clang-format-14 -i FILE...
set -euo pipefail
cd "$(dirname "$0")/.."
cf="${CLANG_FORMAT:-clang-format-14}"
if ! command -v "$cf" >/dev/null 2>&1; then
  echo "check_format: $cf not found (scripts/setup.sh installs it)" >&2
  exit 1
fi
mapfile -t files < <(git ls-files '*.cpp' '*.h')
out=$("$cf" --dry-run "${files[@]}" 2>&1 || true)
n=$(grep -c 'warning:' <<<"$out" || true)
if [ "$n" -gt 0 ]; then
  grep 'warning:' <<<"$out" | sed 's/: warning: code should be clang-formatted.*//' | head -n 50
  echo "check_format: $n lines in $(grep 'warning:' <<<"$out" | cut -d: -f1 | sort -u | wc -l) files differ from .clang-format; run: $cf -i FILE..." >&2
  exit 1
fi
echo "check_format: ${#files[@]} files match .clang-format"
