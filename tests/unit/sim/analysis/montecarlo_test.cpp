// Monte Carlo aggregate interference against closed forms: one lognormal interferer (P_I =
// Q((I_th - μ)/σ)), sums of two and three equal lognormals against numerical integration,
// Bernoulli activity against the binomial sum, the P.2108 / P.2109 statistics against their
// inverse CDFs, and the mean against the mean-power aggregate (exactly for σ = 0 and activity
// 1; the lognormal mean exp((σ ln10/10)^2 / 2) otherwise). The tolerance of each comparison is
// the Monte Carlo's own interval: the closed form must lie inside the 99.9 % Wilson interval.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numbers>
#include <span>
#include <vector>

#include <gtest/gtest.h>
#include <tbb/global_control.h>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/special_functions/binomial.hpp>

#include "propagation/models/itu_r_p2108_1.h"
#include "propagation/models/itu_r_p2109_2.h"
#include "sim/analysis/aggregate.h"
#include "sim/analysis/montecarlo.h"

namespace akichi::sim::montecarlo_test {
namespace {

constexpr double kNoise = -100.0;  // dBm

double Phi(double x) {
  return boost::math::cdf(boost::math::normal_distribution<double>(), x);
}
double Q(double x) {
  return 1.0 - Phi(x);
}
double mw(double dBm) {
  return std::pow(10.0, dBm / 10.0);
}

/// n equal lognormal links of median `mu` and σ `sigma` into one receiver whose criterion is
/// I_th = `limit`.
MonteCarloInput equal_links(int n, double mu, double sigma, double limit, double activity = 1.0) {
  MonteCarloInput in;
  in.source_activity.assign(static_cast<std::size_t>(n), activity);
  in.add_target(0, kNoise, limit, 0.0);
  for (int i = 0; i < n; ++i) in.add_link(static_cast<std::uint32_t>(i), mu, 1.0, sigma);
  return in;
}

MonteCarloSettings precise(std::size_t max_trials, double width = 0.004) {
  MonteCarloSettings st;
  st.seed = 20261206;
  st.max_trials = max_trials;
  st.batch_trials = 5000;
  st.confidence = 0.999;
  st.target_width = width;
  return st;
}

void expect_inside(const MonteCarloTargetResult& r, double p, MonteCarloCriterion c) {
  EXPECT_LE(r.ci_low[c], p) << "P_I " << r.p_interference[c] << " over " << r.trials;
  EXPECT_GE(r.ci_high[c], p) << "P_I " << r.p_interference[c] << " over " << r.trials;
}

TEST(MonteCarlo, WilsonIntervalKnownValues) {
  // Wilson (1927); z = 1.959964 at 95 %: k = 0 of 10 gives [0, z^2 / (n + z^2)].
  auto [lo, hi] = wilson_interval(0, 10, 0.95);
  EXPECT_DOUBLE_EQ(lo, 0.0);
  EXPECT_NEAR(hi, 0.27754, 1e-5);
  std::tie(lo, hi) = wilson_interval(5, 10, 0.95);
  EXPECT_NEAR(lo, 0.23659, 1e-5);
  EXPECT_NEAR(hi, 0.76341, 1e-5);
  std::tie(lo, hi) = wilson_interval(81, 263, 0.95);  // Newcombe (1998) Table I, example 3
  EXPECT_NEAR(lo, 0.2553, 1e-4);
  EXPECT_NEAR(hi, 0.3662, 1e-4);
}

TEST(MonteCarlo, OneLognormalInterfererGivesQFunction) {
  const double mu = -110.0, sigma = 8.0, limit = -100.0;
  const MonteCarloResult res = run_montecarlo(equal_links(1, mu, sigma, limit), precise(400000));
  const MonteCarloTargetResult& r = res.targets[0];
  EXPECT_TRUE(res.converged);
  expect_inside(r, Q((limit - mu) / sigma), kCriterionIOverN);
  // Percentiles of I: μ + σ Φ^-1(q).
  EXPECT_NEAR(r.p50_dBm, mu, 0.1);
  EXPECT_NEAR(r.p95_dBm, mu + sigma * 1.6448536, 0.2);
  EXPECT_NEAR(r.p99_dBm, mu + sigma * 2.3263479, 0.4);
}

/// P(X1 + X2 > T) for two independent lognormals of median mu, σ sigma (dB), T in mW:
/// the integral over z1 of φ(z1) P(X2 > T - x1).
double two_lognormals_exceed(double mu, double sigma, double T) {
  const boost::math::normal_distribution<double> n01;
  auto f = [&](double z1) {
    const double x1 = mw(mu - sigma * z1);
    const double tail = x1 >= T ? 1.0 : Phi((mu - 10.0 * std::log10(T - x1)) / sigma);
    return boost::math::pdf(n01, z1) * tail;
  };
  return boost::math::quadrature::gauss_kronrod<double, 61>::integrate(f, -12.0, 12.0, 15, 1e-12);
}

/// The same for three: P(X1 + X2 + X3 > T) = the integral of φ(z1) P(X2 + X3 > T - x1).
double three_lognormals_exceed(double mu, double sigma, double T) {
  const boost::math::normal_distribution<double> n01;
  auto f = [&](double z1) {
    const double x1 = mw(mu - sigma * z1);
    const double tail = x1 >= T ? 1.0 : two_lognormals_exceed(mu, sigma, T - x1);
    return boost::math::pdf(n01, z1) * tail;
  };
  return boost::math::quadrature::gauss_kronrod<double, 31>::integrate(f, -12.0, 12.0, 10, 1e-9);
}

TEST(MonteCarlo, TwoEqualLognormalsAgainstQuadrature) {
  const double mu = -108.0, sigma = 6.0, limit = -100.0;
  const double p = two_lognormals_exceed(mu, sigma, mw(limit));
  // Sanity of the integral: between one link alone and the sum at its largest.
  EXPECT_GT(p, Q((limit - mu) / sigma));
  const MonteCarloResult res = run_montecarlo(equal_links(2, mu, sigma, limit), precise(400000));
  expect_inside(res.targets[0], p, kCriterionIOverN);
}

TEST(MonteCarlo, ThreeEqualLognormalsAgainstQuadrature) {
  const double mu = -112.0, sigma = 10.0, limit = -103.0;
  const double p = three_lognormals_exceed(mu, sigma, mw(limit));
  const MonteCarloResult res = run_montecarlo(equal_links(3, mu, sigma, limit), precise(400000));
  expect_inside(res.targets[0], p, kCriterionIOverN);
}

TEST(MonteCarlo, BernoulliActivityGivesBinomialSum) {
  // Ten equal sources, each on with probability 0.3, no variability: I = K P with K binomial;
  // the criterion between 3 and 4 sources on, so P_I = P(K >= 4) = sum_{k>=4} C(10,k) a^k
  // (1-a)^(10-k).
  const int n = 10;
  const double a = 0.3, level = -110.0;
  const double limit = level + 10.0 * std::log10(3.5);
  double p = 0.0;
  for (int k = 4; k <= n; ++k) {
    p += boost::math::binomial_coefficient<double>(n, k) * std::pow(a, k) * std::pow(1 - a, n - k);
  }
  MonteCarloSettings st = precise(400000);
  st.criteria.n_plus_i_over_n = true;  // (N+I)/N > 1 dB: I > N (10^0.1 - 1), 2 sources
  st.criteria.n_plus_i_over_n_dB = 10.0 * std::log10(1.0 + 2.5 * mw(level) / mw(kNoise));
  const MonteCarloResult res = run_montecarlo(equal_links(n, level, 0.0, limit, a), st);
  expect_inside(res.targets[0], p, kCriterionIOverN);
  double p3 = 0.0;  // K >= 3
  for (int k = 3; k <= n; ++k) {
    p3 += boost::math::binomial_coefficient<double>(n, k) * std::pow(a, k) * std::pow(1 - a, n - k);
  }
  expect_inside(res.targets[0], p3, kCriterionNPlusIOverN);
}

TEST(MonteCarlo, CriteriaOnWantedSignal) {
  // One lognormal: C/I < x  <=>  I > C - x; C/(N+I) < x  <=>  I > C/10^(x/10) - N.
  const double mu = -105.0, sigma = 7.0, wanted = -80.0;
  MonteCarloInput in = equal_links(1, mu, sigma, 0.0);
  in.targets[0].wanted_dBm = wanted;
  MonteCarloSettings st = precise(400000);
  st.criteria.i_over_n = false;
  st.criteria.c_over_i = true;
  st.criteria.c_over_i_dB = 20.0;
  st.criteria.c_over_n_plus_i = true;
  st.criteria.c_over_n_plus_i_dB = 19.0;
  const MonteCarloResult res = run_montecarlo(in, st);
  const MonteCarloTargetResult& r = res.targets[0];
  EXPECT_TRUE(std::isnan(r.p_interference[kCriterionIOverN]));
  expect_inside(r, Q((wanted - 20.0 - mu) / sigma), kCriterionCOverI);
  const double th = 10.0 * std::log10(mw(wanted - 19.0) - mw(kNoise));
  expect_inside(r, Q((th - mu) / sigma), kCriterionCOverNPlusI);
}

TEST(MonteCarlo, MeanEqualsMeanPowerAggregateWithoutVariability) {
  // σ = 0 and activity 1: every trial is the mean-power aggregate, summed in the same order.
  const std::vector<double> levels = {-97.3, -104.1, -120.8, -101.0};
  MonteCarloInput in;
  in.source_activity.assign(levels.size(), 1.0);
  in.add_target(0, kNoise, -100.0, 0.0);
  for (std::size_t i = 0; i < levels.size(); ++i)
    in.add_link(static_cast<std::uint32_t>(i), levels[i], 1.0, 0.0);
  MonteCarloSettings st;
  st.max_trials = 3000;
  const MonteCarloResult res = run_montecarlo(in, st);
  AggregateInput ag;
  ag.n_receivers = ag.n_channels = 1;
  ag.n_sources = levels.size();
  ag.limit_dBm = {-100.0};
  ag.contribution_dBm = levels;
  ag.receiver_active = {{1}};
  ag.source_active = {std::vector<std::uint8_t>(levels.size(), 1)};
  const double agg = aggregate_interference(ag).aggregate_dBm[0];
  EXPECT_DOUBLE_EQ(10.0 * std::log10(res.targets[0].mean_mW), agg);
  EXPECT_DOUBLE_EQ(res.targets[0].p50_dBm, agg);
  EXPECT_DOUBLE_EQ(res.targets[0].p99_dBm, agg);
  EXPECT_EQ(res.targets[0].p_interference[kCriterionIOverN], 1.0);
}

TEST(MonteCarlo, MeanIsLognormalMeanOfAggregate) {
  // E[10^(X/10)] for X normal (μ, σ) dB is 10^(μ/10) exp((σ ln10/10)^2 / 2); with activity a
  // the mean-power aggregate carries 10 log10 a in each contribution (as the sharing run does).
  const double sigma = 6.0, a = 0.6;
  const std::vector<double> levels = {-100.0, -103.0, -109.0};
  MonteCarloInput in;
  in.source_activity.assign(levels.size(), a);
  in.add_target(0, kNoise, -100.0, 0.0);
  AggregateInput ag;
  ag.n_receivers = ag.n_channels = 1;
  ag.n_sources = levels.size();
  ag.limit_dBm = {-100.0};
  ag.receiver_active = {{1}};
  ag.source_active = {std::vector<std::uint8_t>(levels.size(), 1)};
  double var = 0.0;  // variance of one trial's I
  const double s = sigma * std::numbers::ln10 / 10.0;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    in.add_link(static_cast<std::uint32_t>(i), levels[i], 1.0, sigma);
    ag.contribution_dBm.push_back(levels[i] + 10.0 * std::log10(a));
    // E[Y^2] - E[Y]^2 for Y = B 10^(X/10), B Bernoulli(a).
    const double m1 = a * mw(levels[i]) * std::exp(s * s / 2),
                 m2 = a * mw(2 * levels[i]) * std::exp(2 * s * s);
    var += m2 - m1 * m1;
  }
  const double expected = mw(aggregate_interference(ag).aggregate_dBm[0]) * std::exp(s * s / 2.0);
  MonteCarloSettings st;
  st.max_trials = 400000;
  st.target_width = 0.0;  // run to the cap
  st.batch_trials = 50000;
  const MonteCarloResult res = run_montecarlo(in, st);
  ASSERT_EQ(res.trials, 400000u);
  const double se = std::sqrt(var / static_cast<double>(res.trials));
  EXPECT_NEAR(res.targets[0].mean_mW, expected, 4.0 * se);
  EXPECT_GT(std::abs(res.targets[0].mean_mW - mw(aggregate_interference(ag).aggregate_dBm[0])),
            10.0 * se);  // the lognormal mean is not the median's sum
}

/// P(L(p) - L(ref) > x) for p uniform on (0, 100): 1 - p* where the deviation reaches x at p*
/// (bisection: the loss grows with the percentage).
double exceedance(const LossStatistic& s, double x) {
  double lo = 1e-9, hi = 100.0 - 1e-9;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (loss_deviation_dB(s, mid) > x ? hi : lo) = mid;
  }
  return 1.0 - 0.5 * (lo + hi) / 100.0;
}

