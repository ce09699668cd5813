#include "viz/study_report.h"

#include <ogr_spatialref.h>
#include <stdlib.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string_view>
#include <system_error>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "base/errors.h"
#include "base/text.h"
#include "sim/results/reader.h"
#include "sim/results/sweep_summary.h"
#include "viz/coordination_plot.h"
#include "viz/html.h"
#include "viz/map.h"
#include "viz/map_internal.h"
#include "viz/results_map.h"

namespace akichi::viz {
namespace {

namespace fs = std::filesystem;
using html::Cell;
using html::Table;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// "-123.4"; "–" for NaN (not defined), "none" for -inf (no power at all), as the results
/// conventions mean them.
std::string f1(double v) {
  if (std::isnan(v)) return "–";
  if (std::isinf(v)) return v < 0 ? "none" : "inf";
  return fmt::format("{:.1f}", v);
}

std::string pct(double share) {
  if (std::isnan(share)) return "–";
  return fmt::format("{:.1f} %", 100.0 * share);
}

std::string mhz(double hz) {
  return std::isnan(hz) ? "–" : fmt::format("{:g}", hz / 1e6);
}

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

/// A folder of the drawings of one report, removed with everything in it.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (fs::temp_directory_path() / "akichi-report-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr)
      throw RuntimeError("cannot make a temporary folder for the report's maps in " +
                         fs::temp_directory_path().string());
    path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::vector<unsigned char> read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw RuntimeError("cannot read the drawn map " + p.string());
  return std::vector<unsigned char>(std::istreambuf_iterator<char>(in), {});
}

/// A section of the report: its anchor, its heading and its HTML.
struct Section {
  std::string id, title, body;
};

class Report {
 public:
  Report(const std::string& path, const ReportOptions& options)
      : path_(path), opt_(options), r_(path) {
    const auto batch = r_.attr_double("/", "akichi_batch");
    batch_ = batch && *batch == 1.0;
    std::string variant = opt_.variant;
    if (batch_ && variant.empty()) {
      const auto names = r_.read_strings("variant_name");
      if (names.empty())
        throw InputError(format_input_error({path_}, "variant_name", "no variant",
                                            "a batch file with at least one variant"));
      variant = names.front();
    }
    group_ = variant_group(path_, variant);
  }

  std::string build();

 private:
  // Paths inside the reported run (the root, or the variant's group of a batch file).
  std::string at(const std::string& name) const {
    if (group_.empty()) return name == "/" ? "/" : "/" + name;
    return name == "/" ? "/" + group_ : "/" + group_ + "/" + name;
  }
  bool has(const std::string& v) const { return r_.has_variable(at(v)); }
  bool has_group(const std::string& g) const {
    const auto gs = r_.groups(at("/"));
    return std::find(gs.begin(), gs.end(), g) != gs.end();
  }
  std::vector<std::string> strings(const std::string& v) const {
    return has(v) ? r_.read_strings(at(v)) : std::vector<std::string>{};
  }
  std::vector<double> doubles(const std::string& v) const {
    return has(v) ? r_.read_coordinate(at(v)) : std::vector<double>{};
  }
  std::vector<float> floats(const std::string& v) const {
    return has(v) ? r_.read_float(at(v)) : std::vector<float>{};
  }
  std::string attr(const std::string& obj, const std::string& name) const {
    return r_.attr_string(at(obj), name).value_or("");
  }
  std::optional<double> attr_num(const std::string& obj, const std::string& name) const {
    return r_.attr_double(at(obj), name);
  }
  static double at_or_nan(const std::vector<double>& v, std::size_t i) {
    return i < v.size() ? v[i] : kNaN;
  }
  static std::string at_or(const std::vector<std::string>& v, std::size_t i) {
    return i < v.size() ? v[i] : std::string();
  }

  /// " --variant NAME" of the reported variant of a batch file; "" for a single run's file.
  std::string variant_option() const;
  /// The `akichi render` command that draws the same map.
  std::string render_command(const LayerSelection& sel) const;
  /// A PNG drawn by `draw` into the scratch folder.
  std::vector<unsigned char> drawn(const std::function<void(const std::string&)>& draw);

  void chosen_slot();
  Section header_and_sweep();
  Section assumptions();
  Section stations();
  Section coverage();
  Section mic();
  Section vacancy();
  Section aggregate();
  Section montecarlo();
  Section coordination();
  Section maps();
  Section scenario_text();

  std::string path_;
  ReportOptions opt_;
  sim::results::Reader r_;
  bool batch_ = false;
  std::string group_;
  ScratchDir scratch_;
  int drawings_ = 0;
  // The slot and channel the maps along time and channel are drawn at (chosen_slot()).
  std::size_t slot_ = 0, channel_ = 0;
  std::string slot_reason_;
};

std::vector<unsigned char> Report::drawn(const std::function<void(const std::string&)>& draw) {
  const fs::path p = scratch_.path() / fmt::format("map-{}.png", drawings_++);
  draw(p.string());
  std::vector<unsigned char> bytes = read_bytes(p);
  std::error_code ec;
  fs::remove(p, ec);
  return bytes;
}

/// `s` as one word of a POSIX shell command: as it is when it holds only characters no shell
/// treats specially, else in single quotes (a quote inside as '\'').
std::string shell_word(const std::string& s) {
  const bool plain = !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char ch) {
    return std::isalnum(ch) != 0 ||
           std::string_view("._-+/:=,@%").find(static_cast<char>(ch)) != std::string_view::npos;
  });
  if (plain) return s;
  std::string out = "'";
  for (const char ch : s) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

std::string Report::variant_option() const {
  return batch_ ? std::string(" --variant ") + shell_word(group_) : std::string();
}

std::string Report::render_command(const LayerSelection& s) const {
  std::string c = "akichi render " + shell_word(path_) + " --var " + s.var;
  c += variant_option();
  if (!s.station.empty()) c += " --station " + shell_word(s.station);
  if (s.height_m) c += fmt::format(" --height {:g}", *s.height_m);
  if (!s.time.empty()) c += " --time " + shell_word(s.time);
  if (!s.channel.empty()) c += " --channel " + shell_word(s.channel);
  if (!s.pair.empty()) c += " --pair " + s.pair;
  return c + " -o " + s.var + ".png";
}

