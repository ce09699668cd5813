// Limits checked before work: `check` and `run` compare what a run will hold in memory and
// write (sim/results/footprint.h, sim/batch/sweep_footprint.h) with the memory and disk it has,
// or with --max-memory / --max-output, and refuse (InputError, exit 2) before anything is
// allocated or written.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "base/limits.h"
#include "sim/results/footprint.h"

namespace akichi::sim::par {
class Comm;
}  // namespace akichi::sim::par

namespace akichi::sim::cli {

/// The limits of a job and where each comes from.
struct Limits {
  CheckedSize memory;  ///< empty: not checked (no --max-memory and nothing known)
  std::string memory_source;
  CheckedSize output;
  std::string output_source;
};

/// --max-memory SIZE, else the memory available now (base/limits.h); --max-output SIZE, else
/// the free space of the file system `output_path` will be written on. Empty options take the
/// defaults; a malformed SIZE is an InputError naming the option.
Limits resolve_limits(const std::string& max_memory, const std::string& max_output,
                      const std::string& output_path);

/// Throws InputError naming the scenario file, the quantity ("memory" or "output"), its largest
/// term with its formula, the total and the limit when a total exceeds its limit (an overflowed
/// total always does).
void enforce_limits(const std::string& scenario_path, const std::string& output_path,
                    const std::vector<results::FootprintTerm>& memory,
                    const std::vector<results::FootprintTerm>& output, const Limits& limits);

/// enforce_limits() on every rank of `comm` (null or one rank: this process alone). The ranks'
/// machines may differ in memory or disk: when one rank's limit is exceeded, every rank fails
/// together (the others naming that a rank refused), before any collective work starts.
void enforce_limits_on_ranks(par::Comm* comm, const std::string& scenario_path,
                             const std::string& output_path,
                             const std::vector<results::FootprintTerm>& memory,
                             const std::vector<results::FootprintTerm>& output,
                             const Limits& limits);

/// `akichi check`'s lines: the memory at the peak and the output, each term with its formula,
/// and the limits they were checked against.
void print_footprint(std::FILE* out, const std::vector<results::FootprintTerm>& memory,
                     const std::vector<results::FootprintTerm>& output, const Limits& limits);

}  // namespace akichi::sim::cli
