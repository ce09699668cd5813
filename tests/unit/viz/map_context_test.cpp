// The maps' context, checked on the pixels render_png writes: the hillshade (GDAL's, against
// the closed form of a plane), the graticule where OGR puts it, the station symbols where the
// stations project, clear cells, and a mask's outline on its boundary.
#include "viz/map_context.h"

#include <cairo.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <numbers>
#include <set>

#include "tests/unit/viz/map_test_util.h"
#include "viz/colormap.h"
#include "viz/map.h"

namespace akichi::viz::map_context_test {
namespace {

using testing::ScratchDir;
using testing::utm54n_wkt;

struct Pixel {
  int r, g, b;
  bool operator==(const Pixel&) const = default;
};

class Png {
 public:
  explicit Png(const std::string& path)
      : s_(cairo_image_surface_create_from_png(path.c_str()), cairo_surface_destroy) {
    EXPECT_EQ(cairo_surface_status(s_.get()), CAIRO_STATUS_SUCCESS) << path;
  }
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

/// Within one level: cairo rounds 0.1 * 255 down where lround rounds up.
void expect_near(const Pixel& got, const Pixel& want, const std::string& what) {
  EXPECT_NEAR(got.r, want.r, 1) << what;
  EXPECT_NEAR(got.g, want.g, 1) << what;
  EXPECT_NEAR(got.b, want.b, 1) << what;
}

Pixel pixel_of(const Rgb& c) {
  return {static_cast<int>(std::lround(c.r * 255)), static_cast<int>(std::lround(c.g * 255)),
          static_cast<int>(std::lround(c.b * 255))};
}

/// nx x ny cells of 10 m in UTM 54N (Tokyo Bay), every value `v`.
MapLayer constant_layer(int nx, int ny, float v) {
  MapLayer l;
  l.nx = nx;
  l.ny = ny;
  l.x0_m = 384000.0;
  l.y0_m = 3950000.0;
  l.cell_m = 10.0;
  l.crs_wkt = utm54n_wkt();
  l.name = "rx_power";
  l.units = "dBm";
  l.values.assign(static_cast<std::size_t>(nx) * ny, v);
  return l;
}

/// Heights z(ix, iy) on the layer's grid (row iy = 0 southern).
template <typename F>
MapLayer terrain(int nx, int ny, F z) {
  MapLayer t = constant_layer(nx, ny, 0.0f);
  for (int iy = 0; iy < ny; ++iy)
    for (int ix = 0; ix < nx; ++ix)
      t.values[static_cast<std::size_t>(iy) * nx + ix] = static_cast<float>(z(ix, iy));
  return t;
}

/// gdaldem's hillshade of a plane z = a x + b y (x east, y north, metres), light from azimuth
/// 315° at altitude 45°: 1 + 254 max(0, n . l) with n the plane's unit normal and l the unit
/// vector towards the light.
double plane_hillshade(double a, double b) {
  const double alt = std::numbers::pi / 4, az = 315.0 * std::numbers::pi / 180.0;
  const double lx = std::sin(az) * std::cos(alt), ly = std::cos(az) * std::cos(alt),
               lz = std::sin(alt);
  const double cos_i = (-a * lx - b * ly + lz) / std::sqrt(1 + a * a + b * b);
  return cos_i <= 0 ? 1.0 : 1.0 + 254.0 * cos_i;
}

TEST(MapContext, HillshadeOfPlanesMatchesTheClosedFormAndOrdersBySlopeAspect) {
  const int n = 12;
  // Planes rising 0.3 m per metre towards the east (facing west, half towards the light), the
  // south-east (facing the light) and the north-west (facing away from it), and flat ground.
  const auto at_centre = [&](double a, double b) {
    const auto shade =
        hillshade(terrain(n, n, [&](int ix, int iy) { return a * ix * 10.0 + b * iy * 10.0; }));
    return static_cast<double>(shade[static_cast<std::size_t>(n / 2) * n + n / 2]);
  };
  const double west = at_centre(0.3, 0.0), towards = at_centre(0.3, -0.3),
               away = at_centre(-0.3, 0.3), flat = at_centre(0.0, 0.0);
  EXPECT_NEAR(west, plane_hillshade(0.3, 0.0), 1.0);
  EXPECT_NEAR(towards, plane_hillshade(0.3, -0.3), 1.0);
  EXPECT_NEAR(away, plane_hillshade(-0.3, 0.3), 1.0);
  EXPECT_NEAR(flat, flat_hillshade(), 1.0);
  EXPECT_GT(towards, west);
  EXPECT_GT(west, flat);
  EXPECT_GT(flat, away);

  // Flat ground is uniform, edges included.
  const auto shade = hillshade(terrain(n, n, [](int, int) { return 7.5; }));
  EXPECT_EQ(std::set<std::uint8_t>(shade.begin(), shade.end()).size(), 1u);
  // The z factor steepens: the slope away from the light gets darker.
  const auto steep =
      hillshade(terrain(n, n, [](int ix, int iy) { return -3.0 * ix + 3.0 * iy; }), 3.0);
  EXPECT_NEAR(steep[static_cast<std::size_t>(n / 2) * n + n / 2], plane_hillshade(-0.9, 0.9), 1.0);
}

TEST(MapContext, ReliefUnderTheMapIsUniformOnFlatGroundAndShadesARidge) {
  ScratchDir dir;
  const MapLayer layer = constant_layer(40, 30, -70.0f);
  RenderOptions opt;
  opt.scale = 10;
  opt.vmin = -100;
  opt.vmax = -40;
  opt.graticule = false;
  MapOverlay plain, flat, ridge;
  flat.backdrop = hillshade_backdrop(terrain(40, 30, [](int, int) { return 12.0; }));
  // A north-south ridge along the middle: its western side faces the light from the west.
  ridge.backdrop = hillshade_backdrop(
      terrain(40, 30, [](int ix, int) { return 40.0 - 2.0 * std::abs(ix - 20); }));
  render_png(layer, plain, opt, dir.file("plain.png"));
  render_png(layer, flat, opt, dir.file("flat.png"));
  render_png(layer, ridge, opt, dir.file("ridge.png"));
  const PngGeometry g = png_geometry(layer, plain, opt);
  const Png p(dir.file("plain.png")), f(dir.file("flat.png")), r(dir.file("ridge.png"));
  const Pixel field = p.at(g.map_left_px + 200, g.map_top_px + 150);
  std::set<std::tuple<int, int, int>> seen;
  // The map area clear of the north arrow (top right) and the scale bar (bottom left).
  for (int y = 70; y < 230; y += 5)
    for (int x = 5; x < 345; x += 5) {
      const Pixel q = f.at(g.map_left_px + x, g.map_top_px + y);
      seen.insert({q.r, q.g, q.b});
      EXPECT_NEAR(q.r, field.r, 1);
      EXPECT_NEAR(q.g, field.g, 1);
      EXPECT_NEAR(q.b, field.b, 1);
    }
  EXPECT_EQ(seen.size(), 1u) << "flat ground shades the map unevenly";
  // On the ridge the west side is lighter than the field, the east side darker.
  const auto sum = [](const Pixel& q) { return q.r + q.g + q.b; };
  const Pixel west = r.at(g.map_left_px + 100, g.map_top_px + 150);
  const Pixel east = r.at(g.map_left_px + 300, g.map_top_px + 150);
  EXPECT_GT(sum(west), sum(field) + 20);
  EXPECT_LT(sum(east), sum(field) - 20);
}

TEST(MapContext, GraticuleLinesCrossWhereTheCrsPutsThem) {
  ScratchDir dir;
  // 3 km x 2 km: meridians and parallels every 30 seconds of arc.
  const MapLayer layer = constant_layer(300, 200, -70.0f);
  RenderOptions opt;
  opt.scale = 3;
  opt.vmin = -100;
  opt.vmax = -40;
  const std::vector<GraticuleLine> lines = graticule(layer);
  ASSERT_FALSE(lines.empty());
  int meridians = 0, parallels = 0;
  for (const auto& l : lines) (l.meridian ? meridians : parallels)++;
  EXPECT_GE(meridians, 2);
  EXPECT_GE(parallels, 1);
  render_png(layer, MapOverlay{}, opt, dir.file("g.png"));
  opt.graticule = false;
  render_png(layer, MapOverlay{}, opt, dir.file("none.png"));
  const PngGeometry g = png_geometry(layer, MapOverlay{}, opt);
  const Png with(dir.file("g.png")), without(dir.file("none.png"));
  const Pixel field = without.at(g.map_left_px + 100, g.map_top_px + 100);

  // The projection of each line's points, computed here by OGR on its own.
  OGRSpatialReference geo, utm;
  geo.SetWellKnownGeogCS("WGS84");
  geo.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  utm.importFromEPSG(32654);
  utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> to_utm(
      OGRCreateCoordinateTransformation(&geo, &utm)),
      to_geo(OGRCreateCoordinateTransformation(&utm, &geo));
  ASSERT_TRUE(to_utm && to_geo);
  const auto dark_near = [&](double px, double py) {
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) {
        const Pixel q = with.at(px + dx, py + dy);
        if (q.r + q.g + q.b < field.r + field.g + field.b - 60) return true;
      }
    return false;
  };
  int checked = 0;
  for (const auto& l : lines) {
    EXPECT_NEAR(std::remainder(l.value_deg * 3600.0, 30.0), 0.0, 1e-6) << l.label;
    // Points a quarter, half and three quarters across the map.
    for (const double f : {0.3, 0.5, 0.7}) {
      // A point of the map f across it, to geographic; the line's own coordinate replaces
      // its longitude (meridians) or latitude (parallels); back to the map's CRS.
      double x = layer.x0_m + (l.meridian ? 1500.0 : f * 3000.0);
      double y = layer.y0_m + (l.meridian ? f * 2000.0 : 1000.0);
      ASSERT_TRUE(to_geo->Transform(1, &x, &y));
      (l.meridian ? x : y) = l.value_deg;
      ASSERT_TRUE(to_utm->Transform(1, &x, &y));
      const auto [px, py] = g.to_pixel(x, y, layer);
      if (px < g.map_left_px + 60 || px > g.map_left_px + 840 || py < g.map_top_px + 20 ||
          py > g.map_top_px + 540)
        continue;  // near the frame, under labels or the scale bar
      EXPECT_TRUE(dark_near(px, py)) << l.label << " at " << px << ", " << py;
      const Pixel q = without.at(px, py);
      EXPECT_EQ(q, field) << "without the graticule the field is plain there";
      ++checked;
    }
  }
  EXPECT_GE(checked, 6);
}

TEST(MapContext, EachRoleHasItsSymbolAtTheStationsPixel) {
  ScratchDir dir;
  const MapLayer layer = constant_layer(60, 40, -70.0f);
  RenderOptions opt;
  opt.scale = 12;
  opt.vmin = -100;
  opt.vmax = -40;
  opt.graticule = false;
  MapOverlay ov;
  const StationRole roles[] = {StationRole::planned, StationRole::protected_receiver,
                               StationRole::incumbent_transmitter, StationRole::earth_station,
                               StationRole::database_local5g};
  const Pixel colours[] = {{0, 0, 0}, {204, 26, 26}, {217, 115, 0}, {26, 77, 204}, {115, 51, 153}};
  for (int i = 0; i < 5; ++i)
    ov.sites.push_back({layer.x0_m + 55.0 + 100.0 * i, layer.y0_m + 205.0 + 25.0 * i, "", roles[i],
                        i == 1 ? 90.0 : std::numeric_limits<double>::quiet_NaN()});
  render_png(layer, ov, opt, dir.file("s.png"));
  const PngGeometry g = png_geometry(layer, ov, opt);
  const Png png(dir.file("s.png"));
  for (int i = 0; i < 5; ++i) {
    const auto [px, py] = g.to_pixel(ov.sites[i].x_m, ov.sites[i].y_m, layer);
    expect_near(png.at(px, py), colours[i], station_role_name(roles[i]));
  }
  // The protected receiver points east: its azimuth line runs 20 px east of it, not west.
  const auto [rx, ry] = g.to_pixel(ov.sites[1].x_m, ov.sites[1].y_m, layer);
  expect_near(png.at(rx + 20, ry), colours[1], "azimuth line");
  const Pixel field = png.at(rx - 20, ry);
  EXPECT_NE(field, colours[1]);
}

TEST(MapContext, ClearCellsShowWhatLiesUnder) {
  ScratchDir dir;
  // best_server of two stations: the eastern half received below the threshold.
  MapLayer layer = constant_layer(40, 30, 1.0f);
  layer.categorical = true;
  layer.category_labels = {"gnb-a", "gnb-b"};
  layer.clear.assign(layer.values.size(), 0);
  for (int iy = 0; iy < 30; ++iy)
    for (int ix = 20; ix < 40; ++ix) layer.clear[static_cast<std::size_t>(iy) * 40 + ix] = 1;
  layer.clear_label = "below \u221290 dBm";
  RenderOptions opt;
  opt.scale = 10;
  opt.graticule = false;
  MapOverlay white, relief;
  relief.backdrop = hillshade_backdrop(terrain(40, 30, [](int, int) { return 0.0; }));
  render_png(layer, white, opt, dir.file("w.png"));
  render_png(layer, relief, opt, dir.file("r.png"));
  const PngGeometry g = png_geometry(layer, white, opt);
  const Png w(dir.file("w.png")), r(dir.file("r.png"));
  const double y = g.map_top_px + 150;
  EXPECT_EQ(w.at(g.map_left_px + 100, y), pixel_of(category_colour(1)));
  EXPECT_EQ(w.at(g.map_left_px + 300, y), (Pixel{255, 255, 255}));
  // Over flat relief the clear cells show its light ground (0.88 grey).
  const Pixel ground = r.at(g.map_left_px + 300, y);
  EXPECT_NEAR(ground.r, 224, 2);
  EXPECT_EQ(ground.r, ground.g);
  EXPECT_EQ(ground.g, ground.b);
}

TEST(MapContext, MaskIsASemiTransparentAreaOutlinedOnItsBoundary) {
  ScratchDir dir;
  // A 10 x 8 cell area inside, at ix 10..19, iy 10..17.
  MapLayer layer = constant_layer(40, 30, 0.0f);
  layer.categorical = true;
  layer.mask = true;
  layer.category_labels = {"outside", "inside"};
  for (int iy = 10; iy < 18; ++iy)
    for (int ix = 10; ix < 20; ++ix) layer.values[static_cast<std::size_t>(iy) * 40 + ix] = 1.0f;
  RenderOptions opt;
  opt.scale = 10;
  opt.graticule = false;
  render_png(layer, MapOverlay{}, opt, dir.file("m.png"));
  const PngGeometry g = png_geometry(layer, MapOverlay{}, opt);
  const Png png(dir.file("m.png"));
  const Pixel edge = pixel_of(category_colour(1));
  // Outline: the area's west and south edges (x = 10 cells, y = 10 cells) in the inside colour.
  for (int k = 11; k < 17; ++k) {
    const auto [wx, wy] = g.to_pixel(layer.x0_m + 100.0, layer.y0_m + k * 10.0 + 5, layer);
    EXPECT_EQ(png.at(wx, wy), edge) << "west edge, row " << k;
    const auto [sx, sy] = g.to_pixel(layer.x0_m + k * 10.0 + 5, layer.y0_m + 100.0, layer);
    EXPECT_EQ(png.at(sx, sy - 0.5), edge) << "south edge, column " << k;
  }
  // Inside: the colour at 35 % over white; outside: white, not a saturated fill.
  const auto [ix, iy] = g.to_pixel(layer.x0_m + 150.0, layer.y0_m + 140.0, layer);
  const Pixel inside = png.at(ix, iy);
  const Rgb c = category_colour(1);
  EXPECT_NEAR(inside.r, std::lround(255 * (1 - 0.35 * (1 - c.r))), 2);
  EXPECT_NEAR(inside.g, std::lround(255 * (1 - 0.35 * (1 - c.g))), 2);
  EXPECT_NEAR(inside.b, std::lround(255 * (1 - 0.35 * (1 - c.b))), 2);
  const auto [ox, oy] = g.to_pixel(layer.x0_m + 300.0, layer.y0_m + 50.0, layer);
  EXPECT_EQ(png.at(ox, oy), (Pixel{255, 255, 255}));
  // Outlines come from GDAL's polygonizer: one ring around the area, its corners on the cells.
  const auto rings = category_outlines(layer, 1.0f);
  ASSERT_EQ(rings.size(), 1u);
  double xmin = 1e18, xmax = -1e18, ymin = 1e18, ymax = -1e18;
  for (const auto& [x, y] : rings[0]) {
    xmin = std::min(xmin, x);
    xmax = std::max(xmax, x);
    ymin = std::min(ymin, y);
    ymax = std::max(ymax, y);
  }
  EXPECT_DOUBLE_EQ(xmin, layer.x0_m + 100);
  EXPECT_DOUBLE_EQ(xmax, layer.x0_m + 200);
  EXPECT_DOUBLE_EQ(ymin, layer.y0_m + 100);
  EXPECT_DOUBLE_EQ(ymax, layer.y0_m + 180);
}

TEST(MapContext, GridAzimuthAddsTheMeridianConvergence) {
  const MapLayer layer = constant_layer(10, 10, 0.0f);
  // The layer's corner lies about 1.3° west of zone 54's central meridian (141°E) at 35.7°N:
  // the meridian convergence γ ≈ Δλ sin φ ≈ −0.74° (first order), and a true bearing is
  // γ less on the grid (true north points east of grid north west of the central meridian).
  const double az = grid_azimuth(layer, layer.x0_m, layer.y0_m, 90.0);
  OGRSpatialReference geo, utm;
  geo.SetWellKnownGeogCS("WGS84");
  geo.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  utm.importFromEPSG(32654);
  utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&utm, &geo));
  double lon = layer.x0_m, lat = layer.y0_m;
  ASSERT_TRUE(t->Transform(1, &lon, &lat));
  const double gamma = (lon - 141.0) * std::sin(lat * std::numbers::pi / 180.0);
  EXPECT_NEAR(az, 90.0 - gamma, 0.02);
  EXPECT_LT(gamma, -0.5);
}

}  // namespace
}  // namespace akichi::viz::map_context_test