TEST(MonteCarlo, BuildingEntryLossDrawnFromP2109) {
  LossStatistic s;
  s.kind = LossStatistic::Kind::P2109;
  s.f_GHz = 4.8;
  s.theta_deg = 0;
  s.building = prop::p2109::BuildingType::ThermallyEfficient;
  EXPECT_DOUBLE_EQ(loss_deviation_dB(s, 50.0), 0.0);
  EXPECT_DOUBLE_EQ(loss_deviation_dB(s, 90.0),
                   prop::p2109::building_entry_loss_dB(4.8, 0.9, s.building, 0) -
                       prop::p2109::building_entry_loss_dB(4.8, 0.5, s.building, 0));
  // I > I_th when the entry loss exceeds its median by less than level - I_th.
  const double level = -95.0, limit = -100.0;
  MonteCarloInput in;
  in.source_activity = {1.0};
  in.add_target(0, kNoise, limit, 0.0);
  in.add_link(0, level, 1.0, 0.0, s);
  const MonteCarloResult res = run_montecarlo(in, precise(400000));
  expect_inside(res.targets[0], 1.0 - exceedance(s, level - limit), kCriterionIOverN);
}

TEST(MonteCarlo, EntryLossOfEachIndoorEndDrawnFromP2109) {
  LossStatistic s;
  s.kind = LossStatistic::Kind::P2109;
  s.f_GHz = 4.7;
  s.theta_deg = 0;
  const double level = -80.0, limit = -100.0;
  // A level without any entry loss (reference NaN): the whole loss is drawn, I > I_th when
  // L(p) < level - I_th.
  LossStatistic whole = s;
  whole.reference_percent = std::numeric_limits<double>::quiet_NaN();
  EXPECT_DOUBLE_EQ(loss_deviation_dB(whole, 50.0),
                   prop::p2109::building_entry_loss_dB(4.7, 0.5, s.building, 0));
  {
    MonteCarloInput in;
    in.source_activity = {1.0};
    in.add_target(0, kNoise, limit, 0.0);
    in.add_link(0, level, 1.0, 0.0, whole);
    const MonteCarloResult res = run_montecarlo(in, precise(400000));
    expect_inside(res.targets[0], 1.0 - exceedance(whole, level - limit), kCriterionIOverN);
  }
  // Two indoor ends, a level at the median of each: I > I_th when d1 + d2 < level - I_th, with
  // d the deviation from the median; P = integral over u of P(d2 < x - d1(u)) du.
  LossStatistic two = s;
  two.ends = 2;
  const double x = -95.0 - limit;
  double p = 0.0;
  const int n = 4000;
  for (int k = 0; k < n; ++k) {
    const double u = 100.0 * (k + 0.5) / n;
    p += (1.0 - exceedance(s, x - loss_deviation_dB(s, u))) / n;
  }
  MonteCarloInput in;
  in.source_activity = {1.0};
  in.add_target(0, kNoise, limit, 0.0);
  in.add_link(0, -95.0, 1.0, 0.0, two);
  const MonteCarloResult res = run_montecarlo(in, precise(400000));
  expect_inside(res.targets[0], p, kCriterionIOverN);
}

