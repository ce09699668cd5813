// ITU-R P.452-18 point-to-point driver on the WP 3M CSV formats. See the header.
#include "sim/p2p/p452.h"

#include <cmath>
#include <string>

#include "base/errors.h"
#include "base/text.h"

namespace akichi::sim::p2p {
namespace p452 = prop::p452_18;

namespace {

/// Column whose header starts with `prefix` (case-insensitive), -1 if none.
int column_starting_with(const CsvTable& t, std::string_view prefix) {
  for (std::size_t i = 0; i < t.header().size(); ++i) {
    if (to_lower(t.header()[i]).rfind(prefix, 0) == 0) return static_cast<int>(i);
  }
  return -1;
}

[[noreturn]] void bad_field(const CsvTable& t, std::size_t r, int c, const std::string& found,
                            std::string_view expected) {
  throw InputError(format_input_error({t.source(), t.line_of(r)},
                                      "column " + t.header()[static_cast<std::size_t>(c)],
                                      "'" + found + "'", expected));
}

}  // namespace

P452Profile read_p452_profile(const std::string& path) {
  const CsvTable t = CsvTable::read(path);
  const int cd = t.column("d");
  const int ch = t.column("h");
  const int cg = t.find_column("ground cover height");
  int cz = column_starting_with(t, "zone: 1");
  const int cz_letters = column_starting_with(t, "zone: a1");
  P452Profile p;
  const std::size_t n = t.rows();
  p.d_km.reserve(n);
  p.h_m.reserve(n);
  // A value the CSV reader takes as a number may still be no distance or height ("nan",
  // "inf"): refused here, against this file, before a case is computed on it.
  const auto finite = [&](std::size_t r, int c, std::string_view expected) {
    const double v = t.number(r, c);
    if (!std::isfinite(v)) bad_field(t, r, c, t.text(r, c), expected);
    return v;
  };
  for (std::size_t r = 0; r < n; ++r) {
    p.d_km.push_back(finite(r, cd, "a finite distance (km)"));
    p.h_m.push_back(finite(r, ch, "a finite height (m)"));
    if (cg >= 0) {
      const double g = t.number(r, cg);
      if (!(g >= 0.0) || !std::isfinite(g))
        bad_field(t, r, cg, t.text(r, cg), "a finite ground-cover height >= 0 m");
      p.clutter_m.push_back(g);
    }
    if (cz >= 0) {
      const double z = t.number(r, cz);
      if (z != 1.0 && z != 2.0 && z != 3.0) bad_field(t, r, cz, t.text(r, cz), "1, 2 or 3");
      p.zone.push_back(static_cast<p452::Zone>(static_cast<int>(z)));
    } else if (cz_letters >= 0) {
      const std::string z = to_lower(t.text(r, cz_letters));
      if (z == "a1") {
        p.zone.push_back(p452::Zone::CoastalLand);
      } else if (z == "a2") {
        p.zone.push_back(p452::Zone::Inland);
      } else if (z == "b") {
        p.zone.push_back(p452::Zone::Sea);
      } else {
        bad_field(t, r, cz_letters, t.text(r, cz_letters), "A1, A2 or B");
      }
    }
  }
  if (n < 4) {
    throw InputError(
        format_input_error({path}, "profile", std::to_string(n) + " points", "at least 4 points"));
  }
  for (std::size_t r = 1; r < n; ++r) {
    if (!(p.d_km[r] > p.d_km[r - 1])) {
      bad_field(t, r, cd, t.text(r, cd), "a distance larger than the previous row's");
    }
  }
  if (p.d_km[0] != 0.0) bad_field(t, 0, cd, t.text(0, cd), "0 (the transmitter)");
  return p;
}

namespace {

P452Case make_case(const CsvTable& t, std::size_t r, const P452Profile& profile,
                   const P452Maps* maps) {
  P452Case c;
  auto num = [&](std::string_view name) { return t.number(r, t.column(name)); };
  c.path.d_km = profile.d_km;
  c.path.h_m = profile.h_m;
  c.path.clutter_m = profile.clutter_m;
  c.path.zone = profile.zone;
  c.path.htg_m = num("htg");
  c.path.hrg_m = num("hrg");
  c.path.phit_e_deg = num("phit_e");
  c.path.phit_n_deg = num("phit_n");
  c.path.phir_e_deg = num("phir_e");
  c.path.phir_n_deg = num("phir_n");
  c.path.dct_km = num("dct");
  c.path.dcr_km = num("dcr");
  c.path.pressure_hPa = num("press");
  c.path.temperature_C = num("temp");
  if (maps != nullptr && (maps->delta_N || maps->N0)) {
    // P.452-18 §3.2.1: the maps are read at the path centre
    const auto centre = prop::itu_maps::great_circle_midpoint(c.path.phit_e_deg, c.path.phit_n_deg,
                                                              c.path.phir_e_deg, c.path.phir_n_deg);
    c.path.delta_N =
        maps->delta_N ? maps->delta_N->interpolate(centre.lat_deg, centre.lon_deg) : num("DN");
    c.path.N0 = maps->N0 ? maps->N0->interpolate(centre.lat_deg, centre.lon_deg) : num("N0");
  } else {
    c.path.delta_N = num("DN");
    c.path.N0 = num("N0");
  }
  c.radio.f_GHz = num("f");
  c.radio.p_percent = num("p");
  c.radio.Gt_dBi = num("Gt");
  c.radio.Gr_dBi = num("Gr");
  const int cpol = t.column("pol");
  const double pol = t.number(r, cpol);
  if (pol != 1.0 && pol != 2.0)
    bad_field(t, r, cpol, t.text(r, cpol), "1 (horizontal) or 2 (vertical)");
  c.radio.pol = pol == 1.0 ? p452::Polarization::Horizontal : p452::Polarization::Vertical;
  try {
    p452::check_path(c.path);
    p452::check_radio(c.radio);
  } catch (const InputError& e) {
    throw InputError(format_input_error({t.source(), t.line_of(r)}, "row", e.what(),
                                        "inputs within P.452-18's domain"));
  }
  return c;
}

}  // namespace

P452Case p452_case(const CsvTable& t, std::size_t r, const P452Profile& profile) {
  return make_case(t, r, profile, nullptr);
}

P452Case p452_case(const CsvTable& t, std::size_t r, const P452Profile& profile,
                   const P452Maps& maps) {
  return make_case(t, r, profile, &maps);
}

std::vector<std::string> p452_output_fields(const p452::PathAnalysis& a, const p452::Losses& L) {
  return {exact(a.ae_km),
          exact(a.dtot_km),
          exact(a.hts_m),
          exact(a.hrs_m),
          exact(a.theta_t_mrad),
          exact(a.theta_r_mrad),
          exact(a.theta_mrad),
          exact(a.hm_m),
          exact(a.hte_m),
          exact(a.hre_m),
          exact(a.hstd_m),
          exact(a.hsrd_m),
          exact(a.dlt_km),
          exact(a.dlr_km),
          a.trans_horizon ? "Trans-Horizon" : "Line of Sight",
          exact(a.dtm_km),
          exact(a.dlm_km),
          exact(a.b0_percent),
          exact(a.omega),
          exact(a.delta_N),
          exact(a.N0),
          exact(L.Lb),
          exact(L.Lbfsg),
          exact(L.Lb0p),
          exact(L.Lb0b),
          exact(L.Ldsph),
          exact(L.Ld50),
          exact(L.Ldp),
          exact(L.Lbs),
          exact(L.Lba)};
}

void run_p452_18_p2p(const P2pRequest& request) {
  run_p452_18_p2p(request, P452Maps{});
}

void run_p452_18_p2p(const P2pRequest& request, const P452Maps& maps) {
  const P452Profile profile = read_p452_profile(request.profile);
  const CsvTable cases = CsvTable::read(request.cases);
  std::vector<std::string> header = cases.header();
  for (std::string_view name : kP452OutputNames) header.push_back("akichi_" + std::string(name));
  std::vector<std::vector<std::string>> rows;
  rows.reserve(cases.rows());
  p452::PathAnalysis analysis;
  for (std::size_t r = 0; r < cases.rows(); ++r) {
    const P452Case c = p452_case(cases, r, profile, maps);
    p452::analyse_path(c.path, analysis);
    const p452::Losses L = p452::evaluate(analysis, c.radio);
    std::vector<std::string> row = cases.row(r);
    for (std::string& f : p452_output_fields(analysis, L)) row.push_back(std::move(f));
    rows.push_back(std::move(row));
  }
  write_csv_atomically(request.output, header, rows);
}

}  // namespace akichi::sim::p2p
