// load_map on a small results file written with sim/results/writer.h: a 5-D sharing variable
// [time][channel][height][y][x] with known values, the categorical sharing variables, the MIC
// variables along mic_station / mic_pair, and the selector errors.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "base/errors.h"
#include "sim/results/writer.h"
#include "tests/unit/viz/map_test_util.h"
#include "viz/results_map.h"

namespace akichi::viz::results_map_test {
namespace {

using sim::results::Group;
using sim::results::Writer;
using testing::ScratchDir;

constexpr std::size_t kNt = 3, kNc = 2, kNh = 2, kNy = 3, kNx = 4;
constexpr double kX0 = 384000.0, kY0 = 3950000.0, kCell = 20.0;
const std::vector<std::string> kTimes{"2026-12-07T09:00:00+09:00", "2026-12-07T10:00:00+09:00",
                                      "2026-12-08T09:00:00+09:00"};
const std::vector<std::string> kChannels{"4600-4700MHz", "4700-4800MHz"};

/// max_eirp of cell (ix, iy) in slot t, channel c, height index h (exact in float32).
float eirp_value(std::size_t t, std::size_t c, std::size_t h, std::size_t iy, std::size_t ix) {
  return static_cast<float>(1000.0 * t + 100.0 * c + 10.0 * h + iy + 0.25 * ix);
}
/// binding_station: -1 (system maximum), 0, 1, or the fill -2 at (ix 3, iy 2).
std::int16_t binding_value(std::size_t t, std::size_t iy, std::size_t ix) {
  if (ix == 3 && iy == 2) return -2;
  return static_cast<std::int16_t>(static_cast<int>((ix + iy + t) % 3) - 1);
}

std::size_t cell(std::size_t iy, std::size_t ix) {
  return iy * kNx + ix;
}

LayerSelection only(const std::string& var) {
  LayerSelection s;
  s.var = var;
  return s;
}

void write_file(const std::string& path) {
  Writer w(path);
  Group& root = w.root();
  root.set_attribute("Conventions", std::string("CF-1.10"));
  root.set_attribute("title", std::string("akichi results: slices"));
  std::vector<double> x, y;
  for (std::size_t i = 0; i < kNx; ++i) x.push_back(kX0 + (i + 0.5) * kCell);
  for (std::size_t j = 0; j < kNy; ++j) y.push_back(kY0 + (j + 0.5) * kCell);
  root.add_coordinate("x", x, {{"units", std::string("m")}});
  root.add_coordinate("y", y, {{"units", std::string("m")}});
  root.add_coordinate("height", std::vector<double>{10.0, 25.0}, {{"units", std::string("m")}});
  root.add_coordinate("time", std::vector<double>{1796601600.0, 1796605200.0, 1796688000.0});
  root.add_string_variable("time_local", "time", kTimes);
  root.add_coordinate("channel", std::vector<double>{4.65e9, 4.75e9});
  root.add_string_variable("channel_id", "channel", kChannels);
  root.add_dimension("db_station", 2);
  root.add_string_variable("db_station_id", "db_station", {"ps-rx", "gnb-a"});
  root.add_dimension("mic_station", 2);
  root.add_string_variable("mic_station_id", "mic_station", {"gnb-hall-a", "gnb-hall-b"});
  root.add_dimension("mic_pair", 2);
  root.add_string_variable("mic_pair_a", "mic_pair", {"factory-a", "factory-b"});
  root.add_string_variable("mic_pair_b", "mic_pair", {"factory-b", "factory-a"});
  root.add_dimension("member", 1);
  root.add_dimension("sector", 3);
  root.add_grid_mapping("crs", testing::utm54n_wkt());

  const std::vector<std::string> dims5{"time", "channel", "height", "y", "x"};
  std::vector<float> eirp;
  std::vector<std::int16_t> binding;
  std::vector<std::uint8_t> usable;
  for (std::size_t t = 0; t < kNt; ++t)
    for (std::size_t c = 0; c < kNc; ++c)
      for (std::size_t h = 0; h < kNh; ++h)
        for (std::size_t iy = 0; iy < kNy; ++iy)
          for (std::size_t ix = 0; ix < kNx; ++ix) {
            eirp.push_back(eirp_value(t, c, h, iy, ix));
            binding.push_back(binding_value(t, iy, ix));
            usable.push_back(ix == 0 && iy == 0 ? 255 : static_cast<std::uint8_t>((ix + c) % 2));
          }
  const sim::results::Attrs grid{{"grid_mapping", std::string("crs")}};
  auto with = [&](sim::results::Attrs a) {
    a.insert(a.end(), grid.begin(), grid.end());
    return a;
  };
  root.write_variable<float>("max_eirp", dims5, eirp,
                             with({{"long_name", std::string("maximum EIRP a new base station may "
                                                             "radiate (single entry, capped at "
                                                             "the system maximum)")},
                                   {"units", std::string("dBm")}}),
                             {}, std::numeric_limits<float>::quiet_NaN());
  root.write_variable<std::int16_t>(
      "binding_station", dims5, binding,
      with({{"long_name", std::string("binding station")},
            {"units", std::string("1")},
            {"flag_values", std::vector<std::int32_t>{-1, 0, 1}},
            {"flag_meanings", std::string("system_maximum ps-rx gnb-a")}}),
      {}, std::int16_t{-2});
  root.write_variable<std::uint8_t>("usable", dims5, usable,
                                    with({{"long_name", std::string("usable")},
                                          {"units", std::string("1")},
                                          {"flag_values", std::vector<std::int32_t>{0, 1}},
                                          {"flag_meanings", std::string("not_usable usable")}}),
                                    {}, std::uint8_t{255});
  std::vector<std::uint8_t> cov, overlap;
  std::vector<float> member, sector;
  for (std::size_t s = 0; s < 2; ++s)
    for (std::size_t iy = 0; iy < kNy; ++iy)
      for (std::size_t ix = 0; ix < kNx; ++ix) {
        cov.push_back(s == 0 ? (ix < 2 ? 1 : 0) : (iy == 1 ? 1 : 0));
        overlap.push_back(s == 0 ? (ix == iy ? 1 : 0) : (ix == 3 ? 1 : 0));
      }
  const sim::results::Attrs mask{{"units", std::string("1")},
                                 {"flag_values", std::vector<std::int32_t>{0, 1}},
                                 {"flag_meanings", std::string("outside inside")}};
  root.write_variable<std::uint8_t>("mic_coverage", {"mic_station", "y", "x"}, cov, with(mask));
  root.write_variable<std::uint8_t>("mic_pair_overlap", {"mic_pair", "y", "x"}, overlap,
                                    with(mask));
  for (std::size_t i = 0; i < kNy * kNx; ++i) member.push_back(static_cast<float>(i));
  for (std::size_t i = 0; i < 3 * kNy * kNx; ++i) sector.push_back(static_cast<float>(i));
  root.write_variable<float>("per_member", {"member", "y", "x"}, member, with({}));
  root.write_variable<float>("per_sector", {"sector", "y", "x"}, sector, with({}));
  w.commit();
}

class ResultsMap : public ::testing::Test {
 protected:
  void SetUp() override { write_file(path_); }
  ScratchDir dir_;
  std::string path_ = dir_.file("slices.h5");