/// ITU-R P.2109-2 §3, eqs. (1)-(10), for a traditional building (Table 1: r = 12.64, s = 3.72,
/// t = 0.96, u = 9.6, v = 2.0, w = 9.1, x = -3.0, y = 4.5, z = -2.0) at elevation 0: the
/// building entry loss not exceeded with probability P.
double p2109_traditional_dB(double f_GHz, double p) {
  const double lf = std::log10(f_GHz);
  const double mu1 = 12.64 + 3.72 * lf + 0.96 * lf * lf;             // L_h (eq. 5), L_e = 0 (eq. 6)
  const double mu2 = 9.1 - 3.0 * lf;                                 // eq. (8)
  const double s1 = 9.6 + 2.0 * lf, s2 = 4.5 - 2.0 * lf;             // eqs. (9), (10)
  const double q = boost::math::quantile(boost::math::normal(), p);  // F^-1(P)
  const double a = q * s1 + mu1, b = q * s2 + mu2, c = -3.0;         // eqs. (2)-(4)
  return 10 * std::log10(std::pow(10, 0.1 * a) + std::pow(10, 0.1 * b) + std::pow(10, 0.1 * c));
}

TEST(MonteCarlo, TerminalsPlacedInIndoorCellsDrawTheP2109EntryLoss) {
  // P.2109-2 at 4.7 GHz, traditional, θ = 0, by hand: log10 f = 0.67210, L_h = 15.574 dB, mu2 =
  // 7.0837 dB; at P = 0.5 (F^-1 = 0) L = 10 log10(10^1.5574 + 10^0.70837 + 10^-0.3) = 16.20 dB.
  EXPECT_NEAR(p2109_traditional_dB(4.7, 0.5), 16.2014, 1e-3);
  EXPECT_NEAR(
      p2109_traditional_dB(4.7, 0.5),
      prop::p2109::building_entry_loss_dB(4.7, 0.5, prop::p2109::BuildingType::Traditional, 0),
      1e-9);
  // One terminal placed uniformly over four cells at the same coupling (0 dBm): cells 1 and 3
  // indoors (buildings 7 and 9), the receiver outdoors, the level holding no entry loss (no
  // [buildings]: reference NaN). A trial in an outdoor cell gives exactly 0 dBm; in an indoor
  // one -L(P), P uniform: half the trials, with the median and the 90th percentile of L as
  // P.2109-2 gives them.
  LossStatistic s;
  s.kind = LossStatistic::Kind::P2109;
  s.f_GHz = 4.7;
  s.theta_deg = 0;
  s.building = prop::p2109::BuildingType::Traditional;
  s.reference_percent = std::numeric_limits<double>::quiet_NaN();
  s.ends = 0;
  MonteCarloInput in;
  in.source_activity = {1.0};
  MonteCarloInput::PositionPool pool;
  pool.n_cells = 4;
  pool.building = {-1, 7, -1, 9};
  in.place_source(0, in.add_pool(pool));
  in.add_target(0, kNoise, 0.0, 0.0);
  const std::vector<double> cells(4, 0.0);
  in.add_placed_link(0, 0.0, 1.0, 0.0, cells, {}, s);
  const std::size_t trials = 40000;
  std::vector<double> loss;
  std::size_t outdoor = 0;
  for (std::uint64_t t = 0; t < trials; ++t) {
    std::vector<double> out(1);
    montecarlo_trial(in, 5, t, out);
    if (out[0] == 1.0) {
      ++outdoor;
    } else {
      loss.push_back(-10 * std::log10(out[0]));
    }
  }
  EXPECT_NEAR(static_cast<double>(outdoor) / trials, 0.5, 4 * std::sqrt(0.25 / trials));
  std::sort(loss.begin(), loss.end());
  const auto quantile = [&](double q) {
    return loss[static_cast<std::size_t>(q * static_cast<double>(loss.size() - 1))];
  };
  // The order statistics of ~20,000 draws: the median within about ±1 % of probability of
  // P = 0.5, the 90th percentile likewise around P = 0.9.
  EXPECT_GT(quantile(0.5), p2109_traditional_dB(4.7, 0.49));
  EXPECT_LT(quantile(0.5), p2109_traditional_dB(4.7, 0.51));
  EXPECT_GT(quantile(0.9), p2109_traditional_dB(4.7, 0.89));
  EXPECT_LT(quantile(0.9), p2109_traditional_dB(4.7, 0.91));
  EXPECT_NEAR(quantile(0.5), 16.2014, 0.5);

  // The receiver indoors in building 9 (one fixed end): an emitter drawn in a cell of building 9
  // shares its building, so neither end draws and every trial gives exactly the level (the
  // coupling holds no entry loss within one building).
  LossStatistic two = s;
  two.reference_percent = 50;
  two.ends = 1;
  two.same_building = 9;
  MonteCarloInput in2;
  in2.source_activity = {1.0};
  MonteCarloInput::PositionPool one_cell;
  one_cell.n_cells = 1;
  one_cell.building = {9};
  in2.place_source(0, in2.add_pool(one_cell));
  in2.add_target(0, kNoise, 0.0, 0.0);
  in2.add_placed_link(0, -70.0, 1.0, 0.0, std::vector<double>{0.0}, {}, two);
  for (std::uint64_t t = 0; t < 100; ++t) {
    std::vector<double> out(1);
    montecarlo_trial(in2, 5, t, out);
    EXPECT_DOUBLE_EQ(out[0], std::pow(10.0, -7.0)) << t;
  }
}

