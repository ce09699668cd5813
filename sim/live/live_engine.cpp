#include "sim/live/live_engine.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <tbb/parallel_for.h>
#include <nlohmann/json.hpp>

#include "base/errors.h"
#include "propagation/antenna/antenna.h"
#include "propagation/engine/area.h"
#include "propagation/engine/model_config.h"
#include "propagation/surface/building_map.h"
#include "sim/analysis/allocation.h"
#include "sim/analysis/coverage.h"
#include "sim/analysis/coverage_run.h"
#include "sim/analysis/mic_area.h"
#include "sim/analysis/progress.h"
#include "sim/analysis/sharing_run.h"
#include "sim/analysis/sharing_terms.h"
#include "sim/analysis/study_buildings.h"
#include "sim/analysis/tensor_key.h"
#include "sim/analysis/tensor_source.h"
#include "sim/analysis/vacancy.h"
#include "sim/scenario/mic_rules.h"
#include "sim/spectrum/acir.h"
#include "sim/spectrum/link_budget.h"
#include "sim/station/criterion.h"

namespace akichi::sim::live {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// A margin down to kMarginTolerance_dB below zero passes, and a request more than
/// kNegligibleBelowLimit_dB under a receiver's limit does not reach it: the allocation's rules
/// (sim/analysis/allocation.h), so that first come, first served there and here agree. The
/// vacancy answer is a float, as in the batch cube (float32 coupling tensors), so a request at
/// exactly that EIRP is judged a few 1e-6 dB away from its limit; a tolerance far below any
/// measurable power keeps the two answers consistent. Without the negligible level, a receiver
/// already above its limit because of others (a local 5G receiver next to a satellite earth
/// station's uplink) would refuse every request anywhere, down to the -250 dBm that a mask's
/// 300 dB leaves across bands; a thousand such requests would be needed to add the limit's
/// power once.
constexpr double kMarginTolerance_dB = kAllocationTolerance_dB;

/// Contributions listed per receiver in a judgement (ReceiverChange::top_after).
constexpr std::size_t kTopContributions = 5;

/// One station with the terms its paths and contributions need.
struct Node {
  Station st;
  std::shared_ptr<const prop::Antenna> antenna;
  double gmax = 0;  ///< antenna maximum gain, dBi
  double eirp = 0;  ///< transmitters: EIRP, dBm (as the batch completes it)
  /// receivers: I_lim, dBm (criterion_limit_dBm(), sim/station/criterion.h: over the band, or
  /// in one reference bandwidth when `windowed`); +inf when it does not receive
  double limit = kInf;
  bool windowed = false;
  /// The model of the links from this station: its coupling tensor's model in the batch.
  std::shared_ptr<const prop::PathLossModel> model;
  std::vector<std::uint8_t> on;  ///< [slot] 1 when on the air
  Channel band;
  /// The vacancy reduction's terms of this station for each channel k of the plan (with the
  /// newcomer's TDD correction): a_ik when it receives, b_jk when it transmits. Constants of
  /// the station, made once here rather than in every point query.
  std::vector<double> vacancy_a_dB, vacancy_b_dB;
  /// receivers: coupling_loss_dB() from each channel k of the plan into the band, as a grant
  /// request's judgement needs it on every channel.
  std::vector<double> coupling_from_dB;
};
using NodePtr = std::shared_ptr<const Node>;
using NodeMap = std::map<std::string, NodePtr, std::less<>>;

/// A path from a transmitter j into a receiver i: G_j(towards i) and K_i(P_j).
struct Path {
  double tx_gain_dBi = 0;
  float k_dB = 0;
};
using PathKey = std::pair<std::string, std::string>;  ///< (receiver id, transmitter id)
using PathMap = std::map<PathKey, Path>;

/// Whether a path's value can change when the station changes from `a` to `b`: its position,
/// height, carrier, antenna and the time percentage of the model into it.
bool same_paths(const Station& a, const Station& b) {
  return a.x_m == b.x_m && a.y_m == b.y_m && a.height_m == b.height_m && a.freq_Hz == b.freq_Hz &&
         a.criterion.time_percent == b.criterion.time_percent &&
         antenna_key(a.antenna) == antenna_key(b.antenna);
}

/// T_ij between two local 5G base stations: tdd_correction_dB() of sim/analysis/sharing_run.h
/// (docs/methods.md, "TDD": -inf for two synchronous stations, 10 log10 of the DL/UL overlap for
/// a quasi-synchronous one, 0 dB unsynchronised); 0 dB for an incumbent or a terminal's uplink,
/// as the batch's aggregate treats them.
double tdd_between(const Node& tx, const Node& rx) {
  return is_base(tx.st) && is_base(rx.st)
             ? tdd_correction_dB(tx.st.tdd, tx.st.tdd_overlap, rx.st.tdd, rx.st.tdd_overlap)
             : 0.0;
}

/// Whether transmitter `tx` can interfere with receiver `rx` at all: not itself, not the
/// receiver's own licensee, not between two incumbents, not two synchronous base stations.
bool interferes(const Node& tx, const Node& rx) {
  if (tx.st.id == rx.st.id || !rx.st.receives || !tx.st.transmits) return false;
  if (rx.st.role == StationRole::Incumbent && tx.st.role == StationRole::Incumbent) return false;
  if (!rx.st.licensee.empty() && rx.st.licensee == tx.st.licensee) return false;
  return tdd_between(tx, rx) != -kInf;
}

/// c_ji = EIRP_j - G_max,j + G_j(towards i) + K_i(P_j) - F_i - C(band_j -> band_i) + T_ij, with
/// C the overlap / ACIR coupling loss of sim/spectrum/acir.h. The aggregate of such terms is
/// compared with I_lim,i, criterion_limit_dBm() of sim/station/criterion.h (N + I/N with
/// N = k T B F, the power criterion scaled to the receiver's band, or the power criterion in
/// the worst reference bandwidth).
/// The contribution of `tx` into `rx` over `p` (dBm) with the coupling loss between their bands
/// already known.
double contribution_dBm(const Node& tx, double coupling_loss_dB, const Node& rx, const Path& p) {
  return tx.eirp - tx.gmax + p.tx_gain_dBi + p.k_dB - rx.st.feeder_loss_dB - coupling_loss_dB +
         tdd_between(tx, rx);
}

double contribution_dBm(const CouplingModel& coupling, const Node& tx, const Channel& tx_band,
                        const Node& rx, const Path& p) {
  return contribution_dBm(tx, coupling_loss_dB(tx_band, rx.band, coupling), rx, p);
}

struct Contribution {
  NodePtr tx;
  double dBm = 0;
  double mw = 0;
  CouplingShape shape;  ///< where it lies in the receiver's band (windowed receivers)
};

Contribution make_contribution(const CouplingModel& coupling, const NodePtr& tx,
                               const Channel& tx_band, const Node& rx, const Path& p) {
  const double c = contribution_dBm(coupling, *tx, tx_band, rx, p);
  Contribution out{tx, c, dbm_to_mw(c), {}};
  if (rx.windowed) out.shape = coupling_shape(tx_band, rx.band, coupling);
  return out;
}

/// For a windowed receiver: the sum of the contributions `cs` on the air in slot t (both on)
/// in each window, `fraction` [window][contribution] from window_fractions(); into
/// sums[window].
void window_sums(const Node& rx, const std::vector<Contribution>& cs,
                 const std::vector<double>& fraction, std::size_t stride, std::size_t t,
                 std::vector<double>& sums) {
  const std::size_t nw = stride == 0 ? 1 : fraction.size() / stride;
  sums.assign(nw, 0.0);
  if (!rx.on[t]) return;
  for (std::size_t j = 0; j < cs.size(); ++j) {
    if (!cs[j].tx->on[t]) continue;
    for (std::size_t w = 0; w < nw; ++w) sums[w] += cs[j].mw * fraction[w * stride + j];
  }
}

std::vector<double> fractions_of(const Node& rx, const std::vector<Contribution>& cs,
                                 const CouplingShape* extra) {
  std::vector<CouplingShape> shapes;
  for (const Contribution& c : cs) shapes.push_back(c.shape);
  if (extra != nullptr) shapes.push_back(*extra);
  return window_fractions(rx.band, rx.st.criterion.ref_bandwidth_Hz, shapes);
}

/// The aggregate at one receiver: the contributions in the order of the transmitters' ids and
/// the power sum in every slot where the receiver is on (0 mW elsewhere).
struct RxEval {
  NodePtr rx;
  std::vector<Contribution> contributions;
  std::vector<double> mw;  ///< [slot]
  std::size_t worst = 0;   ///< the slot of the largest aggregate (first on ties)
  double worst_dBm = -kInf;
};

RxEval evaluate(NodePtr rx, std::vector<Contribution> cs) {
  RxEval ev;
  ev.rx = std::move(rx);
  ev.contributions = std::move(cs);
  const std::vector<std::uint8_t>& on = ev.rx->on;
  const std::size_t n = on.size();
  // Contribution by contribution over the slots: each slot's sum still adds the
  // contributions in id order (adding +0.0 where the transmitter is off changes no bit), and
  // the inner loop runs over contiguous slots.
  ev.mw.assign(n, 0.0);
  double* mw = ev.mw.data();
  if (ev.rx->windowed) {
    // The criterion in every reference bandwidth: each slot's worst window.
    const std::vector<double> f = fractions_of(*ev.rx, ev.contributions, nullptr);
    std::vector<double> sums;
    for (std::size_t t = 0; t < n; ++t) {
      window_sums(*ev.rx, ev.contributions, f, ev.contributions.size(), t, sums);
      mw[t] = *std::max_element(sums.begin(), sums.end());
    }
  } else {
    for (const Contribution& c : ev.contributions) {
      const std::uint8_t* tx_on = c.tx->on.data();
      for (std::size_t t = 0; t < n; ++t) mw[t] += (on[t] & tx_on[t]) ? c.mw : 0.0;
    }
  }
  bool first = true;
  for (std::size_t t = 0; t < n; ++t) {
    if (!on[t]) continue;
    if (first || mw[t] > mw[ev.worst]) ev.worst = t;
    first = false;
  }
  if (!first && ev.mw[ev.worst] > 0.0) ev.worst_dBm = mw_to_dbm(ev.mw[ev.worst]);
  return ev;
}

/// The largest contributions at the receiver's worst slot.
std::vector<std::pair<std::string, double>> top_contributions(const RxEval& ev) {
  std::vector<std::pair<std::string, double>> top;
  if (ev.mw.empty() || !ev.rx->on[ev.worst]) return top;
  for (const Contribution& c : ev.contributions)
    if (c.tx->on[ev.worst]) top.emplace_back(c.tx->st.id, c.dBm);
  std::stable_sort(top.begin(), top.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (top.size() > kTopContributions) top.resize(kTopContributions);
  return top;
}

}  // namespace

struct LiveEngine::Impl {
  Scenario sc;
  prop::TerrainGrid terrain;
  std::shared_ptr<const StudyBuildings> buildings;
  double step_m = 0;
  std::size_t n_slots = 1;
  /// Path-loss models by the time percentage of the receiving criterion (model_for()).
  std::map<std::optional<double>, std::shared_ptr<const prop::PathLossModel>> models;
  /// `models` described as JSON text, made again when a model joins them (every grant's and
  /// change's audit entry records it).
  std::string models_text;

