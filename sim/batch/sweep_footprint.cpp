#include "sim/batch/sweep_footprint.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "base/text.h"
#include "sim/analysis/coverage_run.h"

namespace akichi::sim::batch {

bool size_neutral(const std::string& key, const SweepScalar& value) {
  if (std::holds_alternative<std::string>(value)) return false;
  const std::vector<std::string> segs = split(key, '.');
  if (segs.empty()) return false;
  const std::string& table = segs.front();
  if (table == "propagation" || table == "coverage") return true;
  if (table != "station" && table != "incumbent" && table != "licensee_station") return false;
  // A station's position moves the terrain lattice, which holds every station.
  static constexpr std::string_view kMoving[] = {"lat_deg", "lon_deg", "x_m", "y_m"};
  return std::find(std::begin(kMoving), std::end(kMoving), segs.back()) == std::end(kMoving);
}

SweepFootprint sweep_footprint(const std::string& text, const std::string& path, const Sweep& sweep,
                               const Shard& shard, std::size_t cache_bytes) {
  SweepFootprint out;
  // Variants grouped by the values of their size-changing keys: one parse sizes a group.
  struct Group {
    const Variant* first = nullptr;
    std::size_t count = 0;
  };
  std::map<std::vector<std::string>, Group> groups;
  for (const Variant& v : sweep.variants) {
    if (!shard.contains(v.index)) continue;
    ++out.variants;
    std::vector<std::string> sizing;
    for (const SweepValue& sv : v.values) {
      if (!size_neutral(sv.key, sv.value)) sizing.push_back(sv.key + "=" + sv.text);
    }
    Group& g = groups[sizing];
    if (g.first == nullptr) g.first = &v;
    ++g.count;
  }
  CheckedSize peak = std::uint64_t{0};
  CheckedSize tensors = std::uint64_t{0};  ///< the largest variant's station tensors
  bool first = true;
  bool any_held = false, any_streamed = false;
  // A streamed variant's scratch tensors are beside the output while it runs, one variant at a
  // time: the largest counts once, not once per variant.
  std::optional<results::FootprintTerm> scratch;
  const auto is_scratch = [](const results::FootprintTerm& t) {
    return t.name.rfind("scratch ", 0) == 0;
  };
  const auto larger_than = [](const CheckedSize& a, const CheckedSize& b) {
    return !a || (b && *a > *b);
  };
  // In the order of the variants, so that the same sweep always gives the same text.
  std::vector<const Group*> ordered;
  for (const auto& [sizing, g] : groups) ordered.push_back(&g);
  std::sort(ordered.begin(), ordered.end(),
            [](const Group* a, const Group* b) { return a->first->index < b->first->index; });
  for (const Group* g : ordered) {
    const Scenario vs = variant_scenario(text, path, *g->first);
    ++out.parsed;
    const bool streamed = streams_station_tensors(vs);
    (streamed ? any_streamed : any_held) = true;
    const results::Footprint f = results::scenario_footprint(vs, streamed);
    const CheckedSize mem = f.memory_bytes();
    if (first || larger_than(mem, peak)) {
      first = false;
      peak = mem;
      out.memory.clear();
      for (const results::FootprintTerm& t : f.memory) {
        out.memory.push_back({t.name,
                              out.variants > 1
                                  ? fmt::format("{} (variant {})", t.formula, g->first->name)
                                  : t.formula,
                              t.bytes});
      }
    }
    // The station tensors a cache entry copies: held in memory, or a streamed variant's
    // scratch files; and the coupling tensors of the sharing study.
    CheckedSize own = std::uint64_t{0};
    for (const results::FootprintTerm& t : f.memory)
      if (t.name == "path loss" || t.name == "received power" || t.name == "coupling")
        own = checked_add(own, t.bytes);
    CheckedSize per = std::uint64_t{0}, scratch_bytes = std::uint64_t{0};
    std::vector<results::FootprintTerm> in_file;  // the variant's terms in the batch file
    for (const results::FootprintTerm& t : f.output) {
      CheckedSize& sum = is_scratch(t) ? scratch_bytes : per;
      sum = checked_add(sum, t.bytes);
      if (!is_scratch(t)) in_file.push_back(t);
    }
    own = checked_add(own, scratch_bytes);
    if (larger_than(own, tensors)) tensors = own;
    if (streamed && (!scratch || larger_than(scratch_bytes, scratch->bytes))) {
      scratch = results::FootprintTerm{
          "scratch tensors",
          fmt::format("one variant's at a time, beside the output (variant {})", g->first->name),
          scratch_bytes};
    }
    const results::FootprintTerm& big = results::largest_term(in_file);
    out.output.push_back(
        {g->count == 1 ? fmt::format("variant {}", g->first->name)
                       : fmt::format("{} variants like {}", g->count, g->first->name),
         fmt::format("{} x {} (largest: {} {})", g->count, bytes_text(per), big.name, big.formula),
         checked_product({static_cast<std::uint64_t>(g->count), per})});
  }
  if (scratch) out.output.push_back(*scratch);
  if (out.variants > 1) {
    // The cache keeps copies of station tensors across variants, up to its budget: no more
    // than every variant's tensors. In memory for the variants that hold their tensors, in
    // scratch files beside the output for those that stream them (batch_run.cpp).
    const CheckedSize held = checked_product({tensors, static_cast<std::uint64_t>(out.variants)});
    const std::uint64_t budget = static_cast<std::uint64_t>(cache_bytes);
    const CheckedSize bytes = held ? std::min(*held, budget) : budget;
    const std::string formula =
        fmt::format("at most its budget {} (--cache-mib)", bytes_text(budget));
    if (any_held) out.memory.push_back({"tensor cache", formula, bytes});
    if (any_streamed) out.output.push_back({"tensor cache (scratch files)", formula, bytes});
  }
  return out;
}

}  // namespace akichi::sim::batch
