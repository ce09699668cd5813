#include "propagation/antenna/msi_pattern.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <sstream>
#include <utility>

#include <fmt/format.h>

#include "base/errors.h"
#include "base/text.h"

namespace akichi::prop {

// ---------------------------------------------------------------------------------------------
// PatternCut

PatternCut::PatternCut(std::vector<PatternPoint> points) : points_(std::move(points)) {}

double PatternCut::attenuation_dB(double angle_deg) const noexcept {
  if (points_.empty()) return 0.0;
  if (points_.size() == 1) return points_.front().attenuation_dB;
  const double a = wrap_360_deg(angle_deg);
  // First row with angle > a; the segment is [it - 1, it], wrapping at both ends.
  const auto it = std::upper_bound(points_.begin(), points_.end(), a,
                                   [](double x, const PatternPoint& p) { return x < p.angle_deg; });
  const PatternPoint* lo;
  const PatternPoint* hi;
  double x0, x1;
  if (it == points_.begin() || it == points_.end()) {  // between the last row and the first
    lo = &points_.back();
    hi = &points_.front();
    x0 = lo->angle_deg;
    x1 = hi->angle_deg + 360.0;
    if (it == points_.begin()) x0 -= 360.0, x1 -= 360.0;
  } else {
    lo = &*(it - 1);
    hi = &*it;
    x0 = lo->angle_deg;
    x1 = hi->angle_deg;
  }
  const double t = (a - x0) / (x1 - x0);
  return lo->attenuation_dB + t * (hi->attenuation_dB - lo->attenuation_dB);
}

double PatternCut::min_attenuation_dB(double from_deg, double to_deg) const noexcept {
  // Piecewise linear: the minimum over an arc is at an end of the arc or at a row inside it.
  const double from = wrap_360_deg(from_deg);
  const double length = wrap_360_deg(to_deg - from);
  double m = std::min(attenuation_dB(from), attenuation_dB(from + length));
  for (const PatternPoint& p : points_) {
    if (wrap_360_deg(p.angle_deg - from) <= length) m = std::min(m, p.attenuation_dB);
  }
  return m;
}

double PatternCut::max_attenuation_dB() const noexcept {
  double m = 0.0;
  for (const PatternPoint& p : points_) m = std::max(m, p.attenuation_dB);
  return m;
}

// ---------------------------------------------------------------------------------------------
// Parser

namespace {

struct Token {
  std::string_view text;
  int column = 0;  // 1-based
};

std::vector<Token> tokenize(std::string_view line) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size()) break;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    tokens.push_back({line.substr(start, i - start), static_cast<int>(start) + 1});
  }
  return tokens;
}

