// Files are written under a temporary name beside their final name and renamed onto it when
// complete, so that a reader never sees half a file: "<final>.partial-<pid>-<n>" (the writing
// process's id, and a counter of that process's temporaries). A process killed while writing
// leaves its temporary behind; the next command writing the same file removes the temporaries
// of processes that no longer exist (and keeps those of running ones).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace akichi {

/// The temporary path `final_path` is written under by this process.
std::string temporary_path(const std::string& final_path);

/// One temporary left behind, removed.
struct StaleTemporary {
  std::string path;
  long pid = 0;  ///< the process that wrote it, which no longer exists
};

/// Removes the temporaries of `final_path` whose process no longer exists (kill(pid, 0) fails
/// with ESRCH); returns them. Temporaries of running processes, this one included, are kept.
std::vector<StaleTemporary> remove_stale_temporaries(const std::string& final_path);

/// The same in one pass over `dir`, for every final file name that `owned` accepts.
std::vector<StaleTemporary> remove_stale_temporaries_in(
    const std::string& dir, const std::function<bool(std::string_view final_name)>& owned);

}  // namespace akichi
