// `akichi p2p --model itm`: the NTIA Irregular Terrain Model on the NTIA example formats.
//
//   akichi p2p --model itm --cases p2p.csv --profile pfls.csv -o OUT.csv   (point-to-point)
//   akichi p2p --model itm --cases area.csv -o OUT.csv                      (area mode)
//
// The cases CSV is read by header name (the NTIA column names: h_tx__meter, h_rx__meter,
// climate, N_0, f__mhz, pol, epsilon, sigma, mdvar, and either time, location, situation or
// confidence, reliability). It is an area-mode table when it has d__km and delta_h__meter
// (then also tx_siting_criteria, rx_siting_criteria), a point-to-point table otherwise.
// The profile file holds ITM "pfl" rows {np, xi (m), z_0 .. z_np (m)}: one row per case, or a
// single row used for every case.
//
// The output repeats every input column and appends akichi_A__db (basic transmission loss, dB),
// akichi_return_code, akichi_warnings (hex flags as NTIA prints them), akichi_warning_names,
// akichi_A_ref__db, akichi_A_fs__db, akichi_delta_h__meter, akichi_N_s, akichi_mode.
// A field that is not a number, or a value ITM rejects, stops the run with an InputError
// naming the file, row and column.
#pragma once

#include "sim/p2p/p2p.h"

namespace akichi::sim::p2p {

/// Runs the request (model "itm"); writes request.output atomically.
void run_itm_p2p(const P2pRequest& request);

}  // namespace akichi::sim::p2p
