#!/usr/bin/env bash
# Wall time and peak memory of `akichi run` at 1 and 2 MPI ranks x 1 thread, and 1 and 2
# threads x 1 process. Usage: bench/scaling.sh [akichi] [scenario.toml] [repetitions]
# (defaults: build/release/bin/akichi, scenarios/default/scenario.toml, 3). Prints the median
# wall time of the repetitions and the peak RSS of the largest process (rank), from
# /usr/bin/time -v (under mpirun: the peak of any one rank, as GNU time sees the launcher's
# children).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
AKICHI="${1:-$here/build/release/bin/akichi}"
SCENARIO="${2:-$here/scenarios/default/scenario.toml}"
REPS="${3:-3}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
MPIRUN=(mpirun --oversubscribe --mca btl self,vader)

measure() {  # label, command...
  local label="$1"; shift
  local walls=() rss=0
  for ((k = 0; k < REPS; ++k)); do
    /usr/bin/time -v "$@" -o "$WORK/out.h5" -q >/dev/null 2>"$WORK/time"
    walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0;
                for (i = 1; i <= n; ++i) s = s * 60 + t[i]; print s }' "$WORK/time")")
    local r; r="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/time")"
    ((r > rss)) && rss="$r"
  done
  local median; median="$(printf '%s\n' "${walls[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')"
  printf '| %-22s | %8.2f s | %8.1f MiB |\n' "$label" "$median" "$(echo "$rss / 1024" | bc -l)"
}

echo "scenario: $SCENARIO; $REPS repetitions; $(nproc) CPUs; $("$AKICHI" --version)"
echo "| run                    | wall (median) | peak RSS |"
echo "|---|---|---|"
measure "1 process x 1 thread" "$AKICHI" run "$SCENARIO" --threads 1
measure "1 process x 2 threads" "$AKICHI" run "$SCENARIO" --threads 2
if "$AKICHI" --version | grep -q "with MPI" && command -v mpirun >/dev/null; then
  measure "mpirun -n 1 x 1 thread" "${MPIRUN[@]}" -n 1 "$AKICHI" run "$SCENARIO" --threads 1
  measure "mpirun -n 2 x 1 thread" "${MPIRUN[@]}" -n 2 "$AKICHI" run "$SCENARIO" --threads 1
else
  echo "(akichi built without MPI: no rank figures)"
fi
