// `akichi import`: licence data as a regulator publishes it into an akichi station-list CSV
// (sim/station/licence_import.h), and on stdout what could not be mapped and which records gave
// no station, so that nothing is dropped unsaid.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "base/errors.h"
#include "sim/cli/commands.h"
#include "sim/cli/output_guard.h"
#include "sim/input/csv.h"
#include "sim/station/licence_import.h"

namespace akichi::sim::cli {

int command_import(const ImportOptions& opts) {
  if (opts.format != "fcc-uls" && opts.format != "tafl")
    throw_input_error({}, "import: format", fmt::format("\"{}\"", opts.format),
                      "fcc-uls (FCC ULS public access files) or tafl (ISED TAFL_LTAF.csv)");
  refuse_output_onto_input(opts.output, opts.inputs, "-o", "an input file");
  const ImportedStations imported =
      opts.format == "tafl" ? import_tafl(opts.inputs) : import_fcc_uls(opts.inputs);
  write_csv_atomically(opts.output, imported.header, imported.rows);
  fmt::print("{}: {} stations from {} file{} ({})\n", opts.output, imported.rows.size(),
             opts.inputs.size(), opts.inputs.size() == 1 ? "" : "s", opts.format);
  fmt::print("not mapped ({}):\n", imported.not_mapped.size());
  for (const std::string& s : imported.not_mapped) fmt::print("  {}\n", s);
  fmt::print("skipped ({}):\n", imported.skipped.size());
  for (const std::string& s : imported.skipped) fmt::print("  {}\n", s);
  return 0;
}

}  // namespace akichi::sim::cli
