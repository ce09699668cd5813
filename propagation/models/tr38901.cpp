// 3GPP TR 38.901 V17.0.0 §7.4.1 path loss and §7.4.2 LoS probability. See the header for scope
// and for what happens outside the validity ranges.
#include "propagation/models/tr38901.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace akichi::prop::tr38901 {
namespace {

/// Raises d_2D to d_min keeping the height difference of the 3-D distance.
void clamp_2d(double& d2D_m, double& d3D_m, double d_min_m, PathLoss& out) noexcept {
  if (d2D_m >= d_min_m) return;
  const double dz2 = std::max(d3D_m * d3D_m - d2D_m * d2D_m, 0.0);
  d2D_m = d_min_m;
  d3D_m = std::sqrt(d_min_m * d_min_m + dz2);
  out.clamped = true;
}

/// RMa PL1 of Table 7.4.1-1 at 3-D distance d (m).
double rma_pl1(double fc_GHz, double d_m, double h_m) noexcept {
  const double h172 = std::pow(h_m, 1.72);
  return 20.0 * std::log10(40.0 * std::numbers::pi * d_m * fc_GHz / 3.0) +
         std::min(0.03 * h172, 10.0) * std::log10(d_m) - std::min(0.044 * h172, 14.77) +
         0.002 * std::log10(h_m) * d_m;  // Table 7.4.1-1 RMa LOS PL1
}

void rma(const Params& p, double fc, double d2D, double d3D, double hBS, double hUT,
         PathLoss& out) noexcept {
  clamp_2d(d2D, d3D, 10.0, out);  // Table 7.4.1-1 RMa: 10 m <= d_2D
  const double dBP = rma_breakpoint_m(fc, hBS, hUT);
  if (d2D <= dBP) {
    out.los_dB = rma_pl1(fc, d3D, p.h_m);  // Table 7.4.1-1 RMa LOS, 10 m <= d_2D <= d_BP
    out.sigma_sf_los_dB = 4.0;
  } else {
    out.los_dB = rma_pl1(fc, dBP, p.h_m) +
                 40.0 * std::log10(d3D / dBP);  // RMa LOS PL2, d_BP <= d_2D <= 10 km
    out.sigma_sf_los_dB = 6.0;
  }
  const double ratio = p.h_m / hBS;
  const double lg = std::log10(11.75 * hUT);
  const double pl_nlos_prime = 161.04 - 7.1 * std::log10(p.W_m) + 7.5 * std::log10(p.h_m) -
                               (24.37 - 3.7 * ratio * ratio) * std::log10(hBS) +
                               (43.42 - 3.1 * std::log10(hBS)) * (std::log10(d3D) - 3.0) +
                               20.0 * std::log10(fc) -
                               (3.2 * lg * lg - 4.97);  // RMa NLOS PL'_RMa-NLOS
  out.nlos_dB = std::max(out.los_dB, pl_nlos_prime);    // RMa NLOS: max(PL_RMa-LOS, PL'_RMa-NLOS)
  out.sigma_sf_nlos_dB = 8.0;
  out.out_of_range = d2D > 5000.0;  // LoS to 10 km, NLoS to 5 km
}

void uma(const Params& p, double fc, double d2D, double d3D, double hBS, double hUT,
         PathLoss& out) noexcept {
  clamp_2d(d2D, d3D, 10.0, out);  // Table 7.4.1-1 UMa: 10 m <= d_2D
  const double dBP = breakpoint_prime_m(fc, hBS, hUT, p.h_E_m);
  if (d2D <= dBP) {
    out.los_dB = 28.0 + 22.0 * std::log10(d3D) + 20.0 * std::log10(fc);  // UMa LOS PL1
  } else {
    const double dh = hBS - hUT;
    out.los_dB = 28.0 + 40.0 * std::log10(d3D) + 20.0 * std::log10(fc) -
                 9.0 * std::log10(dBP * dBP + dh * dh);  // UMa LOS PL2, d'_BP <= d_2D <= 5 km
  }
  out.sigma_sf_los_dB = 4.0;
  const double pl_nlos_prime = 13.54 + 39.08 * std::log10(d3D) + 20.0 * std::log10(fc) -
                               0.6 * (hUT - 1.5);     // UMa PL'_UMa-NLOS
  out.nlos_dB = std::max(out.los_dB, pl_nlos_prime);  // UMa NLOS: max(PL_UMa-LOS, PL'_UMa-NLOS)
  out.sigma_sf_nlos_dB = 6.0;
  out.out_of_range = d2D > 5000.0;
}

void umi(const Params& p, double fc, double d2D, double d3D, double hBS, double hUT,
         PathLoss& out) noexcept {
  clamp_2d(d2D, d3D, 10.0, out);  // Table 7.4.1-1 UMi-Street Canyon: 10 m <= d_2D
  const double dBP = breakpoint_prime_m(fc, hBS, hUT, p.h_E_m);
  if (d2D <= dBP) {
    out.los_dB = 32.4 + 21.0 * std::log10(d3D) + 20.0 * std::log10(fc);  // UMi LOS PL1
  } else {
    const double dh = hBS - hUT;
    out.los_dB = 32.4 + 40.0 * std::log10(d3D) + 20.0 * std::log10(fc) -
                 9.5 * std::log10(dBP * dBP + dh * dh);  // UMi LOS PL2, d'_BP <= d_2D <= 5 km
  }
  out.sigma_sf_los_dB = 4.0;
  const double pl_nlos_prime = 35.3 * std::log10(d3D) + 22.4 + 21.3 * std::log10(fc) -
                               0.3 * (hUT - 1.5);     // UMi PL'_UMi-NLOS
  out.nlos_dB = std::max(out.los_dB, pl_nlos_prime);  // UMi NLOS: max(PL_UMi-LOS, PL'_UMi-NLOS)
  out.sigma_sf_nlos_dB = 7.82;
  out.out_of_range = d2D > 5000.0;
}

void clamp_3d(double& d3D_m, double d_min_m, PathLoss& out) noexcept {
  if (d3D_m >= d_min_m) return;
  d3D_m = d_min_m;
  out.clamped = true;
}

void inh(double fc, double d3D, PathLoss& out) noexcept {
  clamp_3d(d3D, 1.0, out);  // Table 7.4.1-1 InH: 1 m <= d_3D <= 150 m
  const double lf = std::log10(fc);
  out.los_dB = 32.4 + 17.3 * std::log10(d3D) + 20.0 * lf;                   // InH LOS
  const double pl_nlos_prime = 38.3 * std::log10(d3D) + 17.30 + 24.9 * lf;  // InH PL'_InH-NLOS
  out.nlos_dB = std::max(out.los_dB, pl_nlos_prime);  // max(PL_InH-LOS, PL'_InH-NLOS)
  out.sigma_sf_los_dB = 3.0;
  out.sigma_sf_nlos_dB = 8.03;
  out.out_of_range = d3D > 150.0;
}

void inf(Scenario s, double fc, double d3D, PathLoss& out) noexcept {
  clamp_3d(d3D, 1.0, out);  // Table 7.4.1-1 InF: 1 m <= d_3D <= 600 m
  const double ld = std::log10(d3D);
  const double lf = std::log10(fc);
  out.los_dB = 31.84 + 21.50 * ld + 19.00 * lf;  // InF LOS
  out.sigma_sf_los_dB = 4.3;
  switch (s) {
    case Scenario::InF_SL:
      out.nlos_dB = std::max(33.0 + 25.5 * ld + 20.0 * lf, out.los_dB);  // InF-SL: max(PL, PL_LOS)
      out.sigma_sf_nlos_dB = 5.7;
      break;
    case Scenario::InF_DL: {
      const double pl_sl = 33.0 + 25.5 * ld + 20.0 * lf;  // PL_InF-SL
      out.nlos_dB = std::max(
          {18.6 + 35.7 * ld + 20.0 * lf, out.los_dB, pl_sl});  // InF-DL: max(PL, PL_LOS, PL_InF-SL)
      out.sigma_sf_nlos_dB = 7.2;
      break;
    }
    case Scenario::InF_SH:
      out.nlos_dB = std::max(32.4 + 23.0 * ld + 20.0 * lf, out.los_dB);  // InF-SH: max(PL, PL_LOS)
      out.sigma_sf_nlos_dB = 5.9;
      break;
    default:                                                              // InF-DH
      out.nlos_dB = std::max(33.63 + 21.9 * ld + 20.0 * lf, out.los_dB);  // InF-DH: max(PL, PL_LOS)
      out.sigma_sf_nlos_dB = 4.0;
      break;
  }
  out.out_of_range = d3D > 600.0;
}

}  // namespace

