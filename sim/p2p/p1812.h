// `akichi p2p --model p1812`: ITU-R P.1812 (propagation/models/itu_r_p1812.h) on the ITU-R SG3
// measurement-data CSV files ("Fryderyk_csv" layout) in which the owners of the method
// distribute their validation profiles: a header block (Tx/Rx latitude and longitude, "First
// Point TX or RX", meteorology with dN and N0), a `{Begin of Profile}` block (distance km,
// ground height m, coverage code, ground cover height m, radio-meteorological code) and a
// `{Begin of Measurements}` block (frequency MHz, Tx/Rx antenna heights, polarisation,
// ERP_max_total dBW, time percentage, measured field strength, basic transmission loss...).
// The owners' -6 set is also -8's (see itu_r_p1812.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "propagation/models/itu_r_p1812.h"
#include "sim/p2p/p2p.h"

namespace akichi::sim::p2p {

/// One SG3 measurement-data file, profile ordered from the transmitter.
struct Sg3File {
  std::string source;
  double tx_lat_deg = 0, tx_lon_deg = 0, rx_lat_deg = 0, rx_lon_deg = 0;
  double dN = 0, N0 = 0;
  std::vector<double> d_km, h_m, R_m;  ///< R_m: ground cover (representative clutter) height
  std::vector<int> coverage, zone;     ///< coverage code 1..5, radio-met code 1/3/4
  std::vector<std::string> measurement_header;         ///< column names as in the file
  std::vector<std::vector<std::string>> measurements;  ///< rows, padded to the header width
  std::vector<int> measurement_lines;                  ///< line of each row in the file
};

/// Parses an SG3 file; InputError "FILE:LINE:COL: FIELD: found X, expected Y" on a bad value.
Sg3File parse_sg3(std::string_view text, const std::string& source);
Sg3File read_sg3(const std::string& path);

/// Inputs of P.1812-6 for measurement row r of `file` (frequency, antenna heights,
/// polarisation, time percentage, e.r.p.; dN, N0, path centre and dct/dcr = 500 km from the
/// file). A missing ERP_max_total is derived from the row's field strength and basic loss as the
/// owners' validate_p1812.m does. Throws InputError naming the row and column of a bad value.
prop::p1812::Inputs sg3_inputs(const Sg3File& file, std::size_t r);

/// prop::p1812::Profile viewing the arrays of `file`.
prop::p1812::Profile sg3_profile(const Sg3File& file);

/// Reads request.profile, evaluates every measurement row and writes request.output (or
/// `<profile>.p1812.csv` when empty): the measurement columns followed by akichi_Lb,
/// akichi_Ep, akichi_Ep_Ptx and the intermediates (akichi_Lbfs, akichi_Lb0p, ...).
void run_p1812_p2p(const P2pRequest& request);

}  // namespace akichi::sim::p2p
