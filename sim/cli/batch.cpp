// `akichi run` of a scenario with a [sweep] (a batch run) and `akichi merge`.
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include "propagation/errors.h"
#include "sim/batch/batch_run.h"
#include "sim/cli/commands.h"
#include "sim/cli/progress_display.h"
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

}  // namespace

int command_batch(const RunOptions& opts, const Scenario& base, const Sweep& sweep) {
  std::string output = opts.output.empty() ? base.output.path : opts.output;
  batch::Shard shard;
  if (!opts.shard.empty()) {
    shard = batch::parse_shard(opts.shard);
    if (opts.output.empty()) {
      std::filesystem::path p(output);
      const std::string ext = p.extension().string();
      p.replace_extension();
      output = fmt::format("{}.shard-{}-of-{}{}", p.string(), shard.index + 1, shard.count,
                           ext.empty() ? ".h5" : ext);
    }
  }
  int threads = opts.threads > 0 ? opts.threads : base.threads;
  if (threads <= 0) threads = tbb::info::default_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads));

  batch::BatchOptions bo;
  bo.output = output;
  bo.resume = opts.resume;
  bo.shard = shard;
  bo.threads = threads;
  bo.ranks = 1;
  bo.command_line = fmt::format("akichi run {}{}{}{}", opts.scenario,
                                opts.output.empty() ? "" : " -o " + opts.output,
                                opts.shard.empty() ? "" : " --shard " + opts.shard,
                                opts.resume ? " --resume" : "");
  if (opts.cache_mib >= 0) bo.cache_bytes = static_cast<std::size_t>(opts.cache_mib) << 20;
  bo.stop = &g_stop;

  std::size_t in_shard = 0;
  for (const Variant& v : sweep.variants) in_shard += shard.contains(v.index) ? 1 : 0;
  if (!opts.quiet) {
    fmt::print("Sweep:    {} variants ({}), {} in this run{}; results {}\n", sweep.variants.size(),
               sweep.mode, in_shard,
               shard.count > 1 ? fmt::format(" (shard {}/{})", shard.index + 1, shard.count) : "",
               output);
    std::fflush(stdout);
  }

  ConsoleProgress progress(stderr, isatty(fileno(stderr)) != 0, opts.quiet);
  ConsoleBatchObserver observer(opts.quiet);
  g_stop = false;
  const auto previous = std::signal(SIGINT, on_interrupt);
  batch::BatchReport r;
  try {
    r = batch::run_batch(opts.scenario, base.text, sweep, bo, progress, &observer);
  } catch (...) {
    std::signal(SIGINT, previous);
    throw;
  }
  std::signal(SIGINT, previous);

  const batch::CacheStats& c = r.cache;
  const std::size_t rows = c.rows_computed + c.rows_reused;
  fmt::print("Batch:    {} of {} variants complete in {} ({} run now, {} kept from before) in "
             "{:.2f} s\n",
             r.run + r.resumed, r.in_shard, output, r.run, r.resumed, r.seconds);
  fmt::print("Tensors:  {} computed, {} reused from the cache ({:.0f}% of the engine rows), "
             "cache {:.1f} MiB\n",
             c.misses + c.uncacheable, c.hits,
             rows ? 100.0 * static_cast<double>(c.rows_reused) / static_cast<double>(rows) : 0.0,
             static_cast<double>(c.bytes) / 1048576.0);
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

int command_merge(const MergeOptions& opts) {
  const batch::MergeReport r = batch::merge_batches(opts.output, opts.inputs, opts.allow_partial);
  fmt::print("Merged:   {} of {} variants from {} file(s) into {}\n", r.variants, r.total,
             opts.inputs.size(), opts.output);
  if (!r.missing.empty()) {
    fmt::print("Missing:  {} variant(s), e.g. {}\n", r.missing.size(), r.missing.front());
  }
  return 0;
}

}  // namespace akichi::sim::cli
