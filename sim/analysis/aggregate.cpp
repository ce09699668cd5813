#include "sim/analysis/aggregate.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace akichi::sim {

double power_sum_dBm(const std::vector<double>& dBm) {
  double mw = 0.0;
  for (double p : dBm) {
    if (p == -std::numeric_limits<double>::infinity()) continue;
    mw += std::pow(10.0, p / 10.0);
  }
  return mw > 0.0 ? 10.0 * std::log10(mw) : -std::numeric_limits<double>::infinity();
}

namespace {

/// The largest window sum (dBm) of the active contributions c[src] (dBm), with `fraction`
/// [window][source] their shares in each window; sums in source order.
double worst_window_sum_dBm(const double* c, const std::uint8_t* active, std::size_t ns,
                            const std::vector<double>& fraction) {
  double worst = 0.0;
  for (std::size_t w = 0; w < fraction.size() / ns; ++w) {
    double mw = 0.0;
    for (std::size_t src = 0; src < ns; ++src) {
      if (!active[src] || c[src] == -std::numeric_limits<double>::infinity()) continue;
      mw += std::pow(10.0, c[src] / 10.0) * fraction[w * ns + src];
    }
    worst = std::max(worst, mw);
  }
  return worst > 0.0 ? 10.0 * std::log10(worst) : -std::numeric_limits<double>::infinity();
}

}  // namespace

AggregateResult aggregate_interference(const AggregateInput& in) {
  const std::size_t nr = in.n_receivers, nc = in.n_channels, ns = in.n_sources;
  if (in.limit_dBm.size() != nr || in.contribution_dBm.size() != nr * nc * ns ||
      in.receiver_active.size() != in.source_active.size() ||
      (!in.window_fraction.empty() && in.window_fraction.size() != nr * nc)) {
    throw std::invalid_argument("aggregate_interference: input sizes");
  }
  for (const std::vector<double>& wf : in.window_fraction)
    if (ns == 0 ? !wf.empty() : wf.size() % ns != 0)
      throw std::invalid_argument("aggregate_interference: window fractions");
  AggregateResult out;
  out.n_sets = in.receiver_active.size();
  out.n_channels = nc;
  out.n_receivers = nr;
  out.n_sources = ns;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  out.aggregate_dBm.assign(out.n_sets * nc * nr, nan);
  out.margin_dB.assign(out.n_sets * nc * nr, nan);
  std::vector<double> terms;
  for (std::size_t s = 0; s < out.n_sets; ++s) {
    if (in.receiver_active[s].size() != nr || in.source_active[s].size() != ns)
      throw std::invalid_argument("aggregate_interference: active-set sizes");
    for (std::size_t ch = 0; ch < nc; ++ch) {
      for (std::size_t r = 0; r < nr; ++r) {
        if (!in.receiver_active[s][r]) continue;
        const double* c = in.contribution_dBm.data() + (r * nc + ch) * ns;
        const std::vector<double>* wf =
            in.window_fraction.empty() ? nullptr : &in.window_fraction[r * nc + ch];
        double agg = 0;
        if (wf != nullptr && !wf->empty()) {
          agg = worst_window_sum_dBm(c, in.source_active[s].data(), ns, *wf);
        } else {
          terms.clear();
          for (std::size_t src = 0; src < ns; ++src)
            if (in.source_active[s][src]) terms.push_back(c[src]);
          agg = power_sum_dBm(terms);
        }
        out.aggregate_dBm[out.index(s, ch, r)] = agg;
        out.margin_dB[out.index(s, ch, r)] = in.limit_dBm[r] - agg;
      }
    }
  }
  out.ranking.resize(nr * nc * ns);
  for (std::size_t r = 0; r < nr; ++r) {
    for (std::size_t ch = 0; ch < nc; ++ch) {
      std::int32_t* rank = out.ranking.data() + (r * nc + ch) * ns;
      std::iota(rank, rank + ns, 0);
      const double* c = in.contribution_dBm.data() + (r * nc + ch) * ns;
      std::stable_sort(rank, rank + ns,
                       [c](std::int32_t a, std::int32_t b) { return c[a] > c[b]; });
    }
  }
  return out;
}

}  // namespace akichi::sim
