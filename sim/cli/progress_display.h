// Progress on the console: a bar with percentage and ETA on a terminal, plain lines otherwise
// (log files, CI). Everything goes to stderr so that stdout stays clean for summaries.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

#include "sim/analysis/progress.h"

namespace akichi::sim::cli {

class ConsoleProgress final : public Progress {
 public:
  /// interactive: draw a redrawn bar (true on a terminal); quiet: print nothing but notes.
  ConsoleProgress(std::FILE* out, bool interactive, bool quiet);
  void stage(const std::string& name, std::size_t total) override;
  void advance(std::size_t units) override;
  void done() override;
  void note(const std::string& line) override;

 private:
  using Clock = std::chrono::steady_clock;
  void draw(bool final_line);

  std::FILE* out_;
  bool interactive_;
  bool quiet_;
  std::string name_;
  std::size_t total_ = 0;
  std::atomic<std::size_t> done_{0};
  Clock::time_point start_;
  Clock::time_point last_draw_;
  int last_decile_ = -1;
  std::mutex mutex_;
};

}  // namespace akichi::sim::cli