double rma_breakpoint_m(double fc_GHz, double h_BS_m, double h_UT_m) noexcept {
  return 2.0 * std::numbers::pi * h_BS_m * h_UT_m * fc_GHz * 1e9 / kSpeedOfLight_m_per_s;  // Note 5
}

double breakpoint_prime_m(double fc_GHz, double h_BS_m, double h_UT_m, double h_E_m) noexcept {
  return 4.0 * (h_BS_m - h_E_m) * (h_UT_m - h_E_m) * fc_GHz * 1e9 /
         kSpeedOfLight_m_per_s;  // Note 1
}

PathLoss path_loss(Scenario s, const Params& p, double fc_GHz, double d2D_m, double d3D_m,
                   double h_BS_m, double h_UT_m) noexcept {
  PathLoss out;
  switch (s) {
    case Scenario::RMa:
      rma(p, fc_GHz, d2D_m, d3D_m, h_BS_m, h_UT_m, out);
      break;
    case Scenario::UMa:
      uma(p, fc_GHz, d2D_m, d3D_m, h_BS_m, h_UT_m, out);
      break;
    case Scenario::UMi:
      umi(p, fc_GHz, d2D_m, d3D_m, h_BS_m, h_UT_m, out);
      break;
    case Scenario::InH_Mixed:
    case Scenario::InH_Open:
      inh(fc_GHz, d3D_m, out);
      break;
    default:
      inf(s, fc_GHz, d3D_m, out);
      break;
  }
  return out;
}

