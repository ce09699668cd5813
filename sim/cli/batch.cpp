// `akichi run` of a scenario with a [sweep] (a batch run) and `akichi merge`.
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <vector>

#include <fmt/format.h>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include "base/errors.h"
#include "base/limits.h"
#include "sim/batch/batch_run.h"
#include "sim/batch/sweep_footprint.h"
#include "sim/cli/commands.h"
#include "sim/cli/limits.h"
#include "sim/cli/output_guard.h"
#include "sim/cli/progress_display.h"
#include "sim/cli/report.h"
#include "sim/parallel/comm.h"
#include "sim/results/file_check.h"
#include "sim/results/sweep_summary.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/sweep.h"

namespace akichi::sim::cli {

namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_interrupt(int) {
  if (g_stop.exchange(true)) {
    // Second Ctrl-C: stop now. The batch file stays as the last complete variant left it.
    std::signal(SIGINT, SIG_DFL);
    std::raise(SIGINT);
  }
}

std::string duration_text(double s) {
  if (!std::isfinite(s)) return "--";
  if (s < 60) return fmt::format("{:.0f} s", s);
  if (s < 3600) return fmt::format("{:.0f} min {:02.0f} s", std::floor(s / 60), std::fmod(s, 60));
  return fmt::format("{:.0f} h {:02.0f} min", std::floor(s / 3600), std::fmod(s / 60, 60));
}

/// Overall progress of the batch on stderr: one line per variant with the ETA of the shard.
class ConsoleBatchObserver final : public batch::BatchObserver {
 public:
  explicit ConsoleBatchObserver(bool quiet) : quiet_(quiet) {}
  void starting(const Variant& v, std::size_t k, std::size_t n, double eta_s) override {
    if (quiet_) return;
    fmt::print(stderr, "[variant {}/{}] {}  (batch ETA {})\n", k + 1, n, v.name,
               duration_text(eta_s));
    std::fflush(stderr);
  }
  void finished(const Variant& v, double seconds) override {
    if (quiet_) return;
    fmt::print(stderr, "[variant done] {} in {:.2f} s\n", v.name, seconds);
  }
  void skipped(const Variant& v) override {
    if (quiet_) return;
    fmt::print(stderr, "[variant complete already] {}\n", v.name);
  }

 private:
  bool quiet_;
};

std::string shard_file(const std::string& output, const batch::Shard& shard) {
  std::filesystem::path p(output);
  const std::string ext = p.extension().string();
  p.replace_extension();
  return fmt::format("{}.shard-{}-of-{}{}", p.string(), shard.index + 1, shard.count,
                     ext.empty() ? ".nc" : ext);
}

/// After a step every rank takes part in: `failure` is this rank's exception (or null). All
/// ranks learn the worst outcome (0 fine, 1 failure, 2 bad input); a failing rank prints its
/// message. Returns the agreed exit status, the same on every rank.
int agree_outcome(par::Comm& comm, const std::exception_ptr& failure) {
  int code = 0;
  std::string message;
  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const InputError& e) {
      code = 2;
      message = fmt::format("akichi: error: {}", e.what());
    } catch (const std::exception& e) {
      code = 1;
      message =
          fmt::format("akichi: failure on rank {} of {}: {}", comm.rank(), comm.size(), e.what());
    }
  }
  const int agreed = static_cast<int>(comm.max(static_cast<double>(code)));
  if (code != 0) fmt::print(stderr, "{}\n", message);
  return agreed;
}

/// Where a batch run writes and which variants it takes: the shard of --shard, or under MPI
/// rank r's shard r+1/N into a shard file of its own that rank 0 merges into `merged`.
struct BatchPlan {
  par::Comm* comm = nullptr;  ///< null: one process
  bool root = true;           ///< rank 0, or the one process
  std::string output;         ///< the batch file this process writes
  std::string merged;         ///< MPI: the file rank 0 assembles from the shard files
  batch::Shard shard;
};

BatchPlan plan_batch(const RunOptions& opts, const Scenario& base) {
  BatchPlan plan;
  plan.output = opts.output.empty() ? base.output.path : opts.output;
  plan.comm = opts.comm != nullptr && opts.comm->size() > 1 ? opts.comm : nullptr;
  plan.root = plan.comm == nullptr || plan.comm->rank() == 0;
  if (plan.comm != nullptr) {
    // Every rank reads the same options, so all fail here alike, before any collective.
    if (!opts.shard.empty()) {
      throw_input_error(
          {opts.scenario}, "--shard",
          "--shard " + opts.shard + " under " + std::to_string(plan.comm->size()) + " MPI ranks",
          "either --shard or MPI ranks (each rank runs shard rank+1/N)");
    }
    plan.shard = {plan.comm->rank(), plan.comm->size()};
    plan.merged = plan.output;
    plan.output = shard_file(plan.merged, plan.shard);
  } else if (!opts.shard.empty()) {
    plan.shard = batch::parse_shard(opts.shard);
    if (opts.output.empty()) plan.output = shard_file(plan.output, plan.shard);
  }
  const std::vector<std::string> inputs = scenario_inputs(base);
  for (const std::string& out : {plan.output, plan.merged}) {
    refuse_output_onto_input(out, inputs, opts.output.empty() ? "output.path" : "-o",
                             "the scenario or a file it reads");
    if (plan.root) clear_stale_temporaries(out);
  }
  return plan;
}

