#!/usr/bin/env bash
# ThreadSanitizer job (docs/testing.md, "Thread sanitizer"): every unit test, and the live server
# end to end (its HTTP threads, request gate, group commit and kill/SIGTERM checks), built with
# -fsanitize=thread.
#
# Debian's libtbb is not instrumented: ThreadSanitizer would not see the synchronisation inside
# its task scheduler and would report every hand-off of work between threads as a race. So this
# job first builds the same oneTBB release from Debian's own source package (apt-get source,
# through a private deb-src list: the machine's apt configuration is not changed) with oneTBB's
# TBB_SANITIZE=thread, into build/tsan-deps, once per version; the `tsan` preset links it.
#
#   scripts/tsan.sh             build, then run the tests (the CI job)
#   scripts/tsan.sh -R REGEX    build, then run the tests ctest selects with these arguments
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${AKICHI_JOBS:-$(nproc)}"
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
deps="$PWD/build/tsan-deps"

version=$(dpkg-query -W -f='${Version}' libtbb-dev)
stamp="$deps/install/onetbb-$version.stamp"
if [ ! -f "$stamp" ]; then
  echo "tsan: building oneTBB $version from Debian's source package with -fsanitize=thread"
  rm -rf "$deps"
  mkdir -p "$deps/apt/parts" "$deps/apt/lists/partial" "$deps/apt/cache/archives/partial" "$deps/src"
  : >"$deps/apt/sources.list"
  # deb-src twins of the machine's Debian/Ubuntu package sources.
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    if grep -Eq 'debian\.org|ubuntu\.com' "$f"; then
      sed -E 's/^Types:.*/Types: deb-src/' "$f" >"$deps/apt/parts/$(basename "$f")"
    fi
  done
  if [ -f /etc/apt/sources.list ]; then
    grep -E '^deb [^#]*(debian\.org|ubuntu\.com)' /etc/apt/sources.list |
      sed 's/^deb /deb-src /' >"$deps/apt/sources.list" || true
  fi
  apt_opts=(-o "Dir::Etc::SourceList=$deps/apt/sources.list" -o "Dir::Etc::SourceParts=$deps/apt/parts"
            -o "Dir::State::Lists=$deps/apt/lists" -o "Dir::Cache=$deps/apt/cache" -o "Debug::NoLocking=1")
  apt-get "${apt_opts[@]}" update -qq
  (cd "$deps/src" && apt-get "${apt_opts[@]}" source --download-only -qq "onetbb=$version")
  tar -xf "$deps"/src/onetbb_*.orig.tar.* -C "$deps/src"
  launcher=()
  if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
  cmake -S "$(find "$deps/src" -maxdepth 1 -type d -name 'oneTBB-*' | head -n 1)" -B "$deps/build" \
    -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTBB_TEST=OFF -DTBB_STRICT=OFF \
    -DTBB_SANITIZE=thread -DTBBMALLOC_BUILD=OFF -DCMAKE_INSTALL_PREFIX="$deps/install" \
    "${launcher[@]}" >/dev/null
  cmake --build "$deps/build" -j "$jobs" --target install >/dev/null
  touch "$stamp"
fi

cmake --preset tsan >/dev/null
cmake --build --preset tsan -j "$jobs"
if [ "$#" -gt 0 ]; then
  exec ctest --preset tsan -j "$jobs" "$@"
fi
ctest --preset tsan -j "$jobs" -L '^unit$'
ctest --preset tsan -R '^e2e\.test_serve$'

