#include "sim/analysis/montecarlo.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <boost/math/distributions/normal.hpp>

#include "propagation/models/itu_r_p2108_1.h"
#include "sim/spectrum/link_budget.h"

namespace akichi::sim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
/// 10^(x/10) = exp(x ln10 / 10).
constexpr double kDbToNeper = std::numbers::ln10 / 10.0;

/// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA
/// 2014; the generator of java.util.SplittableRandom): a Weyl sequence through a 64-bit
/// finaliser. It has no seeding cost, so every trial can start its own stream from
/// hash(seed, trial), which is what makes results independent of how trials are shared out.
class TrialRandom {
 public:
  TrialRandom(std::uint64_t seed, std::uint64_t trial) : state_(mix(seed ^ mix(trial + kGolden))) {}

  std::uint64_t next() {
    state_ += kGolden;
    return mix(state_);
  }

  /// Uniform on the open interval (0, 1): the top 53 bits, centred in their cell.
  double uniform() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1p-53; }

  /// Standard normal by the Box–Muller transform (two per pair of uniforms; the second is kept
  /// for the next call). Written out rather than std::normal_distribution, whose algorithm
  /// differs between standard libraries: the draws are part of the results.
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double r = std::sqrt(-2.0 * std::log(uniform()));
    const double a = 2.0 * std::numbers::pi * uniform();
    spare_ = r * std::sin(a);
    has_spare_ = true;
    return r * std::cos(a);
  }

 private:
  static constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ULL;
  static std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  std::uint64_t state_;
  double spare_ = 0;
  bool has_spare_ = false;
};

void check_input(const MonteCarloInput& in) {
  const std::size_t nl = in.link_level_dBm.size();
  if (in.link_source.size() != nl || in.link_collision.size() != nl ||
      in.link_sigma_dB.size() != nl ||
      (!in.link_statistic.empty() && in.link_statistic.size() != nl))
    throw std::invalid_argument("run_montecarlo: link array sizes");
  if (in.source_on.size() != in.receiver_on.size())
    throw std::invalid_argument("run_montecarlo: active-set sizes");
  for (std::uint32_t s : in.slot_set)
    if (s >= in.source_on.size()) throw std::invalid_argument("run_montecarlo: slot set index");
  for (const auto& on : in.source_on)
    if (on.size() != in.source_activity.size())
      throw std::invalid_argument("run_montecarlo: source_on size");
  for (const MonteCarloInput::Target& t : in.targets) {
    if (t.first_link + t.n_links > nl) throw std::invalid_argument("run_montecarlo: target links");
    if (t.n_windows > 0 &&
        (t.first_fraction + t.n_links * t.n_windows > in.link_window_fraction.size() ||
         t.window_column >= in.n_windowed))
      throw std::invalid_argument("run_montecarlo: target windows");
    for (const auto& on : in.receiver_on)
      if (t.receiver >= on.size()) throw std::invalid_argument("run_montecarlo: receiver index");
  }
  for (std::uint32_t s : in.link_source)
    if (s >= in.source_activity.size()) throw std::invalid_argument("run_montecarlo: link source");
  if (!in.source_pool.empty()) {
    if (in.source_pool.size() != in.source_activity.size())
      throw std::invalid_argument("run_montecarlo: source_pool size");
    for (const std::int32_t p : in.source_pool)
      if (p >= static_cast<std::int32_t>(in.pools.size()))
        throw std::invalid_argument("run_montecarlo: pool index");
  }
  if (!in.link_cell_first.empty()) {
    // A link with cells belongs to a placed source, and its cells are those of the pool.
    if (in.link_cell_first.size() != nl || in.source_pool.empty())
      throw std::invalid_argument("run_montecarlo: link_cell_first size");
    for (std::size_t l = 0; l < nl; ++l) {
      if (in.link_cell_first[l] == MonteCarloInput::kFixed) continue;
      const std::int32_t p = in.source_pool[in.link_source[l]];
      if (p < 0 || in.link_cell_first[l] + in.pools[static_cast<std::size_t>(p)].n_cells >
                       in.link_cell_dB.size())
        throw std::invalid_argument("run_montecarlo: placed link cells");
    }
  }
}

