#include "sim/batch/batch_run.h"

#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "base/errors.h"
#include "base/temp_file.h"
#include "sim/analysis/coverage_run.h"
#include "sim/analysis/sharing_run.h"
#include "sim/results/batch_file.h"
#include "sim/results/coverage_file.h"

namespace akichi::sim::batch {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

std::string parts_dir(const std::string& output) {
  return output + ".parts";
}

std::string part_path(const std::string& output, const Variant& v) {
  return (fs::path(parts_dir(output)) /
          fmt::format("v{:05}-{}.h5", v.index, fingerprint(v.name).substr(0, 8)))
      .string();
}

/// Removes the temporary files interrupted writers left in `dir` ("<name>.partial-<pid>-<n>",
/// base/temp_file.h) for the files whose name starts with `prefix`, when their process no longer
/// exists.
void remove_partials(const fs::path& dir, const std::string& prefix) {
  remove_stale_temporaries_in(
      dir.string(), [&](std::string_view name) { return name.substr(0, prefix.size()) == prefix; });
}

results::BatchHeader header_of(const std::string& scenario_path, const std::string& text,
                               const Sweep& sweep, const std::string& command_line) {
  results::BatchHeader h;
  h.sweep_mode = sweep.mode;
  h.sweep_key = fingerprint(text);
  h.variants_total = sweep.variants.size();
  h.scenario_path = scenario_path;
  h.scenario_text = text;
  h.command_line = command_line;
  if (!sweep.variants.empty()) {
    for (const SweepValue& sv : sweep.variants.front().values) {
      const bool numeric = std::visit(
          [](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            return std::is_arithmetic_v<T>;
          },
          sv.value);
      h.parameters.push_back({sv.label, sv.key, numeric});
    }
  }
  return h;
}

std::vector<std::string> texts_of(const Variant& v) {
  std::vector<std::string> t;
  for (const SweepValue& sv : v.values) t.push_back(sv.text);
  return t;
}

}  // namespace

std::string fingerprint(const std::string& text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return fmt::format("{:016x}{:08x}", h, static_cast<std::uint32_t>(text.size()));
}

Shard parse_shard(const std::string& text, const std::string& option) {
  int i = 0, n = 0;
  char slash = 0;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%d %c %d %c", &i, &slash, &n, &extra) != 3 || slash != '/' ||
      n < 1 || i < 1 || i > n) {
    throw_input_error({option}, option, "'" + text + "'",
                      "i/N with 1 <= i <= N, e.g. 2/4 for the second of four shards");
  }
  return {i - 1, n};
}

namespace {

/// One batch run, as its stages: clear or take stock of the outputs, check the shard's
/// variants, find those already complete, run the rest, keep the batch file up to date.
class BatchRunner {
 public:
  BatchRunner(const std::string& scenario_path, const std::string& text, const Sweep& sweep,
              const BatchOptions& opt, Progress& progress, BatchObserver* observer)
      : scenario_path_(scenario_path),
        text_(text),
        opt_(opt),
        progress_(progress),
        observer_(observer),
        out_(opt.output),
        parts_(parts_dir(opt.output)),
        header_(header_of(scenario_path, text, sweep, opt.command_line)) {
    for (const Variant& v : sweep.variants) {
      if (opt.shard.contains(v.index)) mine_.push_back(&v);
    }
  }

  BatchReport run() {
    const auto t_start = Clock::now();
    const std::map<std::string, results::BatchEntry> done = prepare_outputs();
    report_.in_shard = mine_.size();
    check_variants();
    find_complete(done);
    LocalTensorSource local;
    CachingTensorSource cache(opt_.source != nullptr ? *opt_.source : local, opt_.cache_bytes);
    for (const auto& c : complete_) left_ += c ? 0 : 1;
    for (std::size_t k = 0; k < mine_.size(); ++k) {
      if (complete_[k]) {
        ++report_.resumed;
        if (observer_) observer_->skipped(*mine_[k]);
        continue;
      }
      if (stop_requested()) {
        report_.interrupted = true;
        break;
      }
      run_variant(k, cache);
    }
    // A resumed run with nothing left to compute still rewrites the file: finished parts of a
    // killed run join it, and the header follows the sweep as it is now.
    if (pending_ > 0 || (!assembled_once_ && !report_.interrupted)) assemble();
    std::error_code ec;
    if (left_ == 0 && fs::is_empty(parts_, ec)) fs::remove(parts_, ec);
    report_.cache = cache.stats();
    report_.seconds = seconds_since(t_start);
    return report_;
  }

 private:
  bool stop_requested() const { return opt_.stop != nullptr && opt_.stop->load(); }

