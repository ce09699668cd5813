// Inputs must be files that end: a FIFO, a device or a socket given where akichi reads a file
// would block it forever (a named pipe nobody writes) or feed it without end (/dev/zero). Readers
// ask before opening.
#pragma once

#include <string>

namespace akichi {

/// What `path` is when it is neither a regular file nor a directory, following symbolic links:
/// "a FIFO (named pipe)", "a character device", "a block device", "a socket" or "a special
/// file"; "" for a regular file, a directory, or a path that does not exist (callers say that
/// in their own words). Never opens the file.
std::string special_file_kind(const std::string& path);

/// The same, and "a directory" for a directory: for inputs that must be one regular file (a
/// text file read whole), where special_file_kind() is for inputs a library may also take as a
/// folder (GDAL datasets such as a Shapefile directory).
std::string non_regular_kind(const std::string& path);

}  // namespace akichi
