// `akichi p2p --model itm` -- see itm.h.
#include "sim/p2p/itm.h"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "base/errors.h"
#include "base/text.h"
#include "propagation/models/ntia_itm.h"
#include "sim/input/csv.h"

namespace akichi::sim::p2p {
namespace {

namespace itm = prop::itm;

/// Profiles of an ITM pfl file, one per non-blank line, with their line numbers.
struct PflFile {
  std::string path;
  std::vector<std::vector<double>> rows;
  std::vector<int> lines;
};

PflFile read_pfl_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw InputError(format_input_error({path}, "", "a file that cannot be opened",
                                        "a readable ITM profile file"));
  }
  PflFile f;
  f.path = path;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos || line[0] == '#') continue;
    std::vector<double> row;
    int col = 0;
    for (const std::string& field : split(line, ',')) {
      ++col;
      errno = 0;
      char* stop = nullptr;
      const double v = std::strtod(field.c_str(), &stop);
      if (field.empty() || stop == field.c_str() || *stop != '\0' || errno == ERANGE ||
          !std::isfinite(v)) {
        throw InputError(
            format_input_error({path, line_no, col}, "pfl", "'" + field + "'", "a number"));
      }
      row.push_back(v);
    }
    const double np = row[0];
    if (row.size() < 2 || np != std::floor(np) || np < 2 ||
        row.size() != static_cast<std::size_t>(np) + 3) {
      throw InputError(format_input_error({path, line_no}, "pfl",
                                          fmt::format("{} fields with np = {}", row.size(), np),
                                          "np (an integer >= 2), xi, then np + 1 elevations"));
    }
    if (!(row[1] > 0)) {
      throw InputError(format_input_error({path, line_no, 2}, "pfl xi", fmt::format("{}", row[1]),
                                          "a spacing > 0 m"));
    }
    f.rows.push_back(std::move(row));
    f.lines.push_back(line_no);
  }
  if (f.rows.empty()) {
    throw InputError(format_input_error({path}, "", "no profile", "at least one pfl row"));
  }
  return f;
}

/// The input column an ITM return code points at.
const char* column_of(int rc, bool cr) {
  switch (rc) {
    case itm::kErrorTxTerminalHeight:
      return "h_tx__meter";
    case itm::kErrorRxTerminalHeight:
      return "h_rx__meter";
    case itm::kErrorInvalidRadioClimate:
      return "climate";
    case itm::kErrorInvalidTime:
      return "time";
    case itm::kErrorInvalidLocation:
      return "location";
    case itm::kErrorInvalidSituation:
      return "situation";
    case itm::kErrorInvalidConfidence:
      return "confidence";
    case itm::kErrorInvalidReliability:
      return "reliability";
    case itm::kErrorRefractivity:
    case itm::kErrorSurfaceRefractivitySmall:
    case itm::kErrorSurfaceRefractivityLarge:
    case itm::kErrorEffectiveEarth:
      return "N_0";
    case itm::kErrorFrequency:
      return "f__mhz";
    case itm::kErrorPolarization:
      return "pol";
    case itm::kErrorEpsilon:
    case itm::kErrorGroundImpedance:
      return "epsilon";
    case itm::kErrorSigma:
      return "sigma";
    case itm::kErrorMdvar:
      return "mdvar";
    case itm::kErrorPathDistance:
      return "d__km";
    case itm::kErrorDeltaH:
      return "delta_h__meter";
    case itm::kErrorTxSitingCriteria:
      return "tx_siting_criteria";
    case itm::kErrorRxSitingCriteria:
      return "rx_siting_criteria";
    default:
      return cr ? "reliability" : "time";
  }
}