std::optional<double> to_number(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  double v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string quoted(std::string_view s) {
  return fmt::format("'{}'", s);
}

// Text after the keyword, trimmed.
std::string rest_of_line(std::string_view line, const std::vector<Token>& tokens) {
  if (tokens.size() < 2) return {};
  std::string_view rest = line.substr(static_cast<std::size_t>(tokens[1].column - 1));
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t')) rest.remove_suffix(1);
  return std::string(rest);
}

/// Rows a HORIZONTAL or VERTICAL section may declare: a bound on what a count makes the reader
/// reserve before any row is read.
constexpr std::size_t kMaxSectionRows = 1'000'000;

constexpr std::array<std::string_view, 12> kKeywords = {
    "NAME", "MAKE", "FREQUENCY",    "H_WIDTH", "V_WIDTH",    "FRONT_TO_BACK",
    "GAIN", "TILT", "POLARIZATION", "COMMENT", "HORIZONTAL", "VERTICAL"};

bool is_keyword(std::string_view token) {
  const std::string u = to_upper(token);
  return std::find(kKeywords.begin(), kKeywords.end(), u) != kKeywords.end();
}

struct Section {
  std::string name;  // "HORIZONTAL" | "VERTICAL"
  int declared_line = 0;
  std::size_t count = 0;
  std::vector<PatternPoint> rows;
  bool done() const { return rows.size() == count; }
};

class MsiParser {
 public:
  explicit MsiParser(const std::string& source) { pattern_.source = source; }

  MsiPattern parse(std::string_view text) {
    int line_no = 0;
    for (const std::string_view line : split_lines(text)) handle_line(line, ++line_no);
    finish_section(line_no, /*at_end=*/true);
    if (!have_gain_) {
      throw_input_error({pattern_.source}, "GAIN", "no GAIN line",
                        "'GAIN <value> [dBd|dBi]' in the header");
    }
    for (const char* name : {"HORIZONTAL", "VERTICAL"}) {
      const bool have = name == std::string_view("HORIZONTAL") ? have_h_ : have_v_;
      if (!have) {
        throw_input_error({pattern_.source}, name, fmt::format("no {} section", name),
                          fmt::format("a line '{} <count>' followed by <count> rows "
                                      "'<angle_deg> <attenuation_dB>'",
                                      name));
      }
    }
    return std::move(pattern_);
  }

 private:
  InputLocation at(int line, int column = 0) const { return {pattern_.source, line, column}; }

  void handle_line(std::string_view line, int line_no) {
    const std::vector<Token> tokens = tokenize(line);
    if (tokens.empty()) return;
    const char first = tokens[0].text.front();
    if (first == '#' || first == ';') return;

    if (section_ && !section_->done()) {
      if (is_keyword(tokens[0].text)) {
        finish_section(line_no, /*at_end=*/false);  // throws: too few rows
      } else {
        read_row(tokens, line_no);
        return;
      }
    }
    if (section_) finish_section(line_no, /*at_end=*/false);

    if (to_number(tokens[0].text)) {
      if (last_section_.empty()) {
        throw_input_error(at(line_no, tokens[0].column), "row",
                          "a data row before any HORIZONTAL or VERTICAL line", "a header keyword");
      }
      throw_input_error(at(line_no, tokens[0].column), last_section_,
                        fmt::format("an extra row after the {} rows declared at line {}",
                                    last_count_, last_declared_line_),
                        "a keyword line or the end of the file");
    }
    read_keyword(line, tokens, line_no);
  }

  void read_keyword(std::string_view line, const std::vector<Token>& tokens, int line_no) {
    const std::string key = to_upper(tokens[0].text);
    if (key == "NAME") {
      pattern_.name = rest_of_line(line, tokens);
    } else if (key == "MAKE") {
      pattern_.make = rest_of_line(line, tokens);
    } else if (key == "POLARIZATION") {
      pattern_.polarization = rest_of_line(line, tokens);
    } else if (key == "COMMENT") {
      const std::string text = rest_of_line(line, tokens);
      if (!pattern_.comment.empty() && !text.empty()) pattern_.comment += ' ';
      pattern_.comment += text;
    } else if (key == "FREQUENCY") {
      pattern_.frequency_MHz = header_number(tokens, line_no, key, "a frequency in MHz");
    } else if (key == "H_WIDTH") {
      pattern_.h_width_deg = header_number(tokens, line_no, key, "a beamwidth in degrees");
    } else if (key == "V_WIDTH") {
      pattern_.v_width_deg = header_number(tokens, line_no, key, "a beamwidth in degrees");
    } else if (key == "FRONT_TO_BACK") {
      pattern_.front_to_back_dB = header_number(tokens, line_no, key, "a ratio in dB");
    } else if (key == "GAIN") {
      read_gain(tokens, line_no);
    } else if (key == "TILT") {
      read_tilt(tokens, line_no);
    } else if (key == "HORIZONTAL" || key == "VERTICAL") {
      start_section(key, tokens, line_no);
    }
    // Other keywords: vendor extensions, skipped (see msi_pattern.h).
  }

  double header_number(const std::vector<Token>& tokens, int line_no, const std::string& key,
                       std::string_view expected) const {
    if (tokens.size() < 2) {
      throw_input_error(at(line_no), key, "nothing after the keyword", expected);
    }
    const std::optional<double> v = to_number(tokens[1].text);
    if (!v) throw_input_error(at(line_no, tokens[1].column), key, quoted(tokens[1].text), expected);
    return *v;
  }

  void read_gain(const std::vector<Token>& tokens, int line_no) {
    const double value = header_number(tokens, line_no, "GAIN", "a gain value");
    bool dBi = false;  // no unit: dBd (Planet convention)
    if (tokens.size() >= 3) {
      const std::string unit = to_upper(tokens[2].text);
      if (unit == "DBI") {
        dBi = true;
      } else if (unit != "DBD") {
        throw_input_error(at(line_no, tokens[2].column), "GAIN unit", quoted(tokens[2].text),
                          "dBd or dBi (no unit means dBd)");
      }
    }
    if (tokens.size() >= 4) {
      throw_input_error(at(line_no, tokens[3].column), "GAIN", quoted(tokens[3].text),
                        "the end of the line after 'GAIN <value> [dBd|dBi]'");
    }
    pattern_.gain_dBi = dBi ? value : value + kDipoleGain_dBi;
    have_gain_ = true;
  }

  void read_tilt(const std::vector<Token>& tokens, int line_no) {
    std::size_t i = 1;
    if (tokens.size() > i) {
      const std::string kind = to_upper(tokens[i].text);
      if (kind == "ELECTRICAL" || kind == "MECHANICAL") {
        pattern_.tilt_kind = kind;
        ++i;
      }
    }
    if (tokens.size() > i) {
      const std::optional<double> v = to_number(tokens[i].text);
      if (!v) {
        throw_input_error(at(line_no, tokens[i].column), "TILT", quoted(tokens[i].text),
                          "ELECTRICAL or MECHANICAL, optionally followed by the tilt in degrees");
      }
      pattern_.tilt_deg = *v;
    }
  }

  void start_section(const std::string& key, const std::vector<Token>& tokens, int line_no) {
    bool& have = key == "HORIZONTAL" ? have_h_ : have_v_;
    if (have) {
      throw_input_error(at(line_no, tokens[0].column), key, "a second " + key + " section",
                        "one " + key + " section");
    }
    const std::string expected = "the number of rows that follow, an integer >= 2";
    if (tokens.size() < 2) throw_input_error(at(line_no), key, "no row count", expected);
    const std::optional<double> n = to_number(tokens[1].text);
    if (!n || *n < 2 || *n != std::floor(*n)) {
      throw_input_error(at(line_no, tokens[1].column), key, quoted(tokens[1].text), expected);
    }
    if (*n > static_cast<double>(kMaxSectionRows)) {
      // Said apart from the shape of the count: the limit is what a large count breaks.
      throw_input_error(
          at(line_no, tokens[1].column), key, quoted(tokens[1].text) + " rows",
          fmt::format("at most {} rows (a cut in 0.1 degree steps has 3600)", kMaxSectionRows));
    }
    if (tokens.size() > 2) {
      throw_input_error(at(line_no, tokens[2].column), key, quoted(tokens[2].text),
                        "the end of the line after '" + key + " <count>'");
    }
    have = true;
    section_ = Section{key, line_no, static_cast<std::size_t>(*n), {}};
    section_->rows.reserve(section_->count);
  }

  void read_row(const std::vector<Token>& tokens, int line_no) {
    Section& s = *section_;
    const std::string field_angle = s.name + " angle";
    const std::string field_att = s.name + " attenuation";
    if (tokens.size() != 2) {
      const Token& where = tokens.size() > 2 ? tokens[2] : tokens[0];
      throw_input_error(at(line_no, where.column), s.name + " row",
                        fmt::format("{} value{}", tokens.size(), tokens.size() == 1 ? "" : "s"),
                        "2 values '<angle_deg> <attenuation_dB>'");
    }
    const std::optional<double> angle = to_number(tokens[0].text);
    if (!angle) {
      throw_input_error(at(line_no, tokens[0].column), field_angle, quoted(tokens[0].text),
                        "a number in degrees");
    }
    const std::optional<double> att = to_number(tokens[1].text);
    if (!att) {
      throw_input_error(at(line_no, tokens[1].column), field_att, quoted(tokens[1].text),
                        "a number in dB");
    }
    if (*angle < 0 || *angle >= 360) {
      throw_input_error(at(line_no, tokens[0].column), field_angle, quoted(tokens[0].text),
                        "an angle in [0, 360) degrees");
    }
    if (!s.rows.empty() && *angle <= s.rows.back().angle_deg) {
      throw_input_error(
          at(line_no, tokens[0].column), field_angle, quoted(tokens[0].text),
          fmt::format("an angle greater than the previous row's {:g}", s.rows.back().angle_deg));
    }
    if (*att < 0) {
      throw_input_error(at(line_no, tokens[1].column), field_att, quoted(tokens[1].text),
                        "an attenuation >= 0 dB relative to the maximum gain");
    }
    s.rows.push_back({*angle, *att});
  }

  // Closes the open section; too few rows is an error reported at line_no (or, at the end of
  // the file, at the line that declared the section).
  void finish_section(int line_no, bool at_end) {
    if (!section_) return;
    Section& s = *section_;
    if (!s.done()) {
      const std::string found =
          fmt::format("{} row{} {}", s.rows.size(), s.rows.size() == 1 ? "" : "s",
                      at_end ? "before the end of the file" : "before this line");
      throw_input_error(at(at_end ? s.declared_line : line_no), s.name, found,
                        fmt::format("{} rows as declared at line {}", s.count, s.declared_line));
    }
    (s.name == "HORIZONTAL" ? pattern_.horizontal : pattern_.vertical) =
        PatternCut(std::move(s.rows));
    last_section_ = s.name;
    last_count_ = s.count;
    last_declared_line_ = s.declared_line;
    section_.reset();
  }

  MsiPattern pattern_;
  std::optional<Section> section_;
  std::string last_section_;
  std::size_t last_count_ = 0;
  int last_declared_line_ = 0;
  bool have_gain_ = false;
  bool have_h_ = false;
  bool have_v_ = false;
};

}  // namespace

