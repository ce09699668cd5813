// The scenario's added losses: [propagation.clutter], [propagation.rain] and
// [propagation.gases], read through their schema (prop::added_loss_tables()) into the model
// configuration's `added` member, the rain rate looked up in a user's ITU-R P.837-7 map, and
// the combinations that would count a loss twice, or stations outside an added loss's
// frequency range, refused. The tables are documented in docs/scenario-format.md; which loss
// counts on which side of a study in docs/methods.md, "Added losses".
#pragma once

#include <string_view>
#include <vector>

#include "sim/input/toml_section.h"
#include "sim/scenario/scenario.h"

namespace akichi::sim {

/// The keys of [propagation] that are added-loss tables ("clutter", "rain", "gases").
std::vector<std::string_view> added_loss_keys();

/// Reads the added-loss tables of `propagation` ([propagation]) into sc.model.added, after the
/// model and sc.buildings are read. InputError (FILE:LINE:COL: propagation.TABLE.KEY: found X,
/// expected Y) for a bad key, a rain-rate map that cannot be read or gives no rain, and a loss
/// the model already contains (prop::check_added_losses).
void parse_added_losses(const toml_in::Section& propagation, Scenario& sc);

/// After the stations are read: every station of the study lies inside the frequency range of
/// the clutter model and of the gases, and every planned station (the wanted signals) inside
/// that of the rain. InputError at the table, naming the station and its frequency.
void check_added_loss_stations(const toml_in::Section& propagation, const Scenario& sc);

}  // namespace akichi::sim
