// Monte Carlo aggregate interference at protected receivers, in the manner of SEAMCAT's event
// generation (ECC Report 252, "SEAMCAT Handbook", §3 and Annex 17): the mean coupling of every
// interferer-to-receiver link is computed once (the same terms as the mean-power aggregate of
// sim/analysis/aggregate.h); each trial then draws what varies from one snapshot to the next:
//   - the activity of each interferer (Bernoulli with its activity factor), or, on a time axis,
//     its schedule at a uniformly random slot;
//   - whether a quasi-synchronous TDD link collides (Bernoulli with its DL/UL overlap fraction);
//   - the position of each terminal served by a base station: a cell of those it serves,
//     uniformly or weighted by a density, its links then taking the coupling of that cell (the
//     coupling tensors' values, computed once: no propagation call per trial), and its power by
//     open-loop power control towards its base station (TS 38.213 §7.1.1);
//   - the location variability of each link: lognormal shadowing (a normal in dB, stated σ), and
//     the loss statistics that ITU-R gives as inverse CDFs of a percentage of locations
//     (P.2108-1 §3.2 terrestrial clutter loss, P.2109-2 building entry loss), with the
//     percentage drawn uniformly.
// Per protected receiver the trials give the distribution of I and I/N, its percentiles, and
// the probability of interference P_I under the I/N, C/I, C/(N+I) and (N+I)/N criteria (ECC
// Report 252 §4: P_I = P(criterion not met)), with a Wilson score interval; trials run in
// batches until every interval asked for is narrower than the target width, or to the cap.
//
// Random numbers come from (seed, trial) alone: each trial seeds its own generator with a hash
// of the two, and trials are reduced in trial order, so results are the same bits for any
// number of threads or ranks.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "propagation/models/itu_r_p2109_2.h"

namespace akichi::sim {

/// A loss given by ITU-R as not exceeded for a percentage of locations. Each trial draws the
/// percentage uniformly and adds L(p) - L(reference) to the link's loss: the link's level
/// already holds the loss at the reference percentage (50 %: the median).
struct LossStatistic {
  enum class Kind : std::uint8_t {
    None,
    P2108Terrestrial,  ///< P.2108-1 §3.2 eqs. (3a)-(6), L_ctc(f, d, p)
    P2109              ///< P.2109-2 §3 eqs. (1)-(10), L_BEL(f, P, type, θ)
  };
  Kind kind = Kind::None;
  double f_GHz = 0;
  double d_km = 0;       ///< P2108Terrestrial: path length (>= 0.25 km)
  double theta_deg = 0;  ///< P2109: elevation at the facade
  prop::p2109::BuildingType building = prop::p2109::BuildingType::Traditional;
  /// The percentage the link's level already includes; NaN: the level includes none of this
  /// loss, and the whole L(p) is added.
  double reference_percent = 50;
  /// Independent draws per trial (P2109: one per indoor end of the link). For a link of an
  /// emitter placed at random (MonteCarloInput::add_placed_link), the ends at fixed places (the
  /// receiver's; 0 when it is outdoors), and one draw more in a trial that places the emitter in
  /// an indoor cell (PositionPool::building), none at all when that cell is in `same_building`.
  std::uint8_t ends = 1;
  /// Placed links: the building the link's fixed indoor end is in (-1: none). An emitter drawn
  /// in a cell of that building is in the same building: the link crosses no facade, and its
  /// level holds no entry loss (prop::BuildingEntryModel).
  std::int32_t same_building = -1;
};

/// The open-loop transmit power of a terminal, 3GPP TS 38.213 §7.1.1 (PUSCH):
/// P = min(P_max, P0 + α·PL) (dBm), PL the downlink path-loss estimate (referenceSignalPower
/// minus the filtered RSRP: the coupling loss from the serving base station's antenna port to
/// the terminal's), P0 the power over the terminal's whole allocation (P_O_PUSCH +
/// 10 log10(2^μ M_RB) of the specification), with no closed-loop (f) or transport-format (Δ_TF)
/// term.
inline double open_loop_power_dBm(double p_max_dBm, double p0_dBm, double alpha, double pl_dB) {
  return std::min(p_max_dBm, p0_dBm + alpha * pl_dB);
}

/// Loss added by `s` for the percentage of locations `p_percent` (0, 100), relative to its
/// reference percentage (dB; the whole loss when the reference is NaN).
double loss_deviation_dB(const LossStatistic& s, double p_percent);

/// The links of a Monte Carlo study, per target (a protected receiver on one channel), in
/// structure-of-arrays form for the trial loop.
struct MonteCarloInput {
  /// Activity factor of each interferer (probability it transmits in a trial), shared by all
  /// its links within a trial.
  std::vector<double> source_activity;