/// Per-thread scratch of the trials.
struct TrialScratch {
  std::vector<std::uint8_t> on;        ///< the sources' activity
  std::vector<double> window;          ///< a windowed target's window sums
  std::vector<std::uint32_t> cell;     ///< placed sources: the cell of their pool drawn
  std::vector<double> power_dB;        ///< placed sources: their power at that cell
  std::vector<std::int32_t> building;  ///< placed sources: the building of that cell, or -1
};

/// A cell of `pool` for the uniform draw u in (0, 1).
std::uint32_t draw_cell(const MonteCarloInput::PositionPool& pool, double u) {
  if (pool.cdf.empty()) {
    return static_cast<std::uint32_t>(std::min(
        pool.n_cells - 1, static_cast<std::size_t>(u * static_cast<double>(pool.n_cells))));
  }
  const auto it = std::upper_bound(pool.cdf.begin(), pool.cdf.end(), u);
  return static_cast<std::uint32_t>(
      std::min<std::size_t>(pool.n_cells - 1, static_cast<std::size_t>(it - pool.cdf.begin())));
}

/// One trial into out (MonteCarloInput::columns() values).
void trial_into(const MonteCarloInput& in, std::uint64_t seed, std::uint64_t trial,
                std::span<double> out, TrialScratch& scratch) {
  std::vector<std::uint8_t>& on = scratch.on;
  TrialRandom rng(seed, trial);
  // The instant: a slot of the time axis, uniformly.
  const std::vector<std::uint8_t>* rx_on = nullptr;
  const std::vector<std::uint8_t>* sched = nullptr;
  if (!in.slot_set.empty()) {
    const auto slot =
        std::min(in.slot_set.size() - 1,
                 static_cast<std::size_t>(rng.uniform() * static_cast<double>(in.slot_set.size())));
    sched = &in.source_on[in.slot_set[slot]];
    rx_on = &in.receiver_on[in.slot_set[slot]];
  }
  // Each source's activity, once per trial for all its links. A draw is taken for every source
  // whose activity is below 1, on the air or not, so that a schedule does not shift the
  // stream of the others.
  const std::size_t ns = in.source_activity.size();
  on.resize(ns);
  for (std::size_t s = 0; s < ns; ++s) {
    const double a = in.source_activity[s];
    const bool active = a >= 1.0 || rng.uniform() < a;
    on[s] = static_cast<std::uint8_t>(active && (sched == nullptr || (*sched)[s] != 0));
  }
  // Each placed source's position, once per trial for all its links, drawn on the air or not
  // (the streams of the others do not depend on a schedule). Without placed sources nothing is
  // drawn here.
  const bool placed = !in.source_pool.empty();
  if (placed) {
    scratch.cell.assign(ns, 0);
    scratch.power_dB.assign(ns, 0.0);
    scratch.building.assign(ns, -1);
    for (std::size_t s = 0; s < ns; ++s) {
      if (in.source_pool[s] < 0) continue;
      const MonteCarloInput::PositionPool& pool =
          in.pools[static_cast<std::size_t>(in.source_pool[s])];
      const std::uint32_t c = draw_cell(pool, rng.uniform());
      scratch.cell[s] = c;
      if (!pool.power_dB.empty()) scratch.power_dB[s] = pool.power_dB[c];
      if (!pool.building.empty()) scratch.building[s] = pool.building[c];
    }
  }
  const bool statistics = !in.link_statistic.empty();
  const std::size_t nt = in.targets.size();
  for (std::size_t t = 0; t < nt; ++t) {
    const MonteCarloInput::Target& tg = in.targets[t];
    const std::size_t nw = tg.n_windows;
    if (rx_on != nullptr && (*rx_on)[tg.receiver] == 0) {
      out[t] = kNaN;
      if (nw > 0) out[nt + tg.window_column] = kNaN;
      continue;
    }
    std::vector<double>& window = scratch.window;
    window.assign(nw, 0.0);
    double mw = 0.0;
    const std::size_t end = tg.first_link + tg.n_links;
    for (std::size_t l = tg.first_link; l < end; ++l) {
      if (on[in.link_source[l]] == 0) continue;
      const double collision = in.link_collision[l];
      if (collision < 1.0 && !(rng.uniform() < collision)) continue;
      double dB = in.link_level_dBm[l];
      const std::uint32_t s = in.link_source[l];
      const bool at_cell =
          placed && !in.link_cell_first.empty() && in.link_cell_first[l] != MonteCarloInput::kFixed;
      if (at_cell)
        dB += in.link_cell_dB[in.link_cell_first[l] + scratch.cell[s]] + scratch.power_dB[s];
      const double sigma = in.link_sigma_dB[l];
      // Shadowing is attenuation, so it lowers the received power: -σ z, z standard normal
      // (the sign does not matter to the distribution but keeps the streams readable).
      if (sigma > 0.0) dB -= sigma * rng.normal();
      if (statistics && in.link_statistic[l].kind != LossStatistic::Kind::None) {
        const LossStatistic& ls = in.link_statistic[l];
        int ends = ls.ends;
        // A placed emitter indoors: its end too, unless it shares the fixed end's building.
        if (at_cell && scratch.building[s] >= 0)
          ends = scratch.building[s] == ls.same_building ? 0 : ends + 1;
        for (int e = 0; e < ends; ++e) dB -= loss_deviation_dB(ls, 100.0 * rng.uniform());
      }
      const double x = std::exp(kDbToNeper * dB);
      mw += x;
      if (nw > 0) {
        // The same draw in each window, by the link's share of it.
        const double* f =
            in.link_window_fraction.data() + tg.first_fraction + (l - tg.first_link) * nw;
        for (std::size_t w = 0; w < nw; ++w) window[w] += x * f[w];
      }
    }
    out[t] = mw;
    if (nw > 0) out[nt + tg.window_column] = *std::max_element(window.begin(), window.end());
  }
}