/// The slot and channel where the least of the area is usable at the lowest height (the
/// vacancy's hardest hour), else where the aggregate margin is least, else the first.
void Report::chosen_slot() {
  if (has("usable_share")) {
    const auto info = r_.info(at("usable_share"));
    const std::vector<float> share = floats("usable_share");
    std::size_t nt = 1, nc = 1, nh = 1;
    for (const auto& d : info.dims) {
      if (d.name == "time") nt = d.size;
      if (d.name == "channel") nc = d.size;
      if (d.name == "height") nh = d.size;
    }
    const std::vector<double> heights = doubles("height");
    const std::size_t h0 =
        heights.empty() ? 0
                        : static_cast<std::size_t>(
                              std::min_element(heights.begin(), heights.end()) - heights.begin());
    double least = std::numeric_limits<double>::infinity();
    for (std::size_t t = 0; t < nt; ++t)
      for (std::size_t k = 0; k < nc; ++k) {
        const std::size_t i = (t * nc + k) * nh + h0;
        if (i < share.size() && share[i] < least) {
          least = share[i];
          slot_ = t;
          channel_ = k;
        }
      }
    if (std::isfinite(least))
      slot_reason_ =
          fmt::format("the slot and channel where the least of the area is usable ({} at {:g} m)",
                      pct(least), heights.empty() ? 0.0 : heights[h0]);
    return;
  }
  if (has("aggregate_margin")) {
    const auto info = r_.info(at("aggregate_margin"));
    const std::vector<float> m = floats("aggregate_margin");
    if (info.dims.size() == 3) {
      const std::size_t nc = info.dims[1].size, nr = info.dims[2].size;
      double least = std::numeric_limits<double>::infinity();
      for (std::size_t i = 0; i < m.size(); ++i)
        if (std::isfinite(m[i]) && m[i] < least) {
          least = m[i];
          slot_ = i / (nc * nr);
          channel_ = (i / nr) % nc;
        }
      if (std::isfinite(least))
        slot_reason_ =
            fmt::format("the slot and channel of the least aggregate margin ({} dB)", f1(least));
    }
  }
  if (slot_reason_.empty()) slot_reason_ = "the first slot and channel";
}

Section Report::header_and_sweep() {
  Section s{"top", "", ""};
  std::string& b = s.body;
  const std::string title = attr("/", "title");
  b += fmt::format("<h1>{}</h1>\n", html::escaped(title.empty() ? path_ : title));
  if (const std::string summary = attr("/", "summary"); !summary.empty())
    b += html::paragraph(summary);
  Table t{"run", "", {}, {}, "kv"};
  const auto row = [&](const std::string& k, const std::string& v) {
    if (!v.empty()) t.rows.push_back({Cell{k}, Cell{v}});
  };
  row("Results file", path_);
  if (batch_) row("Variant reported", group_);
  row("Analyses", attr("/", "analysis"));
  row("Written by", attr("/", "source"));
  row("Created (UTC)", attr("/", "created"));
  row("History", attr("/", "history"));
  b += html::table(t);
  if (!batch_) return s;
  const sim::results::SweepSummary sweep = sim::results::read_sweep_summary(path_);
  b += "<h2 id=\"sweep\">Variants of the sweep</h2>\n";
  b += html::paragraph(fmt::format(
      "{} variant(s) of {}, side by side: the swept values and the figures of each variant's "
      "end-of-run summary. The rest of this report is the variant {} (akichi report --variant "
      "NAME|INDEX for another).",
      sweep.rows.size(), r_.attr_string("/", "scenario_path").value_or("the sweep"), group_));
  Table v{"sweep-table", "Variants", {"#"}, {}, ""};
  for (const std::string& p : sweep.parameters) v.head.push_back(p);
  for (const auto& c : sweep.columns)
    v.head.push_back(c.unit.empty() || c.unit == "share" ? c.name : c.name + " " + c.unit);
  for (const auto& rw : sweep.rows) {
    std::vector<Cell> cells{html::number(std::to_string(rw.index))};
    for (const std::string& p : rw.parameters) cells.push_back(html::number(p));
    for (std::size_t c = 0; c < sweep.columns.size(); ++c) {
      const double x = c < rw.values.size() ? rw.values[c] : kNaN;
      const std::string& unit = sweep.columns[c].unit;
      cells.push_back(html::number(std::isnan(x)     ? "–"
                                   : unit == "share" ? pct(x)
                                   : unit.empty()    ? fmt::format("{:g}", x)
                                                     : f1(x)));
    }
    if (rw.variant == group_)
      for (Cell& c : cells) c.background = "#fff3bf";
    v.rows.push_back(std::move(cells));
  }
  b += html::table(v);
  std::vector<std::string> kinds;
  std::string help = "<ul>\n";
  for (const auto& c : sweep.columns) {
    const std::size_t a = c.name.find('@');
    const std::string kind = a == std::string::npos ? c.name : c.name.substr(0, a) + "@H";
    if (std::find(kinds.begin(), kinds.end(), kind) != kinds.end()) continue;
    kinds.push_back(kind);
    help += fmt::format("<li><code>{}</code>: {}{}</li>\n", html::escaped(kind),
                        html::escaped(c.help), a == std::string::npos ? "" : ", at height H");
  }
  b += help + "</ul>\n";
  return s;
}

/// The text of a TOML value as the scenario wrote it (strings quoted).
std::string toml_value_text(const toml::node& v) {
  if (v.is_string()) return "\"" + *v.value<std::string>() + "\"";
  if (v.is_boolean()) return *v.value<bool>() ? "true" : "false";
  if (v.is_integer()) return std::to_string(*v.value<std::int64_t>());
  if (v.is_floating_point()) return fmt::format("{:g}", *v.value<double>());
  if (const toml::array* a = v.as_array()) {
    std::string out;
    for (const toml::node& e : *a) out += (out.empty() ? "" : ", ") + toml_value_text(e);
    return "[" + out + "]";
  }
  return "{...}";
}

/// The keys of one table of the scenario text ("key = value" each, "source" first, a subtable's
/// keys as "sub.key = value"), as the file records them.
std::vector<std::string> toml_table_lines(const std::string& text, const char* table) {
  std::vector<std::string> out;
  const std::function<void(const toml::table&, const std::string&)> walk =
      [&](const toml::table& t, const std::string& prefix) {
        for (const auto& [k, v] : t) {
          const std::string key = prefix + std::string(k.str());
          if (const toml::table* sub = v.as_table())
            walk(*sub, key + ".");
          else if (key == "source")
            out.insert(out.begin(), key + " = " + toml_value_text(v));
          else
            out.push_back(key + " = " + toml_value_text(v));
        }
      };
  try {
    const toml::table doc = toml::parse(text);
    if (const toml::table* t = doc[table].as_table()) walk(*t, "");
  } catch (const toml::parse_error&) {
    // The text is shown whole in the appendix; a table that cannot be read is left out here.
  }
  return out;
}

