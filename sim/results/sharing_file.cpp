#include "sim/results/sharing_file.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sim/results/station_table.h"

namespace akichi::sim {
namespace {

using results::Attrs;
using results::Group;
using results::StoreOptions;

template <class T>
std::span<const T> all(const std::vector<T>& v) {
  return {v.data(), v.size()};
}

/// flag_values / flag_meanings over the database station ids, with -1 first.
Attrs binding_flags(std::span<const Station> stations, const std::string& none) {
  std::vector<std::int32_t> values{-1};
  std::string meanings = none;
  for (std::size_t i = 0; i < stations.size(); ++i) {
    values.push_back(static_cast<std::int32_t>(i));
    meanings += " " + stations[i].id;
  }
  return {{"flag_values", values}, {"flag_meanings", meanings}};
}

void write_mic(Group& root, const Scenario& sc, const SharingRun& run, const StoreOptions& store) {
  const MicBandRule& rule = *run.mic_rule;
  const MicAreas& m = run.mic;
  const std::size_t nb = run.mic_station_ids.size();
  root.add_dimension("mic_station", nb);
  root.add_string_variable("mic_station_id", "mic_station", run.mic_station_ids,
                           {{"long_name", std::string("base station of the MIC areas")}});
  root.add_string_variable("mic_station_licensee", "mic_station", run.mic_licensees,
                           {{"long_name", std::string("licensee")}});
  const Attrs rule_attrs{{"mic_rules_file", sc.sharing.mic.rules_path},
                         {"mic_rules_status", sc.sharing.mic.rules.status},
                         {"mic_rules_source", sc.sharing.mic.rules.source},
                         {"mic_band", rule.name},
                         {"coverage_threshold_dBm", rule.coverage_threshold_dBm},
                         {"coordination_threshold_dBm", rule.coordination_threshold_dBm},
                         {"reference_bandwidth_Hz", rule.reference_bandwidth_Hz},
                         {"terminal_height_m", rule.terminal_height_m},
                         {"model", run.mic_model_description},
                         {"model_stands_in_for", rule.model.stand_in_for}};
  const auto with = [&](Attrs a) {
    a.push_back({"grid_mapping", std::string("crs")});
    a.push_back({"coordinates", std::string("mic_station_id")});
    a.insert(a.end(), rule_attrs.begin(), rule_attrs.end());
    return a;
  };
  root.write_variable<float>("mic_rx_power", {"mic_station", "y", "x"}, all(run.mic_rx_dBm),
                             with({{"long_name", std::string("received power in the reference "
                                                             "bandwidth at the rule's terminal "
                                                             "height (MIC area rules)")},
                                   {"units", std::string("dBm")}}),
                             store, std::numeric_limits<float>::quiet_NaN());
  const Attrs flags{{"units", std::string("1")},
                    {"flag_values", std::vector<std::int32_t>{0, 1}},
                    {"flag_meanings", std::string("outside inside")}};
  const auto mask = [&](const char* name, const std::vector<std::uint8_t>& v, const char* ln) {
    Attrs a = flags;
    a.push_back({"long_name", std::string(ln)});
    root.write_variable<std::uint8_t>(name, {"mic_station", "y", "x"}, all(v), with(a), store);
  };
  mask("mic_coverage", m.coverage, "MIC cover area (received power >= coverage threshold)");
  mask("mic_coordination", m.coordination,
       "MIC coordination area (received power >= coordination threshold)");
  const auto per_station = [&](const char* name, const std::vector<double>& v, const char* ln) {
    root.write_variable<double>(name, {"mic_station"}, all(v),
                                {{"long_name", std::string(ln)},
                                 {"units", std::string("m2")},
                                 {"coordinates", std::string("mic_station_id")}},
                                store);
  };
  per_station("mic_coverage_area", m.coverage_area_m2, "area of the MIC cover area");
  per_station("mic_coordination_area", m.coordination_area_m2, "area of the MIC coordination area");
  if (!m.pairs.empty()) {
    const std::size_t np = m.pairs.size();
    root.add_dimension("mic_pair", np);
    std::vector<std::string> a, b;
    std::vector<double> area;
    std::vector<std::int32_t> cells, cov, prem;
    std::vector<std::uint8_t> overlap;
    for (const MicPair& p : m.pairs) {
      a.push_back(p.a);
      b.push_back(p.b);
      area.push_back(p.area_m2);
      cells.push_back(static_cast<std::int32_t>(p.cells));
      cov.push_back(static_cast<std::int32_t>(p.cells_coverage));
      prem.push_back(static_cast<std::int32_t>(p.cells_premises));
      overlap.insert(overlap.end(), p.mask.begin(), p.mask.end());
    }
    root.add_string_variable("mic_pair_a", "mic_pair", a,
                             {{"long_name", std::string("licensee whose coordination area reaches "
                                                        "b's cover area or premises")}});
    root.add_string_variable("mic_pair_b", "mic_pair", b,
                             {{"long_name", std::string("licensee reached")}});
    root.write_variable<double>(
        "mic_pair_area", {"mic_pair"}, all(area),
        {{"long_name", std::string("overlap area")}, {"units", std::string("m2")}}, store);
    root.write_variable<std::int32_t>(
        "mic_pair_cells", {"mic_pair"}, all(cells),
        {{"long_name", std::string("overlap cells")}, {"units", std::string("1")}}, store);
    root.write_variable<std::int32_t>(
        "mic_pair_cells_coverage", {"mic_pair"}, all(cov),
        {{"long_name", std::string("overlap cells in b's cover area")},
         {"units", std::string("1")}},
        store);
    root.write_variable<std::int32_t>(
        "mic_pair_cells_premises", {"mic_pair"}, all(prem),
        {{"long_name", std::string("overlap cells in b's premises")}, {"units", std::string("1")}},
        store);
    Attrs oa = flags;
    oa.push_back({"long_name", std::string("a's coordination area overlapping b's cover area or "
                                           "premises")});
    oa.push_back({"grid_mapping", std::string("crs")});
    root.write_variable<std::uint8_t>("mic_pair_overlap", {"mic_pair", "y", "x"}, all(overlap), oa,
                                      store);
  }
}

}  // namespace

void write_sharing(Group& root, const Scenario& sc, const SharingRun& run,
                   const StoreOptions& store) {
  const SharingSpec& sh = sc.sharing;
  const prop::StudyGrid& g = sc.grid;
  const std::size_t nd = sc.stations.database().size();
  const float kNaNf = std::numeric_limits<float>::quiet_NaN();
  const double kNaN = std::numeric_limits<double>::quiet_NaN();

  // Time axis: slot starts in seconds since the epoch (UTC), with the local labels.
  std::vector<double> t;
  std::vector<std::string> t_local;
  for (std::int64_t s : sh.time.start_utc_s) {
    t.push_back(static_cast<double>(s));
    t_local.push_back(sh.has_time ? iso_local(s, sh.time.tz) : std::string("always"));
  }
  root.add_coordinate("time", t,
                      {{"standard_name", std::string("time")},
                       {"long_name", std::string("start of the time slot")},
                       {"units", std::string("seconds since 1970-01-01 00:00:00 UTC")},
                       {"calendar", std::string("standard")},
                       {"axis", std::string("T")},
                       {"time_zone", sh.time.tz},
                       {"slot_seconds", static_cast<double>(sh.time.step_s)},
                       {"comment", std::string(sh.has_time ? "slot i covers [time_i, time_i + "
                                                             "slot_seconds)"
                                                           : "no [time] table: one slot for the "
                                                             "whole study")}});
  root.add_string_variable("time_local", "time", t_local,
                           {{"long_name", std::string("slot start in the scenario's time zone "
                                                      "(ISO 8601)")}});

  // Channels.
  if (!sh.channels.empty()) {
    std::vector<double> centre, lo, hi;
    std::vector<std::string> ids;
    for (const Channel& c : sh.channels) {
      centre.push_back(c.centre_Hz());
      lo.push_back(c.lo_Hz);
      hi.push_back(c.hi_Hz);
      ids.push_back(c.id);
    }
    root.add_coordinate(
        "channel", centre,
        {{"long_name", std::string("channel centre frequency")}, {"units", std::string("Hz")}});
    root.add_string_variable("channel_id", "channel", ids,
                             {{"long_name", std::string("channel identifier")}});
    root.write_variable<double>(
        "channel_lo", {"channel"}, all(lo),
        {{"long_name", std::string("channel lower edge")}, {"units", std::string("Hz")}}, store);
    root.write_variable<double>(
        "channel_hi", {"channel"}, all(hi),
        {{"long_name", std::string("channel upper edge")}, {"units", std::string("Hz")}}, store);
  }

  // The station database.
  root.add_dimension("db_station", nd);
  write_station_table(root,
                      database_station_table(sc.stations.database(), run.antenna_descriptions,
                                             run.eirp_dBm, run.interference_limit_dBm),
                      store);

  if (sh.vacancy.enabled) {
    const VacancyCube& v = run.vacancy;
    const std::size_t nt = sh.time.start_utc_s.size(), nc = v.n_channels, nh = v.n_heights;
    const std::size_t ny = static_cast<std::size_t>(g.ny), nx = static_cast<std::size_t>(g.nx);
    std::vector<std::int32_t> slot_set(run.vacancy_sets.slot_set.begin(),
                                       run.vacancy_sets.slot_set.end());
    root.write_variable<std::int32_t>(
        "vacancy_active_set", {"time"}, all(slot_set),
        {{"long_name", std::string("index of the distinct set of active database stations "
                                   "(slots with the same set share one computation)")},
         {"units", std::string("1")},
         {"distinct_sets", static_cast<std::int32_t>(v.n_sets)}},
        store);
    const std::vector<std::string> dims{"time", "channel", "height", "y", "x"};
    const auto grid_attrs = [](const std::string& ln, const std::string& units, Attrs extra) {
      Attrs a{{"long_name", ln}, {"units", units}, {"grid_mapping", std::string("crs")}};
      a.insert(a.end(), extra.begin(), extra.end());
      return a;
    };
    const Attrs cand{{"candidate_antenna_gain_dBi", sh.vacancy.antenna_gain_dBi},
                     {"comment", std::string("height is the candidate base station's antenna "
                                             "height above ground")}};
    results::Variable eirp = root.create_variable<float>(
        "max_eirp", dims,
        grid_attrs("maximum EIRP a new base station may radiate (single entry, every active "
                   "receiver within its criterion, capped at the system maximum)",
                   "dBm",
                   [&] {
                     Attrs a = cand;
                     a.push_back({"system_max_eirp_dBm", sh.vacancy.max_eirp_dBm});
                     return a;
                   }()),
        store, kNaNf);
    Attrs bind_attrs = binding_flags(sc.stations.database(), "system_maximum");
    bind_attrs.push_back({"comment", std::string("-1: the system maximum binds, no receiver "
                                                 "limits the cell")});
    results::Variable binding = root.create_variable<std::int16_t>(
        "binding_station", dims,
        grid_attrs("index of the database station whose criterion limits max_eirp", "1",
                   bind_attrs),
        store, std::int16_t{-2});
    results::Variable interference = root.create_variable<float>(
        "vacancy_interference", dims,
        grid_attrs("interference the new base station receives from the active transmitters", "dBm",
                   {{"comment", std::string("-inf: no active transmitter")}}),
        store, kNaNf);
    results::Variable usable = root.create_variable<std::uint8_t>(
        "usable", dims,
        grid_attrs("cell, height, channel and slot usable by a new base station", "1",
                   {{"flag_values", std::vector<std::int32_t>{0, 1}},
                    {"flag_meanings", std::string("not_usable usable")},
                    {"min_useful_eirp_dBm", sh.vacancy.min_useful_eirp_dBm},
                    {"candidate_i_over_n_dB", sh.vacancy.i_over_n_dB}}),
        store, std::uint8_t{255});
    const std::size_t plane = ny * nx;
    std::vector<double> share(nt * nc * nh);
    for (std::size_t ti = 0; ti < nt; ++ti) {
      const std::size_t set = static_cast<std::size_t>(run.vacancy_sets.slot_set[ti]);
      for (std::size_t k = 0; k < nc; ++k) {
        for (std::size_t h = 0; h < nh; ++h) {
          const std::size_t off = v.index(set, k, h);
          const std::vector<std::size_t> o{ti, k, h, 0, 0}, n{1, 1, 1, ny, nx};
          eirp.write_slab<float>(o, n, std::span<const float>(v.max_eirp_dBm).subspan(off, plane));
          binding.write_slab<std::int16_t>(
              o, n, std::span<const std::int16_t>(v.binding).subspan(off, plane));
          interference.write_slab<float>(
              o, n, std::span<const float>(v.interference_dBm).subspan(off, plane));
          usable.write_slab<std::uint8_t>(
              o, n, std::span<const std::uint8_t>(v.usable).subspan(off, plane));
          share[(ti * nc + k) * nh + h] = run.usable_share[(set * nc + k) * nh + h];
        }
      }
    }
    root.write_variable<double>(
        "usable_share", {"time", "channel", "height"}, all(share),
        {{"long_name", std::string("share of study cells usable")}, {"units", std::string("1")}},
        store);
    root.write_variable<double>("vacancy_newcomer_limit", {"channel"}, all(run.newcomer_limit_dBm),
                                {{"long_name", std::string("interference the new base station "
                                                           "accepts (N + I/N)")},
                                 {"units", std::string("dBm")}},
                                store);
  }

  if (sh.mic.enabled && run.mic_rule != nullptr) write_mic(root, sc, run, store);

  if (sh.aggregate.enabled && !run.receivers.empty() && !run.sources.empty()) {
    const AggregateResult& a = run.aggregate;
    const std::size_t nt = sh.time.start_utc_s.size(), nc = a.n_channels, nr = a.n_receivers,
                      ns = a.n_sources;
    root.add_dimension("receiver", nr);
    root.add_dimension("source", ns);
    if (sh.channels.empty()) root.add_dimension("layout_channel", 1);
    const std::string ch_dim = sh.channels.empty() ? "layout_channel" : "channel";
    std::vector<std::string> rx_ids, src_ids;
    std::vector<std::int32_t> rx_index;
    for (std::size_t i : run.receivers) {
      rx_ids.push_back(sc.stations.database()[i].id);
      rx_index.push_back(static_cast<std::int32_t>(i));
    }
    for (const AggregateSource& s : run.sources) src_ids.push_back(s.id);
    root.add_string_variable("receiver_id", "receiver", rx_ids,
                             {{"long_name", std::string("protected receiver (database station)")}});
    root.write_variable<std::int32_t>(
        "receiver_db_station", {"receiver"}, all(rx_index),
        {{"long_name", std::string("index along db_station")}, {"units", std::string("1")}}, store);
    root.add_string_variable("source_id", "source", src_ids,
                             {{"long_name", std::string("planned base station, or the terminals "
                                                        "it serves")}});
    std::vector<double> agg(nt * nc * nr), margin(nt * nc * nr);
    for (std::size_t ti = 0; ti < nt; ++ti) {
      const std::size_t set = static_cast<std::size_t>(run.aggregate_sets.slot_set[ti]);
      for (std::size_t k = 0; k < nc; ++k) {
        for (std::size_t r = 0; r < nr; ++r) {
          agg[(ti * nc + k) * nr + r] = a.aggregate_dBm[a.index(set, k, r)];
          margin[(ti * nc + k) * nr + r] = a.margin_dB[a.index(set, k, r)];
        }
      }
    }
    const Attrs layout{{"coordinates", std::string("receiver_id")},
                       {"comment", std::string(sh.channels.empty()
                                                   ? "the planned layout on its own frequencies"
                                                   : "the planned layout placed on each channel "
                                                     "of the plan (power spectral density kept)")}};
    Attrs agg_attrs{{"long_name", std::string("aggregate interference at the receiver input "
                                              "from the planned layout")},
                    {"units", std::string("dBm")}};
    agg_attrs.insert(agg_attrs.end(), layout.begin(), layout.end());
    root.write_variable<double>("aggregate_interference", {"time", ch_dim, "receiver"}, all(agg),
                                agg_attrs, store, kNaN);
    Attrs margin_attrs{{"long_name", std::string("interference limit minus aggregate "
                                                 "interference (negative: criterion exceeded)")},
                       {"units", std::string("dB")}};
    margin_attrs.insert(margin_attrs.end(), layout.begin(), layout.end());
    root.write_variable<double>("aggregate_margin", {"time", ch_dim, "receiver"}, all(margin),
                                margin_attrs, store, kNaN);
    // Contributions [receiver][channel][source] and their ranking.
    root.write_variable<double>(
        "aggregate_contribution", {"receiver", ch_dim, "source"},
        all(run.aggregate_contribution_dBm),
        {{"long_name", std::string("contribution of each source at the receiver input when on "
                                   "the air")},
         {"units", std::string("dBm")}},
        store, kNaN);
    root.write_variable<std::int32_t>(
        "aggregate_ranking", {"receiver", ch_dim, "source"}, all(a.ranking),
        {{"long_name", std::string("source indices by decreasing contribution")},
         {"units", std::string("1")}},
        store);
  }
}

}  // namespace akichi::sim