  /// Time axis (optional: empty slot_set means none): each trial draws a slot uniformly; the
  /// slot's set says which sources and receivers are on. A target whose receiver is off in
  /// the drawn slot does not count that trial.
  std::vector<std::uint32_t> slot_set;                 ///< [slot] set index
  std::vector<std::vector<std::uint8_t>> source_on;    ///< [set][source]
  std::vector<std::vector<std::uint8_t>> receiver_on;  ///< [set][receiver]

  struct Target {
    std::size_t receiver = 0;  ///< index into receiver_on's rows
    double noise_dBm = 0;      ///< N
    double limit_dBm = 0;      ///< the receiver's own criterion as an interference power
    double wanted_dBm = 0;     ///< C (for the C/I and C/(N+I) criteria)
    std::size_t first_link = 0, n_links = 0;
    /// A criterion in every reference bandwidth (sim/station/criterion.h): the windows that
    /// can be the worst, and where the links' shares in them start in link_window_fraction
    /// ([link of the target][window]). The own criterion (i_over_n) then compares the trial's
    /// largest window sum with limit_dBm; the other criteria and the statistics keep the band's
    /// I. n_windows = 0: the own criterion is over the band.
    std::size_t n_windows = 0, first_fraction = 0;
    std::size_t window_column = 0;  ///< windowed: its column after the targets' (see columns())
  };
  std::vector<Target> targets;

  // [link]: the links of target t are first_link .. first_link + n_links - 1.
  std::vector<std::uint32_t> link_source;
  std::vector<double> link_level_dBm;  ///< received power when on, median variability (dBm)
  std::vector<double> link_collision;  ///< probability the link's TDD frames collide (1: always)
  std::vector<double> link_sigma_dB;   ///< lognormal shadowing σ (0: none)
  std::vector<LossStatistic> link_statistic;  ///< empty, or one per link
  std::vector<double> link_window_fraction;   ///< windowed targets' links' shares

  /// Emitters placed at random each trial (terminals in the cells their base station serves):
  /// a pool of cells, the probability of each (cumulative, the last 1; empty: uniform) and the
  /// emitter's power at each relative to its links' levels (open-loop power control; empty: 0).
  struct PositionPool {
    std::size_t n_cells = 0;
    std::vector<double> cdf;       ///< [cell of the pool]
    std::vector<double> power_dB;  ///< [cell of the pool]
    /// Empty, or [cell of the pool] the building an emitter there is indoors in (-1: outdoors;
    /// a building's index, or any value >= 0 where only "indoors" is known): the placed links'
    /// P.2109 statistic then draws the entry loss of that end (LossStatistic::ends).
    std::vector<std::int32_t> building;
  };
  std::vector<PositionPool> pools;
  /// Empty, or [source] the pool its position is drawn from (-1: a fixed position). A drawn
  /// position holds for all the source's links in the trial.
  std::vector<std::int32_t> source_pool;
  /// Empty, or [link] where its per-cell coupling starts in link_cell_dB (kFixed: a link of a
  /// fixed position); a placed link's level is link_level_dBm + link_cell_dB[first + cell] +
  /// the pool's power_dB[cell], cell the source's draw.
  std::vector<std::size_t> link_cell_first;
  std::vector<double> link_cell_dB;
  static constexpr std::size_t kFixed = static_cast<std::size_t>(-1);

  /// Appends a pool; returns its index.
  std::int32_t add_pool(PositionPool pool);
  /// Places source `source` in pool `pool` (after source_activity is sized).
  void place_source(std::size_t source, std::int32_t pool);
  /// As add_link, for a link of a placed source: its coupling at each cell of the pool (dB,
  /// added to level_dBm), and the loss statistic of its ends (LossStatistic::ends and
  /// same_building say how an indoor cell adds one).
  void add_placed_link(std::uint32_t source, double level_dBm, double collision, double sigma_dB,
                       std::span<const double> cell_dB,
                       std::span<const double> window_fraction = {},
                       const LossStatistic& statistic = {});
  std::size_t n_windowed = 0;  ///< targets with n_windows > 0

