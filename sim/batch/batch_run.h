// Batch runs: every variant of a scenario's [sweep] run in turn, into one batch results file
// (sim/results/batch_file.h) with a group per variant.
//
// Safety. A variant is complete once its results file has been written, flushed and renamed
// into the parts directory "<output>.parts/"; the batch file is then rewritten (temporary name
// + rename) with the variants finished so far and their parts removed -- after the first
// variant, at most every rewrite_interval_s, and at the end. At any instant the batch file under
// its name is complete and readable, holding every variant finished so far; a run killed at any
// point (SIGKILL included) loses at most the variant in progress, and `resume` takes the
// complete variants from the batch file and any finished parts. A stop request (Ctrl-C) is
// honoured between variants.
//
// Reuse. Each station's engine tensors are cached across the variants (tensor_cache.h) under
// keys of exactly their inputs, so a sweep over one station's height recomputes that station
// alone, and a sweep over EIRP, thresholds or protection criteria recomputes nothing.
//
// Sharding. Variant i belongs to shard i mod N; a shard run writes a batch file of its own
// variants, and merge_batches() joins the shards' files into the file an unsharded run writes
// (timings and command lines aside). MPI ranks are shards.
#pragma once

#include <atomic>
#include <cstddef>
#include <string>
#include <vector>

#include "sim/analysis/progress.h"
#include "sim/analysis/tensor_source.h"
#include "sim/batch/tensor_cache.h"
#include "sim/scenario/sweep.h"

namespace akichi::sim::batch {

/// One of N equal parts of a sweep: the variants whose index i satisfies i mod count == index.
struct Shard {
  int index = 0;  ///< 0-based
  int count = 1;
  bool contains(std::size_t variant_index) const noexcept {
    return static_cast<int>(variant_index % static_cast<std::size_t>(count)) == index;
  }
};

/// Parses "i/N" as written on the command line (1 <= i <= N, 1-based). Throws InputError
/// naming `option` with what was found.
Shard parse_shard(const std::string& text, const std::string& option = "--shard");

struct BatchOptions {
  std::string output;   ///< the batch results file
  bool resume = false;  ///< keep the variants already complete in `output` and its parts
  /// With `resume`: other batch files whose complete variants count too (an MPI rank resumes
  /// from the merged file of an earlier run as well as from its own shard file).
  std::vector<std::string> resume_sources;
  Shard shard;
  int threads = 1;  ///< recorded in each variant's run attributes
  int ranks = 1;
  std::string command_line;
  std::size_t cache_bytes = std::size_t{2} << 30;  ///< tensor cache budget
  /// Least time between two rewrites of the batch file (besides the first variant, the last
  /// and a stop): finished variants wait in their parts meanwhile. 0 = after every variant.
  double rewrite_interval_s = 10;
  /// Set (e.g. by a SIGINT handler) to stop after the variant in progress. May be null.
  const std::atomic<bool>* stop = nullptr;
  /// Where tensors are computed on a cache miss; null: here (LocalTensorSource).
  TensorSource* source = nullptr;
};

/// Told about each variant of the shard, in order (the command line prints progress with it).
class BatchObserver {
 public:
  virtual ~BatchObserver() = default;
  /// Variant `v` starts; it is number `k` (0-based) of `n` in the shard; `eta_s` estimates the
  /// seconds left for the whole shard (NaN before any variant has been timed).
  virtual void starting(const Variant& v, std::size_t k, std::size_t n, double eta_s) = 0;
  /// Variant `v` is complete and in the batch file, after `seconds`.
  virtual void finished(const Variant& v, double seconds) = 0;
  /// Variant `v` was already complete (resume).
  virtual void skipped(const Variant& v) = 0;
};

struct BatchReport {
  std::size_t in_shard = 0;  ///< variants of this shard
  std::size_t run = 0;       ///< computed now
  std::size_t resumed = 0;   ///< already complete, kept
  bool interrupted = false;  ///< stopped by the stop flag with variants left
  CacheStats cache;
  double seconds = 0;
};

/// Fingerprint of a text (64-bit FNV-1a of its bytes, with its length), as hex.
std::string fingerprint(const std::string& text);

/// Runs the variants of `sweep` (read from the scenario `scenario_path` whose text is `text`)
/// that belong to options.shard, as described above. Throws InputError for an invalid variant
/// (before anything is written for it) and RuntimeError for failures.
BatchReport run_batch(const std::string& scenario_path, const std::string& text, const Sweep& sweep,
                      const BatchOptions& options, Progress& progress,
                      BatchObserver* observer = nullptr);

struct MergeReport {
  std::size_t variants = 0;          ///< in the merged file
  std::size_t total = 0;             ///< in the sweep
  std::vector<std::string> missing;  ///< names... of the sweep's variants in none of the inputs
};

/// Joins batch files of one sweep (the shards of a run) into `output`, variants in sweep order.
/// Throws InputError naming the file when an input is not a batch file, is of another sweep, or
/// holds a variant twice with different results keys, and when variants of the sweep are
/// missing unless `allow_partial`.
MergeReport merge_batches(const std::string& output, const std::vector<std::string>& inputs,
                          bool allow_partial = false);

}  // namespace akichi::sim::batch
