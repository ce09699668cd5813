// Who is asking: bearer tokens and the three roles of the live system.
//   regulator: every station (incumbents included), every grant, the audit table;
//   licensee:  its own local 5G stations and its own grant requests only;
//   public:    read-only (no token).
// A token is a random secret shown once, at creation (`akichi serve token create`); the database
// keeps only its SHA-256 (sim/store/store.h, Token).
#pragma once

#include <string>
#include <string_view>

#include "sim/station/station.h"
#include "sim/store/store.h"

namespace akichi::sim::serve {

enum class Role { Public, Licensee, Regulator };

const char* role_name(Role role);
/// "regulator", "licensee" or "public"; InputError otherwise.
Role role_of(std::string_view name);

struct Principal {
  Role role = Role::Public;
  std::string licensee;  ///< Role::Licensee: whose stations and grants
  /// As the audit table names it: "regulator", "licensee:NAME", "public".
  std::string actor() const;
};

/// SHA-256 of `text`, lower-case hex (OpenSSL).
std::string sha256_hex(std::string_view text);

/// A new token: its secret (shown once) and the record the database keeps.
struct NewToken {
  std::string secret;
  store::Token record;
};
NewToken make_token(Role role, const std::string& licensee, const std::string& created_utc);

/// The principal of an Authorization header value ("" : public). ApiError 401 for a header that
/// is not "Bearer <token>" or a token the database does not know.
Principal authenticate(store::Store& db, std::string_view authorization);

/// ApiError 403 unless `who` may write `station` (create, change or delete it): the regulator
/// any station; a licensee its own local 5G stations (role local5g_*, licensee its own).
void check_station_write(const Principal& who, const Station& station);
/// ApiError 403 unless `who` may request or release a grant of `licensee`.
void check_grant_write(const Principal& who, const std::string& licensee);
/// ApiError 403 unless `who` is the regulator.
void check_regulator(const Principal& who, std::string_view what);

}  // namespace akichi::sim::serve