Section Report::assumptions() {
  Section s{"assumptions", "Scenario and assumptions", ""};
  Table t{"assumptions-table", "", {}, {}, "kv"};
  const auto row = [&](const std::string& k, const std::string& v) {
    if (!v.empty()) t.rows.push_back({Cell{k}, Cell{v}});
  };
  row("Scenario file", attr("/", "scenario_path"));
  row("Propagation model", attr("/", "propagation_model"));
  const std::vector<double> x = doubles("x"), y = doubles("y"), heights = doubles("height");
  const auto cell = attr_num("/", "cell_size_m");
  std::string crs = has("crs") ? attr("crs", "crs_name") : "";
  if (!x.empty() && !y.empty() && cell)
    row("Study grid", fmt::format("{} × {} cells of {:g} m ({:.2f} × {:.2f} km){}", x.size(),
                                  y.size(), *cell, x.size() * *cell / 1000.0,
                                  y.size() * *cell / 1000.0, crs.empty() ? "" : ", " + crs));
  std::vector<std::string> hs;
  for (double h : heights) hs.push_back(fmt::format("{:g} m", h));
  row("Receiver (and candidate) heights", join(hs));
  const std::string text = attr("/", "scenario_text");
  std::string terrain = join(toml_table_lines(text, "terrain"), "; ");
  if (terrain.empty()) terrain = "flat at 0 m (no [terrain] table)";
  if (const auto step = attr_num("/", "profile_step_m"))
    terrain += fmt::format("; profile step {:g} m", *step);
  if (has("terrain_height")) {
    const std::vector<float> z = floats("terrain_height");
    float lo = std::numeric_limits<float>::infinity(), hi = -lo;
    for (float v : z)
      if (std::isfinite(v)) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
    if (lo <= hi) terrain += fmt::format("; elevations {:.1f} to {:.1f} m", lo, hi);
  }
  if (const auto nodata = attr_num("/", "terrain_nodata_samples"))
    terrain += fmt::format("; {:g} samples without data before the fill policy", *nodata);
  row("Terrain", terrain);
  row("Propagation settings", join(toml_table_lines(text, "propagation"), "; "));
  if (has("building_id"))
    row("Buildings", fmt::format("{} from {}; entry loss: {}", strings("building_id").size(),
                                 attr("building_id", "source"), attr("/", "building_entry_loss")));
  if (has("premises_coverage_share")) {
    const auto service = attr_num("premises_coverage_share", "threshold_dBm");
    const auto leak = attr_num("leakage_share", "threshold_dBm");
    if (service && leak)
      row("Coverage thresholds",
          fmt::format("service {:g} dBm, leakage {:g} dBm", *service, *leak));
  }
  const std::vector<std::string> times = strings("time_local");
  if (!times.empty() && has("time"))
    row("Time axis", times.size() == 1
                         ? times.front()
                         : fmt::format("{} slots of {:g} min from {} to {} ({})", times.size(),
                                       attr_num("time", "slot_seconds").value_or(0) / 60.0,
                                       times.front(), times.back(), attr("time", "time_zone")));
  row("Channels", join(strings("channel_id")));
  if (has("mic_coverage")) {
    const std::string status = attr("mic_coverage", "mic_rules_status");
    row("MIC rules file", attr("mic_coverage", "mic_rules_file"));
    row("MIC rules status", status == "example" ? "example (NOT official values)" : status);
    row("MIC rules source", attr("mic_coverage", "mic_rules_source"));
    const auto thr = [&](const char* n) { return attr_num("mic_coverage", n).value_or(kNaN); };
    row("MIC band and thresholds",
        fmt::format("{}: cover {:g} dBm, coordination {:g} dBm per {:g} MHz at {:g} m",
                    attr("mic_coverage", "mic_band"), thr("coverage_threshold_dBm"),
                    thr("coordination_threshold_dBm"), thr("reference_bandwidth_Hz") / 1e6,
                    thr("terminal_height_m")));
    const std::string stands = attr("mic_coverage", "model_stands_in_for");
    row("MIC areas' model",
        attr("mic_coverage", "model") + (stands.empty() ? "" : " (stands in for " + stands + ")"));
  }
  s.body = html::table(t);
  if (has("mic_coverage") && attr("mic_coverage", "mic_rules_status") == "example")
    s.body += html::paragraph(
        "The MIC areas use an example rules file: its thresholds and model are not the "
        "official values and the areas are not those of a licence application.",
        "warn");
  return s;
}

Section Report::stations() {
  Section s{"stations", "Stations", ""};
  const std::vector<std::string> ids = strings("station_id");
  const std::vector<double> heights = doubles("height");
  if (!ids.empty()) {
    Table t{"stations-table",
            "Planned stations",
            {"id", "lat °", "lon °", "height m", "freq MHz", "bandwidth MHz", "EIRP dBm",
             "max gain dBi", "antenna"},
            {},
            ""};
    for (double h : heights) t.head.push_back(fmt::format("serves best @{:g} m", h));
    const auto lat = doubles("station_lat"), lon = doubles("station_lon"),
               hgt = doubles("station_height"), f = doubles("station_frequency"),
               bw = doubles("station_bandwidth"), eirp = doubles("station_eirp"),
               g = doubles("station_max_gain");
    const auto ant = strings("station_antenna");
    const std::vector<float> share = floats("station_best_share");
    for (std::size_t i = 0; i < ids.size(); ++i) {
      std::vector<Cell> row{Cell{ids[i]},
                            html::number(fmt::format("{:.5f}", at_or_nan(lat, i))),
                            html::number(fmt::format("{:.5f}", at_or_nan(lon, i))),
                            html::number(fmt::format("{:g}", at_or_nan(hgt, i))),
                            html::number(mhz(at_or_nan(f, i))),
                            html::number(mhz(at_or_nan(bw, i))),
                            html::number(f1(at_or_nan(eirp, i))),
                            html::number(f1(at_or_nan(g, i))),
                            Cell{at_or(ant, i)}};
      for (std::size_t h = 0; h < heights.size(); ++h) {
        const std::size_t k = i * heights.size() + h;
        row.push_back(html::number(pct(k < share.size() ? share[k] : kNaN)));
      }
      t.rows.push_back(std::move(row));
    }
    s.body += html::table(t);
  } else {
    s.body +=
        html::paragraph("No planned stations: the scenario has no [[station]] tables.", "note");
  }
  const std::vector<std::string> db = strings("db_station_id");
  if (db.empty()) {
    s.body += html::paragraph("No station database: the scenario is not a sharing study.", "note");
    return s;
  }
  Table t{"db-stations-table",
          "Station database (incumbents, licensees' stations, station lists)",
          {"id", "role", "service", "licensee", "lat °", "lon °", "height m", "band MHz",
           "EIRP dBm", "limit dBm", "receives", "transmits"},
          {},
          ""};
  const auto role = strings("db_station_role"), svc = strings("db_station_service"),
             lic = strings("db_station_licensee");
  const auto lat = doubles("db_station_lat"), lon = doubles("db_station_lon"),
             hgt = doubles("db_station_height"), lo = doubles("db_station_freq_lo"),
             hi = doubles("db_station_freq_hi"), eirp = doubles("db_station_eirp"),
             limit = doubles("db_station_limit"), rx = doubles("db_station_receives"),
             tx = doubles("db_station_transmits");
  for (std::size_t i = 0; i < db.size(); ++i)
    t.rows.push_back({Cell{db[i]}, Cell{at_or(role, i)}, Cell{at_or(svc, i)}, Cell{at_or(lic, i)},
                      html::number(fmt::format("{:.5f}", at_or_nan(lat, i))),
                      html::number(fmt::format("{:.5f}", at_or_nan(lon, i))),
                      html::number(fmt::format("{:g}", at_or_nan(hgt, i))),
                      html::number(mhz(at_or_nan(lo, i)) + "–" + mhz(at_or_nan(hi, i))),
                      html::number(f1(at_or_nan(eirp, i))), html::number(f1(at_or_nan(limit, i))),
                      Cell{at_or_nan(rx, i) == 1.0 ? "yes" : "no"},
                      Cell{at_or_nan(tx, i) == 1.0 ? "yes" : "no"}});
  s.body += html::table(t);
  return s;
}

