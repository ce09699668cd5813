#!/usr/bin/env bash
# scripts/setup.sh refuses a system other than Debian 12 at once (exit 2, naming the system found
# and the one expected) rather than failing later in apt-get or CMake: Ubuntu 22.04 (CMake 3.22,
# no toml++), Ubuntu 24.04 and Debian 13 (no postgresql-15-postgis-3), a system without
# os-release. Nothing is installed: the refusal comes before any package is looked at.
source "$(dirname "$0")/lib.sh" "$@"

release() {  # release FILE PRETTY_NAME ID VERSION_ID
  printf 'PRETTY_NAME="%s"\nID=%s\nVERSION_ID="%s"\n' "$2" "$3" "$4" >"$1"
}
release "$WORK/ubuntu2204" "Ubuntu 22.04.4 LTS" ubuntu 22.04
release "$WORK/ubuntu2404" "Ubuntu 24.04.1 LTS" ubuntu 24.04
release "$WORK/debian13" "Debian GNU/Linux 13 (trixie)" debian 13
for f in ubuntu2204 ubuntu2404 debian13; do
  expect_status 2 -- env AKICHI_OS_RELEASE="$WORK/$f" bash "$SRC/scripts/setup.sh" \
    && expect_output "unsupported system: found $(sed -n 's/^PRETTY_NAME="\(.*\)"/\1/p' "$WORK/$f" | sed 's/[().]/\\&/g'), expected Debian 12 \(bookworm\)" \
    && ! grep -q "installing" "$WORK/out" && pass "setup refuses $f" || fail "setup on $f"
done
expect_status 2 -- env AKICHI_OS_RELEASE="$WORK/none" bash "$SRC/scripts/setup.sh" \
  && expect_output "unsupported system: found no .*none, expected Debian 12" \
  && pass "setup refuses a system without os-release" || fail "setup without os-release"
finish