/// The interference power (mW) above which each criterion is not met, for one target: all four
/// criteria are thresholds on I once N and C are fixed.
std::array<double, kCriterionCount> thresholds_mW(const MonteCarloInput::Target& t,
                                                  const MonteCarloCriteria& c) {
  const double n = dbm_to_mw(t.noise_dBm), w = dbm_to_mw(t.wanted_dBm);
  std::array<double, kCriterionCount> th{};
  th[kCriterionIOverN] = c.i_over_n ? dbm_to_mw(t.limit_dBm) : kNaN;
  // C/I < x  <=>  I > C / 10^(x/10)
  th[kCriterionCOverI] = c.c_over_i ? w / std::pow(10.0, c.c_over_i_dB / 10.0) : kNaN;
  // C/(N+I) < x  <=>  I > C / 10^(x/10) - N
  th[kCriterionCOverNPlusI] =
      c.c_over_n_plus_i ? w / std::pow(10.0, c.c_over_n_plus_i_dB / 10.0) - n : kNaN;
  // (N+I)/N > x  <=>  I > N (10^(x/10) - 1)
  th[kCriterionNPlusIOverN] =
      c.n_plus_i_over_n ? n * (std::pow(10.0, c.n_plus_i_over_n_dB / 10.0) - 1.0) : kNaN;
  return th;
}

/// Percentile q (0..100) of sorted values, linear between order statistics (Hyndman & Fan
/// definition 7, numpy's default).
double percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return kNaN;
  const double h = (static_cast<double>(sorted.size()) - 1.0) * q / 100.0;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

double to_dBm(double mw) {
  return mw > 0.0 ? mw_to_dbm(mw) : (std::isnan(mw) ? kNaN : -kInf);
}

/// The column of `samples` that criterion c of target t is judged on: the worst window sum for
/// the own criterion of a windowed target, else the band's I.
std::size_t criterion_column(const MonteCarloInput& in, std::size_t t, std::size_t c) {
  const MonteCarloInput::Target& tg = in.targets[t];
  return c == kCriterionIOverN && tg.n_windows > 0 ? in.targets.size() + tg.window_column : t;
}

