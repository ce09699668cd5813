#include <cairo.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <memory>

#include "base/errors.h"
#include "tests/unit/viz/map_test_util.h"
#include "viz/colormap.h"
#include "viz/map.h"
#include "viz/output_file.h"

namespace akichi::viz::map_png_test {
namespace {

using testing::gradient_layer;
using testing::ScratchDir;

struct Pixel {
  int r, g, b;
};

class Png {
 public:
  explicit Png(const std::string& path)
      : s_(cairo_image_surface_create_from_png(path.c_str()), cairo_surface_destroy) {
    EXPECT_EQ(cairo_surface_status(s_.get()), CAIRO_STATUS_SUCCESS) << path;
  }
  int width() const { return cairo_image_surface_get_width(s_.get()); }
  int height() const { return cairo_image_surface_get_height(s_.get()); }
  Pixel at(double x, double y) const {
    const int ix = static_cast<int>(std::floor(x)), iy = static_cast<int>(std::floor(y));
    const unsigned char* data = cairo_image_surface_get_data(s_.get());
    const int stride = cairo_image_surface_get_stride(s_.get());
    const auto p = *reinterpret_cast<const std::uint32_t*>(data + iy * stride + ix * 4);
    return {static_cast<int>((p >> 16) & 0xff), static_cast<int>((p >> 8) & 0xff),
            static_cast<int>(p & 0xff)};
  }

 private:
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> s_;
};

Pixel to_pixel(const Rgb& c) {
  return {static_cast<int>(std::lround(c.r * 255)), static_cast<int>(std::lround(c.g * 255)),
          static_cast<int>(std::lround(c.b * 255))};
}

void expect_pixel(const Pixel& got, const Pixel& want, int tol, const std::string& what) {
  EXPECT_NEAR(got.r, want.r, tol) << what;
  EXPECT_NEAR(got.g, want.g, tol) << what;
  EXPECT_NEAR(got.b, want.b, tol) << what;
}

// Centre of cell (ix, iy) in the image, north up: row iy = ny-1 is at the top of the map.
std::pair<double, double> cell_centre(const PngGeometry& g, const MapLayer& l, int ix, int iy) {
  return {g.map_left_px + (ix + 0.5) * g.px_per_cell,
          g.map_top_px + (l.ny - 1 - iy + 0.5) * g.px_per_cell};
}

MapOverlay overlay_with_station() {
  MapOverlay o;
  o.title = "rx_power";
  o.subtitle = "station gnb-1 \u00b7 height 1.5 m";
  o.stations.push_back({384000.0 + 20.5 * 10, 3950000.0 + 20.5 * 10, "gnb-1"});
  o.outlines.push_back(
      {{384100.0, 3950100.0}, {384300.0, 3950100.0}, {384300.0, 3950300.0}, {384100.0, 3950300.0}});
  return o;
}

TEST(VizPng, SizeCellColoursNoDataAndNorthUp) {
  ScratchDir dir;
  const MapLayer layer = gradient_layer();
  RenderOptions opt;
  opt.vmin = -100.0;
  opt.vmax = -20.0;
  opt.scale = 12;
  opt.graticule = false;  // its lines cross cells checked here (map_context_test checks it)
  const MapOverlay overlay = overlay_with_station();
  const std::string path = dir.file("rx_power.png");
  render_png(layer, overlay, opt, path);

  const PngGeometry g = png_geometry(layer, overlay, opt);
  const Png png(path);
  EXPECT_EQ(png.width(), g.width_px);
  EXPECT_EQ(png.height(), g.height_px);
  EXPECT_EQ(g.px_per_cell, 12.0);
  EXPECT_GT(g.width_px, 60 * 12 + 100);  // map plus axes and colour bar
  EXPECT_GT(g.height_px, 40 * 12 + 80);

  // Cells away from the overlays, in the south-west, south-east, north-west and north-east.
  const int cells[][2] = {{25, 3}, {45, 2}, {4, 38}, {48, 37}, {30, 12}};
  for (const auto& c : cells) {
    const int ix = c[0], iy = c[1];
    const double v = -100.0 + ix + 0.5 * iy;
    const auto [px, py] = cell_centre(g, layer, ix, iy);
    expect_pixel(png.at(px, py), to_pixel(colormap("viridis", (v + 100.0) / 80.0)), 0,
                 "cell " + std::to_string(ix) + "," + std::to_string(iy));
  }
  // The northern row is on top: the cell just below the top edge is iy = 39.
  const auto [tx, ty] = cell_centre(g, layer, 10, 39);
  EXPECT_NEAR(ty, g.map_top_px + 6.0, 1e-9);
  expect_pixel(png.at(tx, ty), to_pixel(colormap("viridis", (-100.0 + 10 + 19.5 + 100.0) / 80.0)),
               0, "top row");
  // No-data cells are light grey (#d9d9d9).
  const auto [nx_, ny_] = cell_centre(g, layer, 51, 30);
  expect_pixel(png.at(nx_, ny_), {217, 217, 217}, 0, "NaN cell");
  // to_pixel agrees with the cell layout.
  const auto [qx, qy] = g.to_pixel(layer.x0_m + 5.5 * 10, layer.y0_m + 3.5 * 10, layer);
  const auto [cx, cy] = cell_centre(g, layer, 5, 3);
  EXPECT_DOUBLE_EQ(qx, cx);
  EXPECT_DOUBLE_EQ(qy, cy);
  // Only the final file is left in the folder.
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"rx_power.png"});
}

