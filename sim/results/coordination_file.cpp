#include "sim/results/coordination_file.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sim/results/variable_table.h"

namespace akichi::sim {
namespace {

using results::all;
using results::Attrs;
using results::Values;
using results::VariableSpec;

const double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<std::int32_t> to_int(const std::vector<std::size_t>& v) {
  return {v.begin(), v.end()};
}

}  // namespace

void write_coordination(results::Group& root, const Scenario& sc, const SharingRun& run,
                        const results::StoreOptions& store) {
  const CoordinationSpec& spec = sc.sharing.coordination;
  const CoordinationRun& co = run.coordination;
  const AllocationInput& in = co.input;
  const AllocationResult& al = co.allocation;
  const std::vector<Channel>& channels = sc.sharing.channels;
  const auto planned = sc.stations.planned();
  const std::size_t na = in.n_applicants;

  results::Group g = root.create_group("coordination");
  g.set_attribute("method", std::string(coordination_method_name(spec.method)));
  g.set_attribute("max_eirp_dBm", spec.max_eirp_dBm);
  g.set_attribute("min_eirp_dBm", spec.min_eirp_dBm);
  std::string comment;
  switch (spec.method) {
    case CoordinationSpec::Method::Fcfs:
      comment =
          "first come, first served in the order given: each applicant gets the highest EIRP up "
          "to its request that keeps every receiver it reaches within its limit, given the "
          "grants before it (the live system's grant rule)";
      break;
    case CoordinationSpec::Method::Iterative:
      g.set_attribute("step_dB", spec.step_dB);
      comment =
          "iterative fair sharing after the CBRS iterative allocation process (WINNF-TS-0061, "
          "R2-SGN-16): each receiver's margin in equal shares among the unsettled applicants "
          "that reach it, EIRPs cut by step_dB until they fit, unused shares released";
      break;
    case CoordinationSpec::Method::MoveList:
      g.set_attribute("percentile", spec.percentile);
      g.set_attribute("trials", static_cast<std::int32_t>(spec.trials));
      g.set_attribute("seed", std::to_string(spec.seed));
      g.set_attribute("shadowing_sigma_dB", spec.shadowing_sigma_dB);
      comment =
          "move lists after the DPA move list (WINNF-TS-0112, R2-SGN-24): per receiver the "
          "applicants by median contribution, the longest prefix whose Monte Carlo percentile "
          "of the aggregate keeps within the limit is kept, the rest must move or reduce power";
      break;
    case CoordinationSpec::Method::ChannelAssignment:
      comment =
          "channel assignment: each applicant on the channel of the plan that lets the most be "
          "granted at their requested EIRP with every receiver within its limit (greedy: least "
          "demanding first, each on the channel taking the least share of the room left)";
      break;
  }
  g.set_attribute("comment", comment);
  g.add_dimension("applicant", na);
  g.add_dimension("step", al.steps.size());

  std::vector<std::string> ids, channel_ids;
  std::vector<double> requested(na), eirp(na);
  std::vector<std::int32_t> channel(na);
  for (std::size_t a = 0; a < na; ++a) {
    ids.push_back(planned[a].id);
    requested[a] = in.requested_eirp_dBm[a];
    eirp[a] = al.granted[a] ? al.eirp_dBm[a] : kNaN;
    channel[a] = al.granted[a] ? static_cast<std::int32_t>(al.channel[a]) : -1;
    channel_ids.push_back(channels.empty() ? std::string("own band") : channels[in.channel[a]].id);
  }
  std::vector<double> limit(in.limit_dBm);
  std::vector<std::int32_t> unsatisfied, settled;
  std::vector<double> step_margin;
  for (const AllocationStep& s : al.steps) {
    unsatisfied.push_back(static_cast<std::int32_t>(s.unsatisfied));
    settled.push_back(static_cast<std::int32_t>(s.settled));
    step_margin.push_back(s.min_margin_dB);
  }
  const Attrs rx{{"coordinates", std::string("receiver_id")}};
  const Attrs ap{{"coordinates", std::string("applicant_id")}};
  std::vector<VariableSpec> specs = {
      {.name = "applicant_id",
       .dims = {"applicant"},
       .long_name = "applicant: planned base station ([[station]])",
       .data = Values<std::string>{all(ids)}},
      {.name = "requested_channel",
       .dims = {"applicant"},
       .long_name = "channel asked for (the station's own band)",
       .data = Values<std::string>{all(channel_ids)}},
      {.name = "requested_eirp",
       .dims = {"applicant"},
       .long_name = "EIRP asked for",
       .units = "dBm",
       .extra = ap,
       .data = Values<double>{all(requested), kNaN}},
      {.name = "granted",
       .dims = {"applicant"},
       .long_name = "whether the applicant is granted",
       .flags = results::flag_attrs({0, 1}, "denied granted"),
       .extra = ap,
       .data = Values<std::uint8_t>{all(al.granted)}},
      {.name = "granted_channel",
       .dims = {"applicant"},
       .long_name = channels.empty() ? "granted channel: 0 = the station's own band, -1 = denied"
                                     : "granted channel: index along channel, -1 = denied",
       .units = "1",
       .extra = ap,
       .data = Values<std::int32_t>{all(channel)}},
      {.name = "granted_eirp",
       .dims = {"applicant"},
       .long_name = "granted EIRP (NaN: denied)",
       .units = "dBm",
       .extra = ap,
       .data = Values<double>{all(eirp), kNaN}},
      {.name = "reaches",
       .dims = {"applicant", "receiver"},
       .long_name = "whether the applicant's request reaches the receiver (its contribution at "
                    "most 30 dB under the receiver's limit)",
       .flags = results::flag_attrs({0, 1}, "no yes"),
       .data = Values<std::uint8_t>{all(al.reaches)}},
      {.name = "bound_by",
       .dims = {"applicant", "receiver"},
       .long_name = "whether the receiver bound the applicant's EIRP (denied it, cut it, or "
                    "listed it to move)",
       .flags = results::flag_attrs({0, 1}, "no yes"),
       .data = Values<std::uint8_t>{all(al.bound_by)}},
      {.name = "receiver_limit",
       .dims = {"receiver"},
       .long_name = "interference limit of the receiver",
       .units = "dBm",
       .extra = rx,
       .data = Values<double>{all(limit), kNaN}},
      {.name = "aggregate_after",
       .dims = {"receiver"},
       .long_name = "aggregate interference of the granted applicants (power sum of their "
                    "contributions on the air)",
       .units = "dBm",
       .extra = rx,
       .data = Values<double>{all(al.aggregate_dBm), kNaN}},
      {.name = "margin_after",
       .dims = {"receiver"},
       .long_name = "receiver limit minus aggregate_after (negative: criterion exceeded)",
       .units = "dB",
       .extra = rx,
       .data = Values<double>{all(al.margin_dB), kNaN}},
      {.name = "step_unsettled",
       .dims = {"step"},
       .long_name = "applicants not yet settled after the step",
       .units = "1",
       .data = Values<std::int32_t>{all(unsatisfied)}},
      {.name = "step_settled",
       .dims = {"step"},
       .long_name = "applicants settled (granted or denied) in the step",
       .units = "1",
       .data = Values<std::int32_t>{all(settled)}},
      {.name = "step_min_margin",
       .dims = {"step"},
       .long_name = "least receiver margin after the step's grants",
       .units = "dB",
       .data = Values<double>{all(step_margin), kNaN}},
  };
  std::vector<std::int32_t> kept, moved;
  if (spec.method == CoordinationSpec::Method::MoveList) {
    kept = to_int(co.moves.kept);
    moved = to_int(co.moves.moved);
    specs.push_back({.name = "move_list",
                     .dims = {"receiver", "applicant"},
                     .long_name = "the applicant at the receiver: kept, or on its move list (to "
                                  "move channel or reduce power)",
                     .flags = results::flag_attrs({0, 1, 2}, "not_reached kept moved"),
                     .extra = rx,
                     .data = Values<std::uint8_t>{all(co.moves.status)}});
    specs.push_back({.name = "kept_count",
                     .dims = {"receiver"},
                     .long_name = "applicants kept at the receiver",
                     .units = "1",
                     .extra = rx,
                     .data = Values<std::int32_t>{all(kept)}});
    specs.push_back({.name = "moved_count",
                     .dims = {"receiver"},
                     .long_name = "applicants on the receiver's move list",
                     .units = "1",
                     .extra = rx,
                     .data = Values<std::int32_t>{all(moved)}});
    specs.push_back({.name = "percentile_kept",
                     .dims = {"receiver"},
                     .long_name = "percentile of the Monte Carlo aggregate of the kept applicants",
                     .units = "dBm",
                     .extra = rx,
                     .data = Values<double>{all(co.moves.kept_percentile_dBm), kNaN}});
    specs.push_back({.name = "percentile_all",
                     .dims = {"receiver"},
                     .long_name = "percentile of the Monte Carlo aggregate of every applicant "
                                  "that reaches the receiver",
                     .units = "dBm",
                     .extra = rx,
                     .data = Values<double>{all(co.moves.all_percentile_dBm), kNaN}});
  }
  results::write_variables(g, specs, store);
}

results::FootprintTerm coordination_footprint(const Scenario& sc) {
  results::FootprintTerm term;
  const CoordinationSpec& spec = sc.sharing.coordination;
  if (!spec.enabled) return term;
  const auto planned = sc.stations.planned();
  std::uint64_t na = planned.size(), nr = 0;
  for (const Station& st : sc.stations.database()) nr += st.receives ? 1 : 0;
  // Per applicant: requested_eirp, granted_eirp (8 B each), granted_channel (4 B), granted
  // (1 B), and two texts (applicant_id, requested_channel): their lengths and 32 B each for the
  // variable-length entry and its heap object.
  std::uint64_t text = 0;
  for (const Station& st : planned) text += st.id.size();
  std::size_t longest_channel = std::string("own band").size();
  for (const Channel& ch : sc.sharing.channels)
    longest_channel = std::max(longest_channel, ch.id.size());
  text += na * (longest_channel + 2 * 32);
  // Per applicant and receiver: reaches, bound_by (1 B each), and the move list's status.
  const bool moves = spec.method == CoordinationSpec::Method::MoveList;
  const std::uint64_t pair_bytes = moves ? 3 : 2;
  // Per receiver: receiver_limit, aggregate_after, margin_after (8 B each); the move lists add
  // kept_count, moved_count (4 B each), percentile_kept, percentile_all (8 B each).
  const std::uint64_t receiver_bytes = moves ? 48 : 24;
  // The convergence record (step_unsettled, step_settled: 4 B; step_min_margin: 8 B): one step
  // per applicant (first come first served, channel assignment), one for the move lists, and
  // for the iterative sharing at most one pass per step_dB from the highest request (within
  // the system maximum) to below the minimum EIRP, plus the pass that settles the last.
  std::uint64_t steps = na;
  if (moves) steps = 1;
  if (spec.method == CoordinationSpec::Method::Iterative) {
    double high = -std::numeric_limits<double>::infinity();
    for (const Station& st : planned)
      if (std::isfinite(st.eirp_dBm))
        high = std::max(high, std::min(st.eirp_dBm, spec.max_eirp_dBm));
    if (!std::isfinite(high)) high = spec.max_eirp_dBm;
    if (std::isfinite(high) && std::isfinite(spec.min_eirp_dBm) && spec.step_dB > 0) {
      steps = static_cast<std::uint64_t>(
                  std::ceil(std::max(0.0, high - spec.min_eirp_dBm) / spec.step_dB)) +
              2;
    }
  }
  term.name = "coordination";
  term.formula = fmt::format(
      "{} applicants x ({} receivers x {} B + 21 B) + {} B of text + {} receivers x {} B + {} "
      "steps x 16 B",
      na, nr, pair_bytes, text, nr, receiver_bytes, steps);
  term.bytes = checked_sum(
      {checked_product({na, checked_sum({checked_product({nr, pair_bytes}), std::uint64_t{21}})}),
       text, checked_product({nr, receiver_bytes}), checked_product({steps, std::uint64_t{16}})});
  return term;
}

}  // namespace akichi::sim