/// Statistics of target t over the first n trials of `samples` ([trial][column]).
MonteCarloTargetResult target_result(const MonteCarloInput& in, const MonteCarloSettings& st,
                                     std::size_t t, const std::vector<double>& samples,
                                     std::size_t n) {
  const std::size_t cols = in.columns();
  const MonteCarloInput::Target& tg = in.targets[t];
  MonteCarloTargetResult r;
  std::vector<double> v;
  v.reserve(n);
  double sum = 0.0;  // in trial order
  for (std::size_t k = 0; k < n; ++k) {
    const double x = samples[k * cols + t];
    if (std::isnan(x)) continue;
    v.push_back(x);
    sum += x;
  }
  r.trials = v.size();
  const auto th = thresholds_mW(tg, st.criteria);
  for (std::size_t c = 0; c < kCriterionCount; ++c) {
    r.events[c] = r.p_interference[c] = r.ci_low[c] = r.ci_high[c] = kNaN;
    if (std::isnan(th[c])) continue;
    const std::size_t col = criterion_column(in, t, c);
    double k = 0;
    if (col == t) {
      k = static_cast<double>(
          std::count_if(v.begin(), v.end(), [&](double x) { return x > th[c]; }));
    } else {
      for (std::size_t i = 0; i < n; ++i) k += samples[i * cols + col] > th[c] ? 1.0 : 0.0;
    }
    r.events[c] = k;
    if (r.trials == 0) continue;
    r.p_interference[c] = k / static_cast<double>(r.trials);
    std::tie(r.ci_low[c], r.ci_high[c]) =
        wilson_interval(k, static_cast<double>(r.trials), st.confidence);
  }
  std::sort(v.begin(), v.end());
  r.mean_mW = r.trials ? sum / static_cast<double>(r.trials) : kNaN;
  r.p50_dBm = to_dBm(percentile(v, 50));
  r.p95_dBm = to_dBm(percentile(v, 95));
  r.p99_dBm = to_dBm(percentile(v, 99));
  const double noise = dbm_to_mw(tg.noise_dBm);
  for (double x : st.cdf_i_over_n_dB) {
    if (v.empty()) {
      r.cdf.push_back(kNaN);
      continue;
    }
    const double lim = noise * std::pow(10.0, x / 10.0);
    const auto below = std::upper_bound(v.begin(), v.end(), lim) - v.begin();
    r.cdf.push_back(static_cast<double>(below) / static_cast<double>(v.size()));
  }
  return r;
}

/// Whether target t's receiver is on in some slot (else it never counts a trial and is left
/// out of the stopping rule).
bool ever_on(const MonteCarloInput& in, const MonteCarloInput::Target& t) {
  if (in.slot_set.empty()) return true;
  return std::any_of(in.slot_set.begin(), in.slot_set.end(),
                     [&](std::uint32_t s) { return in.receiver_on[s][t.receiver] != 0; });
}

}  // namespace

double loss_deviation_dB(const LossStatistic& s, double p_percent) {
  switch (s.kind) {
    case LossStatistic::Kind::P2108Terrestrial:
      if (std::isnan(s.reference_percent))
        return prop::p2108::terrestrial_clutter_loss_dB(s.f_GHz, s.d_km, p_percent);
      return prop::p2108::terrestrial_clutter_loss_dB(s.f_GHz, s.d_km, p_percent) -
             prop::p2108::terrestrial_clutter_loss_dB(s.f_GHz, s.d_km, s.reference_percent);
    case LossStatistic::Kind::P2109:
      // P.2109-2 takes the probability P as a fraction.
      if (std::isnan(s.reference_percent))
        return prop::p2109::building_entry_loss_dB(s.f_GHz, p_percent / 100.0, s.building,
                                                   s.theta_deg);
      return prop::p2109::building_entry_loss_dB(s.f_GHz, p_percent / 100.0, s.building,
                                                 s.theta_deg) -
             prop::p2109::building_entry_loss_dB(s.f_GHz, s.reference_percent / 100.0, s.building,
                                                 s.theta_deg);
    case LossStatistic::Kind::None:
      break;
  }
  return 0.0;
}

