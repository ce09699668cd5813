#include <gtest/gtest.h>

#include <cairo.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "base/errors.h"
#include "sim/results/writer.h"
#include "tests/unit/viz/map_test_util.h"
#include "viz/colormap.h"
#include "viz/coordination_plot.h"
#include "viz/map_context.h"

namespace akichi::viz::coordination_plot_test {
namespace {

using sim::results::Group;
using sim::results::Writer;
using testing::ScratchDir;

constexpr double kX0 = 384000.0, kY0 = 3950000.0, kCell = 100.0;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const std::vector<double> kIoverN{-20, -15, -10, -5, 0, 5, 10};
/// CDF of receiver ps-rx on channels 0 and 1.
const std::vector<double> kCdf0{0.0, 0.1, 0.3, 0.6, 0.8, 0.95, 1.0};
const std::vector<double> kCdf1{0.2, 0.5, 0.7, 0.9, 1.0, 1.0, 1.0};

/// A results file of 20 x 16 cells of 100 m with three planned stations (applicants: gnb-a
/// granted 30 dBm, gnb-b denied, gnb-c granted 20 dBm), two database stations of which the
/// second (ps-rx, limit -110 dBm, noise -100 dBm: I/N criterion -10 dB) is the protected
/// receiver, two channels, and /coordination and /montecarlo as akichi run writes them.
void write_file(const std::string& path, bool coordination, bool montecarlo,
                bool terrain_slope = false) {
  Writer w(path);
  Group& root = w.root();
  root.set_attribute("Conventions", std::string("CF-1.10"));
  root.set_attribute("title", std::string("coordination test"));
  std::vector<double> x, y;
  for (int i = 0; i < 20; ++i) x.push_back(kX0 + (i + 0.5) * kCell);
  for (int j = 0; j < 16; ++j) y.push_back(kY0 + (j + 0.5) * kCell);
  root.add_coordinate("x", x, {{"units", std::string("m")}});
  root.add_coordinate("y", y, {{"units", std::string("m")}});
  root.add_grid_mapping("crs", testing::utm54n_wkt());
  if (terrain_slope) {
    // Terrain rising 20 m a cell to the north: a slope facing south.
    std::vector<float> terrain;
    for (int j = 0; j < 16; ++j)
      for (int i = 0; i < 20; ++i) terrain.push_back(static_cast<float>(20.0 * j));
    root.write_variable<float>("terrain_height", {"y", "x"}, terrain,
                               {{"units", std::string("m")}, {"grid_mapping", std::string("crs")}});
  }
  root.add_dimension("channel", 2);
  root.add_string_variable("channel_id", "channel", {"4700-4800MHz", "4800-4900MHz"});
  root.add_dimension("station", 3);
  root.add_string_variable("station_id", "station", {"gnb-a", "gnb-b", "gnb-c"});
  root.write_variable<double>("station_x", {"station"},
                              std::vector<double>{kX0 + 350, kX0 + 1050, kX0 + 1650});
  root.write_variable<double>("station_y", {"station"},
                              std::vector<double>{kY0 + 450, kY0 + 1250, kY0 + 650});
  root.add_dimension("db_station", 2);
  root.add_string_variable("db_station_id", "db_station", {"other", "ps-rx"});
  root.write_variable<double>("db_station_x", {"db_station"},
                              std::vector<double>{kX0 + 150, kX0 + 1000});
  root.write_variable<double>("db_station_y", {"db_station"},
                              std::vector<double>{kY0 + 150, kY0 + 800});
  root.write_variable<double>("db_station_limit", {"db_station"},
                              std::vector<double>{kNaN, -110.0});
  root.add_dimension("receiver", 1);
  root.add_string_variable("receiver_id", "receiver", {"ps-rx"});
  root.write_variable<std::int32_t>("receiver_db_station", {"receiver"},
                                    std::vector<std::int32_t>{1});
  if (coordination) {
    Group g = root.create_group("coordination");
    g.set_attribute("method", std::string("fcfs"));
    g.add_dimension("applicant", 3);
    g.add_string_variable("applicant_id", "applicant", {"gnb-a", "gnb-b", "gnb-c"});
    g.write_variable<std::uint8_t>("granted", {"applicant"}, std::vector<std::uint8_t>{1, 0, 1});
    g.write_variable<double>("granted_eirp", {"applicant"}, std::vector<double>{30.0, kNaN, 20.0});
  }
  if (montecarlo) {
    Group g = root.create_group("montecarlo");
    g.set_attribute("trials", std::int32_t{500});
    g.add_coordinate("i_over_n", kIoverN, {{"units", std::string("dB")}});
    g.write_variable<double>("noise", {"receiver"}, std::vector<double>{-100.0});
    g.write_variable<std::int32_t>("trials", {"receiver", "channel"},
                                   std::vector<std::int32_t>{500, 500});
    std::vector<double> cdf = kCdf0;
    cdf.insert(cdf.end(), kCdf1.begin(), kCdf1.end());
    g.write_variable<double>("i_over_n_cdf", {"receiver", "channel", "i_over_n"}, cdf);
  }
  w.commit();
}

using SurfacePtr = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;

struct Image {
  SurfacePtr s{nullptr, cairo_surface_destroy};
  int width = 0, height = 0;
  /// 8-bit r, g, b of the pixel (x, y).
  std::array<int, 3> at(int x, int y) const {
    const unsigned char* d = cairo_image_surface_get_data(s.get());
    const int stride = cairo_image_surface_get_stride(s.get());
    const auto px = *reinterpret_cast<const std::uint32_t*>(d + y * stride + 4 * x);
    return {static_cast<int>((px >> 16) & 0xff), static_cast<int>((px >> 8) & 0xff),
            static_cast<int>(px & 0xff)};
  }
};

Image load_png(const std::string& path) {
  Image im;
  im.s.reset(cairo_image_surface_create_from_png(path.c_str()));
  EXPECT_EQ(cairo_surface_status(im.s.get()), CAIRO_STATUS_SUCCESS) << path;
  cairo_surface_flush(im.s.get());
  im.width = cairo_image_surface_get_width(im.s.get());
  im.height = cairo_image_surface_get_height(im.s.get());
  return im;
}

std::array<int, 3> rgb8(const Rgb& c) {
  return {static_cast<int>(std::lround(c.r * 255)), static_cast<int>(std::lround(c.g * 255)),
          static_cast<int>(std::lround(c.b * 255))};
}

void expect_near_colour(const std::array<int, 3>& got, const std::array<int, 3>& want,
                        int tol = 1) {
  for (int k = 0; k < 3; ++k) EXPECT_NEAR(got[k], want[k], tol) << "channel " << k;
}

TEST(VizCoordinationPlot, LoadsTheAllocationWithPositions) {
  ScratchDir dir;
  write_file(dir.file("r.nc"), true, true, true);
  const GrantedEirpMap m = load_granted_eirp(dir.file("r.nc"));
  ASSERT_EQ(m.applicants.size(), 3u);
  EXPECT_EQ(m.applicants[0].id, "gnb-a");
  EXPECT_TRUE(m.applicants[0].granted);
  EXPECT_DOUBLE_EQ(m.applicants[0].eirp_dBm, 30.0);
  EXPECT_DOUBLE_EQ(m.applicants[0].x_m, kX0 + 350);
  EXPECT_FALSE(m.applicants[1].granted);
  EXPECT_DOUBLE_EQ(m.applicants[2].y_m, kY0 + 650);
  ASSERT_EQ(m.overlay.stations.size(), 1u);
  EXPECT_EQ(m.overlay.stations[0].label, "ps-rx");
  EXPECT_DOUBLE_EQ(m.overlay.stations[0].x_m, kX0 + 1000);
  EXPECT_EQ(m.layer.nx, 20);
  EXPECT_EQ(m.layer.ny, 16);
  // The terrain's hillshade under the map: a slope facing south, away from the light in the
  // north-west, is darker than flat ground.
  ASSERT_TRUE(m.overlay.backdrop.has_value());
  EXPECT_TRUE(m.overlay.backdrop->relief);
  EXPECT_EQ(m.overlay.backdrop->width, 20);
  EXPECT_LT(m.overlay.backdrop->rgb[(8 * 20 + 10) * 3], flat_hillshade() - 10);
  const ValueRange r = granted_eirp_range(m, {});
  EXPECT_DOUBLE_EQ(r.vmin, 20.0);
  EXPECT_DOUBLE_EQ(r.vmax, 30.0);
}

TEST(VizCoordinationPlot, ApplicantsHaveTheColourOfTheirGrantedEirp) {
  ScratchDir dir;
  write_file(dir.file("r.nc"), true, false);
  const GrantedEirpMap m = load_granted_eirp(dir.file("r.nc"));
  RenderOptions ro;
  render_granted_eirp_png(m, ro, dir.file("eirp.png"));
  const Image im = load_png(dir.file("eirp.png"));
  ro.vmin = 20.0;
  ro.vmax = 30.0;
  const PngGeometry g = png_geometry(m.layer, m.overlay, ro);
  EXPECT_EQ(im.width, g.width_px);
  EXPECT_EQ(im.height, g.height_px);
  // gnb-a at the top of the range, gnb-c at the bottom: viridis' ends.
  const auto [ax, ay] = g.to_pixel(kX0 + 350, kY0 + 450, m.layer);
  expect_near_colour(im.at(static_cast<int>(ax), static_cast<int>(ay)),
                     rgb8(colormap("viridis", 1.0)));
  const auto [cx, cy] = g.to_pixel(kX0 + 1650, kY0 + 650, m.layer);
  expect_near_colour(im.at(static_cast<int>(cx), static_cast<int>(cy)),
                     rgb8(colormap("viridis", 0.0)));
  // gnb-b is denied: a hollow grey ring around the no-data grey of the field.
  const auto [bx, by] = g.to_pixel(kX0 + 1050, kY0 + 1250, m.layer);
  const int ibx = static_cast<int>(bx), iby = static_cast<int>(by);
  expect_near_colour(im.at(ibx, iby), {0xd9, 0xd9, 0xd9});
  const int ring = static_cast<int>(kApplicantMarkerRadius_px - 1);
  expect_near_colour(im.at(ibx + ring, iby), {115, 115, 115}, 12);
  expect_near_colour(im.at(ibx, iby - ring), {115, 115, 115}, 12);

  // An explicit range moves gnb-c to the middle of the bar.
  RenderOptions mid;
  mid.vmin = 10.0;
  mid.vmax = 30.0;
  render_granted_eirp_png(m, mid, dir.file("mid.png"));
  const Image im2 = load_png(dir.file("mid.png"));
  const PngGeometry g2 = png_geometry(m.layer, m.overlay, mid);
  const auto [mx, my] = g2.to_pixel(kX0 + 1650, kY0 + 650, m.layer);
  expect_near_colour(im2.at(static_cast<int>(mx), static_cast<int>(my)),
                     rgb8(colormap("viridis", 0.5)));
}

TEST(VizCoordinationPlot, GrantedEirpRasterHoldsTheGrantsInTheirCells) {
  ScratchDir dir;
  write_file(dir.file("r.nc"), true, false);
  const MapLayer l = granted_eirp_raster(load_granted_eirp(dir.file("r.nc")));
  // gnb-a at (350, 450) m: cell ix 3, iy 4; gnb-c at (1650, 650): ix 16, iy 6.
  EXPECT_FLOAT_EQ(l.values[4 * 20 + 3], 30.0f);
  EXPECT_FLOAT_EQ(l.values[6 * 20 + 16], 20.0f);
  int finite = 0;
  for (const float v : l.values) finite += std::isfinite(v) ? 1 : 0;
  EXPECT_EQ(finite, 2);  // the denied gnb-b is not on it
}

TEST(VizCoordinationPlot, MissingGroupsAreInputErrorsNamingTheSection) {
  ScratchDir dir;
  write_file(dir.file("r.nc"), false, false);
  try {
    load_granted_eirp(dir.file("r.nc"));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("r.nc"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("[coordination]"), std::string::npos);
  }
  try {
    load_i_over_n_cdf(dir.file("r.nc"), "", "");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("[montecarlo]"), std::string::npos);
  }
}

TEST(VizCoordinationPlot, CdfCurvesPerReceiverAndChannel) {
  ScratchDir dir;
  write_file(dir.file("r.nc"), false, true);
  const CdfPlot all = load_i_over_n_cdf(dir.file("r.nc"), "", "");
  ASSERT_EQ(all.curves.size(), 2u);
  EXPECT_EQ(all.curves[1].label, "ps-rx · 4800-4900MHz");
  EXPECT_DOUBLE_EQ(all.curves[0].criterion_dB, -10.0);
  EXPECT_NE(all.subtitle.find("500 trials"), std::string::npos);
  EXPECT_DOUBLE_EQ(all.curves[1].p[1], 0.5);
  const CdfPlot one = load_i_over_n_cdf(dir.file("r.nc"), "ps-rx", "1");
  ASSERT_EQ(one.curves.size(), 1u);
  ASSERT_EQ(one.curves[0].p.size(), kCdf1.size());
  for (std::size_t j = 0; j < kCdf1.size(); ++j) EXPECT_NEAR(one.curves[0].p[j], kCdf1[j], 1e-7);
  EXPECT_THROW(load_i_over_n_cdf(dir.file("r.nc"), "nobody", ""), InputError);
  EXPECT_THROW(load_i_over_n_cdf(dir.file("r.nc"), "", "4600-4700MHz"), InputError);
}

/// The row of the first pixel of colour `c` in column x, from the top of the plot area.
int row_of_colour(const Image& im, int x, const std::array<int, 3>& c, int top, int bottom) {
  for (int y = top; y <= bottom; ++y) {
    const auto p = im.at(x, y);
    if (std::abs(p[0] - c[0]) <= 30 && std::abs(p[1] - c[1]) <= 30 && std::abs(p[2] - c[2]) <= 30)
      return y;
  }
  return -1;
}

TEST(VizCoordinationPlot, CdfLinesPassThroughTheFileValues) {
  ScratchDir dir;
  write_file(dir.file("r.nc"), false, true);
  const CdfPlot plot = load_i_over_n_cdf(dir.file("r.nc"), "", "");
  render_cdf_png(plot, dir.file("cdf.png"));
  const Image im = load_png(dir.file("cdf.png"));
  const CdfGeometry g = cdf_geometry(plot);
  EXPECT_EQ(im.width, g.width_px);
  EXPECT_EQ(im.height, g.height_px);
  EXPECT_DOUBLE_EQ(g.xmin, -20.0);
  EXPECT_DOUBLE_EQ(g.xmax, 10.0);
  const int top = static_cast<int>(g.top) + 2, bottom = static_cast<int>(g.top + g.plot_h) - 2;
  // At x = -5 dB (between grid lines) curve 0 is at 0.6, curve 1 at 0.9; at -12.5 dB half way
  // between the samples -15 and -10: 0.2 and 0.6.
  for (const auto& [xdb, i, p] : std::vector<std::tuple<double, std::size_t, double>>{
           {-5.0, 0, 0.6}, {-5.0, 1, 0.9}, {-12.5, 0, 0.2}, {-12.5, 1, 0.6}, {2.5, 0, 0.875}}) {
    const auto [px, py] = g.to_pixel(xdb, p);
    const int found =
        row_of_colour(im, static_cast<int>(std::lround(px)), rgb8(category_colour(i)), top, bottom);
    ASSERT_GE(found, 0) << "curve " << i << " at " << xdb << " dB";
    EXPECT_NEAR(found, py, 2.0) << "curve " << i << " at " << xdb << " dB";
  }
  // The criterion (-10 dB) as a vertical line of the curve's colour: found near the top and
  // near the bottom of its column, where no curve passes.
  const int cx = static_cast<int>(std::lround(g.to_pixel(-10.0, 0).first));
  bool near_top = false;
  for (int y = top; y < top + 10; ++y) {
    for (int dx = -1; dx <= 1; ++dx) {
      const auto p = im.at(cx + dx, y);
      const auto c = rgb8(category_colour(1));
      near_top = near_top || (std::abs(p[0] - c[0]) <= 30 && std::abs(p[1] - c[1]) <= 30 &&
                              std::abs(p[2] - c[2]) <= 30);
    }
  }
  EXPECT_TRUE(near_top);
}

TEST(VizCoordinationPlot, LogTailIsTheComplementDownToOneOverTrials) {
  ScratchDir dir;
  write_file(dir.file("r.nc"), false, true);
  const CdfPlot plot = load_i_over_n_cdf(dir.file("r.nc"), "", "", true);
  EXPECT_TRUE(plot.complementary);
  EXPECT_DOUBLE_EQ(plot.trials, 500.0);
  EXPECT_NE(plot.subtitle.find("complementary CDF"), std::string::npos);
  render_cdf_png(plot, dir.file("tail.png"));
  const Image im = load_png(dir.file("tail.png"));
  const CdfGeometry g = cdf_geometry(plot);
  EXPECT_EQ(im.width, g.width_px);
  EXPECT_EQ(im.height, g.height_px);
  // 500 trials: the axis runs from 1 at the top to 1/500 at the bottom, log10-scaled, so the
  // decade 0.01 lies log10(0.01) / log10(0.002) = 0.7410234 of the way down.
  EXPECT_TRUE(g.log);
  EXPECT_DOUBLE_EQ(g.pmin, 0.002);
  EXPECT_DOUBLE_EQ(g.to_pixel(0, 1.0).second, g.top);
  EXPECT_NEAR(g.to_pixel(0, 0.002).second, g.top + g.plot_h, 1e-9);
  EXPECT_NEAR(g.to_pixel(0, 0.01).second, g.top + 2.0 / std::log10(500.0) * g.plot_h, 1e-9);
  EXPECT_NEAR(2.0 / std::log10(500.0), 0.7410234, 1e-7);
  // Its grid line, light grey right of the curves' ends (drawn 1 px wide, so it may share two
  // rows): the darkest of the rows around it.
  const int gx = static_cast<int>(g.left + g.plot_w) - 5;
  const int gy = static_cast<int>(std::lround(g.to_pixel(0, 0.01).second));
  int darkest = 255;
  for (int y = gy - 1; y <= gy + 1; ++y) darkest = std::min(darkest, im.at(gx, y)[0]);
  EXPECT_LE(darkest, 240);
  EXPECT_GE(darkest, 220);
  const int top = static_cast<int>(g.top) + 2, bottom = static_cast<int>(g.top + g.plot_h) - 2;
  // 1 - CDF: curve 0 at -5 dB 0.4, at 2.5 dB half way (in pixels) between 0.2 at 0 dB and 0.05
  // at 5 dB; curve 1 at -15 dB 0.5 and at -7.5 dB half way between 0.3 and 0.1.
  const auto half_way = 0.5 * (g.to_pixel(0, 0.2).second + g.to_pixel(5, 0.05).second);
  const auto half_way_1 = 0.5 * (g.to_pixel(-10, 0.3).second + g.to_pixel(-5, 0.1).second);
  for (const auto& [xdb, i, py] :
       std::vector<std::tuple<double, std::size_t, double>>{{-5.0, 0, g.to_pixel(-5, 0.4).second},
                                                            {2.5, 0, half_way},
                                                            {-15.0, 1, g.to_pixel(-15, 0.5).second},
                                                            {-7.5, 1, half_way_1}}) {
    const int px = static_cast<int>(std::lround(g.to_pixel(xdb, 0.5).first));
    const int found = row_of_colour(im, px, rgb8(category_colour(i)), top, bottom);
    ASSERT_GE(found, 0) << "curve " << i << " at " << xdb << " dB";
    EXPECT_NEAR(found, py, 2.5) << "curve " << i << " at " << xdb << " dB";
  }
  // Curve 1 reaches 1 at 0 dB: its complement is 0 from there, off a log axis, so its line
  // ends at -5 dB; curve 0's goes on to 5 dB.
  const int x_end = static_cast<int>(std::lround(g.to_pixel(2.5, 0.5).first));
  EXPECT_EQ(row_of_colour(im, x_end, rgb8(category_colour(1)), top, bottom), -1);
  // The plain CDF of the same file keeps its linear axis.
  EXPECT_FALSE(cdf_geometry(load_i_over_n_cdf(dir.file("r.nc"), "", "")).log);
}

}  // namespace
}  // namespace akichi::viz::coordination_plot_test