  std::vector<Station> stations;                          ///< as given
  std::vector<NodePtr> order;                             ///< [station] its node
  NodeMap nodes;                                          ///< by id
  PathMap paths;                                          ///< every path a contribution needs
  std::map<std::string, RxEval, std::less<>> aggregates;  ///< every receiver, by id
  mutable std::atomic<std::size_t> n_paths{0};

  /// The station tensors, by their keys (tensor_key.h): the batch's keys when the scenario has
  /// its text (context_key not empty), else keys of this engine only, never spilled.
  std::unique_ptr<TensorStore> store;
  std::string context_key, mic_context_key;
  /// The model of the area tensors: the scenario's, with the study's buildings (as the batch
  /// coverage run's, before each station's building entry loss).
  std::shared_ptr<const prop::PathLossModel> area_inner;
  /// The MIC rules' models by band name (with the study's buildings, as the batch's MIC areas).
  std::map<std::string, std::shared_ptr<const prop::PathLossModel>, std::less<>> mic_models;
  mutable std::atomic<std::size_t> n_tensors{0};
  /// The licensees' premises, one mask per licensee (the union of its premises), by licensee:
  /// the batch's MicAreaInput::premises (set_premises()).
  std::map<std::string, std::vector<std::uint8_t>, std::less<>> premises;

  /// The candidate newcomer of a vacancy query or map: its antenna (null: the omnidirectional
  /// candidate of [vacancy] antenna_gain_dBi, G_new = G_max,new everywhere) and the azimuths
  /// searched.
  struct Candidate {
    std::shared_ptr<const prop::Antenna> antenna;
    bool best_azimuth = false;
    double azimuth_step_deg = 10;
  };
  /// The scenario's [vacancy] candidate, built once.
  Candidate scenario_candidate;

  Impl(const Scenario& scenario, const prop::TerrainGrid& t, const LiveEngineOptions& options)
      : sc(scenario),
        terrain(t),
        step_m(effective_profile_step_m(scenario)),
        n_slots(std::max<std::size_t>(scenario.sharing.time.start_utc_s.size(), 1)) {
    if (sc.buildings.enabled) buildings = load_study_buildings(sc, terrain);
    store = std::make_unique<TensorStore>(options.tensor_budget_bytes, options.tensor_cache_dir);
    context_key = engine_context_key(sc);
    mic_context_key = engine_context_key(sc, {"mic"});
    area_inner = prop::make_path_loss_model(with_buildings(sc.model, buildings.get()));
    if (sc.sharing.mic.enabled) {
      for (const MicBandRule& rule : sc.sharing.mic.rules.bands) {
        mic_models.emplace(rule.name, prop::make_path_loss_model(
                                          with_buildings(rule.model.config, buildings.get())));
      }
    }
    models_text = describe_models();
    const VacancySpec& v = sc.sharing.vacancy;
    if (v.antenna) {
      scenario_candidate = {prop::make_antenna(*v.antenna), v.best_azimuth, v.azimuth_step_deg};
    }
    rebuild_slot_sets();
  }

  /// The candidate of a query: the scenario's, or the query's antenna at the centre of the
  /// channel plan's span (the frequency [vacancy] antenna is built at).
  Candidate candidate_of(const std::optional<CandidateAntenna>& c) const {
    if (!c) return scenario_candidate;
    const std::vector<Channel>& channels = sc.sharing.channels;
    const double step = c->azimuth_step_deg;
    if (c->best_azimuth &&
        (!(step > 0 && step <= 90) || std::abs(360.0 / step - std::round(360.0 / step)) > 1e-9)) {
      throw InputError(fmt::format(
          "vacancy: azimuth_step_deg: found {}, expected a step in (0, 90] degrees that divides "
          "360 degrees (e.g. 5, 10, 15, 30)",
          step));
    }
    prop::AntennaConfig a = c->antenna;
    double lo = channels.front().lo_Hz, hi = channels.front().hi_Hz;
    for (const Channel& ch : channels) {
      lo = std::min(lo, ch.lo_Hz);
      hi = std::max(hi, ch.hi_Hz);
    }
    a.freq_Hz = 0.5 * (lo + hi);
    return {prop::make_antenna(a), c->best_azimuth, step};
  }

  /// The inner model (before building entry) of the paths into `st`; cached by the mutators,
  /// made for the call by const members.
  std::shared_ptr<const prop::PathLossModel> inner_model(const Station& st) const {
    const auto it = models.find(st.criterion.time_percent);
    if (it != models.end()) return it->second;
    return prop::make_path_loss_model(with_buildings(model_for(sc.model, st), buildings.get()));
  }

  std::vector<std::uint8_t> on_slots(const Station& st) const {
    const SharingSpec& sh = sc.sharing;
    std::vector<std::uint8_t> on(n_slots, 1);
    if (!sh.has_time) {
      if (!st.schedule.empty()) {
        throw InputError(fmt::format(
            "{}: {}.schedule: found a schedule, expected none (the scenario has no [time] table)",
            st.defined_at.empty() ? st.id : st.defined_at, st.field.empty() ? st.id : st.field));
      }
      return on;
    }
    // Schedules repeat ("Mon-Fri 08:00-18:00"): each text's slots are remembered, as turning
    // a schedule into slots (local time through the time zone, slot by slot) cost more than
    // the rest of a station's node. Only texts that parsed are remembered, so an error is
    // still reported with the station's own field.
    {
      const std::lock_guard lock(on_slots_mutex);
      if (const auto it = on_slots_cache.find(st.schedule); it != on_slots_cache.end())
        return it->second;
    }
    const Schedule s = Schedule::parse(
        st.schedule, sh.time.tz, (st.field.empty() ? st.id : st.field) + ".schedule", st.where);
    for (std::size_t t = 0; t < n_slots; ++t) {
      const std::int64_t t0 = sh.time.start_utc_s[t];
      on[t] = s.active(t0, t0 + sh.time.step_s) ? 1 : 0;
    }
    const std::lock_guard lock(on_slots_mutex);
    if (on_slots_cache.size() >= kOnSlotsCacheSize) on_slots_cache.clear();
    on_slots_cache.emplace(st.schedule, on);
    return on;
  }
  /// on_slots() by schedule text (the scenario's time zone and slots are fixed).
  static constexpr std::size_t kOnSlotsCacheSize = 4096;
  mutable std::mutex on_slots_mutex;
  mutable std::map<std::vector<std::string>, std::vector<std::uint8_t>> on_slots_cache;

  void check_station(const Station& st) const {
    const std::string where = st.defined_at.empty() ? st.id : st.defined_at;
    if (st.id.empty()) throw InputError(fmt::format("{}: id: found \"\", expected an id", where));
    if (!sc.grid.extent().contains(st.x_m, st.y_m)) {
      throw InputError(
          fmt::format("{}: position: found ({}, {}), expected a point of the study area", where,
                      st.x_m, st.y_m));
    }
  }

  NodePtr make_node(const Station& st) const {
    check_station(st);
    auto n = std::make_shared<Node>();
    n->st = st;
    n->antenna = prop::make_antenna(st.antenna);
    n->gmax = n->antenna->max_gain_dBi();
    n->eirp = database_eirp_dBm(st, n->gmax);
    n->limit = st.receives ? criterion_limit_dBm(st, sc.sharing.criteria) : kInf;
    n->windowed = st.receives && windowed_criterion(st, sc.sharing.criteria);
    n->model = with_building_entry(inner_model(st), sc, buildings.get(),
                                   prop::TxEnd{prop::TxEnd::Kind::FromMap, -1});
    n->on = on_slots(st);
    n->band = band_of(st);
    const SharingSpec& sh = sc.sharing;
    const double tdd = newcomer_tdd_dB(sh.vacancy, st);
    for (const Channel& k : sh.channels) {
      if (st.receives) {
        n->vacancy_a_dB.push_back(vacancy_receiver_term_dB(sh, st, n->limit, k, tdd));
        n->coupling_from_dB.push_back(coupling_loss_dB(k, n->band, sh.coupling));
      }
      if (st.transmits)
        n->vacancy_b_dB.push_back(vacancy_transmitter_term_dB(sh, st, n->eirp, n->gmax, k, tdd));
    }
    return n;
  }

  /// Caches the inner model of `st` (mutators only).
  void cache_model(const Station& st) {
    if (!models.contains(st.criterion.time_percent)) {
      models.emplace(st.criterion.time_percent, inner_model(st));
      models_text = describe_models();
    }
  }

  /// The models of the paths as JSON text (LiveEngine::models_json()).
  std::string describe_models() const {
    nlohmann::json j;
    j["propagation"] = sc.model.name;
    j["profile_step_m"] = step_m;
    j["buildings"] = buildings != nullptr;
    nlohmann::json paths = nlohmann::json::array();
    for (const auto& [tp, model] : models) {
      nlohmann::json m;
      m["time_percent"] = tp ? nlohmann::json(*tp) : nlohmann::json(nullptr);
      m["model"] = model->describe();
      paths.push_back(std::move(m));
    }
    j["paths"] = std::move(paths);
    return j.dump();
  }