Section Report::coverage() {
  Section s{"coverage", "Coverage and leakage of the premises", ""};
  if (!has("best_rx_power")) {
    s.body =
        html::paragraph("No coverage: the scenario has no planned stations ([[station]]).", "note");
    return s;
  }
  const std::vector<double> heights = doubles("height");
  const std::vector<double> covered = doubles("premises_coverage_share"),
                            leakage = doubles("leakage_share");
  const std::vector<float> best = floats("best_rx_power"), sinr = floats("sinr"),
                           premises = floats("premises_mask");
  const std::size_t cells = premises.size();
  const bool with_premises =
      cells > 0 && std::any_of(premises.begin(), premises.end(), [](float v) { return v == 1; });
  Table t{"coverage-table",
          "",
          {"height m", "premises covered", "leakage outside", "best received power p50 dBm",
           with_premises ? "SINR in premises p50 dB" : "SINR p50 dB"},
          {},
          ""};
  if (with_premises) t.head.push_back("SINR in premises p5 dB");
  for (std::size_t h = 0; h < heights.size(); ++h) {
    const auto plane = [&](const std::vector<float>& v) {
      std::vector<float> out;
      if (v.size() != heights.size() * cells) return out;
      for (std::size_t c = 0; c < cells; ++c)
        if (!with_premises || premises[c] == 1) out.push_back(v[h * cells + c]);
      return out;
    };
    std::vector<float> all_best;
    if (best.size() == heights.size() * cells)
      all_best.assign(best.begin() + static_cast<std::ptrdiff_t>(h * cells),
                      best.begin() + static_cast<std::ptrdiff_t>((h + 1) * cells));
    const std::vector<float> s_in = plane(sinr);
    std::vector<Cell> row{html::number(fmt::format("{:g}", heights[h])),
                          html::number(pct(at_or_nan(covered, h))),
                          html::number(pct(at_or_nan(leakage, h))),
                          html::number(f1(sim::results::summary_percentile(all_best, 50))),
                          html::number(f1(sim::results::summary_percentile(s_in, 50)))};
    if (with_premises) row.push_back(html::number(f1(sim::results::summary_percentile(s_in, 5))));
    t.rows.push_back(std::move(row));
  }
  const auto service = attr_num("premises_coverage_share", "threshold_dBm");
  const auto leak = attr_num("leakage_share", "threshold_dBm");
  if (with_premises && service && leak)
    s.body += html::paragraph(fmt::format(
        "Premises covered: share of the premises' cells whose best received power is at or "
        "above the service threshold ({:g} dBm). Leakage: share of the cells outside the "
        "premises at or above the leakage threshold ({:g} dBm). Percentiles by nearest rank.",
        *service, *leak));
  else
    s.body += html::paragraph(
        "No premises in the scenario: coverage and leakage shares are not "
        "defined; the SINR is over the whole area.",
        "note");
  s.body += html::table(t);
  return s;
}

Section Report::mic() {
  Section s{"mic", "MIC cover and coordination areas", ""};
  const std::vector<std::string> ids = strings("mic_station_id");
  if (ids.empty()) {
    s.body = html::paragraph("No MIC areas: the scenario has no [mic] section.", "note");
    return s;
  }
  const auto lic = strings("mic_station_licensee");
  const auto cover = doubles("mic_coverage_area"), coord = doubles("mic_coordination_area");
  Table t{"mic-table",
          "Areas of each base station",
          {"station", "licensee", "cover area km²", "coordination area km²"},
          {},
          ""};
  for (std::size_t b = 0; b < ids.size(); ++b)
    t.rows.push_back({Cell{ids[b]}, Cell{at_or(lic, b)},
                      html::number(fmt::format("{:.4f}", at_or_nan(cover, b) / 1e6)),
                      html::number(fmt::format("{:.4f}", at_or_nan(coord, b) / 1e6))});
  s.body += html::table(t);
  const auto a = strings("mic_pair_a"), pb = strings("mic_pair_b");
  if (a.empty()) {
    s.body += html::paragraph(
        "No coordination area reaches another licensee's cover area or premises: no pair must "
        "coordinate.");
    return s;
  }
  const auto area = doubles("mic_pair_area"), cells = doubles("mic_pair_cells"),
             in_cover = doubles("mic_pair_cells_coverage"),
             in_prem = doubles("mic_pair_cells_premises");
  Table p{"mic-pairs-table",
          "Licensee pairs that must coordinate (a's coordination area reaches b)",
          {"a", "b", "overlap km²", "cells", "in b's cover area", "in b's premises"},
          {},
          ""};
  for (std::size_t i = 0; i < a.size(); ++i)
    p.rows.push_back({Cell{a[i]}, Cell{at_or(pb, i)},
                      html::number(fmt::format("{:.4f}", at_or_nan(area, i) / 1e6)),
                      html::number(fmt::format("{:g}", at_or_nan(cells, i))),
                      html::number(fmt::format("{:g}", at_or_nan(in_cover, i))),
                      html::number(fmt::format("{:g}", at_or_nan(in_prem, i)))});
  s.body += html::table(p);
  return s;
}

/// A point of the vacancy tables, placed on the grid.
struct PlacedPoint {
  std::string label;
  double x_m = 0, y_m = 0, lat = 0, lon = 0;
  std::size_t h = 0;  ///< index along height
};

