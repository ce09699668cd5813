#include "sim/scenario/coordination_spec.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "base/errors.h"
#include "sim/input/toml_section.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim {

using toml_in::closed;
using toml_in::describe;
using toml_in::in_quotes;
using toml_in::join_quoted;
using toml_in::num;
using toml_in::Section;

const char* coordination_method_name(CoordinationSpec::Method m) {
  switch (m) {
    case CoordinationSpec::Method::Fcfs:
      return "fcfs";
    case CoordinationSpec::Method::Iterative:
      return "iterative";
    case CoordinationSpec::Method::MoveList:
      return "move_list";
    case CoordinationSpec::Method::ChannelAssignment:
      return "channel_assignment";
  }
  return "";
}

std::string describe_coordination(const CoordinationSpec& q, std::size_t applicants) {
  const std::string limits =
      fmt::format("EIRP from {:g} dBm up to {}", q.min_eirp_dBm,
                  std::isfinite(q.max_eirp_dBm) ? fmt::format("{:g} dBm", q.max_eirp_dBm)
                                                : std::string("the request"));
  switch (q.method) {
    case CoordinationSpec::Method::Fcfs:
      return fmt::format(
          "Coordination: first come, first served among {} applicants ({}), each given the "
          "highest EIRP up to its request that keeps every receiver within its limit; {}",
          applicants,
          q.order.empty() ? "in the order of the [[station]] tables" : "in the order given",
          limits);
    case CoordinationSpec::Method::Iterative:
      return fmt::format(
          "Coordination: iterative fair sharing (CBRS IAP, R2-SGN-16) of each receiver's margin "
          "among {} applicants, EIRPs cut by {:g} dB per step; {}",
          applicants, q.step_dB, limits);
    case CoordinationSpec::Method::MoveList:
      return fmt::format(
          "Coordination: move lists (DPA, R2-SGN-24) of {} applicants: per receiver the largest "
          "set whose {:g}th percentile of {} Monte Carlo trials (seed {}, shadowing sigma {:g} "
          "dB) keeps within the limit; {}",
          applicants, q.percentile, q.trials, q.seed, q.shadowing_sigma_dB, limits);
    case CoordinationSpec::Method::ChannelAssignment:
      return fmt::format(
          "Coordination: channel assignment of {} applicants (each on the channel of the plan "
          "that lets the most be granted at their requested EIRP; greedy best fit); {}",
          applicants, limits);
  }
  return "";
}

namespace {

/// The keys that only one method reads: given with another, they would be silently ignored.
void only_with(const Section& c, CoordinationSpec::Method asked, CoordinationSpec::Method m,
               std::initializer_list<std::string_view> keys) {
  if (asked == m) return;
  for (std::string_view key : keys) {
    if (!c.has(key)) continue;
    c.fail(key, describe(*c.get(key)),
           fmt::format("no {} unless method = \"{}\"", key, coordination_method_name(m)));
  }
}

/// The channel of the plan whose band is the station's own.
std::size_t channel_of(const Station& st, const std::vector<Channel>& channels) {
  for (std::size_t k = 0; k < channels.size(); ++k) {
    if (std::abs(channels[k].lo_Hz - st.freq_lo_Hz) < 1.0 &&
        std::abs(channels[k].hi_Hz - st.freq_hi_Hz) < 1.0)
      return k;
  }
  std::vector<std::string> names;
  for (const Channel& ch : channels) names.push_back(ch.id);
  std::string list;
  for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
  throw_input_error(st.where, st.field + ".freq_MHz",
                    fmt::format("{}-{} MHz", num(st.freq_lo_Hz / 1e6), num(st.freq_hi_Hz / 1e6)),
                    fmt::format("the band of a channel of [spectrum] ({}): [coordination] "
                                "allocates per channel",
                                list));
}

}  // namespace

