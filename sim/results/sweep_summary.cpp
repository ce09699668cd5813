#include "sim/results/sweep_summary.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "base/errors.h"
#include "sim/results/reader.h"

namespace akichi::sim::results {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The figures of one variant by column name.
using Figures = std::map<std::string, double>;

std::string at_height(const char* what, double h) {
  return fmt::format("{}@{:g}m", what, h);
}

/// The (height, y, x) plane h of a variable stored as [height][y][x].
std::vector<float> plane(const std::vector<float>& all, std::size_t h, std::size_t cells) {
  const auto first = all.begin() + static_cast<std::ptrdiff_t>(h * cells);
  return std::vector<float>(first, first + static_cast<std::ptrdiff_t>(cells));
}

Figures variant_figures(const Reader& r, const std::string& g) {
  Figures f;
  const auto has = [&](const char* v) { return r.has_variable(g + "/" + v); };
  if (!has("height") || !has("x") || !has("y")) return f;
  const std::vector<double> heights = r.read_coordinate(g + "/height");
  const std::size_t cells = r.read_coordinate(g + "/x").size() * r.read_coordinate(g + "/y").size();
  std::vector<float> premises;
  if (has("premises_mask")) premises = r.read_float(g + "/premises_mask");
  const bool with_premises = has("premises_coverage_share") && premises.size() == cells;
  std::vector<float> best, sinr;
  if (has("best_rx_power")) best = r.read_float(g + "/best_rx_power");
  if (has("sinr")) sinr = r.read_float(g + "/sinr");
  std::vector<double> covered, leakage;
  if (has("premises_coverage_share")) covered = r.read_coordinate(g + "/premises_coverage_share");
  if (has("leakage_share")) leakage = r.read_coordinate(g + "/leakage_share");
  for (std::size_t h = 0; h < heights.size(); ++h) {
    if (best.size() == heights.size() * cells)
      f[at_height("best_rx_p50", heights[h])] = summary_percentile(plane(best, h, cells), 50);
    if (h < covered.size()) f[at_height("covered", heights[h])] = covered[h];
    if (h < leakage.size()) f[at_height("leakage", heights[h])] = leakage[h];
    if (sinr.size() == heights.size() * cells) {
      std::vector<float> s = plane(sinr, h, cells);
      if (with_premises) {
        std::vector<float> in;
        for (std::size_t c = 0; c < cells; ++c)
          if (premises[c] != 0.0f) in.push_back(s[c]);
        s = std::move(in);
      }
      f[at_height("sinr_p50", heights[h])] = summary_percentile(s, 50);
      if (with_premises) f[at_height("sinr_p5", heights[h])] = summary_percentile(s, 5);
    }
  }
  if (has("usable_share")) {
    // [time][channel][height] (or [channel][height] without a time axis): the mean per height.
    const VariableInfo info = r.info(g + "/usable_share");
    const std::vector<float> share = r.read_float(g + "/usable_share");
    const std::size_t nh = heights.size();
    if (!info.dims.empty() && info.dims.back().name == "height" && nh > 0 &&
        share.size() % nh == 0) {
      for (std::size_t h = 0; h < nh; ++h) {
        double sum = 0;
        std::size_t n = 0;
        for (std::size_t i = h; i < share.size(); i += nh) {
          if (std::isnan(share[i])) continue;
          sum += share[i];
          ++n;
        }
        f[at_height("usable", heights[h])] = n ? sum / static_cast<double>(n) : kNaN;
      }
    }
  }
  if (has("aggregate_margin")) {
    double worst = kNaN;
    for (const float m : r.read_float(g + "/aggregate_margin"))
      if (std::isfinite(m) && !(worst <= m)) worst = m;
    f["worst_margin"] = worst;
  }
  if (has("mic_pair_a"))
    f["mic_pairs"] = static_cast<double>(r.read_strings(g + "/mic_pair_a").size());
  return f;
}

/// Column order: per height the coverage figures, then the sharing figures.
std::vector<SweepColumn> columns_of(const std::vector<Figures>& all) {
  std::vector<double> heights;
  for (const Figures& f : all)
    for (const auto& [name, v] : f) {
      const auto at = name.find('@');
      if (at == std::string::npos) continue;
      const double h = std::stod(name.substr(at + 1));
      if (std::find(heights.begin(), heights.end(), h) == heights.end()) heights.push_back(h);
    }
  std::sort(heights.begin(), heights.end());
  const auto present = [&](const std::string& name) {
    return std::any_of(all.begin(), all.end(), [&](const Figures& f) { return f.count(name); });
  };
  struct Kind {
    const char* name;
    const char* unit;
    const char* help;
  };
  const Kind per_height[] = {
      {"best_rx_p50", "dBm", "median best received power"},
      {"covered", "share", "premises covered (best received power >= service threshold)"},
      {"leakage", "share", "cells outside the premises at or above the leakage threshold"},
      {"sinr_p50", "dB", "median SINR (in the premises when there are premises)"},
      {"sinr_p5", "dB", "5th percentile of the SINR in the premises"},
      {"usable", "share", "area usable by a new base station, mean over slots and channels"}};
  std::vector<SweepColumn> out;
  for (const Kind& k : per_height)
    for (const double h : heights)
      if (present(at_height(k.name, h))) out.push_back({at_height(k.name, h), k.unit, k.help});
  if (present("worst_margin"))
    out.push_back({"worst_margin", "dB",
                   "smallest aggregate margin over slots, channels and protected receivers"});
  if (present("mic_pairs"))
    out.push_back({"mic_pairs", "", "MIC licensee pairs that must coordinate"});
  return out;
}

}  // namespace

double summary_percentile(std::vector<float> v, double p) {
  v.erase(std::remove_if(v.begin(), v.end(), [](float x) { return !std::isfinite(x); }), v.end());
  if (v.empty()) return kNaN;
  const std::size_t k = std::min(v.size() - 1, static_cast<std::size_t>(p / 100.0 * v.size()));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

SweepSummary read_sweep_summary(const std::string& path) {
  const Reader r(path);
  const auto batch = r.attr_double("/", "akichi_batch");
  if (!batch || *batch != 1.0)
    throw InputError(format_input_error({path}, "akichi_batch", "a results file of one run",
                                        "the batch file of a sweep"));
  SweepSummary out;
  std::istringstream labels(r.attr_string("/", "sweep_labels").value_or(""));
  for (std::string l; labels >> l;) out.parameters.push_back(l);
  const std::vector<std::string> names = r.read_strings("variant_name");
  const std::vector<double> index = r.read_coordinate("variant_index");
  std::vector<Figures> figures;
  for (std::size_t v = 0; v < names.size(); ++v) {
    const std::string g = std::string("/").append(names[v]);
    SweepRow row;
    row.variant = names[v];
    row.index = v < index.size() ? static_cast<long>(index[v]) : static_cast<long>(v);
    for (const std::string& l : out.parameters)
      row.parameters.push_back(r.attr_string(g, fmt::format("sweep_{}", l)).value_or(""));
    out.rows.push_back(std::move(row));
    figures.push_back(variant_figures(r, g));
  }
  out.columns = columns_of(figures);
  for (std::size_t v = 0; v < out.rows.size(); ++v)
    for (const SweepColumn& c : out.columns) {
      const auto it = figures[v].find(c.name);
      out.rows[v].values.push_back(it == figures[v].end() ? kNaN : it->second);
    }
  return out;
}

}  // namespace akichi::sim::results
