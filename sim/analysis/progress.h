// How long-running work reports progress. The library calls these; the command line decides
// how to show them (a bar with ETA on a terminal, plain lines otherwise).
#pragma once

#include <cstddef>
#include <string>

namespace akichi::sim {

class Progress {
 public:
  virtual ~Progress() = default;
  /// A new stage starts with `total` units of work (0 = not measured).
  virtual void stage(const std::string& name, std::size_t total) = 0;
  /// `units` more units of the current stage are done. Thread-safe.
  virtual void advance(std::size_t units) = 0;
  /// The current stage is finished.
  virtual void done() = 0;
  /// An informational line (terrain nodata counts, model choices...).
  virtual void note(const std::string& line) = 0;
};

/// Reports nothing.
class SilentProgress final : public Progress {
 public:
  void stage(const std::string&, std::size_t) override {}
  void advance(std::size_t) override {}
  void done() override {}
  void note(const std::string&) override {}
};

}  // namespace akichi::sim
