// The coverage layers of a streamed MPI run, shared from the rank that reduced them.
#pragma once

#include "sim/analysis/coverage.h"
#include "sim/parallel/comm.h"

namespace akichi::sim::par {

/// Copies rank 0's `coverage` (every layer, share and size) to every rank: in a streamed run
/// only rank 0 receives the stations' tensors and reduces them (run_coverage()), and the other
/// ranks need the layers for the analyses they run after it (the sharing study). Collective:
/// every rank calls it; what the other ranks pass is replaced.
void share_coverage(Comm& comm, CoverageResult& coverage);

}  // namespace akichi::sim::par