void parse_coordination(const Section& c, Scenario& sc) {
  CoordinationSpec& q = sc.sharing.coordination;
  c.check_keys({"method", "order", "step_dB", "percentile", "trials", "seed", "shadowing_sigma_dB",
                "max_eirp_dBm", "min_eirp_dBm"});
  if (!sc.sharing.aggregate.enabled) {
    throw_input_error(c.where(), "coordination", "a [coordination] table without [aggregate]",
                      "an [aggregate] table (the allocation shares the margins of its "
                      "receivers, over its terms)");
  }
  q.enabled = true;
  const std::vector<std::string_view> methods = {"fcfs", "iterative", "move_list",
                                                 "channel_assignment"};
  const std::string m = c.choice("method", methods).value_or("");
  if (m.empty()) c.missing("method", "one of " + join_quoted(methods));
  q.method = m == "fcfs"        ? CoordinationSpec::Method::Fcfs
             : m == "iterative" ? CoordinationSpec::Method::Iterative
             : m == "move_list" ? CoordinationSpec::Method::MoveList
                                : CoordinationSpec::Method::ChannelAssignment;
  only_with(c, q.method, CoordinationSpec::Method::Fcfs, {"order"});
  only_with(c, q.method, CoordinationSpec::Method::Iterative, {"step_dB"});
  only_with(c, q.method, CoordinationSpec::Method::MoveList,
            {"percentile", "trials", "seed", "shadowing_sigma_dB"});

  const auto planned = sc.stations.planned();
  if (planned.empty()) {
    c.fail("method", in_quotes(m), "[[station]] tables: the applicants whose grants it allocates");
  }
  // The order of service: every planned station once, by id; the order of the [[station]]
  // tables when not given.
  const std::string expected =
      fmt::format("an array of the {} [[station]] ids, each once", planned.size());
  if (const auto ids = c.strings("order", expected)) {
    std::vector<bool> seen(planned.size(), false);
    for (const std::string& id : *ids) {
      const auto it = std::find_if(planned.begin(), planned.end(),
                                   [&](const Station& st) { return st.id == id; });
      if (it == planned.end())
        c.fail("order", in_quotes(id) + " (no [[station]] with that id)", expected);
      const auto i = static_cast<std::size_t>(it - planned.begin());
      if (seen[i]) c.fail("order", in_quotes(id) + " twice", expected);
      seen[i] = true;
      q.order.push_back(i);
    }
    if (q.order.size() != planned.size()) {
      const auto missing = std::find(seen.begin(), seen.end(), false) - seen.begin();
      c.fail("order",
             fmt::format("{} ids ({} missing)", q.order.size(),
                         in_quotes(planned[static_cast<std::size_t>(missing)].id)),
             expected);
    }
  }
  q.step_dB = c.number_or("step_dB", q.step_dB, {0, 10, true, false, "dB"});
  q.percentile = c.number_or("percentile", q.percentile, closed(0, 100, "percent"));
  q.trials = static_cast<std::size_t>(c.integer("trials", 1, 10000000).value_or(1000));
  q.seed = static_cast<std::uint64_t>(
      c.integer("seed", 0, std::numeric_limits<std::int64_t>::max()).value_or(1));
  q.shadowing_sigma_dB =
      c.number_or("shadowing_sigma_dB", q.shadowing_sigma_dB, closed(0, 30, "dB"));
  const VacancySpec& v = sc.sharing.vacancy;
  q.max_eirp_dBm = c.number_or("max_eirp_dBm", v.enabled ? v.max_eirp_dBm : q.max_eirp_dBm,
                               closed(-100, 100, "dBm"));
  q.min_eirp_dBm = c.number_or("min_eirp_dBm", v.enabled ? v.min_useful_eirp_dBm : q.min_eirp_dBm,
                               closed(-100, 100, "dBm"));
  if (q.min_eirp_dBm > q.max_eirp_dBm) {
    c.fail("min_eirp_dBm", num(q.min_eirp_dBm) + " dBm",
           fmt::format("at most max_eirp_dBm ({} dBm)", num(q.max_eirp_dBm)));
  }
  for (const Station& st : planned) {
    q.applicant_channel.push_back(
        sc.sharing.channels.empty() ? 0 : channel_of(st, sc.sharing.channels));
  }
}

}  // namespace akichi::sim
