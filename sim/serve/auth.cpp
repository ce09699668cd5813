#include "sim/serve/auth.h"

#include <array>

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "base/errors.h"
#include "sim/serve/api_error.h"

namespace akichi::sim::serve {

namespace {

std::string hex(const unsigned char* bytes, std::size_t n) {
  std::string out;
  out.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) out += fmt::format("{:02x}", bytes[i]);
  return out;
}

std::string random_hex(std::size_t n_bytes) {
  std::array<unsigned char, 64> buf{};
  if (n_bytes > buf.size() || RAND_bytes(buf.data(), static_cast<int>(n_bytes)) != 1)
    throw RuntimeError("no random bytes for a token (OpenSSL RAND_bytes failed)");
  return hex(buf.data(), n_bytes);
}

}  // namespace

const char* role_name(Role role) {
  switch (role) {
    case Role::Regulator:
      return "regulator";
    case Role::Licensee:
      return "licensee";
    case Role::Public:
      break;
  }
  return "public";
}

Role role_of(std::string_view name) {
  for (Role r : {Role::Regulator, Role::Licensee, Role::Public})
    if (name == role_name(r)) return r;
  throw_input_error({}, "role", fmt::format("\"{}\"", name), "one of regulator, licensee, public");
}

std::string Principal::actor() const {
  return role == Role::Licensee ? "licensee:" + licensee : role_name(role);
}

std::string sha256_hex(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int n = 0;
  if (EVP_Digest(text.data(), text.size(), md.data(), &n, EVP_sha256(), nullptr) != 1)
    throw RuntimeError("SHA-256 failed (OpenSSL EVP_Digest)");
  return hex(md.data(), n);
}

NewToken make_token(Role role, const std::string& licensee, const std::string& created_utc) {
  if (role == Role::Licensee && licensee.empty())
    throw_input_error({}, "--licensee", "nothing", "the licensee a licensee token acts for");
  if (role != Role::Licensee && !licensee.empty())
    throw_input_error({}, "--licensee",
                      fmt::format("\"{}\" with role {}", licensee, role_name(role)),
                      "--licensee with --role licensee only");
  NewToken t;
  t.secret = "ak_" + random_hex(32);
  t.record.id = "tok-" + random_hex(4);
  t.record.sha256_hex = sha256_hex(t.secret);
  t.record.role = role_name(role);
  t.record.licensee = licensee;
  t.record.created_utc = created_utc;
  return t;
}

Principal authenticate(store::Store& db, std::string_view authorization) {
  if (authorization.empty()) return {};
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.substr(0, kBearer.size()) != kBearer || authorization.size() == kBearer.size())
    throw ApiError(401, "Authorization: expected \"Bearer <token>\"", "Authorization",
                   "another scheme", "Bearer <token>");
  const std::string hash = sha256_hex(authorization.substr(kBearer.size()));
  const std::optional<store::Token> t = db.token_by_hash(hash);
  if (!t)
    throw ApiError(401, "unknown or revoked token", "Authorization", "an unknown token",
                   "a token made by akichi serve token create");
  Principal p;
  p.role = role_of(t->role);
  p.licensee = t->licensee;
  return p;
}

void check_station_write(const Principal& who, const Station& station) {
  if (who.role == Role::Regulator) return;
  if (who.role == Role::Public)
    throw ApiError(403, "the public role is read-only: stations are written with a token");
  const bool local5g =
      station.role == StationRole::Local5gBase || station.role == StationRole::Local5gTerminal;
  if (!local5g || station.licensee != who.licensee) {
    throw ApiError(403,
                   fmt::format("licensee {} may write its own local 5G stations only (station {}: "
                               "role {}, licensee \"{}\")",
                               who.licensee, station.id, role_name(station.role), station.licensee),
                   "licensee", station.licensee, who.licensee);
  }
}

void check_grant_write(const Principal& who, const std::string& licensee) {
  if (who.role == Role::Regulator) return;
  if (who.role == Role::Public)
    throw ApiError(403, "the public role is read-only: grants are requested with a token");
  if (licensee != who.licensee)
    throw ApiError(
        403, fmt::format("licensee {} may request and release its own grants only", who.licensee),
        "licensee", licensee, who.licensee);
}

void check_regulator(const Principal& who, std::string_view what) {
  if (who.role != Role::Regulator)
    throw ApiError(403,
                   fmt::format("{} is for the regulator only (this token: {})", what, who.actor()));
}

}  // namespace akichi::sim::serve