TEST(MonteCarlo, ClutterLossDrawnFromP2108) {
  LossStatistic s;
  s.kind = LossStatistic::Kind::P2108Terrestrial;
  s.f_GHz = 4.8;
  s.d_km = 3.0;
  EXPECT_DOUBLE_EQ(loss_deviation_dB(s, 50.0), 0.0);
  const double level = -98.0, limit = -100.0;
  MonteCarloInput in;
  in.source_activity = {1.0};
  in.add_target(0, kNoise, limit, 0.0);
  in.add_link(0, level, 1.0, 0.0, s);
  const MonteCarloResult res = run_montecarlo(in, precise(400000));
  const double p = 1.0 - exceedance(s, level - limit);  // P(deviation < level - I_th)
  expect_inside(res.targets[0], p, kCriterionIOverN);
}

TEST(MonteCarlo, TddCollisionAndScheduleAtRandomInstant) {
  // A link colliding 40 % of the frame, from a source on in 3 of 4 slots, into a receiver on in
  // 2 of 4 slots (one of them with the source off): P_I = 0.4 x 1/2 over the counted trials.
  MonteCarloInput in;
  in.source_activity = {1.0};
  in.add_target(0, kNoise, -100.0, 0.0);
  in.add_link(0, -90.0, 0.4, 0.0);
  in.slot_set = {0, 1, 2, 2};
  in.source_on = {{1}, {0}, {1}};
  in.receiver_on = {{1}, {1}, {0}};
  const MonteCarloResult res = run_montecarlo(in, precise(400000));
  const MonteCarloTargetResult& r = res.targets[0];
  expect_inside(r, 0.2, kCriterionIOverN);
  // About half the trials drew a slot with the receiver off.
  EXPECT_NEAR(static_cast<double>(r.trials) / static_cast<double>(res.trials), 0.5, 0.02);
}