batch::BatchOptions batch_options(const RunOptions& opts, const BatchPlan& plan, int threads) {
  batch::BatchOptions bo;
  bo.output = plan.output;
  bo.resume = opts.resume;
  if (plan.comm != nullptr && opts.resume && std::filesystem::exists(plan.merged)) {
    bo.resume_sources.push_back(plan.merged);  // complete variants of an earlier, merged run
  }
  bo.shard = plan.shard;
  bo.threads = threads;
  bo.ranks = plan.comm != nullptr ? plan.comm->size() : 1;
  bo.command_line = fmt::format(
      "{}akichi run {}{}{}{}",
      plan.comm != nullptr ? fmt::format("mpirun -n {} ", plan.comm->size()) : "", opts.scenario,
      opts.output.empty() ? "" : " -o " + opts.output,
      opts.shard.empty() ? "" : " --shard " + opts.shard, opts.resume ? " --resume" : "");
  if (opts.cache_mib >= 0) bo.cache_bytes = static_cast<std::size_t>(opts.cache_mib) << 20;
  bo.stop = &g_stop;
  return bo;
}

void print_sweep_line(const Sweep& sweep, const BatchPlan& plan) {
  std::size_t in_shard = 0;
  for (const Variant& v : sweep.variants) in_shard += plan.shard.contains(v.index) ? 1 : 0;
  if (plan.comm != nullptr) {
    fmt::print("Sweep:    {} variants ({}) over {} MPI ranks, {} on rank 0; results {}\n",
               sweep.variants.size(), sweep.mode, plan.comm->size(), in_shard, plan.merged);
  } else {
    fmt::print("Sweep:    {} variants ({}), {} in this run{}; results {}\n", sweep.variants.size(),
               sweep.mode, in_shard,
               plan.shard.count > 1
                   ? fmt::format(" (shard {}/{})", plan.shard.index + 1, plan.shard.count)
                   : "",
               plan.output);
  }
  std::fflush(stdout);
}

/// MPI: every rank has finished its shard (or failed): agree, then rank 0 assembles the file.
int finish_mpi(const RunOptions& opts, const BatchPlan& plan, const batch::BatchReport& r,
               const std::exception_ptr& failure) {
  par::Comm& comm = *plan.comm;
  if (const int rc = agree_outcome(comm, failure); rc != 0) return rc;
  const bool interrupted = comm.max(r.interrupted ? 1.0 : 0.0) > 0.0;
  if (interrupted) {
    if (plan.root) {
      fmt::print(stderr,
                 "akichi: interrupted: the ranks' shard files {} hold every complete "
                 "variant; continue with: mpirun -n {} akichi run {} --resume{}\n",
                 shard_file(plan.merged, {0, comm.size()}), comm.size(), opts.scenario,
                 opts.output.empty() ? "" : " -o " + opts.output);
    }
    return 130;
  }
  std::exception_ptr merge_failure;
  batch::MergeReport m;
  if (plan.root) {
    try {
      std::vector<std::string> parts;
      for (int k = 0; k < comm.size(); ++k)
        parts.push_back(shard_file(plan.merged, {k, comm.size()}));
      m = batch::merge_batches(plan.merged, parts);
      for (const std::string& p : parts) std::filesystem::remove(p);
    } catch (...) {
      merge_failure = std::current_exception();
    }
  }
  if (const int rc = agree_outcome(comm, merge_failure); rc != 0) return rc;
  if (!plan.root) return 0;
  fmt::print(
      "Batch:    {} of {} variants in {} from {} ranks; rank 0: {} run now, {} kept "
      "from before, in {:.2f} s\n",
      m.variants, m.total, plan.merged, comm.size(), r.run, r.resumed, r.seconds);
  print_sweep_summary(stdout, results::read_sweep_summary(plan.merged));
  return 0;
}