  /// The path from a transmitter at (x, y, h) with `antenna` into receiver `rx`: the link is
  /// the receiver's coupling-tensor link (rx as the transmitter, the point as the receiving
  /// end), K = float(G_rx) - float(L) as prop::compute_coupling() stores it; the point's
  /// antenna gain is taken in the reverse direction of that link.
  Path path(const Node& rx, double x, double y, double h, const prop::Antenna& antenna) const {
    const prop::Transmitter t{rx.st.x_m, rx.st.y_m, rx.st.height_m, rx.st.freq_Hz};
    const prop::AreaContext ctx{sc.grid, terrain, *rx.model, step_m};
    // Per-thread profile buffers, grown to the longest path seen: no allocation per path.
    thread_local prop::Profile profile;
    prop::LinkInput link;
    prop::Direction dir{};
    Path p;
    p.k_dB = prop::point_coupling_dB(t, *rx.antenna, x, y, h, ctx, profile, link, dir);
    p.tx_gain_dBi = antenna.gain_dBi(std::fmod(dir.bearing_deg + 180.0, 360.0), -dir.elevation_deg);
    n_paths.fetch_add(1, std::memory_order_relaxed);
    return p;
  }

  Path path(const Node& rx, const Node& tx) const {
    return path(rx, tx.st.x_m, tx.st.y_m, tx.st.height_m, *tx.antenna);
  }

  /// The paths of `pairs` (receiver, transmitter), in parallel.
  std::vector<Path> paths_of(const std::vector<std::pair<const Node*, const Node*>>& pairs) const {
    std::vector<Path> out(pairs.size());
    tbb::parallel_for(std::size_t{0}, pairs.size(),
                      [&](std::size_t k) { out[k] = path(*pairs[k].first, *pairs[k].second); });
    return out;
  }

  /// Computes and stores the missing paths between `s` and every other station.
  void add_paths_of(const NodePtr& s) {
    std::vector<std::pair<const Node*, const Node*>> pairs;
    for (const auto& [id, n] : nodes) {
      if (interferes(*n, *s) && !paths.contains({s->st.id, id}))
        pairs.emplace_back(s.get(), n.get());
      if (interferes(*s, *n) && !paths.contains({id, s->st.id}))
        pairs.emplace_back(n.get(), s.get());
    }
    const std::vector<Path> p = paths_of(pairs);
    for (std::size_t k = 0; k < pairs.size(); ++k)
      paths.emplace(PathKey{pairs[k].first->st.id, pairs[k].second->st.id}, p[k]);
  }

  void erase_paths_of(std::string_view id) {
    std::erase_if(paths,
                  [&](const auto& e) { return e.first.first == id || e.first.second == id; });
  }

  /// The contributions at `rx` of the stations of `all`, with the paths of `overlay` first.
  std::vector<Contribution> contributions(const Node& rx, const NodeMap& all,
                                          const PathMap* overlay) const {
    std::vector<Contribution> cs;
    for (const auto& [id, tx] : all) {
      if (!interferes(*tx, rx)) continue;
      const PathKey key{rx.st.id, id};
      const Path* p = nullptr;
      if (overlay != nullptr) {
        const auto it = overlay->find(key);
        if (it != overlay->end()) p = &it->second;
      }
      if (p == nullptr) {
        const auto it = paths.find(key);
        if (it == paths.end())
          throw RuntimeError("live engine: a path is missing: " + rx.st.id + " <- " + id);
        p = &it->second;
      }
      cs.push_back(make_contribution(sc.sharing.coupling, tx, tx->band, rx, *p));
    }
    return cs;
  }

  void update_aggregate(const NodePtr& rx) {
    aggregates.insert_or_assign(rx->st.id, evaluate(rx, contributions(*rx, nodes, nullptr)));
  }

  /// Re-evaluates the receivers the station `id` reaches (before the change as `before`, after
  /// it as `after`, either may be null) and the station itself. At another receiver only that
  /// station's contribution is replaced, in its place in the id order, and the slots summed
  /// again: the same terms in the same order as a full evaluation.
  void update_aggregates(const Node* before, const NodePtr& after, std::string_view id) {
    aggregates.erase(std::string(id));
    for (const auto& [rid, rx] : nodes) {
      if (!rx->st.receives) continue;
      const bool was = before != nullptr && interferes(*before, *rx);
      const bool is = after != nullptr && interferes(*after, *rx);
      const auto it = aggregates.find(rid);
      if (rid == id || it == aggregates.end()) {
        update_aggregate(rx);
        continue;
      }
      if (!was && !is) continue;
      std::vector<Contribution> cs = std::move(it->second.contributions);
      auto at = std::lower_bound(
          cs.begin(), cs.end(), id,
          [](const Contribution& c, std::string_view v) { return c.tx->st.id < v; });
      if (at != cs.end() && at->tx->st.id == id) at = cs.erase(at);
      if (is) {
        const Path& p = paths.at({rid, std::string(id)});
        cs.insert(at, make_contribution(sc.sharing.coupling, after, after->band, *rx, p));
      }
      it->second = evaluate(rx, std::move(cs));
    }
  }

  void rebuild_order() {
    order.clear();
    for (const Station& st : stations) order.push_back(nodes.at(st.id));
    rebuild_slot_sets();
  }

  /// The distinct sets of stations on the air (one byte per station of `order`: 1 when it is
  /// on the air and receives or transmits), and each slot's set: the state every vacancy query
  /// reduces over, made once per change of the stations rather than per query (over every
  /// station and slot, it was a tenth of a point query's CPU).
  std::vector<std::string> set_keys;
  std::vector<std::size_t> slot_set;  ///< [slot] index into set_keys

  /// What a vacancy query reduces over, for one window, list of channels and candidate gain
  /// shift: the window's distinct sets of stations on the air with their a_ik and b_jk terms,
  /// and the reduction's parameters. Made from the stations alone, the same for every point:
  /// kept for the last few keys asked (most queries ask the same window and channels) and
  /// dropped when the stations change (rebuild_slot_sets()).
  struct VacancyTerms {
    std::size_t t0 = 0, t1 = 0;
    std::vector<std::size_t> chans;
    double b_shift_dB = 0;
    std::vector<std::size_t> slot_set;     ///< [slot - t0] index into sets
    std::vector<std::uint8_t> takes_part;  ///< [station] on the air in some set
    std::vector<ActiveSet> sets;
    VacancyParams params;
    bool same_key(std::size_t a, std::size_t b, const std::vector<std::size_t>& c,
                  double shift) const {
      return t0 == a && t1 == b && chans == c &&
             std::bit_cast<std::uint64_t>(b_shift_dB) == std::bit_cast<std::uint64_t>(shift);
    }
  };
  static constexpr std::size_t kVacancyTermsKept = 4;
  mutable std::mutex vacancy_terms_mutex;
  mutable std::vector<std::shared_ptr<const VacancyTerms>> vacancy_terms_kept;  ///< newest last

  std::shared_ptr<const VacancyTerms> vacancy_terms(std::size_t t0, std::size_t t1,
                                                    const std::vector<std::size_t>& chans,
                                                    double b_shift_dB) const {
    // The kept terms of this key, if any (vacancy_terms_mutex held).
    const auto kept_terms = [&]() -> std::shared_ptr<const VacancyTerms> {
      for (const auto& kept : vacancy_terms_kept)
        if (kept->same_key(t0, t1, chans, b_shift_dB)) return kept;
      return nullptr;
    };
    {
      const std::lock_guard lock(vacancy_terms_mutex);
      if (auto kept = kept_terms()) return kept;
    }
    auto terms = std::make_shared<VacancyTerms>(make_vacancy_terms(t0, t1, chans, b_shift_dB));
    const std::lock_guard lock(vacancy_terms_mutex);
    // Queries that missed together made the same terms: keep one, not one of each.
    if (auto kept = kept_terms()) return kept;
    if (vacancy_terms_kept.size() >= kVacancyTermsKept)
      vacancy_terms_kept.erase(vacancy_terms_kept.begin());
    vacancy_terms_kept.push_back(terms);
    return terms;
  }

  VacancyTerms make_vacancy_terms(std::size_t t0, std::size_t t1,
                                  const std::vector<std::size_t>& chans, double b_shift_dB) const {
    VacancyTerms v;
    v.t0 = t0;
    v.t1 = t1;
    v.chans = chans;
    v.b_shift_dB = b_shift_dB;
    const std::size_t ns = order.size();
    // The distinct sets of stations on the air in the window's slots, numbered in the order the
    // window meets them (the engine's sets of every slot, rebuild_slot_sets()).
    std::vector<const std::string*> window_keys;
    v.slot_set.resize(t1 - t0);
    constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
    std::vector<std::size_t> window_set(set_keys.size(), kNone);
    v.takes_part.assign(ns, 0);
    for (std::size_t t = t0; t < t1; ++t) {
      const std::size_t all = slot_set[t];
      if (window_set[all] == kNone) {
        window_set[all] = window_keys.size();
        const std::string& key = set_keys[all];
        window_keys.push_back(&key);
        for (std::size_t s = 0; s < ns; ++s) v.takes_part[s] |= static_cast<std::uint8_t>(key[s]);
      }
      v.slot_set[t - t0] = window_set[all];
    }
    // The batch's reduction (sim/analysis/vacancy.h) over one cell: the same terms a_ik, b_jk.
    // b_jk holds G_new = G_max,new of the scenario's candidate: another antenna's maximum moves
    // it by the difference (nothing when the antenna is the scenario's).
    const std::size_t nq = chans.size();
    for (const auto* on : window_keys) {
      ActiveSet set;
      for (std::size_t s = 0; s < ns; ++s) {
        if (!(*on)[s]) continue;
        const Node& n = *order[s];
        if (n.st.receives) {
          VacancyReceiver r{static_cast<int>(s), std::vector<double>(nq)};
          for (std::size_t c = 0; c < nq; ++c) r.a_dB[c] = n.vacancy_a_dB[chans[c]];
          set.receivers.push_back(std::move(r));
        }
        if (n.st.transmits) {
          VacancyTransmitter t{static_cast<int>(s), std::vector<double>(nq)};
          for (std::size_t c = 0; c < nq; ++c) {
            t.b_dB[c] = n.vacancy_b_dB[chans[c]];
            if (b_shift_dB != 0) t.b_dB[c] += b_shift_dB;
          }
          set.transmitters.push_back(std::move(t));
        }
      }
      v.sets.push_back(std::move(set));
    }
    const SharingSpec& sh = sc.sharing;
    v.params.max_eirp_dBm = sh.vacancy.max_eirp_dBm;
    v.params.min_useful_eirp_dBm = sh.vacancy.min_useful_eirp_dBm;
    for (std::size_t c : chans)
      v.params.newcomer_limit_dBm.push_back(newcomer_limit_dBm(sh.vacancy, sh.channels[c]));
    return v;
  }

