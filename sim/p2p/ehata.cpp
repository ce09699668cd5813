// `akichi p2p --model ehata-ntia`: see ehata.h.
#include "sim/p2p/ehata.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "base/errors.h"
#include "propagation/models/ntia_ehata.h"
#include "sim/input/csv.h"

namespace akichi::sim::p2p {
namespace ehata = prop::ehata;

PflProfile read_pfl(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError(format_input_error(
        {path}, "", "a file that cannot be opened (" + std::string(std::strerror(errno)) + ")",
        "a readable ITM pfl profile"));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  std::vector<double> values;
  std::size_t pos = 0;
  int index = 0;
  while (pos < text.size()) {
    while (pos < text.size() &&
           (text[pos] == ',' || std::isspace(static_cast<unsigned char>(text[pos]))))
      ++pos;
    if (pos >= text.size()) break;
    std::size_t end = pos;
    while (end < text.size() && text[end] != ',' &&
           !std::isspace(static_cast<unsigned char>(text[end])))
      ++end;
    const std::string token = text.substr(pos, end - pos);
    char* stop = nullptr;
    const double v = std::strtod(token.c_str(), &stop);
    if (token.empty() || stop != token.c_str() + token.size() || !std::isfinite(v)) {
      throw InputError(format_input_error({path}, fmt::format("value {}", index + 1),
                                          "'" + token + "'", "a number"));
    }
    values.push_back(v);
    ++index;
    pos = end;
  }
  if (values.size() < 2) {
    throw InputError(format_input_error({path}, "header", fmt::format("{} values", values.size()),
                                        "np and the spacing in metres, then np+1 elevations"));
  }
  const double np_d = values[0];
  if (np_d < 1 || np_d != std::floor(np_d) || np_d > 1e8) {
    throw InputError(format_input_error({path}, "value 1 (np)", exact(np_d),
                                        "a whole number of intervals >= 1"));
  }
  const auto np = static_cast<std::size_t>(np_d);
  if (!(values[1] > 0)) {
    throw InputError(format_input_error({path}, "value 2 (spacing)", exact(values[1]),
                                        "a spacing in metres > 0"));
  }
  if (values.size() < np + 3) {
    throw InputError(format_input_error({path}, "elevations", fmt::format("{}", values.size() - 2),
                                        fmt::format("{} elevations (np + 1)", np + 1)));
  }
  PflProfile p;
  p.step_m = values[1];
  p.z_m.assign(values.begin() + 2, values.begin() + 2 + static_cast<std::ptrdiff_t>(np + 1));
  return p;
}

const std::vector<std::string>& ehata_ntia_output_columns() {
  static const std::vector<std::string> cols = {"akichi_Lb",
                                                "akichi_Lb_median",
                                                "akichi_h_b_eff_m",
                                                "akichi_h_m_eff_m",
                                                "akichi_d_km",
                                                "akichi_d_bp_km",
                                                "akichi_deltah_m",
                                                "akichi_theta_m_mrad",
                                                "akichi_beta",
                                                "akichi_single_horizon",
                                                "akichi_hedge_tilda_m",
                                                "akichi_d_hzn_mobile_m",
                                                "akichi_d_hzn_base_m",
                                                "akichi_isolated_ridge_dB",
                                                "akichi_median_rolling_hilly_dB",
                                                "akichi_fine_rolling_hilly_dB",
                                                "akichi_general_slope_dB",
                                                "akichi_mixed_path_dB"};
  return cols;
}

void run_ehata_ntia_p2p(const P2pRequest& request) {
  if (request.cases.empty()) {
    throw InputError(format_input_error({}, "--cases", "nothing", "the regression CSV file"));
  }
  if (request.output.empty()) {
    throw InputError(format_input_error({}, "-o", "nothing", "an output CSV file"));
  }
  const CsvTable t = CsvTable::read(request.cases);
  const int c_f = t.column("f");
  const int c_hb = t.column("hb");
  const int c_hm = t.column("hm");
  const int c_env = t.column("env");
  const int c_pfl = t.column("pfl file name");
  const int c_rel = t.find_column("reliability");
  const std::filesystem::path dir =
      request.pfl_dir.empty() ? std::filesystem::path(request.cases).parent_path() / "pfls"
                              : std::filesystem::path(request.pfl_dir);

  auto bad = [&](std::size_t r, int c, const std::string& found, const std::string& expected) {
    throw InputError(format_input_error({t.source(), t.line_of(r)},
                                        "column " + t.header()[static_cast<std::size_t>(c)], found,
                                        expected));
  };

  std::vector<std::vector<std::string>> out_rows;
  out_rows.reserve(t.rows());
  std::vector<double> scratch;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const double f = t.number(r, c_f);
    const double hb = t.number(r, c_hb);
    const double hm = t.number(r, c_hm);
    const double env_d = t.number(r, c_env);
    if (!(f > 0)) bad(r, c_f, exact(f), "a frequency in MHz > 0");
    if (!(hb >= 0)) bad(r, c_hb, exact(hb), "a base antenna height in m >= 0");
    if (!(hm >= 0)) bad(r, c_hm, exact(hm), "a mobile antenna height in m >= 0");
    if (env_d != std::floor(env_d) || std::fabs(env_d) > 1e6)
      bad(r, c_env, exact(env_d), "an integer NLCD environment code (22, 23, 24, ...)");
    double reliability = 0.5;
    if (c_rel >= 0) {
      reliability = t.number(r, c_rel);
      if (!(reliability > 0 && reliability < 1))
        bad(r, c_rel, exact(reliability), "a fraction in (0, 1)");
    }
    const std::string& name = t.text(r, c_pfl);
    if (name.empty()) bad(r, c_pfl, "an empty name", "a pfl file name");
    PflProfile p;
    try {
      p = read_pfl((dir / name).string());
    } catch (const InputError& e) {
      bad(r, c_pfl, "'" + name + "' (" + e.what() + ")", "a readable ITM pfl profile");
    }
    scratch.resize(p.z_m.size());
    const auto env = ehata::environment_from_nlcd(static_cast<int>(env_d));
    const double shift = ehata::normal_upper_quantile(reliability);
    ehata::Intermediates iv;
    const double lb = ehata::extended_hata_dB(p.z_m.data(), p.intervals(), p.step_m, f, hb, hm, env,
                                              shift, scratch.data(), &iv);
    std::vector<std::string> row = t.row(r);
    for (double v :
         {lb, iv.plb_median_dB, iv.h_b_eff_m, iv.h_m_eff_m, iv.d_km, iv.d_bp_km, iv.deltah_m,
          iv.theta_m_mrad, iv.beta, iv.single_horizon ? 1.0 : 0.0, iv.hedge_tilda_m, iv.d_hzn_m[0],
          iv.d_hzn_m[1], iv.isolated_ridge_dB, iv.median_rolling_hilly_dB, iv.fine_rolling_hilly_dB,
          iv.general_slope_dB, iv.mixed_path_dB})
      row.push_back(exact(v));
    out_rows.push_back(std::move(row));
  }
  std::vector<std::string> header = t.header();
  for (const auto& c : ehata_ntia_output_columns()) header.push_back(c);
  write_csv_atomically(request.output, header, out_rows);
}

}  // namespace akichi::sim::p2p
