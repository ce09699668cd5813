// `akichi p2p`: a model evaluated on a user's terrain profile, reading and writing the data
// formats of the model's owners as they are. One driver per model family; each appends its
// computed values to the input rows as columns named `akichi_<name>`.
#pragma once

#include <string>

namespace akichi::sim::p2p {

struct P2pRequest {
  std::string model;    ///< e.g. "p452-18", "p1812", "ehata-ntia", "itm"
  std::string profile;  ///< --profile FILE
  std::string cases;    ///< --cases FILE
  std::string pfl_dir;  ///< --pfl-dir DIR
  std::string output;   ///< -o FILE (written atomically)
};

}  // namespace akichi::sim::p2p