TEST(MonteCarlo, StopsWhenIntervalIsNarrowEnough) {
  MonteCarloSettings st;
  st.batch_trials = 500;
  st.max_trials = 1000000;
  st.confidence = 0.95;
  st.target_width = 0.02;
  const MonteCarloResult res = run_montecarlo(equal_links(1, -100.0, 5.0, -100.0), st);
  // P_I = 0.5: the 95 % Wilson width is about 2 x 1.96 x 0.5 / sqrt(n) <= 0.02 from n = 9604.
  EXPECT_TRUE(res.converged);
  EXPECT_EQ(res.trials % 500, 0u);
  EXPECT_GE(res.trials, 9500u);
  EXPECT_LE(res.trials, 10500u);
  const auto& r = res.targets[0];
  EXPECT_LE(r.ci_high[0] - r.ci_low[0], 0.02);
  st.max_trials = 2000;  // the cap first
  const MonteCarloResult capped = run_montecarlo(equal_links(1, -100.0, 5.0, -100.0), st);
  EXPECT_FALSE(capped.converged);
  EXPECT_EQ(capped.trials, 2000u);
}

TEST(MonteCarlo, CdfOfIOverN) {
  MonteCarloSettings st = precise(200000, 0.0);
  st.cdf_i_over_n_dB = {-20.0, -10.0, 0.0};
  const double mu = -110.0, sigma = 5.0;  // I/N median -10 dB
  const MonteCarloResult res = run_montecarlo(equal_links(1, mu, sigma, -100.0), st);
  const auto& cdf = res.targets[0].cdf;
  ASSERT_EQ(cdf.size(), 3u);
  EXPECT_NEAR(cdf[0], Phi(-2.0), 0.003);
  EXPECT_NEAR(cdf[1], 0.5, 0.005);
  EXPECT_NEAR(cdf[2], Phi(2.0), 0.003);
}