void MonteCarloInput::add_target(std::size_t receiver, double noise_dBm, double limit_dBm,
                                 double wanted_dBm, std::size_t n_windows) {
  targets.push_back({receiver, noise_dBm, limit_dBm, wanted_dBm, link_level_dBm.size(), 0,
                     n_windows, link_window_fraction.size(), n_windows > 0 ? n_windowed : 0});
  if (n_windows > 0) ++n_windowed;
}

void MonteCarloInput::add_link(std::uint32_t source, double level_dBm, double collision,
                               double sigma_dB, const LossStatistic& statistic,
                               std::span<const double> window_fraction) {
  if (targets.empty()) throw std::invalid_argument("MonteCarloInput::add_link: no target");
  if (window_fraction.size() != targets.back().n_windows)
    throw std::invalid_argument("MonteCarloInput::add_link: one share per window of the target");
  link_window_fraction.insert(link_window_fraction.end(), window_fraction.begin(),
                              window_fraction.end());
  if (!link_cell_first.empty()) link_cell_first.push_back(kFixed);
  link_source.push_back(source);
  link_level_dBm.push_back(level_dBm);
  link_collision.push_back(collision);
  link_sigma_dB.push_back(sigma_dB);
  // link_statistic stays empty until a link has a statistic (the trial loop then skips it).
  if (statistic.kind != LossStatistic::Kind::None || !link_statistic.empty()) {
    link_statistic.resize(link_level_dBm.size() - 1);
    link_statistic.push_back(statistic);
  }
  ++targets.back().n_links;
}

std::int32_t MonteCarloInput::add_pool(PositionPool pool) {
  if (pool.n_cells == 0 || (!pool.cdf.empty() && pool.cdf.size() != pool.n_cells) ||
      (!pool.power_dB.empty() && pool.power_dB.size() != pool.n_cells) ||
      (!pool.building.empty() && pool.building.size() != pool.n_cells))
    throw std::invalid_argument("MonteCarloInput::add_pool: pool sizes");
  pools.push_back(std::move(pool));
  return static_cast<std::int32_t>(pools.size() - 1);
}

void MonteCarloInput::place_source(std::size_t source, std::int32_t pool) {
  if (source >= source_activity.size() || pool < 0 ||
      static_cast<std::size_t>(pool) >= pools.size())
    throw std::invalid_argument("MonteCarloInput::place_source: source or pool");
  source_pool.resize(source_activity.size(), -1);
  source_pool[source] = pool;
}

void MonteCarloInput::add_placed_link(std::uint32_t source, double level_dBm, double collision,
                                      double sigma_dB, std::span<const double> cell_dB,
                                      std::span<const double> window_fraction,
                                      const LossStatistic& statistic) {
  if (source >= source_pool.size() || source_pool[source] < 0 ||
      cell_dB.size() != pools[static_cast<std::size_t>(source_pool[source])].n_cells)
    throw std::invalid_argument("MonteCarloInput::add_placed_link: one value per cell of the pool");
  add_link(source, level_dBm, collision, sigma_dB, statistic, window_fraction);
  link_cell_first.resize(link_level_dBm.size(), kFixed);
  link_cell_first.back() = link_cell_dB.size();
  link_cell_dB.insert(link_cell_dB.end(), cell_dB.begin(), cell_dB.end());
}

const char* criterion_name(MonteCarloCriterion c) {
  switch (c) {
    case kCriterionIOverN:
      return "i_over_n";
    case kCriterionCOverI:
      return "c_over_i";
    case kCriterionCOverNPlusI:
      return "c_over_n_plus_i";
    case kCriterionNPlusIOverN:
      return "n_plus_i_over_n";
    case kCriterionCount:
      break;
  }
  return "";
}