Section Report::vacancy() {
  Section s{"vacancy", "Vacancy per channel and hour", ""};
  if (!has("max_eirp")) {
    s.body = html::paragraph(opt_.points.empty()
                                 ? "No vacancy: the scenario has no [vacancy] section."
                                 : "No vacancy: the scenario has no [vacancy] section (the points "
                                   "given are not used).",
                             "note");
    return s;
  }
  const std::vector<double> x = doubles("x"), y = doubles("y"), heights = doubles("height");
  const double cell = attr_num("/", "cell_size_m").value_or(x.size() > 1 ? x[1] - x[0] : 1.0);
  const std::size_t lowest =
      static_cast<std::size_t>(std::min_element(heights.begin(), heights.end()) - heights.begin());
  std::vector<PlacedPoint> points;
  std::string which;
  if (!opt_.points.empty()) {
    OGRSpatialReference wgs84, study;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const std::string wkt = attr("crs", "crs_wkt");
    if (wkt.empty() || study.importFromWkt(wkt.c_str()) != OGRERR_NONE)
      throw InputError(format_input_error({path_}, "crs_wkt", "no CRS the points can be placed in",
                                          "the study CRS of the results file"));
    study.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(
        OGRCreateCoordinateTransformation(&wgs84, &study));
    if (!ct) throw RuntimeError("no transformation from WGS 84 to the study CRS of " + path_);
    for (const ReportPoint& q : opt_.points) {
      PlacedPoint p;
      p.lat = q.lat_deg;
      p.lon = q.lon_deg;
      p.x_m = q.lon_deg;
      p.y_m = q.lat_deg;
      if (!ct->Transform(1, &p.x_m, &p.y_m))
        throw InputError(format_input_error({}, "--point",
                                            fmt::format("{},{}", q.lat_deg, q.lon_deg),
                                            "a point the study CRS can hold"));
      p.h = lowest;
      if (q.height_m) {
        const auto it = std::find_if(heights.begin(), heights.end(),
                                     [&](double h) { return std::abs(h - *q.height_m) < 1e-6; });
        if (it == heights.end()) {
          std::vector<std::string> hs;
          for (double h : heights) hs.push_back(fmt::format("{:g}", h));
          throw InputError(
              format_input_error({path_}, "--point", fmt::format("height {:g} m", *q.height_m),
                                 "one of the heights of the file: " + join(hs) + " m"));
        }
        p.h = static_cast<std::size_t>(it - heights.begin());
      }
      p.label = fmt::format("{:.5f}, {:.5f}", q.lat_deg, q.lon_deg);
      points.push_back(p);
    }
    which = "the points given (--point)";
  } else {
    const auto ids = strings("station_id");
    const auto sx = doubles("station_x"), sy = doubles("station_y"), lat = doubles("station_lat"),
               lon = doubles("station_lon"), sh = doubles("station_height");
    for (std::size_t i = 0; i < ids.size() && i < opt_.max_default_points; ++i) {
      PlacedPoint p{
          ids[i], at_or_nan(sx, i), at_or_nan(sy, i), at_or_nan(lat, i), at_or_nan(lon, i), 0};
      // The file's height nearest the station's antenna height: its own site's vacancy.
      double best = std::numeric_limits<double>::infinity();
      for (std::size_t h = 0; h < heights.size(); ++h)
        if (std::abs(heights[h] - at_or_nan(sh, i)) < best) {
          best = std::abs(heights[h] - at_or_nan(sh, i));
          p.h = h;
        }
      points.push_back(p);
    }
    which = "the planned stations' sites, at the height of the file nearest each antenna";
    if (ids.size() > opt_.max_default_points)
      which += fmt::format(" (the first {} of {}; --point LAT,LON for others)",
                           opt_.max_default_points, ids.size());
    if (points.empty()) {
      s.body = html::paragraph(
          "No planned stations to take the vacancy at: give points with --point LAT,LON.", "note");
      return s;
    }
  }
  const auto info = r_.info(at("max_eirp"));
  std::vector<std::size_t> size;
  int dt = -1, dc = -1, dh = -1;
  for (std::size_t d = 0; d < info.dims.size(); ++d) {
    size.push_back(info.dims[d].size);
    if (info.dims[d].name == "time") dt = static_cast<int>(d);
    if (info.dims[d].name == "channel") dc = static_cast<int>(d);
    if (info.dims[d].name == "height") dh = static_cast<int>(d);
  }
  const std::size_t nd = size.size();
  const std::size_t nt = dt < 0 ? 1 : size[static_cast<std::size_t>(dt)];
  const std::size_t nc = dc < 0 ? 1 : size[static_cast<std::size_t>(dc)];
  std::vector<std::string> times = strings("time_local");
  if (times.size() != nt) times.assign(nt, "always");
  std::vector<std::string> chans = strings("channel_id");
  if (chans.size() != nc) chans.assign(nc, "own band");
  // Rows: the local dates; columns: the clock times (HH:MM) of the slots.
  std::vector<std::string> dates, clocks;
  std::vector<std::pair<std::size_t, std::size_t>> place(nt);
  for (std::size_t t = 0; t < nt; ++t) {
    const std::string& l = times[t];
    const bool iso = l.size() >= 16 && l[10] == 'T';
    const std::string date = iso ? l.substr(0, 10) : l, clock = iso ? l.substr(11, 5) : "";
    if (std::find(dates.begin(), dates.end(), date) == dates.end()) dates.push_back(date);
    if (std::find(clocks.begin(), clocks.end(), clock) == clocks.end()) clocks.push_back(clock);
  }
  std::sort(clocks.begin(), clocks.end());
  for (std::size_t t = 0; t < nt; ++t) {
    const std::string& l = times[t];
    const bool iso = l.size() >= 16 && l[10] == 'T';
    const std::string date = iso ? l.substr(0, 10) : l, clock = iso ? l.substr(11, 5) : "";
    place[t] = {
        static_cast<std::size_t>(std::find(dates.begin(), dates.end(), date) - dates.begin()),
        static_cast<std::size_t>(std::find(clocks.begin(), clocks.end(), clock) - clocks.begin())};
  }
  const double sys_max = attr_num("max_eirp", "system_max_eirp_dBm").value_or(kNaN);
  const double min_useful = attr_num("usable", "min_useful_eirp_dBm").value_or(kNaN);
  s.body += html::paragraph(fmt::format(
      "The largest EIRP a new base station at each point may radiate, per channel and slot "
      "(dBm; single entry, every active receiver within its criterion, capped at the system "
      "maximum {} dBm). Green: usable (at least {} dBm and the interference it receives "
      "acceptable); red: not usable. Points: {}.",
      f1(sys_max), f1(min_useful), which));
  // A heat-map cell: the max EIRP of slot t on channel k (index t * nc + k: time precedes
  // channel in the file's order), coloured by whether it is usable.
  const auto heat_cell = [&](const std::vector<float>& eirp, const std::vector<float>& usable,
                             std::size_t t, std::size_t k) {
    const std::size_t i = t * nc + k;
    Cell c = html::number(f1(eirp[i]));
    const bool ok = i < usable.size() && usable[i] == 1.0f;
    c.background = std::isnan(eirp[i]) ? "#e0e0e0" : ok ? "#a1d99b" : "#fcae91";
    c.title = fmt::format("{} {}: {} dBm, {}", chans[k], times[t], f1(eirp[i]),
                          ok ? "usable" : "not usable");
    return c;
  };
  // One slot (no [time] table): one table, a row per point and a column per channel.
  Table one{
      "vacancy-points", "", {"point", "lat °", "lon °", "cell x", "cell y", "height m"}, {}, ""};
  for (const std::string& c : chans) one.head.push_back(c + " dBm");
  for (std::size_t pi = 0; pi < points.size(); ++pi) {
    const PlacedPoint& p = points[pi];
    const double west = x.front() - cell / 2, south = y.front() - cell / 2;
    const double fx = std::floor((p.x_m - west) / cell), fy = std::floor((p.y_m - south) / cell);
    if (!(fx >= 0 && fy >= 0 && fx < static_cast<double>(x.size()) &&
          fy < static_cast<double>(y.size()))) {
      if (!opt_.points.empty())
        throw InputError(
            format_input_error({path_}, "--point", p.label, "a point inside the study grid"));
      s.body += html::paragraph(p.label + ": outside the study grid.", "note");
      continue;
    }
    const auto ix = static_cast<std::size_t>(fx), iy = static_cast<std::size_t>(fy);
    std::vector<std::size_t> offset(nd, 0), count(nd, 1);
    if (dt >= 0) count[static_cast<std::size_t>(dt)] = nt;
    if (dc >= 0) count[static_cast<std::size_t>(dc)] = nc;
    if (dh >= 0) offset[static_cast<std::size_t>(dh)] = p.h;
    offset[nd - 2] = iy;
    offset[nd - 1] = ix;
    const std::vector<float> eirp = r_.read_slab_float(at("max_eirp"), offset, count);
    std::vector<float> usable;
    if (has("usable")) usable = r_.read_slab_float(at("usable"), offset, count);
    if (nt == 1) {
      std::vector<Cell> row{Cell{p.label},
                            html::number(fmt::format("{:.5f}", p.lat)),
                            html::number(fmt::format("{:.5f}", p.lon)),
                            html::number(std::to_string(ix)),
                            html::number(std::to_string(iy)),
                            html::number(fmt::format("{:g}", heights[p.h]))};
      for (std::size_t k = 0; k < nc; ++k) row.push_back(heat_cell(eirp, usable, 0, k));
      one.rows.push_back(std::move(row));
      continue;
    }
    s.body += fmt::format(
        "<h3>{}</h3>\n",
        html::escaped(fmt::format("{} ({:.5f}° N, {:.5f}° E), cell x {} y {}, height {:g} m",
                                  p.label, p.lat, p.lon, ix, iy, heights[p.h])));
    Table t{fmt::format("vacancy-{}", pi), "", {"channel", "date"}, {}, "heat"};
    for (const std::string& c : clocks) t.head.push_back(c);
    for (std::size_t k = 0; k < nc; ++k)
      for (std::size_t d = 0; d < dates.size(); ++d) {
        std::vector<Cell> row{Cell{chans[k]}, Cell{dates[d]}};
        row.resize(2 + clocks.size());
        for (std::size_t t2 = 0; t2 < nt; ++t2)
          if (place[t2].first == d) row[2 + place[t2].second] = heat_cell(eirp, usable, t2, k);
        t.rows.push_back(std::move(row));
      }
    s.body += html::table(t);
  }
  if (!one.rows.empty()) {
    one.caption = "One slot (" + times.front() + "): the max EIRP per point and channel";
    s.body += html::table(one);
  }
  return s;
}

