#include "sim/serve/auth.h"

#include <gtest/gtest.h>

#include "base/errors.h"
#include "sim/serve/api_error.h"

namespace auth_test {

namespace {

using namespace akichi::sim;
using namespace akichi::sim::serve;

TEST(Auth, Sha256OfTheFipsVectors) {
  // FIPS 180-2, appendix B.1 and B.2.
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Auth, TokensAreRandomAndOnlyTheirHashIsKept) {
  const NewToken a = make_token(Role::Licensee, "factory-01", "2026-12-05T00:00:00Z");
  const NewToken b = make_token(Role::Licensee, "factory-01", "2026-12-05T00:00:00Z");
  EXPECT_NE(a.secret, b.secret);
  EXPECT_NE(a.record.id, b.record.id);
  EXPECT_EQ(a.secret.size(), 3u + 64u);
  EXPECT_EQ(a.record.sha256_hex, sha256_hex(a.secret));
  EXPECT_EQ(a.record.sha256_hex.find(a.secret), std::string::npos);
  EXPECT_EQ(a.record.role, "licensee");
  EXPECT_EQ(a.record.licensee, "factory-01");
  EXPECT_THROW(make_token(Role::Licensee, "", "t"), akichi::InputError);
  EXPECT_THROW(make_token(Role::Regulator, "factory-01", "t"), akichi::InputError);
  EXPECT_THROW(role_of("admin"), akichi::InputError);
  EXPECT_EQ(role_of("regulator"), Role::Regulator);
}

int status_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ApiError& e) {
    return e.status();
  }
  return 0;
}

TEST(Auth, WhoMayWriteWhat) {
  Station own, other, incumbent;
  own.role = StationRole::Local5gBase;
  own.licensee = "factory-01";
  other = own;
  other.licensee = "factory-02";
  incumbent.role = StationRole::Incumbent;
  const Principal reg{Role::Regulator, ""}, lic{Role::Licensee, "factory-01"}, pub{};
  for (const Station* s : {&own, &other, &incumbent}) {
    EXPECT_EQ(status_of([&] { check_station_write(reg, *s); }), 0);
    EXPECT_EQ(status_of([&] { check_station_write(pub, *s); }), 403);
  }
  EXPECT_EQ(status_of([&] { check_station_write(lic, own); }), 0);
  EXPECT_EQ(status_of([&] { check_station_write(lic, other); }), 403);
  EXPECT_EQ(status_of([&] { check_station_write(lic, incumbent); }), 403);
  EXPECT_EQ(status_of([&] { check_grant_write(lic, "factory-01"); }), 0);
  EXPECT_EQ(status_of([&] { check_grant_write(lic, "factory-02"); }), 403);
  EXPECT_EQ(status_of([&] { check_grant_write(pub, "factory-01"); }), 403);
  EXPECT_EQ(status_of([&] { check_regulator(lic, "the audit table"); }), 403);
  EXPECT_EQ(lic.actor(), "licensee:factory-01");
  EXPECT_EQ(pub.actor(), "public");
}

}  // namespace

}  // namespace auth_test