  /// Creates the output folders and removes what an interrupted writer left. Without resume
  /// the parts of an earlier run go too; with it, the variants already complete in the batch
  /// file (and in the resume sources), by variant name.
  std::map<std::string, results::BatchEntry> prepare_outputs() {
    if (out_.has_parent_path()) fs::create_directories(out_.parent_path());
    std::map<std::string, results::BatchEntry> done;
    if (opt_.resume) {
      std::vector<std::string> sources{opt_.output};
      sources.insert(sources.end(), opt_.resume_sources.begin(), opt_.resume_sources.end());
      for (const std::string& src : sources) {
        if (auto previous = results::read_batch(src)) {
          for (results::BatchEntry& e : previous->entries) done.emplace(e.name, std::move(e));
        }
      }
    } else {
      std::error_code ec;
      fs::remove_all(parts_, ec);
    }
    remove_partials(parts_, "");
    remove_partials(out_.has_parent_path() ? out_.parent_path() : fs::path("."),
                    out_.filename().string());
    fs::create_directories(parts_);
    return done;
  }

  /// Variant scenarios are all checked before any work, so a bad value fails fast.
  void check_variants() {
    for (const Variant* v : mine_) {
      scenarios_.push_back(variant_scenario(text_, scenario_path_, *v));
      keys_.push_back(fingerprint(scenarios_.back().text));
    }
  }

  /// Complete variants: a finished part or a group of the batch file with the variant's key.
  void find_complete(const std::map<std::string, results::BatchEntry>& done) {
    complete_.assign(mine_.size(), std::nullopt);
    for (std::size_t k = 0; opt_.resume && k < mine_.size(); ++k) {
      const Variant& v = *mine_[k];
      const std::string part = part_path(opt_.output, v);
      if (results::read_variant_key(part) == keys_[k]) {
        complete_[k] = results::BatchEntry{v.name, v.index, keys_[k], texts_of(v), part, "/"};
      } else if (auto it = done.find(v.name);
                 it != done.end() && it->second.variant_key == keys_[k]) {
        complete_[k] = it->second;
        complete_[k]->texts = texts_of(v);
      }
    }
  }

  /// Computes variant k and writes it whole to its part; the batch file follows when due.
  void run_variant(std::size_t k, CachingTensorSource& cache) {
    const Variant& v = *mine_[k];
    const double eta =
        timed_ == 0 ? std::numeric_limits<double>::quiet_NaN()
                    : timed_seconds_ / static_cast<double>(timed_) * static_cast<double>(left_);
    if (observer_) observer_->starting(v, k, mine_.size(), eta);
    const auto t0 = Clock::now();
    const Scenario& sc = scenarios_[k];
    // A variant with large station tensors streams them to scratch files in the parts folder,
    // as `akichi run` does beside its output, and the cache keeps what it computes there too:
    // the batch holds one station's tensors, not the variant's nor the cache's
    // (docs/methods.md, "Memory of a run").
    const bool streamed = streams_station_tensors(sc);
    cache.keep_in_files(streamed ? &parts_ : nullptr);
    const CoverageRun run = run_coverage(sc, progress_, &cache, streamed ? &parts_ : nullptr);
    std::optional<SharingRun> sharing;
    if (sc.sharing.any()) {
      sharing = run_sharing(sc, run.terrain, sc.stations.planned().empty() ? nullptr : &run,
                            progress_, &cache);
    }
    progress_.stage("writing variant " + v.name, 0);
    RunInfo info;
    info.threads = opt_.threads;
    info.ranks = opt_.ranks;
    info.command_line = opt_.command_line;
    info.total_seconds = seconds_since(t0);
    info.peak_rss_kib = peak_rss_kib();
    info.attributes = {{"batch_variant", v.name}, {"batch_variant_key", keys_[k]}};
    const std::string part = part_path(opt_.output, v);
    write_results(part, sc, run, sharing ? &*sharing : nullptr, info);
    complete_[k] = results::BatchEntry{v.name, v.index, keys_[k], texts_of(v), part, "/"};
    ++pending_;
    if (rewrite_due()) {
      assemble();
      assembled_once_ = true;
    }
    progress_.done();
    const double s = seconds_since(t0);
    ++timed_;
    timed_seconds_ += s;
    --left_;
    ++report_.run;
    if (observer_) observer_->finished(v, s);
  }

  /// The batch file is rewritten after the first variant, after the last, on a stop request,
  /// and otherwise when the interval has passed (and at least four rewrites' time, so that
  /// rewriting, which copies every variant so far, stays a small share of the run). Complete
  /// variants not yet in it are safe in their parts, which resume takes.
  bool rewrite_due() const {
    return !assembled_once_ || left_ == 1 || stop_requested() ||
           seconds_since(last_rewrite_) >= std::max(opt_.rewrite_interval_s, 4 * last_rewrite_s_);
  }