const char* expected_of(int rc) {
  switch (rc) {
    case itm::kErrorTxTerminalHeight:
    case itm::kErrorRxTerminalHeight:
      return "0.5..3000 m";
    case itm::kErrorInvalidRadioClimate:
      return "an integer 1..7";
    case itm::kErrorInvalidTime:
    case itm::kErrorInvalidLocation:
    case itm::kErrorInvalidSituation:
    case itm::kErrorInvalidConfidence:
    case itm::kErrorInvalidReliability:
      return "a percentage in (0, 100)";
    case itm::kErrorRefractivity:
      return "250..400 N-units";
    case itm::kErrorSurfaceRefractivitySmall:
    case itm::kErrorSurfaceRefractivityLarge:
      return "a surface refractivity N_s = N_0 exp(-h_path / 9460 m) in 150..400 N-units";
    case itm::kErrorEffectiveEarth:
      return "an effective earth radius of 4000..13333 km";
    case itm::kErrorFrequency:
      return "20..20000 MHz";
    case itm::kErrorPolarization:
      return "0 (horizontal) or 1 (vertical)";
    case itm::kErrorEpsilon:
      return "a relative permittivity >= 1";
    case itm::kErrorGroundImpedance:
      return "ground constants whose impedance has a real part above its imaginary part";
    case itm::kErrorSigma:
      return "a conductivity > 0 S/m";
    case itm::kErrorMdvar:
      return "0-3, 10-13, 20-23 or 30-33";
    case itm::kErrorPathDistance:
      return "a distance > 0 km";
    case itm::kErrorDeltaH:
      return "a terrain irregularity >= 0 m";
    case itm::kErrorTxSitingCriteria:
    case itm::kErrorRxSitingCriteria:
      return "0 (random), 1 (careful) or 2 (very careful)";
    case itm::kErrorProfile:
      return "np >= 2 points, a spacing xi > 0 m and finite elevations";
    default:
      return "valid ITM inputs";
  }
}

int as_int(const CsvTable& t, std::size_t r, std::string_view col) {
  const double v = t.number(r, col);
  if (v != std::floor(v) || std::abs(v) > 1e6) {
    throw InputError(format_input_error({t.source(), t.line_of(r), t.column(col) + 1},
                                        "column " + std::string(col), fmt::format("{}", v),
                                        "an integer"));
  }
  return static_cast<int>(v);
}

const char* mode_name(itm::PropMode m) {
  switch (m) {
    case itm::PropMode::LineOfSight:
      return "line_of_sight";
    case itm::PropMode::Diffraction:
      return "diffraction";
    case itm::PropMode::Troposcatter:
      return "troposcatter";
    case itm::PropMode::NotSet:
      break;
  }
  return "";
}

}  // namespace

