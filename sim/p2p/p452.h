// `akichi p2p --model p452-18`: ITU-R P.452-18 (propagation/models/itu_r_p452_18.h) on the
// ITU-R WP 3M validation formats, read as they are:
//   --profile  a profile CSV: "d (km)", "h (m)", optionally "Ground cover height (m)" and a zone
//              column "zone: 1=Coastal Land/2=Inland/3=Sea" (or the letter codes A1/A2/B);
//   --cases    a CSV with one case per row, inputs taken by header name: f, p, htg, hrg,
//              phit_e, phit_n, phir_e, phir_n, Gt, Gr, pol (1 = horizontal, 2 = vertical),
//              dct, dcr, press, temp, DN, N0 (the columns of the WP 3M result files).
// The output is the input rows with akichi_<name> appended for Lb and every intermediate value
// the WP 3M result files carry (kP452OutputNames), written atomically to -o.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "propagation/models/itu_digital_maps.h"
#include "propagation/models/itu_r_p452_18.h"
#include "sim/input/csv.h"
#include "sim/p2p/p2p.h"

namespace akichi::sim::p2p {

/// A terrain profile in the WP 3M CSV layout.
struct P452Profile {
  std::vector<double> d_km;
  std::vector<double> h_m;
  std::vector<double> clutter_m;          ///< empty when the file has no ground-cover column
  std::vector<prop::p452_18::Zone> zone;  ///< empty when the file has no zone column
};

/// Reads a profile CSV; InputError naming file, row and column for a bad value.
P452Profile read_p452_profile(const std::string& path);

/// The prediction inputs of row `r` of a cases table (columns by header name), on `profile`.
/// InputError names the row and column of a missing or bad value.
struct P452Case {
  prop::p452_18::Path path;
  prop::p452_18::Radio radio;
};
P452Case p452_case(const CsvTable& cases, std::size_t r, const P452Profile& profile);

/// User-supplied ITU-R digital maps (P.452-18 §3.2.1: DN50.TXT, N050.TXT). A map present
/// replaces the DN (N0) column: the value is interpolated (P.1144-12 Annex 1 §1b) at the
/// great-circle mid-point of the case's phit/phir columns.
struct P452Maps {
  std::optional<prop::itu_maps::LatLonGrid> delta_N;
  std::optional<prop::itu_maps::LatLonGrid> N0;
};
/// As above with the maps; a map value outside the model's domain is refused naming the row.
P452Case p452_case(const CsvTable& cases, std::size_t r, const P452Profile& profile,
                   const P452Maps& maps);

/// Names of the values written as akichi_<name> (the WP 3M result column names).
inline constexpr std::array<std::string_view, 30> kP452OutputNames = {
    "ae",   "dtot", "hts",   "hrs",  "theta_t", "theta_r", "theta", "hm",  "hte",   "hre",
    "hstd", "hsrd", "dlt",   "dlr",  "path",    "dtm",     "dlm",   "b0",  "omega", "DN",
    "N0",   "Lb",   "Lbfsg", "Lb0p", "Lb0b",    "Ldsph",   "Ld50",  "Ldp", "Lbs",   "Lba"};

/// The values of kP452OutputNames (as text, numbers with 17 significant digits; "path" is
/// "Line of Sight" or "Trans-Horizon") for an analysed path and its losses.
std::vector<std::string> p452_output_fields(const prop::p452_18::PathAnalysis& a,
                                            const prop::p452_18::Losses& L);

/// Runs every row of request.cases on request.profile and writes request.output.
void run_p452_18_p2p(const P2pRequest& request);
/// The same with ITU-R digital maps for dN and N0.
void run_p452_18_p2p(const P2pRequest& request, const P452Maps& maps);

}  // namespace akichi::sim::p2p
