#include "base/limits.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

#include "base/errors.h"

namespace akichi::limits_test {
namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

TEST(CheckedSize, ProductsAndSums) {
  EXPECT_EQ(checked_product({3, 2, 160000, 4}), std::uint64_t{3840000});
  // 10^12 cells x 4 B x 10^6 heights = 4e18 fits; x 10 stations more does not.
  EXPECT_EQ(checked_product({1000000000000ULL, 4, 1000000}), std::uint64_t{4000000000000000000ULL});
  EXPECT_FALSE(checked_product({1000000000000ULL, 4, 1000000, 10}).has_value());
  EXPECT_FALSE(checked_product({kMax, 2}).has_value());
  EXPECT_EQ(checked_product({kMax, 1}), kMax);
  // A zero factor: nothing to hold, however large the others.
  EXPECT_EQ(checked_product({kMax, kMax, 0}), std::uint64_t{0});
  EXPECT_FALSE(checked_product({std::nullopt, 3}).has_value());
  EXPECT_EQ(checked_sum({1, 2, 3}), std::uint64_t{6});
  EXPECT_FALSE(checked_sum({kMax, 1}).has_value());
  EXPECT_FALSE(checked_add(5, std::nullopt).has_value());
  EXPECT_EQ(checked_add(kMax - 1, 1), kMax);
}

TEST(ParseSize, UnitsAreBinary) {
  EXPECT_EQ(parse_size("1000000", "--max-memory"), 1000000u);
  EXPECT_EQ(parse_size("512M", "--max-memory"), 512ULL << 20);
  EXPECT_EQ(parse_size("1.5G", "--max-memory"), 3ULL << 29);
  EXPECT_EQ(parse_size("2TiB", "--max-memory"), 2ULL << 40);
  EXPECT_EQ(parse_size("8k", "--max-memory"), 8192u);
  EXPECT_EQ(parse_size(" 4GB ", "--max-memory"), 4ULL << 30);
  EXPECT_EQ(parse_size("100B", "--max-memory"), 100u);
}

TEST(ParseSize, RefusesWhatIsNoSize) {
  for (const char* bad : {"", "G", "12X", "1.5Q", "-3G", "0", "0.5", "nan", "1e30", "16777216T"}) {
    try {
      parse_size(bad, "--max-output");
      ADD_FAILURE() << "accepted " << bad;
    } catch (const InputError& e) {
      EXPECT_EQ(e.field(), "--max-output") << bad;
      EXPECT_NE(std::string(e.what()).find("--max-output: found"), std::string::npos) << e.what();
    }
  }
}

TEST(BytesText, PeopleUnits) {
  EXPECT_EQ(bytes_text(std::uint64_t{812}), "812 B");
  EXPECT_EQ(bytes_text(std::uint64_t{1536}), "1.5 KiB");
  EXPECT_EQ(bytes_text(std::uint64_t{4} << 40), "4.0 TiB");
  EXPECT_EQ(bytes_text(kMax), "16.0 EiB");
  EXPECT_EQ(bytes_text(std::nullopt), "more than 16 EiB");
}

TEST(FreeDisk, NearestExistingFolderAndFileSizeLimit) {
  const CheckedSize here = free_disk_bytes(".");
  ASSERT_TRUE(here.has_value());
  // A file in folders not made yet is asked of the nearest folder that exists.
  const CheckedSize deep = free_disk_bytes("./not/made/yet/out.h5");
  ASSERT_TRUE(deep.has_value());
  EXPECT_NEAR(static_cast<double>(*deep), static_cast<double>(*here), 64.0 * (1 << 20));
  // RLIMIT_FSIZE bounds it (restored afterwards).
  rlimit old{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
  rlimit lim = old;
  lim.rlim_cur = 1 << 20;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &lim), 0);
  const CheckedSize limited = free_disk_bytes(".");
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &old), 0);
  EXPECT_EQ(limited, std::min<std::uint64_t>(*here, 1 << 20));
}

TEST(AvailableMemory, WhatTheKernelReports) {
  // MemAvailable is at most the machine's physical memory.
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  const std::uint64_t avail = available_memory_bytes();
  EXPECT_GT(avail, 0u);
  EXPECT_LE(avail, static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page));
}

}  // namespace
}  // namespace akichi::limits_test