Section Report::aggregate() {
  Section s{"aggregate", "Aggregate interference at the protected receivers", ""};
  if (!has("aggregate_interference")) {
    s.body = html::paragraph(
        "No aggregate: the scenario has no [aggregate] section (or no protected receiver and "
        "planned source).",
        "note");
    return s;
  }
  const auto rid = strings("receiver_id"), src = strings("source_id");
  const auto rdb = doubles("receiver_db_station"), limit = doubles("db_station_limit");
  const auto info = r_.info(at("aggregate_interference"));
  const std::size_t nt = info.dims[0].size, nc = info.dims[1].size, nr = info.dims[2].size;
  std::vector<std::string> chans = strings("channel_id");
  if (chans.size() != nc) chans.assign(nc, "own band");
  std::vector<std::string> times = strings("time_local");
  if (times.size() != nt) times.assign(nt, "");
  const std::vector<float> agg = floats("aggregate_interference"),
                           margin = floats("aggregate_margin"),
                           contrib = floats("aggregate_contribution"),
                           rank = floats("aggregate_ranking");
  const std::size_t ns = src.size();
  // The receivers' noise N is in the file with [montecarlo] only: then I/N as well.
  const std::vector<double> noise = doubles("montecarlo/noise");
  Table t{"aggregate-table",
          "At each receiver, the slot and channel of its least margin",
          {"receiver", "limit dBm", "aggregate dBm", "margin dB", "slot", "channel",
           "largest contributors (dBm)"},
          {},
          ""};
  if (noise.size() == nr) t.head.push_back("I/N dB");
  for (std::size_t r = 0; r < nr; ++r) {
    double worst = std::numeric_limits<double>::infinity();
    std::size_t wt = 0, wk = 0;
    for (std::size_t ti = 0; ti < nt; ++ti)
      for (std::size_t k = 0; k < nc; ++k) {
        const float m = margin[(ti * nc + k) * nr + r];
        if (std::isfinite(m) && m < worst) {
          worst = m;
          wt = ti;
          wk = k;
        }
      }
    const double lim = rdb.size() > r ? at_or_nan(limit, static_cast<std::size_t>(rdb[r])) : kNaN;
    if (!std::isfinite(worst)) {
      t.rows.push_back({Cell{at_or(rid, r)}, html::number(f1(lim)), html::number("none"),
                        html::number("–"), Cell{"no planned source reaches it while on"}});
      continue;
    }
    std::vector<std::string> top;
    for (std::size_t j = 0; j < ns && top.size() < 3; ++j) {
      const std::size_t base = (r * nc + wk) * ns;
      const float fi = rank[base + j];
      if (!std::isfinite(fi) || fi < 0 || fi >= static_cast<float>(ns)) continue;
      const auto si = static_cast<std::size_t>(fi);
      const float c = contrib[base + si];
      if (!std::isfinite(c)) continue;
      top.push_back(fmt::format("{} {}", src[si], f1(c)));
    }
    Cell m = html::number(f1(worst));
    if (worst < 0) m.background = "#fcae91";
    const double a = agg[(wt * nc + wk) * nr + r];
    t.rows.push_back({Cell{at_or(rid, r)}, html::number(f1(lim)), html::number(f1(a)), m,
                      Cell{times[wt]}, Cell{chans[wk]}, Cell{join(top, "; ")}});
    if (noise.size() == nr) t.rows.back().push_back(html::number(f1(a - noise[r])));
  }
  s.body += html::paragraph(
      "Power sum at each receiver's input of the planned sources on the air, with the layout "
      "on each channel; the margin is the receiver's limit minus the aggregate (negative: "
      "criterion exceeded). The contributors are those of the channel of the least margin, "
      "largest first. I/N (with [montecarlo], which records each receiver's noise N) is the "
      "aggregate over N.");
  s.body += html::table(t);
  return s;
}

Section Report::montecarlo() {
  Section s{"montecarlo", "Monte Carlo of the aggregate", ""};
  if (!has_group("montecarlo")) {
    s.body = html::paragraph("No Monte Carlo: the scenario has no [montecarlo] section.", "note");
    return s;
  }
  const std::string g = "montecarlo";
  const auto crit = strings(g + "/criterion_name");
  const auto rid = strings("receiver_id");
  const auto info = r_.info(at(g + "/trials"));
  const std::size_t nr = info.dims[0].size, nc = info.dims[1].size, ncr = crit.size();
  std::vector<std::string> chans = strings("channel_id");
  if (chans.size() != nc) chans.assign(nc, "own band");
  const std::vector<float> trials = floats(g + "/trials"), p = floats(g + "/p_interference"),
                           lo = floats(g + "/p_interference_low"),
                           hi = floats(g + "/p_interference_high"),
                           ip = floats(g + "/interference_percentile");
  const auto pcts = doubles(g + "/percentile");
  Table t{"montecarlo-table", "", {"receiver", "channel", "trials"}, {}, ""};
  for (const std::string& c : crit) t.head.push_back("P_I " + c + " [interval]");
  for (double q : pcts) t.head.push_back(fmt::format("I p{:g} dBm", q));
  for (std::size_t r = 0; r < nr; ++r)
    for (std::size_t k = 0; k < nc; ++k) {
      const std::size_t rk = r * nc + k;
      std::vector<Cell> row{Cell{at_or(rid, r)}, Cell{chans[k]},
                            html::number(fmt::format("{:g}", trials[rk]))};
      for (std::size_t c = 0; c < ncr; ++c) {
        const std::size_t i = rk * ncr + c;
        row.push_back(html::number(
            std::isnan(p[i]) ? "–" : fmt::format("{:.4f} [{:.4f}, {:.4f}]", p[i], lo[i], hi[i])));
      }
      for (std::size_t q = 0; q < pcts.size(); ++q)
        row.push_back(html::number(f1(ip[rk * pcts.size() + q])));
      t.rows.push_back(std::move(row));
    }
  s.body += html::paragraph(fmt::format(
      "{} trials ({}), seed {}; P_I is the share of the counted trials in which the criterion is "
      "not met (ECC Report 252), with its {} interval at {:g} % confidence.",
      attr_num(g, "trials").value_or(kNaN),
      attr(g, "converged") == "true" ? "every interval narrow enough" : "trial cap reached",
      attr(g, "seed"), attr(g, "interval_method"),
      100.0 * attr_num(g, "confidence").value_or(kNaN)));
  s.body += html::table(t);
  if (has(g + "/i_over_n_cdf")) {
    const std::string variant = batch_ ? group_ : "";
    const CdfPlot plot = load_i_over_n_cdf(path_, "", "", false, variant);
    s.body +=
        html::figure(drawn([&](const std::string& f) { render_cdf_png(plot, f); }), "CDF of I/N",
                     plot.subtitle + " — akichi render " + shell_word(path_) + variant_option() +
                         " --var i_over_n_cdf -o cdf.png");
  }
  return s;
}

