// The SQLite settings of a GeoPackage store's own connection (journal mode, synchronous), for
// tests and diagnostics: synchronous is a setting of the connection, not of the file, so only
// the store's connection can tell it.
#pragma once

#include <string>
#include <string_view>

#include "sim/store/store.h"

namespace akichi::sim::store {

/// The answer of "PRAGMA <name>" on `store`'s connection (e.g. "wal", "2"); RuntimeError when
/// the store is not a GeoPackage store.
std::string sqlite_pragma(Store& store, std::string_view name);

}  // namespace akichi::sim::store
