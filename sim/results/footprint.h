// What a run of a scenario will hold in memory at its peak and write to its results file,
// computed from the scenario alone, before anything is allocated or written: `akichi check`
// prints it, `akichi run` refuses a run that exceeds the memory or disk it has (sim/cli/limits.h).
// Every count is overflow-checked (base/limits.h): a product that does not fit in 64 bits is
// "too large", never a small wrapped-around number.
//
// The terms follow the analyses (sim/analysis) and the writers of this folder: the station
// tensors of the engine ([station][height][y][x] float), the coverage layers, the coupling
// tensors of the database, the vacancy cube of every distinct active set in memory and of
// every time slot in the file, the MIC areas. Small tables (per station, per receiver, per
// slot) are left out: they are megabytes where the terms above are the gigabytes.
#pragma once

#include <string>
#include <vector>

#include "base/limits.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim::results {

/// One quantity of a footprint: "path loss" with its formula "3 stations x 2 heights x
/// 160000 cells x 4 B" and the bytes (empty when the product overflows).
struct FootprintTerm {
  std::string name;
  std::string formula;
  CheckedSize bytes;
};

struct Footprint {
  std::vector<FootprintTerm> memory;  ///< held together at the run's peak
  /// On the output's file system at the peak: the results file's data, uncompressed, and a
  /// streamed run's scratch tensors beside it
  std::vector<FootprintTerm> output;
  std::size_t time_slots = 0;   ///< slots the file holds (1 without a [time] table)
  std::size_t active_sets = 0;  ///< distinct active sets of the database (vacancy cube)

  CheckedSize memory_bytes() const;
  CheckedSize output_bytes() const;
};

/// The footprint of one scenario's run (`akichi run` of a scenario without [sweep], or one
/// variant of a sweep). Builds the scenario's model to learn whether it reports propagation
/// mechanisms (one byte more per link); groups the schedules into active sets. `streamed`: the
/// run streams its station tensors (sim/analysis/coverage_run.h, streams_station_tensors()):
/// it holds one station's loss and received power at a time, and the scratch files beside the
/// output hold all of them, uncompressed, until the results file has them.
Footprint scenario_footprint(const Scenario& scenario, bool streamed = false);

/// The largest term of `terms` (an overflowed one first); terms must not be empty.
const FootprintTerm& largest_term(const std::vector<FootprintTerm>& terms);

/// "name formula = size" lines of the terms, for `akichi check`.
std::string footprint_text(const std::vector<FootprintTerm>& terms);

}  // namespace akichi::sim::results