  /// The InputError message of load_map(sel); "" when it does not throw InputError.
  std::string error_of(const LayerSelection& sel) const {
    try {
      load_map(path_, sel);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }
};

TEST_F(ResultsMap, FiveDimensionalSliceLandsInTheRightCells) {
  LayerSelection sel;
  sel.var = "max_eirp";
  sel.time = "2026-12-07T10";  // prefix of exactly one slot: index 1
  sel.channel = "4700-4800MHz";
  sel.height_m = 25.0;
  const LoadedMap m = load_map(path_, sel);
  ASSERT_EQ(m.layer.nx, static_cast<int>(kNx));
  ASSERT_EQ(m.layer.ny, static_cast<int>(kNy));
  EXPECT_DOUBLE_EQ(m.layer.x0_m, kX0);
  EXPECT_DOUBLE_EQ(m.layer.y0_m, kY0);
  EXPECT_DOUBLE_EQ(m.layer.cell_m, kCell);
  ASSERT_EQ(m.layer.values.size(), kNx * kNy);
  for (std::size_t iy = 0; iy < kNy; ++iy)
    for (std::size_t ix = 0; ix < kNx; ++ix)
      EXPECT_EQ(m.layer.values[cell(iy, ix)], eirp_value(1, 1, 1, iy, ix)) << ix << "," << iy;
  EXPECT_FALSE(m.layer.categorical);
  EXPECT_EQ(m.layer.units, "dBm");
  ASSERT_EQ(m.slice.size(), 3u);
  EXPECT_EQ(m.slice[0].dim, "time");
  EXPECT_EQ(m.slice[0].index, 1u);
  EXPECT_EQ(m.slice[1].index, 1u);
  EXPECT_EQ(m.slice[2].index, 1u);
  EXPECT_EQ(m.overlay.subtitle,
            "maximum EIRP a new base station may radiate [dBm] · time 2026-12-07T10:00+09:00, "
            "channel 4700-4800MHz, height 25 m");
  EXPECT_EQ(m.overlay.title, "akichi results: slices");
  EXPECT_NO_THROW(validate_layer(m.layer));
}

TEST_F(ResultsMap, IndicesExactLabelsAndTheLowestHeightByDefault) {
  LayerSelection sel;
  sel.var = "max_eirp";
  sel.time = "2";
  sel.channel = "0";
  LoadedMap m = load_map(path_, sel);
  for (std::size_t iy = 0; iy < kNy; ++iy)
    for (std::size_t ix = 0; ix < kNx; ++ix)
      EXPECT_EQ(m.layer.values[cell(iy, ix)], eirp_value(2, 0, 0, iy, ix));
  EXPECT_EQ(m.slice[2].label, "10 m");

  sel.time = "2026-12-07T09:00:00+09:00";  // exact label
  sel.channel = "4600-4700MHz";
  sel.height_m = 10.0;
  m = load_map(path_, sel);
  EXPECT_EQ(m.layer.values[cell(2, 3)], eirp_value(0, 0, 0, 2, 3));
  EXPECT_EQ(m.slice[0].label, "2026-12-07T09:00+09:00");
}

TEST_F(ResultsMap, BindingStationBecomesCategoriesOfItsFlagValues) {
  LayerSelection sel;
  sel.var = "binding_station";
  sel.time = "1";
  sel.channel = "1";
  const LoadedMap m = load_map(path_, sel);
  EXPECT_TRUE(m.layer.categorical);
  EXPECT_EQ(m.layer.category_labels,
            (std::vector<std::string>{"system_maximum", "ps-rx", "gnb-a"}));
  EXPECT_TRUE(m.layer.units.empty());
  for (std::size_t iy = 0; iy < kNy; ++iy)
    for (std::size_t ix = 0; ix < kNx; ++ix) {
      const float v = m.layer.values[cell(iy, ix)];
      if (ix == 3 && iy == 2) {
        EXPECT_TRUE(std::isnan(v)) << "the fill value -2 is no data";
      } else {
        EXPECT_EQ(v, static_cast<float>(binding_value(1, iy, ix) + 1)) << ix << "," << iy;
      }
    }
  EXPECT_NO_THROW(validate_layer(m.layer));
  render_png(m.layer, m.overlay, RenderOptions{}, dir_.file("binding.png"));
  write_geotiff(m.layer, dir_.file("binding.tif"));
}

TEST_F(ResultsMap, UsableIsTwoCategoriesWithItsFillAsNoData) {
  LayerSelection sel;
  sel.var = "usable";
  sel.time = "0";
  sel.channel = "4700-4800MHz";
  sel.height_m = 25.0;
  const LoadedMap m = load_map(path_, sel);
  EXPECT_TRUE(m.layer.categorical);
  EXPECT_EQ(m.layer.category_labels, (std::vector<std::string>{"not_usable", "usable"}));
  EXPECT_TRUE(std::isnan(m.layer.values[cell(0, 0)]));
  EXPECT_EQ(m.layer.values[cell(0, 1)], 0.0f);  // (1 + 1) % 2
  EXPECT_EQ(m.layer.values[cell(2, 2)], 1.0f);  // (2 + 1) % 2
}

TEST_F(ResultsMap, MicStationAndPairSelectors) {
  LayerSelection sel;
  sel.var = "mic_coverage";
  sel.station = "gnb-hall-b";
  LoadedMap m = load_map(path_, sel);
  for (std::size_t iy = 0; iy < kNy; ++iy)
    for (std::size_t ix = 0; ix < kNx; ++ix)
      EXPECT_EQ(m.layer.values[cell(iy, ix)], iy == 1 ? 1.0f : 0.0f);
  EXPECT_EQ(m.overlay.subtitle, "mic_coverage · station gnb-hall-b");

  sel = {};
  sel.var = "mic_pair_overlap";
  sel.pair = "factory-b->factory-a";
  m = load_map(path_, sel);
  EXPECT_EQ(m.slice[0].index, 1u);
  for (std::size_t iy = 0; iy < kNy; ++iy)
    for (std::size_t ix = 0; ix < kNx; ++ix)
      EXPECT_EQ(m.layer.values[cell(iy, ix)], ix == 3 ? 1.0f : 0.0f);
  sel.pair = "0";
  m = load_map(path_, sel);
  EXPECT_EQ(m.layer.values[cell(1, 1)], 1.0f);
  EXPECT_EQ(m.layer.values[cell(1, 2)], 0.0f);
}

TEST_F(ResultsMap, SizeOneDimensionsDefaultToTheirOnlyValue) {
  const LoadedMap m = load_map(path_, only("per_member"));
  EXPECT_EQ(m.layer.values[cell(2, 3)], static_cast<float>(cell(2, 3)));
  const std::string e = error_of(only("per_sector"));
  EXPECT_NE(e.find("'per_sector' along 'sector' (3 values)"), std::string::npos) << e;
}

TEST_F(ResultsMap, MissingSelectorsNameTheDimensionAndItsValues) {
  LayerSelection sel;
  sel.var = "max_eirp";
  sel.channel = "1";
  std::string e = error_of(sel);
  EXPECT_NE(e.find(path_), std::string::npos) << e;
  EXPECT_NE(e.find("--time: found nothing"), std::string::npos) << e;
  EXPECT_NE(e.find("'time'"), std::string::npos) << e;
  EXPECT_NE(e.find("2026-12-07T09:00:00+09:00, 2026-12-07T10:00:00+09:00, "
                   "2026-12-08T09:00:00+09:00"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("index 0..2"), std::string::npos) << e;

  sel.time = "0";
  sel.channel.clear();
  e = error_of(sel);
  EXPECT_NE(e.find("--channel: found nothing"), std::string::npos) << e;
  EXPECT_NE(e.find("4600-4700MHz, 4700-4800MHz"), std::string::npos) << e;

  e = error_of(only("mic_coverage"));
  EXPECT_NE(e.find("--station: found nothing"), std::string::npos) << e;
  EXPECT_NE(e.find("gnb-hall-a, gnb-hall-b"), std::string::npos) << e;

  e = error_of(only("mic_pair_overlap"));
  EXPECT_NE(e.find("--pair: found nothing"), std::string::npos) << e;
  EXPECT_NE(e.find("factory-a->factory-b, factory-b->factory-a"), std::string::npos) << e;
}

TEST_F(ResultsMap, UnknownAmbiguousAndMisplacedSelectorsAreInputErrors) {
  LayerSelection sel;
  sel.var = "max_eirp";
  sel.time = "0";
  sel.channel = "4800-4900MHz";
  std::string e = error_of(sel);
  EXPECT_NE(e.find("--channel: found '4800-4900MHz', expected one of the 2 values along "
                   "'channel' of max_eirp: 4600-4700MHz, 4700-4800MHz"),
            std::string::npos)
      << e;
  sel.channel = "2";  // index out of range
  e = error_of(sel);
  EXPECT_NE(e.find("--channel: found index 2"), std::string::npos) << e;

  sel.channel = "0";
  sel.time = "2026-12-07";  // two slots on that day
  e = error_of(sel);
  EXPECT_NE(e.find("begins 2 values"), std::string::npos) << e;
  sel.time = "2026-12-09";
  e = error_of(sel);
  EXPECT_NE(e.find("--time: found '2026-12-09'"), std::string::npos) << e;

  sel.time = "0";
  sel.station = "gnb-hall-a";  // max_eirp has no station dimension
  e = error_of(sel);
  EXPECT_NE(e.find("--station: found 'gnb-hall-a', expected no station for max_eirp, whose "
                   "dimensions are time, channel, height, y, x"),
            std::string::npos)
      << e;

  LayerSelection mic = only("mic_coverage");
  mic.station = "gnb-hall";  // ids are matched exactly, never by prefix
  e = error_of(mic);
  EXPECT_NE(e.find("--station: found 'gnb-hall'"), std::string::npos) << e;
  mic.station = "gnb-hall-a";
  mic.channel = "0";
  e = error_of(mic);
  EXPECT_NE(e.find("no channel for mic_coverage"), std::string::npos) << e;

  e = error_of(only("no_such_var"));
  EXPECT_NE(e.find("max_eirp, binding_station, usable, mic_coverage"), std::string::npos) << e;
  e = error_of(only("time_local"));
  EXPECT_NE(e.find("not along (y, x)"), std::string::npos) << e;
}

}  // namespace
}  // namespace akichi::viz::results_map_test
