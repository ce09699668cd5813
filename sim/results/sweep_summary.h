// The figures of a sweep's variants side by side, read back from its batch file: for each
// variant what the end-of-run summary of a single run prints (best received power, premises
// coverage, leakage, SINR per height; the usable share, the worst aggregate margin and the MIC
// pairs of a sharing study), one row per variant, for the table printed at the end of a sweep
// and for reports.
#pragma once

#include <string>
#include <vector>

namespace akichi::sim::results {

struct SweepColumn {
  std::string name;  ///< e.g. "covered@1.5m"
  std::string unit;  ///< "share" (0..1, shown as %), "dBm", "dB" or "" (a count)
  std::string help;  ///< what it is, one line (the height is in the name)
};

struct SweepRow {
  std::string variant;                  ///< its name (its group in the batch file)
  long index = 0;                       ///< its position in the sweep
  std::vector<std::string> parameters;  ///< the swept values as text, as SweepSummary::parameters
  std::vector<double> values;           ///< one per column; NaN where the variant has none
};

struct SweepSummary {
  std::vector<std::string> parameters;  ///< the sweep's labels (sweep_labels)
  std::vector<SweepColumn> columns;
  std::vector<SweepRow> rows;  ///< in the file's order (the sweep's)
};

/// Reads the summary of every variant in the batch file `path`. Columns, in this order, for each
/// receiver height h of any variant: best_rx_p50@h (median of best_rx_power, dBm),
/// covered@h (premises_coverage_share), leakage@h (leakage_share), sinr_p50@h and sinr_p5@h
/// (median and 5th percentile of the SINR in the premises, or of the whole area without
/// premises, dB); then, for a sharing study, usable@h (usable_share averaged over the slots and
/// channels), worst_margin (the smallest aggregate_margin over slots, channels and receivers,
/// dB) and mic_pairs (the licensee pairs that must coordinate). A column is present when any
/// variant has its variable. Throws InputError when the file is not a batch file.
SweepSummary read_sweep_summary(const std::string& path);

/// The value at percentile p (0..100) of the finite values: the element of rank
/// min(n - 1, floor(p / 100 * n)) (nearest rank, no interpolation); NaN when none is finite.
/// The end-of-run summary of a single run uses the same definition.
double summary_percentile(std::vector<float> values, double p);

}  // namespace akichi::sim::results