  /// Appends a target (with `n_windows` windows for a windowed criterion); its links are added
  /// next with add_link, each with `window_fraction` its share in each of the target's windows.
  void add_target(std::size_t receiver, double noise_dBm, double limit_dBm, double wanted_dBm,
                  std::size_t n_windows = 0);
  void add_link(std::uint32_t source, double level_dBm, double collision, double sigma_dB,
                const LossStatistic& statistic = {}, std::span<const double> window_fraction = {});

  /// Values per trial: I of every target, then the worst window sum of every windowed target.
  std::size_t columns() const { return targets.size() + n_windowed; }
};

/// Which criteria give a probability of interference, and their thresholds (dB).
struct MonteCarloCriteria {
  bool i_over_n = true;  ///< I above the receiver's own criterion (Target::limit_dBm)
  bool c_over_i = false;
  double c_over_i_dB = 0;  ///< interference when C/I < this
  bool c_over_n_plus_i = false;
  double c_over_n_plus_i_dB = 0;  ///< interference when C/(N+I) < this
  bool n_plus_i_over_n = false;
  double n_plus_i_over_n_dB = 1;  ///< interference when (N+I)/N > this (desensitisation)
};

enum MonteCarloCriterion : std::size_t {
  kCriterionIOverN,
  kCriterionCOverI,
  kCriterionCOverNPlusI,
  kCriterionNPlusIOverN,
  kCriterionCount
};
/// Names of the criteria as in the scenario and the results: "i_over_n", "c_over_i",
/// "c_over_n_plus_i", "n_plus_i_over_n".
const char* criterion_name(MonteCarloCriterion c);

struct MonteCarloSettings {
  std::uint64_t seed = 1;
  std::size_t max_trials = 100000;
  std::size_t batch_trials = 1000;  ///< trials between two checks of the stopping rule
  double confidence = 0.95;         ///< of the P_I intervals
  double target_width = 0.01;       ///< stop when every P_I interval is at most this wide
  MonteCarloCriteria criteria;
  /// I/N values (dB) at which the empirical CDF is given.
  std::vector<double> cdf_i_over_n_dB;
};

/// Per target.
struct MonteCarloTargetResult {
  std::size_t trials = 0;                        ///< trials that counted (the receiver on)
  double mean_mW = 0;                            ///< mean of I over those trials
  double p50_dBm = 0, p95_dBm = 0, p99_dBm = 0;  ///< percentiles of I (-inf: no interference)
  /// [criterion] events, P_I and its interval; NaN for criteria not asked.
  double events[kCriterionCount] = {};
  double p_interference[kCriterionCount] = {};
  double ci_low[kCriterionCount] = {}, ci_high[kCriterionCount] = {};
  std::vector<double> cdf;  ///< [cdf_i_over_n_dB] P(I/N <= x)
};

struct MonteCarloResult {
  std::size_t trials = 0;  ///< trials run (the same for every target)
  bool converged = false;  ///< stopped because every interval was narrow enough
  std::vector<MonteCarloTargetResult> targets;
};

/// Share of a batch of trials among processes: each computes the trials `mine()` gives it, and
/// `gather` fills in the others' samples. nullptr in run_montecarlo: this process runs them all.
class MonteCarloShare {
 public:
  virtual ~MonteCarloShare() = default;
  /// This process's part [begin, end) of trials [0, n) of a batch.
  virtual std::pair<std::size_t, std::size_t> mine(std::size_t n) const = 0;
  /// `samples` is [trial of the batch][column] (n trials of n_targets columns:
  /// MonteCarloInput::columns()); each process has filled its own part of the rows; on return
  /// every row is filled, identical on every process.
  virtual void gather(std::span<double> samples, std::size_t n, std::size_t n_targets) const = 0;
};

/// Runs the trials (TBB over the trials of each batch). Throws std::invalid_argument on
/// inconsistent input sizes.
MonteCarloResult run_montecarlo(const MonteCarloInput& in, const MonteCarloSettings& settings,
                                const MonteCarloShare* share = nullptr);

/// I of every target in trial `trial` (mW; NaN where the target's receiver is off), into
/// out[target], then the worst window sum of each windowed target (out has in.columns()
/// values): the kernel of run_montecarlo, exposed for tests and benchmarks.
void montecarlo_trial(const MonteCarloInput& in, std::uint64_t seed, std::uint64_t trial,
                      std::span<double> out);

/// Wilson score interval of a binomial proportion (k events in n trials) at `confidence`.
std::pair<double, double> wilson_interval(double k, double n, double confidence);

}  // namespace akichi::sim