double los_probability(Scenario s, const Params& p, double d, double h_BS_m,
                       double h_UT_m) noexcept {
  switch (s) {
    case Scenario::RMa:
      return d <= 10.0 ? 1.0 : std::exp(-(d - 10.0) / 1000.0);  // Table 7.4.2-1 RMa
    case Scenario::UMi:
      return d <= 18.0 ? 1.0
                       : 18.0 / d + std::exp(-d / 36.0) * (1.0 - 18.0 / d);  // Table 7.4.2-1 UMi
    case Scenario::UMa: {
      if (d <= 18.0) return 1.0;  // Table 7.4.2-1 UMa
      const double c_prime =
          h_UT_m <= 13.0 ? 0.0 : std::pow((h_UT_m - 13.0) / 10.0, 1.5);  // C'(h_UT)
      return (18.0 / d + std::exp(-d / 63.0) * (1.0 - 18.0 / d)) *
             (1.0 + c_prime * 1.25 * std::pow(d / 100.0, 3.0) * std::exp(-d / 150.0));
    }
    case Scenario::InH_Mixed:  // Table 7.4.2-1 Indoor - Mixed office
      if (d <= 1.2) return 1.0;
      if (d < 6.5) return std::exp(-(d - 1.2) / 4.7);
      return std::exp(-(d - 6.5) / 32.6) * 0.32;
    case Scenario::InH_Open:  // Table 7.4.2-1 Indoor - Open office
      if (d <= 5.0) return 1.0;
      if (d <= 49.0) return std::exp(-(d - 5.0) / 70.8);
      return std::exp(-(d - 49.0) / 211.7) * 0.54;
    case Scenario::InF_SL:
    case Scenario::InF_DL: {
      if (p.r <= 0.0) return 1.0;                             // no clutter: k_subsce infinite
      const double k = -p.d_clutter_m / std::log(1.0 - p.r);  // Table 7.4.2-1 InF-SL/DL k_subsce
      return std::exp(-d / k);
    }
    default: {                                          // InF-SH, InF-DH
      if (p.r <= 0.0 || h_UT_m >= p.h_c_m) return 1.0;  // UT at or above the clutter: see header
      const double k = -p.d_clutter_m / std::log(1.0 - p.r) * (h_BS_m - h_UT_m) /
                       (p.h_c_m - h_UT_m);  // Table 7.4.2-1 InF-SH/DH k_subsce
      return std::exp(-d / k);
    }
  }
}

std::string_view scenario_name(Scenario s) noexcept {
  switch (s) {
    case Scenario::RMa:
      return "RMa";
    case Scenario::UMa:
      return "UMa";
    case Scenario::UMi:
      return "UMi";
    case Scenario::InH_Mixed:
      return "InH";
    case Scenario::InH_Open:
      return "InH-open";
    case Scenario::InF_SL:
      return "InF-SL";
    case Scenario::InF_DL:
      return "InF-DL";
    case Scenario::InF_SH:
      return "InF-SH";
    case Scenario::InF_DH:
      return "InF-DH";
  }
  return "";
}

bool parse_scenario(std::string_view name, Scenario& out) noexcept {
  struct Entry {
    std::string_view name;
    Scenario s;
  };
  static constexpr Entry kNames[] = {
      {"RMa", Scenario::RMa},
      {"UMa", Scenario::UMa},
      {"UMi", Scenario::UMi},
      {"UMi-StreetCanyon", Scenario::UMi},
      {"InH", Scenario::InH_Mixed},
      {"InH-Office", Scenario::InH_Mixed},
      {"InH-Office-mixed", Scenario::InH_Mixed},
      {"InH-open", Scenario::InH_Open},
      {"InH-Office-open", Scenario::InH_Open},
      {"InF-SL", Scenario::InF_SL},
      {"InF-DL", Scenario::InF_DL},
      {"InF-SH", Scenario::InF_SH},
      {"InF-DH", Scenario::InF_DH},
  };
  for (const Entry& e : kNames) {
    if (e.name == name) {
      out = e.s;
      return true;
    }
  }
  return false;
}

}  // namespace akichi::prop::tr38901