MsiPattern parse_msi(std::string_view text, const std::string& source) {
  return MsiParser(source).parse(text);
}

MsiPattern read_msi_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw_input_error({path}, "pattern file", "a file that cannot be opened",
                      "a readable MSI / Planet pattern file");
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    throw_input_error({path}, "pattern file", "a read error",
                      "a readable MSI / Planet pattern file");
  }
  return parse_msi(buffer.str(), path);
}

// ---------------------------------------------------------------------------------------------
// 3-D pattern (method and sources in msi_pattern.h)

namespace {

double cap_dB(const MsiPattern& p) noexcept {
  return std::max(p.horizontal.max_attenuation_dB(), p.vertical.max_attenuation_dB());
}

double combine_dB(const MsiPattern& p, double theta_l_deg, double phi_l_deg, double A_max_dB,
                  double H0_dB, double H180_dB) noexcept {
  const double phi = wrap_pm180_deg(phi_l_deg);
  const double elevation = 90.0 - theta_l_deg;
  double a;
  if (std::abs(phi) <= 90.0) {  // front: vertical angle 0 = front horizon, 90 = down
    a = p.horizontal.attenuation_dB(phi) + p.vertical.attenuation_dB(-elevation) - H0_dB;
  } else {  // back: vertical angle 180 = back horizon, 270 = up
    a = p.horizontal.attenuation_dB(phi) + p.vertical.attenuation_dB(180.0 + elevation) - H180_dB;
  }
  return std::clamp(a, 0.0, A_max_dB);  // TR 38.901 Table 7.3-1 cap -min{., A_max}
}

}  // namespace