Section Report::coordination() {
  Section s{"coordination", "Coordination among the applicants", ""};
  if (!has_group("coordination")) {
    s.body =
        html::paragraph("No coordination: the scenario has no [coordination] section.", "note");
    return s;
  }
  const std::string g = "coordination";
  const std::string method = attr(g, "method");
  s.body += html::paragraph(fmt::format("Method {}: {}", method, attr(g, "comment")));
  const auto ids = strings(g + "/applicant_id"), req_ch = strings(g + "/requested_channel");
  const auto req = doubles(g + "/requested_eirp"), granted = doubles(g + "/granted"),
             gch = doubles(g + "/granted_channel"), geirp = doubles(g + "/granted_eirp");
  const auto rid = strings("receiver_id");
  const auto chans = strings("channel_id");
  const std::vector<float> bound = floats(g + "/bound_by");
  const std::size_t nr = rid.size();
  Table t{"coordination-table",
          "Granted EIRP per applicant",
          {"applicant", "requested channel", "requested EIRP dBm", "granted", "granted channel",
           "granted EIRP dBm", "bound by"},
          {},
          ""};
  std::size_t n_granted = 0;
  for (std::size_t a = 0; a < ids.size(); ++a) {
    const bool ok = at_or_nan(granted, a) == 1.0;
    n_granted += ok ? 1 : 0;
    std::vector<std::string> by;
    for (std::size_t r = 0; r < nr; ++r)
      if (a * nr + r < bound.size() && bound[a * nr + r] == 1.0f) by.push_back(rid[r]);
    const double ch = at_or_nan(gch, a);
    Cell gc{ok ? "yes" : "no"};
    gc.background = ok ? "#a1d99b" : "#fcae91";
    t.rows.push_back({Cell{ids[a]}, Cell{at_or(req_ch, a)}, html::number(f1(at_or_nan(req, a))), gc,
                      Cell{ch >= 0 && ch < static_cast<double>(chans.size())
                               ? chans[static_cast<std::size_t>(ch)]
                               : (ok ? "own band" : "–")},
                      html::number(f1(at_or_nan(geirp, a))), Cell{join(by)}});
  }
  s.body += html::paragraph(fmt::format("{} of {} applicants granted.", n_granted, ids.size()));
  s.body += html::table(t);
  const auto limit = doubles(g + "/receiver_limit"), after = doubles(g + "/aggregate_after"),
             m_after = doubles(g + "/margin_after");
  const bool moves = has(g + "/move_list");
  Table rt{"coordination-receivers-table",
           "Protected receivers after the allocation",
           {"receiver", "limit dBm", "aggregate after dBm", "margin after dB"},
           {},
           ""};
  std::vector<float> ml;
  std::vector<double> kept, moved, pk, pa;
  if (moves) {
    for (const char* h :
         {"kept", "on the move list", "percentile kept dBm", "percentile all dBm", "must move"})
      rt.head.push_back(h);
    ml = floats(g + "/move_list");
    kept = doubles(g + "/kept_count");
    moved = doubles(g + "/moved_count");
    pk = doubles(g + "/percentile_kept");
    pa = doubles(g + "/percentile_all");
  }
  for (std::size_t r = 0; r < nr; ++r) {
    std::vector<Cell> row{Cell{rid[r]}, html::number(f1(at_or_nan(limit, r))),
                          html::number(f1(at_or_nan(after, r))),
                          html::number(f1(at_or_nan(m_after, r)))};
    if (moves) {
      std::vector<std::string> who;
      for (std::size_t a = 0; a < ids.size(); ++a)
        if (r * ids.size() + a < ml.size() && ml[r * ids.size() + a] == 2.0f) who.push_back(ids[a]);
      row.push_back(html::number(fmt::format("{:g}", at_or_nan(kept, r))));
      row.push_back(html::number(fmt::format("{:g}", at_or_nan(moved, r))));
      row.push_back(html::number(f1(at_or_nan(pk, r))));
      row.push_back(html::number(f1(at_or_nan(pa, r))));
      row.push_back(Cell{who.empty() ? "none" : join(who)});
    }
    rt.rows.push_back(std::move(row));
  }
  s.body += html::table(rt);
  if (moves)
    s.body += html::paragraph(fmt::format(
        "Move lists at the {:g}th percentile of the Monte Carlo aggregate over {:g} trials.",
        attr_num(g, "percentile").value_or(kNaN), attr_num(g, "trials").value_or(kNaN)));
  const auto unsettled = doubles(g + "/step_unsettled");
  const auto min_margin = doubles(g + "/step_min_margin");
  if (!unsettled.empty())
    s.body += html::paragraph(fmt::format(
        "{} step(s); after the last, {:g} applicant(s) unsettled and the least receiver margin "
        "{} dB.",
        unsettled.size(), unsettled.back(), f1(at_or_nan(min_margin, min_margin.size() - 1))));
  const GrantedEirpMap map = load_granted_eirp(path_, batch_ ? group_ : "");
  s.body += html::figure(
      drawn([&](const std::string& f) { render_granted_eirp_png(map, RenderOptions{}, f); }),
      "granted EIRP",
      map.overlay.subtitle + " — akichi render " + shell_word(path_) + variant_option() +
          " --var granted_eirp -o granted.png");
  return s;
}

