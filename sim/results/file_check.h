// Checks a results file handed to akichi by the user (render, merge) before the process reads it
// with libhdf5, which can crash or loop forever on a damaged file instead of returning an error.
#pragma once

#include <cstdint>
#include <string>

namespace akichi::sim::results {

/// How long the structure walk may go without reading a further object before the file is
/// declared damaged (the library is then looping inside one object's metadata).
inline constexpr int kStructureStallLimitMs = 2000;

/// Checks the global heap collections of an HDF5 file (where variable-length strings and the
/// dimension lists of CF coordinates live) against the rules of the HDF5 file format
/// specification 3.0, section III.E "Global Heap": each collection lies inside the file, its
/// objects tile it exactly, and the free-space object (index 0), when there is one, spans the
/// rest of the collection. libhdf5 1.10 loops forever on a collection whose free space says
/// 0 bytes. Throws InputError naming the file and the byte offset of the first bad collection.
/// Files with no such collection pass. Reads the file once, sequentially.
void check_global_heaps(const std::string& path);

/// Walks every object of the file in a child process: each group and its links, each dataset
/// and its chunk index, every attribute and every variable-length dataset read in full, as the
/// readers of akichi do. A crash of libhdf5 (signal), an HDF5 error or a walk that stops
/// making progress for `stall_limit_ms` ends in InputError naming the file and the object the
/// walk was reading. The calling process never reads the damaged structure itself.
void check_structure_isolated(const std::string& path, int stall_limit_ms = kStructureStallLimitMs);

/// Both checks, in order: what every command that reads a user's results file calls first.
void check_results_file(const std::string& path);

}  // namespace akichi::sim::results
