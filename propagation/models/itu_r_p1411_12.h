// ITU-R P.1411-12 "Propagation data and prediction methods for the planning of short-range
// outdoor radiocommunication systems and radio local area networks in the frequency range
// 300 MHz to 100 GHz".
// Implemented (Annex 1): the site-general models
//   §4.1.1 both stations below rooftop (street canyons), regardless of antenna heights;
//   §4.2.1 one station above rooftop, the other below rooftop, regardless of antenna heights;
// i.e. Lb(d, f) = 10 alpha log10(d) + beta + 10 gamma log10(f) [+ N(0, sigma)] with the
// coefficients alpha, beta, gamma, sigma and the frequency and distance ranges of their tables
// (Table 4 for §4.1.1 and Table 8 for §4.2.1 in the P.1411-11 numbering; the coefficients are the
// same in P.1411-12), including the capped form for NLoS urban high-rise and urban
// low-rise/suburban below rooftop (the excess over free space is never negative):
//   L = L_FS + 10 log10(10^(0.1 A) + 1), A ~ N(mu, sigma), mu = Lb(d, f) - L_FS.
// The random term is used here as a location quantile: the loss not exceeded at p % of
// locations takes N at its p-quantile, sigma F^-1(p/100).
// Rows that exist: below rooftop LoS (urban high-rise and urban low-rise/suburban share one
// row), NLoS urban high-rise, NLoS urban low-rise/suburban, NLoS residential; above rooftop LoS
// (urban high-rise and urban low-rise/suburban), NLoS urban high-rise. The tables have no
// "urban very high-rise" class, no residential LoS row and above rooftop no NLoS row other than
// urban high-rise.
// Not implemented: the site-specific models (§4.1.2-4.1.6, §4.2.2-4.2.3, §4.3.2), §4.3.1
// (low-height terminals near street level), §4.4-4.5 (penetration, building entry), and the
// delay/angular spread, polarisation and multipath sections.
//
// Units as in the recommendation: d is the 3-D direct distance in m, f in GHz, losses in dB.
// Outside a row's frequency or distance range the formula is evaluated as given; in_range()
// tells.
#pragma once

namespace akichi::prop::p1411 {

/// Which site-general model: §4.1.1 (both below rooftop) or §4.2.1 (one above rooftop).
enum class Placement { BelowRooftop, AboveRooftop };

/// Environments of the site-general tables.
enum class Environment { UrbanHighRise, UrbanLowRiseSuburban, Residential };

/// Line-of-sight state of the path.
enum class PathState { LoS, NLoS };

/// One row of the site-general tables.
struct SiteGeneralRow {
  double alpha = 0;      ///< distance coefficient
  double beta = 0;       ///< offset (dB)
  double gamma = 0;      ///< frequency coefficient
  double sigma_dB = 0;   ///< standard deviation of the zero-mean Gaussian term (dB)
  double f_min_GHz = 0;  ///< frequency range of the row
  double f_max_GHz = 0;
  double d_min_m = 0;  ///< distance range of the row (3-D distance)
  double d_max_m = 0;
  bool capped = false;  ///< the variation uses the capped form L_FS + 10 log10(10^(0.1 A) + 1)
};

/// The table row for (placement, environment, state), or nullptr when the table has none.
const SiteGeneralRow* site_general_row(Placement placement, Environment env,
                                       PathState state) noexcept;

/// Whether f_GHz and d_m lie in the row's ranges (bounds included).
bool in_range(const SiteGeneralRow& row, double f_GHz, double d_m) noexcept;

/// Median basic transmission loss Lb (dB) = 10 alpha log10(d) + beta + 10 gamma log10(f)
/// (§4.1.1 / §4.2.1 without the random term).
/// @param d_m   3-D direct distance between the stations (m, > 0)
/// @param f_GHz frequency (GHz, > 0)
double median_loss_dB(const SiteGeneralRow& row, double f_GHz, double d_m) noexcept;

/// Basic transmission loss (dB) not exceeded at p % of locations: the random term of the
/// site-general model taken at its quantile sigma F^-1(p/100), in the capped form when
/// row.capped. At p = 50 equals median_loss_dB() for uncapped rows.
/// @param p_percent location percentage, 0 < p < 100
double loss_not_exceeded_dB(const SiteGeneralRow& row, double f_GHz, double d_m,
                            double p_percent) noexcept;

/// The same with the quantile z = F^-1(p/100) already computed (for per-link loops).
double loss_at_quantile_dB(const SiteGeneralRow& row, double f_GHz, double d_m, double z) noexcept;

}  // namespace akichi::prop::p1411