  /// Rewrites the batch file with every complete variant; the parts in it are then removed.
  void assemble() {
    const auto t0 = Clock::now();
    std::vector<results::BatchEntry> entries;
    for (const auto& c : complete_) {
      if (c) entries.push_back(*c);
    }
    results::write_batch(opt_.output, header_, entries);
    // The parts are in the batch file now: from here on it is their source.
    for (auto& c : complete_) {
      if (c && c->source_group == "/") {
        std::error_code ec;
        fs::remove(c->source_path, ec);
        c->source_path = opt_.output;
        c->source_group = "/" + c->name;
      }
    }
    pending_ = 0;
    last_rewrite_ = Clock::now();
    last_rewrite_s_ = seconds_since(t0);
  }

  const std::string& scenario_path_;
  const std::string& text_;
  const BatchOptions& opt_;
  Progress& progress_;
  BatchObserver* observer_;
  const fs::path out_;
  const fs::path parts_;
  const results::BatchHeader header_;
  std::vector<const Variant*> mine_;  ///< the shard's variants, in sweep order
  std::vector<Scenario> scenarios_;   ///< one per variant of the shard
  std::vector<std::string> keys_;     ///< fingerprint of each variant's scenario text
  std::vector<std::optional<results::BatchEntry>> complete_;
  BatchReport report_;
  std::size_t pending_ = 0;  ///< complete variants in parts, not yet in the batch file
  std::size_t left_ = 0;     ///< variants still to compute
  std::size_t timed_ = 0;
  double timed_seconds_ = 0;
  bool assembled_once_ = false;
  double last_rewrite_s_ = 0;
  Clock::time_point last_rewrite_ = Clock::now();
};

}  // namespace

BatchReport run_batch(const std::string& scenario_path, const std::string& text, const Sweep& sweep,
                      const BatchOptions& opt, Progress& progress, BatchObserver* observer) {
  return BatchRunner(scenario_path, text, sweep, opt, progress, observer).run();
}

MergeReport merge_batches(const std::string& output, const std::vector<std::string>& inputs,
                          bool allow_partial) {
  if (inputs.empty())
    throw_input_error({"akichi merge"}, "inputs", "none", "one or more batch files");
  std::optional<results::BatchHeader> header;
  std::map<std::size_t, results::BatchEntry> by_index;
  for (const std::string& in : inputs) {
    std::optional<results::BatchContents> c;
    try {
      c = results::read_batch(in);
    } catch (const RuntimeError& e) {
      throw_input_error({in}, "file", e.what(), "an akichi batch file (akichi run of a sweep)");
    }
    if (!c) throw_input_error({in}, "file", "no such file", "an akichi batch file");
    if (!header) {
      header = c->header;
    } else if (c->header.sweep_key != header->sweep_key) {
      throw_input_error({in}, "sweep_key", c->header.sweep_key,
                        header->sweep_key + " (the sweep of " + inputs.front() + ")");
    }
    for (results::BatchEntry& e : c->entries) {
      const auto [it, inserted] = by_index.emplace(e.index, e);
      if (!inserted && it->second.variant_key != e.variant_key) {
        throw_input_error({in}, "variant " + e.name, "results key " + e.variant_key,
                          "the key " + it->second.variant_key + " of " + it->second.source_path);
      }
    }
  }
  MergeReport report;
  report.total = header->variants_total;
  if (by_index.size() < header->variants_total) {
    // Name the missing variants from the sweep as the batch files record it.
    const auto sweep = read_sweep(header->scenario_text, header->scenario_path);
    for (std::size_t i = 0; i < header->variants_total; ++i) {
      if (by_index.count(i) == 0) {
        report.missing.push_back(sweep && i < sweep->variants.size() ? sweep->variants[i].name
                                                                     : fmt::format("#{}", i));
      }
    }
    if (!allow_partial) {
      std::string list;
      for (std::size_t i = 0; i < report.missing.size() && i < 10; ++i) {
        list += (i ? ", " : "") + report.missing[i];
      }
      if (report.missing.size() > 10)
        list += fmt::format(", ... ({} in all)", report.missing.size());
      throw_input_error(
          {inputs.front()}, "variants",
          fmt::format("{} of {}; missing: {}", by_index.size(), header->variants_total, list),
          "every variant of the sweep (or --allow-partial)");
    }
  }
  std::vector<results::BatchEntry> entries;
  for (auto& [i, e] : by_index) entries.push_back(std::move(e));
  results::write_batch(output, *header, entries);
  report.variants = entries.size();
  return report;
}

}  // namespace akichi::sim::batch
