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

#include "propagation/errors.h"
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

/// Removes the temporary files an interrupted writer leaves: "<name>.partial-<pid>-<n>".
void remove_partials(const fs::path& dir, const std::string& prefix) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && name.find(".partial-") != std::string::npos) {
      fs::remove(entry.path(), ec);
    }
  }
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

BatchReport run_batch(const std::string& scenario_path, const std::string& text, const Sweep& sweep,
                      const BatchOptions& opt, Progress& progress, BatchObserver* observer) {
  const auto t_start = Clock::now();
  BatchReport report;
  const fs::path out(opt.output);
  if (out.has_parent_path()) fs::create_directories(out.parent_path());
  const fs::path parts(parts_dir(opt.output));

  // What is already complete: the batch file's groups and finished parts (resume only).
  std::map<std::string, results::BatchEntry> done;  // by variant name
  if (opt.resume) {
    std::vector<std::string> sources{opt.output};
    sources.insert(sources.end(), opt.resume_sources.begin(), opt.resume_sources.end());
    for (const std::string& src : sources) {
      if (auto previous = results::read_batch(src)) {
        for (results::BatchEntry& e : previous->entries) done.emplace(e.name, std::move(e));
      }
    }
  } else {
    std::error_code ec;
    fs::remove_all(parts, ec);
  }
  remove_partials(parts, "");
  remove_partials(out.has_parent_path() ? out.parent_path() : fs::path("."),
                  out.filename().string());
  fs::create_directories(parts);

  std::vector<const Variant*> mine;
  for (const Variant& v : sweep.variants) {
    if (opt.shard.contains(v.index)) mine.push_back(&v);
  }
  report.in_shard = mine.size();

  // Variant scenarios are all checked before any work, so a bad value fails fast.
  std::vector<std::string> keys;
  std::vector<Scenario> scenarios;
  for (const Variant* v : mine) {
    scenarios.push_back(variant_scenario(text, scenario_path, *v));
    keys.push_back(fingerprint(scenarios.back().text));
  }

  // Complete variants: a group of the batch file or a finished part with the variant's key.
  std::vector<std::optional<results::BatchEntry>> complete(mine.size());
  for (std::size_t k = 0; opt.resume && k < mine.size(); ++k) {
    const Variant& v = *mine[k];
    const std::string part = part_path(opt.output, v);
    if (results::read_variant_key(part) == keys[k]) {
      complete[k] = results::BatchEntry{v.name, v.index, keys[k], texts_of(v), part, "/"};
    } else if (auto it = done.find(v.name); it != done.end() && it->second.variant_key == keys[k]) {
      complete[k] = it->second;
      complete[k]->texts = texts_of(v);
    }
  }

  const results::BatchHeader header = header_of(scenario_path, text, sweep, opt.command_line);
  std::size_t pending = 0;  // complete variants in parts, not yet in the batch file
  double last_rewrite_s = 0;
  auto last_rewrite = Clock::now();
  const auto assemble = [&] {
    const auto t0 = Clock::now();
    std::vector<results::BatchEntry> entries;
    for (const auto& c : complete) {
      if (c) entries.push_back(*c);
    }
    results::write_batch(opt.output, header, entries);
    // The parts are in the batch file now: from here on it is their source.
    for (std::size_t k = 0; k < mine.size(); ++k) {
      if (complete[k] && complete[k]->source_group == "/") {
        std::error_code ec;
        fs::remove(complete[k]->source_path, ec);
        complete[k]->source_path = opt.output;
        complete[k]->source_group = "/" + complete[k]->name;
      }
    }
    pending = 0;
    last_rewrite = Clock::now();
    last_rewrite_s = seconds_since(t0);
  };

  LocalTensorSource local;
  CachingTensorSource cache(opt.source != nullptr ? *opt.source : local, opt.cache_bytes);
  std::size_t timed = 0;
  double timed_seconds = 0;
  std::size_t left = 0;
  for (const auto& c : complete) left += c ? 0 : 1;
  bool assembled_once = false;
  for (std::size_t k = 0; k < mine.size(); ++k) {
    const Variant& v = *mine[k];
    if (complete[k]) {
      ++report.resumed;
      if (observer) observer->skipped(v);
      continue;
    }
    if (opt.stop != nullptr && opt.stop->load()) {
      report.interrupted = true;
      break;
    }
    const double eta = timed == 0
                           ? std::numeric_limits<double>::quiet_NaN()
                           : timed_seconds / static_cast<double>(timed) * static_cast<double>(left);
    if (observer) observer->starting(v, k, mine.size(), eta);
    const auto t0 = Clock::now();
    const Scenario& sc = scenarios[k];
    const CoverageRun run = run_coverage(sc, progress, &cache);
    std::optional<SharingRun> sharing;
    if (sc.sharing.any()) {
      sharing = run_sharing(sc, run.terrain, sc.stations.planned().empty() ? nullptr : &run,
                            progress, &cache);
    }
    progress.stage("writing variant " + v.name, 0);
    RunInfo info;
    info.threads = opt.threads;
    info.ranks = opt.ranks;
    info.command_line = opt.command_line;
    info.total_seconds = seconds_since(t0);
    info.peak_rss_kib = peak_rss_kib();
    info.attributes = {{"batch_variant", v.name}, {"batch_variant_key", keys[k]}};
    const std::string part = part_path(opt.output, v);
    write_results(part, sc, run, sharing ? &*sharing : nullptr, info);
    complete[k] = results::BatchEntry{v.name, v.index, keys[k], texts_of(v), part, "/"};
    ++pending;
    // The batch file is rewritten after the first variant, after the last, on a stop request,
    // and otherwise when the interval has passed (and at least four rewrites' time, so that
    // rewriting, which copies every variant so far, stays a small share of the run). Complete
    // variants not yet in it are safe in their parts, which resume takes.
    const bool last = left == 1;
    const bool stopping = opt.stop != nullptr && opt.stop->load();
    if (!assembled_once || last || stopping ||
        seconds_since(last_rewrite) >= std::max(opt.rewrite_interval_s, 4 * last_rewrite_s)) {
      assemble();
      assembled_once = true;
    }
    progress.done();
    const double s = seconds_since(t0);
    ++timed;
    timed_seconds += s;
    --left;
    ++report.run;
    if (observer) observer->finished(v, s);
  }
  // A resumed run with nothing left to compute still rewrites the file: finished parts of a
  // killed run join it, and the header follows the sweep as it is now.
  if (pending > 0 || (!assembled_once && !report.interrupted)) assemble();
  std::error_code ec;
  if (left == 0 && fs::is_empty(parts, ec)) fs::remove(parts, ec);
  report.cache = cache.stats();
  report.seconds = seconds_since(t_start);
  return report;
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
