#include "sim/analysis/mic_area.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "base/errors.h"

namespace akichi::sim {

double power_in_reference_bandwidth_dBm(double p_channel_dBm, double channel_bandwidth_Hz,
                                        double reference_bandwidth_Hz) noexcept {
  const double ratio = channel_bandwidth_Hz / reference_bandwidth_Hz;
  return p_channel_dBm - 10.0 * std::log10(std::max(1.0, ratio));
}

namespace {

void bad(const std::string& field, const std::string& found, const std::string& expected) {
  throw_input_error({}, field, found, expected);
}

std::size_t count(const std::uint8_t* m, std::size_t n) {
  std::size_t c = 0;
  for (std::size_t i = 0; i < n; ++i) c += m[i] != 0;
  return c;
}

/// Checks the input; returns the number of cells of one mask.
std::size_t checked_cells(const MicAreaInput& in) {
  if (in.nx <= 0 || in.ny <= 0)
    bad("mic area grid", fmt::format("{} x {} cells", in.nx, in.ny), "at least 1 x 1 cells");
  if (!(in.cell_m > 0)) bad("mic area cell_m", fmt::format("{}", in.cell_m), "a size > 0 (m)");
  if (!(in.coordination_threshold_dBm <= in.coverage_threshold_dBm))
    bad("mic area coordination_threshold_dBm", fmt::format("{}", in.coordination_threshold_dBm),
        fmt::format("a level <= coverage_threshold_dBm ({})", in.coverage_threshold_dBm));
  const std::size_t n = static_cast<std::size_t>(in.nx) * static_cast<std::size_t>(in.ny);
  const std::size_t ns = in.licensee.size();
  if (in.rx_dBm.size() != ns * n)
    bad("mic area rx_dBm", fmt::format("{} values", in.rx_dBm.size()),
        fmt::format("{} stations x {} x {} cells = {} values", ns, in.ny, in.nx, ns * n));
  return n;
}

/// Per-station masks: comparisons with NaN are false, so NaN is in neither area.
void station_masks(const MicAreaInput& in, std::size_t n, MicAreas& out) {
  const std::size_t ns = in.licensee.size();
  out.coverage.assign(ns * n, 0);
  out.coordination.assign(ns * n, 0);
  for (std::size_t i = 0; i < ns * n; ++i) {
    const double p = in.rx_dBm[i];
    out.coverage[i] = p >= in.coverage_threshold_dBm ? 1 : 0;
    out.coordination[i] = p >= in.coordination_threshold_dBm ? 1 : 0;
  }
  for (std::size_t s = 0; s < ns; ++s) {
    out.coverage_cells.push_back(count(&out.coverage[s * n], n));
    out.coordination_cells.push_back(count(&out.coordination[s * n], n));
    out.coverage_area_m2.push_back(static_cast<double>(out.coverage_cells.back()) *
                                   out.cell_area_m2);
    out.coordination_area_m2.push_back(static_cast<double>(out.coordination_cells.back()) *
                                       out.cell_area_m2);
  }
}

/// Position of licensee `l` in the sorted list `licensees` (where it would go when absent).
std::size_t licensee_index(const std::vector<std::string>& licensees, const std::string& l) {
  return static_cast<std::size_t>(std::lower_bound(licensees.begin(), licensees.end(), l) -
                                  licensees.begin());
}

/// The union of each licensee's station masks, licensees in sorted order.
void licensee_unions(const MicAreaInput& in, std::size_t n, MicAreas& out) {
  const std::size_t ns = in.licensee.size();
  out.licensees = in.licensee;
  std::sort(out.licensees.begin(), out.licensees.end());
  out.licensees.erase(std::unique(out.licensees.begin(), out.licensees.end()), out.licensees.end());
  const std::size_t nl = out.licensees.size();
  out.licensee_coverage.assign(nl * n, 0);
  out.licensee_coordination.assign(nl * n, 0);
  for (std::size_t s = 0; s < ns; ++s) {
    const std::size_t l = licensee_index(out.licensees, in.licensee[s]);
    for (std::size_t i = 0; i < n; ++i) {
      out.licensee_coverage[l * n + i] |= out.coverage[s * n + i];
      out.licensee_coordination[l * n + i] |= out.coordination[s * n + i];
    }
  }
  for (std::size_t l = 0; l < nl; ++l) {
    out.licensee_coverage_cells.push_back(count(&out.licensee_coverage[l * n], n));
    out.licensee_coordination_cells.push_back(count(&out.licensee_coordination[l * n], n));
    out.licensee_coverage_area_m2.push_back(
        static_cast<double>(out.licensee_coverage_cells.back()) * out.cell_area_m2);
    out.licensee_coordination_area_m2.push_back(
        static_cast<double>(out.licensee_coordination_cells.back()) * out.cell_area_m2);
  }
}

/// The premises mask of each licensee (null: none), checked against the licensees and the grid.
std::vector<const std::vector<std::uint8_t>*> premises_per_licensee(const MicAreaInput& in,
                                                                    std::size_t n,
                                                                    const MicAreas& out) {
  const std::size_t nl = out.licensees.size();
  std::vector<const std::vector<std::uint8_t>*> premises(nl, nullptr);
  for (std::size_t k = 0; k < in.premises.size(); ++k) {
    const MicPremises& p = in.premises[k];
    const std::string field = fmt::format("mic area premises[{}]", k);
    const std::size_t l = licensee_index(out.licensees, p.licensee);
    if (l >= nl || out.licensees[l] != p.licensee)
      bad(field + ".licensee", "'" + p.licensee + "'", "the licensee of one of the stations");
    if (premises[l] != nullptr)
      bad(field + ".licensee", "'" + p.licensee + "' a second time",
          "one premises mask per licensee");
    if (p.mask.size() != n)
      bad(field + ".mask", fmt::format("{} values", p.mask.size()),
          fmt::format("{} x {} = {} values", in.ny, in.nx, n));
    premises[l] = &p.mask;
  }
  return premises;
}

/// Ordered pairs (A, B), A != B, in licensee order: where A's coordination area meets B's
/// coverage area or premises; zero overlaps omitted.
void overlap_pairs(const std::vector<const std::vector<std::uint8_t>*>& premises, std::size_t n,
                   MicAreas& out) {
  const std::size_t nl = out.licensees.size();
  for (std::size_t a = 0; a < nl; ++a) {
    const std::uint8_t* coord = &out.licensee_coordination[a * n];
    for (std::size_t b = 0; b < nl; ++b) {
      if (a == b) continue;
      const std::uint8_t* cov = &out.licensee_coverage[b * n];
      const std::vector<std::uint8_t>* prem = premises[b];
      MicPair pair;
      pair.a = out.licensees[a];
      pair.b = out.licensees[b];
      pair.mask.assign(n, 0);
      for (std::size_t i = 0; i < n; ++i) {
        if (!coord[i]) continue;
        const bool in_cov = cov[i] != 0;
        const bool in_prem = prem != nullptr && (*prem)[i] != 0;
        pair.cells_coverage += in_cov;
        pair.cells_premises += in_prem;
        if (in_cov || in_prem) {
          pair.mask[i] = 1;
          ++pair.cells;
        }
      }
      if (pair.cells == 0) continue;
      pair.area_m2 = static_cast<double>(pair.cells) * out.cell_area_m2;
      out.pairs.push_back(std::move(pair));
    }
  }
}

}  // namespace

MicAreas mic_areas(const MicAreaInput& in) {
  const std::size_t n = checked_cells(in);
  MicAreas out;
  out.nx = in.nx;
  out.ny = in.ny;
  out.stations = static_cast<int>(in.licensee.size());
  out.cell_area_m2 = in.cell_m * in.cell_m;
  station_masks(in, n, out);
  licensee_unions(in, n, out);
  overlap_pairs(premises_per_licensee(in, n, out), n, out);
  return out;
}

}  // namespace akichi::sim
