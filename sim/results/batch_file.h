// The results file of a batch run (a parameter sweep): one group per variant, each holding the
// variant's complete results exactly as a single run writes them (docs/results-format.md,
// "Batch files"), plus a table of the variants at the root.
//
//   /                      global attributes: akichi_batch, sweep_mode, sweep_key, ...
//   /variant               dimension: the variants present, in sweep order
//   /variant_name(variant) their names; /variant_index(variant) their index in the sweep
//   /<label>(variant)      one variable per swept parameter (float64, or strings)
//   /<variant name>/...    the variant's results; scalar variables <label> (numeric
//                          parameters) are the coordinates of its data variables, so that
//                          xarray concatenates the groups along the parameters
//
// A batch file is rewritten whole (to a temporary name, then renamed) each time a variant is
// added: at any moment the file under its final name is complete and readable.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace akichi::sim::results {

struct BatchParameter {
  std::string label;  ///< variable name and xarray dimension
  std::string key;    ///< the scenario key path as written in [sweep]
  bool numeric = true;
};

struct BatchHeader {
  std::string title;
  std::string sweep_mode;
  std::string sweep_key;  ///< fingerprint of the sweep (base scenario text)
  std::size_t variants_total = 0;
  std::vector<BatchParameter> parameters;
  std::string scenario_path;
  std::string scenario_text;  ///< the base scenario file, [sweep] included
  std::string command_line;
};

/// One variant of a batch and where its results are.
struct BatchEntry {
  std::string name;
  std::size_t index = 0;           ///< position in the sweep
  std::string variant_key;         ///< fingerprint of the variant's scenario text
  std::vector<std::string> texts;  ///< parameter values as text, one per parameter
  std::string source_path;         ///< file holding the results: a variant file or a batch file
  std::string source_group;        ///< "/" for a variant file, "/<name>" in a batch file
};

/// Writes the batch file `path` (temporary name, then rename) with the header and `entries`
/// in the order given, copying each entry's results from its source. Throws RuntimeError.
void write_batch(const std::string& path, const BatchHeader& header,
                 const std::vector<BatchEntry>& entries);

struct BatchContents {
  BatchHeader header;
  std::vector<BatchEntry> entries;  ///< sources: groups of this file
};

/// Reads the header and variant table of a batch file; nullopt when `path` does not exist.
/// Throws RuntimeError when it exists but is not a readable batch file.
std::optional<BatchContents> read_batch(const std::string& path);

/// The `batch_variant_key` global attribute of a variant's results file; nullopt when the
/// file is missing, unreadable or has none (an incomplete or foreign file).
std::optional<std::string> read_variant_key(const std::string& path);

}  // namespace akichi::sim::results