double msi_attenuation_dB(const MsiPattern& pattern, double theta_l_deg,
                          double phi_l_deg) noexcept {
  return combine_dB(pattern, theta_l_deg, phi_l_deg, cap_dB(pattern),
                    pattern.horizontal.attenuation_dB(0.0),
                    pattern.horizontal.attenuation_dB(180.0));
}

MsiAntenna::MsiAntenna(MsiPattern pattern, double azimuth_deg, double downtilt_deg)
    : pattern_(std::move(pattern)),
      orientation_(azimuth_deg, downtilt_deg),
      A_max_dB_(cap_dB(pattern_)),
      H0_dB_(pattern_.horizontal.attenuation_dB(0.0)),
      H180_dB_(pattern_.horizontal.attenuation_dB(180.0)) {
  // The sum separates per side, so its minimum is the sum of the cuts' minima on that side.
  const double front = pattern_.horizontal.min_attenuation_dB(270.0, 90.0) +
                       pattern_.vertical.min_attenuation_dB(270.0, 90.0) - H0_dB_;
  const double back = pattern_.horizontal.min_attenuation_dB(90.0, 270.0) +
                      pattern_.vertical.min_attenuation_dB(90.0, 270.0) - H180_dB_;
  const double min_att =
      std::min(std::clamp(front, 0.0, A_max_dB_), std::clamp(back, 0.0, A_max_dB_));
  max_gain_dBi_ = pattern_.gain_dBi - min_att;
}

double MsiAntenna::gain_dBi(double bearing_deg, double elevation_deg) const noexcept {
  const LocalDirection l = orientation_.to_local(bearing_deg, elevation_deg);  // TR 38.901 §7.1.3
  return pattern_.gain_dBi -
         combine_dB(pattern_, l.theta_deg, l.phi_deg, A_max_dB_, H0_dB_, H180_dB_);
}

std::string MsiAntenna::describe() const {
  return fmt::format("msi '{}' {:g} dBi az {:g} tilt {:g} ({})",
                     pattern_.name.empty() ? pattern_.source : pattern_.name, pattern_.gain_dBi,
                     orientation_.azimuth_deg(), orientation_.downtilt_deg(), pattern_.source);
}

}  // namespace akichi::prop
