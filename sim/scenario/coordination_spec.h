// [coordination]: allocation of the protected receivers' interference margin among the planned
// base stations ([[station]], the applicants) by one of the methods of sim/analysis/allocation.h.
// Documented in docs/scenario-format.md, "[coordination]".
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace akichi::sim {

struct Scenario;
namespace toml_in {
class Section;
}

struct CoordinationSpec {
  enum class Method : std::uint8_t { Fcfs, Iterative, MoveList, ChannelAssignment };
  bool enabled = false;
  Method method = Method::Fcfs;
  /// fcfs: the applicants (indices of the planned stations) in the order they are served.
  std::vector<std::size_t> order;
  double step_dB = 1.0;  ///< iterative: the EIRP cut per step (R2-SGN-16: 1 dB)
  /// move_list: the percentile of the Monte Carlo aggregate kept under the limit (R2-SGN-24: 95),
  /// its trials, seed and lognormal variability of every link.
  double percentile = 95;
  std::size_t trials = 1000;
  std::uint64_t seed = 1;
  double shadowing_sigma_dB = 0;
  /// The system maximum and the least useful EIRP (defaults: [vacancy]'s max_eirp_dBm and
  /// min_useful_eirp_dBm when there is a [vacancy] table, else none and 0 dBm).
  double max_eirp_dBm = std::numeric_limits<double>::infinity();
  double min_eirp_dBm = 0;
  /// [planned station] the channel of the plan it applies for (its own band); all 0 without a
  /// [spectrum] plan (the aggregate's one channel: the stations' own bands).
  std::vector<std::size_t> applicant_channel;
};

/// "fcfs", "iterative", "move_list", "channel_assignment".
const char* coordination_method_name(CoordinationSpec::Method m);

/// One line for `akichi check`: the method, its parameters and the number of applicants.
std::string describe_coordination(const CoordinationSpec& spec, std::size_t applicants);

/// Reads [coordination] into sc.sharing.coordination once the scenario's stations, channel plan,
/// [vacancy] and [aggregate] are read. Throws InputError located in the table or at the station.
void parse_coordination(const toml_in::Section& c, Scenario& sc);

}  // namespace akichi::sim