/// Two processes simulated in one: this one runs the first half of each batch, and gather()
/// computes the other half as the other process would, from (seed, trial) alone.
class HalfShare : public MonteCarloShare {
 public:
  HalfShare(const MonteCarloInput& in, std::uint64_t seed) : in_(in), seed_(seed) {}
  std::pair<std::size_t, std::size_t> mine(std::size_t n) const override { return {0, n / 2}; }
  void gather(std::span<double> samples, std::size_t n, std::size_t cols) const override {
    for (std::size_t k = n / 2; k < n; ++k)
      montecarlo_trial(in_, seed_, first_ + k, samples.subspan(k * cols, cols));
    first_ += n;
  }

 private:
  const MonteCarloInput& in_;
  std::uint64_t seed_;
  mutable std::size_t first_ = 0;
};

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

TEST(MonteCarlo, SameBitsForAnyThreadCountAndShare) {
  MonteCarloInput in;
  in.source_activity = {0.5, 0.8, 1.0, 0.3};
  for (std::size_t r = 0; r < 3; ++r) {
    in.add_target(r, kNoise - static_cast<double>(r), -105.0, -70.0);
    for (std::uint32_t s = 0; s < 4; ++s)
      in.add_link(s, -108.0 - 3.0 * s - static_cast<double>(r), s == 1 ? 0.3 : 1.0, 4.0 + s);
  }
  MonteCarloSettings st;
  st.max_trials = 7777;
  st.batch_trials = 1000;
  st.target_width = 0.0;
  st.criteria.c_over_i = true;
  st.criteria.c_over_i_dB = 30.0;
  st.cdf_i_over_n_dB = {-10.0, 0.0};
  MonteCarloResult one;
  MonteCarloResult two;
  {
    tbb::global_control gc(tbb::global_control::max_allowed_parallelism, 1);
    one = run_montecarlo(in, st);
  }
  {
    tbb::global_control gc(tbb::global_control::max_allowed_parallelism, 2);
    two = run_montecarlo(in, st);
  }
  const HalfShare share(in, st.seed);
  MonteCarloResult shared = run_montecarlo(in, st, &share);
  for (const MonteCarloResult* other : {&two, &shared}) {
    ASSERT_EQ(one.trials, other->trials);
    for (std::size_t t = 0; t < 3; ++t) {
      const auto &a = one.targets[t], &b = other->targets[t];
      EXPECT_TRUE(same_bits(a.mean_mW, b.mean_mW));
      EXPECT_TRUE(same_bits(a.p95_dBm, b.p95_dBm));
      for (std::size_t c = 0; c < kCriterionCount; ++c) {
        EXPECT_TRUE(same_bits(a.p_interference[c], b.p_interference[c]));
        EXPECT_TRUE(same_bits(a.ci_high[c], b.ci_high[c]));
      }
      EXPECT_EQ(a.cdf, b.cdf);
    }
  }
  // Another seed gives other draws.
  st.seed = 2;
  EXPECT_NE(run_montecarlo(in, st).targets[0].mean_mW, one.targets[0].mean_mW);
}

TEST(MonteCarlo, WindowedCriterionJudgesTheWorstWindowOnly) {
  // Two sources on with probability a, each of level P, in a receiver whose criterion holds in
  // every reference bandwidth (0.8 P per window). Source 0 puts 0.6 of its power in window 0;
  // source 1 the same in window 1 (disjoint: P_I = 0, never 1.2 P in one window) or in window 0
  // too (overlapping: P_I = P(both on) = a^2). The band's I, and its statistics, are the same.
  const double a = 0.4, level = -100.0, limit = level + 10.0 * std::log10(0.8);
  for (const bool overlap : {false, true}) {
    MonteCarloInput in;
    in.source_activity = {a, a};
    in.add_target(0, kNoise, limit, 0.0, 2);
    const std::vector<double> f0{0.6, 0.0}, f1_apart{0.0, 0.6}, f1_over{0.6, 0.1};
    in.add_link(0, level, 1.0, 0.0, {}, f0);
    in.add_link(1, level, 1.0, 0.0, {}, overlap ? f1_over : f1_apart);
    ASSERT_EQ(in.columns(), 2u);
    // The trial kernel: the band's sum, then the largest window sum.
    for (std::uint64_t trial = 0; trial < 50; ++trial) {
      std::vector<double> out(2);
      montecarlo_trial(in, 9, trial, out);
      const double p = mw(level);
      const int on = static_cast<int>(std::lround(out[0] / p));
      ASSERT_NEAR(out[0], on * p, 1e-24);
      if (on == 2) {
        EXPECT_NEAR(out[1], (overlap ? 1.2 : 0.6) * p, 1e-24);
      } else if (on == 0) {
        EXPECT_EQ(out[1], 0.0);
      }
    }
    MonteCarloSettings st = precise(200000, 0.005);
    const MonteCarloResult res = run_montecarlo(in, st);
    const MonteCarloTargetResult& r = res.targets[0];
    if (overlap) {
      expect_inside(r, a * a, kCriterionIOverN);
    } else {
      EXPECT_EQ(r.events[kCriterionIOverN], 0.0);
    }
    // The band's I: mean 2 a P whatever the windows.
    EXPECT_NEAR(r.mean_mW / mw(level), 2 * a, 0.01);
  }
  // One share per window of the target.
  MonteCarloInput bad;
  bad.source_activity = {1.0};
  bad.add_target(0, kNoise, -100.0, 0.0, 2);
  EXPECT_THROW(bad.add_link(0, -100.0, 1.0, 0.0, {}, std::vector<double>{1.0}),
               std::invalid_argument);
}

