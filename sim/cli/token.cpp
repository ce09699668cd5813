// `akichi serve token create | list | revoke`: the server's access tokens, kept (hashed) in its
// database.
#include <fmt/format.h>

#include "propagation/geo/crs.h"
#include "sim/cli/commands.h"
#include "sim/serve/auth.h"
#include "sim/serve/service.h"
#include "sim/store/store.h"

namespace akichi::sim::cli {

namespace {

/// The database alone: tokens need no scenario (stations are not read).
std::unique_ptr<store::Store> open_db(const std::string& db) {
  static const prop::Crs wgs84 = prop::Crs::wgs84();
  const StationSource source{wgs84, {-180, -90, 180, 90}, std::nullopt, "", false};
  return store::open_store(db, source);
}

}  // namespace

int command_token_create(const TokenOptions& o) {
  const serve::Role role = serve::role_of(o.role);
  const serve::NewToken t = serve::make_token(role, o.licensee, serve::utc_now());
  open_db(o.db)->transaction([&](store::Transaction& tx) { tx.insert_token(t.record); });
  fmt::print("token {} ({}{}): {}\n", t.record.id, t.record.role,
             t.record.licensee.empty() ? "" : ", licensee " + t.record.licensee, t.secret);
  fmt::print("The secret is shown only now; the database keeps its SHA-256.\n");
  return 0;
}

int command_token_list(const TokenOptions& o) {
  for (const store::Token& t : open_db(o.db)->tokens())
    fmt::print("{}  {:<9}  {:<20}  {}\n", t.id, t.role, t.licensee.empty() ? "-" : t.licensee,
               t.created_utc);
  return 0;
}

int command_token_revoke(const TokenOptions& o) {
  try {
    open_db(o.db)->transaction([&](store::Transaction& tx) { tx.delete_token(o.revoke); });
  } catch (const store::NotFound&) {
    throw_input_error({o.db, 0, 0}, "id", fmt::format("\"{}\"", o.revoke),
                      "the id of a token (akichi serve token list)");
  }
  fmt::print("revoked {}\n", o.revoke);
  return 0;
}

}  // namespace akichi::sim::cli