int finish_serial(const RunOptions& opts, const BatchPlan& plan, const batch::BatchReport& r) {
  const batch::CacheStats& c = r.cache;
  const std::size_t rows = c.rows_computed + c.rows_reused;
  fmt::print(
      "Batch:    {} of {} variants complete in {} ({} run now, {} kept from before) in "
      "{:.2f} s\n",
      r.run + r.resumed, r.in_shard, plan.output, r.run, r.resumed, r.seconds);
  fmt::print(
      "Tensors:  {} computed, {} reused from the cache ({:.0f}% of the engine rows), "
      "cache {:.1f} MiB\n",
      c.misses + c.uncacheable, c.hits,
      rows ? 100.0 * static_cast<double>(c.rows_reused) / static_cast<double>(rows) : 0.0,
      static_cast<double>(c.bytes) / 1048576.0);
  // The variants in the batch file (after Ctrl-C: those complete so far).
  if (r.run + r.resumed > 0 && std::filesystem::exists(plan.output))
    print_sweep_summary(stdout, results::read_sweep_summary(plan.output));
  if (r.interrupted) {
    fmt::print(stderr,
               "akichi: interrupted: {} variant(s) left; the batch file holds every complete "
               "variant; continue with: akichi run {} --resume{}\n",
               r.in_shard - r.run - r.resumed, opts.scenario,
               opts.output.empty() ? "" : " -o " + opts.output);
    return 130;
  }
  return 0;
}

/// The merged file holds the shards' variants as they are stored (chunks copied, not
/// recompressed): about the inputs' size. Refused (exit 1: the disk, not the input, is short)
/// before writing when the output's file system has less room: HDF5 1.10's object copy crashes
/// (SIGSEGV in H5T_close_real) instead of failing when a write inside it fails.
void require_room_for_merge(const MergeOptions& opts) {
  CheckedSize need = std::uint64_t{0};
  for (const std::string& input : opts.inputs) {
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(input, ec);
    if (!ec) need = checked_add(need, static_cast<std::uint64_t>(size));
  }
  const CheckedSize room = free_disk_bytes(opts.output);
  if (room && (!need || *need > *room)) {
    throw RuntimeError(fmt::format(
        "merge: {} needs about {} (the size of the {} input files), the output's file system "
        "has {} free for it",
        opts.output, bytes_text(need), opts.inputs.size(), bytes_text(room)));
  }
}

}  // namespace

int command_batch(const RunOptions& opts, const Scenario& base, const Sweep& sweep) {
  const BatchPlan plan = plan_batch(opts, base);
  const bool quiet = opts.quiet || !plan.root;
  int threads = opts.threads > 0 ? opts.threads : base.threads;
  if (threads <= 0) threads = tbb::info::default_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads));
  const batch::BatchOptions bo = batch_options(opts, plan, threads);
  // The batch's largest variant and cache in memory, and every variant of this shard in the
  // batch file, against what the run has: refused before the parts folder is made.
  const batch::SweepFootprint footprint =
      batch::sweep_footprint(base.text, opts.scenario, sweep, plan.shard, bo.cache_bytes);
  enforce_limits_on_ranks(plan.comm, opts.scenario, plan.output, footprint.memory, footprint.output,
                          resolve_limits(opts.max_memory, opts.max_output, plan.output));
  if (!quiet) print_sweep_line(sweep, plan);

  ConsoleProgress progress(stderr, isatty(fileno(stderr)) != 0, quiet);
  ConsoleBatchObserver observer(quiet);
  g_stop = false;
  const auto previous = std::signal(SIGINT, on_interrupt);
  std::exception_ptr failure;
  const auto attempt = [&]() -> batch::BatchReport {
    try {
      return batch::run_batch(opts.scenario, base.text, sweep, bo, progress, &observer);
    } catch (...) {
      std::signal(SIGINT, previous);
      if (plan.comm == nullptr) throw;
      failure = std::current_exception();  // MPI: the ranks agree on the outcome
      return {};
    }
  };
  const batch::BatchReport r = attempt();
  std::signal(SIGINT, previous);
  return plan.comm != nullptr ? finish_mpi(opts, plan, r, failure) : finish_serial(opts, plan, r);
}

int command_merge(const MergeOptions& opts) {
  for (const std::string& input : opts.inputs) require_regular_input(input, "inputs");
  refuse_output_onto_input(opts.output, opts.inputs, "-o", "a batch file merged");
  clear_stale_temporaries(opts.output);
  for (const std::string& input : opts.inputs) results::check_results_file(input);
  require_room_for_merge(opts);
  const batch::MergeReport r = batch::merge_batches(opts.output, opts.inputs, opts.allow_partial);
  fmt::print("Merged:   {} of {} variants from {} file(s) into {}\n", r.variants, r.total,
             opts.inputs.size(), opts.output);
  if (!r.missing.empty()) {
    fmt::print("Missing:  {} variant(s), e.g. {}\n", r.missing.size(), r.missing.front());
  }
  return 0;
}

}  // namespace akichi::sim::cli