  void rebuild_slot_sets() {
    {
      const std::lock_guard lock(vacancy_terms_mutex);
      vacancy_terms_kept.clear();
    }
    const std::size_t ns = order.size();
    // [slot][station], filled station by station (each station's slots are contiguous).
    std::string keys(n_slots * ns, '\0');
    for (std::size_t s = 0; s < ns; ++s) {
      const Node& n = *order[s];
      if (!(n.st.receives || n.st.transmits)) continue;
      for (std::size_t t = 0; t < n_slots; ++t) keys[t * ns + s] = n.on[t] ? '\1' : '\0';
    }
    std::unordered_map<std::string_view, std::size_t> index;
    set_keys.clear();
    slot_set.assign(n_slots, 0);
    for (std::size_t t = 0; t < n_slots; ++t) {
      const std::string_view key(keys.data() + t * ns, ns);
      const auto [it, added] = index.emplace(key, set_keys.size());
      if (added) set_keys.emplace_back(key);
      slot_set[t] = it->second;
    }
  }

  std::size_t slot_end(const SlotRange& r) const {
    if (r.begin == r.end && r.begin == 0) return n_slots;
    if (r.begin >= r.end || r.end > n_slots) {
      throw InputError(
          fmt::format("vacancy: slots: found [{}, {}), expected a range within [0, {})", r.begin,
                      r.end, n_slots));
    }
    return r.end;
  }

  // ---- Station tensors -------------------------------------------------------------------

  enum class TensorKind {
    Coupling,  ///< K = G - L over the study grid and heights (sharing_run.cpp's coupling())
    Area,      ///< loss and gain over the study grid and heights (coverage_run.cpp's path_loss())
    Mic,       ///< loss and gain at the MIC rule's terminal height (sharing_run.cpp's MIC areas)
  };

  /// Which tensors a station has: a coupling tensor when it receives or transmits; a
  /// transmitting local 5G base station also an area tensor and (with [mic]) a MIC tensor.
  static bool has_area(const Station& st) {
    return st.role == StationRole::Local5gBase && st.transmits;
  }

  /// The indoor flag and transmit end of a local 5G base station as the batch resolves a
  /// planned station's (sim/analysis/study_buildings.cpp: indoor = "auto" is inside a
  /// footprint, below its roof).
  struct Placement {
    bool indoor = false;
    prop::TxEnd end{prop::TxEnd::Kind::Outdoor, -1};
  };
  Placement placement(const Station& st) const {
    Placement p;
    if (buildings == nullptr) {
      p.indoor = st.indoor;
      return p;
    }
    const prop::Buildings& bs = *buildings->buildings;
    double roof_m = 0;
    const int b = prop::building_containing(bs, st.x_m, st.y_m, &roof_m);
    const bool below_roof = b >= 0 && st.height_m < roof_m;
    p.indoor = st.indoor_auto ? below_roof : st.indoor;
    if (p.indoor) p.end = {prop::TxEnd::Kind::Indoor, b};
    return p;
  }

  /// The MIC band rule of a frequency; null when no band of the rules holds it.
  const MicBandRule* mic_rule(double freq_Hz) const {
    for (const MicBandRule& r : sc.sharing.mic.rules.bands)
      if (freq_Hz >= r.freq_min_Hz && freq_Hz <= r.freq_max_Hz) return &r;
    return nullptr;
  }

  /// One station tensor as the batch describes it: the job (outputs not yet set), its model
  /// and context, its key and sizes.
  struct StationJob {
    TensorJob job;
    std::shared_ptr<const prop::PathLossModel> model;
    prop::StudyGrid grid;
    std::optional<prop::AreaContext> ctx;
    std::string key;
    std::size_t n_a = 0, n_b = 0;
    bool spillable = false;
  };

  /// `rule`: the MIC band rule (Mic only).
  std::unique_ptr<StationJob> station_job(const Node& n, TensorKind kind,
                                          const MicBandRule* rule = nullptr) const {
    auto j = std::make_unique<StationJob>();
    const Station& st = n.st;
    j->grid = sc.grid;
    std::string extra;
    switch (kind) {
      case TensorKind::Coupling:
        j->model = n.model;
        extra = station_extra_key(st);
        break;
      case TensorKind::Area: {
        const Placement p = placement(st);
        j->model = with_building_entry(area_inner, sc, buildings.get(), p.end);
        extra = indoor_key(p.indoor);
        break;
      }
      case TensorKind::Mic:
        j->model = mic_models.at(rule->name);
        j->grid.heights_m = {rule->terminal_height_m};
        extra = "mic";
        break;
    }
    j->ctx.emplace(prop::AreaContext{j->grid, terrain, *j->model, step_m, sc.area_engine});
    TensorJob& job = j->job;
    job.kind = kind == TensorKind::Coupling ? TensorJob::Kind::Coupling : TensorJob::Kind::Area;
    job.tx = {st.x_m, st.y_m, st.height_m, st.freq_Hz};
    job.antenna = n.antenna.get();
    job.ctx = &*j->ctx;
    const bool area = kind != TensorKind::Coupling;
    j->n_a = j->grid.heights_m.size() * j->grid.cells();
    j->n_b = area ? j->n_a : 0;
    const std::string& context = kind == TensorKind::Mic ? mic_context_key : context_key;
    j->spillable = !context.empty();
    // job_key() of the same job with its outputs set: loss and gain wanted for an area job.
    j->key = tensor_key(j->spillable ? context : std::string("in-memory scenario"), job.kind, area,
                        area, job.tx, j->grid, antenna_key(st.antenna), extra);
    job.cache_key = j->key;
    return j;
  }

  /// Whether a station's coupling tensor is its area tensor's gain - loss: a transmitting
  /// local 5G base station whose links into it use the scenario's model as its coverage does
  /// (no criterion time percentage to change it, no buildings to add an entry loss that
  /// depends on which end is indoors). prop::compute_coupling() stores float(G) - float(L),
  /// the same operations on the same floats as compute_area()'s outputs: the same bits, with
  /// one propagation tensor for both.
  bool coupling_from_area(const Station& st) const {
    return has_area(st) && buildings == nullptr && !st.criterion.time_percent;
  }

  /// The tensor of a station, from the store or computed now.
  TensorPtr tensor(const Node& n, TensorKind kind, const MicBandRule* rule = nullptr) const {
    const std::unique_ptr<StationJob> j = station_job(n, kind, rule);
    if (kind == TensorKind::Coupling && coupling_from_area(n.st)) {
      return store->get(j->key, j->n_a, j->n_b, j->spillable, [&](Tensor& t) {
        const TensorPtr area = tensor(n, TensorKind::Area);
        for (std::size_t i = 0; i < t.a.size(); ++i) t.a[i] = area->b[i] - area->a[i];
      });
    }
    return store->get(j->key, j->n_a, j->n_b, j->spillable, [&](Tensor& t) {
      TensorJob job = j->job;
      if (kind == TensorKind::Coupling) {
        job.coupling_dB = t.a;
      } else {
        job.area = {t.a, t.b};
      }
      SilentProgress progress;
      compute_job(job, progress);
      n_tensors.fetch_add(1, std::memory_order_relaxed);
    });
  }

  /// The keys of every tensor a station has.
  std::vector<std::string> keys_of(const Node& n) const {
    std::vector<std::string> keys;
    if (n.st.receives || n.st.transmits) keys.push_back(station_job(n, TensorKind::Coupling)->key);
    if (has_area(n.st)) {
      keys.push_back(station_job(n, TensorKind::Area)->key);
      if (const MicBandRule* r = sc.sharing.mic.enabled ? mic_rule(n.st.freq_Hz) : nullptr)
        keys.push_back(station_job(n, TensorKind::Mic, r)->key);
    }
    return keys;
  }

  /// A base station's received power at the MIC rule's terminal height in the rule's
  /// reference bandwidth, [y][x], as the batch's MIC areas compute it (sharing_run.cpp):
  /// EIRP - G_max + G(direction) - L - BEL (indoor stations), scaled to B_ref.
  std::vector<float> mic_rx(const Node& n, const MicBandRule& rule) const {
    const TensorPtr t = tensor(n, TensorKind::Mic, &rule);
    const double bel = placement(n.st).indoor
                           ? building_entry_loss_dB(rule.building_entry_loss, n.st.freq_Hz)
                           : 0.0;
    const double offset = station_eirp_dBm(n.st, n.gmax) - n.gmax - bel;
    std::vector<float> rx(sc.grid.cells());
    tbb::parallel_for(std::size_t{0}, rx.size(), [&](std::size_t c) {
      const double p = offset + t->b[c] - t->a[c];
      rx[c] = static_cast<float>(
          power_in_reference_bandwidth_dBm(p, n.st.bandwidth_Hz, rule.reference_bandwidth_Hz));
    });
    return rx;
  }

  /// The MIC areas and pairs of the base stations `bs`, their received powers taken from `rx`,
  /// with the premises of their licensees (the batch's areas: sim/analysis/mic_area.h).
  MicAreas mic_of(const std::vector<NodePtr>& bs, const MicBandRule& rule,
                  const std::map<const Node*, std::vector<float>>& rx) const {
    if (bs.empty()) return {};
    std::vector<float> all;
    MicAreaInput in;
    in.nx = sc.grid.nx;
    in.ny = sc.grid.ny;
    in.cell_m = sc.grid.cell_m;
    for (const NodePtr& n : bs) {
      const std::vector<float>& r = rx.at(n.get());
      all.insert(all.end(), r.begin(), r.end());
      in.licensee.push_back(n->st.licensee);
    }
    in.rx_dBm = all;
    in.coverage_threshold_dBm = rule.coverage_threshold_dBm;
    in.coordination_threshold_dBm = rule.coordination_threshold_dBm;
    // Premises of licensees with no base station here count for nothing (no coordination area
    // of theirs to test) but the analysis refuses them: left out.
    for (const auto& [licensee, mask] : premises)
      if (std::find(in.licensee.begin(), in.licensee.end(), licensee) != in.licensee.end())
        in.premises.push_back({licensee, mask});
    return sim::mic_areas(in);  // the analysis, not LiveEngine::mic_areas()
  }

