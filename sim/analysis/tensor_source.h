// Where a run's per-station engine tensors come from. The analyses describe each tensor they
// need as a TensorJob and hand all the jobs of one stage to a TensorSource: the local source
// computes them here with the area engine; a batch run serves them from a cache shared by its
// variants; an MPI run shares them out among the ranks. Whatever the source, a job's output is
// the same bits as prop::compute_area / prop::compute_coupling give for it.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>

#include "propagation/antenna/antenna.h"
#include "propagation/engine/area.h"
#include "sim/analysis/progress.h"

namespace akichi::sim {

/// One station's tensor over the whole grid of its context, [height][y][x].
struct TensorJob {
  enum class Kind {
    Area,      ///< path loss and transmit-antenna gain (prop::compute_area) into `area`
    Coupling,  ///< coupling gain G - L (prop::compute_coupling) into `coupling_dB`
  };
  Kind kind = Kind::Area;
  prop::Transmitter tx;
  /// The station's antenna; required for Coupling and for an Area job with a gain output.
  const prop::Antenna* antenna = nullptr;
  /// Grid, terrain, model and profile step; must outlive the compute() call.
  const prop::AreaContext* ctx = nullptr;
  prop::AreaOutput area;         ///< Area: outputs, each empty or heights * cells long
  std::span<float> coupling_dB;  ///< Coupling: heights * cells
  /// Everything the job's outputs depend on, as text (see tensor_key.h): two jobs with equal
  /// keys give the same bits, so a cache may serve one with the other's outputs. Empty: the job
  /// is not cacheable.
  std::string cache_key;
};

class TensorSource {
 public:
  virtual ~TensorSource() = default;
  /// Fills the outputs of every job. Progress advances by one unit per finished grid row
  /// (heights * ny units per job). Throws RuntimeError when a job cannot be computed.
  virtual void compute(std::span<const TensorJob> jobs, Progress& progress) = 0;
  /// Computes the jobs of a streamed run (docs/methods.md, "Memory of a run"), which holds one
  /// job's outputs at a time: the jobs may share their output spans. `deliver(j)` is called for
  /// every job in index order, each time with job j's outputs in its spans, on the process that
  /// writes the results only (see delivers()); the spans may be overwritten once it returns.
  /// Progress and failures as compute(). This implementation: compute() of one job, then
  /// deliver(), job after job.
  virtual void compute_each(std::span<const TensorJob> jobs, Progress& progress,
                            const std::function<void(std::size_t)>& deliver);
  /// Whether compute_each() delivers the jobs' outputs in this process (false on the ranks of an
  /// MPI run that compute a share of the jobs and send them to the one that writes).
  virtual bool delivers() const noexcept { return true; }
};

/// Computes every job here, in order, on this process's TBB threads.
class LocalTensorSource final : public TensorSource {
 public:
  void compute(std::span<const TensorJob> jobs, Progress& progress) override;
};

/// Computes one job with the area engine (what LocalTensorSource does for each).
void compute_job(const TensorJob& job, Progress& progress);

/// Number of progress units (grid rows over every height) of one job.
std::size_t job_rows(const TensorJob& job);

}  // namespace akichi::sim