TEST(VizPng, StationMarkerAndOutlineAreDrawn) {
  ScratchDir dir;
  const MapLayer layer = gradient_layer();
  RenderOptions opt;
  opt.scale = 12;
  MapOverlay with = overlay_with_station();
  MapOverlay without = with;
  without.stations.clear();
  without.outlines.clear();
  render_png(layer, with, opt, dir.file("with.png"));
  render_png(layer, without, opt, dir.file("without.png"));
  const PngGeometry g = png_geometry(layer, with, opt);
  const Png a(dir.file("with.png")), b(dir.file("without.png"));

  // The station's marker is a black triangle centred on the station.
  const auto [sx, sy] = g.to_pixel(with.stations[0].x_m, with.stations[0].y_m, layer);
  expect_pixel(a.at(sx, sy), {0, 0, 0}, 10, "marker at the station");
  expect_pixel(a.at(sx, sy - 5), {0, 0, 0}, 10, "marker above the station");
  const Pixel field = b.at(sx, sy);
  EXPECT_GT(field.r + field.g + field.b, 150) << "the field there is not black";
  // Far from the marker and the outline, both images agree.
  const auto [fx, fy] = cell_centre(g, layer, 45, 2);
  expect_pixel(a.at(fx, fy), b.at(fx, fy), 0, "away from overlays");
  // The outline's southern edge (y = 3950100 m) runs through x = 384200 m: dark pixels there.
  const auto [ox, oy] = g.to_pixel(384200.0, 3950100.0, layer);
  int darkest = 3 * 255;
  for (int dy = -2; dy <= 2; ++dy) {
    const Pixel p = a.at(ox, oy + dy);
    darkest = std::min(darkest, p.r + p.g + p.b);
  }
  EXPECT_LT(darkest, 100) << "outline drawn (ink is #1a1a1a)";
  const Pixel plain = b.at(ox, oy);
  EXPECT_GT(plain.r + plain.g + plain.b, 150) << "no outline without overlay";
}

TEST(VizPng, CategoricalLayerUsesQualitativeColours) {
  ScratchDir dir;
  MapLayer layer = gradient_layer();
  layer.name = "best_server";
  layer.long_name = "best server";
  layer.units.clear();
  layer.categorical = true;
  layer.category_labels = {"gnb-1", "gnb-2", "gnb-3"};
  for (int iy = 0; iy < layer.ny; ++iy)
    for (int ix = 0; ix < layer.nx; ++ix) {
      float& v = layer.values[static_cast<std::size_t>(iy) * layer.nx + ix];
      if (!std::isnan(v)) v = static_cast<float>(ix / 20);
    }
  RenderOptions opt;
  opt.scale = 10;
  const MapOverlay overlay;
  render_png(layer, overlay, opt, dir.file("best.png"));
  const PngGeometry g = png_geometry(layer, overlay, opt);
  const Png png(dir.file("best.png"));
  for (int k = 0; k < 3; ++k) {
    const auto [px, py] = cell_centre(g, layer, 20 * k + 10, 20);
    expect_pixel(png.at(px, py), to_pixel(category_colour(k)), 0, "category " + std::to_string(k));
  }
  const auto [nx_, ny_] = cell_centre(g, layer, 50, 31);
  expect_pixel(png.at(nx_, ny_), {217, 217, 217}, 0, "NaN cell");

  layer.values[7] = 3.0f;  // only 3 labels
  EXPECT_THROW(render_png(layer, overlay, opt, dir.file("bad.png")), InputError);
  layer.values[7] = 1.5f;
  EXPECT_THROW(render_png(layer, overlay, opt, dir.file("bad.png")), InputError);
}

