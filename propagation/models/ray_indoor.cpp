// Inside a building, for the 2.5-D ray model. See the header for the sources and the choices.
#include "propagation/models/ray_indoor.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "propagation/models/itu_r_p525.h"

namespace akichi::prop::ray {

IndoorScenario scenario_of_use(const IndoorOptions& opt, BuildingUse use) noexcept {
  if (!opt.by_use) return opt.forced;
  switch (use) {
    case BuildingUse::Office:
      return IndoorScenario::InH_Mixed;
    case BuildingUse::OpenOffice:
      return IndoorScenario::InH_Open;
    case BuildingUse::Factory:
      return IndoorScenario::InF;
    case BuildingUse::Unspecified:
    case BuildingUse::Other:
      break;
  }
  return opt.default_scenario;
}

tr38901::Scenario resolve(IndoorScenario s, const IndoorOptions& opt, double h_BS_m) noexcept {
  switch (s) {
    case IndoorScenario::InH_Open:
      return tr38901::Scenario::InH_Open;
    case IndoorScenario::InF: {
      // TR 38.901 V17.0.0 Table 7.2-4: sparse clutter r < 40 %, dense r >= 40 %; "high" when the
      // BS antenna is above the clutter (h_BS > h_c), "low" when below the average clutter height.
      const bool dense = opt.clutter_density >= 0.4;
      const bool high = h_BS_m > opt.clutter_height_m;
      if (high) return dense ? tr38901::Scenario::InF_DH : tr38901::Scenario::InF_SH;
      return dense ? tr38901::Scenario::InF_DL : tr38901::Scenario::InF_SL;
    }
    case IndoorScenario::InF_SL:
      return tr38901::Scenario::InF_SL;
    case IndoorScenario::InF_DL:
      return tr38901::Scenario::InF_DL;
    case IndoorScenario::InF_SH:
      return tr38901::Scenario::InF_SH;
    case IndoorScenario::InF_DH:
      return tr38901::Scenario::InF_DH;
    case IndoorScenario::FreeSpace:
    case IndoorScenario::InH_Mixed:
      break;
  }
  return tr38901::Scenario::InH_Mixed;
}

IndoorLoss indoor_loss(IndoorScenario s, const IndoorOptions& opt, double fc_GHz, double d2D_m,
                       double d3D_m, double h_a_m, double h_b_m) noexcept {
  const double h_BS = std::max(h_a_m, h_b_m), h_UT = std::min(h_a_m, h_b_m);
  IndoorLoss out;
  out.scenario = resolve(s, opt, h_BS);
  tr38901::Params p;
  p.r = opt.clutter_density;
  p.h_c_m = opt.clutter_height_m;
  p.d_clutter_m = opt.clutter_size_m;
  const tr38901::PathLoss pl =
      tr38901::path_loss(out.scenario, p, fc_GHz, d2D_m, d3D_m, h_BS, h_UT);  // Table 7.4.1-1
  switch (opt.los) {
    case IndoorLos::Los:
      out.p_los = 1.0;
      out.loss_dB = pl.los_dB;
      return out;
    case IndoorLos::Nlos:
      out.p_los = 0.0;
      out.loss_dB = pl.nlos_dB;
      return out;
    case IndoorLos::Probabilistic:
      break;
  }
  out.p_los = tr38901::los_probability(out.scenario, p, d2D_m, h_BS, h_UT);  // Table 7.4.2-1
  // Expected received power over the LoS state, -10 log10(P 10^(-L_LoS/10) + (1 - P)
  // 10^(-L_NLoS/10)), with the larger linear term factored out (as the tr38901 adapter).
  const double ref = std::min(pl.los_dB, pl.nlos_dB);
  const double sum = out.p_los * std::pow(10.0, -(pl.los_dB - ref) / 10.0) +
                     (1.0 - out.p_los) * std::pow(10.0, -(pl.nlos_dB - ref) / 10.0);
  out.loss_dB = ref - 10.0 * std::log10(sum);
  return out;
}

double indoor_leg_excess_dB(IndoorScenario s, const IndoorOptions& opt, double freq_Hz,
                            double d2D_m, double d3D_m, double h_a_m, double h_b_m) noexcept {
  if (s == IndoorScenario::FreeSpace) return 0.0;
  const double d3 = std::max(d3D_m, 1.0);  // Table 7.4.1-1: 1 m <= d_3D (InH and InF)
  const double pl = indoor_loss(s, opt, freq_Hz * 1e-9, d2D_m, d3, h_a_m, h_b_m).loss_dB;
  return std::max(0.0, pl - p525::free_space_loss_dB_si(freq_Hz, d3));  // P.525-4 §2.2
}

double indoor_exit_fraction(const BuildingIndex& index, std::uint32_t building, const Segment3& s,
                            std::vector<FaceCrossing>& faces) {
  // The faces where the segment enters or leaves a volume, in increasing t; a face inside
  // another part of the same building is none (the shell is the union of the parts).
  index.face_crossings(s, {}, faces);
  for (const FaceCrossing& f : faces) {
    if (index.building_of(f.building) == building) return f.t;
  }
  return 1.0;
}

namespace {
struct Name {
  const char* name;
  IndoorScenario s;
};
constexpr Name kNames[] = {
    {"free_space", IndoorScenario::FreeSpace}, {"InH", IndoorScenario::InH_Mixed},
    {"InH-open", IndoorScenario::InH_Open},    {"InF", IndoorScenario::InF},
    {"InF-SL", IndoorScenario::InF_SL},        {"InF-DL", IndoorScenario::InF_DL},
    {"InF-SH", IndoorScenario::InF_SH},        {"InF-DH", IndoorScenario::InF_DH},
};
}  // namespace

const char* indoor_scenario_name(IndoorScenario s) noexcept {
  for (const Name& n : kNames) {
    if (n.s == s) return n.name;
  }
  return "";
}

bool parse_indoor_scenario(const char* name, IndoorScenario& out) noexcept {
  for (const Name& n : kNames) {
    if (std::strcmp(n.name, name) == 0) {
      out = n.s;
      return true;
    }
  }
  return false;
}

}  // namespace akichi::prop::ray