  /// The transmitting local 5G base stations of `from` in the band of `rule`.
  std::vector<NodePtr> band_stations(const NodeMap& from, const MicBandRule& rule) const {
    std::vector<NodePtr> out;
    for (const auto& [id, n] : from)
      if (has_area(n->st) && mic_rule(n->st.freq_Hz) == &rule) out.push_back(n);
    return out;
  }

  /// The MIC coordination pairs that appear and vanish when the stations of `nodes` become
  /// those of `after`; `changed`: the stations the change adds, moves or removes (before and
  /// after). Each band of the rules is judged on its own, as the batch's areas of a scenario in
  /// that band: only the bands of changed base stations can change.
  void judge_mic(const NodeMap& after, const std::vector<const Station*>& changed,
                 Judgement& j) const {
    if (!sc.sharing.mic.enabled) return;
    std::vector<const MicBandRule*> bands;
    for (const Station* st : changed) {
      const MicBandRule* r = has_area(*st) ? mic_rule(st->freq_Hz) : nullptr;
      if (r != nullptr && std::find(bands.begin(), bands.end(), r) == bands.end())
        bands.push_back(r);
    }
    if (bands.empty()) {
      // A change of no base station of a band of the rules moves no area: the rule named is
      // that of the first base station by id, none listed.
      for (const NodeMap* m : {&after, &nodes})
        for (const auto& [id, n] : *m)
          if (bands.empty() && has_area(n->st))
            if (const MicBandRule* r = mic_rule(n->st.freq_Hz)) bands.push_back(r);
      if (bands.empty()) return;  // no base station in a band of the rules
      j.mic = true;
      j.mic_rule = bands.front()->name;
      return;
    }
    j.mic = true;
    j.mic_rule = bands.back()->name;  // the band of the station after the change
    for (const MicBandRule* rule : bands) {
      const std::vector<NodePtr> bs_before = band_stations(nodes, *rule);
      const std::vector<NodePtr> bs_after = band_stations(after, *rule);
      std::vector<const Node*> distinct;
      for (const auto* list : {&bs_before, &bs_after})
        for (const NodePtr& n : *list)
          if (std::find(distinct.begin(), distinct.end(), n.get()) == distinct.end())
            distinct.push_back(n.get());
      std::vector<std::vector<float>> rx(distinct.size());
      tbb::parallel_for(std::size_t{0}, distinct.size(),
                        [&](std::size_t i) { rx[i] = mic_rx(*distinct[i], *rule); });
      std::map<const Node*, std::vector<float>> by_node;
      for (std::size_t i = 0; i < distinct.size(); ++i)
        by_node.emplace(distinct[i], std::move(rx[i]));
      const MicAreas before = mic_of(bs_before, *rule, by_node);
      const MicAreas now = mic_of(bs_after, *rule, by_node);
      using Pairs = std::map<std::pair<std::string, std::string>, const MicPair*>;
      const auto pairs_of = [](const MicAreas& m) {
        Pairs p;
        for (const MicPair& x : m.pairs) p.emplace(std::make_pair(x.a, x.b), &x);
        return p;
      };
      const Pairs pb = pairs_of(before), pa = pairs_of(now);
      const auto change = [&](const MicPair& x) {
        return MicPairChange{x.a,       x.b,       x.cells, x.cells_coverage, x.cells_premises,
                             x.area_m2, rule->name};
      };
      for (const auto& [ab, x] : pa)
        if (!pb.contains(ab)) j.mic_pairs_appeared.push_back(change(*x));
      for (const auto& [ab, x] : pb)
        if (!pa.contains(ab)) j.mic_pairs_vanished.push_back(change(*x));
    }
  }

