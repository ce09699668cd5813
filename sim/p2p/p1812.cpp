#include "sim/p2p/p1812.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "base/errors.h"
#include "base/text.h"
#include "sim/input/csv.h"

namespace akichi::sim::p2p {
namespace {

/// The comma-separated fields of a line, each trimmed.
std::vector<std::string> fields_of(std::string_view line) {
  std::vector<std::string> out = split(line, ',');
  for (std::string& f : out) f = std::string(trim(f));
  return out;
}

bool to_number(const std::string& s, double& v) {
  if (s.empty()) return false;
  errno = 0;
  char* end = nullptr;
  v = std::strtod(s.c_str(), &end);
  return errno == 0 && end == s.c_str() + s.size() && std::isfinite(v);
}

struct Line {
  int number;
  std::vector<std::string> f;
};

double number_at(const std::string& source, const Line& l, std::size_t col,
                 const std::string& field) {
  double v = 0;
  const std::string found = col < l.f.size() ? l.f[col] : std::string();
  if (!to_number(found, v)) {
    throw_input_error({source, l.number, static_cast<int>(col) + 1}, field,
                      found.empty() ? "an empty field" : "'" + found + "'", "a number");
  }
  return v;
}

/// The profile rows of lines [from, to) (comments and blank lines skipped); at least 3.
void read_profile_rows(const std::string& source, const std::vector<Line>& lines, std::size_t from,
                       std::size_t to, Sg3File& file) {
  for (std::size_t i = from; i < to; ++i) {
    const Line& l = lines[i];
    if (l.f.empty() || l.f[0].empty() || l.f[0][0] == '#') continue;
    file.d_km.push_back(number_at(source, l, 0, "profile distance"));
    file.h_m.push_back(number_at(source, l, 1, "profile ground height"));
    const double cov = number_at(source, l, 2, "profile coverage code");
    const double R = number_at(source, l, 3, "profile ground cover height");
    const double zone = number_at(source, l, 4, "profile radio met code");
    if (cov != std::floor(cov) || cov < 1 || cov > 5)
      throw_input_error({source, l.number, 3}, "profile coverage code", l.f[2], "1..5");
    if (R < 0)
      throw_input_error({source, l.number, 4}, "profile ground cover height", l.f[3], ">= 0 m");
    if (zone != 1 && zone != 3 && zone != 4)
      throw_input_error({source, l.number, 5}, "profile radio met code", l.f[4],
                        "1 (sea), 3 (coastal land) or 4 (inland)");
    file.coverage.push_back(static_cast<int>(cov));
    file.R_m.push_back(R);
    file.zone.push_back(static_cast<int>(zone));
  }
  if (file.d_km.size() < 3) {
    throw_input_error({source, lines[to].number}, "profile",
                      std::to_string(file.d_km.size()) + " points", "at least 3 points");
  }
}

/// A profile given from the receiver turned into one from the transmitter.
void reverse_profile(Sg3File& file) {
  // Distances from the first point (the receiver) turned into distances from the transmitter.
  const double dmax = file.d_km.back();
  std::reverse(file.d_km.begin(), file.d_km.end());
  for (double& d : file.d_km) d = dmax - d;
  std::reverse(file.h_m.begin(), file.h_m.end());
  std::reverse(file.R_m.begin(), file.R_m.end());
  std::reverse(file.coverage.begin(), file.coverage.end());
  std::reverse(file.zone.begin(), file.zone.end());
}

}  // namespace

Sg3File parse_sg3(std::string_view text, const std::string& source) {
  std::vector<Line> lines;
  {
    int number = 0;
    for (const std::string_view l : split_lines(text)) lines.push_back({++number, fields_of(l)});
  }
  Sg3File file;
  file.source = source;
  auto find_key = [&](std::string_view key) -> const Line* {
    for (const Line& l : lines) {
      if (!l.f.empty() && to_lower(l.f[0]).rfind(key, 0) == 0) return &l;
    }
    return nullptr;
  };
  auto header_value = [&](std::string_view key, const char* field) {
    const Line* l = find_key(key);
    if (!l)
      throw_input_error({source}, field, "no line '" + std::string(key) + "'",
                        "a header line with a value");
    return number_at(source, *l, 1, field);
  };
  file.tx_lat_deg = header_value("tx lat", "Tx LAT");
  file.tx_lon_deg = header_value("tx lon", "Tx LON");
  file.rx_lat_deg = header_value("rx lat", "Rx LAT");
  file.rx_lon_deg = header_value("rx lon", "Rx LON");
  file.dN = header_value("average annual values dn", "dN");
  file.N0 = header_value("average annual sea-level surface refractivity", "N0");
  bool first_is_tx = true;
  if (const Line* l = find_key("first point tx or rx"); l && l->f.size() > 1 && !l->f[1].empty()) {
    const std::string v = to_lower(l->f[1]);
    if (v == "r") {
      first_is_tx = false;
    } else if (v != "t") {
      throw_input_error({source, l->number, 2}, "First Point TX or RX", "'" + l->f[1] + "'",
                        "T or R");
    }
  }

  std::size_t i = 0;
  auto find_marker = [&](std::string_view marker, std::size_t from) {
    for (std::size_t k = from; k < lines.size(); ++k) {
      if (!lines[k].f.empty() && to_lower(lines[k].f[0]) == marker) return k;
    }
    throw_input_error({source}, std::string(marker), "no such line",
                      "an SG3 measurement-data file");
  };
  i = find_marker("{begin of profile}", 0) + 1;
  if (i < lines.size() && to_lower(lines[i].f[0]).rfind("number of points", 0) == 0) ++i;
  const std::size_t profile_end = find_marker("{end of profile}", i);
  read_profile_rows(source, lines, i, profile_end, file);
  if (!first_is_tx) reverse_profile(file);

  const std::size_t mbegin = find_marker("{begin of measurements}", profile_end);
  // The column names are two lines above the marker (names, then units).
  std::size_t hdr = mbegin;
  while (hdr > profile_end + 1) {
    --hdr;
    if (!lines[hdr].f.empty() && to_lower(lines[hdr].f[0]) == "frequency") break;
  }
  if (to_lower(lines[hdr].f[0]) != "frequency") {
    throw_input_error({source, lines[mbegin].number}, "measurement header", "none",
                      "a line starting with 'Frequency'");
  }
  file.measurement_header = lines[hdr].f;
  while (!file.measurement_header.empty() && file.measurement_header.back().empty())
    file.measurement_header.pop_back();
  const std::size_t mend = find_marker("{end of measurements}", mbegin);
  for (std::size_t k = mbegin + 1; k < mend; ++k) {
    const Line& l = lines[k];
    if (l.f.empty() || l.f[0].empty() || l.f[0][0] == '#') continue;
    std::vector<std::string> row = l.f;
    row.resize(file.measurement_header.size());
    file.measurements.push_back(std::move(row));
    file.measurement_lines.push_back(l.number);
  }
  return file;
}

Sg3File read_sg3(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError(format_input_error(
        {path}, "", "a file that cannot be opened (" + std::string(std::strerror(errno)) + ")",
        "a readable SG3 measurement-data CSV file"));
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_sg3(ss.str(), path);
}

prop::p1812::Profile sg3_profile(const Sg3File& file) {
  return {file.d_km, file.h_m, file.R_m, file.zone};
}

prop::p1812::Inputs sg3_inputs(const Sg3File& file, std::size_t r) {
  const auto& hdr = file.measurement_header;
  const auto& row = file.measurements[r];
  const int line = file.measurement_lines[r];
  auto column = [&](std::string_view name) -> std::size_t {
    for (std::size_t c = 0; c < hdr.size(); ++c) {
      if (to_lower(hdr[c]).rfind(name, 0) == 0) return c;
    }
    std::string all;
    for (const auto& h : hdr) all += (all.empty() ? "" : ", ") + h;
    throw_input_error({file.source}, "measurement column '" + std::string(name) + "'",
                      "columns " + all, "that column in the header");
  };
  auto value = [&](std::string_view name, bool required, double& v) {
    const std::size_t c = column(name);
    if (!required && row[c].empty()) return false;
    if (!to_number(row[c], v)) {
      throw_input_error({file.source, line, static_cast<int>(c) + 1}, hdr[c],
                        row[c].empty() ? "an empty field" : "'" + row[c] + "'", "a number");
    }
    return true;
  };
  prop::p1812::Inputs in;
  double f_MHz = 0, pol = 0, erp_dBW = 0;
  value("frequency", true, f_MHz);
  value("tx antenna height", true, in.htg_m);
  value("rx antenna height", true, in.hrg_m);
  value("polarisation", true, pol);
  value("time percentage", true, in.p_percent);
  in.f_GHz = f_MHz / 1e3;
  if (pol == 1) {
    in.pol = prop::p526::Polarization::Horizontal;
  } else if (pol == 2) {
    in.pol = prop::p526::Polarization::Vertical;
  } else {
    const std::size_t c = column("polarisation");
    throw_input_error({file.source, line, static_cast<int>(c) + 1}, hdr[c], "'" + row[c] + "'",
                      "1 (horizontal) or 2 (vertical)");
  }
  if (value("erp_max_total", false, erp_dBW)) {
    in.Ptx_kW = std::pow(10.0, erp_dBW / 10.0) * 1e-3;
  } else {
    // validate_p1812.m: e.r.p. from the measured field strength E and basic loss Lb of the row
    double E = 0, Lb = 0;
    value("measured field strength", true, E);
    value("basic transmission loss", true, Lb);
    in.Ptx_kW = std::pow(10.0, (-137.2217 + E - 20.0 * std::log10(f_MHz) + Lb) / 10.0);
  }
  in.dN = file.dN;
  in.N0 = file.N0;
  in.dct_km = 500.0;  // validate_p1812.m: 500 km (0 for a terminal at sea, applied by the model)
  in.dcr_km = 500.0;
  in.pL_percent = 50.0;
  in.sigmaL_dB = 0.0;
  const double dpnt = 0.5 * (file.d_km.back() - file.d_km.front());
  in.phi_path_deg = prop::p1812::path_centre_latitude_deg(file.tx_lat_deg, file.tx_lon_deg,
                                                          file.rx_lat_deg, file.rx_lon_deg, dpnt);
  try {
    prop::p1812::validate(sg3_profile(file), in, "p1812");
  } catch (const InputError& e) {
    throw InputError(file.source + ":" + std::to_string(line) + ": " + e.what());
  }
  return in;
}

void run_p1812_p2p(const P2pRequest& request) {
  const Sg3File file = read_sg3(request.profile);
  const prop::p1812::Profile profile = sg3_profile(file);
  std::vector<double> scratch(prop::p1812::scratch_size(file.d_km.size()));

  std::vector<std::string> header = file.measurement_header;
  const char* names[] = {
      "Lb",    "Ep",      "Ep_Ptx", "Ptx_kW",  "d",     "dlt",  "dlr",      "theta_t", "theta_r",
      "theta", "hts",     "hrs",    "omega",   "dtm",   "dlm",  "phi_path", "b0",      "ae",
      "hstd",  "hsrd",    "hte",    "hre",     "hm",    "Fi",   "Fj",       "Fk",      "Lbfs",
      "Lb0p",  "Lb0b",    "Lbulla", "Lbulls",  "Ldsph", "Ld50", "Ldb",      "Ldp",     "Lbd50",
      "Lbd",   "Lminb0p", "Lba",    "Lminbap", "Lbda",  "Lbam", "Lbs",      "Lbc",     "Lloc"};
  for (const char* n : names) header.push_back(std::string("akichi_") + n);

  std::vector<std::vector<std::string>> rows;
  for (std::size_t r = 0; r < file.measurements.size(); ++r) {
    const prop::p1812::Inputs in = sg3_inputs(file, r);
    const prop::p1812::Result x = prop::p1812::basic_transmission_loss(profile, in, scratch);
    std::vector<std::string> row = file.measurements[r];
    for (double v :
         {x.Lb,           x.Ep_dBuVm,      x.Ep_Ptx_dBuVm, in.Ptx_kW, x.d_km,    x.dlt_km, x.dlr_km,
          x.theta_t_mrad, x.theta_r_mrad,  x.theta_mrad,   x.hts_m,   x.hrs_m,   x.omega,  x.dtm_km,
          x.dlm_km,       in.phi_path_deg, x.b0_percent,   x.ae_km,   x.hstd_m,  x.hsrd_m, x.hte_m,
          x.hre_m,        x.hm_m,          x.Fi,           x.Fj,      x.Fk,      x.Lbfs,   x.Lb0p,
          x.Lb0b,         x.Lbulla,        x.Lbulls,       x.Ldsph,   x.Ld50,    x.Ldb,    x.Ldp,
          x.Lbd50,        x.Lbd,           x.Lminb0p,      x.Lba,     x.Lminbap, x.Lbda,   x.Lbam,
          x.Lbs,          x.Lbc,           x.Lloc}) {
      row.push_back(exact(v));
    }
    rows.push_back(std::move(row));
  }
  const std::string out = request.output.empty() ? request.profile + ".p1812.csv" : request.output;
  write_csv_atomically(out, header, rows);
}

}  // namespace akichi::sim::p2p
