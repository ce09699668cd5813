// Inputs are files that end, and outputs never overwrite inputs: every command that writes a file
// refuses, before any work, an output that is one of the files it reads. Compared by file identity
// (device and inode), so a hard link, a symbolic link or another spelling of the same path is
// caught as well.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace akichi::sim::cli {

/// InputError (exit 2) naming `option`, the output and the input when `output` is the same file
/// as one of `inputs`; `what` says what that input is ("the scenario or a file it reads").
/// Outputs that do not exist yet pass.
void refuse_output_onto_input(const std::string& output, const std::vector<std::string>& inputs,
                              std::string_view option, std::string_view what);

/// InputError (exit 2) naming `option` when the input file `path` is a FIFO, a device, a socket
/// or a directory: reading it would block or never end. Absent files pass (the reader says so).
void require_regular_input(const std::string& path, std::string_view option);

/// Removes the temporaries of `output` that killed processes left (base/temp_file.h) and says
/// so on stderr, one line each; with each, the GDAL sidecar "<temporary>.aux.xml" beside it.
void clear_stale_temporaries(const std::string& output);

/// The same for a map `output` of `akichi render`, and for a GeoTIFF the temporaries of the
/// QGIS style written beside it (x.tif -> x.qml).
void clear_stale_map_temporaries(const std::string& output);

/// The regular files directly inside `dir` (a folder of inputs, such as --pfl-dir).
std::vector<std::string> files_in(const std::string& dir);

}  // namespace akichi::sim::cli
