#include "propagation/models/itu_r_p2040_3.h"

#include <array>
#include <cctype>
#include <cmath>

namespace akichi::prop::p2040 {
namespace {

// P.2040-3 Table 3, rows valid at or below 100 GHz: a, b, c, d, frequency range (GHz).
// (Rows cross-checked against independent transcriptions of the table; see the header.)
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

double relative_permittivity(const Material& m, double f_GHz) noexcept {
  return m.a * std::pow(f_GHz, m.b);  // P.2040-3 §2.1.4, Table 3: eta' = a f^b
}

double conductivity_S_per_m(const Material& m, double f_GHz) noexcept {
  return m.c * std::pow(f_GHz, m.d);  // P.2040-3 §2.1.4, Table 3: sigma = c f^d
}

std::complex<double> complex_permittivity(const Material& m, double f_GHz) noexcept {
  // P.2040-3 §2.1.2: eta'' = 17.98 sigma / f (f in GHz)
  return {relative_permittivity(m, f_GHz), -17.98 * conductivity_S_per_m(m, f_GHz) / f_GHz};
}

Reflection fresnel_reflection(std::complex<double> eta, double theta_i_rad) noexcept {
  const double c = std::cos(theta_i_rad);
  const double s = std::sin(theta_i_rad);
  const std::complex<double> root = std::sqrt(eta - s * s);               // principal root: Re >= 0
  return {(c - root) / (c + root), (eta * c - root) / (eta * c + root)};  // P.2040-3 §2.2.1.5
}

}  // namespace akichi::prop::p2040