  /// Drops from the store the keys of `old` that no station has any more (a station moved or
  /// removed; two stations with the same inputs share their tensors).
  void drop_unused(std::vector<std::string> old) {
    if (old.empty()) return;
    std::set<std::string> used;
    for (const auto& [id, n] : nodes)
      for (std::string& k : keys_of(*n)) used.insert(std::move(k));
    for (const std::string& k : old)
      if (!used.contains(k)) store->drop(k);
  }
};

LiveEngine::LiveEngine(const Scenario& scenario, const prop::TerrainGrid& terrain,
                       const LiveEngineOptions& options)
    : impl_(std::make_unique<Impl>(scenario, terrain, options)) {}

LiveEngine::~LiveEngine() = default;

const Scenario& LiveEngine::scenario() const {
  return impl_->sc;
}

std::size_t LiveEngine::n_slots() const {
  return impl_->n_slots;
}

std::size_t LiveEngine::paths_computed() const {
  return impl_->n_paths.load(std::memory_order_relaxed);
}

const std::vector<Station>& LiveEngine::stations() const {
  return impl_->stations;
}

void LiveEngine::set_stations(std::vector<Station> stations) {
  Impl& e = *impl_;
  std::vector<std::string> old_keys;
  for (const auto& [id, n] : e.nodes)
    for (std::string& k : e.keys_of(*n)) old_keys.push_back(std::move(k));
  NodeMap nodes;
  for (const Station& st : stations) {
    e.cache_model(st);
    if (!nodes.emplace(st.id, e.make_node(st)).second) {
      throw InputError(fmt::format("{}: id: found \"{}\" twice, expected ids unique",
                                   st.defined_at.empty() ? st.id : st.defined_at, st.id));
    }
  }
  e.nodes = std::move(nodes);
  e.stations = std::move(stations);
  e.rebuild_order();
  std::vector<std::pair<const Node*, const Node*>> pairs;
  for (const auto& [rid, rx] : e.nodes)
    for (const auto& [tid, tx] : e.nodes)
      if (interferes(*tx, *rx)) pairs.emplace_back(rx.get(), tx.get());
  const std::vector<Path> p = e.paths_of(pairs);
  e.paths.clear();
  for (std::size_t k = 0; k < pairs.size(); ++k)
    e.paths.emplace(PathKey{pairs[k].first->st.id, pairs[k].second->st.id}, p[k]);
  e.aggregates.clear();
  for (const auto& [rid, rx] : e.nodes)
    if (rx->st.receives) e.update_aggregate(rx);
  e.drop_unused(std::move(old_keys));
}

void LiveEngine::upsert(const Station& station) {
  Impl& e = *impl_;
  e.cache_model(station);
  const NodePtr after = e.make_node(station);
  const auto it = e.nodes.find(station.id);
  NodePtr before;
  if (it != e.nodes.end()) {
    before = it->second;
    if (!same_paths(before->st, station)) e.erase_paths_of(station.id);
    it->second = after;
    *std::find_if(e.stations.begin(), e.stations.end(),
                  [&](const Station& s) { return s.id == station.id; }) = station;
  } else {
    e.nodes.emplace(station.id, after);
    e.stations.push_back(station);
  }
  e.rebuild_order();
  e.add_paths_of(after);
  e.update_aggregates(before.get(), after, station.id);
  // A moved station's old tensors leave the store; its new ones are computed when a map or a
  // judgement needs them. A schedule or EIRP change keeps every key.
  if (before != nullptr) {
    std::vector<std::string> old = e.keys_of(*before);
    if (old != e.keys_of(*after)) e.drop_unused(std::move(old));
  }
}

void LiveEngine::remove(std::string_view id) {
  Impl& e = *impl_;
  const auto it = e.nodes.find(id);
  if (it == e.nodes.end()) return;
  const NodePtr before = it->second;
  e.nodes.erase(it);
  std::erase_if(e.stations, [&](const Station& s) { return s.id == id; });
  e.rebuild_order();
  e.erase_paths_of(id);
  e.update_aggregates(before.get(), nullptr, id);
  e.drop_unused(e.keys_of(*before));
}

VacancyAnswer LiveEngine::vacancy(const VacancyQuery& q) const {
  const Impl& e = *impl_;
  const SharingSpec& sh = e.sc.sharing;
  if (sh.channels.empty()) {
    throw InputError("vacancy: channels: found no channel plan, expected a [spectrum] table");
  }
  if (!e.sc.grid.extent().contains(q.x_m, q.y_m)) {
    throw InputError(fmt::format(
        "vacancy: position: found ({}, {}), expected a point of the study area", q.x_m, q.y_m));
  }
  if (!std::isfinite(q.height_m) || q.height_m < 0) {
    throw InputError(
        fmt::format("vacancy: height_m: found {}, expected a height >= 0", q.height_m));
  }
  std::vector<std::size_t> chans = q.channels;
  if (chans.empty())
    for (std::size_t k = 0; k < sh.channels.size(); ++k) chans.push_back(k);
  for (std::size_t k : chans) {
    if (k >= sh.channels.size()) {
      throw InputError(fmt::format("vacancy: channels: found {}, expected an index below {}", k,
                                   sh.channels.size()));
    }
  }
  const std::size_t t0 = q.slots.begin, t1 = e.slot_end(q.slots);
  const std::size_t ns = e.order.size();
  const Impl::Candidate cand = e.candidate_of(q.candidate);
  const double b_shift_dB =
      cand.antenna ? cand.antenna->max_gain_dBi() - sh.vacancy.antenna_gain_dBi : 0.0;
  const std::shared_ptr<const Impl::VacancyTerms> terms =
      e.vacancy_terms(t0, t1, chans, b_shift_dB);
  const std::vector<std::uint8_t>& takes_part = terms->takes_part;
  const std::vector<std::size_t>& slot_set = terms->slot_set;

  // K_s(P) for every station on in the window: the coupling tensor's value at the point.
  std::vector<float> k(ns, 0.0f);
  tbb::parallel_for(std::size_t{0}, ns, [&](std::size_t s) {
    if (!takes_part[s]) return;
    const Node& n = *e.order[s];
    const prop::Transmitter tx{n.st.x_m, n.st.y_m, n.st.height_m, n.st.freq_Hz};
    const prop::AreaContext ctx{e.sc.grid, e.terrain, *n.model, e.step_m};
    thread_local prop::Profile profile;  // as in Impl::path()
    prop::LinkInput link;
    prop::Direction dir{};
    k[s] =
        prop::point_coupling_dB(tx, *n.antenna, q.x_m, q.y_m, q.height_m, ctx, profile, link, dir);
    e.n_paths.fetch_add(1, std::memory_order_relaxed);
  });
  const std::size_t nq = chans.size();

  // The window's answer on each channel from the cube of its distinct sets.
  const auto reduce = [&](const std::vector<float>& point_coupling) {
    std::vector<std::span<const float>> coupling;
    for (std::size_t s = 0; s < ns; ++s) coupling.emplace_back(&point_coupling[s], 1);
    const VacancyCube cube = compute_vacancy(coupling, 1, 1, terms->sets, nq, terms->params);
    std::vector<ChannelVacancy> out;
    for (std::size_t c = 0; c < nq; ++c) {
      ChannelVacancy v;
      v.channel = chans[c];
      v.usable = true;
      for (std::size_t t = t0; t < t1; ++t) {
        const std::size_t i = cube.index(slot_set[t - t0], c, 0);
        const float m = cube.max_eirp_dBm[i];
        if (t == t0 || m < v.max_eirp_dBm) {
          v.max_eirp_dBm = m;
          v.binding_slot = t;
          const std::int16_t b = cube.binding[i];
          v.binding = b == kNoBinding ? std::string() : e.order[static_cast<std::size_t>(b)]->st.id;
        }
        v.interference_dBm = std::max(v.interference_dBm, cube.interference_dBm[i]);
        v.usable = v.usable && cube.usable[i] != 0;
      }
      out.push_back(std::move(v));
    }
    return out;
  };

  VacancyAnswer answer;
  if (!cand.antenna) {
    answer.channels = reduce(k);
    return answer;
  }
  // A directional candidate: K_s less G_max,new - G_new(towards s), the direction as the batch's
  // candidate_directions() takes it at a cell centre.
  std::vector<float> bearing(ns, 0.0f), elevation(ns, 0.0f), adjusted(ns, 0.0f);
  for (std::size_t s = 0; s < ns; ++s) {
    if (!takes_part[s]) continue;
    const Station& st = e.order[s]->st;
    const CandidateDirection d =
        candidate_direction(e.terrain, q.x_m, q.y_m, q.height_m, st.x_m, st.y_m, st.height_m);
    bearing[s] = d.bearing_deg;
    elevation[s] = d.elevation_deg;
  }
  const auto at_azimuth = [&](double azimuth_offset_deg) {
    candidate_coupling(k, bearing, elevation, *cand.antenna, azimuth_offset_deg, adjusted);
    return reduce(adjusted);
  };
  if (!cand.best_azimuth) {
    answer.channels = at_azimuth(0.0);
    return answer;
  }
  // The best azimuth per channel, with keep_best_azimuth()'s order: the larger max EIRP of the
  // window, on a tie the lower interference, then the earlier azimuth.
  const int n_az = static_cast<int>(std::lround(360.0 / cand.azimuth_step_deg));
  for (int a = 0; a < n_az; ++a) {
    const double azimuth = a * cand.azimuth_step_deg;
    std::vector<ChannelVacancy> trial = at_azimuth(azimuth);
    if (a == 0) {
      answer.channels = std::move(trial);
      for (ChannelVacancy& v : answer.channels) v.azimuth_deg = static_cast<float>(azimuth);
      continue;
    }
    for (std::size_t c = 0; c < nq; ++c) {
      ChannelVacancy& best = answer.channels[c];
      const ChannelVacancy& t = trial[c];
      const bool better =
          t.max_eirp_dBm > best.max_eirp_dBm ||
          (t.max_eirp_dBm == best.max_eirp_dBm && t.interference_dBm < best.interference_dBm);
      if (!better) continue;
      best = t;
      best.azimuth_deg = static_cast<float>(azimuth);
    }
  }
  return answer;
}

namespace {

/// The request's share at one receiver, and the receiver's aggregate without it.
struct Reached {
  const RxEval* ev = nullptr;
  RxEval own;  ///< the aggregate without the request's id, when the request replaces a station
  Path path;
  const std::vector<double>& others() const { return ev->mw; }
  /// The distinct values of others() over the slots the request and the receiver share, in
  /// the order of their first slot: the slots of one set of stations on the air have the same
  /// value, bit for bit, so a channel's judgement works on a few values, not on every slot.
  std::vector<double> values;
  std::vector<std::size_t> first_slot;  ///< [value] its first slot
  std::vector<std::uint32_t> value_of;  ///< [slot] its value; kNoValue when not shared
  static constexpr std::uint32_t kNoValue = std::numeric_limits<std::uint32_t>::max();
};

}  // namespace

GrantDecision LiveEngine::judge_grant(const Station& request, std::size_t channel) const {
  const Impl& e = *impl_;
  const SharingSpec& sh = e.sc.sharing;
  const std::string field = request.field.empty() ? request.id : request.field;
  if (channel >= sh.channels.size()) {
    throw InputError(fmt::format("{}: channel: found {}, expected an index below {}", field,
                                 channel, sh.channels.size()));
  }
  if (request.role != StationRole::Local5gBase || !request.transmits) {
    throw InputError(fmt::format("{}: role: found {}, expected a transmitting local5g_base", field,
                                 role_name(request.role)));
  }
  Station req = request;
  const Channel& ch0 = sh.channels[channel];
  req.freq_lo_Hz = ch0.lo_Hz;
  req.freq_hi_Hz = ch0.hi_Hz;
  req.freq_Hz = ch0.centre_Hz();
  req.bandwidth_Hz = ch0.bandwidth_Hz();
  const NodePtr rn = e.make_node(req);
  const Node& r = *rn;
  const bool replaces = e.nodes.contains(req.id);

  // The receivers the request can reach: on in one of its slots, and not protected from it.
  std::vector<Reached> reached;
  for (const auto& [id, ev] : e.aggregates) {
    if (!interferes(r, *ev.rx)) continue;
    bool common = false;
    for (std::size_t t = 0; t < e.n_slots && !common; ++t) common = r.on[t] && ev.rx->on[t];
    if (!common) continue;
    Reached x;
    x.ev = &ev;
    reached.push_back(std::move(x));
  }
  NodeMap without;
  if (replaces) {
    without = e.nodes;
    without.erase(req.id);
  }
  tbb::parallel_for(std::size_t{0}, reached.size(), [&](std::size_t i) {
    Reached& x = reached[i];
    x.path = e.path(*x.ev->rx, req.x_m, req.y_m, req.height_m, *r.antenna);
    if (replaces) x.own = evaluate(x.ev->rx, e.contributions(*x.ev->rx, without, nullptr));
  });
  if (replaces)
    for (Reached& x : reached) x.ev = &x.own;
  for (Reached& x : reached) {
    const std::vector<double>& others = x.others();
    x.value_of.assign(e.n_slots, Reached::kNoValue);
    for (std::size_t t = 0; t < e.n_slots; ++t) {
      if (!r.on[t] || !x.ev->rx->on[t]) continue;
      const auto v = std::find(x.values.begin(), x.values.end(), others[t]);
      if (v == x.values.end()) {
        x.value_of[t] = static_cast<std::uint32_t>(x.values.size());
        x.values.push_back(others[t]);
        x.first_slot.push_back(t);
      } else {
        x.value_of[t] = static_cast<std::uint32_t>(v - x.values.begin());
      }
    }
  }

  const double cap = sh.vacancy.max_eirp_dBm;
  const bool cap_ok = r.eirp <= cap + kMarginTolerance_dB;

  // The judgement on channel k: every receiver's worst slot with the request, and the slots
  // of the request that pass.
  struct OnChannel {
    std::vector<ReceiverMargin> receivers;
    std::vector<std::size_t> slots;
    bool granted = false;
    double grantable = kInf;
  };
  // `full`: the requested channel's judgement, with its slots that work and the EIRP that
  // could be granted; otherwise whether it would be granted, and the receivers' margins.
  auto judge_on = [&](std::size_t k, bool full) {
    OnChannel o;
    std::vector<std::uint8_t> slot_ok(e.n_slots, cap_ok ? 1 : 0);
    o.grantable = cap;
    bool all_ok = cap_ok;
    for (const Reached& x : reached) {
      const Node& rx = *x.ev->rx;
      const double c = contribution_dBm(r, rx.coupling_from_dB[k], rx, x.path);
      if (c == -kInf) continue;
      // A windowed criterion: the request's power in each window, with the others' there.
      const CouplingShape shape =
          rx.windowed ? coupling_shape(sh.channels[k], rx.band, sh.coupling) : CouplingShape{};
      const double worst_share =
          rx.windowed ? worst_window_fraction(shape, rx.band, rx.st.criterion.ref_bandwidth_Hz)
                      : 1.0;
      if (c + (rx.windowed ? 10.0 * std::log10(worst_share) : 0.0) <
          rx.limit - kNegligibleBelowLimit_dB)
        continue;
      const double c_mw = dbm_to_mw(c);
      const double limit_mw = dbm_to_mw(rx.limit);
      ReceiverMargin m;
      m.receiver = rx.st.id;
      m.limit_dBm = rx.limit;
      // As the limit: the request's power in its worst window when windowed.
      m.request_dBm = rx.windowed ? c + 10.0 * std::log10(worst_share) : c;
      bool first = true;
      const std::vector<Contribution>& cs = x.ev->contributions;
      const std::vector<double> fraction =
          rx.windowed ? fractions_of(rx, cs, &shape) : std::vector<double>{};
      std::vector<double> sums;
      if (rx.windowed) {
        for (std::size_t t = 0; t < e.n_slots; ++t) {
          if (x.value_of[t] == Reached::kNoValue) continue;
          window_sums(rx, cs, fraction, cs.size() + 1, t, sums);
          double worst = 0.0;
          for (std::size_t w = 0; w < sums.size(); ++w) {
            const double share = fraction[w * (cs.size() + 1) + cs.size()];
            worst = std::max(worst, sums[w] + c_mw * share);
            // The request's share of this window scales with its EIRP, the others' do not.
            const double room = limit_mw - sums[w];
            if (room <= 0.0)
              o.grantable = -kInf;
            else if (share > 0.0)
              o.grantable =
                  std::min(o.grantable, mw_to_dbm(room) - (c - r.eirp) - 10.0 * std::log10(share));
          }
          const double agg = mw_to_dbm(worst);
          if (first || agg > m.aggregate_dBm) {
            m.aggregate_dBm = agg;
            m.slot = t;
          }
          first = false;
          if (rx.limit - agg < -kMarginTolerance_dB) slot_ok[t] = 0;
        }
      } else if (!x.values.empty()) {
        // The worst slot, the slots that fail and the room left, from the linear sums of the
        // distinct values, with dB values only where they can decide (a log10 per slot,
        // receiver and channel was most of a judgement's CPU). The same values as the dB of
        // every slot: 10 log10 is increasing, and a value left out is at least 1e-12
        // (relative) from the one that decides, 4e-12 dB, far beyond the error of log10.
        double max_sum = 0.0, min_room = kInf;
        for (double v : x.values) {
          max_sum = std::max(max_sum, v + c_mw);
          min_room = std::min(min_room, limit_mw - v);
        }
        for (std::size_t i = 0; i < x.values.size(); ++i) {
          const double sum = x.values[i] + c_mw;
          if (sum < max_sum * (1.0 - 1e-12)) continue;
          const double agg = mw_to_dbm(sum);
          // In the order of their first slots: the earliest slot of the largest aggregate.
          if (first || agg > m.aggregate_dBm) {
            m.aggregate_dBm = agg;
            m.slot = x.first_slot[i];
          }
          first = false;
        }
        if (full) {
          // agg > limit + tolerance (a slot that fails) is impossible below this sum; with
          // no room in some slot, that slot decides (-inf).
          const double safe_mw = dbm_to_mw(rx.limit + kMarginTolerance_dB) * (1.0 - 1e-9);
          const double room_limit = min_room > 0.0 ? min_room * (1.0 + 1e-12) : min_room;
          std::vector<std::uint8_t> fails(x.values.size(), 0);
          for (std::size_t i = 0; i < x.values.size(); ++i) {
            const double sum = x.values[i] + c_mw;
            fails[i] = sum >= safe_mw && rx.limit - mw_to_dbm(sum) < -kMarginTolerance_dB;
            // EIRP <= 10 log10(10^(I_lim/10) - I_others) - (c - EIRP): the request's share
            // scales with its EIRP, the others' do not.
            if (limit_mw - x.values[i] <= room_limit)
              o.grantable = std::min(o.grantable, room_eirp_dBm(limit_mw, x.values[i], c - r.eirp));
          }
          for (std::size_t t = 0; t < e.n_slots; ++t)
            if (x.value_of[t] != Reached::kNoValue && fails[x.value_of[t]]) slot_ok[t] = 0;
        }
      }
      m.margin_dB = m.limit_dBm - m.aggregate_dBm;
      all_ok = all_ok && m.margin_dB >= -kMarginTolerance_dB;
      o.receivers.push_back(std::move(m));
    }
    std::stable_sort(
        o.receivers.begin(), o.receivers.end(),
        [](const ReceiverMargin& a, const ReceiverMargin& b) { return a.margin_dB < b.margin_dB; });
    for (std::size_t t = 0; t < e.n_slots; ++t)
      if (r.on[t] && slot_ok[t]) o.slots.push_back(t);
    o.granted = all_ok;
    return o;
  };

  OnChannel o = judge_on(channel, true);
  GrantDecision d;
  d.granted = o.granted;
  d.receivers = std::move(o.receivers);
  d.slots_that_work = std::move(o.slots);
  if (!d.receivers.empty()) {
    d.binding = d.receivers.front().receiver;
    d.margin_dB = d.receivers.front().margin_dB;
  }
  for (std::size_t k = 0; k < sh.channels.size(); ++k) {
    if (k == channel ? d.granted : judge_on(k, false).granted)
      d.channels_that_work.push_back(sh.channels[k].id);
  }
  if (!d.granted && o.grantable >= sh.vacancy.min_useful_eirp_dBm)
    d.grantable_eirp_dBm = o.grantable;
  if (d.granted) {
    d.reason = d.binding.empty()
                   ? "granted: the request reaches no protected receiver when it is on the air"
                   : fmt::format(
                         "granted: every protected receiver keeps its criterion; the least "
                         "margin is {:.2f} dB at {}",
                         d.margin_dB, d.binding);
  } else if (!cap_ok) {
    d.reason = fmt::format(
        "denied: the EIRP of {:.2f} dBm exceeds the system maximum of {:.2f} dBm", r.eirp, cap);
  } else {
    d.reason =
        fmt::format("denied: the aggregate at {} would exceed its limit by {:.2f} dB in slot {}",
                    d.binding, -d.margin_dB, d.receivers.front().slot);
  }
  return d;
}

Judgement LiveEngine::judge_change(const Station* station, std::string_view remove_id) const {
  const Impl& e = *impl_;
  NodeMap after = e.nodes;
  PathMap overlay;
  std::vector<NodePtr> changed_before;
  NodePtr added;
  if (!remove_id.empty()) {
    const auto it = after.find(remove_id);
    if (it != after.end()) {
      changed_before.push_back(it->second);
      after.erase(it);
    }
  }
  if (station != nullptr) {
    added = e.make_node(*station);
    const auto it = after.find(station->id);
    const bool keep_paths = it != after.end() && same_paths(it->second->st, *station);
    if (it != after.end()) {
      changed_before.push_back(it->second);
      it->second = added;
    } else {
      after.emplace(station->id, added);
    }
    // The changed station's paths: from the engine when its geometry is kept, else computed
    // for this judgement only.
    std::vector<std::pair<const Node*, const Node*>> pairs;
    for (const auto& [id, n] : after) {
      if (interferes(*n, *added) && !(keep_paths && e.paths.contains({added->st.id, id})))
        pairs.emplace_back(added.get(), n.get());
      if (interferes(*added, *n) && !(keep_paths && e.paths.contains({id, added->st.id})))
        pairs.emplace_back(n.get(), added.get());
    }
    const std::vector<Path> p = e.paths_of(pairs);
    for (std::size_t k = 0; k < pairs.size(); ++k)
      overlay.emplace(PathKey{pairs[k].first->st.id, pairs[k].second->st.id}, p[k]);
  }

  Judgement j;
  std::map<std::string, ReceiverChange> rows;
  for (const auto& [id, ev] : e.aggregates) {
    ReceiverChange& c = rows[id];
    c.receiver = id;
    c.limit_dBm = ev.rx->limit;
    c.before_dBm = ev.worst_dBm;
    c.margin_before_dB = c.limit_dBm - c.before_dBm;
  }
  for (const auto& [id, rx] : after) {
    if (!rx->st.receives) continue;
    bool reached = added != nullptr && (id == added->st.id || interferes(*added, *rx));
    for (const NodePtr& b : changed_before)
      reached = reached || id == b->st.id || interferes(*b, *rx);
    const auto cached = e.aggregates.find(id);
    RxEval fresh;
    if (reached || cached == e.aggregates.end())
      fresh = evaluate(rx, e.contributions(*rx, after, &overlay));
    const RxEval& ev = reached || cached == e.aggregates.end() ? fresh : cached->second;
    ReceiverChange& c = rows[id];
    c.receiver = id;
    c.limit_dBm = rx->limit;
    c.after_dBm = ev.worst_dBm;
    c.margin_after_dB = c.limit_dBm - c.after_dBm;
    c.top_after = top_contributions(ev);
  }
  for (auto& [id, c] : rows) {
    // A receiver removed by the change: nothing after.
    if (!after.contains(id) || !after.at(id)->st.receives) {
      c.after_dBm = -kInf;
      c.margin_after_dB = kInf;
      c.top_after.clear();
    }
    // Harmed: a margin below 0 dB by more than the tolerance of the grants, so that a station
    // granted at exactly its vacancy answer does not count as harming.
    const bool before = c.margin_before_dB < -kMarginTolerance_dB;
    const bool now = c.margin_after_dB < -kMarginTolerance_dB;
    if (!before && now) j.newly_harmed.push_back(id);
    if (before && !now) j.no_longer_harmed.push_back(id);
    if (before && now) j.still_harmed.push_back(id);
    j.receivers.push_back(std::move(c));
  }
  // Before, then after: the band of the station after the change is named last.
  std::vector<const Station*> changed;
  for (const NodePtr& b : changed_before) changed.push_back(&b->st);
  if (added != nullptr) changed.push_back(&added->st);
  e.judge_mic(after, changed, j);
  return j;
}

std::vector<MicAreasAnswer> LiveEngine::mic_areas() const {
  const Impl& e = *impl_;
  std::vector<MicAreasAnswer> out;
  if (!e.sc.sharing.mic.enabled) return out;
  // Band by band, in the rules' order: each station's areas under its own band's rule, the
  // pairs among the stations of one band, with their licensees' premises.
  for (const MicBandRule& rule : e.sc.sharing.mic.rules.bands) {
    const std::vector<NodePtr> bs = e.band_stations(e.nodes, rule);
    if (bs.empty()) continue;
    std::vector<std::vector<float>> rx(bs.size());
    tbb::parallel_for(std::size_t{0}, bs.size(),
                      [&](std::size_t i) { rx[i] = e.mic_rx(*bs[i], rule); });
    MicAreasAnswer a;
    std::map<const Node*, std::vector<float>> by_node;
    for (std::size_t i = 0; i < bs.size(); ++i) {
      by_node.emplace(bs[i].get(), std::move(rx[i]));
      a.stations.push_back(bs[i]->st.id);
      a.licensees.push_back(bs[i]->st.licensee);
    }
    a.rule = rule.name;
    a.areas = e.mic_of(bs, rule, by_node);
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<MicPremises> scenario_mic_premises(const Scenario& sc) {
  // As the batch's MIC areas (sharing_run.cpp mic_input()): the scenario's premises belong to
  // the planned layout's licensee when all its stations are that one licensee's.
  const std::span<const Station> planned = sc.stations.planned();
  if (sc.coverage.premises.empty() || planned.empty()) return {};
  const std::string& lic = planned.front().licensee;
  if (!std::all_of(planned.begin(), planned.end(),
                   [&](const Station& st) { return st.licensee == lic; }))
    return {};
  return {MicPremises{lic, rasterize_premises(sc.grid, sc.coverage.premises)}};
}

void LiveEngine::set_premises(const std::vector<MicPremises>& premises) {
  const std::size_t cells = impl_->sc.grid.cells();
  std::map<std::string, std::vector<std::uint8_t>, std::less<>> masks;
  for (std::size_t k = 0; k < premises.size(); ++k) {
    const MicPremises& p = premises[k];
    if (p.mask.size() != cells)
      throw InputError(fmt::format("premises {} of {}: found a mask of {} cells, expected {}", k,
                                   p.licensee, p.mask.size(), cells));
    std::vector<std::uint8_t>& m = masks[p.licensee];
    if (m.empty()) m.assign(cells, 0);
    for (std::size_t c = 0; c < cells; ++c)
      m[c] = static_cast<std::uint8_t>(m[c] | (p.mask[c] != 0));
  }
  impl_->premises = std::move(masks);
}

TensorStoreStats LiveEngine::tensor_stats() const {
  return impl_->store->stats();
}

std::size_t LiveEngine::save_tensors() const {
  return impl_->store->flush();
}

namespace {

/// The stations of `order` for which `take` holds.
template <typename Take>
std::vector<NodePtr> stations_where(const std::vector<NodePtr>& order, Take&& take) {
  std::vector<NodePtr> out;
  for (const NodePtr& n : order)
    if (take(*n)) out.push_back(n);
  return out;
}

}  // namespace

MapAnswer LiveEngine::map(const MapQuery& q) const {
  const Impl& e = *impl_;
  const SharingSpec& sh = e.sc.sharing;
  const prop::StudyGrid& grid = e.sc.grid;
  const bool vacancy_kind = q.kind == MapKind::MaxEirp || q.kind == MapKind::AggregateMargin;
  if (vacancy_kind && q.channel >= sh.channels.size()) {
    throw InputError(fmt::format("map: channel: found {}, expected an index below {}", q.channel,
                                 sh.channels.size()));
  }
  if (q.slot >= e.n_slots) {
    throw InputError(
        fmt::format("map: slot: found {}, expected an index below {}", q.slot, e.n_slots));
  }
  if (q.height_index >= grid.heights_m.size()) {
    throw InputError(fmt::format("map: height_index: found {}, expected an index below {}",
                                 q.height_index, grid.heights_m.size()));
  }
  const std::size_t cells = grid.cells();
  const std::size_t at = q.height_index * cells;  // the height's plane in a tensor
  MapAnswer answer;
  answer.nx = grid.nx;
  answer.ny = grid.ny;

  if (vacancy_kind) {
    // The batch's vacancy reduction over the stations on the air in the slot (one active set,
    // one channel, one height): each cell's terms are those of the cube, in the same order.
    const std::vector<NodePtr> on = stations_where(
        e.order, [&](const Node& n) { return n.on[q.slot] && (n.st.receives || n.st.transmits); });
    std::vector<TensorPtr> k(on.size());
    tbb::parallel_for(std::size_t{0}, on.size(),
                      [&](std::size_t s) { k[s] = e.tensor(*on[s], Impl::TensorKind::Coupling); });
    const Channel& ch = sh.channels[q.channel];
    ActiveSet set;
    std::vector<std::span<const float>> coupling;
    for (std::size_t s = 0; s < on.size(); ++s) {
      const Node& n = *on[s];
      coupling.push_back(std::span<const float>(k[s]->a).subspan(at, cells));
      const double tdd = newcomer_tdd_dB(sh.vacancy, n.st);
      if (n.st.receives) {
        set.receivers.push_back(
            {static_cast<int>(s), {vacancy_receiver_term_dB(sh, n.st, n.limit, ch, tdd)}});
      }
      if (n.st.transmits) {
        set.transmitters.push_back(
            {static_cast<int>(s),
             {vacancy_transmitter_term_dB(sh, n.st, n.eirp, n.gmax, ch, tdd)}});
      }
    }
    VacancyParams params;
    params.max_eirp_dBm = sh.vacancy.max_eirp_dBm;
    params.min_useful_eirp_dBm = sh.vacancy.min_useful_eirp_dBm;
    params.newcomer_limit_dBm = {newcomer_limit_dBm(sh.vacancy, ch)};
    VacancyCube cube;
    const Impl::Candidate& cand = e.scenario_candidate;
    if (!cand.antenna) {
      cube = compute_vacancy(coupling, 1, cells, {set}, 1, params);
    } else {
      // The directional candidate as the batch cube takes it (sharing_run.cpp): each station's
      // coupling less G_max,new - G_new(towards it), at one azimuth or the best of the search.
      std::vector<float> bearing(on.size() * cells), elevation(on.size() * cells);
      std::vector<float> adjusted(on.size() * cells);
      const std::size_t nh = grid.heights_m.size();
      tbb::parallel_for(std::size_t{0}, on.size(), [&](std::size_t s) {
        const Station& st = on[s]->st;
        std::vector<float> b(nh * cells), el(nh * cells);
        candidate_directions(grid, e.terrain, st.x_m, st.y_m, st.height_m, b, el);
        std::copy_n(b.begin() + static_cast<std::ptrdiff_t>(at), cells,
                    bearing.begin() + static_cast<std::ptrdiff_t>(s * cells));
        std::copy_n(el.begin() + static_cast<std::ptrdiff_t>(at), cells,
                    elevation.begin() + static_cast<std::ptrdiff_t>(s * cells));
      });
      std::vector<std::span<const float>> tensors;
      for (std::size_t s = 0; s < on.size(); ++s)
        tensors.emplace_back(std::span<const float>(adjusted).subspan(s * cells, cells));
      const auto cube_at = [&](double azimuth_offset_deg) {
        for (std::size_t s = 0; s < on.size(); ++s) {
          const auto part = [&](const std::vector<float>& a) {
            return std::span<const float>(a).subspan(s * cells, cells);
          };
          candidate_coupling(coupling[s], part(bearing), part(elevation), *cand.antenna,
                             azimuth_offset_deg,
                             std::span<float>(adjusted).subspan(s * cells, cells));
        }
        return compute_vacancy(tensors, 1, cells, {set}, 1, params);
      };
      if (!cand.best_azimuth) {
        cube = cube_at(0.0);
      } else {
        const int n_az = static_cast<int>(std::lround(360.0 / cand.azimuth_step_deg));
        for (int a = 0; a < n_az; ++a) {
          const double azimuth = a * cand.azimuth_step_deg;
          keep_best_azimuth(cube, cube_at(azimuth), static_cast<float>(azimuth));
        }
      }
    }
    if (q.kind == MapKind::MaxEirp) {
      answer.values.assign(cube.max_eirp_dBm.begin(), cube.max_eirp_dBm.end());
      answer.unit = "dBm";
    } else {
      // The usable test is I_new <= float(I_lim,new) (vacancy.cpp): the margin is >= 0
      // exactly where the newcomer's interference passes.
      const float lim = static_cast<float>(params.newcomer_limit_dBm[0]);
      answer.values.resize(cells);
      tbb::parallel_for(std::size_t{0}, cells,
                        [&](std::size_t c) { answer.values[c] = lim - cube.interference_dBm[c]; });
      answer.unit = "dB";
    }
    return answer;
  }

  // The batch's coverage reduction over the transmitting local 5G base stations on the air,
  // at one height.
  const std::vector<NodePtr> bs =
      stations_where(e.order, [&](const Node& n) { return n.on[q.slot] && Impl::has_area(n.st); });
  answer.unit = q.kind == MapKind::BestServer ? "" : q.kind == MapKind::Sinr ? "dB" : "dBm";
  if (bs.empty()) {
    answer.values.assign(cells, std::numeric_limits<float>::quiet_NaN());
    return answer;
  }
  std::vector<TensorPtr> t(bs.size());
  tbb::parallel_for(std::size_t{0}, bs.size(),
                    [&](std::size_t s) { t[s] = e.tensor(*bs[s], Impl::TensorKind::Area); });
  std::vector<float> loss(bs.size() * cells), gain(bs.size() * cells);
  std::vector<CoverageStation> stations;
  for (std::size_t s = 0; s < bs.size(); ++s) {
    const Node& n = *bs[s];
    std::copy_n(t[s]->a.begin() + static_cast<std::ptrdiff_t>(at), cells,
                loss.begin() + static_cast<std::ptrdiff_t>(s * cells));
    std::copy_n(t[s]->b.begin() + static_cast<std::ptrdiff_t>(at), cells,
                gain.begin() + static_cast<std::ptrdiff_t>(s * cells));
    stations.push_back({station_eirp_dBm(n.st, n.gmax), n.gmax, n.st.freq_Hz, n.st.bandwidth_Hz});
    answer.servers.push_back(n.st.id);
  }
  prop::StudyGrid plane = grid;
  plane.heights_m = {grid.heights_m[q.height_index]};
  const CoverageSpec& cs = e.sc.coverage;
  const CoverageParams params{cs.rx_gain_dBi, cs.noise_figure_dB, cs.service_threshold_dBm,
                              cs.leakage_threshold_dBm};
  // No premises: the shares they give are not part of a map.
  CoverageResult r = analyse_coverage(plane, stations, params, loss, std::move(gain), {});
  switch (q.kind) {
    case MapKind::Coverage:
      answer.values = std::move(r.best_rx_power_dBm);
      break;
    case MapKind::Sinr:
      answer.values = std::move(r.sinr_dB);
      break;
    default:
      answer.values.resize(cells);
      for (std::size_t c = 0; c < cells; ++c) {
        answer.values[c] = r.best_server[c] == kNoServer ? std::numeric_limits<float>::quiet_NaN()
                                                         : static_cast<float>(r.best_server[c]);
      }
      break;
  }
  return answer;
}

std::vector<ReceiverChange> LiveEngine::interference() const {
  std::vector<ReceiverChange> out;
  for (const auto& [id, ev] : impl_->aggregates) {
    ReceiverChange c;
    c.receiver = id;
    c.limit_dBm = ev.rx->limit;
    c.before_dBm = c.after_dBm = ev.worst_dBm;
    c.margin_before_dB = c.margin_after_dB = c.limit_dBm - ev.worst_dBm;
    c.top_after = top_contributions(ev);
    out.push_back(std::move(c));
  }
  return out;
}

std::string LiveEngine::models_json() const {
  return impl_->models_text;
}

}  // namespace akichi::sim::live
