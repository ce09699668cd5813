// ITU-R P.1411-12 §4.1.1 and §4.2.1 site-general models. See the header for scope.
#include "propagation/models/itu_r_p1411_12.h"

#include <cmath>

#include "propagation/models/itu_r_p1057_7.h"
#include "propagation/models/itu_r_p525.h"

namespace akichi::prop::p1411 {

namespace {

//                              alpha  beta   gamma sigma  f_min f_max  d_min  d_max  capped
// §4.1.1 (Table 4 of P.1411-11), both stations below rooftop
constexpr SiteGeneralRow kBelowLoS{2.12, 29.2, 2.11, 5.06, 0.8, 82.0, 5.0, 660.0, false};
constexpr SiteGeneralRow kBelowNLoSUrbanHighRise{4.00, 10.2, 2.36,  7.60, 0.8,
                                                 82.0, 30.0, 715.0, true};
constexpr SiteGeneralRow kBelowNLoSUrbanLowRise{5.06, -4.68, 2.02,  9.33, 10.0,
                                                73.0, 30.0,  250.0, true};
constexpr SiteGeneralRow kBelowNLoSResidential{3.01, 18.8, 2.07,  3.07, 0.8,
                                               73.0, 30.0, 170.0, false};
// §4.2.1 (Table 8 of P.1411-11), one station above rooftop
constexpr SiteGeneralRow kAboveLoS{2.29, 28.6, 1.96, 3.48, 2.2, 73.0, 55.0, 1200.0, false};
constexpr SiteGeneralRow kAboveNLoSUrbanHighRise{4.39, -6.27, 2.30,   6.89, 2.2,
                                                 66.5, 260.0, 1200.0, false};

}  // namespace

const SiteGeneralRow* site_general_row(Placement placement, Environment env,
                                       PathState state) noexcept {
  if (placement == Placement::BelowRooftop) {
    if (state == PathState::LoS) {
      return env == Environment::Residential ? nullptr : &kBelowLoS;
    }
    switch (env) {
      case Environment::UrbanHighRise:
        return &kBelowNLoSUrbanHighRise;
      case Environment::UrbanLowRiseSuburban:
        return &kBelowNLoSUrbanLowRise;
      case Environment::Residential:
        return &kBelowNLoSResidential;
    }
    return nullptr;
  }
  if (state == PathState::LoS) {
    return env == Environment::Residential ? nullptr : &kAboveLoS;
  }
  return env == Environment::UrbanHighRise ? &kAboveNLoSUrbanHighRise : nullptr;
}

bool in_range(const SiteGeneralRow& row, double f_GHz, double d_m) noexcept {
  return f_GHz >= row.f_min_GHz && f_GHz <= row.f_max_GHz && d_m >= row.d_min_m &&
         d_m <= row.d_max_m;
}

double median_loss_dB(const SiteGeneralRow& row, double f_GHz, double d_m) noexcept {
  // §4.1.1 / §4.2.1: Lb(d, f) = 10 alpha log10(d) + beta + 10 gamma log10(f)
  return 10.0 * row.alpha * std::log10(d_m) + row.beta + 10.0 * row.gamma * std::log10(f_GHz);
}

double loss_at_quantile_dB(const SiteGeneralRow& row, double f_GHz, double d_m, double z) noexcept {
  const double Lb_dB = median_loss_dB(row, f_GHz, d_m);
  if (!row.capped) return Lb_dB + row.sigma_dB * z;  // Lb + N(0, sigma) at its quantile
  const double L_FS_dB = p525::free_space_loss_dB(f_GHz * 1e3, d_m * 1e-3);  // free space, P.525
  const double mu_dB = Lb_dB - L_FS_dB;                                      // §4.1.1: mean of A
  const double A_dB = mu_dB + row.sigma_dB * z;  // A ~ N(mu, sigma) at its quantile
  return L_FS_dB + 10.0 * std::log10(std::pow(10.0, 0.1 * A_dB) + 1.0);  // §4.1.1 capped form
}

double loss_not_exceeded_dB(const SiteGeneralRow& row, double f_GHz, double d_m,
                            double p_percent) noexcept {
  return loss_at_quantile_dB(row, f_GHz, d_m, p1057::inverse_normal_cdf(p_percent / 100.0));
}

}  // namespace akichi::prop::p1411
