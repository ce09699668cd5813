// load_map on the /municipal group of a small results file: the flag map as two categories,
// every municipality's outline (outer rings of its WKT) and name at its label point, and the
// public-service receivers it was judged by as markers.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/results/writer.h"
#include "tests/unit/viz/map_test_util.h"
#include "viz/results_map.h"

namespace akichi::viz::municipal_map_test {
namespace {

using sim::results::Group;
using sim::results::Writer;

constexpr double kX0 = 384000.0, kY0 = 3950000.0, kCell = 100.0;

/// 4 x 2 cells; municipality 0 (not eligible) the west half, 1 (eligible) the east half but
/// its last cell, which lies outside both.
void write_file(const std::string& path) {
  Writer w(path);
  Group& root = w.root();
  root.set_attribute("Conventions", std::string("CF-1.10"));
  root.set_attribute("title", std::string("municipal map"));
  std::vector<double> x, y;
  for (int i = 0; i < 4; ++i) x.push_back(kX0 + (i + 0.5) * kCell);
  for (int j = 0; j < 2; ++j) y.push_back(kY0 + (j + 0.5) * kCell);
  root.add_coordinate("x", x, {{"units", std::string("m")}});
  root.add_coordinate("y", y, {{"units", std::string("m")}});
  root.add_grid_mapping("crs", testing::utm54n_wkt());
  root.add_dimension("db_station", 2);
  root.add_string_variable("db_station_id", "db_station", {"ps-rx", "gnb-b"});
  root.add_string_variable("db_station_role", "db_station", {"incumbent", "local5g_base"});
  const std::vector<double> sx{kX0 + 50, kX0 + 350}, sy{kY0 + 150, kY0 + 50};
  root.write_variable<double>("db_station_x", {"db_station"}, sx);
  root.write_variable<double>("db_station_y", {"db_station"}, sy);

  Group g = root.create_group("municipal");
  g.set_attribute("public_service_receivers", std::string("ps-rx"));
  g.add_dimension("municipality", 2);
  g.add_string_variable("municipality_name", "municipality", {"例示市北区", "Mihon-cho"});
  const auto square = [](double x0, double x1) {
    return fmt::format("MULTIPOLYGON ((({0} {2},{1} {2},{1} {3},{0} {3},{0} {2})))", x0, x1, kY0,
                       kY0 + 200);
  };
  g.add_string_variable("municipality_wkt", "municipality",
                        {square(kX0, kX0 + 200), square(kX0 + 200, kX0 + 350)});
  g.write_variable<double>("label_x", {"municipality"}, std::vector<double>{kX0 + 50, kX0 + 250});
  g.write_variable<double>("label_y", {"municipality"}, std::vector<double>{kY0 + 50, kY0 + 150});
  const std::vector<std::uint8_t> flags{0, 0, 1, 255, 0, 0, 1, 1};
  g.write_variable<std::uint8_t>(
      "eligibility", {"y", "x"}, flags,
      {{"long_name", std::string("eligibility of the cell's municipality")},
       {"units", std::string("1")},
       {"flag_values", std::vector<std::int32_t>{0, 1}},
       {"flag_meanings", std::string("not_eligible eligible")}},
      {}, std::uint8_t{255});
  w.commit();
}

TEST(MunicipalMap, FlagsOutlinesNamesAndReceivers) {
  testing::ScratchDir dir;
  const std::string path = dir.file("m.nc");
  write_file(path);
  LayerSelection sel;
  sel.var = "municipal/eligibility";
  const LoadedMap m = load_map(path, sel);
  ASSERT_TRUE(m.layer.categorical);
  EXPECT_EQ(m.layer.category_labels, (std::vector<std::string>{"not_eligible", "eligible"}));
  ASSERT_EQ(m.layer.values.size(), 8u);
  EXPECT_EQ(m.layer.values[0], 0.0f);
  EXPECT_EQ(m.layer.values[2], 1.0f);
  EXPECT_TRUE(std::isnan(m.layer.values[3]));  // the fill: outside every municipality

  ASSERT_EQ(m.overlay.outlines.size(), 2u);
  EXPECT_EQ(m.overlay.outlines[1].front(), (std::pair<double, double>{kX0 + 200, kY0}));
  EXPECT_EQ(m.overlay.outlines[1][1], (std::pair<double, double>{kX0 + 350, kY0}));
  ASSERT_EQ(m.overlay.labels.size(), 2u);
  EXPECT_EQ(m.overlay.labels[0].label, "例示市北区");
  EXPECT_DOUBLE_EQ(m.overlay.labels[1].x_m, kX0 + 250);
  EXPECT_DOUBLE_EQ(m.overlay.labels[1].y_m, kY0 + 150);
  // Every database station is drawn with its role: the public-service receiver the
  // municipalities were judged by, and the other licensee's base station.
  ASSERT_EQ(m.overlay.sites.size(), 2u);
  EXPECT_EQ(m.overlay.sites[0].label, "ps-rx");
  EXPECT_EQ(m.overlay.sites[0].role, StationRole::protected_receiver);
  EXPECT_DOUBLE_EQ(m.overlay.sites[0].x_m, kX0 + 50);
  EXPECT_EQ(m.overlay.sites[1].label, "gnb-b");
  EXPECT_EQ(m.overlay.sites[1].role, StationRole::database_local5g);

  // The PNG draws with them (names in the Japanese font).
  render_png(m.layer, m.overlay, {}, dir.file("m.png"));
  EXPECT_GT(std::filesystem::file_size(dir.file("m.png")), 1000u);
}

}  // namespace
}  // namespace akichi::viz::municipal_map_test