TEST(MonteCarlo, WindowedTargetsGiveTheSameBitsForAnyThreadCountAndShare) {
  MonteCarloInput in;
  in.source_activity = {0.5, 0.8, 0.3};
  for (std::size_t r = 0; r < 2; ++r) {
    in.add_target(r, kNoise, -106.0, 0.0, r == 0 ? 3 : 0);
    for (std::uint32_t s = 0; s < 3; ++s) {
      const std::vector<double> f{0.5 - 0.1 * s, 0.1 * s, 0.2};
      in.add_link(s, -104.0 - 2.0 * s, 1.0, 5.0, {},
                  r == 0 ? std::span<const double>(f) : std::span<const double>());
    }
  }
  MonteCarloSettings st;
  st.max_trials = 5555;
  st.batch_trials = 1000;
  st.target_width = 0.0;
  MonteCarloResult one;
  {
    tbb::global_control gc(tbb::global_control::max_allowed_parallelism, 1);
    one = run_montecarlo(in, st);
  }
  const MonteCarloResult two = run_montecarlo(in, st);
  const HalfShare share(in, st.seed);
  const MonteCarloResult shared = run_montecarlo(in, st, &share);
  for (const MonteCarloResult* other : {&two, &shared}) {
    for (std::size_t t = 0; t < 2; ++t) {
      EXPECT_TRUE(same_bits(one.targets[t].mean_mW, other->targets[t].mean_mW));
      EXPECT_TRUE(same_bits(one.targets[t].p_interference[kCriterionIOverN],
                            other->targets[t].p_interference[kCriterionIOverN]));
    }
  }
  // The windowed target's own criterion sees less than the band's I: fewer events than the
  // same target judged over the band.
  EXPECT_GT(one.targets[1].events[kCriterionIOverN], one.targets[0].events[kCriterionIOverN]);
}

TEST(MonteCarlo, OpenLoopPowerControlWithAlphaOneReceivesP0AtTheServingStation) {
  // TS 38.213 §7.1.1 with α = 1: P = P0 + PL below P_max, so the serving base station receives
  // P - PL = P0 from every terminal wherever it is drawn; above P_max it receives P_max - PL.
  const double p_max = 23.0, p0 = -90.0;
  const std::vector<double> pl{70.0, 85.0, 100.0, 112.0, 118.0};  // dB, per cell of the pool
  MonteCarloInput::PositionPool pool;
  pool.n_cells = pl.size();
  for (const double l : pl) pool.power_dB.push_back(open_loop_power_dBm(p_max, p0, 1.0, l) - p_max);
  EXPECT_EQ(open_loop_power_dBm(p_max, p0, 1.0, 118.0), 23.0);  // capped: -90 + 118 = 28 > 23
  EXPECT_EQ(open_loop_power_dBm(p_max, p0, 0.8, 100.0), -10.0);
  MonteCarloInput in;
  in.source_activity = {1.0};
  in.place_source(0, in.add_pool(pool));
  in.add_target(0, kNoise, -80.0, 0.0);  // the serving base station as the "receiver"
  std::vector<double> coupling;
  for (const double l : pl) coupling.push_back(-l);
  in.add_placed_link(0, p_max, 1.0, 0.0, coupling);
  std::vector<int> seen(pl.size(), 0);
  for (std::uint64_t trial = 0; trial < 400; ++trial) {
    std::vector<double> out(1);
    montecarlo_trial(in, 3, trial, out);
    const double got = 10 * std::log10(out[0]);
    if (std::abs(got - p0) < 1e-9) {
      ++seen[0];  // any cell below P_max
    } else {
      EXPECT_NEAR(got, p_max - 118.0, 1e-9);  // the capped cell
      ++seen[4];
    }
  }
  // Uniform over five cells: the capped one a fifth of the time.
  EXPECT_NEAR(seen[4] / 400.0, 0.2, 4 * std::sqrt(0.2 * 0.8 / 400));
}