TEST(VizPng, RangeDefaultsToPercentiles) {
  MapLayer l;
  l.nx = 101;
  l.ny = 1;
  l.cell_m = 1.0;
  for (int i = 0; i <= 100; ++i) l.values.push_back(static_cast<float>(100 - i));
  l.values[50] = std::numeric_limits<float>::quiet_NaN();  // 100 finite values 0..100 without 50
  RenderOptions opt;
  // Sorted sample 0..49, 51..100: positions 0.02*99 = 1.98 and 0.98*99 = 97.02.
  ValueRange r = value_range(l, opt);
  EXPECT_NEAR(r.vmin, 1.98, 1e-9);
  EXPECT_NEAR(r.vmax, 98.02, 1e-9);
  opt.vmin = 10.0;
  r = value_range(l, opt);
  EXPECT_EQ(r.vmin, 10.0);
  EXPECT_NEAR(r.vmax, 98.02, 1e-9);
  opt.vmin = 200.0;  // above the default vmax: vmax moves up by the default span
  r = value_range(l, opt);
  EXPECT_EQ(r.vmin, 200.0);
  EXPECT_NEAR(r.vmax, 200.0 + 96.04, 1e-9);
  opt.vmin.reset();
  opt.colormap = "rdbu";                // symmetric about zero
  for (auto& v : l.values) v -= 30.0f;  // -30..70
  r = value_range(l, opt);
  EXPECT_NEAR(r.vmax, 68.02, 1e-5);
  EXPECT_NEAR(r.vmin, -68.02, 1e-5);
  for (auto& v : l.values) v = 5.0f;  // flat field
  opt.colormap = "viridis";
  r = value_range(l, opt);
  EXPECT_EQ(r.vmin, 4.5);
  EXPECT_EQ(r.vmax, 5.5);
  opt.vmin = 3.0;
  opt.vmax = 3.0;
  EXPECT_THROW(value_range(l, opt), InputError);
}

TEST(VizPng, AutomaticScaleGivesAboutAThousandPixels) {
  MapLayer l = gradient_layer();
  RenderOptions opt;
  EXPECT_EQ(pixels_per_cell(l, opt), 18.0);  // min(1100/60, 900/40) = 18.33 -> 18
  const PngGeometry g = png_geometry(l, MapOverlay{}, opt);
  EXPECT_EQ(g.px_per_cell, 18.0);
  EXPECT_GT(g.width_px, 1080);  // map area 1080 px plus axes and colour bar
  EXPECT_LT(g.width_px, 1400);
  l.nx = 2000;
  l.ny = 500;
  EXPECT_DOUBLE_EQ(pixels_per_cell(l, opt), 0.55);
  l.nx = 400;
  l.ny = 400;
  EXPECT_DOUBLE_EQ(pixels_per_cell(l, opt), 2.25);
  opt.scale = 3;
  EXPECT_EQ(pixels_per_cell(l, opt), 3.0);
  opt.scale = -1;
  EXPECT_THROW(pixels_per_cell(l, opt), InputError);
}

