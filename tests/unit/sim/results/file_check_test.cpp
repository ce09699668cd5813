// sim/results/file_check: damaged results files end in InputError naming the file, never in a
// crash or a hang of the calling process (tests/data/results-damaged/README.md).
#include "sim/results/file_check.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "base/errors.h"

namespace file_check_test {

namespace fs = std::filesystem;
using namespace akichi::sim::results;

namespace {

const std::string kDir = std::string(AKICHI_TEST_DATA_DIR) + "/results-damaged/";

std::vector<char> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class FileCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() /
        ("akichi_file_check_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::vector<char>& bytes) {
    const std::string p = (dir_ / name).string();
    std::ofstream(p, std::ios::binary)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return p;
  }

  fs::path dir_;
};

/// The message of the InputError that `f` throws ("" when it throws none).
template <typename F>
std::string input_error_of(F&& f) {
  try {
    f();
  } catch (const akichi::InputError& e) {
    return e.what();
  }
  return {};
}

/// Offset of the first global heap collection ("GCOL", version 1, three zero bytes).
std::size_t first_collection(const std::vector<char>& b) {
  const std::string sig("GCOL\x01\x00\x00\x00", 8);
  const auto it = std::search(b.begin(), b.end(), sig.begin(), sig.end());
  return it == b.end() ? std::string::npos : static_cast<std::size_t>(it - b.begin());
}

TEST_F(FileCheck, ValidFilePassesBothChecks) {
  EXPECT_NO_THROW(check_results_file(kDir + "shard1_valid.h5"));
}

TEST_F(FileCheck, ZeroFreeSpaceInAGlobalHeapIsFoundBeforeTheLibraryLoopsOnIt) {
  const std::string msg = input_error_of([] { check_global_heaps(kDir + "render_hang.h5"); });
  EXPECT_NE(msg.find("render_hang.h5"), std::string::npos) << msg;
  EXPECT_NE(msg.find("global heap collection at byte 8644"), std::string::npos) << msg;
  EXPECT_NE(msg.find("free space of 0 bytes"), std::string::npos) << msg;
  EXPECT_NE(msg.find("remaining 1064 bytes"), std::string::npos) << msg;
  // The same through the whole check that render and merge call.
  EXPECT_EQ(input_error_of([] { check_results_file(kDir + "render_hang.h5"); }), msg);
}

TEST_F(FileCheck, AStalledWalkIsStoppedAndNamesTheObject) {
  // Without the heap check the library loops inside the walk; the watchdog ends it.
  const std::string msg =
      input_error_of([] { check_structure_isolated(kDir + "render_hang.h5", 300); });
  EXPECT_NE(msg.find("render_hang.h5"), std::string::npos) << msg;
  EXPECT_NE(msg.find("stopped making progress"), std::string::npos) << msg;
  EXPECT_NE(msg.find("while reading /"), std::string::npos) << msg;
}

TEST_F(FileCheck, DamagedLinkHeapEndsInInputErrorNotAnAbort) {
  const std::string msg =
      input_error_of([] { check_results_file(kDir + "merge_abort_shard2.h5"); });
  EXPECT_NE(msg.find("merge_abort_shard2.h5"), std::string::npos) << msg;
  EXPECT_NE(msg.find("HDF5 structure"), std::string::npos) << msg;
  EXPECT_NE(msg.find("checksum"), std::string::npos) << msg;
}

TEST_F(FileCheck, EveryFormOfDamageToAGlobalHeapIsNamed) {
  std::vector<char> good = read_bytes(kDir + "shard1_valid.h5");
  const std::size_t at = first_collection(good);
  ASSERT_NE(at, std::string::npos);

  // The collection's size runs past the end of the file.
  std::vector<char> b = good;
  b[at + 8 + 5] = 0x7f;
  std::string msg = input_error_of([&] { check_global_heaps(write("size.h5", b)); });
  EXPECT_NE(msg.find("global heap collection at byte " + std::to_string(at)), std::string::npos)
      << msg;
  EXPECT_NE(msg.find("collections are at least 4096 bytes"), std::string::npos) << msg;

  // The first object's size runs past the end of its collection.
  b = good;
  b[at + 16 + 8 + 3] = 0x10;
  msg = input_error_of([&] { check_global_heaps(write("object.h5", b)); });
  EXPECT_NE(msg.find("past the end of a 4096-byte collection"), std::string::npos) << msg;
}

TEST_F(FileCheck, ShortAndForeignFilesAreInputErrors) {
  const std::vector<char> good = read_bytes(kDir + "shard1_valid.h5");
  const std::string cut = write("cut.h5", {good.begin(), good.begin() + good.size() / 2});
  std::string msg = input_error_of([&] { check_results_file(cut); });
  EXPECT_NE(msg.find("cut.h5: HDF5 structure: found a file that cannot be read"), std::string::npos)
      << msg;

  const std::string text = write("notes.h5", {'n', 'o', 't', ' ', 'h', 'd', 'f', '\n'});
  msg = input_error_of([&] { check_results_file(text); });
  EXPECT_NE(msg.find("notes.h5: HDF5 structure: found no HDF5 superblock"), std::string::npos)
      << msg;

  msg = input_error_of([&] { check_results_file((dir_ / "absent.h5").string()); });
  EXPECT_NE(msg.find("absent.h5"), std::string::npos) << msg;
  EXPECT_NE(msg.find("cannot be opened"), std::string::npos) << msg;
}

}  // namespace
}  // namespace file_check_test