void run_itm_p2p(const P2pRequest& request) {
  if (request.cases.empty()) {
    throw InputError(format_input_error({}, "--cases", "nothing", "an NTIA ITM cases CSV"));
  }
  const CsvTable t = CsvTable::read(request.cases);
  if (t.rows() == 0) {
    throw InputError(format_input_error({request.cases}, "", "no case row",
                                        "at least one case below the header"));
  }
  const bool area = t.find_column("d__km") >= 0 && t.find_column("delta_h__meter") >= 0;
  const bool cr = t.find_column("time") < 0 && t.find_column("confidence") >= 0;

  PflFile pfl;
  if (!area) {
    if (request.profile.empty()) {
      throw InputError(format_input_error({request.cases}, "--profile", "no profile file",
                                          "a pfl file for the point-to-point cases"));
    }
    pfl = read_pfl_file(request.profile);
    if (pfl.rows.size() != 1 && pfl.rows.size() != t.rows()) {
      throw InputError(format_input_error(
          {pfl.path}, "", fmt::format("{} profiles for {} cases", pfl.rows.size(), t.rows()),
          "one profile per case, or a single profile"));
    }
  }

  std::vector<std::string> header = t.header();
  for (const char* c : {"akichi_A__db", "akichi_return_code", "akichi_warnings",
                        "akichi_warning_names", "akichi_A_ref__db", "akichi_A_fs__db",
                        "akichi_delta_h__meter", "akichi_N_s", "akichi_mode"}) {
    header.emplace_back(c);
  }
  std::vector<std::vector<std::string>> out;
  out.reserve(t.rows());

  for (std::size_t r = 0; r < t.rows(); ++r) {
    itm::ItmParams p;
    p.climate = as_int(t, r, "climate");
    p.N_0 = t.number(r, "N_0");
    p.f_MHz = t.number(r, "f__mhz");
    p.pol = as_int(t, r, "pol");
    p.epsilon = t.number(r, "epsilon");
    p.sigma = t.number(r, "sigma");
    p.mdvar = as_int(t, r, "mdvar");
    const double h_tx = t.number(r, "h_tx__meter");
    const double h_rx = t.number(r, "h_rx__meter");
    double v1, v2, v3 = 0;
    if (cr) {
      v1 = t.number(r, "confidence");
      v2 = t.number(r, "reliability");
    } else {
      v1 = t.number(r, "time");
      v2 = t.number(r, "location");
      v3 = t.number(r, "situation");
    }

    itm::ItmResult res;
    if (area) {
      const int tx_s = as_int(t, r, "tx_siting_criteria");
      const int rx_s = as_int(t, r, "rx_siting_criteria");
      const double d_km = t.number(r, "d__km");
      const double dh = t.number(r, "delta_h__meter");
      res = cr ? itm::area_cr(h_tx, h_rx, tx_s, rx_s, d_km, dh, p, v1, v2)
               : itm::area_tls(h_tx, h_rx, tx_s, rx_s, d_km, dh, p, v1, v2, v3);
    } else {
      const std::size_t k = pfl.rows.size() == 1 ? 0 : r;
      const itm::ItmProfile prof = itm::profile_from_pfl(pfl.rows[k].data());
      res = cr ? itm::p2p_cr(h_tx, h_rx, prof, p, v1, v2)
               : itm::p2p_tls(h_tx, h_rx, prof, p, v1, v2, v3);
    }
    if (!res.ok() && !area &&
        (res.rc == itm::kErrorSurfaceRefractivitySmall ||
         res.rc == itm::kErrorSurfaceRefractivityLarge || res.rc == itm::kErrorEffectiveEarth ||
         res.rc == itm::kErrorProfile)) {
      // N_0 is within 250..400 N-units (checked first, kErrorRefractivity), so the surface
      // refractivity N_s = N_0 exp(-h / 9460 m) is out of range by the profile's mean elevation
      // h near the terminals: the profile's elevations are wrong, not the case's N_0. (A profile
      // ITM refuses as such, kErrorProfile, is the profile file's too.)
      const std::size_t k = pfl.rows.size() == 1 ? 0 : r;
      throw InputError(format_input_error(
          {pfl.path, pfl.lines[k]}, "pfl elevations",
          fmt::format("elevations giving {} with N_0 = {} of {}:{}", itm::return_code_name(res.rc),
                      t.text(r, t.column("N_0")), t.source(), t.line_of(r)),
          fmt::format("elevations for which {}", expected_of(res.rc))));
    }
    if (!res.ok()) {
      const std::string col = column_of(res.rc, cr);
      const int c = t.find_column(col);
      throw InputError(format_input_error(
          {t.source(), t.line_of(r), c >= 0 ? c + 1 : 0}, "column " + col,
          c >= 0 ? "'" + t.text(r, c) + "' (" + itm::return_code_name(res.rc) + ")"
                 : std::string(itm::return_code_name(res.rc)),
          expected_of(res.rc)));
    }
    std::vector<std::string> row = t.row(r);
    row.push_back(exact(res.A_dB));
    row.push_back(std::to_string(res.rc));
    row.push_back(fmt::format("0x{:04X}", res.warnings));
    row.push_back(itm::warning_names(res.warnings));
    row.push_back(exact(res.iv.A_ref_dB));
    row.push_back(exact(res.iv.A_fs_dB));
    row.push_back(exact(res.iv.delta_h_m));
    row.push_back(exact(res.iv.N_s));
    row.push_back(mode_name(res.iv.mode));
    out.push_back(std::move(row));
  }
  write_csv_atomically(request.output, header, out);
}

}  // namespace akichi::sim::p2p