std::pair<double, double> wilson_interval(double k, double n, double confidence) {
  // Wilson (1927) score interval: the proportions p whose score test at this level does not
  // reject k / n. Unlike the normal (Wald) interval it stays inside [0, 1] and is not empty at
  // k = 0 or k = n, which a small P_I needs.
  if (n <= 0) return {0.0, 1.0};
  const double z =
      boost::math::quantile(boost::math::normal_distribution<double>(), 0.5 + confidence / 2.0);
  const double z2 = z * z, p = k / n;
  const double centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
  const double half = z / (1.0 + z2 / n) * std::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n));
  // At k = 0 and k = n the bounds are 0 and 1 exactly (the formula's rounding would leave them
  // a few ulps inside, excluding the observed proportion).
  return {k <= 0 ? 0.0 : std::max(0.0, centre - half), k >= n ? 1.0 : std::min(1.0, centre + half)};
}

void montecarlo_trial(const MonteCarloInput& in, std::uint64_t seed, std::uint64_t trial,
                      std::span<double> out) {
  if (out.size() < in.columns())
    throw std::invalid_argument("montecarlo_trial: out has fewer values than columns()");
  TrialScratch scratch;
  trial_into(in, seed, trial, out, scratch);
}

MonteCarloResult run_montecarlo(const MonteCarloInput& in, const MonteCarloSettings& st,
                                const MonteCarloShare* share) {
  check_input(in);
  if (st.batch_trials == 0) throw std::invalid_argument("run_montecarlo: batch_trials = 0");
  const std::size_t nt = in.targets.size();
  const std::size_t cols = in.columns();
  std::vector<bool> counts(nt);
  std::vector<std::array<double, kCriterionCount>> thresholds(nt);
  std::vector<std::array<std::size_t, kCriterionCount>> events(nt);
  std::vector<std::size_t> counted(nt, 0);
  for (std::size_t t = 0; t < nt; ++t) {
    counts[t] = ever_on(in, in.targets[t]);
    thresholds[t] = thresholds_mW(in.targets[t], st.criteria);
    events[t].fill(0);
  }
  MonteCarloResult res;
  std::vector<double> samples;  // [trial][target]
  std::vector<double> batch;
  while (res.trials < st.max_trials) {
    const std::size_t n = std::min(st.batch_trials, st.max_trials - res.trials);
    batch.assign(n * cols, kNaN);
    const auto [b, e] = share ? share->mine(n) : std::pair<std::size_t, std::size_t>{0, n};
    const std::size_t first = res.trials;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(b, e), [&](const auto& r) {
      TrialScratch scratch;
      for (std::size_t k = r.begin(); k != r.end(); ++k) {
        trial_into(in, st.seed, first + k, std::span<double>(batch).subspan(k * cols, cols),
                   scratch);
      }
    });
    if (share) share->gather(batch, n, cols);
    samples.insert(samples.end(), batch.begin(), batch.end());
    res.trials += n;
    // The stopping rule, on the counts of the trials so far (the same on every process).
    bool narrow = true;
    for (std::size_t t = 0; t < nt; ++t) {
      for (std::size_t k = 0; k < n; ++k) {
        const double* x = batch.data() + k * cols;
        if (std::isnan(x[t])) continue;
        ++counted[t];
        for (std::size_t c = 0; c < kCriterionCount; ++c)
          if (x[criterion_column(in, t, c)] > thresholds[t][c]) ++events[t][c];
      }
      if (!counts[t]) continue;
      for (std::size_t c = 0; c < kCriterionCount; ++c) {
        if (std::isnan(thresholds[t][c])) continue;
        const auto [lo, hi] = wilson_interval(static_cast<double>(events[t][c]),
                                              static_cast<double>(counted[t]), st.confidence);
        if (counted[t] == 0 || hi - lo > st.target_width) narrow = false;
      }
    }
    if (narrow) {
      res.converged = true;
      break;
    }
  }
  for (std::size_t t = 0; t < nt; ++t)
    res.targets.push_back(target_result(in, st, t, samples, res.trials));
  return res;
}

}  // namespace akichi::sim
