// The difference distribution `akichi compare` prints.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace akichi::sim::cli {

struct DeltaStats {
  std::size_t n = 0;
  double median = 0;          ///< of the signed differences
  double mean = 0;            ///< of the signed differences
  double p95_abs = 0;         ///< 95th percentile of |difference|
  double max_abs = 0;         ///< largest |difference|
  double share_over_1dB = 0;  ///< share of points with |difference| > 1 dB
};

/// The p-quantile (0..1) of ascending values by linear interpolation between order statistics
/// (Hyndman and Fan's definition 7, numpy's default): h = (n - 1) p, x[floor h] + (h - floor
/// h) (x[floor h + 1] - x[floor h]). The median is p = 0.5.
inline double quantile_sorted(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

inline DeltaStats delta_stats(std::vector<double> delta) {
  DeltaStats s;
  s.n = delta.size();
  if (s.n == 0) return s;
  std::vector<double> mag(delta.size());
  double sum = 0;
  std::size_t over = 0;
  for (std::size_t i = 0; i < delta.size(); ++i) {
    sum += delta[i];
    mag[i] = std::abs(delta[i]);
    if (mag[i] > 1.0) ++over;
  }
  std::sort(delta.begin(), delta.end());
  std::sort(mag.begin(), mag.end());
  s.median = quantile_sorted(delta, 0.5);
  s.mean = sum / static_cast<double>(s.n);
  s.p95_abs = quantile_sorted(mag, 0.95);
  s.max_abs = mag.back();
  s.share_over_1dB = static_cast<double>(over) / static_cast<double>(s.n);
  return s;
}

}  // namespace akichi::sim::cli
