#include "sim/results/footprint.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <fmt/format.h>

#include "propagation/engine/model_config.h"
#include "sim/analysis/coverage_run.h"
#include "sim/results/coordination_file.h"
#include "sim/station/schedule.h"

namespace akichi::sim::results {
namespace {

CheckedSize sz(std::size_t n) {
  return static_cast<std::uint64_t>(n);
}

/// A count held as a double (terrain nodes): empty beyond what 64 bits hold.
CheckedSize from_double(double v) {
  if (!(v >= 0) || v >= 18446744073709551616.0) return std::nullopt;
  return static_cast<std::uint64_t>(std::ceil(v));
}

/// "3 stations x 2 heights x 160000 cells x 4 B": the counts as the message shows them.
struct Dims {
  std::vector<std::pair<std::size_t, std::string>> parts;

  FootprintTerm term(std::string name, std::size_t element_bytes) const {
    std::string formula;
    CheckedSize bytes = sz(element_bytes);
    for (const auto& [n, what] : parts) {
      formula += fmt::format("{} {} x ", n, what);
      bytes = checked_product({bytes, sz(n)});
    }
    formula += fmt::format("{} B", element_bytes);
    return {std::move(name), std::move(formula), bytes};
  }
};

/// Stations whose MIC areas may be drawn: every station that transmits (an upper bound of the
/// MIC base stations, which are the transmitting stations with a licensee in the rule's band).
std::size_t transmitting_stations(const Scenario& sc) {
  std::size_t n = sc.stations.planned().size();
  for (const Station& st : sc.stations.database()) n += st.transmits ? 1 : 0;
  return n;
}

}  // namespace

CheckedSize Footprint::memory_bytes() const {
  CheckedSize s = std::uint64_t{0};
  for (const FootprintTerm& t : memory) s = checked_add(s, t.bytes);
  return s;
}

CheckedSize Footprint::output_bytes() const {
  CheckedSize s = std::uint64_t{0};
  for (const FootprintTerm& t : output) s = checked_add(s, t.bytes);
  return s;
}

Footprint scenario_footprint(const Scenario& sc, bool streamed) {
  Footprint f;
  const prop::StudyGrid& g = sc.grid;
  // nx and ny are at most 10^6 each (the scenario reader's limit): their product fits.
  const std::size_t cells = g.cells(), nh = g.heights_m.size();
  const std::size_t ns = sc.stations.planned().size(), nd = sc.stations.database().size();
  const std::string s_cells = "cells", s_heights = "heights";

  // Terrain: the node lattice the run loads (the study extent plus a node of margin).
  const prop::TerrainLattice lattice = terrain_lattice(sc);
  const double nodes = (lattice.extent.width_m() / lattice.step_m + 2) *
                       (lattice.extent.height_m() / lattice.step_m + 2);
  f.memory.push_back({"terrain", fmt::format("{:.0f} nodes x 4 B", nodes),
                      checked_product({from_double(nodes), sz(sizeof(float))})});
  // A DEM in another geometry is also read at its own posts for the profiles.
  if (const std::uint64_t posts = source_posts_estimate(sc); posts > 0) {
    f.memory.push_back({"terrain posts (the DEM's own)", fmt::format("{} posts x 4 B", posts),
                        checked_product({posts, sz(sizeof(float))})});
  }
  // The writer samples the terrain at the cells (float) beside the premises mask (uint8).
  f.memory.push_back(Dims{{{cells, s_cells}}}.term("terrain and grid layers", 5));
  f.output.push_back(Dims{{{cells, s_cells}}}.term("terrain and grid layers", 5));
  if (sc.buildings.enabled) {
    // The building index of each cell (int32) and the indoor flag of each cell and height.
    f.output.push_back(Dims{{{cells, s_cells}}}.term("building map", 4));
    f.output.push_back(Dims{{{g.heights_m.size(), "heights"}, {cells, s_cells}}}.term("indoor", 1));
  }

  if (ns > 0) {
    // The engine's two station tensors (loss, and gain turned into received power in place;
    // sim/analysis/coverage.h), the mechanism of each link for models that report it, and the
    // coverage layers (best server int16, best power, interference, SINR float).
    const Dims station_tensor{{{ns, "stations"}, {nh, s_heights}, {cells, s_cells}}};
    const Dims layer{{{nh, s_heights}, {cells, s_cells}}};
    const bool mechanism = prop::make_path_loss_model(sc.model)->reports_mechanism();
    if (streamed) {
      const Dims one_station{{{1, "station"}, {nh, s_heights}, {cells, s_cells}}};
      f.memory.push_back(one_station.term("path loss, one station at a time", sizeof(float)));
      f.memory.push_back(one_station.term("received power, one station at a time", sizeof(float)));
      f.output.push_back(
          station_tensor.term("scratch path loss (beside the output while the run lasts)", 4));
      f.output.push_back(station_tensor.term("scratch received power (likewise)", 4));
    } else {
      f.memory.push_back(station_tensor.term("path loss", sizeof(float)));
      f.memory.push_back(station_tensor.term("received power", sizeof(float)));
    }
    if (mechanism) f.memory.push_back(station_tensor.term("mechanism", 1));
    f.memory.push_back(layer.term("coverage layers", 14));
    if (sc.output.write_path_loss) f.output.push_back(station_tensor.term("path_loss", 4));
    if (sc.output.write_rx_power) f.output.push_back(station_tensor.term("rx_power", 4));
    if (mechanism) f.output.push_back(station_tensor.term("mechanism", 1));
    f.output.push_back(layer.term("coverage layers", mechanism ? 15 : 14));
  }

  const SharingSpec& sh = sc.sharing;
  f.time_slots = sh.time.start_utc_s.size();
  if (!sh.any()) return f;
  // One coupling tensor per database station (sim/analysis/sharing_run.h).
  f.memory.push_back(
      Dims{{{nd, "database stations"}, {nh, s_heights}, {cells, s_cells}}}.term("coupling", 4));
  const ActiveSets sets =
      sh.has_time
          ? group_active_sets(sh.time, std::vector<Schedule>(
                                           sh.schedules.begin(),
                                           sh.schedules.begin() + static_cast<std::ptrdiff_t>(nd)))
          : ActiveSets{{{}}, {0}};
  f.active_sets = sets.sets.size();
  if (sh.vacancy.enabled) {
    // The cube is computed once per distinct set of active database stations and written once
    // per time slot: max EIRP and interference (float), binding station (int16), usable
    // (uint8), 11 bytes per cell, height, channel and slot; with the best azimuth its azimuth
    // (float) too (the later azimuths are folded into it as they are reduced: one cube).
    const std::size_t nc = sh.channels.size();
    const std::size_t bytes = sh.vacancy.best_azimuth ? 15 : 11;
    f.memory.push_back(
        Dims{{{f.active_sets, "active sets"}, {nc, "channels"}, {nh, s_heights}, {cells, s_cells}}}
            .term("vacancy cube", bytes));
    f.output.push_back(
        Dims{{{f.time_slots, "slots"}, {nc, "channels"}, {nh, s_heights}, {cells, s_cells}}}.term(
            "vacancy cube", bytes));
  }
  if (sh.mic.enabled) {
    // Received power, loss and gain (float) and the two masks per MIC base station, at the
    // rule's one terminal height; the file holds the power and the masks.
    const Dims mic{{{transmitting_stations(sc), "MIC stations"}, {cells, s_cells}}};
    f.memory.push_back(mic.term("MIC areas", 14));
    f.output.push_back(mic.term("MIC areas", 6));
  }
  if (sh.municipal.enabled) {
    // The /municipal group's maps: municipality index (int32), flag (uint8) and margin (float)
    // per cell, in memory as in the file (the table along municipality is small beside them).
    const Dims mu{{{cells, s_cells}}};
    f.memory.push_back(mu.term("municipal eligibility", 9));
    f.output.push_back(mu.term("municipal eligibility", 9));
  }
  // The /coordination group: small beside the tensors, but a run with thousands of applicants
  // and receivers writes megabytes of move lists.
  if (sh.coordination.enabled) f.output.push_back(coordination_footprint(sc));
  // The /satellite group: per space station, channel and source (an upper bound: every
  // transmitting station) the losses, contribution and share (6 float64) and the ranking
  // (int32), and per slot, channel and space station the aggregate and I/N (2 float64).
  if (!sh.space_stations.empty()) {
    const std::size_t nc = std::max<std::size_t>(sh.channels.size(), 1);
    const Dims paths{{{sh.space_stations.size(), "space stations"},
                      {nc, "channels"},
                      {transmitting_stations(sc), "sources"}}};
    f.output.push_back(paths.term("space-station paths", 52));
    const Dims slots{
        {{f.time_slots, "slots"}, {nc, "channels"}, {sh.space_stations.size(), "space stations"}}};
    f.output.push_back(slots.term("space-station aggregate", 16));
  }
  return f;
}

const FootprintTerm& largest_term(const std::vector<FootprintTerm>& terms) {
  return *std::max_element(terms.begin(), terms.end(),
                           [](const FootprintTerm& a, const FootprintTerm& b) {
                             // An overflowed term (empty) is larger than any other.
                             if (!b.bytes) return a.bytes.has_value();
                             return a.bytes && *a.bytes < *b.bytes;
                           });
}

std::string footprint_text(const std::vector<FootprintTerm>& terms) {
  std::string out;
  for (const FootprintTerm& t : terms) {
    out += fmt::format("{}{} {} = {}", out.empty() ? "" : " + ", t.name, t.formula,
                       bytes_text(t.bytes));
  }
  return out;
}

}  // namespace akichi::sim::results
