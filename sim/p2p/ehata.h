// `akichi p2p --model ehata-ntia`: the NTIA extended Hata model run over the WInnForum / NTIA
// regression table (columns f [MHz], hb [m], hm [m], env [NLCD code], "pfl file name") and the
// ITM-format profile files it names. The output is the input rows followed by akichi_ columns.
#pragma once

#include <string>
#include <vector>

#include "sim/p2p/p2p.h"

namespace akichi::sim::p2p {

/// A terrain profile in the ITM "pfl" layout: np+1 equally spaced elevations.
struct PflProfile {
  double step_m = 0;        ///< spacing of the points (m)
  std::vector<double> z_m;  ///< np+1 elevations above sea level (m), in file order
  int intervals() const { return static_cast<int>(z_m.size()) - 1; }
};

/// Reads an ITM pfl file: comma/blank separated numbers, first = number of points - 1 (np),
/// second = spacing in metres, then at least np+1 elevations (extra values are ignored, as the
/// owners' reader does). Throws InputError naming the file and the faulty value.
PflProfile read_pfl(const std::string& path);

/// Names of the columns run_ehata_ntia_p2p appends, in order.
const std::vector<std::string>& ehata_ntia_output_columns();

/// Runs the cases of request.cases (profiles looked up in request.pfl_dir, first point = mobile,
/// as the owners' files are written) and writes request.output atomically. A bad row throws
/// InputError naming the file, row and column, before anything is written.
void run_ehata_ntia_p2p(const P2pRequest& request);

}  // namespace akichi::sim::p2p