TEST(VizPng, InvalidInputIsAnInputErrorAndLeavesNoFile) {
  ScratchDir dir;
  const MapOverlay o;
  const RenderOptions opt;
  const std::string out = dir.file("m.png");

  MapLayer empty;
  EXPECT_THROW(render_png(empty, o, opt, out), InputError);
  MapLayer short_values = gradient_layer();
  short_values.values.pop_back();
  try {
    render_png(short_values, o, opt, out);
    FAIL() << "no exception";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("2399 values"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("2400"), std::string::npos) << e.what();
  }
  MapLayer bad_cell = gradient_layer();
  bad_cell.cell_m = 0.0;
  EXPECT_THROW(render_png(bad_cell, o, opt, out), InputError);
  MapLayer geographic = gradient_layer();
  geographic.crs_wkt = "EPSG:4326";
  EXPECT_THROW(render_png(geographic, o, opt, out), InputError);

  const MapLayer good = gradient_layer();
  RenderOptions jet;
  jet.colormap = "jet";
  EXPECT_THROW(render_png(good, o, jet, out), InputError);
  EXPECT_THROW(render_png(good, o, opt, dir.file("m.jpg")), InputError);
  EXPECT_THROW(render_png(good, o, opt, dir.file("no_such_dir/m.png")), InputError);
  RenderOptions huge;
  huge.scale = 1000;
  EXPECT_THROW(render_png(good, o, huge, out), InputError);
  EXPECT_TRUE(dir.entries().empty());

  // A valid render replaces an existing file completely.
  render_png(good, o, opt, out);
  const auto first = std::filesystem::file_size(out);
  RenderOptions small;
  small.scale = 2;
  render_png(good, o, small, out);
  EXPECT_LT(std::filesystem::file_size(out), first);
  EXPECT_EQ(Png(out).width(), png_geometry(good, o, small).width_px);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"m.png"});
}

}  // namespace
}  // namespace akichi::viz::map_png_test

namespace akichi::viz::map_png_test {
namespace {

TEST(VizOutputFile, TemporaryFileIsRemovedUnlessCommitted) {
  testing::ScratchDir dir;
  const auto final_path = check_output_path(dir.file("a.png"), {".png"}, "output");
  {
    TempOutput out(final_path);
    EXPECT_EQ(out.temp().parent_path(), final_path.parent_path());
    std::ofstream(out.temp()) << "partial";
    EXPECT_EQ(dir.entries().size(), 1u);
  }  // abandoned, as when an exception interrupts a render
  EXPECT_TRUE(dir.entries().empty());
  {
    TempOutput out(final_path);
    std::ofstream(out.temp()) << "complete";
    out.commit();
  }
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"a.png"});
  std::ifstream in(final_path);
  std::string text;
  in >> text;
  EXPECT_EQ(text, "complete");
  EXPECT_NO_THROW(check_output_path(dir.file("b.TIFF"), {".tif", ".tiff"}, "output"));
  EXPECT_THROW(check_output_path(dir.file("b.tif.bak"), {".tif", ".tiff"}, "output"), InputError);
  EXPECT_THROW(check_output_path(dir.file(""), {".png"}, "output"), InputError);
}

TEST(VizPng, DegenerateLayersStillRender) {
  testing::ScratchDir dir;
  MapLayer one;
  one.nx = one.ny = 1;
  one.cell_m = 25.0;
  one.values = {-42.0f};
  render_png(one, MapOverlay{}, RenderOptions{}, dir.file("one.png"));
  const PngGeometry g1 = png_geometry(one, MapOverlay{}, RenderOptions{});
  EXPECT_EQ(g1.px_per_cell, 900.0);
  EXPECT_EQ(value_range(one, RenderOptions{}).vmin, -42.5);

  MapLayer empty_field = testing::gradient_layer();
  for (auto& v : empty_field.values) v = std::numeric_limits<float>::quiet_NaN();
  render_png(empty_field, MapOverlay{}, RenderOptions{}, dir.file("nan.png"));
  const PngGeometry g2 = png_geometry(empty_field, MapOverlay{}, RenderOptions{});
  const Png png(dir.file("nan.png"));
  const auto [px, py] = g2.to_pixel(384000.0 + 300.0, 3950000.0 + 200.0, empty_field);
  expect_pixel(png.at(px, py), {217, 217, 217}, 0, "all no data");

  MapLayer wide = testing::gradient_layer();  // fewer pixels than cells
  wide.nx = 2400;
  wide.ny = 300;
  wide.values.assign(static_cast<std::size_t>(wide.nx) * wide.ny, 1.0f);
  render_png(wide, MapOverlay{}, RenderOptions{}, dir.file("wide.png"));
  EXPECT_DOUBLE_EQ(png_geometry(wide, MapOverlay{}, RenderOptions{}).px_per_cell, 1100.0 / 2400);
}

}  // namespace
}  // namespace akichi::viz::map_png_test
