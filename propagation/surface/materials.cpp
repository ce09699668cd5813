#include "propagation/surface/materials.h"

#include <array>
#include <cctype>

namespace akichi::prop::p2040 {
namespace {

// P.2040-3 Table 3, rows valid at or below 100 GHz: a, b, c, d, frequency range (GHz).
// (Rows cross-checked against independent transcriptions of the table; see
// propagation/models/itu_r_p2040_3.h.)
constexpr std::array<Material, 15> kTable3{{
    {"vacuum", 1.0, 0.0, 0.0, 0.0, 0.001, 100.0},
    {"concrete", 5.24, 0.0, 0.0462, 0.7822, 1.0, 100.0},
    {"brick", 3.91, 0.0, 0.0238, 0.16, 1.0, 40.0},
    {"plasterboard", 2.73, 0.0, 0.0085, 0.9395, 1.0, 100.0},
    {"wood", 1.99, 0.0, 0.0047, 1.0718, 0.001, 100.0},
    {"glass", 6.31, 0.0, 0.0036, 1.3394, 0.1, 100.0},
    {"ceiling_board", 1.48, 0.0, 0.0011, 1.0750, 1.0, 100.0},
    {"chipboard", 2.58, 0.0, 0.0217, 0.7800, 1.0, 100.0},
    {"plywood", 2.71, 0.0, 0.33, 0.0, 1.0, 40.0},
    {"marble", 7.074, 0.0, 0.0055, 0.9262, 1.0, 60.0},
    {"floorboard", 3.66, 0.0, 0.0044, 1.3515, 50.0, 100.0},
    {"metal", 1.0, 0.0, 1.0e7, 0.0, 1.0, 100.0},
    {"very_dry_ground", 3.0, 0.0, 0.00015, 2.52, 1.0, 10.0},
    {"medium_dry_ground", 15.0, -0.1, 0.035, 1.63, 1.0, 10.0},
    {"wet_ground", 30.0, -0.4, 0.15, 1.30, 1.0, 10.0},
}};

char normalised(char c) {
  if (c == '-' || c == ' ') return '_';
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

}  // namespace

std::span<const Material> materials() noexcept {
  return kTable3;
}

std::optional<std::size_t> find_material(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kTable3.size(); ++i) {
    const std::string_view n = kTable3[i].name;
    if (n.size() != name.size()) continue;
    bool same = true;
    for (std::size_t k = 0; k < n.size() && same; ++k) same = normalised(name[k]) == n[k];
    if (same) return i;
  }
  return std::nullopt;
}

std::vector<std::string> material_names() {
  std::vector<std::string> out;
  for (const Material& m : kTable3) out.emplace_back(m.name);
  return out;
}

double default_thickness_m(std::size_t index) noexcept {
  // By materials() index: vacuum, concrete, brick, plasterboard, wood, glass, ceiling_board,
  // chipboard, plywood, marble, floorboard, metal, then the three grounds.
  constexpr std::array<double, kTable3.size()> kThickness_m{
      0.2, 0.2, 0.2, 0.0125, 0.05, 0.012, 0.015, 0.02, 0.02, 0.03, 0.03, 0.002, 0.2, 0.2, 0.2};
  return index < kThickness_m.size() ? kThickness_m[index] : 0.2;
}

}  // namespace akichi::prop::p2040
