// What the model adapters share. See the header.
#include "propagation/engine/model_adapters.h"

#include <algorithm>
#include <cmath>
#include <span>
#include "base/errors.h"
#include "propagation/models/extended_hata_seamcat.h"
#include "propagation/models/itu_r_p525.h"
#include "propagation/models/itu_r_p526_15.h"
#include "propagation/models/tr38901.h"

namespace akichi::prop {

double distance_3d_m(const LinkInput& link) noexcept {
  const double dz = (link.z_tx_m + link.h_tx_m) - (link.z_rx_m + link.h_rx_m);
  return std::sqrt(link.d_m * link.d_m + dz * dz);
}

bool terrain_line_of_sight(const LinkInput& link, double k_factor) noexcept {
  const int n = link.profile_n;
  if (n < 3 || link.profile_d_m == nullptr || link.profile_z_m == nullptr) return true;
  const double d0 = link.profile_d_m[0];
  const double total = link.profile_d_m[n - 1] - d0;
  if (total <= 0.0) return true;
  const double hts = link.z_tx_m + link.h_tx_m;
  const double hrs = link.z_rx_m + link.h_rx_m;
  const double two_k_Re = 2.0 * k_factor * kEarthRadius_m;
  for (int i = 1; i + 1 < n; ++i) {
    const double d1 = link.profile_d_m[i] - d0;
    const double d2 = total - d1;
    const double ray = hts + (hrs - hts) * d1 / total;
    if (link.profile_z_m[i] + d1 * d2 / two_k_Re > ray) return false;
  }
  return true;
}

double los_weighted_loss_dB(double p_los, double los_dB, double nlos_dB) noexcept {
  const double ref = std::min(los_dB, nlos_dB);  // factor out the larger linear term
  const double sum = p_los * std::pow(10.0, -(los_dB - ref) / 10.0) +
                     (1.0 - p_los) * std::pow(10.0, -(nlos_dB - ref) / 10.0);
  return ref - 10.0 * std::log10(sum);
}

std::string_view los_mode_key(LosMode m) noexcept {
  switch (m) {
    case LosMode::Los:
      return "los";
    case LosMode::Nlos:
      return "nlos";
    case LosMode::Probabilistic:
      return "probabilistic";
    case LosMode::Terrain:
      return "terrain";
  }
  return "";
}

LosMode los_mode_of_key(std::string_view key) noexcept {
  return key == "los"       ? LosMode::Los
         : key == "nlos"    ? LosMode::Nlos
         : key == "terrain" ? LosMode::Terrain
                            : LosMode::Probabilistic;
}

std::string_view los_mode_name(LosMode m) noexcept {
  switch (m) {
    case LosMode::Los:
      return "LoS";
    case LosMode::Nlos:
      return "NLoS";
    case LosMode::Probabilistic:
      return "probabilistic";
    case LosMode::Terrain:
      return "terrain";
  }
  return "";
}

}  // namespace akichi::prop