Section Report::maps() {
  Section s{"maps", "Maps", ""};
  const std::vector<std::string> times = strings("time_local");
  const std::vector<std::string> chans = strings("channel_id");
  const std::vector<double> heights = doubles("height");
  bool along_time_or_channel = false;
  std::string skipped;
  for (const std::string& v : r_.variables(at("/"))) {
    const auto info = r_.info(at(v));
    const std::size_t nd = info.dims.size();
    if (nd < 2 || info.dims[nd - 2].name != "y" || info.dims[nd - 1].name != "x") continue;
    // The choices along each leading dimension, as --station / --height / --time ... values.
    std::vector<std::string> stations, pairs;
    std::string station_dim;
    bool by_height = false, ok = true;
    LayerSelection base;
    base.var = v;
    base.variant = batch_ ? group_ : "";
    for (std::size_t d = 0; d + 2 < nd; ++d) {
      const std::string& dim = info.dims[d].name;
      const std::size_t n = info.dims[d].size;
      if (dim == "height") {
        by_height = true;
      } else if (dim == "time") {
        along_time_or_channel = true;
        if (n > 1) base.time = std::to_string(slot_);
      } else if (dim == "channel") {
        along_time_or_channel = true;
        if (n > 1) base.channel = chans.size() == n ? chans[channel_] : std::to_string(channel_);
      } else if (dim == "mic_pair") {
        for (std::size_t i = 0; i < n; ++i) pairs.push_back(std::to_string(i));
      } else if (dim.size() >= 7 && dim.compare(dim.size() - 7, 7, "station") == 0) {
        station_dim = dim;
        stations = strings(dim + "_id");
        if (stations.size() != n) {
          stations.clear();
          for (std::size_t i = 0; i < n; ++i) stations.push_back(std::to_string(i));
        }
      } else if (n != 1) {
        ok = false;
      }
    }
    if (!ok) {
      skipped += (skipped.empty() ? "" : ", ") + v;
      continue;
    }
    const bool mask = !station_dim.empty() && attr(v, "flag_meanings") == "outside inside";
    // A variable along height alone is drawn at each height; with other leading dimensions at
    // the lowest (the render default), so that the report keeps to one map per choice.
    std::vector<std::optional<double>> hs{std::nullopt};
    if (by_height && station_dim.empty() && pairs.empty() && base.time.empty() &&
        base.channel.empty() && heights.size() > 1) {
      hs.clear();
      for (double h : heights) hs.push_back(h);
    }
    std::vector<std::string> station_choices{""};
    std::string left_out;
    if (!mask && !stations.empty()) {
      station_choices.assign(stations.begin(),
                             stations.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                    stations.size(), opt_.max_maps_per_variable)));
      if (stations.size() > opt_.max_maps_per_variable)
        left_out = fmt::format("{}: {} more along {} (akichi render --station ID)", v,
                               stations.size() - opt_.max_maps_per_variable, station_dim);
    }
    std::vector<std::string> pair_choices{""};
    if (!pairs.empty()) {
      pair_choices.assign(pairs.begin(),
                          pairs.begin() + static_cast<std::ptrdiff_t>(
                                              std::min(pairs.size(), opt_.max_maps_per_variable)));
      if (pairs.size() > opt_.max_maps_per_variable)
        left_out = fmt::format("{}: {} more pairs (akichi render --pair INDEX)", v,
                               pairs.size() - opt_.max_maps_per_variable);
    }
    s.body += fmt::format("<h3 id=\"map-{}\">{}</h3>\n", html::escaped(v), html::escaped(v));
    for (const std::string& st : station_choices)
      for (const std::string& pr : pair_choices)
        for (const auto& h : hs) {
          LayerSelection sel = base;
          sel.station = st;
          sel.pair = pr;
          sel.height_m = h;
          const LoadedMap map = mask ? load_mask_union(path_, sel) : load_map(path_, sel);
          const std::vector<unsigned char> png = drawn([&](const std::string& f) {
            render_png(map.layer, map.overlay, RenderOptions{}, f);
          });
          s.body += html::figure(png, v, map.overlay.subtitle + " — " + render_command(sel));
        }
    if (!left_out.empty()) s.body += html::paragraph(left_out, "note");
  }
  std::string intro =
      "Every map of the results file, as akichi render draws it (each caption gives the command "
      "that draws it alone, or another slice of it). Variables along a station or pair "
      "dimension are drawn per station or pair (MIC masks as every station's area together), "
      "at the lowest height";
  if (along_time_or_channel) {
    const std::string tl = slot_ < times.size() ? times[slot_] : std::to_string(slot_);
    const std::string cl = channel_ < chans.size() ? chans[channel_] : std::to_string(channel_);
    intro +=
        fmt::format("; maps along time and channel at {} ({}, channel {})", slot_reason_, tl, cl);
  }
  s.body = html::paragraph(intro + ".") + s.body;
  if (!skipped.empty())
    s.body += html::paragraph(
        "Not drawn (a leading dimension render has no selector for): " + skipped, "note");
  return s;
}

Section Report::scenario_text() {
  Section s{"scenario", "The scenario file", ""};
  const std::string text = attr("/", "scenario_text");
  if (text.empty()) {
    s.body = html::paragraph("The results file holds no scenario text.", "note");
    return s;
  }
  s.body = html::paragraph("As stored in the results file (" + attr("/", "scenario_path") +
                           "): the run can be repeated from it.") +
           html::preformatted(text);
  return s;
}

std::string Report::build() {
  chosen_slot();
  const Section top = header_and_sweep();
  std::vector<Section> sections;
  sections.push_back(assumptions());
  sections.push_back(stations());
  sections.push_back(coverage());
  sections.push_back(mic());
  sections.push_back(vacancy());
  sections.push_back(aggregate());
  sections.push_back(montecarlo());
  sections.push_back(coordination());
  sections.push_back(maps());
  sections.push_back(scenario_text());
  std::string body = top.body;
  body += "<nav><h2>Contents</h2>\n<ol>\n";
  if (batch_) body += "<li><a href=\"#sweep\">Variants of the sweep</a></li>\n";
  for (const Section& s : sections)
    body += fmt::format("<li><a href=\"#{}\">{}</a></li>\n", s.id, html::escaped(s.title));
  body += "</ol></nav>\n";
  for (const Section& s : sections)
    body += fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n{}</section>\n", s.id,
                        html::escaped(s.title), s.body);
  std::string title = attr("/", "title");
  if (title.empty()) title = path_;
  return html::document("Study report: " + title, body);
}

}  // namespace

ReportPoint parse_report_point(const std::string& text) {
  const std::vector<std::string> parts = split(text, ',');
  ReportPoint p;
  const auto fail = [&]() {
    throw InputError(format_input_error(
        {}, "--point", "'" + text + "'",
        "LAT,LON or LAT,LON,H (WGS 84 degrees, latitude in [-90, 90], longitude in [-180, 180], "
        "a height of the results file in metres)"));
  };
  if (parts.size() != 2 && parts.size() != 3) fail();
  std::vector<double> v;
  for (const std::string& s : parts) {
    const std::string t(trim(s));
    std::size_t used = 0;
    double x = 0;
    try {
      x = std::stod(t, &used);
    } catch (const std::exception&) {
      fail();
    }
    if (used != t.size() || !std::isfinite(x)) fail();
    v.push_back(x);
  }
  if (std::abs(v[0]) > 90 || std::abs(v[1]) > 180) fail();
  p.lat_deg = v[0];
  p.lon_deg = v[1];
  if (v.size() == 3) p.height_m = v[2];
  return p;
}

std::string study_report_html(const std::string& results_path, const ReportOptions& options) {
  ensure_gdal_registered();
  Report report(results_path, options);
  return report.build();
}

}  // namespace akichi::viz