TEST(MonteCarlo, UniformAndWeightedPositionsGiveTheMeanOfTheDrawnCell) {
  // A link whose level at cell c is 10 log10(c + 1) mW: the trial's I is the drawn index + 1.
  // Uniform over n cells: mean (n - 1) / 2; weights proportional to c + 1: mean
  // sum c (c + 1) / sum (c + 1) = ((n - 1) n (n + 1) / 3) / (n (n + 1) / 2) = 2 (n - 1) / 3.
  const std::size_t n = 50;
  std::vector<double> level(n), weight(n);
  for (std::size_t c = 0; c < n; ++c) {
    level[c] = 10 * std::log10(static_cast<double>(c + 1));
    weight[c] = static_cast<double>(c + 1);
  }
  for (const bool weighted : {false, true}) {
    MonteCarloInput in;
    in.source_activity = {1.0, 1.0};
    MonteCarloInput::PositionPool pool;
    pool.n_cells = n;
    double total = 0, mean = 0, sum = 0;
    for (std::size_t c = 0; c < n; ++c) total += weighted ? weight[c] : 1.0;
    for (std::size_t c = 0; c < n; ++c) {
      const double w = (weighted ? weight[c] : 1.0) / total;
      mean += w * static_cast<double>(c);
      if (weighted) pool.cdf.push_back(sum += w);
    }
    if (weighted) pool.cdf.back() = 1.0;
    const std::int32_t p = in.add_pool(pool);
    in.place_source(0, p);
    in.add_target(0, kNoise, 0.0, 0.0);
    in.add_placed_link(0, 0.0, 1.0, 0.0, level);
    in.add_link(1, -300.0, 1.0, 0.0);  // a fixed source beside it: no draw, no effect
    const std::size_t trials = 40000;
    double m = 0, m2 = 0;
    for (std::uint64_t t = 0; t < trials; ++t) {
      std::vector<double> out(1);
      montecarlo_trial(in, 11, t, out);
      const double idx = std::round(out[0]) - 1.0;
      ASSERT_GE(idx, 0.0);
      ASSERT_LT(idx, static_cast<double>(n));
      m += idx;
      m2 += idx * idx;
    }
    m /= static_cast<double>(trials);
    const double sd = std::sqrt(m2 / static_cast<double>(trials) - m * m);
    EXPECT_NEAR(m, mean, 4 * sd / std::sqrt(static_cast<double>(trials))) << weighted;
    EXPECT_NEAR(mean, weighted ? 2.0 * (n - 1) / 3.0 : (n - 1) / 2.0, 1e-9);
  }
}

TEST(MonteCarlo, PlacedEmittersGiveTheSameBitsForAnyThreadCountAndShare) {
  MonteCarloInput in;
  in.source_activity = {0.5, 0.7, 1.0};
  MonteCarloInput::PositionPool pool;
  pool.n_cells = 4;
  pool.cdf = {0.1, 0.4, 0.8, 1.0};
  pool.power_dB = {0.0, -3.0, -6.0, -9.0};
  const std::int32_t p = in.add_pool(pool);
  in.place_source(0, p);
  in.place_source(1, p);
  for (std::size_t r = 0; r < 2; ++r) {
    in.add_target(r, kNoise, -104.0, 0.0);
    const std::vector<double> k{-2.0 * r, -1.0, 0.5, -4.0};
    in.add_placed_link(0, -100.0, 1.0, 3.0, k);
    in.add_placed_link(1, -102.0, 1.0, 3.0, k);
    in.add_link(2, -108.0, 1.0, 3.0);
  }
  MonteCarloSettings st;
  st.max_trials = 4321;
  st.batch_trials = 1000;
  st.target_width = 0.0;
  MonteCarloResult one;
  {
    tbb::global_control gc(tbb::global_control::max_allowed_parallelism, 1);
    one = run_montecarlo(in, st);
  }
  const MonteCarloResult two = run_montecarlo(in, st);
  const HalfShare share(in, st.seed);
  const MonteCarloResult shared = run_montecarlo(in, st, &share);
  for (const MonteCarloResult* other : {&two, &shared}) {
    for (std::size_t t = 0; t < 2; ++t) {
      EXPECT_TRUE(same_bits(one.targets[t].mean_mW, other->targets[t].mean_mW));
      EXPECT_TRUE(same_bits(one.targets[t].p99_dBm, other->targets[t].p99_dBm));
    }
  }
  // A placed link needs one value per cell of its pool.
  EXPECT_THROW(in.add_placed_link(0, -100.0, 1.0, 0.0, std::vector<double>{1.0}),
               std::invalid_argument);
  EXPECT_THROW(in.add_placed_link(2, -100.0, 1.0, 0.0, std::vector<double>(4)),
               std::invalid_argument);
}

TEST(MonteCarlo, RejectsInconsistentInput) {
  MonteCarloInput in = equal_links(2, -100.0, 1.0, -100.0);
  in.link_sigma_dB.pop_back();
  EXPECT_THROW(run_montecarlo(in, MonteCarloSettings{}), std::invalid_argument);
  MonteCarloInput bad_source = equal_links(1, -100.0, 1.0, -100.0);
  bad_source.link_source[0] = 5;
  EXPECT_THROW(run_montecarlo(bad_source, MonteCarloSettings{}), std::invalid_argument);
}

}  // namespace
}  // namespace akichi::sim::montecarlo_test
