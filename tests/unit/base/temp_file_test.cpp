#include "base/temp_file.h"

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace temp_file_test {

namespace {

namespace fs = std::filesystem;

/// The id of a process that has exited and been reaped: no process has it now.
long dead_pid() {
  const pid_t child = fork();
  if (child == 0) _exit(0);
  int status = 0;
  waitpid(child, &status, 0);
  return child;
}

void touch(const fs::path& p) {
  std::ofstream(p) << "x";
}

TEST(TempFile, TemporaryPathsNameTheProcessAndCountUp) {
  const std::string a = akichi::temporary_path("/data/out.h5");
  const std::string b = akichi::temporary_path("/data/out.h5");
  const std::string prefix = "/data/out.h5.partial-" + std::to_string(::getpid()) + "-";
  ASSERT_EQ(a.rfind(prefix, 0), 0u) << a;
  ASSERT_EQ(b.rfind(prefix, 0), 0u) << b;
  EXPECT_EQ(std::stoul(b.substr(prefix.size())), std::stoul(a.substr(prefix.size())) + 1);
}

TEST(TempFile, StaleTemporariesOfDeadProcessesOnlyAreRemoved) {
  const fs::path dir = fs::temp_directory_path() / ("akichi-temp-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const long dead = dead_pid();
  const std::string final = (dir / "out.h5").string();
  const std::string d0 = final + ".partial-" + std::to_string(dead) + "-0";
  const std::string d3 = final + ".partial-" + std::to_string(dead) + "-3";
  const std::string live = akichi::temporary_path(final);  // this process
  const std::string other = (dir / "other.h5").string() + ".partial-" + std::to_string(dead) + "-0";
  const std::string prefix = final + ".partial-" + std::to_string(dead);
  for (const std::string& f : {d0, d3, live, other, prefix + "-", prefix + "-3x", prefix + "x-1",
                               final + ".partial--1-0", final + ".partial-0-0"})
    touch(f);
  const auto removed = akichi::remove_stale_temporaries(final);
  ASSERT_EQ(removed.size(), 2u);
  for (const auto& r : removed) EXPECT_EQ(r.pid, dead);
  EXPECT_FALSE(fs::exists(d0));
  EXPECT_FALSE(fs::exists(d3));
  EXPECT_TRUE(fs::exists(live));
  EXPECT_TRUE(fs::exists(other));  // another file's
  for (const std::string& f : {prefix + "-", prefix + "-3x", prefix + "x-1",
                               final + ".partial--1-0", final + ".partial-0-0"})
    EXPECT_TRUE(fs::exists(f)) << "not a temporary name, kept: " << f;
  EXPECT_TRUE(akichi::remove_stale_temporaries(final).empty());
  fs::remove_all(dir);
}

}  // namespace

}  // namespace temp_file_test
